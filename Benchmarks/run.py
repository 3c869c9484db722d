#!/usr/bin/env python3
"""One-command benchmark: native index vs SQLite FTS5 (vs tantivy) on a generated EDGAR corpus.

    python3 Benchmarks/run.py --filings 100000 --with-tantivy          # full run (manual)
    python3 Benchmarks/run.py --filings 100000 --with-tantivy --scaling # + 10k / 30k / 100k
    python3 Benchmarks/run.py --smoke                                   # CI: 1,000 filings, fails loudly

Steps (every step's failure is reported and makes the exit status non-zero):
 1. `swift build -c release` (filesearch, filesearch-bench).
 2. Generate (or reuse) Benchmarks/work/corpus-<N>-s<seed> with generate_corpus.py (smaller sizes
    are hard-linked prefixes of a larger existing corpus: filing i is the same file in both).
 3. `filesearch-bench export` → the extracted text as JSON Lines (text bytes for MB text/s; tantivy input).
 4. Per backend (native, fts5): `/usr/bin/time -v filesearch index <corpus> --index DIR --rebuild --quiet
    [--backend fts5]` → wall time, peak RSS, MB raw/s, MB text/s, index size (du).
 5. Per backend: `filesearch query --batch FILE --json --index DIR [--backend fts5]`; FILE holds each
    query of Benchmarks/queries.tsv 1 + --repeat times; the first run is warm-up; took_ms (in-process)
    of the others gives p50/p99 per class.
 6. --with-tantivy: tantivy_bench.py build with 1 and 2 threads (each in its own process), query.
Results: Benchmarks/results/<date>-<N>.json and .md (smoke: Benchmarks/work/results/).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
WORK = os.path.join(HERE, "work")
sys.path.insert(0, HERE)


class StepFailed(Exception):
    pass


class PartialFailure(StepFailed):
    """A step that produced usable results but must still fail the run."""

    def __init__(self, result: dict, message: str):
        super().__init__(message)
        self.result = result


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def run(cmd: list[str], *, cwd: str = ROOT, capture: bool = True, timed: bool = False, what: str = "",
        ok_codes: tuple[int, ...] = (0,)) -> dict:
    """Runs `cmd`; with `timed`, under /usr/bin/time -v (wall time, peak RSS, user and system CPU) and with
    the machine-wide CPU seconds spent waiting on I/O meanwhile (/proc/stat). Raises StepFailed on failure."""
    full = (["/usr/bin/time", "-v"] if timed else []) + cmd
    io0 = iowait_seconds() if timed else None
    t0 = time.perf_counter()
    p = subprocess.run(full, cwd=cwd, stdout=subprocess.PIPE if capture else None, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    io1 = iowait_seconds() if timed else None
    res = {"cmd": " ".join(cmd), "wall_s": round(wall, 3), "returncode": p.returncode,
           "stdout": p.stdout if capture else "", "stderr": p.stderr}
    if timed:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
        res["peak_rss_kb"] = int(m.group(1)) if m else None
        m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", p.stderr)
        if m:
            parts = [float(x) for x in m.group(1).split(":")]
            res["wall_s"] = round(sum(v * 60 ** (len(parts) - 1 - k) for k, v in enumerate(parts)), 3)
        for key, label in (("user_s", "User time (seconds)"), ("sys_s", "System time (seconds)")):
            m = re.search(re.escape(label) + r": ([\d.]+)", p.stderr)
            res[key] = float(m.group(1)) if m else None
        res["iowait_s"] = round(io1 - io0, 2) if io0 is not None and io1 is not None else None
    if p.returncode not in ok_codes:
        tail = "\n".join((p.stderr or "").strip().splitlines()[-15:])
        raise StepFailed(f"{what or cmd[0]} failed (exit {p.returncode}): {' '.join(cmd)}\n{tail}")
    return res


def iowait_seconds() -> float | None:
    """CPU seconds the whole machine has spent idle waiting on I/O since boot (/proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return int(fields[5]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def du(path: str) -> int:
    total = 0
    for root, _d, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def pct(xs: list[float], p: float) -> float | None:
    s = sorted(xs)
    if not s:
        return None
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * (len(s) - 1)))))]


