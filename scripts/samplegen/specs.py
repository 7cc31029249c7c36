"""Document specifications: what a document says (MRZ lines, truth fields,
printed visual-zone strings), before it is drawn."""

import datetime

from . import mrz
from .people import COUNTRIES, add_years, doc_number, long_doc_number
from .documents import viz_date

AUTHORITIES = {"GBR": "HMPO", "USA": "United States Department of State", "D": "Stadt Köln",
               "POL": "MSWiA", "UKR": "ДМС 8000 / SMS 8000", "IND": "MEA/MUMBAI",
               "NGA": "NIS ABUJA", "PAK": "DGI&P ISLAMABAD", "FRA": "Préfecture de Lyon"}


def _issuer_viz(code):
    return "D" if code == "D" else code


def _viz_name(s):
    return s.upper()


def finish(rng, doc, person, ref, given_sep=None, pn_cd_empty=None):
    """Compose the MRZ of `doc` from `person` and fill truth and VIZ strings."""
    if given_sep is None and len(person["given"]) > 1 and (
            rng.random() < (0.3 if doc["issuer"] in ("FRA", "BEL") else 0.04)):
        given_sep = "<<"       # given-name groups split by '<<' (French cards do)
    dob = person.get("dob_raw") or person["dob"]
    sex = person["sex"]
    if pn_cd_empty is None:
        pn_cd_empty = "<" if doc["issuer"] in ("D", "IND") or rng.random() < 0.5 else "0"
    lines, info = mrz.compose(doc["format"], doc["code"], doc["issuer_mrz"], person["surname"],
                              person["given"], doc["number"], person["nationality_mrz"], dob,
                              person.get("mrz_sex", sex), doc["expiry"],
                              personal=doc.get("personal", ""), optional=doc.get("optional", ""),
                              optional2=doc.get("optional2", ""), name_given_sep=given_sep,
                              pn_cd_empty=pn_cd_empty)
    doc["lines"] = lines
    doc["name_truncated"] = info["name_truncated"]
    doc["valid"] = True
    doc["altered"] = None
    doc["nationality"] = person["nationality"]
    doc["nationality_name"] = COUNTRIES.get(person["nationality"], person["nationality"])
    doc["viz_surname"] = _viz_name(person["surname"]) or "—"
    doc["viz_given"] = _viz_name(" ".join(person["given"]))
    r = rng.random() < 0.5
    doc["viz_dob"] = (viz_date(person["dob"], doc["issuer"], r) if not person.get("dob_raw")
                      else "XX.XX.XXXX")
    doc["viz_sex"] = {"M": "M", "F": "F"}.get(sex, "X")
    doc["viz_issued"] = viz_date(doc["issued"], doc["issuer"], r)
    doc["viz_expiry"] = viz_date(doc["expiry"], doc["issuer"], r)
    doc["issuer_viz"] = _issuer_viz(doc["issuer"])
    doc["authority"] = AUTHORITIES.get(doc["issuer"], "MINISTRY OF INTERIOR")
    doc["fields"] = mrz.read_fields(doc["format"], lines, ref)
    doc["person"] = person
    return doc


def alter_doc(rng, doc, ref, field=None):
    """Forge the document: one protected field changed without its check digit."""
    lines, name = mrz.alter(rng, doc["format"], doc["lines"], field)
    doc["lines"] = lines
    doc["valid"] = False
    doc["altered"] = name
    doc["fields"] = mrz.read_fields(doc["format"], lines, ref)
    return doc


def _dates(rng, ref, years, expired=False, min_left=30):
    """(issued, expiry) for a document valid `years` years; unexpired on ref
    by at least min_left days unless expired (then expired 1-900 days ago)."""
    if expired:
        expiry = ref - datetime.timedelta(days=rng.randint(1, 900))
    else:
        expiry = ref + datetime.timedelta(days=rng.randint(min_left, int(years * 365) - 5))
    issued = add_years(expiry, -years) + datetime.timedelta(days=1)
    if issued > ref:
        issued = ref - datetime.timedelta(days=rng.randint(1, 30))
    return issued, expiry


def person_mrz(person):
    p = dict(person)
    p["nationality_mrz"] = "D" if person["nationality"] == "D" else person["nationality"]
    return p


