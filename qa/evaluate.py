"""The metrics of shared/eval/score.py, computed in-process (no subprocess, model loaded once).

Query file (JSON lines): {"id", "kind": "search"|"ask", "q", "gold": [[commune, substring], ...],
"field"?, "answer"?: [accepted substrings]}; pairs file: {"id", "src": [commune, substring],
"gold": [[commune, substring], ...]}.  Definitions, as in score.py:
- ranking lines: gold non-empty and field not count/list; a "search" line is ranked by
  `Index.hits(q, 10)`, an "ask" line by the rows `ask` cites;
- recall@5: share of gold items found in the first 5; MRR@10: 1/rank of the first hit matching
  any gold item; success@1: that rank is 1;
- answer accuracy@1 (ask lines): `answer_ok`, score.py's contract for every field (lead,
  partners, deadline, output, task, count, rank: an accepted substring in values[0]; list: every
  substring in some value and >= 80% of values matching one; communes: exactly those communes;
  "A+B": one list of substrings per field); answer [] -> right iff no values.  A line may carry
  "today" (YYYY-MM-DD): the date "overdue" is measured from;
- similar recall@5 (pairs): the source row is found by searching its substring, then
  `similar(id, 5, other_communes=True)`; a source not found scores 0.
Matching ignores case, diacritics, HTML tags, dash style, quotes and spacing.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path


def fold(s) -> str:
    """score.py's comparison form (kept identical on purpose)."""
    s = unicodedata.normalize("NFD", str(s or "")).lower()
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").replace("đ", "d")
    s = re.sub(r"<[^>]+>", " ", s)
    s = re.sub(r"\s*[-–—]\s*", "-", s)
    s = re.sub(r"[“”\"‘’']", "", s)
    return re.sub(r"\s+", " ", s).strip()


def matches(hit, gold) -> bool:
    """Does a hit (or a row) match a gold item [commune, substring of the task]?"""
    row = getattr(hit, "row", hit)
    commune, sub = gold
    return fold(sub) in fold(row.task) and (not commune or fold(commune) in fold(row.commune))


AGGREGATE = ("count", "list", "rank", "communes")  # answered from a set of rows: no ranking metric


def commune_key(name) -> str:
    return re.sub(r"^(xa|phuong|thi tran) ", "", fold(name))


def answer_ok(q: dict, field: str | None, values: list[str]) -> bool:
    """Is (field, values) the expected answer to query line q?  (score.py's rules, verbatim.)"""
    want = q["answer"]
    if not want:  # the plans hold no such task: the honest answer has no values
        return not values
    if field != q["field"]:
        return False
    vals = [fold(v) for v in values]
    if q["field"] == "list":
        hit = [any(fold(x) in v for x in want) for v in vals]
        return all(any(fold(x) in v for v in vals) for x in want) and sum(hit) >= 0.8 * len(vals)
    if q["field"] == "communes":
        return {commune_key(v) for v in values} == {commune_key(x) for x in want}
    if "+" in q["field"]:
        parts = q["field"].split("+")
        return len(vals) >= len(parts) and all(any(fold(x) in vals[i] for x in want[i]) for i in range(len(parts)))
    return bool(vals) and any(fold(x) in vals[0] for x in want)


def rank_metrics(hits: list, golds, k_recall: int = 5, k_mrr: int = 10) -> tuple[float, float]:
    found = sum(any(matches(h, g) for h in hits[:k_recall]) for g in golds) / len(golds)
    rr = next((1.0 / i for i, h in enumerate(hits[:k_mrr], 1) if any(matches(h, g) for g in golds)), 0.0)
    return found, rr


