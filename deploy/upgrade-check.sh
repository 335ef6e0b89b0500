#!/usr/bin/env bash
# make upgrade-check: a database made by the previous release's migrations, with demo data in it,
# upgrades with this code's `manage.py migrate` and keeps its rows.
#   UPGRADE_FROM   the release to upgrade from (default: the latest tag before HEAD, else cd7bf54,
#                  the last commit before the first tagged release)
#   DEPLOY_CHECK_PG  PostgreSQL server (default postgres://postgres@127.0.0.1:5432)
# The previous release is exported with `git archive` into a temporary folder and run with this
# checkout's virtualenv; the database is created for the run and dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
PG="${DEPLOY_CHECK_PG:-postgres://postgres@127.0.0.1:5432}"
PY="$PWD/.venv/bin/python"

from="${UPGRADE_FROM:-}"
if [ -z "$from" ]; then
  from="$(git describe --tags --abbrev=0 HEAD^ 2>/dev/null || echo cd7bf54)"
fi
commit="$(git rev-parse --verify "$from^{commit}")"
db="tavolo_upgrade_check_$$"
tmp="$(mktemp -d -t tavolo-upgrade-check-XXXXXX)"
cleanup() {
  psql "$PG/postgres" -qAtc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "Upgrading from $from ($(git log -1 --format='%h %ad' --date=short "$commit")) to $(git log -1 --format='%h' HEAD)"
git archive "$commit" | tar -x -C "$tmp"
psql "$PG/postgres" -qAtc "CREATE DATABASE \"$db\""
# Tasks are only queued (database backend, no worker): the PDFs of the demo reports are not what is checked.
export DATABASE_URL="$PG/$db" DEBUG=true TASKS_BACKEND=database EMAIL_URL=memorymail://
count() {
  # Rows that must survive the upgrade, wherever a release moves their model (e.g. the outbox to core/).
  local outbox
  outbox="$(psql "$DATABASE_URL" -qAtc "SELECT coalesce(string_agg('(SELECT count(*) FROM ' || table_name || ')', '+'), '0')
    FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE '%\_outgoingemail'")"
  psql "$DATABASE_URL" -qAtc "SELECT (SELECT count(*) FROM members_organisation) || ' organisations, ' ||
    (SELECT count(*) FROM members_user) || ' users, ' ||
    (SELECT count(*) FROM meetings_meeting) || ' meetings, ' ||
    (SELECT count(*) FROM reports_reportversion) || ' report versions, ' ||
    ($outbox) || ' e-mails'"
}

echo "-> the previous release migrates a fresh database and loads its demo data"
(cd "$tmp" && "$PY" manage.py migrate --no-input -v 0 && "$PY" manage.py seed_demo >"$tmp/seed-before.log" 2>&1) \
  || { tail -n 40 "$tmp/seed-before.log" >&2; exit 1; }
# The outbox too (seed_demo queues no e-mail): three messages, whichever app holds the model.
(cd "$tmp" && "$PY" manage.py shell -v 0 -c '
from django.apps import apps
Email = next(m for m in apps.get_models() if m.__name__ == "OutgoingEmail")
for n in range(3):
    Email.objects.create(dedup_key=f"upgrade-check-{n}", to=f"persona{n}@example.org",
                         subject="[Tavolo delle Risorse] Prova", body_text="Prova")
')
before="$(count)"
echo "   $before"

echo "-> this code upgrades it with manage.py migrate"
"$PY" manage.py migrate --no-input
"$PY" manage.py migrate --check >/dev/null || { echo "migrations still pending after the upgrade" >&2; exit 1; }
after="$(count)"
echo "   $after"
if [ "$before" != "$after" ]; then
  echo "UPGRADE CHECK FAILED: before the upgrade $before, after it $after" >&2
  exit 1
fi
echo "   migrations applied: $(psql "$DATABASE_URL" -qAtc "SELECT count(*) FROM django_migrations")"

echo "-> the upgraded database serves this code: public pages answer 200"
"$PY" manage.py shell -v 0 -c '
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
for path in ("/", "/organizzazioni/", "/incontri/", "/formazione/", "/relazioni/", "/calendario.ics"):
    status = client.get(path).status_code
    print(f"   {path} {status}")
    assert status == 200, path
'
echo "Upgrade check passed: $from -> HEAD"
