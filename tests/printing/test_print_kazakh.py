"""Kazakh never becomes '?': checked on the bytes, decoded back."""

import pytest
from escpos.printer import Dummy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageChops

from printer_profiles.codepages import KAZAKH_LETTERS, has_kazakh
from printer_profiles.decode import assert_no_substitution, decode_escpos, substituted_positions
from printer_profiles.layout import TextLine
from printer_profiles.loader import list_profiles, load_profile
from printer_profiles.raster import draw_text_line
from printer_profiles.render import render_slips
from contract.enums import LANGUAGES

from printing_helpers import code_page_map, make_slip

ALL_KAZAKH = KAZAKH_LETTERS

# Where the Unicode Consortium's mapping MAPPINGS/VENDORS/MISC/KZ1048.TXT
# (version 2.0, 2007) puts each letter of the Kazakh alphabet that Russian
# lacks. Everywhere else KZ-1048 is byte for byte Windows-1251.
OFFICIAL_KZ1048 = {
    "Қ": 0x8D, "Һ": 0x8E, "қ": 0x9D, "һ": 0x9E, "Ұ": 0xA1, "ұ": 0xA2, "Ә": 0xA3, "Ө": 0xA5,
    "Ғ": 0xAA, "Ү": 0xAF, "І": 0xB2, "і": 0xB3, "ө": 0xB4, "ғ": 0xBA, "ә": 0xBC, "Ң": 0xBD,
    "ң": 0xBE, "ү": 0xBF,
}


def test_the_builtin_codec_puts_every_kazakh_letter_where_the_official_mapping_does():
    assert sorted(OFFICIAL_KZ1048) == sorted(KAZAKH_LETTERS)
    for letter, byte in OFFICIAL_KZ1048.items():
        assert letter.encode("kz1048") == bytes([byte]), letter
        assert bytes([byte]).decode("kz1048") == letter


def test_the_builtin_codec_is_windows_1251_everywhere_else():
    moved = set(OFFICIAL_KZ1048.values()) - {0xB2, 0xB3}
    for byte in set(range(256)) - moved - {0x98}:  # 0x98 is unassigned in both
        assert bytes([byte]).decode("kz1048") == bytes([byte]).decode("cp1251"), hex(byte)


def test_kazakh_letters_sit_where_kz1048_puts_them():
    assert "әӘ".encode("kz1048") == b"\xbc\xa3"
    assert "қҚңҢ".encode("kz1048") == b"\x9d\x8d\xbe\xbd"
    assert ALL_KAZAKH.encode("kz1048").decode("kz1048") == ALL_KAZAKH


def test_python_escpos_text_path_really_substitutes_question_marks():
    # The trap this package exists to avoid (python-escpos 3.1 magic encoder).
    printer = Dummy(profile="TM-T20II")
    printer.text("әғқ\n")
    assert b"???" in printer.output


def test_substitution_check_catches_a_question_mark():
    assert substituted_positions("Сәлем", "С?лем") == [1]
    assert substituted_positions("Why?", "Why?") == []
    with pytest.raises(AssertionError):
        assert_no_substitution("Қош", "?ош")


def intended_text_lines(rendered, profile):
    decoded = decode_escpos(rendered.escpos, code_page_map(profile))
    laid_out = [item for item in rendered.items if isinstance(item, TextLine)]
    return decoded, laid_out


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("profile_name", list_profiles())
def test_every_profile_renders_every_language_without_substitution(profile_name, language, translator):
    profile = load_profile(profile_name)
    slip = make_slip(language, may_not_be_reached=True)
    (rendered,) = render_slips([slip], profile, translator(language))
    decoded, laid_out = intended_text_lines(rendered, profile)
    intended = {line.text for line in laid_out}
    for text in decoded.texts:
        assert text.text in intended, f"printer would print a line we never laid out: {text.text!r}"
        assert "?" not in text.text
    # every laid-out line reaches the paper: as text, or inside a raster image
    as_text = [t.text for t in decoded.texts]
    rastered = [line.text for line in laid_out if line.text not in as_text]
    if rastered:
        assert decoded.rasters
    # what the bytes would print is exactly the preview, pixel for pixel
    redrawn = decoded.reconstruct(profile.paper_dots)
    assert redrawn.size == rendered.preview.size
    assert ImageChops.difference(redrawn.convert("L"), rendered.preview.convert("L")).getbbox() is None


def test_epson_sends_kazakh_as_text_in_rk1048(translator):
    profile = load_profile("epson-tm-t20ii")
    (rendered,) = render_slips([make_slip("kk")], profile, translator("kk"))
    decoded, laid_out = intended_text_lines(rendered, profile)
    assert [t.text for t in decoded.texts] == [line.text for line in laid_out]
    kazakh_lines = [t for t in decoded.texts if has_kazakh(t.text)]
    assert kazakh_lines
    for line in kazakh_lines:
        assert line.code_page == 53 and line.codec == "kz1048"
        assert b"\x1bt\x35" in rendered.escpos
    for intended, printed in zip(laid_out, decoded.texts):
        assert_no_substitution(intended.text, printed.text)


def test_xprinter_rasterises_kazakh_and_prints_russian_as_text(translator):
    profile = load_profile("xprinter-58")
    (kk,) = render_slips([make_slip("kk")], profile, translator("kk"))
    decoded, laid_out = intended_text_lines(kk, profile)
    assert not any(has_kazakh(t.text) for t in decoded.texts)
    assert len(decoded.texts) == sum(not has_kazakh(line.text) for line in laid_out)
    (ru,) = render_slips([make_slip("ru")], profile, translator("ru"))
    decoded_ru, _ = intended_text_lines(ru, profile)
    assert any(t.codec == "cp866" and "Перед вами" in t.text for t in decoded_ru.texts)


def test_generic_raster_profile_sends_no_text_at_all(translator):
    profile = load_profile("generic-80-raster")
    (rendered,) = render_slips([make_slip("kk")], profile, translator("kk"))
    decoded = decode_escpos(rendered.escpos, {})
    assert decoded.texts == [] and decoded.rasters


@pytest.mark.parametrize("bold", [False, True])
def test_every_kazakh_letter_has_its_own_glyph(bold):
    def pixels(ch):
        return draw_text_line(TextLine(ch, 2, bold, "left", False), 96).tobytes()

    missing = pixels("\ue000")  # a private-use code point: the font's "missing" box
    seen = {}
    for ch in ALL_KAZAKH:
        image = pixels(ch)
        assert image != missing, f"{ch!r} renders as the missing-glyph box"
        assert image not in seen, f"{ch!r} looks the same as {seen.get(image)!r}"
        seen[image] = ch


MIXED = st.text(
    alphabet=st.sampled_from(list(ALL_KAZAKH + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЯ abcXYZ0123456789-.,:;!?()«»№—é€✓\t\x1b")),
    min_size=1,
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=MIXED, desk=MIXED)
@pytest.mark.parametrize("profile_name", ["epson-tm-t20ii", "xprinter-58"])
def test_arbitrary_names_never_become_question_marks(profile_name, name, desk, translator):
    profile = load_profile(profile_name)
    (rendered,) = render_slips([make_slip("kk", official_name=name, desk_name=desk)], profile, translator("kk"))
    decoded, laid_out = intended_text_lines(rendered, profile)
    intended = [line.text for line in laid_out]
    for printed in decoded.texts:
        assert printed.text in intended
        # a '?' may only be printed where the name itself had one
        source = intended[intended.index(printed.text)]
        assert_no_substitution(source, printed.text)
