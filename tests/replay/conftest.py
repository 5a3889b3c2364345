from pathlib import Path

import pytest
from replay_helpers import record_sandbox_run


@pytest.fixture(scope="session")
def sandbox_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "sandbox-5-1.jsonl"
    record_sandbox_run(path)
    return path

