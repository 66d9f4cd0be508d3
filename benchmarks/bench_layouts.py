"""How well the public plan layouts are read: rows and per-field accuracy against the rows a
person wrote (tests/data/layouts/<name>.expected.jsonl).

    .venv/bin/python benchmarks/bench_layouts.py [name …] [--docx] [--diff]

Rows are paired by position among task rows; a field counts as right when it equals the
expected value after folding (no diacritics, lower case, whitespace collapsed).  Sections are
compared by their titles (numbers dropped), as tests/test_world_layouts.py does.  --docx reads
the same plans typed in Word (built as the test builds them); --diff prints every mismatch.
"""
from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "layouts"
FIELDS = ["stt", "task", "lead", "partners", "start", "deadline", "deadline_end", "status", "output", "section"]


def _section(s):
    if not s:
        return s
    parts = re.split(r" › | > ", s)
    return " > ".join(re.sub(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[A-Z]|[a-zđ])[.)]?\s+(?=\S)", "", p.strip()) for p in parts)


def _same(field, got, want) -> bool:
    from kehoach.corpus.normalize import fold

    if field == "section":
        got, want = _section(got), _section(want)
    norm = (lambda v: None if v in (None, "") else re.sub(r"\s+", " ", fold(str(v))).strip())
    return norm(got) == norm(want)


def measure(name: str, docx: bool, diff: bool) -> str:
    from kehoach.corpus import DocumentError, read_document

    want = [json.loads(x) for x in (DATA / f"{name}.expected.jsonl").read_text(encoding="utf-8").splitlines() if x]
    path = DATA / f"{name}.md"
    if docx:
        sys.path.insert(0, str(ROOT / "tests"))
        from fixtures import markdown_docx

        path = markdown_docx(path, Path(tempfile.mkdtemp()) / f"{name}.docx")
    try:
        rows = [r for r in read_document(path) if r.kind == "task"]
    except DocumentError as e:
        return f"{name:22s} {'docx' if docx else 'md':4s} not read: {e}"
    right = {f: 0 for f in FIELDS}
    for row, w in zip(rows, want):
        for f in FIELDS:
            ok = _same(f, getattr(row, f), w.get(f))
            right[f] += ok
            if diff and not ok:
                print(f"  {name} stt={w.get('stt')} {f}: got {getattr(row, f)!r} want {w.get(f)!r}")
    n = len(want)
    scores = " ".join(f"{f}={right[f] / n:.2f}" for f in FIELDS)
    return f"{name:22s} {'docx' if docx else 'md':4s} rows {len(rows)}/{n}  {scores}"


def main(argv: list[str]) -> None:
    names = [a for a in argv if not a.startswith("--")] or sorted(
        p.name.removesuffix(".expected.jsonl") for p in DATA.glob("*.expected.jsonl"))
    for name in names:
        print(measure(name, "--docx" in argv, "--diff" in argv))


if __name__ == "__main__":
    main(sys.argv[1:])
