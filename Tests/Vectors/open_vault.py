#!/usr/bin/env python3
"""Opens every token of a vault made by the sealvault CLI with PyNaCl, independently of
SealFormat, and compares the values with the expected ones.

    open_vault.py VAULT_DIR KEY_FILE EXPECTED_JSON

EXPECTED_JSON maps "global" or "workflow/<id>" to {name: value}. Reads the canonical YAML
by line (no YAML library), checks the kid with hashlib, and exits 1 on any mismatch.
"""
import base64
import hashlib
import json
import os
import sys

from nacl import bindings as b


def read_scope(path):
    secrets, in_secrets = {}, False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("secrets:"):
                in_secrets = True
            elif in_secrets and line.startswith("  "):
                name, token = line.strip().split(": ", 1)
                secrets[name.strip('"')] = token
    return secrets


def main():
    vault, key_file, expected_file = sys.argv[1:4]
    sk = next(base64.b64decode(l.strip()[6:]) for l in open(key_file) if l.startswith("sv1sk:"))
    pk = b.crypto_scalarmult_base(sk)
    kid = hashlib.blake2b(pk, digest_size=32).digest()[:8].hex()
    expected = json.load(open(expected_file))
    opened = 0
    for scope, values in expected.items():
        path = os.path.join(vault, "global.yaml" if scope == "global" else f"workflows/{scope.split('/', 1)[1]}.yaml")
        secrets = read_scope(path)
        assert sorted(secrets) == sorted(values), f"{path}: names {sorted(secrets)} != {sorted(values)}"
        for name, value in values.items():
            prefix, token_kid, body = secrets[name].split(":")
            assert prefix == "sv1" and token_kid == kid, f"{scope}/{name}: kid {token_kid} != {kid}"
            raw = base64.b64decode(body, validate=True)
            epk, nonce, c = raw[:32], raw[32:56], raw[56:]
            rx, _tx = b.crypto_kx_server_session_keys(pk, sk, epk)
            ad = f"sealvault:v1:{scope}:{name}".encode()
            plain = b.crypto_aead_xchacha20poly1305_ietf_decrypt(c, ad, nonce, rx)
            assert plain == value.encode(), f"{scope}/{name}: value differs"
            opened += 1
    print(f"open_vault.py: opened {opened} tokens made by sealvault with PyNaCl; all values match")


if __name__ == "__main__":
    main()
