"""What every command shares: the --index-dir and --model options, opening the index with one
clear line on failure, reading questions from standard input, and printing warnings.

One definition each, so every command says the same thing about the same option.
"""
from __future__ import annotations

import sys

import click

index_dir_option = click.option(
    "--index-dir", type=click.Path(file_okay=False), default=None,
    help="Index folder (default: $KEHOACH_INDEX_DIR, else $KEHOACH_HOME/index; only that one is built from "
         "the bundled plans when missing).")
model_option = click.option(
    "--model", default=None, envvar="KEHOACH_MODEL",
    help="Embedding model id or folder (default: the one the index was built with; e5-small-offline for a "
         "new index).")


def fail(message: str, code: int = 1) -> None:
    click.echo(f"kehoach: {message}", err=True)
    sys.exit(code)


def open_index(index_dir, model, build_if_missing=True, needs_model=True):
    """The index, with load/model/folder problems turned into one clear line (exit 1, no traceback).
    `needs_model`: load its embedding model now, so a model that cannot load here is said so
    (with the rebuild command) before any work starts."""
    from kehoach.embed.models import ModelUnavailableError
    from kehoach.index.search import Index, IndexLoadError

    try:
        if build_if_missing:
            idx = Index.open(index_dir, model, progress=True)
        else:
            idx = Index.load(index_dir, model)
        if needs_model:
            idx.embedder
    except (IndexLoadError, ModelUnavailableError) as e:
        fail(str(e))
    except OSError as e:  # an index folder that cannot be created or read
        fail(f"{e.filename or index_dir}: {e.strerror or e}")
    for line in idx.errors:
        click.echo(f"kehoach: {line}", err=True)
    return idx


def stdin_lines():
    """Lines of standard input as (text or None, error): undecodable lines become errors, not crashes."""
    for raw in sys.stdin.buffer:
        raw = raw.rstrip(b"\r\n")
        try:
            yield raw.decode("utf-8"), None
        except UnicodeDecodeError:
            yield raw.decode("utf-8", errors="replace"), ("line is not valid UTF-8 text (bytes in another "
                                                          "encoding?): save the input as UTF-8")


def emit_warnings(caught) -> None:
    for w in caught:
        click.echo(f"kehoach: warning: {w.message}", err=True)
