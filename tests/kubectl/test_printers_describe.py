"""Golden `kubectl describe` output, and the rules behind its sections."""

from printer_kit import FakeView, make_event, make_node, make_pod, pod_conditions, running, ts, waiting

from kubetui.kubectl.printers import describe, qos_class


def pod_fixture():
    pod = make_pod(owner=("ReplicaSet", "web-7d4b9c8f5", "uid-rs"), statuses=[running()], conditions=pod_conditions(),
                   resources={"requests": {"cpu": "250m", "memory": "64Mi"},
                              "limits": {"cpu": "500m", "memory": "128Mi"}},
                   volumes=[{"name": "kube-api-access-x7k2p", "projected": {"sources": [
                       {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
                       {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
                       {"downwardAPI": {"items": []}}]}}])
    pod["spec"]["containers"][0]["volumeMounts"] = [
        {"name": "kube-api-access-x7k2p", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
         "readOnly": True}]
    events = [make_event("Scheduled", "Successfully assigned default/web-7d4b9c8f5-abcde to node-1",
                         component="default-scheduler", first=0),
              make_event("Pulled", 'Container image "nginx:1.25" already present on machine', first=3),
              make_event("Created", "Created container nginx", first=4),
              make_event("Started", "Started container nginx", first=5),
              make_event("Started", "an event of another pod", name="other", first=5)]
    return pod, FakeView([pod], events)


def node_fixture():
    node = make_node("node-1", taints=[{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"},
                                       {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute",
                                        "timeAdded": ts(3000)}])
    lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
             "metadata": {"name": "node-1", "namespace": "kube-node-lease", "creationTimestamp": ts(0)},
             "spec": {"holderIdentity": "node-1", "leaseDurationSeconds": 40, "renewTime": ts(3000)}}
    p1 = make_pod(statuses=[running()], resources={"requests": {"cpu": "250m", "memory": "64Mi"},
                                                   "limits": {"cpu": "500m", "memory": "128Mi"}})
    p2 = make_pod("coredns-abc", ns="kube-system", statuses=[running()],
                  resources={"requests": {"cpu": "100m", "memory": "70Mi"}, "limits": {"memory": "170Mi"}})
    p3 = make_pod("done", phase="Succeeded", statuses=[])
    p4 = make_pod("elsewhere", node="node-2", statuses=[running()])
    events = [make_event("NodeNotReady", "Node node-1 status is now: NodeNotReady", kind="Node", name="node-1",
                         ns=None, component="node-controller", first=3000),
              make_event("Starting", "Starting kubelet.", kind="Node", name="node-1", ns=None, uid="node-1", first=0)]
    return node, FakeView([node, lease, p1, p2, p3, p4], events)


TEMPLATE_SPEC = {"containers": [{"name": "nginx", "image": "nginx:1.25",
                                 "ports": [{"containerPort": 80, "protocol": "TCP"}], "resources": {}}]}


def replicaset(name, replicas, created, image_spec, revision):
    return {"apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": {"name": name, "namespace": "default", "uid": f"uid-{name}", "creationTimestamp": ts(created),
                         "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                                              "uid": "uid-web", "controller": True}],
                         "annotations": {"deployment.kubernetes.io/revision": revision}},
            "spec": {"replicas": replicas,
                     "template": {"metadata": {"labels": {"app": "web", "pod-template-hash": name.split("-")[1]}},
                                  "spec": image_spec}},
            "status": {"replicas": replicas}}


def deployment_fixture():
    old = replicaset("web-5c9f8b6d4", 0, 0, {"containers": [{"name": "nginx", "image": "nginx:1.24"}]}, "1")
    new = replicaset("web-7d4b9c8f5", 3, 600, TEMPLATE_SPEC, "2")
    dep = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"name": "web", "namespace": "default", "uid": "uid-web", "creationTimestamp": ts(0),
                        "labels": {"app": "web"}, "annotations": {"deployment.kubernetes.io/revision": "2"}},
           "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                    "strategy": {"type": "RollingUpdate",
                                 "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                    "template": {"metadata": {"labels": {"app": "web"}}, "spec": TEMPLATE_SPEC},
                    "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10},
           "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 3, "availableReplicas": 3,
                      "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                                     {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}}
    events = [make_event("ScalingReplicaSet", f"Scaled {m}", kind="Deployment", name="web",
                         component="deployment-controller", first=t)
              for m, t in (("up replica set web-5c9f8b6d4 to 3", 0), ("up replica set web-7d4b9c8f5 to 1", 600),
                           ("down replica set web-5c9f8b6d4 to 2 from 3", 610))]
    return dep, FakeView([dep, old, new], events)


SECRET = {"apiVersion": "v1", "kind": "Secret",
          "metadata": {"name": "db-pass", "namespace": "default", "creationTimestamp": ts(0)},
          "type": "Opaque", "data": {"password": "aHVudGVyMg==", "username": "YWRtaW4="}}


def lines(*ls):
    return "\n".join(ls) + "\n"


POD_GOLDEN = lines(*[
    'Name:             web-7d4b9c8f5-abcde',
    'Namespace:        default',
    'Service Account:  default',
    'Node:             node-1/192.168.49.3',
    'Start Time:       Thu, 01 Jan 2026 00:00:01 +0000',
    'Labels:           app=web',
    'Annotations:      <none>',
    'Status:           Running',
    'IP:               10.244.1.5',
    'IPs:',
    '  IP:           10.244.1.5',
    'Controlled By:  ReplicaSet/web-7d4b9c8f5',
    'Containers:',
    '  nginx:',
    '    Container ID:   containerd://nginx0123',
    '    Image:          nginx:1.25',
    '    Image ID:       docker.io/library/nginx:1.25@sha256:0123',
    '    Port:           80/TCP',
    '    Host Port:      0/TCP',
    '    State:          Running',
    '      Started:      Thu, 01 Jan 2026 00:00:05 +0000',
    '    Ready:          True',
    '    Restart Count:  0',
    '    Limits:',
    '      cpu:     500m',
    '      memory:  128Mi',
    '    Requests:',
    '      cpu:        250m',
    '      memory:     64Mi',
    '    Environment:  <none>',
    '    Mounts:',
    '      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)',
    'Conditions:',
    '  Type                        Status',
    '  PodReadyToStartContainers   True ',
    '  Initialized                 True ',
    '  Ready                       True ',
    '  ContainersReady             True ',
    '  PodScheduled                True ',
    'Volumes:',
    '  kube-api-access-x7k2p:',
    '    Type:                    Projected (a volume that contains injected data from multiple sources)',
    '    TokenExpirationSeconds:  3607',
    '    ConfigMapName:           kube-root-ca.crt',
    '    Optional:                false',
    '    DownwardAPI:             true',
    'QoS Class:                   Burstable',
    'Node-Selectors:              <none>',
    'Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
    '                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
    'Events:',
    '  Type    Reason     Age   From               Message',
    '  ----    ------     ----  ----               -------',
    '  Normal  Scheduled  60m   default-scheduler  Successfully assigned default/web-7d4b9c8f5-abcde to node-1',
    '  Normal  Pulled     59m   kubelet            Container image "nginx:1.25" already present on machine',
    '  Normal  Created    59m   kubelet            Created container nginx',
    '  Normal  Started    59m   kubelet            Started container nginx',
])

NODE_GOLDEN = lines(*[
    'Name:               node-1',
    'Roles:              <none>',
    'Labels:             beta.kubernetes.io/arch=amd64',
    '                    beta.kubernetes.io/os=linux',
    '                    kubernetes.io/arch=amd64',
    '                    kubernetes.io/hostname=node-1',
    '                    kubernetes.io/os=linux',
    'Annotations:        node.alpha.kubernetes.io/ttl: 0',
    '                    volumes.kubernetes.io/controller-managed-attach-detach: true',
    'CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000',
    'Taints:             node.kubernetes.io/unreachable:NoExecute',
    '                    node.kubernetes.io/unreachable:NoSchedule',
    'Unschedulable:      false',
    'Lease:',
    '  HolderIdentity:  node-1',
    '  AcquireTime:     <unset>',
    '  RenewTime:       Thu, 01 Jan 2026 00:50:00 +0000',
    'Conditions:',
    '  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message',
    '  ----             ------  -----------------                 ------------------                ------                       -------',
    '  MemoryPressure   False   Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   '
    'KubeletHasSufficientMemory   kubelet has sufficient memory available',
    '  Ready            True    Thu, 01 Jan 2026 00:00:10 +0000   Thu, 01 Jan 2026 00:00:00 +0000   '
    'KubeletReady                 kubelet is posting ready status',
    'Addresses:',
    '  InternalIP:  192.168.49.3',
    '  Hostname:    node-1',
    'Capacity:',
    '  cpu:                2',
    '  ephemeral-storage:  61202244Ki',
    '  hugepages-2Mi:      0',
    '  memory:             4020788Ki',
    '  pods:               110',
    'Allocatable:',
    '  cpu:                2',
    '  ephemeral-storage:  61202244Ki',
    '  hugepages-2Mi:      0',
    '  memory:             4020788Ki',
    '  pods:               110',
    'System Info:',
    '  Machine ID:                 m-1',
    '  System UUID:                s-1',
    '  Boot ID:                    b-1',
    '  Kernel Version:             6.8.0-45-generic',
    '  OS Image:                   Ubuntu 22.04.4 LTS',
    '  Operating System:           linux',
    '  Architecture:               amd64',
    '  Container Runtime Version:  containerd://1.7.22',
    '  Kubelet Version:            v1.32.0',
    '  Kube-Proxy Version:         v1.32.0',
    'PodCIDR:                      10.244.1.0/24',
    'PodCIDRs:                     10.244.1.0/24',
    'Non-terminated Pods:          (2 in total)',
    '  Namespace                   Name                   CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age',
    '  ---------                   ----                   ------------  ----------  ---------------  -------------  ---',
    '  default                     web-7d4b9c8f5-abcde    250m (12%)    500m (25%)  64Mi (1%)        128Mi (3%)     60m',
    '  kube-system                 coredns-abc            100m (5%)     0 (0%)      70Mi (1%)        170Mi (4%)     60m',
    'Allocated resources:',
    '  (Total limits may be over 100 percent, i.e., overcommitted.)',
    '  Resource           Requests    Limits',
    '  --------           --------    ------',
    '  cpu                350m (17%)  500m (25%)',
    '  memory             134Mi (3%)  298Mi (7%)',
    '  ephemeral-storage  0 (0%)      0 (0%)',
    '  hugepages-2Mi      0 (0%)      0 (0%)',
    'Events:',
    '  Type    Reason        Age   From             Message',
    '  ----    ------        ----  ----             -------',
    '  Normal  Starting      60m   kubelet          Starting kubelet.',
    '  Normal  NodeNotReady  10m   node-controller  Node node-1 status is now: NodeNotReady',
])

DEPLOYMENT_GOLDEN = lines(*[
    'Name:                   web',
    'Namespace:              default',
    'CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000',
    'Labels:                 app=web',
    'Annotations:            deployment.kubernetes.io/revision: 2',
    'Selector:               app=web',
    'Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable',
    'StrategyType:           RollingUpdate',
    'MinReadySeconds:        0',
    'RollingUpdateStrategy:  25% max unavailable, 25% max surge',
    'Pod Template:',
    '  Labels:  app=web',
    '  Containers:',
    '   nginx:',
    '    Image:         nginx:1.25',
    '    Port:          80/TCP',
    '    Host Port:     0/TCP',
    '    Environment:   <none>',
    '    Mounts:        <none>',
    '  Volumes:         <none>',
    '  Node-Selectors:  <none>',
    '  Tolerations:     <none>',
    'Conditions:',
    '  Type           Status  Reason',
    '  ----           ------  ------',
    '  Available      True    MinimumReplicasAvailable',
    '  Progressing    True    NewReplicaSetAvailable',
    'OldReplicaSets:  web-5c9f8b6d4 (0/0 replicas created)',
    'NewReplicaSet:   web-7d4b9c8f5 (3/3 replicas created)',
    'Events:',
    '  Type    Reason             Age   From                   Message',
    '  ----    ------             ----  ----                   -------',
    '  Normal  ScalingReplicaSet  60m   deployment-controller  Scaled up replica set web-5c9f8b6d4 to 3',
    '  Normal  ScalingReplicaSet  50m   deployment-controller  Scaled up replica set web-7d4b9c8f5 to 1',
    '  Normal  ScalingReplicaSet  49m   deployment-controller  Scaled down replica set web-5c9f8b6d4 to 2 from 3',
])

SECRET_GOLDEN = lines(*[
    'Name:         db-pass',
    'Namespace:    default',
    'Labels:       <none>',
    'Annotations:  <none>',
    '',
    'Type:  Opaque',
    '',
    'Data',
    '====',
    'password:  7 bytes',
    'username:  5 bytes',
])


def test_describe_pod():
    pod, view = pod_fixture()
    assert describe("Pod", pod, view) == POD_GOLDEN


def test_describe_node():
    node, view = node_fixture()
    assert describe("Node", node, view) == NODE_GOLDEN


def test_describe_deployment():
    dep, view = deployment_fixture()
    assert describe("Deployment", dep, view) == DEPLOYMENT_GOLDEN


def test_describe_secret_shows_sizes_never_values():
    out = describe("Secret", SECRET, FakeView())
    assert out == SECRET_GOLDEN
    assert "hunter2" not in out and "aHVudGVyMg" not in out and "admin" not in out


def test_events_age_shows_repeats_and_none_when_quiet():
    pod = make_pod(statuses=[waiting("CrashLoopBackOff", restarts=3)])
    warn = make_event("BackOff", "Back-off restarting failed container nginx", etype="Warning",
                      first=3300, last=3480, count=3)
    out = describe("Pod", pod, FakeView([pod], [warn]))
    assert out.endswith("  Warning  BackOff  2m (x3 over 5m)  kubelet  Back-off restarting failed container nginx\n")
    quiet = describe("Pod", pod, FakeView([pod], []))
    assert quiet.splitlines()[-1].split() == ["Events:", "<none>"]


def test_container_states_in_describe():
    last = {"reason": "OOMKilled", "exitCode": 137, "startedAt": ts(3000), "finishedAt": ts(3300)}
    pod = make_pod(statuses=[waiting("CrashLoopBackOff", restarts=4, last=last)])
    out = describe("Pod", pod, FakeView([pod]))
    assert ("    State:          Waiting\n"
            "      Reason:       CrashLoopBackOff\n"
            "    Last State:     Terminated\n"
            "      Reason:       OOMKilled\n"
            "      Exit Code:    137\n"
            "      Started:      Thu, 01 Jan 2026 00:50:00 +0000\n"
            "      Finished:     Thu, 01 Jan 2026 00:55:00 +0000\n"
            "    Ready:          False\n"
            "    Restart Count:  4\n") in out


def test_terminating_pod_and_evicted_reason():
    pod = make_pod(statuses=[running()], deletion=3540)
    out = [ln.split(None, 1) for ln in describe("Pod", pod, FakeView([pod])).splitlines()]
    assert ["Status:", "Terminating (lasts 60s)"] in out
    assert [["Termination", "Grace Period:  30s"]] == [ln for ln in out if ln[0] == "Termination"]
    evicted = make_pod(phase="Failed", reason="Evicted", message="The node was low on resource: memory.",
                       statuses=[])
    out = describe("Pod", evicted, FakeView([evicted]))
    assert "Status:           Failed\nReason:           Evicted\nMessage:          The node was low on resource: memory.\n" in out


def test_qos_classes():
    both = {"requests": {"cpu": "500m", "memory": "128Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"}}
    limits_only = {"limits": {"cpu": "1", "memory": "1Gi"}}
    assert qos_class(make_pod(resources=both)) == "Guaranteed"
    assert qos_class(make_pod(resources=limits_only)) == "Guaranteed"
    assert qos_class(make_pod(resources={"requests": {"cpu": "100m"}})) == "Burstable"
    assert qos_class(make_pod()) == "BestEffort"


def test_describe_service_lists_ready_endpoints():
    svc = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": "web", "namespace": "default", "creationTimestamp": ts(0)},
           "spec": {"type": "NodePort", "selector": {"app": "web"}, "clusterIP": "10.96.120.15",
                    "clusterIPs": ["10.96.120.15"], "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                    "ports": [{"port": 80, "targetPort": 8080, "nodePort": 30080, "protocol": "TCP"}],
                    "sessionAffinity": "None", "externalTrafficPolicy": "Cluster", "internalTrafficPolicy": "Cluster"}}
    ep = {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "web", "namespace": "default"},
          "subsets": [{"addresses": [{"ip": "10.244.1.5"}, {"ip": "10.244.2.7"}],
                       "ports": [{"port": 8080, "protocol": "TCP"}]}]}
    assert describe("Service", svc, FakeView([svc, ep])) == lines(
        "Name:                     web",
        "Namespace:                default",
        "Labels:                   <none>",
        "Annotations:              <none>",
        "Selector:                 app=web",
        "Type:                     NodePort",
        "IP Family Policy:         SingleStack",
        "IP Families:              IPv4",
        "IP:                       10.96.120.15",
        "IPs:                      10.96.120.15",
        "Port:                     <unset>  80/TCP",
        "TargetPort:               8080/TCP",
        "NodePort:                 <unset>  30080/TCP",
        "Endpoints:                10.244.1.5:8080,10.244.2.7:8080",
        "Session Affinity:         None",
        "External Traffic Policy:  Cluster",
        "Internal Traffic Policy:  Cluster",
        "Events:                   <none>")


