"""Golden `kubectl get` tables, one or more per kind, plus kubectl's client-side decorations."""

from printer_kit import FakeView, make_event, make_node, make_pod, pod_conditions, running, ts, waiting

from kubetui.kubectl.printers import print_table, print_tables
from kubetui.kubectl.printers.tabwriter import tabwrite

NOW = 3600


def obj(kind, name, api="v1", ns="default", created=0, **fields):
    m = {"name": name, "uid": f"uid-{name}", "creationTimestamp": ts(created)}
    if ns:
        m["namespace"] = ns
    m.update(fields.pop("metadata", {}))
    return {"apiVersion": api, "kind": kind, "metadata": m, **fields}


def table(kind, objs, **kw):
    return print_table(kind, objs, FakeView(objs), **kw)


def test_tabwriter_pads_to_min_width_and_three_spaces():
    assert tabwrite("A\tBB\tC\nxxxxxxx\ty\tz\n", 6, 3) == "A         BB    C\nxxxxxxx   y     z\n"


def test_pods_plain_and_wide():
    last = {"reason": "Error", "exitCode": 1, "startedAt": ts(3000), "finishedAt": ts(3300)}
    pods = [make_pod(statuses=[running()], conditions=pod_conditions()),
            make_pod("web-7d4b9c8f5-fghij", created=3000, node="node-2", ip="10.244.2.7",
                     statuses=[waiting("CrashLoopBackOff", restarts=5, last=last)]),
            make_pod("web-7d4b9c8f5-zzzzz", created=3590, phase="Pending", node=None, ip=None)]
    assert table("Pod", pods) == (
        "NAME                  READY   STATUS             RESTARTS     AGE\n"
        "web-7d4b9c8f5-abcde   1/1     Running            0            60m\n"
        "web-7d4b9c8f5-fghij   0/1     CrashLoopBackOff   5 (5m ago)   10m\n"
        "web-7d4b9c8f5-zzzzz   0/1     Pending            0            10s\n")
    assert table("Pod", pods[:2] + pods[2:], wide=True) == (
        "NAME                  READY   STATUS             RESTARTS     AGE   IP           NODE     NOMINATED NODE"
        "   READINESS GATES\n"
        "web-7d4b9c8f5-abcde   1/1     Running            0            60m   10.244.1.5   node-1   <none>        "
        "   <none>\n"
        "web-7d4b9c8f5-fghij   0/1     CrashLoopBackOff   5 (5m ago)   10m   10.244.2.7   node-2   <none>        "
        "   <none>\n"
        "web-7d4b9c8f5-zzzzz   0/1     Pending            0            10s   <none>       <none>   <none>        "
        "   <none>\n")


def test_nodes():
    nodes = [make_node("control-plane", roles=["control-plane"]), make_node("node-1", created=1800),
             make_node("node-2", ready="False"), make_node("node-3", unschedulable=True)]
    bare = make_node("node-4")
    bare["status"]["conditions"] = []
    assert table("Node", nodes + [bare]) == (
        "NAME            STATUS                     ROLES           AGE   VERSION\n"
        "control-plane   Ready                      control-plane   60m   v1.32.0\n"
        "node-1          Ready                      <none>          30m   v1.32.0\n"
        "node-2          NotReady                   <none>          60m   v1.32.0\n"
        "node-3          Ready,SchedulingDisabled   <none>          60m   v1.32.0\n"
        "node-4          Unknown                    <none>          60m   v1.32.0\n")
    assert table("Node", nodes[:1], wide=True) == (
        "NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP    EXTERNAL-IP   OS-IMAGE             "
        "KERNEL-VERSION     CONTAINER-RUNTIME\n"
        "control-plane   Ready    control-plane   60m   v1.32.0   192.168.49.3   <none>        Ubuntu 22.04.4 LTS   "
        "6.8.0-45-generic   containerd://1.7.22\n")


def test_namespaces():
    nss = [obj("Namespace", "default", ns=None, status={"phase": "Active"}),
           obj("Namespace", "shop", ns=None, created=3000, status={"phase": "Terminating"})]
    assert table("Namespace", nss, all_namespaces=True) == (
        "NAME      STATUS        AGE\n"
        "default   Active        60m\n"
        "shop      Terminating   10m\n")


