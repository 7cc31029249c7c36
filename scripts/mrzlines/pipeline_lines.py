#!/usr/bin/python3
"""Training lines as varta's reader cuts them: generated documents (mostly
phone photos), read by a development build of varta-scan that writes each
line image it gives the model, paired with the generator's truth.

usage: pipeline_lines.py SCAN_BIN OUTDIR SEED N [JOBS]

SCAN_BIN is bin/varta-scan built with CFLAGS="-O2 -g -DMRZREAD_DEBUG"
(never a normal build: it writes pixels of the documents it reads).  The
documents are drawn by scripts/samplegen with photo_share 0.7 and random
check digits: a model trained on lines whose check digits are right learns
to compute them, and then reads an altered MRZ as valid (ocr/tessdata/
README.md).  Each line image is paired with the truth line nearest to what
the reader read there (edit distance at most a quarter of its length: a
line of other text, or a line cut wrong, is dropped).  Writes
OUTDIR/lines/pNNNNNN.png, .box and .gt.txt like render_train.py.
"""
import json
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, HERE)
from samplegen import docsgen, mrz  # noqa: E402
from render_train import write_sample  # noqa: E402  (the same .png/.box/.gt.txt)
import cv2  # noqa: E402


def random_check_digits(seed):
    rng = random.Random("%s/check-digits" % seed)
    mrz.check_digit = lambda s: str(rng.randrange(10))


def distance(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    scan, out, seed, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    jobs = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    docs, dump, lines = (os.path.join(out, d) for d in ("docs", "dump", "lines"))
    for d in (docs, dump, lines):
        os.makedirs(d, exist_ok=True)
    random_check_digits(seed)
    names = []
    for i in range(n):
        rng = random.Random("%s/pipeline-lines/%d" % (seed, i))
        name = "%04d" % (i + 1)
        data, ext, truth, _, _ = docsgen.make(rng, name, alter_share=0, photo_share=0.7)
        with open(os.path.join(docs, name + ext), "wb") as f:
            f.write(data)
        docsgen.write_json(os.path.join(docs, name + ".truth.json"), truth)
        names.append((name, ext, truth))

    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def read(item):
        name, ext, _ = item
        e = dict(env, VARTA_MRZ_DUMP=os.path.join(dump, name))
        subprocess.run([scan, os.path.join(docs, name + ext)], env=e,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)

    with ThreadPoolExecutor(jobs) as ex:
        list(ex.map(read, names))

    kept = dropped = 0
    for name, _, truth in names:
        want = [l for d in truth["documents"] for l in d["lines"]]
        for f in sorted(os.listdir(dump)):
            if not (f.startswith(name + "-") and f.endswith(".txt")):
                continue
            got = open(os.path.join(dump, f)).read().strip()
            best = min(want, key=lambda t: distance(got, t)) if want else None
            if best is None or len(got) < 20 or distance(got, best) > len(best) // 4:
                dropped += 1
                continue
            img = cv2.imread(os.path.join(dump, f[:-4] + ".png"), cv2.IMREAD_GRAYSCALE)
            write_sample(lines, "p%06d" % kept, img, best)
            kept += 1
    print("pipeline_lines: %d line images kept, %d dropped, from %d documents" % (kept, dropped, n),
          file=sys.stderr)


if __name__ == "__main__":
    main()
