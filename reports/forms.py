"""Forms of the reports app: validation and rendering only."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ConstraintErrorsOnFields
from core.text import CleanTextMixin
from members.models import Area, MunicipalService, Organisation, OrganisationStatus, Theme
from reports.models import AnnualReport, FundingSource, Initiative, InitiativeYear, TargetGroup


class InitiativeForm(ConstraintErrorsOnFields):
    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Lead organisation"), empty_label=None
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "description",
            "starts_on",
            "ends_on",
            "themes",
            "target_groups",
            "areas",
            "partners",
            "services",
            "funding_sources",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "services": forms.CheckboxSelectMultiple,
            "funding_sources": forms.CheckboxSelectMultiple,
            "partners": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "partners": _("Other member organisations taking part (hold Ctrl to select more than one)."),
        }

    def __init__(self, *args, lead_choices=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if lead_choices is None:
            del self.fields["lead_organisation"]
        else:
            self.fields["lead_organisation"].queryset = lead_choices
            self.order_fields(["lead_organisation"])
        self.fields["themes"].queryset = Theme.objects.filter(is_active=True)
        self.fields["target_groups"].queryset = TargetGroup.objects.filter(is_active=True)
        self.fields["areas"].queryset = Area.objects.filter(is_active=True)
        self.fields["funding_sources"].queryset = FundingSource.objects.filter(is_active=True)
        self.fields["services"].queryset = MunicipalService.objects.filter(is_active=True)
        self.fields["partners"].queryset = Organisation.objects.filter(
            status=OrganisationStatus.ACTIVE
        ).order_by("name")

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return cleaned


class InitiativeYearForm(ConstraintErrorsOnFields):
    class Meta:
        model = InitiativeYear
        fields = ["year", "people_reached", "volunteers", "volunteer_hours", "budget"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def validate_unique(self) -> None:
        # The service updates the existing row of that year instead of refusing it.
        return None


class SendBackForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("What should the organisation correct?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ReportCreateForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)


class ReportNarrativeForm(ConstraintErrorsOnFields):
    class Meta:
        model = AnnualReport
        fields = ["presentation", "context", "conclusions", "signatory", "approved_on"]
        widgets = {
            **{
                name: forms.Textarea(attrs={"rows": 10})
                for name in ["presentation", "context", "conclusions"]
            },
            "approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class PublishForm(CleanTextMixin, forms.Form):
    note = forms.CharField(
        label=_("Note on this version"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when publishing again: say what changes."),
    )
