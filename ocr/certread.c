/*
 * certread — OCR of police-clearance certificate pages (see certread.h).
 *
 * Page → grey → scaled to about 200 dpi → binarised (background-normalised
 * Otsu) → turned upright (Leptonica's text-orientation statistics, with OCR
 * confidence deciding doubtful cases) → deskewed → Tesseract (psm 6, one
 * uniform block, so that a label and its value stay on one text line) →
 * certrules for country, result and fields; QR codes through cvwrap.
 */
#include "certread.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tesseract/capi.h>

#include "certrules.h"
#include "cvwrap.h"

#define CERT_LANGS "eng+deu+pol+ukr"
#define QR_MAX 2048
#define TARGET_LONG_SIDE 2340.0     /* about 200 dpi on A4 */
#define TARGET_DPI 200

struct cert_reader {
    TessBaseAPI *api;
    const policy *pol;
};

static void set_err(char *err, size_t errsize, const char *msg)
{
    if (err && errsize) {
        snprintf(err, errsize, "%s", msg);
    }
}

cert_reader *cert_reader_new(const char *tessdata_dir, const policy *pol,
                             char *err, size_t errsize)
{
    cert_reader *r = calloc(1, sizeof *r);
    if (r == NULL) {
        set_err(err, errsize, "out of memory");
        return NULL;
    }
    r->pol = pol;
    r->api = TessBaseAPICreate();
    if (r->api == NULL) {
        set_err(err, errsize, "cannot create the Tesseract engine");
        free(r);
        return NULL;
    }
    if (TessBaseAPIInit3(r->api, tessdata_dir, CERT_LANGS) != 0) {
        set_err(err, errsize,
                "cannot load Tesseract language data eng+deu+pol+ukr "
                "(Debian packages tesseract-ocr-eng, -deu, -pol, -ukr)");
        TessBaseAPIDelete(r->api);
        free(r);
        return NULL;
    }
    TessBaseAPISetPageSegMode(r->api, PSM_SINGLE_BLOCK);
    TessBaseAPISetVariable(r->api, "debug_file", "/dev/null");
    return r;
}

void cert_reader_free(cert_reader *r)
{
    if (r == NULL)
        return;
    if (r->api) {
        TessBaseAPIEnd(r->api);
        TessBaseAPIDelete(r->api);
    }
    free(r);
}

/* Grey copy of the page scaled so that its long side is about
 * TARGET_LONG_SIDE (never enlarged beyond 1.5x). */
static PIX *prepare_grey(PIX *page)
{
    PIX *g = pixConvertTo8(page, 0);
    if (g == NULL)
        return NULL;
    l_int32 w = pixGetWidth(g), h = pixGetHeight(g);
    double longside = w > h ? w : h;
    double s = TARGET_LONG_SIDE / longside;
    if (s > 1.5)
        s = 1.5;
    if (fabs(s - 1.0) < 0.05)
        return g;
    PIX *d = s < 1.0 ? pixScaleAreaMap(g, (l_float32)s, (l_float32)s)
                     : pixScaleGrayLI(g, (l_float32)s, (l_float32)s);
    pixDestroy(&g);
    return d;
}

static PIX *binarise(PIX *grey)
{
    PIX *b = pixOtsuThreshOnBackgroundNorm(grey, NULL, 10, 15, 100, 50, 255, 2, 2, 0.1f, NULL);
    if (b == NULL)
        b = pixConvertTo1(grey, 140);
    return b;
}

/* Upright the binary page: returns a new PIX turned by *pdeg (0/90/180/270). */
static PIX *orient(PIX *bin, int *pdeg)
{
    l_float32 upconf = 0, leftconf = 0;
    l_int32 o = L_TEXT_ORIENT_UNKNOWN;
    *pdeg = 0;
    PIX *small = pixReduceRankBinary2(bin, 1, NULL);
    if (small && pixOrientDetect(small, &upconf, &leftconf, 0, 0) == 0)
        makeOrientDecision(upconf, leftconf, 0.0f, 0.0f, &o, 0);
    pixDestroy(&small);
    int quads = 0;
    switch (o) {
    case L_TEXT_ORIENT_LEFT: quads = 1; *pdeg = 90; break;
    case L_TEXT_ORIENT_DOWN: quads = 2; *pdeg = 180; break;
    case L_TEXT_ORIENT_RIGHT: quads = 3; *pdeg = 270; break;
    default: break;
    }
    return quads ? pixRotateOrth(bin, quads) : pixClone(bin);
}

/* Strip everything but letters, digits; map OCR look-alikes to digits. */
static void squash_id(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    for (; *s && o + 1 < cap; s++) {
        char c = *s;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
            out[o++] = c;
    }
    out[o] = '\0';
}

static json_t *field_or_null(const cert_field *f)
{
    return f->found ? json_string(f->value) : json_null();
}

static json_t *evidence_of(const cert_field *f)
{
    return f->found ? json_string(f->source) : json_null();
}

static const char *kind_of(const char *country)
{
    if (strcmp(country, "GBR") == 0)
        return "ACRO Police Certificate";
    if (strcmp(country, "USA") == 0)
        return "FBI Identity History Summary";
    if (strcmp(country, "DEU") == 0)
        return "Führungszeugnis";
    if (strcmp(country, "POL") == 0)
        return "Informacja z Krajowego Rejestru Karnego";
    if (strcmp(country, "UKR") == 0)
        return "Витяг з ІАС «Облік відомостей про притягнення особи до кримінальної "
               "відповідальності та наявності судимості»";
    return "police certificate";
}

