"""The leaders' calendar as iCalendar (RFC 5545), written with the ``icalendar`` library."""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent


def render(leader, entries) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//waiban//leaders' foreign-affairs calendar//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{leader.title} {leader.name} 外事日程")
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    for e in entries:
        ev = VEvent()
        ev.add("uid", f"{e.uid}@waiban")
        ev.add("summary", e.title)
        ev.add("dtstart", e.starts_at)
        ev.add("dtend", e.ends_at)
        ev.add("dtstamp", e.updated_at)
        ev.add("last-modified", e.updated_at)
        if e.location:
            ev.add("location", e.location)
        if e.notes:
            ev.add("description", e.notes)
        ev.add("categories", [str(e.get_source_display())])
        cal.add_component(ev)
    return cal.to_ical()
