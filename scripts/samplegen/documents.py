"""Clean renderings of identity documents at 300 dpi with known MRZ
geometry: passport data pages (TD3), ID cards and Ukrainian residence
permits (TD1, front and back), TD2 cards, visas (MRV-A, MRV-B), a passport
visa page with a sticker, and an open-passport spread with a visa above the
data page (two MRZs in one picture).

Every render returns a Render: an RGB uint8 array and, per MRZ on it, the
four corners (top-left, top-right, bottom-right, bottom-left; cap top to
baseline) of each MRZ line in pixel coordinates."""

import math

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

DPI = 300
OCRB = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
OCRB_SHARP = "/usr/share/fonts/opentype/ocr-b/OCRBS.otf"
_TT = "/usr/share/fonts/truetype/"
SANS = [_TT + "dejavu/DejaVuSans.ttf", _TT + "liberation/LiberationSans-Regular.ttf",
        _TT + "freefont/FreeSans.ttf", _TT + "dejavu/DejaVuSansCondensed.ttf",
        _TT + "liberation/LiberationSansNarrow-Regular.ttf"]
SANS_BOLD = [_TT + "dejavu/DejaVuSans-Bold.ttf", _TT + "liberation/LiberationSans-Bold.ttf",
             _TT + "freefont/FreeSansBold.ttf", _TT + "dejavu/DejaVuSansCondensed-Bold.ttf",
             _TT + "liberation/LiberationSansNarrow-Bold.ttf"]
SERIF = [_TT + "dejavu/DejaVuSerif.ttf", _TT + "liberation/LiberationSerif-Regular.ttf",
         _TT + "freefont/FreeSerif.ttf"]
SERIF_BOLD = [_TT + "dejavu/DejaVuSerif-Bold.ttf", _TT + "liberation/LiberationSerif-Bold.ttf",
              _TT + "freefont/FreeSerifBold.ttf"]

_font_cache = {}


def font(path, px):
    key = (path, int(px))
    f = _font_cache.get(key)
    if f is None:
        f = _font_cache[key] = ImageFont.truetype(path, int(px))
    return f


def mm(x):
    return int(round(x * DPI / 25.4))


class Render:
    """A clean picture and the MRZ line corners of each document on it."""

    def __init__(self, img, mrzs):
        self.img = img            # HxWx3 uint8
        self.mrzs = mrzs          # list of list of 4x2 float arrays (one per line)


HEADERS = {
    "GBR": ("UNITED KINGDOM OF GREAT BRITAIN AND NORTHERN IRELAND", None),
    "USA": ("UNITED STATES OF AMERICA", None),
    "D": ("BUNDESREPUBLIK DEUTSCHLAND", "FEDERAL REPUBLIC OF GERMANY"),
    "POL": ("RZECZPOSPOLITA POLSKA", "REPUBLIC OF POLAND"),
    "UKR": ("УКРАЇНА", "UKRAINE"),
    "IND": ("REPUBLIC OF INDIA", None),
    "NGA": ("FEDERAL REPUBLIC OF NIGERIA", None),
    "PAK": ("ISLAMIC REPUBLIC OF PAKISTAN", None),
    "FRA": ("RÉPUBLIQUE FRANÇAISE", "FRENCH REPUBLIC"),
    "CAN": ("CANADA", None),
    "LTU": ("LIETUVOS RESPUBLIKA", "REPUBLIC OF LITHUANIA"),
    "ESP": ("REINO DE ESPAÑA", "KINGDOM OF SPAIN"),
    "NLD": ("KONINKRIJK DER NEDERLANDEN", "KINGDOM OF THE NETHERLANDS"),
    "SWE": ("KONUNGARIKET SVERIGE", "KINGDOM OF SWEDEN"),
    "BEL": ("ROYAUME DE BELGIQUE", "KONINKRIJK BELGIË"),
}

