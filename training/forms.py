"""Forms of the training app: validation and rendering only (the services do the writing)."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.forms import ConstraintErrorsOnFields
from core.text import CleanTextMixin
from members.models import Organisation, Sector, Theme
from training.models import (
    CERTIFICATE_CODE_LENGTH,
    CROCKFORD_ALPHABET,
    Audience,
    Lesson,
    TrainingSession,
    normalise_certificate_code,
)
from training.services import Person

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _NoFormTag:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SessionForm(_NoFormTag, ConstraintErrorsOnFields):
    sectors = forms.ModelMultipleChoiceField(
        queryset=Sector.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Sectors"),
        help_text=_("Only for sessions aimed at given sectors."),
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        help_text=_("Only for sessions aimed at given themes."),
    )

    class Meta:
        model = TrainingSession
        fields = [
            "title",
            "description",
            "trainers",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "audience",
        ]
        widgets = {
            "registration_opens_at": DATETIME_WIDGET,
            "registration_closes_at": DATETIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 5}),
            "trainers": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registrations must close after they open."))
        if data.get("audience") == Audience.SECTORS and not data.get("sectors"):
            self.add_error("sectors", _("Choose at least one sector."))
        if data.get("audience") == Audience.THEMES and not data.get("themes"):
            self.add_error("themes", _("Choose at least one theme."))
        return data


class LessonForm(_NoFormTag, ConstraintErrorsOnFields):
    class Meta:
        model = Lesson
        fields = ["starts_at", "ends_at", "place", "online_url"]
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    # Shown (as a checkbox) only when the date is in the past: the clerk confirms on purpose.
    confirm_past = forms.BooleanField(
        label=_("The date is in the past and it is right (a lesson already given)"),
        required=False,
        widget=forms.HiddenInput(),
    )

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The lesson must end after it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, an online link or both."))
        if starts and starts < timezone.now() and not data.get("confirm_past"):
            self.fields["confirm_past"].widget = forms.CheckboxInput()
            self.add_error(
                "starts_at",
                _("This date is in the past. If it is right, tick the box below and save again."),
            )
        data.pop("confirm_past", None)
        return data


class PersonForm(CleanTextMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"))
    role = forms.CharField(label=_("Role in the organisation"), max_length=120, required=False)

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(data["first_name"], data["last_name"], data["email"], data.get("role", ""))


class BasePeopleFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": ngettext_lazy(
            "You can register at most %(num)d person at once.",
            "You can register at most %(num)d people at once.",
            "num",
        ),
    }

    def clean(self) -> None:
        if any(self.errors):
            return
        emails = [f.cleaned_data["email"].lower() for f in self.forms if f.cleaned_data]
        if not emails:
            raise forms.ValidationError(_("Add at least one person."))
        if len(set(emails)) != len(emails):
            raise forms.ValidationError(_("The same e-mail address appears twice."))

    def people(self) -> list[Person]:
        return [f.person() for f in self.forms if f.cleaned_data]

    @property
    def can_add_row(self) -> bool:
        return self.total_form_count() < self.max_num


# The registration page offers this many rows at first; "Add a person" adds one at a time up to the
# places still free (at least these rows: beyond the places, people join the waiting list), and never
# more than PEOPLE_MAX. A posted TOTAL_FORMS never makes more rows than that (absolute_max).
PEOPLE_ROWS = 3
PEOPLE_MAX = 100


def people_rows_cap(seats_left: int) -> int:
    """How many people one registration may carry for a session with `seats_left` free places."""
    return min(max(seats_left, PEOPLE_ROWS), PEOPLE_MAX)


def people_formset_class(seats_left: int, *, rows: int = PEOPLE_ROWS) -> type[BasePeopleFormSet]:
    cap = people_rows_cap(seats_left)
    return forms.formset_factory(
        PersonForm,
        formset=BasePeopleFormSet,
        extra=min(rows, cap),
        max_num=cap,
        absolute_max=cap,
        validate_max=True,
    )


class OrganisationChoiceForm(CleanTextMixin, forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Organisation"))

    def __init__(self, *args, organisations: list[Organisation], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        if len(organisations) == 1:
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].widget = forms.HiddenInput()


class PublicRegistrationForm(_NoFormTag, PersonForm):
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("The association, cooperative or body you belong to, if any."),
    )
    privacy = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my data are used to manage this registration."
        ),
    )


class FeedbackForm(_NoFormTag, CleanTextMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Overall rating"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 = excellent, 1 = poor."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class StatusForm(CleanTextMixin, forms.Form):
    to_status = forms.ChoiceField(choices=TrainingSession._meta.get_field("status").choices)
    reason = forms.CharField(required=False, max_length=1000)


class CertificateLookupForm(CleanTextMixin, forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)

    def clean_code(self) -> str:
        code = normalise_certificate_code(self.cleaned_data["code"])
        if len(code) != CERTIFICATE_CODE_LENGTH or any(c not in CROCKFORD_ALPHABET for c in code):
            raise forms.ValidationError(
                _("A verification code has %(length)s letters and digits, as printed on the certificate."),
                code="invalid",
                params={"length": CERTIFICATE_CODE_LENGTH},
            )
        return code
