"""The kubelet of every node (`sim.kubelet`), divided as Kubernetes divides it:

- agent.py: the Kubelet: node agents, the pod lifecycle (admit, pull, start, restart with
  back-off, kill) driven by its timers, static pods;
- containers.py: the runtime's pods and containers, their environment and logs;
- status.py: pod status (phase, conditions, container statuses) rendered from the runtime;
- probes.py: startup, readiness and liveness probes;
- nodelease.py: the node's Lease, its heartbeat;
- images.py: the simulated registry the kubelet pulls from, and what the app in each image does;
- programs.py: what a container's command does (`sleep 30`, `sh -c '...; exit 1'`);
- volumes.py: the volume manager (ConfigMap/Secret files, claims, the data apps write);
- eviction.py: the eviction manager (node memory pressure);
- breach.py: simulated container escapes from compromised images.
"""
