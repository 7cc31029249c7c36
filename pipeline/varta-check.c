/*
 * varta-check — the decision stage.  Reads the record stream (README
 * "Pipeline records": a `case` record, then that case's `document` and
 * `error` records, then its `end` record), and when the case's `end`
 * record (or else the next `case` record or the end of input) arrives,
 * evaluates the case's eight checks (validators/decide.h) and writes one
 * `report` record, flushed: the CONTRACT.md §4 report.json object with
 * "record":"report" added.  Nothing else is written for an `end` record.
 * Stateless between cases; a bad input line is a warning and a note in its
 * case, never a crash.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkrec.h"
#include "common.h"
#include "decide.h"
#include "jsonl.h"
#include "policy.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: varta-check [--as-of YYYY-MM-DD] [--policy FILE] [--case NAME] < records\n"
            "       varta-check [--policy FILE] --check-policy\n"
            "\n"
            "Reads case/document/error/end records (JSON Lines) on stdin, applies the\n"
            "policy's eight eligibility checks to each case and writes one report record\n"
            "per case, as soon as the case's end record (or the next case, or the end of\n"
            "input) arrives.\n"
            "\n"
            "  --as-of DATE     evaluate the rules on DATE (default: today)\n"
            "  --policy FILE    policy file (default: %s)\n"
            "  --case NAME      name of the case for records that come without a case\n"
            "                   record (default: the records' own case, else \"-\")\n"
            "  --check-policy   validate the policy file, print a summary, and exit\n"
            "  --help, --version\n"
            "\n"
            "Exit status: 0 ok, 64 usage, 70 internal error, 74 I/O error,\n"
            "78 bad policy (FILE:LINE: why).\n",
            vt_data_path("national-guard.policy"));
}

int main(int argc, char **argv)
{
    vt_set_progname(argv[0]);
    static const struct option opts[] = {
        {"as-of", required_argument, NULL, 'a'},
        {"policy", required_argument, NULL, 'p'},
        {"case", required_argument, NULL, 'c'},
        {"check-policy", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    vdate as_of = vdate_today();
    const char *policy_path = NULL;
    const char *case_name = NULL;
    bool check_only = false;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'a': as_of = vt_parse_as_of(optarg); break;
        case 'p': policy_path = optarg; break;
        case 'c': case_name = optarg; break;
        case 'k': check_only = true; break;
        case 'h': usage(stdout); vt_close_stdout(); return EXIT_OK;
        case 'V': vt_print_version();
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc) {
        vt_warn("unexpected argument '%s'", argv[optind]);
        usage(stderr);
        return EXIT_USAGE;
    }
    policy *pol = vt_load_policy(policy_path);
    if (check_only) {
        const visa_free_entry *vf;
        const cert_phrase *ph;
        const cert_marker *mk;
        size_t nvf = policy_visa_free_list(pol, &vf);
        size_t nph = policy_cert_phrases(pol, &ph);
        size_t nmk = policy_cert_markers(pol, &mk);
        printf("%s: ok: min_age %d, max_certificate_age %d, stay %d/%d, min_confidence %.2f, "
               "report_language %s, %zu visa-free codes, %zu certificate markers, %zu phrases\n",
               policy_path ? policy_path : vt_data_path("national-guard.policy"),
               policy_min_age(pol), policy_max_certificate_age(pol),
               policy_stay_limit_days(pol), policy_stay_window_days(pol), policy_min_confidence(pol),
               policy_report_language(pol), nvf, nmk, nph);
        policy_free(pol);
        vt_close_stdout();
        return EXIT_OK;
    }

    checkrec_stream *st = checkrec_new(pol, as_of, case_name);
    jsonl_reader *in = jsonl_reader_new(stdin);
    if (st == NULL || in == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    int status = EXIT_OK;
    for (;;) {
        json_t *rec = NULL;
        jsonl_status js = jsonl_next(in, &rec);
        if (js == JSONL_EOF)
            break;
        unsigned long recno = jsonl_reader_count(in);
        if (js == JSONL_IO) {
            vt_warn("error reading standard input:");
            status = EXIT_IOERR;
            break;
        }
        if (js != JSONL_OK) {
            vt_warn("input record %lu: %s, skipped", recno, jsonl_reader_error(in));
            checkrec_bad_line(st, recno, jsonl_reader_error(in));
            continue;
        }
        json_t *out = NULL;
        checkrec_feed(st, rec, recno, &out);
        json_decref(rec);
        if (out != NULL) {
            int w = jsonl_write(stdout, out);
            json_decref(out);
            if (w != 0)
                vt_die(EXIT_IOERR, "error writing standard output:");
        }
    }
    json_t *out = checkrec_finish(st);
    if (out != NULL) {
        if (jsonl_write(stdout, out) != 0)
            vt_die(EXIT_IOERR, "error writing standard output:");
        json_decref(out);
    }
    jsonl_reader_free(in);
    checkrec_free(st);
    policy_free(pol);
    vt_close_stdout();
    return status;
}
