#!/usr/bin/env python3
"""Known-answer vectors for sealvault tokens, made independently of SealFormat.

Seals values with PyNaCl (libsodium's own bindings) following CONTRACT §4 step by step,
and computes kids with Python's hashlib BLAKE2b, then writes tokens.json. The Swift tests
open these tokens and check the kids; `open_vault.py` goes the other way.

    pip install pynacl && python3 Tests/Vectors/generate.py > Tests/Vectors/tokens.json
"""
import base64
import hashlib
import json

from nacl import bindings as b


def kid(public_key: bytes) -> str:
    return hashlib.blake2b(public_key, digest_size=32).digest()[:8].hex()


def seal(value: bytes, scope: str, name: str, recipient: bytes, ephemeral) -> str:
    epk, esk = ephemeral
    _rx, tx = b.crypto_kx_client_session_keys(epk, esk, recipient)
    nonce = b.randombytes(24)
    ad = f"sealvault:v1:{scope}:{name}".encode()
    c = b.crypto_aead_xchacha20poly1305_ietf_encrypt(value, ad, nonce, tx)
    return f"sv1:{kid(recipient)}:" + base64.b64encode(epk + nonce + c).decode()


def main() -> None:
    pk, sk = b.crypto_kx_keypair()
    other_pk, other_sk = b.crypto_kx_keypair()
    batch = b.crypto_kx_keypair()
    values = [
        ("global", "API_KEY", "hunter2".encode()),
        ("global", "x", b"1"),
        ("global", "123", "multi\nline\r\nvalue\n".encode()),
        ("workflow/deploy", "SLACK_WEBHOOK", "https://hooks.example/T0/B0/xyz?a=1&b=2".encode()),
        ("workflow/deploy", "API_KEY", "ünïcødé ✓ 🔑 \"quotes\" 'single' \\ $HOME `x`".encode()),
        ("workflow/a-b_c", "BIG", bytes((i * 7 + 32) % 95 + 32 for i in range(65536))),
    ]
    cases = []
    for index, (scope, name, value) in enumerate(values):
        ephemeral = batch if index % 2 == 0 else b.crypto_kx_keypair()
        token = seal(value, scope, name, pk, ephemeral)
        cases.append({"scope": scope, "name": name, "value_b64": base64.b64encode(value).decode(), "token": token})
    token = cases[0]["token"]
    raw = bytearray(base64.b64decode(token.split(":")[2]))
    raw[-1] ^= 1
    tampered = f"sv1:{kid(pk)}:" + base64.b64encode(bytes(raw)).decode()
    failures = [
        {"why": "moved to another name", "scope": "global", "name": "OTHER", "token": token},
        {"why": "moved to another scope", "scope": "workflow/deploy", "name": "API_KEY", "token": token},
        {"why": "tampered", "scope": "global", "name": "API_KEY", "token": tampered},
        {"why": "sealed to another key", "scope": "global", "name": "API_KEY",
         "token": seal(b"v", "global", "API_KEY", other_pk, batch)},
    ]
    print(json.dumps({
        "about": "made by Tests/Vectors/generate.py with PyNaCl and hashlib; see CONTRACT §4",
        "public_key": "sv1pk:" + base64.b64encode(pk).decode(),
        "private_key_test_only": "sv1sk:" + base64.b64encode(sk).decode(),
        "kid": kid(pk),
        "other_public_key": "sv1pk:" + base64.b64encode(other_pk).decode(),
        "other_kid": kid(other_pk),
        "cases": cases,
        "failures": failures,
    }, indent=1))


if __name__ == "__main__":
    main()
