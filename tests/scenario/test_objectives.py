"""Every objective type against a fake ClusterView: passing, failing, and the words it uses."""

import pytest
from pydantic import TypeAdapter, ValidationError
from scenario_fakes import FakeView, obj, pod

from kubetui.scenario.objectives import Objective, parse_path, resolve_path

ADAPT = TypeAdapter(Objective)
DESC = {"en": "d", "ko": "d"}


def make(type_, window=None, **fields):
    window = window or {"atEnd": True}
    return ADAPT.validate_python({"type": type_, "id": "o", "description": DESC, **window, **fields})


def deployment(name="web", replicas=3, available=3, namespace="default"):
    return obj("Deployment", name, namespace, spec={"replicas": replicas}, status={"availableReplicas": available})


# --- windows and the incremental reason --------------------------------------------------


def test_during_reports_the_interval_of_a_violation():
    view = FakeView(deployment(available=3))
    o = make("availableReplicas", {"during": [10, 300]}, name="web", min=3)
    for t in range(0, 301):
        if t == 212:
            view.put(deployment(available=1))
        if t == 261:
            view.put(deployment(available=3))
        st = o.evaluate(view, {}, t)
        if t == 5:
            assert st.state == "pending"
        if t == 100:
            assert st.state == "passing" and not st.decided
        if t == 230:
            assert st.state == "failed" and st.decided
            assert "since tick 212" in st.reason.en
    verdict = o.final(view, {}, 300)
    assert verdict.state == "failed"
    assert verdict.reason.en == "Deployment web had 1 available replica (needs at least 3) from tick 212 to 260"
    assert verdict.reason.ko.startswith("틱 212~260: Deployment web")


def test_during_keeps_the_worst_moment_and_counts_other_intervals():
    view = FakeView(deployment(available=3))
    o = make("availableReplicas", {"during": [0, 50]}, name="web", min=3)
    plan = {10: 2, 11: 0, 12: 3, 30: 2, 31: 3}
    for t in range(0, 51):
        if t in plan:
            view.put(deployment(available=plan[t]))
        o.evaluate(view, {}, t)
    reason = o.final(view, {}, 50).reason.en
    assert reason == "Deployment web had 0 available replicas (needs at least 3) from tick 10 to 11 (and 1 more time)"


def test_during_passes_when_it_held_throughout():
    view = FakeView(deployment())
    o = make("availableReplicas", {"during": [0, 20]}, name="web")
    for t in range(21):
        st = o.evaluate(view, {}, t)
    assert st.state == "passing" and st.decided
    assert o.final(view, {}, 20).reason.en.endswith("held from tick 0 to 20")


def test_during_fails_when_the_run_ends_before_the_window_does():
    view = FakeView(deployment())
    o = make("availableReplicas", {"during": [0, 100]}, name="web")
    for t in range(10):
        o.evaluate(view, {}, t)
    v = o.final(view, {}, 9)
    assert v.state == "failed" and "before the window" in v.reason.en


def test_before_the_window_a_false_condition_is_at_risk():
    view = FakeView(deployment(available=0))
    o = make("availableReplicas", {"during": [50, 60]}, name="web", min=1)
    st = o.evaluate(view, {}, 0)
    assert st.state == "at-risk"
    assert st.reason.en == "checked from tick 50 to 60; now Deployment web has 0 available replicas (needs at least 1)"


def test_by_latches_once_met_and_fails_after_the_deadline():
    view = FakeView(deployment(available=0))
    o = make("availableReplicas", {"by": 30}, name="web", min=2)
    assert o.evaluate(view, {}, 10).state == "pending"
    view.put(deployment(available=2))
    st = o.evaluate(view, {}, 20)
    assert st.state == "passing" and st.decided and "met at tick 20" in st.reason.en
    view.put(deployment(available=0))
    assert o.evaluate(view, {}, 40).state == "passing"
    assert o.final(view, {}, 40).state == "passing"

    late = make("availableReplicas", {"by": 30}, name="web", min=2)
    for t in range(0, 41):
        st = late.evaluate(view, {}, t)
    assert st.state == "failed"
    assert late.final(view, {}, 40).reason.en == "by tick 30, Deployment web had 0 available replicas (needs at least 2)"


def test_at_end_is_at_risk_when_it_held_before_and_judged_on_the_last_tick():
    view = FakeView(deployment(available=0))
    o = make("availableReplicas", name="web", min=1)
    assert o.evaluate(view, {}, 0).state == "pending"
    view.put(deployment(available=1))
    assert o.evaluate(view, {}, 1).state == "passing"
    view.put(deployment(available=0))
    assert o.evaluate(view, {}, 2).state == "at-risk"
    v = o.final(view, {}, 3)
    assert v.state == "failed" and v.reason.en.startswith("at the end (tick 3), Deployment web had 0")


