"""Objective text a person would write ("Pod hello runs nginx:1.27" / "hello Pod가 nginx:1.27로
실행 중"), made from an objective's type and fields when its author gave none, and the machine
detail (type, fields, window) that the UI shows one key away.

The sentences are data: per type, variants tried in order, each with the fields it needs.
`{field}` is a field's value (or a word made below: `ref`, `pods`...); `{field|이}` adds the
Korean particle that matches how the value is read (가 after Pod, 이 after Secret)."""

from __future__ import annotations

import re
from typing import Any

from kubetui.scenario.korean_style import particle

Variant = tuple[tuple[str, ...], str, str]
"""(conditions, English, Korean): a condition is a field that must be set (`min`), or
`field=value` (`field=image`, `cordoned=False`)."""

TEMPLATES: dict[str, list[Variant]] = {
    "availableReplicas": [
        (("min", "max"), "{ref} has {min} to {max} available replicas", "{ref_ko}의 사용 가능한 레플리카 {min}~{max}개"),
        (("min",), "{ref} has at least {min} available replicas", "{ref_ko}의 사용 가능한 레플리카 {min}개 이상"),
        (("max",), "{ref} has at most {max} available replicas", "{ref_ko}의 사용 가능한 레플리카 {max}개 이하"),
        ((), "{ref} has all its replicas available", "{ref_ko}의 레플리카가 모두 사용 가능"),
    ],
    "serviceSuccessRate": [
        (("fromNamespace", "max=0.0"), "no request from {fromNamespace} is answered by Service {service}",
         "{fromNamespace}에서 온 요청에 {service} Service가 응답하지 않음"),
        (("max=0.0",), "Service {service} answers no request", "{service} Service가 어떤 요청에도 응답하지 않음"),
        (("fromNamespace", "min"), "Service {service} answers at least {min_pct} of requests from {fromNamespace}",
         "{service} Service가 {fromNamespace}에서 온 요청의 {min_pct} 이상에 응답"),
        (("min",), "Service {service} answers at least {min_pct} of requests", "{service} Service가 요청의 {min_pct} 이상에 응답"),
        (("max",), "Service {service} answers at most {max_pct} of requests",
         "{service} Service가 요청의 {max_pct} 이하에 응답"),
        ((), "Service {service} answers its requests", "{service} Service가 요청에 응답"),
    ],
    "noPodPendingLongerThan": [
        ((), "no pod in {namespace} stays Pending longer than {seconds}s",
         "{namespace} 네임스페이스에 {seconds}초 넘게 Pending인 Pod 없음"),
    ],
    "nodesReady": [
        (("min=0", "max"), "at most {max} nodes are Ready", "Ready 노드 {max}대 이하"),
        (("max",), "{min} to {max} nodes are Ready", "Ready 노드 {min}~{max}대"),
        ((), "at least {min} nodes are Ready", "Ready 노드 {min}대 이상"),
    ],
    "fieldEquals": [
        (("value={}",), "{ref} has {path}", "{ref_ko}에 {path|이} 있음"),
        ((), "{ref} has {path} set to {value}", "{ref_ko}의 {path} 값이 {value}"),
    ],
    "dataSurvived": [
        (("claim",), "no data written to claim {claim} is lost", "{claim} 클레임에 쓴 데이터가 사라지지 않음"),
        (("app",), "no data written by {app} is lost", "{app|이} 쓴 데이터가 사라지지 않음"),
        ((), "no data written in {namespace} is lost", "{namespace} 네임스페이스에 쓴 데이터가 사라지지 않음"),
    ],
    "quotaHeadroom": [
        ((), "ResourceQuota {quota} has at most {maxFraction_pct} of {resource} used",
         "{quota} ResourceQuota의 {resource} 사용량이 {maxFraction_pct} 이하"),
    ],
    "quotaHard": [
        ((), "ResourceQuota {quota} allows {value} of {resource}", "{quota} ResourceQuota가 {resource|을} {value}까지 허용"),
    ],
    "costBudget": [
        (("maxPrice",), "the worker nodes cost at most ${maxPrice}", "워커 노드 비용 ${maxPrice} 이하"),
        (("maxNodeSeconds",), "the worker nodes run at most {maxNodeSeconds} node-seconds",
         "워커 노드 사용 {maxNodeSeconds}노드·초 이하"),
    ],
    "jobRuns": [
        ((), "{ref} completes at least {min_times}", "{ref_ko|이} {min}번 이상 완료"),
    ],
    "jobsNeverOverlap": [
        ((), "CronJob {cronJob} runs at least {min} jobs, never two at once",
         "{cronJob} CronJob이 Job을 {min}번 이상, 겹치지 않게 실행"),
    ],
    "noPrivilegedPods": [
        ((), "no pod in {namespace} is privileged or uses the host's namespaces",
         "{namespace} 네임스페이스에 특권 Pod나 호스트 네임스페이스를 쓰는 Pod 없음"),
    ],
    "objectExists": [((), "{ref} exists", "{ref_ko|이} 있음")],
    "objectAbsent": [((), "{ref} is gone", "{ref_ko|이} 없음")],
    "containerField": [
        (("field=image", "value"), "{ref} runs {value}", "{ref_ko|이} {value|으로} 실행 중"),
        (("value",), "{ref} has {field} {value}", "{ref_ko}의 {field} 값이 {value}"),
        ((), "{ref} sets {field}", "{ref_ko}에 {field} 설정됨"),
    ],
    "containerEnv": [
        ((), "{ref} sets the variable {variable}={value}", "{ref_ko}의 환경 변수 {variable}={value}"),
    ],
    "labelsEqual": [
        (("name", "annotations=True"), "{kind} {name} carries the annotations {labels}", "{name} {kind}의 어노테이션 {labels_ko}"),
        (("name",), "{kind} {name} carries the labels {labels}", "{name} {kind}의 레이블 {labels_ko}"),
        (("annotations=True",), "at least {min} {kind} objects matching {selector} are annotated {labels}",
         "{selector} {kind} {min}개 이상에 어노테이션 {labels_ko}"),
        ((), "at least {min} {kind} objects matching {selector} are labelled {labels}",
         "{selector} {kind} {min}개 이상에 레이블 {labels_ko}"),
    ],
    "serviceSelects": [
        (("pods",), "Service {service} sends traffic to the {pods} pods", "{service} Service가 {pods} Pod로 트래픽을 보냄"),
        ((), "Service {service} sends traffic to at least {min} Ready pods",
         "{service} Service가 Ready Pod {min}개 이상으로 트래픽을 보냄"),
    ],
    "nodeCordoned": [
        (("drained=True",), "node {node} is drained", "노드 {node} drain됨"),
        (("cordoned=False",), "node {node} takes new pods", "노드 {node}에 새 Pod가 올 수 있음"),
        ((), "node {node} is cordoned", "노드 {node} cordon됨"),
    ],
    "hpaTargets": [
        (("minReplicas", "maxReplicas"), "HorizontalPodAutoscaler {name} scales {target} between {minReplicas} and {maxReplicas} replicas",
         "{name} HorizontalPodAutoscaler가 {target_ko|을} 레플리카 {minReplicas}~{maxReplicas}개로 스케일"),
        ((), "HorizontalPodAutoscaler {name} scales {target}", "{name} HorizontalPodAutoscaler가 {target_ko|을} 스케일"),
    ],
    "pvcBound": [
        (("mountedBy",), "PersistentVolumeClaim {name} is Bound and mounted by the {mountedBy} pods",
         "{name} PersistentVolumeClaim이 Bound이고 {mountedBy} Pod가 마운트함"),
        ((), "PersistentVolumeClaim {name} is Bound", "{name} PersistentVolumeClaim이 Bound"),
    ],
    "connection": [
        (("allowed=False",), "{source} cannot reach {dest}", "{source_ko|이} {dest_ko}에 닿지 못함"),
        ((), "{source} can reach {dest}", "{source_ko|이} {dest_ko}에 닿음"),
    ],
    "nameResolves": [
        (("toService",), "a pod matching {fromSelector} in {fromNamespace} resolves {name} to Service {toService}'s ClusterIP",
         "{fromNamespace} 네임스페이스의 {fromSelector} Pod가 {name|을} {toService} Service의 ClusterIP로 찾음"),
        ((), "a pod matching {fromSelector} in {fromNamespace} resolves {name}",
         "{fromNamespace} 네임스페이스의 {fromSelector} Pod가 {name|을} 찾음"),
    ],
    "errorBudget": [
        ((), "Service {service} fails at most {maxFailures} requests", "{service} Service의 실패한 요청 {maxFailures}개 이하"),
    ],
    "noContainerEscape": [((), "no container escapes to its node", "노드로 탈출한 컨테이너 없음")],
    "toleratesTaint": [
        ((), "{ref} tolerates the {key} taint", "{ref_ko|이} {key} taint를 견딤"),
    ],
    "volumeMounted": [
        (("claim",), "{ref} mounts claim {claim} at {mountPath}", "{ref_ko|이} {claim} 클레임을 {mountPath}에 마운트"),
        (("configMap",), "{ref} mounts ConfigMap {configMap} at {mountPath}", "{ref_ko|이} {configMap} ConfigMap을 {mountPath}에 마운트"),
        (("secret",), "{ref} mounts Secret {secret} at {mountPath}", "{ref_ko|이} {secret} Secret을 {mountPath}에 마운트"),
        (("emptyDir=True",), "{ref} mounts an emptyDir at {mountPath}", "{ref_ko|이} {mountPath}에 emptyDir를 마운트"),
        ((), "{ref} mounts a volume at {mountPath}", "{ref_ko|이} {mountPath}에 볼륨을 마운트"),
    ],
    "tokenAuthenticates": [
        (("expires=False",), "Secret {secret} holds a token of ServiceAccount {account} that does not expire",
         "{secret} Secret에 만료되지 않는 {account} ServiceAccount 토큰이 있음"),
        ((), "the token in Secret {secret} authenticates as ServiceAccount {account}",
         "{secret} Secret의 토큰이 {account} ServiceAccount로 인증됨"),
    ],
    "podsUndisturbed": [((), "the pods on {node} keep running there", "{node}의 Pod가 그대로 실행 중")],
    "admits": [((), "the cluster accepts and refuses {tries_n} as it should", "{tries_n_ko}가 맞게 허용되거나 거부됨")],
    "canI": [((), "{who} may do exactly what the task allows", "{who_ko|이} 과제가 허용한 일만 할 수 있음")],
    "kubeconfigContext": [
        (("context", "current=True"), "the current context is {context}", "현재 컨텍스트가 {context}"),
        (("context",), "kubeconfig has the context {context}", "kubeconfig에 {context} 컨텍스트가 있음"),
        ((), "kubeconfig is set up as asked", "kubeconfig가 요구대로 설정됨"),
    ],
    "ingressRoutes": [
        (("service",), "requests to {host}{path} reach Service {service}", "{host}{path} 요청이 {service} Service에 닿음"),
        ((), "requests to {host}{path} get {status}", "{host}{path} 요청이 {status} 응답을 받음"),
    ],
    "debugContainer": [
        (("target",), "Pod {name} gets a debug container sharing {target}'s processes",
         "{name} Pod에 {target}의 프로세스를 보는 디버그 컨테이너가 붙음"),
        ((), "Pod {name} gets a debug container", "{name} Pod에 디버그 컨테이너가 붙음"),
    ],
    "containerFile": [
        ((), "{path} in Pod {name} contains {contains}", "{name} Pod의 {path}에 {contains|이} 있음"),
    ],
    "portForwarded": [
        (("selector",), "a request for {path} through a port-forward gets {status} from pods {selector}",
         "포트 포워딩으로 {selector} Pod에 보낸 {path} 요청이 {status} 응답을 받음"),
        ((), "a request for {path} through a port-forward gets {status}",
         "포트 포워딩으로 보낸 {path} 요청이 {status} 응답을 받음"),
    ],
    "podsSucceeded": [((), "{pods} run{s} to completion", "{pods_ko|이} 완료됨")],
    "podsReady": [
        (("image",), "{pods} run{s} {image} and {is_are} Ready", "{pods_ko|이} {image|으로} 실행 중이고 Ready"),
        ((), "{pods} {is_are} Ready", "{pods_ko|이} Ready"),
    ],
    "podsOnDistinctNodes": [((), "{pods} run on different nodes", "{pods_ko|이} 서로 다른 노드에서 실행")],
    "podsPlaced": [((), "{pods} run{s} only on {nodes} nodes", "{pods_ko|이} {nodes} 노드에서만 실행")],
    "containerOutput": [
        (("file",), "{pods} write{s} {pattern} to {file}", "{pods_ko|이} {file}에 {pattern|을} 씀"),
        ((), "{pods} print{s} {pattern}", "{pods_ko|이} {pattern|을} 출력"),
    ],
    "serviceAccountToken": [
        (("account",), "{pods} run{s} as ServiceAccount {account}", "{pods_ko|이} {account} ServiceAccount로 실행"),
        (("mounted=True",), "{pods} mount{s} a ServiceAccount token", "{pods_ko}에 ServiceAccount 토큰이 마운트됨"),
        ((), "{pods} mount{s} no ServiceAccount token", "{pods_ko}에 ServiceAccount 토큰이 마운트되지 않음"),
    ],
    "noPodsStranded": [((), "{pods} {is_are} never left on a lost node", "{pods_ko|이} 잃은 노드에 남지 않음")],
    "configMapKeyEquals": [
        (("value",), "ConfigMap {name} has {key}={value}", "{name} ConfigMap의 {key} 값이 {value}"),
        ((), "ConfigMap {name} has the key {key}", "{name} ConfigMap에 {key} 키가 있음"),
    ],
    "secretKeyEquals": [
        (("value",), "Secret {name} has {key}={value}", "{name} Secret의 {key} 값이 {value}"),
        ((), "Secret {name} has the key {key}", "{name} Secret에 {key} 키가 있음"),
    ],
}


