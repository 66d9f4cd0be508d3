#!/usr/bin/env python3
"""Fit the answer / no-answer model of kehoach.qa.confidence and report how well it decides.

    python benchmarks/fit_confidence.py              # fit, write qa/data/confidence.tsv, report
    python benchmarks/fit_confidence.py --check      # report only, with the weights in the table

Labelled questions (answerable or not), all written apart from the code, by people who saw
only the plans: tests/data/calibration_fit.jsonl (fitting), plus the other tune sets for
fitting; tests/data/calibration_heldout.jsonl is never fitted on — precision and recall of
the no-answer decision are reported on it.  Only questions read as field or search
questions count (counts, lists and the like are answered from the table, not by this model).

The model: logistic regression (L2, Newton) over qa.confidence.FEATURES.  `none_below` is the
probability cut that maximises accuracy of the answer/no-answer decision on the fit set;
`high_from` the lowest cut where answered questions are answerable in >= 98% of fit cases.
The report is appended to benchmarks/RESULTS.md under its own heading.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
FIT = ["calibration_fit.jsonl", "officials_tune.jsonl", "heldout_queries.jsonl", "qa_questions.jsonl",
       "dev_queries.jsonl", "table_tune.jsonl"]
# the tune part of the helpers' sets written over the bundled plans alone (their untouched parts
# are never fitted on; sets over other indexes need those indexes)
FIT += [f"round{n}_tune.jsonl" for n in (8, 9, 11, 12, 14, 15, 17, 18, 19, 20, 22, 24, 25, 27, 30, 31, 34, 35, 37,
                                         39, 40, 45, 48, 50, 53, 54, 56, 59, 62)]
HELDOUT = "calibration_heldout.jsonl"
TABLE = ROOT / "qa" / "data" / "confidence.tsv"
HIGH_PRECISION = 0.98
L2 = 0.5


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).open(encoding="utf-8") if line.strip()]


def labelled(index, files: list[str]):
    """(features, answerable) for every field/search question of the files."""
    from kehoach.qa import confidence
    from kehoach.qa.answer import vocabulary
    from kehoach.qa.fields import candidates
    from kehoach.qa.intent import SET_FIELDS, parse

    xs, ys, ids = [], [], []
    for name in files:
        for item in load(name):
            q = parse(item["q"], vocabulary(index))
            if q.fields[0] in SET_FIELDS or q.fields == ("task",) or q.unknown_communes:
                continue
            today = dt.date.fromisoformat(item["today"]) if item.get("today") else dt.date(2026, 11, 30)
            hits = candidates(q, index, 5, today)
            if not hits or not hits[0].searched:
                continue
            answerable = bool(item.get("answer")) if item["kind"] == "ask" else bool(item.get("gold"))
            xs.append([confidence.features(hits, q.topic or q.question, index)[f] for f in confidence.FEATURES])
            ys.append(1.0 if answerable else 0.0)
            ids.append(item["id"])
    return np.asarray(xs, float), np.asarray(ys, float), ids


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> np.ndarray:
    """Weights (bias first) by Newton's method on the L2-penalised log-likelihood."""
    X = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(X.shape[1])
    reg = l2 * np.eye(X.shape[1])
    reg[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) + reg @ w
        hess = X.T @ (X * (p * (1 - p))[:, None]) + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def probabilities(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def cuts(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    grid = np.linspace(0.05, 0.95, 91)
    acc = [np.mean((p >= t) == (y == 1)) for t in grid]
    none_below = float(grid[int(np.argmax(acc))])
    high = [t for t in grid if t >= none_below and (p >= t).any() and y[p >= t].mean() >= HIGH_PRECISION]
    return round(none_below, 2), round(float(high[0]) if high else 0.95, 2)


def decision_report(p: np.ndarray, y: np.ndarray, none_below: float) -> dict:
    """Precision and recall of the no-answer decision ("none" is the positive class)."""
    said_none, truly_none = p < none_below, y == 0
    tp = int((said_none & truly_none).sum())
    return {"questions": int(len(y)), "unanswerable": int(truly_none.sum()),
            "no_answer_precision": round(tp / max(int(said_none.sum()), 1), 3),
            "no_answer_recall": round(tp / max(int(truly_none.sum()), 1), 3),
            "decision_accuracy": round(float(np.mean(said_none == truly_none)), 3)}


def write_table(w: np.ndarray, none_below: float, high_from: float) -> None:
    from kehoach.qa.confidence import FEATURES

    head = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    body = [f"bias\t{w[0]:.4f}"] + [f"{f}\t{v:.4f}" for f, v in zip(FEATURES, w[1:])]
    body += [f"none_below\t{none_below}", f"high_from\t{high_from}"]
    TABLE.write_text("\n".join(head + body) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", help="an index of the bundled plans (default: the default index)")
    ap.add_argument("--check", action="store_true", help="report with the current table; fit nothing")
    a = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(ROOT))
    from kehoach.index.search import Index
    from kehoach.qa import confidence

    index = Index.open(a.index_dir)
    x, y, _ = labelled(index, FIT)
    if a.check:
        m = confidence.model()
        w = np.asarray([m.bias] + [m.weights[f] for f in confidence.FEATURES])
        none_below, high_from = m.none_below, m.high_from
    else:
        w = fit_logistic(x, y)
        none_below, high_from = cuts(probabilities(w, x), y)
        write_table(w, none_below, high_from)
        confidence.model.cache_clear()
    hx, hy, _ = labelled(index, [HELDOUT])
    fit_report = decision_report(probabilities(w, x), y, none_below)
    held_report = decision_report(probabilities(w, hx), hy, none_below)
    lines = ["## No-answer decision (benchmarks/fit_confidence.py)", "",
             "| set | questions | unanswerable | no-answer precision | no-answer recall | decision accuracy |",
             "|---|---|---|---|---|---|"]
    for name, r in (("fit (tune sets)", fit_report), ("calibration held-out (never fitted)", held_report)):
        lines.append(f"| {name} | {r['questions']} | {r['unanswerable']} | {r['no_answer_precision']} | "
                     f"{r['no_answer_recall']} | {r['decision_accuracy']} |")
    lines += ["", "weights: " + ", ".join(f"{f} {v:+.2f}" for f, v in zip(("bias", *confidence.FEATURES), w))
              + f"; none below p={none_below}, high from p={high_from}", ""]
    print("\n".join(lines))
    results = ROOT / "benchmarks" / "RESULTS.md"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from kehoach_bench_results import replace_section

    replace_section(results, "No-answer decision", "\n".join(lines))


if __name__ == "__main__":
    main()
