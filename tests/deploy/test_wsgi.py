"""The web server's entry point."""

import subprocess
import sys

from tests.commands import ROOT

LOADED = "import gc, config.wsgi; print(gc.get_freeze_count())"


def test_the_loaded_app_is_left_out_of_the_garbage_collectors_rounds():
    """Modules, settings and models live as long as the worker: frozen once loaded, a full
    collection no longer walks them on every busy page (the dashboard of a big club)."""
    result = subprocess.run(  # noqa: S603 - a fixed command
        [sys.executable, "-c", LOADED],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000  # the app's objects, not a handful
