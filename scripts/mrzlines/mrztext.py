"""MRZ-like text lines for training and evaluating varta's OCR-B model.

Every generator takes a random.Random so the output is a pure function of
the seed.  Lines use only A-Z, 0-9 and '<' and are 30, 36 or 44 long.
"""

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
LETTERS = ALPHABET[:26]
DIGITS = "0123456789"

COUNTRIES = ("UTO UKR POL DEU D<< GBR USA FRA ITA ESP NLD BEL AUT CHE SWE NOR "
             "FIN DNK IRL PRT GRC CZE SVK HUN ROU BGR HRV SVN LTU LVA EST MDA "
             "GEO ARM AZE KAZ TUR ISR CAN AUS NZL BRA ARG MEX COL CHL JPN KOR "
             "CHN IND PAK BGD NGA GHA KEN ZAF EGY MAR TUN XXA XXB XXC XXX UNO "
             "UNA EUE BLR LBN JOR").split()

SURNAMES = ("ERIKSSON KOWALSKI NOWAK MUELLER SCHMIDT SHEVCHENKO KOVALENKO "
            "BONDARENKO TKACHENKO SMITH JOHNSON WILLIAMS BROWN GARCIA MARTINEZ "
            "ROSSI BIANCHI DUBOIS MOREAU JANSEN DEVRIES OCONNOR MURPHY "
            "NIELSEN HANSEN VIRTANEN KORHONEN NAGY HORVATH POPESCU IVANOVA "
            "PETROV HOFFMANN WOJCIK KAMINSKI LEWANDOWSKI ZIELINSKI SZYMANSKI "
            "OLIVEIRA SANTOS PEREIRA FERREIRA KIM PARK NGUYEN TANAKA "
            "SUZUKI OKONKWO MENSAH ABDULLAH HASSAN YILMAZ KAYA DEMIR "
            "VANDERBERG DELAFUENTE MACDONALD OBRIEN STOJANOVIC PAPADOPOULOS "
            "GONZALEZ RODRIGUEZ HERNANDEZ LOPEZ WISNIEWSKI QUINTERO XAVIER "
            "ZAJAC JOVANOVIC QUIGLEY").split()

GIVEN = ("ANNA MARIA JOHN PETER OLENA OLEKSANDR ANDRIY IVAN TARAS MYKOLA "
         "PIOTR KRZYSZTOF TOMASZ HANS KLAUS JUERGEN SOPHIE EMMA LUCAS NOAH "
         "JAMES MICHAEL DAVID SARAH LAURA PAULA JOSE JUAN CARLOS MIGUEL "
         "LUCIA SOFIA YUKI HIROSHI MIN JIHO AMINA FATIMA OMAR ALI MEHMET "
         "ELIF ZOFIA WOJCIECH KATARZYNA AGNIESZKA BOGDAN VIKTORIA YULIIA "
         "QUENTIN XENIA ZORAN").split()

WEIGHTS = (7, 3, 1)


def char_value(c):
    if c.isdigit():
        return ord(c) - 48
    if "A" <= c <= "Z":
        return ord(c) - 55
    return 0


def check_digit(s):
    return str(sum(char_value(c) * WEIGHTS[i % 3] for i, c in enumerate(s)) % 10)


def pad(s, n):
    return (s + "<" * n)[:n]


def random_word(rng, lo, hi):
    """A pronounceable-ish random name part."""
    cons, vows = "BCDFGHJKLMNPRSTVWZXQY", "AEIOUY"
    n = rng.randint(lo, hi)
    out = []
    for i in range(n):
        out.append(rng.choice(vows if i % 2 else cons) if rng.random() < 0.85
                   else rng.choice(LETTERS))
    return "".join(out)


def name_field(rng, width):
    sur = [rng.choice(SURNAMES) if rng.random() < 0.6 else random_word(rng, 3, 12)]
    if rng.random() < 0.15:
        sur.append(rng.choice(SURNAMES))
    given = [rng.choice(GIVEN) if rng.random() < 0.6 else random_word(rng, 2, 10)
             for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3)))]
    s = "<".join(sur)
    if given:
        s += "<<" + "<".join(given)
    return pad(s, width)


def date(rng):
    return "%02d%02d%02d" % (rng.randint(0, 99), rng.randint(1, 12), rng.randint(1, 28))


