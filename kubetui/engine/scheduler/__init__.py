"""kube-scheduler: the scheduling queue (queue.py), the framework's public Filter and Score
plugins (framework.py), DefaultPreemption (preemption.py), VolumeBinding's claim steps
(volumebinding.py) and the scheduler that binds pods (scheduler.py)."""

from kubetui.engine.scheduler.framework import NodeInfo, pod_requests, tolerates
from kubetui.engine.scheduler.scheduler import Scheduler

__all__ = ["NodeInfo", "Scheduler", "pod_requests", "tolerates"]
