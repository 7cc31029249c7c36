#!/usr/bin/python3
"""Clean renderings of police-clearance certificates at 300 dpi (A4,
2480 x 3508): UK ACRO Police Certificate, US FBI Identity History Summary,
German Führungszeugnis, Polish Informacja z Krajowego Rejestru Karnego and
the Ukrainian extract from the MIA information system (with a QR code), each
in its own language, with a no-record or a record variant, several fonts and
2-3 layouts per country, a signature and a stamp.

    render_certificate(rng, country, has_record, person, issued) -> (image, truth)

As a program (for the certificate benchmark and tests):

    certificates.py SEED N DIR [--degrade|--poor|--photo] [--rotate]

writes DIR/cert-NNN.png (clean) or DIR/cert-NNN.jpg (--degrade, --poor:
a simple scan degradation of its own: slight rotation, blur, noise, JPEG;
--photo: a phone photo of the sheet on a desk, made by the case
generator's own degradation, samplegen.degrade.photo, and saved as the
case generator saves a certificate JPEG) and DIR/cert-NNN.json (truth) for
N certificates; --rotate turns half of them by 90, 180 or 270 degrees.
"""

import datetime
import io
import json
import math
import os
import random
import sys

from PIL import Image, ImageDraw, ImageFilter, ImageFont

W, H = 2480, 3508
DPI = 300
_TT = "/usr/share/fonts/truetype/"
FAMILIES = [
    # (regular, bold)
    (_TT + "dejavu/DejaVuSans.ttf", _TT + "dejavu/DejaVuSans-Bold.ttf"),
    (_TT + "dejavu/DejaVuSerif.ttf", _TT + "dejavu/DejaVuSerif-Bold.ttf"),
    (_TT + "liberation/LiberationSans-Regular.ttf", _TT + "liberation/LiberationSans-Bold.ttf"),
    (_TT + "liberation/LiberationSerif-Regular.ttf", _TT + "liberation/LiberationSerif-Bold.ttf"),
    (_TT + "freefont/FreeSans.ttf", _TT + "freefont/FreeSansBold.ttf"),
    (_TT + "freefont/FreeSerif.ttf", _TT + "freefont/FreeSerifBold.ttf"),
]
COUNTRIES = ("GBR", "USA", "DEU", "POL", "UKR")

_fonts = {}


def _font(path, px):
    key = (path, int(px))
    if key not in _fonts:
        _fonts[key] = ImageFont.truetype(path, int(px))
    return _fonts[key]


def pt(p):
    """Points to pixels at 300 dpi."""
    return int(round(p * DPI / 72.0))


# ----------------------------------------------------------------- text data

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
           "sierpnia", "września", "października", "listopada", "grudnia"],
    "uk": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня",
           "серпня", "вересня", "жовтня", "листопада", "грудня"],
}

_KMU = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "", "ы": "y", "э": "e", "ё": "e", "ъ": "",
}


def latin(s):
    """Ukrainian national transliteration (KMU 2010) of any Cyrillic in s."""
    out = []
    for ch in s:
        lo = ch.lower()
        if lo in _KMU:
            t = _KMU[lo]
            out.append(t.upper() if ch != lo and t else t)
        else:
            out.append(ch)
    return "".join(out)


def fmt_date(d, country, rng, style=None):
    """A date as `country` prints it.  style 'num' or 'words' (None: choose)."""
    if style is None:
        style = "num"
    if country == "USA":
        if style == "words":
            return "%s %d, %d" % (MONTHS["en"][d.month - 1], d.day, d.year)
        return "%02d/%02d/%04d" % (d.month, d.day, d.year)
    if country == "GBR":
        if style == "words":
            return "%d %s %d" % (d.day, MONTHS["en"][d.month - 1], d.year)
        return "%02d/%02d/%04d" % (d.day, d.month, d.year)
    if style == "words":
        if country == "DEU":
            return "%d. %s %d" % (d.day, MONTHS["de"][d.month - 1], d.year)
        if country == "POL":
            return "%d %s %d r." % (d.day, MONTHS["pl"][d.month - 1], d.year)
        return "%d %s %d р." % (d.day, MONTHS["uk"][d.month - 1], d.year)
    return "%02d.%02d.%04d" % (d.day, d.month, d.year)


def _iso(s):
    return datetime.date.fromisoformat(s)


# -------------------------------------------------------------- drawing kit