/* Decode a QR code on the page; returns the "qr" object or JSON null. */
static json_t *read_qr(PIX *page, const char *number)
{
    PIX *g8 = pixConvertTo8(page, 0);
    if (g8 == NULL)
        return json_null();
    l_int32 w = pixGetWidth(g8), h = pixGetHeight(g8), wpl = pixGetWpl(g8);
    unsigned char *buf = malloc((size_t)w * (size_t)h);
    json_t *qr = json_null();
    if (buf) {
        l_uint32 *data = pixGetData(g8);
        for (l_int32 y = 0; y < h; y++) {
            l_uint32 *line = data + (size_t)y * (size_t)wpl;
            for (l_int32 x = 0; x < w; x++)
                buf[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)GET_DATA_BYTE(line, x);
        }
        char payload[QR_MAX], qerr[128];
        if (cv_qr_decode(buf, w, h, w, payload, sizeof payload, qerr, sizeof qerr) == CV_OK) {
            qr = json_object();
            json_t *p = json_string(payload);     /* NULL when not UTF-8 */
            json_object_set_new(qr, "payload", p ? p : json_string("(not UTF-8 text)"));
            if (number && number[0]) {
                char a[QR_MAX], b[CERT_VALUE_MAX];
                squash_id(payload, a, sizeof a);
                squash_id(number, b, sizeof b);
                json_object_set_new(qr, "number_matches",
                                    json_boolean(b[0] && strstr(a, b) != NULL));
            } else {
                json_object_set_new(qr, "number_matches", json_null());
            }
            json_object_set_new(qr, "verified_online", json_false());
        }
        free(buf);
    }
    pixDestroy(&g8);
    return qr;
}

json_t *cert_reader_read(cert_reader *r, PIX *page, vdate reference, double *pconfidence)
{
    (void)reference;
    if (pconfidence)
        *pconfidence = 0.0;
    if (r == NULL || page == NULL)
        return NULL;
    PIX *grey = prepare_grey(page);
    if (grey == NULL)
        return NULL;
    PIX *bin = binarise(grey);
    if (bin == NULL) {
        pixDestroy(&grey);
        return NULL;
    }
    int deg = 0;
    PIX *up = orient(bin, &deg);
    pixDestroy(&bin);
    l_float32 angle = 0, conf = 0;
    PIX *desk = up ? pixFindSkewAndDeskew(up, 2, &angle, &conf) : NULL;
    pixDestroy(&up);
    if (desk == NULL) {
        pixDestroy(&grey);
        return NULL;
    }

    TessBaseAPISetImage2(r->api, desk);
    TessBaseAPISetSourceResolution(r->api, TARGET_DPI);
    char *text = NULL;
    int mean = 0;
    if (TessBaseAPIRecognize(r->api, NULL) == 0) {
        text = TessBaseAPIGetUTF8Text(r->api);
        mean = TessBaseAPIMeanTextConf(r->api);
    }
    TessBaseAPIClear(r->api);
    pixDestroy(&desk);
    if (pconfidence)
        *pconfidence = mean > 0 ? mean / 100.0 : 0.0;
    if (text == NULL) {
        pixDestroy(&grey);
        return NULL;
    }

    const cert_phrase *phrases = NULL;
    const cert_marker *markers = NULL;
    size_t np = r->pol ? policy_cert_phrases(r->pol, &phrases) : 0;
    size_t nm = r->pol ? policy_cert_markers(r->pol, &markers) : 0;
    cert_info info;
    bool is_cert = certrules_analyse(text, strlen(text), phrases, np, markers, nm, &info);
    TessDeleteText(text);
    if (!is_cert) {
        pixDestroy(&grey);
        return NULL;
    }

    /* QR code: on the page at full resolution for the best chance. */
    json_t *qr = read_qr(page, info.number.found ? info.number.value : NULL);
    pixDestroy(&grey);

    json_t *cert = json_object();
    json_object_set_new(cert, "country", json_string(info.country));
    json_object_set_new(cert, "kind", json_string(kind_of(info.country)));
    json_t *holder = json_object();
    json_object_set_new(holder, "surname", field_or_null(&info.surname));
    json_object_set_new(holder, "given_names", field_or_null(&info.given_names));
    json_object_set_new(holder, "date_of_birth", field_or_null(&info.date_of_birth));
    json_object_set_new(cert, "holder", holder);
    json_object_set_new(cert, "number", field_or_null(&info.number));
    json_object_set_new(cert, "issued", field_or_null(&info.issued));
    json_object_set_new(cert, "result", json_string(certrules_result_name(info.result)));
    json_object_set_new(cert, "phrase", info.phrase[0] ? json_string(info.phrase) : json_null());
    json_object_set_new(cert, "qr", qr);
    json_object_set_new(cert, "authority", field_or_null(&info.authority));
    json_object_set_new(cert, "result_reason", json_string(info.reason));
    json_t *ev = json_object();
    json_object_set_new(ev, "phrase", info.phrase[0] ? json_string(info.phrase_source) : json_null());
    json_object_set_new(ev, "surname", evidence_of(&info.surname));
    json_object_set_new(ev, "given_names", evidence_of(&info.given_names));
    json_object_set_new(ev, "date_of_birth", evidence_of(&info.date_of_birth));
    json_object_set_new(ev, "number", evidence_of(&info.number));
    json_object_set_new(ev, "issued", evidence_of(&info.issued));
    json_object_set_new(ev, "authority", evidence_of(&info.authority));
    json_object_set_new(cert, "evidence", ev);
    json_object_set_new(cert, "orientation", json_integer(deg));
    return cert;
}
