"""An example operator for `kubetui serve`: each ConfigMap labelled `example.kubetui/app=true`
becomes a Deployment (its `image` and `replicas` keys), owned by the ConfigMap so that deleting
it deletes the Deployment. A watch loop with the `kubernetes` client, the way a small operator
is written against any cluster; kubetui gives it real controllers, a clock and a replayable log.

    kubetui serve                      # prints: export KUBECONFIG=…
    python examples/configmap_operator.py
    kubectl create configmap web --from-literal=image=nginx:1.27 --from-literal=replicas=3
    kubectl label configmap web example.kubetui/app=true
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

LABEL = "example.kubetui/app=true"


def desired(cm: client.V1ConfigMap) -> dict:
    """The Deployment a ConfigMap asks for."""
    name, data = cm.metadata.name, cm.data or {}
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": cm.metadata.namespace, "labels": labels,
                     "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": name,
                                          "uid": cm.metadata.uid, "controller": True}]},
        "spec": {"replicas": int(data.get("replicas", "1")), "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels},
                              "spec": {"containers": [{"name": name, "image": data.get("image", "nginx:1.27")}]}}},
    }


def reconcile(apps: client.AppsV1Api, cm: client.V1ConfigMap) -> str:
    """Make the Deployment match the ConfigMap: create it, or patch it to the wanted state."""
    body, name, namespace = desired(cm), cm.metadata.name, cm.metadata.namespace
    try:
        apps.read_namespaced_deployment(name, namespace)
    except ApiException as e:
        if e.status != 404:
            raise
        apps.create_namespaced_deployment(namespace, body)
        return "created"
    apps.patch_namespaced_deployment(name, namespace, body)
    return "updated"


def run(api_client: client.ApiClient | None = None, namespace: str = "default",
        timeout_seconds: int | None = None, stop: Callable[[], bool] | None = None) -> None:
    """Watch the labelled ConfigMaps and reconcile each change (deletions are the garbage
    collector's: the Deployment is owned by its ConfigMap)."""
    core, apps = client.CoreV1Api(api_client), client.AppsV1Api(api_client)
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_config_map, namespace, label_selector=LABEL,
                          timeout_seconds=timeout_seconds):
        cm = event["object"]
        if event["type"] in ("ADDED", "MODIFIED"):
            print(f"configmap/{cm.metadata.name}: deployment {reconcile(apps, cm)}", flush=True)
        if stop is not None and stop():
            w.stop()


if __name__ == "__main__":
    config.load_kube_config()
    run(namespace=sys.argv[1] if len(sys.argv) > 1 else "default")
