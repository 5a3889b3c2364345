"""Pod Security Admission by namespace labels, with Kubernetes' messages."""

import pytest

from kubetui.model.errors import ApiError
from kubetui.shell import Simulation


def namespace(sim, name, **modes):
    labels = {f"pod-security.kubernetes.io/{mode}": level for mode, level in modes.items()}
    sim.store.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}})


def pod(name, ns, **spec):
    container = {"name": "c", "image": "nginx:1.25"}
    container.update(spec.pop("container", {}))
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns},
            "spec": {"containers": [container], **spec}}


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    namespace(s, "base", enforce="baseline")
    namespace(s, "strict", enforce="restricted")
    namespace(s, "open", warn="restricted", audit="baseline")
    return s


def test_privileged_container_refused_by_baseline(sim):
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("p", "base", container={"securityContext": {"privileged": True}}))
    assert err.value.reason == "Forbidden"
    assert err.value.message == ('pods "p" is forbidden: violates PodSecurity "baseline:latest": privileged '
                                 '(container "c" must not set securityContext.privileged=true)')
    assert sim.store.get("Pod", "base", "p") is None


def test_host_namespaces_and_host_path(sim):
    p = pod("h", "base", hostNetwork=True, hostPID=True,
            volumes=[{"name": "root", "hostPath": {"path": "/"}}],
            container={"securityContext": {"capabilities": {"add": ["SYS_ADMIN"]}}})
    with pytest.raises(ApiError) as err:
        sim.store.create(p)
    assert err.value.message == (
        'pods "h" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, '
        'hostPID=true), hostPath volumes (volume "root"), non-default capabilities (container "c" must not '
        'include "SYS_ADMIN" in securityContext.capabilities.add)')


def test_restricted_lists_every_missing_setting(sim):
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("r", "strict"))
    assert err.value.message == (
        'pods "r" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false '
        '(container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities '
        '(container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or '
        'container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must '
        'set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")')


def test_restricted_pod_that_complies_is_admitted(sim):
    ok = pod("ok", "strict", securityContext={"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}},
             container={"securityContext": {"allowPrivilegeEscalation": False,
                                             "capabilities": {"drop": ["ALL"]}}})
    assert sim.store.create(ok)["metadata"]["name"] == "ok"
    assert sim.store.create(pod("plain", "base"))["metadata"]["name"] == "plain"


def test_warn_mode_admits_with_a_warning_and_audit_notes(sim):
    sim.store.warnings.clear()
    sim.store.create(pod("w", "open", container={"securityContext": {"privileged": True}}))
    assert sim.store.get("Pod", "open", "w") is not None
    assert len(sim.store.warnings) == 1
    assert sim.store.warnings[0].startswith('would violate PodSecurity "restricted:latest": privileged '
                                            '(container "c" must not set securityContext.privileged=true), '
                                            'allowPrivilegeEscalation != false')
    assert sim.store.audit[-1]["pod-security.kubernetes.io/audit-violations"] == (
        'would violate PodSecurity "baseline:latest": privileged (container "c" must not set '
        'securityContext.privileged=true)')


def test_deployment_admitted_but_its_pods_fail_to_create(sim):
    namespace(sim, "both", enforce="baseline", warn="baseline")
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "priv", "namespace": "both"},
           "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "priv"}},
                    "template": {"metadata": {"labels": {"app": "priv"}},
                                 "spec": {"containers": [{"name": "c", "image": "nginx:1.25",
                                                          "securityContext": {"privileged": True}}]}}}}
    sim.store.warnings.clear()
    sim.store.create(dep)
    assert sim.store.warnings == ['would violate PodSecurity "baseline:latest": privileged (container "c" must '
                                  'not set securityContext.privileged=true)']
    sim.step(5)
    assert sim.list("Pod", "both") == []
    failed = [e for e in sim.events() if e["reason"] == "FailedCreate"]
    assert failed and 'is forbidden: violates PodSecurity "baseline:latest": privileged' in failed[-1]["message"]
