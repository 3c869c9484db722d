#!/usr/bin/env python3
"""Generates N realistic EDGAR full submissions (SGML `.txt`) for benchmarks.

Usage:
    python3 Benchmarks/generate_corpus.py --filings 100000 --out Benchmarks/work/corpus-100000 [--seed 1] [--workers 2]

Output:
    <out>/sNNNN/<accession>.txt     1,000 filings per shard directory
    <out>/sNNNN/MANIFEST.tsv        same columns as the shared corpus manifests
                                    (file kind bytes sha256 accession ciks company form filed period source_path)
    <out>.summary.json              parameters, counts, bytes, sha256 over all manifest rows

Contracts:
- Deterministic: filing i depends only on (seed, i, --companies, the paragraph pool), never on
  N or the worker count, so the same seed gives byte-identical files and a corpus of N filings is
  a prefix of a larger one (run.py hard-links shards of the 100k corpus for the 10k/30k runs).
- Text is real: paragraphs and table rows harvested from real filings (see paragraph_pool.py),
  sampled as runs of consecutive paragraphs so phrase statistics are those of real filings.
- Layout copied from real submissions: `<SEC-DOCUMENT>`/`<SEC-HEADER>`, tab-aligned header
  fields, FILER / REPORTING-OWNER + ISSUER / SUBJECT COMPANY + FILED BY blocks, `<DOCUMENT>`s
  with TYPE/SEQUENCE/FILENAME/DESCRIPTION/TEXT, ownership XML for Forms 3/4, uuencoded
  GRAPHIC documents (`begin 644 x.jpg` … `end`) that indexers must skip.
- Sizes: lognormal per form (a few KB to several MB), calibrated to a mean of ~48 KB raw per
  filing (the anchor corpus: 100k filings = 4.8 GB).
"""
from __future__ import annotations

import argparse
import binascii
import datetime as dt
import hashlib
import json
import math
import os
import random
import sys
import time
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import paragraph_pool  # noqa: E402

GENERATOR_VERSION = 2
SHARD = 1000
MAX_DOC_TEXT = 6_000_000

# --------------------------------------------------------------------------------------------
# Static vocabularies (real EDGAR values)
# --------------------------------------------------------------------------------------------

SICS = [
    (2834, "PHARMACEUTICAL PREPARATIONS"), (2836, "BIOLOGICAL PRODUCTS, (NO DIAGNOSTIC SUBSTANCES)"),
    (3674, "SEMICONDUCTORS & RELATED DEVICES"), (3679, "ELECTRONIC COMPONENTS, NEC"),
    (3720, "AIRCRAFT & PARTS"), (3841, "SURGICAL & MEDICAL INSTRUMENTS & APPARATUS"),
    (6022, "STATE COMMERCIAL BANKS"), (6021, "NATIONAL COMMERCIAL BANKS"),
    (6036, "SAVINGS INSTITUTIONS, NOT FEDERALLY CHARTERED"), (6189, "ASSET-BACKED SECURITIES"),
    (6798, "REAL ESTATE INVESTMENT TRUSTS"), (6770, "BLANK CHECKS"),
    (7372, "SERVICES-PREPACKAGED SOFTWARE"), (7370, "SERVICES-COMPUTER PROGRAMMING, DATA PROCESSING, ETC."),
    (1311, "CRUDE PETROLEUM & NATURAL GAS"), (4911, "ELECTRIC SERVICES"),
    (4931, "ELECTRIC & OTHER SERVICES COMBINED"), (4813, "TELEPHONE COMMUNICATIONS (NO RADIOTELEPHONE)"),
    (5812, "RETAIL-EATING PLACES"), (5331, "RETAIL-VARIETY STORES"), (6311, "LIFE INSURANCE"),
    (6331, "FIRE, MARINE & CASUALTY INSURANCE"), (6199, "FINANCE SERVICES"),
    (6211, "SECURITY BROKERS, DEALERS & FLOTATION COMPANIES"), (3711, "MOTOR VEHICLES & PASSENGER CAR BODIES"),
    (2080, "BEVERAGES"), (2000, "FOOD AND KINDRED PRODUCTS"), (1000, "METAL MINING"),
    (4400, "WATER TRANSPORTATION"), (8731, "SERVICES-COMMERCIAL PHYSICAL & BIOLOGICAL RESEARCH"),
    (3572, "COMPUTER STORAGE DEVICES"), (3570, "COMPUTER & OFFICE EQUIPMENT"),
    (2821, "PLASTIC MATERIALS, SYNTH RESINS & NONVULCAN ELASTOMERS"), (1531, "OPERATIVE BUILDERS"),
    (4522, "AIR TRANSPORTATION, NONSCHEDULED"), (8062, "SERVICES-HOSPITALS"),
    (5961, "RETAIL-CATALOG & MAIL-ORDER HOUSES"), (4841, "CABLE & OTHER PAY TELEVISION SERVICES"),
]
ORG_NAMES = {2: "03 Life Sciences", 3: "04 Manufacturing", 6: "02 Finance", 7: "06 Technology",
             1: "01 Energy & Transportation", 4: "01 Energy & Transportation", 5: "07 Trade & Services",
             8: "08 Industrial Applications and Services"}
INC_STATES = ["DE"] * 50 + ["NV"] * 10 + ["MD"] * 6 + ["NY"] * 4 + ["CA"] * 3 + ["TX"] * 3 + ["FL"] * 2 + \
    ["PA", "OH", "MA", "NJ", "WA", "MN", "CO", "VA", "GA", "IL", "IN", "WI", "MI", "NC", "UT", "E9", "D0", "L2"]
BIZ = [("CA", "SAN FRANCISCO", "94105", "415"), ("CA", "LOS ANGELES", "90071", "213"), ("CA", "SAN JOSE", "95134", "408"),
       ("NY", "NEW YORK", "10022", "212"), ("NY", "NEW YORK", "10017", "212"), ("TX", "HOUSTON", "77002", "713"),
       ("TX", "DALLAS", "75201", "214"), ("TX", "AUSTIN", "78701", "512"), ("MA", "BOSTON", "02110", "617"),
       ("MA", "CAMBRIDGE", "02139", "617"), ("IL", "CHICAGO", "60606", "312"), ("NJ", "PRINCETON", "08540", "609"),
       ("FL", "MIAMI", "33131", "305"), ("GA", "ATLANTA", "30303", "404"), ("WA", "SEATTLE", "98101", "206"),
       ("CO", "DENVER", "80202", "303"), ("PA", "PHILADELPHIA", "19103", "215"), ("MN", "MINNEAPOLIS", "55402", "612"),
       ("NV", "LAS VEGAS", "89141", "702"), ("OH", "CLEVELAND", "44114", "216"), ("WI", "GREENFIELD", "53220", "414"),
       ("NC", "CHARLOTTE", "28202", "704"), ("VA", "RESTON", "20190", "703"), ("UT", "SALT LAKE CITY", "84111", "801"),
       ("MI", "DETROIT", "48226", "313"), ("AZ", "PHOENIX", "85004", "602"), ("CT", "STAMFORD", "06901", "203")]
