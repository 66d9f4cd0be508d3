"""ONNX Runtime fast path for sentence-transformers folders made of Transformer + Pooling (+ Normalize).

Why: a short query through sentence-transformers on torch costs ~30 ms and importing torch +
sentence-transformers several seconds; the same weights exported once with `torch.onnx.export`
run in ~10 ms in onnxruntime, with the `tokenizers` fast tokenizer, and need no torch at run time.
fp32 only: dynamic int8 fell to cosine ~0.98 against fp32 on Vietnamese text (see
benchmarks/bench_embed.py), below the 0.99 we accept for queries.

The export is written once into the cache (atomically) and checked against torch before use.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ONNX_SUBDIR = "onnx"
ONNX_FILE = "model.onnx"
OPSET = 17
EXPORT_MIN_COSINE = 0.999
_PROBE = "Số hóa hộ tịch tại xã; digital civil registration."
_ST_TRANSFORMER = "sentence_transformers.models.Transformer"
_ST_POOLING = "sentence_transformers.models.Pooling"
_ST_NORMALIZE = "sentence_transformers.models.Normalize"


@dataclass(frozen=True)
class OnnxPlan:
    """What the ONNX path needs to reproduce a sentence-transformers folder."""

    model_dir: Path
    pooling: str  # "mean" | "cls"
    max_length: int
    lowercase: bool


def _read_json(path: Path) -> dict | list | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _pooling_mode(cfg: dict) -> str | None:
    if isinstance(cfg.get("pooling_mode"), str):
        return cfg["pooling_mode"]
    modes = [m for m, key in (("mean", "pooling_mode_mean_tokens"), ("cls", "pooling_mode_cls_token"),
                              ("max", "pooling_mode_max_tokens"),
                              ("mean_sqrt_len", "pooling_mode_mean_sqrt_len_tokens")) if cfg.get(key)]
    return modes[0] if len(modes) == 1 else None


def plan_for(model_dir: Path, max_length: int) -> OnnxPlan | None:
    """An OnnxPlan when the folder's pipeline is one we reproduce exactly, else None."""
    model_dir = Path(model_dir)
    modules = _read_json(model_dir / "modules.json")
    if not isinstance(modules, list) or not (model_dir / "tokenizer.json").is_file():
        return None
    types = [m.get("type", "") for m in modules]
    if types[:2] != [_ST_TRANSFORMER, _ST_POOLING] or any(t != _ST_NORMALIZE for t in types[2:]):
        return None
    if modules[0].get("path", "") != "":
        return None
    pooling = _pooling_mode(_read_json(model_dir / modules[1]["path"] / "config.json") or {})
    if pooling not in ("mean", "cls"):
        return None
    st_cfg = _read_json(model_dir / "sentence_bert_config.json") or {}
    limit = st_cfg.get("max_seq_length") or max_length
    return OnnxPlan(model_dir, pooling, min(int(limit), max_length), bool(st_cfg.get("do_lower_case")))


def onnx_path_for(model_dir: Path, cache_root: Path, inside: bool) -> Path:
    """Where the export of `model_dir` lives: inside the (cache-owned) folder, or under cache_root."""
    if inside:
        return Path(model_dir) / ONNX_SUBDIR / ONNX_FILE
    weights = sorted(Path(model_dir).glob("*.safetensors")) or sorted(Path(model_dir).glob("*.bin"))
    stamp = "|".join([str(Path(model_dir).resolve())] + [f"{w.name}:{w.stat().st_size}:{w.stat().st_mtime_ns}"
                                                         for w in weights])
    digest = hashlib.sha1(stamp.encode()).hexdigest()[:16]
    return cache_root / f"{Path(model_dir).name}-{digest}" / ONNX_FILE


