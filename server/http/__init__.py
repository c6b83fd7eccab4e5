"""HTTP adapters: thin blueprints over the core."""

from flask import Flask
from werkzeug.routing import IntegerConverter

from .board import board
from .desks import desks
from .errors import register_error_handlers
from .event_stream import events
from .kiosk import kiosk
from .openapi import openapi
from .organiser import organiser
from .public import public
from .pages import web


class IdConverter(IntegerConverter):
    """``<int:…>`` ids as SQLite stores them; a larger number is no route (404), not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def register_api(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    register_error_handlers(app)
    for blueprint in (public, kiosk, desks, board, events, organiser):
        app.register_blueprint(blueprint, url_prefix="/api/v1")
    app.register_blueprint(openapi, url_prefix="/api")
    app.register_blueprint(web)
