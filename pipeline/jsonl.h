/*
 * jsonl — JSON Lines record I/O between varta's stages (jansson underneath).
 *
 * Every stage reads and writes one JSON object per line.  Lines longer than
 * JSONL_MAX_LINE are refused (never buffered without bound).  Ownership:
 * jsonl_read and jsonl_next return a new reference the caller releases
 * with json_decref.
 */
#ifndef VARTA_JSONL_H
#define VARTA_JSONL_H

#include <jansson.h>
#include <stdio.h>

#define JSONL_MAX_LINE (16u * 1024u * 1024u)

typedef enum jsonl_status {
    JSONL_OK = 0,
    JSONL_EOF,       /* no more lines */
    JSONL_TOO_LONG,  /* line over JSONL_MAX_LINE; it was skipped */
    JSONL_BAD_JSON,  /* not a JSON object; err holds why */
    JSONL_IO,        /* read error (errno set) */
} jsonl_status;

/* jsonl_read: read the next non-blank line of `in` and parse it as a JSON
 * object into *pobj (new reference).  On JSONL_TOO_LONG or JSONL_BAD_JSON,
 * `err` (size errsize) says why.  *pobj is NULL unless JSONL_OK.  Its line
 * buffer is shared by every call (one stream at a time); a stage program
 * uses a jsonl_reader instead. */
jsonl_status jsonl_read(FILE *in, json_t **pobj, char *err, size_t errsize);

/* A stage's record reader: one input stream, its records numbered (blank
 * lines not counted, refused ones counted), and why the last one was
 * refused.  The reader owns its line buffer; it never closes the stream. */
typedef struct jsonl_reader jsonl_reader;

/* jsonl_reader_new: a reader of `in`; NULL when out of memory. */
jsonl_reader *jsonl_reader_new(FILE *in);

/* jsonl_reader_free: release the reader and its buffer (NULL is fine). */
void jsonl_reader_free(jsonl_reader *r);

/* jsonl_next: the next record of the stream.  JSONL_OK: *pobj is a new
 * reference.  JSONL_TOO_LONG, JSONL_BAD_JSON: the line was skipped and
 * jsonl_reader_error says why ("line too long", "bad JSON at column N:
 * ...").  JSONL_EOF; JSONL_IO (errno set).  *pobj is NULL unless JSONL_OK. */
jsonl_status jsonl_next(jsonl_reader *r, json_t **pobj);

/* jsonl_reader_count: the number of the record jsonl_next last returned
 * or refused (1 for the first); 0 before any. */
unsigned long jsonl_reader_count(const jsonl_reader *r);

/* jsonl_reader_error: why the last record was refused; "" otherwise.
 * Valid until the next jsonl_next. */
const char *jsonl_reader_error(const jsonl_reader *r);

/* jsonl_write: write `obj` compactly on one line and flush.  Returns 0, or
 * -1 on a write error (errno set).  Does not steal the reference. */
int jsonl_write(FILE *out, const json_t *obj);

#endif
