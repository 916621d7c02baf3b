"""Helpers shared by the apps' tests."""

import itertools
import shlex
import subprocess
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


def constraint_message(model, name):
    constraint = next(c for c in model._meta.constraints if c.name == name)
    return str(constraint.violation_error_message)


def assert_database_refuses(instance, **changes):
    """The database itself rejects the change, even when Python validation is bypassed."""
    with pytest.raises(IntegrityError), transaction.atomic():
        type(instance)._default_manager.filter(pk=instance.pk).update(**changes)


def assert_clean_refuses(instance, field, message=None, **changes):
    """full_clean() (the admin, the CSV import) refuses the change, on the field to fix."""
    for name, value in changes.items():
        setattr(instance, name, value)
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    errors = refused.value.message_dict
    assert field in errors, f"expected an error on {field!r}, got {errors}"
    if message is not None:
        assert message in errors[field], f"{message!r} not in {errors[field]}"
    return errors


def admin_form_data(response, **changes):
    """The POST data of an admin change form as it was rendered (inlines included), with `changes`."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    data.update(changes)
    return data


# --- Every public URL, found by walking the URL resolver -----------------
# As djangoproject.com's Header1Tests does, so that a new page is covered by
# the site-wide guards (tests/test_site.py, tests/test_drafts.py) without
# anyone listing it; unlike it, a page with parameters is not skipped.


def not_pages():
    """Patterns that are not public pages, each with why; everything else the walk finds must be tested."""
    from core.api.base import not_found

    return {
        # re_path(r"^.*/$", not_found) under /api/v1/: any other address there
        # is a JSON 404, by design. It catches everything, so it has no page to test.
        not_found: "the API's catch-all 404",
    }


def _join_route(first, second):
    # As django.urls.resolvers.URLResolver._join_route, so that a route reads as resolve(url).route does.
    return first + second.removeprefix("^") if first else second


@dataclass(frozen=True)
class PublicPattern:
    """One public URL pattern: its full name ("offices:detail"), route and parameters."""

    name: str | None  # None: the pattern has no name, and fill() fails on it
    patterns: tuple  # the route's pieces, from the outermost include to the pattern itself
    params: tuple[str, ...]  # named parameters, from the pattern and the includes around it
    positional: bool  # a regex with unnamed groups, which no name can fill
    locale_prefix: LocalePrefixPattern | None  # set when the pattern is in i18n_patterns
    callback: object
    urlconf: object = None

    @property
    def languages(self):
        """The languages it has an address in: every language in i18n_patterns, else only the default."""
        if self.locale_prefix is None:
            return (settings.LANGUAGE_CODE,)
        return tuple(code for code, _name in settings.LANGUAGES)

    def route_in(self, language=None):
        """The full route, as resolve(url).route gives it.

        "ja/offices/<slug:slug>/" in Japanese, "api/v1/offices/(?P<slug>[^/]+)/$" in every language.
        """
        with translation.override(language or settings.LANGUAGE_CODE):
            pieces = [self.locale_prefix, *self.patterns] if self.locale_prefix is not None else list(self.patterns)
            route = ""
            for piece in reversed(pieces):
                route = _join_route(str(piece), route)
            return route

    @property
    def route(self):
        return self.route_in(settings.LANGUAGE_CODE)

    def __str__(self):
        return self.name or f"unnamed {self.route!r}"


def public_url_patterns(urlconf=None):
    """Every public URL pattern of the site, found by walking get_resolver() through its includes.

    The includes in i18n_patterns are walked too: their patterns have an
    address in each language (PublicPattern.languages, /ja/...). Left out:
    the editors' admin (under settings.ADMIN_URL) and not_pages(). A pattern
    without a name is kept, for fill() to fail on: it cannot be reversed.
    """
    skipped = not_pages()
    found = []

    def walk(entries, parents, namespaces, locale_prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, LocalePrefixPattern):
                    walk(entry.url_patterns, parents, namespaces, entry.pattern)
                elif str(entry.pattern) == settings.ADMIN_URL:
                    continue  # The editors' admin: not public (tests/test_admin_security.py guards it).
                else:
                    inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                    walk(entry.url_patterns, [*parents, entry.pattern], inner, locale_prefix)
            elif entry.callback not in skipped:
                pieces = (*parents, entry.pattern)
                regexes = [piece.regex for piece in pieces]
                found.append(
                    PublicPattern(
                        name=":".join([*namespaces, entry.name]) if entry.name else None,
                        patterns=pieces,
                        params=tuple(dict.fromkeys(name for regex in regexes for name in regex.groupindex)),
                        positional=any(regex.groups > len(regex.groupindex) for regex in regexes),
                        locale_prefix=locale_prefix,
                        callback=entry.callback,
                        urlconf=urlconf,
                    )
                )

    walk(get_resolver(urlconf).url_patterns, [], [], None)
    return found


def fill(pattern, language, values):
    """The addresses of `pattern` in `language`, its parameters taken from `values`.

    `values` maps a pattern's name ("api:office-detail") or a namespace
    ("offices:") to {parameter: value, or a list of values}; the name wins
    over its namespace. Each combination of values is one address. A pattern
    that cannot be filled fails the test, naming it: say how to fill it.
    """
    if pattern.name is None:
        pytest.fail(
            f"The URL pattern {pattern.route_in(language)!r} ({pattern.callback!r}) has no name, so the site-wide "
            "tests cannot reverse it: name it, or if it is not a public page leave it out in "
            "tests/support.py not_pages(), saying why."
        )
    given = {}
    namespaces = pattern.name.split(":")[:-1]
    for depth in range(1, len(namespaces) + 1):
        given.update(values.get(":".join(namespaces[:depth]) + ":", {}))
    given.update(values.get(pattern.name, {}))
    missing = [param for param in pattern.params if param not in given]
    if missing or pattern.positional:
        what = ", ".join(f"<{param}>" for param in missing) or "its unnamed groups"
        pytest.fail(
            f"The URL pattern {pattern.name} ({pattern.route_in(language)!r}) has no value for {what}: say how "
            f"to fill it, under {pattern.name!r} or its namespace in the test's values (with named groups only)."
        )
    urls = []
    with translation.override(language):
        for combination in itertools.product(*(_as_list(given[param]) for param in pattern.params)):
            url = reverse(
                pattern.name, urlconf=pattern.urlconf, kwargs=dict(zip(pattern.params, combination, strict=True))
            )
            route = resolve(url, urlconf=pattern.urlconf).route
            assert route == pattern.route_in(language), (
                f"reverse({pattern.name!r}) gave {url}, which resolves to {route!r}, not the pattern walked "
                f"({pattern.route_in(language)!r}): two patterns share the name?"
            )
            urls.append(url)
    return urls


def _as_list(value):
    return list(value) if isinstance(value, list | tuple) else [value]


def unknown_names(keys, patterns):
    """Keys of a test's values (names or "namespace:") that match no pattern walked: stale, or misspelt."""
    names = {pattern.name for pattern in patterns if pattern.name}
    namespaces = {":".join(name.split(":")[:depth]) + ":" for name in names for depth in range(1, name.count(":") + 1)}
    return sorted(set(keys) - names - namespaces)


