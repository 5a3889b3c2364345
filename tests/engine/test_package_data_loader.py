"""The engine's big data files are read with libyaml's safe loader: the very data the pure one reads."""

from importlib.resources import files

import pytest
import yaml

from kubetui.engine.authorization import bootstrap
from kubetui.engine.kubelet import imageconfig, images, nginx


@pytest.mark.parametrize("module,package,name", [
    (images, "kubetui.engine.kubelet", "registry.yaml"),
    (bootstrap, "kubetui.engine.authorization", "bootstrap-policy.yaml"),
    (imageconfig, "kubetui.engine.kubelet", "packages.yaml"),
    (nginx, "kubetui.engine.kubelet", "nginx.yaml"),
])
def test_the_fast_loader_reads_what_the_safe_loader_reads(module, package, name):
    text = files(package).joinpath(name).read_text()
    fast, safe = yaml.load(text, Loader=module._LOADER), yaml.safe_load(text)
    assert repr(fast) == repr(safe)  # equal values of equal types (1 is not "1", True is not 1)
    assert issubclass(module._LOADER, yaml.SafeLoader) or module._LOADER.__name__ == "CSafeLoader"
