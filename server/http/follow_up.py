"""The appeals register after the day: departments answer, the akim counts, the organiser
makes and revokes the departments' links."""

from flask import Blueprint, g, request

from contract import operations as ops
from contract.enums import FollowUpStatus

from ..rules.errors import InvalidInput
from ..rules.follow_up import checked_department
from ..services.idempotency import Result
from .routing import route, services

follow_up = Blueprint("follow_up", __name__)


def _query_status() -> FollowUpStatus | None:
    value = request.args.get("status")
    if value is None:
        return None
    try:
        return FollowUpStatus(value)
    except ValueError:
        raise InvalidInput("status must be one of " + ", ".join(FollowUpStatus)) from None


def _query_department() -> str | None:
    value = request.args.get("department")
    return None if value is None else checked_department(value)


@route(follow_up, ops.FOLLOW_UP)
def follow_up_list():
    return services().follow_up.appeals(g.principal.department, _query_status(),
                                        _query_department())


@route(follow_up, ops.FOLLOW_UP_FIGURES)
def follow_up_figures():
    return services().follow_up.figures()


@route(follow_up, ops.ANSWER_APPEAL)
def answer_appeal(appeal_id: int, body, key):
    return services().follow_up.answer(appeal_id, body, g.principal, key)


@route(follow_up, ops.DEPARTMENT_LINKS)
def department_links():
    return services().department_links.links()


@route(follow_up, ops.CREATE_DEPARTMENT_LINK)
def create_department_link(body):
    return Result(services().department_links.create(body.department), created=True)


@route(follow_up, ops.REVOKE_DEPARTMENT_LINK)
def revoke_department_link(link_id: int):
    return services().department_links.revoke(link_id)