class Page:
    """An A4 page with a cursor and a font family."""

    def __init__(self, rng, family):
        self.rng = rng
        self.img = Image.new("RGB", (W, H), (255, 255, 255))
        self.d = ImageDraw.Draw(self.img)
        self.reg, self.bold = family
        self.left = rng.randint(190, 260)
        self.right = W - rng.randint(190, 260)
        self.y = rng.randint(170, 260)
        self.size = rng.choice([10.5, 11, 11.5, 12])
        self.ink = (rng.randint(0, 30),) * 3

    def f(self, size=None, bold=False):
        return _font(self.bold if bold else self.reg, pt(size or self.size))

    def text(self, x, s, size=None, bold=False, fill=None):
        self.d.text((x, self.y), s, font=self.f(size, bold), fill=fill or self.ink)

    def line(self, s, size=None, bold=False, align="left", gap=1.45, fill=None):
        fnt = self.f(size, bold)
        w = self.d.textlength(s, font=fnt)
        if align == "center":
            x = (self.left + self.right - w) / 2
        elif align == "right":
            x = self.right - w
        else:
            x = self.left
        self.d.text((x, self.y), s, font=fnt, fill=fill or self.ink)
        self.y += int(pt(size or self.size) * gap)

    def para(self, s, size=None, bold=False, gap=1.4, indent=0):
        fnt = self.f(size, bold)
        words = s.split()
        cur = ""
        width = self.right - self.left - indent
        for w_ in words:
            t = (cur + " " + w_).strip()
            if self.d.textlength(t, font=fnt) > width and cur:
                self.d.text((self.left + indent, self.y), cur, font=fnt, fill=self.ink)
                self.y += int(pt(size or self.size) * gap)
                cur = w_
            else:
                cur = t
        if cur:
            self.d.text((self.left + indent, self.y), cur, font=fnt, fill=self.ink)
            self.y += int(pt(size or self.size) * gap)

    def space(self, k=1.0):
        self.y += int(pt(self.size) * k)

    def rule(self, width=3, fill=(60, 60, 60)):
        self.d.line([(self.left, self.y), (self.right, self.y)], fill=fill, width=width)
        self.y += pt(self.size) // 2

    def fields(self, items, layout, label_w=None):
        """Label–value pairs: 0 aligned columns, 1 inline, 2 framed table."""
        fl = self.f()
        fv = self.f(bold=self.rng.random() < 0.5)
        lh = int(pt(self.size) * 1.6)
        if label_w is None:
            label_w = max(self.d.textlength(l + ":", font=fl) for l, _ in items) + pt(14)
        if layout == 2:
            top = self.y - lh // 5
            for i, (lab, val) in enumerate(items):
                y0 = self.y - lh // 5
                self.d.rectangle([self.left, y0, self.right, y0 + lh], outline=(150, 150, 150), width=2)
                self.d.line([(self.left + label_w - pt(6), y0), (self.left + label_w - pt(6), y0 + lh)],
                            fill=(150, 150, 150), width=2)
                self.d.text((self.left + pt(6), self.y), lab, font=fl, fill=self.ink)
                self.d.text((self.left + label_w + pt(4), self.y), val, font=fv, fill=self.ink)
                self.y += lh
            del top
        else:
            for lab, val in items:
                if layout == 0:
                    self.d.text((self.left, self.y), lab + ":", font=fl, fill=self.ink)
                    self.d.text((self.left + label_w, self.y), val, font=fv, fill=self.ink)
                else:
                    s = lab + ": "
                    self.d.text((self.left, self.y), s, font=fl, fill=self.ink)
                    x = self.left + self.d.textlength(s, font=fl)
                    self.d.text((x, self.y), val, font=fv, fill=self.ink)
                self.y += lh
        self.y += lh // 3


def signature(pg, x, y, w=520, h=150):
    rng = pg.rng
    col = (rng.randint(10, 40), rng.randint(20, 50), rng.randint(90, 150))
    pts = []
    n = rng.randint(5, 9)
    for i in range(n * 12):
        t = i / (n * 12.0)
        px = x + t * w + 25 * math.sin(t * n * 2 * math.pi + rng.random())
        py = y + h / 2 + (h / 2.5) * math.sin(t * n * 3.1 + 0.7) * (0.6 + 0.4 * rng.random())
        pts.append((px, py))
    pg.d.line(pts, fill=col, width=rng.randint(4, 6), joint="curve")
    pg.d.line([(x + w * 0.1, y + h * 0.95), (x + w * 0.9, y + h * 0.85)], fill=col, width=3)


