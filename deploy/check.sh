#!/usr/bin/env bash
# make deploy-check: the deployment of deploy/ run as installed, behind nginx with TLS, and walked.
# Needs: Debian, root (to install nginx), PostgreSQL on 127.0.0.1:5432 (DEPLOY_CHECK_PG to change it),
# `make install` done. Installs from Debian what is missing: nginx, redis-server, logrotate, openssl,
# postgresql-client (pg_dump/pg_restore for the backup). Ports: DEPLOY_CHECK_PORT_BASE (8180) to +4.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=""
command -v nginx >/dev/null 2>&1 || missing="$missing nginx"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
command -v logrotate >/dev/null 2>&1 || missing="$missing logrotate"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
command -v pg_dump >/dev/null 2>&1 || missing="$missing postgresql-client"
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "deploy-check: missing$missing; run as root on Debian, or install them (apt-get install$missing)." >&2
    exit 2
  fi
  echo "Installing from Debian:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# The check's own processes end with it, whatever happens; it also stops them itself.
child=""
cleanup() { [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || true; wait "$child" 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/python deploy/check_stack.py &
child=$!
status=0
wait "$child" || status=$?
child=""
exit "$status"