def test_describe_namespace_with_quota_and_no_limitrange():
    ns = {"apiVersion": "v1", "kind": "Namespace",
          "metadata": {"name": "shop", "creationTimestamp": ts(0), "labels": {"kubernetes.io/metadata.name": "shop"}},
          "status": {"phase": "Active"}}
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "compute", "namespace": "shop"},
             "status": {"hard": {"pods": "10", "requests.cpu": "2"}, "used": {"pods": "3", "requests.cpu": "1500m"}}}
    assert describe("Namespace", ns, FakeView([ns, quota])) == lines(
        "Name:         shop",
        "Labels:       kubernetes.io/metadata.name=shop",
        "Annotations:  <none>",
        "Status:       Active",
        "",
        "Resource Quotas",
        "  Name:         compute",
        "  Resource      Used   Hard",
        "  --------      ---    ---",
        "  pods          3      10",
        "  requests.cpu  1500m  2",
        "",
        "No LimitRange resource.")


def test_describe_replicaset_counts_its_pods():
    rs = replicaset("web-7d4b9c8f5", 3, 600, TEMPLATE_SPEC, "2")
    pods = [make_pod(f"web-7d4b9c8f5-{i}", owner=("ReplicaSet", "web-7d4b9c8f5", "uid-web-7d4b9c8f5"),
                     phase=phase, statuses=[]) for i, phase in enumerate(["Running", "Running", "Pending"])]
    out = describe("ReplicaSet", rs, FakeView([rs, *pods]))
    assert "Replicas:       3 current / 3 desired\n" in out
    assert "Pods Status:    2 Running / 1 Waiting / 0 Succeeded / 0 Failed\n" in out
    assert "Controlled By:  Deployment/web\n" in out


def test_unknown_kind_is_refused():
    import pytest

    from kubetui.kubectl.printers import PrinterError
    with pytest.raises(PrinterError):
        describe("Lease", {"metadata": {"name": "x"}}, FakeView())
