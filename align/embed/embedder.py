"""Embed stage: one ``SentenceTransformer`` per run, each distinct text embedded once.

``load_model`` turns a short name (``use-m3``, ``e5-small``), a hub model name or a local
sentence-transformers directory into a ``SentenceTransformer``; :class:`Embedder` wraps it with an
in-memory cache keyed by text, L2-normalised float32 output and an optional progress bar.

With ``cache_dir`` (corpus mode uses :func:`default_cache_dir`), embeddings are also kept on disk in a
``diskcache`` store keyed by model name and a BLAKE2 hash of the text (float32 bytes), shared by every
process and run that uses the same directory; SQLite makes it safe under concurrent writers.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Iterable

import numpy as np

from ..errors import AlignError

DEFAULT_MODEL = "use-m3"
CHUNK_TEXTS = 512      # texts per model call: bounded memory, and progress between calls
MAX_CHARS = 20_000     # a longer text is embedded in pieces of at most this many characters (split_long)
CACHE_SIZE_LIMIT = 8 * 2**30  # bytes on disk before diskcache evicts the least recently stored entries
_CACHE_VERSION = "v1"  # part of every key: bump if the stored format changes


def default_cache_dir() -> Path:
    """``$ALIGN_CACHE_DIR``, else ``$XDG_CACHE_HOME/align/embeddings`` (``~/.cache/align/embeddings``)."""
    env = os.environ.get("ALIGN_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(base).expanduser() / "align" / "embeddings"


def open_disk_cache(cache_dir: str | Path):
    """Open (or create) the on-disk embedding store; a missing library or an unusable folder is an
    :class:`AlignError`."""
    try:
        import diskcache
    except ImportError:
        raise AlignError("the embedding cache needs diskcache: pip install 'align[corpus]' (or --no-cache)") from None
    path = Path(cache_dir).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
        return diskcache.Cache(str(path), size_limit=CACHE_SIZE_LIMIT)
    except Exception as exc:  # sqlite / OS errors come in many types
        raise AlignError(f"{path}: cannot open the embedding cache ({type(exc).__name__}: {exc})") from None


def resolve_device(device: str = "auto") -> str:
    if device != "auto":
        return device
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def set_threads(n: int | None = None) -> int | None:
    """Set the CPU threads of the torch models once per process: ``n``, else ``$ALIGN_THREADS``, else
    leave torch's own setting. Returns the number set (``None``: unchanged)."""
    global _THREADS
    if n is None:
        env = os.environ.get("ALIGN_THREADS", "").strip()
        n = int(env) if env.isdigit() else None
    if n is None or n < 1 or n == _THREADS:
        return _THREADS
    import torch

    torch.set_num_threads(int(n))
    _THREADS = int(n)
    return _THREADS


_THREADS: int | None = None


def _load(name: str, device: str = "auto", threads: int | None = None):
    """``(SentenceTransformer, Resolved, encode keyword arguments)`` for ``name`` (see
    :func:`align.embed.families.resolve`)."""
    from sentence_transformers import SentenceTransformer

    from .families import BITEXT_PROMPT, DEFAULTS, resolve
    from .packaged import EMBEDDED

    res = resolve(name)
    threads = set_threads(threads)
    if res.kind == "packaged":
        # the embedded models run on the CPU (numpy / C engine) whatever the device
        module = EMBEDDED[res.source]()
        if threads:
            module.set_threads(threads)
        return SentenceTransformer(modules=[module], device="cpu"), res, {}
    try:
        model = SentenceTransformer(res.source, device=resolve_device(device))
    except Exception as exc:  # hub / file-system errors come in many types
        where = "local directory" if res.kind == "local" else "model name"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hint = ""
        if res.known and res.kind == "hub":
            from .families import models_dir

            hint = f"; or put a local copy in {models_dir() / res.family.name}"
        raise AlignError(
            f"cannot load model {name!r} ({where}): {first[:200]}{hint}; offline, use one of: "
            + ", ".join(EMBEDDED)
        ) from None
    fam = res.family
    if fam.max_seq_length:
        model.max_seq_length = fam.max_seq_length
    prompts = getattr(model, "prompts", None) or {}
    kwargs: dict = {}
    if fam.prompt_name and fam.prompt_name in prompts:
        kwargs["prompt_name"] = fam.prompt_name
    elif fam.prompt:
        kwargs["prompt"] = fam.prompt
    elif fam is DEFAULTS and BITEXT_PROMPT in prompts:  # an unknown model whose card defines one
        kwargs["prompt_name"] = BITEXT_PROMPT
    return model, res, kwargs


def _prompt_key(kwargs: dict) -> str:
    """The part of a cache name that says which prompt the vectors were made with ('' for none)."""
    if kwargs.get("prompt_name"):
        return f"|prompt_name={kwargs['prompt_name']}"
    if kwargs.get("prompt"):
        return f"|prompt={kwargs['prompt']!r}"
    return ""


