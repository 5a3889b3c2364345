"""CertificateSigningRequests: validation, the requestor, approve/deny, and the
kube-apiserver-client signer issuing a certificate from the cluster CA."""

from __future__ import annotations

import base64
import subprocess
import sys
from datetime import datetime, timezone

import pytest
import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kubetui import Simulation
from kubetui.engine import pki

KEY = ec.derive_private_key(4242, ec.SECP256R1())


def request_pem(cn: str = "jane", groups: tuple[str, ...] = ("dev",)) -> bytes:
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn), *(x509.NameAttribute(NameOID.ORGANIZATION_NAME, g)
                                                            for g in groups)]
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attrs)).sign(KEY, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM)


def manifest(name: str = "jane", **spec) -> str:
    body = {"request": base64.b64encode(request_pem()).decode(), "signerName": "kubernetes.io/kube-apiserver-client",
            "usages": ["client auth"], **spec}
    return yaml.safe_dump({"apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest",
                           "metadata": {"name": name}, "spec": {k: v for k, v in body.items() if v is not None}})


@pytest.fixture
def sim():
    return Simulation(seed=5)


def test_a_request_records_who_asked_whatever_the_manifest_says(sim):
    assert sim.run("kubectl apply -f -", stdin=manifest(username="root", groups=["system:masters"])).stdout == \
        "certificatesigningrequest.certificates.k8s.io/jane created\n"
    spec = sim.get("CertificateSigningRequest", "jane", None)["spec"]
    assert (spec["username"], spec["groups"]) == ("kubernetes-admin", ["system:masters", "system:authenticated"])


@pytest.mark.parametrize("spec, message", [
    ({"signerName": None}, "spec.signerName: Required value: signerName must be provided"),
    ({"signerName": "signer"}, "spec.signerName: Invalid value: \"signer\": must be a fully qualified domain and "
                               "path of the form 'example.com/signer-name'"),
    ({"usages": None}, "spec.usages: Required value: usages must be provided"),
    ({"usages": ["client auth", "flying"]}, 'spec.usages[1]: Unsupported value: "flying": supported values: "any",'),
    ({"usages": ["client auth", "client auth"]}, 'spec.usages[1]: Duplicate value: "client auth"'),
    ({"expirationSeconds": 60}, "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than "
                                "600 seconds (10 minutes)"),
    ({"request": base64.b64encode(b"-----BEGIN CERTIFICATE-----\n").decode()},
     "spec.request: Invalid value: []byte{0x2d, 0x2d"),
])
def test_validation_speaks_the_api_servers_words(sim, spec, message):
    r = sim.run("kubectl apply -f -", stdin=manifest(**spec))
    assert r.exit_code == 1 and r.stderr.startswith('The CertificateSigningRequest "jane" is invalid: ')
    assert message in r.stderr


def test_a_request_that_is_not_base64_cannot_be_decoded(sim):
    r = sim.run("kubectl apply -f -", stdin=manifest(request="not base64!"))
    assert "cannot be handled as a CertificateSigningRequest: illegal base64 data at input byte 3" in r.stderr


def test_get_approve_and_the_signer(sim):
    sim.run("kubectl apply -f -", stdin=manifest(expirationSeconds=7200))
    sim.step(30)
    assert sim.run("kubectl get csr").stdout == (
        "NAME   AGE   SIGNERNAME                            REQUESTOR          REQUESTEDDURATION   CONDITION\n"
        "jane   30s   kubernetes.io/kube-apiserver-client   kubernetes-admin   120m                Pending\n")
    assert sim.run("kubectl certificate approve jane").stdout == \
        "certificatesigningrequest.certificates.k8s.io/jane approved\n"
    condition = sim.get("CertificateSigningRequest", "jane", None)["status"]["conditions"][0]
    assert (condition["type"], condition["reason"]) == ("Approved", "KubectlApprove")
    sim.step(1)
    assert sim.run("kubectl get csr --no-headers").stdout.split()[-1] == "Approved,Issued"
    pem = base64.b64decode(sim.run("kubectl get csr jane -o jsonpath={.status.certificate}").stdout)
    cert = x509.load_pem_x509_certificate(pem)
    assert pki.signed_by_ca(5, pem)
    assert cert.subject.rfc4514_string() == "O=dev,CN=jane"
    issued = datetime(2026, 1, 1, 0, 0, 31, tzinfo=timezone.utc)  # the signer's tick, after the approval's
    assert cert.not_valid_before_utc == issued - pki.BACKDATE
    assert (cert.not_valid_after_utc - issued).total_seconds() == 7200
    assert cert.public_key().public_numbers() == KEY.public_key().public_numbers()
    assert sim.run("kubectl certificate approve jane").stdout == \
        "certificatesigningrequest.certificates.k8s.io/jane approved\n"
    r = sim.run("kubectl certificate deny jane")
    assert (r.exit_code, r.stderr) == (1, 'error: certificate signing request "jane" is already Approved\n')
    assert sim.run("kubectl certificate deny jane --force").stderr == r.stderr


