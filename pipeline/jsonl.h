/*
 * jsonl — JSON Lines record I/O between varta's stages (jansson underneath).
 *
 * Every stage reads and writes one JSON object per line.  Lines longer than
 * JSONL_MAX_LINE are refused (never buffered without bound).  Ownership:
 * jsonl_read returns a new reference the caller releases with json_decref.
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
 * object into *pobj (new reference).  On JSONL_BAD_JSON, `err` (size
 * errsize) says why.  *pobj is NULL unless JSONL_OK. */
jsonl_status jsonl_read(FILE *in, json_t **pobj, char *err, size_t errsize);

/* jsonl_write: write `obj` compactly on one line and flush.  Returns 0, or
 * -1 on a write error (errno set).  Does not steal the reference. */
int jsonl_write(FILE *out, const json_t *obj);

#endif