def stamp(pg, cx, cy, r, text, centre):
    """A round rubber stamp: two circles, text around, a word in the middle.
    Drawn on its own layer and multiplied onto the page (ink over text)."""
    rng = pg.rng
    col = rng.choice([(40, 60, 170), (110, 50, 150), (60, 70, 140)])
    layer = Image.new("RGB", (2 * r + 20, 2 * r + 20), (255, 255, 255))
    ld = ImageDraw.Draw(layer)
    c = r + 10
    ld.ellipse([c - r, c - r, c + r, c + r], outline=col, width=7)
    ld.ellipse([c - r * 0.72, c - r * 0.72, c + r * 0.72, c + r * 0.72], outline=col, width=4)
    fnt = _font(pg.reg, int(r * 0.17))
    n = len(text)
    for i, ch in enumerate(text):
        a = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        g = Image.new("L", (int(r * 0.3), int(r * 0.3)), 0)
        ImageDraw.Draw(g).text((int(r * 0.15), int(r * 0.15)), ch, font=fnt, fill=255, anchor="mm")
        g = g.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        px = c + r * 0.86 * math.cos(a) - g.width / 2
        py = c + r * 0.86 * math.sin(a) - g.height / 2
        layer.paste(Image.new("RGB", g.size, col), (int(px), int(py)), g)
    cf = _font(pg.bold, int(r * 0.2))
    ld.text((c, c), centre, font=cf, fill=col, anchor="mm")
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.BICUBIC, fillcolor=(255, 255, 255))
    box = (int(cx - c), int(cy - c), int(cx - c) + layer.width, int(cy - c) + layer.height)
    under = pg.img.crop(box)
    from PIL import ImageChops
    pg.img.paste(ImageChops.multiply(under, layer), box[:2])


def qr_image(payload, px):
    import qrcode
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=10, border=4)
    q.add_data(payload)
    q.make(fit=True)
    im = q.make_image(fill_color="black", back_color="white").convert("RGB")
    return im.resize((px, px), Image.NEAREST)


# ------------------------------------------------------------ record data

OFFENCES = {
    "en": [("Theft from a shop", "Fine £250 and costs"),
           ("Driving with excess alcohol", "Disqualified from driving 18 months, fine £600"),
           ("Common assault", "Community order 12 months"),
           ("Possession of a controlled drug", "Conditional discharge 12 months"),
           ("Criminal damage", "Compensation £300")],
    "us": [("THEFT", "CONVICTED - 12 MONTHS PROBATION"),
           ("DRIVING UNDER THE INFLUENCE", "CONVICTED - FINE $1,000, LICENSE SUSPENDED"),
           ("ASSAULT 4TH DEGREE", "CONVICTED - 30 DAYS JAIL SUSPENDED"),
           ("POSSESSION OF CONTROLLED SUBSTANCE", "CONVICTED - 2 YEARS PROBATION")],
    "de": [("Diebstahl, § 242 StGB", "Geldstrafe 30 Tagessätze zu je 40,00 EUR"),
           ("Trunkenheit im Verkehr, § 316 StGB", "Geldstrafe 40 Tagessätze, Fahrverbot 3 Monate"),
           ("Vorsätzliche Körperverletzung, § 223 StGB", "Freiheitsstrafe 6 Monate zur Bewährung"),
           ("Betrug, § 263 StGB", "Geldstrafe 60 Tagessätze zu je 30,00 EUR")],
    "pl": [("kradzież, art. 278 § 1 k.k.", "kara 1 roku pozbawienia wolności z warunkowym zawieszeniem"),
           ("prowadzenie pojazdu w stanie nietrzeźwości, art. 178a § 1 k.k.", "grzywna 100 stawek dziennych"),
           ("pobicie, art. 158 § 1 k.k.", "kara 8 miesięcy ograniczenia wolności"),
           ("oszustwo, art. 286 § 1 k.k.", "kara 2 lat pozbawienia wolności")],
    "uk": [("ч. 1 ст. 185 КК України (крадіжка)", "штраф 850 грн"),
           ("ч. 1 ст. 125 КК України (умисне легке тілесне ушкодження)", "громадські роботи 100 годин"),
           ("ч. 2 ст. 286 КК України (порушення правил безпеки дорожнього руху)", "позбавлення волі на 3 роки з випробуванням"),
           ("ч. 1 ст. 190 КК України (шахрайство)", "штраф 1700 грн")],
}
COURTS = {
    "GBR": ["Leeds Magistrates' Court", "Bristol Crown Court", "Westminster Magistrates' Court",
            "Manchester Crown Court"],
    "USA": ["SUPERIOR COURT KING COUNTY WA", "DISTRICT COURT TRAVIS COUNTY TX",
            "CIRCUIT COURT COOK COUNTY IL"],
    "DEU": ["Amtsgericht Köln", "Amtsgericht München", "Landgericht Berlin", "Amtsgericht Hamburg"],
    "POL": ["Sąd Rejonowy w Krakowie", "Sąd Rejonowy dla Warszawy-Mokotowa",
            "Sąd Okręgowy w Poznaniu", "Sąd Rejonowy w Gdańsku"],
    "UKR": ["Шевченківський районний суд м. Києва", "Франківський районний суд м. Львова",
            "Київський районний суд м. Одеси"],
}