TEMPLATE = {"metadata": {"labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25"}]}}


def deployment(name="web", replicas=3, ready=3, updated=3, available=3):
    return obj("Deployment", name, api="apps/v1",
               spec={"replicas": replicas, "selector": {"matchLabels": {"app": name}}, "template": TEMPLATE},
               status={"replicas": replicas, "readyReplicas": ready, "updatedReplicas": updated,
                       "availableReplicas": available})


def test_deployments():
    deps = [deployment(), deployment("api", replicas=2, ready=1, updated=2, available=1)]
    assert table("Deployment", deps) == (
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "web    3/3     3            3           60m\n"
        "api    1/2     2            1           60m\n")
    assert table("Deployment", deps[:1], wide=True) == (
        "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n"
        "web    3/3     3            3           60m   nginx        nginx:1.25   app=web\n")


def test_replicasets_and_replication_controllers():
    rs = obj("ReplicaSet", "web-7d4b9c8f5", api="apps/v1",
             spec={"replicas": 3, "selector": {"matchLabels": {"app": "web", "pod-template-hash": "7d4b9c8f5"}},
                   "template": TEMPLATE},
             status={"replicas": 3, "readyReplicas": 2})
    assert table("ReplicaSet", [rs]) == (
        "NAME            DESIRED   CURRENT   READY   AGE\n"
        "web-7d4b9c8f5   3         3         2       60m\n")
    assert table("ReplicaSet", [rs], wide=True).splitlines()[1].endswith(
        "nginx        nginx:1.25   app=web,pod-template-hash=7d4b9c8f5")
    rc = obj("ReplicationController", "legacy", spec={"replicas": 2, "selector": {"app": "legacy"},
                                                      "template": TEMPLATE}, status={"replicas": 2})
    assert table("ReplicationController", [rc]) == (
        "NAME     DESIRED   CURRENT   READY   AGE\n"
        "legacy   2         2         0       60m\n")


def test_daemonsets():
    ds = obj("DaemonSet", "fluentd", api="apps/v1", ns="kube-system",
             spec={"selector": {"matchLabels": {"app": "fluentd"}},
                   "template": {"spec": {"nodeSelector": {"kubernetes.io/os": "linux"},
                                         "containers": [{"name": "fluentd", "image": "fluentd:v1"}]}}},
             status={"desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2,
                     "updatedNumberScheduled": 3, "numberAvailable": 2})
    assert table("DaemonSet", [ds]) == (
        "NAME      DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\n"
        "fluentd   3         3         2       3            2           kubernetes.io/os=linux   60m\n")


