"""`make deploy-check`: run the files of deploy/ as a municipality installs them, and walk the site.

Paths and ports of the files are substituted into a temporary folder (never the machine's /etc);
systemd is not needed: the command lines are read from the units' ExecStart and run as background
processes with the units' EnvironmentFile. Everything started here is stopped on the way out.
Run by deploy/check.sh (which installs nginx from Debian when missing).
"""

from __future__ import annotations

import email
import mailbox
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import requests
from check_files import (
    APP,
    DEPLOY,
    HTTP,
    HTTPS,
    PG,
    PYTHON,
    REDIS,
    REPO,
    SMTP,
    directive,
    nginx_main_conf,
    read_env_file,
    read_unit,
    render,
    substitutions,
    write_env_file,
)
from check_walk import Site, Steps, walk

STAFF_EMAIL = "segreteria@comune.example.it"
STAFF_PASSWORD = "verifica-rilascio-2026"  # noqa: S105 - a throwaway account of the check

# The README's Production section (step 5) lists these very command lines, and
# tests/test_deploy_files.py holds the two together.
SETUP_COMMANDS = [
    "manage.py migrate --no-input",
    "manage.py collectstatic --no-input",
    f"manage.py createsuperuser --no-input --email {STAFF_EMAIL}",
]


class Stack:
    """The processes of one check; stop() ends each of them, by its own process group."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.env_file = tmp / "etc" / "tavolo.env"

    def unit_env(self, unit: dict[str, list[str]]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k in {"PATH", "LANG", "LC_ALL", "HOME", "TZ"}}
        for path in unit.get("EnvironmentFile", []):
            env.update(read_env_file(Path(path.lstrip("-"))))
        for assignment in unit.get("Environment", []):
            for pair in shlex.split(assignment):
                key, value = pair.split("=", 1)
                env[key] = value
        return env

    def start(
        self, name: str, argv: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None
    ):
        log = open(self.tmp / "processes" / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(  # noqa: S603
            argv, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def start_unit(self, name: str, unit_path: Path) -> None:
        unit = read_unit(unit_path)
        argv = shlex.split(unit["ExecStart"][0].lstrip("-@+!"))
        print(f"   {unit_path.name}: {shlex.join(argv)}", flush=True)
        self.start(name, argv, env=self.unit_env(unit), cwd=Path(unit["WorkingDirectory"][0]))

    def run_unit(self, unit_path: Path) -> str:
        """A oneshot unit, as its timer would start it: ExecStartPre, ExecStart, ExecStartPost."""
        unit = read_unit(unit_path)
        output = []
        for key in ("ExecStartPre", "ExecStart", "ExecStartPost"):
            for line in unit.get(key, []):
                argv = shlex.split(line.lstrip("-@+!"))
                print(f"   {unit_path.name} {key}: {shlex.join(argv)}", flush=True)
                output.append(self.run(argv, env=self.unit_env(unit), cwd=Path(unit["WorkingDirectory"][0])))
        return "\n".join(output)

    def run(self, argv: list[str], *, env=None, cwd=None) -> str:
        done = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)  # noqa: S603
        if done.returncode != 0:
            raise RuntimeError(
                f"{shlex.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
            )
        return done.stdout

    def manage_env(self, extra_env: dict[str, str] | None = None) -> dict[str, str]:
        """The environment of a command run by hand on the server: the environment file loaded."""
        return {**self.unit_env({"EnvironmentFile": [str(self.env_file)]}), **(extra_env or {})}

    def manage(self, *args: str, extra_env: dict[str, str] | None = None) -> str:
        return self.run([str(PYTHON), "manage.py", *args], env=self.manage_env(extra_env), cwd=REPO)

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                print(f"   {name} did not stop on SIGTERM: killing it", flush=True)
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                log = (self.tmp / "processes" / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{log}")


def wait_port(port: int, stack: Stack, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        stack.alive()
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {timeout:.0f}s")


def static_checks(steps: Steps, site_text: str) -> None:
    with steps.step("nginx waits for gunicorn exactly as long as gunicorn lets a request run"):
        gunicorn = " ".join(read_unit(DEPLOY / "systemd" / "tavolo-gunicorn.service")["ExecStart"])
        timeout = re.search(r"--timeout (\d+)", gunicorn).group(1)
        for name in ("proxy_read_timeout", "proxy_send_timeout"):
            if directive(site_text, name) != f"{timeout}s":
                raise RuntimeError(f"{name} {directive(site_text, name)} != gunicorn --timeout {timeout}")
    with steps.step("nginx refuses uploads above the portal's own limit (12 MiB)"):
        if directive(site_text, "client_max_body_size") != "12m":
            raise RuntimeError(f"client_max_body_size {directive(site_text, 'client_max_body_size')}")


def table_digests(database_url: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows in a stable order."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        digests = {}
        for name in names:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{name}\" t"  # noqa: S608, E501
            ).fetchone()
            digests[name] = (count, digest)
        return digests


def main() -> int:
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="tavolo-deploy-check-"))
    stack = Stack(tmp)
    steps = Steps()
    suffix = f"{os.getpid()}"
    db, db_restored = f"tavolo_deploy_check_{suffix}", f"tavolo_deploy_check_{suffix}_restored"
    database_url, restored_url = f"{PG}/{db}", f"{PG}/{db_restored}"
    created: list[str] = []

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        for sub in (
            "etc",
            "ssl",
            "log",
            "srv/media",
            "srv/backups",
            "cache",
            "www",
            "nginx",
            "sites",
            "processes",
        ):
            (tmp / sub).mkdir(parents=True, exist_ok=True)
        subs = substitutions(tmp)
        print(f"Temporary folder: {tmp}\nSubstitutions (production -> check):", flush=True)
        for old, new in subs:
            print(f"   {old} -> {new}")

        site_text = render(DEPLOY / "nginx" / "tavolo.conf", tmp / "sites" / "tavolo.conf", subs)
        for unit in (DEPLOY / "systemd").iterdir():
            render(unit, tmp / "systemd" / unit.name, subs)
        render(DEPLOY / "logrotate" / "tavolo", tmp / "logrotate" / "tavolo", subs)
        static_checks(steps, site_text)

        with steps.step("self-signed certificate for 127.0.0.1 (openssl)", critical=True):
            stack.run(
                [
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout",
                    str(tmp / "ssl" / "privkey.pem"),
                    "-out",
                    str(tmp / "ssl" / "fullchain.pem"),
                ]
            )

        with (
            steps.step("fresh PostgreSQL databases", critical=True),
            psycopg.connect(f"{PG}/postgres", autocommit=True) as conn,
        ):
            for name in (db, db_restored):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
                created.append(name)

        site_url = f"https://127.0.0.1:{HTTPS}"
        overrides = {
            "SECRET_KEY": os.urandom(32).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "SITE_URL": site_url,
            "CSRF_TRUSTED_ORIGINS": site_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{SMTP}",
            "CACHE_URL": f"redis://127.0.0.1:{REDIS}/0",
        }
        render(DEPLOY / "tavolo.env.example", tmp / "tavolo.env.example", subs)
        write_env_file(tmp / "tavolo.env.example", stack.env_file, overrides)
        production = read_env_file(stack.env_file)
        print("Environment file: the template, with " + ", ".join(sorted(overrides)) + " set for the check")
        with steps.step(
            "the environment is production's: DEBUG off, MFA required, tasks on the worker, behind the proxy"
        ):
            expected = {
                "DEBUG": "false",
                "TAVOLO_REQUIRE_STAFF_MFA": "true",
                "TASKS_BACKEND": "database",
                "BEHIND_PROXY": "true",
                "TRUSTED_PROXY_COUNT": "1",
            }
            wrong = {k: production.get(k) for k, v in expected.items() if production.get(k) != v}
            if wrong:
                raise RuntimeError(f"the environment template says {wrong}")

        with steps.step("SMTP sink (aiosmtpd) and Redis started", critical=True):
            stack.start(
                "smtp-sink",
                [
                    str(PYTHON),
                    "-m",
                    "aiosmtpd",
                    "-n",
                    "-l",
                    f"127.0.0.1:{SMTP}",
                    "-c",
                    "aiosmtpd.handlers.Mailbox",
                    str(tmp / "mail"),
                ],
            )
            stack.start(
                "redis",
                [
                    "redis-server",
                    "--port",
                    str(REDIS),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(tmp),
                ],
            )
            wait_port(SMTP, stack)
            wait_port(REDIS, stack)

        with steps.step(
            "setup commands of the README: migrate, collectstatic, first staff account", critical=True
        ):
            extra = {"DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD}
            # collectstatic touches no database: it runs beside the others, to save a minute.
            statics = [c for c in SETUP_COMMANDS if "collectstatic" in c]
            collecting = [
                stack.start(
                    "collectstatic", [str(PYTHON), *shlex.split(c)], env=stack.manage_env(extra), cwd=REPO
                )
                for c in statics
            ]
            for command in SETUP_COMMANDS:
                if command in statics:
                    continue
                began = time.monotonic()
                stack.manage(*shlex.split(command)[1:], extra_env=extra)
                print(f"   {command}: {time.monotonic() - began:.0f}s", flush=True)
            for command, process in zip(statics, collecting, strict=True):
                if process.wait(timeout=300) != 0:
                    raise RuntimeError(f"{command} failed: see {tmp / 'processes' / 'collectstatic.log'}")
                stack.processes = [(n, p) for n, p in stack.processes if p is not process]
                print(f"   {command}: done", flush=True)
            out = stack.manage("check", "--deploy", "--fail-level", "WARNING")
            print(f"   check --deploy: {out.strip()}", flush=True)

        with steps.step(
            "gunicorn, the worker and nginx started from the unit files and the site", critical=True
        ):
            stack.start_unit("gunicorn", tmp / "systemd" / "tavolo-gunicorn.service")
            stack.start_unit("worker", tmp / "systemd" / "tavolo-worker.service")
            (tmp / "nginx" / "nginx.conf").write_text(nginx_main_conf(tmp, tmp / "sites" / "tavolo.conf"))
            stack.run(
                ["nginx", "-t", "-q", "-p", str(tmp / "nginx"), "-c", str(tmp / "nginx" / "nginx.conf")]
            )
            stack.start("nginx", ["nginx", "-p", str(tmp / "nginx"), "-c", str(tmp / "nginx" / "nginx.conf")])
            for port in (APP, HTTP, HTTPS):
                wait_port(port, stack)

        def read_mails() -> list:
            box = mailbox.Maildir(tmp / "mail", factory=None, create=False)
            return [email.message_from_bytes(box.get_bytes(key)) for key in box.iterkeys()]

        site = Site(
            https=site_url,
            http=f"http://127.0.0.1:{HTTP}",
            ca_file=str(tmp / "ssl" / "fullchain.pem"),
            database_url=database_url,
            staff_email=STAFF_EMAIL,
            staff_password=STAFF_PASSWORD,
            read_mails=read_mails,
            manage=lambda *args: stack.manage(*args),
        )
        walk(site, steps)
        stack.alive()

        with steps.step("the timers' jobs run: send_emails, send_training_reminders"):
            print("   " + stack.run_unit(tmp / "systemd" / "tavolo-send-emails.service").strip())
            print("   " + stack.run_unit(tmp / "systemd" / "tavolo-training-reminders.service").strip())

        with steps.step("a backup (the backup unit) restores into a second database with the same rows"):
            stack.run_unit(tmp / "systemd" / "tavolo-backup.service")
            backups = sorted((tmp / "srv" / "backups").iterdir())
            if len(backups) != 1:
                raise RuntimeError(f"expected one backup folder, found {backups}")
            # Stop writers so that the live database holds what the backup holds.
            before = table_digests(database_url)
            stack.manage(
                "restore",
                str(backups[0]),
                extra_env={"DATABASE_URL": restored_url, "MEDIA_ROOT": str(tmp / "srv" / "media-restored")},
            )
            after = table_digests(restored_url)
            differ = {
                name: (before.get(name), after.get(name))
                for name in before.keys() | after.keys()
                if before.get(name) != after.get(name)
            }
            if differ:
                raise RuntimeError(f"tables that differ after the restore: {differ}")
            rows = sum(count for count, _d in before.values())
            print(f"   {len(before)} tables, {rows} rows, identical", flush=True)

        with steps.step("logrotate rotates the site's logs and nginx reopens them"):
            conf = tmp / "logrotate" / "tavolo"
            conf.chmod(0o644)
            stack.run(["logrotate", "-f", "-s", str(tmp / "logrotate.state"), str(conf)])
            if not (tmp / "log" / "nginx-access.log.1").exists():
                raise RuntimeError("nginx-access.log was not rotated")
            time.sleep(0.5)
            requests.get(f"{site_url}/", verify=site.ca_file, timeout=30)
            fresh = tmp / "log" / "nginx-access.log"
            if not fresh.exists() or fresh.stat().st_size == 0:
                raise RuntimeError("nginx did not reopen its access log after the rotation")
        stack.alive()
    except KeyboardInterrupt as exc:
        steps.results.append(("interrupted", False, str(exc)))
    except Exception as exc:
        if not steps.failed:
            steps.results.append(("check", False, f"{type(exc).__name__}: {exc}"))
    finally:
        print("\nStopping everything the check started...", flush=True)
        stack.stop()
        if created:
            with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
                for name in created:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if os.environ.get("DEPLOY_CHECK_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"Kept {tmp} (DEPLOY_CHECK_KEEP=1)")

    print(f"\n==== deploy check: what was verified ({time.monotonic() - started:.0f}s) ====")
    for name, ok, detail in steps.results:
        print(f"[{'ok' if ok else 'FAILED'}] {name}" + (f"  ({detail})" if ok else f"\n         {detail}"))
    if steps.failed:
        print("\nDEPLOY CHECK FAILED")
        return 1
    print("\nDeploy check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
