"""MRZ composer (ICAO 9303): TD1, TD2, TD3, MRV-A, MRV-B, with check digits,
long TD1/TD2 document numbers, name encoding with transliteration and
truncation, and a field reader that turns composed lines into the truth
fields of CONTRACT.md section 3.

Written independently of varta's C parser so that each checks the other."""

import datetime
import unicodedata

LENGTHS = {"TD1": (30, 3), "TD2": (36, 2), "TD3": (44, 2), "MRVA": (44, 2), "MRVB": (36, 2)}
NAME_LEN = {"TD1": 30, "TD2": 31, "TD3": 39, "MRVA": 39, "MRVB": 31}


def char_value(c):
    if c.isdigit():
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    if c == "<":
        return 0
    raise ValueError("not an MRZ character: %r" % c)


def check_digit(s):
    """ICAO 7-3-1 check digit of the string s, as a character."""
    w = (7, 3, 1)
    return str(sum(char_value(c) * w[i % 3] for i, c in enumerate(s)) % 10)


# ICAO 9303 Part 3 Latin transliteration (the subset real names need) and
# the Ukrainian national romanisation used in Ukrainian passports.
_LATIN = {
    "Ä": "AE", "Æ": "AE", "Å": "AA", "Ö": "OE", "Ø": "OE", "Œ": "OE", "Ü": "UE",
    "ß": "SS", "Þ": "TH", "Ð": "D", "Đ": "D", "Ł": "L", "Ħ": "H", "Ĳ": "IJ", "ı": "I",
}
_CYR = {
    "А": "A", "Б": "B", "В": "V", "Г": "H", "Ґ": "G", "Д": "D", "Е": "E", "Є": "IE",
    "Ж": "ZH", "З": "Z", "И": "Y", "І": "I", "Ї": "I", "Й": "I", "К": "K", "Л": "L",
    "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U",
    "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH", "Щ": "SHCH", "Ь": "",
    "Ю": "IU", "Я": "IA", "'": "", "’": "",
}


def transliterate(name):
    """A printed name (any case, diacritics, Cyrillic) to MRZ letters, with
    spaces and hyphens kept as separators (converted later to '<')."""
    out = []
    for ch in name.upper():
        if ch in _LATIN:
            out.append(_LATIN[ch])
        elif ch in _CYR:
            out.append(_CYR[ch])
        elif ch in " -,":
            out.append(" ")
        elif ch in "'’.":
            continue
        else:
            d = unicodedata.normalize("NFKD", ch)
            d = "".join(c for c in d if "A" <= c <= "Z")
            out.append(d)
    return " ".join("".join(out).split())


def encode_name(surname, given, length, given_sep=None):
    """The name field: PRIMARY<<SECONDARY, padded or truncated to `length`.
    `given_sep` lets a caller put '<<' between given-name groups (seen on
    French ID cards).  Returns (field, truncated)."""
    prim = "<".join(transliterate(surname).split())
    if given_sep is not None:
        sec = given_sep.join("<".join(transliterate(g).split()) for g in given)
    else:
        sec = "<".join(transliterate(" ".join(given)).split())
    full = prim + "<<" + sec if sec else prim
    truncated = len(full) > length
    if truncated:
        field = full[:length]
        # ICAO truncation: the field must end with a letter.
        while field.endswith("<"):
            field = field[:-1]
        field = field.ljust(length, "<")
    else:
        field = full.ljust(length, "<")
    return field, truncated


def pad(s, n):
    if len(s) > n:
        raise ValueError("field too long: %r > %d" % (s, n))
    return s.ljust(n, "<")


def yymmdd(d):
    """date or raw 6-char string to YYMMDD."""
    if isinstance(d, str):
        return d
    return d.strftime("%y%m%d")


