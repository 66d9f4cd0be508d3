"""Every data table has the shape its reader expects and only allowed values; the answer
templates and labels match the code that uses them, both ways."""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest
from kehoach.corpus.columns import ROLES
from kehoach.corpus.datafiles import parse_tsv, read_tsv
from kehoach.corpus.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
MODES = {"both", "accented", "folded"}
PLAN_LEVELS = {level for _, level, _ in read_tsv("kehoach.corpus", "issuers.tsv", columns=3)}
QA_FIELDS = {"lead", "partners", "deadline", "output", "funding", "list", "count", "rank", "communes", "task", "search"}
COLUMN_ROLES = set(ROLES) | {"filler"}  # the roles the reader knows, and words that name none
LEVELS = {"commune", "ward", "town", "special_zone", "district", "province", "ministry", "government"}


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def number(x: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", x))


# file -> (columns, {column: allowed values or a test}); None columns: free text, not empty
SCHEMAS = {
    ("kehoach.corpus", "columns.tsv"): (5, {0: COLUMN_ROLES, 1: {"vi", "en"}, 3: number, 4: {"cell", "word"}}),
    ("kehoach.corpus", "dates.tsv"): (3, {0: {"open", "open_start", "month", "horizon"}}),
    ("kehoach.corpus", "issuers.tsv"): (3, {1: LEVELS}),
    ("kehoach.corpus", "role_labels.tsv"): (2, {0: COLUMN_ROLES}),
    ("kehoach.corpus", "values.tsv"): ((2, 3), {0: {"status", "measure"}}),
    ("kehoach.corpus", "text_roles.tsv"): (2, {0: {"verb", "with", "due"}, 1: lambda x: x == x.lower().strip()}),
    ("kehoach.corpus", "units.tsv"): ((1, 2), {}),
    ("kehoach.corpus", "errors_vi.tsv"): (2, {0: lambda x: _compiles(x)}),
    ("kehoach.corpus", "tcvn3.tsv"): (3, {0: lambda x: bool(re.fullmatch(r"[0-9A-F]{2}", x)),
                                          1: lambda x: bool(re.fullmatch(r"[0-9A-F]{4}", x))}),
    ("kehoach.corpus", "vni.tsv"): (3, {}),
    ("kehoach.index", "lexicon.tsv"): (5, {2: {"synonym", "narrower", "broader", "abbreviation", "spelling"},
                                          3: {"", "case"}}),
    ("kehoach.index", "query_words.tsv"): (1, {}),
    ("kehoach.qa", "cues.tsv"): (5, {0: QA_FIELDS | {"who", "what", "most", "none", "dismiss", "deadline:duration",
                                         "output:measure"}, 1: {"0", "1", "2", "3"},
                                     2: MODES, 3: {"any", "lower"}}),
    ("kehoach.qa", "roles.tsv"): (5, {0: {"lead", "partner", "any"}, 1: {"lead", "partners"}, 2: MODES,
                                      3: {"any", "near"}}),
    ("kehoach.qa", "fillers.tsv"): (3, {0: {"all", "set", "theme"}, 1: MODES}),
    ("kehoach.qa", "context.tsv"): (2, {0: {"commune", "year", "unit", "stt", "first", "last"}}),
    ("kehoach.qa", "title_words.tsv"): (2, {0: lambda x: x == fold(x).lower(), 1: lambda x: x == fold(x).lower()}),
    ("kehoach.qa", "levels.tsv"): (3, {0: lambda x: set(x.split("|")) <= PLAN_LEVELS, 1: MODES}),
    ("kehoach.qa", "time.tsv"): (3, {0: {"overdue", "due_soon", "recurring", "by_month", "ends", "starts", "active",
                                         "this_year", "next_year", "last_year", "this_month", "next_month", "undated", "blank"}, 1: MODES}),
    ("kehoach.qa", "fields.tsv"): (2, {0: QA_FIELDS, 1: {"-", "lead", "partners", "deadline", "output", "funding", "task"}}),
    ("kehoach.qa", "labels.tsv"): (2, {}),
    ("kehoach.qa", "plan_kinds.tsv"): (2, {0: {"code", "start", "status", "measure"}}),
    ("kehoach.qa", "document_codes.tsv"): (2, {0: lambda x: bool(re.fullmatch(r"[a-z]{1,4}", x)),
                                               1: lambda x: x == fold(x).lower()}),
    ("kehoach.qa", "not_units.tsv"): (1, {0: lambda x: x == fold(x).lower() and x.startswith("bo ")}),
    ("kehoach.qa", "answers.tsv"): (2, {}),
    ("kehoach.qa", "calibration.tsv"): (2, {0: {"in", "out"}}),
    ("kehoach.qa", "confidence.tsv"): (2, {1: number}),
    ("kehoach.qa", "numbers.tsv"): (3, {2: {"both", "accented"}, 1: lambda x: x in {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "100",
                                                           "1000"}}),
    ("kehoach.qa", "shorthand.tsv"): (3, {0: lambda x: bool(re.fullmatch(r"[^\W\d_]+( [^\W\d_]+){0,2}", x)),
                                          2: {"lower", "any"}}),
}


def every_table() -> list[tuple[str, str]]:
    out = []
    for package in ("kehoach.corpus", "kehoach.index", "kehoach.qa"):
        out += [(package, p.name) for p in resources.files(package).joinpath("data").iterdir() if p.name.endswith(".tsv")]
    return sorted(out)


def test_every_table_has_a_schema():
    assert set(every_table()) == set(SCHEMAS)


@pytest.mark.parametrize("package,name", sorted(SCHEMAS))
def test_table_shape_and_values(package, name):
    width, allowed = SCHEMAS[(package, name)]
    widths = (width,) if isinstance(width, int) else width
    rows = read_tsv(package, name)
    assert rows, f"{name} is empty"
    for row in rows:
        assert len(row) in widths, f"{row.where}: {len(row)} columns, expected {width}"
        assert all(cell.strip() for cell in row[:min(min(widths), 3)]), f"{row.where}: an empty cell"
        for col, rule in allowed.items():
            value = row[col]
            ok = rule(value) if callable(rule) else value in rule
            assert ok, f"{row.where}: {value!r} is not allowed in column {col + 1}"


@pytest.mark.parametrize("package,name", sorted(SCHEMAS))
def test_no_row_is_written_twice(package, name):
    """A row added again, lines apart, is a slip: it hides where the entry already lives."""
    seen: dict[tuple, str] = {}
    for row in read_tsv(package, name):
        key = tuple(row)
        assert key not in seen, f"{row.where}: the same row as {seen[key]}"
        seen[key] = row.where


def test_a_bad_row_names_its_file_and_line():
    with pytest.raises(ValueError, match=r"kehoach/qa/data/x\.tsv:3: 1 columns, expected 2"):
        parse_tsv("# a\tb\nok\tyes\nbroken\n", source="kehoach/qa/data/x.tsv", columns=2)
    rows = read_tsv("kehoach.qa", "cues.tsv")
    assert rows[0].where.startswith("kehoach/qa/data/cues.tsv:") and rows[0].line > 1


def _code(*folders: str, skip: tuple[str, ...] = ()) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for f in folders for p in (ROOT / f).glob("*.py")
                     if p.name not in skip)


