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
