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


def encode(rng, pages, fmt, dpi=300, compact=False):
    """Encode a list of uint8 pictures; returns (bytes, info)."""
    ims = [to_pil(p) for p in pages]
    buf = io.BytesIO()
    info = {"file_format": fmt, "pages": len(ims)}
    if fmt == "jpeg":
        q = rng.randint(40, 95) if not compact else rng.randint(50, 72)
        ims[0].save(buf, "JPEG", quality=q, dpi=(dpi, dpi))
        info["jpeg_quality"] = q
    elif fmt == "png":
        ims[0].save(buf, "PNG", dpi=(dpi, dpi), compress_level=1 if not compact else 6)
    elif fmt == "tiff":
        comp = rng.choice(["tiff_lzw", "tiff_lzw", "tiff_deflate", "raw"]) if not compact else "tiff_deflate"
        if comp == "raw":
            comp = None
        kw = {"compression": comp} if comp else {}
        ims[0].save(buf, "TIFF", save_all=len(ims) > 1, append_images=ims[1:], dpi=(dpi, dpi), **kw)
        info["tiff_compression"] = comp or "none"
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


def decode(data):
    """Decode what encode() wrote back to arrays (for line crops)."""
    im = Image.open(io.BytesIO(data))
    im.load()
    return np.asarray(im.convert("L") if im.mode == "L" else im.convert("RGB"))
