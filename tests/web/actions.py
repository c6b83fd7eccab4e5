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


def days_after(server, days: int) -> str:
    """The reception's date plus ``days`` (the live day is the sample's "today")."""
    from datetime import date, timedelta

    with server.client("admin") as admin:
        day = date.fromisoformat(admin.get("/reception").json()["date"])
    return (day + timedelta(days=days)).isoformat()


def under_control(server, desk_id: int, department: str, days: int, summary: str,
                  **extra) -> dict:
    """A visitor received at ``desk_id`` whose appeal is taken under control for
    ``department``, due ``days`` after the reception (a past deadline is overdue at once)."""
    ticket_id = issue(server, [desk_id])["tickets"][0]["id"]
    with server.operator(desk_id) as desk:
        desk.post(f"/desks/{desk_id}/call-next").raise_for_status()
        recorded = desk.post(f"/tickets/{ticket_id}/appeal", json={
            "topic": "heating", "summary": summary, "outcome": "under_control",
            "deadline": days_after(server, days), "responsible_department": department,
            **extra})
        recorded.raise_for_status()
        return recorded.json()["appeal"]


def follow_up(server, role: str = "admin") -> dict:
    """The register as the API gives it: appeal id → (status, reply)."""
    with server.client(role) as client:
        listed = client.get("/follow-up")
        listed.raise_for_status()
        return {a["id"]: (a["status"], a["reply"]) for a in listed.json()["appeals"]}
