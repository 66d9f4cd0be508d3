#!/usr/bin/env python3
"""How fast table questions are answered (list, count, rank, communes) at 10k rows, warm.

    python benchmarks/bench_ask.py            # writes its section of benchmarks/RESULTS.md

The bundled index is grown to 10,000 rows by copying its rows under new communes (each copy
keeps its vector and its term counts: nothing is embedded), then each question is asked
through `kehoach.ask` several times.  Beside it, in the same process, the plain baseline: the
same rows selected with pandas by the same unit/commune/year (what a user would do by hand
in a notebook), so the ratio says what reading the question costs on top of the table work.
"""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
ROWS = 10_000
ROUNDS = 7
QUESTIONS = [
    ("list", "Phòng Văn hóa - Xã hội phải làm những việc gì"),
    ("list", "Nghĩa Thọ: những việc nào hạn năm 2025 do Phòng Kinh tế chủ trì"),
    ("count", "Ninh Giang có bao nhiêu nhiệm vụ do Phòng Kinh tế chủ trì"),
    ("rank", "đơn vị nào chủ trì nhiều nhiệm vụ nhất ở Nghĩa Thọ"),
    ("communes", "xã nào có nhiệm vụ về khởi nghiệp"),
    ("count", "có bao nhiêu nhiệm vụ về chữ ký số"),
]


def grown(index, n: int):
    """The index with its rows copied under new commune names up to n rows (no embedding)."""
    from scipy import sparse

    from kehoach.index.dense import Dense
    from kehoach.index.lexical import Lexical
    from kehoach.index.search import Index

    base = len(index.rows)
    rows, meta = list(index.rows), list(index.meta)
    picks = [i % base for i in range(n - base)]
    for k, i in enumerate(picks):
        copy = base + k
        commune = f"Xã Mẫu {copy // base}"
        rows.append(replace(index.rows[i], id=f"copy{copy // base}-{index.rows[i].id}", commune=commune,
                            issuer=f"xã {commune}", doc=f"copy{copy // base}-{index.rows[i].doc}"))
        meta.append({"slot": copy, "rep": rows[-1].id, "passage": f"copy{copy}"})
    vectors = np.vstack([index.dense.vectors, index.dense.vectors[picks]])
    counts = sparse.vstack([index.lexical.counts, index.lexical.counts[picks]], format="csr")
    dense = Dense(index.dense.dim, vectors, np.arange(n, dtype=np.int64))
    manifest = dict(index.manifest, rows=n, next_slot=n)
    return Index(index.directory, manifest, rows, meta, dense, Lexical(index.lexical.terms, counts),
                 index.restorer, index._embedder)


def baseline(frame, question_kind: str) -> None:
    """The pandas work a person would do for the same question."""
    if question_kind == "rank":
        frame[frame["commune"] == "Nghĩa Thọ"].explode("lead_units").groupby("lead_units").size().nlargest(3)
    else:
        frame[(frame["kind"] == "task") & frame["lead_units"].map(lambda u: "Phòng Kinh tế" in u)]


def median_ms(fn) -> float:
    fn()
    times = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 1)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    import pandas as pd

    from kehoach.index.search import Index
    from kehoach.qa.answer import ask

    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-ask-"))
    grown(Index.build(None, work / "index", progress=False), ROWS).save()
    index = Index.load(work / "index")  # as a user's index is: rows read from disk when asked for
    frame = pd.DataFrame([r.to_dict() for r in index.rows])
    today = dt.date(2026, 11, 30)
    lines = [f"## Table questions at {len(index.rows):,} rows (benchmarks/bench_ask.py)", "",
             "warm median of {} runs; baseline: the same selection done with pandas in the same process".format(ROUNDS),
             "", "| question | field | values | median ms | pandas baseline ms | ratio |", "|---|---|---|---|---|---|"]
    for kind, question in QUESTIONS:
        answer = ask(question, index=index, today=today)
        ours = median_ms(lambda: ask(question, index=index, today=today))
        base = median_ms(lambda: baseline(frame, kind))
        lines.append(f"| {question} | {answer.field} | {len(answer.values)} | {ours} | {base} | "
                     f"{ours / base if base else float('inf'):.1f}× |")
    text = "\n".join(lines)
    print(text)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from kehoach_bench_results import replace_section

    replace_section(ROOT / "benchmarks" / "RESULTS.md", "Table questions", text)


if __name__ == "__main__":
    main()
