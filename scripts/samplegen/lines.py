"""MRZ line crops cut from degraded pictures, deskewed by the known geometry,
for judging OCR on pictures rendered differently from a model's training."""

import os
import random

import cv2

from . import degrade, docsgen, output


def write_many(seed, n, outdir, clean=False, compact=False, quiet=False):
    """N crops outdir/NNNN.png with outdir/NNNN.txt (the line and a newline)."""
    os.makedirs(outdir, exist_ok=True)
    k = 0
    i = 0
    while k < n:
        rng = random.Random("%s/lines/%d" % (seed, i))
        i += 1
        fmt = "jpeg" if rng.random() < 0.75 else "png"
        _, _, truth, pages, quads = docsgen.make(rng, "x", clean=clean, compact=compact, fmt=fmt,
                                                 alter_share=0.0)
        # crop from the picture as it will be read: after JPEG compression
        data, _ = output.encode(rng, pages[:1], fmt)
        img0 = output.decode(data)
        for doc in truth["documents"]:
            page = img0 if doc["page"] == 0 else pages[doc["page"]]
            for text, q in zip(doc["lines"], doc["mrz_quads"]):
                if k >= n:
                    break
                crop = degrade.line_crop(page, q)
                k += 1
                name = os.path.join(outdir, "%04d" % k)
                if crop.ndim == 3:
                    crop = cv2.cvtColor(crop, cv2.COLOR_RGB2BGR)
                cv2.imwrite(name + ".png", crop)
                with open(name + ".txt", "w") as f:
                    f.write(text + "\n")
    return n
