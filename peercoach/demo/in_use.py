"""The demo organisation as it looks in use: attendance on held sessions, answered
self-assessments, a shared library, wins on the program wall and a round of groups with the
matcher's reasons, each made through the product's own actions where it has them."""

from __future__ import annotations

import random
from datetime import date, timedelta

from peercoach.coaching.models import Attendance, CoachingSession, SessionStatus
from peercoach.organisations.models import Person
from peercoach.programs.models import Cadence, Format, Group, Program, ProgramStatus


def add_product_in_use(
    pairs: Program, groups: Program, people: list[Person], today: date, rng: random.Random
) -> None:
    _attendance(pairs, groups)
    _self_assessments(pairs, today, rng)
    _library(pairs, groups)
    _wins_on_the_wall(pairs)
    _round_with_reasons(pairs, people, today)


def _attendance(pairs: Program, groups: Program) -> None:
    """Everyone came to the held sessions (each gave a pulse afterwards, see `_health_content`)."""
    held = CoachingSession.objects.filter(
        group__program__in=[pairs, groups], status=SessionStatus.HELD
    ).prefetch_related("group__memberships")
    Attendance.objects.bulk_create(
        Attendance(session=session, person_id=membership.person_id, present=True)
        for session in held
        for membership in session.group.memberships.all()
    )


def _self_assessments(pairs: Program, today: date, rng: random.Random) -> None:
    """Most pair members answered the start assessment (Sanne among them)."""
    from peercoach.assessments import actions as assessment_actions
    from peercoach.assessments.models import Moment

    statements = list(
        assessment_actions.questionnaire_of(pairs).statements.values_list("pk", flat=True)
    )
    members = Person.objects.filter(
        group_memberships__group__program=pairs, user__isnull=False
    ).order_by("pk")
    for index, person in enumerate(members):
        if index % 4 == 3:
            continue  # a few have not answered yet: the home page asks them
        scores = {pk: rng.randint(2, 4) for pk in statements}
        assessment_actions.do_submit(person, pairs, Moment.START, scores, today)


def _library(pairs: Program, groups: Program) -> None:
    from peercoach.growth.models import LibraryItem

    first_pair = pairs.groups.order_by("pk").first()
    sanne, daan = (m.person for m in first_pair.memberships.order_by("person__name"))
    first_group = groups.groups.order_by("pk").first()
    lead = pairs.leads.order_by("pk").first()
    LibraryItem.objects.bulk_create(
        [
            LibraryItem(
                shared_by=lead,
                program=pairs,
                title="Het GROW-model in vijf minuten",
                url="https://www.example.org/grow-model",
                why="Een handige structuur voor jullie gesprekken: doel, realiteit, opties, wil.",
            ),
            LibraryItem(
                shared_by=lead,
                program=pairs,
                title="Goede vragen stellen: een spiekbrief",
                url="https://www.example.org/open-vragen",
                why="Open vragen die het gesprek verdiepen in plaats van sturen.",
            ),
            LibraryItem(
                shared_by=daan,
                group=first_pair,
                title="Voorbeeld maandrapportage",
                url="https://www.example.org/rapportage-voorbeeld",
                why="Zoals beloofd, Sanne: zo bouw ik mijn rapportage op.",
            ),
            LibraryItem(
                shared_by=sanne,
                group=first_pair,
                title="Omgaan met lastige vragen in presentaties",
                url="https://www.example.org/lastige-vragen",
                why="Dit artikel hielp me rustig te blijven; misschien ook iets voor jou.",
            ),
        ]
        + (
            [
                LibraryItem(
                    shared_by=lead,
                    program=groups,
                    title="De incidentmethode stap voor stap",
                    url="https://www.example.org/incidentmethode",
                    why="De fasen van onze intervisie, met voorbeeldvragen per fase.",
                )
            ]
            if first_group
            else []
        )
    )


def _wins_on_the_wall(pairs: Program) -> None:
    from peercoach.growth.models import Win

    texts = [
        "Mijn eerste teamoverleg voorgezeten zonder spiekbriefje.",
        "Eindelijk nee gezegd tegen een extra project, en het werd begrepen.",
        "De klant bedankte me voor de duidelijke uitleg van de offerte.",
    ]
    pair_groups = list(pairs.groups.order_by("pk").prefetch_related("memberships")[1:4])
    Win.objects.bulk_create(
        Win(
            author_id=group.memberships.all()[0].person_id,
            group=group,
            text=text,
            on_program_wall=True,
        )
        for group, text in zip(pair_groups, texts, strict=False)
    )
    first_pair = pairs.groups.order_by("pk").first()
    first_pair.wins.update(on_program_wall=True)  # Sanne shares hers with the program too


def _round_with_reasons(pairs: Program, people: list[Person], today: date) -> Group | None:
    """A new program about to start: its first round matched, a draft with the reasons."""
    from peercoach.matching import planning
    from peercoach.running import actions as program_actions

    mentoring = Program.objects.create(
        organisation=pairs.organisation,
        name="Lerende netwerken 2027",
        purpose="Collega's van verschillende afdelingen leren in kleine groepen van elkaar.",
        format=Format.GROUPS,
        group_size=3,
        cadence=Cadence.MONTHLY,
        starts_on=today + timedelta(days=21),
        ends_on=today + timedelta(days=200),
        status=ProgramStatus.ENROLLING,
    )
    mentoring.leads.set(pairs.leads.all())
    program_actions.do_enrol(mentoring, people[-12:])
    planning.do_plan_round(mentoring)
    return mentoring.groups.first()
