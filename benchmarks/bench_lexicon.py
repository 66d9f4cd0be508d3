#!/usr/bin/env python3
"""Lexicon and similar-task benchmark (not a test): what each lexicon kind and each ranking lever
does, per query set, beside a plain BM25 baseline.

    python benchmarks/bench_lexicon.py                 # print the ablation table
    python benchmarks/bench_lexicon.py --write         # ... and replace its section in RESULTS.md
    python benchmarks/bench_lexicon.py --only full --misses probe   # one variant, its misses

One index of the bundled plans is built (embedding once); each variant then swaps the lexicon
and the settings in place and re-derives what depends on them (lexical counts: abbreviations are
written out in documents; the diacritic restorer: it learns the lexicon's phrases; the rows that
stand for their copies), so every row of the table is measured in the same process on the same
vectors.

Metrics, with the matching rules of shared/eval/score.py (kehoach.qa.evaluate):
- MRR@10 / recall@5 of the search ranking (`Index.hits(q, 10)`) on every line with gold rows
  (ask lines included: they are paraphrased questions; their answers are the QA's business);
- answers: answer accuracy@1 of `ask` on the sets that have ask lines (the no-answer questions
  count here: an expansion must not make the plans seem to answer what they do not);
- similar recall@5 (`Index.similar_hits(id, 5)`, other communes) on the pair sets.
Sets: "tune" ones were looked at while choosing; the others are checks that nothing is lost.
tests/data/similar_pairs.jsonl are pairs written for this benchmark from the plans (the same task
in other communes, narrative rows included).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
BEFORE = ROOT / "benchmarks" / "lexicon_before.tsv"  # the synonyms + abbreviations tables before the lexicon
BEGIN, END = "<!-- bench_lexicon: begin -->", "<!-- bench_lexicon: end -->"

# (name, file, role); role "tune" = looked at while choosing, "check" = not
QUERY_SETS = [
    ("probe", DATA / "lexicon_probe.jsonl", "tune"),
    ("officials", DATA / "officials_tune.jsonl", "tune"),
    ("calibration", DATA / "calibration_fit.jsonl", "tune"),
    ("calibration loose", DATA / "calibration_fit.jsonl#loose", "tune"),
    ("dev", DATA / "dev_queries.jsonl", "check"),
    ("heldout", DATA / "heldout_queries.jsonl", "check"),
    ("bench40", ROOT / "benchmarks" / "search_queries.jsonl", "check"),
]
PAIR_SETS = [
    ("pairs", DATA / "officials_pairs_tune.jsonl", "tune"),
    ("own pairs", DATA / "similar_pairs.jsonl", "tune"),
    ("round2 pairs", DATA / "round2_pairs_tune.jsonl", "tune"),
    ("round9 pairs", DATA / "round9_pairs_tune.jsonl", "tune"),
    ("round16 pairs", DATA / "round16_pairs_tune.jsonl", "tune"),
    ("heldout pairs", DATA / "heldout_pairs.jsonl", "check"),
]
AGGREGATE = ("count", "list", "rank", "communes")


def load(path: Path) -> list[dict]:
    """Lines of a query file; "file#group": only its lines of that group (calibration: the
    answerable questions written from the gist only, in everyday words)."""
    file, _, group = str(path).partition("#")
    lines = [json.loads(line) for line in open(file, encoding="utf-8") if line.strip()]
    return [q for q in lines if not group or q.get("group") == group]


def ranked(qs: list[dict]) -> list[dict]:
    return [q for q in qs if q.get("gold") and q.get("field") not in AGGREGATE]


# ---- the variants ---------------------------------------------------------------------------
@dataclass
class Variant:
    name: str
    kinds: tuple[str, ...] | None = None  # lexicon kinds kept (None: all); () = no lexicon
    before: bool = False  # the earlier synonyms + abbreviations tables instead of the lexicon
    settings: dict = field(default_factory=dict)  # "module.NAME" (or "index.attr"): value
    patch: str = ""  # name of an experiment in PATCHES (levers measured here, not in the product)


def variants() -> list[Variant]:
    return [
        Variant("no lexicon", kinds=()),
        Variant("earlier tables (42 synonyms, 35 abbreviations)", before=True),
        Variant("lexicon: abbreviations only", kinds=("abbreviation",)),
        Variant("+ synonyms", kinds=("abbreviation", "synonym")),
        Variant("+ narrower, broader", kinds=("abbreviation", "synonym", "narrower", "broader")),
        Variant("+ spelling = whole lexicon (the product)"),
        Variant("  lexical: a phrase's wordings added up, not best of group", patch="sum_alternatives"),
        Variant("  lexical: plan wordings at weight 0.5", settings={"kehoach.index.lexical.EXPANSION_WEIGHT": 0.5}),
        Variant("  dense: no plan wording appended", settings={"kehoach.index.repair.DENSE_ALTERNATIVES": 0}),
        Variant("  dense: every plan wording appended", settings={"kehoach.index.repair.DENSE_ALTERNATIVES": 9}),
        Variant("  dense: one plan wording appended (before 2026-12-01)", settings={"kehoach.index.repair.DENSE_ALTERNATIVES": 1}),
        Variant("  dense: pseudo-relevance feedback (top 3 rows, 0.3)", patch="prf"),
        Variant("  dense: second passage vector, task + output (max)", patch="task_output_vector"),
        Variant("  twins: earlier rule (a paragraph holding a row is its copy)", patch="earlier_twins"),
        Variant("  twins: such paragraphs never shown in the row's place",
                settings={"kehoach.index.fusion.PART_MARGIN": -1.0}),
        Variant("  body paragraphs at full score (no appendix rows first)",
                settings={"kehoach.index.fusion.BODY_FACTOR": 1.0, "kehoach.index.fusion.SIMILAR_BODY_FACTOR": 1.0}),
        Variant("  body paragraphs at 0.7 for questions too", settings={"kehoach.index.fusion.BODY_FACTOR": 0.7}),
        Variant("  body paragraphs at 0.85 for similar too", settings={"kehoach.index.fusion.SIMILAR_BODY_FACTOR": 0.85}),
    ]


def _sum_alternatives(idx) -> None:
    """BM25 as before the groups: every token of every alternative added up (max weight per token)."""
    lex = idx.lexical
    lex.score_terms = lambda terms: lex.scores(terms.tokens())
    idx.ranker._row_refs.clear()


def _prf(idx, rows: int = 3, weight: float = 0.3) -> None:
    """Rocchio feedback in the dense channel: the query vector moved towards the mean vector of
    its `rows` nearest rows, cosines re-levelled to the query's own median."""
    cosines = idx.dense.cosines

    def feedback(q, positions):
        cos = cosines(q, positions)
        top = positions[np.argsort(-cos, kind="stable")[:rows]]
        q2 = q + weight * idx.dense.vectors[top].mean(axis=0)
        cos2 = cosines(q2 / np.linalg.norm(q2), positions)
        return cos2 - np.median(cos2) + np.median(cos)

    idx.dense.cosines = feedback


