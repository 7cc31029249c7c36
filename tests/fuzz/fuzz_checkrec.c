/* libFuzzer harness: varta-check's input path — jsonl_read over a stream
 * of lines, every record fed to checkrec (record conversion and decide()),
 * bad lines noted, report records serialised. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "checkrec.h"
#include "fuzz_shipped_policy.h"
#include "jsonl.h"
#include "policy.h"

static policy *pol;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pol = fuzz_shipped_policy("fuzz_checkrec");
    return 0;
}

static void consume(json_t *out)
{
    if (!out)
        return;
    char *s = json_dumps(out, JSON_COMPACT);
    free(s);
    json_decref(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        return 0;
    vdate as_of = {2024, 6, 15};
    checkrec_stream *s = checkrec_new(pol, as_of, (size & 1) ? "fuzz" : NULL);
    if (!s) {
        fclose(in);
        return 0;
    }
    char err[256];
    unsigned long lineno = 0;
    for (int guard = 0; guard < 100000; guard++) {
        json_t *rec = NULL;
        jsonl_status st = jsonl_read(in, &rec, err, sizeof err);
        lineno++;
        if (st == JSONL_EOF || st == JSONL_IO)
            break;
        if (st != JSONL_OK) {
            checkrec_bad_line(s, lineno, st == JSONL_TOO_LONG ? "line too long" : err);
            continue;
        }
        json_t *out = NULL;
        checkrec_feed(s, rec, lineno, &out);
        consume(out);
        /* Also the single-record converters on the same record. */
        dec_doc doc;
        checkrec_doc_from_json(rec, &doc);
        json_t *app = json_object_get(rec, "applicant");
        dec_applicant a;
        checkrec_applicant_from_json(app, json_string_value(json_object_get(rec, "applicant_error")), &a);
        json_decref(rec);
    }
    consume(checkrec_finish(s));
    checkrec_free(s);
    fclose(in);
    return 0;
}
