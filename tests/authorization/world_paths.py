"""Learning paths in the authorization world: `world.program` gets a path of two open steps,
and `world.member` completed the first one with a private note holding the sentinel.

The note is the member's alone; `test_every_view.py` checks it shows to no outsider, and
tests/paths checks that even the fellow member never reads it.

`post_data` adds nothing on purpose. Marking a step needs `mark=done|undo`: without it the
intruder POST writes nothing, so `other_member` (enrolled in the same program, so following its
path) is not counted as intruding when completing a step of their own, which is not intrusion.
Removing a step that someone completed is refused, so a lead's POST to `paths:step_remove`
leaves the member's note in place.
"""

from __future__ import annotations

from peercoach.paths.models import LearningPath, Step, StepCompletion
from tests.authorization.world import SENTINEL

CONTENT_MODELS = [StepCompletion]


def extend(world) -> dict[str, int]:
    path = LearningPath.objects.create(program=world.program)
    step = Step.objects.create(path=path, order=0, title="Set your goal", kind="goal", week=1)
    Step.objects.create(path=path, order=1, title="Reflect", kind="reflection", week=2)
    StepCompletion.objects.create(person=world.member, step=step, note=f"{SENTINEL} step note")
    return {"step_pk": step.pk}
