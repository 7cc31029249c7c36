"""Applicant cases covering every decision path of CONTRACT.md §4.

Each case is a folder of scans (file names carry no meaning) and usually an
applicant.json, as staff drop them into ROOT/inbox/<case>/.  The expected
outcome is computed here from what was actually put in the folder, by the
contract's check table and decision rule, and written OUTSIDE the inbox:
DIR/cases/truth/<case>.json."""

import datetime
import json
import os
import random
import sys

import numpy as np

from . import certs, degrade, documents, output, specs
from .docsgen import write_json
from .people import VISA_FREE, VISA_REQUIRED, add_years, age_on, make_person

DEFAULT_AS_OF = "2024-03-01"
MIN_AGE, MAX_CERT_AGE, STAY_LIMIT, STAY_WINDOW = 18, 180, 90, 180

# Decision paths, in the order cases rotate through them.  The first eight
# are one per main decision.
PATHS = [
    "clear_visa_free", "clear_visa", "clear_permit", "record", "under_18", "overstay",
    "no_certificate", "altered_mrz", "expired_passport", "expired_visa",
    "stale_certificate", "no_entry_data", "someone_elses_certificate",
    "visa_required_no_visa", "malformed_applicant", "declared_name_differs",
]
CHECK_IDS = ["travel_document", "document_validity", "age", "legal_stay", "criminal_record",
             "certificate_freshness", "certificate_holder", "applicant_data"]
CERT_COUNTRY = {"GBR": "GBR", "USA": "USA", "D": "DEU", "POL": "POL"}


def _d(as_of, days):
    return as_of + datetime.timedelta(days=days)


# --------------------------------------------------------------------------
# stays in Ukraine


def days_present(entries, as_of):
    """Calendar days present inside the STAY_WINDOW days ending on as_of,
    entry and exit days included; left=None means still present."""
    start = _d(as_of, -(STAY_WINDOW - 1))
    days = set()
    for e in entries:
        a = datetime.date.fromisoformat(e["entered"])
        b = datetime.date.fromisoformat(e["left"]) if e["left"] else as_of
        a, b = max(a, start), min(b, as_of)
        while a <= b:
            days.add(a)
            a += datetime.timedelta(days=1)
    return len(days)


def make_entries(rng, as_of, target):
    """Stays putting exactly `target` days inside the window (the last one
    still open), sometimes with an older stay outside or across its start."""
    entries = []
    start = _d(as_of, -(STAY_WINDOW - 1))
    remaining = target
    # an old stay wholly before the window (does not count)
    if rng.random() < 0.3:
        a = _d(start, -rng.randint(40, 200))
        entries.append({"entered": a.isoformat(), "left": _d(a, rng.randint(3, 30)).isoformat()})
    cur_end = as_of
    last = {"entered": None, "left": None}
    n_now = remaining if rng.random() < 0.5 or remaining < 20 else rng.randint(5, remaining - 10)
    last["entered"] = _d(as_of, -(n_now - 1)).isoformat()
    remaining -= n_now
    cur_end = _d(as_of, -(n_now - 1) - rng.randint(5, 15))
    mid = []
    if remaining > 0:
        # an earlier stay ending cur_end; it may cross the window's start
        a = _d(cur_end, -(remaining - 1))
        if a < start:
            # push it later is impossible: put it across the start on purpose
            pass
        if rng.random() < 0.3 and a > _d(start, 5):
            # split across the window start: extra days outside do not count
            extra = rng.randint(3, 20)
            a2 = _d(start, -extra)
            b2 = _d(start, remaining - 1)
            if b2 < cur_end:
                mid.append({"entered": a2.isoformat(), "left": b2.isoformat()})
                remaining = 0
        if remaining > 0:
            mid.append({"entered": a.isoformat(), "left": cur_end.isoformat()})
    entries += mid
    entries.append(last)
    got = days_present(entries, as_of)
    return entries, got


