"""Departments' secret links to their appeals under control.

Why a ``department`` role, handed out as a secret link:

The departments that answer appeals sit outside the venue (the housing
department, the roads office) and have no Kezek accounts; user names and
passwords kept for months, for people the organiser never meets, would not
be made or would be shared anyway. A link is what they can use: the organiser
makes one per department (``kezek department link`` or POST
/api/v1/departments/links) and sends it; the department opens it on any
phone or PC, with nothing to install or remember.

Under the link is an ordinary token of the ``department`` role naming one
department, not a second way in:

- it is checked as every token is: 256 random bits, kept only as a SHA-256
  hash in the same table as the devices' tokens, revocable at once;
- the role is in the operation table, so the route checks, the OpenAPI
  document and the tests that try every role on every operation cover it;
- it reaches one department's appeals only (the department's name as the
  desks typed it, letter case and spaces aside: rules.follow_up), to read
  them and to answer them, and nothing else of the day;
- the page keeps it in an HttpOnly cookie after the first visit, as a hall
  TV keeps its board token, so it leaves the address bar and its history.
"""

from collections import Counter

from contract import follow_up as fu
from contract.enums import Role

from ..rules.day import Day
from ..rules.errors import NotFound
from ..rules.follow_up import checked_department, department_key, department_name
from ..storage import Tx
from ..storage import queries as q
from .accounts import issue_token
from .unit_of_work import UnitOfWork

DEPARTMENT_PAGE = "/department"  # server/http/register_pages.py serves it


def department_page_url(day: Day, token: str) -> str:
    return f"{day.public_url}{DEPARTMENT_PAGE}?token={token}"


class DepartmentLinks:
    def __init__(self, uow: UnitOfWork):
        self.uow = uow
        self.storage = uow.storage

    def create(self, department: str) -> fu.NewDepartmentLink:
        """A new link for ``department``; its token is in the answer once."""
        name = department_name(checked_department(department))
        with self.uow.write() as work:
            tx = work.tx
            token, _, token_id = issue_token(tx, Role.DEPARTMENT, name, department=name)
            day = Day.from_row(q.reception(tx))
            link = self._view(day, q.department_token(tx, token_id), self._appeal_counts(tx))
            return fu.NewDepartmentLink(link=link, token=token, url=department_page_url(day, token))

    def links(self) -> fu.DepartmentLinkList:
        with self.storage.read() as tx:
            day, counts = Day.from_row(q.reception(tx)), self._appeal_counts(tx)
            return fu.DepartmentLinkList(links=[
                self._view(day, row, counts) for row in q.department_tokens(tx)])

    def revoke(self, link_id: int) -> fu.DepartmentLink:
        """The link stops working at once; revoking it again changes nothing."""
        with self.uow.write() as work:
            tx = work.tx
            if q.department_token(tx, link_id) is None:
                raise NotFound(f"no department link {link_id}")
            q.revoke_token(tx, link_id)
            return self._view(Day.from_row(q.reception(tx)), q.department_token(tx, link_id),
                              self._appeal_counts(tx))

    @staticmethod
    def _appeal_counts(tx: Tx) -> Counter:
        return Counter(department_key(row["responsible_department"])
                       for row in q.follow_up_rows(tx))

    @staticmethod
    def _view(day: Day, row, counts: Counter) -> fu.DepartmentLink:
        return fu.DepartmentLink(
            id=row["id"], department=row["department"], created_at=day.iso(row["created_at"]),
            revoked_at=day.iso(row["revoked_at"]), appeals=counts[department_key(row["department"])])
