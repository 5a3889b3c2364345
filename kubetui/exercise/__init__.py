"""Practice exercises and exam mode: short tasks in words, checked against the cluster's state
(never the commands typed), so any correct way passes.

Exercises are scenario files with `mode: exercise`, usually many to a pack in `exercises/`
(see `kubetui.scenario.loader.load_pack`). `catalog` finds them, `check` judges the cluster,
`exam` draws and grades a timed set.
"""

from kubetui.exercise.catalog import DOMAINS, Catalog, exercises_root, load_catalog
from kubetui.exercise.check import CheckReport, PartResult, check_now, grade_script

__all__ = ["DOMAINS", "Catalog", "CheckReport", "PartResult", "check_now", "exercises_root", "grade_script",
           "load_catalog"]
