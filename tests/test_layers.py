"""The package's stages import only stages below them (data flows one way), and no module imports
another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "align"
# lowest first; a module may import its own stage and the stages before it
STAGES = ["text", "errors", "version", "data", "read", "prepare", "embed", "core", "report", "export",
          "review", "corpus", "evaluate", "api", "__init__", "cli", "__main__"]


def _stage(module: str) -> str:
    return module.split(".")[1] if module.count(".") else module


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(absolute module, imported names)`` of every ``from ... import`` in ``path``."""
    pkg = ["align", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("align")):
            base = pkg[: len(pkg) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out.append((module, [a.name for a in node.names]))
    return out


def test_no_stage_imports_a_later_one():
    bad = []
    for path in PACKAGE.rglob("*.py"):
        mine = _stage(".".join(["align", *path.relative_to(PACKAGE).with_suffix("").parts]))
        for module, names in _imports(path):
            targets = [module] if module != "align" else [f"align.{n}" for n in names]
            for target in targets:
                theirs = _stage(target)
                if theirs in STAGES and STAGES.index(theirs) > STAGES.index(mine):
                    bad.append(f"{path.relative_to(PACKAGE)} imports {target}")
    assert not bad


def test_no_private_names_imported_across_modules():
    bad = [f"{path.relative_to(PACKAGE)}: {module}.{name}"
           for path in PACKAGE.rglob("*.py") for module, names in _imports(path)
           for name in names if name.startswith("_") and name != "__version__"]
    assert not bad
