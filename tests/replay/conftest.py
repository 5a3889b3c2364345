from pathlib import Path

import pytest
from replay_helpers import record_sandbox_run


@pytest.fixture(scope="session")
def sandbox_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "sandbox-5-1.jsonl"
    record_sandbox_run(path)
    return path


@pytest.fixture
def copy_of(tmp_path):
    def copy(src: Path, name: str = "copy.jsonl") -> Path:
        dst = tmp_path / name
        dst.write_bytes(src.read_bytes())
        return dst
    return copy