def _entries(rng, country, dob, issued, n):
    lo = dob.replace(year=dob.year + 18) if not (dob.month == 2 and dob.day == 29) else datetime.date(dob.year + 18, 3, 1)
    hi = issued - datetime.timedelta(days=60)
    out = []
    for _ in range(n):
        if hi <= lo:
            d = lo
        else:
            d = lo + datetime.timedelta(days=rng.randint(0, (hi - lo).days))
        out.append(d)
    return sorted(out)


# ---------------------------------------------------------- the five pages

def _number(rng, country, issued):
    y = issued.year
    if country == "GBR":
        return rng.choice(["%02d/%06d/P" % (y % 100, rng.randint(1, 999999)),
                           "ACRO/%d/%06d" % (y, rng.randint(1, 999999))])
    if country == "USA":
        return rng.choice(["E%d%08d" % (y, rng.randint(0, 99999999)),
                           "IHS-%d-%07d" % (y, rng.randint(0, 9999999))])
    if country == "DEU":
        return "P%d%02d%02d%06d" % (y, issued.month, issued.day, rng.randint(0, 999999))
    if country == "POL":
        return "%07d/%d" % (rng.randint(1, 9999999), y)
    return "%010d" % rng.randint(10 ** 8, 10 ** 10 - 1)


def _bottom(pg, place_date, signer, role, stamp_text, stamp_centre):
    pg.space(2)
    pg.line(place_date)
    pg.space(1.5)
    sx = pg.right - 900
    sig_y = pg.y
    signature(pg, sx, pg.y, 560, 160)
    pg.y += 190
    pg.text(sx, signer)
    pg.y += int(pt(pg.size) * 1.4)
    pg.text(sx, role, size=pg.size - 1)
    stamp(pg, pg.left + 420, sig_y + 230, 230, stamp_text, stamp_centre)


def render_gbr(pg, rng, rec, p, number, issued, layout):
    c = "GBR"
    al = rng.choice(["left", "center"])
    pg.line("ACRO Criminal Records Office", size=pg.size + 5, bold=True, align=al)
    pg.line("PO Box 481, Fareham, PO14 9FS, United Kingdom", size=pg.size - 1, align=al)
    pg.space(1)
    pg.rule()
    pg.line("ACRO Police Certificate", size=pg.size + 8, bold=True, align="center")
    pg.line("issued under Part V of the Police Act 1997 (as amended)", size=pg.size - 1, align="center")
    pg.space(1)
    words = rng.random() < 0.5
    items = [("Certificate Number", number),
             ("Surname", p["surname"].upper()),
             ("Forenames", p["given_names"].upper()),
             ("Date of Birth", fmt_date(p["dob"], c, rng, "words" if words else "num")),
             ("Place of Birth", p["pob"]),
             ("Date of Issue", fmt_date(issued, c, rng, "words" if rng.random() < 0.5 else "num"))]
    pg.fields(items, layout)
    pg.para("This certificate sets out the information held on the Police National Computer "
            "(PNC) in respect of the person named above, searched on the details supplied.")
    pg.space(1)
    if not rec:
        pg.line("Result of search:   NO TRACE", size=pg.size + 3, bold=True)
        phrase = "NO TRACE"
        pg.para("There is no trace of the applicant on the Police National Computer (PNC). "
                "This certificate is valid on the date of issue only.")
    elif rng.random() < 0.3:
        pg.line("Result of search:   No Live Trace", size=pg.size + 3, bold=True)
        phrase = "No Live Trace"
        pg.para("Information is held on the Police National Computer which has been stepped "
                "down. The applicant may apply to the receiving country for details.")
    else:
        phrase = "Convictions"
        pg.line("Convictions, Cautions, Reprimands and Warnings", size=pg.size + 2, bold=True)
        pg.space(0.3)
        for i, d in enumerate(_entries(rng, c, p["dob"], issued, rng.randint(1, 3))):
            off, sent = rng.choice(OFFENCES["en"])
            pg.line("%d.  Date: %s   Court: %s" % (i + 1, fmt_date(d, c, rng), rng.choice(COURTS[c])))
            pg.line("     Offence: %s" % off)
            pg.line("     Disposal: %s" % sent)
            pg.space(0.4)
    _bottom(pg, "Fareham, " + fmt_date(issued, c, rng, "words"),
            "Head of ACRO Criminal Records Office", "for and on behalf of ACRO",
            "ACRO CRIMINAL RECORDS OFFICE * FAREHAM * ", "ACRO")
    return phrase, "ACRO Police Certificate", "ACRO Criminal Records Office"


