"""ServiceAccount tokens as a relying party sees them: RS256 JWTs whose key the API server
publishes at /openid/v1/jwks, found through /.well-known/openid-configuration (the endpoints the
default RBAC opens to ServiceAccounts, system:service-account-issuer-discovery). A token from the
real `kubectl create token` verifies against the published key, by hand (RSASSA-PKCS1-v1_5 with
SHA-256, as RFC 7518 defines RS256) and with PyJWT where it is installed."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ISSUER = "https://kubernetes.default.svc.cluster.local"


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _public_key(jwk: dict) -> rsa.RSAPublicKey:
    return rsa.RSAPublicNumbers(int.from_bytes(_unb64(jwk["e"]), "big"),
                                int.from_bytes(_unb64(jwk["n"]), "big")).public_key()


def _verify(token: str, jwks: dict) -> dict:
    """The token's claims once its signature checks out under the key its header names."""
    head, body, signature = token.split(".")
    header = json.loads(_unb64(head))
    assert header["alg"] == "RS256"
    jwk = next(k for k in jwks["keys"] if k["kid"] == header["kid"])
    _public_key(jwk).verify(_unb64(signature), f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return json.loads(_unb64(body))


def test_a_created_token_verifies_against_the_published_key_set(served):
    token = served.kubectl("create", "token", "default", "--audience=vault", "--duration=2h").stdout.strip()
    config = served.kubectl("get", "--raw", "/.well-known/openid-configuration")
    assert config.returncode == 0, config.stderr
    assert json.loads(config.stdout) == {
        "issuer": ISSUER, "jwks_uri": served.server.url + "/openid/v1/jwks", "response_types_supported": ["id_token"],
        "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}
    assert not config.stdout.endswith("\n")  # json.Marshal, as the API server writes it
    jwks = json.loads(served.kubectl("get", "--raw", "/openid/v1/jwks").stdout)
    (jwk,) = jwks["keys"]
    assert {k: jwk[k] for k in ("use", "kty", "alg", "e")} == {"use": "sig", "kty": "RSA", "alg": "RS256", "e": "AQAB"}
    key = _public_key(jwk)
    assert key.key_size == 2048
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(der)
    assert jwk["kid"] == base64.urlsafe_b64encode(digest.finalize()).rstrip(b"=").decode()
    claims = _verify(token, jwks)
    assert (claims["iss"], claims["aud"], claims["sub"]) == (ISSUER, ["vault"], "system:serviceaccount:default:default")
    assert claims["exp"] - claims["iat"] == 7200
    head, body, signature = token.split(".")
    forged = base64.urlsafe_b64encode(json.dumps({**claims, "sub": "system:serviceaccount:kube-system:admin"})
                                      .encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidSignature):
        _verify(f"{head}.{forged}.{signature}", jwks)


def test_pyjwt_verifies_a_token_when_installed(served):
    jwt = pytest.importorskip("jwt")
    token = served.kubectl("create", "token", "default").stdout.strip()
    jwks = json.loads(served.kubectl("get", "--raw", "/openid/v1/jwks").stdout)
    key = jwt.PyJWK(jwks["keys"][0])
    claims = jwt.decode(token, key=key, algorithms=["RS256"], audience=ISSUER,
                        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False})
    assert claims["sub"] == "system:serviceaccount:default:default"


def test_service_accounts_may_read_the_issuer_documents_other_users_may_not(served):
    served.builtin("kubectl create sa robot")
    token = served.builtin("kubectl create token robot").stdout.strip()
    for path in ("/openid/v1/jwks", "/.well-known/openid-configuration"):
        code, body, headers = served.http("GET", path, headers={"Authorization": f"Bearer {token}"})
        assert code == 200, body
        assert headers["Cache-Control"] == "public, max-age=3600"
        assert headers["Content-Type"].startswith("application/jwk-set+json" if "jwks" in path else "application/json")
        denied = served.kubectl("get", "--raw", path, "--as=jane")
        assert denied.returncode == 1
        assert f'forbidden: User "jane" cannot get path "{path}"' in denied.stderr
    code, _, _ = served.http("GET", "/openid/v1/jwks", headers={"Authorization": ""})
    assert code == 401


def test_the_builtin_kubectl_reads_the_same_keys(served):
    real = served.kubectl("get", "--raw", "/openid/v1/jwks")
    ours = served.builtin("kubectl get --raw /openid/v1/jwks")
    assert (ours.exit_code, ours.stdout) == (0, real.stdout)
    config = json.loads(served.builtin("kubectl get --raw /.well-known/openid-configuration").stdout)
    assert config["jwks_uri"] == "https://127.0.0.1:6443/openid/v1/jwks"


@pytest.mark.slow
def test_the_same_seed_signs_the_same_tokens_in_a_fresh_process():
    import subprocess
    import sys

    program = ("from kubetui import Simulation\nfrom kubetui.engine.serviceaccount import token_request\n"
               "s = Simulation(seed=3)\nprint(token_request(s, 'default', 'default')['status']['token'])")
    runs = [subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1] and runs[0].count(".") == 2
