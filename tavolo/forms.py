"""Forms of the trust features: sign-up with the privacy notice, account deletion."""

from __future__ import annotations

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.text import CleanTextMixin
from members.account_privacy import privacy_notice_accept
from members.forms import first_name_field, last_name_field


def _privacy_label() -> str:
    return format_html(
        '{} <a href="{}">{}</a>',
        _("I have read the"),
        reverse_lazy("privacy"),
        _("privacy notice"),
    )


class SignupForm(CleanTextMixin, AllauthSignupForm):
    """allauth's sign-up (ACCOUNT_FORMS) with first and last name, so that nobody appears as an e-mail
    address, and the required acceptance of the privacy notice, recorded as a Consent."""

    first_name = first_name_field()
    last_name = last_name_field()
    field_order = ["first_name", "last_name", "email", "password1", "password2", "privacy_accepted"]
    privacy_accepted = forms.BooleanField(
        label=lazy(_privacy_label, str)(),
        required=True,
        error_messages={"required": _("You must accept the privacy notice to create an account.")},
    )

    def save(self, request):
        user = super().save(request)
        privacy_notice_accept(user=user)
        return user


class AccountDeleteForm(CleanTextMixin, forms.Form):
    """Deleting one's account is confirmed with the password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."), code="wrong_password")
        return password
