#!/bin/sh
# Hostile case folders: zero-byte and truncated images, a decompression
# bomb, a symlink to /etc/passwd, a FIFO, a 10,000-file folder, non-UTF-8
# and very long names, a 10 MB and a deeply nested applicant.json, refused
# folder names (spaces, non-UTF-8, too long), loose files, symlinks and a
# FIFO straight in the inbox.  Each must end in a report or in failed/ with
# a reason; nothing may be written outside ROOT; no crash, no hang.
set -u
. "$(dirname "$0")/watch-common.sh"
watch_setup

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ROOT=$tmp/root
IN=$ROOT/inbox
mkdir -p "$IN" "$tmp/outside"
echo canary > "$tmp/outside/canary.txt"
passwd_before=$(sha256sum /etc/passwd)
make_cases "$tmp/good" 1 G > /dev/null

$PY - "$IN" "$tmp/good" <<'EOF' || fail "could not build the hostile cases"
import io, json, os, shutil, struct, sys, zlib
from PIL import Image
inbox, good = sys.argv[1], sys.argv[2]
goodcase = os.path.join(good, os.listdir(good)[0])
goodimg = sorted(f for f in os.listdir(goodcase) if f.endswith((".png", ".jpg")))[0]
def case(name):
    d = os.path.join(inbox.encode(), name if isinstance(name, bytes) else name.encode())
    os.makedirs(d)
    return d
def put(d, name, data):
    with open(os.path.join(d, name if isinstance(name, bytes) else name.encode()), "wb") as f:
        f.write(data)
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
png = open(os.path.join(goodcase, goodimg), "rb").read()

