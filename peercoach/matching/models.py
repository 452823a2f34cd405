"""A program's rotation plan: every round it has left, planned as one schedule.

The planned rounds are not `Round` rows: they hold no groups anyone could be shown, so members
see nothing of them by construction (only whoever runs the program reaches the plan, through
the matching page). Taking the next planned round turns it into the usual draft round, which
the lead adjusts and publishes as before (`matching.program_plan`).
"""

from __future__ import annotations

from django.db import models

from peercoach.programs.models import Program


class RotationPlan(models.Model):
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="rotation_plan")
    # How many rounds the program runs: its length divided by its cadence.
    rounds_total = models.PositiveSmallIntegerField()
    # The rounds still to take, first first: [{"number": 3, "starts_on": "2027-01-18",
    # "groups": [[person pk, ...], ...], "away": [pk, ...], "repeats": 0}]. Person pks only.
    planned = models.JSONField(default=list, blank=True)
    # The most repeat-free rounds any schedule can have and why (`engine.rotation_limit`, the
    # person as a pk so the page shows their current name); empty above the engine's limit.
    bound = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    planned_at = models.DateTimeField()
    # How often the remaining rounds were planned again after enrolment or history changed.
    replans = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"rotation plan of {self.program}"

    @property
    def repeat_free_rounds(self) -> int:
        """How many of the planned rounds, from the next one on, meet nobody again."""
        count = 0
        for planned in self.planned:
            if planned.get("repeats"):
                break
            count += 1
        return count
