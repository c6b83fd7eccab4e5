"""What the web pages' fault tests share: the server as seen through a fault proxy, and
whether a page's "no connection" note was ever shown."""

from types import SimpleNamespace

OFFLINE_KK = "Сервермен байланыс жоқ. Қайта қосылып жатырмыз…"
CATCH_UP_S = 5.0

# Counts each time the page's #offline note turns visible, from now on.
WATCH_OFFLINE = """() => {
  window.offlineShown = 0;
  const note = document.getElementById('offline');
  new MutationObserver(() => { if (!note.hidden) window.offlineShown++; })
    .observe(note, {attributes: true, attributeFilter: ['hidden']});
}"""


def through(proxy, server):
    """``server`` as a browser reaches it through ``proxy``: its address, the server's tokens."""
    return SimpleNamespace(url=proxy.url, tokens=server.tokens)


def offline_note(page):
    """The page's "no connection" note: visible or not, and its text."""
    note = page.locator("#offline")
    return note.is_visible(), note.inner_text()