def response_text(response):
    """The body as text, a streaming one (StreamingHttpResponse) included."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(response.charset or "utf-8")


def gunicorn_options_of_make_serve():
    """The options `make serve` gives gunicorn (after the app's name), read from the Makefile's own dry run."""
    dry_run = subprocess.run(["make", "-n", "serve"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True)
    line = next(line for line in dry_run.stdout.replace("\\\n", " ").splitlines() if "gunicorn jetro_site.wsgi" in line)
    words = shlex.split(line)
    return words[words.index("jetro_site.wsgi") + 1 :]


# --- The forms of a page, as a browser would submit them ------------------------------

TEXT_INPUTS = {"text", "search", "email", "url", "tel", ""}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class HtmlForm:
    """One <form>: where and how it is sent, the values a browser would send untouched, its text fields."""

    action: str
    method: str
    values: dict
    text_fields: dict  # name -> the input's type ("textarea" for a textarea), for the fields a person types into


def html_forms(html, base_path):
    """The forms of `html` (a page at `base_path`); fields inside a `hidden` element (a honeypot) are not typed into."""
    from html.parser import HTMLParser

    forms = []

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.form = None
            self.open = []  # (tag, hidden) of the open elements
            self.select = self.textarea = None

        def hidden(self):
            return any(hidden for _tag, hidden in self.open)

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag not in VOID_ELEMENTS:
                self.open.append((tag, "hidden" in attrs))
            if tag == "form":
                method = (attrs.get("method") or "get").lower()
                self.form = HtmlForm(attrs.get("action") or base_path, method, {}, {})
                forms.append(self.form)
            if self.form is None or ((name := attrs.get("name")) is None and tag != "option"):
                return
            if tag == "input":
                kind = (attrs.get("type") or "").lower()
                if kind in ("checkbox", "radio"):
                    if "checked" in attrs or (kind == "radio" and name not in self.form.values):
                        self.form.values[name] = attrs.get("value", "on")
                elif kind not in ("submit", "button", "reset", "image", "file"):
                    self.form.values[name] = attrs.get("value", "")
                    if kind in TEXT_INPUTS and not self.hidden():
                        self.form.text_fields[name] = kind or "text"
            elif tag == "textarea":
                self.textarea = name
                self.form.values[name] = ""
                if not self.hidden():
                    self.form.text_fields[name] = "textarea"
            elif tag == "select":
                self.select = name
                self.form.values.setdefault(name, None)
            elif (
                tag == "option"
                and self.select is not None
                and (self.form.values.get(self.select) is None or "selected" in attrs)
            ):
                self.form.values[self.select] = attrs.get("value", "")

        def handle_endtag(self, tag):
            if tag == "form":
                self.form = None
            elif tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None
            while self.open:
                if self.open.pop()[0] == tag:
                    break

        def handle_data(self, data):
            if self.form is not None and self.textarea is not None:
                self.form.values[self.textarea] += data

    Reader().feed(html)
    return forms
