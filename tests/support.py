"""Helpers shared by the apps' tests."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


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
