/*
 * certread — OCR of police-clearance certificate pages (see certread.h).
 *
 * Page → grey → a phone photo's sheet (cvwrap's page quad: bright, A4
 * shaped, sides that are real paper edges, found as a bright region or as
 * four straight edges) warped upright to A4 at 200 dpi with its light
 * evened out, its margin whitened and binarised with one threshold (Otsu's,
 * or lower halfway between ink and paper on a blurred photo); a scan
 * cropped to the sheet, scaled to about 200 dpi and binarised
 * (background-normalised Otsu) → turned upright (Leptonica's ascender/descender statistics; when
 * they are unsure, as on Cyrillic pages, each way up is tried until the
 * header names a country) → deskewed → table rules removed (on a photo,
 * not where blurred letters run together into a long stroke) → Tesseract in
 * two passes, psm 6 (one uniform block, so that a label and its value stay
 * on one text line): the header (top ~20-40%) in Latin and Cyrillic tells
 * the country (failing that, in Latin alone), the rest is read in that
 * country's language alone (faster
 * and more accurate than all four at once) → certrules for country, result
 * and fields → the holder-name lines re-read alone (on Ukrainian extracts
 * by the Ukrainian and a Latin engine, each name word's script decided;
 * elsewhere a name is never left in Cyrillic), and the lines of a birth or
 * issue date that did not read as a date (each change listed in
 * evidence.corrections) → on Ukrainian extracts
 * the QR code through cvwrap.
 *
 * Engines: one Tesseract handle per language set (eng+ukr, eng, deu+eng,
 * pol+eng, ukr+eng, eng+pol+deu), each started on first use and reused for
 * every page.
 */
#include "certread.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tesseract/capi.h>

#include "certrules.h"
#include "cvwrap.h"

#define QR_MAX 2048
#define TARGET_LONG_SIDE 2340.0     /* about 200 dpi on A4 */
#define TARGET_DPI 200
#define TEXT_MAX (64 * 1024)
#define PHOTO_FLATTEN 31            /* background window on warped photos, px */
#define QUAD_SIDE 2400.0            /* the page quad is found on a copy this big */

/* Engines, each loaded once (lazily but the first) and reused: the header
 * pass reads Latin and Cyrillic; the body pass uses the issuing country's
 * language alone, which is both faster and more accurate. */
enum { ENG_HEADER, ENG_ENG, ENG_DEU, ENG_POL, ENG_UKR, ENG_NAMES, ENG_POL_ALONE, ENG_COUNT };
static const char *const engine_langs[ENG_COUNT] = {"eng+ukr", "eng",         "deu+eng", "pol+eng",
                                                    "ukr+eng", "eng+pol+deu", "pol"};

struct cert_reader {
    TessBaseAPI *api[ENG_COUNT];
    bool failed[ENG_COUNT];
    char *tessdata;             /* NULL = Tesseract's default */
    const policy *pol;
};

static void set_err(char *err, size_t errsize, const char *msg)
{
    if (err && errsize) {
        snprintf(err, errsize, "%s", msg);
    }
}

static TessBaseAPI *engine_start(const char *tessdata, const char *langs)
{
    TessBaseAPI *api = TessBaseAPICreate();
    if (api == NULL)
        return NULL;
    if (TessBaseAPIInit3(api, tessdata, langs) != 0) {
        TessBaseAPIDelete(api);
        return NULL;
    }
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK);
    TessBaseAPISetVariable(api, "debug_file", "/dev/null");
    /* no second look at each line as white on black: faster, and
     * certificates are printed dark on light */
    TessBaseAPISetVariable(api, "tessedit_do_invert", "0");
    return api;
}

/* The engine for `which`, started on first use; the header engine when
 * that language is not installed. */
static TessBaseAPI *engine(cert_reader *r, int which)
{
    if (r->api[which] == NULL && !r->failed[which]) {
        r->api[which] = engine_start(r->tessdata, engine_langs[which]);
        r->failed[which] = r->api[which] == NULL;
    }
    return r->api[which] ? r->api[which] : r->api[ENG_HEADER];
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
    if (tessdata_dir && (r->tessdata = strdup(tessdata_dir)) == NULL) {
        set_err(err, errsize, "out of memory");
        free(r);
        return NULL;
    }
    r->api[ENG_HEADER] = engine_start(r->tessdata, engine_langs[ENG_HEADER]);
    if (r->api[ENG_HEADER] == NULL) {
        set_err(err, errsize,
                "cannot load Tesseract language data eng+ukr "
                "(Debian packages tesseract-ocr-eng, -deu, -pol, -ukr)");
        free(r->tessdata);
        free(r);
        return NULL;
    }
    return r;
}

static bool language_listed(char **available, const char *lang, size_t len)
{
    for (int i = 0; available && available[i]; i++)
        if (strlen(available[i]) == len && strncmp(available[i], lang, len) == 0)
            return true;
    return false;
}

/* Is the word lang[0..len) in the space-separated `list`? */
static bool word_in(const char *list, const char *lang, size_t len)
{
    for (const char *w = list; *w; w += strspn(w, " ")) {
        size_t wl = strcspn(w, " ");
        if (wl == len && strncmp(w, lang, len) == 0)
            return true;
        w += wl;
    }
    return false;
}

int cert_reader_missing_languages(cert_reader *r, char *missing, size_t size)
{
    char **available = TessBaseAPIGetAvailableLanguagesAsVector(r->api[ENG_HEADER]);
    char list[128] = "";
    int n = 0;
    for (int e = 0; e < ENG_COUNT; e++) {
        for (const char *l = engine_langs[e]; *l;) {
            size_t len = strcspn(l, "+");
            if (!language_listed(available, l, len) && !word_in(list, l, len)) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s%.*s", used ? " " : "", (int)len, l);
                n++;
            }
            l += len + (l[len] == '+');
        }
    }
    TessDeleteTextArray(available);
    if (size)
        snprintf(missing, size, "%s", list);
    return n;
}

void cert_reader_free(cert_reader *r)
{
    if (r == NULL)
        return;
    for (int i = 0; i < ENG_COUNT; i++) {
        if (r->api[i]) {
            TessBaseAPIEnd(r->api[i]);
            TessBaseAPIDelete(r->api[i]);
        }
    }
    free(r->tessdata);
    free(r);
}

/* A photographed page lies on a desk: find the sheet (the largest bright
 * region, on a thumbnail) and return the grey image cropped to it, or a
 * clone when the sheet fills the picture (a scan). */
static PIX *crop_to_sheet(PIX *g)
{
    l_int32 w = pixGetWidth(g), h = pixGetHeight(g);
    double s = 400.0 / (w > h ? w : h);
    PIX *small = s < 1.0 ? pixScaleAreaMap(g, (l_float32)s, (l_float32)s) : pixClone(g);
    PIX *th = NULL, *dark = NULL;
    if (small == NULL ||
        pixOtsuAdaptiveThreshold(small, pixGetWidth(small), pixGetHeight(small), 0, 0, 0.0f,
                                 &th, &dark) != 0 || dark == NULL) {
        pixDestroy(&small);
        pixDestroy(&th);
        return pixClone(g);
    }
    /* paper = not dark; close over the print, open away thin bright bits */
    PIX *paper = pixInvert(NULL, dark);
    PIX *solid = paper ? pixCloseBrick(NULL, paper, 9, 9) : NULL;
    if (solid)
        pixOpenBrick(solid, solid, 9, 9);
    BOXA *boxes = solid ? pixConnCompBB(solid, 4) : NULL;
    PIX *out = NULL;
    l_int32 bestarea = 0, bx = 0, by = 0, bw = 0, bh = 0;
    for (l_int32 i = 0; boxes && i < boxaGetCount(boxes); i++) {
        l_int32 x, y, ww, hh;
        if (boxaGetBoxGeometry(boxes, i, &x, &y, &ww, &hh) == 0 && ww * hh > bestarea) {
            bestarea = ww * hh;
            bx = x;
            by = y;
            bw = ww;
            bh = hh;
        }
    }
    l_int32 sw = pixGetWidth(small), sh = pixGetHeight(small);
    double frac = (double)bestarea / ((double)sw * sh);
    /* a sheet clearly inside the picture, and big enough to be a page */
    if (frac > 0.25 && frac < 0.85) {
        double inv = 1.0 / s;
        l_int32 x0 = (l_int32)(bx * inv), y0 = (l_int32)(by * inv);
        l_int32 x1 = (l_int32)((bx + bw) * inv), y1 = (l_int32)((by + bh) * inv);
        BOX *box = boxCreate(x0, y0, x1 - x0, y1 - y0);
        out = box ? pixClipRectangle(g, box, NULL) : NULL;
        boxDestroy(&box);
    }
    boxaDestroy(&boxes);
    pixDestroy(&solid);
    pixDestroy(&paper);
    pixDestroy(&dark);
    pixDestroy(&th);
    pixDestroy(&small);
    return out ? out : pixClone(g);
}

/* Is the quad q[8] (found in a w x h picture) a sheet on a scanner bed:
 * turned less than 5 degrees and with no perspective (opposite sides
 * parallel within 1 degree and equal within 1.5%)?  A quad with a corner
 * on the picture's edge is the sheet cut off by the scanner's frame: its
 * shape says nothing about perspective, so turned little is enough.  Such a
 * page, with a margin of scanner bed around it, stays on the scan path
 * (crop and deskew), as flatbed scans always did; a photograph seen that
 * squarely reads as well that way. */
static bool squarely_scanned(const float q[8], double w, double h)
{
    double len[4], ang[4], maxdev = 0;
    for (int i = 0; i < 4; i++) {
        double dx = q[2 * ((i + 1) % 4)] - q[2 * i], dy = q[2 * ((i + 1) % 4) + 1] - q[2 * i + 1];
        len[i] = hypot(dx, dy);
        ang[i] = atan2(dy, dx) * 180.0 / M_PI;
        double a = fabs(ang[i]);                            /* 0..180 */
        double dev = fmin(fmin(a, fabs(a - 90.0)), fabs(a - 180.0));
        maxdev = fmax(maxdev, dev);
    }
    if (maxdev >= 5.0)
        return false;
    for (int i = 0; i < 4; i++) {
        double x = q[2 * i], y = q[2 * i + 1];
        if (x <= 2.0 || y <= 2.0 || x >= w - 3.0 || y >= h - 3.0)
            return true;
    }
    for (int i = 0; i < 2; i++) {
        /* opposite sides run in opposite directions round the quad */
        double d = fabs(fmod(fabs(ang[i] - ang[i + 2]), 360.0) - 180.0);
        if (d > 1.0)
            return false;
        if (fabs(len[i] - len[i + 2]) / fmax(fmax(len[i], len[i + 2]), 1.0) > 0.015)
            return false;
    }
    return true;
}

/* A photographed sheet: when cvwrap finds a convincing page quadrilateral
 * (the bright sheet against the desk), the sheet warped to an upright A4 at
 * about 200 dpi (portrait or landscape as it lies; orientation detection
 * turns it later) with its light evened out (each pixel divided by the
 * local background, so a shadow across the page does not swallow the
 * print).  NULL when there is no such quad: a scan is left as it is. */
/* The grey levels of an 8 bpp pix packed row after row (caller frees);
 * NULL when out of memory. */
static unsigned char *packed_grey(PIX *g)
{
    l_int32 w = pixGetWidth(g), h = pixGetHeight(g), wpl = pixGetWpl(g);
    unsigned char *buf = malloc((size_t)w * (size_t)h);
    if (buf == NULL)
        return NULL;
    l_uint32 *data = pixGetData(g);
    for (l_int32 y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * (size_t)wpl;
        for (l_int32 x = 0; x < w; x++)
            buf[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)GET_DATA_BYTE(line, x);
    }
    return buf;
}

/* cv_page_quad on an 8 bpp pix; the corners scaled by `back`. */
static bool page_quad_of(PIX *g, double back, float q[8])
{
    unsigned char *buf = g && pixGetDepth(g) == 8 ? packed_grey(g) : NULL;
    if (buf == NULL)
        return false;
    char cerr[128];
    bool found = cv_page_quad(buf, pixGetWidth(g), pixGetHeight(g), pixGetWidth(g), q, cerr,
                              sizeof cerr) == CV_OK;
    free(buf);
    for (int i = 0; found && i < 8; i++)
        q[i] = (float)(q[i] * back);
    return found;
}

