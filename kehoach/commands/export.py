"""`kehoach export`: the parsed task rows as JSON lines, CSV or Excel."""
from __future__ import annotations

import json
import sys

import click

from kehoach.frames import rows_frame

FORMATS = ("jsonl", "csv", "xlsx")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from the -o suffix, else jsonl).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@click.option("--explain", is_flag=True,
              help="Instead of rows, print how each table was read: the role of each column and why, "
                   "the rows read and the rows skipped.")
def export(paths: tuple[str, ...], fmt: str | None, output: str | None, explain: bool) -> None:
    """Parse plans (default: the bundled corpus) and write one record per task row."""
    from kehoach.corpus import read_corpus

    if explain:
        _explain(paths)
        return

    fmt = fmt or (output.rsplit(".", 1)[-1].lower() if output and output.rsplit(".", 1)[-1].lower() in FORMATS
                  else "jsonl")
    if fmt == "xlsx" and not output:
        raise click.UsageError("--format xlsx needs -o FILE.xlsx (Excel files cannot go to the terminal)")
    rows, errors = read_corpus(list(paths) or None, progress=True)
    for line in errors:
        click.echo(f"kehoach: {line}", err=True)
    if not rows:
        click.echo("kehoach: nothing could be read", err=True)
        sys.exit(1)
    if fmt == "jsonl":
        text = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in rows)
        if output:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        else:
            click.echo(text, nl=False)
    elif fmt == "csv":
        frame = rows_frame(rows)
        if output:
            frame.to_csv(output, index=False, encoding="utf-8-sig")  # BOM: Excel opens it as UTF-8
        else:
            click.echo(frame.to_csv(index=False), nl=False)
    else:
        rows_frame(rows).to_excel(output, index=False, sheet_name="nhiem_vu")
    if output:
        click.echo(f"{len(rows)} rows -> {output}", err=True)


def _explain(paths: tuple[str, ...]) -> None:
    """The layout report of each file (corpus.layout), one block per file."""
    from kehoach.corpus import DocumentError, bundled_paths, expand_paths
    from kehoach.corpus.document import explain_document

    files = expand_paths(paths) if paths else bundled_paths()
    read = 0
    for n, path in enumerate(files):
        if n:
            click.echo("")
        try:
            rows, layout = explain_document(path)
        except DocumentError as e:
            click.echo(f"kehoach: {e}", err=True)
            continue
        click.echo(layout.text())
        read += bool(rows)
    if not read:
        click.echo("kehoach: no rows could be read", err=True)
        sys.exit(1)
