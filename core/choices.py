"""Choices as editors and visitors read them."""


def choice_label(choices, value):
    """The label of a choice in the active language, or "" for a value that is not one."""
    try:
        return str(choices(value).label)
    except ValueError:
        return ""
