from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "peercoach.identity"
    verbose_name = "Single sign-on and two-step verification"

    def ready(self) -> None:
        from peercoach.identity import mfa, policy
        from peercoach.organisations import reauth

        # Re-authentication for people without a password: their provider, or a code.
        reauth.register(
            reauth.WithoutPassword(
                sso_possible=lambda request: (
                    request.person is not None
                    and policy.sso_of(request.person.organisation.slug) is not None
                ),
                has_code=policy.has_totp,
                verify_code=mfa.verify,
            )
        )
