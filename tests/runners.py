"""Runners for the apps' view-models in tests: no threads, answers when the test says."""

from __future__ import annotations


def run_inline(fn, on_done, on_error) -> None:
    """Run "in the background" right now: the logic without threads."""
    try:
        result = fn()
    except Exception as exc:
        on_error(exc)
    else:
        on_done(result)


class HeldRunner:
    """Keeps every submitted call until the test answers it, in any order."""

    def __init__(self):
        self.pending: list[tuple] = []

    def __call__(self, fn, on_done, on_error) -> None:
        self.pending.append((fn, on_done, on_error))

    def answer(self, index: int = -1) -> None:
        run_inline(*self.pending.pop(index))
