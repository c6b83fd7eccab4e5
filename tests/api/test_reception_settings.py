"""PATCH /reception: the organiser's settings of the day, and when the day refuses them."""

from tests.api.support import expect_error, read_sse

TOPICS = [{"code": "heating", "label": {"kk": "Жылу", "ru": "Отопление", "en": "Heating"}},
          {"code": "roads", "label": {"kk": "Жолдар", "ru": "", "en": ""}}]


def _reception(api) -> dict:
    return api.get("/reception", "kiosk").get_json()


def test_settings_change_the_day_and_every_client_hears_of_it(api):
    answer = api.patch("/reception", "admin", json={
        "title": {"kk": "  Әкімнің қабылдауы ", "ru": "Приём акима", "en": ""},
        "opens_at": "10:00", "closes_at": "14:30", "languages": ["ru", "kk"],
        "topics": TOPICS, "appeal_required": False, "public_url": "http://192.168.0.5:8080/"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    reception = _reception(api)
    assert reception["title"] == {"kk": "Әкімнің қабылдауы", "ru": "Приём акима", "en": ""}
    assert (reception["opens_at"], reception["closes_at"]) == ("10:00", "14:30")
    assert reception["languages"] == ["ru", "kk"] and reception["appeal_required"] is False
    assert [topic["code"] for topic in reception["topics"]] == ["heating", "roads"]
    assert reception["public_url"] == "http://192.168.0.5:8080"
    issued = api.issue([1])
    assert issued["visitor"]["status_url"].startswith("http://192.168.0.5:8080/t/")
    events = read_sse(api.get("/events", "board", headers={"Last-Event-ID": "0"}, buffered=False), 1)
    assert events[0]["event"] == "reception.updated"


def test_bad_settings_change_nothing(api):
    before = _reception(api)
    for body, status, code in [
        ({"opens_at": "15:00"}, 409, "wrong_state"),  # after the day closes
        ({"closes_at": "24:00"}, 400, "invalid_input"),
        ({"title": {"kk": " ", "ru": "", "en": ""}}, 400, "invalid_input"),
        ({"topics": [TOPICS[0], TOPICS[0]]}, 409, "wrong_state"),
        ({"topics": []}, 400, "invalid_input"),
        ({"languages": ["kk", "kk"]}, 400, "invalid_input"),
        ({"public_url": "192.168.0.5:8080"}, 400, "invalid_input"),
        ({"date": "2026-02-30"}, 400, "invalid_input"),
        ({"colour": "red"}, 400, "invalid_input"),
    ]:
        expect_error(api.patch("/reception", "admin", json=body), status, code)
    expect_error(api.patch("/reception", "kiosk", json={"appeal_required": False}), 403, "forbidden")
    assert _reception(api) == before


def test_the_date_stays_once_tickets_exist(api):
    expect_ok = api.patch("/reception", "admin", json={"date": "2026-12-24"})
    assert expect_ok.status_code == 200 and _reception(api)["date"] == "2026-12-24"
    api.issue([1])
    expect_error(api.patch("/reception", "admin", json={"date": "2026-12-25"}), 409, "wrong_state")
    assert _reception(api)["date"] == "2026-12-24"
