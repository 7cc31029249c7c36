/*
 * certbench — warm-process driver for scripts/bench-certs: one cert_reader,
 * image paths on stdin (one per line), one JSON line per image on stdout:
 * {"file", "ms", "cpu_ms", "confidence", "certificate"} (wall-clock and
 * process CPU milliseconds) (certificate null when the
 * page was not recognised).  Not a unit test (the Makefile builds only
 * tests/test_*.c); scripts/bench-certs compiles it against build/lib*.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certread.h"
#include "policy.h"

static double now_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: certbench POLICY < paths\n");
        return 64;
    }
    char err[512];
    policy *pol = policy_load(argv[1], err, sizeof err);
    if (pol == NULL) {
        fprintf(stderr, "certbench: %s\n", err);
        return 78;
    }
    cert_reader *r = cert_reader_new(NULL, pol, err, sizeof err);
    if (r == NULL) {
        fprintf(stderr, "certbench: %s\n", err);
        policy_free(pol);
        return 78;
    }
    char path[4096];
    vdate ref = vdate_today();
    while (fgets(path, sizeof path, stdin)) {
        path[strcspn(path, "\n")] = '\0';
        if (path[0] == '\0')
            continue;
        PIX *pix = pixRead(path);
        if (pix == NULL) {
            printf("{\"file\": \"%s\", \"error\": \"cannot read\"}\n", path);
            continue;
        }
        double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
        double conf = 0;
        json_t *cert = cert_reader_read(r, pix, ref, &conf);
        double ms = now_ms(CLOCK_MONOTONIC) - t0;
        double cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
        json_t *line = json_object();
        json_object_set_new(line, "file", json_string(path));
        json_object_set_new(line, "ms", json_real(ms));
        json_object_set_new(line, "cpu_ms", json_real(cpu));
        json_object_set_new(line, "confidence", json_real(conf));
        json_object_set_new(line, "certificate", cert ? cert : json_null());
        char *s = json_dumps(line, JSON_COMPACT | JSON_ENSURE_ASCII);
        if (s) {
            puts(s);
            free(s);
        }
        fflush(stdout);
        json_decref(line);
        pixDestroy(&pix);
    }
    cert_reader_free(r);
    policy_free(pol);
    return 0;
}
