"""Tasks assigned in prose: a plan with no task table whose body names, under each numbered
target, who leads it and with whom ("4. Hoàn thành di dời 01 khu công nghiệp …" / "UBND phường
Lào Cai chủ trì, phối hợp với Sở Xây dựng, … thực hiện công tác GPMB …, hoàn thành trong quý IV
năm 2026").  A sentence counts only when it names its lead before "chủ trì" (or before its verb,
as "A phối hợp với B tổ chức …"): the units, the partners after "phối hợp với" and the date after
"hoàn thành" are read from the words (corpus/text_roles.py); nothing else is guessed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from kehoach.corpus.blocks import Block, Paragraph
from kehoach.corpus.clean import clean_text
from kehoach.corpus.numbering import ROMAN
from kehoach.corpus.text_roles import assigned, due_in_text

_PART = re.compile(rf"^({ROMAN})\.\s+\S")
_TARGET = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_BULLET = re.compile(r"^[-–—•+]\s+")
_END = re.compile(r"^(?:III|IV|V|VI)\.\s+(?:GIẢI PHÁP|TỔ CHỨC THỰC HIỆN|KINH PHÍ)", re.IGNORECASE)


@dataclass
class Assignment:
    stt: str
    section: str
    task: str
    lead: str
    partners: str | None
    deadline: str | None


def parse_assignments(blocks: list[Block]) -> list[Assignment]:
    """The assignments under numbered targets of a Roman part, in order; numbered "4" for a
    target's one assignment, "2.1", "2.2" for several."""
    found: list[tuple[str, str, str, object]] = []  # (target number, its title, the sentence, who)
    target: tuple[str, str] | None = None
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        text = clean_text(block.text)
        if not text:
            continue
        if _END.match(text):
            break
        if _PART.match(text):
            target = None
            continue
        numbered = _TARGET.match(text)
        if numbered:
            target = (numbered.group(1), numbered.group(2).rstrip(" :"))
            continue
        if target is None:
            continue
        sentence = _BULLET.sub("", text)
        who = assigned(sentence)
        if who is not None:
            found.append((*target, sentence, who))
    per_target = Counter(number for number, *_ in found)
    out, seen = [], Counter()
    for number, title, sentence, who in found:
        seen[number] += 1
        stt = number if per_target[number] == 1 else f"{number}.{seen[number]}"
        out.append(Assignment(stt, f"{number}. {title}", who.task or sentence, who.lead, who.partners,
                              due_in_text(sentence)))
    return out
