/*
 * mrzread — find and read the machine readable zone(s) on a page image.
 *
 * One mrz_reader per process holds the Tesseract handle for varta's own
 * OCR-B model (ocr/tessdata/mrz.traineddata) and is reused for every page.
 * Reading locates 2- or 3-line MRZ bands in any orientation (0/90/180/270),
 * deskews, OCRs each line with per-character alternatives, and lets the
 * check digits choose among the alternatives the engine itself considered.
 * Every such choice is recorded as a correction.
 *
 * Ownership: mrz_reader_new returns a reader freed by mrz_reader_free (NULL
 * accepted).  Each mrz_reading owns its `crop`, released by
 * mrz_reading_clear.  The page PIX is only read, never kept.
 */
#ifndef VARTA_MRZREAD_H
#define VARTA_MRZREAD_H

#include <leptonica/allheaders.h>
#include <stdbool.h>

#include "mrz.h"

#define MRZ_MAX_CORRECTIONS 32
#define MRZ_MAX_DOCS_PER_PAGE 4

typedef struct mrz_reader mrz_reader;

/* One character the check digits changed: engine read `from`, chose `to`
 * (which the engine itself listed as an alternative at that position). */
typedef struct mrz_correction {
    int line;       /* 0-based */
    int col;        /* 0-based */
    char from;
    char to;
} mrz_correction;

typedef struct mrz_reading {
    mrz_result mrz;             /* parsed after correction */
    double confidence;          /* 0..1, lowest per-character confidence */
    int ncorrections;
    mrz_correction corrections[MRZ_MAX_CORRECTIONS];
    int orientation;            /* degrees the page was turned: 0/90/180/270 */
    PIX *crop;                  /* the MRZ band as read (owned) */
} mrz_reading;

/* mrz_reader_new: load the MRZ model from directory `tessdata_dir` (which
 * holds mrz.traineddata).  NULL on failure, with the reason in err. */
mrz_reader *mrz_reader_new(const char *tessdata_dir, char *err, size_t errsize);

/* mrz_reader_free: release r (NULL accepted). */
void mrz_reader_free(mrz_reader *r);

/* mrz_reader_read: find and read every MRZ on `page` (any depth; not
 * modified), up to `max` readings into out[].  Centuries are inferred
 * relative to `reference`.  Returns the number of MRZs found (0 when none),
 * or -1 on an internal error with the reason in err. */
int mrz_reader_read(mrz_reader *r, PIX *page, vdate reference,
                    mrz_reading *out, int max, char *err, size_t errsize);

/* mrz_reading_better: whether reading a should be reported rather than b
 * (two readings of one MRZ: two orientations, or a 3-line block read as
 * a 2-line MRZ).  A valid reading first; between readings that do not
 * validate, more right check digits that corrections did not buy; then
 * the higher confidence.  Reads only. */
bool mrz_reading_better(const mrz_reading *a, const mrz_reading *b);

/* mrz_reading_clear: free a reading's crop and zero it. */
void mrz_reading_clear(mrz_reading *reading);

#endif
