"""Contact points: the divisions and desks that answer questions, and the contacts page's subjects."""

from django.db import models
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core.changes import latest
from core.choices import choice_label
from core.constraints import (
    EMAIL_MESSAGES,
    PHONE_MESSAGES,
    URL_MESSAGES,
    ConstraintErrorsOnFieldsMixin,
    check,
    unique,
)
from core.languages import language_codes
from core.querysets import ListingQuerySet
from core.search import build_search_text
from core.verification import is_due
from core.versioning import ListingHistory, VersionedMixin, version_field

from .topics import topic_words


class ContactCategory(models.TextChoices):
    """What a visitor would call about: the headings of the contacts page, in its order."""

    INVESTING_IN_JAPAN = "investing_in_japan", _("Investing in Japan")
    EXPORT_CONTROL = "export_control", _("Export and trade control")
    BUSINESS_ABROAD = "business_abroad", _("Exporting and doing business abroad")
    TRADE_FAIRS = "trade_fairs", _("Trade fairs")
    INTELLECTUAL_PROPERTY = "intellectual_property", _("Intellectual property")
    FOOD_EXPORTS = "food_exports", _("Food exports")
    RESEARCH = "research", _("Research and economic information")
    GENERAL = "general", _("General enquiries")


class ContactPointQuerySet(ListingQuerySet):
    def public(self):
        """Published contact points, except one that only unpublished services name: a desk
        set up for a service not yet announced waits for it."""
        # Services refer to contact points (services.models), not the reverse.
        services = self.model._meta.get_field("services").related_model.objects.filter(contact=OuterRef("pk"))
        return self.filter(is_published=True).filter(Exists(services.filter(is_published=True)) | ~Exists(services))

    def for_listing(self):
        """With the published services each one answers about (the contacts page, the API)."""
        return self.prefetch_related(
            models.Prefetch("services", queryset=self.related_public("services").order_by("name"))
        )

    def in_contacts_order(self):
        """By subject, in the contacts page's order, then organisation and division."""
        rank = Case(
            *[When(category=value, then=Value(index)) for index, value in enumerate(ContactCategory.values)],
            output_field=IntegerField(),
        )
        return self.order_by(rank, "organisation", "division")


def contact_search_text(contact):
    """What a desk is found by: its names, organisation, topic, subject in every language, and the
    subject's topic words ("export control", 輸出管理: services.topics). Reads only the contact point's
    own fields, so a data migration can refresh historical rows with it."""
    subjects = []
    for language in language_codes():
        with translation.override(language):
            subjects.append(choice_label(ContactCategory, contact.category))
    return build_search_text(
        contact.division,
        contact.division_ja,
        contact.organisation,
        contact.topic,
        *subjects,
        topic_words("contact", contact.category),
    )


class ContactPoint(ConstraintErrorsOnFieldsMixin, VersionedMixin, models.Model):
    """A division or desk that answers questions about one or more services."""

    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Its stable key: the slug “ibsc” is linked as /contacts/#ibsc, and names it in the API."),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    division = models.CharField(_("division (English)"), max_length=300)
    division_ja = models.CharField(
        _("division (Japanese)"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("As the organisation writes it in Japanese; blank when no source gives it."),
    )
    category = models.CharField(
        _("subject"),
        max_length=30,
        choices=ContactCategory,
        default=ContactCategory.GENERAL,
        help_text=_("What visitors would call about: the heading it is listed under on the contacts page."),
    )
    topic = models.CharField(
        _("topic"),
        max_length=300,
        blank=True,
        default="",
        help_text=_("What it answers about, in a few words, as the source says."),
    )
    phone = PhoneNumberField(
        _("phone"), blank=True, default="", error_messages=PHONE_MESSAGES, help_text=_("International form.")
    )
    email = models.EmailField(_("email"), blank=True, default="", error_messages=EMAIL_MESSAGES)
    website = models.URLField(_("website"), max_length=300, blank=True, default="", error_messages=URL_MESSAGES)
    is_published = models.BooleanField(
        _("published"),
        default=True,
        help_text=_(
            "Unpublished contact points are kept in the admin but shown nowhere public, not even on the pages "
            "of the services they answer for. One that only unpublished services name waits for them."
        ),
    )
    last_verified = models.DateField(
        _("last verified"), null=True, blank=True, help_text=_("When an editor last checked these details.")
    )
    source = models.TextField(_("source"), blank=True, default="")
    search_text = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = version_field()

    objects = ContactPointQuerySet.as_manager()
    history = ListingHistory(excluded_fields=["search_text"])

    constraint_error_fields = {
        "contactpoint_slug_unique": "slug",
        "contactpoint_category_valid": "category",
    }

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["organisation", "division"]
        permissions = [
            ("import_contactpoint", "Can import contact points from CSV"),
            ("export_contactpoint", "Can export contact points to CSV"),
        ]
        constraints = [
            unique(
                "contactpoint_slug_unique",
                ["slug"],
                _("Another contact point already uses this slug; choose a different one."),
            ),
            check(
                "contactpoint_category_valid",
                Q(category__in=ContactCategory.values),
                _("Choose what visitors would call it about."),
            ),
        ]

    def __str__(self):
        return self.division

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('contacts:list')}#{self.slug}"

    def fill_derived_fields(self):
        self.search_text = contact_search_text(self)

    def clean(self):
        self.fill_derived_fields()

    # The names in both scripts, as the `names` template filters read a listing's.
    @property
    def name(self):
        return self.division

    @property
    def name_ja(self):
        return self.division_ja

    @property
    def needs_verification(self):
        return is_due(self.last_verified)

    def latest_change(self):
        """When its API answer last changed: its row, or one of the published services it lists
        (from what `for_listing()` fetched)."""
        return latest(self.updated_at, *(service.updated_at for service in self.services.all()))
