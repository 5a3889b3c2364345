"""The charts' CPU and memory samples, summed again only for the nodes that changed, equal a sum
over every node."""

from kubetui.ui.game import Game


def full_sum(sim):
    cpu = mem = cpu_alloc = mem_alloc = 0
    for node in sim.store.iter("Node"):
        info = sim.allocated(node["metadata"]["name"])
        if info is not None:
            cpu += info.requested_cpu
            mem += info.requested_memory
            cpu_alloc += info.cpu
            mem_alloc += info.memory
    return (100.0 * cpu / cpu_alloc if cpu_alloc else 0.0, 100.0 * mem / mem_alloc if mem_alloc else 0.0)


def test_samples_follow_pods_and_nodes_as_they_change():
    game = Game.begin(nodes=3, record=False)
    sim = game.sim
    seen = []

    def check():
        assert (game.samples.get("cpu")[-1], game.samples.get("memory")[-1]) == full_sum(sim)
        seen.append(full_sum(sim))

    check()
    game.run("kubectl create deployment web --image=nginx --replicas=6")
    game.run("kubectl set resources deployment web --requests=cpu=300m,memory=256Mi")
    game.step(20)
    check()
    game.run("kubectl scale deployment web --replicas=2")
    game.step(40)
    check()
    game.run("sim add-node node-9 --cpu 8 --memory 16Gi")
    game.step(5)
    check()
    game.run("kubectl scale deployment web --replicas=9")
    game.step(20)
    check()
    game.run("kubectl delete node node-9")
    game.step(40)
    check()
    assert len(set(seen)) >= 3
    game.close()
