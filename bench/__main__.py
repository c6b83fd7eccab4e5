"""python -m bench [--quick] [--results PATH] [--seconds N] [...]: see bench/params.py."""

import argparse
import sys
from dataclasses import fields, replace
from pathlib import Path

from .params import Params, quick
from .runner import REPO_ROOT, run_bench


def parse_args(argv: list[str]) -> tuple[Params, Path, bool]:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="a few seconds and a handful of streams (smoke test)")
    parser.add_argument("--results", type=Path, default=REPO_ROOT / "bench-results.json",
                        help="where to write the figures (default: bench-results.json)")
    parser.add_argument("--seconds", type=float,
                        help="length of each of the four measured phases")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a figure misses its target")
    for field in fields(Params):
        if field.name.endswith("_seconds") or field.name in ("seed",):
            continue
        parser.add_argument(f"--{field.name.replace('_', '-')}", type=type(field.default),
                            dest=field.name, help=f"default {field.default}")
    args = parser.parse_args(argv)
    params = quick() if args.quick else Params()
    overrides = {f.name: getattr(args, f.name) for f in fields(Params)
                 if getattr(args, f.name, None) is not None}
    if args.seconds is not None:
        overrides.update(paced_seconds=args.seconds, closed_seconds=args.seconds,
                         event_seconds=args.seconds, held_seconds=args.seconds)
    return replace(params, **overrides), args.results, args.strict


def main(argv: list[str]) -> int:
    params, results, strict = parse_args(argv)
    code = run_bench(params, results)
    if strict and code == 0:
        import json

        if not json.loads(results.read_text())["all_targets_met"]:
            return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
