"""Scan and photo degradations with exact geometry.

degrade() takes a clean Render (300 dpi) and returns the degraded picture,
the MRZ line corners mapped through every geometric step, and a dict that
records what was done.  All randomness comes from the caller's
random.Random; numpy and OpenCV noise are seeded from it."""

import math
import random

import cv2
import numpy as np


def _H_apply(H, q):
    p = np.hstack([q, np.ones((len(q), 1))]) @ H.T
    return p[:, :2] / p[:, 2:3]


def _rot(deg, cx, cy):
    a = math.radians(deg)
    c, s = math.cos(a), math.sin(a)
    return np.array([[c, -s, cx - c * cx + s * cy], [s, c, cy - s * cx - c * cy], [0, 0, 1]])


def _T(x, y):
    return np.array([[1, 0, x], [0, 1, y], [0, 0, 1]], np.float64)


def _S(s):
    return np.array([[s, 0, 0], [0, s, 0], [0, 0, 1]], np.float64)


def _warp(src, H, size, border):
    """warpPerspective with area pre-shrinking when H minifies strongly."""
    sx = math.sqrt(abs(np.linalg.det(H[:2, :2])))
    if sx < 0.75:
        f = max(sx * 1.15, 0.05)
        small = cv2.resize(src, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        H = H @ _S(1.0 / f)
        src = small
    return cv2.warpPerspective(src, H, size, flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def _smooth_field(rng, nprng, h, w, grid, lo, hi):
    g = nprng.uniform(lo, hi, (grid, grid)).astype(np.float32)
    return cv2.resize(g, (w, h), interpolation=cv2.INTER_CUBIC)


def _noise(img, sigma, seed, half=False):
    """Add Gaussian noise of `sigma` grey levels, in one saturating pass.
    half: noise at half resolution, blown up (sensor noise after demosaicing)."""
    if sigma <= 0:
        return img
    cv2.setRNGSeed(seed)
    h, w = img.shape[:2]
    shp = ((h + 1) // 2, (w + 1) // 2) if half else (h, w)
    if img.ndim == 3:
        shp = shp + (img.shape[2],)
    n = np.empty(shp, np.uint8)
    ch = img.shape[2] if img.ndim == 3 else 1
    cv2.randn(n, (128.0,) * ch, (float(sigma),) * ch)
    if half:
        n = cv2.resize(n, (w, h), interpolation=cv2.INTER_NEAREST)
    return cv2.addWeighted(img, 1.0, n, 1.0, -128.0)


def _blur(rng, img, sigma, motion=0):
    if motion > 1:
        k = int(motion) | 1
        ker = np.zeros((k, k), np.float32)
        ang = rng.uniform(0, math.pi)
        c = k // 2
        for t in np.linspace(-c, c, 2 * k):
            ker[int(round(c + t * math.sin(ang))), int(round(c + t * math.cos(ang)))] = 1
        ker /= ker.sum()
        img = cv2.filter2D(img, -1, ker)
    if sigma > 0.15:
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    return img


def _bilevel(img, dpi, own):
    """An office scanner's black-and-white mode: one bit per pixel, either
    a threshold set between paper and ink for the whole page (Otsu's,
    moved a little either way) or a dynamic one, against the mean of the
    2.5 mm around each pixel.  Returns the 0/255 picture and the method."""
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    if own.random() < 0.5:
        level, _ = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        level = min(250.0, max(5.0, level + own.uniform(-20, 20)))
        _, out = cv2.threshold(grey, level, 255, cv2.THRESH_BINARY)
        return out, "global"
    block = int(dpi * 0.1) | 1
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY,
                                 block, own.uniform(8, 20)), "dynamic"


def _orient(img, quads_list, k):
    """Rotate the picture by k*90 degrees counter-clockwise (as a scanner
    would store a page fed sideways), mapping the MRZ corners."""
    if k == 0:
        return img, quads_list
    h, w = img.shape[:2]
    code = {1: cv2.ROTATE_90_COUNTERCLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_CLOCKWISE}[k]
    img = cv2.rotate(img, code)

    def f(q):
        x, y = q[:, 0], q[:, 1]
        if k == 1:
            return np.stack([y, w - x], 1)
        if k == 2:
            return np.stack([w - x, h - y], 1)
        return np.stack([h - y, x], 1)
    return img, [[f(q) for q in quads] for quads in quads_list]


def scan(rng, render, clean=False, compact=False, lossless=False, page=False):
    src = render.img
    h, w = src.shape[:2]
    nprng = np.random.default_rng(rng.getrandbits(63))
    if clean:
        dpi, angle, k, margin = 300, 0.0, 0, 60
    else:
        dpis = [150, 200, 200, 240, 300, 300, 300, 400, 600]
        if lossless:
            dpis = [150, 200, 200, 240, 300, 300, 300]
        if compact:
            dpis = [150, 200, 200, 240, 300] if w * h < 4e6 and not lossless else [150, 150, 200]
        if page:            # A4 sheets: offices scan them at 150-300 dpi
            dpis = [200, 200, 240] if compact else [150, 200, 200, 240, 300, 300]
        dpi = rng.choice(dpis)
        if w * h * (dpi / 300) ** 2 > 7e6:      # keep pictures under ~7 Mpx
            dpi = 300
        angle = rng.uniform(-3, 3) if rng.random() < 0.8 else rng.uniform(-0.3, 0.3)
        r = rng.random()
        k = 0 if r < 0.75 else (1 if r < 0.85 else (2 if r < 0.93 else 3))
        margin = rng.randint(20, 260)
    s = dpi / 300.0
    full_page = (not clean) and (not page) and dpi <= 200 and rng.random() < 0.35
    if page and not clean:
        margin = rng.randint(5, 60)     # an A4 sheet nearly fills the scanner bed
    if full_page:
        cw, ch = 2480, 3508
        ox = rng.randint(40, max(41, cw - w - 40))
        oy = rng.randint(40, max(41, min(ch - h - 40, 700)))
    else:
        cw, ch = w + 2 * margin + rng.randint(0, 120), h + 2 * margin + rng.randint(0, 120)
        ox, oy = margin + rng.randint(-margin // 2, margin // 2), margin + rng.randint(-margin // 2, margin // 2)
    R = _T(ox, oy) @ _rot(angle, w / 2, h / 2)
    cor = _H_apply(R, np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64))
    # the whole document stays on the scanned area
    dx, dy = max(0.0, 6 - cor[:, 0].min()), max(0.0, 6 - cor[:, 1].min())
    R = _T(dx, dy) @ R
    cw = max(cw, int(cor[:, 0].max() + dx + 6))
    ch = max(ch, int(cor[:, 1].max() + dy + 6))
    H = _S(s) @ R
    out_w, out_h = int(cw * s), int(ch * s)
    bed = 255 if clean else rng.randint(235, 255)
    img = _warp(src, H, (out_w, out_h), (bed, bed, bed))
    info = {"mode": "clean" if clean else "scan", "dpi": dpi, "skew_deg": round(angle, 3),
            "full_page": full_page}
    quads = [[_H_apply(H, q) for q in qs] for qs in render.mrzs]
    if not clean:
        # booklet edge shadow: a soft dark outline of the document
        corners = _H_apply(H, np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64))
        if rng.random() < 0.7:
            sh = np.zeros((out_h, out_w), np.uint8)
            cv2.polylines(sh, [corners.astype(np.int32)], True, 255, max(1, int(4 * s)))
            sh = cv2.GaussianBlur(sh, (0, 0), 2 * s + 0.5)
            gain = cv2.cvtColor(255 - (sh >> 1), cv2.COLOR_GRAY2RGB)
            img = cv2.multiply(img, gain, scale=1.0 / 255.0)
        photocopy = rng.random() < 0.18
        grey = photocopy or rng.random() < (0.55 if lossless else 0.35) or (compact and lossless)
        if grey:
            img = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        if rng.random() < 0.3:
            # dust and hairs on the scanner glass
            for _ in range(rng.randint(3, 25)):
                x, y = rng.randrange(out_w), rng.randrange(out_h)
                if rng.random() < 0.8:
                    cv2.circle(img, (x, y), rng.randint(1, 3), (rng.randint(30, 120),) * img.ndim if img.ndim == 3 else rng.randint(30, 120), -1)
                else:
                    pts = np.array([[x + rng.randint(-12, 12), y + rng.randint(-12, 12)] for _ in range(3)], np.int32)
                    cv2.polylines(img, [pts], False, (rng.randint(40, 120),) * 3 if img.ndim == 3 else rng.randint(40, 120), 1)
        if photocopy:
            if rng.random() < 0.3:
                x = rng.randrange(out_w)
                img[:, x:x + rng.randint(1, 4)] = (img[:, x:x + 4][:, :1] * 0.6).astype(np.uint8)
            lo, hi = rng.randint(40, 110), rng.randint(170, 225)
            img = np.clip((img.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
            # toner speckles
            nsp = int(out_w * out_h * rng.uniform(2e-5, 2e-4))
            ys = nprng.integers(0, out_h, nsp)
            xs = nprng.integers(0, out_w, nsp)
            img[ys, xs] = nprng.integers(0, 90, nsp).astype(np.uint8)
        sigma = rng.choice([0, 0, rng.uniform(0.3, 1.0), rng.uniform(0.5, 1.6)]) * max(s, 0.6)
        img = _blur(rng, img, sigma)
        nsig = rng.choice([0, rng.uniform(1, 5), rng.uniform(3, 10)])
        if lossless:        # scanners saving PNG/TIFF: little sensor noise
            nsig = min(nsig, 2.0) if rng.random() < 0.8 else nsig
            if compact:
                nsig = 0
        img = _noise(img, nsig, rng.getrandbits(31))
        # scanners saving PNG or TIFF are often set to black and white;
        # drawn from what was drawn already, so every later draw stays
        own = random.Random("bilevel %d %r %d %d %r" % (dpi, angle, k, margin, nsig))
        bilevel = None
        if lossless and own.random() < 0.3:
            img, bilevel = _bilevel(img, dpi, own)
        img, quads = _orient(img, quads, k)
        info.update({"orientation": k * 90, "grey": grey or bilevel is not None, "photocopy": photocopy,
                     "blur_sigma": round(sigma, 2), "noise_sigma": round(nsig, 2)})
        if bilevel:
            info["bilevel"] = bilevel
    else:
        info.update({"orientation": 0, "grey": False, "photocopy": False, "blur_sigma": 0,
                     "noise_sigma": 0})
    return img, quads, info


def _desk(rng, nprng, h, w, small_mask=None, shadow_off=(2, 2)):
    """Background at low resolution: wood, cloth or plain desk, with
    clutter (papers, a pen, a cup, coins, a keyboard edge)."""
    f = 8
    hs, ws = h // f + 1, w // f + 1
    y, x = np.mgrid[0:hs, 0:ws].astype(np.float32)
    kind = rng.choice(["wood", "cloth", "plain", "plain", "dark"])
    if kind == "wood":
        base = np.array([rng.randint(120, 190), rng.randint(80, 130), rng.randint(40, 80)], np.float32)
        warp = 8 * np.sin(y / rng.uniform(20, 60)) + 4 * np.sin(x / 37.0)
        grain = 0.82 + 0.18 * np.sin((x + warp) / rng.uniform(2, 6)) ** 2
        img = base * grain[..., None]
    elif kind == "cloth":
        base = np.array([rng.randint(40, 200) for _ in range(3)], np.float32)
        tex = 0.9 + 0.1 * np.sin(x * 1.7) * np.sin(y * 1.7)
        img = base * tex[..., None]
    elif kind == "dark":
        g = rng.randint(20, 70)
        img = np.full((hs, ws, 3), g, np.float32) + nprng.normal(0, 3, (hs, ws, 1)).astype(np.float32)
    else:
        c = np.array([rng.randint(150, 235)] * 3, np.float32) + np.array(
            [rng.randint(-10, 10) for _ in range(3)], np.float32)
        img = np.broadcast_to(c, (hs, ws, 3)).copy()
    img = np.clip(img, 0, 255).astype(np.uint8)
    clutter = []
    for _ in range(rng.randint(0, 4)):
        what = rng.choice(["paper", "pen", "cup", "coin", "keyboard"])
        cx, cy = rng.randint(0, ws), rng.randint(0, hs)
        if what == "paper":
            pw, ph = rng.randint(ws // 5, ws // 2), rng.randint(hs // 5, hs // 2)
            box = cv2.boxPoints(((cx, cy), (pw, ph), rng.uniform(0, 90))).astype(np.int32)
            cv2.fillPoly(img, [box], (rng.randint(225, 250),) * 3)
            for t in range(rng.randint(3, 12)):
                yy = cy - ph // 2 + 8 + t * 6
                cv2.line(img, (cx - pw // 3, yy), (cx + pw // 3, yy), (90, 90, 90), 1)
        elif what == "pen":
            L = rng.randint(ws // 8, ws // 4)
            a = rng.uniform(0, math.pi)
            p2 = (int(cx + L * math.cos(a)), int(cy + L * math.sin(a)))
            cv2.line(img, (cx, cy), p2, (rng.randint(0, 60), rng.randint(0, 60), rng.randint(60, 200)), rng.randint(1, 3))
        elif what == "cup":
            r = rng.randint(ws // 14, ws // 7)
            cv2.circle(img, (cx, cy), r, (rng.randint(180, 255),) * 3, -1)
            cv2.circle(img, (cx, cy), int(r * 0.8), (rng.randint(40, 90), rng.randint(20, 50), 10), -1)
        elif what == "coin":
            cv2.circle(img, (cx, cy), rng.randint(3, 6), (170, 150, 90), -1)
        else:
            kw, kh = rng.randint(ws // 3, ws), rng.randint(hs // 8, hs // 4)
            cv2.rectangle(img, (cx, cy), (cx + kw, cy + kh), (35, 35, 38), -1)
            for i in range(0, kw, 12):
                cv2.rectangle(img, (cx + i + 2, cy + 3), (cx + i + 10, cy + 11), (60, 60, 64), -1)
        clutter.append(what)
    if small_mask is not None:
        # the document's cast shadow on the desk
        sh = cv2.GaussianBlur(small_mask, (0, 0), 1.2)
        sh = np.roll(sh, shadow_off, (0, 1)).astype(np.float32) / 255.0
        img = (img.astype(np.float32) * (1 - 0.35 * sh[..., None])).astype(np.uint8)
    img = cv2.resize(img, (w, h), interpolation=cv2.INTER_LINEAR)
    return img, kind, clutter


def photo(rng, render, compact=False, page=False, min_scale=0.4):
    """Phone photo.  page: an A4 sheet (larger frames, filled more).
    min_scale: the smallest picture scale relative to 300 dpi kept readable
    (0.4 puts MRZ characters ~12 px apart)."""
    src = render.img
    h, w = src.shape[:2]
    nprng = np.random.default_rng(rng.getrandbits(63))
    sizes = [(1600, 1200), (2048, 1536), (2592, 1944), (3264, 2448), (1920, 1080), (4000, 3000)]
    wts = [4, 4, 3, 1, 2, 0.5]
    if compact:
        sizes, wts = [(1280, 960), (1600, 1200), (1920, 1080)], [1, 1, 1]
    if page:
        sizes, wts = [(2592, 1944), (3264, 2448), (4000, 3000)], [2, 3, 1]
        if compact:
            sizes, wts = [(2048, 1536), (2592, 1944)], [1, 1]
    ow, oh = rng.choices(sizes, wts)[0]
    if (h > w) != (oh > ow) and (page or rng.random() < 0.7):
        ow, oh = oh, ow
    # camera geometry: page tilted up to ~15 degrees, any in-plane rotation
    tilt_x = rng.uniform(-15, 15)
    tilt_y = rng.uniform(-15, 15)
    r = rng.random()
    roll = rng.uniform(-12, 12) if r < 0.7 else rng.choice([90, -90, 180]) + rng.uniform(-8, 8)
    fill = rng.uniform(0.45, 0.88) if not page else rng.uniform(0.8, 0.95)
    ax, ay = math.radians(tilt_x), math.radians(tilt_y)
    Rx = np.array([[1, 0, 0], [0, math.cos(ax), -math.sin(ax)], [0, math.sin(ax), math.cos(ax)]])
    Ry = np.array([[math.cos(ay), 0, math.sin(ay)], [0, 1, 0], [-math.sin(ay), 0, math.cos(ay)]])
    rr = math.radians(roll)
    Rz = np.array([[math.cos(rr), -math.sin(rr), 0], [math.sin(rr), math.cos(rr), 0], [0, 0, 1]])
    R = Rz @ Ry @ Rx
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float64)
    pts3 = np.hstack([corners - [w / 2, h / 2], np.zeros((4, 1))]) @ R.T
    fdist = rng.uniform(1.2, 2.2) * max(w, h)
    proj = pts3[:, :2] * (fdist / (fdist + pts3[:, 2:3]))
    span = proj.max(0) - proj.min(0)
    if 0.95 * min(ow / span[0], oh / span[1]) < min_scale:
        for cw_, ch_ in sorted(sizes + [(b, a) for a, b in sizes], key=lambda s_: s_[0] * s_[1]):
            if 0.95 * min(cw_ / span[0], ch_ / span[1]) >= min_scale:
                ow, oh = cw_, ch_
                break
    sc = fill * min(ow / span[0], oh / span[1])
    if sc < min_scale:
        # a clerk photographing a card comes closer: fill more of the frame
        sc = min(0.95 * min(ow / span[0], oh / span[1]), min_scale)
        fill = sc / min(ow / span[0], oh / span[1])
    proj = proj * sc
    c = np.array([ow / 2 + rng.uniform(-0.1, 0.1) * ow, oh / 2 + rng.uniform(-0.1, 0.1) * oh])
    proj += c - (proj.max(0) + proj.min(0)) / 2
    # keep the whole document in the frame
    lo, hi = proj.min(0), proj.max(0)
    shift = np.maximum(0, 4 - lo) - np.maximum(0, hi - (np.array([ow, oh]) - 4))
    proj += shift
    H = cv2.getPerspectiveTransform(corners.astype(np.float32), proj.astype(np.float32)).astype(np.float64)
    f = 8    # light and shadow maps are smooth: work at 1/8 resolution
    ls, hs = ow // f + 1, oh // f + 1
    small_mask = np.zeros((hs, ls), np.uint8)
    cv2.fillConvexPoly(small_mask, (proj / f).astype(np.int32), 255)
    bg, desk, clutter = _desk(rng, nprng, oh, ow, small_mask, (rng.randint(1, 3), rng.randint(1, 3)))
    img = bg
    _warp_into(src, H, img)
    quads = [[_H_apply(H, q) for q in qs] for qs in render.mrzs]
    thumb = rng.random() < 0.25 and _thumb(rng, img, proj, quads)
    info = {"mode": "photo", "size": [ow, oh], "tilt_x_deg": round(tilt_x, 2),
            "tilt_y_deg": round(tilt_y, 2), "roll_deg": round(roll, 2), "desk": desk,
            "clutter": clutter}
    light = _smooth_field(rng, nprng, hs, ls, 4, rng.uniform(0.55, 0.85), rng.uniform(0.95, 1.15))
    if rng.random() < 0.45:
        sm = np.zeros((hs, ls), np.uint8)
        pts = np.array([[rng.randint(0, ls), rng.randint(0, hs)] for _ in range(rng.randint(3, 6))], np.int32)
        cv2.fillPoly(sm, [cv2.convexHull(pts)], 255)
        sm = cv2.GaussianBlur(sm, (0, 0), rng.uniform(1.5, 6)).astype(np.float32) / 255.0
        depth = rng.uniform(0.25, 0.5)
        light = light * (1 - depth * sm)
        info["shadow"] = round(depth, 2)
    tint = np.array([rng.uniform(0.92, 1.05), rng.uniform(0.95, 1.02), rng.uniform(0.85, 1.02)], np.float32)
    gain = np.clip(light[..., None] * tint * 128.0, 0, 255).astype(np.uint8)
    gain = cv2.resize(gain, (ow, oh), interpolation=cv2.INTER_LINEAR)
    img = cv2.multiply(img, gain, scale=1.0 / 128.0)
    if rng.random() < 0.3:
        gx, gy = rng.randint(0, ls), rng.randint(0, hs)
        rad = rng.uniform(0.05, 0.15) * ls
        yy, xx = np.ogrid[0:hs, 0:ls]
        glare = np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * rad * rad))) * rng.uniform(40, 110)
        glare = cv2.resize(glare.astype(np.float32), (ow, oh), interpolation=cv2.INTER_LINEAR)
        img = cv2.add(img, cv2.cvtColor(glare.astype(np.uint8), cv2.COLOR_GRAY2RGB))
        info["glare"] = True
    sigma = rng.choice([0.4, rng.uniform(0.5, 1.4), rng.uniform(0.8, 2.2)])
    motion = rng.choice([0, 0, 0, rng.uniform(2, 6)])
    img = _blur(rng, img, sigma, motion)
    nsig = rng.uniform(2, 9)
    img = _noise(img, nsig, rng.getrandbits(31), half=True)
    info.update({"blur_sigma": round(sigma, 2), "motion_px": round(motion, 1), "noise_sigma": round(nsig, 2),
                 "thumb": bool(thumb)})
    return img, quads, info


def _thumb(rng, img, corners, quads):
    """A thumb holding the document at one of its edges, never over an MRZ.
    Returns True when one was drawn."""
    oh, ow = img.shape[:2]
    i = rng.randrange(4)
    a, b = corners[i], corners[(i + 1) % 4]
    t = rng.uniform(0.2, 0.8)
    p = a + (b - a) * t
    edge = b - a
    L = np.linalg.norm(edge)
    if L < 1:
        return False
    n = np.array([edge[1], -edge[0]]) / L          # outward for a clockwise quad
    centre = np.mean(corners, axis=0)
    if np.dot(p - centre, n) < 0:
        n = -n
    size = 0.09 * L + 0.03 * max(ow, oh)
    c = p + n * size * 0.35
    ang = math.degrees(math.atan2(n[1], n[0]))
    mask = np.zeros((oh, ow), np.uint8)
    cv2.ellipse(mask, (int(c[0]), int(c[1])), (int(size * 0.95), int(size * 0.5)), ang, 0, 360, 255, -1)
    # the thumb's hand continues out of the page
    far = c + n * size * 3
    cv2.line(mask, (int(c[0]), int(c[1])), (int(far[0]), int(far[1])), 255, int(size * 0.9))
    mrz = np.zeros((oh, ow), np.uint8)
    for qs in quads:
        for q in qs:
            cv2.fillConvexPoly(mrz, q.astype(np.int32), 255)
    mrz = cv2.dilate(mrz, np.ones((15, 15), np.uint8))
    if cv2.countNonZero(cv2.bitwise_and(mask, mrz)):
        return False
    skin = np.array(rng.choice([(224, 180, 150), (196, 146, 112), (150, 100, 72), (104, 70, 50)]), np.uint8)
    soft = cv2.GaussianBlur(mask, (0, 0), 3)
    shade = cv2.GaussianBlur(mask, (0, 0), size * 0.3)
    col = np.empty_like(img)
    col[:] = skin
    col = cv2.multiply(col, cv2.cvtColor(128 + (shade >> 2), cv2.COLOR_GRAY2RGB), scale=1 / 160.0)
    a = cv2.cvtColor(soft, cv2.COLOR_GRAY2RGB)
    img[:] = cv2.add(cv2.multiply(img, 255 - a, scale=1 / 255.0), cv2.multiply(col, a, scale=1 / 255.0))
    return True


def _warp_into(src, H, dst):
    """Warp src by H onto dst in place (pixels outside src keep dst)."""
    sx = math.sqrt(abs(np.linalg.det(H[:2, :2])))
    if sx < 0.75:
        fct = max(sx * 1.15, 0.05)
        src = cv2.resize(src, None, fx=fct, fy=fct, interpolation=cv2.INTER_AREA)
        H = H @ _S(1.0 / fct)
    cv2.warpPerspective(src, H, (dst.shape[1], dst.shape[0]), dst=dst, flags=cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_TRANSPARENT)


def degrade(rng, render, clean=False, photo_share=0.35, compact=False, lossless=False, page=False):
    """Office scan or phone photo of `render`; returns (img, mrz quads, info).
    lossless: the picture will be saved as PNG or TIFF, as scanners do (no
    phone photos, less noise)."""
    if clean:
        return scan(rng, render, clean=True)
    if not lossless and rng.random() < photo_share:
        return photo(rng, render, compact, page=page, min_scale=0.3 if page else 0.4)
    return scan(rng, render, compact=compact, lossless=lossless, page=page)


def line_crop(img, quad, pad_frac=0.35):
    """Cut one MRZ line out of a degraded picture, deskewed by its known
    corners, at its own scale, with some margin around it."""
    tl, tr, br, bl = [np.asarray(p, np.float64) for p in quad]
    wlen = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    hlen = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    pad_y = hlen * pad_frac
    pad_x = hlen * 0.8
    W = int(round(wlen + 2 * pad_x))
    Hh = int(round(hlen + 2 * pad_y))
    dst = np.array([[pad_x, pad_y], [pad_x + wlen, pad_y], [pad_x + wlen, pad_y + hlen],
                    [pad_x, pad_y + hlen]], np.float32)
    M = cv2.getPerspectiveTransform(np.array([tl, tr, br, bl], np.float32), dst)
    return cv2.warpPerspective(img, M, (W, Hh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