# --------------------------------------------------------------------------
# scenario -> folder contents


def _same_person_variant(rng, person):
    """How the person's name is written on a form: as in the passport, in
    capitals, or in the MRZ's transliteration."""
    from .mrz import transliterate
    r = rng.random()
    sur, giv = person["surname"], " ".join(person["given"])
    if r < 0.4:
        return sur, giv
    if r < 0.7:
        return sur.upper(), giv.upper()
    return transliterate(sur), transliterate(giv)


def build_case(rng, path, as_of):
    """The scenario state: person, documents to scan, certificate, applicant."""
    st = {"path": path, "docs": [], "cert": None, "applicant": None, "notes": []}
    if path in ("clear_visa", "expired_visa", "visa_required_no_visa"):
        nat = rng.choice(VISA_REQUIRED * 3 + ["XXA", "XXB"])
    elif path in ("clear_permit", "malformed_applicant", "declared_name_differs"):
        nat = rng.choice(VISA_REQUIRED + ["GEO", "TUR", "BRA", "COL", "MDA"] + VISA_FREE[:4])
    else:
        nat = rng.choice(VISA_FREE[:4] * 3 + VISA_FREE)
    if path == "under_18":
        person = make_person(rng, nat, as_of, age_range=(16, 17))
        if rng.random() < 0.3:        # 18 tomorrow
            person["dob"] = _d(add_years(as_of, -18), 1)
    else:
        person = make_person(rng, nat, as_of, age_range=(18, 55))
        if rng.random() < 0.08:       # 18th birthday on the as-of date
            person["dob"] = add_years(as_of, -18)
    if person["sex"] == "<":
        person["sex"] = rng.choice("MF")
    st["person"] = person
    # travel document
    if nat in ("XXA", "XXB"):
        td = specs.passport(rng, dict(person), as_of, code="PT")
    elif nat in ("D", "POL", "FRA", "LTU", "ESP", "NLD", "BEL", "CZE", "PRT") and rng.random() < 0.15:
        td = specs.id_card(rng, person, as_of, "TD1")
    else:
        td = specs.passport(rng, person, as_of, expired=path == "expired_passport")
    if path == "altered_mrz":
        specs.alter_doc(rng, td, as_of, field="document_number")
        st["notes"].append("document number changed after issue; its check digit no longer matches")
    st["travel"] = td
    # legal stay documents
    st["stay_docs"] = []
    if path in ("clear_visa", "expired_visa") or (path in ("malformed_applicant", "declared_name_differs")
                                                  and rng.random() < 0.4):
        v = specs.visa(rng, person, as_of, td["number"], issuer="UKR", expired=path == "expired_visa")
        st["stay_docs"].append(v)
    elif path in ("clear_permit", "malformed_applicant", "declared_name_differs"):
        st["stay_docs"].append(specs.residence_permit(rng, person, as_of))
    # entries
    entries = None
    if path in ("clear_visa_free", "record", "under_18", "no_certificate", "altered_mrz",
                "expired_passport", "stale_certificate", "someone_elses_certificate",
                "declared_name_differs", "clear_permit", "clear_visa", "expired_visa",
                "visa_required_no_visa"):
        r = rng.random()
        target = 90 if r < 0.1 else (rng.randint(1, 12) if r < 0.3 else rng.randint(13, 88))
        entries, _ = make_entries(rng, as_of, target)
    elif path == "overstay":
        r = rng.random()
        target = 91 if r < 0.15 else rng.randint(92, 170)
        entries, _ = make_entries(rng, as_of, target)
    # applicant.json
    sur, giv = _same_person_variant(rng, person)
    app = {"surname": sur, "given_names": giv, "date_of_birth": person["dob"].isoformat()}
    if rng.random() < 0.15:
        app = {k: v for k, v in app.items() if k != "given_names"}
    if entries is not None:
        app["entries"] = entries
    if path == "declared_name_differs":
        others = [s for s in [make_person(rng, nat, as_of)["surname"] for _ in range(8)]
                  if s and s[:3].upper() != person["surname"][:3].upper()]
        app["surname"] = others[0] if others else "Petrenko-Kowalski"
        st["notes"].append("declared surname differs from the documents")
    if path == "no_entry_data":
        if rng.random() < 0.3:
            app = None
    if path == "malformed_applicant":
        st["applicant"] = rng.choice([
            json.dumps(app, ensure_ascii=False)[:-12],                       # cut short
            json.dumps(app, ensure_ascii=False).replace('",', '"', 1),        # missing comma
            '{"surname": "%s", "date_of_birth": 19900517}' % sur,           # wrong type
            '{"surname": "%s", "entries": "since January"}' % sur,          # wrong type
        ])
        st["applicant_state"] = "malformed"
    elif app is None or (path == "clear_visa_free" and False):
        st["applicant_state"] = "absent"
    else:
        st["applicant"] = app
        st["applicant_state"] = "differs" if path == "declared_name_differs" else "matches"
    if path in ("clear_visa", "clear_permit") and rng.random() < 0.15 and st["applicant_state"] == "matches":
        st["applicant"] = None       # staff did not fill the form: still clear
        st["applicant_state"] = "absent"
    st["entries"] = entries if st["applicant_state"] in ("matches", "differs") else None
    # certificate
    if path != "no_certificate":
        country = CERT_COUNTRY.get(nat)
        if country is None or rng.random() < 0.15:
            country = rng.choice(["UKR", "UKR", "GBR", "USA", "DEU", "POL"]) if st["stay_docs"] \
                else rng.choice(["GBR", "USA", "DEU", "POL"])
        r = rng.random()
        if path == "stale_certificate":
            age = 181 if r < 0.2 else rng.randint(182, 420)
        else:
            age = 180 if r < 0.08 else (0 if r < 0.14 else rng.randint(1, 179))
        holder = person
        if path == "someone_elses_certificate":
            other = make_person(rng, nat, as_of, age_range=(18, 60))
            while other["surname"][:3].upper() == person["surname"][:3].upper():
                other = make_person(rng, nat, as_of, age_range=(18, 60))
            holder = other
            st["notes"].append("certificate is about another person")
        st["cert"] = {"country": country, "has_record": path == "record", "holder": holder,
                      "issued": _d(as_of, -age), "same_person": holder is person}
    return st


