"""align: bilingual (English-Arabic and more) document alignment by multilingual sentence embeddings."""

from .aligner import AlignConfig, align_documents
from .corpus import CorpusResult, CorpusSettings, run_corpus
from .embed import DEFAULT_MODEL, Embedder, load_model
from .errors import AlignError
from .evaluate import Scores, load_beads, score
from .match import MatchConfig, MatchResult, match_documents, read_manifest, write_manifest
from .model import Alignment, Bead, Document, Segment
from .pipeline import Aligner, align_files, coverage, document_from_lines, order_pair, read_document
from .report import Finding, Report, ReportConfig, build_report

__version__ = "0.1.0"

__all__ = [
    "AlignConfig", "AlignError", "Aligner", "Alignment", "Bead", "DEFAULT_MODEL", "Document", "Embedder",
    "Scores", "Segment", "align_documents", "align_files", "document_from_lines", "load_beads",
    "load_model", "order_pair", "read_document", "score", "coverage", "build_report", "Finding", "Report",
    "ReportConfig", "CorpusResult", "CorpusSettings", "run_corpus", "MatchConfig", "MatchResult",
    "match_documents", "read_manifest", "write_manifest",
]