def compose(fmt, code, issuer, surname, given, number, nationality, dob, sex,
            expiry, personal="", optional="", optional2="", name_given_sep=None,
            pn_cd_empty="<"):
    """Compose the MRZ lines of a document.  dob/expiry are datetime.date or
    raw 6-char strings ('<<<<<<', '8501<<').  Returns (lines, info) where info
    has name_truncated and long_number."""
    width, _ = LENGTHS[fmt]
    name, trunc = encode_name(surname, given, NAME_LEN[fmt], name_given_sep)
    code = pad(code, 2)
    issuer = pad(issuer, 3)
    nat = pad(nationality, 3)
    b = yymmdd(dob)
    e = yymmdd(expiry)
    sexc = sex if sex in ("M", "F", "X") else "<"
    info = {"name_truncated": trunc, "long_number": len(number) > 9}
    if fmt == "TD3":
        if len(number) > 9:
            raise ValueError("TD3 has no long document numbers")
        n = pad(number, 9)
        pn = pad(personal, 14)
        pncd = check_digit(pn) if personal else pn_cd_empty
        l1 = code + issuer + name
        l2 = n + check_digit(n) + nat + b + check_digit(b) + sexc + e + check_digit(e) + pn + pncd
        comp = l2[0:10] + l2[13:20] + l2[21:43]
        l2 += check_digit(comp)
        lines = [l1, l2]
    elif fmt in ("MRVA", "MRVB"):
        n = pad(number, 9)
        optlen = 16 if fmt == "MRVA" else 8
        l1 = code + issuer + name
        l2 = n + check_digit(n) + nat + b + check_digit(b) + sexc + e + check_digit(e) + pad(optional, optlen)
        lines = [l1, l2]
    elif fmt == "TD1":
        if len(number) > 9:
            head, rest = number[:9], number[9:]
            cd = check_digit(head + rest)
            opt1 = pad(rest + cd + "<" + optional, 15)
            l1 = code + issuer + head + "<" + opt1
        else:
            n = pad(number, 9)
            l1 = code + issuer + n + check_digit(n) + pad(optional, 15)
        l2 = b + check_digit(b) + sexc + e + check_digit(e) + nat + pad(optional2, 11)
        comp = l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
        l2 += check_digit(comp)
        lines = [l1, l2, name]
    elif fmt == "TD2":
        l1 = code + issuer + name
        if len(number) > 9:
            head, rest = number[:9], number[9:]
            cd = check_digit(head + rest)
            opt = pad(rest + cd + "<" + optional, 7)
            l2 = head + "<" + nat + b + check_digit(b) + sexc + e + check_digit(e) + opt
        else:
            n = pad(number, 9)
            l2 = n + check_digit(n) + nat + b + check_digit(b) + sexc + e + check_digit(e) + pad(optional, 7)
        comp = l2[0:10] + l2[13:20] + l2[21:35]
        l2 += check_digit(comp)
        lines = [l1, l2]
    else:
        raise ValueError(fmt)
    for ln in lines:
        assert len(ln) == width, (fmt, ln)
        assert all(c.isdigit() or "A" <= c <= "Z" or c == "<" for c in ln), ln
    return lines, info


def _strip(s):
    return s.strip("<")


def _date_field(raw, kind, ref):
    """ISO date or None, by MRZ-SPEC §5 century inference relative to ref."""
    if not (len(raw) == 6 and raw.isdigit()):
        return None
    yy, mm, dd = int(raw[0:2]), int(raw[2:4]), int(raw[4:6])
    if kind == "birth":
        year = 2000 + yy
        if year > ref.year:
            year -= 100
    else:
        year = 1900 + yy if yy >= (ref.year % 100) + 50 else 2000 + yy
    try:
        d = datetime.date(year, mm, dd)
    except ValueError:
        return None
    if kind == "birth" and d > ref:
        try:
            d = datetime.date(year - 100, mm, dd)
        except ValueError:
            return None
    return d.isoformat()


def _names(field):
    if "<<" in field:
        prim, sec = field.split("<<", 1)
    else:
        prim, sec = field, ""
    surname = " ".join(p for p in prim.split("<") if p)
    given = " ".join(p for p in sec.split("<") if p)
    return surname, given


def read_fields(fmt, lines, ref):
    """The CONTRACT §3 fields of composed lines (fillers removed, names
    joined by one space, ISO dates or None with *_raw kept)."""
    f = {"document_code": "", "issuing_state": "", "surname": "", "given_names": "",
         "document_number": "", "nationality": "", "date_of_birth": None, "sex": None,
         "date_of_expiry": None, "personal_number": "", "optional_data": "",
         "optional_data_2": ""}
    l1 = lines[0]
    f["document_code"] = _strip(l1[0:2])
    f["issuing_state"] = _strip(l1[2:5])
    if fmt == "TD1":
        l2, l3 = lines[1], lines[2]
        opt1 = l1[15:30]
        if l1[14] == "<" and _strip(l1[5:14]) and opt1[0] != "<":
            # long number: remainder, its check digit, then '<'
            rest = opt1.split("<", 1)[0]
            f["document_number"] = _strip(l1[5:14]) + rest[:-1]
            opt1 = opt1[len(rest) + 1:] if len(rest) < 15 else ""
        else:
            f["document_number"] = _strip(l1[5:14])
        f["optional_data"] = _strip(opt1)
        dob, sex, exp, nat = l2[0:6], l2[7], l2[8:14], l2[15:18]
        f["optional_data_2"] = _strip(l2[18:29])
        f["surname"], f["given_names"] = _names(l3)
    else:
        l2 = lines[1]
        f["surname"], f["given_names"] = _names(l1[5:])
        dob, sex, exp, nat = l2[13:19], l2[20], l2[21:27], l2[10:13]
        if fmt == "TD2" and l2[9] == "<" and _strip(l2[0:9]) and l2[28] != "<":
            rest = l2[28:35].split("<", 1)[0]
            f["document_number"] = _strip(l2[0:9]) + rest[:-1]
            f["optional_data"] = _strip(l2[28 + len(rest) + 1:35])
        else:
            f["document_number"] = _strip(l2[0:9])
            if fmt == "TD3":
                f["personal_number"] = _strip(l2[28:42])
            elif fmt == "TD2":
                f["optional_data"] = _strip(l2[28:35])
            else:
                f["optional_data"] = _strip(l2[28:])
    f["nationality"] = _strip(nat)
    f["sex"] = sex if sex in ("M", "F", "X") else None
    f["date_of_birth"] = _date_field(dob, "birth", ref)
    f["date_of_expiry"] = _date_field(exp, "expiry", ref)
    if f["date_of_birth"] is None:
        f["date_of_birth_raw"] = dob
    if f["date_of_expiry"] is None:
        f["date_of_expiry_raw"] = exp
    return f


