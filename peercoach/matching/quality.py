"""Plain-words figures on a matched round: how close to the best possible, and the round limit."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peercoach.organisations.models import Person
from peercoach.programs.models import Program, Round


def describe(round_: Round) -> dict[str, str]:
    """{"best": ..., "rotation": ...}: the texts the lead sees (either may be missing)."""
    out: dict[str, str] = {}
    gap = round_.gap_to_best
    if gap is not None:
        out["best"] = _(
            "These pairs are within %(gap).1f %% of the best possible pairing of these people "
            "(a proven upper limit: no pairing that keeps the rules can score higher)."
        ) % {"gap": gap}
    rotation = (round_.quality or {}).get("rotation")
    if rotation:
        out["rotation"] = rotation_limit_sentence(round_.program, rotation)
    return out


def rotation_limit_sentence(program: Program, rotation: dict) -> str:
    """`engine.rotation_limit` in plain words: the most repeat-free rounds, and why."""
    rounds = rotation["rounds"]
    if rotation.get("person"):
        person = Person.objects.filter(
            pk=rotation["person"], organisation_id=program.organisation_id
        ).first()
        name = person.name if person else "?"
        return ngettext(
            "%(rounds)d round without repeats is the most possible: %(name)s may meet "
            "only %(partners)d of the %(colleagues)d colleagues in this program.",
            "%(rounds)d rounds without repeats is the most possible: %(name)s may meet "
            "only %(partners)d of the %(colleagues)d colleagues in this program.",
            rounds,
        ) % {
            "rounds": rounds,
            "name": name,
            "partners": rotation["partners"],
            "colleagues": rotation["colleagues"],
        }
    return ngettext(
        "%(rounds)d round without repeats is the most possible with %(people)d people "
        "in groups of %(size)d.",
        "%(rounds)d rounds without repeats is the most possible with %(people)d people "
        "in groups of %(size)d.",
        rounds,
    ) % {"rounds": rounds, "people": rotation["people"], "size": program.group_size}
