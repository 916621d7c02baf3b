"""One place for each rule: the database constraint, with its editor's sentence.

Each model states its rules once, in `Meta.constraints`, with a
`violation_error_message` an editor understands. The database enforces them;
`full_clean()` (the admin, the CSV import) checks them first and this mixin
moves each message next to the field the editor has to change.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
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


class ConstraintErrorsOnFieldsMixin:
    # constraint name -> the field whose input breaks it
    constraint_error_fields = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            moved = {}
            for field, messages in error.error_dict.items():
                for message in messages:
                    target = field
                    if field == NON_FIELD_ERRORS:
                        target = self.constraint_error_fields.get(message.code, field)
                    moved.setdefault(target, []).append(message)
            raise ValidationError(moved) from None
