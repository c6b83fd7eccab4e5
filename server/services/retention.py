"""Citizens' names and phones are kept only as long as their purpose lasts.

An official records a citizen's name and phone only with their consent, so
that the department answering an appeal can reach them. That purpose ends
when the appeal is settled: answered (an appeal under control), or past its
deadline while still unanswered, or on the reception day itself for every
other outcome (resolved on the spot, explained, redirected). The contact is
kept ``days`` more days after that (ServerConfig.personal_data_days), then
the name and phone are set to NULL; the appeal itself, its topic, summary,
outcome and answer, stays for the register and the reports.

Why 30 days by default: the citizen may come back about the answer (a
complaint about it, a repeat appeal), and the akim's office hands the day's
report over within weeks; a month after the answer covers both, and
nothing later needs the contact. An appeal still unanswered 30 days after
its deadline loses its contact too: retention has an end even when a
department never answers.

The purge runs at day close (Engine.set_reception_status) and with
``kezek purge``; run that daily (a scheduled task) on a server that holds
the register for weeks. Archived days never hold names or phones
(storage/archive.py), so only the live file needs it; archives made by an
older version are stripped by ``kezek purge`` too.
"""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from ..rules.day import Day
from ..storage import queries as q
from ..storage.archive import archive_folder, strip_archives
from .unit_of_work import UnitOfWork

log = logging.getLogger("kezek.retention")

PERSONAL_DATA_DAYS = 30


@dataclass(frozen=True)
class Purged:
    appeals: int  # appeals of the live file whose name and phone went
    archived: int  # appeals of archived days whose name and phone went
    before: str  # appeals settled before this date lost their contact


def purge_personal_data(uow: UnitOfWork, days: int) -> Purged:
    """Forget the names and phones whose retention has run out, in the live file
    and in any archive that still holds some. Counts only, never the data."""
    with uow.write() as work:
        tx = work.tx
        today = Day.from_row(q.reception(tx)).local_day(tx.now)
        before = (date.fromisoformat(today) - timedelta(days=days)).isoformat()
        # The old values are overwritten in the file, not left in free pages.
        kept_mode = tx.scalar("PRAGMA secure_delete")
        tx.run("PRAGMA secure_delete = ON")
        try:
            purged = q.purge_personal_data(tx, before)
        finally:
            tx.run(f"PRAGMA secure_delete = {int(kept_mode)}")
    archived = strip_archives(archive_folder(uow.storage.path))
    if purged or archived:
        log.info("personal data purged: %d appeal(s) settled before %s, %d archived",
                 purged, before, archived)
    return Purged(appeals=purged, archived=archived, before=before)
