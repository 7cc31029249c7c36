#!/usr/bin/python3
"""Render degraded OCR-B MRZ line images for training varta's LSTM model.

usage: render_train.py OUTDIR SEED FIRST COUNT

Writes OUTDIR/l%06d.png, .box (whole-line boxes, as lstm.train wants) and
.gt.txt for line numbers FIRST .. FIRST+COUNT-1.  Line i depends only on
(SEED, i), so shards can run in parallel and the set is reproducible.
"""
import math
import os
import random
import sys

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mrztext  # noqa: E402

FONT_DIR = "/usr/share/fonts/opentype/ocr-b"
# Regular dominates; "sharp" and oblique widen the glyph shapes seen.
FONTS = (("OCRB.otf", 0.6), ("OCRBS.otf", 0.3), ("OCRBL.otf", 0.1))
CAP_RATIO = 0.733           # cap height / font size for these fonts
_font_cache = {}


def font(name, size):
    key = (name, size)
    if key not in _font_cache:
        _font_cache[key] = ImageFont.truetype(os.path.join(FONT_DIR, name), size)
    return _font_cache[key]


def pick_font(rng):
    r, acc = rng.random(), 0.0
    for name, p in FONTS:
        acc += p
        if r < acc:
            return name
    return FONTS[0][0]


def ink_mask(rng, text, fname, cap):
    """Coverage mask (float32 0..1) of `text` at cap height `cap` px, with
    per-character pitch and baseline jitter like real printers."""
    size = max(8, int(round(cap / CAP_RATIO)))
    f = font(fname, size)
    adv = f.getlength("A")
    pitch = adv * rng.uniform(0.94, 1.12)
    jit = cap * rng.choice((0.0, 0.0, 0.02, 0.04))
    w = int(pitch * len(text) + size * 2)
    h = int(size * 1.6)
    im = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(im)
    x = size * 0.5
    for c in text:
        d.text((x + rng.uniform(-jit, jit), size * 0.2 + rng.uniform(-jit, jit)),
               c, font=f, fill=255)
        x += pitch
    return np.asarray(im, dtype=np.float32) / 255.0


def stroke(rng, m, cap):
    """Thin or thicken strokes by morphology (radius relative to cap)."""
    r = rng.choice((0.0, 0.0, rng.uniform(-0.035, 0.07)))
    k = int(round(abs(r) * cap))
    if k == 0:
        return m
    ker = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * k + 1, 2 * k + 1))
    return cv2.dilate(m, ker) if r > 0 else cv2.erode(m, ker)


def line_band(rng, text, fname, cap_hi):
    """Mask of the line, possibly with fragments of neighbouring MRZ lines
    above/below; returns (mask, top, bottom) of the wanted line's ink."""
    m = stroke(rng, ink_mask(rng, text, fname, cap_hi), cap_hi)
    ys = np.where(m.max(axis=1) > 0.3)[0]
    top, bot = (int(ys[0]), int(ys[-1])) if len(ys) else (0, m.shape[0] - 1)
    if rng.random() < 0.3:
        gap = int(cap_hi * rng.uniform(0.5, 1.1))
        above = rng.random() < 0.5
        other = stroke(rng, ink_mask(rng, mrztext.line(rng)[:len(text)], fname, cap_hi), cap_hi)
        ow = min(other.shape[1], m.shape[1])
        oy = np.where(other.max(axis=1) > 0.3)[0]
        if len(oy):
            other = other[oy[0]:oy[-1] + 1, :ow]
            oh = other.shape[0]
            if above:
                pad = max(0, oh + gap - top)
                m = np.pad(m, ((pad, 0), (0, 0)))
                top, bot = top + pad, bot + pad
                y0 = top - gap - oh
            else:
                need = bot + gap + oh + 1 - m.shape[0]
                if need > 0:
                    m = np.pad(m, ((0, need), (0, 0)))
                y0 = bot + gap
            dx = int(rng.uniform(-0.5, 0.5) * cap_hi)
            xs, xe = max(0, dx), min(m.shape[1], ow + dx)
            m[y0:y0 + oh, xs:xe] = np.maximum(m[y0:y0 + oh, xs:xe],
                                              other[:, xs - dx:xe - dx])
    return m, top, bot