def test_jobs_status_completions_duration():
    done = obj("Job", "pi", api="batch/v1", spec={"completions": 1, "parallelism": 1, "template": TEMPLATE},
               status={"succeeded": 1, "startTime": ts(60), "completionTime": ts(102),
                       "conditions": [{"type": "SuccessCriteriaMet", "status": "True"},
                                      {"type": "Complete", "status": "True"}]})
    busy = obj("Job", "batch", api="batch/v1", created=3000,
               spec={"completions": 5, "parallelism": 2, "template": TEMPLATE},
               status={"succeeded": 2, "active": 2, "startTime": ts(3000)})
    failed = obj("Job", "flaky", api="batch/v1", spec={"parallelism": 3, "template": TEMPLATE},
                 status={"failed": 7, "startTime": ts(0),
                         "conditions": [{"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}]})
    assert table("Job", [done, busy, failed]) == (
        "NAME    STATUS     COMPLETIONS   DURATION   AGE\n"
        "pi      Complete   1/1           42s        60m\n"
        "batch   Running    2/5           10m        10m\n"
        "flaky   Failed     0/1 of 3      60m        60m\n")


def test_cronjobs():
    cj = obj("CronJob", "backup", api="batch/v1",
             spec={"schedule": "*/5 * * * *", "suspend": False, "jobTemplate": {"spec": {"template": TEMPLATE}}},
             status={"active": [{"name": "backup-29433595"}], "lastScheduleTime": ts(3300)})
    tz = obj("CronJob", "report", api="batch/v1",
             spec={"schedule": "0 9 * * 1", "timeZone": "Asia/Seoul", "jobTemplate": {"spec": {"template": TEMPLATE}}})
    assert table("CronJob", [cj, tz]) == (
        "NAME     SCHEDULE      TIMEZONE     SUSPEND   ACTIVE   LAST SCHEDULE   AGE\n"
        "backup   */5 * * * *   <none>       False     1        5m              60m\n"
        "report   0 9 * * 1     Asia/Seoul   <unset>   0        <none>          60m\n")


def test_services():
    svcs = [obj("Service", "kubernetes", spec={"type": "ClusterIP", "clusterIP": "10.96.0.1",
                                                "clusterIPs": ["10.96.0.1"],
                                                "ports": [{"name": "https", "port": 443, "protocol": "TCP",
                                                           "targetPort": 6443}]}),
            obj("Service", "web", spec={"type": "NodePort", "clusterIP": "10.96.120.15", "clusterIPs": ["10.96.120.15"],
                                        "selector": {"app": "web"},
                                        "ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP", "targetPort": 80}]}),
            obj("Service", "lb", spec={"type": "LoadBalancer", "clusterIP": "10.96.3.3", "clusterIPs": ["10.96.3.3"],
                                       "ports": [{"port": 80, "nodePort": 31000, "protocol": "TCP"},
                                                 {"port": 53, "nodePort": 31001, "protocol": "UDP"}]}),
            obj("Service", "db", spec={"type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"]})]
    assert table("Service", svcs) == (
        "NAME         TYPE           CLUSTER-IP     EXTERNAL-IP   PORT(S)                     AGE\n"
        "kubernetes   ClusterIP      10.96.0.1      <none>        443/TCP                     60m\n"
        "web          NodePort       10.96.120.15   <none>        80:30080/TCP                60m\n"
        "lb           LoadBalancer   10.96.3.3      <pending>     80:31000/TCP,53:31001/UDP   60m\n"
        "db           ClusterIP      None           <none>        <none>                      60m\n")
    assert table("Service", svcs[1:2], wide=True).splitlines()[1].endswith("60m   app=web")


def test_endpoints():
    ep = obj("Endpoints", "web", subsets=[{"addresses": [{"ip": f"10.244.{i}.5"} for i in range(1, 6)],
                                           "ports": [{"port": 80, "protocol": "TCP"}]}])
    empty = obj("Endpoints", "db")
    assert table("Endpoints", [ep, empty]) == (
        "NAME   ENDPOINTS                                               AGE\n"
        "web    10.244.1.5:80,10.244.2.5:80,10.244.3.5:80 + 2 more...   60m\n"
        "db     <none>                                                  60m\n")


def test_configmaps_secrets_serviceaccounts():
    cm = obj("ConfigMap", "kube-root-ca.crt", data={"ca.crt": "..."})
    cm2 = obj("ConfigMap", "settings", data={"a": "1", "b": "2"}, binaryData={"c": "AA=="})
    sec = obj("Secret", "db-pass", type="Opaque", data={"password": "aHVudGVyMg==", "user": "YWRtaW4="})
    tls = obj("Secret", "tls", type="kubernetes.io/tls", data={"tls.crt": "", "tls.key": ""})
    sa = obj("ServiceAccount", "default")
    assert table("ConfigMap", [cm, cm2]) == (
        "NAME               DATA   AGE\n"
        "kube-root-ca.crt   1      60m\n"
        "settings           3      60m\n")
    assert table("Secret", [sec, tls]) == (
        "NAME      TYPE                DATA   AGE\n"
        "db-pass   Opaque              2      60m\n"
        "tls       kubernetes.io/tls   2      60m\n")
    assert table("ServiceAccount", [sa]) == (
        "NAME      SECRETS   AGE\n"
        "default   0         60m\n")


def test_events():
    evs = [make_event("Scheduled", "Successfully assigned default/web-abc to node-1", name="web-abc",
                      component="default-scheduler", first=3540),
           make_event("BackOff", "Back-off restarting failed container nginx in pod web-abc_default(uid)",
                      name="web-abc", etype="Warning", first=3000, last=3590, count=12),
           make_event("ScalingReplicaSet", "Scaled up replica set web-7d4b9c8f5 to 3", kind="Deployment",
                      name="web", component="deployment-controller", first=3500)]
    assert table("Event", evs) == (
        "LAST SEEN   TYPE      REASON              OBJECT           MESSAGE\n"
        "60s         Normal    Scheduled           pod/web-abc      Successfully assigned default/web-abc to node-1\n"
        "10s         Warning   BackOff             pod/web-abc      "
        "Back-off restarting failed container nginx in pod web-abc_default(uid)\n"
        "100s        Normal    ScalingReplicaSet   deployment/web   Scaled up replica set web-7d4b9c8f5 to 3\n")
    wide = table("Event", evs[1:2], wide=True)
    assert wide.splitlines()[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE",
                                            "MESSAGE", "FIRST", "SEEN", "COUNT", "NAME"]
    assert "   kubelet   Back-off" in wide and "   10m          12      web-abc.bb8\n" in wide


def test_resourcequota_and_limitrange():
    q = obj("ResourceQuota", "compute", spec={"hard": {"pods": "10", "requests.cpu": "2"}},
            status={"hard": {"pods": "10", "requests.cpu": "2", "requests.memory": "2Gi", "limits.cpu": "4",
                             "limits.memory": "4Gi"},
                    "used": {"pods": "3", "requests.cpu": "500m", "requests.memory": "192Mi", "limits.cpu": "1",
                             "limits.memory": "384Mi"}})
    assert table("ResourceQuota", [q]) == (
        "NAME      AGE   REQUEST                                                        "
        "LIMIT\n"
        "compute   60m   pods: 3/10, requests.cpu: 500m/2, requests.memory: 192Mi/2Gi   "
        "limits.cpu: 1/4, limits.memory: 384Mi/4Gi\n")
    lr = obj("LimitRange", "defaults", spec={"limits": [{"type": "Container", "default": {"cpu": "500m"}}]})
    assert table("LimitRange", [lr]) == (
        "NAME       CREATED AT\n"
        "defaults   2026-01-01T00:00:00Z\n")


def test_persistent_volumes_and_claims():
    pv = obj("PersistentVolume", "pv-data", ns=None,
             spec={"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                   "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "standard",
                   "claimRef": {"namespace": "default", "name": "data"}, "hostPath": {"path": "/data"}},
             status={"phase": "Bound"})
    bound = obj("PersistentVolumeClaim", "data",
                spec={"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}},
                      "storageClassName": "standard", "volumeName": "pv-data", "volumeMode": "Filesystem"},
                status={"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": "1Gi"}})
    pending = obj("PersistentVolumeClaim", "cache", created=3590,
                  spec={"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "5Gi"}},
                        "storageClassName": "fast"},
                  status={"phase": "Pending"})
    assert table("PersistentVolume", [pv]) == (
        "NAME      CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS   CLAIM          STORAGECLASS   "
        "VOLUMEATTRIBUTESCLASS   REASON   AGE\n"
        "pv-data   1Gi        RWO            Retain           Bound    default/data   standard       "
        "<unset>                          60m\n")
    assert table("PersistentVolumeClaim", [bound, pending]) == (
        "NAME    STATUS    VOLUME    CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
        "data    Bound     pv-data   1Gi        RWO            standard       <unset>                 60m\n"
        "cache   Pending                                       fast           <unset>                 10s\n")
    assert table("PersistentVolumeClaim", [bound], wide=True).splitlines()[1].endswith("60m   Filesystem")