def docnum(rng, n=9):
    kind = rng.random()
    if kind < 0.4:
        s = "".join(rng.choice(DIGITS) for _ in range(n))
    elif kind < 0.8:
        k = rng.randint(1, 3)
        s = "".join(rng.choice(LETTERS) for _ in range(k)) + \
            "".join(rng.choice(DIGITS) for _ in range(n - k))
    else:
        s = "".join(rng.choice(ALPHABET[:36]) for _ in range(n))
    if rng.random() < 0.15:
        cut = rng.randint(5, n - 1)
        s = s[:cut] + "<" * (n - cut)
    return s


def optional(rng, n):
    r = rng.random()
    if r < 0.5:
        return "<" * n
    k = rng.randint(1, n)
    body = "".join(rng.choice(ALPHABET[:36] if rng.random() < 0.5 else DIGITS)
                   for _ in range(k))
    return pad(body, n)


def sex(rng):
    return rng.choice("MMMFFF<X")


def td3(rng, visa=False, cd=check_digit):
    code = ("V" + rng.choice("<ABCD")) if visa else rng.choice(["P<", "P<", "PO", "PD", "PS"])
    l1 = code + rng.choice(COUNTRIES) + name_field(rng, 39)
    dn = docnum(rng)
    nat, dob, exp = rng.choice(COUNTRIES), date(rng), date(rng)
    if visa:
        l2 = dn + cd(dn) + nat + dob + cd(dob) + sex(rng) + \
            exp + cd(exp) + optional(rng, 16)
    else:
        opt = optional(rng, 14)
        oc = cd(opt) if opt.strip("<") else rng.choice("0<")
        l2 = dn + cd(dn) + nat + dob + cd(dob) + sex(rng) + \
            exp + cd(exp) + opt + oc
        comp = l2[0:10] + l2[13:20] + l2[21:43]
        l2 += cd(comp)
    return [l1, l2]


def td2(rng, visa=False, cd=check_digit):
    code = ("V" + rng.choice("<ABCD")) if visa else rng.choice(["I<", "ID", "IR", "AC", "C<"])
    l1 = code + rng.choice(COUNTRIES) + name_field(rng, 31)
    dn = docnum(rng)
    nat, dob, exp = rng.choice(COUNTRIES), date(rng), date(rng)
    l2 = dn + cd(dn) + nat + dob + cd(dob) + sex(rng) + \
        exp + cd(exp)
    if visa:
        l2 += optional(rng, 8)
    else:
        l2 += optional(rng, 7)
        l2 += cd(l2[0:10] + l2[13:20] + l2[21:35])
    return [l1, l2]


def td1(rng, cd=check_digit):
    code = rng.choice(["I<", "ID", "IR", "IP", "AC", "C<", "IT"])
    dn = docnum(rng)
    l1 = code + rng.choice(COUNTRIES) + dn + cd(dn) + optional(rng, 15)
    dob, exp = date(rng), date(rng)
    l2 = dob + cd(dob) + sex(rng) + exp + cd(exp) + \
        rng.choice(COUNTRIES) + optional(rng, 11)
    l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    l3 = name_field(rng, 30)
    return [l1, l2, l3]


def random_line(rng, n):
    """Runs of letters, digits and fillers in random order: teaches the model
    to read each glyph rather than the MRZ grammar."""
    out = []
    while len(out) < n:
        kind = rng.random()
        k = rng.randint(1, 8)
        if kind < 0.35:
            out += [rng.choice(LETTERS) for _ in range(k)]
        elif kind < 0.65:
            out += [rng.choice(DIGITS) for _ in range(k)]
        elif kind < 0.85:
            out += ["<"] * rng.randint(1, 12)
        else:
            out += [rng.choice(ALPHABET) for _ in range(k)]
    return "".join(out[:n])


def document(rng, cd=check_digit):
    """The lines of one random document (2 or 3 lines); its check digits
    come from cd (valid ones by default)."""
    r = rng.random()
    if r < 0.35:
        return td3(rng, cd=cd)
    if r < 0.45:
        return td3(rng, visa=True, cd=cd)
    if r < 0.75:
        return td1(rng, cd=cd)
    if r < 0.9:
        return td2(rng, cd=cd)
    return td2(rng, visa=True, cd=cd)


def line(rng):
    """One training line: 65% from real-looking documents, 35% random runs.

    The documents' check digits are random digits, not computed: a model
    that saw valid ones learns to compute them, and then reads the digit
    the check wants instead of the one printed (a sharp 8 read as 5 on an
    altered date of birth), which would make an altered MRZ valid."""
    if rng.random() < 0.65:
        return rng.choice(document(rng, cd=lambda s: rng.choice(DIGITS)))
    return random_line(rng, rng.choice((30, 36, 44)))
