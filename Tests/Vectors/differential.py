#!/usr/bin/env python3
"""Differential test of the strict reader against PyYAML (make test runs it).

For every scope file of the fuzz corpus (Fuzz/seeds/FuzzScope, Fuzz/corpus/FuzzScope): when
`sealvault check` accepts it as a vault's global.yaml, PyYAML's safe_load must read it to the
same names and tokens (compared through `sealvault textconv`, which prints each name with the
BLAKE2b hash of its token text). So the reader never accepts a file that another YAML tool
reads differently. Usage: differential.py SEALVAULT_BINARY"""
import concurrent.futures, hashlib, os, pathlib, shutil, subprocess, sys, tempfile

import yaml

root = pathlib.Path(__file__).resolve().parents[2]
binary = os.path.abspath(sys.argv[1])
config = (root / "vault" / "sealvault.yaml").read_bytes()
files = sorted(p for d in ("seeds", "corpus") for p in (root / "Fuzz" / d / "FuzzScope").glob("*") if p.is_file())


def compare(path):
    data = path.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        vault = pathlib.Path(tmp) / "vault"
        (vault / "workflows").mkdir(parents=True)
        (vault / "sealvault.yaml").write_bytes(config)
        (vault / "global.yaml").write_bytes(data)
        env = {"PATH": "/usr/bin:/bin", "HOME": tmp}
        check = subprocess.run([binary, "check", "--vault", str(vault)], capture_output=True, env=env)
        if check.returncode != 0:
            return None
        shown = subprocess.run([binary, "textconv", str(vault / "global.yaml")], capture_output=True, env=env)
    ours = dict(line.split(" sealed:") for line in shown.stdout.decode().splitlines()[1:])
    try:
        document = yaml.safe_load(data)
        secrets = document["secrets"]
        theirs = {k: hashlib.blake2b(v.encode(), digest_size=32).hexdigest()[:8] for k, v in secrets.items()}
    except Exception as error:
        return f"{path.name}: sealvault accepts it, PyYAML does not read it ({type(error).__name__}: {error})"
    if ours != theirs or not all(isinstance(k, str) for k in secrets):
        return f"{path.name}: sealvault reads {sorted(ours)}, PyYAML reads {sorted(map(repr, secrets))}"
    return "same"


with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    results = list(pool.map(compare, files))
failures = [r for r in results if r not in (None, "same")]
accepted = sum(r is not None for r in results)
for failure in failures:
    print("differential:", failure)
print(f"differential: {len(files)} corpus files, {accepted} accepted by sealvault, {len(failures)} read otherwise by PyYAML")
sys.exit(1 if failures else 0)
