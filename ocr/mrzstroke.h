/*
 * mrzstroke — the strokes that tell two OCR-B glyphs apart.
 *
 * Some glyph pairs are one glyph plus a stroke or two: F and E, O and Q,
 * U and 0.  Whole-glyph correlation weighs a faint bar or arc the same
 * either way, so when such a pair correlates about as well in a cell, the
 * pixels of the distinguishing strokes decide.  Used by mrzglyph.
 *
 * Internal to ocr/.  Keeps, for the life of the process, a model of each
 * template pair at each offset it has met and each template dilated (one
 * reader per process, one thread); borrows every buffer it is given.
 */
#ifndef VARTA_MRZSTROKE_H
#define VARTA_MRZSTROKE_H

/* The most templates mrz_stroke_decides takes. */
#define MRZ_STROKE_MAX_GLYPHS 40

/* A glyph template: w x h ink values (0..255, ink bright), rows `stride`
 * apart. */
typedef struct mrz_template {
    const unsigned char *px;
    int w, h, stride;
} mrz_template;

/* mrz_stroke_decides: of a cell's best-correlating template and its two
 * nearest rivals (scores sc[0..nt), within 0.12 of the best), the one
 * whose distinguishing strokes the band's pixels settle, or -1 when they
 * do not.  A rival wins when its own strokes are there (at least a third
 * of the way from what blur spreads there from the choice to what the
 * rival's strokes would give, and more than four times the paper's
 * standard deviation), or when the choice's own strokes are missing (a
 * tenth of the way or less).  The second rival counts too: a 0 whose top
 * arc has faded correlates best with U, then O, and only then 0.
 * band: the line band, ink bright, w x h, row stride w; t[0..nt): the
 * templates (nt <= MRZ_STROKE_MAX_GLYPHS, the same table at every call);
 * x0[g], y0[g]: template g's best top-left in the band. */
int mrz_stroke_decides(const unsigned char *band, int w, int h, const mrz_template *t, int nt,
                       const double *sc, const int *x0, const int *y0);

#endif
