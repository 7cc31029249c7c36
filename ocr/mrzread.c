/*
 * mrzread — find and read the MRZ(s) on a page image (see mrzread.h).
 *
 * First version: loads the model and returns no MRZ yet; location, OCR and
 * correction follow.
 */
#include "mrzread.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

struct mrz_reader {
    TessBaseAPI *api;
};

static void set_err(char *err, size_t errsize, const char *fmt, ...)
{
    if (err == NULL || errsize == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

mrz_reader *mrz_reader_new(const char *tessdata_dir, char *err, size_t errsize)
{
    mrz_reader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        set_err(err, errsize, "out of memory");
        return NULL;
    }
    r->api = TessBaseAPICreate();
    if (r->api == NULL ||
        TessBaseAPIInit3(r->api, tessdata_dir, "mrz") != 0) {
        set_err(err, errsize, "cannot load OCR model mrz.traineddata from %s",
                tessdata_dir ? tessdata_dir : "(default)");
        mrz_reader_free(r);
        return NULL;
    }
    return r;
}

void mrz_reader_free(mrz_reader *r)
{
    if (r == NULL)
        return;
    if (r->api != NULL) {
        TessBaseAPIEnd(r->api);
        TessBaseAPIDelete(r->api);
    }
    free(r);
}

int mrz_reader_read(mrz_reader *r, PIX *page, vdate reference,
                    mrz_reading *out, int max, char *err, size_t errsize)
{
    (void)reference;
    if (r == NULL || page == NULL || (out == NULL && max > 0)) {
        set_err(err, errsize, "mrz_reader_read: bad arguments");
        return -1;
    }
    return 0;
}

void mrz_reading_clear(mrz_reading *reading)
{
    if (reading == NULL)
        return;
    if (reading->crop != NULL)
        pixDestroy(&reading->crop);
    memset(reading, 0, sizeof *reading);
}
