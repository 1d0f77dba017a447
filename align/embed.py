"""Embed stage: one ``SentenceTransformer`` per run, each distinct text embedded once.

``load_model`` turns a short name (``use-m3``, ``e5-small``), a hub model name or a local
sentence-transformers directory into a ``SentenceTransformer``; :class:`Embedder` wraps it with an
in-memory cache keyed by text, L2-normalised float32 output and an optional progress bar.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

import numpy as np

from .errors import AlignError

DEFAULT_MODEL = "use-m3"


def resolve_device(device: str = "auto") -> str:
    if device != "auto":
        return device
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def load_model(name: str = DEFAULT_MODEL, device: str = "auto"):
    """Return a ``SentenceTransformer`` for an embedded short name, a hub name or a local directory."""
    from sentence_transformers import SentenceTransformer

    from .models import EMBEDDED

    if name in EMBEDDED:
        # the embedded models run on the CPU (numpy / C engine) whatever the device
        return SentenceTransformer(modules=[EMBEDDED[name]()], device="cpu")
    try:
        return SentenceTransformer(name, device=resolve_device(device))
    except Exception as exc:  # hub / file-system errors come in many types
        where = "local directory" if Path(name).exists() else "model name"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AlignError(
            f"cannot load model {name!r} ({where}): {first[:200]}; offline, use one of: "
            + ", ".join(EMBEDDED)
        ) from None


class Embedder:
    """Embeds texts through one ``SentenceTransformer``, each distinct text once per instance."""

    def __init__(self, model=DEFAULT_MODEL, *, device: str = "auto", batch_size: int = 64,
                 progress: bool | None = None) -> None:
        if isinstance(model, str):
            self.name = model
            self.model = load_model(model, device)
        else:
            self.name = type(model).__name__
            self.model = model
        self.batch_size = batch_size
        self.progress = progress
        self._cache: dict[str, np.ndarray] = {}
        self.calls = 0  # texts actually sent to the model

    @property
    def dim(self) -> int:
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def __call__(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            show = self.progress if self.progress is not None else sys.stderr.isatty()
            vecs = self.model.encode(
                todo, batch_size=self.batch_size, show_progress_bar=bool(show and len(todo) > 50),
                convert_to_numpy=True, normalize_embeddings=True,
            )
            self.calls += len(todo)
            for t, v in zip(todo, np.asarray(vecs, dtype=np.float32)):
                self._cache[t] = v
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])