def geometry(rng, m, top, bot, cap_hi):
    """Slight rotation and shear, then crop with random (tight or loose)
    padding.  Crop box comes from the wanted line's extent."""
    xs = np.where(m.max(axis=0) > 0.3)[0]
    left, right = (int(xs[0]), int(xs[-1])) if len(xs) else (0, m.shape[1] - 1)
    h = bot - top + 1
    if rng.random() < 0.3:
        pt = pb = rng.uniform(0.0, 0.12) * h            # tight
    else:
        pt, pb = rng.uniform(0.1, 0.9) * h, rng.uniform(0.1, 0.9) * h
    pl = rng.choice((rng.uniform(0, 0.3), rng.uniform(0.3, 2.5))) * h
    pr = rng.choice((rng.uniform(0, 0.3), rng.uniform(0.3, 2.5))) * h
    big = int(max(pt, pb, pl, pr)) + 4
    m = np.pad(m, big)
    top, bot, left, right = top + big, bot + big, left + big, right + big
    ang = rng.gauss(0, 0.5) if rng.random() < 0.7 else 0.0
    ang = max(-1.5, min(1.5, ang))
    sh = rng.uniform(-0.12, 0.12) if rng.random() < 0.3 else 0.0
    cx, cy = (left + right) / 2, (top + bot) / 2
    a = math.radians(ang)
    M = np.array([[math.cos(a), -math.sin(a) + sh, 0], [math.sin(a), math.cos(a), 0]],
                 dtype=np.float64)
    M[:, 2] = [cx - M[0, 0] * cx - M[0, 1] * cy, cy - M[1, 0] * cx - M[1, 1] * cy]
    m = cv2.warpAffine(m, M, (m.shape[1], m.shape[0]), flags=cv2.INTER_LINEAR)
    # rotation of a long line raises its ends: grow the vertical box
    extra = abs(math.sin(a)) * (right - left) / 2
    y0 = int(max(0, top - pt - extra))
    y1 = int(min(m.shape[0], bot + pb + extra + 1))
    x0 = int(max(0, left - pl))
    x1 = int(min(m.shape[1], right + pr + 1))
    return m[y0:y1, x0:x1]


def background(rng, h, w):
    """Paper: base grey, low-frequency texture, guilloche lines, uneven light."""
    base = rng.uniform(150, 255) if rng.random() < 0.6 else rng.uniform(200, 255)
    bg = np.full((h, w), base, np.float32)
    if rng.random() < 0.6:
        nr = np.random.default_rng(rng.getrandbits(32))
        s = rng.uniform(2, 12)
        tex = cv2.GaussianBlur(nr.standard_normal((h, w)).astype(np.float32), (0, 0), s)
        tex /= (np.abs(tex).max() + 1e-6)
        bg += tex * rng.uniform(5, 35)
    if rng.random() < 0.45:
        im = Image.fromarray(np.clip(bg, 0, 255).astype(np.uint8))
        d = ImageDraw.Draw(im)
        for _ in range(rng.randint(1, 8)):
            amp = rng.uniform(0.1, 0.6) * h
            per = rng.uniform(0.3, 4) * h
            ph = rng.uniform(0, 6.3)
            y0 = rng.uniform(0, h)
            col = int(max(0, base - rng.uniform(20, 110)))
            pts = [(x, y0 + amp * math.sin(x / per * 6.283 + ph)) for x in range(0, w, 2)]
            d.line(pts, fill=col, width=rng.choice((1, 1, 2)))
        bg = np.asarray(im, np.float32)
    if rng.random() < 0.5:
        gx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
        gy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
        k = rng.uniform(0.55, 1.0)
        t = rng.uniform(0, 6.3)
        g = (math.cos(t) * gx + math.sin(t) * gy)
        g = (g - g.min()) / (g.max() - g.min() + 1e-6)
        bg *= k + (1 - k) * g
    return bg


def motion_blur(img, k, angle=0.0):
    """img smeared along a k px line turned `angle` degrees from the rows."""
    ker = np.zeros((k, k), np.float32)
    ker[k // 2, :] = 1.0 / k
    if angle:
        rot = cv2.getRotationMatrix2D(((k - 1) / 2, (k - 1) / 2), angle, 1)
        ker = cv2.warpAffine(ker, rot, (k, k))
        ker /= max(1e-6, ker.sum())
    return cv2.filter2D(img, -1, ker)


def degrade(rng, img, cap):
    """Blur, noise, contrast, JPEG, binarisation at the target scale."""
    if rng.random() < 0.5:
        sig = rng.uniform(0.3, 0.4 + 0.05 * cap)
        img = cv2.GaussianBlur(img, (0, 0), sig)
    elif rng.random() < 0.1:
        k = rng.randint(2, max(2, int(cap * 0.12)))
        img = motion_blur(img, k)
    if rng.random() < 0.6:
        nr = np.random.default_rng(rng.getrandbits(32))
        img = img + nr.normal(0, rng.uniform(2, 22), img.shape).astype(np.float32)
    if rng.random() < 0.05:
        nr = np.random.default_rng(rng.getrandbits(32))
        sp = nr.random(img.shape)
        p = rng.uniform(0.001, 0.01)
        img[sp < p] = 0
        img[sp > 1 - p] = 255
    if rng.random() < 0.3:
        g = rng.uniform(0.6, 1.6)
        img = 255.0 * (np.clip(img, 0, 255) / 255.0) ** g
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.45:
        q = rng.randint(20, 95)
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, q])
        img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    r = rng.random()
    if r < 0.2:
        _, img = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    elif r < 0.27:
        bs = max(3, int(cap * rng.uniform(1, 3)) | 1)
        img = cv2.adaptiveThreshold(img, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                    cv2.THRESH_BINARY, bs, rng.uniform(5, 20))
    elif r < 0.32:
        t, _ = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        _, img = cv2.threshold(img, t * rng.uniform(0.75, 1.2), 255, cv2.THRESH_BINARY)
    return img


