"""A small browser for the deployment check: sessions, forms, TLS and a chosen source address.

`requests` keeps the cookies and verifies the self-signed certificate; the stdlib's HTML parser reads
forms the way a browser submits them (hidden fields, checked boxes, selected options, the button).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter


class CheckError(AssertionError):
    """A step of the walk did not see what it expected."""


@dataclass
class Control:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    value: str = ""
    checked: bool = False
    label: str = ""
    id: str = ""
    text: str = ""
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # value, text, selected


@dataclass
class Form:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)

    def button_texts(self) -> list[str]:
        return [c.text.strip() for c in self.controls if c.kind in {"submit", "button"}]

    def control(self, name: str) -> Control:
        for c in self.controls:
            if c.name == name:
                return c
        raise CheckError(f"the form posting to {self.action} has no field {name!r}")

    def box(self, name: str, label_prefix: str) -> str:
        """The value of the checkbox/radio called `name` whose label starts with `label_prefix`."""
        for c in self.controls:
            if c.name == name and c.label.strip().lower().startswith(label_prefix.lower()):
                return c.value
        labels = [c.label.strip() for c in self.controls if c.name == name]
        raise CheckError(f"no {name!r} box labelled {label_prefix!r} (labels: {labels})")

    def option(self, name: str, text_prefix: str) -> str:
        for value, text, _selected in self.control(name).options:
            if text.strip().lower().startswith(text_prefix.lower()):
                return value
        raise CheckError(f"no option {text_prefix!r} in {name!r}")

    def data(self, overrides: dict[str, str | list[str]], button: Control | None) -> list[tuple[str, str]]:
        """What a browser sends: defaults, then the overrides (a list ticks several boxes)."""
        pairs: list[tuple[str, str]] = []
        for c in self.controls:
            if not c.name or c.name in overrides or c.kind in {"submit", "button", "reset", "image"}:
                continue
            if c.kind in {"checkbox", "radio"}:
                if c.checked:
                    pairs.append((c.name, c.value or "on"))
            elif c.kind == "select":
                chosen = [v for v, _t, sel in c.options if sel] or [c.options[0][0]] if c.options else []
                pairs.extend((c.name, v) for v in chosen)
            elif c.kind != "file":
                pairs.append((c.name, c.value))
        for name, value in overrides.items():
            for v in value if isinstance(value, list) else [value]:
                pairs.append((name, v))
        if button is not None and button.name:
            pairs.append((button.name, button.value))
        return pairs


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.labels: dict[str, str] = {}
        self._form: Form | None = None
        self._label_for: str | None = None
        self._label_text: list[str] = []
        self._capture: Control | None = None  # textarea, option or button being read
        self._select: Control | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag == "label":
            self._label_for, self._label_text = a.get("for"), []
        elif self._form is None:
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            self._form.controls.append(
                Control(
                    name=a.get("name", ""),
                    kind=kind,
                    value=a.get("value", ""),
                    checked="checked" in a,
                    id=a.get("id", ""),
                    text=a.get("value", ""),
                )
            )
        elif tag == "textarea":
            self._capture = Control(name=a.get("name", ""), kind="textarea", id=a.get("id", ""))
            self._form.controls.append(self._capture)
        elif tag == "select":
            self._select = Control(name=a.get("name", ""), kind="select", id=a.get("id", ""))
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
        elif tag == "button":
            self._capture = Control(
                name=a.get("name", ""), kind=a.get("type", "submit").lower(), value=a.get("value", "")
            )
            self._form.controls.append(self._capture)

    def handle_data(self, data):
        if self._label_for is not None:
            self._label_text.append(data)
        if self._option is not None:
            self._option[1] += data
        elif self._capture is not None:
            if self._capture.kind == "textarea":
                self._capture.value += data
            else:
                self._capture.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "label" and self._label_for is not None:
            self.labels[self._label_for] = " ".join("".join(self._label_text).split())
            self._label_for = None
        elif tag in {"textarea", "button"}:
            self._capture = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, text, selected = self._option
            self._select.options.append((value if value is not None else text.strip(), text, selected))
            self._option = None
        elif tag == "select":
            self._select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        for c in form.controls:
            c.label = parser.labels.get(c.id, "")
    return parser.forms


def visible_text(html: str) -> str:
    """The page's text without tags, scripts and styles, whitespace collapsed."""
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(unescape(re.sub(r"(?s)<[^>]+>", " ", html)).split())


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        return super().init_poolmanager(*args, **kwargs)


class Browser:
    """One visitor: its own cookies, its own source address (127.0.0.x), the site's certificate."""

    def __init__(self, base: str, *, ca_file: str, source: str = "127.0.0.1") -> None:
        self.base = base.rstrip("/")
        self.session = requests.Session()
        self.session.verify = ca_file
        # REQUESTS_CA_BUNDLE and proxy variables of the machine must not replace the site's certificate.
        self.session.trust_env = False
        self.session.headers["User-Agent"] = "tavolo-deploy-check"
        adapter = _SourceAddressAdapter(source)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.page: requests.Response | None = None

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str, *, expect: int | None = 200, **kwargs) -> requests.Response:
        response = self.session.get(self.url(path), timeout=60, **kwargs)
        _expect(response, expect)
        if response.headers.get("Content-Type", "").startswith("text/html"):
            self.page = response
        return response

    def form(self, *, button: str | None = None, action: str | None = None, field: str | None = None) -> Form:
        """The form of the current page holding the button with that text, posting to `action`, or
        holding the field `field`."""
        assert self.page is not None
        for form in parse_forms(self.page.text):
            if button is not None and any(button == t for t in form.button_texts()):
                return form
            if action is not None and form.action == action:
                return form
            if field is not None and any(c.name == field for c in form.controls):
                return form
        found = [(f.action, f.button_texts()) for f in parse_forms(self.page.text)]
        raise CheckError(f"{self.page.url}: no form with button {button!r} / action {action!r}: {found}")

    def submit(
        self,
        overrides: dict[str, str | list[str]] | None = None,
        *,
        button: str | None = None,
        action: str | None = None,
        field: str | None = None,
        expect: int | None = 200,
    ) -> requests.Response:
        """Fill and send a form of the current page as a browser does (Referer included, for CSRF)."""
        assert self.page is not None
        form = self.form(button=button, action=action, field=field)
        pressed = next((c for c in form.controls if button is not None and c.text.strip() == button), None)
        target = urljoin(self.page.url, form.action or self.page.url)
        data = form.data(overrides or {}, pressed)
        headers = {"Referer": self.page.url}
        if form.method == "post":
            response = self.session.post(target, data=data, headers=headers, timeout=60)
        else:
            response = self.session.get(target, params=data, headers=headers, timeout=60)
        _expect(response, expect)
        if response.headers.get("Content-Type", "").startswith("text/html"):
            self.page = response
        return response


def _expect(response: requests.Response, status: int | None) -> None:
    if status is not None and response.status_code != status:
        excerpt = (
            visible_text(response.text)[:600] if "html" in response.headers.get("Content-Type", "") else ""
        )
        raise CheckError(
            f"{response.request.method} {response.url} answered {response.status_code}, "
            f"expected {status}. {excerpt}"
        )
