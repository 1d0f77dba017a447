"""Long inputs (issue 17, item 5): texts embedded in bounded chunks, a unit longer than the model can
take embedded in pieces, progress on stderr while a long command runs."""

import io
import time

import numpy as np
import pytest
from typer.testing import CliRunner

from align.embed import embedder as E
from align.embed.progress import Progress


class FakeModel:
    """A sentence-transformers stand-in: a vector from the text's letters; records what it was given."""

    def __init__(self):
        self.calls = []

    def get_sentence_embedding_dimension(self):
        return 26

    def encode(self, texts, **kw):
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 26), dtype=np.float32)
        for k, t in enumerate(texts):
            for ch in t.lower():
                if "a" <= ch <= "z":
                    out[k, ord(ch) - 97] += 1
        out += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_split_long_keeps_every_word():
    text = " ".join(f"word{i}" for i in range(5000))
    pieces = E.split_long(text, 1000)
    assert all(len(p) <= 1000 for p in pieces) and len(pieces) > 30
    assert " ".join(pieces).split() == text.split()
    nospace = "x" * 2500
    assert E.split_long(nospace, 1000) == ["x" * 1000, "x" * 1000, "x" * 500]


def test_a_very_long_unit_is_embedded_in_pieces():
    model = FakeModel()
    emb = E.Embedder(model, progress=False)
    emb.max_chars = 1000
    long = " ".join(["alpha beta"] * 400 + ["zulu"] * 300)
    v = emb([long, "short text"])
    assert max(len(t) for call in model.calls for t in call) <= 1000
    assert emb.long_texts == 1
    assert abs(float(np.linalg.norm(v[0])) - 1) < 1e-5
    pieces = E.split_long(long, 1000)
    w = np.array([len(p) for p in pieces], dtype=np.float32)
    expect = (model.encode(pieces) * w[:, None]).sum(0)
    assert np.allclose(v[0], expect / np.linalg.norm(expect), atol=1e-5)
    assert np.array_equal(emb([long])[0], v[0])  # cached


def test_embedding_goes_in_bounded_chunks_and_reports_them(monkeypatch):
    monkeypatch.setattr(E, "CHUNK_TEXTS", 100)
    model = FakeModel()
    emb = E.Embedder(model, progress=False)
    rep = Progress(enabled=False)
    emb.reporter = rep
    seen = []
    real = rep.embedding
    rep.embedding = lambda done, total, new=0: (seen.append((done, total)), real(done, total, new))
    emb([f"text number {i}" for i in range(350)])
    assert [len(c) for c in model.calls] == [100, 100, 100, 50]
    assert seen == [(100, 350), (200, 350), (300, 350), (350, 350)]
    assert rep.embedded == 350


def test_progress_lines_on_a_pipe_and_a_terminal():
    out = io.StringIO()
    with Progress(stream=out, tty=False, delay=0.05, every=0.1) as p:
        p.stage("aligning 3 x 4 paragraphs")
        p.embedding(10, 40, 10)
        time.sleep(0.35)
    lines = out.getvalue().splitlines()
    assert len(lines) >= 2
    assert lines[0].startswith("align: aligning 3 x 4 paragraphs 0:00, embedding 10/40 texts, 10 texts embedded")
    term = io.StringIO()
    with Progress(stream=term, tty=True, delay=0.05) as p:
        p.stage("reading big.txt")
        time.sleep(0.2)
    assert term.getvalue().startswith("\r\x1b[K") and term.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    with Progress(stream=quiet, tty=False, delay=5):
        time.sleep(0.05)
    assert quiet.getvalue() == ""  # a short run prints nothing


