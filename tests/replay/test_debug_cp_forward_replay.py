"""A session that debugs with an ephemeral container, copies a file in, forwards a port and
curls it replays to the same cluster (`kubetui replay --verify`)."""

from click.testing import CliRunner

from kubetui.cli import main
from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation


def test_debug_cp_and_port_forward_replay(tmp_path):
    (tmp_path / "index.html").write_text("<h1>replayed</h1>\n")
    path = tmp_path / "run.jsonl"
    sim = Simulation(seed=3)
    sim.cwd = str(tmp_path)
    log = EventLog(path, {"seed": 3, "nodes": 3})
    log.attach(sim)
    sim.start("kubectl run web --image=nginx:1.25")
    sim.step(20)
    sim.start("kubectl debug web -i --image=busybox:1.36 --target=web -c dbg -- ps")
    sim.step(5)
    sim.start("kubectl cp index.html web:/usr/share/nginx/html/index.html")
    forward = sim.start("kubectl port-forward pod/web 8080:80")
    assert sim.run("curl localhost:8080").stdout == "<h1>replayed</h1>\n"
    sim.step(2)
    assert sim.cancel(forward.seq).exit_code == 130
    sim.step(3)
    assert [s["name"] for s in sim.get("Pod", "web")["status"]["ephemeralContainerStatuses"]] == ["dbg"]
    log.end({"passed": True, "score": None})
    log.close()
    r = CliRunner().invoke(main, ["replay", str(path), "--verify"])
    assert r.exit_code == 0, r.output
