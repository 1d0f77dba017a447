"""Corpus mode: match documents of two folders (document embeddings, one-to-one assignment), write the
manifest, and align every pair in resumable parts (local workers or a Dask cluster)."""

from .match import (
           MatchConfig,
           MatchResult,
           match_documents,
           read_manifest,
           write_manifest,
)
from .run import CorpusResult, CorpusSettings, run_corpus

__all__ = ["CorpusResult", "CorpusSettings", "MatchConfig", "MatchResult", "match_documents", "read_manifest",
           "run_corpus", "write_manifest"]
