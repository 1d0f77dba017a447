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


# a tiny English-Arabic pair (two paragraphs each) for the command-line tests
EN = "The president met the prime minister in the capital on Tuesday.\n\nThey spoke about trade.\n"
AR = "التقى الرئيس برئيس الوزراء في العاصمة يوم الثلاثاء.\n\nوتحدثا عن التجارة.\n"


def write_pair(folder: Path) -> tuple[Path, Path]:
    """``en.txt`` and ``ar.txt`` holding :data:`EN` and :data:`AR` in ``folder``."""
    en, ar = folder / "en.txt", folder / "ar.txt"
    en.write_text(EN, encoding="utf-8")
    ar.write_text(AR, encoding="utf-8")
    return en, ar


def bench_module(stem: str):
    """``bench/<stem>.py`` (the bench package, importable from the repository root)."""
    return importlib.import_module(f"bench.{stem}")


def need_bench_dev():
    if not BENCH_DEV.is_dir():
        pytest.skip("../shared/bench-dev is not beside the repository")
