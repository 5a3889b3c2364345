"""How `kubectl create <generator>` words the server's refusal: most generators wrap it
(`error: failed to create deployment: ...`), some print `Error from server (...)`. The real kubectl
(the test extras' wheel, 1.37) on `kubetui serve` and kubetui's own kubectl must print the same."""

import shlex

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file

LINES = [
    "create deployment d --image=nginx", "create configmap c", "create job j --image=busybox",
    "create cronjob cj --image=busybox --schedule=*/1_*_*_*_*", "create sa s", "create quota q",
    "create priorityclass pc", "create ingress i --rule=a.com/b=svc:80",
    "create pdb p --min-available=1 --selector=a=b", "create secret generic g",
    "create secret docker-registry dr --docker-server=a --docker-username=u --docker-password=p",
    "create service clusterip sc --tcp=80", "create service nodeport sn --tcp=80",
    "create service loadbalancer sl --tcp=80", "create service externalname se --external-name=a.com",
    "create role r --verb=get --resource=pods", "create clusterrole cr --verb=get --resource=pods",
    "create rolebinding rb --clusterrole=view", "create clusterrolebinding crb --clusterrole=view",
    "create namespace n",
]


def words(line: str) -> list[str]:
    return [w.replace("_", " ") for w in shlex.split(line)]


def both(shared, args: list[str]):
    real = shared.kubectl(*args)
    own = shared.builtin(shlex.join(["kubectl", *args]))
    return (own.exit_code, own.stdout, own.stderr), (real.returncode, real.stdout, real.stderr)


@pytest.mark.parametrize("line", LINES)
def test_already_exists(shared, line):
    args = words(line)
    assert shared.builtin(shlex.join(["kubectl", *args])).exit_code == 0
    own, real = both(shared, args)
    assert real[0] == 1 and "already exists" in real[2]
    assert own == real


@pytest.mark.parametrize("line", [line for line in LINES if "cluster" not in line.split()[1]
                                  and line.split()[1] not in ("namespace", "priorityclass")])
def test_missing_namespace(shared, line):
    own, real = both(shared, [*words(line), "-n", "nowhere"])
    assert real[0] == 1 and 'namespaces "nowhere" not found' in real[2]
    assert own == real
