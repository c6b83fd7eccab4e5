"""What the kiosk and the desks do through the API while a test watches a page."""


def issue(server, queue_ids=(1, 2), language="kk") -> dict:
    with server.client("kiosk") as kiosk:
        answer = kiosk.post("/tickets", json={"queue_ids": list(queue_ids), "language": language})
        answer.raise_for_status()
        return answer.json()


def call_next(server, desk_id: int) -> dict | None:
    """The called ticket's answer; None when nobody could be called (204)."""
    with server.operator(desk_id) as desk:
        answer = desk.post(f"/desks/{desk_id}/call-next")
        answer.raise_for_status()
        return answer.json() if answer.status_code == 200 else None
