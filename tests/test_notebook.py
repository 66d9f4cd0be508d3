"""The researchers' notebook runs top to bottom on the bundled plans, with its outputs checked."""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def tagged(nb, tag: str):
    return next(c for c in nb.cells if tag in c.get("metadata", {}).get("tags", []))


def text_of(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def test_notebook_runs_and_answers(seed_index, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), "commit the notebook without outputs"
    # the kernel inherits this environment: the seed index, the cached model, no network
    monkeypatch.setenv("KEHOACH_INDEX_DIR", str(seed_index.directory))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # "python3" resolves to this venv's ipykernel: jupyter_client runs "python" as sys.executable
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute(cwd=str(NOTEBOOK.parent))

    assert "Văn phòng HĐND&UBND" in text_of(tagged(nb, "ask"))
    unit_year = text_of(tagged(nb, "unit-year"))  # a unit's tasks for a year, through the Python API
    assert "đơn vị: Phòng Văn hóa - Xã hội" in unit_year and "thực hiện trong năm 2026" in unit_year
    plot = tagged(nb, "plot")
    assert any("image/png" in out.get("data", {}) for out in plot.outputs)
    errors = [out for c in nb.cells for out in c.get("outputs", []) if out.get("output_type") == "error"]
    assert errors == []