static PIX *warp_sheet(PIX *page, PIX *g)
{
    l_int32 w = pixGetWidth(g), h = pixGetHeight(g);
    if (pixGetDepth(g) != 8 || w < 200 || h < 200)
        return NULL;
    /* the sheet is found on a copy of at most QUAD_SIDE px a side (the
     * finder works at 600 px): little memory even on a huge picture */
    double s = QUAD_SIDE / (double)(w > h ? w : h);
    if (s > 1.0)
        s = 1.0;
    float q[8] = {0};
    PIX *tg = s < 1.0 ? pixScaleAreaMap(g, (l_float32)s, (l_float32)s) : pixClone(g);
    double back = tg ? (double)w / pixGetWidth(tg) : 1.0;
    bool found = tg && page_quad_of(tg, back, q);
    pixDestroy(&tg);
    /* Not found in grey: looked for again in the sheet's whiteness, the
     * least of the three colour channels, where white paper stays bright
     * and a coloured desk or cloth as light as the paper in grey does not. */
    if (!found && pixGetDepth(page) == 32 && pixGetWidth(page) == w && pixGetHeight(page) == h) {
        PIX *tp = s < 1.0 ? pixScaleAreaMap(page, (l_float32)s, (l_float32)s) : pixClone(page);
        PIX *white = tp ? pixGetRGBComponent(tp, COLOR_RED) : NULL;
        PIX *gc = tp ? pixGetRGBComponent(tp, COLOR_GREEN) : NULL;
        PIX *bc = tp ? pixGetRGBComponent(tp, COLOR_BLUE) : NULL;
        if (white && gc && bc) {
            pixMinOrMax(white, white, gc, L_CHOOSE_MIN);
            pixMinOrMax(white, white, bc, L_CHOOSE_MIN);
            found = page_quad_of(white, (double)w / pixGetWidth(white), q);
        }
        pixDestroy(&gc);
        pixDestroy(&bc);
        pixDestroy(&white);
        pixDestroy(&tp);
    }
    char cerr[128];
    PIX *out = NULL;
    unsigned char *buf = NULL;
    bool square = found && squarely_scanned(q, w, h);
#ifdef CERTREAD_DEBUG
    if (getenv("CERT_DEBUG"))
        fprintf(stderr, "QUAD found %d square %d  %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f in %dx%d\n",
                (int)found, (int)square, q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7], w, h);
#endif
    if (square)
        found = false;
    if (found)
        buf = packed_grey(g);
    if (buf) {
        double top = hypot(q[2] - q[0], q[3] - q[1]), bottom = hypot(q[4] - q[6], q[5] - q[7]);
        double left = hypot(q[6] - q[0], q[7] - q[1]), right = hypot(q[4] - q[2], q[5] - q[3]);
        bool landscape = top + bottom > left + right;
        int ow = landscape ? (int)TARGET_LONG_SIDE : (int)(TARGET_LONG_SIDE / M_SQRT2);
        int oh = landscape ? (int)(TARGET_LONG_SIDE / M_SQRT2) : (int)TARGET_LONG_SIDE;
        PIX *d = pixCreate(ow, oh, 8);
        unsigned char *o = d ? malloc((size_t)ow * (size_t)oh) : NULL;
        if (o && cv_warp_quad(buf, w, h, w, q, NULL, o, ow, oh, ow, PHOTO_FLATTEN, cerr, sizeof cerr) ==
                     CV_OK) {
            l_uint32 *dd = pixGetData(d);
            l_int32 dwpl = pixGetWpl(d);
            for (l_int32 y = 0; y < oh; y++) {
                l_uint32 *line = dd + (size_t)y * (size_t)dwpl;
                for (l_int32 x = 0; x < ow; x++)
                    SET_DATA_BYTE(line, x, o[(size_t)y * (size_t)ow + (size_t)x]);
            }
            pixSetResolution(d, TARGET_DPI, TARGET_DPI);
            out = d;
            d = NULL;
        }
        free(o);
        pixDestroy(&d);
    }
    free(buf);
    return out;
}

/* Grey copy of the page -- a photographed sheet warped upright (warp_sheet),
 * otherwise cropped to the sheet -- scaled so that its long side is about
 * TARGET_LONG_SIDE (never enlarged beyond 1.5x).  *pphoto tells which. */