FOREIGN = [("E9", "GEORGE TOWN", "KY1-1104", "345"), ("D0", "HAMILTON", "HM 11", "441"), ("L2", "LONDON", "EC2V 7HN", "44"),
           ("F4", "TEL AVIV", "6701101", "972"), ("A1", "TORONTO", "M5H 2Y4", "416"), ("K3", "HONG KONG", "000000", "852")]
STREETS = ["MAIN STREET", "PARK AVENUE", "MARKET STREET", "BROADWAY", "OLD WARM SPRINGS BLVD.", "WEST EDGERTON AVENUE",
           "SOUTHERN HIGHLANDS PARKWAY", "HOWARD STREET", "LEXINGTON AVENUE", "CONGRESS AVENUE", "PEACHTREE STREET NE",
           "WACKER DRIVE", "INNOVATION WAY", "CORPORATE DRIVE", "TECHNOLOGY PARKWAY", "RIVERSIDE PLAZA"]
NAME_A = ["Apex", "Blue Ridge", "Cardinal", "Summit", "Pioneer", "Harbor", "Liberty", "Granite", "Meridian", "Northstar",
          "Evergreen", "Silverline", "Crescent", "Keystone", "Atlas", "Beacon", "Cedar", "Falcon", "Horizon", "Ironwood",
          "Juniper", "Lakeshore", "Monarch", "Oakmont", "Pinnacle", "Redwood", "Sterling", "Trident", "Vanguard Point",
          "Westfield", "Aurora", "Bayside", "Cobalt", "Delta", "Emerald", "Frontier", "Genesis", "Heritage", "Insight",
          "Kestrel", "Lumen", "Magnolia", "Nova", "Orion", "Paragon", "Quantum", "Riverbend", "Sapphire", "Titan",
          "Unity", "Vertex", "Willow", "Zenith", "1895", "Ault", "ABVC", "AAR", "Consumers", "Aames", "Page America"]
NAME_B = ["", "", "", " Pacific", " Atlantic", " Global", " American", " National", " First", " United", " Digital",
          " Bio", " Energy", " Medical", " Financial", " Capital", " Resources", " Technologies", " Systems", " Networks"]
NAME_SUFFIX = {
    "op": ["Inc.", "INC", "Corp", "CORP", "Corporation", "Holdings, Inc.", "Holdings Corp", "Co", "Group, Inc.",
           "Therapeutics, Inc.", "Pharmaceuticals, Inc.", "Bancorp, Inc.", "Bancorp of Wisconsin, Inc. /MD/",
           "Energy Partners LP", "Realty Trust", "Acquisition Corp", "& Co", "Biopharma, Inc.", "Semiconductor Corp",
           "Motors Inc", "Brands, Inc.", "Industries Inc", "Alliance, Inc.", "Water Co", "Gas & Electric Co"],
    "fund": ["TRUST", "Funds Trust", "ETF Trust", "Series Trust", "Investment Trust", "Municipal Fund, Inc.",
             "Variable Insurance Trust", "Income Fund"],
    "fpi": ["PLC", "N.V.", "Ltd.", "S.A.", "AG", "Holdings Ltd", "Limited", "SE"],
}
INSTITUTIONS = ["Capital Management LP", "Advisors LLC", "Asset Management, L.P.", "Investment Partners LLC",
                "Group Inc", "Partners, LP", "Wealth Management LLC", "Fund Management Ltd", "Holdings LLC"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez",
        "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
        "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
        "Carter", "Roberts", "Garascia", "Hendrian", "Ault", "Neidell", "Okafor", "Kowalski", "Schmidt", "Chen", "Patel"]
FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth", "William",
         "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Christopher", "Lisa",
         "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra", "Catherine", "Milton", "Wei", "Priya"]
OFFICER_TITLES = ["Chief Executive Officer", "Chief Financial Officer", "President and CEO", "EVP & General Counsel",
                  "Senior VP, GC, CAO &amp; Secretary", "Chief Operating Officer", "Chief Accounting Officer",
                  "SVP, Human Resources", "Chief Technology Officer", "EVP, Sales"]
ITEMS_8K = ["Entry into a Material Definitive Agreement", "Results of Operations and Financial Condition",
            "Regulation FD Disclosure", "Other Events", "Financial Statements and Exhibits",
            "Departure of Directors or Certain Officers; Election of Directors; Appointment of Certain Officers: "
            "Compensatory Arrangements of Certain Officers",
            "Submission of Matters to a Vote of Security Holders",
            "Creation of a Direct Financial Obligation or an Obligation under an Off-Balance Sheet Arrangement of a Registrant",
            "Amendments to Articles of Incorporation or Bylaws; Change in Fiscal Year",
            "Completion of Acquisition or Disposition of Assets", "Unregistered Sales of Equity Securities",
            "Termination of a Material Definitive Agreement",
            "Notice of Delisting or Failure to Satisfy a Continued Listing Rule or Standard; Transfer of Listing",
            "Non-Reliance on Previously Issued Financial Statements or a Related Audit Report or Completed Interim Review"]
ITEM_HEADINGS = {
    "10-K": ["Item 1. Business", "Item 1A. Risk Factors", "Item 1B. Unresolved Staff Comments", "Item 2. Properties",
             "Item 3. Legal Proceedings", "Item 5. Market for Registrant's Common Equity, Related Stockholder Matters and "
             "Issuer Purchases of Equity Securities", "Item 7. Management's Discussion and Analysis of Financial Condition "
             "and Results of Operations", "Item 7A. Quantitative and Qualitative Disclosures About Market Risk",
             "Item 8. Financial Statements and Supplementary Data", "Item 9A. Controls and Procedures",
             "Item 10. Directors, Executive Officers and Corporate Governance", "Item 15. Exhibits and Financial Statement Schedules"],
    "10-Q": ["Item 1. Financial Statements", "Item 2. Management's Discussion and Analysis of Financial Condition and "
             "Results of Operations", "Item 3. Quantitative and Qualitative Disclosures About Market Risk",
             "Item 4. Controls and Procedures", "Item 1. Legal Proceedings", "Item 1A. Risk Factors", "Item 6. Exhibits"],
}