def expected(st, as_of):
    """The eight checks and the decision, by the contract's table."""
    c = {}
    td = st["travel"]
    person = st["person"]
    c["travel_document"] = "pass" if td["valid"] else "review"
    c["document_validity"] = "pass" if td["expiry"] >= as_of else "fail"
    c["age"] = "pass" if age_on(person["dob"], as_of) >= MIN_AGE else "fail"
    # legal stay
    nat = person["nationality"]
    ukr = [d for d in st["stay_docs"] if d["issuer"] == "UKR" and (
        d["type"] == "visa" or (d["format"] == "TD1" and d["code"].startswith("I") and d["code"] != "ID"))]
    if any(d["expiry"] >= as_of for d in ukr):
        c["legal_stay"] = "pass"
    elif ukr:
        c["legal_stay"] = "fail"
    elif nat in VISA_FREE:
        if st["entries"] is None:
            c["legal_stay"] = "review"
        else:
            c["legal_stay"] = "pass" if days_present(st["entries"], as_of) <= STAY_LIMIT else "fail"
    else:
        c["legal_stay"] = "incomplete"
    cert = st.get("cert_written")
    if cert is None:
        c["criminal_record"] = c["certificate_freshness"] = c["certificate_holder"] = "incomplete"
    else:
        c["criminal_record"] = "fail" if cert["has_record"] else "pass"
        age = (as_of - cert["issued"]).days
        c["certificate_freshness"] = "pass" if 0 <= age <= MAX_CERT_AGE else "incomplete"
        c["certificate_holder"] = "pass" if cert["same_person"] else "review"
    c["applicant_data"] = {"absent": "pass", "matches": "pass"}.get(st["applicant_state"], "review")
    vals = [c[k] for k in CHECK_IDS]
    if "fail" in vals:
        dec = "rejected"
    elif "incomplete" in vals:
        dec = "incomplete"
    elif "review" in vals:
        dec = "review"
    else:
        dec = "clear"
    return dec, {k: c[k] for k in CHECK_IDS}