def render_usa(pg, rng, rec, p, number, issued, layout):
    c = "USA"
    pg.line("U.S. Department of Justice", size=pg.size + 2, bold=True)
    pg.line("Federal Bureau of Investigation", size=pg.size + 2)
    pg.line("Criminal Justice Information Services Division", size=pg.size + 1)
    pg.line("Clarksburg, WV 26306", size=pg.size - 1)
    pg.space(1)
    pg.line("IDENTITY HISTORY SUMMARY", size=pg.size + 8, bold=True, align="center")
    pg.space(0.8)
    if layout == 1:
        items = [("Name", "%s, %s" % (p["surname"].upper(), p["given_names"].upper()))]
    else:
        items = [("Last Name", p["surname"].upper()), ("First Name", p["given_names"].upper())]
    items += [("Date of Birth", fmt_date(p["dob"], c, rng)),
              ("Control Number", number),
              ("Date of Issue", fmt_date(issued, c, rng))]
    pg.fields(items, layout)
    if not rec:
        w = rng.choice(["no arrest record", "does not indicate an arrest record",
                        "no record in the FBI Criminal File"])
        phrase = w
        if w == "no arrest record":
            pg.para("The above individual's fingerprints were searched against the FBI's Next "
                    "Generation Identification System.")
            pg.space(0.5)
            pg.line("Result: NO ARREST RECORD", size=pg.size + 3, bold=True)
        elif w.startswith("does"):
            pg.para("A search of the fingerprints submitted for the above individual was "
                    "conducted; the search result does not indicate an arrest record at the FBI.")
        else:
            pg.para("Based on a comparison of the fingerprints submitted, a search of the "
                    "Next Generation Identification System revealed no record in the FBI "
                    "Criminal File.")
    else:
        phrase = "ARRESTED OR RECEIVED"
        pg.para("The following arrest-charge-disposition information is maintained in the FBI "
                "Criminal File for the individual named above.")
        pg.space(0.5)
        for i, d in enumerate(_entries(rng, c, p["dob"], issued, rng.randint(1, 3))):
            off, disp = rng.choice(OFFENCES["us"])
            pg.line("%d-ARRESTED OR RECEIVED %04d/%02d/%02d" % (i + 1, d.year, d.month, d.day), bold=True)
            pg.line("   AGENCY-POLICE DEPARTMENT %s" % rng.choice(["SEATTLE", "AUSTIN", "CHICAGO", "PORTLAND"]))
            pg.line("   CHARGE 1-%s" % off)
            pg.line("   COURT-%s" % rng.choice(COURTS[c]))
            pg.line("   DISPOSITION-%s" % disp)
            pg.space(0.4)
    pg.space(0.5)
    pg.para("This Identity History Summary is provided for the purpose of personal review or "
            "for use by the subject in a foreign country.", size=pg.size - 1)
    _bottom(pg, "Clarksburg, WV, " + fmt_date(issued, c, rng, "words"),
            "Section Chief", "Criminal Justice Information Services Division",
            "FEDERAL BUREAU OF INVESTIGATION * CJIS * ", "FBI")
    return phrase, "FBI Identity History Summary", "Federal Bureau of Investigation, Criminal Justice Information Services Division"


