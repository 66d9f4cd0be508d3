"""Passages through int8 arithmetic, the token table out of the model: derived from model.onnx once.

Why: on 2 cores the fp32 transformer is near the CPU's arithmetic limit, and its 250k x 384
token table (96M of its 118M parameters) is a lookup, not arithmetic, yet it is
most of the memory.  From the exported model.onnx we derive, beside it in the cache:

  encoder.onnx               the fp32 transformer, fed the looked-up token vectors (queries)
  encoder-int8.onnx          the same with int8 MatMuls (VNNI), for passages
  word_embeddings.int8.npy   the token table, int8 with one scale per row (memory-mapped:
  word_embeddings.scale.npy  only the rows of tokens actually seen are ever read)
  split.json                 written last: what was derived, and the check it passed

Plain dynamic int8 loses ranking quality here: a few input channels of some layers carry values
tens of times larger than the others ("massive activations", e.g. after layer 4's GELU on
</s>), so one per-tensor activation scale crushes every other channel.  Those channels are
found by running the bundled plans' lines through the fp32 model and kept in fp32 on a side
path (x·W = x[:, C]·W[C, :] + (x with C zeroed)·W), as LLM.int8() does; the rest goes int8.
The result is checked against fp32 on other lines before use (MIN_COSINE); below it, passages
stay fp32.  Speed and ranking quality against fp32: benchmarks/RESULTS.md ("int8 passages").  The original model.onnx is left as it is (other checkouts may use it).
"""
from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kehoach.embed.onnx import OnnxEncoder, OnnxPlan, _pool, load_tokenizer

log = logging.getLogger(__name__)

SPLIT_VERSION = 1
MARKER = "split.json"
OUTLIER_RATIO = 3.0  # an input channel whose largest |value| exceeds this x the median channel's stays fp32
MIN_COSINE = 0.999  # mean cosine of int8 passages to fp32 ones on probe lines, or passages stay fp32
CALIBRATION_LINES = 64


@dataclass(frozen=True)
class SplitFiles:
    folder: Path
    embeds_input: str  # the graph input that takes the looked-up token vectors
    int8: bool  # encoder-int8.onnx passed the check
    cosine: float | None  # its mean cosine to fp32 on the probe lines

    @property
    def encoder(self) -> Path:
        return self.folder / "encoder.onnx"

    @property
    def encoder_int8(self) -> Path:
        return self.folder / "encoder-int8.onnx"


class TokenTable:
    """The token-embedding table, int8 rows with a scale each, read through memory maps."""

    def __init__(self, folder: Path):
        self.codes = np.load(folder / "word_embeddings.int8.npy", mmap_mode="r", allow_pickle=False)
        self.scales = np.load(folder / "word_embeddings.scale.npy", mmap_mode="r", allow_pickle=False)

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        return self.codes[ids].astype(np.float32) * self.scales[ids][..., None]


class TableEncoder(OnnxEncoder):
    """OnnxEncoder whose model takes token vectors looked up here rather than token ids."""

    def __init__(self, plan: OnnxPlan, onnx_file: Path, table: TokenTable, embeds_input: str,
                 threads: int | None = None, workers: int = 1):
        super().__init__(plan, onnx_file, 1 if workers > 1 else threads)
        self.table = table
        self.embeds_input = embeds_input
        # Many batches (passages at build time): one single-threaded session per core, each
        # running its own batches, keeps the cores busier than two threads splitting each
        # small batch's MatMuls.
        self._helpers = [TableEncoder(plan, onnx_file, table, embeds_input, 1) for _ in range(workers - 1)]

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not self._helpers or progress or len(texts) <= batch_size:
            return super().encode(texts, batch_size, progress)
        from concurrent.futures import ThreadPoolExecutor

        if self.plan.lowercase:
            texts = [t.lower() for t in texts]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        batches = [order[start:start + batch_size] for start in range(0, len(texts), batch_size)]
        workers = [self, *self._helpers]

        def run(i: int) -> None:
            idx = batches[i]
            out[idx] = workers[i % len(workers)]._batch([texts[j] for j in idx])

        with ThreadPoolExecutor(len(workers)) as pool:
            list(pool.map(run, range(len(batches))))
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        enc = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, self.embeds_input: self.table[ids]}
        hidden = self.session.run(None, feeds)[0]
        return _pool(hidden, mask, self.plan.pooling)