# --------------------------------------------------------------------------
# writing


def _file_name(rng, used, ext):
    for _ in range(100):
        r = rng.random()
        if r < 0.3:
            n = "scan%d" % rng.randint(1, 9)
        elif r < 0.55:
            n = "IMG_2024%02d%02d_%02d%02d%02d" % (rng.randint(1, 2), rng.randint(1, 28), rng.randint(8, 19),
                                                   rng.randint(0, 59), rng.randint(0, 59))
        elif r < 0.7:
            n = "Scan_%04d" % rng.randint(1, 300)
        elif r < 0.8:
            n = "document(%d)" % rng.randint(1, 5)
        elif r < 0.9:
            n = "2024%02d%02d%02d%02d%02d" % (rng.randint(1, 2), rng.randint(1, 28), rng.randint(0, 23),
                                             rng.randint(0, 59), rng.randint(0, 59))
        else:
            n = rng.choice(["copy", "img", "DSC%05d" % rng.randint(1, 99999), "page"])
        if ext == ".jpg" and rng.random() < 0.2:
            ext = ".jpeg"
        if n + ext not in used:
            used.add(n + ext)
            return n + ext
    raise RuntimeError("no free file name")


def _pages_for(rng, st):
    """Group the documents into files: list of (pages, [(spec, page, idx)])."""
    files = []
    td = st["travel"]
    stay = list(st["stay_docs"])
    if td["format"] == "TD1":
        front, back = documents.render_td1(rng, td)
        r = rng.random()
        if r < 0.5:
            files.append(([documents.side_by_side(rng, front, back, rng.random() < 0.7)], [(td, 0, 0)]))
        else:
            files.append(([front, back], [(td, 1, 0)]))
    else:
        dp = documents.render_td3(rng, td)
        visas = [v for v in stay if v["type"] == "visa"]
        if visas and rng.random() < 0.5:
            v = visas[0]
            stay.remove(v)
            vp = documents.visa_page(rng, documents.render_visa(rng, v))
            files.append(([documents.spread(rng, vp, dp)], [(v, 0, 0), (td, 0, 1)]))
        else:
            files.append(([dp], [(td, 0, 0)]))
    for d in stay:
        if d["type"] == "visa":
            vr = documents.render_visa(rng, d)
            files.append(([documents.visa_page(rng, vr) if rng.random() < 0.7 else vr], [(d, 0, 0)]))
        else:
            front, back = documents.render_td1(rng, d)
            r = rng.random()
            if r < 0.6:
                files.append(([documents.side_by_side(rng, front, back, rng.random() < 0.7)], [(d, 0, 0)]))
            elif r < 0.8:
                files.append(([back], [(d, 0, 0)]))
            else:
                files.append(([front, back], [(d, 1, 0)]))
    return files


INTENDED = {"clear_visa_free": "clear", "clear_visa": "clear", "clear_permit": "clear",
            "record": "rejected", "under_18": "rejected", "overstay": "rejected",
            "no_certificate": "incomplete", "altered_mrz": "review", "expired_passport": "rejected",
            "expired_visa": "rejected", "stale_certificate": "incomplete", "no_entry_data": "review",
            "someone_elses_certificate": "review", "visa_required_no_visa": "incomplete",
            "malformed_applicant": "review", "declared_name_differs": "review"}


