/*
 * mrzglyph — fixed-pitch OCR-B cell classifier for MRZ lines.
 *
 * MRZ characters sit on a fixed pitch, so a located line can be cut into
 * exactly 30, 36 or 44 cells; each cell is compared (normalised
 * cross-correlation at small shifts) with the 37 OCR-B glyphs rendered at
 * build time from Debian's fonts-ocr-b (ocr/mrzglyphs.inc, rebuilt by
 * scripts/make-mrz-glyphs).  The scores, weighed with each cell's ink
 * height against the line's digits and capitals (OCR-B digits stand
 * taller), become per-cell alternatives in an mrz_lattice, like the OCR
 * engine's, for mrzcorrect to choose from.
 *
 * Internal to ocr/.  Caller-owned buffers only; nothing is kept.
 */
#ifndef VARTA_MRZGLYPH_H
#define VARTA_MRZGLYPH_H

#include <stdbool.h>

#include "mrzcorrect.h"

/* mrz_glyph_count: estimate how many characters the line in rows top..bot
 * of the upright grey image p (w x h, row stride `stride`, dark ink on light)
 * holds, from its ink blobs; 0 when it cannot tell. */
int mrz_glyph_count(const unsigned char *p, int w, int h, int stride, int top, int bot);

/* mrz_glyph_read_line: classify the n (1..MRZ_LATTICE_MAX) characters of
 * that line into lattice line `li` (exactly n cells).  Returns the mean
 * best-glyph correlation (0..1), or -1 when the line cannot be cut. */
double mrz_glyph_read_line(const unsigned char *p, int w, int h, int stride, int top, int bot,
                           int n, mrz_lattice *lat, int li);

/* How a line's print may be read and was read (mrz_glyph_read_line_as). */
typedef struct mrz_glyph_print {
    bool may_blur;      /* in: blurred templates may be tried where the sharp
                           ones match the first cells poorly */
    double least;       /* in: the first cells' mean correlation under which
                           the line is not read (-1 returned); 0: none */
    bool poor;          /* out: the sharp templates matched the first cells
                           poorly (blurred ones were tried, or would be) */
    bool blurred;       /* out: blurred templates read the line */
} mrz_glyph_print;

/* mrz_glyph_read_line_as: mrz_glyph_read_line with the choices in *print
 * (caller-owned; not NULL), which reports how the line was read.
 * mrz_glyph_read_line may blur and reads every line. */
double mrz_glyph_read_line_as(const unsigned char *p, int w, int h, int stride, int top, int bot,
                              int n, mrz_glyph_print *print, mrz_lattice *lat, int li);

#endif