def test_answer_templates_match_their_callers():
    keys = {k for k, _ in read_tsv("kehoach.qa", "answers.tsv", 1)}
    code = _code("qa")
    literal = set(re.findall(r"""["']([a-z_]+)["']""", code))
    unused = keys - literal
    assert not unused, f"answers.tsv keys no code uses: {unused}"
    called = set(re.findall(r"""say\(\s*["']([a-z_]+)["']""", code))
    assert called <= keys, f"say() keys missing from answers.tsv: {called - keys}"
    # the single-field templates are chosen by the field asked
    assert {"lead", "partners", "deadline", "output", "search"} <= keys


def test_labels_name_every_field_role_and_confidence():
    keys = {k for k, _ in read_tsv("kehoach.qa", "labels.tsv", 1)}
    fields = {k for k, _ in read_tsv("kehoach.qa", "fields.tsv", 1)}
    assert {f"field:{f}" for f in fields} <= keys
    assert {"role:lead", "role:partner", "role:any"} <= keys
    assert {"confidence:high", "confidence:tentative", "confidence:none"} <= keys


def test_settings_are_read_in_one_module():
    """Every KEHOACH_* variable is read through kehoach.settings, and it names each one once."""
    from kehoach import settings

    code = _code("corpus", "corpus/readers", "index", "qa", "kehoach", "kehoach/app", "kehoach/commands",
                 "kehoach/embed", skip=("settings.py",))
    direct = re.findall(r"environ(?:\.get)?\(\s*[\"'](KEHOACH_\w+)|environ\[[\"'](KEHOACH_\w+)", code)
    assert not direct, f"read outside kehoach.settings: {direct}"
    used = set(re.findall(r"""["'](KEHOACH_[A-Z_]+)["']""", code))
    declared = [s.env for s in settings.SETTINGS]
    assert len(declared) == len(set(declared)) and used <= set(declared), used - set(declared)
