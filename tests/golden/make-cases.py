#!/usr/bin/python3
"""Write the hand-made record streams tests/golden/*.jsonl that
tests/test-check-golden.sh feeds to varta-check (as of 2024-03-01).
MRZ objects come from bin/varta-mrz, so they have the real shape; the
check digits are computed here.  Run from the checkout:
    tests/golden/make-cases.py   (then review and regenerate the .json)"""
import json
import os
import subprocess
import sys

AS_OF = "2024-03-01"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def cd(s):
    w = [7, 3, 1]
    t = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        t += v * w[i % 3]
    return str(t % 10)


def name(sur, given, n):
    s = sur.replace(" ", "<") + "<<" + given.replace(" ", "<")
    return (s + "<" * n)[:n]


def td3(iss, sur, given, num, nat, dob, sex, exp, code="P"):
    l1 = (code + "<")[:2] + iss + name(sur, given, 39)
    num = (num + "<" * 9)[:9]
    pn = "<" * 14
    l2 = num + cd(num) + nat + dob + cd(dob) + sex + exp + cd(exp) + pn + "<"
    l2 += cd(l2[0:10] + l2[13:20] + l2[21:43])
    return [l1, l2]


def td1(code, iss, num, dob, sex, exp, nat, sur, given):
    num = (num + "<" * 9)[:9]
    l1 = (code + "<")[:2] + iss + num + cd(num) + "<" * 15
    l2 = dob + cd(dob) + sex + exp + cd(exp) + nat + "<" * 11
    l2 += cd(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29])
    return [l1, l2, name(sur, given, 30)]


def mrva(iss, sur, given, num, nat, dob, sex, exp):
    l1 = "V<" + iss + name(sur, given, 39)
    num = (num + "<" * 9)[:9]
    l2 = num + cd(num) + nat + dob + cd(dob) + sex + exp + cd(exp) + "<" * 16
    return [l1, l2]


def mrz(lines):
    out = subprocess.run([os.path.join(ROOT, "bin/varta-mrz"), "--as-of", AS_OF],
                         input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[0])


def doc(case, file, typ, lines=None, cert=None, conf=0.93):
    return {"record": "document", "case": case, "file": file, "page": 0, "type": typ,
            "mrz": mrz(lines) if lines else None, "certificate": cert, "confidence": conf,
            "ms": 120, "crop": None}


def cert(country, sur, given, dob, issued, result, phrase, number="C-1001"):
    return {"country": country, "holder": {"surname": sur, "given_names": given, "date_of_birth": dob},
            "number": number, "issued": issued, "result": result, "phrase": phrase, "qr": None}


def case(name, files, applicant=None, error=None):
    return {"record": "case", "case": name, "dir": "/srv/varta/work/" + name,
            "files": [{"file": f, "size": 1000 + i, "sha256": "%064x" % (i + 1)} for i, f in enumerate(files)],
            "skipped": [], "applicant": applicant, "applicant_error": error}


