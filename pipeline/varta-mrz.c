/*
 * varta-mrz — MRZ text on stdin, one JSON line per MRZ on stdout.
 *
 * Consecutive non-blank lines form one MRZ; a blank line (or end of input)
 * ends it.  Each MRZ is written as the CONTRACT.md §3 object.  Memory is
 * bounded whatever the input: only the first MRZ_SCAN_MAX bytes of the first
 * MRZ_MAX_LINES lines of a block are kept; longer lines and extra lines are
 * counted and make that MRZ invalid.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "jsonl.h"
#include "mrz.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s [--as-of YYYY-MM-DD]\n"
            "Reads MRZ text on standard input: consecutive non-empty lines form one\n"
            "MRZ, a blank line ends it.  Writes one JSON object per MRZ on standard\n"
            "output: format, lines, valid, checks (one per check digit), fields.\n"
            "  --as-of DATE   reference date for the century of two-digit years\n"
            "                 (default: today)\n"
            "  --help         show this help\n"
            "  --version      show the version\n"
            "Exit status: 0 when the input was read (invalid MRZs included),\n"
            "64 usage error, 70 internal error (out of memory), 74 read or write error.\n",
            vt_progname());
}

/* One MRZ being read: capped copies of its first lines, true lengths. */
typedef struct block {
    char text[MRZ_MAX_LINES][MRZ_SCAN_MAX];
    size_t len[MRZ_MAX_LINES];      /* true length of each kept line */
    int nlines;                     /* true count (saturating) */
} block;

static void emit(block *b, vdate ref)
{
    if (b->nlines == 0)
        return;
    const char *lines[MRZ_MAX_LINES];
    for (int i = 0; i < MRZ_MAX_LINES; i++)
        lines[i] = b->text[i];
    mrz_result r;
    mrz_parse_spans(lines, b->len, b->nlines, ref, &r);
    json_t *o = mrz_result_to_json(&r);
    if (o == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    if (jsonl_write(stdout, o) != 0)
        vt_die(EXIT_IOERR, "error writing standard output:");
    json_decref(o);
    b->nlines = 0;
}

int main(int argc, char **argv)
{
    vt_set_progname(argv[0]);
    vdate ref = vdate_today();
    static const struct option opts[] = {
        {"as-of", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'a': ref = vt_parse_as_of(optarg); break;
        case 'h': usage(stdout); vt_close_stdout(); return EXIT_OK;
        case 'V': vt_print_version();
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        usage(stderr);
        vt_die(EXIT_USAGE, "unexpected argument '%s'", argv[optind]);
    }

    static block b;
    char line[MRZ_SCAN_MAX];
    size_t len = 0;            /* true length of the current line */
    bool blank = true, pending = false, cr = false;
    int c;
    for (;;) {
        c = getchar();
        if (c == EOF || c == '\n') {
            if (!pending && c == EOF)
                break;
            size_t n = len;
            if (cr && n > 0)    /* drop the '\r' of a CRLF line ending */
                n--;
            if (blank) {
                emit(&b, ref);
            } else {
                if (b.nlines < MRZ_MAX_LINES) {
                    size_t keep = n < MRZ_SCAN_MAX ? n : MRZ_SCAN_MAX;
                    memcpy(b.text[b.nlines], line, keep);
                    b.len[b.nlines] = n;
                }
                if (b.nlines < 1000000000)
                    b.nlines++;
            }
            len = 0;
            blank = true;
            pending = cr = false;
            if (c == EOF)
                break;
            continue;
        }
        pending = true;
        if (len < MRZ_SCAN_MAX)
            line[len] = (char)c;
        if (len < (size_t)-1)
            len++;
        cr = c == '\r';
        if (c != ' ' && c != '\t' && c != '\r')
            blank = false;
    }
    if (ferror(stdin))
        vt_die(EXIT_IOERR, "error reading standard input:");
    emit(&b, ref);
    vt_close_stdout();
    return EXIT_OK;
}
