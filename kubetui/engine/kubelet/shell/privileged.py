"""Applets whose changes need a capability: `ip` changing links, addresses or routes
(CAP_NET_ADMIN) and `date -s` setting the clock (CAP_SYS_TIME), with busybox's messages when the
process lacks it. What they may show they show; what they change is said, not simulated: the
pod's network and the node's clock stay as they are.
"""

from __future__ import annotations

import re

from kubetui.engine.kubelet.capabilities import capable
from kubetui.engine.kubelet.shell.applets import Run, applet

EPERM = "Operation not permitted"
_IP_USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule "
             "[ARGS]\n\nOPTIONS := -f[amily] inet|inet6|link | -o[neline]\n\n")
_OBJECTS = {"a": "address", "ad": "address", "addr": "address", "address": "address", "r": "route",
            "ro": "route", "route": "route", "l": "link", "li": "link", "link": "link", "n": "neigh",
            "neigh": "neigh", "ru": "rule", "rule": "rule"}
_CHANGES = {"add", "del", "delete", "change", "replace", "set", "flush", "append", "prepend"}


def _mac(ip: str) -> str:
    parts = [int(p) for p in ip.split(".")] if re.fullmatch(r"(\d+\.){3}\d+", ip) else [10, 244, 0, 2]
    return "5a:" + ":".join(f"{(b * 37 + i * 11) % 256:02x}" for i, b in enumerate([*parts, parts[-1]]))


def _gateway(ip: str) -> str:
    return ".".join([*ip.split(".")[:3], "1"]) if re.fullmatch(r"(\d+\.){3}\d+", ip) else "10.244.0.1"


@applet("ip")
def ip(r: Run) -> int:
    args = [a for a in r.argv[1:] if a not in ("-4", "-o", "-oneline")]
    if not args:
        r.err(_IP_USAGE)
        return 1
    obj = _OBJECTS.get(args[0])
    if obj is None:
        r.err(_IP_USAGE)
        return 1
    verb = args[1] if len(args) > 1 else "show"
    if verb in _CHANGES:
        if not capable(r.m.context, "NET_ADMIN"):
            if obj == "link":
                return r.fail(f"SIOCSIFFLAGS: {EPERM}")
            return r.fail(f"RTNETLINK answers: {EPERM}")
        return 0
    addr = r.m.context.get("ip", "10.244.0.2")
    if obj == "route":
        r.out(f"default via {_gateway(addr)} dev eth0 \n{_gateway(addr).rsplit('.', 1)[0]}.0/24 via "
              f"{_gateway(addr)} dev eth0 src {addr} \n")
        return 0
    lo = ("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n"
          "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n")
    eth = (f"2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n"
           f"    link/ether {_mac(addr)} brd ff:ff:ff:ff:ff:ff\n")
    if obj == "link":
        r.out(lo + eth)
    elif obj == "address":
        r.out(lo + "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n"
              + eth + f"    inet {addr}/24 brd {_gateway(addr)[:-1]}255 scope global eth0\n"
              "       valid_lft forever preferred_lft forever\n")
    return 0


_DATE_FORMATS = (r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def set_date(r: Run, when: str) -> int:
    """`date -s WHEN`: busybox parses it, then the kernel refuses without CAP_SYS_TIME. With it,
    busybox prints the date it set; kubetui's clock (the node's) is left alone."""
    from datetime import datetime, timezone

    from kubetui.model.clock import datetime_of

    now = datetime_of(r.m.now)
    if when.startswith("@") and when[1:].isdigit():
        target = datetime.fromtimestamp(int(when[1:]), tz=timezone.utc)
    elif m := re.fullmatch(_DATE_FORMATS[0], when.strip()):
        y, mo, d, h, mi, s = (int(x or 0) for x in m.groups())
        target = datetime(y, mo, d, h, mi, s, tzinfo=timezone.utc)
    elif m := re.fullmatch(_DATE_FORMATS[1], when.strip()):
        h, mi, s = (int(x or 0) for x in m.groups())
        target = now.replace(hour=h, minute=mi, second=s)
    else:
        return r.fail(f"invalid date '{when}'")
    if not capable(r.m.context, "SYS_TIME"):
        return r.fail(f"can't set date: {EPERM}")
    r.out(target.strftime("%a %b ") + f"{target.day:>2}" + target.strftime(" %H:%M:%S UTC %Y") + "\n")
    return 0
