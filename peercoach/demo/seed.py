"""A bilingual demo organisation: a Dutch installation company with four departments."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from peercoach.assessments.actions import questionnaire_of
from peercoach.coaching.models import ActionItem, CoachingSession, Entry, Section, SessionStatus
from peercoach.growth import services as growth_services
from peercoach.notifications.actions import sync_session_calendar
from peercoach.organisations.models import Organisation, Person, Role
from peercoach.programs.models import Cadence, Format, Program, ProgramStatus
from peercoach.running import actions as program_actions
from peercoach.running import joining

DEMO_PASSWORD = "peercoach-demo"
DOMAIN = "groenhuis.example"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

DEPARTMENTS = {
    "Sales": (
        ["presenteren", "klantgesprekken", "onderhandelen"],
        ["plannen", "Excel", "feedback geven"],
    ),
    "Finance": (["Excel", "rapporteren", "plannen"], ["presenteren", "leidinggeven"]),
    "Operations": (
        ["plannen", "procesverbetering", "veiligheid"],
        ["klantgesprekken", "conflicthantering"],
    ),
    "HR": (["feedback geven", "coachen", "conflicthantering"], ["Excel", "rapporteren"]),
}
FIRST_NAMES = [
    "Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Lotte", "Bram", "Noor", "Thijs",
    "Fleur", "Ruben", "Anouk", "Jesse", "Iris", "Milan", "Eva", "Stijn", "Lisa", "Joris",
    "Femke", "Tim", "Maud", "Niels", "Roos", "Koen", "Sophie", "Mark", "Vera", "Pieter",
    "Esther", "Bas", "Ilse", "Wouter", "Laura", "Gijs", "Anna", "Jeroen", "Kim",
]  # fmt: skip
LAST_NAMES = [
    "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
    "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits",
]  # fmt: skip

# Demo logins, printed by `make run` and listed in the README.
LOGINS = [
    ("admin", "beheer@groenhuis.example", "Organisation admin / organisatiebeheerder"),
    ("lead", "lotte.de.vries@groenhuis.example", "Program lead / programmaleider (HR)"),
    ("participant", "sanne.jansen@groenhuis.example", "Participant / deelnemer (Sales)"),
    ("fellow", "daan.bakker@groenhuis.example", "Sanne's coaching partner (Finance)"),
    ("english", "james.carter@groenhuis.example", "Participant who uses English"),
    ("manager", "mark.visser@groenhuis.example", "Sanne's manager: sees none of her coaching"),
]


def _scheduled(**fields) -> CoachingSession:
    """A session as `coaching.actions` schedules one: saved, and its calendar synced."""
    session = CoachingSession.objects.create(**fields)
    sync_session_calendar(session)
    return session


def email_for(name: str) -> str:
    return name.lower().replace(" ", ".") + "@" + DOMAIN


@transaction.atomic
def create_demo_organisation(today: date | None = None) -> Organisation:
    today = today or timezone.localdate()
    rng = random.Random(2026)
    organisation = Organisation.objects.create(
        name="Groenhuis Installatietechniek B.V.", slug="groenhuis", default_language="nl"
    )
    password = make_password(DEMO_PASSWORD)
    user_model = get_user_model()

    def add(name, department, job_title, manager=None, role=Role.PARTICIPANT, **extra):
        email = extra.pop("email", None) or email_for(name)
        offered, wanted = DEPARTMENTS.get(department, (["strategie", "leidinggeven"], ["coachen"]))
        user = user_model.objects.create(username=email, email=email, password=password)
        return Person.objects.create(
            organisation=organisation,
            user=user,
            email=email,
            name=name,
            department=department,
            job_title=job_title,
            manager=manager,
            role=role,
            languages=extra.pop("languages", ["nl", "en"]),
            skills_offered=rng.sample(offered, 2),
            skills_wanted=rng.sample(wanted, 1),
            experience_years=extra.pop("experience_years", rng.randint(1, 25)),
            **extra,
        )

    director = add("Hanneke Groenhuis", "Directie", "Directeur", experience_years=28)
    add(
        "Beheer Groenhuis",
        "HR",
        "Applicatiebeheerder",
        manager=director,
        role=Role.ADMIN,
        email="beheer@groenhuis.example",
    )
    heads = {
        "Sales": add("Mark Visser", "Sales", "Hoofd Sales", director, experience_years=18),
        "Finance": add("Esther Dekker", "Finance", "Hoofd Finance", director),
        "Operations": add("Pieter Bos", "Operations", "Hoofd Operations", director),
        "HR": add("Vera Smits", "HR", "Hoofd HR", director),
    }
    lead = add("Lotte de Vries", "HR", "L&D-adviseur", heads["HR"], role=Role.LEAD)
    people = []
    names = iter(
        f"{first} {LAST_NAMES[i % len(LAST_NAMES)]}"
        for i, first in enumerate(FIRST_NAMES)
        if first not in {"Lotte", "Mark", "Esther", "Pieter", "Vera"}
    )
    sanne = add("Sanne Jansen", "Sales", "Accountmanager", heads["Sales"], experience_years=3)
    daan = add("Daan Bakker", "Finance", "Controller", heads["Finance"], experience_years=12)
    james = add(
        "James Carter",
        "Operations",
        "Projectleider",
        heads["Operations"],
        languages=["en"],
        preferred_language="en",
        time_zone="Europe/London",
    )
    people += [sanne, daan, james]
    for index, department in enumerate(list(DEPARTMENTS) * 8):
        if len(people) >= 34:
            break
        name = next(names)
        if name in {"Sanne Jansen", "Daan Bakker"}:
            name = next(names)
        title = ["Medewerker", "Specialist", "Senior specialist", "Teamleider"][index % 4]
        people.append(add(name, department, title, heads[department]))

    pairs = Program.objects.create(
        organisation=organisation,
        name="Peer coaching in duo's 2026",
        purpose=(
            "Collega's uit verschillende afdelingen leren van elkaar: "
            "elke twee weken een gesprek van een uur."
        ),
        format=Format.PAIRS,
        group_size=2,
        cadence=Cadence.BIWEEKLY,
        starts_on=today - timedelta(days=42),
        ends_on=today + timedelta(days=140),
        status=ProgramStatus.RUNNING,
    )
    pairs.leads.add(lead)
    questionnaire_of(pairs)  # as running.actions.do_create_program does
    pair_people = [sanne, daan] + [p for p in people if p not in (sanne, daan, james)][:14]
    program_actions.do_enrol(pairs, pair_people)
    pair_groups = []
    for number, start in enumerate(range(0, len(pair_people), 2), start=1):
        coach, coachee = pair_people[start], pair_people[start + 1]
        pair_groups.append(program_actions.do_form_group(pairs, f"Duo {number}", [coach, coachee]))

    groups = Program.objects.create(
        organisation=organisation,
        name="Intervisie leidinggevenden",
        purpose="Teamleiders en specialisten bespreken casussen volgens de incidentmethode.",
        format=Format.GROUPS,
        group_size=5,
        cadence=Cadence.MONTHLY,
        starts_on=today - timedelta(days=60),
        ends_on=today + timedelta(days=300),
        status=ProgramStatus.RUNNING,
    )
    groups.leads.add(lead)
    questionnaire_of(groups)
    group_people = [james] + [p for p in people if p not in pair_people and p != james]
    program_actions.do_enrol(groups, group_people)
    intervision_groups = [
        program_actions.do_form_group(groups, f"Intervisiegroep {letter}", members)
        for letter, members in zip(
            "ABCD", [group_people[i : i + 5] for i in range(0, len(group_people), 5)], strict=False
        )
        if len(members) >= 3
    ]

    first_pair = pair_groups[0]
    _past_session(
        first_pair,
        today - timedelta(days=28),
        [
            (sanne, Section.WIN, "Mijn eerste offertepresentatie ging goed: de klant tekende."),
            (sanne, Section.CHALLENGE, "Ik word zenuwachtig als er lastige vragen komen."),
            (sanne, Section.OBJECTIVE, "Rustig blijven bij kritische vragen in presentaties."),
            (daan, Section.QUESTION, "Wat gebeurt er precies in je hoofd bij zo'n vraag?"),
            (daan, Section.FEEDBACK, "Dit deed je echt goed: je structuur was heel helder."),
        ],
        [(sanne, "Drie lastige vragen voorbereiden voor de volgende klantpresentatie", True)],
    )
    _past_session(
        first_pair,
        today - timedelta(days=14),
        [
            (sanne, Section.FOLLOW_UP, "Vragen voorbereid en gebruikt: voelde veel rustiger."),
            (daan, Section.WIN, "Mijn maandrapportage was voor het eerst op tijd klaar."),
            (sanne, Section.OBJECTIVE, "Een pauze nemen voordat ik antwoord geef."),
        ],
        [
            (sanne, "Presentatie oefenen met Daan als observator", False),
            (daan, "Sanne een voorbeeld van een goede rapportage sturen", False),
        ],
    )
    _growth_content(first_pair, sanne, daan, today)
    upcoming = datetime.combine(today + timedelta(days=2), time(10, 0), tzinfo=AMSTERDAM)
    _scheduled(
        group=first_pair, starts_at=upcoming, duration_minutes=60, location="Vergaderruimte 2"
    )
    if intervision_groups:
        group = intervision_groups[0]
        members = [m.person for m in group.memberships.select_related("person")]
        _past_session(
            group,
            today - timedelta(days=30),
            [
                (members[0], Section.CHALLENGE, "A client escalated to my director last week."),
                (members[1], Section.QUESTION, "What did you expect the client to do?"),
            ],
            [(members[0], "Call the client back with a clear plan", False)],
        )
        _scheduled(
            group=group,
            starts_at=datetime.combine(today + timedelta(days=9), time(14, 0), tzinfo=AMSTERDAM),
            duration_minutes=90,
            video_url="https://meet.example/intervisie-a",
        )
    _keep_the_others_meeting(pair_groups[1:-1], intervision_groups[1:], today)
    # The pairs program follows the shipped learning path; Sanne has done its first step.
    from peercoach.paths import actions as path_actions

    first_step, *_rest = path_actions.do_fill_from_template(pairs, "nl")
    path_actions.do_complete_step(sanne, first_step, "")
    # Everyone filled in their profile long ago, except James: his home page shows onboarding.
    Person.objects.filter(organisation=organisation).exclude(pk=james.pk).update(
        profile_confirmed_at=timezone.now()
    )
    _health_content(pairs, groups, intervision_groups, rng)
    # Colleagues who were not enrolled can still join the pairs program with its link.
    joining.do_open_link(pairs, by=lead, domains=[DOMAIN])
    from peercoach.demo.in_use import add_product_in_use

    add_product_in_use(pairs, groups, people, today, rng)
    return organisation


def _health_content(pairs, groups, intervision_groups, rng) -> None:
    """Program health (peercoach/health): a pulse from everyone present at every held session
    (given an hour after it), one intervision group asking for a re-match; the quiet last pair
    is the at-risk group of the pairs program."""
    from peercoach.health.models import MatchFit, Pulse

    held = CoachingSession.objects.filter(
        group__program__in=[pairs, groups], status=SessionStatus.HELD
    ).prefetch_related("group__memberships")
    for session in held:
        for membership in session.group.memberships.all():
            pulse = Pulse.objects.create(
                session=session,
                person_id=membership.person_id,
                forward=rng.randint(3, 5),
                freely=rng.randint(3, 5),
                listened=rng.randint(2, 5),
            )
            Pulse.objects.filter(pk=pulse.pk).update(
                created_at=session.starts_at + timedelta(hours=2)
            )
    if len(intervision_groups) > 1:
        asking = intervision_groups[1]
        first = asking.memberships.order_by("pk").first()
        MatchFit.objects.create(group=asking, person_id=first.person_id, works=False)


def _keep_the_others_meeting(pairs, groups, today: date) -> None:
    """Every group but the last pair met recently and has a date: a healthy program, where the
    one quiet pair shows the lead (and the worker's console) what an idle-group nudge is."""
    for offset, group in enumerate(pairs):
        _past_session(group, today - timedelta(days=9 + offset % 3), [], [])
        _scheduled(
            group=group,
            starts_at=datetime.combine(
                today + timedelta(days=3 + offset % 5), time(9 + offset % 6, 0), tzinfo=AMSTERDAM
            ),
            duration_minutes=60,
            location="Vergaderruimte 1",
        )
    for offset, group in enumerate(groups):
        _past_session(group, today - timedelta(days=20 + offset), [], [])
        _scheduled(
            group=group,
            starts_at=datetime.combine(
                today + timedelta(days=12 + offset), time(14, 0), tzinfo=AMSTERDAM
            ),
            duration_minutes=90,
            location="Vergaderruimte 3",
        )


def _growth_content(pair, sanne: Person, daan: Person, today: date) -> None:
    """A measurable goal with progress, balanced feedback and a win, so every page has content."""
    from peercoach.growth.models import (
        Feedback,
        FeedbackContext,
        Goal,
        GoalVisibility,
        ProgressUpdate,
        Win,
    )

    goal = Goal.objects.create(
        owner=sanne,
        group=pair,
        what="Rustig en kort antwoorden op kritische vragen in klantpresentaties",
        metric="Presentaties waarin ik elke vraag binnen een minuut beantwoord, per maand",
        baseline=1,
        target=4,
        due_on=today + timedelta(days=90),
        why="Klanten moeten merken dat ik ons voorstel door en door ken.",
        visibility=GoalVisibility.GROUP,
    )
    for weeks_ago, value, note in (
        (5, 1, "Startpunt"),
        (3, 2, "Vragen vooraf geoefend"),
        (1, 3, ""),
    ):
        ProgressUpdate.objects.create(
            goal=goal, value=value, note=note, recorded_on=today - timedelta(weeks=weeks_ago)
        )
    growth_services.do_give_feedback(
        Feedback(
            giver=daan,
            receiver=sanne,
            context=FeedbackContext.OBSERVATION,
            strengths=["Je opening was helder en je hield oogcontact met de hele groep."],
            growth_areas=["Volgende keer zou je na een lastige vraag eerst kunnen samenvatten."],
        ),
        answering=None,
    )
    Win.objects.create(
        author=sanne, group=pair, goal=goal, text="De klant tekende na mijn presentatie!"
    )


def _past_session(group, day: date, entries, items) -> CoachingSession:
    session = _scheduled(
        group=group,
        starts_at=datetime.combine(day, time(10, 0), tzinfo=AMSTERDAM),
        duration_minutes=60,
        location="Vergaderruimte 2",
        status=SessionStatus.HELD,
    )
    for author, section, text in entries:
        Entry.objects.create(session=session, author=author, section=section, text=text)
    for owner, text, done in items:
        ActionItem.objects.create(
            session=session,
            owner=owner,
            created_by=owner,
            text=text,
            due_on=day + timedelta(days=10),
            done_at=timezone.now() if done else None,
        )
    return session
