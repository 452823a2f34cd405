import pytest

from peercoach.notifications.smtp_sink import SmtpSink


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback; Django's SMTP backend sends to it."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        yield sink
