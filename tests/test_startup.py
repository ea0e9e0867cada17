"""The command line imports openpyxl without numpy and Pillow; the API and everything after the import are untouched."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

_AFTER = """
import json, sys
import openpyxl.compat.numbers
import openpyxl.drawing.image
report = {"numpy_imported": "numpy" in sys.modules, "openpyxl_numpy": openpyxl.compat.numbers.NUMPY}
pillow = {"pillow_imported": "PIL" in sys.modules, "openpyxl_pillow": bool(openpyxl.drawing.image.PILImage)}
"""


def _python(script: str, tmp_path: Path) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
                         env=os.environ | {"PYTHONIOENCODING": "utf-8"}, timeout=180, check=False)
    assert run.returncode == 0, run.stderr
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def _main(*args: str) -> str:
    """Python that runs the command `anskaffelse ARGS` as its console script does (through `cli.main`)."""
    return f"""
import sys
sys.argv = ["anskaffelse", *{list(args)!r}]
from anskaffelse.cli import main
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
"""


def _installed(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_a_build_on_the_command_line_does_not_import_numpy_and_writes_the_same_files(tmp_path: Path) -> None:
    profile = str(EXAMPLES / "eksempel-kommune.yaml")
    report = _python(_main("build", profile, "-o", "cli") + _AFTER + "print(json.dumps(report | pillow))", tmp_path)
    assert report == {"numpy_imported": False, "openpyxl_numpy": False,
                      "pillow_imported": False, "openpyxl_pillow": False}
    api = _python("import anskaffelse, json\n"
                  f"anskaffelse.build([{profile!r}], 'api')\n" + _AFTER + "print(json.dumps(report | pillow))",
                  tmp_path)
    # The API leaves openpyxl as it is: with numpy and Pillow when they are installed.
    assert api == {"numpy_imported": _installed("numpy"), "openpyxl_numpy": _installed("numpy"),
                   "pillow_imported": _installed("PIL"), "openpyxl_pillow": _installed("PIL")}
    cli_files = sorted((tmp_path / "cli").iterdir())
    assert [p.name for p in cli_files] == sorted(p.name for p in (tmp_path / "api").iterdir())
    assert len(cli_files) == 3
    for path in cli_files:
        assert path.read_bytes() == (tmp_path / "api" / path.name).read_bytes(), path.name


@pytest.mark.skipif(not _installed("numpy"), reason="numpy is not installed, so there is nothing to hide")
def test_numpy_and_matplotlib_work_after_the_command_line_imported_openpyxl(tmp_path: Path) -> None:
    script = _main("build", str(EXAMPLES / "eksempel-kommune.yaml"), "-o", "out") + """
import io, json
import numpy
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
figure = Figure(figsize=(2, 1))
figure.add_subplot().bar(["a", "b"], numpy.array([1, 2]))
png = io.BytesIO()
FigureCanvasAgg(figure).print_png(png)
print(json.dumps({"sum": int(numpy.arange(5).sum()), "png": png.getvalue()[:4].hex()}))
"""
    assert _python(script, tmp_path) == {"sum": 10, "png": "89504e47"}


@pytest.mark.skipif(not _installed("numpy"), reason="numpy is not installed, so there is nothing to hide")
def test_numpy_imported_before_the_command_line_is_left_to_openpyxl(tmp_path: Path) -> None:
    script = "import numpy\n" + _main("build", str(EXAMPLES / "eksempel-kommune.yaml"), "-o", "out", "--format",
                                      "xlsx") + _AFTER + "print(json.dumps(report))"
    assert _python(script, tmp_path) == {"numpy_imported": True, "openpyxl_numpy": True}


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_build_on_a_terminal_shows_its_progress_and_elsewhere_imports_no_spinner(tmp_path: Path) -> None:
    import pty

    profile = str(EXAMPLES / "eksempel-kommune.yaml")
    leader, follower = pty.openpty()
    env = os.environ | {"TERM": "xterm", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    child = subprocess.Popen([sys.executable, "-m", "anskaffelse", "build", profile, "-o", "ut"], cwd=tmp_path,
                             stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:  # read as it comes, so that a full terminal never holds the build up
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the build has ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert child.wait(timeout=180) == 0, shown
    assert b"eksempel-kommune.yaml: json" in shown  # the spinner's last step, written over on the terminal
    report = _python(_main("build", profile, "-o", "plain")
                     + "import json\nprint(json.dumps({'progress': 'rich.progress' in sys.modules}))", tmp_path)
    assert report == {"progress": False}


def test_the_command_line_leaves_what_a_pause_made_unwalked_and_the_api_does_not(tmp_path):
    script = _main("--version") + """
import json
from anskaffelse.reading import collector
print(json.dumps({"unwalked": collector._unwalked}))
"""
    assert _python(script, tmp_path) == {"unwalked": True}
    api = "import json, anskaffelse\nfrom anskaffelse.reading import collector\n" \
          "print(json.dumps({'unwalked': collector._unwalked}))"
    assert _python(api, tmp_path) == {"unwalked": False}


def test_asking_where_openpyxl_is_leaves_numpy_hidden_for_its_import(tmp_path):
    """The caches ask where openpyxl is (to know its version) before anything imports it."""
    script = ("import importlib.util\nfrom anskaffelse.commands.startup import openpyxl_without_numpy\n"
              "openpyxl_without_numpy()\nassert importlib.util.find_spec('openpyxl') is not None\n"
              "assert importlib.util.find_spec('openpyxl.cell') is not None\n"
              + _AFTER + "print(json.dumps(report | pillow))")
    assert _python(script, tmp_path) == {"numpy_imported": False, "openpyxl_numpy": False,
                                         "pillow_imported": False, "openpyxl_pillow": False}
