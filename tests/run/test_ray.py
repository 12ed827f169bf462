"""The Ray Data engine gives the same lines as the local engines (a local Ray with two CPUs)."""

from pathlib import Path

import pytest

from formaljudge.cli._audit import run_audit
from tests.run.conftest import POLICIES

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_engine_matches_local(local_ray, mixed_file: Path, tmp_path: Path) -> None:
    local, on_ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    missing = tmp_path / "missing.json"
    assert run_audit([mixed_file, missing], POLICIES, out=local, reader="none", workers=1) == 1
    code = run_audit([mixed_file, missing], POLICIES, out=on_ray, reader="none", engine="ray", workers=2, batch_size=4)
    assert code == 1
    assert on_ray.read_bytes() == local.read_bytes()
    # resuming on Ray skips what is done
    lines = on_ray.read_bytes().splitlines(keepends=True)
    on_ray.write_bytes(b"".join(lines[: len(lines) // 2]))
    assert run_audit([mixed_file, missing], POLICIES, out=on_ray, reader="none", engine="ray", workers=2) == 1
    assert on_ray.read_bytes() == local.read_bytes()
