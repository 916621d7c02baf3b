"""Structured logs: one JSON object per line on stdout, each tagged with its request's id."""

import contextvars
import logging

# Set by RequestLogMiddleware for the duration of one request (one thread or task).
request_id = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every log record, so an error's trace can be matched to its request."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def logging_config(log_format, level):
    """settings.LOGGING: every line on stdout with its request id, as JSON ("json") or plain text ("text")."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.log.RequestIdFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"levelname": "level", "name": "logger"},
                # An ISO 8601 time in UTC, whatever TIME_ZONE says.
                "timestamp": "time",
                "json_ensure_ascii": False,
            },
            "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        # Django's own loggers go through the root's handler (and only it).
        "loggers": {
            "django": {"handlers": [], "level": "INFO", "propagate": True},
            # django-axes announces itself at every start; its sign-in failures (warnings) still show.
            "axes.apps": {"level": "WARNING"},
        },
    }
