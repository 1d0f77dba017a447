"""Small numeric helpers shared by the align stage: unit-norm rows, the score sigmoid, block sums over
band windows. Type aliases of the stage: an embedding function and a band."""

from __future__ import annotations

from typing import Callable

import numpy as np

from .anchors import block_sums

Embed = Callable[[list[str]], np.ndarray]
Band = tuple[np.ndarray, np.ndarray]


def sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64)))  # no overflow at large |x|


def normalise(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-9)


def windows_of_columns(lo: np.ndarray, hi: np.ndarray, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """For each column j, the rows [first, last + 1) whose band contains j."""
    cols = np.arange(n_cols + 1)
    first = np.searchsorted(hi, cols, side="left")
    last = np.searchsorted(lo, cols, side="right")
    return first, last


def flag_sums(flags: np.ndarray, n: int) -> np.ndarray:
    """How many of the ``n`` units of each block starting at 0, 1, ... are flagged."""
    return block_sums(flags[:, None], n)[:, 0]
