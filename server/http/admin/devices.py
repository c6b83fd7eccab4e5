"""/admin/devices: pair kiosks and hall boards with a token, show it as a QR code, revoke it.

A token is shown once, on the page that answers the form (never in an
address, so it stays out of the browser's history); afterwards only its
name and dates are listed. A device reaches the server at the address the
visitors' phones use, so that is the address it is paired with.
"""

import io
import json

from flask import redirect, request, url_for
from markupsafe import Markup

from common.i18n import message_key
from contract.enums import DEVICE_ROLES

from ...rules.errors import QueueError
from ..errors import status_for
from ..routing import services
from . import admin_web
from .addresses import phone_address_advice
from .door import AdminVisit, admin_page, page
from .forms import FormError, refusal

NAME_NEEDED = message_key("admin.devices.name_needed")


def qr_svg(text: str) -> Markup:
    """The text as an inline SVG QR code (sharp at any size, nothing to fetch)."""
    # Imported here: the server loads no imaging library until a device is paired.
    import qrcode
    import qrcode.image.svg

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(text)
    out = io.BytesIO()
    code.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
    svg = out.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])


def pairing(role: str, server: str, token: str) -> dict:
    """What a new device is given: the address to open or the command to start it with."""
    if role == "board":
        link = f"{server}/board?token={token}"
        return {"qr": qr_svg(link), "link": link,
                "command": f"kezek board --server {server} --token {token}"}
    payload = json.dumps({"server": server, "role": role, "token": token})
    return {"qr": qr_svg(payload), "link": None,
            "command": f"kezek {role} --server {server} --token {token}"}


def _show(visit: AdminVisit, status: int = 200, problems: list[str] | None = None, new=None):
    svc = services()
    reception = svc.reads.reception()
    return page("admin/devices.html", visit, status, here="devices",
                devices=svc.accounts.device_tokens(), roles=DEVICE_ROLES, problems=problems,
                new=new, reception=reception, advice=phone_address_advice(reception.public_url, svc.config),
                revoked=request.args.get("revoked", type=int))


@admin_web.get("/devices")
@admin_page
def devices(visit: AdminVisit):
    return _show(visit)


@admin_web.post("/devices")
@admin_page
def add_device(visit: AdminVisit):
    svc = services()
    role, name = request.form.get("role", ""), request.form.get("name", "").strip()
    try:
        if not name:
            raise FormError([(NAME_NEEDED, {})])
        token = svc.accounts.add_device(role, name)
    except FormError as error:
        return _show(visit, 400, error.texts(visit.tr))
    except QueueError as error:
        return _show(visit, status_for(error), refusal(error).texts(visit.tr))
    server = svc.reads.reception().public_url
    return _show(visit, 201, new={"role": role, "name": name, "token": token,
                                  **pairing(role, server, token)})


@admin_web.post("/devices/<int:token_id>/revoke")
@admin_page
def revoke_device(visit: AdminVisit, token_id: int):
    try:
        services().accounts.revoke_device(token_id)
    except QueueError as error:
        return _show(visit, status_for(error), refusal(error).texts(visit.tr))
    return redirect(url_for("admin_web.devices", revoked=token_id), code=303)
