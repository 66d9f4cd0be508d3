"""`kehoach model …`: prepare the embedding model ahead of time (conversion + ONNX export)."""
from __future__ import annotations

import click


@click.group()
def model() -> None:
    """Mô hình nhúng (embedding model)."""


@model.command()
@click.option("--model", "name", default=None, envvar="KEHOACH_MODEL",
              help="Model id or local sentence-transformers folder (default: the offline e5-small).")
def prepare(name: str | None) -> None:
    """Convert the offline model (once) and build its ONNX fast path; print where it lives."""
    from kehoach.embed.models import Embedder, ModelUnavailableError

    try:
        emb = Embedder(name)
    except (ModelUnavailableError, RuntimeError) as e:
        raise click.ClickException(str(e)) from None
    where = emb.folder if emb.folder is not None else emb.model_id
    click.echo(f"Model {emb.model_id} ready ({emb.backend}, {emb.dim} dimensions): {where}")
