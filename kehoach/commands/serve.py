"""`kehoach serve`: the web app (kehoach.app) on this machine, 127.0.0.1:7860 by default."""
from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 shares the app with the local network: set KEHOACH_AUTH).")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--index-dir", type=click.Path(file_okay=False), default=None,
              help="Index folder (default: $KEHOACH_HOME/index); built from the bundled plans when missing.")
@click.option("--model", default=None, help="Embedding model used if the index must be built (default: e5-small-offline).")
def serve(host: str, port: int, index_dir: str | None, model: str | None) -> None:
    """Open the index and serve the web app.  Basic auth: KEHOACH_AUTH="user:password"."""
    from kehoach import app as ui
    from kehoach import settings
    from kehoach.index.search import IndexLoadError

    try:
        auth = ui.parse_auth(settings.get("KEHOACH_AUTH"))
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if host not in ("127.0.0.1", "localhost", "::1") and auth is None:
        click.echo(f"kehoach: warning: serving on {host} without a password; set KEHOACH_AUTH=user:password",
                   err=True)
    click.echo(f"kehoach: opening the index, then serving http://{host}:{port} (Ctrl+C to stop)", err=True)
    try:
        ui.serve(host, port, index_dir, model, auth)
    except IndexLoadError as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        reason = "the port is in use" if "empty port" in str(e) else str(e)
        raise click.ClickException(f"cannot serve on {host}:{port}: {reason} (try another --port)") from None
