"""core/v1 kinds: Pod and its parts, Node, Service, Endpoints, config, storage, quota."""


import re

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from .meta import (
    Condition,
    IntOrString,
    Json,
    K8sModel,
    LabelSelector,
    ObjectMeta,
    Quantity,
    ResourceList,
    Time,
)


def alias(name: str):
    """A field whose JSON name is not plain camelCase of the Python name (`podIP`, `from`)."""
    return Field(None, alias=name)


# --- references and small pieces ------------------------------------------------------------

class ObjectReference(K8sModel):
    kind: str | None = None
    namespace: str | None = None
    name: str | None = None
    uid: str | None = None
    api_version: str | None = None
    resource_version: str | None = None
    field_path: str | None = None


class LocalObjectReference(K8sModel):
    name: str | None = None


class TypedLocalObjectReference(K8sModel):
    api_group: str | None = None
    kind: str | None = None
    name: str | None = None


class TypedObjectReference(TypedLocalObjectReference):
    namespace: str | None = None


class KeyToPath(K8sModel):
    key: str | None = None
    path: str | None = None
    mode: int | None = None


# --- env -------------------------------------------------------------------------------------

class ConfigMapKeySelector(K8sModel):
    name: str | None = None
    key: str | None = None
    optional: bool | None = None


class SecretKeySelector(ConfigMapKeySelector):
    pass


class ObjectFieldSelector(K8sModel):
    api_version: str | None = None
    field_path: str | None = None


class ResourceFieldSelector(K8sModel):
    container_name: str | None = None
    resource: str | None = None
    divisor: Quantity = None


class EnvVarSource(K8sModel):
    field_ref: ObjectFieldSelector | None = None
    resource_field_ref: ResourceFieldSelector | None = None
    config_map_key_ref: ConfigMapKeySelector | None = None
    secret_key_ref: SecretKeySelector | None = None


class EnvVar(K8sModel):
    name: str | None = None
    value: str | None = None
    value_from: EnvVarSource | None = None


class ConfigMapEnvSource(K8sModel):
    name: str | None = None
    optional: bool | None = None


class SecretEnvSource(ConfigMapEnvSource):
    pass


class EnvFromSource(K8sModel):
    prefix: str | None = None
    config_map_ref: ConfigMapEnvSource | None = None
    secret_ref: SecretEnvSource | None = None


# --- container -------------------------------------------------------------------------------

class ContainerPort(K8sModel):
    name: str | None = None
    host_port: int | None = None
    container_port: int | None = None
    protocol: str | None = None
    host_ip: str | None = alias("hostIP")


class ResourceClaim(K8sModel):
    name: str | None = None
    request: str | None = None


class ResourceRequirements(K8sModel):
    limits: ResourceList | None = None
    requests: ResourceList | None = None
    claims: list[ResourceClaim] | None = None


class ContainerResizePolicy(K8sModel):
    resource_name: str | None = None
    restart_policy: str | None = None


class VolumeMount(K8sModel):
    name: str | None = None
    read_only: bool | None = None
    recursive_read_only: str | None = None
    mount_path: str | None = None
    sub_path: str | None = None
    mount_propagation: str | None = None
    sub_path_expr: str | None = None


class VolumeDevice(K8sModel):
    name: str | None = None
    device_path: str | None = None


class ExecAction(K8sModel):
    command: list[str] | None = None


class HTTPHeader(K8sModel):
    name: str | None = None
    value: str | None = None


class HTTPGetAction(K8sModel):
    path: str | None = None
    port: IntOrString = None
    host: str | None = None
    scheme: str | None = None
    http_headers: list[HTTPHeader] | None = None


class TCPSocketAction(K8sModel):
    port: IntOrString = None
    host: str | None = None


class GRPCAction(K8sModel):
    port: int | None = None
    service: str | None = None


class SleepAction(K8sModel):
    go_types = {"seconds": "int64"}
    seconds: int | None = None