def test_storageclasses():
    sc = obj("StorageClass", "standard", api="storage.k8s.io/v1", ns=None,
             metadata={"annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
             provisioner="rancher.io/local-path", reclaimPolicy="Delete", volumeBindingMode="WaitForFirstConsumer")
    assert table("StorageClass", [sc]) == (
        "NAME                 PROVISIONER             RECLAIMPOLICY   VOLUMEBINDINGMODE      ALLOWVOLUMEEXPANSION   AGE\n"
        "standard (default)   rancher.io/local-path   Delete          WaitForFirstConsumer   false                  60m\n")


def test_hpas():
    def hpa(name, current=None):
        status = {"currentReplicas": 3, "desiredReplicas": 3}
        if current is not None:
            status["currentMetrics"] = [{"type": "Resource", "resource": {
                "name": "cpu", "current": {"averageUtilization": current, "averageValue": "225m"}}}]
        return obj("HorizontalPodAutoscaler", name, api="autoscaling/v2",
                   spec={"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                         "minReplicas": 2, "maxReplicas": 10,
                         "metrics": [{"type": "Resource", "resource": {
                             "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 50}}}]},
                   status=status)
    assert table("HorizontalPodAutoscaler", [hpa("web", 45), hpa("new")]) == (
        "NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\n"
        "web    Deployment/web   cpu: 45%/50%         2         10        3          60m\n"
        "new    Deployment/web   cpu: <unknown>/50%   2         10        3          60m\n")


def test_networkpolicies_leases_controllerrevisions():
    deny = obj("NetworkPolicy", "deny-all", api="networking.k8s.io/v1", spec={"podSelector": {}})
    web = obj("NetworkPolicy", "web-ingress", api="networking.k8s.io/v1",
              spec={"podSelector": {"matchLabels": {"app": "web"}}})
    assert table("NetworkPolicy", [deny, web]) == (
        "NAME          POD-SELECTOR   AGE\n"
        "deny-all      <none>         60m\n"
        "web-ingress   app=web        60m\n")
    lease = obj("Lease", "node-1", api="coordination.k8s.io/v1", ns="kube-node-lease",
                spec={"holderIdentity": "node-1", "leaseDurationSeconds": 40})
    assert table("Lease", [lease]) == "NAME     HOLDER   AGE\nnode-1   node-1   60m\n"
    cr = obj("ControllerRevision", "fluentd-6b7f9", api="apps/v1", revision=2,
             metadata={"ownerReferences": [{"apiVersion": "apps/v1", "kind": "DaemonSet", "name": "fluentd",
                                            "uid": "x", "controller": True}]})
    assert table("ControllerRevision", [cr]) == (
        "NAME            CONTROLLER               REVISION   AGE\n"
        "fluentd-6b7f9   daemonset.apps/fluentd   2          60m\n")


def test_all_namespaces_labels_and_label_columns():
    pods = [make_pod("web-1", statuses=[running()], conditions=pod_conditions(),
                     labels={"app": "web", "tier": "frontend"}),
            make_pod("coredns-1", ns="kube-system", statuses=[running()], conditions=pod_conditions(),
                     labels={"k8s-app": "kube-dns"})]
    out = table("Pod", pods, all_namespaces=True, show_labels=True, label_columns=["app", "app.kubernetes.io/tier"])
    assert out == (
        "NAMESPACE     NAME        READY   STATUS    RESTARTS   AGE   APP   TIER   LABELS\n"
        "default       web-1       1/1     Running   0          60m   web          app=web,tier=frontend\n"
        "kube-system   coredns-1   1/1     Running   0          60m                k8s-app=kube-dns\n")


def test_cluster_scoped_kinds_get_no_namespace_column():
    assert table("Node", [make_node()], all_namespaces=True).startswith("NAME     STATUS")


def test_no_headers_and_empty():
    pods = [make_pod(statuses=[running()], conditions=pod_conditions())]
    assert table("Pod", pods, no_headers=True) == "web-7d4b9c8f5-abcde   1/1   Running   0     60m\n"
    assert table("Pod", [], no_headers=True) == ""


def test_several_kinds_are_prefixed_and_separated():
    pods = [make_pod(statuses=[running()], conditions=pod_conditions())]
    svc = obj("Service", "web", spec={"type": "ClusterIP", "clusterIPs": ["10.96.0.10"],
                                      "ports": [{"port": 80, "protocol": "TCP"}]})
    out = print_tables([("Pod", pods), ("Service", [svc]), ("Deployment", [deployment()]), ("ReplicaSet", [])],
                       FakeView())
    assert out == (
        "NAME                      READY   STATUS    RESTARTS   AGE\n"
        "pod/web-7d4b9c8f5-abcde   1/1     Running   0          60m\n"
        "\n"
        "NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "service/web   ClusterIP   10.96.0.10   <none>        80/TCP    60m\n"
        "\n"
        "NAME                  READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "deployment.apps/web   3/3     3            3           60m\n")
