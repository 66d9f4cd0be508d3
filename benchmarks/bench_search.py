#!/usr/bin/env python3
"""Search benchmark (not a test): quality per channel, int8 vs fp32, build speed, query latency,
serving memory, cold CLI, and the FAISS index per size.  Writes benchmarks/RESULTS.md and the
speed table of README.md (between its `bench:speed` markers).

    python benchmarks/bench_search.py                          # everything (~1 h on 2 cores)
    python benchmarks/bench_search.py --scales bundled,10k     # a part

Every stage runs in its own process (its peak RSS is its own), one at a time:
- bundled: `Index.build` of the seed plans; lexical / dense / hybrid MRR@10 on the dev set
  (tests/data/dev_queries.jsonl) and our own questions (benchmarks/search_queries.jsonl); then,
  in the same process, the passages embedded again in fp32: mean cosine int8 vs fp32, MRR@10 of
  both, answer accuracy on the dev set (kehoach.qa.evaluate) of both;
- 10k: synthetic rows recombined from real ones (clauses of two rows of different communes),
  all embedded for real: build rows/s, and in the same process the embedding alone in int8 and
  in fp32 on one sample of them (the ratio is the speed-up);
- 100k, 500k: the 10k rows plus rows each the concatenation of two 10k rows, whose vector is the
  normalised sum of theirs and whose term counts are the sum of theirs (embedding them would
  take hours); saved like any index.  Then the FAISS kinds on those vectors (latency of the
  dense search alone, recall@10 against exact float32 search);
- serve-<scale>: a fresh process loads the saved index and answers queries: warm end-to-end
  latency (normalize, repair, embed, FAISS, BM25, fuse, collapse; query cache cleared), peak
  RSS, and afterwards, in the same process, a plain BM25 baseline (bm25s, folded syllables);
- cli-<scale>: `kehoach search` run cold as a new process, against `kehoach --help` (Python
  and the CLI's imports alone) run the same way.
The machine is shared: read ratios to the same-run baselines first, absolute numbers second.
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
sys.path.insert(0, str(ROOT / "benchmarks"))
DEV = ROOT / "tests" / "data" / "dev_queries.jsonl"  # a copy of the shared dev set
# 40 questions written apart from the dev set (paraphrases, no diacritics, abbreviations), same
# format: a check that choices made on the dev set carry over to other wording.
OWN = ROOT / "benchmarks" / "search_queries.jsonl"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
README = ROOT / "README.md"
LATENCY_QUERIES = [
    "ai chủ trì số hóa hộ tịch", "ai chu tri so hoa ho tich", "dịch vụ công trực tuyến toàn trình",
    "an toàn an ninh mạng bảo vệ dữ liệu", "thu hút nhân tài chất lượng cao", "phủ sóng 5G",
    "kế hoạch cđs hàng năm", "chữ ký số cho cán bộ", "thanh toan khong dung tien mat",
    "giáo dục STEM trong trường học", "sổ sức khỏe điện tử ở Ninh Giang", "Nghị quyết 57-NQ/TW",
]
SCALES = {"100k": 100_000, "500k": 500_000}
SAMPLE = 600  # passages embedded by both precisions in the 10k stage


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


def bm25_baseline(texts, rounds: int = 4) -> dict:
    """Plain BM25 (bm25s, folded syllables, no fusion, no embedding): the latency floor."""
    import bm25s
    from kehoach.index.segment import syllables

    retriever = bm25s.BM25()
    retriever.index([syllables(x) for x in texts], show_progress=False)
    times = []
    for r in range(rounds):
        for q in LATENCY_QUERIES:
            t = time.perf_counter()
            retriever.retrieve([syllables(q)], k=10, show_progress=False)
            times.append(time.perf_counter() - t)
    return percentiles(times)


# ---- quality --------------------------------------------------------------------------------
def quality(idx, path: Path) -> dict:
    """MRR@10 / recall@5 of lexical-only, dense-only and hybrid ranking on a query file."""
    from kehoach.qa.evaluate import rank_metrics  # the matching rules of shared/eval/score.py

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


SWEEP = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)


def sweep(idx) -> dict:
    """Hybrid MRR@10 at each dense weight (how DENSE_WEIGHT was chosen)."""
    from kehoach.qa.evaluate import rank_metrics

    out = {"weights": list(SWEEP)}
    keep = idx.dense_weight
    try:
        for name, path in (("dev", DEV), ("own", OWN)):
            qs = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
            qs = [q for q in qs if q["gold"] and q.get("field") not in ("count", "list", "rank", "communes")]
            out[name] = []
            for w in SWEEP:
                idx.dense_weight = w
                out[name].append(round(float(np.mean([rank_metrics(idx.hits(q["q"], 10), q["gold"])[1] for q in qs])), 3))
    finally:
        idx.dense_weight = keep
    return out


def answers(idx) -> dict:
    from kehoach.qa.evaluate import evaluate, load_jsonl

    r = evaluate(load_jsonl(DEV), idx)
    return {"accuracy": round(r.answer_accuracy or 0.0, 3), "right": r.answers_right, "asked": r.answers,
            "mrr@10": round(r.mrr10, 3)}


def with_passages_of(idx, embedder):
    """The same index with every passage embedded again by `embedder` (and recalibrated)."""
    from kehoach.index import changes
    from kehoach.index.dense import Dense
    from kehoach.index.rowtext import passage_text
    from kehoach.index.search import Index

    texts = {m["passage"]: passage_text(r) for r, m in zip(idx.rows, idx.meta)}
    vec = dict(zip(texts, embedder.encode_passages(list(texts.values()))))
    dense = Dense(idx.dense.dim, np.stack([vec[m["passage"]] for m in idx.meta]), idx.dense.slots)
    other = Index(idx.directory, dict(idx.manifest), idx.rows, idx.meta, dense, idx.lexical, idx.restorer,
                  idx.embedder)
    changes.recalibrate(other)
    return other


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


def grow(idx, n_total: int, directory: Path, seed: int = 1):
    """The index extended to n_total rows: row = two existing rows joined; vector = normalised
    sum of theirs; term counts = sum of theirs (no embedding, no segmentation)."""
    from dataclasses import replace

    from kehoach.index.dense import Dense
    from kehoach.index.lexical import Lexical
    from kehoach.index.search import Index
    from scipy import sparse

    rng = np.random.default_rng(seed)
    base = len(idx.rows)
    pairs = rng.integers(0, base, size=(n_total - base, 2))
    own = idx.dense.vectors[np.arange(base)]
    vecs = own[pairs[:, 0]] + own[pairs[:, 1]]
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    counts = idx.lexical.counts
    extra = counts[pairs[:, 0]] + counts[pairs[:, 1]]
    rows, meta = list(idx.rows), list(idx.meta)
    for k, (a, b) in enumerate(pairs):
        i = base + k
        rows.append(replace(idx.rows[a], id=f"grow{i // 100:05d}#{i % 100}", doc=f"grown-{i // 100:05d}.txt",
                            commune=f"Xã Mẫu {i // 100}", task=idx.rows[a].task + " " + idx.rows[b].task))
        meta.append({"slot": i, "rep": rows[-1].id, "passage": f"grow{i}"})
    lexical = Lexical(idx.lexical.terms, sparse.vstack([counts, extra], format="csr"))
    dense = Dense(idx.dense.dim, np.vstack([own, vecs]), np.concatenate([idx.dense.slots, np.arange(base, n_total)]))
    manifest = dict(idx.manifest, rows=n_total, next_slot=n_total)
    return Index(directory, manifest, rows, meta, dense, lexical, idx.restorer, idx._embedder)


# ---- stages (each in its own process) -------------------------------------------------------
def stage_bundled(work: Path) -> dict:
    from kehoach.embed.models import Embedder
    from kehoach.index.search import Index

    t = time.perf_counter()
    idx = Index.build(None, work / "bundled", progress=False)
    build = time.perf_counter() - t
    out = {"rows": len(idx.rows), "build_s": round(build, 1), "build_rows_per_s": round(len(idx.rows) / build, 1),
           "passages": idx.embedder.passage_precision,
           "quality": {"dev": quality(idx, DEV), "own": quality(idx, OWN)}, "answers": answers(idx),
           "sweep": sweep(idx), "latency": query_latency(idx), "bm25_baseline": bm25_baseline([r.task for r in idx.rows]),
           "peak_rss_mb": round(peak_rss_mb())}
    fp32 = with_passages_of(idx, Embedder(int8_passages=False))
    same = {m["passage"]: i for i, m in enumerate(idx.meta)}
    pos = np.asarray(sorted(same.values()))
    cos = np.sum(idx.dense.vectors[pos] * fp32.dense.vectors[pos], axis=1)
    out["fp32"] = {"quality": {"dev": quality(fp32, DEV), "own": quality(fp32, OWN)}, "answers": answers(fp32),
                   "cosine_mean": round(float(cos.mean()), 5), "cosine_min": round(float(cos.min()), 5)}
    return out


def stage_10k(work: Path, n: int = 10_000) -> dict:
    from kehoach.corpus import read_corpus
    from kehoach.embed.models import Embedder
    from kehoach.index import changes
    from kehoach.index.rowtext import passage_text
    from kehoach.index.search import Index

    real, _ = read_corpus(progress=False)
    rows = synthetic_rows(real, n)
    idx = Index._empty(work / "10k", Embedder(None))
    t = time.perf_counter()
    changes.insert(idx, rows, {}, progress=True)
    changes.recalibrate(idx)
    idx.manifest["built"] = idx.manifest["updated"] = "bench"
    idx.save()
    build = time.perf_counter() - t
    # the embedding alone, int8 vs fp32, on one sample, interleaved in this process
    sample = [passage_text(r) for r in rows[:SAMPLE]]
    int8, fp32 = idx.embedder, Embedder(int8_passages=False)
    times: dict[str, list[float]] = {"int8": [], "fp32": []}
    for _ in range(2):
        for name, emb in (("fp32", fp32), ("int8", int8)):
            t = time.perf_counter()
            emb.encode_passages(sample)
            times[name].append(time.perf_counter() - t)
    embed = {k: round(SAMPLE / min(v), 1) for k, v in times.items()}
    return {"rows": n, "build_s": round(build, 1), "build_rows_per_s": round(n / build, 1),
            "embed_rows_per_s": embed, "embed_speedup": round(embed["int8"] / embed["fp32"], 2),
            "dense_index": idx.dense.kind, "peak_rss_mb": round(peak_rss_mb())}


def dense_kinds(idx, n_queries: int = 60) -> dict:
    """Each FAISS kind over the index's vectors: dense-search latency and recall@10 against exact
    float32 search."""
    import faiss
    from kehoach.index.dense import KINDS

    rng = np.random.default_rng(2)
    exact = faiss.IndexFlatIP(idx.dense.dim)
    exact.add(np.asarray(idx.dense.vectors[np.arange(len(idx))], np.float32))
    qs = idx.embedder.encode_queries(LATENCY_QUERIES)
    picks = rng.choice(len(idx), n_queries - len(qs), replace=False)
    noisy = idx.dense.vectors[picks] + rng.normal(0, 0.025, (len(picks), idx.dense.dim)).astype(np.float32)
    qs = np.vstack([qs, noisy / np.linalg.norm(noisy, axis=1, keepdims=True)]).astype(np.float32)
    _, truth = exact.search(qs, 10)
    truth = idx.dense.slots[truth]
    out = {}
    for kind in KINDS:
        t = time.perf_counter()
        dense = idx.dense if idx.dense.kind == kind else idx.dense.rebuilt(kind)
        made = time.perf_counter() - t
        times, found = [], []
        for q in qs:
            t = time.perf_counter()
            _, ids = dense.search(q[None, :], 10)
            times.append(time.perf_counter() - t)
            found.append(ids[0])
        recall = np.mean([len(set(f) & set(g)) / 10 for f, g in zip(found, truth)])
        out[kind] = {**percentiles(times), "recall@10": round(float(recall), 4), "build_s": round(made, 1)}
        if kind == "ivf":
            out[kind].update(nlist=int(dense.index.nlist), nprobe=int(dense.index.nprobe))
        del dense
    return out


def stage_grow(work: Path, name: str) -> dict:
    from kehoach.index.search import Index

    small = Index.load(work / "10k")
    t = time.perf_counter()
    idx = grow(small, SCALES[name], work / name)
    idx.save()
    made = time.perf_counter() - t
    return {"rows": len(idx.rows), "derive_s": round(made, 1), "dense_index": idx.dense.kind,
            "dense_kinds": dense_kinds(idx), "index_mb": round(sum(f.stat().st_size for f in (work / name).iterdir()) / 2**20)}


def stage_serve(work: Path, name: str) -> dict:
    from kehoach.index.search import Index

    t = time.perf_counter()
    idx = Index.load(work / name)
    load = time.perf_counter() - t
    out = {"rows": len(idx.rows), "load_s": round(load, 2), "dense_index": idx.dense.kind, "latency": query_latency(idx)}
    out["peak_rss_mb"] = round(peak_rss_mb())  # before the baseline below adds its own
    texts = [r.task for r in idx.rows]
    del idx
    out["bm25_baseline"] = bm25_baseline(texts)
    return out


def stage_cli(work: Path, name: str, runs: int = 3) -> dict:
    kehoach = Path(sys.executable).parent / "kehoach"

    def timed(args) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run([str(kehoach), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    search = timed(["search", "ai chủ trì số hóa hộ tịch", "--index-dir", str(work / name)])
    floor = timed(["--help"])
    return {"search_s": round(search, 2), "help_s": round(floor, 2)}


def run_stage(stage: str, work: Path) -> dict:
    if stage == "bundled":
        return stage_bundled(work)
    if stage == "10k":
        return stage_10k(work)
    kind, _, name = stage.partition("-")
    if kind == "grow":
        return stage_grow(work, name)
    if kind == "serve":
        return stage_serve(work, name)
    if kind == "cli":
        return stage_cli(work, name)
    raise SystemExit(f"unknown stage {stage}")


def stages_for(scales: list[str]) -> list[str]:
    out = []
    for s in scales:
        if s in ("bundled", "10k"):
            out += [s, f"serve-{s}", f"cli-{s}"]
        else:
            out += [f"grow-{s}", f"serve-{s}", f"cli-{s}"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="bundled,10k,100k,500k")
    ap.add_argument("--work", help="folder for the benchmark indexes (default: a temporary one)")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md and README.md")
    ap.add_argument("--stage", help=argparse.SUPPRESS)  # internal: run one stage, print JSON
    a = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if a.stage:
        print(json.dumps(run_stage(a.stage, Path(a.work))))
        return
    work = Path(a.work) if a.work else Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    raw = work / "results.json"
    results = json.loads(raw.read_text(encoding="utf-8")) if raw.exists() else {}
    for stage in stages_for(a.scales.split(",")):
        print(f"[{stage}] running…", file=sys.stderr, flush=True)
        proc = subprocess.run([sys.executable, __file__, "--stage", stage, "--work", str(work)],
                              stdout=subprocess.PIPE, text=True)
        if proc.returncode != 0:
            sys.exit(f"stage {stage} failed")
        results[stage] = json.loads(proc.stdout.strip().splitlines()[-1])
        raw.write_text(json.dumps(results, indent=1), encoding="utf-8")
    from bench_report import report

    report(results, write=not a.no_write)
    print(f"\n(raw numbers: {raw})")


if __name__ == "__main__":
    main()