class Probe(K8sModel):
    go_types = {"terminationGracePeriodSeconds": "int64"}

    exec: ExecAction | None = None
    http_get: HTTPGetAction | None = None
    tcp_socket: TCPSocketAction | None = None
    grpc: GRPCAction | None = None
    initial_delay_seconds: int | None = None
    timeout_seconds: int | None = None
    period_seconds: int | None = None
    success_threshold: int | None = None
    failure_threshold: int | None = None
    termination_grace_period_seconds: int | None = None


class LifecycleHandler(K8sModel):
    exec: ExecAction | None = None
    http_get: HTTPGetAction | None = None
    tcp_socket: TCPSocketAction | None = None
    sleep: SleepAction | None = None


class Lifecycle(K8sModel):
    post_start: LifecycleHandler | None = None
    pre_stop: LifecycleHandler | None = None
    stop_signal: str | None = None


class Capabilities(K8sModel):
    add: list[str] | None = None
    drop: list[str] | None = None


class SeccompProfile(K8sModel):
    type: str | None = None
    localhost_profile: str | None = None


class AppArmorProfile(SeccompProfile):
    pass


class SELinuxOptions(K8sModel):
    user: str | None = None
    role: str | None = None
    type: str | None = None
    level: str | None = None


class WindowsSecurityContextOptions(K8sModel):
    gmsa_credential_spec_name: str | None = None
    gmsa_credential_spec: str | None = None
    run_as_user_name: str | None = None
    host_process: bool | None = None


class SecurityContext(K8sModel):
    go_types = {"runAsUser": "int64", "runAsGroup": "int64"}

    capabilities: Capabilities | None = None
    privileged: bool | None = None
    se_linux_options: SELinuxOptions | None = alias("seLinuxOptions")
    windows_options: WindowsSecurityContextOptions | None = None
    run_as_user: int | None = None
    run_as_group: int | None = None
    run_as_non_root: bool | None = None
    read_only_root_filesystem: bool | None = None
    allow_privilege_escalation: bool | None = None
    proc_mount: str | None = None
    seccomp_profile: SeccompProfile | None = None
    app_armor_profile: AppArmorProfile | None = None


class Container(K8sModel):
    name: str | None = None
    image: str | None = None
    command: list[str] | None = None
    args: list[str] | None = None
    working_dir: str | None = None
    ports: list[ContainerPort] | None = None
    env_from: list[EnvFromSource] | None = None
    env: list[EnvVar] | None = None
    resources: ResourceRequirements | None = None
    resize_policy: list[ContainerResizePolicy] | None = None
    restart_policy: str | None = None
    volume_mounts: list[VolumeMount] | None = None
    volume_devices: list[VolumeDevice] | None = None
    liveness_probe: Probe | None = None
    readiness_probe: Probe | None = None
    startup_probe: Probe | None = None
    lifecycle: Lifecycle | None = None
    termination_message_path: str | None = None
    termination_message_policy: str | None = None
    image_pull_policy: str | None = None
    security_context: SecurityContext | None = None
    stdin: bool | None = None
    stdin_once: bool | None = None
    tty: bool | None = None


class EphemeralContainer(Container):
    target_container_name: str | None = None


# --- scheduling ------------------------------------------------------------------------------

class NodeSelectorRequirement(K8sModel):
    key: str | None = None
    operator: str | None = None
    values: list[str] | None = None


class NodeSelectorTerm(K8sModel):
    match_expressions: list[NodeSelectorRequirement] | None = None
    match_fields: list[NodeSelectorRequirement] | None = None


class NodeSelector(K8sModel):
    node_selector_terms: list[NodeSelectorTerm] | None = None


class PreferredSchedulingTerm(K8sModel):
    weight: int | None = None
    preference: NodeSelectorTerm | None = None


