#!/usr/bin/env python3
"""Checks a generated corpus against its manifests with an independent header reader.

    python3 Benchmarks/verify_corpus.py Benchmarks/work/corpus-1000-s1 [--sample 1000]

For every (or every k-th) filing: size and sha256 match the MANIFEST.tsv row; the header's
ACCESSION NUMBER, CONFORMED SUBMISSION TYPE, FILED AS OF DATE and CONFORMED PERIOD OF REPORT
match accession/form/filed/period; the CIKs and names of the header blocks, issuer/subject first
(the shared manifests' rule), match ciks/company; PUBLIC DOCUMENT COUNT equals the number of
<DOCUMENT>s; every uuencoded block ends with `end`. Exit status 1 with the first problems listed.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys

FIELD = re.compile(r"^([A-Z][A-Z -]+):\t+(.*)$")


def header_facts(text: str) -> dict:
    head = text.split("</SEC-HEADER>", 1)[0]
    facts: dict = {"blocks": []}
    block = None
    for line in head.splitlines():
        if re.match(r"^(FILER|REPORTING-OWNER|ISSUER|SUBJECT COMPANY|FILED BY):", line):
            block = {"role": line.split(":")[0], "cik": None, "name": None}
            facts["blocks"].append(block)
            continue
        m = FIELD.match(line.strip("\t") if line.startswith("\t") else line)
        if not m:
            continue
        k, v = m.group(1), m.group(2).strip()
        if line.startswith("\t") and block is not None:
            if k == "COMPANY CONFORMED NAME":
                block["name"] = v
            elif k == "CENTRAL INDEX KEY":
                block["cik"] = v
        elif not line.startswith("\t"):
            facts.setdefault(k, v)
    return facts


def iso(d: str) -> str:
    return f"{d[:4]}-{d[4:6]}-{d[6:8]}" if d else ""


def check(path: str, row: dict) -> list[str]:
    errs = []
    data = open(path, "rb").read()
    if str(len(data)) != row["bytes"]:
        errs.append(f"bytes {len(data)} != manifest {row['bytes']}")
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        errs.append("sha256 differs from manifest")
    text = data.decode("ascii")
    f = header_facts(text)
    for key, col, conv in (("ACCESSION NUMBER", "accession", str), ("CONFORMED SUBMISSION TYPE", "form", str),
                           ("FILED AS OF DATE", "filed", iso), ("CONFORMED PERIOD OF REPORT", "period", iso)):
        got = conv(f.get(key, ""))
        if got != row[col]:
            errs.append(f"{key} {got!r} != manifest {col} {row[col]!r}")
    first = [b for b in f["blocks"] if b["role"] in ("ISSUER", "SUBJECT COMPANY")]
    rest = [b for b in f["blocks"] if b["role"] not in ("ISSUER", "SUBJECT COMPANY")]
    ciks, names, seen = [], [], set()
    for b in first + rest:
        if b["cik"] and b["cik"] not in seen:
            seen.add(b["cik"])
            ciks.append(b["cik"])
            names.append(b["name"] or "")
    if ",".join(ciks) != row["ciks"]:
        errs.append(f"header CIKs {ciks} != manifest {row['ciks']}")
    if " | ".join(names) != row["company"]:
        errs.append(f"header names {names} != manifest {row['company']!r}")
    ndocs = text.count("\n<DOCUMENT>\n")
    if f.get("PUBLIC DOCUMENT COUNT") != str(ndocs):
        errs.append(f"PUBLIC DOCUMENT COUNT {f.get('PUBLIC DOCUMENT COUNT')} != {ndocs} <DOCUMENT>s")
    for m in re.finditer(r"(?m)^begin 644 (\S+)$", text):
        if not re.search(r"(?m)^end$", text[m.end():m.end() + 2_000_000]):
            errs.append(f"uuencoded {m.group(1)} has no end line")
    if not text.endswith("</SEC-DOCUMENT>\n"):
        errs.append("does not end with </SEC-DOCUMENT>")
    return errs


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--every", type=int, default=1, help="check every k-th filing")
    a = ap.parse_args()
    checked, bad = 0, []
    for shard in sorted(os.listdir(a.corpus)):
        man = os.path.join(a.corpus, shard, "MANIFEST.tsv")
        if not os.path.exists(man):
            continue
        with open(man, encoding="utf-8") as fh:
            cols = fh.readline().rstrip("\n").split("\t")
            for k, line in enumerate(fh):
                if k % a.every:
                    continue
                row = dict(zip(cols, line.rstrip("\n").split("\t")))
                errs = check(os.path.join(a.corpus, shard, row["file"]), row)
                checked += 1
                if errs:
                    bad.append((f"{shard}/{row['file']}", errs))
    for name, errs in bad[:20]:
        print(f"{name}: " + "; ".join(errs), file=sys.stderr)
    print(f"verify_corpus: {checked} filings checked, {len(bad)} with problems", file=sys.stderr)
    return 1 if bad or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
