"""Embed stage: one ``SentenceTransformer`` per run (the packaged encoders wrapped as sentence-transformers
modules, any hub name or local directory; what each known model needs is data in :mod:`.families`),
cached in memory and on disk."""

from .embedder import (
                       DEFAULT_MODEL,
                       Embedder,
                       default_cache_dir,
                       load_model,
                       open_disk_cache,
                       resolve_device,
                       set_threads,
)
from .families import FAMILIES, Family, models_dir, resolve

__all__ = ["DEFAULT_MODEL", "FAMILIES", "Embedder", "Family", "default_cache_dir", "load_model", "models_dir",
           "open_disk_cache", "resolve", "resolve_device", "set_threads"]
