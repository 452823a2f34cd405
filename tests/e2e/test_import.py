import re

import pytest

from peercoach.organisations.models import Person, Role
from tests import factories
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "email;naam;afdeling;leidinggevende_email;talen\r\n"
    "anna@example.com;Anna de Boer;Sales;;nl|en\r\n"
    "bram@example.com;Bram Smit;Finance;anna@example.com;nl\r\n"
    "cas@example.com;Cas Vos;HR;anna@example.com;en\r\n"
).encode("cp1252")


def test_it_imports_a_dutch_excel_file_through_preview_and_confirm(page, live_server, tmp_path):
    org = factories.make_organisation("Groenhuis", default_language="nl")
    lead = factories.make_person(org, "Lotte Lead", role=Role.LEAD)
    path = tmp_path / "deelnemers.csv"
    path.write_bytes(CSV)

    sign_in(page, live_server, lead.email, factories.PASSWORD)
    page.click("summary >> text=Menu")  # a phone: the navigation is behind the menu button
    page.locator("nav:visible").get_by_text("Personen").click()
    page.click("main >> text=Importeren")
    page.set_input_files("input[type=file]", str(path))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/import/preview/$"))
    assert "Anna de Boer" in page.locator("main").inner_text()
    assert not Person.objects.filter(email="anna@example.com").exists()

    page.click("main form[data-progress] button[type=submit]")
    page.wait_for_selector(".message")
    assert Person.objects.filter(organisation=org).count() == 4
    bram = Person.objects.get(email="bram@example.com")
    assert bram.manager.email == "anna@example.com"
