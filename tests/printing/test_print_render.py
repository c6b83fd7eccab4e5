import dataclasses

import pytest
from PIL import Image, ImageChops
from pyzbar import pyzbar

from contract.enums import LANGUAGES
from printer_profiles.bench import measure_render_ms
from printer_profiles.decode import decode_escpos
from printer_profiles.layout import QrBlock, TextLine
from printer_profiles.loader import list_profiles, load_profile
from printer_profiles.render import render_preview, render_slips

from printing_helpers import STATUS_URL, code_page_map, make_slip


def read_qr(image: Image.Image) -> list[str]:
    # zbar wants a quiet zone around the code; add a white border
    framed = Image.new("L", (image.width + 80, image.height + 80), 255)
    framed.paste(image.convert("L"), (40, 40))
    return [symbol.data.decode() for symbol in pyzbar.decode(framed)]


def texts(rendered) -> list[str]:
    return [item.text.strip() for item in rendered.items if isinstance(item, TextLine)]


@pytest.mark.parametrize("profile_name", list_profiles())
def test_qr_in_the_preview_and_in_the_bytes_carries_the_status_url(profile_name, translator):
    profile = load_profile(profile_name)
    (rendered,) = render_slips([make_slip("kk")], profile, translator("kk"))
    assert read_qr(rendered.preview) == [STATUS_URL]
    decoded = decode_escpos(rendered.escpos, code_page_map(profile))
    from_bytes = [url for raster in decoded.rasters for url in read_qr(raster.image)]
    assert from_bytes == [STATUS_URL]


@pytest.mark.parametrize("profile_name", list_profiles())
def test_one_cut_per_slip(profile_name, translator):
    profile = load_profile(profile_name)
    rendered = [
        one for n, language in enumerate(LANGUAGES, start=1)
        for one in render_slips([make_slip(language, number=f"B{n:03d}")], profile, translator(language))
    ]
    assert len(rendered) == 3
    for one in rendered:
        decoded = decode_escpos(one.escpos, code_page_map(profile))
        expected_cuts = 0 if profile.cutter == "none" else 1
        assert len(decoded.cuts) == expected_cuts
        if expected_cuts:
            assert isinstance(decoded.items[-1], type(decoded.cuts[0]))
            assert decoded.cuts[0].partial == (profile.cutter == "partial")


def test_layout_has_everything_a_ticket_needs(translator):
    profile = load_profile("epson-tm-t20ii")
    slip = make_slip("en", privileged_label="War veteran", may_not_be_reached=True)
    (rendered,) = render_slips([slip], profile, translator("en"))
    lines = texts(rendered)
    joined = "\n".join(lines)
    assert lines[0] == slip.reception_title
    number = next(item for item in rendered.items if isinstance(item, TextLine) and item.text == "A007")
    assert number.scale >= 4 and number.bold
    for expected in (slip.official_name, slip.position, slip.department, "Desk: Room 5", "Ahead of you: 3 people",
                     "Estimated wait ~15 min", "Issued: 10:15", "Priority: War veteran", "Follow your turn on your phone"):
        assert expected in joined
    assert "Note: your turn may not come" in joined
    qr_index = next(i for i, item in enumerate(rendered.items) if isinstance(item, QrBlock))
    assert rendered.items[qr_index + 1].text == "Follow your turn on your phone"
    priority = next(item for item in rendered.items if isinstance(item, TextLine) and "Priority" in item.text)
    assert priority.invert


def test_optional_lines_are_left_out(translator):
    (rendered,) = render_slips([make_slip("ru", privileged_label=None, eta_minutes=None)], "epson-tm-t20ii", translator("ru"))
    joined = "\n".join(texts(rendered))
    assert "Приоритет" not in joined and "Ожидание" not in joined and "Внимание" not in joined
    assert "Перед вами: 3 человека" in joined


def test_kazakh_labels_on_the_kazakh_ticket(translator):
    (rendered,) = render_slips([make_slip("kk", may_not_be_reached=True)], "virtual", translator("kk"))
    joined = "\n".join(texts(rendered))
    for text in ("Кезегіңізді телефоннан қадағалаңыз", "Назар аударыңыз:", "Шамамен күту: ~15 мин", "Алдыңызда: 3 адам"):
        assert text in joined


@pytest.mark.parametrize("language, count, text", [
    ("ru", 1, "Перед вами: 1 человек"), ("ru", 2, "Перед вами: 2 человека"), ("ru", 5, "Перед вами: 5 человек"),
    ("en", 1, "Ahead of you: 1 person"), ("kk", 5, "Алдыңызда: 5 адам"),
])
def test_people_ahead_agree_with_the_number(translator, language, count, text):
    (rendered,) = render_slips([make_slip(language, people_ahead=count)], "virtual", translator(language))
    assert text in texts(rendered)


def test_long_text_wraps_within_the_paper(translator):
    profile = load_profile("xprinter-58")
    slip = make_slip("kk", department="Қалалық жолаушылар көлігі және автомобиль жолдары басқармасының бөлімі")
    (rendered,) = render_slips([slip], profile, translator("kk"))
    for item in rendered.items:
        if isinstance(item, TextLine):
            assert len(item.text) * 12 * item.scale <= profile.paper_dots


def test_control_characters_cannot_inject_commands(translator):
    profile = load_profile("epson-tm-t20ii")
    (rendered,) = render_slips([make_slip("en", official_name="Evil\x1b@\x1dV\x00Name")], profile, translator("en"))
    decoded = decode_escpos(rendered.escpos, code_page_map(profile))
    assert any(t.text == "Evil @ V Name" for t in decoded.texts)
    assert len(decoded.cuts) == 1


def test_preview_for_the_kiosk_matches_the_rendered_preview(translator):
    slip = make_slip("kk")
    (rendered,) = render_slips([slip], "virtual", translator("kk"))
    on_screen = render_preview(slip, "virtual", translator("kk"))
    assert ImageChops.difference(on_screen.convert("L"), rendered.preview.convert("L")).getbbox() is None


@pytest.mark.parametrize("bad", [dict(people_ahead=-1), dict(eta_minutes=-5), dict(number=" "), dict(status_url="")])
def test_ticket_slip_rejects_nonsense(bad):
    with pytest.raises(ValueError):
        dataclasses.replace(make_slip("kk"), **bad)


def test_saves_a_kazakh_ticket_png(shots_dir, translator):
    (rendered,) = render_slips([make_slip("kk", may_not_be_reached=True)], "virtual", translator("kk"))
    path = shots_dir / "ticket-kk.png"
    rendered.preview.save(path)
    assert read_qr(Image.open(path)) == [STATUS_URL]


def test_measure_render_ms_reports_percentiles():
    figures = measure_render_ms("virtual", repeats=3)
    assert figures["repeats"] == 3 and 0 < figures["p50"] <= figures["p99"]


def test_missing_font_is_a_clear_error(monkeypatch, tmp_path):
    from printer_profiles import raster

    monkeypatch.setattr(raster, "FONT_DIRS", (tmp_path,))
    monkeypatch.delenv("KEZEK_FONT_DIR", raising=False)
    with pytest.raises(raster.FontMissing, match="fonts-dejavu-core"):
        raster.find_font_file(bold=False)
