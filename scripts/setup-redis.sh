#!/usr/bin/env bash
# Debian's redis-server for the akenza broker's scale-out tests (apps/akenza-broker/test/cluster.test.ts).
# The tests start their own redis-server processes (free loopback port, temp dir, no persistence) and stop them; this
# script only installs the binary. Debian's package may try to start a system service: the tests never use it.
# Idempotent: does nothing when redis-server is present; without root/sudo or apt it says why and exits 0 (the
# scale-out tests then skip with a printed reason).
set -uo pipefail

if command -v redis-server >/dev/null 2>&1; then
  echo "setup-redis: redis-server present ($(redis-server --version | head -n1))"
  exit 0
fi
. "$(dirname "$0")/lib/apt.sh"
apt_install setup-redis redis-server
command -v redis-server >/dev/null 2>&1 && echo "setup-redis: installed $(redis-server --version | head -n1)"
exit 0
