"""The public API of align (read by type checkers; ``__init__.py`` loads each name when first used)."""


from .api import align_files
from .core import AlignConfig, Aligner, align_documents
from .corpus import (
                     CorpusResult,
                     CorpusSettings,
                     MatchConfig,
                     MatchResult,
                     match_documents,
                     read_manifest,
                     run_corpus,
                     write_manifest,
)
from .data import Alignment, Bead, Document, Segment
from .embed import DEFAULT_MODEL, Embedder, load_model
from .errors import AlignError
from .evaluate import Scores, load_beads, score
from .prepare import document_from_lines, order_pair, read_document
from .report import Finding, Report, ReportConfig, build_report, coverage
from .version import __version__

__all__ = [
    "AlignConfig", "AlignError", "Aligner", "Alignment", "Bead", "DEFAULT_MODEL", "Document", "Embedder",
    "Scores", "Segment", "align_documents", "align_files", "document_from_lines", "load_beads",
    "load_model", "order_pair", "read_document", "score", "coverage", "build_report", "Finding", "Report",
    "ReportConfig", "CorpusResult", "CorpusSettings", "run_corpus", "MatchConfig", "MatchResult",
    "match_documents", "read_manifest", "write_manifest", "__version__",
]
