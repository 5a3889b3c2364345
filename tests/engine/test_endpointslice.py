"""EndpointSlices: the pods behind a Service, with ready/serving/terminating, as kubectl shows them."""

from kubetui.shell import Simulation


def web(replicas=3, image="nginx:1.25", command=""):
    sim = Simulation(seed=1)
    sim.run(f"kubectl create deployment web --image={image} --replicas={replicas}{command}")
    sim.run("kubectl expose deploy web --port=80")
    sim.step(20)
    return sim


def slices(sim, service="web"):
    return [s for s in sim.list("EndpointSlice", "default")
            if s["metadata"]["labels"].get("kubernetes.io/service-name") == service]


def test_a_service_gets_one_slice_owned_by_it_listing_its_ready_pods():
    sim = web()
    [s] = slices(sim)
    assert s["addressType"] == "IPv4" and s["ports"] == [{"name": "", "port": 80, "protocol": "TCP"}]
    assert s["metadata"]["name"].startswith("web-") and len(s["metadata"]["name"]) == len("web-") + 5
    assert s["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io"
    assert s["metadata"]["ownerReferences"][0]["kind"] == "Service"
    pods = {p["status"]["podIP"]: p["metadata"]["name"] for p in sim.list("Pod", "default")}
    assert {e["addresses"][0]: e["targetRef"]["name"] for e in s["endpoints"]} == pods
    assert all(e["conditions"] == {"ready": True, "serving": True, "terminating": False} for e in s["endpoints"])
    out = sim.run("kubectl get endpointslices").stdout.splitlines()
    assert out[0].split() == ["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]
    row = next(line for line in out if line.startswith("web-")).split()
    assert row[1:3] == ["IPv4", "80"] and row[3] == ",".join(sorted(pods, key=lambda ip: [int(x) for x in ip.split(".")]))


def test_terminating_pods_stay_in_the_slice_marked_terminating():
    sim = web(replicas=1, image="busybox:1.36", command=" -- sleep 3600")
    pod = sim.list("Pod", "default")[0]["metadata"]["name"]
    sim.run(f"kubectl delete pod {pod} --wait=false")
    sim.step(2)
    gone = [e for s in slices(sim) for e in s["endpoints"] or () if e["targetRef"]["name"] == pod]
    assert gone and gone[0]["conditions"]["terminating"] is True and gone[0]["conditions"]["ready"] is False
    endpoints = sim.get("Endpoints", "web")
    listed = [a["targetRef"]["name"] for sub in endpoints.get("subsets") or () for a in sub.get("addresses") or ()]
    assert pod not in listed, "Endpoints drop a terminating pod; the slice keeps it, marked"


def test_more_than_a_hundred_pods_fill_more_slices_and_an_empty_service_keeps_a_placeholder():
    sim = Simulation(seed=1, nodes=[{"name": f"node-{i}", "cpu": "64", "memory": "256Gi", "pods": 110}
                                    for i in range(1, 4)])
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=150")
    sim.run("kubectl expose deploy web --port=80")
    sim.step(40)
    sizes = sorted(len(s["endpoints"]) for s in slices(sim))
    assert sizes == [50, 100]
    sim.run("kubectl scale deploy web --replicas=0")
    sim.step(60)
    [placeholder] = slices(sim)
    assert placeholder["endpoints"] is None and placeholder["ports"] is None
    row = next(line for line in sim.run("kubectl get endpointslices").stdout.splitlines() if line.startswith("web-"))
    assert row.split()[1:4] == ["IPv4", "<unset>", "<unset>"]


def test_slices_go_with_their_service_and_come_back_with_the_same_names():
    sim = web(replicas=2)
    first = slices(sim)[0]["metadata"]["name"]
    sim.run("kubectl delete svc web")
    sim.step(5)
    assert slices(sim) == []
    other = web(replicas=2)
    assert slices(other)[0]["metadata"]["name"] == first, "same seed, same names"
    assert sim.get("EndpointSlice", "kubernetes")["endpoints"][0]["addresses"]


def test_describe_endpointslice():
    sim = web(replicas=1)
    name = slices(sim)[0]["metadata"]["name"]
    lines = sim.run(f"kubectl describe endpointslice {name}").stdout.splitlines()
    assert lines[0] == f"Name:         {name}"
    assert "AddressType:  IPv4" in lines
    at = lines.index("Endpoints:")
    assert lines[at + 1].startswith("  - Addresses:  10.244.")
    assert lines[at + 2:at + 4] == ["    Conditions:", "      Ready:    true"]
    assert lines[-1].startswith("Events:") and lines[-1].endswith("<none>")
