"""Read an iCalendar file with two independent parsers (icalendar and vobject) that must agree."""

from __future__ import annotations

import icalendar
import vobject


def read_both(content: bytes) -> tuple[str, list[tuple[str, int, str]]]:
    """(METHOD, sorted (UID, SEQUENCE, STATUS) of each event) as both parsers read them."""
    cal = icalendar.Calendar.from_ical(content)
    first = (
        str(cal["METHOD"]),
        sorted((str(e["UID"]), int(e["SEQUENCE"]), str(e["STATUS"])) for e in cal.walk("VEVENT")),
    )
    parsed = vobject.readOne(content.decode("utf-8"))
    events = parsed.contents.get("vevent", [])
    second = (
        parsed.method.value,
        sorted((e.uid.value, int(e.sequence.value), e.status.value) for e in events),
    )
    assert first == second, f"icalendar read {first}, vobject read {second}"
    # A PUBLISH asks nobody to answer: no ATTENDEE, so no mail client offers "Accept".
    assert not any("attendee" in e.contents for e in events)
    assert not any("ATTENDEE" in e for e in cal.walk("VEVENT"))
    return first


def calendar_of(message) -> bytes:
    """The calendar of an e-mail: shown as an event and attached as a file, the same bytes."""
    [(shown, shown_type)] = [a for a in message.alternatives if a[1].startswith("text/calendar")]
    assert shown_type == "text/calendar; method=PUBLISH; charset=utf-8"
    [(_name, content, mimetype)] = [a for a in message.attachments if a[0].endswith(".ics")]
    assert mimetype == "application/ics"
    assert shown.encode("utf-8") == content
    return content