class NodeAffinity(K8sModel):
    required_during_scheduling_ignored_during_execution: NodeSelector | None = None
    preferred_during_scheduling_ignored_during_execution: list[PreferredSchedulingTerm] | None = None


class PodAffinityTerm(K8sModel):
    label_selector: LabelSelector | None = None
    namespaces: list[str] | None = None
    topology_key: str | None = None
    namespace_selector: LabelSelector | None = None
    match_label_keys: list[str] | None = None
    mismatch_label_keys: list[str] | None = None


class WeightedPodAffinityTerm(K8sModel):
    weight: int | None = None
    pod_affinity_term: PodAffinityTerm | None = None


class PodAffinity(K8sModel):
    required_during_scheduling_ignored_during_execution: list[PodAffinityTerm] | None = None
    preferred_during_scheduling_ignored_during_execution: list[WeightedPodAffinityTerm] | None = None


class PodAntiAffinity(PodAffinity):
    pass


class Affinity(K8sModel):
    node_affinity: NodeAffinity | None = None
    pod_affinity: PodAffinity | None = None
    pod_anti_affinity: PodAntiAffinity | None = None


class Toleration(K8sModel):
    go_types = {"tolerationSeconds": "int64"}

    key: str | None = None
    operator: str | None = None
    value: str | None = None
    effect: str | None = None
    toleration_seconds: int | None = None


class TopologySpreadConstraint(K8sModel):
    max_skew: int | None = None
    topology_key: str | None = None
    when_unsatisfiable: str | None = None
    label_selector: LabelSelector | None = None
    min_domains: int | None = None
    node_affinity_policy: str | None = None
    node_taints_policy: str | None = None
    match_label_keys: list[str] | None = None


# --- volumes ---------------------------------------------------------------------------------

class EmptyDirVolumeSource(K8sModel):
    medium: str | None = None
    size_limit: Quantity = None


class HostPathVolumeSource(K8sModel):
    path: str | None = None
    type: str | None = None


class ConfigMapVolumeSource(K8sModel):
    name: str | None = None
    items: list[KeyToPath] | None = None
    default_mode: int | None = None
    optional: bool | None = None


class SecretVolumeSource(K8sModel):
    secret_name: str | None = None
    items: list[KeyToPath] | None = None
    default_mode: int | None = None
    optional: bool | None = None


class PersistentVolumeClaimVolumeSource(K8sModel):
    claim_name: str | None = None
    read_only: bool | None = None


class DownwardAPIVolumeFile(K8sModel):
    path: str | None = None
    field_ref: ObjectFieldSelector | None = None
    resource_field_ref: ResourceFieldSelector | None = None
    mode: int | None = None


class DownwardAPIVolumeSource(K8sModel):
    items: list[DownwardAPIVolumeFile] | None = None
    default_mode: int | None = None


class DownwardAPIProjection(K8sModel):
    items: list[DownwardAPIVolumeFile] | None = None


class ConfigMapProjection(K8sModel):
    name: str | None = None
    items: list[KeyToPath] | None = None
    optional: bool | None = None


class SecretProjection(ConfigMapProjection):
    pass


class ServiceAccountTokenProjection(K8sModel):
    go_types = {"expirationSeconds": "int64"}

    audience: str | None = None
    expiration_seconds: int | None = None
    path: str | None = None


class VolumeProjection(K8sModel):
    secret: SecretProjection | None = None
    downward_api: DownwardAPIProjection | None = alias("downwardAPI")
    config_map: ConfigMapProjection | None = None
    service_account_token: ServiceAccountTokenProjection | None = None


class ProjectedVolumeSource(K8sModel):
    sources: list[VolumeProjection] | None = None
    default_mode: int | None = None


class NFSVolumeSource(K8sModel):
    server: str | None = None
    path: str | None = None
    read_only: bool | None = None


class LocalVolumeSource(K8sModel):
    path: str | None = None
    fs_type: str | None = None


