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
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-runtimes: /usr/bin/chromium missing and no apt-get here; the Chromium runtime will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "setup-runtimes: /usr/bin/chromium missing; not root, so not installing (the Chromium runtime will be skipped)" >&2
    exit 0
  fi
fi
echo "setup-runtimes: installing chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null 2>&1 \
    || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; }; then
  echo "setup-runtimes: apt-get install chromium failed; the Chromium runtime will be skipped" >&2
  exit 0
fi
[ -x /usr/bin/chromium ] && echo "setup-runtimes: installed $(/usr/bin/chromium --version 2>/dev/null | head -n1)"
exit 0