# ----------------------------------------------------------------------------- deriving the files
def _stamp(model_onnx: Path) -> dict:
    st = Path(model_onnx).stat()
    return {"version": SPLIT_VERSION, "source_size": st.st_size, "source_mtime_ns": st.st_mtime_ns}


def read_split(model_onnx: Path) -> SplitFiles | None:
    """The derived files beside `model_onnx`, when complete and made from this very file."""
    folder = Path(model_onnx).parent
    try:
        info = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if {k: info.get(k) for k in _stamp(model_onnx)} != _stamp(model_onnx):
        return None
    return SplitFiles(folder, info["embeds_input"], bool(info.get("int8")), info.get("cosine"))


def ensure_split(plan: OnnxPlan, model_onnx: Path) -> SplitFiles | None:
    """The derived files, made now (once) if missing; None when the graph has no token table
    to take out (then the plain model.onnx serves)."""
    found = read_split(model_onnx)
    if found is not None:
        return found
    log.info("Preparing the int8 passage encoder (once, ~1 min)…")
    try:
        return _derive(plan, Path(model_onnx))
    except _NoTable:
        return None


class _NoTable(Exception):
    pass


def _atomic_save(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is an ordinary folder
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _derive(plan: OnnxPlan, model_onnx: Path) -> SplitFiles:
    import onnx
    from onnx import numpy_helper

    folder = model_onnx.parent
    model = onnx.load(str(model_onnx))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    gather = next((n for n in graph.node if n.op_type == "Gather" and n.input[0] in inits
                   and n.input[1] == "input_ids"), None)
    if gather is None:
        raise _NoTable()
    table = numpy_helper.to_array(inits[gather.input[0]]).astype(np.float32)
    embeds_input = gather.output[0]
    graph.node.remove(gather)
    graph.initializer.remove(inits[gather.input[0]])
    graph.input.append(onnx.helper.make_tensor_value_info(embeds_input, onnx.TensorProto.FLOAT,
                                                          ["batch", "tokens", table.shape[1]]))
    scale = np.abs(table).max(axis=1) / 127.0
    codes = np.round(table / np.where(scale > 0, scale, 1.0)[:, None]).astype(np.int8)
    _atomic_save(folder / "word_embeddings.int8.npy", lambda p: _save_npy(p, codes))
    _atomic_save(folder / "word_embeddings.scale.npy", lambda p: _save_npy(p, scale.astype(np.float32)))
    _atomic_save(folder / "encoder.onnx", lambda p: onnx.save(model, p))
    split = SplitFiles(folder, embeds_input, False, None)
    lines = _seed_lines()
    calibration, probe = lines[0::2][:CALIBRATION_LINES], lines[1::2][:CALIBRATION_LINES]
    tokens = TokenTable(folder)
    try:
        _atomic_save(split.encoder_int8, lambda p: _quantize(plan, split, tokens, calibration, p))
        fp32 = TableEncoder(plan, split.encoder, tokens, embeds_input).encode(probe)
        int8 = TableEncoder(plan, split.encoder_int8, tokens, embeds_input).encode(probe)
        cosine = float(np.mean(np.sum(fp32 * int8, axis=1)))
    except Exception as e:  # noqa: BLE001 - a quantizer or runtime without int8 support: fp32 passages
        log.warning("int8 passage encoder unavailable (%s: %s); passages stay fp32.", type(e).__name__, e)
        cosine = None
    ok = cosine is not None and cosine >= MIN_COSINE
    if cosine is not None and not ok:
        log.warning("int8 passage encoder agrees with fp32 at cosine %.4f only; passages stay fp32.", cosine)
    info = {**_stamp(model_onnx), "embeds_input": embeds_input, "int8": ok, "cosine": cosine,
            "outlier_ratio": OUTLIER_RATIO}
    _atomic_save(folder / MARKER, lambda p: Path(p).write_text(json.dumps(info, indent=1), encoding="utf-8"))
    return SplitFiles(folder, embeds_input, ok, cosine)


def _save_npy(path: str, array: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, array, allow_pickle=False)


def _seed_lines() -> list[str]:
    from kehoach.corpus import bundled_paths

    return ["passage: " + line.strip() for p in bundled_paths()
            for line in Path(p).read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20]


def _channel_maxima(plan: OnnxPlan, split: SplitFiles, tokens: TokenTable, names: list[str],
                    texts: list[str]) -> dict[str, np.ndarray]:
    """Largest |value| of each input channel of the named tensors over `texts` (fp32 model)."""
    import onnx
    import onnxruntime as ort

    model = onnx.load(str(split.encoder))
    for name in names:
        model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    session = ort.InferenceSession(model.SerializeToString(), opts, providers=["CPUExecutionProvider"])
    tokenizer = load_tokenizer(plan)
    out: dict[str, np.ndarray] = {}
    for start in range(0, len(texts), 8):
        enc = tokenizer.encode_batch(texts[start:start + 8])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        values = session.run(None, {"input_ids": ids, "attention_mask": mask, split.embeds_input: tokens[ids]})[1:]
        for name, v in zip(names, values):
            m = (np.abs(v) * mask[..., None]).max(axis=(0, 1))
            out[name] = m if name not in out else np.maximum(out[name], m)
    return out


def _quantize(plan: OnnxPlan, split: SplitFiles, tokens: TokenTable, calibration: list[str], dest: str) -> None:
    """encoder.onnx -> int8 MatMuls, each weight MatMul's outlier input channels on an fp32 side path."""
    import onnx
    from onnx import helper, numpy_helper
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model = onnx.load(str(split.encoder))
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    matmuls = [n for n in graph.node if n.op_type == "MatMul" and n.input[1] in inits]
    inputs = list(dict.fromkeys(n.input[0] for n in matmuls))
    maxima = _channel_maxima(plan, split, tokens, inputs, calibration)
    nodes, side, done = [], [], {}
    for n in graph.node:
        c = maxima.get(n.input[0]) if n in matmuls else None
        outliers = np.flatnonzero(c > OUTLIER_RATIO * np.median(c)) if c is not None else []
        if not len(outliers):
            nodes.append(n)
            continue
        x = n.input[0]
        if x not in done:  # one masked copy and one gathered slice per input, shared by its MatMuls
            keep = np.ones(len(c), np.float32)
            keep[outliers] = 0.0
            graph.initializer.extend([numpy_helper.from_array(keep, x + "/keep"),
                                      numpy_helper.from_array(outliers.astype(np.int64), x + "/outlier_ids")])
            nodes.append(helper.make_node("Mul", [x, x + "/keep"], [x + "/inliers"], name=x + "/KeepMul"))
            nodes.append(helper.make_node("Gather", [x, x + "/outlier_ids"], [x + "/outliers"], name=x + "/OutlierGather",
                                          axis=-1))
            done[x] = outliers
        w = numpy_helper.to_array(inits[n.input[1]])
        graph.initializer.append(numpy_helper.from_array(w[done[x]].astype(np.float32), n.input[1] + "/outlier_rows"))
        y = n.output[0]
        nodes.append(helper.make_node("MatMul", [x + "/inliers", n.input[1]], [y + "/int8"], name=n.name))
        nodes.append(helper.make_node("MatMul", [x + "/outliers", n.input[1] + "/outlier_rows"], [y + "/fp32"],
                                      name=n.name + "/Outliers"))
        nodes.append(helper.make_node("Add", [y + "/int8", y + "/fp32"], [y], name=n.name + "/Sum"))
        side.append(n.name + "/Outliers")
    del graph.node[:]
    graph.node.extend(nodes)
    with tempfile.TemporaryDirectory(prefix="kehoach-int8-") as tmp:
        src = Path(tmp) / "split.onnx"
        onnx.save(model, str(src))
        quantize_dynamic(str(src), dest, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                         per_channel=True, nodes_to_exclude=side, extra_options={"MatMulConstBOnly": True})
