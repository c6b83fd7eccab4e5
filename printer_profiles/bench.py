"""How long one ticket takes to render (layout, QR, pixels, ESC/POS bytes).

Called by the benchmark (make bench), never from timed unit tests. Fonts are
cached after the first render (as in a running kiosk); results are not: each
repeat renders from scratch.
"""

from __future__ import annotations

import gc
import time

from common.i18n import Catalogue
from common.stats import summary_ms
from printer_profiles.loader import load_profile
from printer_profiles.render import render_slips
from printer_profiles.samples import sample_slip

SAMPLE_SLIP = sample_slip("kk", may_not_be_reached=True)


def measure_render_ms(profile_name: str, repeats: int = 50) -> dict:
    profile = load_profile(profile_name)
    tr = Catalogue.load().translator("kk")
    render_slips([SAMPLE_SLIP], profile, tr)  # warm-up: load fonts and python-escpos data
    # Loading the catalogue and the fonts leaves garbage whose collection would
    # otherwise land on one of the timed renders; a kiosk does all that at start.
    gc.collect()
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        render_slips([SAMPLE_SLIP], profile, tr)
        timings.append((time.perf_counter() - start) * 1000)
    figures = summary_ms(timings)
    return {"profile": profile.name, "repeats": figures.pop("count"), **figures}


if __name__ == "__main__":
    from printer_profiles.loader import list_profiles

    for name in list_profiles():
        print(measure_render_ms(name))
