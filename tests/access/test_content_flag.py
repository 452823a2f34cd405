"""`get_session_for` reads whether its viewer may read the session's content with the session;
`can_read_content` answers from that for the same person only, never for someone else."""

import pytest

from peercoach import access
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_flag_read_for_one_person_never_answers_for_another(cast):
    session = factories.make_session(cast.group)
    seen_by_lead = access.get_session_for(cast.lead, session.pk)
    assert access.can_read_content(cast.lead, seen_by_lead) is False
    assert access.can_read_content(cast.member, seen_by_lead) is True
    seen_by_member = access.get_session_for(cast.member, session.pk)
    assert access.can_read_content(cast.member, seen_by_member) is True
    assert access.can_read_content(cast.lead, seen_by_member) is False
