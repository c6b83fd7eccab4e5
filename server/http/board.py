"""The hall board's snapshot; live changes come from the event stream."""

from flask import Blueprint

from .auth import require, services

board = Blueprint("board", __name__)


@board.get("/board")
@require("board", "admin")
def snapshot():
    return services().reads.board()