def small_photo(rng, img, cap):
    """A line photographed small: blur, motion, noise and JPEG at the low
    scale, then enlarged to about varta's crop height (ocr/mrzread.c warps
    MRZ crops to 32 px characters), as the reader sees a passport that
    filled a quarter of a phone photo."""
    sig = rng.uniform(0.5, min(2.2, 0.18 * cap))   # past ~0.2 cap: unreadable
    img = cv2.GaussianBlur(img, (0, 0), sig)
    if rng.random() < 0.35:
        k = rng.randint(2, max(2, min(6, int(0.4 * cap))))
        img = motion_blur(img, k, rng.uniform(0, 180) if rng.random() < 0.4 else 0.0)
    nr = np.random.default_rng(rng.getrandbits(32))
    img = img + nr.normal(0, rng.uniform(1, 10), img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.7:
        ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(35, 90)])
        img = cv2.imdecode(enc, cv2.IMREAD_GRAYSCALE)
    up = rng.uniform(26, 38) / cap
    h, w = img.shape
    img = cv2.resize(img, (max(8, int(round(w * up))), max(8, int(round(h * up)))),
                     interpolation=rng.choice((cv2.INTER_LINEAR, cv2.INTER_CUBIC)))
    if rng.random() < 0.15:
        _, img = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return img


def render(rng, text):
    """One degraded grey (uint8) image of `text`: a quarter of the lines as
    a small photographed line enlarged (small_photo), the rest degraded at
    a cap height of 12-60 px (degrade)."""
    fname = pick_font(rng)
    small = rng.random() < 0.25
    if small:
        cap = math.exp(rng.uniform(math.log(8), math.log(16)))
    else:
        cap = math.exp(rng.uniform(math.log(12), math.log(60)))   # target cap px
    ss = rng.uniform(1.5, 3.0)
    cap_hi = max(24.0, min(100.0, cap * ss))
    m, top, bot = line_band(rng, text, fname, cap_hi)
    m = geometry(rng, m, top, bot, cap_hi)
    scale = cap / cap_hi
    w = max(8, int(round(m.shape[1] * scale)))
    h = max(8, int(round(m.shape[0] * scale)))
    interp = rng.choice((cv2.INTER_AREA, cv2.INTER_AREA, cv2.INTER_LINEAR, cv2.INTER_CUBIC))
    m = np.clip(cv2.resize(m, (w, h), interpolation=interp), 0, 1)
    bg = background(rng, h, w)
    ink = rng.uniform(0, 90) if rng.random() < 0.8 else rng.uniform(60, 130)
    ink = min(ink, float(bg.mean()) - 50)
    img = bg * (1 - m) + ink * m
    if small:
        return small_photo(rng, img, cap)
    return degrade(rng, img, cap)


def write_sample(outdir, base, img, text):
    h, w = img.shape
    cv2.imwrite(os.path.join(outdir, base + ".png"), img)
    with open(os.path.join(outdir, base + ".box"), "w") as f:
        for c in text:
            f.write("%s 0 0 %d %d 0\n" % (c, w, h))
        f.write("\t 0 0 %d %d 0\n" % (w, h))
    with open(os.path.join(outdir, base + ".gt.txt"), "w") as f:
        f.write(text + "\n")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    outdir, seed, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(outdir, exist_ok=True)
    cv2.setNumThreads(1)
    for i in range(first, first + count):
        rng = random.Random(seed * 1000003 + i)
        text = mrztext.line(rng)
        write_sample(outdir, "l%06d" % i, render(rng, text), text)


if __name__ == "__main__":
    main()