# --------------------------------------------------------------------------------------------

def machine() -> dict:
    info = {"platform": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version()}
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            info["cpu"] = m.group(1).strip() if m else None
        with open("/proc/meminfo") as f:
            m = re.search(r"MemTotal:\s*(\d+)", f.read())
            info["mem_gib"] = round(int(m.group(1)) / 1024 / 1024, 1) if m else None
    except OSError:
        pass
    try:
        info["swift"] = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        info["swift"] = None
    try:
        info["git"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        info["git"] = None
    return info


def loadavg() -> list[float]:
    try:
        return [float(x) for x in open("/proc/loadavg").read().split()[:3]]
    except OSError:
        return []


def queries_file(args) -> tuple[str, bool]:
    """Benchmarks/queries.tsv (owner: fts5 helper), or a provisional copy under work/ when it is absent."""
    if args.queries:
        return args.queries, False
    q = os.path.join(HERE, "queries.tsv")
    if os.path.exists(q):
        return q, False
    prov = os.path.join(WORK, "queries.tsv")
    os.makedirs(WORK, exist_ok=True)
    with open(prov, "w") as f:
        f.write("class\tquery\n" + "".join(f"{c}\t{q}\n" for c, q in PROVISIONAL_QUERIES))
    log(f"NOTE: Benchmarks/queries.tsv is absent; using a PROVISIONAL query set {prov}")
    return prov, True


PROVISIONAL_QUERIES = [
    ("rare_term", "melkote"), ("rare_term", "pickleball"), ("common_term", "company"), ("common_term", "securities"),
    ("two_term_and", "interest rate"), ("two_term_and", "executive officer"),
    ("three_term_or", "merger OR acquisition OR consolidation"), ("phrase", '"common stock"'),
    ("phrase", '"board of directors"'), ("phrase_form", '"common stock" form:4'),
    ("term_date", "shares filed:2024-01-01..2025-12-31"), ("term_cik", "revenue cik:320193"),
]


def read_queries(path: str) -> list[tuple[str, str]]:
    out = []
    if not os.path.isfile(path):
        raise StepFailed(f"query file {path} does not exist")
    with open(path, encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        if head[:2] != ["class", "query"]:
            raise StepFailed(f"{path}: first line must be 'class<TAB>query'")
        for line in f:
            line = line.rstrip("\n")
            if line.strip() and not line.startswith("#"):
                c, q = line.split("\t", 1)
                out.append((c, q))
    return out


# --------------------------------------------------------------------------------------------

def build_release(args) -> str:
    conf = "debug" if args.debug else "release"
    if not args.skip_build:
        log(f"swift build -c {conf} …")
        run(["swift", "build", "-c", conf], what=f"swift build -c {conf}", capture=True)
    binp = run(["swift", "build", "-c", conf, "--show-bin-path"], what="swift build --show-bin-path")["stdout"].strip()
    for exe in ("filesearch", "filesearch-bench"):
        if not os.path.exists(os.path.join(binp, exe)):
            raise StepFailed(f"release binary {exe} missing in {binp} (did the build succeed?)")
    return binp


def detect_features(binp: str) -> dict:
    """Which parts of the documented CLI interface exist in this build."""
    fs = os.path.join(binp, "filesearch")

    def help_of(sub: str) -> str:
        p = subprocess.run([fs, sub, "--help"], capture_output=True, text=True)
        return (p.stdout or "") + (p.stderr or "")
    ih, qh = help_of("index"), help_of("query")
    return {"index": "--rebuild" in ih, "index_quiet": "--quiet" in ih, "query_batch": "--batch" in qh,
            "query_json": "--json" in qh,
            "backend_index": "--backend" in ih, "backend_query": "--backend" in qh,
            "index_threads": "--threads" in ih}


def ensure_corpus(n: int, seed: int, workers: int) -> tuple[str, dict]:
    """Benchmarks/work/corpus-<n>-s<seed>: reused when its summary matches, else linked or generated."""
    import generate_corpus as gen
    out = os.path.join(WORK, f"corpus-{n}-s{seed}")
    summ = out + ".summary.json"
    if os.path.exists(summ):
        s = json.load(open(summ))
        if s.get("filings") == n and s.get("seed") == seed and s.get("generator_version") == gen.GENERATOR_VERSION:
            log(f"reusing corpus {out} ({s['bytes'] / 1e9:.2f} GB)")
            return out, s
        log(f"corpus {out} is stale (generator/seed changed): regenerating")
    if os.path.exists(out):
        shutil.rmtree(out)
    # a larger corpus with the same seed holds this one as a prefix (filing i only depends on seed, i)
    if n % gen.SHARD == 0:
        for name in sorted(os.listdir(WORK)) if os.path.isdir(WORK) else []:
            m = re.fullmatch(rf"corpus-(\d+)-s{seed}\.summary\.json", name)
            if not m or int(m.group(1)) <= n:
                continue
            big = json.load(open(os.path.join(WORK, name)))
            if big.get("generator_version") != gen.GENERATOR_VERSION:
                continue
            src = os.path.join(WORK, f"corpus-{m.group(1)}-s{seed}")
            log(f"linking the first {n} filings of {src}")
            os.makedirs(out)
            for s_i in range(n // gen.SHARD):
                shutil.copytree(os.path.join(src, f"s{s_i:04d}"), os.path.join(out, f"s{s_i:04d}"), copy_function=os.link)
            nbytes = sum(os.path.getsize(os.path.join(dp, f)) for dp, _d, fs in os.walk(out) for f in fs if f != "MANIFEST.tsv")
            s = {"generator_version": gen.GENERATOR_VERSION, "seed": seed, "filings": n, "bytes": nbytes,
                 "linked_from": src}
            json.dump(s, open(summ, "w"), indent=1)
            return out, s
    log(f"generating {n} filings (seed {seed}) …")
    r = run([sys.executable, os.path.join(HERE, "generate_corpus.py"), "--filings", str(n), "--out", out,
             "--seed", str(seed), "--workers", str(workers)], what="generate_corpus.py")
    s = json.load(open(summ))
    s["generate_wall_s"] = r["wall_s"]
    return out, s


def export(binp: str, corpus: str, out: str) -> dict:
    log(f"exporting extracted text → {out}")
    r = run([os.path.join(binp, "filesearch-bench"), "export", corpus, "--out", out], what="filesearch-bench export")
    stats = json.loads(r["stdout"].strip().splitlines()[-1])
    if stats["records"] == 0:
        raise StepFailed("export produced no records (CorpusWalker/Ingest placeholders? merge the filing branch)")
    return stats


def bench_backend(binp: str, backend: str, corpus: str, corpus_stats: dict, text_bytes: int, queries: list,
                  args, feats: dict, tag: str) -> dict:
    fs = os.path.join(binp, "filesearch")
    idx = os.path.join(WORK, f"index-{backend}-{tag}")
    remove_index(idx, backend)
    bflag = [] if backend == "native" else ["--backend", backend]
    extra = args.index_args.split() if args.index_args else []
    via_bench = backend == "fts5" and not (feats["backend_index"] and feats["backend_query"])
    if via_bench:
        # CLI has no --backend yet: the same library calls, in-process, through the bench driver
        bench = os.path.join(binp, "filesearch-bench")
        cmd = [bench, "fts5-index", corpus, "--index", idx]
    else:
        cmd = [fs, "index", corpus, "--index", idx, "--rebuild"] + (["--quiet"] if feats["index_quiet"] else []) + bflag + extra
    log(f"[{backend}] indexing: {' '.join(cmd)}")
    settle(corpus)
    r = run(cmd, timed=True, what=f"{backend} index")
    size = index_size(idx, backend)
    store = None
    if backend == "native" and not via_bench:
        # The LZ4 text store (snippets) is ours alone among the peers' default configurations: report
        # the size without it too (tantivy's default run stores no text; see the tantivy +stored row).
        st = run([fs, "stats", "--json", "--index", idx], what="native stats")
        store = json.loads(st["stdout"]).get("bytesByComponent", {}).get("store")
    res = {"backend": backend, "store_bytes": store, "via": "filesearch-bench" if via_bench else "filesearch", "index_cmd": r["cmd"], "build_s": r["wall_s"], "peak_rss_kb": r.get("peak_rss_kb"),
           "user_s": r.get("user_s"), "sys_s": r.get("sys_s"), "iowait_s": r.get("iowait_s"),
           "index_bytes": size, "mb_raw_per_s": round(corpus_stats["bytes"] / 1e6 / r["wall_s"], 2),
           "mb_text_per_s": round(text_bytes / 1e6 / r["wall_s"], 2)}
    # queries: each 1 + repeat times; first is warm-up
    batch = os.path.join(WORK, f"batch-{tag}.txt")
    with open(batch, "w") as f:
        for _c, q in queries:
            f.write((q + "\n") * (1 + args.repeat))
    if via_bench:
        qcmd = [os.path.join(binp, "filesearch-bench"), "fts5-query", "--index", idx, "--batch", batch]
    else:
        qcmd = [fs, "query", "--batch", batch, "--json", "--index", idx] + bflag
    log(f"[{backend}] queries: {len(queries)} × (1 + {args.repeat})")
    settle()
    # exit status 2 = some line did not parse; its JSON line says which, the others are timed
    qr = run(qcmd, what=f"{backend} query --batch", ok_codes=(0, 2))
    lines = [json.loads(l) for l in qr["stdout"].splitlines() if l.strip()]
    if len(lines) != len(queries) * (1 + args.repeat):
        raise StepFailed(f"{backend} query --batch printed {len(lines)} lines for {len(queries) * (1 + args.repeat)} queries")
    by_class: dict[str, list[float]] = {}
    per_query = []
    for k, (cls, q) in enumerate(queries):
        runs = lines[k * (1 + args.repeat):(k + 1) * (1 + args.repeat)]
        errs = [x for x in runs if "error" in x]
        if errs:
            per_query.append({"class": cls, "query": q, "error": errs[0]["error"]})
            continue
        times = [float(x["took_ms"]) for x in runs[1:]]
        by_class.setdefault(cls, []).extend(times)
        exact = runs[0].get("total_is_exact", True)
        per_query.append({"class": cls, "query": q, "total": runs[0].get("total") if exact else None,
                          "total_lower_bound": None if exact else runs[0].get("total"), "hits": len(runs[0].get("hits") or []),
                          "p50_ms": pct(times, 50)})
    classes = {c: {"p50_ms": pct(v, 50), "p99_ms": pct(v, 99), "samples": len(v)} for c, v in by_class.items()}
    allv = [t for v in by_class.values() for t in v]
    classes["all"] = {"p50_ms": pct(allv, 50), "p99_ms": pct(allv, 99), "samples": len(allv)}
    res["classes"] = classes
    res["queries"] = per_query
    res["query_errors"] = sum(1 for p in per_query if "error" in p)
    if not args.keep_indexes:
        remove_index(idx, backend)
    if backend == "native" and res["query_errors"]:
        # queries.tsv is written in our query language: the native CLI must accept every line
        bad = [f"{p['query']!r}: {p['error']}" for p in per_query if "error" in p]
        raise PartialFailure(res, f"native rejected {len(bad)} queries of the query set: " + "; ".join(bad[:5]))
    return res


def fts5_paths(idx: str) -> list[str]:
    """The FTS5 database of index directory `idx` is `<idx>.fts5.sqlite` beside it (BackendSelection.swift)."""
    db = idx.rstrip("/") + ".fts5.sqlite"
    return [db, db + "-wal", db + "-shm", db + "-journal"]


def index_size(idx: str, backend: str) -> int:
    total = du(idx) if os.path.isdir(idx) else 0
    if backend == "fts5":
        total += sum(os.path.getsize(p) for p in fts5_paths(idx) if os.path.exists(p))
    return total


def settle(inputs: str | None = None) -> None:
    """Flushes dirty pages (the 3.7 GB text export, a deleted or just-built index) before a timed build
    or query run, so no engine pays for another step's disk writeback; then reads `inputs` (a file or a
    directory tree) once, untimed, so every engine's build starts with its input in the page cache
    (the corpus, the export and the indexes do not all fit beside each other: an evicted input made
    a build wait on disk reads)."""
    os.sync()
    if inputs is None:
        return
    paths = [inputs] if os.path.isfile(inputs) else [os.path.join(d, f) for d, _, fs in os.walk(inputs) for f in fs]
    for p in paths:
        with open(p, "rb", buffering=0) as f:
            while f.read(8 << 20):
                pass


def remove_index(idx: str, backend: str) -> None:
    shutil.rmtree(idx, ignore_errors=True)
    if backend == "fts5":
        for p in fts5_paths(idx):
            if os.path.exists(p):
                os.remove(p)


def bench_tantivy(jsonl: str, text_bytes: int, raw_bytes: int, queries_path: str, args, tag: str) -> list[dict]:
    out = []
    tb = os.path.join(HERE, "tantivy_bench.py")
    for threads in (1, 2):
        idx = os.path.join(WORK, f"index-tantivy{threads}-{tag}")
        log(f"[tantivy] build, {threads} thread(s)")
        settle(jsonl)
        r = run([sys.executable, tb, "build", "--jsonl", jsonl, "--index", idx, "--threads", str(threads)],
                timed=True, what=f"tantivy build ({threads} threads)")
        b = json.loads(r["stdout"].strip().splitlines()[-1])
        b["peak_rss_kb"] = r.get("peak_rss_kb") or b.get("peak_rss_kb")
        b.update({k: r.get(k) for k in ("user_s", "sys_s", "iowait_s")})
        b["backend"] = f"tantivy-{threads}t"
        b["mb_raw_per_s"] = round(raw_bytes / 1e6 / b["build_s"], 2)
        b["mb_text_per_s"] = round(text_bytes / 1e6 / b["build_s"], 2)
        if threads == 2:
            log("[tantivy] queries")
            settle()
            q = run([sys.executable, tb, "query", "--index", idx, "--queries", queries_path, "--repeat", str(args.repeat)],
                    what="tantivy query")
            qd = json.loads(q["stdout"].strip().splitlines()[-1])
            b["classes"] = qd["classes"]
            b["queries"] = qd["queries"]
            b["query_errors"] = sum(1 for p in qd["queries"] if "error" in p)
        if not args.keep_indexes:
            shutil.rmtree(idx, ignore_errors=True)
        out.append(b)
    # Size with the body text stored (tantivy's LZ4 doc store), like our index which keeps the text for snippets.
    idx = os.path.join(WORK, f"index-tantivy2s-{tag}")
    log("[tantivy] build, 2 threads, body stored")
    settle(jsonl)
    r = run([sys.executable, tb, "build", "--jsonl", jsonl, "--index", idx, "--threads", "2", "--store-body"],
            timed=True, what="tantivy build (2 threads, stored body)")
    b = json.loads(r["stdout"].strip().splitlines()[-1])
    b["peak_rss_kb"] = r.get("peak_rss_kb") or b.get("peak_rss_kb")
    b["backend"] = "tantivy-2t+stored"
    b["mb_raw_per_s"] = round(raw_bytes / 1e6 / b["build_s"], 2)
    b["mb_text_per_s"] = round(text_bytes / 1e6 / b["build_s"], 2)
    if not args.keep_indexes:
        shutil.rmtree(idx, ignore_errors=True)
    out.append(b)
    return out


# --------------------------------------------------------------------------------------------

def agreement(engines: list[dict]) -> dict:
    """Per query, the total number of matches of each engine; lists the queries where they differ.

    native and fts5 index the same records and must agree; tantivy stems with Snowball at index
    time and tokenizes differently, so small differences there are expected (shown, not failed).
    """
    totals: dict[str, dict[str, int | None]] = {}
    for b in engines:
        for q in b.get("queries", []):
            if q.get("total") is not None:  # inexact totals (early-terminated top-k) are not compared
                totals.setdefault(f"{q['class']}\t{q['query']}", {})[b["backend"]] = q["total"]
    differ = {k: v for k, v in totals.items() if len({x for x in v.values()}) > 1}
    nf = [k for k, v in totals.items() if "native" in v and "fts5" in v and v["native"] != v["fts5"]]
    return {"queries": len(totals), "differ": differ, "native_fts5_mismatch": nf}


def gb(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


def fmt_ms(v) -> str:
    if v is None:
        return "–"
    return f"{v:.3f}" if v < 1 else (f"{v:.2f}" if v < 10 else f"{v:.1f}")


def markdown(res: dict) -> str:
    L = []
    m = res["machine"]
    L.append(f"# filesearch benchmark — {res['date']} — {res['filings']:,} filings\n")
    L.append(f"Machine: {m.get('cpu')} × {m.get('cpus')} cores, {m.get('mem_gib')} GiB; {m.get('swift')}; "
             f"commit {m.get('git')}. Load average before/after: {res['load_before']} / {res['load_after']}"
             + (" — **the machine was busy: timings are noisy**" if res['load_before'] and res['load_before'][0] > 1.5 else "") + "\n")
    L.append(f"Command: `{res['command']}`\n")
    for run_ in res["runs"]:
        c = run_["corpus"]
        e = run_["export"]
        L.append(f"## {c['filings']:,} filings: {gb(c['bytes'])} raw, {e['records']:,} documents, "
                 f"{gb(e['text_bytes'])} of text\n")
        L.append("| engine | build s | MB raw/s | MB text/s | index MB | index MB without text store | peak RSS MB | CPU user + sys s | machine I/O wait s |")
        L.append("|---|---|---|---|---|---|---|---|---|")
        for b in run_["engines"]:
            st = b.get("store_bytes")
            nostore = f"{(b['index_bytes'] - st) / 1e6:,.0f}" if st is not None else "–"
            cpu = f"{b['user_s']:.1f} + {b['sys_s']:.1f}" if b.get("user_s") is not None and b.get("sys_s") is not None else "–"
            iow = f"{b['iowait_s']:.1f}" if b.get("iowait_s") is not None else "–"
            L.append(f"| {b['backend']} | {b['build_s']:.1f} | {b['mb_raw_per_s']:.1f} | {b['mb_text_per_s']:.1f} | "
                     f"{b['index_bytes'] / 1e6:,.0f} | {nostore} | {(b.get('peak_rss_kb') or 0) / 1024:,.0f} | {cpu} | {iow} |")
        engines = [b for b in run_["engines"] if "classes" in b]
        if engines:
            L.append("")
            L.append("Top-10 query latency, in-process, warm (p50 / p99 ms):\n")
            L.append("| class | " + " | ".join(b["backend"] for b in engines) + " |")
            L.append("|---|" + "---|" * len(engines))
            classes = []
            for b in engines:
                for cl in b["classes"]:
                    if cl not in classes:
                        classes.append(cl)
            classes = [c for c in classes if c != "all"] + ["all"]
            for cl in classes:
                cells = []
                for b in engines:
                    v = b["classes"].get(cl)
                    cells.append(f"{fmt_ms(v['p50_ms'])} / {fmt_ms(v['p99_ms'])}" if v else "–")
                L.append(f"| {cl} | " + " | ".join(cells) + " |")
            errs = {b["backend"]: b.get("query_errors", 0) for b in engines if b.get("query_errors")}
            if errs:
                L.append(f"\nQueries that failed (excluded above): {errs}")
            ag = run_.get("agreement") or {}
            if ag.get("queries") and len(engines) > 1:
                L.append(f"\nMatch totals: {ag['queries'] - len(ag['differ'])} of {ag['queries']} queries agree across "
                         f"engines; native vs fts5 mismatches: {len(ag['native_fts5_mismatch'])}.")
                for k in list(ag["differ"])[:12]:
                    c, q = k.split("\t", 1)
                    L.append(f"- `{q}` ({c}): " + ", ".join(f"{e} {t}" for e, t in ag["differ"][k].items()))
        if run_.get("ingest"):
            L.append("\nSingle-thread ingestion (`filesearch-bench ingest`, CPU time):\n\n```\n" + run_["ingest"] + "\n```")
        L.append("")
    if len(res["runs"]) > 1:
        L.append("## Scaling\n")
        names = []
        for r_ in res["runs"]:
            for b in r_["engines"]:
                if b["backend"] not in names:
                    names.append(b["backend"])
        L.append("| filings | " + " | ".join(f"{n} build s / p50 all ms" for n in names) + " |")
        L.append("|---|" + "---|" * len(names))
        for r_ in res["runs"]:
            cells = []
            for n in names:
                b = next((x for x in r_["engines"] if x["backend"] == n), None)
                if b is None:
                    cells.append("–")
                else:
                    p = b.get("classes", {}).get("all", {}).get("p50_ms")
                    cells.append(f"{b['build_s']:.1f} / {fmt_ms(p)}")
            L.append(f"| {r_['corpus']['filings']:,} | " + " | ".join(cells) + " |")
        L.append("")
    if res.get("notes"):
        L.append("Notes:\n")
        L += [f"- {n}" for n in res["notes"]]
    return "\n".join(L) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description="filesearch benchmark harness")
    ap.add_argument("--filings", type=int, default=None, help="corpus size (default 100000; --smoke: 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--with-tantivy", action="store_true", help="add tantivy 0.27 as third engine")
    ap.add_argument("--scaling", action="store_true", help="also run 10k and 30k (sizes below --filings)")
    ap.add_argument("--smoke", action="store_true", help="CI mode: 1,000 filings, repeat 3, no tantivy")
    ap.add_argument("--backends", default="native,fts5")
    ap.add_argument("--repeat", type=int, default=None, help="timed runs per query (default 10; smoke 3)")
    ap.add_argument("--queries", default=None, help="class<TAB>query file (default Benchmarks/queries.tsv)")
    ap.add_argument("--skip-build", action="store_true", help="use existing release binaries")
    ap.add_argument("--debug", action="store_true",
                    help="use debug binaries (CI smoke on a machine that already built debug; timings meaningless)")
    ap.add_argument("--allow-missing", action="store_true", help="skip backends whose CLI features are missing")
    ap.add_argument("--keep-indexes", action="store_true")
    ap.add_argument("--with-ingest", action="store_true",
                    help="also run `filesearch-bench ingest` (single-thread parse/extract/tokenize; reads the corpus into memory)")
    ap.add_argument("--index-args", default="", help="extra arguments for `filesearch index` (e.g. '--threads 2')")
    ap.add_argument("--workers", type=int, default=2, help="generator processes")
    args = ap.parse_args()
    n = args.filings or (1000 if args.smoke else 100_000)
    if args.repeat is None:
        args.repeat = 3 if args.smoke else 10
    if args.smoke and args.with_tantivy:
        log("--smoke ignores --with-tantivy")
        args.with_tantivy = False
    sizes = sorted({s for s in (10_000, 30_000) if s < n} | {n}) if args.scaling else [n]
    os.makedirs(WORK, exist_ok=True)
    res = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d"), "filings": n, "seed": args.seed,
           "configuration": "debug" if args.debug else "release",
           "command": "python3 Benchmarks/run.py " + " ".join(sys.argv[1:]), "machine": machine(),
           "load_before": loadavg(), "runs": [], "notes": [], "failures": []}
    failed = False
    try:
        qpath, provisional = queries_file(args)
        if provisional:
            res["notes"].append("Benchmarks/queries.tsv was absent: a provisional query set was used")
        queries = read_queries(qpath)
        res["queries_file"] = os.path.relpath(qpath, ROOT)
        binp = build_release(args)
        feats = detect_features(binp)
        res["features"] = feats
        backends = [b.strip() for b in args.backends.split(",") if b.strip()]
        missing = []
        if not (feats["index"] and feats["query_batch"] and feats["query_json"]):
            missing.append("native: `filesearch index --rebuild` and/or `filesearch query --batch --json` are not built yet")
        if "fts5" in backends and not (feats["backend_index"] and feats["backend_query"]):
            log("NOTE: `filesearch index/query --backend fts5` is not wired yet: FTS5 runs through "
                "`filesearch-bench fts5-index/fts5-query` (same library calls, in-process)")
            res["notes"].append("fts5 ran through filesearch-bench fts5-index/fts5-query (CLI --backend not wired yet)")
        if missing:
            for m_ in missing:
                log("MISSING FEATURE: " + m_)
            res["notes"] += ["missing: " + m_ for m_ in missing]
            if not args.allow_missing:
                raise StepFailed("CLI features missing (see above); rerun with --allow-missing to benchmark what exists")
            if any(m_.startswith("native") for m_ in missing):
                backends = []
            elif "fts5" in backends and any(m_.startswith("fts5") for m_ in missing):
                backends.remove("fts5")
        for size in sizes:
            corpus, cstats = ensure_corpus(size, args.seed, args.workers)
            if args.smoke:
                log("verifying the corpus against its manifests")
                run([sys.executable, os.path.join(HERE, "verify_corpus.py"), corpus], what="verify_corpus.py")
            tag = f"{size}-s{args.seed}"
            jsonl = os.path.join(WORK, f"export-{tag}.jsonl")
            e = export(binp, corpus, jsonl)
            run_ = {"corpus": {"filings": size, "bytes": cstats["bytes"], "path": os.path.relpath(corpus, ROOT),
                               "manifest_sha256": cstats.get("manifest_sha256")}, "export": e, "engines": []}
            res["runs"].append(run_)
            for b in backends:
                try:
                    run_["engines"].append(bench_backend(binp, b, corpus, cstats, e["text_bytes"], queries, args, feats, tag))
                except PartialFailure as ex:
                    run_["engines"].append(ex.result)
                    failed = True
                    log(f"FAILED: {ex}")
                    res["failures"].append(str(ex))
                except StepFailed as ex:
                    failed = True
                    log(f"FAILED: {ex}")
                    res["failures"].append(str(ex))
            if args.with_tantivy:
                try:
                    run_["engines"] += bench_tantivy(jsonl, e["text_bytes"], cstats["bytes"], qpath, args, tag)
                except StepFailed as ex:
                    failed = True
                    log(f"FAILED: {ex}")
                    res["failures"].append(str(ex))
            run_["agreement"] = agreement(run_["engines"])
            if args.with_ingest:
                try:
                    log("filesearch-bench ingest")
                    ir = run([os.path.join(binp, "filesearch-bench"), "ingest", corpus, "--repeat", "1"], what="filesearch-bench ingest")
                    run_["ingest"] = ir["stdout"].strip()
                except StepFailed as ex:
                    failed = True
                    log(f"FAILED: {ex}")
                    res["failures"].append(str(ex))
    except StepFailed as ex:
        failed = True
        log(f"FAILED: {ex}")
        res["failures"].append(str(ex))
    res["load_after"] = loadavg()
    outdir = os.path.join(WORK, "results") if args.smoke else os.path.join(HERE, "results")
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, f"{res['date']}-{n}" + ("-smoke" if args.smoke else ""))
    if not args.smoke and os.path.exists(base + ".json"):
        base += "-" + dt.datetime.now(dt.timezone.utc).strftime("%H%M")  # keep earlier runs of the day
    with open(base + ".json", "w") as f:
        json.dump(res, f, indent=1)
    md = markdown(res)
    if res["failures"]:
        md += "\n**FAILED steps:**\n\n" + "\n".join(f"- {x.splitlines()[0]}" for x in res["failures"]) + "\n"
    with open(base + ".md", "w") as f:
        f.write(md)
    print(md)
    log(f"results: {base}.json, {base}.md")
    if failed:
        log("BENCHMARK FAILED (see above)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