def test_denied_and_misused_requests_get_no_certificate(sim):
    sim.run("kubectl apply -f -", stdin=manifest("denied"))
    sim.run("kubectl apply -f -", stdin=manifest("server", usages=["server auth"]))
    sim.run("kubectl apply -f -", stdin=manifest("kubelet", signerName="kubernetes.io/kubelet-serving"))
    assert sim.run("kubectl certificate deny denied").stdout == \
        "certificatesigningrequest.certificates.k8s.io/denied denied\n"
    sim.run("kubectl certificate approve server kubelet")
    sim.step(2)
    rows = {line.split()[0]: line.split()[-1] for line in sim.run("kubectl get csr").stdout.splitlines()[1:]}
    assert rows == {"denied": "Denied", "server": "Approved,Failed", "kubelet": "Approved"}
    failed = sim.get("CertificateSigningRequest", "server", None)["status"]["conditions"][-1]
    assert failed["message"] == "invalid usage for client certificate: server auth"
    r = sim.run("kubectl certificate approve nope")
    assert r.stderr == 'Error from server (NotFound): certificatesigningrequests.certificates.k8s.io "nope" not found\n'
    assert sim.run("kubectl certificate approve").stderr == \
        "error: one or more CSRs must be specified as <name> or -f <filename>\n"


@pytest.mark.slow
def test_the_certificate_is_the_same_bytes_in_another_process(sim):
    sim.run("kubectl apply -f -", stdin=manifest())
    sim.run("kubectl certificate approve jane")
    sim.step(1)
    mine = sim.get("CertificateSigningRequest", "jane", None)["status"]["certificate"]
    script = ("import sys\nfrom kubetui import Simulation\nsim = Simulation(seed=5)\n"
              "sim.run('kubectl apply -f -', stdin=sys.stdin.read())\nsim.run('kubectl certificate approve jane')\n"
              "sim.step(1)\nprint(sim.get('CertificateSigningRequest', 'jane', None)['status']['certificate'])\n")
    other = subprocess.run([sys.executable, "-c", script], input=manifest(), capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": "5", "PATH": ""})
    assert other.stdout.strip() == mine
    assert sim.checksum() == sim.fork().checksum()


def test_the_cka_flow_makes_commands_run_as_jane(sim, tmp_path):
    (tmp_path / "jane.key").write_bytes(KEY.private_bytes(serialization.Encoding.PEM,
                                                          serialization.PrivateFormat.TraditionalOpenSSL,
                                                          serialization.NoEncryption()))
    sim.run("kubectl create namespace dev")
    # What jane may do, once she is jane: RBAC grants it (a new user may do nothing).
    sim.run("kubectl create clusterrole csr-requester --verb=create,get --resource=certificatesigningrequests")
    sim.run("kubectl create clusterrolebinding jane-csr --clusterrole=csr-requester --user=jane")
    sim.run("kubectl create rolebinding jane-edit --clusterrole=edit --user=jane -n dev")
    sim.run("kubectl apply -f -", stdin=manifest())
    sim.run("kubectl certificate approve jane")
    sim.step(1)
    cwd = str(tmp_path)
    assert sim.run("kubectl config set-credentials jane --client-key=jane.key --embed-certs", cwd=cwd).exit_code == 0
    r = sim.run("kubectl config set users.jane.client-certificate-data "
                "$(kubectl get csr jane -o jsonpath='{.status.certificate}')")
    assert r.stdout == 'Property "users.jane.client-certificate-data" set.\n'
    sim.run("kubectl config set-context jane --cluster=kubetui --user=jane --namespace=dev")
    sim.run("kubectl config use-context jane")
    sim.run("kubectl apply -f -", stdin=manifest("jane-again"))
    spec = sim.get("CertificateSigningRequest", "jane-again", None)["spec"]
    assert (spec["username"], spec["groups"]) == ("jane", ["dev", "system:authenticated"])
    assert sim.run("kubectl create configmap mine").exit_code == 0
    assert sim.get("ConfigMap", "mine", "dev") is not None
    denied = sim.run("kubectl get pods -n kube-system")
    assert 'User "jane" cannot list resource "pods"' in denied.stderr


def test_describe_shows_the_requester_and_the_subject(sim):
    sim.run("kubectl create -f -", stdin=manifest(expirationSeconds=86400))
    out = sim.run("kubectl describe csr jane").stdout
    assert out == ("Name:                jane\nLabels:              <none>\nAnnotations:         <none>\n"
                   "CreationTimestamp:   Thu, 01 Jan 2026 00:00:00 +0000\n"
                   "Requesting User:     kubernetes-admin\nSigner:              kubernetes.io/kube-apiserver-client\n"
                   "Requested Duration:  24h\nStatus:              Pending\nSubject:\n"
                   "         Common Name:    jane\n         Serial Number:  \n         Organization:   dev\n"
                   "Events:  <none>\n")