# form: (weight, company kind, SEC ACT, period rule, main text median KB, sigma, description)
FORMS = {
    "4":        (30.0, "op",   "1934 Act", "txn",     0,   0,   "PRIMARY DOCUMENT"),
    "3":        (3.0,  "op",   "1934 Act", "txn",     0,   0,   "PRIMARY DOCUMENT"),
    "8-K":      (13.0, "op",   "1934 Act", "event",   10,   0.8, "CURRENT REPORT"),
    "8-K/A":    (1.0,  "op",   "1934 Act", "event",   7,   0.8, "AMENDMENT TO CURRENT REPORT"),
    "10-Q":     (7.0,  "op",   "1934 Act", "quarter", 95,  0.55, "QUARTERLY REPORT"),
    "10-Q/A":   (0.3,  "op",   "1934 Act", "quarter", 60,  0.7, "AMENDED QUARTERLY REPORT"),
    "10-K":     (2.6,  "op",   "1934 Act", "fye",     190, 0.6, "ANNUAL REPORT"),
    "10-K/A":   (0.4,  "op",   "1934 Act", "fye",     40,  0.9, "AMENDMENT NO. 1 TO ANNUAL REPORT"),
    "SC 13G":   (5.0,  "op",   "1934 Act", None,      9,   0.4, "SCHEDULE 13G"),
    "SC 13G/A": (7.0,  "op",   "1934 Act", None,      8,   0.4, "AMENDMENT NO. 2 TO SCHEDULE 13G"),
    "SC 13D":   (1.0,  "op",   "1934 Act", None,      12,  0.7, "SCHEDULE 13D"),
    "SC 13D/A": (2.0,  "op",   "1934 Act", None,      9,   0.7, "AMENDMENT TO SCHEDULE 13D"),
    "424B2":    (5.0,  "op",   "1933 Act", None,      30,  1.0, "PRICING SUPPLEMENT"),
    "424B3":    (2.0,  "op",   "1933 Act", None,      90,  1.1, "PROSPECTUS SUPPLEMENT"),
    "424B5":    (1.5,  "op",   "1933 Act", None,      140, 0.8, "PROSPECTUS SUPPLEMENT"),
    "S-1":      (0.6,  "op",   "1933 Act", None,      260, 0.6, "REGISTRATION STATEMENT ON FORM S-1"),
    "S-1/A":    (0.8,  "op",   "1933 Act", None,      260, 0.6, "AMENDMENT NO. 1 TO FORM S-1"),
    "S-8":      (1.0,  "op",   "1933 Act", None,      18,  0.5, "REGISTRATION STATEMENT ON FORM S-8"),
    "DEF 14A":  (1.5,  "op",   "1934 Act", "meeting", 110, 0.7, "DEFINITIVE PROXY STATEMENT"),
    "425":      (2.0,  "op",   "1933 Act", None,      12,  1.0, "FILING UNDER RULE 425"),
    "CORRESP":  (1.0,  "op",   None,       None,      7,   0.6, "RESPONSE LETTER"),
    "NT 10-Q":  (0.5,  "op",   "1934 Act", "quarter", 5,   0.3, "NOTIFICATION OF LATE FILING"),
    "NT 10-K":  (0.3,  "op",   "1934 Act", "fye",     5,   0.3, "NOTIFICATION OF LATE FILING"),
    "SC TO-T":  (0.2,  "op",   "1934 Act", None,      70,  0.7, "TENDER OFFER STATEMENT"),
    "13F-HR":   (2.5,  "inst", "1934 Act", "quarter", 6,   0.9, "INFORMATION TABLE"),
    "6-K":      (5.0,  "fpi",  "1934 Act", "month",   6,   0.8, "REPORT OF FOREIGN PRIVATE ISSUER"),
    "20-F":     (0.4,  "fpi",  "1934 Act", "fye",     320, 0.5, "ANNUAL REPORT"),
    "497K":     (3.0,  "fund", "1933 Act", None,      14,  0.4, "SUMMARY PROSPECTUS"),
    "485BPOS":  (2.0,  "fund", "1933 Act", None,      180, 0.9, "POST-EFFECTIVE AMENDMENT"),
}
# (type, probability, median KB, sigma, description) — exhibits per form
EXHIBITS = {
    "8-K": [("EX-99.1", 0.65, 12, 0.9, "PRESS RELEASE"), ("EX-10.1", 0.12, 40, 0.9, "MATERIAL CONTRACT"),
            ("EX-3.1", 0.04, 20, 0.8, "AMENDED AND RESTATED BYLAWS")],
    "8-K/A": [("EX-99.1", 0.5, 15, 0.9, "PRESS RELEASE")],
    "10-K": [("EX-21.1", 0.5, 3, 0.6, "SUBSIDIARIES OF THE REGISTRANT"), ("EX-23.1", 0.35, 2, 0.3, "CONSENT OF INDEPENDENT REGISTERED PUBLIC ACCOUNTING FIRM"),
             ("EX-31.1", 0.6, 2, 0.2, "CERTIFICATION"), ("EX-32.1", 0.5, 2, 0.2, "CERTIFICATION"),
             ("EX-10.1", 0.15, 40, 0.9, "MATERIAL CONTRACT")],
    "10-Q": [("EX-31.1", 0.55, 2, 0.2, "CERTIFICATION"), ("EX-32.1", 0.45, 2, 0.2, "CERTIFICATION"),
             ("EX-10.1", 0.12, 35, 0.9, "MATERIAL CONTRACT")],
    "S-1": [("EX-5.1", 0.6, 5, 0.4, "OPINION OF COUNSEL"), ("EX-23.1", 0.6, 2, 0.3, "CONSENT"),
            ("EX-10.1", 0.4, 50, 0.9, "FORM OF AGREEMENT")],
    "S-1/A": [("EX-5.1", 0.5, 5, 0.4, "OPINION OF COUNSEL"), ("EX-23.1", 0.6, 2, 0.3, "CONSENT")],
    "S-8": [("EX-5.1", 0.8, 4, 0.4, "OPINION OF COUNSEL"), ("EX-23.1", 0.6, 2, 0.3, "CONSENT")],
    "6-K": [("EX-99.1", 0.8, 15, 1.0, "EXHIBIT 99.1")],
    "SC 13G": [("EX-99.1", 0.2, 2, 0.3, "JOINT FILING AGREEMENT")],
    "SC 13G/A": [("EX-99.1", 0.15, 2, 0.3, "JOINT FILING AGREEMENT")],
    "SC 13D": [("EX-99.1", 0.3, 8, 0.8, "EXHIBIT 99.1")],
    "SC 13D/A": [("EX-99.1", 0.2, 8, 0.8, "EXHIBIT 99.1")],
    "20-F": [("EX-12.1", 0.6, 2, 0.2, "CERTIFICATION"), ("EX-8.1", 0.5, 3, 0.5, "LIST OF SUBSIDIARIES")],
    "485BPOS": [("EX-99.(J)", 0.5, 2, 0.3, "CONSENT OF INDEPENDENT REGISTERED PUBLIC ACCOUNTING FIRM")],
    "SC TO-T": [("EX-99.(A)(1)(A)", 0.9, 60, 0.6, "OFFER TO PURCHASE")],
    "4": [("EX-24", 0.06, 2, 0.3, "POWER OF ATTORNEY")],
}
# probability that a form carries 1..3 uuencoded GRAPHIC documents
GRAPHIC_P = {"8-K": 0.06, "10-K": 0.175, "10-Q": 0.075, "DEF 14A": 0.3, "S-1": 0.25, "S-1/A": 0.2, "424B2": 0.05,
             "424B3": 0.1, "424B5": 0.15, "6-K": 0.05, "20-F": 0.15, "485BPOS": 0.15, "425": 0.05}
