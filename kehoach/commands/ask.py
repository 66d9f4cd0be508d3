"""`kehoach ask` (answer questions with citations) and `kehoach eval` (score a query file)."""
from __future__ import annotations

import json
import sys
import warnings

import click

from kehoach.commands.options import (
    emit_warnings,
    index_dir_option,
    model_option,
    open_index,
    stdin_lines,
)
from kehoach.corpus.normalize import check_decodable


def error_record(question: str, message: str) -> dict:
    return {"question": question, "error": message, "field": None, "answer": "", "values": [], "hits": []}


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str)


def _human(answer) -> str:
    """The answer, how the question was read, then the cited rows."""
    from kehoach.corpus.clean import shorten
    from kehoach.qa.render import issuer, reading_line

    lines = [answer.answer]
    if answer.reading:
        lines.append(f"  ({reading_line(answer.reading)})")
    for h in answer.hits:
        row = h.row
        where = " · ".join(str(x) for x in (issuer(row), f"nhiệm vụ {row.stt}" if row.stt else None, row.lead) if x)
        lines.append(f"  {h.rank}. [{where}] {shorten(row.task, 90)}")
    return "\n".join(lines)


@click.command()
@click.argument("question", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (question, field, answer, values, hits).")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="Rows cited at most (field and search questions).")
@index_dir_option
@model_option
@click.option("--generate/--no-generate", default=None,
              help="Let the LLM at $KEHOACH_LLM_URL word the answer (default: when that is set).")
def ask(question: tuple[str, ...], as_json: bool, k: int, index_dir: str | None, model: str | None,
        generate: bool | None) -> None:
    """Answer a question about the plans, in Vietnamese, with or without diacritics.

    QUESTION "-" reads one question per line from standard input and writes one answer per
    line (JSON with --json), loading the model once.

    \b
    Examples:
      kehoach ask "ai chủ trì số hóa hộ tịch"
      kehoach ask "Phòng Kinh tế xã Nghĩa Sơn chủ trì bao nhiêu nhiệm vụ?" --json
    """
    from kehoach.qa.answer import ask as answer_question

    text = " ".join(question).strip()
    if not text:
        raise click.UsageError("empty question: give a question, e.g. kehoach ask \"ai chủ trì số hóa hộ tịch\", "
                               "or - to read questions from standard input")
    if text != "-":
        try:
            check_decodable(text, "question")
        except ValueError as e:
            raise click.UsageError(str(e)) from None
    index = open_index(index_dir, model)
    if text != "-":
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                a = answer_question(text, index=index, k=k, generate=generate)
            except ValueError as e:
                raise click.UsageError(str(e)) from None
        emit_warnings(caught)  # a query cut to the model's length: one sentence, no source line
        click.echo(_json(a.to_dict()) if as_json else _human(a))
        return
    for q, undecodable in stdin_lines():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if undecodable:
                    raise ValueError(undecodable)
                a = answer_question(q, index=index, k=k, generate=generate)
                out = _json(a.to_dict()) if as_json else a.answer
            except Exception as e:  # one bad line must not stop the others
                out = _json(error_record(q, str(e) or type(e).__name__)) if as_json else f"kehoach: error: {e}"
        emit_warnings(caught)
        click.echo(out)
        sys.stdout.flush()


@click.command(name="eval")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--pairs", type=click.Path(exists=True, dir_okay=False), help="Similar-pair file (JSON lines).")
@index_dir_option
@model_option
@click.option("--calibration", is_flag=True,
              help="Print the no-answer calibration table (qa/data/calibration.tsv) instead.")
def eval_(file: str | None, pairs: str | None, index_dir: str | None, model: str | None, calibration: bool) -> None:
    """Score a query file: recall@5, MRR@10, success@1, answer accuracy@1, similar recall@5.

    FILE has one JSON object per line, as shared/eval/dev_queries.jsonl; misses are listed
    after the metrics.
    """
    from kehoach.qa.evaluate import calibration_rows, evaluate, load_jsonl

    if not file and not calibration:
        raise click.UsageError("give a query file (JSON lines), or --calibration")
    try:
        queries = load_jsonl(file, required=("id", "q", "kind", "gold")) if file else []
        pair_items = load_jsonl(pairs, required=("id", "src", "gold")) if pairs else None
    except (ValueError, OSError) as e:
        raise click.UsageError(str(e)) from None
    index = open_index(index_dir, model)
    if calibration:
        for r in calibration_rows(index):
            click.echo(f"{'in ' if r['in_scope'] else 'out'}  score={r['score'] if r['score'] is not None else '-':<6}"
                       f"  dense={r['dense'] if r['dense'] is not None else '-':<6}"
                       f"  {'answered' if r['answered'] else 'no answer':<9}  {r['q']}")
        if not file:
            return
    report = evaluate(queries, index, pair_items)
    for line in report.lines():
        click.echo(line)
    click.echo("")
    click.echo(report.misses_table())
