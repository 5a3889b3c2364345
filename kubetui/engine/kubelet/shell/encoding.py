"""busybox's `base64`: what reads a Secret's `.data` (`kubectl get secret s -o jsonpath=… | base64 -d`).
It encodes and decodes bytes (`fs.as_bytes`), binary ones too."""

from __future__ import annotations

import base64 as b64
import binascii
import re

from kubetui.engine.kubelet.shell.applets import Run, _options, _read_inputs, applet
from kubetui.engine.kubelet.shell.fs import FsError, as_bytes, as_text

USAGE = ("BusyBox v1.36.1 multi-call binary.\n\nUsage: base64 [-d] [-w COL] [FILE]\n\n"
         "Base64 encode or decode FILE to standard output\n\t-d\tDecode data\n"
         "\t-w COL\tWrap lines at COL (default 76, 0 disables)\n")


@applet("base64")
def base64(r: Run) -> int:
    opts, files = _options(r.argv[1:], with_value="w")
    bad = next((k for k in opts if k not in "dw"), None)
    if bad is not None or len(files) > 1:
        r.err((f"base64: invalid option -- '{bad}'\n" if bad else "") + USAGE)
        return 1
    try:
        width = int(opts.get("w", 76))
    except ValueError:
        return r.fail(f"invalid number '{opts.get('w')}'")
    for name, text in _read_inputs(r, files):
        if isinstance(text, FsError):
            return r.fail(f"can't open '{name}': {text}")
        if opts.get("d"):
            data = re.sub(r"\s+", "", text)
            try:
                decoded = b64.b64decode(data + "=" * (-len(data) % 4), validate=True)
            except (binascii.Error, ValueError):
                return r.fail("invalid input")
            r.out(as_text(decoded))
        else:
            encoded = b64.b64encode(as_bytes(text)).decode()
            if width > 0:
                encoded = "\n".join(encoded[i:i + width] for i in range(0, len(encoded), width))
            r.out(encoded + "\n" if encoded else "")
    return 0