def test_fresh_copies_do_not_share_state():
    view = FakeView(deployment(available=0))
    o = make("availableReplicas", {"during": [0, 5]}, name="web")
    o.evaluate(view, {}, 0)
    again = o.fresh()
    view.put(deployment())
    assert again.evaluate(view, {}, 0).state == "passing"
    assert o.evaluate(view, {}, 1).state == "failed"


def test_exactly_one_window():
    with pytest.raises(ValidationError, match="exactly one window"):
        make("objectExists", {"atEnd": True, "by": 3}, kind="Pod", name="x")
    with pytest.raises(ValidationError, match="exactly one window"):
        ADAPT.validate_python({"type": "objectExists", "id": "o", "description": DESC, "kind": "Pod", "name": "x"})
    with pytest.raises(ValidationError, match="later"):
        make("objectExists", {"during": [9, 3]}, kind="Pod", name="x")


# --- each type -----------------------------------------------------------------------------


def judge(o, view, figures=None, tick=0):
    return o.final(view, figures or {}, tick)


def test_available_replicas_defaults_to_spec_and_reads_daemonsets():
    assert judge(make("availableReplicas", name="web"), FakeView(deployment(replicas=3, available=2))).state == "failed"
    assert judge(make("availableReplicas", name="web"), FakeView(deployment(replicas=2, available=2))).state == "passing"
    ds = obj("DaemonSet", "logs", "kube-system", status={"desiredNumberScheduled": 3, "numberAvailable": 2})
    v = judge(make("availableReplicas", kind="DaemonSet", name="logs", namespace="kube-system"), FakeView(ds))
    assert v.state == "failed" and "DaemonSet kube-system/logs had 2 available replicas (needs at least 3)" in v.reason.en
    capped = make("availableReplicas", name="web", min=1, max=2)
    assert judge(capped, FakeView(deployment(available=5))).state == "failed"
    gone = judge(make("availableReplicas", name="api"), FakeView())
    assert gone.reason.en == "at the end (tick 0), Deployment api did not exist"


def test_service_success_rate_min_max_and_sources():
    figs = {"services": {"default/web": {"offeredRps": 100, "servedRps": 82, "successRate": 0.82,
                                         "sources": {"other": {"offeredRps": 10, "servedRps": 0, "successRate": 0.0}}}}}
    low = judge(make("serviceSuccessRate", service="web", min=0.99), FakeView(), figs)
    assert low.state == "failed"
    assert low.reason.en == "at the end (tick 0), Service web was answering 82% of requests (needs at least 99%)"
    assert judge(make("serviceSuccessRate", service="web", min=0.8), FakeView(), figs).state == "passing"
    blocked = make("serviceSuccessRate", service="web", max=0.0, fromNamespace="other")
    assert judge(blocked, FakeView(), figs).state == "passing"
    figs["services"]["default/web"]["sources"]["other"]["successRate"] = 0.5
    leaky = judge(make("serviceSuccessRate", service="web", max=0.0, fromNamespace="other"), FakeView(), figs)
    assert leaky.state == "failed" and "from namespace other" in leaky.reason.en
    quiet = judge(make("serviceSuccessRate", service="api", min=0.99), FakeView(), figs)
    assert quiet.state == "passing" and "no requests" in quiet.reason.en
    with pytest.raises(ValidationError):
        make("serviceSuccessRate", service="web")


def test_no_pod_pending_longer_than():
    view = FakeView(pod("web-a", phase="Pending", created=0), pod("web-b", created=0))
    o = make("noPodPendingLongerThan", {"during": [0, 100]}, selector="app=web", seconds=60)
    for t in range(0, 101):
        st = o.evaluate(view, {}, t)
        if t == 60:
            assert st.state == "passing"
        if t == 61:
            assert st.state == "failed"
    v = o.final(view, {}, 100)
    assert v.reason.en == "pod web-a had been Pending for 100s (allowed 60s) from tick 61 to 100"
    view.put(pod("web-a", phase="Running", created=0))
    assert judge(make("noPodPendingLongerThan", selector="app=web", seconds=60), view, tick=200).state == "passing"


def test_pods_succeeded_remembers_pods_that_were_cleaned_up():
    view = FakeView(pod("job-a", phase="Succeeded", labels={"job-name": "pi"}))
    o = make("podsSucceeded", selector="job-name=pi", min=2)
    o.evaluate(view, {}, 0)
    view.remove("Pod", "job-a")
    view.put(pod("job-b", phase="Succeeded", labels={"job-name": "pi"}))
    assert o.evaluate(view, {}, 1).state == "passing"
    v = judge(make("podsSucceeded", selector="job-name=pi", min=2), view)
    assert v.state == "failed" and "1 pod matching job-name=pi had succeeded (needs at least 2)" in v.reason.en


