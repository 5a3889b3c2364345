"""The controllers of kube-controller-manager, one file each, run in this order every tick."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.controllers.base import Controller

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation


def all_controllers(sim: Simulation) -> list[Controller]:
    from kubetui.engine.controllers.clusterautoscaler import ClusterAutoscaler
    from kubetui.engine.controllers.cronjob import CronJobController
    from kubetui.engine.controllers.daemonset import DaemonSetController
    from kubetui.engine.controllers.deployment import DeploymentController
    from kubetui.engine.controllers.disruption import DisruptionController
    from kubetui.engine.controllers.endpoints import EndpointsController
    from kubetui.engine.controllers.endpointslice import EndpointSliceController
    from kubetui.engine.controllers.garbagecollector import GarbageCollector
    from kubetui.engine.controllers.horizontalpodautoscaler import HorizontalPodAutoscalerController
    from kubetui.engine.controllers.job import JobController
    from kubetui.engine.controllers.namespace import NamespaceController
    from kubetui.engine.controllers.nodelifecycle import NodeLifecycleController
    from kubetui.engine.controllers.replicaset import ReplicaSetController, ReplicationControllerController
    from kubetui.engine.controllers.persistentvolume import PersistentVolumeController
    from kubetui.engine.controllers.podgc import PodGCController
    from kubetui.engine.controllers.resourcequota import ResourceQuotaController
    from kubetui.engine.controllers.statefulset import StatefulSetController
    from kubetui.engine.controllers.ttlafterfinished import TTLAfterFinishedController

    controllers: list[Controller] = [
        NodeLifecycleController(sim),
        DeploymentController(sim),
        ReplicaSetController(sim),
        ReplicationControllerController(sim),
        DaemonSetController(sim),
        StatefulSetController(sim),
        CronJobController(sim),
        JobController(sim),
        TTLAfterFinishedController(sim),
        GarbageCollector(sim),
        PodGCController(sim),
        NamespaceController(sim),
        ResourceQuotaController(sim),
        PersistentVolumeController(sim),
        EndpointsController(sim),
        EndpointSliceController(sim),
        DisruptionController(sim),
        HorizontalPodAutoscalerController(sim),
        ClusterAutoscaler(sim),
    ]
    sim.controller = {c.name: c for c in controllers}
    return controllers
