"""The real kubectl against `kubetui serve`: a CertificateSigningRequest created, listed,
approved through its approval subresource and issued by the signer."""

from __future__ import annotations

from tests.kubectl.test_csr import manifest


def test_real_kubectl_approves_and_the_signer_issues(served):
    r = served.kubectl("apply", "-f", "-", stdin=manifest(expirationSeconds=3600))
    assert r.returncode == 0, r.stderr
    assert served.kubectl("get", "csr").stdout == served.builtin("kubectl get csr").stdout
    r = served.kubectl("certificate", "approve", "jane")
    assert (r.returncode, r.stdout) == (0, "certificatesigningrequest.certificates.k8s.io/jane approved\n"), r.stderr
    served.step(1)
    real = served.kubectl("get", "csr")
    assert real.stdout == served.builtin("kubectl get csr").stdout
    assert real.stdout.splitlines()[1].split()[-1] == "Approved,Issued"
    denied = served.kubectl("certificate", "deny", "jane")
    assert (denied.returncode, denied.stderr) == (1, served.builtin("kubectl certificate deny jane").stderr)
    assert served.kubectl("certificate", "deny", "jane", "--force").stderr == denied.stderr
    assert served.kubectl("describe", "csr", "jane").stdout == served.builtin("kubectl describe csr jane").stdout
