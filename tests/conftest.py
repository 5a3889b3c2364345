"""Every test run keeps the player's data (progress, event logs) in a temporary folder."""

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("KUBETUI_DATA_DIR", str(tmp_path_factory.mktemp("kubetui-data")))
    mp.setenv("KUBETUI_DEBUG", "1")  # a bug a last-resort handler catches fails the test
    yield
    mp.undo()
