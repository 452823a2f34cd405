from django import template
from django.urls import reverse

from peercoach.identity.forms import SignInPolicyForm
from peercoach.identity.models import SignInPolicy
from peercoach.lib import links

register = template.Library()


@register.inclusion_tag("identity/_sign_in_policy_form.html", takes_context=True)
def sign_in_policy_form(context, organisation):
    """The sign-in section of the organisation's settings page."""
    instance = SignInPolicy.objects.filter(organisation=organisation).first()
    form = SignInPolicyForm(instance=instance or SignInPolicy(organisation=organisation))
    metadata_url = links.site_url(reverse("saml_metadata", args=[organisation.slug]))
    return {"form": form, "csrf_token": context.get("csrf_token"), "metadata_url": metadata_url}