@pytest.mark.model
def test_pair_shows_its_stages_on_stderr(tmp_path, monkeypatch):
    from align.cli import app

    monkeypatch.setattr(Progress, "DELAY", 0.0)
    monkeypatch.setattr(Progress, "EVERY", 0.2)
    en = tmp_path / "en.txt"
    ar = tmp_path / "ar.txt"
    en.write_text("\n\n".join(f"Paragraph {i} is about the weather and the harvest." for i in range(300)) + "\n",
                  encoding="utf-8")
    ar.write_text("التقى الرئيس برئيس الوزراء في العاصمة يوم الثلاثاء.\n\nوتحدثا عن التجارة.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["pair", str(en), str(ar), "-o", str(tmp_path / "out.jsonl")])
    assert res.exit_code == 0, res.output
    stages = [line for line in res.stderr.splitlines() if " total " in line]
    assert any(line.startswith("align: aligning 300 x 2 paragraphs") for line in stages), res.stderr
    assert res.stderr.strip().splitlines()[-1].startswith("align: 300 en / 2 ar paragraphs")
    quiet = CliRunner().invoke(app, ["pair", str(en), str(ar), "-q", "-o", str(tmp_path / "q.jsonl")])
    assert quiet.exit_code == 0 and quiet.stderr == ""


@pytest.mark.model
def test_match_shows_its_stage_on_a_pipe(tmp_path, monkeypatch):
    from align.cli import app

    monkeypatch.setattr(Progress, "DELAY", 0.0)
    monkeypatch.setattr(Progress, "EVERY", 0.2)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.en.txt").write_text("The president met the prime minister.\n\nThey spoke about trade.\n", encoding="utf-8")
    (docs / "a.ar.txt").write_text("التقى الرئيس برئيس الوزراء.\n\nوتحدثا عن التجارة.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["match", str(docs), "-o", str(tmp_path / "m.csv"), "--no-cache"])
    assert res.exit_code == 0, res.output
    assert any(line.startswith("align: matching 2 documents") for line in res.stderr.splitlines()), res.stderr


def tiny_transformer(folder, max_seq_length: int = 32):
    """A real sentence-transformers model (a two-layer BERT with random weights and a word-level
    tokenizer of 200 words), built offline: what a hub model with a token limit does to long texts."""
    transformers = pytest.importorskip("transformers")
    from sentence_transformers import SentenceTransformer

    words = [f"w{i}" for i in range(200)]
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]) + "\n")
    tok = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"))
    tok.save_pretrained(str(folder))
    config = transformers.BertConfig(vocab_size=len(words) + 5, hidden_size=32, num_hidden_layers=2,
                                     num_attention_heads=2, intermediate_size=64, max_position_embeddings=128)
    transformers.BertModel(config).save_pretrained(str(folder))
    model = SentenceTransformer(str(folder), device="cpu")
    model.max_seq_length = max_seq_length
    return model


def test_a_text_over_the_token_limit_is_embedded_in_pieces_that_fit(tmp_path, capsys):
    """A model that reads 32 tokens would embed only the start of a 300-word paragraph: two paragraphs
    that differ only after word 40 would get the same vector. In pieces, every word counts."""
    model = tiny_transformer(tmp_path)
    emb = E.Embedder(model, cache_name="tiny")
    assert emb.max_tokens == 30  # 32 less [CLS] and [SEP]
    head = " ".join(f"w{i % 50}" for i in range(40))
    a = head + " " + " ".join(f"w{50 + i % 150}" for i in range(260))
    b = head + " " + " ".join(f"w{199 - i % 150}" for i in range(260))
    cut = E.Embedder(model, cache_name="tiny-cut")
    cut.max_tokens = None  # what sentence-transformers alone does: truncate
    assert np.allclose(cut([a])[0], cut([b])[0], atol=1e-6)
    va, vb, short = emb([a, b, "w1 w2 w3"])
    assert not np.allclose(va, vb, atol=1e-3) and emb.long_texts == 2
    pieces = E.fit_tokens(a, emb._count_tokens, 30)
    assert len(pieces) >= 10 and all(emb._count_tokens(p) <= 30 for p in pieces)
    assert " ".join(pieces).split() == a.split()
    w = np.array([len(p) for p in pieces], dtype=np.float32)
    expect = (model.encode(pieces, normalize_embeddings=True) * w[:, None]).sum(0)
    assert np.allclose(va, expect / np.linalg.norm(expect), atol=1e-5)
    assert np.allclose(short, cut(["w1 w2 w3"])[0], atol=1e-6)  # a short text is embedded whole
    err = capsys.readouterr().err
    assert err.count("align: note:") == 1 and "2 texts longer than the 30 tokens" in err
    assert "Token indices sequence length" not in err
