"""One kk/ru/en catalogue: complete in every language, right plurals, every key the code uses.

The .po files are read with Babel, as common.i18n reads them; the keys the
code uses are found with Babel's own extractor, so a key typed wrong in a
widget fails here rather than on a visitor's screen.
"""

from __future__ import annotations

import gettext
import re
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from common.i18n import CODES, LANGUAGE_NAMES, LOCALES_DIR, Catalogue, MissingMessage, catalogue_file
from contract.enums import Outcome, TicketStatus

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ("client", "kiosk", "operator_console", "display_board", "printer_profiles", "server", "common")
# How code names a key: tr("key"), catalogue.in_all_languages("key"),
# message_key("key") for one looked up later; tr.plural("key", count).
# The server's page templates call tr("key") too (Jinja's own extractor reads them).
EXTRACTORS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
SINGULAR_CALLS = {"tr": None, "in_all_languages": None, "message_key": None}
PLURAL_CALLS = {"plural": None}
# Keys for the server's status page and outcome labels; the server builds
# them from its vocabularies (f"outcome.{outcome}"), so no literal call names them.
SERVER_SIDE_PREFIXES = ("page.status.", "outcome.")
PLURAL_FORMS = {
    "kk": (2, "(n != 1)"),
    "ru": (3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "en": (2, "(n != 1)"),
}


def read_catalogue(language: str, locales_dir: Path = LOCALES_DIR) -> Catalog:
    with catalogue_file(language, locales_dir).open("rb") as po:
        return read_po(po, locale=language)


@pytest.fixture(scope="module")
def po_files() -> dict[str, Catalog]:
    return {language: read_catalogue(language) for language in CODES}


def messages(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """key -> its text, or its plural forms."""
    found = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        key = message.id[0] if message.pluralizable else message.id
        found[key] = tuple(message.string) if message.pluralizable else (message.string,)
    return found


def plural_keys(catalog: Catalog) -> set[str]:
    return {message.id[0] for message in catalog if message.id and message.pluralizable}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def keys_used_in_source(keywords: dict) -> dict[str, str]:
    """Every key a call in the source names literally -> where."""
    used = {}
    for folder in SOURCE_DIRS:
        for filename, lineno, key, _, _ in extract_from_dir(ROOT / folder, EXTRACTORS, keywords=keywords):
            used.setdefault(key, f"{folder}/{filename}:{lineno}")
    return used


def test_every_message_in_every_language_with_the_same_placeholders(po_files):
    texts = {language: messages(catalog) for language, catalog in po_files.items()}
    assert texts["kk"].keys() == texts["ru"].keys() == texts["en"].keys()
    assert plural_keys(po_files["kk"]) == plural_keys(po_files["ru"]) == plural_keys(po_files["en"])
    problems = []
    for key in texts["kk"]:
        expected = placeholders(texts["en"][key][0])
        for language in CODES:
            for form in texts[language][key]:
                if not form.strip():
                    problems.append(f"{key} is empty in {language}")
                elif placeholders(form) != expected:
                    problems.append(f"{key} in {language}: {sorted(placeholders(form))}, en has {sorted(expected)}")
    fuzzy = [f"{message.id} in {language}" for language, catalog in po_files.items()
             for message in catalog if message.id and message.fuzzy]
    assert problems == [] and fuzzy == []  # a fuzzy message is left out of the compiled catalogue


def test_plural_messages_have_the_forms_their_language_declares(po_files):
    for language, catalog in po_files.items():
        assert (catalog.num_plurals, catalog.plural_expr) == PLURAL_FORMS[language]
        forms = {key: len(texts) for key, texts in messages(catalog).items() if key in plural_keys(catalog)}
        assert forms and set(forms.values()) == {catalog.num_plurals}, (language, forms)


@pytest.mark.parametrize("count, russian, english", [
    (1, "1 человек", "1 person"), (2, "2 человека", "2 people"), (5, "5 человек", "5 people"),
    (0, "0 человек", "0 people"), (11, "11 человек", "11 people"), (14, "14 человек", "14 people"),
    (21, "21 человек", "21 people"), (22, "22 человека", "22 people"), (112, "112 человек", "112 people"),
])
def test_plurals_follow_the_number(catalogue, count, russian, english):
    ru, en, kk = (catalogue.translator(language) for language in ("ru", "en", "kk"))
    assert ru.plural("common.people_ahead", count) == f"Перед вами: {russian}"
    assert ru.plural("kiosk.officials.waiting", count) == f"В очереди: {russian}"
    assert en.plural("common.people_ahead", count) == f"Ahead of you: {english}"
    # A Kazakh noun after a numeral stays singular: "1 адам", "5 адам".
    assert kk.plural("common.people_ahead", count) == f"Алдыңызда: {count} адам"


def test_every_key_the_code_uses_is_in_the_catalogue(po_files):
    catalog = po_files["en"]
    plural = plural_keys(catalog)
    singular = set(messages(catalog)) - plural
    used_singular = keys_used_in_source(SINGULAR_CALLS)
    used_plural = keys_used_in_source(PLURAL_CALLS)
    assert {key: at for key, at in used_singular.items() if key not in singular} == {}
    assert {key: at for key, at in used_plural.items() if key not in plural} == {}
    assert len(used_singular) > 50 and {"common.people_ahead", "kiosk.officials.waiting"} <= set(used_plural)


def test_every_key_in_the_catalogue_is_used(po_files):
    used = keys_used_in_source(SINGULAR_CALLS) | keys_used_in_source(PLURAL_CALLS)
    unused = set(messages(po_files["en"])) - set(used)
    assert sorted(key for key in unused if not key.startswith(SERVER_SIDE_PREFIXES)) == []


def test_the_server_side_keys_cover_their_vocabularies(catalogue, po_files):
    keys = set(messages(po_files["en"]))
    assert {key for key in keys if key.startswith("outcome.")} == {f"outcome.{outcome}" for outcome in Outcome}
    assert {f"page.status.{status}" for status in TicketStatus} <= keys
    assert catalogue.in_all_languages("outcome.under_control") == {
        "kk": "Бақылауға алынды", "ru": "Взято на контроль", "en": "Taken under control"}
    assert list(catalogue.in_all_languages("page.status.title")) == ["kk", "ru", "en"]


def test_the_templates_keys_are_found(po_files):
    used = keys_used_in_source(SINGULAR_CALLS)
    assert used["page.board.pair.title"].startswith("server/http/templates/")


@pytest.mark.parametrize("language", CODES)
def test_plural_forms_and_rule_for_a_page_that_counts_live(catalogue, language):
    """A web page picks the form in the browser with the catalogue's own rule; the same text as tr.plural."""
    tr = catalogue.translator(language)
    forms = tr.plural_forms("common.people_ahead")
    rule = tr.plural_rule()
    assert len(forms) == PLURAL_FORMS[language][0] and rule == PLURAL_FORMS[language][1]
    pick = gettext.c2py(rule)  # how gettext itself reads a Plural-Forms expression
    for count in range(0, 230):
        index = pick(count)
        assert forms[index].format(count=count) == tr.plural("common.people_ahead", count)


def test_translators_are_objects_side_by_side(catalogue):
    kk, ru = catalogue.translator("kk"), catalogue.translator("ru")
    assert (kk.language, ru.language) == ("kk", "ru")
    assert kk("common.desk", desk="3") == "Үстел: 3"
    assert ru("common.desk", desk="3") == "Стол: 3"
    assert kk("common.desk", desk="3") == "Үстел: 3"  # using ru changed nothing for kk
    assert catalogue.translator("en")("kiosk.officials.next") == "Next"


def test_a_catalogue_is_read_from_its_files_at_load(tmp_path, catalogue):
    """Each Catalogue reads the .po files it is given; nothing is cached between them."""
    shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    ru_file = catalogue_file("ru", tmp_path / "locales")
    ru_file.write_text(ru_file.read_text(encoding="utf-8").replace('"Стол: {desk}"', '"Окно: {desk}"'), encoding="utf-8")
    edited = Catalogue.load(tmp_path / "locales")
    assert edited.translator("ru")("common.desk", desk="2") == "Окно: 2"
    assert catalogue.translator("ru")("common.desk", desk="2") == "Стол: 2"
    assert list(LOCALES_DIR.rglob("*.mo")) == []  # compiled in memory, never committed


def test_unknown_language_and_unknown_keys_are_errors(catalogue):
    with pytest.raises(ValueError, match="unknown language 'de'"):
        catalogue.translator("de")
    kk = catalogue.translator("kk")
    with pytest.raises(MissingMessage, match="kiosk.no_such_text"):
        kk("kiosk.no_such_text")
    with pytest.raises(MissingMessage, match="not a plural message"):
        kk.plural("common.back", 2)


@pytest.mark.parametrize("minutes, kk, ru, en", [
    (0, "0 мин", "0 мин", "0 min"), (25, "25 мин", "25 мин", "25 min"),
    (80, "1 сағ 20 мин", "1 ч 20 мин", "1 h 20 min"), (120, "2 сағ", "2 ч", "2 h"), (None, "", "", ""),
])
def test_durations(catalogue, minutes, kk, ru, en):
    assert [catalogue.translator(language).duration(minutes) for language in ("kk", "ru", "en")] == [kk, ru, en]


def test_language_names_are_written_in_their_own_language():
    assert dict(LANGUAGE_NAMES) == {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def test_kazakh_is_cyrillic_and_uses_kazakh_letters(po_files):
    kazakh = " ".join(form for texts in messages(po_files["kk"]).values() for form in texts)
    assert set(kazakh) >= set("әғқңөұүі")
    latin_words = set(re.findall(r"\b[a-zA-Z]{4,}\b", re.sub(r"\{\w+\}", "", kazakh))) - {"PIN", "XLSX"}
    assert latin_words == set()


def test_english_has_no_cyrillic(po_files):
    english = " ".join(form for texts in messages(po_files["en"]).values() for form in texts)
    assert not re.search("[а-яА-ЯёЁәғқңөұүһі]", english)
