"""int8 passages (kehoach/embed/quantize.py): what the default Embedder uses for passages agrees
with fp32 and ranks the same; the token table is an int8 memory map.  Ranking quality on the dev
set is compared in benchmarks/bench_search.py (benchmarks/RESULTS.md)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow

SEEDS = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
QUERIES = ["ai chủ trì số hóa hộ tịch", "phủ sóng 5G", "chữ ký số cho cán bộ", "giáo dục STEM trong trường học",
           "thanh toán không dùng tiền mặt", "an toàn an ninh mạng"]


@pytest.fixture(scope="module")
def embedders():
    from kehoach.embed.models import Embedder

    return Embedder(), Embedder(int8_passages=False)


def seed_lines(n: int) -> list[str]:
    lines = [line.strip() for p in sorted(SEEDS.glob("*.txt"))
             for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 20]
    return lines[3::4][:n]


def test_int8_passages_agree_with_fp32_and_rank_the_same(embedders):
    int8, fp32 = embedders
    assert int8.passage_precision == "int8" and fp32.passage_precision == "fp32"
    texts = seed_lines(120)
    a, b = int8.encode_passages(texts), fp32.encode_passages(texts)
    cos = np.sum(a * b, axis=1)
    assert cos.mean() >= 0.999 and cos.min() >= 0.998
    q = fp32.encode_queries(QUERIES)  # queries stay fp32 in both
    assert np.array_equal(np.argmax(q @ a.T, axis=1), np.argmax(q @ b.T, axis=1))
    assert np.allclose(int8.encode_queries(QUERIES), q, atol=1e-5)


def test_the_derived_files_passed_their_check_and_the_table_is_memory_mapped(embedders):
    from kehoach.embed import quantize

    int8, _ = embedders
    split = quantize.read_split(int8.folder / "onnx" / "model.onnx")
    assert split is not None and split.int8 and split.cosine >= quantize.MIN_COSINE
    table = int8._onnx.table
    assert isinstance(table.codes, np.memmap) and table.codes.dtype == np.int8
    assert table.codes.shape[0] > 200_000  # the whole multilingual vocabulary, read only where used
    from safetensors import safe_open

    ids = np.asarray(int8._onnx.tokenizer.encode("Số hóa hộ tịch tại xã Nghĩa Thọ").ids)
    with safe_open(str(int8.folder / "model.safetensors"), "np") as f:
        rows = f.get_slice("embeddings.word_embeddings.weight")
        exact = np.concatenate([rows[int(i):int(i) + 1] for i in ids])
    err = np.abs(table[ids] - exact)
    assert np.all(err <= table.scales[ids][:, None] / 2 + 1e-7)  # rounding to the nearest int8 step, no more