def _task_output_vector(idx) -> None:
    """A second passage vector per row with an output column (task + output), the row scoring
    the better of its two cosines."""
    from kehoach.corpus.normalize import normalize

    have = [i for i, r in enumerate(idx.rows) if r.output]
    extra = idx.embedder.encode_passages([normalize(f"{idx.rows[i].task}. {idx.rows[i].output}") for i in have],
                                         show_progress=False)
    second = np.array(idx.dense.vectors, dtype=np.float32)  # decoded from the index (dense.Vectors)
    second[have] = extra
    cosines = idx.dense.cosines
    idx.dense.cosines = lambda q, positions: np.maximum(cosines(q, positions), second[positions] @ q)


def _earlier_twins(idx) -> None:
    """Twins as before: a paragraph holding a table row (and more) collapsed into it for good."""
    part_of = dict(idx.part_of)
    for i, j in part_of.items():
        idx.meta[i]["rep"] = idx.meta[j]["rep"]
        idx.meta[i].pop("part", None)
    idx.prepare()


PATCHES = {"sum_alternatives": _sum_alternatives, "prf": _prf, "task_output_vector": _task_output_vector,
           "earlier_twins": _earlier_twins}


def apply(idx, v: Variant) -> None:
    """Swap the lexicon and settings in, and re-derive what depends on them (no re-embedding)."""
    import importlib

    from kehoach.index import lexicon as lexmod
    from kehoach.index.lexical import Lexical
    from kehoach.index.repair import Restorer
    from kehoach.index.rowtext import lexical_bag, restorer_texts
    from kehoach.index.twins import parts, representatives

    if v.before:
        lexmod.use(lexmod.from_text(BEFORE.read_text(encoding="utf-8")))
    elif v.kinds is not None:
        lexmod.use(lexmod.Lexicon(e for e in lexmod._table().entries if e.kind in v.kinds))
    else:
        lexmod.use(None)
    for key, value in {**DEFAULTS, **v.settings}.items():
        mod, name = key.rsplit(".", 1)
        setattr(idx if mod == "index" else importlib.import_module(mod), name, value)
    idx.lexical = Lexical.empty().extended([lexical_bag(r) for r in idx.rows])
    idx.restorer = Restorer.from_texts(restorer_texts(idx.rows))
    reps, part_of = representatives(idx.rows), parts(idx.rows)
    for i, (m, rep) in enumerate(zip(idx.meta, reps)):
        m["rep"] = idx.rows[rep].id
        m.pop("part", None)
        if i in part_of:
            m["part"] = idx.rows[part_of[i]].id
    fresh = type(idx.dense)(idx.dense.dim, idx.dense.vectors, idx.dense.slots)  # no patched methods
    idx.dense = fresh
    idx._query_cache.clear()
    idx.prepare()
    if v.patch:
        PATCHES[v.patch](idx)


