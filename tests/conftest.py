import importlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
BENCH_DEV = SHARED / "bench-dev"
SEEDS = REPO / "seeds"


@pytest.fixture(scope="session")
def embedder():
    """The real embedded default model (offline), loaded once for the whole test session."""
    from align import Embedder

    return Embedder("use-m3", progress=False)


def bench_module(stem: str):
    """``bench/<stem>.py`` (the bench package, importable from the repository root)."""
    return importlib.import_module(f"bench.{stem}")


def need_bench_dev():
    if not BENCH_DEV.is_dir():
        pytest.skip("../shared/bench-dev is not beside the repository")