class CSIVolumeSource(K8sModel):
    driver: str | None = None
    read_only: bool | None = None
    fs_type: str | None = None
    volume_attributes: dict[str, str] | None = None
    node_publish_secret_ref: LocalObjectReference | None = None


class EphemeralVolumeSource(K8sModel):
    volume_claim_template: "PersistentVolumeClaimTemplate | None" = None


class Volume(K8sModel):
    name: str | None = None
    host_path: HostPathVolumeSource | None = None
    empty_dir: EmptyDirVolumeSource | None = None
    secret: SecretVolumeSource | None = None
    nfs: NFSVolumeSource | None = None
    persistent_volume_claim: PersistentVolumeClaimVolumeSource | None = None
    downward_api: DownwardAPIVolumeSource | None = alias("downwardAPI")
    config_map: ConfigMapVolumeSource | None = None
    projected: ProjectedVolumeSource | None = None
    csi: CSIVolumeSource | None = None
    ephemeral: EphemeralVolumeSource | None = None


# --- pod ---------------------------------------------------------------------------------------

class Sysctl(K8sModel):
    name: str | None = None
    value: str | None = None


class PodSecurityContext(K8sModel):
    go_types = {"runAsUser": "int64", "runAsGroup": "int64", "fsGroup": "int64",
                "supplementalGroups": "int64"}

    se_linux_options: SELinuxOptions | None = alias("seLinuxOptions")
    windows_options: WindowsSecurityContextOptions | None = None
    run_as_user: int | None = None
    run_as_group: int | None = None
    run_as_non_root: bool | None = None
    supplemental_groups: list[int] | None = None
    supplemental_groups_policy: str | None = None
    fs_group: int | None = None
    sysctls: list[Sysctl] | None = None
    fs_group_change_policy: str | None = None
    seccomp_profile: SeccompProfile | None = None
    app_armor_profile: AppArmorProfile | None = None
    se_linux_change_policy: str | None = alias("seLinuxChangePolicy")


class PodDNSConfigOption(K8sModel):
    name: str | None = None
    value: str | None = None


class PodDNSConfig(K8sModel):
    nameservers: list[str] | None = None
    searches: list[str] | None = None
    options: list[PodDNSConfigOption] | None = None


class HostAlias(K8sModel):
    ip: str | None = None
    hostnames: list[str] | None = None


class PodReadinessGate(K8sModel):
    condition_type: str | None = None


class PodOS(K8sModel):
    name: str | None = None


class PodSchedulingGate(K8sModel):
    name: str | None = None


class PodSpec(K8sModel):
    go_types = {"terminationGracePeriodSeconds": "int64", "activeDeadlineSeconds": "int64"}

    volumes: list[Volume] | None = None
    init_containers: list[Container] | None = None
    containers: list[Container] | None = None
    ephemeral_containers: list[EphemeralContainer] | None = None
    restart_policy: str | None = None
    termination_grace_period_seconds: int | None = None
    active_deadline_seconds: int | None = None
    dns_policy: str | None = None
    node_selector: dict[str, str] | None = None
    service_account_name: str | None = None
    service_account: str | None = None
    automount_service_account_token: bool | None = None
    node_name: str | None = None
    host_network: bool | None = None
    host_pid: bool | None = alias("hostPID")
    host_ipc: bool | None = alias("hostIPC")
    share_process_namespace: bool | None = None
    security_context: PodSecurityContext | None = None
    image_pull_secrets: list[LocalObjectReference] | None = None
    hostname: str | None = None
    subdomain: str | None = None
    affinity: Affinity | None = None
    scheduler_name: str | None = None
    tolerations: list[Toleration] | None = None
    host_aliases: list[HostAlias] | None = None
    priority_class_name: str | None = None
    priority: int | None = None
    dns_config: PodDNSConfig | None = None
    readiness_gates: list[PodReadinessGate] | None = None
    runtime_class_name: str | None = None
    enable_service_links: bool | None = None
    preemption_policy: str | None = None
    overhead: ResourceList | None = None
    topology_spread_constraints: list[TopologySpreadConstraint] | None = None
    set_hostname_as_fqdn: bool | None = alias("setHostnameAsFQDN")
    os: PodOS | None = None
    host_users: bool | None = None
    scheduling_gates: list[PodSchedulingGate] | None = None
    resources: ResourceRequirements | None = None


