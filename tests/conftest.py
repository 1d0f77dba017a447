import importlib.util
import sys
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
    """``bench/<stem>.py`` as a module (the bench folder is not a package), loaded once per session."""
    name = f"bench_{stem}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{stem}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


def need_bench_dev():
    if not BENCH_DEV.is_dir():
        pytest.skip("../shared/bench-dev is not beside the repository")
