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
from kehoach.qa.evaluate import reading_errors
from kehoach.qa.intent import Vocabulary, parse

SLOTS = ("field", "role", "communes", "unit", "time", "stt")


@dataclass
class Reading:
    """One scored question: which slots differ from the gold reading, and how."""
    id: str
    question: str
    wrong: dict[str, tuple[object, object]]  # slot -> (expected, got)


def score(path: Path, vocab: Vocabulary) -> list[Reading]:
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Reading(c["id"], c["q"], reading_errors(c, parse(c["q"], vocab))) for c in cases]


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
