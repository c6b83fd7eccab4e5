"""Every text of Kezek's apps, printed tickets and web pages in kk, ru and en.

The texts are gettext catalogues, ``common/locales/<lang>/LC_MESSAGES/kezek.po``,
whose message ids are stable dotted keys ("kiosk.officials.title"): a change
to the English wording never orphans the Kazakh and Russian ones. Babel reads
them when an app starts and compiles them in memory, so there is no build
step and no .mo file to keep in step.

There is no global ``_``: the kiosk switches language for every visitor.
Whoever starts an app loads one :class:`Catalogue` and passes it in; a
:class:`Translator` for one language is made from it and passed to whoever
draws text. tests/common/test_i18n.py checks that every key exists in all
three languages and that every key the code uses is in the catalogue.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from contract.enums import Language

LOCALES_DIR = Path(__file__).with_name("locales")
DOMAIN = "kezek"
# Plain strings, not Language members: they key texts that travel in JSON and logs.
CODES = tuple(language.value for language in Language)

# The name of each language written in that language, for language buttons.
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType(
    {Language.KK.value: "Қазақша", Language.RU.value: "Русский", Language.EN.value: "English"}
)


class MissingMessage(KeyError):
    """A key that the catalogue of a language does not have."""


def catalogue_file(language: str, locales_dir: Path = LOCALES_DIR) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def message_key(key: str) -> str:
    """Mark a key that is looked up later (gettext's ``N_``), e.g. kept in a table.

    It returns the key unchanged; the call is there so that the message
    extractor, and so the catalogue test, sees the key.
    """
    return key


class Translator:
    """The texts of one language: ``tr("key", name=value)``, ``tr.plural("key", count)``."""

    def __init__(self, language: str, translations: gettext.NullTranslations):
        self.language = language
        self._translations = translations

    def __call__(self, key: str, **params: object) -> str:
        text = self._translations.gettext(key)
        return text.format(**params) if params else text

    def plural(self, key: str, count: int, **params: object) -> str:
        """The form the language uses for ``count`` (1 человек, 2 человека, 5 человек).

        ``{count}`` in the text is filled in with ``count``.
        """
        return self._translations.ngettext(key, key, count).format(count=count, **params)

    def plural_forms(self, key: str) -> list[str]:
        """A plural message's forms, unformatted, in the order :meth:`plural_rule` numbers them.

        For a web page that counts live: it picks the form in the browser.
        """
        translations = self._translations
        forms: dict[int, str] = {}
        # Every form a language has appears among the first hundred and twenty counts.
        for count in range(120):
            forms.setdefault(translations.plural(count), translations.ngettext(key, key, count))
        return [forms[index] for index in sorted(forms)]

    def plural_rule(self) -> str:
        """The catalogue's own plural expression of ``n`` (C syntax, which is also JavaScript)."""
        header = self._translations.info()["plural-forms"]
        return header.split("plural=", 1)[1].strip().rstrip(";")

    def duration(self, minutes: float | None) -> str:
        """``25 мин`` or ``1 сағ 20 мин``; empty when unknown."""
        if minutes is None:
            return ""
        tr = self  # called by this name so that the message extractor finds the keys
        minutes = max(0, int(round(minutes)))
        if minutes < 60:
            return tr("common.minutes", minutes=minutes)
        hours, minutes = divmod(minutes, 60)
        if minutes == 0:
            return tr("common.hours", hours=hours)
        return tr("common.hours_minutes", hours=hours, minutes=minutes)


class Catalogue:
    """The texts of every language; load once per app with :meth:`load`."""

    def __init__(self, translations: Mapping[str, gettext.NullTranslations]):
        missing = [language for language in CODES if language not in translations]
        if missing:
            raise ValueError(f"no catalogue for {', '.join(missing)}")
        self._translators = {language: Translator(language, translations[language]) for language in CODES}

    @classmethod
    def load(cls, locales_dir: Path = LOCALES_DIR) -> Catalogue:
        """Read and compile the .po file of every language (a few milliseconds)."""
        return cls({language: _compile(catalogue_file(language, locales_dir), language) for language in CODES})

    def translator(self, language: str) -> Translator:
        try:
            return self._translators[language]
        except KeyError:
            raise ValueError(f"unknown language {language!r}; expected one of {', '.join(CODES)}") from None

    def in_all_languages(self, key: str, **params: object) -> dict[str, str]:
        """``{"kk": …, "ru": …, "en": …}``, Kazakh first: for texts sent to clients or shown in every language."""
        return {language: tr(key, **params) for language, tr in self._translators.items()}


class _Refuse(gettext.NullTranslations):
    """The fallback after a language's catalogue: an unknown key is an error, not the key itself on screen."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def gettext(self, message: str) -> str:
        raise MissingMessage(f"{message!r} is not in the {self.language} catalogue")

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise MissingMessage(f"{msgid1!r} is not a plural message in the {self.language} catalogue")


def _compile(path: Path, language: str) -> gettext.GNUTranslations:
    with path.open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    translations = gettext.GNUTranslations(mo)
    translations.add_fallback(_Refuse(language))
    return translations
