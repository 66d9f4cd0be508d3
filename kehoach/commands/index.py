"""`kehoach index …`, `kehoach search`, `kehoach similar`: a thin layer over index.search.Index."""
from __future__ import annotations

import json
import sys
import warnings

import click

from kehoach.commands.options import (
    emit_warnings,
    fail,
    index_dir_option,
    model_option,
    open_index,
    stdin_lines,
)
from kehoach.corpus.normalize import check_decodable

TABLE_COLUMNS = (("rank", 4), ("score", 6), ("commune", 11), ("stt", 6), ("task", 70), ("lead", 28), ("deadline", 14))

def _cell(value, width: int) -> str:
    from kehoach.corpus.clean import shorten

    return shorten("" if value is None else str(value), width).ljust(width)


def format_table(hits) -> str:
    """Hits as a fixed-width table for the terminal."""
    if not hits:
        return "(no matching rows)"
    lines = ["  ".join(_cell(name, w) for name, w in TABLE_COLUMNS).rstrip()]
    lines.append("  ".join("-" * w for _, w in TABLE_COLUMNS))
    for h in hits:
        vals = {**h.to_dict(), "score": f"{h.score:.3f}"}
        lines.append("  ".join(_cell(vals.get(name), w) for name, w in TABLE_COLUMNS).rstrip())
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
@click.group("index")
def index() -> None:
    """Chỉ mục tìm kiếm: build, add, remove, info, verify."""


@index.command()
@click.argument("paths", nargs=-1, type=click.Path())
@index_dir_option
@model_option
def build(paths, index_dir, model) -> None:
    """Build the index from PATHS (files or folders; default: the bundled plans).  Nothing is
    written unless at least one document was read."""
    import time

    from kehoach.corpus.isolated import IsolatedReader
    from kehoach.embed.models import ModelUnavailableError
    from kehoach.index.search import Index, NothingReadError
    from kehoach.index.store import default_index_dir

    t = time.time()
    try:
        with IsolatedReader() as reader:  # a file that exhausts memory or time fails alone
            idx = Index.build(list(paths) or None, index_dir, model, progress=True, reader=reader)
    except ModelUnavailableError as e:
        fail(str(e))
    except NothingReadError as e:
        for line in e.errors:
            click.echo(f"kehoach: {line}", err=True)
        fail(f"nothing was indexed: no document could be read; the index at {index_dir or default_index_dir()} "
              "was left as it was")
    for line in idx.errors:
        click.echo(f"kehoach: {line}", err=True)
    info = idx.info()
    click.echo(f"Indexed {info['rows']} rows from {info['docs']} documents into {info['dir']} "
               f"(model {info['model']}, {time.time() - t:.0f} s)")


@index.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_dir_option
@model_option
def add(paths, index_dir, model) -> None:
    """Add documents to the index.  A document is its commune's plan: adding it again (same
    commune, same plan) replaces it and its row ids stay; another commune's file of the same
    name is another document.  Each file skipped is named with the reason."""
    from kehoach.corpus.isolated import IsolatedReader

    idx = open_index(index_dir, model)
    with IsolatedReader() as reader:  # a file that exhausts memory or time fails alone
        results = idx.add(list(paths), reader=reader)
    for r in results:
        click.echo(r.message)
    if not any(r.ok for r in results):
        sys.exit(1)


@index.command()
@click.argument("docs", nargs=-1, required=True)
@index_dir_option
def remove(docs, index_dir) -> None:
    """Remove documents by document key (see `kehoach index info`) or file name."""
    from kehoach.index.search import AmbiguousDocumentError

    idx = open_index(index_dir, None, build_if_missing=False, needs_model=False)
    if not idx.documents():
        fail(f"the index at {idx.directory} holds no documents: nothing to remove")
    found, missing = idx.resolve_documents(list(docs))
    for d in missing:
        click.echo(f"kehoach: {d}: not in the index (see `kehoach index info` for the documents)", err=True)
    try:
        idx.remove(list(found))
    except AmbiguousDocumentError as e:
        fail(str(e))
    for doc in {d.key: d for hits in found.values() for d in hits}.values():
        click.echo(f"Removed {doc.key} ({', '.join(x for x in (doc.name, doc.owner) if x)}): {doc.rows} rows")
    click.echo(f"{len(idx.rows)} rows remain.")
    if missing:
        sys.exit(1)


@index.command()
@index_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the manifest summary as JSON.")
def info(index_dir, as_json) -> None:
    """Show what the index holds: model, rows, documents, build time, folder."""
    idx = open_index(index_dir, None, build_if_missing=False, needs_model=False)
    d = idx.info()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=1))
        return
    click.echo(f"index:     {d['dir']}")
    click.echo(f"model:     {d['model']} ({d['dim']} dimensions, {d['dense_index']} FAISS index)")
    click.echo(f"rows:      {d['rows']}")
    click.echo(f"documents: {d['docs']}")
    for doc in idx.documents():
        click.echo(f"  {doc.key}: {doc.label}, {doc.rows} rows")
    click.echo(f"built:     {d['built']}")
    if d.get("updated") != d.get("built"):
        click.echo(f"updated:   {d['updated']}")


