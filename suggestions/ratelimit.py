"""How often one address may use the correction form.

- At most SUGGESTIONS_PER_HOUR suggestions an hour are kept from one address.
- At most ATTEMPTS_PER_HOUR submissions of the form an hour from one address,
  whatever their outcome (form errors and the honeypot included).

Both are atomic counters in the database (core.throttle), so they hold under
parallel posts, on every app server, with or without Redis. A refused
submission is a 429 page that says when to try again. The address is never
stored: the counters and the suggestion keep a keyed digest of it
(core.throttle.client_key), erased after a week (suggestions.retention).
"""

from datetime import timedelta

from core.throttle import hit

SUGGESTIONS_PER_HOUR = 5
ATTEMPTS_PER_HOUR = 30
WINDOW = timedelta(hours=1)


def attempt_refused(key):
    """(True, retry after) when this address sent the form too often this hour; counts this attempt."""
    verdict = hit(f"suggestions.attempts:{key}", ATTEMPTS_PER_HOUR, WINDOW)
    return not verdict.allowed, verdict.retry_after


def suggestion_refused(key):
    """(True, retry after) when this address already had its suggestions this hour; counts this one."""
    verdict = hit(f"suggestions.kept:{key}", SUGGESTIONS_PER_HOUR, WINDOW)
    return not verdict.allowed, verdict.retry_after
