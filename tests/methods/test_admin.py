import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from peercoach.methods.models import Activity, Method

pytestmark = pytest.mark.django_db


def test_it_lets_staff_edit_methods_and_activities_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("root@example.com", "root@example.com", "pw")
    client.force_login(admin)
    incident = Method.objects.get(key="incident", organisation=None)
    role_play = Activity.objects.get(key="role-play", organisation=None)
    page = client.get(reverse("admin:methods_method_change", args=[incident.pk])).content.decode()
    assert "Factual questions, no advice" in page
    page = client.get(reverse("admin:methods_activity_change", args=[role_play.pk]))
    assert "A challenging client call" in page.content.decode()
    assert client.get(reverse("admin:methods_method_changelist")).status_code == 200