def load_jsonl(path, required=("id", "q")) -> list[dict]:
    """Lines of a JSON-lines file; ValueError naming the file and line on a bad one."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e.msg})") from None
            if not isinstance(item, dict):
                raise ValueError(f"{path}:{n}: not a JSON object")
            missing = [k for k in required if k not in item]
            if missing:
                raise ValueError(f"{path}:{n}: missing {', '.join(missing)}")
            out.append(item)
    return out


@dataclass
class Miss:
    id: str
    q: str
    what: str  # "answer" | "rank" | "similar"
    detail: str


@dataclass
class Report:
    queries: int = 0  # ranked queries
    recall5: float = 0.0
    mrr10: float = 0.0
    success1: float = 0.0
    answers_right: int = 0
    answers: int = 0
    similar_recall5: float | None = None
    misses: list[Miss] = field(default_factory=list)

    @property
    def answer_accuracy(self) -> float | None:
        return self.answers_right / self.answers if self.answers else None

    def lines(self) -> list[str]:
        out = [f"queries: {self.queries}", f"recall@5: {self.recall5:.3f}", f"mrr@10: {self.mrr10:.3f}",
               f"success@1: {self.success1:.3f}"]
        if self.answers:
            out.append(f"answer_accuracy@1: {self.answer_accuracy:.3f} ({self.answers_right}/{self.answers})")
        if self.similar_recall5 is not None:
            out.append(f"similar_recall@5: {self.similar_recall5:.3f}")
        return out

    def misses_table(self) -> str:
        if not self.misses:
            return "no misses"
        width = max(len(m.id) for m in self.misses)
        head = f"{'id':<{width}}  {'miss':<7}  question -> detail"
        return "\n".join([head] + [f"{m.id:<{width}}  {m.what:<7}  {m.q} -> {m.detail}" for m in self.misses])


def evaluate(queries: list[dict], index, pairs: list[dict] | None = None, ask_fn=None) -> Report:
    """score.py's metrics for `queries` (and `pairs`) against `index`."""
    from kehoach.qa.answer import ask

    ask_fn = ask_fn or ask
    report = Report()
    hits: dict[str, list] = {}
    ranked = [q for q in queries if q.get("gold") and q.get("field") not in AGGREGATE]
    for q in queries:
        if q.get("kind") == "search" and q in ranked:
            hits[q["id"]] = index.hits(q["q"], 10)
    for q in queries:
        if q.get("kind") != "ask":
            continue
        try:
            today = _dt.date.fromisoformat(q["today"]) if q.get("today") else None
            a = ask_fn(q["q"], index=index, today=today)
            got_field, values, cited = a.field, [str(v) for v in a.values], a.hits
        except ValueError as e:
            got_field, values, cited = None, [], []
            report.misses.append(Miss(q["id"], q["q"], "answer", f"error: {e}"))
        hits.setdefault(q["id"], cited)
        expected = q.get("answer") or []
        ok = answer_ok({**q, "answer": expected}, got_field, values)
        report.answers += 1
        report.answers_right += ok
        if not ok:
            report.misses.append(Miss(q["id"], q["q"], "answer",
                                      f"{got_field}: {values[:1]} (expected {q.get('field')}: {expected[:2]})"))
    rec, mrr, top1 = [], [], []
    for q in ranked:
        found, rr = rank_metrics(hits.get(q["id"], []), q["gold"])
        rec.append(found)
        mrr.append(rr)
        top1.append(rr == 1.0)
        if rr < 1.0:
            report.misses.append(Miss(q["id"], q["q"], "rank", f"reciprocal rank {rr:.2f}, recall@5 {found:.2f}"))
    n = len(ranked)
    report.queries = n
    if n:
        report.recall5, report.mrr10, report.success1 = sum(rec) / n, sum(mrr) / n, sum(top1) / n
    if pairs:
        report.similar_recall5 = _similar(pairs, index, report)
    return report


def pair_source(index, pair: dict):
    """The hit of a similar-pair line's source row ([commune, substring]), found by searching its
    text, or None."""
    return next((h for h in index.hits(pair["src"][1], 10) if matches(h, pair["src"])), None)


