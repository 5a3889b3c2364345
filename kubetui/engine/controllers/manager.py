"""kube-controller-manager: the controllers, built and run in a fixed order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from kubetui.engine.controllers.base import Controller
from kubetui.engine.controllers.clusterautoscaler import ClusterAutoscaler
from kubetui.engine.controllers.clusterroleaggregation import ClusterRoleAggregationController
from kubetui.engine.controllers.cronjob import CronJobController
from kubetui.engine.controllers.csrsigning import CSRSigningController
from kubetui.engine.controllers.customresourcedefinition import CustomResourceDefinitionController
from kubetui.engine.controllers.daemonset import DaemonSetController
from kubetui.engine.controllers.deployment import DeploymentController
from kubetui.engine.controllers.disruption import DisruptionController
from kubetui.engine.controllers.endpoints import EndpointsController
from kubetui.engine.controllers.endpointslice import EndpointSliceController
from kubetui.engine.controllers.garbagecollector import GarbageCollector
from kubetui.engine.controllers.horizontalpodautoscaler import HorizontalPodAutoscalerController
from kubetui.engine.controllers.ingress import IngressController
from kubetui.engine.controllers.job import JobController
from kubetui.engine.controllers.namespace import NamespaceController
from kubetui.engine.controllers.nodelifecycle import NodeLifecycleController
from kubetui.engine.controllers.persistentvolume import PersistentVolumeController
from kubetui.engine.controllers.podgc import PodGCController
from kubetui.engine.controllers.replicaset import ReplicaSetController, ReplicationControllerController
from kubetui.engine.controllers.resourcequota import ResourceQuotaController
from kubetui.engine.controllers.rootcacertpublisher import RootCACertPublisher
from kubetui.engine.controllers.service import ServiceController
from kubetui.engine.controllers.serviceaccount import ServiceAccountsController
from kubetui.engine.controllers.serviceaccounttoken import TokensController
from kubetui.engine.controllers.statefulset import StatefulSetController
from kubetui.engine.controllers.ttlafterfinished import TTLAfterFinishedController

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation


class ControllerManager:
    """kube-controller-manager: every controller by name; iterating gives them in run order
    (which is also the order they were built in, so their watches fire in that order)."""

    def __init__(self, sim: Simulation):
        self.node_lifecycle = NodeLifecycleController(sim)
        self.deployment = DeploymentController(sim)
        self.replicaset = ReplicaSetController(sim)
        self.replication_controller = ReplicationControllerController(sim)
        self.daemonset = DaemonSetController(sim)
        self.statefulset = StatefulSetController(sim)
        self.cronjob = CronJobController(sim)
        self.job = JobController(sim)
        self.ttl_after_finished = TTLAfterFinishedController(sim)
        self.garbage_collector = GarbageCollector(sim)
        self.pod_gc = PodGCController(sim)
        self.namespace = NamespaceController(sim)
        self.resourcequota = ResourceQuotaController(sim)
        self.persistentvolume = PersistentVolumeController(sim)
        self.endpoints = EndpointsController(sim)
        self.endpointslice = EndpointSliceController(sim)
        self.disruption = DisruptionController(sim)
        self.horizontal_pod_autoscaler = HorizontalPodAutoscalerController(sim)
        self.cluster_autoscaler = ClusterAutoscaler(sim)
        self.clusterrole_aggregation = ClusterRoleAggregationController(sim)
        self.service_account = ServiceAccountsController(sim)
        self.root_ca_cert_publisher = RootCACertPublisher(sim)
        self.tokens = TokensController(sim)
        self.csr_signing = CSRSigningController(sim)
        self.service = ServiceController(sim)
        """The cloud-controller-manager's service controller (load balancers)."""
        self.ingress = IngressController(sim)
        """ingress-nginx (an add-on, not kube-controller-manager, but reconciled the same way)."""
        self.custom_resource_definition = CustomResourceDefinitionController(sim)
        turns = [(c, type(c).process is Controller.process) for c in self]
        turns.insert(turns.index((self.replicaset, True)) + 1, (self.deployment.status_turn, True))
        self._turns = tuple(turns)
        """Each controller in run order, and whether its `process` only drains its work queue.
        Right after the ReplicaSet controller's turn, the Deployment controller writes the status
        of each Deployment whose ReplicaSets' status just changed (a real one hears of that write
        within milliseconds), so `kubectl get deploy` and `rollout status` never lag a tick."""

    def __iter__(self) -> Iterator[Controller]:
        return (c for c in vars(self).values() if isinstance(c, Controller))

    def run(self) -> None:
        """Each controller's turn of the tick, in run order. One whose `process` only drains its
        work queue is passed by while the queue is empty (what `process` would do with it): a
        quiet tick costs a look at each queue, not a call into each controller."""
        for controller, drains_only in self._turns:
            if controller.queue or not drains_only:
                controller.process()
