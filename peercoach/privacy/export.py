"""A person's data export (AVG/GDPR articles 15 and 20): what it holds is decided by
`access.personal_data_of`; here it is shaped into plain data (JSON) and a readable page.

Dates are ISO 8601 strings; texts are exactly as stored. The JSON keys are stable English names,
so the file can be read by another program; the HTML file says the same in the person's language.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peercoach import access
from peercoach.health.models import STATEMENTS
from peercoach.organisations.models import Person

FORMAT_VERSION = 1

SECTION_TITLES = {
    "profile": _("Profile"),
    "enrolments": _("Programs you are enrolled in"),
    "group_memberships": _("Your groups"),
    "goals": _("Your goals and their progress"),
    "journal": _("Your journal"),
    "feedback_given": _("Feedback you gave"),
    "feedback_received": _("Feedback you received"),
    "feedback_requests_made": _("Feedback you asked for"),
    "feedback_requests_received": _("Feedback asked of you"),
    "session_entries": _("What you wrote in sessions"),
    "action_items": _("Your action items"),
    "attendance": _("Your attendance"),
    "session_roles": _("Your roles in sessions"),
    "contributions": _("Your contributions during facilitated sessions"),
    "insights": _("Your insights from sessions"),
    "wins": _("Your wins"),
    "library_items": _("What you shared in the library"),
    "library_comments": _("Your comments in the library"),
    "assessment_answers": _("Your self-assessment answers"),
    "path_notes": _("Learning path steps you completed, with your notes"),
    "pulses": _("How your sessions went, with your notes to yourself"),
    "match_fits": _("Whether your match worked for you"),
    "breaks": _("Your breaks and withdrawals"),
}


# Labels for the readable file; the JSON keeps the keys.
FIELD_LABELS = {
    "account_email": _("account email"),
    "account_last_sign_in": _("last sign-in"),
    "achieved_at": _("achieved on"),
    "action": _("action"),
    "active": _("active"),
    "asked": _("asked"),
    "asked_by": _("asked by"),
    "baseline": _("starting point"),
    "coaching_languages": _("coaching languages"),
    "completed_at": _("completed on"),
    "context": _("on what"),
    "created_at": _("written on"),
    "department": _("department"),
    "done_at": _("done on"),
    "due_on": _("due on"),
    "email": _("email address"),
    "enrolled_at": _("enrolled on"),
    "file": _("file"),
    "found_helpful": _("found it helpful"),
    "from": _("from"),
    "group": _("group"),
    "growth_areas": _("growth areas"),
    "interface_language": _("interface language"),
    "job_title": _("job title"),
    "joined_at": _("joined on"),
    "kind": _("kind"),
    "link": _("link"),
    "manager": _("manager"),
    "metric": _("measured by"),
    "milestones": _("milestones"),
    "moment": _("moment"),
    "name": _("name"),
    "note": _("note"),
    "on": _("on"),
    "on_program_wall": _("on the program wall"),
    "organisation": _("organisation"),
    "present": _("present"),
    "profile_confirmed_at": _("profile saved on"),
    "program": _("program"),
    "progress": _("progress"),
    "prompt": _("prompt"),
    "reached_on": _("reached on"),
    "recorded_on": _("recorded on"),
    "role": _("role"),
    "role_preference": _("role preference"),
    "scores": _("scores"),
    "works": _("the match works"),
    "score": _("score"),
    "section": _("section"),
    "session_date": _("session"),
    "shared_in_session": _("shared in the session of"),
    "skills_offered": _("can help with"),
    "skills_wanted": _("wants to learn"),
    "statement": _("statement"),
    "status": _("status"),
    "step": _("step"),
    "strengths": _("strengths"),
    "submitted_at": _("answered on"),
    "target": _("target"),
    "text": _("text"),
    "time_zone": _("time zone"),
    "title": _("title"),
    "to": _("to"),
    "topic": _("topic"),
    "value": _("value"),
    "visibility": _("who sees it"),
    "what": _("what"),
    "why": _("why"),
    "years_of_experience": _("years of experience"),
    "your_reply": _("your reply"),
}


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _clean(row: dict) -> dict:
    return {key: _value(value) for key, value in row.items()}


def _session(session) -> dict:
    if session is None:
        return {}
    return {"session_date": session.starts_at, "group": session.group.name}


def _profile(person: Person) -> dict:
    return {
        "name": person.name,
        "email": person.email,
        "organisation": person.organisation.name,
        "role": person.get_role_display(),
        "department": person.department,
        "job_title": person.job_title,
        "manager": person.manager.name if person.manager_id else "",
        "coaching_languages": person.languages,
        "interface_language": person.preferred_language,
        "time_zone": person.time_zone,
        "skills_offered": person.skills_offered,
        "skills_wanted": person.skills_wanted,
        "years_of_experience": person.experience_years,
        "role_preference": person.get_role_preference_display(),
        "active": person.is_active,
        "profile_confirmed_at": person.profile_confirmed_at,
        "created_at": person.created_at,
        "account_email": person.user.email if person.user_id else "",
        "account_last_sign_in": person.user.last_login if person.user_id else None,
    }


def _rows(name: str, items) -> list[dict]:
    shape = SHAPES[name]
    return [_clean(shape(item)) for item in items]


SHAPES = {
    "enrolments": lambda e: {
        "program": e.program.name,
        "status": e.get_status_display(),
        "enrolled_at": e.enrolled_at,
    },
    "group_memberships": lambda m: {
        "group": m.group.name,
        "program": m.group.program.name,
        "role": m.get_role_display(),
        "joined_at": m.joined_at,
    },
    "goals": lambda g: {
        "what": g.what,
        "metric": g.metric,
        "baseline": g.baseline,
        "target": g.target,
        "due_on": g.due_on,
        "why": g.why,
        "visibility": g.get_visibility_display(),
        "status": g.get_status_display(),
        "group": g.group.name,
        "achieved_at": g.achieved_at,
        "created_at": g.created_at,
        "milestones": [
            _clean({"title": m.title, "reached_on": m.reached_on}) for m in g.milestones.all()
        ],
        "progress": [
            _clean({"recorded_on": u.recorded_on, "value": u.value, "note": u.note})
            for u in g.updates.all()
        ],
    },
    "journal": lambda j: {
        "prompt": j.prompt,
        "text": j.text,
        "shared_in_session": j.shared_in.starts_at if j.shared_in_id else None,
        "created_at": j.created_at,
    },
    # The receiver's reply is their words, not the giver's: it stays out of the giver's export.
    "feedback_given": lambda f: {
        "to": f.receiver.name,
        "context": f.get_context_display(),
        "strengths": f.strengths,
        "growth_areas": f.growth_areas,
        "created_at": f.created_at,
    },
    "feedback_received": lambda f: {
        "from": f.giver.name,
        "context": f.get_context_display(),
        "strengths": f.strengths,
        "growth_areas": f.growth_areas,
        "found_helpful": f.helpful,
        "your_reply": f.reply,
        "created_at": f.created_at,
    },
    "feedback_requests_made": lambda r: {
        "asked": r.recipient.name,
        "topic": r.topic,
        "status": r.get_status_display(),
        "created_at": r.created_at,
    },
    "feedback_requests_received": lambda r: {
        "asked_by": r.requester.name,
        "topic": r.topic,
        "status": r.get_status_display(),
        "created_at": r.created_at,
    },
    "session_entries": lambda e: {
        **_session(e.session),
        "section": e.get_section_display(),
        "text": e.text,
    },
    "action_items": lambda a: {
        **_session(a.session),
        "action": a.text,
        "due_on": a.due_on,
        "done_at": a.done_at,
        "created_at": a.created_at,
    },
    "attendance": lambda a: {**_session(a.session), "present": a.present},
    "session_roles": lambda r: {**_session(r.session), "role": r.get_role_display()},
    "contributions": lambda c: {
        **_session(c.session),
        "kind": c.get_kind_display(),
        "text": c.text,
        "created_at": c.created_at,
    },
    "insights": lambda i: {**_session(i.session), "text": i.text, "created_at": i.created_at},
    "wins": lambda w: {
        "group": w.group.name,
        "text": w.text,
        "on_program_wall": w.on_program_wall,
        "created_at": w.created_at,
    },
    "library_items": lambda i: {
        "title": i.title,
        "link": i.url,
        "file": i.file.name.rsplit("/", 1)[-1] if i.file else "",
        "why": i.why,
        "created_at": i.created_at,
    },
    "library_comments": lambda c: {
        "on": c.item.title,
        "text": c.text,
        "created_at": c.created_at,
    },
    "assessment_answers": lambda a: {
        "program": a.response.questionnaire.program.name,
        "moment": a.response.get_moment_display(),
        "statement": a.statement.text,
        "score": a.score,
        "submitted_at": a.response.submitted_at,
    },
    "path_notes": lambda c: {
        "program": c.step.path.program.name,
        "step": c.step.title,
        "completed_at": c.completed_at,
        "note": c.note,
    },
    "pulses": lambda p: {
        "group": p.session.group.name,
        "session_date": p.session.starts_at,
        "scores": [
            {"statement": str(label), "score": getattr(p, name)} for name, label in STATEMENTS
        ],
        "note": p.note,
        "created_at": p.created_at,
    },
    "match_fits": lambda f: {
        "group": f.group.name,
        "works": f.works,
        "created_at": f.created_at,
    },
    "breaks": lambda b: {
        "program": b.program.name,
        "kind": b.get_kind_display(),
        "from": b.starts_on,
        "to": b.ends_on,
    },
}


def build_export(person: Person) -> dict:
    """Everything the export holds, as plain JSON-ready data (a bounded number of queries)."""
    person = Person.objects.select_related("organisation", "user", "manager").get(pk=person.pk)
    data = {
        "format_version": FORMAT_VERSION,
        "exported_at": _value(timezone.now()),
        "profile": _clean(_profile(person)),
    }
    for name, queryset in access.personal_data_of(person).items():
        data[name] = _rows(name, queryset)
    return data


def _label(key: str) -> str:
    return str(FIELD_LABELS.get(key, key.replace("_", " ")))


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return "\n".join(
            "; ".join(f"{_label(k)}: {_text(v)}" for k, v in item.items())
            if isinstance(item, dict)
            else str(item)
            for item in value
        )
    return str(value)


def sections(data: dict) -> list[dict]:
    """The export as titled sections of (label, text) rows, for the readable HTML file."""
    result = []
    for name, title in SECTION_TITLES.items():
        rows = [data["profile"]] if name == "profile" else data[name]
        result.append(
            {
                "title": title,
                "rows": [
                    [(_label(key), _text(value)) for key, value in row.items()] for row in rows
                ],
            }
        )
    return result
