"""Self-assessments in the authorization world: `world.program` has its default questionnaire, and
`world.member` answered it at the start with scores of their own.

Answers are private content, but they are numbers: there is no text to carry the sentinel, so
`test_every_view.py` guards them through CONTENT_MODELS (no outsider's POST changes them) and
tests/assessments checks that no one else's page shows or lets one derive them.

`post_data` adds nothing on purpose: without a score per statement the intruder POST saves
nothing, so `other_member` (enrolled in the same program) is not counted as intruding when
answering for themselves. The questionnaire is locked by the member's answers, so a lead's POST
to remove a statement leaves the answers in place.
"""

from __future__ import annotations

from peercoach.assessments.actions import questionnaire_of
from peercoach.assessments.models import Answer, Moment, Response

CONTENT_MODELS = [Response, Answer]


def extend(world) -> dict:
    questionnaire = questionnaire_of(world.program)
    statements = list(questionnaire.statements.all())
    response = Response.objects.create(
        person=world.member, questionnaire=questionnaire, moment=Moment.START
    )
    Answer.objects.bulk_create(
        Answer(response=response, statement=statement, score=1 + index % 5)
        for index, statement in enumerate(statements)
    )
    return {"statement_pk": statements[0].pk, "moment": Moment.START.value}
