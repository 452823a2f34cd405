"""The demo shows a program with pulses, one re-match request and one at-risk group."""

from __future__ import annotations

import pytest

from peercoach.demo.seed import create_demo_organisation
from peercoach.health import figures
from peercoach.health.models import MatchFit, Pulse
from peercoach.programs.models import Program


@pytest.mark.django_db
def test_the_demo_has_pulses_a_rematch_request_and_an_at_risk_group():
    organisation = create_demo_organisation()
    assert Pulse.objects.filter(session__group__program__organisation=organisation).count() > 5
    assert MatchFit.objects.filter(works=False).count() == 1
    at_risk = [
        figures.at_risk(program) for program in Program.objects.filter(organisation=organisation)
    ]
    reasons = {reason for found in at_risk for entry in found.groups for reason in entry.reasons}
    assert {"rematch", "idle"} <= reasons


@pytest.mark.django_db
def test_the_demo_pairs_program_has_a_join_link_for_its_domain():
    from peercoach.demo.seed import DOMAIN
    from peercoach.programs.models import JoinLink
    from peercoach.running import joining

    create_demo_organisation()
    (link,) = JoinLink.objects.open()
    assert link.allowed_domains == [DOMAIN] and joining.closed_reason(link) is None
