#!/usr/bin/env bash
# Runtimes for apps/runtimes (the conformance matrix on Node, Bun, Deno, headless Chromium and workerd).
# Bun, Deno, workerd (miniflare) and playwright-core come from npm (devDependencies of apps/runtimes); the only system
# package is Debian's `chromium`, used by playwright-core through executablePath /usr/bin/chromium.
# Idempotent: installs chromium only when /usr/bin/chromium is missing and we are root (or have password-less sudo);
# otherwise prints why and exits 0 — the runtimes test then skips Chromium with a printed reason.
# Opt out with CRYPTOPLUG_SKIP_RUNTIME_SETUP=1.
set -uo pipefail

if [ "${CRYPTOPLUG_SKIP_RUNTIME_SETUP:-}" = "1" ]; then
  echo "setup-runtimes: skipped (CRYPTOPLUG_SKIP_RUNTIME_SETUP=1)"
  exit 0
fi

if [ -x /usr/bin/chromium ]; then
  echo "setup-runtimes: /usr/bin/chromium present ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
  exit 0
fi
. "$(dirname "$0")/lib/apt.sh"
apt_install setup-runtimes chromium
[ -x /usr/bin/chromium ] && echo "setup-runtimes: installed $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
exit 0
