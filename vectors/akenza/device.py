#!/usr/bin/env python3
"""
akenza device client, following the akenza documentation's Python example (the seed) line for line:
PyJWT makes the device token (iat, exp = iat + 20 minutes, aud = https://akenza.io/devices/<deviceId>, header kid =
SHA-256 of the public key's DER as exported by pycryptodome), and paho-mqtt's `publish.single` sends one uplink with
clientId = deviceId, username "unused" and the token as password, over TLS 1.2 with certificate verification.

The only differences from the documentation: host, port, CA file, keys, algorithm and payload come from the command
line (the documentation hard-codes mqtt.akenza.io:8883 and the system CA store), and `--no-tls` allows a plain
listener. Used by the cryptoplug tests against the local akenza broker stand-in (apps/akenza-broker).

    /usr/bin/python3 device.py --device-id DEV --private-key ec_private.pem --public-key ec_public.pem --alg ES256 \
        --host 127.0.0.1 --port 8883 --ca ca.pem --payload '{"temperature":22}'

Other modes: `--print-token` prints the token and exits; `--print-kid` prints the fingerprint and exits.
Exit code 0 when the broker accepted the connection and the publish completed; non-zero (with the reason on stderr)
when the connection was refused or failed.
"""
import argparse
import datetime
import hashlib
import ssl
import sys

import jwt
import paho.mqtt.publish as publish

try:  # PyPI pycryptodome
    from Crypto.PublicKey import ECC, RSA
except ImportError:  # Debian's python3-pycryptodome installs the same library as "Cryptodome"
    from Cryptodome.PublicKey import ECC, RSA


def get_public_key_fingerprint(public_key_file, algorithm):
    with open(public_key_file, "r") as f:
        text = f.read()
    public_key = RSA.import_key(text) if algorithm.startswith("RS") else ECC.import_key(text)
    return hashlib.sha256(public_key.export_key(format="DER")).hexdigest()


def create_jwt(device_id, private_key_file, public_key_file, algorithm="RS256", lifetime_minutes=20):
    token = {
        "iat": datetime.datetime.now(tz=datetime.timezone.utc),
        "exp": datetime.datetime.now(tz=datetime.timezone.utc) + datetime.timedelta(minutes=lifetime_minutes),
        "aud": f"https://akenza.io/devices/{device_id}"
    }
    headers = {
        "kid": get_public_key_fingerprint(public_key_file, algorithm)
    }
    with open(private_key_file, "r") as f:
        private_key = f.read()

    return jwt.encode(token, private_key, algorithm=algorithm, headers=headers)


def main():
    p = argparse.ArgumentParser(description="akenza device uplink (the akenza docs' Python client)")
    p.add_argument("--device-id", required=True)
    p.add_argument("--private-key", required=True)
    p.add_argument("--public-key", required=True)
    p.add_argument("--alg", default="RS256", choices=["RS256", "ES256"])
    p.add_argument("--host", default="mqtt.akenza.io")
    p.add_argument("--port", type=int, default=8883)
    p.add_argument("--ca", help="CA certificate file to trust (default: the system store)")
    p.add_argument("--no-tls", action="store_true", help="plain MQTT (local test listeners only)")
    p.add_argument("--transport", default="tcp", choices=["tcp", "websockets"],
                   help="websockets: MQTT over (secure) WebSocket on path /mqtt, akenza's wss://…/mqtt endpoint")
    p.add_argument("--payload", default='{"temperature":22}')
    p.add_argument("--subtopic", help="appended to /up/device/id/<deviceId>/")
    p.add_argument("--topic", help="publish to this topic instead of the device's uplink topic")
    p.add_argument("--client-id", help="MQTT client id (default: the device id, as akenza requires)")
    p.add_argument("--qos", type=int, default=0, choices=[0, 1])
    p.add_argument("--lifetime-minutes", type=float, default=20)
    p.add_argument("--token", help="use this password instead of making a token")
    p.add_argument("--print-token", action="store_true")
    p.add_argument("--print-kid", action="store_true")
    a = p.parse_args()

    if a.print_kid:
        print(get_public_key_fingerprint(a.public_key, a.alg))
        return 0
    device_id = a.device_id
    mqtt_password = a.token or create_jwt(device_id, a.private_key, a.public_key, a.alg, a.lifetime_minutes)
    if a.print_token:
        print(mqtt_password)
        return 0

    topic = a.topic or f"/up/device/id/{device_id}" + (f"/{a.subtopic}" if a.subtopic else "")
    tls_config = None
    if not a.no_tls:
        tls_config = {
            "cert_reqs": ssl.CERT_REQUIRED,
            "tls_version": ssl.PROTOCOL_TLSv1_2
        }
        if a.ca:
            tls_config["ca_certs"] = a.ca
    auth = {
        "username": "unused",
        "password": mqtt_password
    }
    try:
        publish.single(topic, a.payload, qos=a.qos, hostname=a.host, port=a.port, tls=tls_config, auth=auth,
                       client_id=a.client_id or device_id, transport=a.transport)
    except Exception as e:  # paho raises MQTTException("Connection Refused: ...") on a refused CONNECT
        print(f"device.py: {type(e).__name__}: {e}", file=sys.stderr)
        return 3
    print(f"published {topic}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
