"""Every test run keeps the player's data (progress, event logs) in a temporary folder. The deep
fuzz and fault runs (`deep`, tens of minutes) run only when asked: KUBETUI_DEEP=1."""

import os
import sys

import pytest

# pytest keeps each test file's assert-rewritten code in __pycache__ (Python keeps kubetui's
# bytecode there too) unless bytecode writing is off, as PYTHONDONTWRITEBYTECODE=1 turns it off
# in this project's containers. Off, every run and every xdist worker rewrites and compiles all
# test files again (~7 CPU-s of a worker's ~14 s collection). The cache is checked against each
# source's mtime and size and written atomically, so a run on the tests as they are on disk is
# what is measured; the folders are git-ignored.
sys.dont_write_bytecode = False


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
