"""Every test run keeps the player's data (progress, event logs) in a temporary folder. The deep
fuzz and fault runs (`deep`, tens of minutes) run only when asked: KUBETUI_DEEP=1."""

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KUBETUI_DEEP") == "1":
        return
    skip = pytest.mark.skip(reason="a deep run: KUBETUI_DEEP=1 python -m pytest -m deep")
    for item in items:
        if "deep" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("KUBETUI_DATA_DIR", str(tmp_path_factory.mktemp("kubetui-data")))
    mp.setenv("KUBETUI_DEBUG", "1")  # a bug a last-resort handler catches fails the test
    yield
    mp.undo()
