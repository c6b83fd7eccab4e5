"""Ticket rendering (layout, QR, Kazakh → ESC/POS bytes), measured by printer_profiles.

The figure comes from ``printer_profiles.bench.measure_render_ms`` for each
built-in profile. If that function is not there (or fails), the result says
so and why: the bench never invents a render figure.
"""

import importlib
import traceback


def measure_rendering(repeats: int) -> dict:
    try:
        bench = importlib.import_module("printer_profiles.bench")
        measure = bench.measure_render_ms
        loader = importlib.import_module("printer_profiles.loader")
        names = list(loader.list_profiles())
    except Exception as error:  # noqa: BLE001 - any import problem means "missing"
        return {"available": False,
                "reason": f"printer_profiles.bench.measure_render_ms unavailable: "
                          f"{type(error).__name__}: {error}",
                "profiles": {}}
    if not names:
        return {"available": False, "reason": "printer_profiles lists no profiles", "profiles": {}}
    profiles = {}
    for name in names:
        try:
            profiles[name] = dict(measure(name, repeats=repeats))
        except Exception as error:  # noqa: BLE001 - reported per profile
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            profiles[name] = {"error": last}
    return {"available": True, "reason": None, "profiles": profiles}
