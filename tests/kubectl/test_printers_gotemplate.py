"""The Go text/template subset behind `-o go-template` (the differential corpus checks it against
kubectl; these pin the parts the corpus does not reach)."""

import pytest

from kubetui.kubectl.printers.gotemplate import TemplateError, go_value, render

POD = {"kind": "Pod", "metadata": {"name": "web", "labels": {"b": "2", "a": "1"}},
       "spec": {"containers": [{"name": "c1", "ports": [{"containerPort": 80}]}, {"name": "c2"}]},
       "status": {"phase": "Running", "ratio": 0.5}}


@pytest.mark.parametrize("template, want", [
    ("{{range .spec.containers}}{{.name}}{{range .ports}}:{{.containerPort}}{{end}} {{end}}", "c1:80 c2 "),
    ("{{range .spec.volumes}}x{{else}}none{{end}}", "none"),
    ("{{with .spec.nodeName}}{{.}}{{else}}unscheduled{{end}}", "unscheduled"),
    ("{{if eq .status.phase \"Pending\"}}p{{else if eq .status.phase \"Running\"}}r{{else}}o{{end}}", "r"),
    ("{{$n := .metadata.name}}{{range .spec.containers}}{{$n}}/{{.name}} {{end}}", "web/c1 web/c2 "),
    ("{{range $k, $v := .metadata.labels}}{{$k}}={{$v}};{{end}}", "a=1;b=2;"),
    ("{{len .spec.containers}} {{index .spec.containers 1 \"name\"}}", "2 c2"),
    ("{{.status.ratio}} {{not .spec.nodeName}} {{or .spec.nodeName \"-\"}}", "0.5 true -"),
    ("{{printf \"%-4s|%3d|%v\" .kind 7 .metadata.labels}}", "Pod |  7|map[a:1 b:2]"),
    ("{{.metadata.name | printf \"%q\"}}", '"web"'),
    ("{{\"a\\tb\"}}{{`raw\\n`}}", "a\tbraw\\n"),
])
def test_render(template, want):
    assert render(template, POD) == want


def test_errors():
    with pytest.raises(TemplateError, match='function "nope" not defined'):
        render("{{nope .x}}", POD)
    with pytest.raises(TemplateError, match="unclosed action"):
        render("{{.kind", POD)
    with pytest.raises(TemplateError, match="can't evaluate field x"):
        render("{{.kind.x}}", POD)


def test_go_value_floats_as_fmt_prints_them():
    assert [go_value(v) for v in (1e6, 123456.0, 0.0001, 0.00001, 2.5)] == [
        "1e+06", "123456", "0.0001", "1e-05", "2.5"]