def test_pods_ready_skips_terminating_and_unready():
    view = FakeView(pod("a"), pod("b", ready=False), pod("c", deletionTimestamp="2026-01-01T00:00:05Z"))
    v = judge(make("podsReady", selector="app=web", min=2), view)
    assert v.state == "failed" and "1 pod matching app=web was Ready (needs at least 2)" in v.reason.en
    view.put(pod("d"))
    assert judge(make("podsReady", selector="app=web", min=2), view).state == "passing"


def test_nodes_ready_leaves_out_the_control_plane():
    def node(name, ready=True, cp=False):
        labels = {"node-role.kubernetes.io/control-plane": ""} if cp else {"kubernetes.io/hostname": name}
        return obj("Node", name, None, labels=labels,
                   status={"conditions": [{"type": "Ready", "status": "True" if ready else "Unknown"}]})
    view = FakeView(node("cp", cp=True), node("node-1"), node("node-2", ready=False))
    assert judge(make("nodesReady", min=2), view).state == "failed"
    assert judge(make("nodesReady", min=1, max=1), view).state == "passing"
    assert judge(make("nodesReady", min=2, includeControlPlane=True), view).state == "passing"


def test_field_equals_paths():
    d = deployment()
    d["spec"]["template"] = {"spec": {"containers": [{"name": "side", "image": "busybox"},
                                                     {"name": "web", "image": "nginx:1.25"}]}}
    d["metadata"]["annotations"] = {"deployment.kubernetes.io/revision": "3"}
    view = FakeView(d)
    img = make("fieldEquals", kind="Deployment", name="web", path="spec.template.spec.containers[name=web].image",
               value="nginx:1.26")
    v = judge(img, view)
    assert v.state == "failed"
    assert 'spec.template.spec.containers[name=web].image was "nginx:1.25" (expected "nginx:1.26")' in v.reason.en
    rev = make("fieldEquals", kind="Deployment", name="web",
               path="metadata.annotations['deployment.kubernetes.io/revision']", value="3")
    assert judge(rev, view).state == "passing"
    assert judge(make("fieldEquals", kind="Deployment", name="web", path="{.spec.replicas}", value=3), view).passed
    missing = judge(make("fieldEquals", kind="Deployment", name="web", path="spec.paused", value=True), view)
    assert "had no spec.paused" in missing.reason.en
    ns = obj("Namespace", "shop", None, labels={"pod-security.kubernetes.io/enforce": "baseline"})
    psa = make("fieldEquals", kind="Namespace", name="shop", path="metadata.labels['pod-security.kubernetes.io/enforce']",
               value="baseline")
    assert judge(psa, FakeView(ns)).passed  # cluster-scoped: looked up without a namespace
    with pytest.raises(ValidationError, match="unknown kind"):
        make("fieldEquals", kind="Deploymnet", name="web", path="spec", value=1)
    with pytest.raises(ValidationError, match="field path"):
        make("fieldEquals", kind="Deployment", name="web", path="spec..replicas[", value=1)


def test_parse_and_resolve_path():
    assert parse_path(".a.b[2]['c.d/e'][name=x]") == ["a", "b", 2, "c.d/e", ("name", "x")]
    assert resolve_path({"a": [{"name": "x", "v": 1}]}, parse_path("a[name=x].v")) == 1


def test_data_survived_by_claim_and_app():
    figs = {"data": {"default/db-data": {"kind": "PersistentVolumeClaim", "app": "db", "written": 40, "present": 40},
                     "default/cache-x1": {"kind": "Pod", "app": "cache", "written": 30, "present": 0},
                     "default/cache-x2": {"kind": "Pod", "app": "cache", "written": 5, "present": 5}}}
    assert judge(make("dataSurvived", claim="db-data"), FakeView(), figs).passed
    lost = judge(make("dataSurvived", app="cache"), FakeView(), figs)
    assert lost.state == "failed" and "5 of 35 records written by app=cache were still there" in lost.reason.en
    empty = judge(make("dataSurvived", app="db", namespace="other"), FakeView(), figs)
    assert empty.state == "failed" and "no data had been written" in empty.reason.en
    with pytest.raises(ValidationError):
        make("dataSurvived", claim="a", app="b")


