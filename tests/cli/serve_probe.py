"""``python -m tests.cli.serve_probe DB PORT``: the real ``kezek serve``, then what it imported.

Runs the ``serve`` command of ``server.cli`` in a thread of this process,
waits until it answers /api/v1/health, prints the names of the modules in
``sys.modules`` as one JSON list and exits. A test reads that list to prove
that serving loads no Qt and no printer library.
"""

import json
import os
import sys
import threading
import time

from server.cli import main
from server.process import answers_health


def probe(db_path: str, port: int) -> list[str]:
    serving = threading.Thread(
        target=main, args=(["serve", "--db", db_path, "--port", str(port)],),
        kwargs={"prog_name": "kezek", "standalone_mode": False}, daemon=True)
    serving.start()
    while not answers_health(f"http://127.0.0.1:{port}"):
        if not serving.is_alive():
            raise SystemExit("kezek serve stopped before answering /api/v1/health")
        time.sleep(0.05)
    return sorted(sys.modules)


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1], int(sys.argv[2]))), flush=True)
    os._exit(0)  # the server thread never returns; no clean shutdown is needed here
