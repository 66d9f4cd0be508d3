"""How often a question is read right: each slot of qa.intent.parse against a hand-written reading.

The sets (tests/data/intent_*.jsonl) were written by a helper who saw the plans, never the code:
one line per question with the field asked ("lead", "deadline+output", …), and the role, communes,
unit, year / time kind and task number a careful reader takes from it (null: none said).
A slot whose gold value is null is scored too: the parser must not invent one.

    python benchmarks/bench_intent.py tests/data/intent_tune.jsonl [--misses]
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from kehoach.corpus import read_corpus
from kehoach.corpus.normalize import fold
from kehoach.qa.intent import Question, Vocabulary, parse

SLOTS = ("field", "role", "communes", "unit", "time", "stt")


@dataclass
class Reading:
    """One scored question: which slots differ from the gold reading, and how."""
    id: str
    question: str
    wrong: dict[str, tuple[object, object]]  # slot -> (expected, got)


def _got(q: Question) -> dict[str, object]:
    return {
        "field": "+".join(q.fields),
        "role": None if q.role_assumed else q.role,
        "communes": sorted(q.communes + q.unknown_communes),  # a commune not indexed is still read
        "unit": [fold(u) for u in q.unit_names + [u.name for u in q.unknown_units]],
        "time": None if q.time is None else (q.time.kind, q.time.year),
        "stt": q.number,
    }


def _wrong(case: dict, got: dict[str, object]) -> dict[str, tuple[object, object]]:
    wrong = {}
    field = case["field"]
    same_field = got["field"] == field or (  # "lead+deadline" and "deadline+lead" ask the same
        "+" in field and set(got["field"].split("+")) == set(field.split("+")))
    if not same_field:
        wrong["field"] = (field, got["field"])
    role_ok = got["role"] == case["role"] or (case["role"] == "lead" and got["role"] is None)  # the default
    if case["role"] is not None and not role_ok:
        wrong["role"] = (case["role"], got["role"])
    if sorted(case["communes"] or []) != got["communes"]:
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


def score(path: Path, vocab: Vocabulary) -> list[Reading]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Reading(c["id"], c["q"], _wrong(c, _got(parse(c["q"], vocab)))) for c in cases]


def report(path: Path, readings: list[Reading]) -> str:
    n = len(readings)
    lines = [f"{path.name}: {n} questions, all slots right {sum(not r.wrong for r in readings) / n:.3f}"]
    for slot in SLOTS:
        lines.append(f"  {slot:9} {sum(slot not in r.wrong for r in readings) / n:.3f}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--misses", action="store_true", help="list each question read wrong")
    args = ap.parse_args()
    rows, _ = read_corpus()
    vocab = Vocabulary.from_rows(rows)
    for path in args.files:
        readings = score(path, vocab)
        print(report(path, readings))
        if args.misses:
            for r in readings:
                if r.wrong:
                    print(f"    {r.id} {r.question!r}: " + "; ".join(f"{k} {e!r} got {g!r}" for k, (e, g) in r.wrong.items()))


if __name__ == "__main__":
    main()
