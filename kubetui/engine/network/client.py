"""A pod as a network client: what `wget`, `curl` and `nc` in one of its containers reach.

A name is resolved as the pod's resolver does (its /etc/resolv.conf search path; `localhost` and
its own name from /etc/hosts), then the connection goes where kube-proxy sends it: a Service's
ClusterIP, load-balancer address or nodePort on a node's address to one of its ready endpoints
on the targetPort, a pod IP straight to the pod (a host-network pod on its node's address),
ingress-nginx's address to the controller. NetworkPolicies decide what gets through
(traffic.py). The outcome is what the socket sees: open, refused (nothing listens, no
endpoints) or timed out (the packets are dropped). The app that answers speaks through http.py.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubetui.engine.network import internet
from kubetui.engine.network.http import Reply, access_log, app_reply, nginx_error, parse_reply
from kubetui.engine.network.loadbalancer import INGRESS_NGINX_IP
from kubetui.engine.network.traffic import REFUSED

if TYPE_CHECKING:
    from kubetui.engine.kubelet.shell import FileSystem

CONNECT_TIMEOUT = 130
"""Seconds until the kernel gives up a connection whose packets are dropped (SYN retries)."""
LOOPBACK = "127.0.0.1"
_IP = re.compile(r"\d{1,3}(\.\d{1,3}){3}")


@dataclass(frozen=True)
class Connection:
    """Where a connection attempt ended: `open` (to `pod`, or to ingress-nginx when `pod` is
    None), `refused` or `timeout`."""

    state: str
    address: str
    port: int
    pod: dict | None = None
    target: int | None = None
    """The pod's port the connection reached (a Service's targetPort)."""


class PodClient:
    """The network as one pod sees it (kept in the container's shell; pickles with the sim)."""

    def __init__(self, sim, namespace: str, name: str):
        self.sim, self.namespace, self.name = sim, namespace, name

    def _pod(self) -> dict | None:
        return self.sim.store.get("Pod", self.namespace, self.name)

    def resolve(self, host: str, fs: FileSystem | None = None) -> str | None:
        """The address `host` resolves to from this pod, or None (NXDOMAIN)."""
        host = host.strip("[]")
        if _IP.fullmatch(host):
            return host
        if host in ("localhost", "ip6-localhost", "localhost.localdomain"):
            return LOOPBACK
        pod = self._pod() or {}
        if host == self.name:
            return (pod.get("status") or {}).get("podIP") or LOOPBACK
        search = _search_path(fs)
        found = self.sim.network.dns.resolve(host, self.namespace, search=search)
        if found is None:
            return None
        addresses = found[1]
        target = addresses[0] if addresses else None
        if target is not None and not _IP.fullmatch(target):
            found = self.sim.network.dns.resolve(target.rstrip(".") + ".", self.namespace)
            target = found[1][0] if found and found[1] else None
        return target

    def connect(self, address: str, port: int) -> Connection:
        """Open a TCP connection from this pod to `address:port`."""
        network, store = self.sim.network, self.sim.store
        src = self._pod()
        if address == LOOPBACK or (src is not None and address == (src.get("status") or {}).get("podIP")):
            if src is not None and network.answers_on(src, port):
                return Connection("open", address, port, src, port)
            return Connection("refused", address, port)
        if address == INGRESS_NGINX_IP:
            return Connection("open" if port in (80, 443) else "timeout", address, port)
        if internet.is_external(address):
            from kubetui.engine.network.networkpolicy import egress_allows, source_of
            ok = port == 80 and egress_allows(store, source_of(src), address, port)
            return Connection("open" if ok else "timeout", address, port)
        target: int = port
        found = _node_port(store, port) if _is_node(store, address) else None
        dst: dict | None = found[0] if found is not None else _by_address(store, address)
        if found is not None:
            target = found[1]
        if dst is None:
            return Connection("timeout", address, port)
        ok, where, pod = network.connect(src, dst, target)
        if not ok:
            return Connection("refused" if where.startswith(REFUSED) else "timeout", address, port)
        if pod is None:
            return Connection("refused", address, port)
        return Connection("open", address, port, pod, int(where.rpartition(":")[2]))

    def request(self, conn: Connection, method: str = "GET", path: str = "/", host: str = "",
                agent: str = "") -> Reply | None:
        """The HTTP reply on an open connection; None when the app speaks no HTTP."""
        if conn.pod is not None:
            src = self._pod() or {}
            local = conn.address.startswith("127.") or conn.address in ("localhost", "::1")
            return pod_reply(self.sim, conn.pod, conn.target, method, path, host, agent,
                             LOOPBACK if local else (src.get("status") or {}).get("podIP") or LOOPBACK)
        if internet.is_external(conn.address):
            return internet.reply(conn.address, host, path, self.sim.tick)
        status, backend, _ = self.sim.network.http_via_ingress(host.split(":")[0], path.split("?")[0] or "/")
        if status != 200:
            return nginx_error(status, self.sim.tick)
        ns, name = backend.split("/")
        pods = self.sim.network.ready_endpoints(ns, name)
        return app_reply(self.sim, pods[0], None, method, path) if pods else nginx_error(503, self.sim.tick)

    def ping(self, address: str) -> bool:
        """Whether `address` answers an ICMP echo from this pod: the pod itself, a running pod
        (unless NetworkPolicy isolation drops it: only a rule without ports lets ICMP through)
        and a node do; a Service's ClusterIP or load-balancer address does not (kube-proxy's
        iptables rules forward only the Service's ports)."""
        from kubetui.engine.network.networkpolicy import policy_allows, source_of

        src = self._pod()
        if address == LOOPBACK or (src is not None and address == (src.get("status") or {}).get("podIP")):
            return True
        for node in self.sim.store.iter("Node"):
            if any(a.get("address") == address for a in (node.get("status") or {}).get("addresses") or ()):
                return self.sim.kubelet.alive(node["metadata"]["name"])
        dst = _by_address(self.sim.store, address)
        if dst is None or dst.get("kind") != "Pod":
            return False
        if not self.sim.kubelet.alive(dst["spec"].get("nodeName") or "") or \
                self.sim.kubelet.runtime(dst["metadata"]["namespace"], dst["metadata"]["name"]) is None:
            return False
        return policy_allows(self.sim.store, source_of(src), dst, 0, "ICMP")[0]

    def send(self, conn: Connection, text: str, method: str = "", path: str = "") -> Reply | str | None:
        """`text` sent on an open connection to a server a script started (shell/net.py): its
        reply (what nc sends back, as text); None when no such server is at the other end."""
        from kubetui.engine.kubelet.shell.net import serve

        entry = listener(self.sim, conn.pod, conn.target) if conn.pod is not None else None
        if entry is None:
            return None
        src = self._pod() or {}
        client = (src.get("status") or {}).get("podIP") or LOOPBACK
        return serve(entry, method, path, text, client, self.sim.tick)

    def nslookup(self, host: str) -> tuple[int, str]:
        return self.sim.network.dns.nslookup(host, self.namespace)


def _search_path(fs: FileSystem | None) -> list[str] | None:
    """The `search` line of the container's /etc/resolv.conf (None: the pod's default path)."""
    if fs is None:
        return None
    try:
        text = fs.read("/etc/resolv.conf")
    except Exception:  # noqa: BLE001 - any unreadable resolv.conf means the default path
        return None
    for line in text.splitlines():
        words = line.split()
        if words and words[0] == "search":
            return words[1:]
    return []


def _by_address(store, address: str) -> dict | None:
    """The Service (ClusterIP or load-balancer address) or pod that owns `address`."""
    for svc in store.iter("Service"):
        spec = svc.get("spec") or {}
        lb = ((svc.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        if spec.get("clusterIP") == address or address in (spec.get("clusterIPs") or ()) or \
                any(i.get("ip") == address for i in lb):
            return svc
    for pod in store.iter("Pod"):
        if (pod.get("status") or {}).get("podIP") == address:
            return pod
    return None


def _is_node(store, address: str) -> bool:
    return any(a.get("address") == address for node in store.iter("Node")
               for a in (node.get("status") or {}).get("addresses") or ())


def _node_port(store, port: int) -> tuple[dict, int] | None:
    """The Service whose nodePort is `port` (kube-proxy listens on it on every node), and its port."""
    for svc in store.iter("Service"):
        for entry in (svc.get("spec") or {}).get("ports") or ():
            if entry.get("nodePort") == port:
                return svc, entry.get("port")
    return None


def pod_reply(sim, pod: dict, port: int | None, method: str = "GET", path: str = "/", host: str = "",
              agent: str = "", client: str = LOOPBACK, log: bool = True) -> Reply | None:
    """What answers an HTTP request on the pod's `port`: a server a process started there, else
    the app (http.py); None when it speaks no HTTP. `log=False` only looks: the app's access log
    is left to the request that is recorded."""
    from kubetui.engine.kubelet.shell.net import serve

    entry = listener(sim, pod, port)
    if entry is None:
        reply = app_reply(sim, pod, port, method, path, agent)
        if reply is not None and log:
            access_log(sim, pod, port, method, path, reply, agent, client)
        return reply
    sent = serve(entry, method, path, f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n{agent}\r\n", client, sim.tick)
    return parse_reply(sent) if isinstance(sent, str) else sent


def listener(sim, pod: dict, port: int | None) -> dict | None:
    """The server a process of a running container of the pod started on `port` (`nc -l`,
    `httpd`, `python -m http.server`, in its own script or through `kubectl exec`: its entry in
    the container's port table), or None. The pod's containers share its network namespace."""
    rt = sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
    for c in [*rt.containers, *rt.ephemeral] if rt is not None and port is not None else ():
        entry = (c.ports or {}).get(port) if c.state == "running" else None
        if entry is not None and not entry["closed"]:
            return entry
    return None


def listens(sim, pod: dict, port: int) -> bool:
    """Something in the pod listens on `port`: the one rule every client follows (other pods,
    Services, port-forward, the connection objective). A server a process started (the
    container's script, or `kubectl exec`) listens on its port; an app, on its image's documented
    ports when it has them (nginx listens on 80 whatever the manifest declares), else on the ports
    its container declares, or any port when it declares none (a host-network pod: none). A
    container running a command of its own (`sleep 3600`, a shell script) or a tool image's
    (busybox) serves nothing else. `containerPort` is informational, as on a real cluster."""
    from kubetui.engine.kubelet.containers import answering

    if listener(sim, pod, port) is not None:
        return True
    rt = sim.kubelet.runtime(pod["metadata"]["namespace"], pod["metadata"]["name"])
    host_network = bool((pod.get("spec") or {}).get("hostNetwork"))
    for c in rt.containers if rt is not None else ():
        if c.init and not c.sidecar or not answering(c, sim.tick):
            continue
        if c.program is not None or c.machine is not None or (c.behavior is not None
                                                               and c.behavior.runSeconds is not None):
            continue
        if app_listens(c, port, host_network):
            return True
    return False


def forward_refused(pod: dict, port: int) -> str:
    """containerd's words when a port-forward finds nothing listening on `port` inside the pod
    (the kubelet passes them on; kubectl prints them after "an error occurred forwarding")."""
    digest = hashlib.sha256(f"{pod['metadata']['uid']}/sandbox".encode()).hexdigest()
    sandbox, netns = digest, f"cni-{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    return (f"error forwarding port {port} to pod {sandbox}, uid : failed to execute portforward in network namespace "
            f'"/var/run/netns/{netns}": failed to connect to localhost:{port} inside namespace "{sandbox}", IPv4: dial '
            f"tcp4 127.0.0.1:{port}: connect: connection refused IPv6 dial tcp6 [::1]:{port}: connect: connection "
            "refused ")


def app_listens(c, port: int | None, host_network: bool = False) -> bool:
    """An app container listens on `port`: its image's documented ports when it has them (nginx
    listens on 80 whatever the manifest declares), else the ports it declares, else any (a
    host-network pod: none)."""
    if c.behavior is not None and c.behavior.ports:
        return port in c.behavior.ports
    declared = [p.get("containerPort") for p in c.spec.get("ports") or ()]
    return port in declared or not (declared or host_network)
