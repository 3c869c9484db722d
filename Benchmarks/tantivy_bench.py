#!/usr/bin/env python3
"""tantivy 0.27 (Python binding) as the peer engine: index the exported JSONL, time queries in-process.

Usage:
    pip install tantivy==0.27.0
    python3 Benchmarks/tantivy_bench.py build --jsonl docs.jsonl --index DIR --threads 1 [--heap-mb 1024] [--store-body]
    python3 Benchmarks/tantivy_bench.py query --index DIR --queries Benchmarks/queries.tsv [--repeat 10]
    python3 Benchmarks/tantivy_bench.py translate --queries Benchmarks/queries.tsv      # show translations

Each subcommand prints one JSON object on stdout (run.py runs each in its own process, so peak
RSS is per build).

Schema (the same fields our native index has):
    key        raw string, stored       `accession:filename` (what a hit returns)
    body       en_stem text, positions  the extracted document text (from `filesearch-bench export`)
    meta       en_stem text, positions  company names + description + document type + file name (weight 2.0)
    company    default text, positions  company names (company:"…" filter)
    form       raw string               form type
    ciks       raw string, multi        10-digit CIKs
    doc_type   raw string               document type
    filed_days i64, indexed + fast      days since 1970-01-01

Stemming: our engine indexes exact terms and matches a query term against every indexed term with
the same stem; tantivy's `en_stem` tokenizer stems at index time, which gives the same matches.
`=word` (exact form) cannot be expressed and falls back to the stemmed word (noted per query).

Query timing is in-process and warm, like `filesearch query --batch` (whose took_ms covers
search + fetching the hits, not parsing): each query is parsed once, run once untimed, then
`--repeat` times timed: `searcher.search(q, 10, count=False)` plus fetching every hit's key.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import shutil
import sys
import time

EPOCH = dt.date(1970, 1, 1)


# --------------------------------------------------------------------------------------------
# Query translation (our query language → tantivy's)
# --------------------------------------------------------------------------------------------

TOKEN = re.compile(r'\s*(?:(?P<neg>-)?(?P<field>[A-Za-z]+):(?P<fval>"[^"]*"|\S+)'
                   r'|(?P<negp>-)?"(?P<phrase>[^"]*)"(?:~(?P<slop>\d+))?'
                   r'|(?P<paren>[()])'
                   r'|(?P<word>\S+))')


def _day(s: str) -> int:
    return (dt.date.fromisoformat(s) - EPOCH).days


def _date_bounds(v: str) -> tuple[int | None, int | None]:
    """`A..B`, `>=A`, `<=B`, `>A`, `<B`, `YYYY`, `YYYY-MM`, `YYYY-MM-DD` → inclusive day bounds."""
    def lo_hi(x: str) -> tuple[int, int]:
        if re.fullmatch(r"\d{4}", x):
            return _day(f"{x}-01-01"), _day(f"{x}-12-31")
        if re.fullmatch(r"\d{4}-\d{2}", x):
            y, m = int(x[:4]), int(x[5:])
            nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
            return _day(f"{x}-01"), (nxt - EPOCH).days - 1
        d = _day(x)
        return d, d
    if ".." in v:
        a, b = v.split("..", 1)
        return (lo_hi(a)[0] if a else None), (lo_hi(b)[1] if b else None)
    for op in (">=", "<=", ">", "<"):
        if v.startswith(op):
            lo, hi = lo_hi(v[len(op):])
            return {">=": (lo, None), "<=": (None, hi), ">": (hi + 1, None), "<": (None, lo - 1)}[op]
    return lo_hi(v)


def _field(name: str, value: str) -> str:
    v = value[1:-1] if value.startswith('"') and value.endswith('"') else value
    name = name.lower()
    if name == "form":
        return "(" + " OR ".join(f'form:"{f.strip().upper()}"' for f in v.split(",") if f.strip()) + ")"
    if name == "cik":
        return "(" + " OR ".join(f'ciks:"{int(c):010d}"' for c in v.split(",") if c.strip()) + ")"
    if name in ("filed", "period"):
        lo, hi = _date_bounds(v)
        f = "filed_days" if name == "filed" else "period_days"
        return f"{f}:[{lo if lo is not None else -100000} TO {hi if hi is not None else 1000000}]"
    if name == "company":
        return f'company:"{v}"'
    if name == "type":
        return f'doc_type:"{v.upper()}"'
    raise ValueError(f"no tantivy translation for filter {name}:")


_ANALYZER = None


def prefix_stem(p: str) -> str:
    """The prefix to match in an en_stem index for words starting with `p`.

    en_stem stores stems, so `depreciat*` must match the stem `depreci` (of depreciation,
    depreciated …): the longest common prefix of `p` and the stems of `p` + common suffixes.
    """
    global _ANALYZER
    import tantivy
    if _ANALYZER is None:
        _ANALYZER = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
                     .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.stemmer("english")).build())
    out = p
    for suf in ("", "e", "es", "ed", "ing", "ion", "ions", "y", "ies", "s", "al", "ly", "ment"):
        toks = _ANALYZER.analyze(p + suf)
        st = toks[0] if toks else p
        k = 0
        while k < min(len(out), len(st)) and out[k] == st[k]:
            k += 1
        out = out[:k]
    return out if len(out) >= 3 else p


def translate(q: str) -> tuple[str, list[str]]:
    """Our query → (tantivy query string, notes about approximations)."""
    out: list[str] = []
    notes: list[str] = []
    pending_not = False
    toks = [m for m in TOKEN.finditer(q) if m.group(0).strip()]
    i = 0
    while i < len(toks):
        m = toks[i]
        i += 1
        prefix = "-" if pending_not else ""
        pending_not = False
        if m.group("field"):
            s = _field(m.group("field"), m.group("fval"))
            out.append(("-" if m.group("neg") else "+") + s if not prefix else "-" + s)
        elif m.group("phrase") is not None:
            slop = f"~{m.group('slop')}" if m.group("slop") else ""
            neg = "-" if (m.group("negp") or prefix) else "+"
            out.append(f'{neg}"{m.group("phrase")}"{slop}')
        elif m.group("paren"):
            out.append(m.group("paren"))
        else:
            w = m.group("word")
            if w in ("OR", "|"):
                # a OR b: drop the `+` of the previous clause and of the next one
                if out and out[-1].startswith("+"):
                    out[-1] = out[-1][1:]
                out.append("OR")
                continue
            if w == "AND":
                continue
            if w == "NOT":
                pending_not = True
                continue
            near = re.fullmatch(r"NEAR/(\d+)", w)
            if near and out and i < len(toks):
                prev = out.pop().lstrip("+")
                nxt = toks[i].group(0).strip()
                i += 1
                out.append(f'+"{prev} {nxt}"~{near.group(1)}')
                continue
            neg = "-" if (w.startswith("-") and len(w) > 1) or prefix else "+"
            w = w.lstrip("-")
            if w.startswith("="):
                notes.append(f"exact form '{w}' approximated by its stem")
                w = w[1:]
            if w.endswith("*"):
                stem = re.escape(prefix_stem(w[:-1].lower()))
                notes.append("prefix over stemmed terms (tantivy has no unstemmed terms here)")
                out.append(f"{neg}(body:/{stem}.*/ OR meta:/{stem}.*/)")
            else:
                out.append(f"{neg}{w}")
    # operands of OR must not carry `+`
    for k, t in enumerate(out):
        if t == "OR" and k + 1 < len(out) and out[k + 1].startswith("+"):
            out[k + 1] = out[k + 1][1:]
    return " ".join(out), notes


# --------------------------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------------------------

def schema(store_body: bool = False):
    import tantivy
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("body", stored=store_body, tokenizer_name="en_stem", index_option="position")
    sb.add_text_field("meta", tokenizer_name="en_stem", index_option="position")
    sb.add_text_field("company", tokenizer_name="default", index_option="position")
    sb.add_text_field("form", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("ciks", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("doc_type", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("filed_days", indexed=True, fast=True)
    sb.add_integer_field("period_days", indexed=True, fast=True)
    return sb.build()


def du(path: str) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def cmd_build(a) -> dict:
    import tantivy
    if os.path.exists(a.index):
        shutil.rmtree(a.index)
    os.makedirs(a.index)
    t0 = time.perf_counter()
    index = tantivy.Index(schema(a.store_body), path=a.index)
    writer = index.writer(heap_size=a.heap_mb * 1_000_000, num_threads=a.threads)
    docs = text_bytes = 0
    read_s = 0.0
    with open(a.jsonl, "rb") as f:
        for line in f:
            r0 = time.perf_counter()
            r = json.loads(line)
            body = r.get("body") or ""
            d = tantivy.Document()
            d.add_text("key", r["key"])
            d.add_text("body", body)
            d.add_text("meta", r.get("meta") or "")
            for c in r.get("company") or []:
                d.add_text("company", c)
            if r.get("form"):
                d.add_text("form", r["form"].upper())
            for c in r.get("ciks") or []:
                d.add_text("ciks", c)
            if r.get("doc_type"):
                d.add_text("doc_type", r["doc_type"].upper())
            if r.get("filed_days") is not None:
                d.add_integer("filed_days", int(r["filed_days"]))
            if r.get("period"):
                d.add_integer("period_days", _day(r["period"]))
            read_s += time.perf_counter() - r0
            writer.add_document(d)
            docs += 1
            text_bytes += len(body) if body.isascii() else len(body.encode("utf-8"))
    writer.commit()
    writer.wait_merging_threads()
    secs = time.perf_counter() - t0
    return {"engine": "tantivy", "version": getattr(tantivy, "__version__", "0.27"), "threads": a.threads,
            "heap_mb": a.heap_mb, "documents": docs, "text_bytes": text_bytes, "build_s": round(secs, 3),
            "python_read_s": round(read_s, 3), "mb_text_per_s": round(text_bytes / 1e6 / secs, 2),
            "index_bytes": du(a.index), "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------

def read_queries(path: str) -> list[tuple[str, str]]:
    out = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:2] != ["class", "query"]:
            raise SystemExit(f"{path}: first line must be 'class<TAB>query'")
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cls, q = line.split("\t", 1)
            out.append((cls, q))
    return out


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    if not s:
        return float("nan")
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))
    return s[k]


def cmd_query(a) -> dict:
    import tantivy
    index = tantivy.Index.open(a.index)
    index.reload()
    searcher = index.searcher()
    per_query = []
    by_class: dict[str, list[float]] = {}
    for cls, q in read_queries(a.queries):
        try:
            tq, notes = translate(q)
            query = index.parse_query(tq, ["body", "meta"], field_boosts={"meta": a.meta_weight},
                                      conjunction_by_default=True, allow_regexes=True)
        except Exception as e:  # report, do not hide: the class loses this query
            per_query.append({"class": cls, "query": q, "error": str(e)})
            continue
        total = searcher.search(query, 1, count=True).count
        hits = searcher.search(query, a.limit, count=False).hits  # warm-up
        times = []
        for _ in range(a.repeat):
            t0 = time.perf_counter_ns()
            res = searcher.search(query, a.limit, count=False)
            keys = [searcher.doc(addr)["key"][0] for _score, addr in res.hits]
            times.append((time.perf_counter_ns() - t0) / 1e6)
        by_class.setdefault(cls, []).extend(times)
        per_query.append({"class": cls, "query": q, "tantivy": tq, "notes": notes, "total": total,
                          "hits": len(hits), "top": keys[:3], "p50_ms": pct(times, 50)})
    classes = {c: {"p50_ms": pct(v, 50), "p99_ms": pct(v, 99), "samples": len(v)} for c, v in by_class.items()}
    allv = [t for v in by_class.values() for t in v]
    classes["all"] = {"p50_ms": pct(allv, 50), "p99_ms": pct(allv, 99), "samples": len(allv)}
    return {"engine": "tantivy", "documents": searcher.num_docs, "repeat": a.repeat, "classes": classes,
            "queries": per_query}


def main() -> None:
    ap = argparse.ArgumentParser(description="tantivy peer benchmark")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("--jsonl", required=True)
    b.add_argument("--index", required=True)
    b.add_argument("--threads", type=int, default=1)
    b.add_argument("--heap-mb", type=int, default=1024)
    b.add_argument("--store-body", action="store_true", help="store the body text (LZ4 doc store, the binding's default), as our index does for snippets")
    q = sub.add_parser("query")
    q.add_argument("--index", required=True)
    q.add_argument("--queries", required=True)
    q.add_argument("--repeat", type=int, default=10)
    q.add_argument("--limit", type=int, default=10)
    q.add_argument("--meta-weight", type=float, default=2.0)
    t = sub.add_parser("translate")
    t.add_argument("--queries", required=True)
    a = ap.parse_args()
    try:
        import tantivy  # noqa: F401
    except ImportError:
        sys.exit("tantivy_bench: the tantivy module is missing: pip install tantivy==0.27.0")
    if a.cmd == "build":
        print(json.dumps(cmd_build(a)))
    elif a.cmd == "query":
        print(json.dumps(cmd_query(a)))
    else:
        for cls, qq in read_queries(a.queries):
            tq, notes = translate(qq)
            print(f"{cls}\t{qq}\t{tq}\t{'; '.join(notes)}")


if __name__ == "__main__":
    main()
