#!/usr/bin/env python3
"""Search benchmark (not a test): quality per channel on the dev set, latency, build speed, memory.

    python benchmarks/bench_search.py                  # everything (10k embedding takes a while)
    python benchmarks/bench_search.py --scales bundled # just the bundled corpus

Each scale runs in its own process so its peak RSS is its own:
- bundled: `Index.build` of the seed plans (parse + segment + embed + write), then the dev set
  (every question of shared/eval/dev_queries.jsonl, "ask" lines included, fed to search) scored
  as score.py does, lexical-only / dense-only / hybrid;
- 10k: synthetic rows recombined from real ones (clauses of two rows of different communes),
  all embedded for real: build rows/s;
- 100k: the 10k rows plus 90k more, each the concatenation of two 10k rows, whose vector is the
  normalised sum of theirs and whose term counts are the sum of theirs (embedding 100k rows
  would take most of an hour here).
At every scale: warm end-to-end query latency (normalize, repair, segment/tokenise, embed,
FAISS, BM25, fuse, collapse; query cache cleared each time) and, in the same process, a plain
BM25 baseline (bm25s over folded syllables, top 10).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEV = ROOT / "tests" / "data" / "dev_queries.jsonl"  # a copy of the shared dev set
# 40 questions written apart from the dev set (paraphrases, no diacritics, abbreviations), same
# format: a check that choices made on the dev set carry over to other wording.
OWN = ROOT / "benchmarks" / "search_queries.jsonl"
LATENCY_QUERIES = [
    "ai chủ trì số hóa hộ tịch", "ai chu tri so hoa ho tich", "dịch vụ công trực tuyến toàn trình",
    "an toàn an ninh mạng bảo vệ dữ liệu", "thu hút nhân tài chất lượng cao", "phủ sóng 5G",
    "kế hoạch cđs hàng năm", "chữ ký số cho cán bộ", "thanh toan khong dung tien mat",
    "giáo dục STEM trong trường học", "sổ sức khỏe điện tử ở Ninh Giang", "Nghị quyết 57-NQ/TW",
]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(times: list[float]) -> dict:
    ms = sorted(t * 1000 for t in times)
    return {"median_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1)}


def query_latency(idx, rounds: int = 4) -> dict:
    idx.hits("khởi động", 10)  # warm: model loaded, first inference done
    times = []
    for r in range(rounds):
        for q in LATENCY_QUERIES:
            idx._query_cache.clear()
            t = time.perf_counter()
            idx.hits(q + " " * r, 10)
            times.append(time.perf_counter() - t)
    return percentiles(times)


def bm25_baseline(texts: list[str], rounds: int = 4) -> dict:
    """Plain BM25 (bm25s, folded syllables, no fusion, no embedding): the latency floor."""
    import bm25s
    from kehoach.index.segment import syllables

    retriever = bm25s.BM25()
    t = time.perf_counter()
    retriever.index([syllables(x) for x in texts], show_progress=False)
    build = time.perf_counter() - t
    times = []
    for r in range(rounds):
        for q in LATENCY_QUERIES:
            t = time.perf_counter()
            retriever.retrieve([syllables(q)], k=10, show_progress=False)
            times.append(time.perf_counter() - t)
    return {**percentiles(times), "build_s": round(build, 2)}


# ---- dev-set quality ----------------------------------------------------------------------
def quality(idx, path: Path) -> dict:
    """MRR@10 / recall@5 of lexical-only, dense-only and hybrid ranking on a query file."""
    from kehoach.qa.evaluate import (
        rank_metrics,  # the matching rules of shared/eval/score.py
    )

    qs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    qs = [q for q in qs if q["gold"] and q.get("field") not in ("count", "list", "rank", "communes")]
    out = {}
    hybrid = idx.dense_weight
    try:
        for name, w in (("lexical", 0.0), ("dense", 1.0), ("hybrid", hybrid)):
            idx.dense_weight = w
            rec, rr = zip(*(rank_metrics(idx.hits(q["q"], 10), q["gold"]) for q in qs))
            out[name] = {"mrr@10": round(float(np.mean(rr)), 3), "recall@5": round(float(np.mean(rec)), 3),
                         "weight_dense": w}
    finally:
        idx.dense_weight = hybrid
    out["queries"] = len(qs)
    return out


# ---- synthetic rows -----------------------------------------------------------------------
def synthetic_rows(real, n: int, seed: int = 0):
    """Rows recombined from real ones: first clauses of one task + last clauses of another
    (different communes), units/deadline of the first, spread over 100-row documents."""
    from dataclasses import replace

    rng = random.Random(seed)
    tasks = [r for r in real if r.kind == "task"]
    out = []
    for i in range(n):
        a, b = rng.sample(tasks, 2)
        pa, pb = a.task.split(", "), b.task.split(", ")
        text = ", ".join(pa[: max(1, len(pa) // 2)] + pb[len(pb) // 2:])
        doc = f"synthetic-{i // 100:04d}.txt"
        out.append(replace(a, id=f"syn{i // 100:04d}#{i % 100}", doc=doc, commune=f"Xã Mẫu {i // 100}",
                           stt=str(i % 100 + 1), task=text, kind="task"))
    return out


def build_from_rows(rows, directory: Path):
    """The build pipeline (embed, tokenise, link copies, calibrate, write) on given rows."""
    from kehoach.index import changes
    from kehoach.index.search import Index

    from kehoach.embed.models import Embedder

    idx = Index._empty(directory, Embedder(None))
    t = time.perf_counter()
    changes.insert(idx, rows, {}, progress=True)
    changes.recalibrate(idx)
    idx.manifest["built"] = idx.manifest["updated"] = "bench"
    idx.save()
    return idx, time.perf_counter() - t


def grow(idx, n_total: int, seed: int = 1):
    """Extend an index to n_total rows: row = two existing rows joined; vector = normalised sum
    of theirs; term counts = sum of theirs (no embedding, no segmentation)."""
    from dataclasses import replace

    from kehoach.index.dense import Dense
    from kehoach.index.search import Index

    rng = np.random.default_rng(seed)
    base = len(idx.rows)
    pairs = rng.integers(0, base, size=(n_total - base, 2))
    vecs = idx.dense.vectors[pairs[:, 0]] + idx.dense.vectors[pairs[:, 1]]
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    counts = idx.lexical.counts
    extra = counts[pairs[:, 0]] + counts[pairs[:, 1]]
    rows, meta = list(idx.rows), list(idx.meta)
    for k, (a, b) in enumerate(pairs):
        i = base + k
        rows.append(replace(idx.rows[a], id=f"grow{i // 100:05d}#{i % 100}", doc=f"grown-{i // 100:05d}.txt",
                            commune=f"Xã Mẫu {i // 100}", task=idx.rows[a].task + " " + idx.rows[b].task))
        meta.append({"slot": i, "rep": rows[-1].id, "passage": f"grow{i}"})
    from kehoach.index.lexical import Lexical
    from scipy import sparse

    lexical = Lexical(idx.lexical.terms, sparse.vstack([counts, extra], format="csr"))
    dense = Dense(idx.dense.dim, np.vstack([idx.dense.vectors, vecs]),
                  np.concatenate([idx.dense.slots, np.arange(base, n_total, dtype=np.int64)]))
    manifest = dict(idx.manifest, rows=n_total, next_slot=n_total)
    return Index(idx.directory, manifest, rows, meta, dense, lexical, idx.restorer, idx._embedder)


# ---- stages (each in its own process) -------------------------------------------------------
def stage_bundled(work: Path) -> dict:
    from kehoach.index.search import Index

    t = time.perf_counter()
    idx = Index.build(None, work / "bundled", progress=False)
    build = time.perf_counter() - t
    return {"rows": len(idx.rows), "build_s": round(build, 1), "build_rows_per_s": round(len(idx.rows) / build, 1),
            "quality": {"dev": quality(idx, DEV), "own": quality(idx, OWN)}, "latency": query_latency(idx),
            "bm25_baseline": bm25_baseline([r.task for r in idx.rows]), "peak_rss_mb": round(peak_rss_mb())}


def stage_10k(work: Path, n: int = 10_000) -> dict:
    from kehoach.corpus import read_corpus

    real, _ = read_corpus()
    idx, build = build_from_rows(synthetic_rows(real, n), work / "10k")
    return {"rows": len(idx.rows), "build_s": round(build, 1), "build_rows_per_s": round(n / build, 1),
            "latency": query_latency(idx), "bm25_baseline": bm25_baseline([r.task for r in idx.rows]),
            "peak_rss_mb": round(peak_rss_mb())}


def stage_100k(work: Path, n: int = 100_000) -> dict:
    from kehoach.index import dense as dense_mod
    from kehoach.index.search import Index

    small = Index.load(work / "10k")
    t = time.perf_counter()
    idx = grow(small, n)
    derive = time.perf_counter() - t
    out = {"rows": len(idx.rows), "derive_s": round(derive, 1), "dense_index": idx.dense.kind,
           "latency": query_latency(idx), "bm25_baseline": bm25_baseline([r.task for r in idx.rows])}
    # the approximate index used above IVF_THRESHOLD, forced here to compare
    saved = dense_mod.IVF_THRESHOLD
    dense_mod.IVF_THRESHOLD = 0
    t = time.perf_counter()
    idx.dense = dense_mod.Dense(idx.dense.dim, idx.dense.vectors, idx.dense.slots)
    out["ivf_train_s"] = round(time.perf_counter() - t, 1)
    dense_mod.IVF_THRESHOLD = saved
    out["latency_ivf"] = query_latency(idx)
    out["peak_rss_mb"] = round(peak_rss_mb())
    return out


STAGES = {"bundled": stage_bundled, "10k": stage_10k, "100k": stage_100k}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="bundled,10k,100k")
    ap.add_argument("--work", help="folder for the benchmark indexes (default: a temporary one)")
    ap.add_argument("--stage", help=argparse.SUPPRESS)  # internal: run one stage, print JSON
    a = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if a.stage:
        print(json.dumps(STAGES[a.stage](Path(a.work))))
        return
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for scale in a.scales.split(","):
        print(f"[{scale}] running…", file=sys.stderr, flush=True)
        proc = subprocess.run([sys.executable, __file__, "--stage", scale, "--work", str(work)],
                              stdout=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"stage {scale} failed")
        results[scale] = json.loads(proc.stdout.strip().splitlines()[-1])
    report(results)
    (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"\n(raw numbers: {work / 'results.json'})")


def report(results: dict) -> None:
    sets = results.get("bundled", {}).get("quality") or {}
    for label, q in (("Dev set", sets.get("dev")), ("Own questions (benchmarks/search_queries.jsonl)", sets.get("own"))):
        if not q:
            continue
        print(f"{label}: {q['queries']} questions with gold rows, every line fed to `search`")
        print(f"  {'channel':<8} {'MRR@10':>7} {'recall@5':>9}")
        for name in ("lexical", "dense", "hybrid"):
            print(f"  {name:<8} {q[name]['mrr@10']:>7.3f} {q[name]['recall@5']:>9.3f}")
    print("\nScale (rows)        build rows/s  query median / p95 ms  BM25-only median / p95 ms  peak RSS MB")
    for scale, r in results.items():
        b = r.get("build_rows_per_s", "-")
        lat, base = r["latency"], r["bm25_baseline"]
        print(f"  {scale:<8} {r['rows']:>8}  {b!s:>12}  {lat['median_ms']:>9} / {lat['p95_ms']:<9}"
              f"  {base['median_ms']:>11} / {base['p95_ms']:<11}  {r['peak_rss_mb']:>9}")
        if "latency_ivf" in r:
            li = r["latency_ivf"]
            print(f"  {scale + ' IVF':<17}  {'':>12}  {li['median_ms']:>9} / {li['p95_ms']:<9}"
                  f"  (IVF trained in {r['ivf_train_s']} s)")


if __name__ == "__main__":
    main()