DEFAULTS: dict = {}  # filled in main(): every setting a variant may change, at its current value


# ---- measuring ----------------------------------------------------------------------------------
def measure(idx, *, misses: set[str] = frozenset(), answers: bool = True) -> dict:
    from kehoach.qa.answer import ask
    from kehoach.qa.evaluate import evaluate, pair_source, rank_metrics

    out = {}
    for name, path, _ in QUERY_SETS:
        qs = load(path)
        rr, rec = [], []
        for q in ranked(qs):
            found, r = rank_metrics(idx.hits(q["q"], 10), q["gold"])
            rr.append(r)
            rec.append(found)
            if name in misses and r < 1:
                print(f"  {name} {q['id']}: rr {r:.2f} r@5 {found:.2f}  {q['q']}", file=sys.stderr)
        row = {"mrr": float(np.mean(rr)), "r5": float(np.mean(rec)), "n": len(rr)}
        asks = [q for q in qs if q.get("kind") == "ask"]
        if asks and answers:
            rep = evaluate(asks, idx, ask_fn=ask)
            row["answers"] = rep.answer_accuracy
            row["asks"] = rep.answers
            if name in misses:
                for m in rep.misses:
                    if m.what == "answer":
                        print(f"  {name} {m.id}: {m.q} -> {m.detail}", file=sys.stderr)
        out[name] = row
    for name, path, _ in PAIR_SETS:
        total = []
        for p in load(path):
            src = pair_source(idx, p)
            if src is None:
                total.append(0.0)
                continue
            found, _ = rank_metrics(idx.similar_hits(src.id, 5, other_communes=True)[1], p["gold"], k_recall=5)
            total.append(found)
            if name in misses and found < 1:
                print(f"  {name} {p['id']}: recall@5 {found:.2f}  {p['src'][1][:70]}", file=sys.stderr)
        out[name] = {"similar": float(np.mean(total)), "n": len(total)}
    return out


