"""The organiser's web admin, ``/admin``: server-rendered pages in kk/ru/en.

Each page is a module; they share the login and CSRF checks of door.py and
call the same services as the API, so a form and an API call cannot differ
in what they allow.
"""

from pathlib import Path

from flask import Blueprint

admin_web = Blueprint("admin_web", __name__, url_prefix="/admin",
                      template_folder=str(Path(__file__).parent.parent / "templates"))

from . import day, departments, desks, devices, door, officials, reception  # noqa: E402,F401  (they add the routes)
