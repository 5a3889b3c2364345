"""The session's kubeconfig: the context's namespace and user reach every kubectl command, the
global flags pick another, and the kubeconfig is state a replay, a fork and the checksum see."""

from __future__ import annotations

import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kubetui import Simulation
from kubetui.engine import pki
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.kubectl.kubeconfig import ANONYMOUS, IdentityError, Kubeconfig, identity


@pytest.fixture
def sim():
    s = Simulation(seed=3)
    s.run("kubectl create namespace shop")
    s.run("kubectl create configmap here -n shop")
    s.run("kubectl create configmap there")
    return s


def names(result) -> list[str]:
    """The listed objects, without the CA bundle every namespace carries (kube-root-ca.crt)."""
    return [line.split()[0] for line in result.stdout.splitlines()[1:] if not line.startswith("kube-root-ca.crt")]


def test_the_context_namespace_is_the_default_namespace(sim):
    assert "there" in names(sim.run("kubectl get cm"))
    assert sim.run("kubectl config set-context --current --namespace=shop").stdout == 'Context "kubetui" modified.\n'
    assert names(sim.run("kubectl get cm")) == ["here"]
    assert sim.run("kubectl create configmap made").stdout == "configmap/made created\n"
    assert sim.get("ConfigMap", "made", "shop") is not None
    assert names(sim.run("kubectl get cm -n default")) == ["there"]
    assert names(sim.run("kubectl get cm --namespace=default")) == ["there"]


def test_context_flag_picks_another_contexts_namespace(sim):
    sim.run("kubectl config set-context shopping --cluster=kubetui --user=kubetui-admin --namespace=shop")
    assert names(sim.run("kubectl get cm --context=shopping")) == ["here"]
    assert "there" in names(sim.run("kubectl get cm"))
    sim.run("kubectl config use-context shopping")
    assert names(sim.run("kubectl get cm")) == ["here"]


def test_flags_naming_what_the_kubeconfig_lacks_fail_as_kubectl_does(sim):
    r = sim.run("kubectl get pods --context=nope")
    assert (r.exit_code, r.stderr) == (1, "Error in configuration: context was not found for specified context: nope\n")
    assert sim.run("kubectl get pods --cluster=nope").stderr == 'error: no server found for cluster "nope"\n'
    assert sim.run("kubectl get pods --user=nope").stderr == 'error: auth info "nope" does not exist\n'
    sim.run("kubectl config unset current-context")
    r = sim.run("kubectl get pods")
    assert r.exit_code == 1 and "localhost:8080 was refused" in r.stderr
    assert sim.run("kubectl create deployment x --image=nginx --dry-run=client -o name").exit_code == 0


def test_timeline_commands_act_as_admin_in_default(sim):
    sim.run("kubectl config set-context --current --namespace=shop")
    sim.run("kubectl create configmap env", source="timeline")
    assert sim.get("ConfigMap", "env", "default") is not None


def test_the_kubeconfig_is_in_the_checksum_only_once_changed():
    a, b = Simulation(seed=1), Simulation(seed=1)
    assert a.checksum() == b.checksum()
    a.run("kubectl config view")
    assert a.checksum() == b.checksum()
    a.run("kubectl config set-context --current --namespace=x")
    assert a.checksum() != b.checksum()
    b.run("kubectl config set-context --current --namespace=x")
    assert a.checksum() == b.checksum()


def test_a_fork_and_a_snapshot_copy_the_kubeconfig(sim):
    sim.run("kubectl config set-context --current --namespace=shop")
    copy = sim.fork()
    assert copy.kubeconfig.namespace() == "shop"
    copy.run("kubectl config set-context --current --namespace=default")
    assert sim.kubeconfig.namespace() == "shop"
    assert Simulation.restore(sim.snapshot()).kubeconfig.namespace() == "shop"


