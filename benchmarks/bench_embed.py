"""Embedding speed: one short query (torch ST vs ONNX fp32 vs ONNX int8) and passage throughput.

Run: HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_embed.py [--queries 100] [--passages 256] [--no-int8]
Ratios are to the torch baseline measured in the same run, queries interleaved across paths (the
machine is shared: absolute numbers move with other load, ratios much less).  "ONNX int8" here is
plain dynamic quantization, kept as the naive comparison: the passages of an index go through
kehoach/embed/quantize.py instead (outlier channels in fp32), measured in bench_search.py.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from kehoach.embed import onnx as onnx_backend  # noqa: E402
from kehoach.embed.models import Embedder  # noqa: E402

QUERIES = ["ai chủ trì số hóa hộ tịch", "chuyển đổi số trong trường học", "Công an xã phối hợp việc gì",
           "nhiệm vụ hạn năm 2026", "ai chu tri so hoa ho tich", "đổi mới sáng tạo khởi nghiệp"]
SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"


def passages(n: int) -> list[str]:
    lines = [line.strip() for path in sorted(SEEDS.glob("*.txt"))
             for line in path.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20]
    return (lines * (n // max(len(lines), 1) + 1))[:n]


def latencies(encoders: dict, n: int) -> dict[str, tuple[float, float]]:
    """Median and p95 (ms) of encoding one query at a time; paths interleaved so they share the load."""
    times: dict[str, list[float]] = {name: [] for name in encoders}
    for name, encode in encoders.items():  # warm up
        for q in QUERIES:
            encode([q])
    for i in range(n):
        for name, encode in encoders.items():
            start = time.perf_counter()
            encode([QUERIES[i % len(QUERIES)]])
            times[name].append((time.perf_counter() - start) * 1000)
    return {name: (statistics.median(t), float(np.percentile(t, 95))) for name, t in times.items()}


def throughput(encode, texts: list[str]) -> float:
    start = time.perf_counter()
    encode(texts)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--passages", type=int, default=256)
    ap.add_argument("--no-int8", action="store_true", help="skip the int8 quantization (~30 s)")
    args = ap.parse_args()

    start = time.perf_counter()
    fast = Embedder()
    print(f"ONNX Embedder cold start: {time.perf_counter() - start:.1f} s (backend {fast.backend})")
    os.environ["KEHOACH_ONNX"] = "0"
    start = time.perf_counter()
    slow = Embedder()
    print(f"torch Embedder cold start: {time.perf_counter() - start:.1f} s (backend {slow.backend})")
    assert fast.backend == "onnx" and slow.backend == "torch"

    rows = {"torch ST": (slow.encode_queries, slow.encode_passages),
            "ONNX fp32": (fast.encode_queries, fast.encode_passages)}
    int8_cos = None
    if not args.no_int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        tmp = tempfile.TemporaryDirectory(prefix="kehoach-int8-")  # removed at exit
        int8_file = Path(tmp.name) / "model_int8.onnx"
        quantize_dynamic(str(fast.folder / "onnx" / "model.onnx"), str(int8_file), weight_type=QuantType.QInt8)
        enc8 = onnx_backend.OnnxEncoder(fast._onnx.plan, int8_file)
        rows["ONNX int8"] = (lambda t: enc8.encode([fast.query_prefix + x for x in t]),
                             lambda t: enc8.encode([fast.passage_prefix + x for x in t]))
        texts = passages(64) + QUERIES
        int8_cos = np.sum(rows["ONNX int8"][1](texts) * slow.encode_passages(texts), axis=1)

    texts = passages(args.passages)
    lat = latencies({name: fns[0] for name, fns in rows.items()}, args.queries)
    results = {name: (*lat[name], throughput(fns[1], texts)) for name, fns in rows.items()}
    base = results["torch ST"][0]
    print(f"\none short query ({args.queries} runs), passages: {len(texts)} seed rows, batch 32")
    print(f"{'path':<10} {'median ms':>10} {'p95 ms':>8} {'x torch':>8} {'rows/s':>8}")
    for name, (med, p95, rps) in results.items():
        print(f"{name:<10} {med:>10.1f} {p95:>8.1f} {base / med:>8.2f} {rps:>8.1f}")
    q = QUERIES
    cos = np.sum(fast.encode_queries(q) * slow.encode_queries(q), axis=1)
    print(f"\nfidelity to torch: ONNX fp32 min cosine {cos.min():.5f}")
    if int8_cos is not None:
        print(f"fidelity to torch: ONNX int8 min {int8_cos.min():.4f}, mean {int8_cos.mean():.4f} "
              f"({'meets' if int8_cos.min() >= 0.99 else 'below'} the 0.99 bar)")


if __name__ == "__main__":
    main()
