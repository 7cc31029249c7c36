/*
 * mrzbench — warm-process driver for scripts/bench-scan: one mrz_reader,
 * centuries inferred from AS_OF (default 2024-03-01),
 * image paths on stdin (one per line), one tab-separated line per image on
 * stdout per page: path, page, milliseconds (decoding included), number of MRZs, then per MRZ its format,
 * valid flag, correction count, confidence, orientation and lines joined
 * by '|', and last the page's CPU milliseconds (decoding included).  Not
 * a unit test (the Makefile builds only tests/test_*.c);
 * scripts/bench-scan compiles it against build/lib*.a.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcntl.h>

#include "image.h"
#include "mrzread.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: mrzbench TESSDATA_DIR [AS_OF] < paths\n");
        return 64;
    }
    vdate ref = {2024, 3, 1};
    if (argc == 3 && !vdate_parse_iso(argv[2], &ref)) {
        fprintf(stderr, "mrzbench: bad date %s\n", argv[2]);
        return 64;
    }
    char err[256];
    mrz_reader *r = mrz_reader_new(argv[1], err, sizeof err);
    if (r == NULL) {
        fprintf(stderr, "mrzbench: %s\n", err);
        return 78;
    }
    char path[4096];
    while (fgets(path, sizeof path, stdin) != NULL) {
        path[strcspn(path, "\n")] = '\0';
        if (path[0] == '\0')
            continue;
        double t0 = now_ms(), c0 = cpu_ms();
        img_doc *doc = NULL;
        /* img_open takes one path component in a directory */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        const char *base = path;
        if (slash != NULL) {
            *slash = '\0';
            base = path + (slash - dir) + 1;
        } else {
            strcpy(dir, ".");
        }
        int dfd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY);
        img_status st = dfd < 0 ? IMG_ERR_OPEN : img_open(dfd, base, &doc, err, sizeof err);
        if (dfd >= 0)
            close(dfd);
        if (st != IMG_OK) {
            printf("%s\t0\t%.1f\t-1\n", path, now_ms() - t0);
            continue;
        }
        int pages = img_doc_pages(doc);
        for (int pg = 0; pg < pages; pg++) {
            PIX *pix = NULL;
            mrz_reading rd[MRZ_MAX_DOCS_PER_PAGE];
            memset(rd, 0, sizeof rd);
            int n = -1;
            if (img_doc_page_grey(doc, pg, &pix, err, sizeof err) == IMG_OK)
                n = mrz_reader_read(r, pix, ref, rd, MRZ_MAX_DOCS_PER_PAGE, err, sizeof err);
            double ms = now_ms() - t0;
            printf("%s\t%d\t%.1f\t%d", path, pg, ms, n);
            for (int i = 0; i < n; i++) {
                printf("\t%s\t%d\t%d\t%.3f\t%d\t",
                       mrz_format_name(rd[i].mrz.format) ? mrz_format_name(rd[i].mrz.format) : "-",
                       rd[i].mrz.valid, rd[i].ncorrections, rd[i].confidence, rd[i].orientation);
                for (int l = 0; l < rd[i].mrz.nlines; l++)
                    printf("%s%s", l ? "|" : "", rd[i].mrz.lines[l]);
                mrz_reading_clear(&rd[i]);
            }
            pixDestroy(&pix);
            printf("\t%.1f\n", cpu_ms() - c0);
            fflush(stdout);
            t0 = now_ms();
            c0 = cpu_ms();
        }
        img_close(doc);
    }
    mrz_reader_free(r);
    return 0;
}