def measure_bm25(idx) -> dict:
    """bm25s over folded syllables of the task texts (benchmarks/bench_search.bm25_baseline's
    set-up), no lexicon, no fusion, no collapsing of copies; similar: the source row's task
    text as the query, rows of other communes only."""
    import bm25s
    from kehoach.index.segment import syllables
    from kehoach.qa.evaluate import pair_source, rank_metrics

    retriever = bm25s.BM25()
    retriever.index([syllables(r.task) for r in idx.rows], show_progress=False)
    n = len(idx.rows)

    def top(query: str, k: int, allowed=None) -> list:
        docs, _ = retriever.retrieve([syllables(query) or ["_"]], k=n, show_progress=False)
        rows = [idx.rows[int(d)] for d in docs[0] if allowed is None or allowed[int(d)]]
        return rows[:k]

    out = {}
    for name, path, _ in QUERY_SETS:
        res = [rank_metrics(top(q["q"], 10), q["gold"]) for q in ranked(load(path))]
        out[name] = {"mrr": float(np.mean([r for _, r in res])), "r5": float(np.mean([f for f, _ in res]))}
    for name, path, _ in PAIR_SETS:
        total = []
        for p in load(path):
            src = pair_source(idx, p)
            if src is None:
                total.append(0.0)
                continue
            pos = idx.position[src.id]
            found, _ = rank_metrics(top(idx.rows[pos].task, 5, idx.filter.other_owners(pos)), p["gold"], k_recall=5)
            total.append(found)
        out[name] = {"similar": float(np.mean(total))}
    return out


def similar_sweep(idx, knob: str, values) -> str:
    """similar recall@5 per value of `knob`: "weight" (the dense channel's fusion weight, the
    product fusion.DENSE_WEIGHT) or "span" (the row-to-row dense scale, fusion.SIMILAR_DENSE_SPAN);
    sources found once with the product's settings."""
    from kehoach.index import fusion
    from kehoach.qa.evaluate import pair_source, rank_metrics

    sources = {}
    for name, path, _ in PAIR_SETS:
        for p in load(path):
            sources[p["id"]] = pair_source(idx, p)
    keep = idx.dense_weight if knob == "weight" else fusion.SIMILAR_DENSE_SPAN
    head = "dense weight" if knob == "weight" else "row-to-row dense span"
    lines = [f"| {head} | " + " | ".join(name for name, _, _ in PAIR_SETS) + " |", "|---" * (len(PAIR_SETS) + 1) + "|"]
    try:
        for v in values:
            if knob == "weight":
                idx.dense_weight = v
            else:
                fusion.SIMILAR_DENSE_SPAN = v
            cells = []
            for name, path, _ in PAIR_SETS:
                got = [rank_metrics(idx.similar_hits(sources[p["id"]].id, 5)[1], p["gold"], k_recall=5)[0]
                       if sources[p["id"]] else 0.0 for p in load(path)]
                cells.append(f"{np.mean(got):.3f}")
            lines.append(f"| {v}{' (product)' if v == keep else ''} | " + " | ".join(cells) + " |")
    finally:
        if knob == "weight":
            idx.dense_weight = keep
        else:
            fusion.SIMILAR_DENSE_SPAN = keep
    return "\n".join(lines)