def checks(fmt, lines):
    """Per-check-digit results of composed or altered lines (as varta-mrz
    names them).  Used to state which check an alteration broke."""
    cd = check_digit
    r = {}
    if fmt == "TD3":
        l2 = lines[1]
        r["document_number"] = cd(l2[0:9]) == l2[9]
        r["date_of_birth"] = cd(l2[13:19]) == l2[19]
        r["date_of_expiry"] = cd(l2[21:27]) == l2[27]
        pn = l2[28:42]
        r["personal_number"] = (l2[42] in "<0") if pn == "<" * 14 else cd(pn) == l2[42]
        r["composite"] = cd(l2[0:10] + l2[13:20] + l2[21:43]) == l2[43]
    elif fmt in ("MRVA", "MRVB"):
        l2 = lines[1]
        r["document_number"] = cd(l2[0:9]) == l2[9]
        r["date_of_birth"] = cd(l2[13:19]) == l2[19]
        r["date_of_expiry"] = cd(l2[21:27]) == l2[27]
    elif fmt == "TD1":
        l1, l2 = lines[0], lines[1]
        if l1[14] == "<" and l1[15] != "<":
            rest = l1[15:30].split("<", 1)[0]
            r["document_number"] = cd(l1[5:14] + rest[:-1]) == rest[-1]
        else:
            r["document_number"] = cd(l1[5:14]) == l1[14]
        r["date_of_birth"] = cd(l2[0:6]) == l2[6]
        r["date_of_expiry"] = cd(l2[8:14]) == l2[14]
        r["composite"] = cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]) == l2[29]
    elif fmt == "TD2":
        l2 = lines[1]
        if l2[9] == "<" and l2[28] != "<":
            rest = l2[28:35].split("<", 1)[0]
            r["document_number"] = cd(l2[0:9] + rest[:-1]) == rest[-1]
        else:
            r["document_number"] = cd(l2[0:9]) == l2[9]
        r["date_of_birth"] = cd(l2[13:19]) == l2[19]
        r["date_of_expiry"] = cd(l2[21:27]) == l2[27]
        r["composite"] = cd(l2[0:10] + l2[13:20] + l2[21:35]) == l2[35]
    return r


def alter(rng, fmt, lines, field=None):
    """Change one character of one check-digit-protected field without
    updating its check digit (a forgery).  Returns (new_lines, field_name)."""
    lines = list(lines)
    spans = {  # (line, start, end) of the protected field's characters
        "TD3": {"document_number": (1, 0, 9), "date_of_birth": (1, 13, 19), "date_of_expiry": (1, 21, 27)},
        "MRVA": {"document_number": (1, 0, 9), "date_of_birth": (1, 13, 19), "date_of_expiry": (1, 21, 27)},
        "MRVB": {"document_number": (1, 0, 9), "date_of_birth": (1, 13, 19), "date_of_expiry": (1, 21, 27)},
        "TD2": {"document_number": (1, 0, 9), "date_of_birth": (1, 13, 19), "date_of_expiry": (1, 21, 27)},
        "TD1": {"document_number": (0, 5, 14), "date_of_birth": (1, 0, 6), "date_of_expiry": (1, 8, 14)},
    }[fmt]
    name = field or rng.choice(sorted(spans))
    li, a, b = spans[name]
    s = lines[li]
    for _ in range(100):
        pos = rng.randrange(a, b)
        c = s[pos]
        if not c.isdigit():
            if name != "document_number" or c == "<":
                continue
            new = rng.choice([x for x in "ABCDEFGHJKLMNPRSTUVWXYZ" if x != c])
        elif name == "document_number":
            new = rng.choice([x for x in "0123456789" if x != c])
        else:
            # keep the date a real date: change the year digits, or the day's units
            off = pos - a
            if off not in (0, 1, 5):
                continue
            new = rng.choice([x for x in "0123456789" if x != c])
            if off == 5 and int(s[a + 4] + new) > 28:
                continue
        cand = s[:pos] + new + s[pos + 1:]
        trial = list(lines)
        trial[li] = cand
        if not all(checks(fmt, trial).values()):
            return trial, name
    raise RuntimeError("could not alter MRZ")
