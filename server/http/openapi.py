"""GET /api/openapi.json: the contract's document, with the day's codes filled in."""

from flask import Blueprint, current_app

from contract import operations as ops
from contract.openapi import document

from .routing import json_response, route, services

openapi = Blueprint("openapi", __name__)


@route(openapi, ops.OPENAPI)
def openapi_json():
    day = services().reads.day()
    vocabularies = {
        "topics": [t.code for t in day.topics],
        "privileged_categories": [c.code for c in day.privileged_categories],
    }
    return json_response(document(current_app.config["KEZEK_VERSION"], vocabularies))
