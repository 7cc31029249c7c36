"""One sample picture (or multi-page file) of identity documents with its
truth: which documents, their MRZ lines and fields, where the MRZ lines lie
in the picture, and what degradations were applied."""

import datetime
import json
import re
import os
import random

import numpy as np

from . import degrade, documents, output, specs
from .people import VISA_FREE, VISA_REQUIRED, make_person

REF = datetime.date(2024, 3, 1)   # reference date for century inference and dates

NATIONALITIES = (["D", "GBR", "USA", "POL", "IND", "NGA", "UKR", "PAK"] * 3 +
                 ["FRA", "CAN", "LTU", "ESP", "NLD", "SWE", "BEL", "GEO", "CZE", "AUS", "JPN",
                  "BRA", "COL", "PRT", "TUR", "MDA", "ITA", "FIN"])

SCENARIOS = [("passport", 30), ("travel_document", 5), ("id_card", 13), ("id_card_long", 3),
             ("residence_permit", 10), ("td2", 8), ("visa", 8), ("visa_page", 5),
             ("spread", 11), ("tiff_card", 4), ("tiff_passport_visa", 4)]


def _person(rng, nat=None, foreign=False):
    if nat is None:
        nat = rng.choice(NATIONALITIES)
        while foreign and nat == "UKR":
            nat = rng.choice(NATIONALITIES)
    p = make_person(rng, nat, REF, age_range=(rng.choice([0, 10, 18, 18, 18]), 75))
    r = rng.random()
    if r < 0.01:
        p["mrz_sex"] = "X"     # non-conformant but seen in the wild
    if nat == "IND" and rng.random() < 0.15:
        p["surname"] = ""      # only a given name: empty primary identifier in the MRZ
    if nat in ("XXA", "XXB") and rng.random() < 0.35:
        # wholly unknown birth date (CONTRACT §3 keeps such an MRZ valid;
        # partly unknown dates are not generated: they make it invalid)
        p["dob_raw"] = "<<<<<<"
    return p


def _visa_for(rng, person, passport_doc, fmt=None):
    issuer = "UKR" if rng.random() < 0.7 else rng.choice(["POL", "D", "USA", "GBR", "LTU"])
    return specs.visa(rng, person, REF, passport_doc["number"], issuer=issuer, fmt=fmt)


def _passport_for(rng, person, code=None):
    if code is None:
        code = "P"
        if person["nationality"] in ("XXA", "XXB"):
            code = rng.choice(["PT", "P"])
        elif rng.random() < 0.06:
            code = rng.choice(["PU", "PT"])
            if code == "PT":
                person["nationality"] = rng.choice(["XXA", "XXB"])
    return specs.passport(rng, person, REF, code=code)


def choose_specs(rng, scenario=None, forge=False):
    """The documents of one picture (specs, not yet drawn), one forged if asked."""
    if scenario is None:
        scenario = rng.choices([s for s, _ in SCENARIOS], [w for _, w in SCENARIOS])[0]
    layout = rng.random()
    if scenario in ("passport", "travel_document"):
        nat = rng.choice(["XXA", "XXB"]) if scenario == "travel_document" and rng.random() < 0.7 else None
        p = _person(rng, nat)
        code = "PU" if scenario == "travel_document" and nat is None else None
        specs_ = [_passport_for(rng, p, code)]
    elif scenario in ("id_card", "id_card_long", "tiff_card"):
        p = _person(rng, rng.choice(["D", "POL", "UKR", "FRA", "BEL", "LTU", "ESP", "NLD", "PRT", "CZE"]))
        specs_ = [specs.id_card(rng, p, REF, "TD1", long_number=scenario == "id_card_long")]
    elif scenario == "residence_permit":
        specs_ = [specs.residence_permit(rng, _person(rng, foreign=True), REF)]
    elif scenario == "td2":
        p = _person(rng, rng.choice(["D", "ROU", "POL", "LTU", "GEO", "MDA", "ESP"]))  # not FRA: IDFRA 2x36 is the French national format
        specs_ = [specs.id_card(rng, p, REF, "TD2", long_number=rng.random() < 0.15)]
    elif scenario in ("visa", "visa_page"):
        p = _person(rng, foreign=True)
        specs_ = [_visa_for(rng, p, _passport_for(rng, p, "P"))]
    elif scenario in ("spread", "tiff_passport_visa"):
        p = _person(rng, rng.choice(VISA_REQUIRED + ["GEO", "TUR", "BRA", "COL"] + VISA_FREE[:4]))
        pp = _passport_for(rng, p, "P")
        specs_ = [pp, _visa_for(rng, p, pp)]
    else:
        raise ValueError(scenario)
    if forge:
        specs.alter_doc(rng, specs_[rng.randrange(len(specs_))], REF)
    return scenario, layout, specs_


