"""The Kubelet of every node: registers the node and renews its Lease, admits the pods bound
to it, pulls images, starts containers, restarts crashed ones with back-off, kills on deletion
and reports pod status.

Work is driven by timers (an image finishes pulling, an app answers, a process exits), so a
steady cluster costs nothing per tick. The timers are this class's methods; what they act on
lives beside it: the runtime state (containers.py), status rendering (status.py), probes
(probes.py), the node's Lease (nodelease.py), images (images.py), volumes and eviction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from kubetui.engine.kubelet import controlplane, nginx, nodelease, probes, process
from kubetui.engine.kubelet.breach import Breaches
from kubetui.engine.kubelet.containers import (
    LOG_LINES,
    Container,
    MiB,
    PodRuntime,
    environment,
    expanded_spec,
    limit_bytes,
    loop_logs,
    pending_probe_lines,
    settle_probe_lines,
    startup_logs,
    transition,
)
from kubetui.engine.kubelet.envvars import service_env
from kubetui.engine.kubelet.eviction import EvictionManager
from kubetui.engine.kubelet.imageconfig import container_env
from kubetui.engine.kubelet.images import DEFAULT_BEHAVIOR, ImageBehavior, behavior_for, present_message, pulled_message
from kubetui.engine.kubelet.programs import Program, understand
from kubetui.engine.kubelet.status import FINISHED, pod_status, terminated_state, update_readiness
from kubetui.engine.kubelet.termination import termination_message
from kubetui.engine.kubelet.volumes import Volumes
from kubetui.engine.network.addresses import pod_ip
from kubetui.engine.sharedvalues import per_command
from kubetui.engine.store import finish_pod
from kubetui.model.clock import timestamp
from kubetui.model.quantity import cpu_millis

if TYPE_CHECKING:
    from kubetui.engine.kubelet.shell.fs import Volume
    from kubetui.engine.simulation import Simulation

BACKOFF_INITIAL = 10
BACKOFF_MAX = 300
BACKOFF_RESET = 600
"""Crash back-off: 10 s doubling to 300 s, forgotten after 10 minutes of running."""
STOP_SECONDS = 1
"""How long a well-behaved app takes to exit on SIGTERM."""


@dataclass
class NodeAgent:
    name: str
    alive: bool = True
    since: int = 0
    """Tick the kubelet (re)started posting status: heartbeats fall every 10 s from here."""
    stopped_at: int | None = None
    images: dict[str, None] = field(default_factory=dict)
    next_ip: int = 2
    index: int = 0


class Kubelet:
    HEARTBEAT = 10

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.store = sim.store
        self.agents: dict[str, NodeAgent] = {}
        self.pods: dict[tuple[str, str], PodRuntime] = {}
        self.admitting: dict[tuple[str, str], str] = {}
        """Pods bound to a node whose kubelet picks them up on its next sync: key -> uid."""
        self.store.watch("Pod", self._on_pod, unbound_creates=False, status_blind=True)
        """Not told of an unbound pod's creation (it waits for the binding), nor of a status write
        that keeps the pod's metadata and spec (its own reports, two a pod on its way to Running):
        `_on_pod` acts on a binding, a deletion or a spec change."""
        self.store.watch("Node", self._on_node)
        self.volumes = Volumes(sim)
        """The volume manager: ConfigMap/Secret files, claims, the data apps write."""
        self.eviction = EvictionManager(self)
        """Node memory pressure and the pods evicted to relieve it."""
        self.breaches = Breaches(sim)
        """Simulated container escapes from compromised images."""
        self._node_ips: dict[str, tuple[dict | None, str]] = {}
        """node -> (the Node object, its InternalIP) last read: every status write names it."""
        self._service_env: dict[tuple[str, bool], dict[str, str]] = {}
        """(namespace, enableServiceLinks) -> the Service variables its containers start with, until a
        Service changes: every pod of a namespace started in between gets the same."""
        self.store.watch("Service", self._on_service)
        self.disks: dict[tuple, Volume] = {}
        """Files that outlive a pod: a node's hostPath directories by ("host", node, path), other
        PersistentVolumes' by ("pv", name)."""

    # -- nodes -------------------------------------------------------------------------------
    def register(self, node: str) -> None:
        index = len(self.agents) + 1
        self.agents[node] = NodeAgent(node, since=self.sim.tick, index=index)
        self._renew_lease(node, self.sim.tick, 1 + index % self.HEARTBEAT)

    def _renew_lease(self, node: str, since: int, next_in: int = nodelease.RENEW_SECONDS) -> None:
        """Renew the node's Lease and come back in `next_in` s (then every 10 s), for as long as
        this run of the kubelet lasts (`since` tells one run from the next). Nodes that start
        together renew on different ticks, as machines' clocks never line up."""
        agent = self.agents.get(node)
        if agent is None or not agent.alive or agent.since != since:
            return
        nodelease.renew(self.store, node, self.sim.tick)
        self.sim.at(self.sim.tick + next_in, self._renew_lease, node, since)

    def _on_service(self, event: str, old: dict | None, new: dict | None) -> None:
        self._service_env.clear()

    def _on_node(self, event: str, old: dict | None, new: dict | None) -> None:
        """`kubectl delete node`: in kubetui the machine behind the Node is shut down with it."""
        if new is None:
            assert old is not None
            if old["metadata"]["name"] in self.agents:
                self.stop(old["metadata"]["name"])
                self.sim.meter.machine_down(old["metadata"]["name"])

    def last_heartbeat(self, node: str) -> int:
        agent = self.agents[node]
        end = self.sim.tick if agent.alive else agent.stopped_at
        assert end is not None, "stop() sets stopped_at whenever it clears alive"
        return end - ((end - agent.since) % self.HEARTBEAT)

    def stop(self, node: str) -> None:
        """The node goes dark: no heartbeats, no pod work, containers frozen as they were."""
        agent = self.agents[node]
        if not agent.alive:
            return
        agent.alive = False
        agent.stopped_at = self.sim.tick
        for rt in self.runtimes_on(node):
            for c in rt.containers:
                c.epoch += 1

    def restart(self, node: str) -> None:
        """The node is back: it posts Ready again and catches up with its pods."""
        agent = self.agents[node]
        if agent.alive:
            return
        agent.alive = True
        agent.since = self.sim.tick
        agent.stopped_at = None
        self._renew_lease(node, agent.since, 1 + agent.index % self.HEARTBEAT)
        node_obj = self.store.get("Node", None, node)
        if node_obj is not None:
            now = timestamp(self.sim.tick)
            conds = [self._cond_ready(c, now) for c in node_obj["status"]["conditions"]]
            self.store.update_status({**node_obj, "status": {**node_obj["status"], "conditions": conds}})
            self.sim.recorder.emit(node_obj, "Normal", "NodeReady", f"Node {node} status is now: NodeReady",
                                     "kubelet", node)
        for pod in self.store.pods_on(node):
            key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
            rt = self.pods.get(key)
            if rt is None:
                self._admit(pod)
                continue
            if pod["metadata"].get("deletionTimestamp"):
                self._kill(pod, rt)
                continue
            for c in rt.containers:
                c.epoch += 1
                if c.state == "running":
                    self._arm(rt, c)
                elif c.state == "waiting":
                    self.sim.after(1, self._start_next, key, rt.uid)
            self.publish(rt)

    @staticmethod
    def _cond_ready(cond: dict, now: str) -> dict:
        from kubetui.engine.nodes import ready_conditions

        for fresh in ready_conditions(now):
            if fresh["type"] == cond["type"]:
                return fresh
        return cond

    def alive(self, node: str) -> bool:
        agent = self.agents.get(node)
        return agent is not None and agent.alive

    def runtimes_on(self, node: str) -> list[PodRuntime]:
        return [self.pods[k] for k in self.store.pods_by_node.get(node, ()) if k in self.pods]

    # -- pods --------------------------------------------------------------------------------
    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            key = (old["metadata"]["namespace"], old["metadata"]["name"])
            rt = self.pods.get(key)
            if rt is not None and rt.uid == old["metadata"]["uid"]:
                del self.pods[key]
            return
        node = new["spec"].get("nodeName")
        agent = self.agents.get(node) if node else None  # `alive`, written out
        if agent is None or not agent.alive:
            return
        key = (new["metadata"]["namespace"], new["metadata"]["name"])
        uid = new["metadata"]["uid"]
        rt = self.pods.get(key)
        if rt is None or rt.uid != uid:
            if not new["metadata"].get("deletionTimestamp") and self.admitting.get(key) != uid:
                self.admitting[key] = uid
                self.sim.after(1, self._admit_key, key, uid)
            return
        if new["metadata"].get("deletionTimestamp") and not rt.killing:
            self._kill(new, rt)
        elif old is not None and not rt.killing and old["spec"] is not new["spec"] and old["spec"] != new["spec"]:
            self._images_changed(new, rt)
            if len(new["spec"].get("ephemeralContainers") or ()) > len(rt.ephemeral):
                self.sim.after(1, self._start_ephemeral, key, uid)

    def _start_ephemeral(self, key, uid) -> None:
        """Start the ephemeral containers added to a running pod, at the kubelet's next sync."""
        rt = self._live(key, uid)
        if rt is None or rt.phase in FINISHED:
            return
        pod = self._pod(key)
        known = {c.name for c in rt.ephemeral}
        for spec in pod["spec"].get("ephemeralContainers") or ():
            if spec["name"] not in known:
                c = Container(spec["name"], spec, ephemeral=True)
                rt.ephemeral.append(c)
                self._prepare(rt, c, pod)
        self.publish(rt)

    def _images_changed(self, pod: dict, rt: PodRuntime) -> None:
        """`kubectl set image pod/...`: a container whose image changed is killed and started
        again from the new image (the only container change a pod update may make)."""
        specs = {c["name"]: c for c in pod["spec"].get("containers", []) + pod["spec"].get("initContainers", [])}
        for c in rt.containers:
            spec = specs.get(c.name)
            if spec is None or spec.get("image") == c.spec.get("image"):
                continue
            if c.state == "running":
                self.event(pod, "Normal", "Killing", f"Container {c.name} definition changed, will be restarted", c)
                c.restarts += 1
            c.spec = spec
            c.epoch += 1
            c.ready = False
            c.state, c.reason, c.message = "waiting", "ContainerCreating", ""
            self._prepare(rt, c, pod)
        update_readiness(rt, self.sim.tick)
        self.publish(rt)

    def _admit_key(self, key: tuple[str, str], uid: str) -> None:
        if self.admitting.get(key) != uid:
            return
        del self.admitting[key]
        pod = self.store.get("Pod", *key)
        if pod is None or pod["metadata"]["uid"] != uid:
            return
        agent = self.agents.get(pod["spec"].get("nodeName", ""))
        if agent is None or not agent.alive:
            return
        if pod["metadata"].get("deletionTimestamp"):
            finish_pod(self.store, *key)
            return
        self._admit(pod)

    def _admit(self, pod: dict) -> PodRuntime:
        meta, spec = pod["metadata"], pod["spec"]
        agent = self.agents[spec["nodeName"]]
        if spec.get("hostNetwork"):
            ip = self.node_ip(spec["nodeName"])
        else:
            ip = pod_ip(agent.index, agent.next_ip)
            agent.next_ip += 1
        inits = spec.get("initContainers", ())
        containers = [Container(c["name"], c, init=True) for c in inits]
        containers += [Container(c["name"], c) for c in spec.get("containers", ())]
        if inits:
            for c in containers:
                c.reason = "PodInitializing"
        now = self.sim.tick
        rt = PodRuntime(meta["namespace"], meta["name"], meta["uid"], spec["nodeName"], containers, ip, now,
                        dict(_admitted(now, bool(inits))))
        key = (rt.namespace, rt.name)
        self.pods[key] = rt
        self.publish(rt)
        self.sim.after(1, self._sandbox_ready, key, rt.uid)
        return rt

    def evict(self, rt: PodRuntime, pod: dict, message: str) -> None:
        """The eviction manager's kill: a Warning `Evicted`, every running container stopped at once."""
        self.event(pod, "Warning", "Evicted", message)
        for c in rt.containers:
            if c.state == "running":
                self.event(pod, "Normal", "Killing", f"Stopping container {c.name}", c)
                self._terminate(rt, c, 137, "Error")
        self.publish(rt)

    def oom_under_load(self, pod_rps: dict[tuple[str, str], float]) -> None:
        """A container whose memory under load (`pod_rps`: requests per second each pod serves)
        passes its limit is OOMKilled, as the kernel would."""
        for (ns, name), rps in sorted(pod_rps.items()):
            rt = self.pods.get((ns, name))
            if rt is None:
                continue
            for c in rt.containers:
                b = c.behavior
                if c.init or b is None or b.memoryPerRps <= 0 or c.state != "running":
                    continue
                limit = limit_bytes(c.spec, "memory")
                if limit is None:
                    continue
                running = self.sim.tick - (c.started_at or self.sim.tick)
                use = (b.memory + b.memoryGrowth * running + b.memoryPerRps * rps) * MiB
                if use > limit:
                    self._exited((ns, name), rt.uid, c.name, c.epoch, 137, "OOMKilled")
                break

    def node_ip(self, node: str) -> str:
        obj = self.store.get("Node", None, node)
        known = self._node_ips.get(node)
        if known is not None and known[0] is obj:
            return known[1]
        ip = ""
        for a in (obj or {}).get("status", {}).get("addresses", ()):
            if a["type"] == "InternalIP":
                ip = a["address"]
                break
        self._node_ips[node] = (obj, ip)
        return ip

    def _live(self, key: tuple[str, str], uid: str) -> PodRuntime | None:
        rt = self.pods.get(key)
        if rt is None or rt.uid != uid or rt.killing:
            return None
        agent = self.agents.get(rt.node)  # `alive`, written out: every timer of a pod asks
        return rt if agent is not None and agent.alive else None

    def _sandbox_ready(self, key, uid) -> None:
        rt = self._live(key, uid)
        if rt is None:
            return
        pod = self._pod(key)
        failed = self.volumes.mount(pod)
        if failed is not None:
            volume, error = failed
            if error:
                self.event(pod, "Warning", "FailedMount",
                           f'MountVolume.SetUp failed for volume "{volume}" : {error}')
            self.sim.after(10 if error else 1, self._sandbox_ready, key, uid)
            return
        rt.conditions["PodReadyToStartContainers"] = transition("True", self.sim.tick)
        self._start(rt, pod)

    def _start_next(self, key, uid) -> None:
        """Start what may start now: the next init container, or every app container."""
        rt = self._live(key, uid)
        if rt is None:
            return
        self._start(rt, self._pod(key))

    def _start(self, rt: PodRuntime, pod: dict) -> None:
        """`_start_next` of the live runtime `rt` and its stored Pod."""
        for c in rt.containers:
            if c.init:
                if c.sidecar and c.started:
                    continue
                if not c.sidecar and c.state == "terminated" and c.exit_code == 0:
                    continue
                if c.state == "waiting" and c.reason in ("PodInitializing", "ContainerCreating", "CreateContainerConfigError"):
                    self._prepare(rt, c, pod)
                return
        if rt.conditions["Initialized"][0] != "True":
            rt.conditions["Initialized"] = transition("True", self.sim.tick)
        for c in rt.containers:
            if not c.init and c.state == "waiting" and c.reason in ("PodInitializing", "ContainerCreating", "CreateContainerConfigError"):
                self._prepare(rt, c, pod)
        if len(pod["spec"].get("ephemeralContainers") or ()) > len(rt.ephemeral):
            self.sim.after(1, self._start_ephemeral, (rt.namespace, rt.name), rt.uid)
        for c in rt.containers:
            if not c.init and c.state == "waiting" and c.reason == "ContainerCreating":
                return  # an image is being pulled: the pod worker is busy until it is in (no report)
        self.publish(rt)

    def _prepare(self, rt: PodRuntime, c: Container, pod: dict) -> None:
        """Resolve env from ConfigMaps and Secrets, then pull the image."""
        links = (pod["metadata"]["namespace"], pod["spec"].get("enableServiceLinks", True) is not False)
        services = self._service_env.get(links)
        if services is None:
            services = self._service_env[links] = service_env(self.store, *links)
        host_ip = self.node_ip(rt.node) if c.spec.get("env") else ""  # only an env var's fieldRef reads it
        env, problem = environment(self.store, pod, c.spec, rt.ip, host_ip, services)
        if problem:
            self._config_error(rt, c, pod, problem)
            return
        c.env = env
        c.spec = expanded_spec(c.spec, env)
        c.reason, c.message = "ContainerCreating", ""
        image = c.spec.get("image", "")
        agent = self.agents[rt.node]
        policy = c.spec.get("imagePullPolicy", "IfNotPresent")
        behavior = self.sim.registry.lookup(image)
        if policy != "Always" and image in agent.images:
            self.event(pod, "Normal", "Pulled", present_message(image), c)
            self._create(rt, c, pod, behavior or DEFAULT_BEHAVIOR)
            return
        if policy == "Never":
            msg = f'Container image "{image}" is not present with pull policy of Never'
            c.reason, c.message = "ErrImageNeverPull", msg
            self.event(pod, "Warning", "ErrImageNeverPull", msg, c)
            self.publish(rt)
            return
        self.event(pod, "Normal", "Pulling", f'Pulling image "{image}"', c)
        seconds = (behavior or DEFAULT_BEHAVIOR).pullSeconds
        self.sim.after(seconds, self._pulled, (rt.namespace, rt.name), rt.uid, c.name, c.epoch, seconds)

    def _config_error(self, rt: PodRuntime, c: Container, pod: dict, problem: str) -> None:
        """The container's config cannot be generated (a missing key, a root image under
        runAsNonRoot): CreateContainerConfigError, tried again at the next sync."""
        if c.reason != "CreateContainerConfigError":
            self.event(pod, "Warning", "Failed", f"Error: {problem}", c)
        c.reason, c.message = "CreateContainerConfigError", problem
        self.publish(rt)
        self.sim.after(10, self._retry_config, (rt.namespace, rt.name), rt.uid, c.name, c.epoch)

    def _retry_config(self, key, uid, name, epoch) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is not None and found[1].state == "waiting":
            self._start_next(key, uid)

    def _pulled(self, key, uid, name, epoch, seconds) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        image = c.spec.get("image", "")
        behavior = self.sim.registry.lookup(image)
        if behavior is None:
            msg = self.sim.registry.pull_error(image)
            self.event(pod, "Warning", "Failed", msg, c)
            self.event(pod, "Warning", "Failed", "Error: ErrImagePull", c)
            first = c.reason != "ImagePullBackOff"
            c.reason, c.message = "ErrImagePull", msg
            c.backoff = BACKOFF_INITIAL if first and not c.backoff else min(BACKOFF_MAX, c.backoff * 2)
            self.publish(rt)
            c.epoch += 1
            self.sim.after(1, self._image_backoff, key, uid, name, c.epoch)
            return
        self.agents[rt.node].images[image] = None
        self.event(pod, "Normal", "Pulled", pulled_message(image, seconds, self.sim.registry.size_bytes(image)), c)
        self._create(rt, c, pod, behavior)

    def _image_backoff(self, key, uid, name, epoch) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        image = c.spec.get("image", "")
        c.reason = "ImagePullBackOff"
        c.message = f'Back-off pulling image "{image}"'
        self.event(pod, "Normal", "BackOff", f'Back-off pulling image "{image}"', c)
        self.event(pod, "Warning", "Failed", "Error: ImagePullBackOff", c)
        self.publish(rt)
        self.sim.after(c.backoff, self._retry_pull, key, uid, name, c.epoch)

    def _retry_pull(self, key, uid, name, epoch) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        image = c.spec.get("image", "")
        self.event(pod, "Normal", "Pulling", f'Pulling image "{image}"', c)
        behavior = self.sim.registry.lookup(image) or DEFAULT_BEHAVIOR
        self.sim.after(behavior.pullSeconds, self._pulled, key, uid, name, c.epoch, behavior.pullSeconds)

    def _create(self, rt: PodRuntime, c: Container, pod: dict, behavior: ImageBehavior) -> None:
        problem = process.non_root_problem(pod, c.spec, behavior.user)
        if problem:
            self._config_error(rt, c, pod, problem)
            return
        command, args = c.spec.get("command"), c.spec.get("args")
        image, stdin = c.spec.get("image", ""), bool(c.spec.get("stdin"))
        c.behavior, c.script, bare, error = _start_plan(behavior, image, command, args, stdin)
        c.program = understand(command, args, container_env(image, c.env), stdin=stdin) if command or args else None
        if c.script is not None or bare:
            c.program = Program(None, ignores_sigterm=True)
        self.event(pod, "Normal", "Created", f"Created container: {c.name}", c)
        if command or args:  # else no program of its own, none on a volume
            error = process.entrypoint_in_volume(self.store, rt, c, pod, error, self._mounted_files(rt))
        if error is not None:
            self._start_failed(rt, c, pod, error)
            return
        self.event(pod, "Normal", "Started", f"Started container {c.name}", c)
        self._run(rt, c, pod)

    def _mounted_files(self, rt: PodRuntime) -> dict[str, dict[str, str]] | None:
        mounted = self.volumes.mounted.get((rt.namespace, rt.name))
        return mounted.files if mounted is not None else None

    def _start_failed(self, rt: PodRuntime, c: Container, pod: dict, error: str) -> None:
        """The runtime could not start the program: StartError (exit 128), then the restartPolicy."""
        self.event(pod, "Warning", "Failed", f"Error: {error}", c)
        c.container_id = "containerd://" + hashlib.sha256(f"{rt.uid}/{c.name}/{c.restarts}".encode()).hexdigest()
        c.started_at = self.sim.tick
        self._terminate(rt, c, 128, "StartError")
        c.message = error
        c.logs, c.log_ticks = [], []
        self._after_exit(rt, c, pod)

    def _shell(self, key, uid, name, epoch) -> None:
        """Advance the container's shell script to this tick; its output goes to the log."""
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        m = c.machine
        assert m is not None, "_arm sets this timer only with a machine; a new run bumps the epoch"
        m.advance(self.sim.tick, budget=process.STEPS_PER_TICK)
        self._drain(c, m)
        if rt.volumes:
            self.eviction.volumes_written(rt, pod)
            if self.tmpfs_over_limit(rt, c, pod):
                self._exited(key, uid, name, c.epoch, 137, "OOMKilled")
                return
        if m.done:
            self._exited(key, uid, name, c.epoch, m.exit_code, None)
            return
        self.sim.at(max(self.sim.tick + 1, m.wake_at), self._shell, key, uid, name, c.epoch)

    def tmpfs_over_limit(self, rt: PodRuntime, c: Container, pod: dict) -> bool:
        """Is `c` past its memory limit, or the pod past its own, with what its memory-backed
        emptyDirs hold? A tmpfs page is charged to the memory cgroup of the container run that
        first wrote it (a file another container wrote costs this one nothing; a restart starts
        a new cgroup, and the old run's pages move up to the pod's). The pod's cgroup, limited to
        the sum of its containers' limits when each has one, counts every page once. Past a
        limit the kernel's OOM killer ends the container (memory.oom.group: the whole container)."""
        memory = {v.get("name") for v in pod["spec"].get("volumes") or ()
                  if (v.get("emptyDir") or {}).get("medium") == "Memory"}
        mounted = sorted(m.get("name") for m in c.spec.get("volumeMounts") or () if m.get("name") in memory)
        if not any(rt.volumes[n].used() for n in mounted if n in rt.volumes):
            return False
        limit = limit_bytes(c.spec, "memory")
        charged = sum(rt.volumes[n].charged(c.container_id) for n in mounted if n in rt.volumes)
        if limit is not None and charged > 0 and (c.behavior or DEFAULT_BEHAVIOR).memory * MiB + charged > limit:
            return True
        limits = [limit_bytes(x.spec, "memory") for x in rt.containers]
        if not limits or None in limits:
            return False
        running = sum((x.behavior or DEFAULT_BEHAVIOR).memory * MiB for x in rt.containers if x.state == "running")
        return running + sum(v.used() for n, v in sorted(rt.volumes.items()) if n in memory) > sum(limits)  # type: ignore[arg-type]

    def _tmpfs_full(self, key, uid, name) -> bool:
        """Asked by the container's shell after each program it runs: its memory volumes are
        past its limit (the OOM killer ends the shell there)."""
        rt = self.pods.get(key)
        pod = self.store.get("Pod", *key)
        if rt is None or rt.uid != uid or pod is None:
            return False
        c = next((c for c in rt.containers if c.name == name), None)
        return c is not None and self.tmpfs_over_limit(rt, c, pod)

    def oom_kill(self, rt: PodRuntime, c: Container) -> None:
        """The OOM killer ends the container at the next tick (a process exec'd into it filled its
        memory)."""
        self.sim.at(self.sim.tick + 1, self._exited, (rt.namespace, rt.name), rt.uid, c.name, c.epoch, 137,
                    "OOMKilled")

    def _drain(self, c: Container, m) -> None:
        """What the script printed goes to the container's log, a line at a time."""
        text = c.partial + "".join(t for _, t in m.console)
        m.console.clear()
        *lines, c.partial = text.split("\n")
        if m.done and c.partial:
            lines.append(c.partial)
            c.partial = ""
        if isinstance(c.logs, tuple) or isinstance(c.log_ticks, tuple):  # shared: copied on first write
            c.logs, c.log_ticks = list(c.logs), list(c.log_ticks)
        c.logs.extend(lines[-5000:])
        c.log_ticks.extend([self.sim.tick] * len(lines[-5000:]))
        del c.logs[:-5000]
        del c.log_ticks[:-5000]

    def _run(self, rt: PodRuntime, c: Container, pod: dict | None = None) -> None:
        """Start the container's process. `pod`: the stored Pod, when the caller has just read it."""
        now = self.sim.tick
        c.epoch += 1
        c.state, c.reason, c.message = "running", "", ""
        c.started_at = now
        c.finished_at = None
        c.container_id = "containerd://" + hashlib.sha256(f"{rt.uid}/{c.name}/{c.restarts}".encode()).hexdigest()
        b = c.behavior or DEFAULT_BEHAVIOR
        c.answering_at = now + b.startSeconds if b.ready else None
        c.started = c.spec.get("startupProbe") is None
        in_shell = c.script is None and c.behavior is not None and c.behavior.shell is not None
        launch = nginx.launch(c) if in_shell else None
        runs_nginx = launch is not None and launch[0]
        if runs_nginx:  # nginx.start prints its own start
            c.logs, c.log_ticks = (), ()
        else:
            c.logs = startup_logs(rt, c, now)
            offsets = [t for t, _ in c.program.logs] if c.program is not None else []
            c.log_ticks = [now + (offsets[i] if i < len(offsets) else 0) for i in range(len(c.logs))]
        if pod is None:
            pod = self.store.get("Pod", rt.namespace, rt.name)
        live = pod or {}
        c.partial, c.machine, c.ports = "", None, None
        mounted = self.volumes.mounted.get((rt.namespace, rt.name))
        files = mounted.files if mounted is not None else None
        if c.script is not None:
            c.machine = process.start_machine(self.store, rt, c, live, c.script, files)
            if limit_bytes(c.spec, "memory") is not None and any(
                    (v.get("emptyDir") or {}).get("medium") == "Memory" for v in live.get("spec", {}).get("volumes") or ()):
                c.machine.context["oom"] = partial(self._tmpfs_full, (rt.namespace, rt.name), rt.uid, c.name)
        elif in_shell:
            assert c.behavior is not None
            c.fs = process.container_fs(self.store, rt, c, live, files)
            if runs_nginx:
                code = nginx.start(self.sim, rt, c, now, launch)
                if code is not None:
                    self.exit_soon(rt, c, code)
                ports = tuple(c.nginx.conf.ports) if c.nginx else ()
                if ports != c.behavior.ports:  # a copy per container only where its conf moved nginx
                    c.behavior = c.behavior.model_copy(update={"ports": ports})
        self.volumes.container_started(pod, c.spec, b)
        self.eviction.changed(rt.node)
        self.breaches.container_started(rt, c)
        self._arm(rt, c)
        update_readiness(rt, self.sim.tick)
        self.publish(rt)
        if c.sidecar and c.started:
            self.sidecar_started(rt)

    def sidecar_started(self, rt: PodRuntime) -> None:
        """A sidecar that has started (its startup probe passed) lets the next init container
        start at the kubelet's next sync."""
        if rt.conditions["Initialized"][0] != "True":
            self.sim.after(1, self._start_next, (rt.namespace, rt.name), rt.uid)

    def _arm(self, rt: PodRuntime, c: Container) -> None:
        """Set the timers of a running container: exit, OOM, probes."""
        key, uid, now = (rt.namespace, rt.name), rt.uid, self.sim.tick
        b = c.behavior or DEFAULT_BEHAVIOR
        started = c.started_at if c.started_at is not None else now
        program = c.program
        run = program.run_seconds if program is not None else b.runSeconds
        if c.init and not c.sidecar and run is None and program is None and not b.ports:
            run = b.runSeconds if b.runSeconds is not None else 0
        exit_code = program.exit_code if program is not None else b.exitCode
        if run is not None:
            self.sim.at(max(now + 1, started + run), self._exited, key, uid, c.name, c.epoch, exit_code, None)
        elif b.crashAfterSeconds is not None:
            self.sim.at(max(now + 1, started + b.crashAfterSeconds), self._exited, key, uid, c.name, c.epoch,
                        b.exitCode or 1, None)
        limit = limit_bytes(c.spec, "memory")
        if limit is not None:
            base = b.memory * MiB
            if base > limit:
                self.sim.at(now + 1, self._exited, key, uid, c.name, c.epoch, 137, "OOMKilled")
            elif b.memoryGrowth > 0:
                seconds = int((limit - base) / (b.memoryGrowth * MiB)) + 1
                self.sim.at(max(now + 1, started + seconds), self._exited, key, uid, c.name, c.epoch, 137, "OOMKilled")
        for probe_name in probes.PROBES:
            probe = c.spec.get(probe_name)
            if probe is not None and (not c.init or c.sidecar):
                first = started + probe.get("initialDelaySeconds", 0)
                self.sim.at(max(now + 1, first), self._probe, key, uid, c.name, c.epoch, probe_name, 0)
        if c.spec.get("readinessProbe") is None and (not c.init or c.sidecar):
            c.ready = c.started
        if c.script is not None and c.machine is not None:
            self.sim.at(max(now, started), self._shell, key, uid, c.name, c.epoch)

    def _timer_target(self, key, uid, name, epoch) -> tuple[PodRuntime, Container, dict] | None:
        """What a container timer was set for, or None when it went stale (the pod was deleted
        or re-created, the node went dark, or the container changed state since)."""
        rt = self.pods.get(key)  # `_live`, `_container` and `_pod`, written out: every container timer asks
        if rt is None or rt.uid != uid or rt.killing:
            return None
        agent = self.agents.get(rt.node)
        if agent is None or not agent.alive:
            return None
        found: Container | None = None
        for c in rt.containers:
            if c.name == name:
                found = c
                break
        else:
            found = next((c for c in rt.ephemeral if c.name == name), None)
        if found is None or found.epoch != epoch:
            return None
        pod = self.store.get("Pod", *key)
        assert pod is not None
        return rt, found, pod

    def _pod(self, key: tuple[str, str]) -> dict:
        """The stored Pod of a live runtime: it is there, as `_on_pod` drops the runtime when the
        Pod leaves the store."""
        pod = self.store.get("Pod", *key)
        assert pod is not None
        return pod

    def _container(self, rt: PodRuntime | None, name: str, epoch: int) -> Container | None:
        if rt is None:
            return None
        for c in rt.containers:
            if c.name == name:
                return c if c.epoch == epoch else None
        for c in rt.ephemeral:
            if c.name == name:
                return c if c.epoch == epoch else None
        return None

    def _probe(self, key, uid, name, epoch, probe_name, failures) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        period = c.spec[probe_name].get("periodSeconds", 10)
        failures = probes.probe(self, rt, c, pod, probe_name, failures)
        if failures is not None:
            self.sim.after(period, self._probe, key, uid, name, c.epoch, probe_name, failures)

    def kill_unhealthy(self, rt: PodRuntime, c: Container, pod: dict, which: str) -> None:
        """A probe failed too often: the container is killed, then restarted as its restartPolicy says."""
        self.event(pod, "Normal", "Killing", f"Container {c.name} failed {which} probe, will be restarted", c)
        if c.nginx is not None:
            nginx.stopped(c, self.sim.tick)
        self._terminate(rt, c, 0 if c.nginx is not None else 137, "Completed" if c.nginx is not None else "Error")
        self._after_exit(rt, c, pod)

    def exit_main(self, namespace: str, name: str, container: str, code: int) -> bool:
        """The container's process exits with `code` now (`sim exit`, or the shell a terminal was
        attached to ended: `kubectl run -it`, `kubectl debug -it`); False when it is not running."""
        rt = self.runtime(namespace, name)
        c = next((c for c in ([*rt.containers, *rt.ephemeral] if rt else []) if c.name == container
                  and c.state == "running"), None)
        if rt is None or c is None:
            return False
        self._terminate(rt, c, code, "Completed" if code == 0 else "Error")
        self._after_exit(rt, c, self._pod((namespace, name)))
        return True

    def exit_soon(self, rt: PodRuntime, c: Container, code: int) -> None:
        """The container's main process ends within the second (nginx refused its configuration,
        or `nginx -s quit` ended it)."""
        self.sim.at(self.sim.tick + 1, self._exited, (rt.namespace, rt.name), rt.uid, c.name, c.epoch, code, None)

    def _exited(self, key, uid, name, epoch, exit_code, reason) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        self._terminate(rt, c, exit_code, reason or ("Completed" if exit_code == 0 else "Error"))
        self._after_exit(rt, c, pod)

    def _terminate(self, rt: PodRuntime, c: Container, exit_code: int, reason: str) -> None:
        settle_probe_lines(c, self.sim.tick, end=True)
        c.epoch += 1
        c.state, c.reason, c.exit_code = "terminated", reason, exit_code
        c.finished_at = self.sim.tick
        c.message = termination_message(c)
        c.ready = False
        self.volumes.container_stopped(None, rt.uid, c.name)
        self.eviction.changed(rt.node)

    def _after_exit(self, rt: PodRuntime, c: Container, pod: dict) -> None:
        """Apply the pod's restartPolicy to a container that just stopped."""
        policy = "Always" if c.sidecar else pod["spec"].get("restartPolicy", "Always")
        failed = c.exit_code != 0
        if c.init and not c.sidecar and not failed:
            update_readiness(rt, self.sim.tick)
            self.publish(rt)
            self._start_next((rt.namespace, rt.name), rt.uid)
            return
        if c.ephemeral:
            self.publish(rt)
            return
        restart = policy == "Always" or (policy == "OnFailure" and failed)
        if c.init and not c.sidecar and failed and policy == "Never":
            restart = False
        if c.sidecar and self._main_done(rt, pod):
            restart = False
        if not restart:
            if not c.init and self._main_done(rt, pod):
                self._stop_sidecars(rt, pod)
            update_readiness(rt, self.sim.tick)
            self.publish(rt)
            return
        ran = (c.finished_at or 0) - (c.started_at or 0)
        if ran >= BACKOFF_RESET:
            c.backoff = 0
        delay = c.backoff
        c.backoff = BACKOFF_INITIAL if c.backoff == 0 else min(BACKOFF_MAX, c.backoff * 2)
        c.last = terminated_state(c)
        c.previous_logs, c.previous_log_ticks = c.logs, c.log_ticks
        if delay == 0:
            update_readiness(rt, self.sim.tick)
            self.publish(rt)
            self.sim.after(1, self._restart, (rt.namespace, rt.name), rt.uid, c.name, c.epoch)
            return
        c.state, c.reason = "waiting", "CrashLoopBackOff"
        c.message = f"back-off {_fmt_backoff(delay)} restarting failed container={c.name} pod={rt.name}_{rt.namespace}({rt.uid})"
        self.event(pod, "Warning", "BackOff", f"Back-off restarting failed container {c.name} in pod {rt.name}_{rt.namespace}({rt.uid})", c)
        update_readiness(rt, self.sim.tick)
        self.publish(rt)
        self.sim.after(delay, self._restart, (rt.namespace, rt.name), rt.uid, c.name, c.epoch)

    @staticmethod
    def _main_done(rt: PodRuntime, pod: dict) -> bool:
        """Every app container has exited for good (the pod's restartPolicy restarts none)."""
        policy = pod["spec"].get("restartPolicy", "Always")
        apps = [c for c in rt.containers if not c.init]
        return policy != "Always" and bool(apps) and all(
            c.state == "terminated" and (policy == "Never" or c.exit_code == 0) for c in apps)

    def _stop_sidecars(self, rt: PodRuntime, pod: dict) -> None:
        """The app containers are done: the sidecars are stopped, in reverse order, so that they
        never keep a Job's pod from finishing."""
        for c in reversed([c for c in rt.containers if c.sidecar]):
            if c.state == "running":
                self.event(pod, "Normal", "Killing", f"Stopping container {c.name}", c)
                self._terminate(rt, c, 137 if c.ignores_sigterm else 0, "Error" if c.ignores_sigterm else "Completed")
            elif c.state == "waiting":
                c.epoch += 1

    def _restart(self, key, uid, name, epoch) -> None:
        found = self._timer_target(key, uid, name, epoch)
        if found is None:
            return
        rt, c, pod = found
        c.restarts += 1
        image = c.spec.get("image", "")
        if c.spec.get("imagePullPolicy") == "Always":  # pulled again: only its manifest is new to fetch
            self.event(pod, "Normal", "Pulling", f'Pulling image "{image}"', c)
            self.event(pod, "Normal", "Pulled", pulled_message(image, 1, self.sim.registry.size_bytes(image)), c)
        else:
            self.event(pod, "Normal", "Pulled", present_message(image), c)
        self.event(pod, "Normal", "Created", f"Created container: {c.name}", c)
        error = process.start_error(c.spec.get("command"), c.spec.get("args"), c.behavior or DEFAULT_BEHAVIOR, image)
        error = process.entrypoint_in_volume(self.store, rt, c, pod, error, self._mounted_files(rt))
        if error is not None:
            self._start_failed(rt, c, pod, error)
            return
        self.event(pod, "Normal", "Started", f"Started container {c.name}", c)
        self._run(rt, c)

    # -- deletion ------------------------------------------------------------------------------
    def _kill(self, pod: dict, rt: PodRuntime) -> None:
        rt.killing = True
        grace = pod["metadata"].get("deletionGracePeriodSeconds", 30)
        slowest = 0
        apps = [c for c in rt.containers if not c.sidecar]
        for c in rt.ephemeral + apps + list(reversed([c for c in rt.containers if c.sidecar])):
            c.epoch += 1
            if c.state == "running":
                self.event(pod, "Normal", "Killing", f"Stopping container {c.name}", c)
                if c.machine is not None and c.machine.signal("TERM"):
                    self._drain(c, c.machine)
                if c.nginx is not None:
                    nginx.stopped(c, self.sim.tick)
                slowest = max(slowest, grace if c.ignores_sigterm else min(grace, STOP_SECONDS))
        self.sim.after(max(1, slowest), self._killed, (rt.namespace, rt.name), rt.uid)

    def _killed(self, key, uid) -> None:
        rt = self.pods.get(key)
        if rt is None or rt.uid != uid or not self.alive(rt.node):
            return
        pod = self.store.get("Pod", *key)
        if pod is None or pod["metadata"]["uid"] != uid:
            return
        if pod["metadata"].get("finalizers"):
            for c in rt.containers:
                if c.state == "running":
                    self._terminate(rt, c, 137 if c.ignores_sigterm else 0, "Error" if c.ignores_sigterm else "Completed")
            update_readiness(rt, self.sim.tick)
            self.publish(rt)
        finish_pod(self.store, *key)

    # -- status ---------------------------------------------------------------------------------
    def publish(self, rt: PodRuntime) -> None:
        """Write the pod's status as the runtime now has it."""
        pod = self.store.get("Pod", rt.namespace, rt.name)
        if pod is None or pod["metadata"]["uid"] != rt.uid:
            return
        status = pod_status(rt, pod, self.node_ip(rt.node), self.sim.tick)
        if self.store.update_status({**pod, "status": status})["status"] is status:
            rt.published = status
        if rt.phase in FINISHED:
            for c in rt.containers:
                c.epoch += 1

    def event(self, pod: dict | None, type_: str, reason: str, message: str, c: Container | None = None) -> None:
        if pod is None:
            return
        path = None if c is None else _field_path(c.name, c.init, c.ephemeral)
        self.sim.recorder.emit(pod, type_, reason, message, "kubelet", pod["spec"].get("nodeName"), path)

    # -- what other parts read -------------------------------------------------------------------
    def runtime(self, namespace: str, name: str) -> PodRuntime | None:
        return self.pods.get((namespace, name))

    def logs(self, namespace: str, name: str, container: str | None = None, previous: bool = False) -> list[str] | None:
        timed = self._timed_logs(namespace, name, container, previous)
        return None if timed is None else [line for line, _ in timed]

    def log_times(self, namespace: str, name: str, container: str | None = None,
                  previous: bool = False) -> list[int] | None:
        """The tick each line of `logs()` was printed at (for `--timestamps` and `--since`)."""
        timed = self._timed_logs(namespace, name, container, previous)
        return None if timed is None else [tick for _, tick in timed]

    def _timed_logs(self, namespace: str, name: str, container: str | None,
                    previous: bool) -> list[tuple[str, int]] | None:
        """(line, tick printed) of a container's log so far. A script whose run was worked out
        ahead (`echo hello; sleep 30; echo world`) holds lines stamped later than now: they are
        not printed yet."""
        rt = self.pods.get((namespace, name))
        if rt is None:
            return None
        for c in (*rt.containers, *rt.ephemeral):
            if container is None and not c.init or c.name == container:
                ticks = list(c.previous_log_ticks if previous else c.log_ticks)
                lines = list(c.previous_logs if previous else c.logs)
                ticks += [c.started_at or 0] * (len(lines) - len(ticks))
                if not previous and c.probe_logs:
                    more, at = pending_probe_lines(c, self.sim.tick)
                    lines, ticks = [*lines, *more][-LOG_LINES:], [*ticks, *at][-LOG_LINES:]
                p = c.program
                if not previous and p is not None and p.loop_logs and c.started_at is not None:
                    looped = loop_logs(c, self.sim.tick)
                    per = len(p.loop_logs)
                    lines += looped
                    ticks += [c.started_at + (i // per) * p.loop_period for i in range(len(looped))]
                now = self.sim.tick
                return [(line, tick) for line, tick in zip(lines, ticks) if previous or tick <= now]
        return None

    def state_digest(self) -> str:
        """Runtime state not visible in objects, folded into the simulation's checksum."""
        h = hashlib.blake2b(digest_size=16)
        for key in sorted(self.pods):
            rt = self.pods[key]
            h.update(repr((key, rt.uid, rt.killing, [(c.name, c.state, c.restarts, c.backoff, c.epoch) for c in rt.containers])).encode())
            if rt.ephemeral:
                h.update(repr([(c.name, c.state, c.epoch) for c in rt.ephemeral]).encode())
        for name in sorted(self.agents):
            a = self.agents[name]
            h.update(repr((name, a.alive, a.since, sorted(a.images))).encode())
        return h.hexdigest()

    # -- static pods (the control plane) -----------------------------------------------------------
    def start_static_pod(self, node: str, component: str, image: str, cpu: str, memory: str | None) -> None:
        """A mirror pod for a control-plane component: already pulled, running from boot."""
        requests = {"cpu": cpu}
        if memory:
            requests["memory"] = memory
        node_obj = self.store.get("Node", None, node)
        assert node_obj is not None, "bootstrap adds the node before its static pods"
        pod: dict = {
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"{component}-{node}", "namespace": "kube-system",
                         "labels": {"component": component, "tier": "control-plane"},
                         "annotations": {"kubernetes.io/config.source": "file"},
                         "ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": node,
                                              "uid": node_obj["metadata"]["uid"], "controller": True}]},
            "spec": {"containers": [{"name": component, "image": image, "imagePullPolicy": "IfNotPresent",
                                     "command": [component], "resources": {"requests": requests},
                                     "terminationMessagePath": "/dev/termination-log",
                                     "terminationMessagePolicy": "File"}],
                     "hostNetwork": True, "nodeName": node, "priority": 2000001000,
                     "priorityClassName": "system-node-critical", "restartPolicy": "Always",
                     "schedulerName": "default-scheduler", "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                     "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "enableServiceLinks": True,
                     "tolerations": [{"effect": "NoExecute", "operator": "Exists"}]},
        }
        pod = self.store.create(pod, admit=False)
        self.admitting.pop(("kube-system", pod["metadata"]["name"]), None)
        rt = self._admit(pod)
        rt.static = True
        rt.conditions["PodReadyToStartContainers"] = transition("True", self.sim.tick)
        rt.conditions["Initialized"] = transition("True", self.sim.tick)
        c = rt.containers[0]
        c.behavior = ImageBehavior(pullSeconds=0, startSeconds=0, cpu=int(cpu_millis(cpu) / 2), memory=100,
                                   logs=controlplane.lines(component))
        self.agents[node].images[image] = None
        self._run(rt, c)

    def set_component(self, node: str, component: str, running: bool, reason: str = "") -> None:
        """`sim stop scheduler`: the static pod's container crashes, and crashes again at every
        restart (CrashLoopBackOff, BackOff Events), printing why (controlplane.yaml's `reason`);
        `sim start` brings it back healthy."""
        key = ("kube-system", f"{component}-{node}")
        rt = self.pods.get(key)
        if rt is None:
            return
        c = rt.containers[0]
        assert c.behavior is not None, "start_static_pod gives the component its behaviour"
        if running:
            crashing = c.behavior.crashAfterSeconds is not None
            c.behavior = c.behavior.model_copy(update={"crashAfterSeconds": None, "exitCode": 0, "ready": True,
                                                       "logs": controlplane.lines(component)})
            if c.state != "running" or crashing:
                c.restarts += 1
                c.backoff = 0
                self._run(rt, c)
            return
        c.behavior = c.behavior.model_copy(update={"crashAfterSeconds": 1, "exitCode": 1, "ready": False,
                                                   "logs": controlplane.lines(component, reason)})
        if c.state == "running":
            self._exited(key, rt.uid, c.name, c.epoch, 1, None)


