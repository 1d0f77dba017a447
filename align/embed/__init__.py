"""Embed stage: one ``SentenceTransformer`` per run (the packaged encoders wrapped as sentence-transformers
modules, any hub name or local directory), cached in memory and on disk."""

from .embedder import (
                       DEFAULT_MODEL,
                       Embedder,
                       default_cache_dir,
                       load_model,
                       open_disk_cache,
                       resolve_device,
)

__all__ = ["DEFAULT_MODEL", "Embedder", "default_cache_dir", "load_model", "open_disk_cache", "resolve_device"]
