"""`kubetui validate` knows the kinds a scenario's own CustomResourceDefinition serves."""

from kubetui.scenario import validate_paths

SCENARIO = """id: crd-lint
mode: scenario
title: {en: t, ko: t}
briefing: {en: b, ko: b}
debrief: {en: d, ko: d}
concepts: [controller]
seedLine: {en: s, ko: s}
difficulty: 1
order: 1
duration: 60
timeline:
  - {at: 5, run: kubectl apply -f cr.yaml}
objectives:
  - {id: n, type: nodesReady, min: 1, atEnd: true, description: {en: n, ko: n}}
solution: solution.txt
"""

CRD = """kubectl apply -f - <<EOF
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}
EOF
kubectl get wd
"""

CR = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"


def _write(tmp_path, solution):
    (tmp_path / "scenario.yaml").write_text(SCENARIO)
    (tmp_path / "cr.yaml").write_text(CR)
    (tmp_path / "solution.txt").write_text(solution)
    return tmp_path / "scenario.yaml"


def test_a_kind_the_solutions_crd_serves_is_not_a_problem(tmp_path):
    assert validate_paths([_write(tmp_path, CRD)]) == []


def test_without_the_crd_the_kind_and_the_short_name_are_problems(tmp_path):
    problems = validate_paths([_write(tmp_path, "kubectl get wd\n")])
    assert any('no matches for kind "Widget"' in p for p in problems)
    assert any('resource type "wd"' in p for p in problems)
