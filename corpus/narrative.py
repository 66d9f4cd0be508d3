"""The narrative parser: numbered items in a plan's body become rows of kind 'narrative'.

Plans list their tasks twice: as prose under a heading such as "III. NHIỆM VỤ, GIẢI PHÁP"
(items "1.1.", "1.2." … or "- " bullets or "a)", "b)" items under "1. …" subsections) and
as the appendix table.  The prose often holds tasks the table summarises, so both are searchable; the
prose rows carry no units (the plan does not assign them there) and nothing is invented.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.corpus.blocks import Block, Paragraph
from kehoach.corpus.clean import clean_text
from kehoach.corpus.normalize import fold
from kehoach.corpus.numbering import ROMAN

_PART = re.compile(rf"^({ROMAN})\.\s+(\S.{{0,150}})$")
_SUBSECTION = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_ITEM = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(\S.*)$")
# "- …", "a) …": items without a number of their own
_BULLET = re.compile(r"^(?:[-–—•+]|[a-zđ]\))\s+(\S.*)$")
TASK_PARTS = ("nhiem vu",)  # a body part whose heading names tasks holds the narrative tasks
_END = re.compile(r"^(phu luc|noi nhan)\b")


@dataclass
class NarrativeItem:
    stt: str | None
    section: str | None
    text: str
    position: int = 0
    confidence: float | None = None  # OCR'd: its paragraphs' least confidence


def parse_narrative(blocks: list[Block]) -> list[NarrativeItem]:
    items: list[NarrativeItem] = []
    in_tasks = False
    section: str | None = None
    open_item = False  # may the next lower-case paragraph continue the last item?
    for block in blocks:
        if not isinstance(block, Paragraph):
            open_item = False
            continue
        text = clean_text(block.text)
        if not text:
            continue
        part = _PART.match(text)
        if part and part.group(1):
            in_tasks = any(k in fold(part.group(2)) for k in TASK_PARTS)
            section, open_item = None, False
            continue
        if _END.match(fold(text)):
            in_tasks = False
        if not in_tasks:
            continue
        bullet = _BULLET.match(text)
        if open_item and text[:1].islower() and not bullet:
            items[-1].text += " " + text  # a paragraph cut by a page break
            if block.confidence is not None:
                items[-1].confidence = min(block.confidence, items[-1].confidence or 1.0)
            continue
        item = _ITEM.match(text)
        if item:
            items.append(NarrativeItem(item.group(1), section, item.group(2), len(items), block.confidence))
            open_item = True
            continue
        if bullet:
            items.append(NarrativeItem(None, section, bullet.group(1), len(items), block.confidence))
            open_item = True
            continue
        sub = _SUBSECTION.match(text)
        if sub:
            section = f"{sub.group(1)}. {sub.group(2)}"
        open_item = False
    return items