def render_deu(pg, rng, rec, p, number, issued, layout):
    c = "DEU"
    pg.line("Bundesamt für Justiz", size=pg.size + 5, bold=True)
    pg.line("- Bundeszentralregister -", size=pg.size)
    pg.line("53094 Bonn", size=pg.size - 1)
    pg.space(1)
    pg.line("Belegnummer: " + number, size=pg.size - 1, align="right")
    pg.space(0.5)
    pg.line(rng.choice(["Führungszeugnis", "Führungszeugnis nach § 30 Abs. 1 BZRG",
                        "Führungszeugnis zur Vorlage bei einer Behörde"]),
            size=pg.size + 6, bold=True, align="center")
    pg.space(0.8)
    items = [("Familienname", p["surname"].upper()),
             ("Geburtsname", p["surname"].upper()),
             ("Vornamen", p["given_names"]),
             ("Geburtsdatum", fmt_date(p["dob"], c, rng)),
             ("Geburtsort", p["pob"])]
    iss_label = rng.random() < 0.5
    if iss_label:
        items.append(("Ausstellungsdatum", fmt_date(issued, c, rng)))
    pg.fields(items, layout)
    pg.space(0.5)
    if not rec:
        phrase = "Keine Eintragung"
        pg.line("Inhalt:   Keine Eintragung", size=pg.size + 3, bold=True)
    else:
        phrase = "Eintragung"
        n = rng.randint(1, 3)
        pg.line("Inhalt:   %d Eintragung%s" % (n, "en" if n > 1 else ""), size=pg.size + 3, bold=True)
        pg.space(0.3)
        for i, d in enumerate(_entries(rng, c, p["dob"], issued, n)):
            off, sent = rng.choice(OFFENCES["de"])
            pg.line("%d. Eintragung" % (i + 1), bold=True)
            pg.line("   Datum der Entscheidung: %s   %s" % (fmt_date(d, c, rng), rng.choice(COURTS[c])))
            pg.line("   Tatbezeichnung: %s" % off)
            pg.line("   Rechtsfolge: %s" % sent)
            pg.space(0.4)
    pg.space(0.5)
    pg.para("Dieses Führungszeugnis gibt den Inhalt des Registers zum Zeitpunkt der Erteilung "
            "wieder.", size=pg.size - 1)
    _bottom(pg, "Bonn, den " + fmt_date(issued, c, rng, "words" if (iss_label and rng.random() < 0.5) else "num"),
            "Im Auftrag", "Bundesamt für Justiz",
            "BUNDESAMT FÜR JUSTIZ * BONN * ", "BfJ")
    return phrase, "Führungszeugnis", "Bundesamt für Justiz"


def render_pol(pg, rng, rec, p, number, issued, layout):
    c = "POL"
    pg.line("MINISTERSTWO SPRAWIEDLIWOŚCI", size=pg.size + 2, bold=True, align="center")
    pg.line("Biuro Informacyjne Krajowego Rejestru Karnego", size=pg.size, align="center")
    pg.space(1)
    pg.line("INFORMACJA Z KRAJOWEGO REJESTRU KARNEGO", size=pg.size + 5, bold=True, align="center")
    pg.line("Nr " + number, size=pg.size, align="center")
    pg.space(0.8)
    items = [("Nazwisko", p["surname"].upper()),
             ("Imię (imiona)", p["given_names"].upper()),
             ("Imię ojca", rng.choice(["JAN", "ANDRZEJ", "PIOTR", "STANISŁAW"])),
             ("Data urodzenia", fmt_date(p["dob"], c, rng)),
             ("Miejsce urodzenia", p["pob"])]
    iss_label = rng.random() < 0.5
    if iss_label:
        items.append(("Data wydania", fmt_date(issued, c, rng)))
    pg.fields(items, layout)
    pg.space(0.5)
    if not rec:
        phrase = "Osoba nie figuruje w kartotece karnej"
        pg.line("Osoba nie figuruje w kartotece karnej.", size=pg.size + 2, bold=True)
    else:
        phrase = "Osoba figuruje w kartotece karnej"
        pg.line("Osoba figuruje w kartotece karnej.", size=pg.size + 2, bold=True)
        pg.space(0.3)
        pg.line("Dane o skazaniach:", bold=True)
        for i, d in enumerate(_entries(rng, c, p["dob"], issued, rng.randint(1, 2))):
            off, sent = rng.choice(OFFENCES["pl"])
            pg.para("%d. wyrok: %s z dnia %s, %s, %s" % (i + 1, rng.choice(COURTS[c]),
                                                       fmt_date(d, c, rng), off, sent))
            pg.space(0.3)
    pg.space(0.5)
    pg.para("Informacja została sporządzona na podstawie danych zgromadzonych w Krajowym "
            "Rejestrze Karnym.", size=pg.size - 1)
    _bottom(pg, "Warszawa, dnia " + fmt_date(issued, c, rng, "words" if rng.random() < 0.4 else "num"),
            "Kierownik Biura", "Krajowy Rejestr Karny",
            "KRAJOWY REJESTR KARNY * WARSZAWA * ", "KRK")
    return phrase, "Informacja z Krajowego Rejestru Karnego", "Biuro Informacyjne Krajowego Rejestru Karnego, Ministerstwo Sprawiedliwości"


