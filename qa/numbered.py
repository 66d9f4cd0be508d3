"""Rows a question names by number: a task's STT or code ("nhiệm vụ 7", "NV45", "mục 3.1"), the
last task of each plan ("việc cuối cùng"), a place in a named section ("mục VI, nhiệm vụ thứ 2"),
or another plan's task code a row delivers (a deliverables table's "Nhiệm vụ của Chính phủ")."""
from __future__ import annotations

import re

from kehoach.qa.constraints import LAST


def numbered(rows, number: str, in_section: bool = False) -> list:
    """The rows with task number `number`: by their STT or code; LAST is each plan's last task
    ("việc cuối cùng"); within a section named by the question, a number with no such STT is the
    task's place in that section ("mục VI, nhiệm vụ thứ 2": the second task of that section)."""
    if number == LAST or in_section:
        by_doc: dict[str, list] = {}
        for r in rows:
            if r.kind == "task":
                by_doc.setdefault(r.doc_key or r.doc, []).append(r)
        if number == LAST:
            return [members[-1] for members in by_doc.values()]
    found = [r for r in rows if same_number(r, number)]
    if not found and in_section and number.isdigit():
        found = [members[int(number) - 1] for members in by_doc.values() if 0 < int(number) <= len(members)]
    return found


def same_number(row, number: str) -> bool:
    n = number.upper()
    return (row.stt or "").upper().rstrip(".") == n or (row.code or "").upper() == n or \
        row.id.upper().endswith(f"#{n}") or row.id.upper().endswith(f"-{n}") or delivers(row, n)


REF = re.compile(r"[A-Za-z]*\s*\d+(?:\.\d+)*")


def delivers(row, number: str) -> bool:
    """Does the row deliver another plan's task `number` (its refs column: "Nhiệm vụ của Chính
    phủ": "14, 26")?  A bare number there is that plan's code without its letters: "45" is NV45."""
    n = number.upper().replace(" ", "")
    digits = re.sub(r"^[A-Z]+", "", n)
    for said in REF.findall(getattr(row, "refs", None) or ""):
        said = said.upper().replace(" ", "")
        if said == n or (said.isdigit() and said == digits):
            return True
    return False
