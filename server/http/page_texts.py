"""The catalogue's texts that the pages' small scripts draw live.

A page is painted by the server first; afterwards its script redraws what
the event stream sends, so it needs the same words. Each table maps a short
name the script uses to a catalogue key; placeholders stay as ``{name}``
and the script fills them in.
"""

from common.i18n import CODES, Catalogue, Translator, message_key
from contract.enums import TicketStatus

# The visitor's phone page, /t/<code>.
STATUS_PAGE = {
    **{status.value: message_key(f"page.status.{status.value}") for status in TicketStatus},
    "desk": message_key("common.desk"),
    "eta": message_key("page.status.eta"),
    "busy": message_key("page.status.busy"),
    "go": message_key("page.status.go_to_desk"),
    "offline": message_key("common.offline"),
    "minutes": message_key("common.minutes"),
    "hours": message_key("common.hours"),
    "hours_minutes": message_key("common.hours_minutes"),
}
PEOPLE_AHEAD = "common.people_ahead"

# The hall's web board, /board: the words of the PySide6 board (board.*), so that
# both boards in a hall say the same.
BOARD_PAGE = {
    "desk": message_key("board.desk"),
    "waiting": message_key("board.waiting"),
    "newest": message_key("board.newest"),
    "recall": message_key("board.recall"),
    "history": message_key("board.history"),
    "paused": message_key("board.paused"),
    "closed": message_key("board.closed"),
    "no_desks": message_key("board.no_desks"),
    "serving": message_key("page.board.serving"),
    "offline": message_key("common.offline"),
}


def status_page_texts(tr: Translator) -> dict:
    """The phone page's texts in one language, with the rule that picks a plural form."""
    texts = {name: tr(key) for name, key in STATUS_PAGE.items()}
    texts["ahead"] = tr.plural_forms(PEOPLE_AHEAD)
    texts["plural"] = tr.plural_rule()
    return texts


def board_texts(catalogue: Catalogue) -> dict:
    """The board's texts in every language: the board turns through the hall's languages."""
    return {language: {name: catalogue.translator(language)(key) for name, key in BOARD_PAGE.items()}
            for language in CODES}
