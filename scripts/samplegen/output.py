"""Writing pictures in the formats clerks' scanners and phones produce:
JPEG, PNG, TIFF (single and multi-page) and image-only PDF.  Output is
byte-for-byte reproducible (fixed PDF dates, no timestamps)."""

import io
import time

import numpy as np
from PIL import Image

_FIXED_TIME = time.struct_time((2024, 1, 1, 0, 0, 0, 0, 1, 0))


def to_pil(img):
    if img.ndim == 2:
        return Image.fromarray(img, "L")
    return Image.fromarray(img, "RGB")


def choose_format(rng, multi=False, compact=False):
    if multi:
        return rng.choice(["tiff", "tiff", "pdf"])
    if compact:
        return rng.choices(["jpeg", "png", "tiff", "pdf"], [8, 1, 1, 1])[0]
    return rng.choices(["jpeg", "png", "tiff", "pdf"], [62, 20, 10, 8])[0]


EXT = {"jpeg": ".jpg", "png": ".png", "tiff": ".tif", "pdf": ".pdf"}


def encode(rng, pages, fmt, dpi=300, compact=False, bilevel=False):
    """Encode a list of uint8 pictures; returns (bytes, info).  bilevel:
    every page is black and white (0/255), saved one bit per pixel (PNG,
    or TIFF with CCITT group 4 compression, as scanners write them)."""
    ims = [to_pil(p) for p in pages]
    if bilevel:
        ims = [im.convert("1") for im in ims]
    buf = io.BytesIO()
    info = {"file_format": fmt, "pages": len(ims)}
    if fmt == "jpeg":
        q = rng.randint(40, 95) if not compact else rng.randint(50, 72)
        sub = rng.choice([0, 2, 2, 2]) if not compact else 2      # 4:4:4 or 4:2:0 chroma
        ims[0].save(buf, "JPEG", quality=q, dpi=(dpi, dpi), subsampling=sub)
        info["jpeg_quality"] = q
    elif fmt == "png":
        ims[0].save(buf, "PNG", dpi=(dpi, dpi), compress_level=1 if not compact else 6)
    elif fmt == "tiff":
        comp = rng.choice(["tiff_lzw", "tiff_lzw", "tiff_deflate", "raw"]) if not compact else "tiff_deflate"
        if bilevel:
            comp = "group4"
        if comp == "raw":
            comp = None
        kw = {"compression": comp} if comp else {}
        ims[0].save(buf, "TIFF", save_all=len(ims) > 1, append_images=ims[1:], dpi=(dpi, dpi), **kw)
        info["tiff_compression"] = comp or "none"
        buf = io.BytesIO(tiff_zero_gaps(buf.getvalue()))
    elif fmt == "pdf":
        # office scanners embed JPEG pages; PIL writes each page as one image
        conv = [im if im.mode in ("L", "RGB") else im.convert("RGB") for im in ims]
        q = rng.randint(60, 90) if not compact else rng.randint(50, 70)
        conv[0].save(buf, "PDF", save_all=len(conv) > 1, append_images=conv[1:], resolution=float(dpi),
                     quality=q, creationDate=_FIXED_TIME, modDate=_FIXED_TIME,
                     producer="varta make-samples", creator="scanner")
        info["pdf_dpi"] = dpi
        info["jpeg_quality"] = q
    else:
        raise ValueError(fmt)
    return buf.getvalue(), info


_TIFF_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


def tiff_zero_gaps(data):
    """libtiff leaves the alignment byte before each directory uninitialised;
    zero every byte no tag, directory or strip covers, so that equal
    pictures give equal files."""
    if data[:4] != b"II*\x00":
        return data
    used = bytearray(len(data))

    def mark(a, n):
        used[a:a + n] = b"\x01" * max(0, min(n, len(data) - a))

    mark(0, 8)
    off = int.from_bytes(data[4:8], "little")
    seen = set()
    while 0 < off < len(data) and off not in seen:
        seen.add(off)
        n = int.from_bytes(data[off:off + 2], "little")
        mark(off, 2 + 12 * n + 4)
        tags = {}
        for i in range(n):
            e = off + 2 + 12 * i
            tag = int.from_bytes(data[e:e + 2], "little")
            typ = int.from_bytes(data[e + 2:e + 4], "little")
            cnt = int.from_bytes(data[e + 4:e + 8], "little")
            size = _TIFF_SIZES.get(typ, 1) * cnt
            if size > 4:
                voff = int.from_bytes(data[e + 8:e + 12], "little")
                mark(voff, size)
                raw = data[voff:voff + size]
            else:
                raw = data[e + 8:e + 8 + size]
            if tag in (273, 279):
                w = _TIFF_SIZES.get(typ, 4)
                tags[tag] = [int.from_bytes(raw[k:k + w], "little") for k in range(0, len(raw), w)]
        for a, b in zip(tags.get(273, []), tags.get(279, [])):
            mark(a, b)
        off = int.from_bytes(data[off + 2 + 12 * n:off + 2 + 12 * n + 4], "little")
    out = np.frombuffer(data, np.uint8).copy()
    out[np.frombuffer(bytes(used), np.uint8) == 0] = 0
    return out.tobytes()


def decode(data):
    """Decode what encode() wrote back to arrays (for line crops)."""
    im = Image.open(io.BytesIO(data))
    im.load()
    return np.asarray(im.convert("L") if im.mode == "L" else im.convert("RGB"))
