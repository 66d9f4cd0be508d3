"""`kehoach serve`: the web app (kehoach.app) on this machine, 127.0.0.1:7860 by default."""
from __future__ import annotations

import click

from kehoach.commands.options import index_dir_option, model_option


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 shares the app with the local network: set KEHOACH_AUTH).")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@index_dir_option
@model_option
@click.option("--insecure", is_flag=True,
              help="Serve beyond this machine without KEHOACH_AUTH: anyone on the network can read, "
                   "nobody can add or remove plans.")
def serve(host: str, port: int, index_dir: str | None, model: str | None, insecure: bool) -> None:
    """Open the index and serve the web app.  Basic auth: KEHOACH_AUTH="user:password"."""
    import os
    import shutil
    import tempfile

    # This run's temporary folder (exports, Gradio's copies of uploads), named to Gradio before it
    # is imported, and removed however the server ends — also when it fails to start.
    run_dir = tempfile.mkdtemp(prefix="kehoach-serve-")
    os.environ["GRADIO_TEMP_DIR"] = os.path.join(run_dir, "gradio")
    try:
        _serve(host, port, index_dir, model, insecure, run_dir)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _serve(host: str, port: int, index_dir: str | None, model: str | None, insecure: bool, run_dir: str) -> None:
    from kehoach import app as ui
    from kehoach import settings
    from kehoach.index.search import IndexLoadError

    try:
        auth = ui.parse_auth(settings.get("KEHOACH_AUTH"))
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if host not in settings.LOCAL_HOSTS and auth is None:
        if not insecure:
            raise click.UsageError(
                f"serving on {host} shares the app with the network: set KEHOACH_AUTH=user:password "
                "(adding and removing plans need it), or pass --insecure to serve it read-only without a password")
        click.echo(f"kehoach: warning: serving on {host} without a password, read-only (--insecure)", err=True)
    click.echo(f"kehoach: opening the index, then serving http://{host}:{port} (Ctrl+C to stop)", err=True)
    try:
        ui.serve(host, port, index_dir, model, auth, insecure=insecure, run_dir=run_dir)
    except IndexLoadError as e:
        raise click.ClickException(str(e)) from None
    except OSError as e:
        reason = "the port is in use" if "empty port" in str(e) else str(e)
        raise click.ClickException(f"cannot serve on {host}:{port}: {reason} (try another --port)") from None