LABELS = {
    "en": {"type": "Type", "code": "Code", "no": "Passport No.", "sur": "Surname",
           "giv": "Given names", "nat": "Nationality", "dob": "Date of birth",
           "sex": "Sex", "pob": "Place of birth", "doi": "Date of issue",
           "doe": "Date of expiry", "auth": "Authority", "sig": "Holder's signature"},
    "de": {"type": "Typ/Type", "code": "Kode/Code", "no": "Pass-Nr./Passport No.",
           "sur": "Name/Surname", "giv": "Vornamen/Given names",
           "nat": "Staatsangehörigkeit/Nationality", "dob": "Geburtstag/Date of birth",
           "sex": "Geschlecht/Sex", "pob": "Geburtsort/Place of birth",
           "doi": "Ausstellungsdatum/Date of issue", "doe": "Gültig bis/Date of expiry",
           "auth": "Behörde/Authority", "sig": "Unterschrift/Signature"},
    "pl": {"type": "Typ/Type", "code": "Kod/Code", "no": "Nr paszportu/Passport No.",
           "sur": "Nazwisko/Surname", "giv": "Imiona/Given names",
           "nat": "Obywatelstwo/Nationality", "dob": "Data urodzenia/Date of birth",
           "sex": "Płeć/Sex", "pob": "Miejsce urodzenia/Place of birth",
           "doi": "Data wydania/Date of issue", "doe": "Data ważności/Date of expiry",
           "auth": "Organ wydający/Authority", "sig": "Podpis/Signature"},
    "uk": {"type": "Тип/Type", "code": "Код/Code", "no": "Номер/Document No.",
           "sur": "Прізвище/Surname", "giv": "Ім'я/Given names",
           "nat": "Громадянство/Nationality", "dob": "Дата народження/Date of birth",
           "sex": "Стать/Sex", "pob": "Місце народження/Place of birth",
           "doi": "Дата видачі/Date of issue", "doe": "Дійсний до/Date of expiry",
           "auth": "Орган, що видав/Authority", "sig": "Підпис/Signature"},
    "fr": {"type": "Type", "code": "Code du pays/Code", "no": "Passeport n°/Passport No.",
           "sur": "Nom/Surname", "giv": "Prénoms/Given names",
           "nat": "Nationalité/Nationality", "dob": "Date de naissance/Date of birth",
           "sex": "Sexe/Sex", "pob": "Lieu de naissance/Place of birth",
           "doi": "Date de délivrance/Date of issue", "doe": "Date d'expiration/Date of expiry",
           "auth": "Autorité/Authority", "sig": "Signature du titulaire"},
}
LANG = {"D": "de", "POL": "pl", "UKR": "uk", "FRA": "fr", "BEL": "fr"}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
PLACES = ["LONDON", "MANCHESTER", "NEW YORK", "CHICAGO", "BERLIN", "MÜNCHEN", "KRAKÓW",
          "WARSZAWA", "КИЇВ/KYIV", "ЛЬВІВ/LVIV", "MUMBAI", "LAGOS", "LAHORE", "PARIS",
          "TORONTO", "VILNIUS", "MADRID", "GDAŃSK", "HAMBURG", "ABUJA", "DELHI"]
NATIONALITY_WORD = {
    "GBR": "BRITISH CITIZEN", "USA": "UNITED STATES OF AMERICA", "D": "DEUTSCH",
    "POL": "POLSKIE/POLISH", "UKR": "УКРАЇНА/UKRAINE", "IND": "INDIAN", "NGA": "NIGERIAN",
    "PAK": "PAKISTANI", "FRA": "FRANÇAISE", "CAN": "CANADIAN", "XXA": "STATELESS",
    "XXB": "REFUGEE",
}


def viz_date(d, issuer, rng_choice):
    if d is None:
        return "—"
    if isinstance(d, str):
        return d
    if issuer in ("D", "POL", "FRA", "BEL", "LTU", "NLD", "ESP", "SWE"):
        return d.strftime("%d.%m.%Y")
    if issuer == "UKR":
        return d.strftime("%d %m %Y") if rng_choice else "%02d %s/%s %d" % (
            d.day, ["СІЧ", "ЛЮТ", "БЕР", "КВІ", "ТРА", "ЧЕР", "ЛИП", "СЕР", "ВЕР", "ЖОВ",
                    "ЛИС", "ГРУ"][d.month - 1], MONTHS[d.month - 1], d.year)
    if issuer == "USA":
        return "%02d %s %d" % (d.day, MONTHS[d.month - 1].title(), d.year)
    return "%02d %s %d" % (d.day, MONTHS[d.month - 1], d.year)


# --------------------------------------------------------------------------
# backgrounds


