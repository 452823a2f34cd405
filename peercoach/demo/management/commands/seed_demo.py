from django.core.management.base import BaseCommand

from peercoach.demo.seed import DEMO_PASSWORD, LOGINS, create_demo_organisation
from peercoach.lib import links
from peercoach.organisations.models import Organisation
from peercoach.programs.models import JoinLink
from peercoach.running import joining


class Command(BaseCommand):
    help = "Load the demo organisation (with --if-empty: only into an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, if_empty: bool = False, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("Database already has data: demo not loaded, existing data kept.")
        else:
            create_demo_organisation()
            self.stdout.write(self.style.SUCCESS("Demo organisation loaded."))
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        for _key, email, description in LOGINS:
            self.stdout.write(f"  {email:40} {description}")
        demo_links = JoinLink.objects.open().filter(program__organisation__slug="groenhuis")
        for link in demo_links.select_related("program"):
            url = links.site_url(joining.path_of(link))
            self.stdout.write(f"Join link of {link.program.name}: {url}")
