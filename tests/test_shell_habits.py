"""What a learner with a real cluster's habits types first at the prompt: exam guides' `alias
k=kubectl` and `complete -F __start_kubectl k`, and `watch kubectl get pods`. They were sent to
kubectl as subcommands (`error: unknown command "alias" for "kubectl"`)."""

from kubetui import Simulation
from kubetui.scenario.script import parse_script
from kubetui.shell import normalize


def run(sim: Simulation, line: str) -> tuple[int, str, str]:
    r = sim.run(normalize(line))
    return r.exit_code, r.stdout, r.stderr


def test_alias_k_is_kept_and_listed_as_bash_lists_it():
    sim = Simulation(seed=1)
    assert normalize("alias k=kubectl") == "alias k=kubectl"
    assert run(sim, "alias k=kubectl") == (0, "", "")
    assert run(sim, "alias k='kubectl'") == (0, "", "")
    assert run(sim, "alias") == (0, "alias k='kubectl'\n", "")
    assert run(sim, "alias k") == (0, "alias k='kubectl'\n", "")
    code, out, err = run(sim, "alias kgp='kubectl get pods'")
    assert code == 1 and out == "" and "only `alias k=kubectl` is known here" in err
    assert run(sim, "alias nope") == (1, "", "kubetui: alias: nope: not found\n")


def test_completion_set_up_is_a_no_op_and_watch_points_at_w():
    sim = Simulation(seed=1)
    assert run(sim, "complete -o default -F __start_kubectl k") == (0, "", "")
    code, _, err = run(sim, "watch kubectl get pods")
    assert code == 127 and "`kubectl get … -w`" in err and "unknown command" not in err


def test_a_script_may_start_with_the_exam_set_up():
    steps = parse_script("alias k=kubectl\ncomplete -o default -F __start_kubectl k\nkubectl get pods\n")
    assert len(steps) == 3