def render_ukr(pg, rng, rec, p, number, issued, layout):
    c = "UKR"
    pg.line("МІНІСТЕРСТВО ВНУТРІШНІХ СПРАВ УКРАЇНИ", size=pg.size + 2, bold=True, align="center")
    pg.line("Департамент інформатизації", size=pg.size, align="center")
    pg.space(1)
    pg.line("ВИТЯГ", size=pg.size + 8, bold=True, align="center")
    pg.line("з інформаційно-аналітичної системи", size=pg.size + 1, align="center")
    pg.line("«Облік відомостей про притягнення особи до кримінальної", size=pg.size + 1, align="center")
    pg.line("відповідальності та наявності судимості»", size=pg.size + 1, align="center")
    pg.space(0.8)
    items = [("Номер витягу / Number", number),
             ("Прізвище / Surname", p["surname"].upper()),
             ("Ім'я / Given names", p["given_names"].upper()),
             ("Дата народження / Date of birth", fmt_date(p["dob"], c, rng)),
             ("Громадянство / Nationality", p["nat"]),
             ("Дата формування / Date of issue", fmt_date(issued, c, rng))]
    pg.fields(items, layout)
    pg.space(0.5)
    asof = fmt_date(issued, c, rng)
    if not rec:
        if rng.random() < 0.5:
            phrase = "не знятої чи непогашеної судимості не має"
            pg.para("Станом на %s особа до кримінальної відповідальності не притягується, "
                    "не знятої чи непогашеної судимості не має та в розшуку не перебуває." % asof)
        else:
            phrase = "судимість відсутня"
            pg.para("Станом на %s відомості щодо особи в базі даних: судимість відсутня." % asof)
    else:
        phrase = "має судимість"
        pg.para("Станом на %s особа притягувалась до кримінальної відповідальності та має судимість:" % asof)
        pg.space(0.3)
        for i, d in enumerate(_entries(rng, c, p["dob"], issued, rng.randint(1, 2))):
            off, sent = rng.choice(OFFENCES["uk"])
            pg.para("%d. Вирок: %s, %s, %s; покарання: %s" % (i + 1, rng.choice(COURTS[c]),
                                                             fmt_date(d, c, rng), off, sent))
            pg.space(0.3)
    payload = "https://vytiah.mvs.gov.ua/check?n=%s" % number
    qpx = rng.choice([330, 380, 430])
    pg.space(0.5)
    qy = pg.y
    pg.img.paste(qr_image(payload, qpx), (pg.right - qpx, qy))
    pg.para("Перевірити достовірність витягу можна за QR-кодом.", size=pg.size - 1)
    pg.y = max(pg.y, qy + qpx)
    _bottom(pg, "Київ, " + fmt_date(issued, c, rng, "words" if rng.random() < 0.3 else "num"),
            "Уповноважена особа", "МВС України",
            "МІНІСТЕРСТВО ВНУТРІШНІХ СПРАВ УКРАЇНИ * ", "МВС")
    return phrase, "Витяг з ІАС «Облік відомостей про притягнення особи до кримінальної відповідальності та наявності судимості»", "Міністерство внутрішніх справ України", payload


PLACES = {"GBR": ["LONDON", "LEEDS", "CARDIFF"], "USA": ["SEATTLE, WA", "AUSTIN, TX", "BOSTON, MA"],
          "DEU": ["Köln", "München", "Dresden"], "POL": ["Kraków", "Gdańsk", "Łódź"],
          "UKR": ["Kyiv"]}
NATS = ["GBR", "USA", "DEU", "POL", "CAN", "FRA", "LTU", "IND", "GEO"]


def render_certificate(rng, country, has_record, person, issued):
    """A clean A4 certificate (RGB, 2480 x 3508, 300 dpi) and its truth.

    person: {'surname', 'given_names' (str or list), 'date_of_birth' ISO}.
    Names are printed in Latin script (Cyrillic is transliterated); truth
    holds the names as printed."""
    if country not in COUNTRIES:
        raise ValueError("unsupported country %r" % country)
    given = person["given_names"]
    if isinstance(given, (list, tuple)):
        given = " ".join(given)
    dob = person["date_of_birth"]
    if isinstance(dob, str):
        dob = _iso(dob)
    iss = _iso(issued) if isinstance(issued, str) else issued
    p = {"surname": latin(person["surname"]), "given_names": latin(given), "dob": dob,
         "pob": rng.choice(PLACES[country]) if country != "UKR" else "",
         "nat": rng.choice(NATS)}
    pg = Page(rng, rng.choice(FAMILIES))
    layout = rng.randrange(3)
    number = _number(rng, country, iss)
    qr = None
    if country == "GBR":
        phrase, kind, auth = render_gbr(pg, rng, has_record, p, number, iss, layout)
    elif country == "USA":
        phrase, kind, auth = render_usa(pg, rng, has_record, p, number, iss, layout)
    elif country == "DEU":
        phrase, kind, auth = render_deu(pg, rng, has_record, p, number, iss, layout)
    elif country == "POL":
        phrase, kind, auth = render_pol(pg, rng, has_record, p, number, iss, layout)
    else:
        phrase, kind, auth, qr = render_ukr(pg, rng, has_record, p, number, iss, layout)
    truth = {"country": country, "kind": kind,
             "holder": {"surname": p["surname"].upper(), "given_names": p["given_names"].upper(),
                        "date_of_birth": dob.isoformat()},
             "number": number, "issued": iss.isoformat(),
             "result": "record" if has_record else "no_record", "phrase": phrase,
             "authority": auth, "qr": qr, "layout": layout}
    return pg.img, truth


