#!/usr/bin/env bash
# System packages some test suites use (Debian): Python reference implementations for the interop tests and the
# MQTT tools for akenza. Idempotent: installs only what is missing; does nothing (with a note) when not root and no sudo.
# Suites whose tools are missing skip with a printed reason, so a machine without apt still runs everything else.
set -uo pipefail

need=()
have_py() { /usr/bin/python3 -c "import $1" >/dev/null 2>&1; }
command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
[ -x /usr/bin/python3 ] || need+=(python3)
have_py jwt || need+=(python3-jwt)
have_py ecdsa || need+=(python3-ecdsa)
have_py cryptography || need+=(python3-cryptography)
have_py jose || need+=(python3-jose)
have_py jwcrypto || need+=(python3-jwcrypto)
have_py Cryptodome || need+=(python3-pycryptodome)  # Debian ships pycryptodome as the Cryptodome namespace
have_py paho.mqtt.client || need+=(python3-paho-mqtt)

if [ ${#need[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: missing ${need[*]} and no apt-get here; the suites that need them will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "setup-system: missing ${need[*]}; not root, so not installing (suites that need them will be skipped)" >&2
    exit 0
  fi
fi
echo "setup-system: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "setup-system: apt-get failed; the suites that need ${need[*]} will be skipped" >&2
# mosquitto's Debian package may start a system broker on :1883; tests use their own brokers on free ports.
exit 0