def _set(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _holds(condition: str, fields: dict) -> bool:
    if "=" in condition:
        name, want = condition.split("=", 1)
        return str(fields.get(name)) == want
    return _set(fields.get(condition))


def _pct(x: Any) -> str:
    return f"{float(x) * 100:.1f}".rstrip("0").rstrip(".") + "%"


def _in_ns(en: str, ko: str, namespace: str | None) -> tuple[str, str]:
    if namespace and namespace != "default":
        return f"{en} in {namespace}", f"{namespace} 네임스페이스의 {ko}"
    return en, ko


def _words(o) -> dict[str, Any]:
    """The fields of `o` and the phrases its sentences are made of."""
    f: dict[str, Any] = {k: getattr(o, k) for k in type(o).model_fields if k != "description"}
    ns = f.get("namespace")
    words: dict[str, Any] = {}
    if "kind" in f and "name" in f and f.get("name"):
        words["ref"], words["ref_ko"] = _in_ns(f"{f['kind']} {f['name']}", f"{f['name']} {f['kind']}", ns)
    for k in ("min", "max", "maxFraction"):
        if isinstance(f.get(k), float):
            words[f"{k}_pct"] = _pct(f[k])
    if isinstance(f.get("min"), int):
        words["min_times"] = "once" if f["min"] == 1 else f"{f['min']} times"
    if f.get("labels"):
        words["labels"] = ", ".join(f"{k}={v}" if v is not None else f"(no {k})" for k, v in f["labels"].items())
        words["labels_ko"] = ", ".join(f"{k}={v}" if v is not None else f"({k} 없음)" for k, v in f["labels"].items())
    if "pod" in f and "workload" in f:
        one = f.get("pod") is not None or f.get("min", 1) == 1
        n = f.get("min", 1)
        if f.get("pod") is not None:
            en, ko = f"Pod {f['pod']}", f"{f['pod']} Pod"
        else:
            if f.get("workload") is not None:
                kind, _, name = f["workload"].partition("/")
                whose_en, whose_ko = f"of {kind} {name}", f"{name} {kind}의 Pod"
            else:
                whose_en, whose_ko = f"matching {f['selector']}", f"{f['selector']} Pod"
            if type(o).__name__ == "PodsOnDistinctNodes" or n != 1:
                en, ko = f"at least {n} pods {whose_en}", f"{whose_ko} {n}개 이상"
                one = False
            else:
                en, ko = f"a pod {whose_en}", whose_ko
        words["pods"], words["pods_ko"] = _in_ns(en, ko, ns)
        words["s"], words["is_are"] = ("s", "is") if one else ("", "are")
    if f.get("targetKind"):
        target = f.get("targetName") or f.get("name")
        words["target"], words["target_ko"] = f"{f['targetKind']} {target}", f"{target} {f['targetKind']}"
    if "fromNamespace" in f and "toNamespace" in f:
        who = f"pods matching {f['fromSelector']}" if f.get("fromSelector") else "pods"
        selector = f"{f['fromSelector']} " if f.get("fromSelector") else ""
        words["source"], words["source_ko"] = f"{who} in {f['fromNamespace']}", f"{f['fromNamespace']} 네임스페이스의 {selector}Pod"
        if f.get("toService"):
            dest, dest_ko = f"Service {f['toService']}", f"{f['toService']} Service"
        else:
            dest, dest_ko = (f"pods matching {f['toSelector']}" if f.get("toSelector") else "pods",
                             f"{f['toSelector'] + ' ' if f.get('toSelector') else ''}Pod")
        dest, dest_ko = _in_ns(dest, dest_ko, f["toNamespace"])
        if f.get("port"):
            dest, dest_ko = f"{dest} on port {f['port']}", f"{dest_ko}의 포트 {f['port']}"
        words["dest"], words["dest_ko"] = dest, dest_ko
    if "tries" in f:
        n = len(f["tries"])
        words["tries_n"], words["tries_n_ko"] = ("the command" if n == 1 else f"the {n} commands"), f"명령 {n}개"
    if "asks" in f:
        if f.get("serviceAccount"):
            words["who"], words["who_ko"] = f"ServiceAccount {f['serviceAccount']}", f"{f['serviceAccount']} ServiceAccount"
        else:
            who = f.get("user") or ", ".join(f.get("groups") or []) or "the user"
            words["who"], words["who_ko"] = who, who
    return {**f, **words}


_SLOT = re.compile(r"\{(\w+)(?:\|(\w+))?\}")


def _fill(template: str, words: dict[str, Any]) -> str:
    def one(m: re.Match) -> str:
        value = words.get(m.group(1))
        text = "" if value is None else str(value)
        return text + particle(text, m.group(2)) if m.group(2) and text else text
    return _SLOT.sub(one, template)


def describe(o) -> tuple[str, str] | None:
    """(English, Korean) of what the objective asks, from its type and fields; None for a
    type with no sentences (its author must write them)."""
    variants = TEMPLATES.get(getattr(o, "type", ""))
    if not variants:
        return None
    words = _words(o)
    for conditions, en, ko in variants:
        if all(_holds(c, words) for c in conditions):
            return _fill(en, words), _fill(ko, words)
    return None


def _window(o) -> str:
    if o.during is not None:
        return f"during ticks {o.during[0]}-{o.during[1]}"
    if o.by is not None:
        return f"by tick {o.by}"
    if o.always:
        return "always"
    return "at the end"


def machine_detail(o) -> str:
    """The objective as the machine reads it: `containerField kind=Pod name=hello field=image
    value=nginx:1.25 · by tick 60`."""
    skip = {"id", "description", "type", "during", "by", "atEnd", "always"}
    parts = []
    for k, field in type(o).model_fields.items():
        if k in skip:
            continue
        v = getattr(o, k)
        if v == field.default or v is None or v == [] or v == {}:
            continue
        if isinstance(v, dict):
            v = ",".join(f"{a}={b}" for a, b in v.items())
        elif isinstance(v, list):
            v = "[" + ", ".join(str(x.model_dump(exclude_defaults=True) if hasattr(x, "model_dump") else x) for x in v) + "]"
        parts.append(f"{k}={v}")
    return f"{o.type} {' '.join(parts)} · {_window(o)}".replace("  ", " ")
