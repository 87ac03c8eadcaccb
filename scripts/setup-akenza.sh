#!/usr/bin/env bash
# System packages for the akenza tests (packages/akenza, apps/akenza-broker): Debian mosquitto + clients, and Debian
# python3 with paho-mqtt, PyJWT (+ cryptography for RS256/ES256) and pycryptodome — the reference client of akenza's
# documentation. Idempotent: does nothing when everything is there. Tests that need a missing tool skip with a reason.
set -u

have_py() { /usr/bin/python3 -c "$1" >/dev/null 2>&1; }
if command -v mosquitto >/dev/null 2>&1 && command -v mosquitto_pub >/dev/null 2>&1 && command -v mosquitto_sub >/dev/null 2>&1 \
  && command -v openssl >/dev/null 2>&1 \
  && have_py "import paho.mqtt.publish, jwt, cryptography" \
  && { have_py "import Crypto.PublicKey" || have_py "import Cryptodome.PublicKey"; }; then
  echo "setup-akenza: mosquitto, mosquitto-clients, paho-mqtt, PyJWT, pycryptodome present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "setup-akenza: packages missing and not root; the akenza suites that need them will be skipped" >&2
    exit 0
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-akenza: packages missing and no apt-get; the akenza suites that need them will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends \
  mosquitto mosquitto-clients python3-paho-mqtt python3-jwt python3-cryptography python3-pycryptodome openssl >/dev/null \
  || echo "setup-akenza: apt-get failed; the akenza suites that need these packages will be skipped" >&2
# Debian's mosquitto package may start a system broker on 127.0.0.1:1883; the tests use their own on free ports.
exit 0
