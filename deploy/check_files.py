"""The files of deploy/ as the check uses them: production paths and ports moved to a temporary folder.

Only text substitution: what runs is what a municipality installs (deploy/check_stack.py runs it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
PYTHON = REPO / ".venv" / "bin" / "python"
PG = os.environ.get("DEPLOY_CHECK_PG", "postgres://postgres@127.0.0.1:5432")
BASE_PORT = int(os.environ.get("DEPLOY_CHECK_PORT_BASE", "8180"))
HTTP, HTTPS, APP, SMTP, REDIS = (BASE_PORT + n for n in range(5))


def substitutions(tmp: Path) -> list[tuple[str, str]]:
    """Production path or port -> its place in this check, applied in this order."""
    return [
        ("/srv/tavolo/app", str(REPO)),
        ("/srv/tavolo", str(tmp / "srv")),
        ("/etc/tavolo", str(tmp / "etc")),
        ("/etc/ssl/tavolo", str(tmp / "ssl")),
        ("/var/log/tavolo", str(tmp / "log")),
        ("/var/cache/tavolo", str(tmp / "cache")),
        ("/var/www/html", str(tmp / "www")),
        ("/run/nginx.pid", str(tmp / "nginx" / "nginx.pid")),
        ("listen [::]:80;", "# listen [::]:80;"),
        ("listen [::]:443 ssl http2;", "# listen [::]:443 ssl http2;"),
        ("listen 80;", f"listen 127.0.0.1:{HTTP};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{HTTPS} ssl http2;"),
        ("return 301 https://$host$request_uri;", f"return 301 https://$host:{HTTPS}$request_uri;"),
        ("127.0.0.1:8001", f"127.0.0.1:{APP}"),
        ("server_name tavolo.comune.example.it;", "server_name 127.0.0.1;"),
    ]


def render(source: Path, target: Path, subs: list[tuple[str, str]]) -> str:
    text = source.read_text()
    for old, new in subs:
        text = text.replace(old, new)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return text


def read_unit(path: Path) -> dict[str, list[str]]:
    """The [Service] keys of a systemd unit (continuation lines joined; repeated keys kept)."""
    keys: dict[str, list[str]] = {}
    section = ""
    for raw in re.sub(r"\\\n\s*", " ", path.read_text()).splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]" and "=" in line:
            key, value = line.split("=", 1)
            keys.setdefault(key.strip(), []).append(value.strip())
    return keys


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile reads them (quotes removed, comments skipped)."""
    values = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            continue
        key, value = line.split("=", 1)
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def write_env_file(template: Path, target: Path, overrides: dict[str, str]) -> None:
    """The template with the check's own values for the keys a site must change."""
    lines, seen = [], set()
    for raw in template.read_text().splitlines():
        key = raw.split("=", 1)[0].strip() if "=" in raw and not raw.lstrip().startswith("#") else None
        if key in overrides:
            lines.append(f"{key}={overrides[key]}")
            seen.add(key)
        else:
            lines.append(raw)
    lines += [f"{k}={v}" for k, v in overrides.items() if k not in seen]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n")
    target.chmod(0o640)


def nginx_main_conf(tmp: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf provides around a site, with every path in the temp folder."""
    n = tmp / "nginx"
    return f"""daemon off;
worker_processes 2;
pid {n}/nginx.pid;
error_log {tmp}/log/nginx-main-error.log warn;
user root;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    access_log {tmp}/log/nginx-main-access.log;
    client_body_temp_path {n}/client_body;
    proxy_temp_path {n}/proxy;
    fastcgi_temp_path {n}/fastcgi;
    uwsgi_temp_path {n}/uwsgi;
    scgi_temp_path {n}/scgi;
    include {site};
}}
"""


def directive(text: str, name: str) -> str:
    found = re.search(rf"^\s*{name}\s+([^;]+);", text, re.M)
    if not found:
        raise RuntimeError(f"no {name} in the nginx site")
    return found.group(1).strip()
