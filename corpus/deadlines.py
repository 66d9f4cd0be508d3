"""Deadlines as data: the years a deadline text names, so users can ask what is due in 2025.

"Năm 2026-2030" -> 2026…2030, "12/2025" -> [2025], "Tháng 4/ 2026" -> [2026];
recurring or conditional deadlines ("Thường xuyên", "Tháng 11 hàng năm", "Khi tỉnh ban
hành Kế hoạch") name no year -> [].
"""
from __future__ import annotations

import re

from kehoach.corpus.normalize import fold

# "2025-2026", "2025 đến 2027", "từ năm 2025 đến (hết) năm 2027"
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:-|den|toi|to)\s*(?:het\s+)?(?:nam\s+)?((?:19|20)\d\d)(?!\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
MAX_SPAN = 30  # a "range" wider than this is two unrelated years, not a period


def deadline_years(text: str | None) -> list[int]:
    if not text:
        return []
    s = fold(text)
    years: set[int] = set()
    for m in _RANGE.finditer(s):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + MAX_SPAN:
            years.update(range(a, b + 1))
    for m in _YEAR.finditer(s):
        years.add(int(m.group(1)))
    return sorted(years)