@index.command()
@index_dir_option
def verify(index_dir) -> None:
    """Check every file of the index against its manifest, every byte (exit 1 on any problem)."""
    from pathlib import Path

    from kehoach.index.store import default_index_dir, rebuild_hint, verify as verify_dir

    directory = Path(index_dir) if index_dir else default_index_dir()
    found, manifest = verify_dir(directory)
    for line in found:
        click.echo(f"kehoach: {directory}: {line}", err=True)
    if found:
        click.echo(f"kehoach: {rebuild_hint(directory)}", err=True)
        sys.exit(1)
    click.echo(f"OK: {len(manifest['files'])} files, {manifest.get('rows')} rows, every checksum matches ({directory})")


# ---------------------------------------------------------------------------------------
@click.command()
@click.argument("query", nargs=-1)
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Number of hits.")
@click.option("--commune", multiple=True, help="Only this commune (repeatable; diacritics optional).")
@click.option("--unit", help="Only rows where this unit takes part (see --role).")
@click.option("--role", type=click.Choice(["lead", "partner", "any"]), default="any", show_default=True,
              help="The unit's role for --unit.")
@click.option("--kind", type=click.Choice(["task", "narrative"]), help="Table rows or plan-body items only.")
@click.option("--doc", help="Only this document (file name).")
@click.option("--year", type=int, help="Only rows due in this year.")
@click.option("--json", "as_json", is_flag=True, help='One JSON object {"query", "hits"} per query.')
@index_dir_option
@model_option
def search(query, k, commune, unit, role, kind, doc, year, as_json, index_dir, model) -> None:
    """Find the task rows that match QUERY ("-": one query per line from standard input)."""
    text = " ".join(query).strip()
    batch = text == "-"
    if not batch and not text:
        raise click.UsageError('empty query: give a few words, e.g. kehoach search "ai chủ trì số hóa hộ tịch"')
    try:
        check_decodable(text, "query")
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    filters = dict(commune=list(commune) or None, unit=unit, role=role, kind=kind, doc=doc, year=year)
    idx = open_index(index_dir, model)
    if not batch:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                hits = idx.hits(text, k, **filters)
            except ValueError as e:
                raise click.UsageError(str(e)) from None
        emit_warnings(caught)
        click.echo(json.dumps({"query": text, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False)
                   if as_json else format_table(hits))
        return
    for line, error in stdin_lines():
        q = line.strip()
        hits = []
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            if error is None:
                try:
                    hits = idx.hits(q, k, **filters)
                except ValueError as e:
                    error = str(e)
        emit_warnings(caught)
        if as_json:
            out = ({"query": line, "hits": [h.to_dict() for h in hits]} if error is None
                   else {"query": line, "error": error, "hits": []})
            click.echo(json.dumps(out, ensure_ascii=False))
        else:
            click.echo(f"## {line}\n" + (f"error: {error}" if error else format_table(hits)) + "\n")
        sys.stdout.flush()


@click.command()
@click.argument("ids", nargs=-1, required=True)
@click.option("-k", "k", type=click.IntRange(1, 1000), default=10, show_default=True, help="Number of hits per id.")
@click.option("--other-communes/--all-communes", default=True, show_default=True,
              help="Only rows of other communes (the cross-commune lookup), or rows of every commune.")
@click.option("--json", "as_json", is_flag=True, help='One JSON object {"source", "hits"} per id.')
@index_dir_option
@model_option
def similar(ids, k, other_communes, as_json, index_dir, model) -> None:
    """Rows most similar to the row(s) with these IDS ("-": ids from standard input)."""
    from kehoach.index.search import UnknownIdError

    batch = list(ids) == ["-"]
    idx = open_index(index_dir, model)
    if not batch:
        unknown = []
        for i in ids:
            try:
                idx.row(i)
            except UnknownIdError:
                unknown.append(i)
        if unknown:
            raise click.BadParameter(f"unknown row id: {', '.join(unknown)} (ids are in `kehoach search --json` output)",
                                     param_hint="IDS")
    source_ids = ((line.strip(), err) for line, err in stdin_lines()) if batch else ((i, None) for i in ids)
    for rid, error in source_ids:
        source, hits = None, []
        if error is None:
            try:
                source, hits = idx.similar_hits(rid, k, other_communes=other_communes)
            except UnknownIdError as e:
                error = str(e)
        if as_json:
            out = {"source": source.to_dict(), "hits": [h.to_dict() for h in hits]} if error is None else {
                "id": rid, "error": error, "source": None, "hits": []}
            click.echo(json.dumps(out, ensure_ascii=False))
        elif error:
            click.echo(f"## {rid}\nerror: {error}\n")
        else:
            click.echo(f"## {source.id} ({source.row.commune}): {source.row.task[:100]}\n{format_table(hits)}\n")
        sys.stdout.flush()
