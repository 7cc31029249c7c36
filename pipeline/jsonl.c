/* jsonl — JSON Lines I/O (see jsonl.h). */
#include "jsonl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Read one line into a growing buffer capped at JSONL_MAX_LINE.  Returns the
 * length, -1 at EOF with nothing read, -2 when the cap was hit (the rest of
 * the line is consumed), -3 on a read error (or no memory for the first
 * buffer). */
static long read_line(FILE *in, char **pbuf, size_t *pcap)
{
    if (*pcap == 0) {
        /* even an empty line needs room for its terminator */
        char *nb = malloc(4096);
        if (nb == NULL)
            return -3;
        *pbuf = nb;
        *pcap = 4096;
    }
    size_t len = 0;
    int too_long = 0;
    int c;
    while ((c = getc(in)) != EOF) {
        if (c == '\n')
            break;
        if (too_long)
            continue;
        if (len + 2 > *pcap) {
            size_t ncap = *pcap * 2;
            if (ncap > JSONL_MAX_LINE + 2)
                ncap = JSONL_MAX_LINE + 2;
            if (len + 2 > ncap) {
                too_long = 1;
                continue;
            }
            char *nb = realloc(*pbuf, ncap);
            if (nb == NULL) {
                too_long = 1;
                continue;
            }
            *pbuf = nb;
            *pcap = ncap;
        }
        (*pbuf)[len++] = (char)c;
    }
    if (c == EOF && ferror(in))
        return -3;
    if (c == EOF && len == 0 && !too_long)
        return -1;
    if (too_long)
        return -2;
    (*pbuf)[len] = '\0';
    return (long)len;
}

/* The next non-blank line of `in`, read into *pbuf (capacity *pcap) and
 * parsed; jsonl_read and jsonl_next differ only in whose buffer it is. */
static jsonl_status next_object(FILE *in, char **pbuf, size_t *pcap, json_t **pobj, char *err,
                                size_t errsize)
{
    *pobj = NULL;
    for (;;) {
        long n = read_line(in, pbuf, pcap);
        if (n == -1)
            return JSONL_EOF;
        if (n == -2) {
            snprintf(err, errsize, "line too long");
            return JSONL_TOO_LONG;
        }
        if (n == -3)
            return JSONL_IO;
        const char *buf = *pbuf;
        size_t i = 0;
        while (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r')
            i++;
        if (buf[i] == '\0')
            continue;
        json_error_t jerr;
        json_t *obj = json_loadb(buf, (size_t)n, JSON_REJECT_DUPLICATES, &jerr);
        if (obj == NULL) {
            snprintf(err, errsize, "bad JSON at column %d: %s", jerr.column, jerr.text);
            return JSONL_BAD_JSON;
        }
        if (!json_is_object(obj)) {
            json_decref(obj);
            snprintf(err, errsize, "record is not a JSON object");
            return JSONL_BAD_JSON;
        }
        *pobj = obj;
        return JSONL_OK;
    }
}

jsonl_status jsonl_read(FILE *in, json_t **pobj, char *err, size_t errsize)
{
    static char *buf;
    static size_t cap;
    return next_object(in, &buf, &cap, pobj, err, errsize);
}

struct jsonl_reader {
    FILE *in;
    char *buf;
    size_t cap;
    unsigned long count;
    char err[256];
};

jsonl_reader *jsonl_reader_new(FILE *in)
{
    jsonl_reader *r = calloc(1, sizeof *r);
    if (r != NULL)
        r->in = in;
    return r;
}

void jsonl_reader_free(jsonl_reader *r)
{
    if (r == NULL)
        return;
    free(r->buf);
    free(r);
}

jsonl_status jsonl_next(jsonl_reader *r, json_t **pobj)
{
    r->err[0] = '\0';
    jsonl_status st = next_object(r->in, &r->buf, &r->cap, pobj, r->err, sizeof r->err);
    if (st != JSONL_EOF)
        r->count++;
    return st;
}

unsigned long jsonl_reader_count(const jsonl_reader *r)
{
    return r->count;
}

const char *jsonl_reader_error(const jsonl_reader *r)
{
    return r->err;
}

int jsonl_write(FILE *out, const json_t *obj)
{
    if (json_dumpf(obj, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
        return -1;
    if (putc('\n', out) == EOF || fflush(out) != 0)
        return -1;
    return 0;
}
