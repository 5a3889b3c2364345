"""Scenarios and exercises: the file format, its loader, objectives, scripts and scoring
(`kubetui.session` plays them). See scenarios/README.md for how to write one."""

from kubetui.scenario.errors import ScenarioError, ScriptError
from kubetui.scenario.loader import discover, json_schema, load_pack, load_scenario, validate_paths
from kubetui.scenario.objectives import Objective, Status
from kubetui.scenario.schema import CONCEPTS, Scenario
from kubetui.scenario.scoring import ScoreBreakdown, score
from kubetui.scenario.script import Script, Step, load_script, parse_script
from kubetui.scenario.text import Text

__all__ = ["CONCEPTS", "Objective", "Scenario", "ScenarioError", "ScoreBreakdown", "Script",
           "ScriptError", "Status", "Step", "Text", "discover", "json_schema", "load_pack", "load_scenario", "load_script",
           "parse_script", "score", "validate_paths"]