def load_model(name: str = DEFAULT_MODEL, device: str = "auto", threads: int | None = None):
    """Return a ``SentenceTransformer`` for a short name, a hub name or a local directory (the prompt
    a family needs is applied by :class:`Embedder`, not stored in the model)."""
    return _load(name, device, threads)[0]


class Embedder:
    """Embeds texts through one ``SentenceTransformer``, each distinct text once per instance."""

    def __init__(self, model=DEFAULT_MODEL, *, device: str = "auto", batch_size: int | None = None,
                 progress: bool | None = None, cache_dir: str | Path | None = None,
                 cache_name: str | None = None, threads: int | None = None) -> None:
        """``model``: a name for :func:`load_model` (its family sets the prompt, maximum length and
        batch size) or a ``SentenceTransformer`` (used as it is). ``batch_size`` overrides the family's."""
        self._named = isinstance(model, str)
        self.encode_kwargs: dict = {}
        if isinstance(model, str):
            self.name = model
            self.model, self.resolved, self.encode_kwargs = _load(model, device, threads)
            family_batch = self.resolved.family.batch_size
            default_cache_name = self.resolved.cache_name + _prompt_key(self.encode_kwargs)
        else:
            self.name = type(model).__name__
            self.model = model
            self.resolved = None
            family_batch = 64
            default_cache_name = self.name
        self.batch_size = batch_size or family_batch
        self.progress = progress
        self.reporter = None  # an align.embed.progress.Progress to report each chunk to
        self.max_chars = MAX_CHARS
        self.max_tokens = token_budget(self.model, self.encode_kwargs)  # None: no token limit to fit
        self.long_texts = 0  # texts embedded in pieces (longer than max_chars or max_tokens)
        self._told_long = False
        self._cache: dict[str, np.ndarray] = {}
        self.calls = 0  # texts actually sent to the model
        self.disk_hits = 0  # texts found in the on-disk cache
        self._disk = None
        self.cache_dir: Path | None = None
        self._default_cache_name = default_cache_name
        self.cache_name = default_cache_name
        if cache_dir is not None:
            self.attach_cache(cache_dir, cache_name)

    def attach_cache(self, cache_dir: str | Path, name: str | None = None) -> None:
        """Also keep embeddings on disk in ``cache_dir`` (shared across processes and runs), keyed by
        ``name`` (default: the model's family name and prompt, see :func:`align.embed.families.resolve`;
        required for a model object, whose class name would not tell two models apart)."""
        if name is None and not self._named:
            raise AlignError("an embedding cache for a model object needs a name (cache_name=...)")
        self._disk = open_disk_cache(cache_dir)
        self.cache_dir = Path(cache_dir)
        self.cache_name = name or self._default_cache_name

    def clear_memory(self) -> None:
        """Forget the in-memory cache (the on-disk cache, if any, keeps everything)."""
        self._cache.clear()

    def _key(self, text: str) -> str:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()
        return f"{_CACHE_VERSION}|{self.cache_name}|{digest}"

    def _from_disk(self, todo: list[str]) -> list[str]:
        """Fill the memory cache from disk; return the texts still to embed."""
        missing = []
        try:
            for t in todo:
                blob = self._disk.get(self._key(t))
                if isinstance(blob, bytes) and blob and len(blob) % 4 == 0:
                    self._cache[t] = np.frombuffer(blob, dtype=np.float32).copy()
                    self.disk_hits += 1
                else:
                    missing.append(t)
        except Exception as exc:  # a broken store must not stop the run: go on without it
            self._disk_failed(exc)
            return [t for t in todo if t not in self._cache]
        return missing

    def _to_disk(self, texts: list[str]) -> None:
        try:
            with self._disk.transact():
                for t in texts:
                    self._disk.set(self._key(t), self._cache[t].tobytes())
        except Exception as exc:
            self._disk_failed(exc)

    def _disk_failed(self, exc: Exception) -> None:
        print(f"align: warning: embedding cache {self.cache_dir} disabled ({type(exc).__name__}: {exc})",
              file=sys.stderr)
        self._disk = None

    @property
    def dim(self) -> int:
        m = self.model
        get = getattr(m, "get_embedding_dimension", None) or m.get_sentence_embedding_dimension
        return int(get())

    def __call__(self, texts: Iterable[str]) -> np.ndarray:
        texts = list(texts)
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo and self._disk is not None:
            todo = self._from_disk(todo)
        if todo:
            self._embed_new(todo)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _embed_new(self, todo: list[str]) -> None:
        """Embed texts not cached, :data:`CHUNK_TEXTS` at a time (bounded memory, progress between
        chunks); a text longer than :attr:`max_chars`, or than the model's token limit, is embedded in
        pieces (see :func:`split_long`, :func:`fit_tokens`)."""
        long = {t: split_long(t, self.max_chars) for t in todo if len(t) > self.max_chars}
        if self.max_tokens is not None:
            over_limit = self._over_token_limit(todo, long)
            for t in over_limit:
                long[t] = [q for p in long.get(t, [t]) for q in fit_tokens(p, self._count_tokens, self.max_tokens)]
            if over_limit:
                self._tell_long(len(over_limit))
        pieces = [p for ps in long.values() for p in ps if p not in self._cache]
        if pieces and self._disk is not None:
            pieces = self._from_disk(list(dict.fromkeys(pieces)))
        plain = list(dict.fromkeys([t for t in todo if t not in long] + pieces))
        show = self.progress if self.progress is not None else sys.stderr.isatty()
        bar = bool(show and self.reporter is None and len(plain) > 50)
        for k in range(0, len(plain), CHUNK_TEXTS):
            chunk = plain[k:k + CHUNK_TEXTS]
            vecs = self.model.encode(
                chunk, batch_size=self.batch_size, show_progress_bar=bar and len(plain) <= CHUNK_TEXTS,
                convert_to_numpy=True, normalize_embeddings=True, **self.encode_kwargs,
            )
            self.calls += len(chunk)
            for t, v in zip(chunk, np.asarray(vecs, dtype=np.float32)):
                self._cache[t] = v
            if self._disk is not None:
                self._to_disk(chunk)
            if self.reporter is not None:
                self.reporter.embedding(k + len(chunk), len(plain), len(chunk))
        for t, ps in long.items():  # length-weighted mean of the pieces, normalised
            w = np.array([len(p) for p in ps], dtype=np.float32)
            v = (np.stack([self._cache[p] for p in ps]) * w[:, None]).sum(axis=0)
            n = float(np.linalg.norm(v))
            self._cache[t] = (v / n if n > 0 else v).astype(np.float32)
            self.long_texts += 1
        if long and self._disk is not None:
            self._to_disk(list(long))


    def _count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=False, verbose=False)["input_ids"])

    def _over_token_limit(self, todo: list[str], long: dict[str, list[str]]) -> list[str]:
        """The texts of ``todo`` (or a piece of one) with more tokens than the model reads. A token
        covers at least a quarter of a character (byte fallback), so shorter texts are not tokenized."""
        budget = self.max_tokens or 0
        pieces = [(t, p) for t in todo for p in long.get(t, [t]) if 4 * len(p) > budget]
        if not pieces:
            return []
        ids = self.model.tokenizer([p for _, p in pieces], add_special_tokens=False, verbose=False)["input_ids"]
        return list(dict.fromkeys(t for (t, _), n in zip(pieces, ids) if len(n) > budget))

    def _tell_long(self, n: int) -> None:
        """Say once per embedder that texts went to the model in pieces (a model with a token limit would
        otherwise read only their start)."""
        if self._told_long or self.progress is False:
            return
        self._told_long = True
        print(f"align: note: {n} text{'s' * (n != 1)} longer than the {self.max_tokens} tokens the model reads "
              "at once embedded in pieces (vectors averaged by length, no words dropped)", file=sys.stderr)


