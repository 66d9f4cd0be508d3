"""Task rows as a spreadsheet-friendly DataFrame, shared by the CLI export and the web app."""
from __future__ import annotations


def rows_frame(rows):
    """Rows as a DataFrame with list columns joined for spreadsheet formats."""
    import pandas as pd

    from kehoach.corpus import EXPORT_KEYS

    frame = pd.DataFrame([r.to_dict() for r in rows], columns=list(EXPORT_KEYS))
    for col in ("lead_units", "partner_units"):
        frame[col] = frame[col].map("; ".join)
    frame["deadline_years"] = frame["deadline_years"].map(lambda ys: ", ".join(map(str, ys)))
    return frame