static PIX *prepare_grey(PIX *page, bool *pphoto)
{
    PIX *g0 = pixConvertTo8(page, 0);
    *pphoto = false;
    if (g0 == NULL)
        return NULL;
    PIX *g = warp_sheet(page, g0);
    if (g) {
        pixDestroy(&g0);
        *pphoto = true;
        return g;
    }
    g = crop_to_sheet(g0);
    pixDestroy(&g0);
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

/* The grey level below which `share` of the pixels of an 8 bpp pix lie. */
static int grey_percentile(PIX *grey, double share)
{
    NUMA *hist = pixGetGrayHistogram(grey, 1);
    l_int32 n = hist ? numaGetCount(hist) : 0;
    double total = 0, seen = 0;
    for (l_int32 i = 0; i < n; i++) {
        l_float32 v = 0;
        numaGetFValue(hist, i, &v);
        total += v;
    }
    int level = 255;
    for (l_int32 i = 0; i < n; i++) {
        l_float32 v = 0;
        numaGetFValue(hist, i, &v);
        seen += v;
        if (seen >= share * total) {
            level = i;
            break;
        }
    }
    numaDestroy(&hist);
    return level;
}

/* A warped photo is already evened out (background 255) but soft: one
 * threshold for the whole sheet keeps the faint strokes that the tile-wise
 * scan thresholds break up.  The threshold is Otsu's, or -- when lower --
 * halfway between the ink (the darkest 1% of the sheet) and the paper (its
 * median): on a blurred photo Otsu's threshold, pulled up by the grey fringe
 * of every stroke, fattens the letters until they run together.  A margin
 * of PHOTO_MARGIN of the sheet is first whitened in `grey` itself: it holds
 * slivers of desk left by the warp, never print. */
#define PHOTO_MARGIN 0.02
static PIX *binarise_photo(PIX *grey)
{
    l_int32 w = pixGetWidth(grey), h = pixGetHeight(grey);
    l_int32 mx = (l_int32)(w * PHOTO_MARGIN), my = (l_int32)(h * PHOTO_MARGIN);
    pixSetBorderVal(grey, mx, mx, my, my, 255);
    l_int32 otsu = 0;
    if (pixSplitDistributionFgBg(grey, 0.0f, 1, &otsu, NULL, NULL, NULL) != 0)
        otsu = 160;
    int ink = grey_percentile(grey, 0.01), paper = grey_percentile(grey, 0.5);
    int thresh = otsu;
    if (paper - ink >= 40 && (ink + paper) / 2 < thresh)
        thresh = (ink + paper) / 2;
    return pixThresholdToBinary(grey, thresh + 1);
}

static PIX *binarise(PIX *grey, bool photo)
{
    PIX *b = photo ? binarise_photo(grey) : NULL;
    if (b == NULL)
        b = pixOtsuThreshOnBackgroundNorm(grey, NULL, 10, 15, 100, 50, 255, 2, 2, 0.1f, NULL);
    if (b == NULL)
        b = pixConvertTo1(grey, 140);
    return b;
}

/* Share of the columns x0..x0+w-1 of binary b with ink at row y (0 when
 * the row is off the page). */
static double ink_share_in_row(PIX *b, l_int32 x0, l_int32 w, l_int32 y)
{
    if (y < 0 || y >= pixGetHeight(b) || w <= 0)
        return 0.0;
    l_int32 n = 0;
    for (l_int32 x = x0; x < x0 + w; x++) {
        l_uint32 v = 0;
        pixGetPixel(b, x, y, &v);
        n += v != 0;
    }
    return (double)n / w;
}

/* Clear from the horizontal rule mask `m` (found in binary b) its pieces
 * that run through print: letters of a blurred photo run together into
 * long runs of ink too, but those are thicker than a rule (RULE_THICK px,
 * the mask being thickened by 3) or have ink just above or just below
 * along most of their length, where a rule has paper or a few letters. */
#define RULE_THICK 7
static void spare_runs_in_print(PIX *m, PIX *b)
{
    BOXA *boxes = pixConnCompBB(m, 8);
    for (l_int32 i = 0; boxes && i < boxaGetCount(boxes); i++) {
        BOX *box = boxaGetBox(boxes, i, L_CLONE);
        l_int32 x, y, w, h;
        if (box && boxGetGeometry(box, &x, &y, &w, &h) == 0 &&
            (h > RULE_THICK || ink_share_in_row(b, x, w, y - 3) > 0.6 ||
             ink_share_in_row(b, x, w, y + h + 2) > 0.6))
            pixClearInRect(m, box);
        boxDestroy(&box);
    }
    boxaDestroy(&boxes);
}

/* Remove from binary b the dashes of a faint rule (which a photo's
 * threshold breaks up): flat pieces (at most 4 px high, 5 px or more wide)
 * that follow one another closely (gaps under 25 px) along 10 mm or more.
 * Letters are taller; a lone hyphen has no such neighbours. */
static void remove_dashed_rules(PIX *b, int len)
{
    PIX *flat = pixSelectBySize(b, 5, 0, 8, L_SELECT_WIDTH, L_SELECT_IF_GTE, NULL);
    PIX *low = flat ? pixSelectBySize(flat, 0, 4, 8, L_SELECT_HEIGHT, L_SELECT_IF_LTE, NULL)
                    : NULL;
    PIX *bridged = low ? pixCloseBrick(NULL, low, 25, 1) : NULL;
    PIX *runs = bridged ? pixOpenBrick(NULL, bridged, len, 1) : NULL;
    if (runs) {
        pixAnd(runs, runs, low);
        pixDilateBrick(runs, runs, 3, 3);
        pixSubtract(b, b, runs);
    }
    pixDestroy(&flat);
    pixDestroy(&low);
    pixDestroy(&bridged);
    pixDestroy(&runs);
}

/* Remove table rules from the deskewed binary page: a straight line of
 * 10 mm or more is no letter, and rules touching a label or value spoil its
 * OCR.  On a photo, such runs through print are letters run together and
 * stay (spare_runs_in_print), and faint rules broken into dashes go too
 * (remove_dashed_rules). */
static void remove_rules(PIX *b, bool photo)
{
    int len = TARGET_DPI * 10 / 25;
    /* thicken across the rule first: a thin rule turned by deskewing is a
     * staircase with no single row of its full length */
    PIX *ht = pixDilateBrick(NULL, b, 1, 3);
    PIX *vt = pixDilateBrick(NULL, b, 3, 1);
    PIX *h = ht ? pixOpenBrick(NULL, ht, len, 1) : NULL;
    PIX *v = vt ? pixOpenBrick(NULL, vt, 1, len) : NULL;
    if (h && photo)
        spare_runs_in_print(h, b);
    if (h && v) {
        pixOr(h, h, v);
        pixDilateBrick(h, h, 3, 3);
        pixSubtract(b, b, h);
    }
    pixDestroy(&ht);
    pixDestroy(&vt);
    pixDestroy(&h);
    pixDestroy(&v);
    if (photo)
        remove_dashed_rules(b, len);
}

/* Which way up is the binary page: quarter turns (clockwise) that make it
 * upright.  Leptonica's ascender/descender statistics decide; when they are
 * not conclusive (Cyrillic has few ascenders and descenders) *pweak is set
 * and the stronger signal is only a guess, to be checked by OCR. */
static int orientation_guess(PIX *bin, bool *pweak)
{
    l_float32 up = 0, left = 0;
    l_int32 o = L_TEXT_ORIENT_UNKNOWN;
    *pweak = true;
    if (pixOrientDetect(bin, &up, &left, 0, 0) == 0) {
        makeOrientDecision(up, left, 0.0f, 0.0f, &o, 0);
        if (o != L_TEXT_ORIENT_UNKNOWN) {
            *pweak = false;
        } else if (fabsf(up) >= fabsf(left) && fabsf(up) >= 2.0f) {
            o = up > 0 ? L_TEXT_ORIENT_UP : L_TEXT_ORIENT_DOWN;
        } else if (fabsf(left) > fabsf(up) && fabsf(left) >= 2.0f) {
            o = left > 0 ? L_TEXT_ORIENT_LEFT : L_TEXT_ORIENT_RIGHT;
        }
    }
    switch (o) {
    case L_TEXT_ORIENT_LEFT: return 1;
    case L_TEXT_ORIENT_DOWN: return 2;
    case L_TEXT_ORIENT_RIGHT: return 3;
    default: return 0;
    }
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

/* Is id b (squashed) in payload a (squashed)?  Exactly, or -- as the
 * printed number is read by OCR and the QR payload is not -- within one
 * edit for ids of 8-9 characters and two for longer ones (approximate
 * substring match). */
static bool id_in(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (nb == 0 || nb > 64)
        return false;
    if (strstr(a, b) != NULL)
        return true;
    int k = nb >= 10 ? 2 : (nb >= 8 ? 1 : 0);
    if (k == 0)
        return false;
    int d[65];
    for (size_t i = 0; i <= nb; i++)
        d[i] = (int)i;
    for (size_t j = 0; j < na; j++) {
        int diag = d[0];
        d[0] = 0;
        for (size_t i = 1; i <= nb; i++) {
            int up = d[i];
            int c = diag + (a[j] == b[i - 1] ? 0 : 1);
            if (up + 1 < c)
                c = up + 1;
            if (d[i - 1] + 1 < c)
                c = d[i - 1] + 1;
            diag = up;
            d[i] = c;
        }
        if (d[nb] <= k)
            return true;
    }
    return false;
}

/* A JSON string, or null for NULL or text that is not UTF-8. */
static json_t *jstr(const char *s)
{
    json_t *v = s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static json_t *field_or_null(const cert_field *f)
{
    return f->found ? jstr(f->value) : json_null();
}

static json_t *evidence_of(const cert_field *f)
{
    return f->found ? jstr(f->source) : json_null();
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
        if (cv_qr_decode_wechat(buf, w, h, w, payload, sizeof payload, qerr, sizeof qerr) == CV_OK) {
            qr = json_object();
            json_t *p = json_string(payload);     /* NULL when not UTF-8 */
            json_object_set_new(qr, "payload", p ? p : json_string("(not UTF-8 text)"));
            if (number && number[0]) {
                char a[QR_MAX], b[CERT_VALUE_MAX];
                squash_id(payload, a, sizeof a);
                squash_id(number, b, sizeof b);
                json_object_set_new(qr, "number_matches", json_boolean(id_in(a, b)));
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

static double elapsed_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A text line of the body pass: where it lies on the upright page, and how
 * sure the engine was. */
#define LINES_MAX 160
#define REREAD_BELOW 95.0f          /* name lines below this confidence are re-read */
typedef struct text_line {
    int x0, y0, x1, y1;
    float conf;
    char text[CERT_SOURCE_MAX];
} text_line;

typedef struct line_set {
    text_line line[LINES_MAX];
    int n;
} line_set;

/* Record the recognised lines of the last Recognize (offset by y0). */
static void collect_lines(TessBaseAPI *api, int y0, line_set *ls)
{
    TessResultIterator *it = TessBaseAPIGetIterator(api);
    if (it == NULL)
        return;
    TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
    do {
        if (ls->n >= LINES_MAX)
            break;
        int l, t, r, b;
        char *txt = TessResultIteratorGetUTF8Text(it, RIL_TEXTLINE);
        if (txt && TessPageIteratorBoundingBox(pit, RIL_TEXTLINE, &l, &t, &r, &b)) {
            text_line *tl = &ls->line[ls->n++];
            tl->x0 = l;
            tl->x1 = r;
            tl->y0 = t + y0;
            tl->y1 = b + y0;
            tl->conf = TessResultIteratorConfidence(it, RIL_TEXTLINE);
            snprintf(tl->text, sizeof tl->text, "%s", txt);
            tl->text[strcspn(tl->text, "\n")] = '\0';
        }
        if (txt)
            TessDeleteText(txt);
    } while (TessResultIteratorNext(it, RIL_TEXTLINE));
    TessResultIteratorDelete(it);
}

/* OCR rows [y0, y1) of the binary page with `api`; appends the text to buf
 * (cap TEXT_MAX) and, when ls is not NULL, its lines to ls.  Returns the
 * mean word confidence (0..100) or -1. */
static int ocr_rows(TessBaseAPI *api, PIX *bin, int y0, int y1, char *buf, size_t *plen,
                    line_set *ls)
{
    int w = pixGetWidth(bin);
    if (y1 - y0 < 8)
        return -1;
    /* A cropped copy: Tesseract's SetRectangle misreads 1 bpp images. */
    BOX *box = boxCreate(0, y0, w, y1 - y0);
    PIX *part = box ? pixClipRectangle(bin, box, NULL) : NULL;
    boxDestroy(&box);
    if (part == NULL)
        return -1;
    TessBaseAPISetImage2(api, part);
    TessBaseAPISetSourceResolution(api, TARGET_DPI);
    int mean = -1;
    if (TessBaseAPIRecognize(api, NULL) == 0) {
        char *t = TessBaseAPIGetUTF8Text(api);
        if (t) {
            size_t n = strlen(t);
            if (*plen + n + 2 > TEXT_MAX)
                n = TEXT_MAX - *plen - 2;
            memcpy(buf + *plen, t, n);
            *plen += n;
            buf[(*plen)++] = '\n';
            buf[*plen] = '\0';
            TessDeleteText(t);
        }
        mean = TessBaseAPIMeanTextConf(api);
        if (ls)
            collect_lines(api, y0, ls);
    }
    TessBaseAPIClear(api);
    pixDestroy(&part);
    return mean;
}

/* Ink in the top 18% of a page under this many page widths: no header
 * there (a line of print holds several widths' worth). */
#define HEADER_EMPTY_INK 0.5

/* Ink in the 5 rows around row y of the row counts `rows`. */
static l_float32 window_ink(NUMA *rows, int y)
{
    l_float32 v = 0, x;
    for (int k = -2; k <= 2; k++)
        if (numaGetFValue(rows, y + k, &x) == 0)
            v += x;
    return v;
}

/* A row between text lines from 18% of the page down: the header region
 * above it (authority, title) is read first to tell the country.  Counted
 * from the first line of print when the page above 18% holds next to no
 * ink (a phone photo with a wide margin of desk or background above the
 * paper), or that region would be empty. */
static int header_cut(PIX *bin)
{
    int h = pixGetHeight(bin), w = pixGetWidth(bin);
    NUMA *rows = pixCountPixelsByRow(bin, NULL);
    int best = h / 4;
    if (rows == NULL)
        return best;
    /* the first row of print: a 5-row window with ink over 1% of the width */
    int top = 0;
    l_float32 above = 0, x;
    while (top < h && window_ink(rows, top) <= 5 * w / 100.0f)
        top++;
    if (top == h)
        top = 0;
    for (int y = 0; y < (int)(h * 0.18); y++)
        if (numaGetFValue(rows, y, &x) == 0)
            above += x;
    int from = above < HEADER_EMPTY_INK * w ? top : 0;
    int lo = from + (int)(h * 0.18), hi = from + (int)(h * 0.40);
    if (hi > h - 3)
        hi = h - 3;
    if (lo > hi)
        lo = hi;
    l_float32 bestv = 1e30f;
    for (int y = lo; y < hi; y++) {
        /* ink in a 5-row window: a gap between lines has none */
        l_float32 v = window_ink(rows, y);
        /* prefer gaps nearer the top when equal */
        if (v < bestv) {
            bestv = v;
            best = y;
        }
        if (v == 0)
            break;
    }
    numaDestroy(&rows);
    return best;
}

static int engine_for(const char *country)
{
    if (strcmp(country, "GBR") == 0 || strcmp(country, "USA") == 0)
        return ENG_ENG;
    if (strcmp(country, "DEU") == 0)
        return ENG_DEU;
    if (strcmp(country, "POL") == 0)
        return ENG_POL;
    if (strcmp(country, "UKR") == 0)
        return ENG_UKR;         /* Cyrillic text, Latin names */
    return ENG_HEADER;
}

/* Leptonica's deskew leaves a page as it is when the skew found is under
 * this many degrees or its confidence under this (pixDeskewGeneral). */
#define DESKEW_MIN_ANGLE 0.1f
#define DESKEW_MIN_CONF 3.0f

/* The binary page turned by `quads` quarter turns, deskewed, rules
 * removed (as on a photo when `photo`); NULL on failure.  *pskew gets the
 * angle (degrees) it was turned by to deskew it, 0 when it was not. */
static PIX *upright(PIX *bin, int quads, bool photo, float *pskew, PIX **prules)
{
    PIX *up = quads ? pixRotateOrth(bin, quads) : pixClone(bin);
    l_float32 angle = 0, conf = 0;
    PIX *desk = up ? pixFindSkewAndDeskew(up, 2, &angle, &conf) : NULL;
    pixDestroy(&up);
    *pskew = fabsf(angle) < DESKEW_MIN_ANGLE || conf < DESKEW_MIN_CONF ? 0.0f : angle;
    PIX *before = desk ? pixCopy(NULL, desk) : NULL;
    if (desk)
        remove_rules(desk, photo);
    if (before)
        pixSubtract(before, before, desk);
    *prules = before;
    return desk;
}

/* The grey page turned and deskewed as upright() turned its binary copy
 * (quarter turns `quads`, then `skew` degrees), so that a line's box on
 * the one is its box on the other (caller frees; NULL on failure). */
static PIX *upright_grey(PIX *grey, int quads, float skew, PIX *rules)
{
    PIX *up = quads ? pixRotateOrth(grey, quads) : pixCopy(NULL, grey);
    PIX *d = up && skew != 0.0f ? pixRotate(up, (l_float32)(skew * M_PI / 180.0),
                                            L_ROTATE_SHEAR, L_BRING_IN_WHITE, 0, 0)
                                : up;
    if (d != up)
        pixDestroy(&up);
    /* the table rules removed from the binary page whitened, with the grey
     * fringe a blurred rule has */
    PIX *wide = d && rules ? pixDilateBrick(NULL, rules, 5, 5) : NULL;
    if (wide && pixGetWidth(wide) == pixGetWidth(d) && pixGetHeight(wide) == pixGetHeight(d))
        pixPaintThroughMask(d, wide, 0, 0, 255);
    pixDestroy(&wide);
    return d;
}

/* Has the UTF-8 string letters outside Latin (Cyrillic look-alikes)? */
static bool has_non_latin(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xD0 && *p <= 0xD4)     /* lead bytes of Cyrillic and Greek-ish blocks */
            return true;
    return false;
}

/* The flat ink of a grey line crop `part` (8 bpp, changed in place) whose
 * line box spans rows [top, bottom), its binary copy `bin`: each blob whose
 * mean thickness (ink over length) is at most a fifth of the line's height
 * and a third of its length, centred outside the middle half of the box --
 * a table rule along the cell, whole or in the dashes a blurred photo
 * breaks it into, read as letters ("SMITH PADUA") -- is whitened with a
 * 2-pixel fringe (its own pixels, not its box: a slanted rule's box holds
 * letters).  A name's hyphen sits in the middle of the box and stays. */
static void whiten_flat_pieces(PIX *part, PIX *bin, int top, int bottom)
{
    int line_h = bottom - top;
    PIXA *blobs = NULL;
    BOXA *boxes = pixConnComp(bin, &blobs, 8);
    l_int32 n = boxes && blobs ? boxaGetCount(boxes) : 0;
    PIX *mask = n > 0 ? pixCreateTemplate(bin) : NULL;
    for (l_int32 i = 0; mask && i < n; i++) {
        l_int32 bx, by, bw, bh, ink = 0;
        if (boxaGetBoxGeometry(boxes, i, &bx, &by, &bw, &bh) != 0)
            continue;
        PIX *blob = pixaGetPix(blobs, i, L_CLONE);
        if (blob)
            pixCountPixels(blob, &ink, NULL);
        float thick = bw > 0 ? (float)ink / (float)bw : 0.0f;
        int centre = by + bh / 2;
        bool flat = thick * 3.0f <= (float)bw && thick <= (float)(line_h / 5 + 1);
        bool off_middle = centre < top + line_h / 4 || centre >= bottom - line_h / 4;
        if (blob && flat && off_middle)
            pixRasterop(mask, bx, by, bw, bh, PIX_SRC | PIX_DST, blob, 0, 0);
        pixDestroy(&blob);
    }
    PIX *wide = mask ? pixDilateBrick(NULL, mask, 5, 5) : NULL;
    if (wide)
        pixPaintThroughMask(part, wide, 0, 0, 255);
    pixDestroy(&wide);
    pixDestroy(&mask);
    boxaDestroy(&boxes);
    pixaDestroy(&blobs);
}

/* The right end of the letters in a line crop's binary copy `bin` whose
 * line box spans rows [top, bottom): the rightmost blob at least a third
 * of the line's height high and no taller than the box (a table's upright
 * rule is), plus a line's height; the crop's width when there is
 * none. */
static int letters_right_end(PIX *bin, int top, int bottom)
{
    int line_h = bottom - top, w = pixGetWidth(bin), right = -1;
    BOXA *blobs = pixConnComp(bin, NULL, 8);
    l_int32 n = blobs ? boxaGetCount(blobs) : 0;
    for (l_int32 i = 0; i < n; i++) {
        l_int32 bx, by, bw, bh;
        if (boxaGetBoxGeometry(blobs, i, &bx, &by, &bw, &bh) == 0 && bh * 3 >= line_h &&
            bh <= line_h + 2 && bx + bw > right)
            right = bx + bw;
    }
    boxaDestroy(&blobs);
    return right < 0 || right + line_h >= w ? w : right + line_h;
}

/* A grey line crop `part` whose line box spans rows [top, bottom),
 * cleaned of what is no text (thresholded a third of the way from paper to
 * ink, so that a rule's faint pieces count): a table rule's dashes whitened
 * (whiten_flat_pieces) and the crop cut off a line's height after its
 * last letter (marks right of the cell are read as
 * letters: "MAŁGORZATA RO A").  Returns a new pix (caller frees), or a
 * clone of part when nothing is cut. */
static PIX *clean_grey_crop(PIX *part, int top, int bottom)
{
    int ink = grey_percentile(part, 0.01), paper = grey_percentile(part, 0.5);
    if (bottom - top < 8 || paper - ink < 40)
        return pixClone(part);
    PIX *bin = pixThresholdToBinary(part, (ink + 2 * paper) / 3 + 1);
    if (bin == NULL)
        return pixClone(part);
    whiten_flat_pieces(part, bin, top, bottom);
    int right = letters_right_end(bin, top, bottom);
    pixDestroy(&bin);
    if (right >= pixGetWidth(part))
        return pixClone(part);
    BOX *keep = boxCreate(0, 0, right, pixGetHeight(part));
    PIX *cut = keep ? pixClipRectangle(part, keep, NULL) : NULL;
    boxDestroy(&keep);
    return cut ? cut : pixClone(part);
}

/* One text line's box of the upright page, padded, as grey at twice the
 * resolution (the engine sees cleaner strokes); NULL when too small.  From
 * the grey page (upright_grey) the rows above and below the box are
 * whitened, the crop cleaned of table rules and cut after its last letter
 * (clean_grey_crop), and the strokes sharpened (unsharp mask) against a
 * blurred photo's soft edges; from the binary page the crop is smoothed to
 * grey. */
static PIX *line_crop(PIX *desk, const text_line *tl)
{
    int w = pixGetWidth(desk), h = pixGetHeight(desk);
    int pad = (tl->y1 - tl->y0) / 3 + 4;
    int x0 = tl->x0 - pad, y0 = tl->y0 - pad, x1 = tl->x1 + pad, y1 = tl->y1 + pad;
    x0 = x0 < 0 ? 0 : x0;
    y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > w ? w : x1;
    y1 = y1 > h ? h : y1;
    if (x1 - x0 < 8 || y1 - y0 < 8)
        return NULL;
    BOX *box = boxCreate(x0, y0, x1 - x0, y1 - y0);
    PIX *part = box ? pixClipRectangle(desk, box, NULL) : NULL;
    boxDestroy(&box);
    if (part && pixGetDepth(part) == 8) {
        /* rows above and below the line's own box whitened: the rules of
         * a table, which the binary page has lost or had removed */
        int keep = 3;
        int top = tl->y0 - keep - y0, bottom = y1 - (tl->y1 + keep);
        BOX *above = top > 0 ? boxCreate(0, 0, x1 - x0, top) : NULL;
        BOX *below = bottom > 0 ? boxCreate(0, (y1 - y0) - bottom, x1 - x0, bottom) : NULL;
        if (above)
            pixSetInRectArbitrary(part, above, 255);
        if (below)
            pixSetInRectArbitrary(part, below, 255);
        boxDestroy(&above);
        boxDestroy(&below);
        PIX *clean = clean_grey_crop(part, tl->y0 - y0, tl->y1 - y0);
        pixDestroy(&part);
        part = clean;
        PIX *g2 = part ? pixScaleGrayLI(part, 2.0f, 2.0f) : NULL;
        PIX *sharp = g2 ? pixUnsharpMaskingGray(g2, 6, 1.0f) : NULL;
        pixDestroy(&part);
        pixDestroy(&g2);
#ifdef CERTREAD_DEBUG
        if (getenv("CERT_DEBUG_CROP") && sharp) {
            static int ncrop;
            char fn[512];
            snprintf(fn, sizeof fn, "%s-%03d.png", getenv("CERT_DEBUG_CROP"), ncrop++);
            pixWrite(fn, sharp, IFF_PNG);
        }
#endif
        return sharp;
    }
    PIX *big = part ? pixScaleToGray2(part) : NULL;
    PIX *big2 = big ? pixScaleGrayLI(big, 4.0f, 4.0f) : NULL;
    pixDestroy(&part);
    pixDestroy(&big);
    return big2;
}

/* A word of a single-line reading: its place on the line crop. */
#define LINE_WORDS_MAX 24
typedef struct line_word {
    int x0, x1;
    float conf;
    char text[64];
} line_word;

/* Read `crop` with `api` as a single line: the text (no newline) into out,
 * and, when words is not NULL, up to LINE_WORDS_MAX words into words
 * (*pn of them).  Returns the engine's confidence or -1. */
static float read_crop_line(TessBaseAPI *api, PIX *crop, char *out, size_t cap,
                            line_word *words, int *pn)
{
    float conf = -1;
    out[0] = '\0';
    if (pn)
        *pn = 0;
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
    TessBaseAPISetImage2(api, crop);
    TessBaseAPISetSourceResolution(api, TARGET_DPI * 2);
    if (TessBaseAPIRecognize(api, NULL) == 0) {
        char *t = TessBaseAPIGetUTF8Text(api);
        if (t) {
            snprintf(out, cap, "%s", t);
            out[strcspn(out, "\n")] = '\0';
            TessDeleteText(t);
            conf = (float)TessBaseAPIMeanTextConf(api);
        }
        TessResultIterator *it = words ? TessBaseAPIGetIterator(api) : NULL;
        TessPageIterator *pit = it ? TessResultIteratorGetPageIterator(it) : NULL;
        while (pit && *pn < LINE_WORDS_MAX) {
            int l, tp, r, b;
            char *wt = TessResultIteratorGetUTF8Text(it, RIL_WORD);
            if (wt && TessPageIteratorBoundingBox(pit, RIL_WORD, &l, &tp, &r, &b)) {
                line_word *lw = &words[(*pn)++];
                lw->x0 = l;
                lw->x1 = r;
                lw->conf = TessResultIteratorConfidence(it, RIL_WORD);
                snprintf(lw->text, sizeof lw->text, "%s", wt);
            }
            if (wt)
                TessDeleteText(wt);
            if (!TessResultIteratorNext(it, RIL_WORD))
                break;
        }
        if (it)
            TessResultIteratorDelete(it);
    }
    TessBaseAPIClear(api);
    TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK);
    return conf;
}

/* Decode the UTF-8 string s into at most cap code points; returns the
 * count, or cap + 1 when s holds more (or invalid UTF-8). */
static size_t utf8_points(const char *s, unsigned *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; n++) {
        unsigned c = *p++;
        int more = c < 0x80 ? 0 : (c >> 5) == 6 ? 1 : (c >> 4) == 14 ? 2 : (c >> 3) == 30 ? 3 : -1;
        if (more < 0 || n >= cap)
            return cap + 1;
        c &= more ? 0x3Fu >> more : 0x7Fu;
        for (int k = 0; k < more; k++) {
            if ((*p & 0xC0) != 0x80)
                return cap + 1;
            c = (c << 6) | (*p++ & 0x3Fu);
        }
        out[n] = c;
    }
    return n;
}

/* Is cp a letter of Polish names (Ą Ć Ę Ł Ń Ó Ś Ź Ż) or of German ones
 * (Ä Ö Ü ß) that the body engine `which` has no glyph for?  Such a letter
 * the body pass can only have read as something else. */
static const unsigned polish_letters[] = {0x104, 0x105, 0x106, 0x107, 0x118, 0x119,
                                          0x141, 0x142, 0x143, 0x144, 0xD3,  0xF3,
                                          0x15A, 0x15B, 0x179, 0x17A, 0x17B, 0x17C};
static const unsigned german_letters[] = {0xC4, 0xE4, 0xD6, 0xF6, 0xDC, 0xFC, 0xDF, 0x1E9E};

static bool listed(unsigned cp, const unsigned *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cp == list[i])
            return true;
    return false;
}

static bool engine_lacks(int which, unsigned cp)
{
    bool has_polish = which == ENG_POL || which == ENG_NAMES;
    bool has_german = which == ENG_DEU || which == ENG_NAMES;
    return (!has_polish && listed(cp, polish_letters, sizeof polish_letters / sizeof *polish_letters)) ||
           (!has_german && listed(cp, german_letters, sizeof german_letters / sizeof *german_letters));
}

/* Does `second` differ from `first` (same length in code points) in at
 * least one place, and only where allowed(was, now, which) holds for the
 * two letters there? */
static bool differs_only_where(const char *first, const char *second,
                               bool (*allowed)(unsigned was, unsigned now, int which), int which)
{
    unsigned a[CERT_VALUE_MAX], b[CERT_VALUE_MAX];
    size_t na = utf8_points(first, a, CERT_VALUE_MAX), nb = utf8_points(second, b, CERT_VALUE_MAX);
    if (na != nb || na > CERT_VALUE_MAX)
        return false;
    int places = 0;
    for (size_t i = 0; i < na; i++) {
        if (a[i] == b[i])
            continue;
        if (!allowed(a[i], b[i], which))
            return false;
        places++;
    }
    return places > 0;
}

/* The body engine `which` lacks the letter `now` and read a plain one there
 * (Ł as T or L), or a marked letter of its own on another base letter (the
 * Polish engine reads Ü as Ó) -- one the names engine has too, so that it
 * could have read it: the names engine has no É, and reads LINNÉA as
 * "LINNÓA".  Ö read Ó by another engine is no such case: the same base
 * letter with another mark is a doubt about a small mark, which either
 * engine may have got wrong. */
static bool lacked_letter(unsigned was, unsigned now, int which)
{
    if (!engine_lacks(which, now))
        return false;
    if (was < 0x80)
        return true;
    char wb = certrules_latin_base(was), nb = certrules_latin_base(now);
    bool names_has = listed(was, polish_letters, sizeof polish_letters / sizeof *polish_letters) ||
                     listed(was, german_letters, sizeof german_letters / sizeof *german_letters);
    return names_has && wb != 0 && nb != 0 && wb != nb && !engine_lacks(which, was);
}

/* Does the re-read name `second` differ from the body pass's `first` only
 * where it has a letter the body engine `which` lacks (same length, at
 * least one such place)?  "TUKASZ" from deu+eng beside "ŁUKASZ" from the
 * names engine: the first engine could not have read Ł. */
static bool differs_only_by_lacked_letters(const char *first, const char *second, int which)
{
    return differs_only_where(first, second, lacked_letter, which);
}

static int engine_for(const char *country);

bool cert_reading_adds_lacked_letters(const char *first, const char *second, const char *country)
{
    return differs_only_by_lacked_letters(first, second, engine_for(country));
}

/* The name `s` with its diacritics folded away (lower case ASCII; ß as
 * "ss"; other characters kept as code points) into out (cap entries); the
 * letters that carried a diacritic counted in *pmarked.  Returns the
 * length, or cap + 1 when s is too long, not UTF-8, or holds a letter of
 * another script (Cyrillic), for which folding means nothing here. */
static size_t fold_diacritics(const char *s, unsigned *out, size_t cap, int *pmarked)
{
    unsigned cp[CERT_VALUE_MAX];
    size_t n = utf8_points(s, cp, CERT_VALUE_MAX), k = 0;
    *pmarked = 0;
    if (n > CERT_VALUE_MAX)
        return cap + 1;
    for (size_t i = 0; i < n; i++) {
        unsigned c = cp[i];
        bool sharp_s = c == 0xDF || c == 0x1E9E;
        bool mark = c >= 0x300 && c <= 0x36F;
        char base = certrules_latin_base(c);
        bool latin = base != 0;
        if (c >= 0x370 && !sharp_s && !mark)
            return cap + 1;
        *pmarked += sharp_s || mark || latin;
        if (mark)
            continue;
        if (k + 2 > cap)
            return cap + 1;
        if (sharp_s) {
            out[k++] = 's';
            out[k++] = 's';
        } else {
            out[k++] = latin ? (unsigned char)base : (c < 0x80 ? (unsigned)tolower((int)c) : c);
        }
    }
    return k;
}

bool cert_reading_loses_diacritics(const char *first, const char *second)
{
    unsigned a[2 * CERT_VALUE_MAX], b[2 * CERT_VALUE_MAX];
    int ma = 0, mb = 0;
    size_t cap = 2 * CERT_VALUE_MAX;
    size_t na = fold_diacritics(first, a, cap, &ma), nb = fold_diacritics(second, b, cap, &mb);
    if (na > cap || nb > cap || na != nb || strcmp(first, second) == 0)
        return false;
    return memcmp(a, b, na * sizeof a[0]) == 0 && mb <= ma;
}

/* Read one text line's box of the upright binary page again, alone, with
 * `api` as a single line at twice the resolution.  Writes the text (no
 * newline) into out; returns the engine's confidence or -1. */
static float reread_line(TessBaseAPI *api, PIX *desk, const text_line *tl, char *out, size_t cap)
{
    out[0] = '\0';
    PIX *crop = line_crop(desk, tl);
    if (crop == NULL)
        return -1;
    float conf = read_crop_line(api, crop, out, cap, NULL, NULL);
    pixDestroy(&crop);
    return conf;
}

/* Is the byte c part of a word's letters or digits (any byte of a
 * multi-byte letter counts)? */
static bool word_byte(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Is the byte c a letter's (any byte of a multi-byte letter counts)? */
static bool letter_byte(char c)
{
    return isalpha((unsigned char)c) || (unsigned char)c >= 0x80;
}

/* Was name field fd not found because its labelled value did not read as
 * a name ("Forenames 0 DAVIT": the cleaning stops at the digit)?  Its
 * label's line is then its source (certrules.h), to be read again. */
static bool name_unread(const cert_field *fd)
{
    return !fd->found && fd->source[0] != '\0';
}

/* Does the name text after a label's colon hold what no name has: a
 * bracket or bar glued to a word ("KAMINSK}"), a digit glued to a letter
 * ("5МІТН" for SMITH, the name's cleaning stopping at the digit), or a
 * lower-case letter glued before capitals ("tLUKASZ", an Ł read apart)?
 * A bar or bracket standing alone between spaces is the rule of a table's
 * cell read as such ("Forenames | JÜRGEN"), which the name's cleaning
 * drops: no oddness of the name. */
static bool odd_in_name(const char *source)
{
    const char *v = strchr(source, ':');
    v = v ? v + 1 : source;
    for (const char *p = v; *p; p++) {
        if (strchr("{}[]|\\<>", *p) != NULL &&
            ((p > v && word_byte(p[-1])) || word_byte(p[1])))
            return true;
        if (isdigit((unsigned char)*p) && ((p > v && letter_byte(p[-1])) || letter_byte(p[1])))
            return true;
        bool start = p == v || p[-1] == ' ';
        if (start && p[0] >= 'a' && p[0] <= 'z' && p[0] != 'l' && p[0] != 'i' &&
            p[1] >= 'A' && p[1] <= 'Z' && p[2] >= 'A' && p[2] <= 'Z')
            return true;
    }
    return false;
}

/* The body pass's line that holds `source` (a field's evidence), or NULL. */
static const text_line *line_of(const line_set *ls, const char *source)
{
    for (int i = 0; source[0] && !strchr(source, '\n') && i < ls->n; i++)
        if (strstr(ls->line[i].text, source) != NULL)
            return &ls->line[i];
    return NULL;
}

/* A page's body text and the policy's wordings it is analysed with: what
 * each second reading needs to analyse the page again.  Borrowed. */
typedef struct page_text {
    const char *text;
    size_t len;
    const cert_phrase *phrases;
    size_t np;
    const cert_marker *markers;
    size_t nm;
} page_text;

/* Analyse the certificate text with its first `source` replaced by `line`
 * (a second reading of that line) into *again; `alt` is TEXT_MAX bytes of
 * scratch.  False when source is not in the text or nothing is recognised. */
static bool analyse_with_line(const page_text *pt, const char *source, const char *line, char *alt,
                              cert_info *again)
{
    const char *at = strstr(pt->text, source);
    if (at == NULL)
        return false;
    size_t pre = (size_t)(at - pt->text), srclen = strlen(source), ll = strlen(line);
    size_t post = pt->len - pre - srclen;
    if (pre + ll + post + 1 > TEXT_MAX)
        return false;
    memcpy(alt, pt->text, pre);
    memcpy(alt + pre, line, ll);
    memcpy(alt + pre + ll, at + srclen, post);
    size_t alen = pre + ll + post;
    alt[alen] = '\0';
    memset(again, 0, sizeof *again);
    return certrules_analyse(alt, alen, pt->phrases, pt->np, pt->markers, pt->nm, again);
}

/* A field's line `tl` read again alone by `api` (into `line`,
 * CERT_SOURCE_MAX bytes) and the text analysed again with that reading in
 * place of `source` (analyse_with_line).  Returns the engine's confidence,
 * or -1 when nothing was read or nothing is recognised. */
static float reread_and_analyse(TessBaseAPI *api, PIX *desk, const text_line *tl,
                                const page_text *pt, const char *source, char *line, char *alt,
                                cert_info *again)
{
    float conf = reread_line(api, desk, tl, line, CERT_SOURCE_MAX);
#ifdef CERTREAD_DEBUG
    if (getenv("CERT_DEBUG"))
        fprintf(stderr, "REREAD-LINE '%s' %.0f\n", conf < 0 ? "" : line, conf);
#endif
    if (conf < 0 || line[0] == '\0' || !analyse_with_line(pt, source, line, alt, again))
        return -1;
    return conf;
}

/* Was the field, found again after its line was re-read as `line`, read
 * from that line?  When the re-read line lost its label, a name can be
 * found elsewhere instead (the father's name, "imię ojca"), which is no
 * reading of the line at all. */
static bool came_from_line(const cert_field *f, const char *line)
{
    char trimmed[CERT_SOURCE_MAX];
    const char *a = line;
    while (*a == ' ')
        a++;
    snprintf(trimmed, sizeof trimmed, "%s", a);
    size_t n = strlen(trimmed);
    while (n > 0 && trimmed[n - 1] == ' ')
        trimmed[--n] = '\0';
    return n > 0 && strstr(f->source, trimmed) != NULL;
}

/* Append {field, first_reading, chosen, why} to the corrections array. */
static void note_correction(json_t *corrections, const char *field, const char *first,
                            const char *chosen, const char *why)
{
    json_t *c = json_object();
    json_object_set_new(c, "field", json_string(field));
    json_object_set_new(c, "first_reading", jstr(first));
    json_object_set_new(c, "chosen", jstr(chosen));
    json_object_set_new(c, "why", json_string(why));
    json_array_append_new(corrections, c);
}

/* T read where Polish alone reads Ł. */
static bool t_for_l_stroke(unsigned was, unsigned now, int which)
{
    (void)which;
    return was == 'T' && now == 0x141;
}

/* Does `second` differ from `first` only where first has T and second Ł
 * (same length, at least one such place)?  Every engine but Polish alone
 * reads the Ł of a bold "Łukasz" as t ("TUKASZ"); an L read as Ł is not
 * taken, as Polish alone also sees a stroke through a plain L. */
static bool differs_only_by_t_for_l_stroke(const char *first, const char *second)
{
    return differs_only_where(first, second, t_for_l_stroke, 0);
}

/* A name `value` holding T (perhaps an Ł misread,
 * differs_only_by_t_for_l_stroke) whose line `tl` (`source` in text) is
 * read again alone by the Polish engine without English; the reading is
 * taken when it comes from the line and differs from value only by Ł for
 * T.  `nf` is the field's place in `again`, which the re-reading fills.
 * Returns the reason when so, else NULL. */
static const char *reread_l_stroke(cert_reader *r, PIX *desk, const text_line *tl,
                                   const page_text *pt, const char *source, const char *value,
                                   char *line, char *alt, cert_info *again, const cert_field *nf)
{
    if (strchr(value, 'T') == NULL || r->failed[ENG_POL_ALONE])
        return NULL;
    TessBaseAPI *api = engine(r, ENG_POL_ALONE);
    if (api == NULL || api == r->api[ENG_HEADER] ||
        reread_and_analyse(api, desk, tl, pt, source, line, alt, again) < 0)
        return NULL;
    if (nf->found && came_from_line(nf, line) && differs_only_by_t_for_l_stroke(value, nf->value))
        return "line re-read alone in Polish: every other engine reads the letter Ł as T";
    return NULL;
}

/* Words in a cleaned name value ("ЯКОВЕНКО АКОМЕМКО": 2). */
static int value_tokens(const char *v)
{
    int n = 0;
    for (const char *p = v; *p; p++)
        n += (p == v || p[-1] == ' ') && *p != ' ';
    return n;
}

/* Words of at most SHORT_WORD bytes in the name value v: the marks of a
 * table's rules and a stamp read as letters ("SCENIE JRR BA" for SOPHIE
 * in a bordered cell) come out as such short words. */
#define SHORT_WORD 3
static int short_words(const char *v)
{
    int n = 0, len = 0;
    for (const char *p = v;; p++) {
        if (*p == ' ' || *p == '\0') {
            n += len > 0 && len <= SHORT_WORD;
            len = 0;
            if (*p == '\0')
                break;
        } else {
            len++;
        }
    }
    return n;
}

/* The re-read name line `line` lost its label ("imę (mona) DAVIT" for
 * "imię (imiona): OAVIT"): its last words, as many as the first reading's
 * value `value` has, set after the first reading's label (`source` up to
 * its last colon), and the text analysed again with that line in place of
 * source into *again, whose field `nf` must then come from that line.
 * False when it does not, source has no colon, the re-read line has too
 * few words, or nothing is recognised. */
static bool reread_value_under_first_label(const page_text *pt, const char *source,
                                           const char *value, const char *line, char *alt,
                                           cert_info *again, const cert_field *nf)
{
    const char *colon = strrchr(source, ':');
    int want = value_tokens(value), have = value_tokens(line);
    if (colon == NULL || want < 1 || have <= want)
        return false;
    const char *words = line;
    for (int skip = have - want; skip > 0; skip--) {
        while (*words == ' ')
            words++;
        while (*words && *words != ' ')
            words++;
    }
    while (*words == ' ')
        words++;
    char graft[CERT_SOURCE_MAX];
    int n = snprintf(graft, sizeof graft, "%.*s %s", (int)(colon - source + 1), source, words);
    if (n < 0 || (size_t)n >= sizeof graft)
        return false;
    if (!analyse_with_line(pt, source, graft, alt, again))
        return false;
    return nf->found && came_from_line(nf, graft);
}

/* Take the second reading nf of a name field fd, listing the change in
 * `corrections` when the value differs. */
static void take_reading(json_t *corrections, const char *field, cert_field *fd,
                         const cert_field *nf, const char *why)
{
    if (!fd->found)
        note_correction(corrections, field, fd->source[0] ? fd->source : NULL, nf->value, why);
    else if (strcmp(fd->value, nf->value) != 0)
        note_correction(corrections, field, fd->value, nf->value, why);
    *fd = *nf;
}

/* Holder names, read again: the line each name came from is re-read alone
 * (single line, twice the resolution, in Latin script with the letters of
 * English, Polish and German names: Ł, Ü, ß; the Ukrainian extract prints
 * names transliterated) and
 * the certificate text analysed again with that line in place of the
 * first reading.  A line the body engine `which` read with low confidence,
 * or with Cyrillic look-alikes in a Latin name, takes the second reading
 * when the engine is surer of it (or the first held Cyrillic); any line
 * takes it when the two differ only where the second has a name letter the
 * body engine's languages lack (Ł on a German page, ß on an English one),
 * or when the first held a bracket, bar or lower-case letter glued before
 * capitals and the second does not (odd_in_name).  A name not found
 * because its labelled value did not read as one (its label's line is then
 * its source, certrules.h: "Forenames 0 DAVIT") takes the second reading
 * when that gives the name from the line with no digit and nothing odd in
 * it (not on a Ukrainian page: names_by_script reads those).  Fields
 * already decided by script (done[f], names_by_script) are left alone.
 * Each replacement is listed in `corrections` (field, first reading,
 * second reading, why).  Only text the engine read is ever used. */
static void reread_names(cert_reader *r, int which, PIX *desk, const line_set *ls,
                         const page_text *pt, cert_info *info, json_t *corrections,
                         const bool done[2])
{
    cert_field *fields[2] = {&info->surname, &info->given_names};
    TessBaseAPI *api = engine(r, ENG_NAMES);
    char *alt = malloc(TEXT_MAX);
    cert_info *again = malloc(sizeof *again);
    char line[CERT_SOURCE_MAX];
    for (int f = 0; alt && again && api && f < 2; f++) {
        cert_field *fd = fields[f];
        bool unread = name_unread(fd);
        /* (a Ukrainian one is read by script alone, names_by_script: the
         * Latin engine reads Cyrillic as look-alikes) */
        if (unread && strcmp(info->country, "UKR") == 0)
            continue;
        const text_line *tl = (fd->found || unread) && !done[f] ? line_of(ls, fd->source) : NULL;
        if (tl == NULL)
            continue;
        bool doubtful = tl->conf < REREAD_BELOW || has_non_latin(fd->value);
        char first_source[CERT_SOURCE_MAX];
        snprintf(first_source, sizeof first_source, "%s", fd->source);
        float conf2 = reread_and_analyse(api, desk, tl, pt, first_source, line, alt, again);
        cert_field *nf = f == 0 ? &again->surname : &again->given_names;
        bool usable = conf2 >= 0 && nf->found && nf->value[0] != '\0' &&
                      !has_non_latin(nf->value) && came_from_line(nf, line);
        bool grafted = false;
        if (!usable && conf2 >= 0 && doubtful) {
            grafted =
                reread_value_under_first_label(pt, first_source, fd->value, line, alt, again, nf) &&
                nf->found && nf->value[0] != '\0' && !has_non_latin(nf->value);
            usable = grafted;
        }
        const char *why = NULL;
        if (unread) {
            if (usable && !odd_in_name(nf->source) && strpbrk(nf->source, "0123456789") == NULL)
                take_reading(corrections, f == 0 ? "surname" : "given_names", fd, nf,
                             "line re-read alone: its first reading held no name");
            continue;
        }
        if (grafted && conf2 > tl->conf)
            why = "line re-read alone, its label lost: the engine is surer of the value's words";
        else if (usable && doubtful && (conf2 > tl->conf || has_non_latin(fd->value)) &&
                 short_words(nf->value) <= short_words(fd->value))
            why = "line re-read alone: the engine is surer of it";
        else if (usable && odd_in_name(fd->source) && !odd_in_name(nf->source))
            why = "line re-read alone: the first reading held a bracket, bar or a lower-case "
                  "letter glued before capitals";
        else if (usable && differs_only_by_lacked_letters(fd->value, nf->value, which))
            why = "line re-read alone in English, Polish and German: the letters that differ "
                  "are not in the first reading's languages";
        /* a second reading that only drops or changes diacritics is no
         * better reading: the grey page's reading, surer of itself, reads
         * MÜLLER as MULLER */
        if (why && cert_reading_loses_diacritics(fd->value, nf->value))
            why = NULL;
        /* nor one holding what no name has where the first did not: the
         * re-read "tUKASZ" (an Ł read apart), cleaned to UKASZ, must not
         * replace LUKASZ however sure the engine is of it */
        if (why && odd_in_name(nf->source) && !odd_in_name(fd->source))
            why = NULL;
#ifdef CERTREAD_DEBUG
        if (getenv("CERT_DEBUG"))
            fprintf(stderr, "REREAD-NAME f%d first '%s' %.0f second '%s' %.0f usable %d -> %s\n", f,
                    fd->value, tl->conf, usable ? nf->value : "", conf2, (int)usable,
                    why ? why : "kept");
#endif
        if (why)
            take_reading(corrections, f == 0 ? "surname" : "given_names", fd, nf, why);
        why = has_non_latin(fd->value)
                  ? NULL
                  : reread_l_stroke(r, desk, tl, pt, first_source, fd->value, line, alt, again, nf);
        if (why)
            take_reading(corrections, f == 0 ? "surname" : "given_names", fd, nf, why);
    }
    free(alt);
    free(again);
}

/* Birth and issue dates re-read: a date whose labelled value did not read
 * as a date (the label's line is then the field's source, certrules.h) has
 * its line read again alone (single line, twice the resolution) from desk
 * by the body engine `which`, and the text analysed again with it in
 * place; a date found so is taken.  On a phone photo (`binary` is then the
 * binarised page the first reading came from, desk the grey one) a date
 * whose line the engine was unsure of (below REREAD_BELOW) is read again
 * so too: one threshold merges blurred strokes ("1989" read "1969"), yet
 * the grey line is not always right either ("1968-06-03" for 06-08 on a
 * dev photo).  When the grey reading differs, the binarised line is read
 * alone at twice the resolution: the first reading is kept when that
 * third reading confirms it, else the grey one is taken.  (On a scan the engine's surer
 * second reading was as often wrong as right on dev pages: "1938" for
 * 1988.)  Each date taken is listed in `corrections`, so that a decision
 * resting on it is reviewed or cross-checked.  Only text the engine read
 * is ever used. */
static void reread_dates(cert_reader *r, int which, PIX *desk, PIX *binary, const line_set *ls,
                         const page_text *pt, cert_info *info, json_t *corrections)
{
    cert_field *fields[2] = {&info->date_of_birth, &info->issued};
    char *alt = NULL;
    cert_info *again = NULL, *third = NULL;
    char line[CERT_SOURCE_MAX];
    for (int f = 0; f < 2; f++) {
        cert_field *fd = fields[f];
        const text_line *tl = line_of(ls, fd->source);
        if (tl == NULL || (fd->found && (binary == NULL || tl->conf >= REREAD_BELOW)))
            continue;
        if (alt == NULL && (alt = malloc(TEXT_MAX)) == NULL)
            break;
        if (again == NULL && (again = malloc(sizeof *again)) == NULL)
            break;
        if (reread_and_analyse(engine(r, which), desk, tl, pt, fd->source, line, alt, again) < 0)
            continue;
        cert_field *nf = f == 0 ? &again->date_of_birth : &again->issued;
        if (!nf->found || (fd->found && strcmp(nf->value, fd->value) == 0))
            continue;
        const char *why = "line re-read alone: the first reading held no date";
        if (fd->found) {
            if (third == NULL && (third = malloc(sizeof *third)) == NULL)
                break;
            if (reread_and_analyse(engine(r, which), binary, tl, pt, fd->source, line, alt,
                                   third) < 0)
                continue;
            cert_field *tf = f == 0 ? &third->date_of_birth : &third->issued;
            if (tf->found && strcmp(tf->value, fd->value) == 0)
                continue;
            why = "line re-read alone from the grey photo; read again alone binarised, it "
                  "did not confirm the first reading";
        }
        note_correction(corrections, f == 0 ? "date_of_birth" : "issued",
                        fd->found ? fd->value : fd->source, nf->value, why);
        *fd = *nf;
    }
    free(alt);
    free(again);
    free(third);
}


/* The labelled issue date and the date of the closing place-and-date line
 * (the same date printed twice) disagree: one of them is misread.  The
 * labelled line is read again alone by the body engine `which`; when that
 * reading agrees with the place line it is taken, else the first is kept.
 * Either way the disagreement is listed in `corrections`, so that freshness
 * resting on the date is reviewed (decide). */
static void check_issued_against_place(cert_reader *r, int which, PIX *desk, const line_set *ls,
                                       const page_text *pt, cert_info *info, json_t *corrections)
{
    const char *place = info->issued_at_place.value;
    const text_line *tl = line_of(ls, info->issued.source);
    char *alt = tl ? malloc(TEXT_MAX) : NULL;
    cert_info *again = alt ? malloc(sizeof *again) : NULL;
    char line[CERT_SOURCE_MAX];
    if (again &&
        reread_and_analyse(engine(r, which), desk, tl, pt, info->issued.source, line, alt,
                           again) >= 0 &&
        again->issued.found && strcmp(again->issued.value, place) == 0) {
        note_correction(corrections, "issued", info->issued.value, again->issued.value,
                        "the labelled issue date disagreed with the place-and-date line; read "
                        "alone again, its line agrees with it");
        info->issued = again->issued;
    } else {
        char why[CERT_VALUE_MAX + 128];
        snprintf(why, sizeof why,
                 "the labelled issue date disagrees with the place-and-date line (%s), even "
                 "read alone again: one of them is misread",
                 place);
        note_correction(corrections, "issued", info->issued.value, info->issued.value, why);
    }
    free(alt);
    free(again);
}

/* Where the value starts on a reading without a colon (a framed table:
 * "Прізвище / Surname | SHEVCHENKO"): before its last `tokens` words that
 * hold a letter (the value's words as the body pass read them). */
static int value_x_from_end(const line_word *w, int n, int tokens)
{
    int x = -1;
    for (int i = n - 1; i >= 0 && tokens > 0; i--) {
        bool letter = false;
        for (const unsigned char *p = (const unsigned char *)w[i].text; *p; p++)
            letter = letter || isalpha(*p) || *p >= 0xC0;
        if (letter) {
            x = w[i].x0 - 1;
            tokens--;
        }
    }
    return x;
}

/* A holder name printed above the header cut was read in the header pass,
 * whose lines are not kept: when a name's line is not among the body's,
 * the header is read again by the same engine (the same text) for its
 * lines, so that the name can be re-read like the others. */
static void add_header_lines(TessBaseAPI *hdr, PIX *desk, int cut, const cert_info *info,
                             line_set *ls)
{
    const cert_field *fields[2] = {&info->surname, &info->given_names};
    bool missing = false;
    for (int f = 0; f < 2; f++)
        missing = missing || (fields[f]->found && fields[f]->source[0] &&
                              !strchr(fields[f]->source, '\n') &&
                              line_of(ls, fields[f]->source) == NULL);
    char *scratch = missing && hdr ? malloc(TEXT_MAX) : NULL;
    size_t n = 0;
    if (scratch)
        ocr_rows(hdr, desk, 0, cut, scratch, &n, ls);
    free(scratch);
}

/* A page whose header named no country had its body read in the header's
 * languages (English and Ukrainian).  When the whole text then names a
 * country whose engine is another (an FBI summary photographed askew read
 * "мате WOJCIK. OLENA" for "Name: WOJCIK, OLENA"), the body rows [cut, h)
 * are read again by that engine, and that reading (text after header_len,
 * lines, *info) is kept when its analysis names the same country.  Returns
 * the engine whose reading is kept. */
static int body_in_country_language(cert_reader *r, PIX *desk, int cut, size_t header_len,
                                    char *text, size_t *plen, const cert_phrase *phrases,
                                    size_t np, const cert_marker *markers, size_t nm,
                                    cert_info *info, line_set *lines)
{
    int which = info->country[0] ? engine_for(info->country) : ENG_HEADER;
    TessBaseAPI *api = which != ENG_HEADER ? engine(r, which) : NULL;
    char *again = api && header_len <= *plen ? malloc(TEXT_MAX) : NULL;
    line_set *ls = again ? calloc(1, sizeof *ls) : NULL;
    cert_info *info2 = ls ? malloc(sizeof *info2) : NULL;
    int kept = ENG_HEADER;
    if (info2 == NULL)
        goto done;
    memcpy(again, text, header_len);
    size_t len = header_len;
    again[len] = '\0';
    if (ocr_rows(api, desk, cut, pixGetHeight(desk), again, &len, ls) < 0 ||
        !certrules_analyse(again, len, phrases, np, markers, nm, info2) ||
        strcmp(info2->country, info->country) != 0)
        goto done;
    memcpy(text, again, len + 1);
    *plen = len;
    *lines = *ls;
    *info = *info2;
    kept = which;
done:
    free(again);
    free(ls);
    free(info2);
    return kept;
}

/* A holder field (surname, given names, date of birth) that was not found
 * may be on a line above the header cut, read in the header pass's
 * languages: on a poor Polish scan whose table starts high, "Nazwisko
 * MÜLLER" read as "«ар Ко MECELLER".  The header rows [0, cut) are then
 * read again by the body engine `which`, the page's text (buf: the header
 * reading in its first header_len bytes, then the body's) analysed again
 * with that reading in their place, and each missing holder field the
 * second analysis finds is taken and listed in `corrections` -- only when
 * it reads the same country and result.  The text and the header lines
 * (into ls) are then the second reading's, so that a name found so is
 * re-read like the others. */
static void holder_fields_from_header(cert_reader *r, int which, PIX *desk, int cut,
                                      size_t header_len, char *buf, size_t *plen,
                                      const cert_phrase *phrases, size_t np,
                                      const cert_marker *markers, size_t nm, cert_info *info,
                                      line_set *ls, json_t *corrections)
{
    cert_field *mine[3] = {&info->surname, &info->given_names, &info->date_of_birth};
    static const char *const names[3] = {"surname", "given_names", "date_of_birth"};
    bool missing = false;
    for (int f = 0; f < 3; f++)
        missing = missing || !mine[f]->found;
    TessBaseAPI *api = missing && which != ENG_HEADER ? engine(r, which) : NULL;
    char *text = api ? malloc(TEXT_MAX) : NULL;
    cert_info *again = text ? malloc(sizeof *again) : NULL;
    line_set *hl = again ? calloc(1, sizeof *hl) : NULL;
    size_t len = 0;
    if (hl == NULL || header_len > *plen || ocr_rows(api, desk, 0, cut, text, &len, hl) < 0)
        goto done;
    size_t body = *plen - header_len;
    if (len + body + 1 > TEXT_MAX)
        goto done;
    memcpy(text + len, buf + header_len, body);
    len += body;
    text[len] = '\0';
    if (!certrules_analyse(text, len, phrases, np, markers, nm, again) ||
        strcmp(again->country, info->country) != 0 || again->result != info->result)
        goto done;
    cert_field *theirs[3] = {&again->surname, &again->given_names, &again->date_of_birth};
    int taken = 0;
    for (int f = 0; f < 3; f++)
        if (!mine[f]->found && theirs[f]->found) {
            note_correction(corrections, names[f], NULL, theirs[f]->value,
                            "header region read again in the country's language: the field's "
                            "line lay above where the header was cut");
            *mine[f] = *theirs[f];
            taken++;
        }
    if (taken == 0)
        goto done;
    memcpy(buf, text, len + 1);
    *plen = len;
    for (int i = 0; i < hl->n && ls->n < LINES_MAX; i++)
        ls->line[ls->n++] = hl->line[i];
done:
    free(text);
    free(again);
    free(hl);
}

/* A name on a page of a Latin-script country is never Cyrillic, yet the
 * Polish engine (whose letters include Cyrillic ones) can read "DĄBROWSKI"
 * as "ОАВВОМУЗКІ".  A name still holding Cyrillic after reread_names is
 * read once more by the English engine alone (Latin letters only); when
 * that fails too the name is left unread (found false) for review.  Each
 * replacement, and each name left unread, is listed in `corrections`. */
static void latin_script_names(cert_reader *r, PIX *desk, const line_set *ls, const page_text *pt,
                               cert_info *info, json_t *corrections)
{
    cert_field *fields[2] = {&info->surname, &info->given_names};
    char *alt = NULL;
    cert_info *again = NULL;
    char line[CERT_SOURCE_MAX];
    for (int f = 0; f < 2; f++) {
        cert_field *fd = fields[f];
        if (!fd->found || !has_non_latin(fd->value))
            continue;
        const text_line *tl = line_of(ls, fd->source);
        TessBaseAPI *api = engine(r, ENG_ENG);
        alt = alt ? alt : malloc(TEXT_MAX);
        again = again ? again : malloc(sizeof *again);
        bool ok = tl && api && alt && again &&
                  reread_and_analyse(api, desk, tl, pt, fd->source, line, alt, again) >= 0;
        cert_field *nf = f == 0 ? &again->surname : &again->given_names;
        const char *field = f == 0 ? "surname" : "given_names";
        if (ok && nf->found && nf->value[0] && !has_non_latin(nf->value)) {
            note_correction(corrections, field, fd->value, nf->value,
                            "name of a Latin-script country read in Cyrillic: line re-read "
                            "alone in English");
            *fd = *nf;
        } else {
            note_correction(corrections, field, fd->value, NULL,
                            "name of a Latin-script country read in Cyrillic, and again on "
                            "re-reading in English: left unread for review");
            fd->found = false;
            fd->value[0] = '\0';
        }
    }
    free(alt);
    free(again);
}

/* Where the value starts on a single-line reading of "Label: VALUE": after
 * the first word holding a colon, else after the first word; -1 when the
 * reading has no words. */
static int value_x(const line_word *w, int n)
{
    for (int i = 0; i < n; i++)
        if (strchr(w[i].text, ':'))
            return w[i].x1;
    return n > 0 ? w[0].x1 : -1;
}

/* The value's words of one name line: the line read again alone by the
 * Cyrillic engine (cyr) and a Latin one (lat), each Cyrillic-read word after
 * the label paired with the Latin-read word it overlaps most.  The texts
 * point into wc and wl.  Returns the number of pairs. */
static size_t pair_words(const line_word *wc, int nc, const line_word *wl, int nl,
                         int tokens, cert_name_word *pw)
{
    int vx = value_x(wc, nc);
    int vxl = value_x(wl, nl);
    bool colon_c = false, colon_l = false;
    for (int i = 0; i < nc; i++)
        colon_c = colon_c || strchr(wc[i].text, ':') != NULL;
    for (int i = 0; i < nl; i++)
        colon_l = colon_l || strchr(wl[i].text, ':') != NULL;
    if (!colon_c && colon_l)
        vx = vxl;
    if (!colon_c && !colon_l && tokens > 0)
        vx = value_x_from_end(wc, nc, tokens);
    bool used[LINE_WORDS_MAX] = {false};
    size_t n = 0;
    for (int i = 0; i < nc && vx >= 0; i++) {
        if ((wc[i].x0 + wc[i].x1) / 2 <= vx)
            continue;
        int best = -1, best_ov = 0;
        for (int j = 0; j < nl; j++) {
            int ov = (wc[i].x1 < wl[j].x1 ? wc[i].x1 : wl[j].x1) -
                     (wc[i].x0 > wl[j].x0 ? wc[i].x0 : wl[j].x0);
            if (!used[j] && (wl[j].x0 + wl[j].x1) / 2 > vx && ov > best_ov) {
                best = j;
                best_ov = ov;
            }
        }
        if (best >= 0)
            used[best] = true;
        pw[n++] = (cert_name_word){wc[i].text, best >= 0 ? wl[best].text : "", wc[i].conf,
                                   best >= 0 ? wl[best].conf : 0.0f};
    }
    return n;
}

/* How many words the name field f (0 surname, 1 given names) whose first
 * reading held no name has on a second reading of its line: the page's
 * text (pt) analysed again with the Latin re-reading reads[1], else the
 * Cyrillic one reads[0], in place of the line `source`, and the words of
 * the value found so counted.  0 when neither gives the name. */
static int value_tokens_on_reading(const page_text *pt, const char *source,
                                   char reads[2][CERT_SOURCE_MAX], int f)
{
    char *alt = malloc(TEXT_MAX);
    cert_info *again = malloc(sizeof *again);
    int tokens = 0;
    for (int k = 1; alt && again && k >= 0 && tokens == 0; k--) {
        const cert_field *nf = f == 0 ? &again->surname : &again->given_names;
        if (reads[k][0] && analyse_with_line(pt, source, reads[k], alt, again) && nf->found &&
            came_from_line(nf, reads[k]))
            tokens = value_tokens(nf->value);
    }
    free(alt);
    free(again);
    return tokens;
}

/* Ukrainian extracts print holder names in Cyrillic, or in Cyrillic and
 * Latin ("ЯКОВЕНКО / IAKOVENKO"); the Ukrainian engine reads the Latin half
 * as Cyrillic look-alikes ("АКОМЕМКО") and Cyrillic "ІВАН" as Latin "IBAH".
 * Each name line is read again alone by the Ukrainian and by a Latin
 * engine, the value's words paired by place, and each word's script
 * decided (certrules_name_by_script; a look-alike-only word follows its
 * value, else the other name field).  The evidence is the reading the
 * letters came from, with a note when look-alike letters were rewritten.
 * A name not found because its labelled value did not read as one
 * ("Прізвище / Surname 5МІТН": its label's line is then its source,
 * certrules.h) is read so too, its word count taken from the text (pt)
 * analysed again with a second reading of the line.
 * done[f] is set for each field (0 surname, 1 given names) decided; each
 * value changed or found so is listed in `corrections`. */
static void names_by_script(cert_reader *r, PIX *desk, const line_set *ls, const page_text *pt,
                            cert_info *info, bool done[2], json_t *corrections)
{
    cert_field *fields[2] = {&info->surname, &info->given_names};
    TessBaseAPI *cyr = engine(r, ENG_UKR), *lat = engine(r, ENG_NAMES);
    typedef struct name_line {
        line_word wc[LINE_WORDS_MAX], wl[LINE_WORDS_MAX];
        cert_name_word pw[LINE_WORDS_MAX];
        size_t n;
        char text[2][CERT_SOURCE_MAX];
        float body_conf, lat_conf;   /* the body pass's line; the Latin re-reading's
                                      * value words (mean) */
        bool have;
    } name_line;
    name_line *nl = calloc(2, sizeof *nl);
    for (int f = 0; nl && cyr && lat && f < 2; f++) {
        bool unread = name_unread(fields[f]);
        const text_line *tl =
            fields[f]->found || unread ? line_of(ls, fields[f]->source) : NULL;
        PIX *crop = tl ? line_crop(desk, tl) : NULL;
        if (crop == NULL)
            continue;
        int nc = 0, nw = 0;
        read_crop_line(cyr, crop, nl[f].text[0], CERT_SOURCE_MAX, nl[f].wc, &nc);
        nl[f].lat_conf = read_crop_line(lat, crop, nl[f].text[1], CERT_SOURCE_MAX, nl[f].wl, &nw);
        nl[f].body_conf = tl->conf;
        pixDestroy(&crop);
        int tokens = unread ? value_tokens_on_reading(pt, fields[f]->source, nl[f].text, f)
                            : value_tokens(fields[f]->value);
        if (tokens < 1)
            continue;
        nl[f].n = pair_words(nl[f].wc, nc, nl[f].wl, nw, tokens, nl[f].pw);
        nl[f].have = nl[f].n > 0;
        /* how sure the Latin engine is of the value's words, not of the
         * Cyrillic label it garbles ("Lipissune Surname: ZIELINSKI") */
        float sum = 0;
        for (size_t k = 0; k < nl[f].n; k++)
            sum += nl[f].pw[k].lat_conf;
        if (nl[f].n > 0)
            nl[f].lat_conf = sum / (float)nl[f].n;
#ifdef CERTREAD_DEBUG
        if (getenv("CERT_DEBUG"))
            for (size_t k = 0; k < nl[f].n; k++)
                fprintf(stderr, "SCRIPT f%d '%s' %.0f | '%s' %.0f\n", f, nl[f].pw[k].cyr,
                        nl[f].pw[k].cyr_conf, nl[f].pw[k].lat, nl[f].pw[k].lat_conf);
#endif
    }
    char script[2] = {0, 0}, val[2][CERT_VALUE_MAX];
    bool mapped[2] = {false, false};
    for (int pass = 0; nl && pass < 2; pass++)
        for (int f = 0; f < 2; f++)
            if (nl[f].have && !script[f])
                script[f] = certrules_name_by_script(nl[f].pw, nl[f].n, pass ? script[!f] : 0,
                                                     val[f], sizeof val[f], &mapped[f]);
    for (int f = 0; nl && f < 2; f++) {
        cert_field *fd = fields[f];
        /* a Latin name the body pass read in Latin is re-read as before
         * (reread_names: kept unless the engine is surer the second time) */
        if (!script[f] || (script[f] == 'L' && fd->found && !has_non_latin(fd->value) &&
                           nl[f].lat_conf <= nl[f].body_conf))
            continue;
        if (!fd->found || strcmp(fd->value, val[f]) != 0)
            note_correction(corrections, f == 0 ? "surname" : "given_names",
                            fd->found ? fd->value : fd->source, val[f],
                            script[f] == 'C'
                                ? "line re-read alone by the Ukrainian and a Latin engine: "
                                  "name words decided to be Cyrillic"
                                : "line re-read alone by the Ukrainian and a Latin engine: "
                                  "name words decided to be Latin");
        size_t vl = strnlen(val[f], sizeof fd->value - 1);
        memcpy(fd->value, val[f], vl);
        fd->value[vl] = '\0';
        snprintf(fd->source, sizeof fd->source, "%s%s", nl[f].text[script[f] == 'C' ? 0 : 1],
                 mapped[f] ? (script[f] == 'C' ? " [look-alike letters read as Cyrillic]"
                                               : " [look-alike letters read as Latin]")
                           : "");
        fd->found = true;
        done[f] = true;
    }
    free(nl);
}

json_t *cert_reader_read(cert_reader *r, PIX *page, vdate reference, double *pconfidence)
{
    (void)reference;
    if (pconfidence)
        *pconfidence = 0.0;
    if (r == NULL || page == NULL)
        return NULL;
    double t_start = elapsed_ms();
    if (pixGetWidth(page) < 200 || pixGetHeight(page) < 200)
        return NULL;            /* no page of text */
    l_int32 oldsev = setMsgSeverity(L_SEVERITY_NONE);
    bool photo = false;
    PIX *grey = prepare_grey(page, &photo);
    PIX *bin = grey ? binarise(grey, photo) : NULL;
    if (bin == NULL) {
        setMsgSeverity(oldsev);
        pixDestroy(&grey);
        return NULL;
    }

    const cert_phrase *phrases = NULL;
    const cert_marker *markers = NULL;
    size_t np = r->pol ? policy_cert_phrases(r->pol, &phrases) : 0;
    size_t nm = r->pol ? policy_cert_markers(r->pol, &markers) : 0;

    char *text = malloc(TEXT_MAX);
    if (text == NULL) {
        setMsgSeverity(oldsev);
        pixDestroy(&bin);
        pixDestroy(&grey);
        return NULL;
    }
    double t_pre = elapsed_ms();
#ifdef CERTREAD_DEBUG
    if (getenv("CERT_DEBUG_PIX"))
        pixWrite(getenv("CERT_DEBUG_PIX"), grey, IFF_PNG);
    if (getenv("CERT_DEBUG_BIN"))
        pixWrite(getenv("CERT_DEBUG_BIN"), bin, IFF_PNG);
#endif

    /* Header pass: the top of the page, read in Latin and Cyrillic, names
     * the country.  When the orientation was only a guess, the page is
     * tried as it came first, then the guess, then the other ways up, until
     * a header names a country. */
    bool weak = true;
    int guess = orientation_guess(bin, &weak);
    int order[4] = {guess, -1, -1, -1}, norder = 1;
    if (weak) {
        const int rest[4] = {0, guess, 2, 1};
        norder = 0;
        for (int i = 0; i < 4; i++) {
            bool dup = false;
            for (int j = 0; j < norder; j++)
                dup = dup || order[j] == rest[i];
            if (!dup)
                order[norder++] = rest[i];
        }
        bool have3 = false;
        for (int j = 0; j < norder; j++)
            have3 = have3 || order[j] == 3;
        if (!have3 && norder < 4)
            order[norder++] = 3;
        /* The certificates are portrait A4: on a clearly landscape page the
         * text lies a quarter turn off, on a portrait one it does not.
         * Those ways up are tried first (the others still after). */
        l_int32 bw = pixGetWidth(bin), bh = pixGetHeight(bin);
        int odd = bw * 10 > bh * 12 ? 1 : (bh * 10 > bw * 12 ? 0 : -1);
        if (odd >= 0) {
            int sorted[4], ns = 0;
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < norder; j++)
                    if ((order[j] % 2 == odd) == (pass == 0))
                        sorted[ns++] = order[j];
            memcpy(order, sorted, sizeof order);
        }
    }
    /* Few ascenders and descenders (a weak orientation signal) mostly means
     * Cyrillic: then Ukrainian is tried first, which halves the work on a
     * Cyrillic header and still reads Latin. */
    TessBaseAPI *hdr = weak ? engine(r, ENG_UKR) : r->api[ENG_HEADER];
    PIX *desk = NULL;
    TessBaseAPI *hdr_used = hdr;   /* the engine whose header text is kept */
    size_t len = 0;
    int cut = 0, c1 = -1, deg = 0;
    float desk_skew = 0.0f;
    PIX *desk_rules = NULL;     /* the rules removed from desk */
    cert_info info;
    memset(&info, 0, sizeof info);
    for (int i = 0; i < norder; i++) {
        float skew = 0.0f;
        PIX *rules = NULL;
        PIX *d = upright(bin, order[i], photo, &skew, &rules);
        if (d == NULL)
            continue;
        size_t l = 0;
        text[0] = '\0';
        int c = header_cut(d);
        int conf = ocr_rows(hdr, d, 0, c, text, &l, NULL);
        bool found = certrules_analyse(text, l, phrases, np, markers, nm, &info);
        if (found || desk == NULL || order[i] == guess) {
            pixDestroy(&desk);
            desk = d;
            d = NULL;
            len = l;
            cut = c;
            c1 = conf;
            deg = 90 * order[i];
            desk_skew = skew;
            pixDestroy(&desk_rules);
            desk_rules = rules;
            rules = NULL;
        }
        pixDestroy(&d);
        pixDestroy(&rules);
        if (found)
            break;
    }
    pixDestroy(&bin);
    setMsgSeverity(oldsev);
    if (desk == NULL) {
        free(text);
        pixDestroy(&grey);
        pixDestroy(&desk_rules);
        return NULL;
    }
    if (!info.country[0]) {
        /* No country found: the header of the orientation chosen read again
         * in the Latin languages alone (eng+pol+deu), which on a blurred
         * photo reads a German or Polish header that the Latin-and-Cyrillic
         * pass garbled; failing that, its first reading is kept. */
        len = 0;
        text[0] = '\0';
        hdr_used = engine(r, ENG_NAMES);
        c1 = ocr_rows(hdr_used, desk, 0, cut, text, &len, NULL);
        if (!certrules_analyse(text, len, phrases, np, markers, nm, &info)) {
            len = 0;
            text[0] = '\0';
            hdr_used = hdr;
            c1 = ocr_rows(hdr, desk, 0, cut, text, &len, NULL);
        }
    }
    int h = pixGetHeight(desk);
    int which = info.country[0] ? engine_for(info.country) : ENG_HEADER;
    line_set *lines = calloc(1, sizeof *lines);
    size_t header_len = len;
    int c2 = ocr_rows(engine(r, which), desk, cut, h, text, &len, lines);
    double t_ocr = elapsed_ms();
    int mean = c1 >= 0 && c2 >= 0 ? (c1 * cut + c2 * (h - cut)) / (h > 0 ? h : 1)
                                  : (c1 > c2 ? c1 : c2);
    if (pconfidence)
        *pconfidence = mean > 0 ? mean / 100.0 : 0.0;
#ifdef CERTREAD_DEBUG
    /* development only (never in a normal build): OCR text holds personal data */
    if (getenv("CERT_DEBUG")) {
        fprintf(stderr, "DEBUG pre %.0f ocr %.0f photo %d deg %d weak %d cut %d eng %d\n",
                t_pre - t_start, t_ocr - t_pre, (int)photo, deg, (int)weak, cut, which);
        FILE *f = fopen(getenv("CERT_DEBUG"), "a");
        if (f) {
            fprintf(f, "=====\n%s", text);
            fclose(f);
        }
    }
#else
    (void)t_start;
    (void)t_pre;
    (void)t_ocr;
#endif
    bool is_cert = certrules_analyse(text, len, phrases, np, markers, nm, &info);
    if (is_cert && lines && which == ENG_HEADER)
        which = body_in_country_language(r, desk, cut, header_len, text, &len, phrases, np,
                                         markers, nm, &info, lines);
    json_t *corrections = json_array();
    if (is_cert && lines) {
        bool done[2] = {false, false};
        holder_fields_from_header(r, which, desk, cut, header_len, text, &len, phrases, np,
                                  markers, nm, &info, lines, corrections);
        add_header_lines(hdr_used, desk, cut, &info, lines);
        /* on a photo, lines are read again from the grey page: the binary
         * one's single threshold fattens and merges the strokes of a
         * blurred photo ("Davit" read "Dava").  On a scan the binary page
         * is read first, and the grey page only for what that left
         * unsettled (a name not taken from a second reading, a date still
         * unread): on a poor scan the binary crops merge strokes too
         * ("DAWIYT"), while on a good one the grey reading, surer of
         * itself, reads Ł as t ("Matgorzata") where the binary one reads
         * it right. */
        PIX *gdesk = upright_grey(grey, deg / 90, desk_skew, desk_rules);
        if (gdesk && (pixGetWidth(gdesk) != pixGetWidth(desk) ||
                      pixGetHeight(gdesk) != pixGetHeight(desk)))
            pixDestroy(&gdesk);
        PIX *from = photo && gdesk ? gdesk : desk;
        PIX *then = photo ? NULL : gdesk;
        const page_text pt = {text, len, phrases, np, markers, nm};
        if (strcmp(info.country, "UKR") == 0)
            names_by_script(r, from, lines, &pt, &info, done, corrections);
        reread_names(r, which, from, lines, &pt, &info, corrections, done);
        if (then)
            reread_names(r, which, then, lines, &pt, &info, corrections, done);
        if (strcmp(info.country, "UKR") != 0)
            latin_script_names(r, from, lines, &pt, &info, corrections);
        reread_dates(r, which, from, photo && from == gdesk ? desk : NULL, lines, &pt, &info,
                     corrections);
        if (then)
            reread_dates(r, which, then, NULL, lines, &pt, &info, corrections);
        if (info.issued.found && info.issued_at_place.found &&
            strcmp(info.issued.value, info.issued_at_place.value) != 0)
            check_issued_against_place(r, which, from, lines, &pt, &info, corrections);
        pixDestroy(&gdesk);
    }
    if (is_cert && !info.issued.found && info.issued_at_place.found) {
        /* listed as a correction, so that freshness resting on it is
         * reviewed (decide) */
        note_correction(corrections, "issued", info.issued.source[0] ? info.issued.source : NULL,
                        info.issued_at_place.value,
                        "the labelled issue date did not read, even alone on its line: the "
                        "date of the place-and-date line at the foot of the page was taken");
        info.issued = info.issued_at_place;
    }
    free(lines);
    free(text);
    pixDestroy(&desk);
    pixDestroy(&desk_rules);
    if (!is_cert) {
        json_decref(corrections);
        pixDestroy(&grey);
        return NULL;
    }

    /* Only the Ukrainian extract carries a QR code; searching a page that has
     * none costs about a second, so other countries are not searched. */
    json_t *qr = strcmp(info.country, "UKR") == 0
                     ? read_qr(grey, info.number.found ? info.number.value : NULL)
                     : json_null();
    pixDestroy(&grey);

    json_t *cert = json_object();
    json_object_set_new(cert, "country", jstr(info.country));
    json_object_set_new(cert, "kind", jstr(kind_of(info.country)));
    json_t *holder = json_object();
    json_object_set_new(holder, "surname", field_or_null(&info.surname));
    json_object_set_new(holder, "given_names", field_or_null(&info.given_names));
    json_object_set_new(holder, "date_of_birth", field_or_null(&info.date_of_birth));
    json_object_set_new(cert, "holder", holder);
    json_object_set_new(cert, "number", field_or_null(&info.number));
    json_object_set_new(cert, "issued", field_or_null(&info.issued));
    json_object_set_new(cert, "result", json_string(certrules_result_name(info.result)));
    json_object_set_new(cert, "phrase", info.phrase[0] ? jstr(info.phrase) : json_null());
    json_object_set_new(cert, "qr", qr);
    json_object_set_new(cert, "authority", field_or_null(&info.authority));
    json_object_set_new(cert, "result_reason", jstr(info.reason));
    json_t *ev = json_object();
    json_object_set_new(ev, "phrase", info.phrase[0] ? jstr(info.phrase_source) : json_null());
    json_object_set_new(ev, "surname", evidence_of(&info.surname));
    json_object_set_new(ev, "given_names", evidence_of(&info.given_names));
    json_object_set_new(ev, "date_of_birth", evidence_of(&info.date_of_birth));
    json_object_set_new(ev, "number", evidence_of(&info.number));
    json_object_set_new(ev, "issued", evidence_of(&info.issued));
    json_object_set_new(ev, "authority", evidence_of(&info.authority));
    /* the names taken from a second reading, when there are any */
    if (json_array_size(corrections) > 0)
        json_object_set_new(ev, "corrections", corrections);
    else
        json_decref(corrections);
    json_object_set_new(cert, "evidence", ev);
    json_object_set_new(cert, "orientation", json_integer(deg));
    return cert;
}