@lru_cache(maxsize=64)
def _admitted(now: int, has_init: bool) -> dict[str, tuple[str, int]]:
    """The conditions of a pod admitted at `now` (one table per tick; each pod gets a copy)."""
    return {"PodReadyToStartContainers": transition("False", now),
            "Initialized": transition("False" if has_init else "True", now),
            "Ready": transition("False", now), "ContainersReady": transition("False", now),
            "PodScheduled": transition("True", now)}


@lru_cache(maxsize=1024)
def _field_path(name: str, init: bool, ephemeral: bool) -> str:
    """A container's fieldPath in its Events (`spec.containers{app}`): one string for the
    like container of every pod, which its Events hold until read."""
    group = "initContainers" if init else "ephemeralContainers" if ephemeral else "containers"
    return f"spec.{group}{{{name}}}"


_plans: dict[tuple, tuple] = {}


def _start_plan(behavior: ImageBehavior, image: str, command: list | None, args: list | None,
                stdin: bool) -> tuple[ImageBehavior, str | None, bool, str | None]:
    """What the container's command makes of its image: the behaviour it runs with, the script
    its shell runs, whether it is a bare shell waiting on stdin, and containerd's start error.
    These depend on the image and the command alone, so every container of a template (thousands
    in a big Deployment) shares one answer, worked out once."""
    return per_command(_plans, behavior, image, command, args, lambda: (
        behavior_for(behavior, image, [*(command or behavior.command[:1]), *(args or [])]),
        process.script_of(command, args, behavior),
        stdin and process.bare_shell(command, args, behavior),
        process.start_error(command, args, behavior, image)), stdin)


def _fmt_backoff(seconds: int) -> str:
    m, s = divmod(seconds, 60)
    return f"{m}m{s}s" if m else f"{s}s"
