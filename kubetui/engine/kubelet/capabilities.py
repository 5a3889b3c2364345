"""Linux capabilities of a container's processes, as containerd sets them from the
securityContext: the runtime's default set, `privileged` (every capability), then
`capabilities.add`/`drop` (`ALL` first, then each name). A root process holds its bounding set; a
non-root one (`runAsUser` other than 0) holds none, whatever the profile added (kubectl debug
warns of exactly this). `allowPrivilegeEscalation: false` is `NoNewPrivs`, a RuntimeDefault
seccomp profile `Seccomp: 2`. Programs ask `capable()`; `/proc/1/status` shows the sets.
"""

from __future__ import annotations

from typing import NamedTuple

ALL = ("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
       "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
       "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
       "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
       "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
       "CHECKPOINT_RESTORE")
"""Every capability, in bit order (CAP_CHOWN is bit 0)."""

DEFAULT = frozenset(("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER", "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP",
                     "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL", "AUDIT_WRITE"))
"""containerd's default set for a container that asks for nothing (CapBnd 00000000a80425fb)."""


class Privileges(NamedTuple):
    uid: int
    gid: int
    bounding: frozenset[str]
    no_new_privs: bool
    seccomp: int

    @property
    def effective(self) -> frozenset[str]:
        return self.bounding if self.uid == 0 else frozenset()


ROOT_DEFAULT = Privileges(0, 0, DEFAULT, False, 0)


def _name(cap: object) -> str:
    return str(cap).upper().removeprefix("CAP_")


def of(pod_spec: dict, container: dict) -> Privileges:
    """The container's privileges from its securityContext over the pod's."""
    psc = pod_spec.get("securityContext") or {}
    csc = container.get("securityContext") or {}
    if not psc and not csc:
        return ROOT_DEFAULT
    uid = int(csc.get("runAsUser", psc.get("runAsUser", 0)) or 0)
    gid = int(csc.get("runAsGroup", psc.get("runAsGroup", 0)) or 0)
    if csc.get("privileged"):
        caps = frozenset(ALL)
    else:
        wanted = csc.get("capabilities") or {}
        add = [_name(c) for c in wanted.get("add") or []]
        drop = [_name(c) for c in wanted.get("drop") or []]
        start: set[str] = set(ALL) if "ALL" in add else set(DEFAULT)
        if "ALL" in drop:
            start = set()
        caps = frozenset((start | {c for c in add if c in ALL}) - set(drop))
    escalation = csc.get("allowPrivilegeEscalation")
    profile = (csc.get("seccompProfile") or psc.get("seccompProfile") or {}).get("type")
    return Privileges(uid, gid, caps, escalation is False and not csc.get("privileged"),
                      2 if profile in ("RuntimeDefault", "Localhost") else 0)


def capable(context: dict, cap: str) -> bool:
    """Whether the process whose machine has this context holds `cap` (root with the default
    set when the kubelet gave no privileges: a probe's or a test's machine)."""
    return cap in context.get("privileges", ROOT_DEFAULT).effective


def _mask(caps: frozenset[str]) -> str:
    return f"{sum(1 << ALL.index(c) for c in caps):016x}"


def proc_status(privileges: Privileges, command: str) -> str:
    """`/proc/1/status` of the container's main process: its identity and capability sets."""
    p = privileges
    name = (command.split() or ["sh"])[0].rsplit("/", 1)[-1][:15]
    return (f"Name:\t{name}\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t1\nPid:\t1\nPPid:\t0\nTracerPid:\t0\n"
            f"Uid:\t{p.uid}\t{p.uid}\t{p.uid}\t{p.uid}\nGid:\t{p.gid}\t{p.gid}\t{p.gid}\t{p.gid}\n"
            f"CapInh:\t{_mask(frozenset())}\nCapPrm:\t{_mask(p.effective)}\nCapEff:\t{_mask(p.effective)}\n"
            f"CapBnd:\t{_mask(p.bounding)}\nCapAmb:\t{_mask(frozenset())}\nNoNewPrivs:\t{int(p.no_new_privs)}\n"
            f"Seccomp:\t{p.seccomp}\nSeccomp_filters:\t{1 if p.seccomp else 0}\n")