@pytest.mark.slow
def test_same_commands_same_checksum_in_another_process():
    lines = ["kubectl config set-context dev --cluster=kubetui --user=kubetui-admin --namespace=dev",
             "kubectl config use-context dev", "kubectl create namespace dev", "kubectl create configmap c"]
    sim = Simulation(seed=9)
    for line in lines:
        sim.run(line)
    script = ("from kubetui import Simulation\nsim = Simulation(seed=9)\n"
              + "".join(f"sim.run({line!r})\n" for line in lines) + "print(sim.checksum())\n")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "77", "PATH": ""})
    assert other.stdout.strip() == sim.checksum()
    assert sim.get("ConfigMap", "c", "dev") is not None


# -- identity ---------------------------------------------------------------------------------------

def _request(cn: str, groups: list[str]) -> tuple[x509.CertificateSigningRequest, bytes]:
    key = ec.derive_private_key(12345, ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn), *(x509.NameAttribute(NameOID.ORGANIZATION_NAME, g)
                                                            for g in groups)]
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attrs)).sign(key, hashes.SHA256())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return csr, pem


def test_identity_of_the_initial_kubeconfig_is_the_admin():
    assert identity(Kubeconfig.initial(4), seed=4) == ADMIN


def test_identity_of_a_client_certificate_is_its_subject():
    csr, key = _request("jane", ["dev", "qa"])
    config = Kubeconfig.initial(0)
    config.users["jane"] = {"client-certificate-data": pki.issue(0, csr, "x", 10, 3600, ("client auth",)),
                            "client-key-data": key}
    config.contexts["jane"] = {"cluster": "kubetui", "user": "jane"}
    assert identity(config, "jane", seed=0) == UserInfo("jane", ("dev", "qa", "system:authenticated"))
    assert identity(config, user="jane", seed=0).name == "jane"
    assert identity(config, "jane", seed=1) == ANONYMOUS  # another cluster's CA never signed it


def test_identity_refuses_what_kubectl_refuses():
    csr, key = _request("jane", [])
    config = Kubeconfig.initial(0)
    cert = pki.issue(0, csr, "x", 0, 3600, ("client auth",))
    config.users["jane"] = {"client-certificate-data": cert}
    with pytest.raises(IdentityError, match="client-key-data or client-key must be specified for jane"):
        identity(config, user="jane", seed=0)
    config.users["jane"]["client-key-data"] = pki.admin(0)[1]
    with pytest.raises(IdentityError, match="private key does not match public key"):
        identity(config, user="jane", seed=0)


def test_identity_of_a_token_asks_the_authenticator():
    config = Kubeconfig.initial(0)
    config.users["bot"] = {"token": "abc"}
    robot = UserInfo.service_account("ci", "deployer")
    assert identity(config, user="bot", seed=0) == ANONYMOUS
    assert identity(config, user="bot", seed=0, authenticate_token={"abc": robot}.get) == robot
    assert identity(config, user="bot", seed=0, authenticate_token={}.get) == ANONYMOUS


def test_commands_run_as_the_context_user(sim, tmp_path):
    csr, key = _request("jane", ["dev"])
    (tmp_path / "jane.key").write_bytes(key)
    (tmp_path / "jane.crt").write_bytes(pki.issue(sim.seed, csr, "x", 0, 3600, ("client auth",)))
    sim.run("kubectl config set-credentials jane --client-certificate=jane.crt --client-key=jane.key",
            cwd=str(tmp_path))
    sim.run("kubectl config set-context jane --cluster=kubetui --user=jane")
    from kubetui.kubectl import start_kubectl

    ctx = start_kubectl(sim, ["get", "pods", "--context=jane"], kubeconfig=sim.kubeconfig, cwd=str(tmp_path)).ctx
    assert ctx.requester == UserInfo("jane", ("dev", "system:authenticated"))
    (tmp_path / "jane.key").unlink()
    r = sim.run("kubectl get pods --context=jane", cwd=str(tmp_path))
    assert r.exit_code == 1
