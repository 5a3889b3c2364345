"""Regenerate rbac_generators.json from the real kubectl: `python make_rbac_goldens.py [KUBECTL]`.

kubectl's RBAC generators resolve `--resource` words through the server's discovery, so they
run against `kubetui serve` (discovery is kubetui's; everything printed is kubectl's own).
The tests read only the JSON; they never run kubectl.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else (shutil.which("kubectl", path=os.path.dirname(sys.executable))
                                                   or "kubectl")

CASES = [
    "create role pod-reader --verb=get,list --verb=watch --resource=pods,pods/log --resource=deployments.apps "
    "--resource-name=a --resource-name=b,c --dry-run=client -o yaml -n dev",
    "create role r --verb=get --resource=deploy,rs,po --dry-run=client -o yaml",
    "create role r --verb=get,get,list --resource=pods,pods --resource-name=a,a --dry-run=client -o yaml",
    "create role r --verb=get,* --resource=* --dry-run=client -o yaml",
    "create role r --verb=get --resource=pods,* --dry-run=client -o yaml",
    "create role r --verb=bogus --resource=pods --dry-run=client -o yaml",
    "create role r --verb=impersonate --resource=users,serviceaccounts --dry-run=client -o yaml",
    "create role r --verb=get --resource=pods/bogus --dry-run=client -o yaml",
    "create role r --verb=get --resource=pods --dry-run=client -o name",
    "create role r --verb=update,patch --resource=deployments.apps,deployments.apps/scale -n ci "
    "--dry-run=client -o yaml",
    "create role r --resource=pods --dry-run=client -o yaml",
    "create role r --verb=get --dry-run=client -o yaml",
    "create role r --verb=get --resource=foo --dry-run=client -o yaml",
    "create role r --verb=get --resource=foo.bar --dry-run=client -o yaml",
    "create role r --verb=use --resource=pods --dry-run=client -o yaml",
    "create role r --verb=get --resource=.apps --dry-run=client -o yaml",
    "create role --verb=get --resource=pods --dry-run=client -o yaml",
    "create clusterrole c --verb=get --non-resource-url=/logs/*,/healthz --dry-run=client -o yaml",
    "create clusterrole c --verb=get --resource=pods --non-resource-url=/logs --dry-run=client -o yaml",
    "create clusterrole c --verb=get --resource=pods.metrics.k8s.io,nodes --dry-run=client -o yaml",
    "create clusterrole c --verb=get,list,watch --resource=pods,secrets --resource-name=x --dry-run=client -o yaml",
    "create clusterrole c --aggregation-rule=rbac.example.com/aggregate-to-monitoring=true --dry-run=client -o yaml",
    "create clusterrole c --aggregation-rule=a=b,c=d --dry-run=client -o yaml",
    "create clusterrole c --aggregation-rule=a=b --verb=get --resource=pods --dry-run=client -o yaml",
    "create clusterrole c --aggregation-rule=ab --dry-run=client -o yaml",
    "create clusterrole c --verb=post --non-resource-url=/x --dry-run=client -o yaml",
    "create clusterrole c --verb=list --non-resource-url=/x --dry-run=client -o yaml",
    "create clusterrole c --verb=get --non-resource-url=x --dry-run=client -o yaml",
    "create clusterrole c --verb=get --non-resource-url=/a*/b --dry-run=client -o yaml",
    "create clusterrole c --verb=get --dry-run=client -o yaml",
    "create clusterrole c --resource=pods --dry-run=client -o yaml",
    "create clusterrole c --verb=get --resource=pods -n dev --dry-run=client -o yaml",
    "create rolebinding rb --role=r --user=jane --user=bob --group=devs --serviceaccount=dev:ci "
    "--serviceaccount=x:y -n dev --dry-run=client -o yaml",
    "create rolebinding rb --clusterrole=view --dry-run=client -o yaml",
    "create rolebinding rb --clusterrole=edit --serviceaccount=dev:ci -n dev --dry-run=client -o name",
    "create rolebinding rb --user=jane --dry-run=client -o yaml",
    "create rolebinding rb --role=r --clusterrole=view --dry-run=client -o yaml",
    "create rolebinding rb --role=r --serviceaccount=ci --dry-run=client -o yaml",
    "create rolebinding --role=r --dry-run=client -o yaml",
    "create clusterrolebinding crb --clusterrole=view --user=jane --serviceaccount=dev:ci --group=g "
    "--dry-run=client -o yaml",
    "create clusterrolebinding crb --user=jane --dry-run=client -o yaml",
    "create clusterrolebinding crb --clusterrole=view --serviceaccount=ci --dry-run=client -o yaml",
    "create clusterrolebinding crb --clusterrole=view -n dev --dry-run=client -o yaml",
]


def main() -> None:
    sys.path.insert(0, str(HERE.parents[2]))
    from kubetui.api import kubeconfig
    from kubetui.api.server import ApiServer, run_in_thread
    from kubetui.session import Session
    from kubetui.shell import Simulation

    running = run_in_thread(ApiServer(Session(Simulation(seed=0)), paused=True))
    try:
        with tempfile.TemporaryDirectory() as home:
            config = kubeconfig.write(Path(home) / "kubeconfig", [
                ("kubetui", running.server.url, running.server.token, running.server.certificate.cert_pem)])
            env = {**os.environ, "KUBECONFIG": str(config), "HOME": home}
            version = json.loads(subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True,
                                                text=True, env=env).stdout)["clientVersion"]["gitVersion"]
            cases = []
            for line in CASES:
                args = line.split()
                p = subprocess.run([KUBECTL, *args], capture_output=True, text=True, env=env)
                cases.append({"args": args, "stdout": p.stdout, "stderr": p.stderr, "exit_code": p.returncode})
    finally:
        running.stop()
    out = {"kubectl": version, "cases": cases}
    (HERE / "rbac_generators.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(cases)} cases from kubectl {version}")


if __name__ == "__main__":
    main()
