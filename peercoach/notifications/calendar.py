"""iCalendar for sessions: invitations (REQUEST/CANCEL) and a person's subscription feed.

Times are written in the organisation's time zone with a VTIMEZONE, so a session at 10:00 in
Amsterdam stays at 10:00 local time on both sides of the DST switch. Only structure goes into a
calendar: group name (in a pairs program the partner's name), time, place, link. Never what
members wrote.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail.message import sanitize_address
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event, vCalAddress, vText

from peercoach import access
from peercoach.coaching.models import CoachingSession, SessionStatus
from peercoach.lib import links
from peercoach.organisations.models import Person
from peercoach.programs.models import Format

PRODID = "-//peercoach//peercoach//EN"


def session_uid(session: CoachingSession) -> str:
    state = getattr(session, "calendar_state", None)
    if state is not None:
        return state.uid
    return default_uid(session)


def default_uid(session: CoachingSession) -> str:
    host = links.site_host()
    return f"peercoach-session-{session.pk}@{host}"


def session_sequence(session: CoachingSession) -> int:
    state = getattr(session, "calendar_state", None)
    return state.sequence if state is not None else 0


def _organizer() -> vCalAddress:
    address = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
    email = address.rsplit("<", 1)[-1].rstrip(">")
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["CN"] = vText("peercoach")
    return organizer


def partner_names(group, person: Person | None) -> str | None:
    """In a pairs program, whom `person` coaches with ("Daan Bakker"); None in a group program.

    A pairs program's calendars and emails speak of a partner: its groups are an implementation
    detail there (and their names, "Round 1, group 3", say "group"). Empty when the person is
    not (or no longer) one of the members, or alone. A partner who left (deactivated, the
    membership kept as history) is not named; the list is in `person`'s language.
    """
    if group.program.format != Format.PAIRS:
        return None
    if person is None:
        return ""
    members = group.memberships.all()
    if "memberships" not in getattr(group, "_prefetched_objects_cache", {}):
        members = members.select_related("person")
    members = list(members)
    if person.pk not in {m.person_id for m in members}:
        return ""
    names = [m.person.name for m in members if m.person_id != person.pk and m.person.is_active]
    with override(person.interface_language):
        return str(get_text_list(names, _("and"))) if names else ""


def session_summary(session: CoachingSession, person: Person | None = None) -> str:
    """The calendar title of a session as `person` sees it."""
    partner = partner_names(session.group, person)
    if partner is None:
        return _("Peer coaching: %(group)s") % {"group": session.group.name}
    if partner:
        return _("Peer coaching with %(partner)s") % {"partner": partner}
    return _("Peer coaching session")


def _session_event(
    session: CoachingSession,
    *,
    sequence: int,
    uid: str,
    cancelled: bool,
    person: Person | None = None,
) -> Event:
    tz = ZoneInfo(session.group.program.organisation.time_zone)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at.astimezone(tz))
    event.add("dtend", session.ends_at.astimezone(tz))
    event.add("summary", session_summary(session, person))
    place = session.location or session.video_url
    if place:
        event.add("location", place)
    link = links.site_url(reverse("coaching:session", kwargs={"session_pk": session.pk}))
    event.add("url", link)
    lines = [session.video_url] if session.video_url else []
    lines.append(_("Open the session in peercoach: %(link)s") % {"link": link})
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _add_timezones(calendar: Calendar, around: date) -> None:
    # Only the rules around the event: a VTIMEZONE from 1970 on is long and useless.
    calendar.add_missing_timezones(
        first_date=around - timedelta(days=400), last_date=around + timedelta(days=400)
    )


def invitation(
    session: CoachingSession,
    *,
    method: str,
    sequence: int,
    attendees: list,
    recipient: Person | None = None,
) -> bytes:
    """A METHOD:REQUEST or METHOD:CANCEL calendar for one session, titled for `recipient`."""
    calendar = _calendar(method)
    event = _session_event(
        session,
        sequence=sequence,
        uid=session_uid(session),
        cancelled=method == "CANCEL",
        person=recipient,
    )
    event.add("organizer", _organizer())
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["CN"] = vText(person.name)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    _add_timezones(calendar, session.starts_at.date())
    return calendar.to_ical()


FEED_PAST_DAYS = 90


def person_feed(person: Person) -> bytes:
    """The person's sessions and the due dates of their own open action items.

    Action items appear without their text: a feed URL ends up in third-party calendar services,
    and what someone promised in a coaching session does not belong there.
    """
    with override(person.interface_language):
        calendar = _calendar("PUBLISH")
        calendar.add("x-wr-calname", _("peercoach: %(name)s") % {"name": person.name})
        since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
        sessions = (
            access.sessions_with_content_for(person)
            .filter(starts_at__gte=since)
            .select_related("group__program__organisation", "calendar_state")
            .prefetch_related("group__memberships__person")
            .order_by("starts_at")
        )
        first = None
        for session in sessions:
            first = first or session.starts_at.date()
            calendar.add_component(
                _session_event(
                    session,
                    sequence=session_sequence(session),
                    uid=session_uid(session),
                    cancelled=session.status == SessionStatus.CANCELLED,
                    person=person,
                )
            )
        items = (
            access.action_items_visible_to(person)
            .filter(owner=person, done_at__isnull=True, due_on__isnull=False)
            .select_related("session__group__program")
            .prefetch_related("session__group__memberships__person")
        )
        host = links.site_host()
        for item in items:
            event = Event()
            event.add("uid", f"peercoach-action-{item.pk}@{host}")
            event.add("dtstamp", timezone.now())
            event.add("dtstart", item.due_on)
            event.add("dtend", item.due_on + timedelta(days=1))
            partner = partner_names(item.session.group, person)
            if partner is None:
                summary = _("Action item due (%(group)s)") % {"group": item.session.group}
            elif partner:
                summary = _("Action item due (coaching with %(partner)s)") % {"partner": partner}
            else:
                summary = _("Action item due")
            event.add("summary", summary)
            event.add(
                "url",
                links.site_url(reverse("coaching:session", kwargs={"session_pk": item.session_id})),
            )
            calendar.add_component(event)
        _add_timezones(calendar, first or timezone.now().date())
        return calendar.to_ical()


def parse(data: bytes) -> Calendar:
    return Calendar.from_ical(data)


def local(dt: datetime, tz_name: str) -> datetime:
    return dt.astimezone(ZoneInfo(tz_name))
