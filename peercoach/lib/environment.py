"""Settings read from environment variables: a value that is not what the setting takes is a
mistake to report with the variable's name, never silently the default."""

import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}


def env_flag(name: str, default: bool = False) -> bool:
    """A yes/no setting; any other word is a mistake to report, not silently "no"."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value: use one of "
            f"{', '.join(sorted(TRUE_WORDS - {''}))} or {', '.join(sorted(FALSE_WORDS - {''}))}."
        )
    return word in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    """A whole number; anything else is reported with the setting's name."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]
