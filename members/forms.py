"""Forms of the members app: validation and rendering only, no side effects."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva

from core.forms import ConstraintErrorsOnFields
from core.text import CleanTextMixin, limit_text_length, strip_control
from members.models import (
    Area,
    LegalForm,
    Organisation,
    RegulationVersion,
    Resource,
    ResourceKind,
    Sector,
    Theme,
    User,
    validate_person_fiscal_code,
)
from members.services.joining import PERSON_FISCAL_CODE_TAKEN

_SEPARATORS = re.compile(r"[\s.\-/]")
_PHONE = re.compile(r"\+?[0-9 ./()-]{6,30}")


def clean_phone_number(phone: str) -> str:
    """A phone number as people write it (digits, spaces, dots, dashes, a leading +), or empty."""
    phone = phone.strip()
    if phone and (not _PHONE.fullmatch(phone) or sum(c.isdigit() for c in phone) < 6):
        raise ValidationError(
            _("Write a phone number with digits only (a leading + is allowed)."), code="invalid_phone"
        )
    return phone


def first_name_field() -> forms.CharField:
    """The person's first name, required everywhere an account is created or edited."""
    return forms.CharField(
        label=_("First name"),
        max_length=150,
        error_messages={"required": _("Write your first name.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )


def last_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Last name"),
        max_length=150,
        error_messages={"required": _("Write your last name.")},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


class PersonProfileForm(CleanTextMixin, forms.Form):
    """The signed-in person's name and phone (the e-mail addresses are allauth's page)."""

    first_name = first_name_field()
    last_name = last_name_field()
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        help_text=_("Optional: the welfare office may call you about the table's activities."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    def __init__(self, *args, names_locked: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if names_locked:
            # A linked SPID/CIE identity gives the names: shown, not editable (the service keeps them too).
            for name in ("first_name", "last_name"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("From your digital identity (SPID or CIE).")

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data.get("phone", ""))


def normalise_fiscal_code(value: str) -> str:
    """Upper case, without spaces, dots or dashes; raises ValidationError with an Italian message."""
    code = _SEPARATORS.sub("", strip_control(value or "")).upper()
    if len(code) == 11 and code.isdigit():
        try:
            return iva.validate(code)
        except StdnumError:
            raise ValidationError(
                _(
                    "This 11-digit fiscal code is not valid: check the digits "
                    "(the last one is a check digit)."
                ),
                code="invalid",
            ) from None
    if len(code) == 16:
        try:
            return codicefiscale.validate(code)
        except StdnumError:
            raise ValidationError(
                _("This 16-character fiscal code is not valid: check the letters and digits."), code="invalid"
            ) from None
    raise ValidationError(
        _("The fiscal code has 11 digits (organisations) or 16 characters (persons)."), code="invalid"
    )


def normalise_person_fiscal_code(value: str) -> str:
    """A person's 16-character fiscal code, upper case and compact (ValidationError in Italian if not)."""
    code = _SEPARATORS.sub("", strip_control(value or "")).upper()
    if len(code) == 11 and code.isdigit():
        raise ValidationError(
            _("This is an organisation's fiscal code: write your personal one (16 letters and digits)."),
            code="organisation_code",
        )
    if len(code) != 16:
        raise ValidationError(
            _("A person's fiscal code has exactly 16 letters and digits."),
            code="length",
        )
    try:
        validate_person_fiscal_code(code)  # the User.fiscal_code field's own validator (python-stdnum)
    except ValidationError:
        raise ValidationError(
            _("This fiscal code is not valid: check the letters and digits (the last is a check letter)."),
            code="invalid",
        ) from None
    return code


def normalise_vat(value: str) -> str:
    code = _SEPARATORS.sub("", strip_control(value or "")).upper()
    if code.startswith("IT"):
        code = code[2:]
    if not code:
        return ""
    try:
        return iva.validate(code)
    except StdnumError:
        raise ValidationError(
            _("This VAT number is not valid: it has 11 digits, the last one a check digit."), code="invalid"
        ) from None


def _sector_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
        help_text=_("The fields in which the organisation works."),
    )


def _theme_field(label=None) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label or _("Themes"),
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class OrganisationFieldsMixin(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    legal_form = forms.ModelChoiceField(
        label=_("Legal form"),
        queryset=LegalForm.objects.filter(is_active=True),
        empty_label=_("Choose…"),
    )
    fiscal_code = forms.CharField(
        label=_("Fiscal code"),
        max_length=40,
        help_text=_("11 digits, or 16 characters for a sole trader."),
    )
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=20,
        required=False,
        help_text=_("Only if different from the fiscal code."),
    )
    runts_number = forms.CharField(
        label=_("RUNTS registration number"),
        max_length=30,
        required=False,
        help_text=_("For organisations registered in the national Third sector register."),
    )
    sectors = _sector_field()
    themes = _theme_field(_("Themes you work on"))
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    area = forms.ModelChoiceField(
        label=_("Area of the municipality"),
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label=_("Choose…"),
    )
    pec = forms.EmailField(label=_("Certified e-mail (PEC)"), required=False, max_length=254)
    email = forms.EmailField(label=_("Public e-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the organisation does, for whom, where: it appears in the public directory."),
    )
    directory_consent = forms.BooleanField(
        label=_("Show the organisation in the public directory with its public contacts"),
        required=False,
        # Consent is given by ticking, never presumed (GDPR art. 7): the box starts empty.
    )

    def clean_fiscal_code(self) -> str:
        return normalise_fiscal_code(self.cleaned_data["fiscal_code"])

    def clean_vat_number(self) -> str:
        return normalise_vat(self.cleaned_data.get("vat_number", ""))

    def clean_phone(self) -> str:
        return clean_phone_number(self.cleaned_data.get("phone", ""))

    def organisation_data(self) -> dict[str, object]:
        names = (
            "name",
            "legal_form",
            "fiscal_code",
            "vat_number",
            "runts_number",
            "address",
            "area",
            "pec",
            "email",
            "phone",
            "website",
            "description",
            "directory_consent",
        )
        return {n: self.cleaned_data[n] for n in names}


class JoinForm(OrganisationFieldsMixin):
    """The application: the organisation, its first representative, and the acceptances."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role_in_organisation = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=120,
        help_text=_("E.g. president, legal representative, coordinator."),
    )
    person_fiscal_code = forms.CharField(
        label=_("Your fiscal code"),
        max_length=40,
        error_messages={"required": _("Write your personal fiscal code.")},
        help_text=_(
            "Your own, not the organisation's: 16 letters and digits. With it the portal recognises you "
            "when you sign in with SPID or CIE."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    account_email = forms.EmailField(
        label=_("Your e-mail"),
        max_length=254,
        help_text=_("You will sign in with it; we will send a link to verify it."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_regulation = forms.BooleanField(
        error_messages={"required": _("To join you must accept the rules of the table.")}
    )
    accept_privacy = forms.BooleanField(
        error_messages={"required": _("To join you must read and accept the privacy notice.")}
    )

    ACCOUNT_FIELDS = ("first_name", "last_name", "account_email", "password1", "password2")

    def __init__(self, *args, user: User | None = None, regulation=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            for name in self.ACCOUNT_FIELDS:
                del self.fields[name]
            if self.user.fiscal_code:
                # Already known (set by staff or by a digital identity): not asked again.
                del self.fields["person_fiscal_code"]
        version = regulation.version if regulation else "-"
        self.fields["accept_regulation"].label = format_html(
            _('I have read and accept the <a href="{}">rules of the table</a> (version {})'),
            reverse("regolamento"),
            version,
        )
        self.fields["accept_privacy"].label = format_html(
            _('I have read the <a href="{}">privacy notice</a>'),
            reverse("privacy"),
        )

    def clean_fiscal_code(self) -> str:
        code = super().clean_fiscal_code()
        if Organisation.objects.filter(fiscal_code=code).exists():
            raise ValidationError(
                format_html(
                    '{} <a href="{}?cf={}">{}</a>',
                    _("An organisation with this fiscal code is already registered."),
                    reverse("members:representation_request"),
                    code,
                    _("Ask to become one of its representatives."),
                ),
                code="duplicate",
            )
        return code

    def clean_person_fiscal_code(self) -> str:
        code = normalise_person_fiscal_code(self.cleaned_data["person_fiscal_code"])
        others = User.objects.filter(fiscal_code=code)
        if self.user is not None:
            others = others.exclude(pk=self.user.pk)
        if others.exists():
            raise ValidationError(PERSON_FISCAL_CODE_TAKEN, code="duplicate")
        return code

    def clean_account_email(self) -> str:
        # Whether the address has an account is not said here: anyone could ask (services.joining).
        return self.cleaned_data["account_email"].strip().lower()

    def clean(self) -> dict:
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if self.user is None and p1:
            if p1 != p2:
                self.add_error("password2", _("The two passwords do not match."))
            else:
                candidate = User(
                    email=data.get("account_email", ""),
                    first_name=data.get("first_name", ""),
                    last_name=data.get("last_name", ""),
                )
                try:
                    password_validation.validate_password(p1, candidate)
                except ValidationError as exc:
                    self.add_error("password1", exc)
        return data


class RepresentationRequestForm(CleanTextMixin, forms.Form):
    fiscal_code = forms.CharField(label=_("Fiscal code of the organisation"), max_length=40)
    role_in_organisation = forms.CharField(label=_("Your role in the organisation"), max_length=120)
    message = forms.CharField(
        label=_("Message for the primary representative"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_fiscal_code(self) -> str:
        # A lookup, not a registration: compact the code without re-validating it.
        code = _SEPARATORS.sub("", self.cleaned_data["fiscal_code"]).upper()
        self.organisation = Organisation.objects.filter(fiscal_code=code).first()
        if self.organisation is None:
            raise ValidationError(
                _("No organisation with this fiscal code is registered: you can apply to join.")
            )
        return code


class ReasonForm(CleanTextMixin, forms.Form):
    """Confirmation of a status change, with the reason or message when the transition needs one."""

    reason = forms.CharField(
        label=_("Reason or message"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, reason_required: bool = False, reason_label=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if reason_label:
            self.fields["reason"].label = reason_label
        self.fields["reason"].error_messages["required"] = _("Please give a reason.")


class DecisionForm(CleanTextMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ProfileForm(OrganisationFieldsMixin):
    """The representatives' edit form; fiscal code and legal form changes go to staff."""

    resources_public = forms.BooleanField(
        label=_("Show our shared resources on the public profile"), required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:
        initial = {
            name: getattr(organisation, name)
            for name in (
                "name",
                "fiscal_code",
                "vat_number",
                "runts_number",
                "address",
                "pec",
                "email",
                "phone",
                "website",
                "description",
                "directory_consent",
                "resources_public",
            )
        }
        initial.update(
            legal_form=organisation.legal_form_id,
            area=organisation.area_id,
            sectors=list(organisation.sectors.all()),
            themes=list(organisation.themes.all()),
        )
        super().__init__(*args, initial=initial, **kwargs)
        self.organisation = organisation
        self.fields["fiscal_code"].help_text = _(
            "A change of fiscal code or legal form is reviewed by the staff."
        )

    def profile_data(self) -> dict[str, object]:
        data = self.organisation_data()
        data["resources_public"] = self.cleaned_data["resources_public"]
        for name in ("fiscal_code", "legal_form"):
            data.pop(name)
        return data


class InviteForm(CleanTextMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"), max_length=254)
    role_in_organisation = forms.CharField(
        label=_("Their role in the organisation"), max_length=120, required=False
    )


class ResourceForm(ConstraintErrorsOnFields):
    themes = _theme_field()

    class Meta:
        model = Resource
        fields = ["kind", "title", "description", "availability", "quantity", "themes", "area"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(is_active=True)
        self.fields["description"].max_length = 4000
        limit_text_length(self.fields["description"])
        self.fields["area"].help_text = _("Leave empty if it is the organisation's area.")


class ResourceSearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Text"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ResourceKind.choices]
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        to_field_name="slug",
        queryset=Theme.objects.filter(is_active=True),
        empty_label=_("All themes"),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        required=False,
        to_field_name="slug",
        queryset=Area.objects.filter(is_active=True),
        empty_label=_("All areas"),
    )


class MunicipalServiceForm(CleanTextMixin, forms.Form):
    """A municipal service; referents are ticked among the accounts found by the search (never all)."""

    name = forms.CharField(label=_("Name of the service"), max_length=150)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    competences = _theme_field(_("Competences"))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    office = forms.CharField(label=_("Office and opening hours"), max_length=250, required=False)
    referents = forms.ModelMultipleChoiceField(
        label=_("Referents"),
        queryset=User.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The people who answer the table's routings for this service."),
    )
    referent_search = forms.CharField(
        label=_("Find a person by name or e-mail"),
        required=False,
        max_length=100,
        help_text=_("Type at least two letters and press “Search”; tick the people to add."),
    )

    def __init__(self, *args, chosen: list[User] | None = None, found: list[User] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the referents already chosen and the accounts the search found become checkboxes.
        people = {u.pk: u for u in [*(chosen or []), *(found or [])]}
        self.fields["referents"].widget.choices = [
            (u.pk, f"{u.get_full_name() or u.email} ({u.email})") for u in people.values()
        ]


class RegulationDraftForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = RegulationVersion
        fields = ["version", "title", "effective_from", "approved_by", "body"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18}),
            "effective_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {"effective_from": _("The expected start date; you confirm it when you publish.")}


class RegulationPublishForm(CleanTextMixin, forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class IdentityPasswordForm(CleanTextMixin, forms.Form):
    """The password of the account that declared an identity's fiscal code (members.views.identity)."""

    password = forms.CharField(
        label=_("Password of the account"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Write the password of the account.")},
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("The password is not the one of this account."), code="wrong_password")
        return password
