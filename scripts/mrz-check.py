#!/usr/bin/python3
"""Independent ICAO 9303 MRZ checker, used to label tests/mrz/corpus.tsv.

Written separately from validators/mrz.c (no shared code or tables) so that
the two can be compared.  It decides the CONTRACT.md §3 `valid` verdict and
the document number of an MRZ:

  valid  = the shape is a known format, every character is A-Z 0-9 <, every
           check digit the format defines is right (TD1/TD2 long numbers,
           TD3 empty personal number with '<' or '0'), every date is a real
           date (birth may be wholly '<'), sex is M, F, X or '<'.

usage:  mrz-check.py [--as-of YYYY-MM-DD] < lines
        input: one MRZ per line, its lines joined by '|';
        output: "valid<TAB>format<TAB>document_number" per input line.
"""
import datetime
import re
import sys

WEIGHTS = (7, 3, 1)
ALPHABET = re.compile(r'^[A-Z0-9<]*$')


def value(ch):
    if ch == '<':
        return 0
    if ch.isdigit():
        return int(ch)
    return ord(ch) - ord('A') + 10


def digit_for(text):
    return sum(value(c) * WEIGHTS[i % 3] for i, c in enumerate(text)) % 10


def digit_ok(text, cd):
    return cd in '0123456789' and int(cd) == digit_for(text)


def real_date(yymmdd, birth, ref):
    if not re.fullmatch(r'\d{6}', yymmdd):
        return False
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    base = ref.year - ref.year % 100
    if birth:
        year = base + yy
        if (yy, mm, dd) > (ref.year % 100, ref.month, ref.day):
            year -= 100
    else:
        year = base + yy - (100 if yy >= ref.year % 100 + 50 else 0)
    try:
        datetime.date(year, mm, dd)
    except ValueError:
        return False
    return True


def birth_ok(s, ref):
    return s == '<<<<<<' or real_date(s, True, ref)


def overflow_number(principal, cd, optional, limit):
    """Document number and verdict of a TD1/TD2 number field."""
    if cd != '<':
        return principal.rstrip('<'), digit_ok(principal, cd)
    run = optional.split('<', 1)[0]
    if len(run) < 2 or len(run) > limit or len(run) == len(optional):
        return principal.rstrip('<'), False
    extra, cd2 = run[:-1], run[-1]
    ok = digit_ok(principal + extra, cd2) or digit_ok(principal + '<' + extra, cd2)
    return (principal + extra).rstrip('<'), ok


def check(lines, ref):
    shape = tuple(len(x) for x in lines)
    text = ''.join(lines)
    if not ALPHABET.match(text):
        return False, None, ''
    sex_ok = lambda c: c in 'MFX<'
    if shape == (30, 30, 30):
        l1, l2 = lines[0], lines[1]
        number, ok = overflow_number(l1[5:14], l1[14], l1[15:30], 14)
        ok = ok and digit_ok(l2[0:6], l2[6]) and digit_ok(l2[8:14], l2[14])
        ok = ok and digit_ok(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29])
        ok = ok and birth_ok(l2[0:6], ref) and real_date(l2[8:14], False, ref) and sex_ok(l2[7])
        return ok, 'TD1', number
    if shape == (9, 30, 30):
        l2 = lines[1]
        return birth_ok(l2[19:25], ref), 'CHE_DL', lines[0].rstrip('<')
    if len(lines) == 1 and shape == (30,) and text[0] == 'D' and text[2:5] == 'FRA':
        ok = digit_ok(text[0:14], text[14]) and digit_ok(text[0:29], text[29])
        return ok and real_date(text[15:21], False, ref), 'FRA_DL', text[5:14].rstrip('<')
    if len(lines) != 2:
        return False, None, ''
    l1, l2 = lines
    if shape == (36, 36) and l1.startswith('IDFRA'):
        ok = digit_ok(l2[0:12], l2[12]) and digit_ok(l2[27:33], l2[33])
        ok = ok and digit_ok(l1 + l2[0:35], l2[35]) and birth_ok(l2[27:33], ref) and sex_ok(l2[34])
        return ok, 'FRA_ID', l2[0:12].rstrip('<')
    if shape in ((44, 44), (36, 36), (34, 34)):
        width = shape[0]
        visa = l1[0] == 'V' and width != 34
        fmt = {44: 'MRVA' if visa else 'TD3', 36: 'MRVB' if visa else 'TD2', 34: 'SVK_ID'}[width]
        common = (digit_ok(l2[13:19], l2[19]) and digit_ok(l2[21:27], l2[27])
                  and birth_ok(l2[13:19], ref) and real_date(l2[21:27], False, ref)
                  and sex_ok(l2[20]))
        if fmt == 'TD2':
            number, ok = overflow_number(l2[0:9], l2[9], l2[28:35], 6)
            ok = ok and digit_ok(l2[0:10] + l2[13:20] + l2[21:35], l2[35])
            return ok and common, fmt, number
        number = l2[0:9].rstrip('<')
        ok = digit_ok(l2[0:9], l2[9]) and common
        if fmt == 'TD3':
            pn, pcd = l2[28:42], l2[42]
            pn_ok = (pn == '<' * 14 and pcd in '<0') or digit_ok(pn, pcd)
            ok = ok and pn_ok and digit_ok(l2[0:10] + l2[13:20] + l2[21:43], l2[43])
        return ok, fmt, number
    return False, None, ''


def main():
    ref = datetime.date.today()
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == '--as-of':
        ref = datetime.date.fromisoformat(args[1])
    elif args:
        sys.exit(__doc__)
    for raw in sys.stdin:
        lines = raw.rstrip('\n').split('|')
        ok, fmt, number = check(lines, ref)
        print('%s\t%s\t%s' % ('valid' if ok else 'invalid', fmt or '-', number))


if __name__ == '__main__':
    main()
