"""Removed API versions: kubectl's exact refusal, and the hint naming the version to use now."""

import pytest

from kubetui.model.deprecations import removed_api, removed_in_error
from kubetui.shell import Simulation
from kubetui.ui.widgets.output import OutputPane

REMOVED = [
    ("extensions/v1beta1", "Deployment", "apps/v1", "1.16"),
    ("apps/v1beta1", "Deployment", "apps/v1", "1.16"),
    ("apps/v1beta2", "DaemonSet", "apps/v1", "1.16"),
    ("extensions/v1beta1", "Ingress", "networking.k8s.io/v1", "1.22"),
    ("networking.k8s.io/v1beta1", "Ingress", "networking.k8s.io/v1", "1.22"),
    ("batch/v1beta1", "CronJob", "batch/v1", "1.25"),
    ("policy/v1beta1", "PodDisruptionBudget", "policy/v1", "1.25"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "autoscaling/v2", "1.25"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "autoscaling/v2", "1.26"),
]


@pytest.mark.parametrize(("version", "kind", "replacement", "release"), REMOVED)
def test_removed_version_is_refused_in_kubectls_words(version, kind, replacement, release):
    sim = Simulation(seed=1)
    r = sim.run("kubectl apply -f -", stdin=f"apiVersion: {version}\nkind: {kind}\nmetadata: {{name: x}}\nspec: {{}}\n")
    assert r.exit_code == 1
    assert r.stderr == (f'error: resource mapping not found for name: "x" namespace: "" from "STDIN": '
                        f'no matches for kind "{kind}" in version "{version}"\nensure CRDs are installed first\n')
    record = removed_api(version, kind)
    assert (record.replacement, record.removed_in) == (replacement, release)
    assert removed_in_error(r.stderr) == [record]


def test_a_served_version_or_a_typo_gets_no_hint():
    assert removed_api("apps/v1", "Deployment") is None
    assert removed_in_error('no matches for kind "Deploymnt" in version "apps/v1"') == []


def test_the_output_pane_shows_the_hint_under_the_error():
    sim = Simulation(seed=1)
    r = sim.run("kubectl apply -f -", stdin="apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec: {}\n")
    for lang, words in (("en", "was removed in Kubernetes v1.25; write `apiVersion: batch/v1`"),
                        ("ko", "쿠버네티스 v1.25 에서 제거되었습니다. `apiVersion: batch/v1`")):
        pane = OutputPane(lang=lang)
        pane.command("kubectl apply -f cj.yaml", r.stdout, r.stderr)
        text = pane.text()
        assert text.index("ensure CRDs are installed first") < text.index(words)


def test_validate_names_the_replacement():
    from kubetui.model.manifest import Document
    from kubetui.scenario.lint import document_problems
    doc = Document({"apiVersion": "apps/v1beta2", "kind": "Deployment", "metadata": {"name": "w"}},
                   "w.yaml", 1)
    [(_, message)] = document_problems(doc)
    assert message == ('no matches for kind "Deployment" in version "apps/v1beta2" '
                       "(removed in Kubernetes v1.16; use apps/v1)")
