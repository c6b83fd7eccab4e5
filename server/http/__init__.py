"""HTTP: thin blueprints over the services, the event stream, the pages.

Routes come from the contract's operation table (routing.py); errors of the
rules become JSON ``{error, message}`` with a fitting status (errors.py).
"""

from flask import Flask
from werkzeug.routing import IntegerConverter

from contract.fields import ID_MAX

from .admin import admin_web
from .desks import desks
from .devices import devices
from .errors import register_error_handlers
from .event_stream import events
from .feed_streams import feed_streams
from .follow_up import follow_up
from .kiosk import kiosk
from .openapi import openapi
from .organiser import organiser
from .public import public
from .pages import web
from .report_page import reports_web
from .register_pages import register_pages


class IdConverter(IntegerConverter):
    """``<int:…>`` ids as SQLite stores them; a larger number is no route (404), not a 500."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", ID_MAX)
        super().__init__(map, *args, **kwargs)


def register_api(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    register_error_handlers(app)
    for blueprint in (public, kiosk, desks, events, feed_streams, organiser, follow_up,
                      devices):
        app.register_blueprint(blueprint, url_prefix="/api/v1")
    app.register_blueprint(openapi)
    app.register_blueprint(web)
    app.register_blueprint(reports_web)
    app.register_blueprint(register_pages)
    app.register_blueprint(admin_web)