def build(rng, scenario=None, forge=False):
    """Choose one picture's documents, forge one if asked, and render them.
    Returns (scenario, pages, docs): pages is a list of Render, docs a list
    of (spec, page index, index of the MRZ on that page)."""
    scenario, layout, specs_ = choose_specs(rng, scenario, forge)
    d = specs_[0]
    if scenario in ("passport", "travel_document"):
        return scenario, [documents.render_td3(rng, d)], [(d, 0, 0)]
    if scenario in ("id_card", "id_card_long", "tiff_card", "residence_permit"):
        front, back = documents.render_td1(rng, d)
        if scenario == "tiff_card":
            return scenario, [front, back], [(d, 1, 0)]
        if layout < 0.45:
            return scenario, [back], [(d, 0, 0)]
        return scenario, [documents.side_by_side(rng, front, back, vertical=layout < 0.85)], [(d, 0, 0)]
    if scenario == "td2":
        return scenario, [documents.render_td2(rng, d)], [(d, 0, 0)]
    if scenario in ("visa", "visa_page"):
        vr = documents.render_visa(rng, d)
        return scenario, [vr if scenario == "visa" else documents.visa_page(rng, vr)], [(d, 0, 0)]
    pp, v = specs_
    vp = documents.visa_page(rng, documents.render_visa(rng, v))
    dp = documents.render_td3(rng, pp)
    if scenario == "spread":
        return scenario, [documents.spread(rng, vp, dp)], [(v, 0, 0), (pp, 0, 1)]
    return scenario, [dp, vp], [(pp, 0, 0), (v, 1, 0)]


# The committed sample set walks through every scenario in turn; the last
# one is forged.
PLAN = ["passport", "id_card", "residence_permit", "td2", "visa", "spread", "travel_document",
        "id_card_long", "visa_page", "tiff_card", "tiff_passport_visa", "passport"]


def make(rng, name, clean=False, compact=False, alter_share=0.05, scenario=None, fmt=None,
         photo_share=0.35, forge=None):
    """Generate one docs sample.  Returns (bytes, ext, truth, degraded pages,
    per-page quads) -- the last two let callers cut line crops."""
    # decide on forgery first so the MRZ is drawn altered
    f = rng.random() < alter_share
    scenario, pages, docs = build(rng, scenario, f if forge is None else forge)
    multi = len(pages) > 1
    if fmt is None:
        fmt = output.choose_format(rng, multi, compact)
    if multi and fmt not in ("tiff", "pdf"):
        fmt = "tiff"
    outs, quads, infos = [], [], []
    for pg in pages:
        img, q, info = degrade.degrade(rng, pg, clean=clean, compact=compact, photo_share=photo_share,
                                       lossless=fmt in ("png", "tiff"))
        outs.append(img)
        quads.append(q)
        infos.append(info)
    dpi = infos[0].get("dpi", 200)
    bilevel = all(info.get("bilevel") for info in infos)
    data, finfo = output.encode(rng, outs, fmt, dpi=dpi, compact=compact, bilevel=bilevel)
    truth = {"file": name + output.EXT[fmt], "kind": "docs", "scenario": scenario,
             "reference_date": REF.isoformat(), "file_format": fmt, "pages": len(outs),
             "documents": [], "degradations": infos[0] if not multi else {"pages": infos}}
    for k in ("jpeg_quality", "tiff_compression", "pdf_dpi"):
        if k in finfo:
            truth["degradations"][k] = finfo[k]
    for spec, page, idx in docs:
        h, w = outs[page].shape[:2]
        for q in quads[page][idx]:
            if q.min() < 0 or q[:, 0].max() > w or q[:, 1].max() > h:
                raise RuntimeError("MRZ line outside the picture")
        e = specs.truth_entry(spec)
        e["page"] = page
        e["mrz_quads"] = [np.round(q, 1).tolist() for q in quads[page][idx]]
        truth["documents"].append(e)
    return data, output.EXT[fmt], truth, outs, quads


_NUMS = re.compile(r"\[\s*(-?[0-9][0-9.e+-]*(?:,\s*-?[0-9][0-9.e+-]*)*)\s*\]")
_LISTS = re.compile(r"\[\s*(\[[^\[\]]*\](?:,\s*\[[^\[\]]*\])*)\s*\]")


def dumps(obj):
    """JSON with one key per line but number lists (MRZ corners) kept short."""
    s = json.dumps(obj, ensure_ascii=False, indent=1)
    s = _NUMS.sub(lambda m: "[" + re.sub(r"\s+", "", m.group(1)) + "]", s)
    s = _LISTS.sub(lambda m: "[" + re.sub(r",\s+", ",", m.group(1)) + "]", s)
    return s + "\n"


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        f.write(dumps(obj))


def write_many(seed, n, outdir, clean=False, compact=False, quiet=False):
    """N docs samples in outdir: NNNN.<ext> and NNNN.truth.json."""
    os.makedirs(outdir, exist_ok=True)
    for i in range(n):
        rng = random.Random("%s/docs/%d" % (seed, i))
        name = "%04d" % (i + 1)
        if compact:
            k = i % len(PLAN)
            data, ext, truth, _, _ = make(rng, name, clean=clean, compact=True, scenario=PLAN[k],
                                          forge=k == len(PLAN) - 1)
        else:
            data, ext, truth, _, _ = make(rng, name, clean=clean, compact=compact)
        with open(os.path.join(outdir, name + ext), "wb") as f:
            f.write(data)
        write_json(os.path.join(outdir, name + ".truth.json"), truth)
    return n


def write_mrz_texts(seed, n, outdir, quiet=False, **_):
    """N MRZ texts (no pictures) for varta-mrz: outdir/NNNN.txt holds the
    lines of one document, outdir/NNNN.json its truth entry."""
    os.makedirs(outdir, exist_ok=True)
    for i in range(n):
        rng = random.Random("%s/mrz/%d" % (seed, i))
        _, _, specs_ = choose_specs(rng, forge=rng.random() < 0.15)
        spec = specs_[rng.randrange(len(specs_))]
        name = "%04d" % (i + 1)
        with open(os.path.join(outdir, name + ".txt"), "w") as f:
            f.write("\n".join(spec["lines"]) + "\n")
        write_json(os.path.join(outdir, name + ".json"), specs.truth_entry(spec))
    return n