def _tint(rng):
    base = rng.choice([(236, 226, 238), (222, 236, 226), (226, 232, 244), (244, 234, 222),
                       (238, 240, 222), (230, 226, 240), (246, 238, 238), (232, 242, 244)])
    return np.array([min(255, max(190, c + rng.randint(-8, 8))) for c in base], np.float32)


def background(rng, h, w):
    """A security-print background: tint, gradient and guilloche lines."""
    hs, ws = max(8, h // 3), max(8, w // 3)
    y, x = np.mgrid[0:hs, 0:ws].astype(np.float32)
    tint = _tint(rng)
    tint2 = _tint(rng)
    gx = x / ws
    gy = y / hs
    mix = (0.5 + 0.5 * np.sin(gx * rng.uniform(1, 4) + gy * rng.uniform(1, 3) + rng.uniform(0, 6)))
    img = tint[None, None, :] * mix[..., None] + tint2[None, None, :] * (1 - mix[..., None])
    cx, cy = rng.uniform(0.2, 0.8) * ws, rng.uniform(0.2, 0.8) * hs
    r = np.hypot(x - cx, y - cy)
    th = np.arctan2(y - cy, x - cx)
    k1, k2 = rng.randint(5, 14), rng.uniform(0.04, 0.12)
    v = np.sin(r * k2 * 1.5 + rng.uniform(2, 6) * np.sin(th * k1)) * np.sin(x * rng.uniform(0.03, 0.12)
                                                                    + y * rng.uniform(0.015, 0.07))
    lines = np.clip(1 - np.abs(v) * rng.uniform(4, 9), 0, 1)
    lc = np.array([rng.randint(120, 200), rng.randint(120, 200), rng.randint(120, 210)], np.float32)
    strength = rng.uniform(0.25, 0.6)
    img = img * (1 - strength * lines[..., None]) + lc * strength * lines[..., None]
    v2 = np.sin(x * rng.uniform(0.08, 0.22) + 4 * np.sin(y * rng.uniform(0.015, 0.06)))
    lines2 = np.clip(1 - np.abs(v2) * 7, 0, 1) * rng.uniform(0.1, 0.3)
    img = img * (1 - lines2[..., None]) + lc[::-1] * lines2[..., None]
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.clip(img, 0, 255).astype(np.uint8)


def photo(rng, w, h):
    """A portrait placeholder: plain backdrop, head and shoulders in tone."""
    bg = rng.randint(200, 245)
    im = Image.new("RGB", (w, h), (bg, bg, min(255, bg + rng.randint(0, 10))))
    d = ImageDraw.Draw(im)
    skin = rng.choice([(224, 188, 160), (198, 150, 120), (150, 105, 80), (110, 75, 55),
                       (236, 204, 180)])
    hair = rng.choice([(40, 30, 25), (90, 60, 30), (180, 150, 100), (20, 20, 20), (120, 120, 120)])
    cloth = (rng.randint(20, 120), rng.randint(20, 120), rng.randint(20, 140))
    cx = w // 2 + rng.randint(-w // 20, w // 20)
    d.ellipse([cx - int(w * 0.48), int(h * 0.68), cx + int(w * 0.48), int(h * 1.35)], fill=cloth)
    d.rectangle([cx - int(w * 0.09), int(h * 0.52), cx + int(w * 0.09), int(h * 0.72)], fill=skin)
    d.ellipse([cx - int(w * 0.27), int(h * 0.1), cx + int(w * 0.27), int(h * 0.62)], fill=skin)
    d.chord([cx - int(w * 0.29), int(h * 0.06), cx + int(w * 0.29), int(h * 0.45)], 180, 360, fill=hair)
    ey = int(h * 0.36)
    for ex in (cx - int(w * 0.1), cx + int(w * 0.1)):
        d.ellipse([ex - 6, ey - 3, ex + 6, ey + 3], fill=(40, 30, 30))
    d.line([cx - int(w * 0.07), int(h * 0.5), cx + int(w * 0.07), int(h * 0.5)], fill=(150, 80, 80), width=3)
    return im


def signature(draw, rng, x, y, w, h, color=(20, 30, 90)):
    pts = []
    n = rng.randint(12, 26)
    for i in range(n):
        pts.append((x + w * i / n + rng.uniform(-8, 8), y + h / 2 + rng.uniform(-h / 2, h / 2)))
    draw.line(pts, fill=color, width=rng.randint(2, 4), joint="curve")


# --------------------------------------------------------------------------
# MRZ printing


def draw_mrz(img, rng, lines, x0, y_base0, pitch, line_gap, ink=None):
    """Print MRZ lines in OCR-B onto img (RGB PIL image) and return the quads.
    y_base0 is the baseline of the first line."""
    path = OCRB if rng.random() < 0.8 else OCRB_SHARP
    size = pitch * rng.uniform(1.30, 1.40)          # OCR-B advance is 0.723 em
    f = font(path, size)
    top_off = f.getbbox("A")[1]
    asc = f.getbbox("A")[3]
    cap = asc - top_off
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    md = ImageDraw.Draw(mask)
    quads = []
    jit = rng.uniform(0, 0.8)
    for li, text in enumerate(lines):
        yb = y_base0 + li * line_gap
        for i, ch in enumerate(text):
            cx = x0 + i * pitch + rng.uniform(-jit, jit)
            cy = yb - asc + rng.uniform(-jit, jit)
            md.text((cx, cy), ch, font=f, fill=255)
        quads.append(np.array([[x0, yb - cap], [x0 + len(text) * pitch, yb - cap],
                               [x0 + len(text) * pitch, yb], [x0, yb]], np.float64))
    y_lo = max(0, int(y_base0 - asc - 10))
    y_hi = min(h, int(y_base0 + (len(lines) - 1) * line_gap + 20))
    m = np.asarray(mask)[y_lo:y_hi]
    weight = rng.random()
    if weight < 0.15:
        m = cv2.erode(m, np.ones((2, 2), np.uint8))
    elif weight > 0.85:
        m = cv2.dilate(m, np.ones((2, 2), np.uint8))
    a = (m.astype(np.float32) / 255.0)[..., None]
    if ink is None:
        g = rng.randint(0, 45)
        ink = (g, g, g + rng.randint(0, 15))
    arr = np.asarray(img).copy()
    band = arr[y_lo:y_hi].astype(np.float32)
    arr[y_lo:y_hi] = (band * (1 - a) + np.array(ink, np.float32) * a).astype(np.uint8)
    return Image.fromarray(arr), quads


# --------------------------------------------------------------------------
# document layouts


def _fields_block(d, rng, x, y, items, lab_font, val_font, col_w, lab_col, val_col, rows_gap):
    """Draw label/value pairs in a column starting at (x, y); items may hold
    (label, value) or ((label, value), (label, value)) for two per row."""
    for it in items:
        pairs = it if isinstance(it[0], tuple) else (it,)
        cx = x
        for lab, val in pairs:
            d.text((cx, y), lab, font=lab_font, fill=lab_col)
            d.text((cx, y + lab_font.size + 4), val, font=val_font, fill=val_col)
            cx += col_w
        y += rows_gap
    return y


def _choose_fonts(rng, scale=1.0):
    serif = rng.random() < 0.25
    reg = rng.choice(SERIF if serif else SANS)
    bold = rng.choice(SERIF_BOLD if serif else SANS_BOLD)
    lab = font(reg, int(rng.uniform(19, 24) * scale))
    val = font(bold if rng.random() < 0.6 else reg, int(rng.uniform(30, 37) * scale))
    return reg, bold, lab, val


def _val_colour(rng):
    g = rng.randint(0, 50)
    return (g, g, g + rng.randint(0, 30))


def _lab_colour(rng):
    return rng.choice([(70, 70, 90), (90, 50, 60), (40, 70, 90), (60, 60, 60), (100, 60, 110)])


def render_td3(rng, doc):
    """Passport (or travel document) data page, 125 x 88 mm."""
    W, H = mm(125), mm(88)
    img = Image.fromarray(background(rng, H, W))
    d = ImageDraw.Draw(img)
    reg, bold, lab, val = _choose_fonts(rng)
    labs = LABELS[LANG.get(doc["issuer"], "en")]
    lc, vc = _lab_colour(rng), _val_colour(rng)
    h1, h2 = HEADERS.get(doc["issuer"], (doc.get("issuer_name", doc["issuer"]).upper(), None))
    title = {"P": "PASSPORT", "PT": "TRAVEL DOCUMENT", "PU": "EMERGENCY TRAVEL DOCUMENT"}.get(
        doc["code"], "PASSPORT")
    hf = font(bold, int(rng.uniform(30, 38)))
    d.text((mm(6), mm(3.5)), h1, font=hf, fill=lc)
    if h2:
        d.text((mm(6), mm(3.5) + hf.size + 6), h2, font=font(reg, int(hf.size * 0.8)), fill=lc)
    d.text((W - mm(6) - d.textlength(title, font=hf), mm(3.5)), title, font=hf, fill=lc)
    ph_w, ph_h = mm(rng.uniform(30, 35)), mm(rng.uniform(38, 44))
    ph_x, ph_y = mm(rng.uniform(4, 7)), mm(rng.uniform(14, 17))
    img.paste(photo(rng, ph_w, ph_h), (ph_x, ph_y))
    x = ph_x + ph_w + mm(rng.uniform(4, 7))
    y = mm(rng.uniform(13, 16))
    gap = int(val.size + lab.size + rng.uniform(8, 16))
    cw = min(mm(36), (W - x - mm(6)) // 3) - mm(12)
    items = [((labs["type"], doc["code"]), (labs["code"], doc["issuer_viz"]), (labs["no"], doc["number"])),
             (labs["sur"], doc["viz_surname"]),
             (labs["giv"], doc["viz_given"]),
             (labs["nat"], NATIONALITY_WORD.get(doc["nationality"], doc["nationality_name"].upper())),
             ((labs["dob"], doc["viz_dob"]), (labs["sex"], doc["viz_sex"])),
             (labs["pob"], doc.get("place", rng.choice(PLACES))),
             ((labs["doi"], doc["viz_issued"]), (labs["doe"], doc["viz_expiry"])),
             (labs["auth"], doc.get("authority", "HMPO" if doc["issuer"] == "GBR" else "ISSUING AUTHORITY"))]
    _fields_block(d, rng, x, y, items, lab, val, cw + mm(12), lc, vc, gap)
    # ghost image and signature
    gw = mm(14)
    ghost = photo(rng, gw, int(gw * 1.3)).convert("L").point(lambda p: 150 + p // 3).convert("RGB")
    img.paste(ghost, (W - gw - mm(5), mm(rng.uniform(30, 40))))
    signature(d, rng, ph_x + mm(2), ph_y + ph_h + mm(1), mm(26), mm(5))
    # MRZ zone: 2 lines, 44 chars at 2.54 mm pitch, baseline of line 2 ~ 6 mm up
    pitch = mm(2.54) * rng.uniform(0.985, 1.015)
    gap_l = mm(rng.uniform(4.0, 4.6))
    y2 = H - mm(rng.uniform(4.5, 6.5))
    x0 = (W - 44 * pitch) / 2 + rng.uniform(-mm(1.5), mm(1.5))
    img, quads = draw_mrz(img, rng, doc["lines"], x0, y2 - gap_l, pitch, gap_l)
    return Render(np.asarray(img).copy(), [quads])


def render_td1(rng, doc):
    """ID-1 card 85.6 x 54 mm: returns (front Render without MRZ, back Render)."""
    W, H = mm(85.6), mm(54)
    reg, bold, lab, val = _choose_fonts(rng, 0.8)
    lc, vc = _lab_colour(rng), _val_colour(rng)
    lang = LANG.get(doc["issuer"], "en")
    labs = LABELS[lang]
    front = Image.fromarray(background(rng, H, W))
    d = ImageDraw.Draw(front)
    h1, h2 = HEADERS.get(doc["issuer"], (doc.get("issuer_name", doc["issuer"]).upper(), None))
    if doc["type"] == "residence_permit":
        t = {"IT": "ПОСВІДКА НА ТИМЧАСОВЕ ПРОЖИВАННЯ / TEMPORARY RESIDENCE PERMIT",
             "IP": "ПОСВІДКА НА ПОСТІЙНЕ ПРОЖИВАННЯ / PERMANENT RESIDENCE PERMIT"}.get(
            doc["code"], "ПОСВІДКА НА ПРОЖИВАННЯ / RESIDENCE PERMIT")
    elif doc["issuer"] == "UKR":
        t = "ПАСПОРТ ГРОМАДЯНИНА УКРАЇНИ / PASSPORT OF THE CITIZEN OF UKRAINE"
    else:
        t = {"de": "PERSONALAUSWEIS / IDENTITY CARD", "pl": "DOWÓD OSOBISTY / IDENTITY CARD",
             "fr": "CARTE D'IDENTITÉ / IDENTITY CARD"}.get(lang, "IDENTITY CARD")
    hf = font(bold, 26)
    d.text((mm(4), mm(2.5)), h1, font=hf, fill=lc)
    tf = font(bold, 20)
    d.text((mm(4), mm(2.5) + 32), t, font=tf, fill=lc)
    ph_w, ph_h = mm(24), mm(31)
    ph_x, ph_y = mm(3.5), mm(14)
    front.paste(photo(rng, ph_w, ph_h), (ph_x, ph_y))
    x = ph_x + ph_w + mm(4)
    gap = int(val.size + lab.size + 10)
    items = [(labs["sur"], doc["viz_surname"]), (labs["giv"], doc["viz_given"]),
             ((labs["sex"], doc["viz_sex"]), (labs["nat"], doc["nationality"])),
             ((labs["dob"], doc["viz_dob"]), (labs["no"].split("/")[-1].replace("Passport", "Document"),
                                              doc["number"])),
             ((labs["doe"], doc["viz_expiry"]),)]
    _fields_block(d, rng, x, mm(13), items, lab, val, mm(24), lc, vc, gap)
    signature(d, rng, x, H - mm(7), mm(22), mm(4))
    back = Image.fromarray(background(rng, H, W))
    d = ImageDraw.Draw(back)
    small = font(reg, 22)
    d.text((mm(4), mm(3)), labs["doi"] + ": " + doc["viz_issued"], font=small, fill=lc)
    d.text((mm(4), mm(3) + 30), labs["auth"] + ": " + doc.get("authority", "ISSUING AUTHORITY"),
           font=small, fill=lc)
    if doc["type"] == "residence_permit":
        d.text((mm(4), mm(3) + 60), "Підстава / Basis: " + rng.choice(
            ["ПРАЦЕВЛАШТУВАННЯ / EMPLOYMENT", "НАВЧАННЯ / STUDY", "ВОЗЦЗ / FAMILY",
             "ВІЙСЬКОВА СЛУЖБА / MILITARY SERVICE"]), font=small, fill=lc)
    # a 2D-code-like block
    bx, by, cell = W - mm(20), mm(3), 9
    for i in range(16):
        for j in range(16):
            if rng.random() < 0.5:
                d.rectangle([bx + i * cell, by + j * cell, bx + i * cell + cell - 1,
                             by + j * cell + cell - 1], fill=(30, 30, 30))
    # MRZ zone: 3 lines of 30, pitch 2.54 mm
    pitch = mm(2.54) * rng.uniform(0.985, 1.015)
    gap_l = mm(rng.uniform(4.0, 4.4))
    y3 = H - mm(rng.uniform(2.8, 3.8))
    x0 = (W - 30 * pitch) / 2 + rng.uniform(-mm(1), mm(1))
    # the MRZ area on cards is usually plain
    d.rectangle([0, y3 - 2 * gap_l - mm(4.5), W, H], fill=tuple(int(c) for c in _tint(rng) + 10))
    back, quads = draw_mrz(back, rng, doc["lines"], x0, y3 - 2 * gap_l, pitch, gap_l)
    return Render(np.asarray(front).copy(), []), Render(np.asarray(back).copy(), [quads])


def render_td2(rng, doc):
    """TD2 card 105 x 74 mm, single side with the MRZ."""
    W, H = mm(105), mm(74)
    img = Image.fromarray(background(rng, H, W))
    d = ImageDraw.Draw(img)
    reg, bold, lab, val = _choose_fonts(rng, 0.9)
    lc, vc = _lab_colour(rng), _val_colour(rng)
    labs = LABELS[LANG.get(doc["issuer"], "en")]
    h1, _ = HEADERS.get(doc["issuer"], (doc.get("issuer_name", doc["issuer"]).upper(), None))
    d.text((mm(5), mm(3)), h1, font=font(bold, 28), fill=lc)
    d.text((mm(5), mm(3) + 36), "IDENTITY CARD / CARTE D'IDENTITÉ", font=font(reg, 22), fill=lc)
    ph_w, ph_h = mm(27), mm(34)
    img.paste(photo(rng, ph_w, ph_h), (mm(5), mm(14)))
    x = mm(5) + ph_w + mm(5)
    gap = int(val.size + lab.size + 10)
    items = [(labs["sur"], doc["viz_surname"]), (labs["giv"], doc["viz_given"]),
             ((labs["nat"], doc["nationality"]), (labs["sex"], doc["viz_sex"])),
             ((labs["dob"], doc["viz_dob"]), (labs["doe"], doc["viz_expiry"])),
             ("No.", doc["number"])]
    _fields_block(d, rng, x, mm(13), items, lab, val, mm(30), lc, vc, gap)
    pitch = mm(2.54) * rng.uniform(0.985, 1.015)
    gap_l = mm(rng.uniform(4.0, 4.6))
    y2 = H - mm(rng.uniform(4, 6))
    x0 = (W - 36 * pitch) / 2 + rng.uniform(-mm(1), mm(1))
    img, quads = draw_mrz(img, rng, doc["lines"], x0, y2 - gap_l, pitch, gap_l)
    return Render(np.asarray(img).copy(), [quads])


def render_visa(rng, doc):
    """Visa sticker: MRV-A 120 x 80 mm (44 chars) or MRV-B 105 x 74 mm."""
    a = doc["format"] == "MRVA"
    W, H = (mm(120), mm(80)) if a else (mm(105), mm(74))
    img = Image.fromarray(background(rng, H, W))
    d = ImageDraw.Draw(img)
    reg, bold, lab, val = _choose_fonts(rng, 0.85)
    lc, vc = _lab_colour(rng), _val_colour(rng)
    if doc["issuer"] == "UKR":
        head, vis = "УКРАЇНА / UKRAINE", "ВІЗА / VISA"
    else:
        head, vis = HEADERS.get(doc["issuer"], (doc.get("issuer_name", doc["issuer"]).upper(), None))[0], "VISA"
    d.text((mm(4), mm(3)), head, font=font(bold, 30), fill=lc)
    d.text((W - mm(4) - d.textlength(vis, font=font(bold, 40)), mm(2.5)), vis, font=font(bold, 40), fill=lc)
    ph_w, ph_h = mm(25), mm(32)
    img.paste(photo(rng, ph_w, ph_h), (mm(4), mm(13)))
    x = mm(4) + ph_w + mm(4)
    cat = doc.get("category", "D")
    items = [(("VALID FROM / ДІЙСНА З" if doc["issuer"] == "UKR" else "VALID FROM", doc["viz_issued"]),
              ("UNTIL / ДО" if doc["issuer"] == "UKR" else "UNTIL", doc["viz_expiry"])),
             (("TYPE", cat), ("ENTRIES", rng.choice(["MULT", "1", "2"])),
              ("DURATION", str(rng.choice([30, 90, 180, 365])))),
             ("SURNAME, NAME", (doc["viz_surname"] + ", " + doc["viz_given"]).strip(", ")),
             (("PASSPORT", doc["number"]), ("ISSUED IN", rng.choice(["KYIV", "WARSAW", "ISTANBUL",
                                                                       "NEW DELHI", "ABUJA"]))),
             ("REMARKS", rng.choice(["ВИЗ-D", "MIL SERVICE", "WORK", "—"]))]
    _fields_block(d, rng, x, mm(12), items, lab, val, mm(26), lc, vc, int(val.size + lab.size + 10))
    n = 44 if a else 36
    pitch = mm(2.54) * rng.uniform(0.985, 1.015)
    gap_l = mm(rng.uniform(4.0, 4.6))
    y2 = H - mm(rng.uniform(4, 6))
    x0 = (W - n * pitch) / 2 + rng.uniform(-mm(1), mm(1))
    img, quads = draw_mrz(img, rng, doc["lines"], x0, y2 - gap_l, pitch, gap_l)
    return Render(np.asarray(img).copy(), [quads])


def _paste_affine(dst, src_render, M, quads_out):
    """Warp src_render into dst (uint8 arrays) with the 2x3 affine M."""
    h, w = dst.shape[:2]
    src = src_render.img
    warped = cv2.warpAffine(src, M, (w, h), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpAffine(np.full(src.shape[:2], 255, np.uint8), M, (w, h), flags=cv2.INTER_LINEAR)
    a = (mask.astype(np.float32) / 255.0)[..., None]
    dst[:] = (dst * (1 - a) + warped * a).astype(np.uint8)
    for quads in src_render.mrzs:
        qq = []
        for q in quads:
            p = np.hstack([q, np.ones((4, 1))]) @ M.T
            qq.append(p)
        quads_out.append(qq)


def visa_page(rng, visa_render, page_no=None):
    """A passport visa page (125 x 88 mm) with the sticker pasted slightly
    askew and an entry stamp or two."""
    W, H = mm(125), mm(88)
    page = background(rng, H, W)
    pil = Image.fromarray(page)
    d = ImageDraw.Draw(pil)
    d.text((W - mm(10), H - mm(6)), str(page_no or rng.randint(4, 30)), font=font(SANS[0], 28), fill=(90, 90, 110))
    d.text((mm(6), mm(3)), "VISAS", font=font(SANS_BOLD[0], 26), fill=(120, 110, 130))
    page = np.asarray(pil).copy()
    vh, vw = visa_render.img.shape[:2]
    ang = rng.uniform(-1.5, 1.5)
    scale = 1.0
    if vw > W - mm(4):
        scale = (W - mm(4)) / vw
    cx, cy = W / 2 + rng.uniform(-mm(2), mm(2)), H / 2 + rng.uniform(-mm(2), mm(2))
    M = cv2.getRotationMatrix2D((vw / 2, vh / 2), ang, scale)
    M[0, 2] += cx - vw / 2
    M[1, 2] += cy - vh / 2
    mrzs = []
    _paste_affine(page, visa_render, M, mrzs)
    # an entry stamp partly over the sticker edge, never over the MRZ
    pil = Image.fromarray(page)
    d = ImageDraw.Draw(pil)
    sc = rng.choice([(40, 60, 150), (150, 40, 60), (40, 110, 60)])
    sx, sy = rng.randint(mm(8), W - mm(40)), rng.randint(mm(2), mm(12))
    d.rounded_rectangle([sx, sy, sx + mm(32), sy + mm(14)], radius=12, outline=sc, width=4)
    d.text((sx + 14, sy + 10), rng.choice(["ДПСУ  КПП ЯГОДИН", "ДПСУ  БОРИСПІЛЬ", "ДПСУ  ШЕГИНІ"]),
           font=font(SANS_BOLD[0], 22), fill=sc)
    d.text((sx + 14, sy + 44), "%02d.%02d.%d" % (rng.randint(1, 28), rng.randint(1, 12),
                                                rng.choice([2022, 2023, 2024])), font=font(SANS[0], 28), fill=sc)
    return Render(np.asarray(pil).copy(), mrzs)


def spread(rng, top, bottom):
    """An open passport: `top` page above `bottom` page, with the binding."""
    h1, w1 = top.img.shape[:2]
    h2, w2 = bottom.img.shape[:2]
    W = max(w1, w2)
    gut = mm(1.5)
    out = np.full((h1 + gut + h2, W, 3), 235, np.uint8)
    out[:h1, :w1] = top.img
    out[h1 + gut:h1 + gut + h2, :w2] = bottom.img
    out[h1:h1 + gut, :] = (150, 140, 140)
    # page curvature shading near the binding
    for k in range(mm(6)):
        f = 1 - 0.12 * (1 - k / mm(6))
        out[h1 - 1 - k, :] = (out[h1 - 1 - k, :] * f).astype(np.uint8)
        if h1 + gut + k < out.shape[0]:
            out[h1 + gut + k, :] = (out[h1 + gut + k, :] * f).astype(np.uint8)
    mrzs = list(top.mrzs)
    for quads in bottom.mrzs:
        mrzs.append([q + np.array([0, h1 + gut]) for q in quads])
    return Render(out, mrzs)


def side_by_side(rng, a, b, vertical=True):
    """Two renders on a white sheet (ID card front and back copied together)."""
    gap = mm(rng.uniform(5, 25))
    h1, w1 = a.img.shape[:2]
    h2, w2 = b.img.shape[:2]
    if vertical:
        W, H = max(w1, w2), h1 + gap + h2
        out = np.full((H, W, 3), 255, np.uint8)
        out[:h1, :w1] = a.img
        out[h1 + gap:, :w2] = b.img
        off_b = np.array([0, h1 + gap])
    else:
        W, H = w1 + gap + w2, max(h1, h2)
        out = np.full((H, W, 3), 255, np.uint8)
        out[:h1, :w1] = a.img
        out[:h2, w1 + gap:] = b.img
        off_b = np.array([w1 + gap, 0])
    mrzs = list(a.mrzs) + [[q + off_b for q in quads] for quads in b.mrzs]
    return Render(out, mrzs)
