"""Forms of the meetings app: validation and rendering only, no side effects."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ConstraintErrorsOnFields
from core.text import CleanTextMixin
from meetings.models import (
    AgendaItem,
    DecisionKind,
    DecisionOwner,
    DecisionStatus,
    Meeting,
    ReplyStatus,
    RoutingStatus,
)
from members.models import MunicipalService, Organisation, Theme

DATETIME_WIDGET = {"type": "datetime-local"}


def _themes_field(required: bool = False) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.filter(is_active=True).order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


class MeetingForm(ConstraintErrorsOnFields):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format="%Y-%m-%dT%H:%M")
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"), widget=forms.DateTimeInput(attrs=DATETIME_WIDGET, format="%Y-%m-%dT%H:%M")
    )

    class Meta:
        model = Meeting
        fields = ["title", "kind", "starts_at", "ends_at", "place", "online_url", "is_public", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give a place, an online link or both."))
        return data

    def validate_constraints(self, exclude=None):
        # The end-after-start constraint is reported on the field above.
        return None


class AgendaItemForm(ConstraintErrorsOnFields):
    themes = _themes_field()

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "themes", "expected_minutes", "chair_notes"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "chair_notes": forms.Textarea(attrs={"rows": 2}),
        }


class RouteForm(CleanTextMixin, forms.Form):
    due_date = forms.DateField(
        label=_("Answer due by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for three days before the meeting."),
    )


class RoutingDueDateForm(CleanTextMixin, forms.Form):
    due_date = forms.DateField(
        label=_("Answer due by"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("A day before the meeting. The service's referents are told of the new date by e-mail."),
        error_messages={"required": _("Enter the date by which the service should answer.")},
    )


class ServiceOverrideForm(CleanTextMixin, forms.Form):
    ADD, REMOVE = "add", "remove"
    action = forms.ChoiceField(
        label=_("Change"), choices=[(ADD, _("Add the service")), (REMOVE, _("Remove the service"))]
    )
    service = forms.ModelChoiceField(
        label=_("Municipal service"),
        queryset=MunicipalService.objects.filter(is_active=True).order_by("name"),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class CancelForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason of the cancellation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write why the meeting is cancelled: those convened read it in the e-mail.")
        },
    )


class RoutingAnswerForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RoutingStatus.choices)
    contribution = forms.CharField(
        label=_("Contribution of the service"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("It will be shown under the agenda item to the members and in the minutes."),
    )


class ProposalForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the problem is, who it concerns, what you propose to discuss."),
    )
    themes = _themes_field(required=True)


class ProposalDecisionForm(CleanTextMixin, forms.Form):
    ACCEPT, MERGE, DEFER, DECLINE = "accept", "merge", "defer", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ACCEPT, _("Put on the agenda of a meeting")),
            (MERGE, _("Merge with an item already on an agenda")),
            (DEFER, _("Defer to a later agenda")),
            (DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    meeting = forms.ModelChoiceField(label=_("Meeting"), queryset=Meeting.objects.none(), required=False)
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    reason = forms.CharField(
        label=_("Reason (sent to the proposer)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, meetings=None, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        if items is not None:
            self.fields["item"].queryset = items
            self.fields["item"].label_from_instance = lambda i: f"{i.meeting.title}: {i.title}"

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == self.ACCEPT and not data.get("meeting"):
            self.add_error("meeting", _("Choose the meeting."))
        if decision == self.MERGE and not data.get("item"):
            self.add_error("item", _("Choose the agenda item."))
        if decision == self.DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the proposal is declined: the proposer will read it."))
        return data


class ReplyForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Will your organisation attend?"), choices=ReplyStatus.choices, widget=forms.RadioSelect
    )
    attendee_names = forms.CharField(
        label=_("Who will attend"),
        required=False,
        max_length=300,
        help_text=_("Names of the people who will come, separated by commas."),
    )


class AttendanceForm(CleanTextMixin, forms.Form):
    organisations = forms.TypedMultipleChoiceField(
        label=_("Organisations present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    services = forms.TypedMultipleChoiceField(
        label=_("Municipal services present"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations=(), services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["services"].choices = [(s.pk, s.name) for s in services]
        self.organisation_pks = [o.pk for o in organisations]
        for organisation in organisations:
            self.fields[f"attended_by_{organisation.pk}"] = forms.CharField(
                label=_("Who attended for %(name)s") % {"name": organisation.name},
                max_length=300,
                required=False,
            )

    def attended_by(self) -> dict[int, str]:
        """The names typed for each organisation, by its pk."""
        return {pk: self.cleaned_data.get(f"attended_by_{pk}", "") for pk in self.organisation_pks}


class MinutesForm(CleanTextMixin, forms.Form):
    general_notes = forms.CharField(
        label=_("General notes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"outcome_{item.pk}"] = forms.CharField(
                label=_("Outcome of item %(n)s: %(title)s") % {"n": item.position, "title": item.title},
                required=False,
                initial=item.outcome,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def outcomes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"outcome_{item.pk}", "") for item in self.items}


class OpenCommentsForm(CleanTextMixin, forms.Form):
    comments_until = forms.DateField(
        label=_("Comments accepted until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_comments_until(self):
        value = self.cleaned_data["comments_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The deadline for comments cannot be in the past."))
        return value


class CommentForm(CleanTextMixin, forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class AttachmentForm(CleanTextMixin, forms.Form):
    file = forms.FileField(label=_("Document"), help_text=_("PDF, ODT, DOCX, PNG or JPEG, at most 10 MB."))


class DecisionForm(CleanTextMixin, forms.Form):
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none())
    kind = forms.ChoiceField(label=_("Kind of decision"), choices=DecisionKind.choices)
    title = forms.CharField(label=_("Decision"), max_length=200)
    text = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owner_kind = forms.ChoiceField(
        label=_("Carried out by"), choices=DecisionOwner.choices, widget=forms.RadioSelect
    )
    service = forms.ModelChoiceField(
        label=_("Municipal service"),
        queryset=MunicipalService.objects.filter(is_active=True),
        required=False,
        help_text=_("When a municipal service carries it out."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("When member organisations carry it out."),
    )
    expected_date = forms.DateField(
        label=_("Expected by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    themes = _themes_field()

    def __init__(self, *args, items=(), organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = AgendaItem.objects.filter(pk__in=[item.pk for item in items])
        self.fields["item"].label_from_instance = lambda item: f"{item.position}. {item.title}"
        if organisations is not None:
            self.fields["organisations"].queryset = organisations

    def clean(self):
        data = super().clean()
        owner = data.get("owner_kind")
        if owner == DecisionOwner.SERVICE and not data.get("service"):
            self.add_error("service", _("Choose the municipal service that carries out the decision."))
        if owner == DecisionOwner.ORGANISATIONS and not data.get("organisations"):
            self.add_error(
                "organisations", _("Choose at least one organisation that carries out the decision.")
            )
        return data


class DecisionUpdateForm(CleanTextMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DecisionStatus.choices)
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the decision is dropped: say why."),
    )
    evidence_url = forms.URLField(
        label=_("Evidence (link)"),
        required=False,
        assume_scheme="https",
        help_text=_("A link to a document or page."),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == DecisionStatus.DROPPED and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the decision is dropped."))
        return data