d = case("zero")
put(d, "empty.png", b"")
put(d, "empty.jpg", b"")
put(d, "truncated.png", png[: len(png) // 3])
put(d, "truncated.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50)
put(d, "not-an-image.tif", b"II*\x00" + os.urandom(64))

d = case("bomb")
# a header promising 60000 x 60000 pixels over a few bytes of data
ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
put(d, "huge-header.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
    chunk(b"IDAT", zlib.compress(b"\x00" * 60001 * 16)) + chunk(b"IEND", b""))
# a real one: 11000 x 11000 (121 Mpx) that compresses to almost nothing
buf = io.BytesIO()
Image.new("1", (11000, 11000), 1).save(buf, "PNG")
put(d, "bomb.png", buf.getvalue())
put(d, "scan.png", png)

d = case("links")
os.symlink("/etc/passwd", os.path.join(d, b"passport.jpg"))
os.symlink("/etc", os.path.join(d, b"etc"))
os.mkfifo(os.path.join(d, b"certificate.png"))
put(d, "scan.png", png)

d = case("many")
for i in range(10000):
    put(d, "f%05d.jpg" % i, b"\xff")

d = case("names")
put(d, b"\xff\xfe-bad-utf8.png", png)
put(d, "L" * 246 + ".png", png)
put(d, "\u0441\u043a\u0430\u043d.png", png)   # Cyrillic, valid UTF-8

d = case("bigjson")
put(d, "scan.png", png)
put(d, "applicant.json", b'{"surname": "' + b"A" * (10 * 1024 * 1024) + b'"}')

d = case("deepjson")
put(d, "scan.png", png)
put(d, "applicant.json", b"[" * 200000 + b"]" * 200000)

d = case("badjson")
put(d, "scan.png", png)
put(d, "applicant.json", b'{"surname": "X", "entries": [{"entered": "2024-13-45"}, 7, null], "date_of_birth": 19900517')

d = case("x..y")                      # dots inside a name are fine
put(d, "scan.png", png)

for bad in ("case with spaces", b"bad\xffname", "N" * 200, "semi;colon", "-rf"):
    if bad == "-rf":
        d = case(bad)               # a valid name that looks like an option
    else:
        d = case(bad)
    put(d, "scan.png", png)

# straight in the inbox: a loose file, symlinks out of ROOT, a FIFO
put(inbox.encode(), "loose-scan.jpg", png)
os.symlink("/etc/passwd", os.path.join(inbox, "passwd-link"))
os.symlink(os.path.join(os.path.dirname(inbox), "..", "outside"), os.path.join(inbox, "outside-link"))
os.mkfifo(os.path.join(inbox, "pipe"))
EOF
touch "$tmp/marker"
sleep 1
echo "stages: $STAGES; $(ls "$IN" | wc -l) inbox entries"

start=$(date +%s)
timeout 900 bin/varta watch --once --jobs 2 --case-timeout 120 --as-of "$AS_OF" "$ROOT" > "$tmp/out" 2> "$tmp/err"
rc=$?
cat "$tmp/out"
echo "($(($(date +%s) - start)) s)"
[ "$rc" -eq 0 ] || { tail -n 40 "$tmp/err"; fail "varta watch exited $rc (124: it hung)"; }

[ "$(ls -A "$IN")" = "" ] || fail "inbox not empty: $(ls -A "$IN" | head)"
[ "$(ls -A "$ROOT/work")" = "" ] || fail "work not empty: $(ls -A "$ROOT/work" | head)"

# every valid case: a report and its inputs archived, or failed/ with a reason
for c in zero bomb links many names bigjson deepjson badjson x..y -rf; do
    if [ -f "$ROOT/reports/$c/report.json" ] && [ -d "$ROOT/archive/$c" ]; then
        echo "$c: reported ($($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["decision"])' "$ROOT/reports/$c/report.json"))"
    elif [ -f "$ROOT/failed/$c/reason.txt" ]; then
        echo "$c: failed: $(grep '^error:' "$ROOT/failed/$c/reason.txt" | cut -c1-100)"
    else
        fail "$c: neither reported and archived nor failed with a reason"
    fi
done
# the links were moved, not followed: the archived symlink still points out
for place in archive failed; do
    if [ -d "$ROOT/$place/links" ]; then
        [ -L "$ROOT/$place/links/passport.jpg" ] || fail "links/passport.jpg is no longer a symlink"
        [ -p "$ROOT/$place/links/certificate.png" ] || fail "links/certificate.png is no longer a FIFO"
    fi
done
[ "$(ls "$ROOT/archive/many" "$ROOT/failed/many" 2> /dev/null | grep -c '^f[0-9]')" -eq 10000 ] ||
    fail "the 10,000-file case lost files"

# refused entries: each in failed/ with a reason naming it
nref=0
for d in "$ROOT"/failed/*/; do
    [ -f "$d/reason.txt" ] || fail "failed/$(basename "$d") has no reason.txt"
    for k in stage: error: time:; do
        grep -q "^$k" "$d/reason.txt" || fail "failed/$(basename "$d")/reason.txt lacks '$k'"
    done
    nref=$((nref + 1))
done
for pat in "case with spaces" 'bad\xFFname' "NNNNNNNNNNNNNNNNNNNN" "semi;colon" "loose-scan.jpg" "passwd-link" "outside-link" '"pipe"'; do
    grep -lF -- "$pat" "$ROOT"/failed/*/reason.txt > /dev/null || fail "no reason.txt names the refused entry $pat"
done
[ -L "$(ls -d "$ROOT"/failed/passwd-link*/passwd-link)" ] || fail "the inbox symlink was not moved as a link"
[ -p "$(ls -d "$ROOT"/failed/pipe*/pipe)" ] || fail "the inbox FIFO was not moved as is"
echo "refused or failed: $nref entries, each with reason.txt"

# nothing written outside ROOT
[ "$(sha256sum /etc/passwd)" = "$passwd_before" ] || fail "/etc/passwd changed"
[ "$(ls -A "$tmp/outside")" = "canary.txt" ] || fail "something was written in a folder outside ROOT"
[ "$(cat "$tmp/outside/canary.txt")" = canary ] || fail "a file outside ROOT changed"
outside=$(find "$tmp" -newer "$tmp/marker" ! -path "$ROOT" ! -path "$ROOT/*" ! -path "$tmp" ! -name out ! -name err | head -n 5)
[ -z "$outside" ] || fail "written outside ROOT: $outside"
zcat "$ROOT/audit.log.gz" > /dev/null || fail "zcat cannot read the journal"
grep -qi -E 'segmentation|core dumped|assert' "$tmp/err" && fail "a crash on stderr: $(grep -i -E 'segmentation|core dumped|assert' "$tmp/err" | head -n 3)"
echo "test-hostile: ok ($STAGES stages)"
