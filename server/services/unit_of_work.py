"""The one way to change the day: a write transaction and the day's state, together.

Every write of the server (issuing, calling, logins, opening the day, set-up
from the command line) runs inside :meth:`UnitOfWork.write`. It opens the
SQLite transaction (BEGIN IMMEDIATE) and hands out the day's state in memory
(state.py) with it, loaded again whenever the file may differ from it:

- a write that used the state changed it beside its SQL; if the write fails
  after changing it, the rollback cannot undo the memory, so it is dropped;
- a write that never touched the state (a login, set-up) may still have
  changed what it holds, so the next write loads it afresh; and so does any
  commit by another process (``Storage.generation``).

So SQLite and the state cannot drift: there is no other door to the file.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from ..storage import Storage, Tx
from .state import DayState


class Work:
    """One write: its transaction, and the day's state if the write asks for it."""

    def __init__(self, uow: "UnitOfWork", tx: Tx, generation: tuple):
        self.tx = tx
        self._uow = uow
        self._generation = generation
        self._state: DayState | None = None

    @property
    def state(self) -> DayState:
        if self._state is None:
            state = self._uow._state
            if state is None or state.generation != self._generation:
                state = self._uow._state = DayState(self.tx)
            state.changed = False
            self._state = state
        return self._state

    @property
    def uses_state(self) -> bool:
        return self._state is not None


class UnitOfWork:
    def __init__(self, storage: Storage):
        self.storage = storage
        self._state: DayState | None = None  # used and replaced under the write lock only

    @contextmanager
    def write(self) -> Iterator[Work]:
        with self.storage.write() as tx:
            generation = self.storage.generation(tx)
            work = Work(self, tx, generation)
            try:
                yield work
            except BaseException:
                if work.uses_state and work.state.changed:
                    self._state = None  # the SQL is rolled back; the memory cannot be
                raise
            if work.uses_state:
                # What the next write will see if this one commits; if the commit
                # fails, the count of commits does not move and the state reloads.
                state = work.state
                state.generation = None if state.stale else (generation[0], tx.serial + 1)

    def state_in_memory(self) -> DayState | None:
        """The state the next write starts from, if one is loaded (for tests)."""
        return self._state
