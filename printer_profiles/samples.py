"""A sample ticket in kk, ru and en, for the render benchmark and the tests."""

from printer_profiles.slip import TicketSlip

SAMPLE_STATUS_URL = "http://192.168.1.10:8080/t/4f9a2c1b7e8d5a3f60b1c2d3"

SAMPLE_TEXT = {
    "kk": dict(
        reception_title="Алматы қаласы әкімінің азаматтарды қабылдау күні",
        official_name="Жұмабеков Ерлан Сәрсенбайұлы",
        position="Әкімнің орынбасары",
        department="Тұрғын үй-коммуналдық шаруашылық бөлімі",
        desk_name="Кабинет 5",
        privileged_label="Ұлы Отан соғысының ардагері",
    ),
    "ru": dict(
        reception_title="День приёма граждан акимом города Алматы",
        official_name="Жумабеков Ерлан Сарсенбаевич",
        position="Заместитель акима",
        department="Отдел жилищно-коммунального хозяйства",
        desk_name="Кабинет 5",
        privileged_label="Ветеран войны",
    ),
    "en": dict(
        reception_title="Almaty akim's public reception day",
        official_name="Yerlan Zhumabekov",
        position="Deputy akim",
        department="Housing and utilities department",
        desk_name="Room 5",
        privileged_label="War veteran",
    ),
}


def sample_slip(language: str = "kk", **overrides) -> TicketSlip:
    """A ticket whose names are in ``language``; print it with that language's translator."""
    fields = dict(
        number="A007",
        people_ahead=3,
        eta_minutes=15,
        issued_at="10:15",
        status_url=SAMPLE_STATUS_URL,
        may_not_be_reached=False,
        **SAMPLE_TEXT[language],
    )
    fields.update(overrides)
    return TicketSlip(**fields)
