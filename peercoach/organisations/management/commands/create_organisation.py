"""manage.py create_organisation "Name" --admin EMAIL [--language nl] [--time-zone ZONE]."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from peercoach.lib.forms import validate_time_zone
from peercoach.organisations import founding
from peercoach.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Create an organisation and its administrator, and email the administrator a link to "
        "choose a password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="the organisation's name")
        parser.add_argument("--admin", required=True, metavar="EMAIL", help="the admin's email")
        parser.add_argument("--admin-name", default="", help="the admin's name (optional)")
        parser.add_argument(
            "--language",
            choices=[code for code, _label in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
        )
        parser.add_argument("--time-zone", default=settings.TIME_ZONE)

    def handle(self, *args, name: str, admin: str, admin_name: str, language: str, **options):
        name, time_zone = name.strip(), options["time_zone"].strip()
        if not name:
            raise CommandError("The organisation needs a name.")
        if Organisation.objects.filter(name__iexact=name).exists():
            raise CommandError(f"An organisation called {name!r} exists already.")
        try:
            validate_email(admin)
            validate_time_zone(time_zone)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        person = founding.do_create_organisation(
            name, admin, admin_name=admin_name, language=language, time_zone=time_zone
        )
        try:
            founding.send_admin_welcome(person)
        except OSError as error:
            raise CommandError(
                f"{name} was created, but the email to {person.email} could not be sent "
                f"({error}). Once email works, they can ask for a link under 'Forgot your "
                "password' on the sign-in page."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {name} ({language}, {time_zone}); {person.email} is its administrator "
                "and was emailed a link to choose a password."
            )
        )
