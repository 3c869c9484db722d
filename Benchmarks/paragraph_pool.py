"""Harvests real paragraphs and table rows from real EDGAR filings into a cached pool.

The pool is what `generate_corpus.py` samples text from, so term and phrase statistics of the
generated corpus are those of real filings. Sources (read-only): the project's `Corpus/`, and
`edgar/` + `tenkq/` of the shared corpus (`<package root>/../shared/corpus` or `/work/shared/corpus`).

Harvesting parses every HTML/SGML source once with Python's `html.parser` (a few minutes on
one core for ~240 MB) and caches the result as JSON under `Benchmarks/work/` (gitignored).
The cache key is the sorted list of source files with their sizes, so it is rebuilt when the
sources change. The pool is ordered deterministically (sorted source paths, document order).

Pool layout (JSON): {"key": str, "sources": [path...],
                     "paras": [[source_index, text], ...]   # document order within each source
                     "rows":  [[cell, cell, ...], ...]}     # table rows with >= 2 non-empty cells
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from html.parser import HTMLParser
from multiprocessing import Pool

BLOCK_TAGS = {
    "p", "div", "td", "th", "tr", "li", "br", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "center", "pre", "blockquote", "ul", "ol", "hr", "title", "dt", "dd",
}
SKIP_TAGS = {"script", "style", "ix:header", "head", "xbrli:context", "ix:hidden"}
WS = re.compile(r"\s+")
WORD = re.compile(r"[A-Za-z]{3,}")


class _Harvester(HTMLParser):
    """Splits HTML into block-level text runs; collects table rows separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.buf: list[str] = []
        self.paras: list[str] = []
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0

    def _flush(self) -> None:
        if self.buf:
            text = WS.sub(" ", "".join(self.buf)).strip()
            self.buf = []
            if len(text) >= 40 and len(WORD.findall(text)) >= 5:
                self.paras.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
            return
        if tag == "tr":
            self.row = []
        if tag in ("td", "th"):
            self.cell = []
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            c = WS.sub(" ", "".join(self.cell)).strip()
            if c and c not in ("$", ")", "%"):
                self.row.append(c)
            self.cell = None
        if tag == "tr" and self.row is not None:
            if len(self.row) >= 2 and any(WORD.search(c) for c in self.row):
                self.rows.append(self.row[:8])
            self.row = None
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.skip:
            return
        self.buf.append(data)
        if self.cell is not None:
            self.cell.append(data)


def _strip_uuencoded(text: str) -> str:
    """Drops `begin 644 name` … `end` blocks (binary attachments) from an SGML submission."""
    return re.sub(r"(?ms)^begin [0-7]{3} \S+$.*?^end$", "", text)


def _plain_paragraphs(text: str) -> list[str]:
    out = []
    for block in re.split(r"\n\s*\n", text):
        t = WS.sub(" ", block).strip()
        if len(t) >= 40 and len(WORD.findall(t)) >= 5 and "<" not in t[:5]:
            out.append(t)
    return out


def harvest_file(path: str) -> tuple[str, list[str], list[list[str]]]:
    """Paragraphs and table rows of one source file, in document order."""
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8", errors="replace")
    text = _strip_uuencoded(text)
    if "<html" in text.lower()[:200000] or "<p" in text.lower()[:200000] or "<div" in text.lower()[:200000]:
        h = _Harvester()
        try:
            h.feed(text)
            h.close()
        except Exception:  # html.parser rarely raises; keep what was harvested
            pass
        h._flush()
        paras, rows = h.paras, h.rows
        # plain-text documents inside SGML submissions (<TEXT> without HTML)
        if len(paras) < 5:
            paras = paras + _plain_paragraphs(re.sub(r"<[^>]{0,200}>", " ", text))
    else:
        paras, rows = _plain_paragraphs(re.sub(r"<[^>\n]{0,200}>", " ", text)), []
    return path, paras, rows


def source_files(repo_root: str) -> list[str]:
    """Every harvestable real filing, sorted (deterministic)."""
    shared = None
    for cand in (os.path.join(repo_root, "..", "shared", "corpus"), "/work/shared/corpus"):
        if os.path.isdir(os.path.join(cand, "edgar")):
            shared = os.path.abspath(cand)
            break
    files = []
    corpus = os.path.join(repo_root, "Corpus")
    if os.path.isdir(corpus):
        files += [os.path.join(corpus, n) for n in os.listdir(corpus) if n.endswith(".txt")]
    if shared:
        for sub in ("edgar", "tenkq"):
            d = os.path.join(shared, sub)
            for n in os.listdir(d):
                if n == "MANIFEST.tsv" or n.startswith(("xml__", "ownership__")):
                    continue
                files.append(os.path.join(d, n))
    return sorted(os.path.abspath(f) for f in files)


def load_pool(repo_root: str, cache_dir: str, workers: int = 2) -> dict:
    """Loads the cached pool, harvesting first when the cache is missing or stale."""
    files = source_files(repo_root)
    if not files:
        raise SystemExit("paragraph_pool: no source filings found (Corpus/ and ../shared/corpus)")
    key = hashlib.sha256("\n".join(f"{os.path.basename(f)}\t{os.path.getsize(f)}" for f in files).encode()).hexdigest()[:16]
    os.makedirs(cache_dir, exist_ok=True)
    cache = os.path.join(cache_dir, f"paragraph_pool_{key}.json")
    if os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            return json.load(f)
    # largest first so two workers finish together; results re-sorted by path
    order = sorted(files, key=os.path.getsize, reverse=True)
    with Pool(workers) as p:
        results = {path: (paras, rows) for path, paras, rows in p.imap_unordered(harvest_file, order)}
    seen: set[str] = set()
    paras_out, rows_out, sources = [], [], []
    for path in files:
        paras, rows = results[path]
        sid = len(sources)
        sources.append(os.path.basename(path))
        for t in paras:
            if t in seen:
                continue
            seen.add(t)
            paras_out.append([sid, t])
        rows_out.extend(rows)
    pool = {"key": key, "sources": sources, "paras": paras_out, "rows": rows_out}
    tmp = cache + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(pool, f)
    os.replace(tmp, cache)
    return pool


if __name__ == "__main__":
    import sys
    import time
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    t = time.time()
    pool = load_pool(root, os.path.join(root, "Benchmarks", "work"))
    chars = sum(len(p[1]) for p in pool["paras"])
    print(f"{len(pool['sources'])} sources, {len(pool['paras'])} paragraphs ({chars/1e6:.1f} M chars), "
          f"{len(pool['rows'])} table rows in {time.time()-t:.1f}s", file=sys.stderr)