# ------------------------------------------------------------ degradation

def degrade(rng, img, level=1):
    """A simple scan: slight rotation, blur, noise, JPEG (level 1 normal,
    2 poor)."""
    import numpy as np
    angle = rng.uniform(-1.5, 1.5) * level
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(245, 245, 240))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9) * level))
    a = np.asarray(img).astype(np.float32)
    a = a * rng.uniform(0.9, 1.0) + rng.uniform(0, 12)
    nrs = np.random.default_rng(rng.randrange(2 ** 32))
    # one noise plane for all channels (sensor noise), cheaper than three
    a += nrs.normal(0, 5 * level, a.shape[:2]).astype(np.float32)[:, :, None]
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=rng.randint(60, 85) if level > 1 else rng.randint(75, 92))
    buf.seek(0)
    out = Image.open(buf)
    out.load()
    return out


def _photo(rng, img):
    """A phone photo of the sheet, exactly as the applicant-case generator
    makes one (samplegen.degrade.degrade with page=True choosing a photo:
    tilt and perspective, desk and clutter, light and shadow, blur, noise),
    encoded as that generator's JPEG (samplegen.output.encode): the file's
    bytes."""
    import numpy as np
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from samplegen import degrade as sdeg, documents, output
    arr = np.asarray(img.convert("RGB"))
    out, _, _ = sdeg.photo(rng, documents.Render(arr, []), page=True, min_scale=0.3)
    data, _ = output.encode(rng, [out], "jpeg")
    return data


# -------------------------------------------------------------------- CLI

_SUR = ["Smith", "O'Connor", "Walker-Hughes", "Müller", "Schulze-Rößler", "Wójcik",
        "Dąbrowski", "Kowalczyk", "Nguyen", "García López", "Yılmaz", "Beridze",
        "Bondarenko", "Шевченко", "Kazlauskas", "Fitzgerald", "Zieliński", "Groß"]
_GIV = ["John", "Mary Ann", "Jürgen", "Łukasz", "Anna Maria", "Jean-Pierre", "Олена",
        "Giorgi", "Małgorzata", "Thomas Edward", "Sophie", "Davit", "Agnieszka"]


def _person(rng, issued):
    age = rng.randint(18, 60)
    dob = issued - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    return {"surname": rng.choice(_SUR), "given_names": rng.choice(_GIV),
            "date_of_birth": dob.isoformat()}


def main(argv):
    if len(argv) < 4:
        sys.stderr.write("usage: certificates.py SEED N DIR [--degrade|--poor|--photo] [--rotate]\n")
        return 64
    seed, n, out = int(argv[1]), int(argv[2]), argv[3]
    level = 2 if "--poor" in argv else (1 if "--degrade" in argv else 0)
    rotate = "--rotate" in argv
    photo = "--photo" in argv
    os.makedirs(out, exist_ok=True)
    rng = random.Random(seed)
    for i in range(n):
        country = COUNTRIES[i % len(COUNTRIES)]
        rec = rng.random() < 0.5
        issued = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        img, truth = render_certificate(rng, country, rec, _person(rng, issued), issued.isoformat())
        base = os.path.join(out, "cert-%03d" % i)
        if photo:
            # the photo's own roll covers any way up
            with open(base + ".jpg", "wb") as f:
                f.write(_photo(rng, img))
            with open(base + ".json", "w", encoding="utf-8") as f:
                json.dump(truth, f, ensure_ascii=False, indent=1)
            continue
        if level:
            img = degrade(rng, img, level)
        if rotate and rng.random() < 0.5:
            img = img.rotate(rng.choice([90, 180, 270]), expand=True)
        if level:
            # already a JPEG round trip: keep it as the scanner's JPEG
            img.save(base + ".jpg", quality=95)
        else:
            img.save(base + ".png", compress_level=1)
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(truth, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
