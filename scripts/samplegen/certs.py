"""Police-clearance certificate samples: pages from certificates.py
(render_certificate), degraded like scans and photos, with truth."""

import datetime
import os
import random
import sys

import numpy as np

from . import degrade, documents, output
from .docsgen import REF, write_json
from .people import make_person

try:
    from .certificates import render_certificate
except ImportError:          # the certificate renderer is optional
    render_certificate = None

COUNTRIES = ["GBR", "USA", "DEU", "POL", "UKR"]
NAT_FOR = {"GBR": "GBR", "USA": "USA", "DEU": "D", "POL": "POL"}


def available():
    return render_certificate is not None


def warn_missing():
    print("make-samples: scripts/samplegen/certificates.py is not present: certificates skipped",
          file=sys.stderr)


def cert_person(person):
    """The holder as a certificate prints it: native spelling, ISO birth date."""
    return {"surname": person["surname"], "given_names": " ".join(person["given"]),
            "date_of_birth": person["dob"].isoformat()}


def render(rng, country, has_record, person, issued, clean=False, compact=False, photo_share=0.25):
    """One degraded certificate: (bytes, ext, truth-without-file)."""
    page, ctruth = render_certificate(rng, country, has_record, cert_person(person), issued.isoformat())
    arr = np.asarray(page.convert("RGB"))
    img, _, info = degrade.degrade(rng, documents.Render(arr, []), clean=clean, photo_share=photo_share,
                                   compact=compact, page=True)
    fmt = rng.choices(["jpeg", "png", "pdf", "tiff"], [7, 1, 2, 1] if not compact else [1, 0, 0, 0])[0]
    if fmt == "png" and img.ndim == 3 and info.get("mode") != "clean":
        fmt = "jpeg"          # colour PNG scans of A4 are huge; offices send JPEG
    data, finfo = output.encode(rng, [img], fmt, dpi=info.get("dpi", 200), compact=compact)
    info.update({k: v for k, v in finfo.items() if k not in ("pages", "file_format")})
    return data, output.EXT[fmt], {"kind": "certs", "file_format": fmt, "certificate": ctruth,
                                   "degradations": info}


def write_many(seed, n, outdir, clean=False, compact=False, quiet=False):
    """N certificates in outdir: NNNN.<ext> and NNNN.truth.json, rotating over
    the five countries with and without a record."""
    if not available():
        warn_missing()
        return 0
    os.makedirs(outdir, exist_ok=True)
    for i in range(n):
        rng = random.Random("%s/certs/%d" % (seed, i))
        country = COUNTRIES[i % 5]
        has_record = (i // 5) % 2 == 1
        nat = NAT_FOR.get(country) or rng.choice(["IND", "NGA", "GEO", "USA", "GBR", "POL", "D", "UKR"])
        person = make_person(rng, nat, REF)
        issued = REF - datetime.timedelta(days=rng.randint(0, 400))
        data, ext, truth = render(rng, country, has_record, person, issued, clean, compact)
        name = "%04d" % (i + 1)
        with open(os.path.join(outdir, name + ext), "wb") as f:
            f.write(data)
        write_json(os.path.join(outdir, name + ".truth.json"), dict({"file": name + ext}, **truth))
    return n
