/*
 * checkrec — varta-check's record handling: groups the input records by
 * case, converts them into validators/decide.h values, runs decide() and
 * builds the `report` record (CONTRACT.md §4 report.json plus
 * "record":"report" and extensions: reason_uk, basis_uk, notes, notes_uk,
 * errors, files, skipped).
 *
 * Ownership: checkrec_new returns a stream freed by checkrec_free (NULL
 * accepted); it keeps `pol`, which must outlive it.  Records given to
 * checkrec_feed are only read (the caller keeps its reference); every
 * returned json_t is a new reference the caller releases.
 */
#ifndef VARTA_CHECKREC_H
#define VARTA_CHECKREC_H

#include <jansson.h>

#include "decide.h"
#include "policy.h"
#include "vdate.h"

typedef struct checkrec_stream checkrec_stream;

/* checkrec_new: a stream evaluating on `as_of`.  `implicit_case` names the
 * case of records that arrive without a case record (NULL: the records'
 * own "case", else "-").  NULL when out of memory. */
checkrec_stream *checkrec_new(const policy *pol, vdate as_of, const char *implicit_case);

/* checkrec_free: release s (NULL accepted). */
void checkrec_free(checkrec_stream *s);

/* checkrec_feed: take one input record.  When it completes the previous
 * case (a new `case` record, a record of another case, or an optional
 * {"record":"end","case":NAME} marker), *pout receives that case's report
 * record; otherwise NULL. */
void checkrec_feed(checkrec_stream *s, const json_t *rec, unsigned long lineno, json_t **pout);

/* checkrec_bad_line: an input line that was not a record; noted in the
 * current (or next) case's report. */
void checkrec_bad_line(checkrec_stream *s, unsigned long lineno, const char *why);

/* checkrec_finish: end of input; returns the last case's report record,
 * or NULL when no case is open. */
json_t *checkrec_finish(checkrec_stream *s);

/* checkrec_doc_from_json: convert one `document` record (the CONTRACT §3
 * object) into *pd.  Missing or mistyped fields become absent/unreadable,
 * never an error. */
void checkrec_doc_from_json(const json_t *rec, dec_doc *pd);

/* checkrec_applicant_from_json: convert the case record's `applicant`
 * object (or NULL) and `applicant_error` (or NULL) into *pa. */
void checkrec_applicant_from_json(const json_t *applicant, const char *applicant_error, dec_applicant *pa);

#endif
