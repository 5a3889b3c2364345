"""A command missing what it needs prints kubectl 1.32's own line, without a usage footer."""

import pytest

from kubetui import Simulation

CASES = {
    "kubectl describe": 'error: You must specify the type of resource to describe. Use "kubectl api-resources" '
                        "for a complete list of supported resources.\n",
    "kubectl exec": "error: pod, type/name or --filename must be specified\n",
    "kubectl exec -- sh": "error: pod, type/name or --filename must be specified\n",
    "kubectl exec mypod": "error: you must specify at least one command for the container\n",
    "kubectl rollout undo": "error: required resource not specified\n",
    "kubectl rollout status": "error: required resource not specified\n",
}


@pytest.mark.parametrize("line", sorted(CASES))
def test_missing_arguments(line):
    r = Simulation(seed=1).run(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", CASES[line])
