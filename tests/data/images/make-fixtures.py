#!/usr/bin/python3
"""Regenerate the small image fixtures used by tests/test_image.c.

Run from this folder: ./make-fixtures.py.  The files are committed; this
script only documents how they were made.  Large hostile inputs
(decompression bombs) are built by the tests themselves at run time."""
from PIL import Image, ImageDraw

def page(size, mode, text, fill):
    im = Image.new(mode, size, fill)
    ImageDraw.Draw(im).text((4, 4), text, fill=0 if mode in ("L", "1") else (0, 0, 0))
    return im

rgb = page((64, 48), "RGB", "PNG", (200, 30, 30))
rgb.save("valid.png")
page((64, 48), "RGB", "JPG", (30, 200, 30)).save("valid.jpg", quality=85)
page((40, 30), "L", "T", 200).save("valid.tif", compression="tiff_deflate")
pages = [page((40, 30), "L", "1", 200), page((50, 20), "L", "2", 120),
         page((33, 33), "1", "3", 1)]
pages[0].save("multi.tif", save_all=True, append_images=pages[1:],
              compression="tiff_deflate")
# RGBA PNG with a palette-free alpha channel, and a 1-bit PNG
Image.new("RGBA", (20, 10), (0, 0, 255, 128)).save("alpha.png")
Image.new("1", (20, 10), 1).save("bilevel.png")
# image-only PDF, two pages (PIL embeds each page as one image)
pdfpages = [page((200, 280), "L", "PDF 1", 230), page((280, 200), "L", "PDF 2", 230)]
pdfpages[0].save("two-pages.pdf", save_all=True, append_images=pdfpages[1:], resolution=72)

for src, dst in (("valid.png", "truncated.png"), ("valid.jpg", "truncated.jpg")):
    d = open(src, "rb").read()
    open(dst, "wb").write(d[: len(d) // 2])
open("zero.png", "wb").close()
open("text.png", "w").write("This is not an image, whatever its name says.\n")
# a GIF: an image format varta does not accept
Image.new("P", (8, 8), 0).save("other.gif")
# a PDF with more pages than varta reads, and one whose page is 200 inches wide
tiny = [Image.new("L", (8, 8), 255) for _ in range(21)]
tiny[0].save("21-pages.pdf", save_all=True, append_images=tiny[1:], resolution=72)
Image.new("L", (200, 200), 255).save("huge-page.pdf", resolution=1)
# a TIFF with more pages than varta reads
many = [Image.new("1", (4, 4), i % 2) for i in range(25)]
many[0].save("25-pages.tif", save_all=True, append_images=many[1:], compression="group4")
# cmyk.jpg, a CMYK JPEG (40 x 30, a black bar on red; libjpeg cannot
# decode it as grey) was written with libjpeg (JCS_CMYK input); with PIL:
#   Image.new("CMYK", (40, 30), (0, 200, 200, 0)).save("cmyk.jpg", quality=85)