def write(fname, records, raw_lines=()):
    with open(os.path.join(HERE, fname), "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for line in raw_lines:
            f.write(line + "\n")


def main():
    # 1. Visa-free US citizen, 52 days present, fresh certificate: clear.
    c = "A1001"
    write("clear-visa-free.jsonl", [
        case(c, ["passport.jpg", "acro.pdf"],
             {"surname": "DOE", "given_names": "JOHN", "date_of_birth": "1990-05-17",
              "entries": [{"entered": "2024-01-10", "left": None}]}),
        doc(c, "passport.jpg", "passport", td3("USA", "DOE", "JOHN", "123456789", "USA", "900517", "M", "300101")),
        doc(c, "acro.pdf", "police_certificate", cert=cert("GBR", "DOE", "JOHN", "1990-05-17", "2024-01-15",
                                                          "no_record", "NO TRACE"), conf=0.88),
    ])
    # 2. Polish citizen present since 2023-10-01: 153 days, overstay: rejected.
    c = "A1002"
    write("rejected-overstay.jsonl", [
        case(c, ["pass.png", "krk.jpg"],
             {"entries": [{"entered": "2023-08-01", "left": "2023-08-31"},
                          {"entered": "2023-10-01", "left": None}]}),
        doc(c, "pass.png", "passport", td3("POL", "KOWALSKA", "ANNA MARIA", "EA1234567", "POL", "850302", "F", "290115")),
        doc(c, "krk.jpg", "police_certificate", cert=cert("POL", "KOWALSKA", "ANNA MARIA", "1985-03-02",
                                                         "2024-02-01", "no_record",
                                                         "Osoba nie figuruje w kartotece karnej")),
    ])
    # 3. Indian citizen with a Ukrainian residence permit: clear.
    c = "A1003"
    write("clear-permit.jsonl", [
        case(c, ["p.jpg", "permit.jpg", "cert.jpg"]),
        doc(c, "p.jpg", "passport", td3("IND", "SHARMA", "RAVI", "Z1234567", "IND", "950812", "M", "310630")),
        doc(c, "permit.jpg", "residence_permit", td1("IR", "UKR", "AB123456", "950812", "M", "260101", "IND", "SHARMA", "RAVI")),
        doc(c, "cert.jpg", "police_certificate", cert=cert("UKR", "ШАРМА", "РАВІ", "1995-08-12", "2023-12-20",
                                                          "no_record", "судимість відсутня")),
    ])
    # 4. Nigerian citizen, no visa or permit: incomplete.
    c = "A1004"
    write("incomplete-no-visa.jsonl", [
        case(c, ["passport.jpg", "cert.jpg", "blurry.jpg"]),
        doc(c, "passport.jpg", "passport", td3("NGA", "OKAFOR", "CHINEDU", "A01234567", "NGA", "920101", "M", "280505")),
        doc(c, "cert.jpg", "police_certificate", cert=cert("GBR", "OKAFOR", "CHINEDU", "1992-01-01", "2024-02-20",
                                                          "no_record", "NO TRACE")),
        {"record": "error", "case": c, "file": "blurry.jpg", "page": None, "error": "no MRZ or certificate found"},
    ])
    # 5. Passport whose birth date was altered without its check digit; the
    #    certificate belongs to someone else and is stale: review + incomplete.
    c = "A1005"
    lines = td3("DEU", "MUELLER", "JUERGEN", "C01X00T47", "D<<", "000101", "M", "300101")
    lines[1] = lines[1][:13] + "980101" + lines[1][19:]
    write("altered-mrz.jsonl", [
        case(c, ["pass.jpg", "fz.jpg"],
             {"surname": "Müller", "given_names": "Jürgen", "entries": [{"entered": "2024-02-01", "left": "2024-02-10"}]}),
        doc(c, "pass.jpg", "passport", lines),
        doc(c, "fz.jpg", "police_certificate", cert=cert("DEU", "SCHMIDT", "PETER", "1980-04-04", "2023-06-01",
                                                        "no_record", "Keine Eintragung")),
    ])
    # 6. Certificate states a record; hostile text in OCR fields: rejected.
    c = "A1006"
    write("rejected-record-hostile.jsonl", [
        case(c, ["passport.jpg", "fbi.pdf"],
             {"surname": "O'BRIEN", "given_names": "SEAN", "date_of_birth": "1988-07-04",
              "entries": [{"entered": "2024-02-20", "left": None}]}),
        doc(c, "passport.jpg", "passport", td3("IRL", "O BRIEN", "SEAN", "PA1234567", "IRL", "880704", "M", "290909")),
        doc(c, "fbi.pdf", "police_certificate",
            cert=cert("USA", "O'BRIEN", "SEAN <script>alert(\"x\")</script> & co", "1988-07-04", "2024-01-02",
                      "record", "ARRESTED OR RECEIVED <b>&amp;</b>", number="<img src=x onerror=alert(1)>")),
    ])
    # 7. Visa holder, 17 years old, expired passport; records without a case
    #    record and a broken line: rejected (implicit case).
    lines = td3("IND", "PATEL", "PRIYA", "K7654321", "IND", "060615", "F", "240115")
    write("implicit-minor.jsonl", [
        {"record": "document", "case": "B2001", "file": "pp.jpg", "page": 0, "type": "passport",
         "mrz": mrz(lines), "certificate": None, "confidence": 0.9, "ms": 80, "crop": None},
        {"record": "document", "case": "B2001", "file": "visa.jpg", "page": 0, "type": "visa",
         "mrz": mrz(mrva("UKR", "PATEL", "PRIYA", "UA0012345", "IND", "060615", "F", "240601")),
         "certificate": None, "confidence": 0.9, "ms": 80, "crop": None},
    ], raw_lines=['{"record":"document", this is not JSON'])


if __name__ == "__main__":
    sys.exit(main())