# ----------------------------------------------------------------------------- export (needs torch)
def export_onnx(plan: OnnxPlan, dest: Path) -> Path:
    """Export the folder's transformer to `dest` (atomically) and check it against torch."""
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(plan.model_dir), attn_implementation="eager")
    model.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    tok = load_tokenizer(plan)
    enc = tok.encode_batch([_PROBE, _PROBE[:12]])  # a padded row so the masking path is traced
    ids = torch.tensor([e.ids for e in enc])
    mask = torch.tensor([e.attention_mask for e in enc])
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".onnx", dir=dest.parent)
    os.close(fd)
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = _pool(LastHidden(model)(ids, mask).numpy(), mask.numpy(), plan.pooling)
            torch.onnx.export(
                LastHidden(model), (ids, mask), tmp, dynamo=False, opset_version=OPSET,
                input_names=["input_ids", "attention_mask"], output_names=["last_hidden_state"],
                dynamic_axes={n: {0: "batch", 1: "tokens"} for n in ("input_ids", "attention_mask",
                                                                     "last_hidden_state")},
            )
        got = OnnxEncoder(plan, Path(tmp)).encode([_PROBE, _PROBE[:12]])
        cosine = float(np.min(np.sum(got * expected, axis=1)))
        if cosine < EXPORT_MIN_COSINE:
            raise RuntimeError(f"ONNX export disagrees with torch (cosine {cosine:.4f})")
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return dest


# ----------------------------------------------------------------------------- run time (no torch)
def load_tokenizer(plan: OnnxPlan):
    """The folder's tokenizer, truncating at plan.max_length and padding batches: for the
    converted default model the SentencePiece one (kehoach/embed/pieces.py), else `tokenizers`."""
    from kehoach.embed.convert import converted_dir

    if Path(plan.model_dir).resolve() == converted_dir().resolve():
        try:
            from kehoach.embed.pieces import PieceTokenizer

            return PieceTokenizer(plan.model_dir, plan.max_length)
        except Exception as e:  # noqa: BLE001 - sentencepiece missing or its files unwritable: tokenizers still works
            log.warning("SentencePiece tokenizer unavailable (%s: %s); using tokenizer.json.", type(e).__name__, e)
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(plan.model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(plan.max_length)
    pad = _pad_token(plan.model_dir, tok)
    tok.enable_padding(pad_id=tok.token_to_id(pad), pad_token=pad)
    return tok


def _pad_token(model_dir: Path, tok) -> str:
    for name in ("special_tokens_map.json", "tokenizer_config.json"):
        value = (_read_json(model_dir / name) or {}).get("pad_token")
        if isinstance(value, dict):
            value = value.get("content")
        if isinstance(value, str) and tok.token_to_id(value) is not None:
            return value
    return next(p for p in ("<pad>", "[PAD]", "<unk>", "[UNK]") if tok.token_to_id(p) is not None)


def _pool(hidden: np.ndarray, mask: np.ndarray, pooling: str) -> np.ndarray:
    if pooling == "cls":
        vec = hidden[:, 0, :]
    else:
        m = mask[:, :, None].astype(np.float32)
        vec = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
    vec = vec.astype(np.float32)
    return vec / np.clip(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12, None)


class OnnxEncoder:
    """Tokenize -> onnxruntime transformer -> pooling -> L2 normalization."""

    def __init__(self, plan: OnnxPlan, onnx_file: Path, threads: int | None = None):
        import onnxruntime as ort

        ort.disable_telemetry_events()  # ORT_DISABLE_TELEMETRY (kehoach.settings) already stops it at import
        self.plan = plan
        self.tokenizer = load_tokenizer(plan)
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            opts.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(onnx_file), opts, providers=["CPUExecutionProvider"])
        self.dim = int(self.session.get_outputs()[0].shape[-1])

    def _batch(self, texts: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return _pool(hidden, mask, self.plan.pooling)

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Vectors for `texts` (batched by length to limit padding)."""
        if self.plan.lowercase:
            texts = [t.lower() for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        starts = range(0, len(texts), batch_size)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="Embedding", unit="batch")
        for start in starts:
            idx = order[start:start + batch_size]
            out[idx] = self._batch([texts[i] for i in idx])
        return out
