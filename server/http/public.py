"""Endpoints for everyone: health, the day, queues, a visitor's status, logins."""

from flask import Blueprint, current_app

from .auth import json_body, require, services

public = Blueprint("public", __name__)
ANY_ROLE = ("admin", "operator", "kiosk", "board")


@public.get("/health")
def health():
    return {"status": "ok", "version": current_app.config["KEZEK_VERSION"]}


@public.get("/reception")
@require(*ANY_ROLE)
def reception():
    return services().reads.reception()


@public.get("/queues")
@require(*ANY_ROLE)
def queues():
    return services().reads.queues()


@public.get("/desks")
@require(*ANY_ROLE)
def desks():
    return services().reads.desks()


@public.get("/visitors/<code>")
def visitor(code: str):
    # Public by design: the code is a 128-bit secret printed only on the ticket.
    return services().reads.visitor(code)


@public.post("/desks/<int:desk_id>/session")
def desk_session(desk_id: int):
    return services().accounts.desk_session(desk_id, json_body()), 201


@public.post("/admin/session")
def admin_session():
    return services().accounts.admin_session(json_body()), 201