def token_budget(model, encode_kwargs: dict) -> int | None:
    """How many tokens of a text a sentence-transformers model reads: its ``max_seq_length`` less the
    special tokens and the prompt; ``None`` for a model without a tokenizer and a limit (the packaged
    encoders), whose long texts are only cut at :data:`MAX_CHARS`."""
    tok = getattr(model, "tokenizer", None)
    limit = getattr(model, "max_seq_length", None)
    if tok is None or not callable(tok) or not isinstance(limit, int) or limit <= 0:
        return None
    prompt = encode_kwargs.get("prompt") or (getattr(model, "prompts", None) or {}).get(
        encode_kwargs.get("prompt_name") or "", "")
    special = tok.num_special_tokens_to_add() if hasattr(tok, "num_special_tokens_to_add") else 2
    used = len(tok(prompt, add_special_tokens=False)["input_ids"]) if prompt else 0
    return max(16, limit - special - used)


def fit_tokens(text: str, count, budget: int) -> list[str]:
    """``text`` cut (at spaces, by :func:`split_long`) into pieces of at most ``budget`` tokens as
    ``count`` counts them: the pieces' length is guessed from the text's characters per token, and a
    piece still over the budget is cut again."""
    n = count(text)
    if n <= budget or len(text) < 2:
        return [text]
    size = max(1, int(len(text) * budget / n * 0.9))
    return [q for p in split_long(text, size) for q in fit_tokens(p, count, budget)]


def split_long(text: str, max_chars: int) -> list[str]:
    """``text`` cut into pieces of at most ``max_chars`` characters, at the last space before the limit
    where there is one (else at the limit): how a unit longer than a model can sensibly take at once is
    embedded (the pieces' vectors are averaged by length), so that memory stays bounded and no part of
    the unit is dropped."""
    out = []
    i, n = 0, len(text)
    while n - i > max_chars:
        j = text.rfind(" ", i + max_chars // 2, i + max_chars + 1)
        j = j if j > i else i + max_chars
        out.append(text[i:j])
        i = j
        while i < n and text[i] == " ":
            i += 1
    if i < n:
        out.append(text[i:])
    return [p for p in out if p.strip()] or [text[:max_chars]]
