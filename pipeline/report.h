/*
 * report — renders a report.json object (CONTRACT.md §4, varta-report/1,
 * with varta-check's extensions) for people: report.html (one
 * self-contained page: inline CSS, evidence crops as data: URIs, printable
 * on A4) and report.txt (plain UTF-8 for terminals and e-mail).
 *
 * Every string taken from the report (OCR output above all) is escaped:
 * nothing in a document can inject markup.  Ownership: the renderers only
 * read `rep` and the crops; they write to `out` and return 0, or -1 on a
 * write error (errno set) or an out-of-memory condition.
 */
#ifndef VARTA_REPORT_H
#define VARTA_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The evidence crop of one document, already read into memory. */
typedef struct report_crop {
    const unsigned char *data;  /* NULL when the document has none */
    size_t len;
    const char *mime;           /* "image/png" or "image/jpeg"; NULL: not embeddable */
    const char *name;           /* file name of the copy in the report folder */
} report_crop;

/* report_html: write report.html for `rep`; crops[i] belongs to
 * documents[i] (ncrops may be smaller than the document count).
 * `uk`: Ukrainian text (else English). */
int report_html(FILE *out, const json_t *rep, bool uk, const report_crop *crops, size_t ncrops);

/* report_txt: write report.txt for `rep`, lines kept within 80 columns
 * where words allow. */
int report_txt(FILE *out, const json_t *rep, bool uk);

/* report_mrz_check_positions: where each check digit of an MRZ of
 * `format` sits in `lines`; fills up to `max` entries of line/col/name
 * ("document_number", "date_of_birth", ...) and returns how many. */
typedef struct report_cd_pos {
    int line;
    int col;
    const char *name;
} report_cd_pos;
int report_mrz_check_positions(const char *format, const char *const *lines, int nlines,
                               report_cd_pos *pos, int max);

/* Labels shared by both renderers. */
const char *report_check_label(const char *id, bool uk);
const char *report_status_label(const char *status, bool uk);
const char *report_decision_label(const char *decision, bool uk);

/* report_notes: the report's notes in the reader's language (notes_uk
 * when `uk` and present, else notes); borrowed from `rep`, may be NULL. */
const json_t *report_notes(const json_t *rep, bool uk);

#endif
