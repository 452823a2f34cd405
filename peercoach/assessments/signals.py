"""Every new program gets the default questionnaire, so its lead only adapts it."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from peercoach.programs.models import Program

from . import actions


@receiver(post_save, sender=Program, dispatch_uid="assessments_default_questionnaire")
def create_default_questionnaire(sender, instance: Program, created: bool, raw: bool, **kwargs):
    if created and not raw:
        actions.questionnaire_of(instance)
