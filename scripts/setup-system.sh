#!/usr/bin/env bash
# System packages some test suites use (Debian): Python reference implementations for the interop tests and the
# MQTT tools for akenza (mosquitto, paho-mqtt, PyJWT + cryptography, pycryptodome, openssl). Idempotent: installs only what is missing; does nothing (with a note) when not root and no sudo.
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
command -v openssl >/dev/null 2>&1 || need+=(openssl)  # akenza tests make certificates with it

if [ ${#need[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi
. "$(dirname "$0")/lib/apt.sh"
apt_install setup-system "${need[@]}"
# mosquitto's Debian package may start a system broker on :1883; tests use their own brokers on free ports.
exit 0
