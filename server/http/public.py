"""Endpoints for everyone: health, the day, queues, a visitor's status, logins."""

from flask import Blueprint, current_app, request

from contract import operations as ops
from contract import views as v

from ..services.engine import Result
from .routing import route, services

public = Blueprint("public", __name__)


@route(public, ops.HEALTH)
def health():
    return v.Health(status="ok", version=current_app.config["KEZEK_VERSION"])


@route(public, ops.RECEPTION)
def reception():
    return services().reads.reception()


@route(public, ops.QUEUES)
def queues():
    return services().reads.queues()


@route(public, ops.DESKS)
def desks():
    return services().reads.desks()


@route(public, ops.VISITOR)
def visitor(code: str):
    # Public by design: the code is a 128-bit secret printed only on the ticket.
    return services().reads.visitor(code)


@route(public, ops.DESK_SESSION)
def desk_session(desk_id: int, body):
    services().limits.login.take(request.remote_addr)
    return Result(services().accounts.desk_session(desk_id, body), created=True)


@route(public, ops.ADMIN_SESSION)
def admin_session(body):
    services().limits.login.take(request.remote_addr)
    return Result(services().accounts.admin_session(body), created=True)


@route(public, ops.BOARD_SNAPSHOT)
def board():
    board, _ = services().board.compute()
    return board