def _similar(pairs: list[dict], index, report: Report) -> float:
    total = 0.0
    for p in pairs:
        src = pair_source(index, p)
        if src is None:
            report.misses.append(Miss(p["id"], p["src"][1], "similar", "source row not found by search"))
            continue
        _, sim = index.similar_hits(src.id, 5, other_communes=True)
        found, _ = rank_metrics(sim, p["gold"], k_recall=5)
        total += found
        if found < 1.0:
            report.misses.append(Miss(p["id"], p["src"][1], "similar", f"recall@5 {found:.2f}"))
    return total / len(pairs)


# ---- no-answer calibration ------------------------------------------------------------------
def calibration_rows(index, path: Path | None = None) -> list[dict]:
    """For each labelled question of qa/data/calibration.tsv ("in"/"out" TAB question): the best
    row's fused score and cosine, and whether `ask` answers it.  Used to set qa.answer.NO_ANSWER_*."""
    from kehoach.corpus.datafiles import parse_tsv, read_tsv
    from kehoach.qa.answer import ask

    items = parse_tsv(Path(path).read_text(encoding="utf-8"), 1) if path else read_tsv("kehoach.qa", "calibration.tsv", 1)
    out = []
    for label, q in items:
        a = ask(q, index=index)
        best = a.hits[0] if a.hits else None
        out.append({"q": q, "in_scope": label.strip() == "in", "field": a.field,
                    "score": best.score if best else None, "dense": best.dense if best else None,
                    "answered": bool(a.values)})
    return out


# ---- question readings (tests/data/intent_*.jsonl) ---------------------------------------------
def reading_errors(case: dict, q) -> dict[str, tuple[object, object]]:
    """The slots of a parsed question (qa.intent.Question) that differ from a hand-written reading
    {"field", "role", "communes", "unit", "year", "time", "stt"} (null: none said), as
    slot -> (expected, got).  "lead+deadline" and "deadline+lead" ask the same; a lead role left
    implicit is the default; an invented time filter on a set question is an error."""
    return _reading_diff(case, _reading(q))


def _reading(q) -> dict[str, object]:
    return {
        "field": "+".join(q.fields),
        "role": None if q.role_assumed else q.role,
        "communes": sorted(fold(c) for c in q.communes + q.unknown_communes),  # one not indexed is read too
        "unit": [fold(u) for u in q.unit_names + [u.name for u in q.unknown_units]],
        "time": None if q.time is None else (q.time.kind, q.time.year),
        "stt": f"{q.section}.{q.number}" if q.section and q.number else q.number,  # "thứ 3 phần II": II.3
    }


def _reading_diff(case: dict, got: dict[str, object]) -> dict[str, tuple[object, object]]:
    wrong = {}
    field = case["field"]
    same_field = got["field"] == field or (  # "lead+deadline" and "deadline+lead" ask the same
        "+" in field and set(got["field"].split("+")) == set(field.split("+")))
    if not same_field:
        wrong["field"] = (field, got["field"])
    role_ok = got["role"] == case["role"] or (case["role"] == "lead" and got["role"] is None)  # the default
    if case["role"] is not None and not role_ok:
        wrong["role"] = (case["role"], got["role"])
    if sorted(fold(c) for c in case["communes"] or []) != got["communes"]:
        wrong["communes"] = (case["communes"], got["communes"])
    if case["unit"] is not None and fold(case["unit"]) not in got["unit"]:
        wrong["unit"] = (case["unit"], got["unit"])
    time = case["time"] or ("ends" if case["year"] else None)
    if time is not None and (got["time"] is None or got["time"][0] != time
                             or (case["year"] and got["time"][1] != int(case["year"]))):
        wrong["time"] = ((time, case["year"]), got["time"])
    if time is None and got["time"] is not None and field.split("+")[0] in ("count", "list", "rank", "communes"):
        wrong["time"] = (None, got["time"])  # an invented time filter drops rows
    if (case["stt"] or None) != (got["stt"] or None) and str(case["stt"]).upper() != str(got["stt"]).upper():
        wrong["stt"] = (case["stt"], got["stt"])
    return wrong