# ---- report ---------------------------------------------------------------------------------------
def table(results: list[tuple[str, dict]]) -> str:
    """Two markdown tables: search ranking per query set; answers and similar per set."""
    roles = {name: role for name, _, role in QUERY_SETS + PAIR_SETS}
    seen = {name: {k: v for _, r in results for k, v in r.get(name, {}).items()} for name in roles}

    def label(name: str) -> str:
        return name + ("*" if roles[name] == "tune" else "")

    def render(head: list[str], rows: list[list[str]]) -> str:
        return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
                         + ["| " + " | ".join(r) + " |" for r in rows])

    ranking = render(["variant"] + [f"{label(n)} (n={seen[n].get('n', '')})" for n, _, _ in QUERY_SETS],
                     [[v] + [f"{r[n]['mrr']:.3f} / {r[n]['r5']:.3f}" if "mrr" in r.get(n, {}) else ""
                             for n, _, _ in QUERY_SETS] for v, r in results])
    asked = [n for n, _, _ in QUERY_SETS if "answers" in seen[n]]
    other = render(["variant"] + [f"{label(n)} answers (n={seen[n]['asks']})" for n in asked]
                   + [f"{label(n)} similar r@5 (n={seen[n].get('n', '')})" for n, _, _ in PAIR_SETS],
                   [[v] + [f"{r[n]['answers']:.3f}" if "answers" in r.get(n, {}) else "" for n in asked]
                    + [f"{r[n]['similar']:.3f}" if "similar" in r.get(n, {}) else "" for n, _, _ in PAIR_SETS]
                    for v, r in results])
    return ("Search ranking, MRR@10 / recall@5:\n\n" + ranking
            + "\n\nAnswer accuracy@1 of `ask`, and similar recall@5 (other communes):\n\n" + other)


def write_results(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in old and END in old:
        new = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, old, flags=re.S)
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    RESULTS.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index-dir", help="reuse (or build into) this folder instead of a temporary one")
    ap.add_argument("--only", help="run only the variants whose name contains this")
    ap.add_argument("--misses", default="", help="comma-separated sets whose misses to print (stderr)")
    ap.add_argument("--write", action="store_true", help="replace this benchmark's section of benchmarks/RESULTS.md")
    a = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import warnings

    warnings.filterwarnings("ignore")
    import importlib

    from kehoach.index.search import Index

    directory = Path(a.index_dir) if a.index_dir else Path(tempfile.mkdtemp(prefix="kehoach-lexicon-"))
    idx = Index.open(directory, progress=False)
    for v in variants():
        for key in v.settings:
            mod, name = key.rsplit(".", 1)
            DEFAULTS.setdefault(key, getattr(idx if mod == "index" else importlib.import_module(mod), name))
    results = [("plain BM25 (bm25s, folded syllables)", measure_bm25(idx))]
    misses = set(filter(None, a.misses.split(",")))
    for v in variants():
        if a.only and a.only not in v.name:
            continue
        t = time.perf_counter()
        apply(idx, v)
        results.append((v.name, measure(idx, misses=misses)))
        print(f"[{v.name}] {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    text = table(results)
    if not a.only:
        apply(idx, Variant("product"))
        text += "\n\nsimilar recall@5 by the dense channel's fusion weight (whole lexicon, current copy rule):\n\n"
        text += similar_sweep(idx, "weight", (0.0, 0.3, 0.6, 1.0))
        text += ("\n\nsimilar recall@5 by the dense scale of a row-to-row search (fusion.SIMILAR_DENSE_SPAN: the"
                 " share of the question scale, lo to hi, at which the dense channel counts fully; own pairs and"
                 " heldout pairs count plan-body paragraphs, the outside sets appendix rows only):\n\n")
        text += similar_sweep(idx, "span", (0.25, 0.4, 0.5, 0.6, 0.75, 1.0))
    print(text)
    if a.write:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        write_results("## Lexicon and similar tasks (benchmarks/bench_lexicon.py)\n\n"
                      f"Measured at commit {commit} on the bundled plans ({len(idx.rows)} rows), one index, "
                      "each variant swapped in place. * = set looked at while tuning; the others are "
                      "checks. Indented rows change one thing of the whole lexicon's row (the product); "
                      "the lexicon rows are cumulative. Plain BM25: bm25s over the folded syllables of "
                      "the task texts, no lexicon, no collapsing of copies.\n\n" + text)


if __name__ == "__main__":
    main()