def test_quota_headroom():
    q = obj("ResourceQuota", "compute", status={"hard": {"requests.cpu": "2"}, "used": {"requests.cpu": "1500m"}})
    v = judge(make("quotaHeadroom", quota="compute", resource="requests.cpu", maxFraction=0.5), FakeView(q))
    assert v.state == "failed"
    assert "ResourceQuota compute had 1500m of 2 requests.cpu in use (75%; allowed up to 50%)" in v.reason.en
    assert judge(make("quotaHeadroom", quota="compute", resource="requests.cpu", maxFraction=0.8), FakeView(q)).passed
    assert not judge(make("quotaHeadroom", quota="compute", resource="pods", maxFraction=0.8), FakeView(q)).passed


def test_cost_budget():
    figs = {"cost": {"nodeSeconds": 5400.0, "price": 0.3}}
    assert judge(make("costBudget", maxNodeSeconds=6000), FakeView(), figs).passed
    v = judge(make("costBudget", maxNodeSeconds=6000, maxPrice=0.25), FakeView(), figs)
    assert v.state == "failed" and "$0.30 (budget $0.25)" in v.reason.en


def test_job_runs_for_jobs_and_cronjobs():
    job = obj("Job", "pi", status={"succeeded": 1})
    assert judge(make("jobRuns", name="pi"), FakeView(job)).passed

    def run(name, complete=True, owner="backup"):
        return obj("Job", name, ownerReferences=[{"kind": "CronJob", "name": owner, "controller": True}],
                   status={"conditions": [{"type": "Complete", "status": "True" if complete else "False"}]})
    view = FakeView(run("backup-1"), run("backup-2", complete=False), run("other-1", owner="other"))
    o = make("jobRuns", {"by": 100}, kind="CronJob", name="backup", min=2)
    assert o.evaluate(view, {}, 1).state == "pending"
    view.remove("Job", "backup-1")  # history limit removed it; it still counts
    view.put(run("backup-3"))
    assert o.evaluate(view, {}, 2).state == "passing"


def test_job_runs_counts_a_job_deleted_as_it_finished():
    class Gone(FakeView):
        def __init__(self, *evs):
            super().__init__()
            self.evs = list(evs)

        def events(self):
            return self.evs

    def event(reason, name="migrate"):
        return {"reason": reason, "involvedObject": {"kind": "Job", "namespace": "ops", "name": name}}
    def ran(view):
        return judge(make("jobRuns", name="migrate", namespace="ops"), view).passed
    assert ran(Gone(event("Completed")))  # ttlSecondsAfterFinished: 0
    assert not any(ran(v) for v in (Gone(), Gone(event("BackoffLimitExceeded")), Gone(event("Completed", "other"))))


def test_no_privileged_pods():
    priv = pod("bad", spec={"containers": [{"name": "c", "securityContext": {"privileged": True}}]})
    hostpid = pod("peek", spec={"hostPID": True, "containers": [{"name": "c"}]})
    hostpath = pod("mnt", spec={"containers": [{"name": "c"}], "volumes": [{"name": "root", "hostPath": {"path": "/"}}]})
    v = judge(make("noPrivilegedPods"), FakeView(priv, pod("ok")))
    assert v.reason.en.endswith("pod bad was privileged (container c sets securityContext.privileged=true)")
    assert "hostPID=true" in judge(make("noPrivilegedPods"), FakeView(hostpid)).reason.en
    assert judge(make("noPrivilegedPods", hostNamespaces=False), FakeView(hostpid)).passed
    assert "hostPath volume root" in judge(make("noPrivilegedPods"), FakeView(hostpath)).reason.en
    done = pod("old", phase="Succeeded", spec=priv["spec"])
    assert judge(make("noPrivilegedPods"), FakeView(done, pod("ok"))).passed


def test_object_exists_and_absent():
    s = obj("Secret", "db-pass")
    assert judge(make("objectExists", kind="Secret", name="db-pass"), FakeView(s)).passed
    assert not judge(make("objectExists", kind="Secret", name="db-pass"), FakeView()).passed
    assert judge(make("objectAbsent", kind="Secret", name="db-pass"), FakeView()).passed
    s["metadata"]["deletionTimestamp"] = "2026-01-01T00:00:01Z"
    v = judge(make("objectAbsent", kind="Secret", name="db-pass"), FakeView(s))
    assert v.state == "failed" and "still Terminating" in v.reason.en


def test_objectives_look_only_where_they_are_pointed():
    view = FakeView(deployment(), pod("a"), obj("Pod", "other", "kube-system"))
    make("podsReady", selector="app=web").evaluate(view, {}, 0)
    make("availableReplicas", name="web").evaluate(view, {}, 0)
    assert view.calls == [("list", "Pod", "default"), ("get", "Deployment", "default")]
