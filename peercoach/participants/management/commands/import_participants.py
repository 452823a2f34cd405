from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from peercoach.organisations.models import Organisation
from peercoach.participants.importing import apply_import, plan_import, read_for_organisation
from peercoach.participants.reader import format_problem


class Command(BaseCommand):
    help = "Import a participant file (CSV or XLSX) into an organisation."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="the organisation's short name (slug)")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; store nothing"
        )
        parser.add_argument("--lang", choices=["nl", "en"], help="language of the messages")

    def handle(self, *args, **options):
        try:
            organisation = Organisation.objects.get(slug=options["organisation"])
        except Organisation.DoesNotExist:
            raise CommandError(
                f"No organisation with short name {options['organisation']!r}."
            ) from None
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}") from None

        with translation.override(options["lang"] or organisation.default_language):
            result = read_for_organisation(organisation, data, options["file"].name)
            plan = plan_import(organisation, result)
            self._print_plan(plan)
            if not plan.ok:
                for problem in plan.problems:
                    self.stderr.write(format_problem(problem))
                raise CommandError(
                    _("%(count)d problem(s) found; nothing was imported.")
                    % {"count": len(plan.problems)}
                )
            if options["dry_run"]:
                self.stdout.write(_("Dry run: nothing was imported."))
                return
            outcome = apply_import(organisation, plan)
            self.stdout.write(
                _("Imported: %(added)d added, %(changed)d changed.")
                % {"added": outcome.added, "changed": outcome.changed}
            )

    def _print_plan(self, plan) -> None:
        for column in plan.ignored_columns:
            self.stdout.write(_("Ignored column: %(column)s") % {"column": column})
        for record in plan.added:
            self.stdout.write(
                _("add    %(email)s (%(name)s)") % {"email": record.email, "name": record.name}
            )
        for change in plan.changed:
            self.stdout.write(
                _("change %(email)s: %(fields)s")
                % {"email": change.record.email, "fields": ", ".join(change.fields)}
            )
        self.stdout.write(
            _("%(added)d to add, %(changed)d to change, %(unchanged)d unchanged.")
            % {
                "added": len(plan.added),
                "changed": len(plan.changed),
                "unchanged": plan.unchanged,
            }
        )
