"""Domain events of the programs app, for apps that react to them (notifications)."""

from django.dispatch import Signal

# Sent with `group` when someone joined or left it through programs.actions, inside that
# transaction. Bulk changes of whole groups (forming, matching drafts) do not send it: those groups
# have no sessions yet.
membership_changed = Signal()
