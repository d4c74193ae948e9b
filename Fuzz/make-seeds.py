#!/usr/bin/env python3
"""Writes Fuzz/seeds/<target>/ from the test fixtures: the example vault, the dotenv
conformance cases, templates and tokens. Rerun after a fixture changes; the output is
committed (Fuzz/README.md)."""
import hashlib, json, pathlib, shutil

root = pathlib.Path(__file__).resolve().parent.parent
seeds = root / "Fuzz" / "seeds"
vault = root / "vault"
scopes = [vault / "global.yaml", *sorted((vault / "workflows").glob("*.yaml"))]
texts = [p.read_bytes() for p in scopes]
tokens = [line.split(b": ", 1)[1] for t in texts for line in t.splitlines() if b": sv1:" in line]
hostile = [
    b"sealvault: 1\nscope: global\nsecrets: {}\n",
    b"\xef\xbb\xbfsealvault: 1\nscope: global\nsecrets: {}\n",
    b"sealvault: 1\r\nscope: global\r\nsecrets:\r\n  A: " + tokens[0] + b"\r\n",
    b"sealvault: 1\nscope: global\nsecrets: {\"123\": " + tokens[0] + b", b: " + tokens[1] + b"}\n",
    b"sealvault: 1\nscope: global\nsecrets:\n  <<: *x\n  a: &x !!str b\n",
    b"sealvault: 1\nscope: global\nsecrets:\n  A: |\n    <<<<<<< ours\n    =======\n    >>>>>>> theirs\n",
    b"sealvault: 1\n---\nscope: global\n",
    b"sealvault: '1'\nscope: \"global\"\nsecrets:\n  ? A\n  : " + tokens[0] + b"\n",
]
config = (vault / "sealvault.yaml").read_bytes()
templates = [
    b'{"key": "@{API_KEY}", "hook": "@{SLACK_WEBHOOK}"}\n',
    b"curl -H 'Authorization: Bearer @{API_KEY}' https://x/?q=@{url}\n",
    b"@@{API_KEY} @{bad name} @{} @{unclosed @{Long-Name_9}@{unicode}",
    b"line1\n\t@{API_KEY}\xc3\xa9@{MISSING}\n",
]
dotenv = json.loads((root / "Tests/SealFormatTests/Fixtures/dotenv-cases.json").read_text())["cases"]
masker = [
    b"\x01hunter22\x00hunter22 and aHVudGVyMjI= and \"hunter22\"",
    b"\x02abcd\x00abcdef\x00xxabcdefyyabcdab",
    b"\x00line one\nline two\x00a line one b line two\r\n",
    b"\x03caf\xc3\xa9 \"<&>\"/\x00k\x00\x00caf\\u00e9 \\\"\\u003c\\u0026\\u003e\\\"\\/ caf\xc3\xa9",
]
targets = {
    "FuzzScope": texts + hostile + [config],
    "FuzzToken": [bytes([m]) + t for m in range(4) for t in tokens[:2]]
    + [b"\x02\x05hello", b"\x02\x05hello\x00\x00\x01", b"\x03sv1sk:Sq0TmL8Fi/gf0rbzu+1/9An6Ptqct4gSe8FAfrF1rkQ=\n# c\n"],
    "FuzzTemplate": templates,
    "FuzzDotenv": [case["input"].encode() for case in dotenv],
    "FuzzMerge": [texts[0] + b"\x00" + texts[0] + b"\x00" + texts[0], b"\x00" + texts[0] + b"\x00" + texts[0]]
    + [texts[1] + b"\x00" + texts[1].replace(b"API_KEY", b"OTHER") + b"\x00" + texts[1]],
    "FuzzMasker": masker,
}
for target, inputs in targets.items():
    directory = seeds / target
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for data in inputs:
        (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{target}: {len(list(directory.iterdir()))} seeds")
