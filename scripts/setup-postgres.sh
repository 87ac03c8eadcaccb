#!/usr/bin/env bash
# PostgreSQL for apps/chat: its tests start their own throw-away cluster (initdb + pg_ctl in a temp dir, on a free
# loopback port) to run two chat server instances against one real PostgreSQL. Only the server binaries are needed;
# no cluster is created or started here. Idempotent: installs Debian's `postgresql` only when initdb is missing.
# Without it the PostgreSQL suite skips with a printed reason (unless CRYPTOPLUG_REQUIRE_POSTGRES=1).
set -uo pipefail

if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup-postgres: PostgreSQL server binaries present ($(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | head -n1))"
  exit 0
fi
. "$(dirname "$0")/lib/apt.sh"
apt_install setup-postgres postgresql
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && echo "setup-postgres: installed $(ls /usr/lib/postgresql/*/bin/initdb | head -n1)"
exit 0