AGENTS = ["0001193125", "0001213900", "0001104659", "0000950170", "0001140361", "0001628280", "0001437749",
          "0001493152", "0000943374", "0001214659", "0001171843", "0001558370"]
OWNERSHIP_AGENTS = ["0001127602", "0001209191", "0000899243", "0001225208", "0001179110"]

# scale that maps the per-form medians above to ~48 KB raw per filing on average (calibrated on 20k filings)
SIZE_SCALE = 0.78


# --------------------------------------------------------------------------------------------
# Entity pools (depend only on the seed and pool sizes)
# --------------------------------------------------------------------------------------------

def _zipf_cum(n: int, s: float) -> list[float]:
    acc, out = 0.0, []
    for r in range(1, n + 1):
        acc += 1.0 / (r ** s)
        out.append(acc)
    return out


def real_entities(repo_root: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(companies, persons) stated in the shared corpus manifests, as (cik, name), sorted by CIK.

    Real filers are put at the top of the Zipf ranking so queries that name real companies
    (`cik:320193`, `company:"apple"`) hit realistic numbers of generated filings.
    Persons are the reporting owners of Forms 3/4/144 (every CIK after the first).
    """
    companies: dict[str, str] = {}
    persons: dict[str, str] = {}
    roots = [os.path.join(repo_root, "Corpus")]
    for cand in (os.path.join(repo_root, "..", "shared", "corpus"), "/work/shared/corpus"):
        if os.path.isdir(cand):
            roots += [os.path.join(cand, d) for d in ("edgar", "tenkq", "seeds")]
            break
    for r in roots:
        m = os.path.join(r, "MANIFEST.tsv")
        if not os.path.exists(m):
            continue
        with open(m, encoding="utf-8") as f:
            cols = f.readline().rstrip("\n").split("\t")
            for line in f:
                row = dict(zip(cols, line.rstrip("\n").split("\t")))
                ciks = [c for c in row.get("ciks", "").split(",") if c]
                names = [n.strip() for n in row.get("company", "").split(" | ")]
                if not ciks or len(names) != len(ciks):
                    continue
                owners = row.get("form", "") in ("3", "4", "5", "144")
                for k, (c, n) in enumerate(zip(ciks, names)):
                    n = n.replace("\u2019", "'")
                    if not n.isascii():
                        continue
                    (persons if owners and k > 0 else companies).setdefault(c, n)
    for c in persons:
        companies.pop(c, None)
    return sorted(companies.items()), sorted(persons.items())


def build_entities(seed: int, n_companies: int, real: tuple | None = None) -> dict:
    rng = random.Random(f"entities:{seed}:{n_companies}")
    used: set[int] = set()
    real_companies, real_persons = real or ([], [])
    for c, _ in real_companies + real_persons:
        used.add(int(c))

    def new_cik(lo: int, hi: int) -> str:
        while True:
            c = rng.randrange(lo, hi)
            if c not in used:
                used.add(c)
                return f"{c:010d}"

    def address(foreign: bool) -> tuple:
        st, city, zp, area = rng.choice(FOREIGN if foreign else BIZ)
        street = f"{rng.randrange(1, 99999)} {rng.choice(STREETS)}"
        phone = f"{area}-{rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}" if rng.random() < 0.5 else f"{area}{rng.randrange(2000000, 9999999)}"
        street2 = f"SUITE {rng.randrange(100, 4000)}" if rng.random() < 0.3 else None
        return (street, street2, city, st, zp, phone)

    names: set[str] = set()
    companies = {"op": [], "fund": [], "fpi": []}
    kinds = ["op"] * 85 + ["fund"] * 9 + ["fpi"] * 6
    real_order = list(real_companies)
    rng.shuffle(real_order)
    for idx in range(n_companies):
        kind = "op" if idx < len(real_order) else rng.choice(kinds)
        if idx < len(real_order):
            name = real_order[idx][1]
            names.add(name)
        else:
            while True:
                name = f"{rng.choice(NAME_A)}{rng.choice(NAME_B)} {rng.choice(NAME_SUFFIX[kind])}"
                if rng.random() < 0.35:
                    name = name.upper()
                if name not in names:
                    names.add(name)
                    break
        sic = None if kind == "fund" else rng.choice(SICS)
        foreign = kind == "fpi"
        biz = address(foreign)
        former = []
        for _k in range(rng.choice([0, 0, 0, 1, 1, 2])):
            former.append((f"{rng.choice(NAME_A)} {rng.choice(NAME_SUFFIX['op'])}".upper(),
                           f"{rng.randrange(1995, 2020)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"))
        companies[kind].append({
            "name": name, "cik": real_order[idx][0] if idx < len(real_order) else new_cik(1000, 2_050_000),
            "sic": sic, "kind": kind,
            "inc": biz[3] if foreign else rng.choice(INC_STATES), "biz": biz,
            "irs": f"{rng.randrange(10, 99)}{rng.randrange(1000000, 9999999)}",
            "fye": "1231" if rng.random() < 0.72 else rng.choice(["0331", "0630", "0930", "0531", "0131", "1031"]),
            "file_no": f"{'811' if kind == 'fund' else '001'}-{rng.randrange(1000, 42000):05d}",
            "ticker": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.choice([2, 3, 3, 4, 4]))),
            "former": former,
        })
    persons = [{"name": n, "cik": c, "biz": address(False)} for c, n in real_persons]
    for _ in range(max(200, n_companies * 2)):
        name = f"{rng.choice(LAST)} {rng.choice(FIRST)}" + (f" {rng.choice('ABCDEFGHJKLMPRSTW')}." if rng.random() < 0.6 else "")
        persons.append({"name": name, "cik": new_cik(1_200_000, 2_050_000), "biz": address(False)})
    insts = []
    for _ in range(max(50, n_companies // 10)):
        name = f"{rng.choice(NAME_A)} {rng.choice(INSTITUTIONS)}"
        insts.append({"name": name, "cik": new_cik(800_000, 2_000_000), "biz": address(rng.random() < 0.1),
                      "inc": rng.choice(["DE", "NY", "PA", "MA", "E9", "D0"]), "fye": "1231", "kind": "inst",
                      "file_no": f"028-{rng.randrange(10000, 99999)}", "sic": None,
                      "ticker": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(3)), "former": [],
                      "irs": f"{rng.randrange(10, 99)}{rng.randrange(1000000, 9999999)}"})
    return {"companies": companies, "persons": persons, "insts": insts,
            "cum": {k: _zipf_cum(len(v), 0.9) for k, v in companies.items()},
            "pcum": _zipf_cum(len(persons), 0.7), "icum": _zipf_cum(len(insts), 1.0)}


# --------------------------------------------------------------------------------------------
# Worker state
# --------------------------------------------------------------------------------------------

G: dict = {}


def _escape(text: str) -> str:
    """HTML-escapes real text the way EDGAR HTML does (named + numeric entities, ASCII output)."""
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if t.isascii():
        return t
    out = []
    for ch in t:
        o = ord(ch)
        if o < 128:
            out.append(ch)
        elif o == 0xA0:
            out.append("&nbsp;")
        else:
            out.append(f"&#{o};")
    return "".join(out)


def _init_worker(cfg: dict) -> None:
    pool = paragraph_pool.load_pool(cfg["repo_root"], cfg["cache_dir"])
    G["cfg"] = cfg
    G["paras"] = [_escape(t) for _, t in pool["paras"]]
    G["plain"] = [t for _, t in pool["paras"]]
    G["psrc"] = [s for s, _ in pool["paras"]]
    G["rows"] = [[_escape(c) for c in r] for r in pool["rows"]]
    G["ent"] = build_entities(cfg["seed"], cfg["companies"], real_entities(cfg["repo_root"]))
    brng = random.Random(f"graphics:{cfg['seed']}")
    blobs = []
    for _ in range(24):
        n = int(min(400_000, max(2_000, brng.lognormvariate(math.log(12_000), 0.9))))
        data = b"\xff\xd8\xff\xe0\x00\x10JFIF" + brng.randbytes(n)
        lines = [binascii.b2a_uu(data[k:k + 45]).decode("ascii") for k in range(0, len(data), 45)]
        blobs.append("".join(lines) + "`\n")
    G["blobs"] = blobs


# --------------------------------------------------------------------------------------------
# One filing
# --------------------------------------------------------------------------------------------

EPOCH = dt.date(2001, 1, 2)
YEARS = list(range(2001, 2026))
YEAR_CUM = []
_acc = 0.0
for _y in YEARS:
    _acc += 1.0 + 0.045 * (_y - 2001)
    YEAR_CUM.append(_acc)
FORM_NAMES = list(FORMS)
FORM_CUM = []
_acc = 0.0
for _f in FORM_NAMES:
    _acc += FORMS[_f][0]
    FORM_CUM.append(_acc)


def _ymd(d: dt.date) -> str:
    return d.strftime("%Y%m%d")


def _filed_date(rng: random.Random) -> dt.date:
    y = rng.choices(YEARS, cum_weights=YEAR_CUM)[0]
    d = dt.date(y, 1, 1) + dt.timedelta(days=rng.randrange(0, 365))
    while d.weekday() >= 5:
        d -= dt.timedelta(days=1)
    if d.year < 2001 or d > dt.date(2025, 12, 31):
        d = dt.date(y, 6, 2)
    return d


def _period(rule: str | None, filed: dt.date, fye: str, rng: random.Random) -> dt.date | None:
    if rule is None:
        return None
    if rule == "txn":
        return filed - dt.timedelta(days=rng.choice([0, 0, 1, 2, 2, 3]))
    if rule == "event":
        return filed - dt.timedelta(days=rng.randrange(0, 5))
    if rule == "meeting":
        return filed + dt.timedelta(days=rng.randrange(28, 50))
    if rule == "month":
        first = filed.replace(day=1)
        return first - dt.timedelta(days=1) if rng.random() < 0.7 else filed
    if rule == "quarter":
        d = filed - dt.timedelta(days=25)
        qm = ((d.month - 1) // 3) * 3  # last month of the previous calendar quarter (0 = December of last year)
        return dt.date(d.year - 1, 12, 31) if qm == 0 else dt.date(d.year, qm + 1, 1) - dt.timedelta(days=1)
    if rule == "fye":
        m, dd = int(fye[:2]), int(fye[2:])
        for y in (filed.year, filed.year - 1, filed.year - 2):
            try:
                cand = dt.date(y, m, min(dd, 28 if m == 2 else dd))
            except ValueError:
                cand = dt.date(y, m, 28)
            if cand <= filed - dt.timedelta(days=40):
                return cand
    return None


def _text_run(rng: random.Random, target: int, style: tuple, headings: list[str] | None) -> tuple[list[str], int]:
    """HTML paragraphs (and tables) built from real text until `target` bytes of text."""
    paras, rows = G["paras"], G["rows"]
    open_p, close_p = style
    out: list[str] = []
    n = 0
    hi = 0
    np_ = len(paras)
    while n < target:
        r = rng.random()
        if headings and r < 0.06:
            h = headings[hi % len(headings)]
            hi += 1
            out.append(f"{open_p}<b>{_escape(h)}</b>{close_p}\n")
            n += len(h)
            continue
        if r < 0.16:
            start = rng.randrange(len(rows))
            k = rng.randrange(3, 13)
            cells = []
            for row in rows[start:start + k]:
                cells.append("<tr>" + "".join(f"<td>{c}</td>" if not c[0].isdigit() and c[0] != "(" else
                                              f"<td align=\"right\">{c}</td>" for c in row) + "</tr>\n")
                n += sum(len(c) + 1 for c in row)
            out.append("<table cellpadding=\"0\" cellspacing=\"0\">\n" + "".join(cells) + "</table>\n")
            continue
        start = rng.randrange(np_)
        k = rng.randrange(3, 20)
        src = G["psrc"][start]
        for j in range(start, min(np_, start + k)):
            if G["psrc"][j] != src:
                break
            p = paras[j]
            out.append(f"{open_p}{p}{close_p}\n")
            n += len(p)
            if n >= target:
                break
    return out, n


def _plain_run(rng: random.Random, target: int) -> list[str]:
    """Plain-text body (pre-2006 style): real paragraphs wrapped at ~70 columns."""
    plain = G["plain"]
    out: list[str] = []
    n = 0
    while n < target:
        start = rng.randrange(len(plain))
        for p in plain[start:start + rng.randrange(3, 15)]:
            line, lines = [], []
            ll = 0
            for w in p.split(" "):
                if ll + len(w) > 70 and line:
                    lines.append(" ".join(line))
                    line, ll = [], 0
                line.append(w)
                ll += len(w) + 1
            if line:
                lines.append(" ".join(line))
            block = "\n".join(lines) + "\n\n"
            out.append(block)
            n += len(block)
            if n >= target:
                break
    return out


STYLES = [("<p>", "</p>"), ("<P>", "</P>"),
          ("<p style=\"margin:0pt;text-align:justify\">", "</p>"),
          ("<div style=\"font-family:'Times New Roman';font-size:10pt\">", "</div>"),
          ("<p style=\"font: 10pt Times New Roman, Times, Serif; margin: 0pt 0\">", "</p>"),
          ("<p><font size=\"2\">", "</font></p>")]


def _html_doc(rng, form_label: str, company: dict | None, target: int, headings, title: str) -> str:
    style = rng.choice(STYLES)
    head = [f"<html>\n<head>\n<title>{_escape(title)}</title>\n<meta http-equiv=\"Content-Type\" content=\"text/html\">\n</head>\n"
            f"<body style=\"font: 10pt Times New Roman, Times, Serif\">\n"]
    o, c = style
    head.append(f"{o}<b>UNITED STATES</b>{c}\n{o}<b>SECURITIES AND EXCHANGE COMMISSION</b>{c}\n"
                f"{o}Washington, D.C. 20549{c}\n{o}&nbsp;{c}\n{o}<b>{form_label}</b>{c}\n")
    if company is not None:
        head.append(f"{o}<b>{_escape(company['name'])}</b>{c}\n{o}(Exact name of registrant as specified in its charter)"
                    f"{c}\n<table>\n<tr><td>{company['inc']}</td><td>{company['file_no']}</td><td>{company['irs'][:2]}-"
                    f"{company['irs'][2:]}</td></tr>\n<tr><td>(State or other jurisdiction of incorporation)</td>"
                    f"<td>(Commission File Number)</td><td>(I.R.S. Employer Identification No.)</td></tr>\n</table>\n")
    body, _ = _text_run(rng, target, style, headings)
    return "".join(head) + "".join(body) + "</body>\n</html>\n"


def _ownership_xml(rng, form: str, issuer: dict, owners: list[dict], period: dt.date) -> str:
    plain = G["plain"]
    rel = rng.random()
    txns = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 4, 6])):
        code = rng.choice(["S", "S", "P", "M", "A", "F", "G"])
        txns.append(f"""        <nonDerivativeTransaction>
            <securityTitle>
                <value>{rng.choice(['Common Stock', 'Class A Common Stock', 'Common Stock, par value $0.01 per share'])}</value>
            </securityTitle>
            <transactionDate>
                <value>{period.isoformat()}</value>
            </transactionDate>
            <transactionCoding>
                <transactionFormType>{form}</transactionFormType>
                <transactionCode>{code}</transactionCode>
                <equitySwapInvolved>0</equitySwapInvolved>
            </transactionCoding>
            <transactionAmounts>
                <transactionShares>
                    <value>{rng.randrange(100, 250000)}</value>
                </transactionShares>
                <transactionPricePerShare>
                    <value>{rng.uniform(1, 400):.4f}</value>
                    <footnoteId id="F1"/>
                </transactionPricePerShare>
                <transactionAcquiredDisposedCode>
                    <value>{'D' if code in 'SFG' else 'A'}</value>
                </transactionAcquiredDisposedCode>
            </transactionAmounts>
            <postTransactionAmounts>
                <sharesOwnedFollowingTransaction>
                    <value>{rng.randrange(0, 5_000_000)}</value>
                </sharesOwnedFollowingTransaction>
            </postTransactionAmounts>
            <ownershipNature>
                <directOrIndirectOwnership>
                    <value>{rng.choice('DDDI')}</value>
                </directOrIndirectOwnership>
            </ownershipNature>
        </nonDerivativeTransaction>
""")
    foot = []
    for k in range(rng.choice([1, 1, 2, 3, 4])):
        # footnotes are real sentences (short paragraphs) so Form 4 text is searchable like the real thing
        p = plain[rng.randrange(len(plain))]
        foot.append(f"        <footnote id=\"F{k + 1}\">{_escape(p[:900])}</footnote>\n")
    own = []
    for ow in owners:
        st, st2, city, state, zp, _ = ow["biz"]
        officer = rel < 0.6
        own.append(f"""    <reportingOwner>
        <reportingOwnerId>
            <rptOwnerCik>{ow['cik']}</rptOwnerCik>
            <rptOwnerName>{_escape(ow['name'])}</rptOwnerName>
        </reportingOwnerId>
        <reportingOwnerAddress>
            <rptOwnerStreet1>{st}</rptOwnerStreet1>
            <rptOwnerStreet2>{st2 or ''}</rptOwnerStreet2>
            <rptOwnerCity>{city}</rptOwnerCity>
            <rptOwnerState>{state}</rptOwnerState>
            <rptOwnerZipCode>{zp}</rptOwnerZipCode>
        </reportingOwnerAddress>
        <reportingOwnerRelationship>
            <isDirector>{0 if officer else 1}</isDirector>
            <isOfficer>{1 if officer else 0}</isOfficer>
            {f'<officerTitle>{rng.choice(OFFICER_TITLES)}</officerTitle>' if officer else '<isTenPercentOwner>0</isTenPercentOwner>'}
        </reportingOwnerRelationship>
    </reportingOwner>
""")
    remarks = _escape(plain[rng.randrange(len(plain))][:600]) if rng.random() < 0.3 else ""
    return (f"""<?xml version="1.0"?>
<ownershipDocument>

    <schemaVersion>X0508</schemaVersion>

    <documentType>{form}</documentType>

    <periodOfReport>{period.isoformat()}</periodOfReport>

    <issuer>
        <issuerCik>{issuer['cik']}</issuerCik>
        <issuerName>{_escape(issuer['name'])}</issuerName>
        <issuerTradingSymbol>{issuer['ticker']}</issuerTradingSymbol>
    </issuer>

""" + "".join(own) + f"""
    <aff10b5One>{rng.choice('0001')}</aff10b5One>

    <nonDerivativeTable>
""" + "".join(txns) + """    </nonDerivativeTable>

    <footnotes>
""" + "".join(foot) + f"""    </footnotes>

    <remarks>{remarks}</remarks>

    <ownerSignature>
        <signatureName>/s/ {_escape(owners[0]['name'])}</signatureName>
        <signatureDate>{period.isoformat()}</signatureDate>
    </ownerSignature>
</ownershipDocument>
""")


def _company_block(role: str, ent: dict, form: str, act: str | None, film: str, tabbed: bool, owner: bool = False,
                   org: bool = False) -> str:
    t = "\t" if tabbed else ""
    L = [f"{role}:{t}", "", f"\tCOMPANY DATA:{t}",
         f"\t\tCOMPANY CONFORMED NAME:\t\t\t{ent['name']}",
         f"\t\tCENTRAL INDEX KEY:\t\t\t{ent['cik']}"]
    if not owner:
        sic = ent.get("sic")
        if sic is not None:
            L.append(f"\t\tSTANDARD INDUSTRIAL CLASSIFICATION:\t{sic[1]} [{sic[0]}]")
        if org:
            L.append(f"\t\tORGANIZATION NAME:           \t{ORG_NAMES.get(sic[0] // 1000, '') if sic else ''}")
        L.append(f"\t\tIRS NUMBER:\t\t\t\t{ent['irs']}")
        L.append(f"\t\tSTATE OF INCORPORATION:\t\t\t{ent['inc']}")
        if "fye" in ent:
            L.append(f"\t\tFISCAL YEAR END:\t\t\t{ent['fye']}")
    elif org:
        L.append("\t\tORGANIZATION NAME:")
    if role not in ("ISSUER",):
        L += ["", "\tFILING VALUES:", f"\t\tFORM TYPE:\t\t{form}", f"\t\tSEC ACT:\t\t{act or ''}".rstrip(),
              f"\t\tSEC FILE NUMBER:\t{ent.get('file_no', '005-' + ent['cik'][-5:])}", f"\t\tFILM NUMBER:\t\t{film}"]
    st, st2, city, state, zp, phone = ent["biz"]
    addr = [f"\t\tSTREET 1:\t\t{st}"] + ([f"\t\tSTREET 2:\t\t{st2}"] if st2 else []) + \
        [f"\t\tCITY:\t\t\t{city}", f"\t\tSTATE:\t\t\t{state}", f"\t\tZIP:\t\t\t{zp}"]
    if not owner:
        L += ["", f"\tBUSINESS ADDRESS:{t}"] + addr + [f"\t\tBUSINESS PHONE:\t\t{phone}"]
    L += ["", f"\tMAIL ADDRESS:{t}"] + addr
    for fname, fdate in ent.get("former", []):
        L += ["", f"\tFORMER COMPANY:{t}", f"\t\tFORMER CONFORMED NAME:\t{fname}", f"\t\tDATE OF NAME CHANGE:\t{fdate}"]
    return "\n".join(L) + "\n"


def _pick(rng, items: list, cum: list[float]):
    return rng.choices(items, cum_weights=cum)[0]


def make_filing(i: int) -> tuple[str, bytes, dict]:
    """Filing i: (file name, bytes, manifest fields)."""
    cfg, ent = G["cfg"], G["ent"]
    rng = random.Random(f"filing:{cfg['seed']}:{i}")
    form = rng.choices(FORM_NAMES, cum_weights=FORM_CUM)[0]
    _w, kind, act, prule, med_kb, sigma, desc = FORMS[form]
    comp = _pick(rng, ent["insts"], ent["icum"]) if kind == "inst" else _pick(rng, ent["companies"][kind], ent["cum"][kind])
    filed = _filed_date(rng)
    period = _period(prule, filed, comp["fye"], rng)
    year2 = filed.year % 100
    ownership = form in ("3", "4")
    if ownership:
        agent = rng.choice(OWNERSHIP_AGENTS + [None])
    else:
        agent = rng.choice(AGENTS + [None, None])
    prefix = agent or comp["cik"]
    seq = (i * 7919 + 104729) % 1_000_000  # bijective in i (gcd(7919, 10^6) = 1), so accessions are unique
    acc = f"{prefix}-{year2:02d}-{seq:06d}"
    film = f"{year2:02d}{rng.randrange(1000000, 9999999)}"
    tabbed = filed.year >= 2009 and rng.random() < 0.8
    org = filed.year >= 2019

    entities: list[dict] = []   # manifest order: issuer/subject first, then filers/filed-by/owners
    blocks: list[str] = []
    owners: list[dict] = []
    if ownership:
        owners = [_pick(rng, ent["persons"], ent["pcum"])]
        if rng.random() < 0.08:
            o2 = _pick(rng, ent["persons"], ent["pcum"])
            if o2["cik"] != owners[0]["cik"]:
                owners.append(o2)
        for ow in owners:
            blocks.append(_company_block("REPORTING-OWNER", ow, form, act, film, tabbed, owner=True, org=org))
        blocks.append(_company_block("ISSUER", comp, form, act, film, tabbed, org=org))
        entities = [comp] + owners
    elif form.startswith("SC 13") or form == "SC TO-T":
        filer = _pick(rng, ent["insts"], ent["icum"])
        blocks.append(_company_block("SUBJECT COMPANY", comp, form, act, film, tabbed, org=org))
        blocks.append(_company_block("FILED BY", filer, form, None, film, tabbed, org=False))
        entities = [comp, filer]
    else:
        blocks.append(_company_block("FILER", comp, form, act, film, tabbed, org=org))
        entities = [comp]

    # documents
    docs: list[tuple[str, str, str, str]] = []  # (type, filename, description, text body)
    base = f"{comp['ticker'].lower()}-{_ymd(filed)}"
    plain = filed.year < 2006 and not ownership and rng.random() < 0.5
    if ownership:
        docs.append((form, rng.choice(["form4.xml", "wf-form4_%d.xml" % rng.randrange(10**11, 10**12), "doc4.xml"])
                     if form == "4" else "form3.xml", desc, "<XML>\n" + _ownership_xml(rng, form, comp, owners, period) + "</XML>\n"))
    else:
        target = int(min(MAX_DOC_TEXT, 1024 * med_kb * SIZE_SCALE * rng.lognormvariate(0.0, sigma)))
        target = max(target, 1200)
        if plain:
            body = "".join(_plain_run(rng, target))
        else:
            heads = ITEM_HEADINGS.get(form.split("/")[0])
            body = _html_doc(rng, f"FORM {form.split('/')[0]}", comp if not form.startswith("SC") else None,
                             target, heads, form)
        ext = "txt" if plain else "htm"
        docs.append((form, f"{base}x{form.lower().replace(' ', '').replace('/', '')}.{ext}", desc, body))
        for ex_type, p, ex_kb, ex_sigma, ex_desc in EXHIBITS.get(form, []):
            if rng.random() < p:
                t = max(800, int(min(MAX_DOC_TEXT, 1024 * ex_kb * SIZE_SCALE * rng.lognormvariate(0.0, ex_sigma))))
                ebody = "".join(_plain_run(rng, t)) if plain else _html_doc(rng, f"Exhibit {ex_type[3:]}", None, t, None, ex_type)
                docs.append((ex_type, f"{base}x{ex_type.lower().replace('.', '').replace('(', '').replace(')', '')}.{ext}", ex_desc, ebody))
    if ownership:
        for ex_type, p, ex_kb, ex_sigma, ex_desc in EXHIBITS.get(form, []):
            if rng.random() < p:
                docs.append((ex_type, "poa.htm", ex_desc, _html_doc(rng, "POWER OF ATTORNEY", None, 1500, None, "POA")))
    if not plain and rng.random() < GRAPHIC_P.get(form, 0.0):
        for k in range(rng.choice([1, 1, 1, 2, 3])):
            fname = f"g{rng.randrange(10**5, 10**6)}img{k + 1}.jpg"
            blob = G["blobs"][rng.randrange(len(G["blobs"]))]
            docs.append(("GRAPHIC", fname, "GRAPHIC", f"begin 644 {fname}\n{blob}end\n"))

    # header
    H = [f"<SEC-DOCUMENT>{acc}.txt : {_ymd(filed)}",
         f"<SEC-HEADER>{acc}.hdr.sgml : {_ymd(filed)}",
         f"<ACCEPTANCE-DATETIME>{_ymd(filed)}{rng.randrange(6, 22):02d}{rng.randrange(60):02d}{rng.randrange(60):02d}",
         f"ACCESSION NUMBER:\t\t{acc}",
         f"CONFORMED SUBMISSION TYPE:\t{form}",
         f"PUBLIC DOCUMENT COUNT:\t\t{len(docs)}"]
    if period is not None:
        H.append(f"CONFORMED PERIOD OF REPORT:\t{_ymd(period)}")
    if form.startswith("8-K") and filed.year >= 2004:
        items = rng.sample(ITEMS_8K[:-1], rng.choice([1, 1, 2, 2, 3]))
        if "Financial Statements and Exhibits" not in items and rng.random() < 0.7:
            items.append("Financial Statements and Exhibits")
        H += [f"ITEM INFORMATION:\t\t{it}" for it in items]
    H.append(f"FILED AS OF DATE:\t\t{_ymd(filed)}")
    H.append(f"DATE AS OF CHANGE:\t\t{_ymd(filed)}")
    parts = ["\n".join(H), "\n\n", "\n".join(blocks), "</SEC-HEADER>\n"]
    for n, (typ, fname, ddesc, body) in enumerate(docs, start=1):
        parts.append(f"<DOCUMENT>\n<TYPE>{typ}\n<SEQUENCE>{n}\n<FILENAME>{fname}\n<DESCRIPTION>{ddesc}\n<TEXT>\n")
        parts.append(body)
        parts.append("</TEXT>\n</DOCUMENT>\n")
    parts.append("</SEC-DOCUMENT>\n")
    data = "".join(parts).encode("ascii", errors="xmlcharrefreplace")

    seen: set[str] = set()
    ciks, names = [], []
    for e in entities:
        if e["cik"] in seen:
            continue
        seen.add(e["cik"])
        ciks.append(e["cik"])
        names.append(e["name"])
    meta = {"accession": acc, "ciks": ",".join(ciks), "company": " | ".join(names), "form": form,
            "filed": filed.isoformat(), "period": period.isoformat() if period else "",
            "documents": len(docs), "graphics": sum(1 for d in docs if d[0] == "GRAPHIC")}
    return f"{acc}.txt", data, meta


MANIFEST_COLUMNS = ["file", "kind", "bytes", "sha256", "accession", "ciks", "company", "form", "filed", "period", "source_path"]


def make_shard(args: tuple[int, int, int]) -> dict:
    """Writes filings [lo, hi) into shard directory `s{shard:04d}`; returns stats and manifest rows."""
    shard, lo, hi = args
    cfg = G["cfg"]
    d = os.path.join(cfg["out"], f"s{shard:04d}")
    os.makedirs(d, exist_ok=True)
    rows, nbytes, ndocs, ngraphics = [], 0, 0, 0
    forms: dict[str, int] = {}
    sizes = []
    for i in range(lo, hi):
        name, data, meta = make_filing(i)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        nbytes += len(data)
        sizes.append(len(data))
        ndocs += meta["documents"]
        ngraphics += meta["graphics"]
        forms[meta["form"]] = forms.get(meta["form"], 0) + 1
        rows.append([name, "sgml", str(len(data)), hashlib.sha256(data).hexdigest(), meta["accession"], meta["ciks"],
                     meta["company"], meta["form"], meta["filed"], meta["period"], f"generated seed={cfg['seed']} filing={i}"])
    with open(os.path.join(d, "MANIFEST.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(MANIFEST_COLUMNS) + "\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    return {"shard": shard, "bytes": nbytes, "documents": ndocs, "graphics": ngraphics, "forms": forms,
            "sizes": sizes, "rows_sha": hashlib.sha256("".join("\t".join(r) + "\n" for r in rows).encode()).hexdigest()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--filings", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--companies", type=int, default=3000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    if a.filings <= 0 or a.filings > 1_000_000:
        sys.exit("generate_corpus: --filings must be in 1...1,000,000 (accession sequence numbers are 6 digits)")
    repo_root = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    out = os.path.abspath(a.out)
    if os.path.isdir(out) and os.listdir(out):
        sys.exit(f"generate_corpus: {out} exists and is not empty; remove it first (or reuse it)")
    os.makedirs(out, exist_ok=True)
    cfg = {"repo_root": repo_root, "cache_dir": os.path.join(repo_root, "Benchmarks", "work"), "seed": a.seed,
           "companies": a.companies, "out": out}
    t0 = time.time()
    paragraph_pool.load_pool(repo_root, cfg["cache_dir"], workers=a.workers)  # harvest once, before forking
    tasks = [(s, s * SHARD, min(a.filings, (s + 1) * SHARD)) for s in range((a.filings + SHARD - 1) // SHARD)]
    results = []
    with Pool(a.workers, initializer=_init_worker, initargs=(cfg,)) as p:
        for r in p.imap_unordered(make_shard, tasks):
            results.append(r)
            done = sum(len(x["sizes"]) for x in results)
            print(f"\rgenerate_corpus: {done}/{a.filings} filings", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    results.sort(key=lambda r: r["shard"])
    sizes = sorted(s for r in results for s in r["sizes"])
    forms: dict[str, int] = {}
    for r in results:
        for k, v in r["forms"].items():
            forms[k] = forms.get(k, 0) + v
    total = sum(r["bytes"] for r in results)
    digest = hashlib.sha256("".join(r["rows_sha"] for r in results).encode()).hexdigest()
    summary = {
        "generator_version": GENERATOR_VERSION, "seed": a.seed, "filings": a.filings, "companies": a.companies,
        "shard_size": SHARD, "bytes": total, "documents": sum(r["documents"] for r in results),
        "graphic_documents": sum(r["graphics"] for r in results),
        "size_bytes": {"min": sizes[0], "p10": sizes[len(sizes) // 10], "median": sizes[len(sizes) // 2],
                       "mean": round(total / len(sizes)), "p90": sizes[len(sizes) * 9 // 10],
                       "p99": sizes[min(len(sizes) - 1, len(sizes) * 99 // 100)], "max": sizes[-1]},
        "forms": dict(sorted(forms.items(), key=lambda kv: -kv[1])),
        "manifest_sha256": digest, "seconds": round(time.time() - t0, 1), "workers": a.workers,
    }
    with open(out.rstrip("/") + ".summary.json", "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps({k: v for k, v in summary.items() if k != "forms"}), file=sys.stderr)


if __name__ == "__main__":
    main()