class PodTemplateSpec(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PodSpec | None = None


class ContainerStateWaiting(K8sModel):
    reason: str | None = None
    message: str | None = None


class ContainerStateRunning(K8sModel):
    started_at: Time | None = None


class ContainerStateTerminated(K8sModel):
    exit_code: int | None = None
    signal: int | None = None
    reason: str | None = None
    message: str | None = None
    started_at: Time | None = None
    finished_at: Time | None = None
    container_id: str | None = alias("containerID")


class ContainerState(K8sModel):
    waiting: ContainerStateWaiting | None = None
    running: ContainerStateRunning | None = None
    terminated: ContainerStateTerminated | None = None


class VolumeMountStatus(K8sModel):
    name: str | None = None
    mount_path: str | None = None
    read_only: bool | None = None
    recursive_read_only: str | None = None


class ContainerUser(K8sModel):
    linux: Json = None


class ContainerStatus(K8sModel):
    name: str | None = None
    state: ContainerState | None = None
    last_state: ContainerState | None = None
    ready: bool | None = None
    restart_count: int | None = None
    image: str | None = None
    image_id: str | None = alias("imageID")
    container_id: str | None = alias("containerID")
    started: bool | None = None
    allocated_resources: ResourceList | None = None
    resources: ResourceRequirements | None = None
    volume_mounts: list[VolumeMountStatus] | None = None
    user: ContainerUser | None = None
    allocated_resources_status: Json = None
    stop_signal: str | None = None


class PodCondition(K8sModel):
    go_types = {"observedGeneration": "int64"}

    type: str | None = None
    observed_generation: int | None = None
    status: str | None = None
    last_probe_time: Time | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class PodIP(K8sModel):
    ip: str | None = None


class HostIP(PodIP):
    pass


class PodStatus(K8sModel):
    go_types = {"observedGeneration": "int64"}

    observed_generation: int | None = None
    phase: str | None = None
    conditions: list[PodCondition] | None = None
    message: str | None = None
    reason: str | None = None
    nominated_node_name: str | None = None
    host_ip: str | None = alias("hostIP")
    host_ips: list[HostIP] | None = alias("hostIPs")
    pod_ip: str | None = alias("podIP")
    pod_ips: list[PodIP] | None = alias("podIPs")
    start_time: Time | None = None
    init_container_statuses: list[ContainerStatus] | None = None
    container_statuses: list[ContainerStatus] | None = None
    qos_class: str | None = alias("qosClass")
    ephemeral_container_statuses: list[ContainerStatus] | None = None
    resize: str | None = None
    resource_claim_statuses: Json = None


class Pod(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: PodSpec | None = None
    status: PodStatus | None = None


# --- namespace, node ---------------------------------------------------------------------------

class NamespaceSpec(K8sModel):
    finalizers: list[str] | None = None


class NamespaceCondition(K8sModel):
    type: str | None = None
    status: str | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class NamespaceStatus(K8sModel):
    phase: str | None = None
    conditions: list[NamespaceCondition] | None = None


class Namespace(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: NamespaceSpec | None = None
    status: NamespaceStatus | None = None


class Taint(K8sModel):
    key: str | None = None
    value: str | None = None
    effect: str | None = None
    time_added: Time | None = None


class NodeSpec(K8sModel):
    pod_cidr: str | None = alias("podCIDR")
    pod_cidrs: list[str] | None = alias("podCIDRs")
    provider_id: str | None = alias("providerID")
    unschedulable: bool | None = None
    taints: list[Taint] | None = None
    config_source: Json = None
    external_id: str | None = alias("externalID")


class NodeCondition(K8sModel):
    type: str | None = None
    status: str | None = None
    last_heartbeat_time: Time | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class NodeAddress(K8sModel):
    type: str | None = None
    address: str | None = None


class DaemonEndpoint(K8sModel):
    port: int | None = alias("Port")


class NodeDaemonEndpoints(K8sModel):
    kubelet_endpoint: DaemonEndpoint | None = None


class NodeSystemInfo(K8sModel):
    machine_id: str | None = alias("machineID")
    system_uuid: str | None = alias("systemUUID")
    boot_id: str | None = alias("bootID")
    kernel_version: str | None = None
    os_image: str | None = alias("osImage")
    container_runtime_version: str | None = None
    kubelet_version: str | None = None
    kube_proxy_version: str | None = None
    operating_system: str | None = None
    architecture: str | None = None
    swap: Json = None


class ContainerImage(K8sModel):
    go_types = {"sizeBytes": "int64"}

    names: list[str] | None = None
    size_bytes: int | None = None


class AttachedVolume(K8sModel):
    name: str | None = None
    device_path: str | None = None


class NodeStatus(K8sModel):
    capacity: ResourceList | None = None
    allocatable: ResourceList | None = None
    phase: str | None = None
    conditions: list[NodeCondition] | None = None
    addresses: list[NodeAddress] | None = None
    daemon_endpoints: NodeDaemonEndpoints | None = None
    node_info: NodeSystemInfo | None = None
    images: list[ContainerImage] | None = None
    volumes_in_use: list[str] | None = None
    volumes_attached: list[AttachedVolume] | None = None
    config: Json = None
    runtime_handlers: Json = None
    features: Json = None


class Node(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: NodeSpec | None = None
    status: NodeStatus | None = None


# --- service, endpoints ------------------------------------------------------------------------

class ServicePort(K8sModel):
    name: str | None = None
    protocol: str | None = None
    app_protocol: str | None = None
    port: int | None = None
    target_port: IntOrString = None
    node_port: int | None = None


class ClientIPConfig(K8sModel):
    timeout_seconds: int | None = None


class SessionAffinityConfig(K8sModel):
    client_ip: ClientIPConfig | None = alias("clientIP")


class ServiceSpec(K8sModel):
    ports: list[ServicePort] | None = None
    selector: dict[str, str] | None = None
    cluster_ip: str | None = alias("clusterIP")
    cluster_ips: list[str] | None = alias("clusterIPs")
    type: str | None = None
    external_ips: list[str] | None = alias("externalIPs")
    session_affinity: str | None = None
    load_balancer_ip: str | None = alias("loadBalancerIP")
    load_balancer_source_ranges: list[str] | None = None
    external_name: str | None = None
    external_traffic_policy: str | None = None
    health_check_node_port: int | None = None
    publish_not_ready_addresses: bool | None = None
    session_affinity_config: SessionAffinityConfig | None = None
    ip_families: list[str] | None = alias("ipFamilies")
    ip_family_policy: str | None = alias("ipFamilyPolicy")
    allocate_load_balancer_node_ports: bool | None = None
    load_balancer_class: str | None = None
    internal_traffic_policy: str | None = None
    traffic_distribution: str | None = None


class PortStatus(K8sModel):
    port: int | None = None
    protocol: str | None = None
    error: str | None = None


class LoadBalancerIngress(K8sModel):
    ip: str | None = None
    hostname: str | None = None
    ip_mode: str | None = alias("ipMode")
    ports: list[PortStatus] | None = None


class LoadBalancerStatus(K8sModel):
    ingress: list[LoadBalancerIngress] | None = None


class ServiceStatus(K8sModel):
    load_balancer: LoadBalancerStatus | None = None
    conditions: list[Condition] | None = None


class Service(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: ServiceSpec | None = None
    status: ServiceStatus | None = None


class EndpointAddress(K8sModel):
    ip: str | None = None
    hostname: str | None = None
    node_name: str | None = None
    target_ref: ObjectReference | None = None


class EndpointPort(K8sModel):
    name: str | None = None
    port: int | None = None
    protocol: str | None = None
    app_protocol: str | None = None


class EndpointSubset(K8sModel):
    addresses: list[EndpointAddress] | None = None
    not_ready_addresses: list[EndpointAddress] | None = None
    ports: list[EndpointPort] | None = None


class Endpoints(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    subsets: list[EndpointSubset] | None = None


# --- config ------------------------------------------------------------------------------------

class ConfigMap(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    immutable: bool | None = None
    data: dict[str, str] | None = None
    binary_data: dict[str, str] | None = None


_B64 = re.compile(r"[A-Za-z0-9+/]")


def base64_error(text: str) -> int | None:
    """Offset Go's base64 decoder reports for `text`, or None when it decodes."""
    chars = [(i, c) for i, c in enumerate(text) if c not in "\r\n"]
    body = len(chars)
    while body and chars[body - 1][1] == "=":
        body -= 1
    pad = len(chars) - body
    for _n, (i, c) in enumerate(chars[:body]):
        if not _B64.match(c):
            return i
    if pad > 2 or (len(chars) % 4):
        start = len(chars) - (len(chars) % 4 or 4)
        return chars[start][0] if chars else 0
    return None


class Secret(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    immutable: bool | None = None
    data: dict[str, str] | None = None
    string_data: dict[str, str] | None = None
    type: str | None = None

    @field_validator("data")
    @classmethod
    def _base64(cls, data: dict[str, str] | None):
        """Secret data is []byte in Go: JSON carries it base64-encoded, checked at decode."""
        for value in (data or {}).values():
            at = base64_error(value)
            if at is not None:
                raise PydanticCustomError("base64", f"illegal base64 data at input byte {at}")
        return data


class ServiceAccount(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    secrets: list[ObjectReference] | None = None
    image_pull_secrets: list[LocalObjectReference] | None = None
    automount_service_account_token: bool | None = None


class EventSource(K8sModel):
    component: str | None = None
    host: str | None = None


class EventSeries(K8sModel):
    count: int | None = None
    last_observed_time: Time | None = None


class Event(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    involved_object: ObjectReference | None = None
    reason: str | None = None
    message: str | None = None
    source: EventSource | None = None
    first_timestamp: Time | None = None
    last_timestamp: Time | None = None
    count: int | None = None
    type: str | None = None
    event_time: Time | None = None
    series: EventSeries | None = None
    action: str | None = None
    related: ObjectReference | None = None
    reporting_component: str | None = None
    reporting_instance: str | None = None


# --- policy: quota, limits ---------------------------------------------------------------------

class ScopedResourceSelectorRequirement(K8sModel):
    scope_name: str | None = None
    operator: str | None = None
    values: list[str] | None = None


class ScopeSelector(K8sModel):
    match_expressions: list[ScopedResourceSelectorRequirement] | None = None


class ResourceQuotaSpec(K8sModel):
    hard: ResourceList | None = None
    scopes: list[str] | None = None
    scope_selector: ScopeSelector | None = None


class ResourceQuotaStatus(K8sModel):
    hard: ResourceList | None = None
    used: ResourceList | None = None


class ResourceQuota(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: ResourceQuotaSpec | None = None
    status: ResourceQuotaStatus | None = None


class LimitRangeItem(K8sModel):
    type: str | None = None
    max: ResourceList | None = None
    min: ResourceList | None = None
    default: ResourceList | None = None
    default_request: ResourceList | None = None
    max_limit_request_ratio: ResourceList | None = None


class LimitRangeSpec(K8sModel):
    limits: list[LimitRangeItem] | None = None


class LimitRange(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: LimitRangeSpec | None = None


# --- storage -----------------------------------------------------------------------------------

class VolumeNodeAffinity(K8sModel):
    required: NodeSelector | None = None


class CSIPersistentVolumeSource(K8sModel):
    driver: str | None = None
    volume_handle: str | None = None
    read_only: bool | None = None
    fs_type: str | None = None
    volume_attributes: dict[str, str] | None = None


class PersistentVolumeSpec(K8sModel):
    capacity: ResourceList | None = None
    host_path: HostPathVolumeSource | None = None
    nfs: NFSVolumeSource | None = None
    local: LocalVolumeSource | None = None
    csi: CSIPersistentVolumeSource | None = None
    access_modes: list[str] | None = None
    claim_ref: ObjectReference | None = None
    persistent_volume_reclaim_policy: str | None = None
    storage_class_name: str | None = None
    mount_options: list[str] | None = None
    volume_mode: str | None = None
    node_affinity: VolumeNodeAffinity | None = None
    volume_attributes_class_name: str | None = None


class PersistentVolumeStatus(K8sModel):
    phase: str | None = None
    message: str | None = None
    reason: str | None = None
    last_phase_transition_time: Time | None = None


class PersistentVolume(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: PersistentVolumeSpec | None = None
    status: PersistentVolumeStatus | None = None


class VolumeResourceRequirements(K8sModel):
    limits: ResourceList | None = None
    requests: ResourceList | None = None


class PersistentVolumeClaimSpec(K8sModel):
    access_modes: list[str] | None = None
    selector: LabelSelector | None = None
    resources: VolumeResourceRequirements | None = None
    volume_name: str | None = None
    storage_class_name: str | None = None
    volume_mode: str | None = None
    data_source: TypedLocalObjectReference | None = None
    data_source_ref: TypedObjectReference | None = None
    volume_attributes_class_name: str | None = None


class PersistentVolumeClaimCondition(K8sModel):
    type: str | None = None
    status: str | None = None
    last_probe_time: Time | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class PersistentVolumeClaimStatus(K8sModel):
    phase: str | None = None
    access_modes: list[str] | None = None
    capacity: ResourceList | None = None
    conditions: list[PersistentVolumeClaimCondition] | None = None
    allocated_resources: ResourceList | None = None
    allocated_resource_statuses: dict[str, str] | None = None
    current_volume_attributes_class_name: str | None = None
    modify_volume_status: Json = None


class PersistentVolumeClaim(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: PersistentVolumeClaimSpec | None = None
    status: PersistentVolumeClaimStatus | None = None


class PersistentVolumeClaimTemplate(K8sModel):
    metadata: ObjectMeta | None = None
    spec: PersistentVolumeClaimSpec | None = None


EphemeralVolumeSource.model_rebuild()


# --- replication controller --------------------------------------------------------------------

class ReplicationControllerCondition(K8sModel):
    type: str | None = None
    status: str | None = None
    last_transition_time: Time | None = None
    reason: str | None = None
    message: str | None = None


class ReplicationControllerSpec(K8sModel):
    replicas: int | None = None
    min_ready_seconds: int | None = None
    selector: dict[str, str] | None = None
    template: PodTemplateSpec | None = None


class ReplicationControllerStatus(K8sModel):
    go_types = {"observedGeneration": "int64"}

    replicas: int | None = None
    fully_labeled_replicas: int | None = None
    ready_replicas: int | None = None
    available_replicas: int | None = None
    observed_generation: int | None = None
    conditions: list[ReplicationControllerCondition] | None = None


class ReplicationController(K8sModel):
    api_version: str | None = None
    kind: str | None = None
    metadata: ObjectMeta | None = None
    spec: ReplicationControllerSpec | None = None
    status: ReplicationControllerStatus | None = None