def passport(rng, person, ref, expired=False, issuer=None, code="P", fmt="TD3"):
    p = person_mrz(person)
    iss = issuer or person["nationality"]
    if person["nationality"] in ("XXA", "XXB"):
        iss = issuer or rng.choice(["D", "POL", "GBR", "FRA", "NLD", "SWE", "UKR"])
    kind = "travel_document" if (code in ("PT", "PU") or person["nationality"].startswith("XX")) else "passport"
    adult = (ref - person["dob"]).days > 18 * 365
    issued, expiry = _dates(rng, ref, 10 if adult else 5, expired)
    if code == "PU":
        issued, expiry = _dates(rng, ref, 1, expired, min_left=5)
    doc = {"type": kind, "format": fmt, "code": code, "issuer": iss, "issuer_mrz": iss,
           "number": doc_number(rng, iss, "passport"), "issued": issued, "expiry": expiry}
    if iss in ("POL", "UKR", "NLD", "SWE", "LTU") and rng.random() < 0.7:
        doc["personal"] = "".join(rng.choice("0123456789") for _ in range(rng.choice([10, 11, 14])))[:14]
    elif iss == "GBR" and rng.random() < 0.1:
        doc["personal"] = "".join(rng.choice("0123456789") for _ in range(9))
    return finish(rng, doc, p, ref)


def id_card(rng, person, ref, fmt="TD1", expired=False, long_number=False):
    p = person_mrz(person)
    iss = person["nationality"]
    issued, expiry = _dates(rng, ref, 10, expired)
    number = long_doc_number(rng) if long_number else doc_number(rng, iss, "id_card")
    if fmt == "TD2" and len(number) > 14:
        number = number[:14]
    doc = {"type": "id_card", "format": fmt, "code": "ID" if rng.random() < 0.6 else "I",
           "issuer": iss, "issuer_mrz": iss, "number": number, "issued": issued, "expiry": expiry}
    if iss == "UKR":
        doc["code"] = "ID"   # any other I? code from UKR is a residence permit
    if fmt == "TD1" and rng.random() < 0.4 and len(number) <= 9:
        doc["optional"] = "".join(rng.choice("0123456789") for _ in range(rng.choice([6, 9, 11])))
    if fmt == "TD1" and rng.random() < 0.3:
        doc["optional2"] = "".join(rng.choice("0123456789") for _ in range(rng.choice([4, 8])))
    return finish(rng, doc, p, ref)


def residence_permit(rng, person, ref, code=None, expired=False):
    """A Ukrainian residence permit (TD1, issuer UKR, code I? other than ID)."""
    p = person_mrz(person)
    code = code or rng.choice(["IT", "IT", "IP", "IR", "I<"])
    years = 10 if code == "IP" else rng.choice([1, 2, 3])
    issued, expiry = _dates(rng, ref, years, expired)
    doc = {"type": "residence_permit", "format": "TD1", "code": code.rstrip("<") or "I",
           "issuer": "UKR", "issuer_mrz": "UKR", "number": doc_number(rng, "UKR", "residence_permit"),
           "issued": issued, "expiry": expiry}
    doc["optional"] = issued.strftime("%Y%m%d") + "".join(rng.choice("0123456789") for _ in range(5))
    return finish(rng, doc, p, ref)


def visa(rng, person, ref, passport_number, issuer="UKR", fmt=None, expired=False):
    """A visa (MRV-A or MRV-B); Ukrainian by default (type D, long stay)."""
    p = person_mrz(person)
    fmt = fmt or rng.choice(["MRVA", "MRVB"])
    if expired:
        expiry = ref - datetime.timedelta(days=rng.randint(1, 400))
    else:
        expiry = ref + datetime.timedelta(days=rng.randint(20, 300))
    issued = expiry - datetime.timedelta(days=rng.choice([89, 179, 364]))
    if issued > ref:
        issued = ref - datetime.timedelta(days=rng.randint(1, 20))
    code = rng.choice(["V", "V", "VD", "VC"]) if issuer != "UKR" else rng.choice(["V", "VD"])
    num = passport_number if len(passport_number) <= 9 else passport_number[:9]
    doc = {"type": "visa", "format": fmt, "code": code, "issuer": issuer, "issuer_mrz": issuer,
           "number": num, "issued": issued, "expiry": expiry,
           "category": {"V": "D", "VD": "D", "VC": "C"}[code]}
    if rng.random() < 0.6:
        doc["optional"] = "".join(rng.choice("0123456789ABCDEFGHKLMNPRSTUVWXYZ") for _ in range(rng.choice([6, 8])))
    return finish(rng, doc, p, ref)


def truth_entry(doc):
    """The per-document truth record written beside each image."""
    e = {"type": doc["type"], "format": doc["format"], "lines": list(doc["lines"]),
         "fields": doc["fields"], "valid": doc["valid"]}
    if doc.get("altered"):
        e["altered_field"] = doc["altered"]
    e["name_truncated"] = doc["name_truncated"]
    e["printed"] = {"surname": doc["person"]["surname"],
                    "given_names": " ".join(doc["person"]["given"])}
    return e
