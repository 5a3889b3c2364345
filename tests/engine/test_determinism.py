"""Same seed and commands give the same state, in any process; the engine never needs Textual."""

import os
import subprocess
import sys
import textwrap

MANIFEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "web-v2.yaml")

SCRIPT = textwrap.dedent("""
    import sys
    from kubetui import Simulation
    sim = Simulation(seed=11)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=5")
    sim.run("kubectl create deployment db --image=redis:7 --replicas=2")
    sim.step(30)
    sim.run("kubectl apply -f " + sys.argv[1])
    sim.step(20)
    sim.run("sim fail-node node-1")
    sim.step(400)
    sim.run("kubectl delete deployment db")
    sim.step(50)
    sim.run("sim add-node node-9 --boot 60")
    sim.step(5)
    print(sim.checksum())
""")


def run_in_fresh_process(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run([sys.executable, "-c", SCRIPT, MANIFEST], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_checksum_is_the_same_across_processes_and_hash_seeds():
    a = run_in_fresh_process("1")
    b = run_in_fresh_process("12345")
    assert a == b and len(a) == 32


def test_checksum_changes_with_the_seed_and_with_commands():
    from kubetui import Simulation

    def run(seed, replicas):
        sim = Simulation(seed=seed)
        sim.run(f"kubectl create deployment web --image=nginx:1.25 --replicas={replicas}")
        sim.step(10)
        return sim.checksum()

    assert run(1, 3) == run(1, 3)
    assert run(1, 3) != run(2, 3)
    assert run(1, 3) != run(1, 4)


def test_checksum_at_every_tick_matches_a_second_run():
    from kubetui import Simulation

    def trace():
        sim = Simulation(seed=3)
        sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4")
        sums = []
        for t in range(60):
            if t == 20:
                sim.run("sim fail-node node-2")
            sim.step()
            sums.append(sim.checksum())
        return sums

    assert trace() == trace()


def test_engine_and_model_never_import_textual():
    code = textwrap.dedent("""
        import sys
        import kubetui.engine.simulation, kubetui.model.validation, kubetui.kubectl
        from kubetui import Simulation
        sim = Simulation(seed=1)
        sim.run("kubectl get pods")
        bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual.") or m.startswith("kubetui.ui"))
        print(",".join(bad))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_engine_runs_without_kubectl_scenarios_or_the_ui():
    """The engine is the bottom of the house: the command layer extends it, never the reverse."""
    code = textwrap.dedent("""
        import sys
        import kubetui.engine
        from kubetui.engine.simulation import Simulation
        sim = Simulation(seed=1)
        sim.step(30)
        above = ("kubetui.kubectl", "kubetui.shell", "kubetui.scenario", "kubetui.replay", "kubetui.ui", "textual")
        print(",".join(sorted(m for m in sys.modules if m.startswith(above))))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
