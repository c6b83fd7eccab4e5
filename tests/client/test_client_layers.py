"""The client's Qt-free half stays free of Qt: the server and scripts import it."""

from __future__ import annotations

import subprocess
import sys

QT_FREE = ["client", "client.http", "client.events", "contract", "common.i18n"]


def test_the_qt_free_modules_do_not_load_qt():
    script = "import sys\n" + "".join(f"import {name}\n" for name in QT_FREE) + (
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
