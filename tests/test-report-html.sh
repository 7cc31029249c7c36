#!/bin/sh
# report.html and report.txt from varta-report: well-formed (parsed as XML),
# every hostile OCR string escaped, the evidence crop embedded as a data:
# URI, the MRZ check digits marked, text within 80 columns; then the page is
# rendered once in headless Chromium and the rendered DOM must hold the
# decision banner and all eight checks.  Skips only the Chromium part, with
# a message, when chromium is not installed.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
POLICY=validators/national-guard.policy
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
umask 022

# A small PNG crop for the hostile case, and a stream that points at it.
/usr/bin/python3 - "$tmp/crop.png" <<'PY'
import sys, zlib, struct
w, h = 40, 8
raw = b"".join(b"\x00" + bytes([(x * 6) % 256 for x in range(w)]) for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + \
      chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
/usr/bin/python3 - "$tmp/crop.png" tests/golden/rejected-record-hostile.jsonl tests/golden/altered-mrz.jsonl >"$tmp/in.jsonl" <<'PY'
import json, sys
crop = sys.argv[1]
for path in sys.argv[2:]:
    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        if r.get("record") == "document" and r.get("type") == "passport":
            r["crop"] = crop
            r.setdefault("mrz", {})["corrections"] = [{"line": 1, "col": 5, "from": "O", "to": "0"}]
            if r["case"] == "A1006":    # hostile multi-byte text inside the MRZ lines
                r["mrz"]["lines"] = ["ЖÜ<script>alert(1)</script>" + r["mrz"]["lines"][0], "Ü" * 12 + "&\"'"]
        print(json.dumps(r, ensure_ascii=False))
PY

"$BIN/varta-check" --as-of 2024-03-01 --policy "$POLICY" <"$tmp/in.jsonl" >"$tmp/reports.jsonl" || { echo "FAIL varta-check"; exit 1; }
for lang in uk en; do
    "$BIN/varta-report" --out "$tmp/$lang" --lang "$lang" <"$tmp/reports.jsonl" >"$tmp/written-$lang.jsonl" \
        || { echo "FAIL varta-report --lang $lang"; fail=1; }
done

html=$tmp/uk/A1006/report.html
# Well-formed: every page parses as XML (the doctype line aside).
/usr/bin/python3 - "$tmp"/uk/*/report.html "$tmp"/en/*/report.html <<'PY' || fail=1
import sys, xml.etree.ElementTree as ET
bad = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    head, body = text.split("\n", 1)
    try:
        assert head == "<!DOCTYPE html>", head
        ET.fromstring(body)
    except Exception as e:
        print("FAIL not well-formed: %s: %s" % (path, e))
        bad += 1
if not bad:
    print("ok   every report.html is well-formed (%d pages parsed as XML)" % len(sys.argv[1:]))
sys.exit(1 if bad else 0)
PY

/usr/bin/python3 - "$tmp" <<'PY' || fail=1
import json, os, re, sys, xml.etree.ElementTree as ET
tmp = sys.argv[1]
ok = True
def check(cond, what):
    global ok
    print(("ok   " if cond else "FAIL ") + what)
    ok = ok and cond
ns = {"h": "http://www.w3.org/1999/xhtml"}
for lang in ("uk", "en"):
    page = open(os.path.join(tmp, lang, "A1006", "report.html"), encoding="utf-8").read()
    tree = ET.fromstring(page.split("\n", 1)[1])     # drop the doctype line
    scripts = tree.findall(".//h:script", ns)
    check(not scripts and "<script" not in page.lower() and "<img src=x" not in page and "<b>&amp;</b>" not in page,
          f"{lang}: hostile certificate text did not become markup")
    check("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page, f"{lang}: hostile text shown escaped")
    check("&lt;img src=x onerror=alert(1)&gt;" in page, f"{lang}: hostile certificate number shown escaped")
    banner = tree.find(".//h:header[@id='decision']", ns)
    check(banner is not None and banner.get("data-decision") == "rejected", f"{lang}: decision banner")
    rows = tree.findall(".//h:tr[@class]", ns)
    ids = [r.get("id") for r in rows if (r.get("class") or "").startswith("check ")]
    check(ids == ["check-" + i for i in ("travel_document", "document_validity", "age", "legal_stay",
          "criminal_record", "certificate_freshness", "certificate_holder", "applicant_data")],
          f"{lang}: eight checks in order")
    imgs = [i for i in tree.iter("{http://www.w3.org/1999/xhtml}img")]
    check(any(i.get("src", "").startswith("data:image/png;base64,iVBORw0KGgo") for i in imgs),
          f"{lang}: evidence crop embedded as a data: URI")
    check("@media print" in page and "size:A4" in page, f"{lang}: A4 print style")
    check("position 6" in page or "позиція 6" in page, f"{lang}: corrections listed")
    word = {"uk": "ВІДМОВЛЕНО", "en": "REJECTED"}[lang]
    check(word in page, f"{lang}: banner in the chosen language")
# Check digits marked: the altered passport has a wrong birth-date digit.
page = open(os.path.join(tmp, "en", "A1005", "report.html"), encoding="utf-8").read()
check(page.count('class="cd-bad"') >= 2 and page.count('class="cd-ok"') >= 3,
      "MRZ check digits marked right/wrong")
check(re.search(r'<span class="cd-bad" title="date_of_birth: WRONG">\d</span>', page) is not None,
      "the wrong birth-date check digit is marked on its position")
# Text reports: UTF-8, no control characters from OCR, within 80 columns.
for lang in ("uk", "en"):
    for case in ("A1005", "A1006"):
        text = open(os.path.join(tmp, lang, case, "report.txt"), encoding="utf-8").read()
        long = [l for l in text.splitlines() if len(l) > 80]
        check(not long, f"{lang}/{case}: report.txt within 80 columns" + (f" (e.g. {long[0]!r})" if long else ""))
        check("legal_stay" in text and ("REJECTED" in text or "ВІДМОВЛЕНО" in text or "INCOMPLETE" in text
              or "НЕПОВНИЙ" in text), f"{lang}/{case}: report.txt has the decision and checks")
# report.json is the record without "record".
recs = [json.loads(l) for l in open(os.path.join(tmp, "reports.jsonl"), encoding="utf-8")]
for r in recs:
    got = json.load(open(os.path.join(tmp, "uk", r["case"], "report.json"), encoding="utf-8"))
    r.pop("record")
    check(got == r, f"{r['case']}: report.json is the report record without its record key")
sys.exit(0 if ok else 1)
PY

# Render once in headless Chromium.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "SKIP Chromium rendering: chromium is not installed (scripts/install-deps installs it)"
else
    profile=$(mktemp -d)
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --dump-dom "file://$html" >"$tmp/dom.html" 2>"$tmp/chromium.err"
    rc=$?
    rm -rf "$profile"
    n=$(grep -o 'id="check-[a-z_]*"' "$tmp/dom.html" | sort -u | wc -l)
    if [ $rc -eq 0 ] && grep -q 'id="decision"' "$tmp/dom.html" && grep -q 'ВІДМОВЛЕНО' "$tmp/dom.html" \
        && [ "$n" -eq 8 ] && ! grep -qi '<script' "$tmp/dom.html"; then
        echo "ok   Chromium rendered report.html: decision banner and $n checks in the DOM, no script element"
    else
        echo "FAIL Chromium rendering (exit $rc, $n checks)"; tail -5 "$tmp/chromium.err"; fail=1
    fi
fi
exit $fail
