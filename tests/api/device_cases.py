"""The devices' and dashboard's operations, each on its happy path (test_openapi's HAPPY)."""

from tests.api.support import check_openapi, read_sse


def kiosk_token_id(api) -> int:
    devices = api.get("/devices", "admin").get_json()["devices"]
    return next(d["device"]["token_id"] for d in devices if d["device"]["role"] == "kiosk")


def h_device_status(api):
    answer = api.post("/devices/status", "kiosk", json={"printer": "out_of_paper"})
    assert answer.get_json()["device"]["role"] == "kiosk"
    assert answer.get_json()["report_every_seconds"] == 30
    return answer


def h_devices(api):
    api.post("/devices/status", "board", json={"speech": "no_audio_device"})
    answer = api.get("/devices", "admin")
    board = next(d for d in answer.get_json()["devices"] if d["device"]["role"] == "board")
    assert board["report"]["speech"] == "no_audio_device" and board["silent"] is False
    return answer


def h_device_test_print(api):
    answer = api.post(f"/devices/{kiosk_token_id(api)}/test-print", "admin")
    body = answer.get_json()
    assert body["device"]["role"] == "kiosk" and body["test_print"]["printer"] is None
    return answer


def h_dashboard(api):
    api.issue([1])
    api.post("/devices/status", "kiosk", json={"printer": "offline"})
    answer = api.get("/dashboard", "admin")
    body = answer.get_json()
    assert body["waiting"] == 1 and body["longest_wait_minutes"] == 0
    assert [(a["kind"], a["code"]) for a in body["alerts"]] == [("printer", "offline")]
    return answer


def h_dashboard_stream(api):
    api.issue([2])
    answer = api.get("/dashboard/events", "admin", buffered=False)
    assert answer.status_code == 200 and answer.mimetype == "text/event-stream"
    check_openapi(answer, "/api/v1/dashboard/events", "get")
    [message] = read_sse(answer, 1)
    assert message["event"] == "dashboard" and message["data"]["waiting"] == 1
    return None


DEVICE_HAPPY = {
    ("post", "/api/v1/devices/status", 200): h_device_status,
    ("get", "/api/v1/devices", 200): h_devices,
    ("post", "/api/v1/devices/{token_id}/test-print", 201): h_device_test_print,
    ("get", "/api/v1/dashboard", 200): h_dashboard,
    ("get", "/api/v1/dashboard/events", 200): h_dashboard_stream,
}
