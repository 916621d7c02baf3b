"""Reading settings from the environment: django-environ, refusing what it cannot read rather than guessing."""

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env(environ.Env):
    """django-environ, refusing a value it cannot read rather than guessing (it reads "perhaps" as False)."""

    def bool(self, var, default=environ.Env.NOTSET):
        if var not in self.ENVIRON:
            return super().bool(var, default=default)
        value = self.ENVIRON[var].strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ImproperlyConfigured(f"{var} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")

    def int(self, var, default=environ.Env.NOTSET):
        if not self.ENVIRON.get(var, "").strip():
            return default
        try:
            return super().int(var, default=default)
        except ValueError:
            raise ImproperlyConfigured(f"{var} must be a whole number; got {self.ENVIRON[var]!r}.") from None

    def list(self, var, cast=None, default=environ.Env.NOTSET):
        return [item.strip() for item in super().list(var, cast=cast, default=default) if str(item).strip()]

    def required(self, var):
        value = self.str(var, default="").strip()
        if not value:
            raise ImproperlyConfigured(
                f"{var} is not set. With DEBUG off the site will not start without it; "
                f"set {var} in the environment (see docs/operations.md)."
            )
        return value
