"""One place for each rule: the database constraint, with its editor's sentence.

Each model states its rules once, in `Meta.constraints`, with a
`violation_error_message` an editor understands. The database enforces them;
`full_clean()` (the admin, the CSV import) checks them first and this mixin
moves each message next to the field the editor has to change.
"""

from contextlib import nullcontext

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models, router, transaction
from django.db.models import BooleanField, Q, Value
from django.db.models.functions import Coalesce
from django.db.models.sql import Query
from django.db.models.sql.constants import SINGLE
from django.utils.translation import gettext_lazy as _

# Editors' sentences for the formats most often mistyped (fields' `error_messages`): the
# admin and the CSV import show them instead of Django's "Enter a valid ...".
PHONE_MESSAGES = {
    "invalid": _(
        "Enter the number in international form: + and the country code, then the number, for example +81 3-3582-5511."
    )
}
EMAIL_MESSAGES = {"invalid": _("Enter an email address such as info@jetro.go.jp.")}
URL_MESSAGES = {"invalid": _("Enter a full web address such as https://www.jetro.go.jp/.")}


def check(name, condition, message):
    """A named check constraint whose validation error carries its own name as code."""
    return models.CheckConstraint(
        condition=condition, name=name, violation_error_code=name, violation_error_message=message
    )


def unique(name, fields, message, **kwargs):
    """A named unique constraint whose validation error carries its own name as code."""
    return models.UniqueConstraint(
        fields=fields, name=name, violation_error_code=name, violation_error_message=message, **kwargs
    )


def failed_checks(model, instance, checks, exclude=None, using=DEFAULT_DB_ALIAS):
    """The check constraints of `checks` that `instance` breaks, asked of the database in one query.

    Django asks one query per check constraint, each naming every field of the row as a value
    (Q.check): with 15 constraints on an office, a 500-line import's preview spent two thirds of
    its time there. Here each field a constraint reads is named once, every constraint is a column
    of one SELECT, and NULL passes, as the database's CHECK would let it. A constraint that reads a
    field left out by `exclude` is not asked, as Django does not ask it.
    """
    against = instance._get_field_expression_map(meta=model._meta, exclude=exclude)
    query = Query(None)
    asked, named = [], set()
    for constraint in checks:
        fields = Q(constraint.condition).referenced_base_fields
        if not fields <= against.keys():
            continue
        for name in fields - named:
            value = against[name]
            query.add_annotation(value if hasattr(value, "resolve_expression") else Value(value), name, select=False)
            named.add(name)
        condition = Coalesce(Q(constraint.condition), True, output_field=BooleanField())
        query.add_annotation(condition, f"check_{len(asked)}")
        asked.append(constraint)
    if not asked:
        return []
    connection = connections[using]
    # As Q.check: inside a transaction (an import's), a failing query must not spoil the rest of it.
    context = transaction.atomic(using=using) if connection.in_atomic_block else nullcontext()
    with context:
        row = query.get_compiler(using=using).execute_sql(SINGLE)
    return [constraint for constraint, passed in zip(asked, row, strict=True) if not passed]


class ConstraintErrorsOnFieldsMixin:
    # constraint name -> the field whose input breaks it
    constraint_error_fields = {}

    def validate_constraints(self, exclude=None):
        """Django's validation of `Meta.constraints`, with every check constraint asked in one query
        (failed_checks), each message moved next to the field to change."""
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            checks = [constraint for constraint in constraints if isinstance(constraint, models.CheckConstraint)]
            for constraint in failed_checks(model_class, self, checks, exclude, using):
                message = constraint.get_violation_error_message()
                errors = ValidationError(message, code=constraint.violation_error_code).update_error_dict(errors)
            for constraint in constraints:
                if isinstance(constraint, models.CheckConstraint):
                    continue
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    if getattr(error, "code", None) == "unique" and len(constraint.fields) == 1:
                        errors.setdefault(constraint.fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if not errors:
            return
        moved = {}
        for field, messages in ValidationError(errors).error_dict.items():
            for message in messages:
                target = field
                if field == NON_FIELD_ERRORS:
                    target = self.constraint_error_fields.get(message.code, field)
                moved.setdefault(target, []).append(message)
        raise ValidationError(moved)