def write_case(rng, case, path, as_of, inbox, truthdir, clean=False, compact=False):
    for _ in range(20):
        st = build_case(rng, path, as_of)
        st["cert_written"] = st["cert"] if certs.available() else None
        if expected(st, as_of)[0] == INTENDED[path] or not certs.available():
            break
    else:
        raise RuntimeError("scenario %s does not give its intended decision" % path)
    st["cert_written"] = None
    cdir = os.path.join(inbox, case)
    os.makedirs(cdir, exist_ok=True)
    used = set()
    tdocs = []
    for pages, docs in _pages_for(rng, st):
        multi = len(pages) > 1
        fmt = output.choose_format(rng, multi, compact)
        outs, quads, infos = [], [], []
        for pg in pages:
            img, q, info = degrade.degrade(rng, pg, clean=clean, compact=compact,
                                           photo_share=0.3, lossless=fmt in ("png", "tiff"))
            outs.append(img)
            quads.append(q)
            infos.append(info)
        bilevel = all(info.get("bilevel") for info in infos)
        data, finfo = output.encode(rng, outs, fmt, dpi=infos[0].get("dpi", 200), compact=compact,
                                    bilevel=bilevel)
        name = _file_name(rng, used, output.EXT[fmt])
        with open(os.path.join(cdir, name), "wb") as f:
            f.write(data)
        for spec, page, idx in docs:
            e = specs.truth_entry(spec)
            e.update({"file": name, "page": page})
            tdocs.append(e)
    cert_truth = None
    if st["cert"] is not None:
        if certs.available():
            ct = st["cert"]
            data, ext, t = certs.render(rng, ct["country"], ct["has_record"], ct["holder"], ct["issued"],
                                        clean=clean, compact=compact)
            name = _file_name(rng, used, ext)
            with open(os.path.join(cdir, name), "wb") as f:
                f.write(data)
            st["cert_written"] = ct
            cert_truth = dict({"file": name}, **t["certificate"])
        else:
            st["notes"].append("certificate renderer unavailable: no certificate written")
    if st["applicant"] is not None:
        with open(os.path.join(cdir, "applicant.json"), "w", encoding="utf-8") as f:
            if isinstance(st["applicant"], str):
                f.write(st["applicant"] + "\n")
            else:
                json.dump(st["applicant"], f, ensure_ascii=False, indent=2)
                f.write("\n")
    decision, checks = expected(st, as_of)
    note = "; ".join(st["notes"])
    if st["entries"] is not None:
        n = days_present(st["entries"], as_of)
        note = (note + "; " if note else "") + "%d days present in the %d days ending %s" % (
            n, STAY_WINDOW, as_of.isoformat())
    truth = {"case": case, "as_of": as_of.isoformat(), "decision": decision, "checks": checks,
             "path": path, "note": note, "applicant": st["applicant_state"],
             "documents": tdocs, "certificate": cert_truth}
    write_json(os.path.join(truthdir, case + ".json"), truth)
    return decision


def write_many(seed, n, outdir, as_of=None, clean=False, compact=False, quiet=False, paths=None):
    """N cases in outdir/inbox/<case>/ with outdir/truth/<case>.json and
    outdir/AS_OF, rotating through PATHS."""
    if isinstance(as_of, str) or as_of is None:
        as_of = datetime.date.fromisoformat(as_of or DEFAULT_AS_OF)
    if not certs.available():
        certs.warn_missing()
    inbox = os.path.join(outdir, "inbox")
    truthdir = os.path.join(outdir, "truth")
    os.makedirs(inbox, exist_ok=True)
    os.makedirs(truthdir, exist_ok=True)
    with open(os.path.join(outdir, "AS_OF"), "w") as f:
        f.write(as_of.isoformat() + "\n")
    paths = paths or PATHS
    for i in range(n):
        rng = random.Random("%s/cases/%d" % (seed, i))
        case = "A%04d" % (1001 + i)
        write_case(rng, case, paths[i % len(paths)], as_of, inbox, truthdir, clean, compact)
    return n
