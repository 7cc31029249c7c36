/*
 * mrzread — find and read the MRZ(s) on a page image (see mrzread.h).
 *
 * 1. The page becomes one 8-bit grey buffer at full resolution and a copy
 *    shrunk to about LOC_SIDE px a side for location.
 * 2. Text lines are found at that scale in both axes (cv_text_lines: dark
 *    strokes joined along rows, then along columns for pages turned 90°)
 *    and grouped into 2- or 3-line blocks of parallel, equally long,
 *    evenly spaced lines: MRZ candidates.
 * 3. Each candidate's quadrilateral is warped from the full-resolution page
 *    to an upright crop with characters about TARGET_CAP px high (this
 *    removes skew, the 90° turns and a photo's perspective) and its
 *    background is flattened.  Which end is the start (0° or 180°) is first
 *    guessed from where the fillers are, and the other way is read too when
 *    the first reading does not validate.
 * 4. Each line is read by the fixed-pitch glyph reader and, where that is
 *    unsure (or the reading does not validate: then every line a check
 *    digit covers), cut out and read by Tesseract (varta's OCR-B model, one line at
 *    a time, only its text: a card edge or shadow beside it is painted
 *    paper) with per-character alternatives.  The readings are aligned cell
 *    by cell and fused; a line that does not validate, or a name line the
 *    readers disagree on, is read once more binarised, as a third opinion.
 *    mrz_correct picks the characters (ocr/mrzcorrect.c).
 * 5. An image that is one MRZ line cut from a document (line-shaped, one
 *    band spanning it) is read as a lone line when nothing beyond doubt
 *    was found: no format, never valid, its own check digits reported.
 */
#include "mrzread.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

#include "cvwrap.h"
#include "image.h"
#include "mrzcorrect.h"
#include "mrzglyph.h"

#define LOC_SIDE 1100       /* location scale: longest side, px */
#define TARGET_CAP 32       /* character height in the crops read, px */
/* Line ends (in line thicknesses, about character heights) within which
 * the first and last line of an MRZ are taken to end alike */
#define END_AGREE 0.6
/* Growth of the character pitch from one end of an MRZ crop to the other
 * (a share) from which the crop is warped again to undo a photo's
 * foreshortening; the pitch is measured over PITCH_BLOBS ink blobs at
 * each end */
#define PERSPECTIVE_MIN 0.06
#define PITCH_BLOBS 12
#define MAX_BOXES 600       /* text-line candidates kept per axis */
#define MAX_GROUPS 24       /* MRZ candidates considered per page */
#define MAX_TRIES 6         /* candidates read per page (time bound) */
#define DOUBT_CONF 0.5      /* a reading less sure than this is looked at
                               again by the next pass (the decision's own
                               threshold, validators/national-guard.policy) */
#define JOINED_THICK 1.3    /* a line this much thicker than another of its
                               group may have joined print beside it ... */
#define JOINED_LEAN 0.5     /* ... and, leaning this many degrees away from
                               it, gives the group's direction no more */
#define REPLACE_MARGIN 0.15 /* how much surer a valid reading of a band
                               cut again must be to replace one in doubt */
#define WEAK_GROUP 0.5      /* a candidate scoring under this share of one
                               already read is not read (a visa sticker's
                               MRZ on a photo scores about 0.55 of the
                               passport's) */
#define WEAK_BESIDE_VISA 0.4  /* the same beside a valid visa MRZ (a
                               passport photographed with its visa, its MRZ
                               shaded or under a thumb: 0.43 on a dev page) */
#define LINE_GAP_MIN 0.6    /* next MRZ line at least this many line
                               thicknesses below (blurred, sloping lines
                               give thick boxes) */
#define SMALL_LINE 9        /* MRZ lines thinner than this (px at LOC_SIDE)
                               send the page to the 2x pass: a small
                               document in a large photo may hide a second
                               MRZ there */
#define TURN_LEAN 20        /* lines leaning more than this many degrees
                               from across and down the page may break into
                               pieces there: when nothing read validates,
                               the page is looked at turned half a right
                               angle, and only candidates leaning so are
                               read there */
#define DEFER_LEAN 30       /* candidates leaning this far are read on the
                               page turned only (where they lean at most 15
                               degrees; across the page, a band cut short
                               still validates as a shorter format), unless
                               an MRZ-like block is square to the page */
#define SQUARE_LEAN 8       /* a page with an MRZ-like block, or mostly
                               text lines, leaning less than this is square
                               to the camera: it is not looked at turned
                               unless candidates were left to that (a
                               dotted or hatched background lines up at 45
                               degrees) */
#define SHORT_LINE 6        /* text lines that many line heights long or
                               more say which way a page lies */
#define BROKEN_PIECE 0.4    /* a piece of a TD1's broken line this long (a
                               share of the others) completes the block */
#define SLANT_MAX 0.3       /* steepest lean of print looked for: 17 degrees */
#define SLANT_STEP 0.025
#define SLANT_MIN 0.05      /* print leaning more than this (3 degrees) is
                             * sheared upright before it is read: upright
                             * OCR-B crops of scans and photos measure within
                             * 0.01, an oblique OCR-B face 0.15-0.23 */
#define BOW_STRIPS 12       /* columns of a crop's text compared for a bow */
#define BOW_MIN 0.12        /* lines bowing this far from straight (in
                               character heights) are straightened */
#define BOW_SLOPE 0.3       /* steepest bow followed (rows per column) */
#define BOW_GATHER 1.1      /* and straightened only when that gathers
                               their ink into rows this much better */
#define BOW_RANGE_MAX 64    /* and at most this many rows between strips */
#define BOW_MARGIN 0.7      /* paper kept above and below the lines of a
                               bowed crop cut again, in line heights (as
                               warp_group keeps) ... */
#define BOW_END_MARGIN 1.5  /* ... and beyond their ends */
#define MAX_CROP_W 4000
#define MAX_CROP_H 1200
#define LONE_ASPECT 4       /* an image this many times as wide as tall
                               (or as tall as wide) may be a lone MRZ line
                               (30 characters are about 21 character
                               heights long): pages never are */
#define LONE_SPAN 0.6       /* a lone MRZ line spans this share of its
                               image (a line cut from a document) ... */
#define LONE_TALL 6         /* ... which is at most this many of its
                               thicknesses tall: never a page */
#define LONE_BESIDE 0.75    /* and no other band that long is this thick
                               (a share of its thickness) */
#define LONE_PAD 2.0        /* a lone line's image is padded with its own
                               paper this many line thicknesses ... */
#define LONE_PAD_MAX_PX (16u << 20)  /* ... when that makes no more pixels
                               than this (a line-shaped image this large is
                               read as it is) */
#define LONE_SURE 0.5       /* a lone line with no date check digits right
                               (a first line) is kept when read this surely
                               ... */
#define LONE_FILLERS 3      /* ... and holding this many fillers */
#define SOFT_LEAST 0.8     /* first cells' match with blurred templates a line
                             needs for the second, blurred look (blurred MRZ
                             lines of dev photos: 0.84-0.95; visual-zone
                             text: 0.71-0.76) */
#define GLYPH_SURE 0.65    /* glyph reading confidence that needs no OCR model */
#define GLYPH_NAME_SURE 0.8  /* the same for a character of the name line,
                              which no check digit covers (a J read for an I,
                              a D for an O at 0.65-0.77 on dev pages; at 0.75
                              a speck under an I made a valid TD3 name read
                              J at 0.77, sure enough to clear) */
#define GLYPH_GUARDED 0.5  /* nor, at this confidence, when only digits that
                              check digits vouch for are unsure (and a
                              reading this sure is not sent to review for
                              its confidence alone: policies ask 0.5) */

#define KEEP_PAGE_BUF (32u << 20)  /* grey page buffer kept between pages up to
                                      this size (a fresh one costs a page fault
                                      every 4 KiB) */

struct mrz_reader {
    TessBaseAPI *api;
    unsigned char *page_buf;    /* the page in grey, reused page after page */
    size_t page_cap;
};

typedef struct grey {
    unsigned char *p;
    int w, h;               /* stride == w */
} grey;

static void set_err(char *err, size_t errsize, const char *fmt, ...)
{
    if (err == NULL || errsize == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Reader                                                               */

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
    TessBaseAPISetPageSegMode(r->api, PSM_SINGLE_LINE);
    TessBaseAPISetVariable(r->api, "lstm_choice_mode", "2");
    TessBaseAPISetVariable(r->api, "tessedit_do_invert", "0");
    TessBaseAPISetVariable(r->api, "tessedit_char_whitelist",
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<");
    TessBaseAPISetVariable(r->api, "debug_file", "/dev/null");
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
    free(r->page_buf);
    free(r);
}

void mrz_reading_clear(mrz_reading *reading)
{
    if (reading == NULL)
        return;
    if (reading->crop != NULL)
        pixDestroy(&reading->crop);
    memset(reading, 0, sizeof *reading);
}

/* ------------------------------------------------------------------ */
/* Pixels                                                               */

/* Row y of an 8-bpp PIX (wpl words per row) into o[0..w): Leptonica keeps
 * the bytes of each 32-bit word most significant first. */
static void row_from_pix8(const l_uint32 *line, int w, unsigned char *o)
{
    int x = 0;
    for (; x + 4 <= w; x += 4) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        l_uint32 v = __builtin_bswap32(line[x / 4]);
#else   /* the word is already in memory most significant byte first */
        l_uint32 v = line[x / 4];
#endif
        memcpy(o + x, &v, 4);
    }
    for (; x < w; x++)
        o[x] = (unsigned char)GET_DATA_BYTE(line, x);
}

/* Row of a 32-bpp RGB PIX into its luminance. */
__attribute__((optimize("O3"))) static void row_from_rgb(const l_uint32 *line, int w, unsigned char *o)
{
    for (int x = 0; x < w; x++) {
        l_uint32 v = line[x];
        unsigned r = (v >> L_RED_SHIFT) & 0xff, gg = (v >> L_GREEN_SHIFT) & 0xff,
                 b = (v >> L_BLUE_SHIFT) & 0xff;
        o[x] = (unsigned char)((r * 77 + gg * 150 + b * 29) >> 8);
    }
}

/* The page as 8-bit grey (luminance), one byte per pixel, in the reader's
 * page buffer (g->p belongs to r: release it with release_grey). */
static int page_to_grey(mrz_reader *r, PIX *page, grey *g)
{
    l_int32 w, h, d;
    pixGetDimensions(page, &w, &h, &d);
    if (w <= 0 || h <= 0 || (size_t)w * (size_t)h > (size_t)200000000)
        return -1;
    PIX *p8 = NULL;
    if (d == 8 && pixGetColormap(page) == NULL) {
        p8 = pixClone(page);
    } else if (d != 32) {
        p8 = pixConvertTo8(page, 0);
        if (p8 == NULL)
            return -1;
    }
    size_t need = (size_t)w * (size_t)h;
    if (need > r->page_cap) {
        free(r->page_buf);
        r->page_cap = 0;
        r->page_buf = malloc(need);
        if (r->page_buf == NULL) {
            pixDestroy(&p8);
            return -1;
        }
        r->page_cap = need;
    }
    g->w = w;
    g->h = h;
    g->p = r->page_buf;
    PIX *src = p8 != NULL ? p8 : page;
    l_uint32 *data = pixGetData(src);
    int wpl = pixGetWpl(src);
    for (int y = 0; y < h; y++) {
        const l_uint32 *line = data + (size_t)y * wpl;
        if (p8 != NULL)
            row_from_pix8(line, w, g->p + (size_t)y * w);
        else
            row_from_rgb(line, w, g->p + (size_t)y * w);
    }
    pixDestroy(&p8);
    return 0;
}

/* Done with the grey page: a very large buffer is not kept. */
static void release_grey(mrz_reader *r)
{
    if (r->page_cap > KEEP_PAGE_BUF) {
        free(r->page_buf);
        r->page_buf = NULL;
        r->page_cap = 0;
    }
}

static PIX *grey_to_pix(const unsigned char *p, int w, int h, int stride)
{
    PIX *pix = pixCreate(w, h, 8);
    if (pix == NULL)
        return NULL;
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; y++) {
        l_uint32 *line = data + (size_t)y * wpl;
        const unsigned char *s = p + (size_t)y * stride;
        for (int x = 0; x < w; x++)
            SET_DATA_BYTE(line, x, s[x]);
    }
    return pix;
}

static void rotate180(unsigned char *p, int w, int h)
{
    size_t n = (size_t)w * h;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned char t = p[i];
        p[i] = p[n - 1 - i];
        p[n - 1 - i] = t;
    }
}

/* Otsu's threshold of n grey levels p[]. */
static int otsu(const unsigned char *p, size_t n)
{
    long hist[256] = {0};
    for (size_t i = 0; i < n; i++)
        hist[p[i]]++;
    return img_otsu_threshold(hist);
}

/* ------------------------------------------------------------------ */
/* Grouping text lines into MRZ candidates                              */

typedef struct group {
    int n;                  /* 2 or 3 lines (1: a lone line) */
    cv_line_box line[3];    /* first to last along the normal */
    double score;
} group;

static double angle_diff(double a, double b)
{
    double d = fabs(a - b);
    while (d > 180)
        d -= 180;
    return d > 90 ? 180 - d : d;
}

/* Normal offset of b from a (positive: b is below a in a's frame). */
static void offsets(const cv_line_box *a, const cv_line_box *b, double *along, double *across)
{
    double t = a->angle * M_PI / 180.0;
    double ux = cos(t), uy = sin(t), vx = -uy, vy = ux;
    double dx = b->cx - a->cx, dy = b->cy - a->cy;
    *along = dx * ux + dy * uy;
    *across = dx * vx + dy * vy;
}

static bool line_ok(const cv_line_box *b)
{
    return b->thick >= 3 && b->len >= 14 * b->thick && b->len <= 70 * b->thick && b->gap < 2.5;
}

/* b follows a as the next MRZ line: parallel, as long, as thick, right
 * below, not shifted along the line. */
static bool follows(const cv_line_box *a, const cv_line_box *b, double *gap)
{
    if (angle_diff(a->angle, b->angle) > 5)
        return false;
    double lr = a->len < b->len ? a->len / b->len : b->len / a->len;
    double tr = a->thick < b->thick ? a->thick / b->thick : b->thick / a->thick;
    if (lr < 0.8 || tr < 0.5)
        return false;
    double along, across;
    offsets(a, b, &along, &across);
    double t = (a->thick + b->thick) / 2;
    if (across < LINE_GAP_MIN * t || across > 3.5 * t)
        return false;
    if (fabs(along) > 0.12 * (a->len + b->len) / 2)
        return false;
    *gap = across;
    return true;
}

/* A piece of the line in line with b[i] and b[j] (i above j, bgap
 * apart): parallel, about as thick, as far above i or below j, within
 * their length and at least BROKEN_PIECE of it.  Its index (*above: it is
 * above i), or -1. */
static int broken_third(const cv_line_box *b, int n, int i, int j, double bgap, bool *above)
{
    double len = fmax(b[i].len, b[j].len), thick = (b[i].thick + b[j].thick) / 2;
    int found = -1;
    double best_gap = 1e9;
    for (int k = 0; k < n; k++) {
        if (k == i || k == j || angle_diff(b[i].angle, b[k].angle) > 5 ||
            b[k].len < BROKEN_PIECE * len || b[k].thick < 0.5 * thick || b[k].thick > 2 * thick)
            continue;
        for (int side = 0; side < 2; side++) {
            /* offsets from the nearer line of the pair, in its frame */
            const cv_line_box *near = side ? &b[i] : &b[j];
            double along, across;
            offsets(near, &b[k], &along, &across);
            double gap = side ? -across : across;
            if (gap < 0.8 * bgap || gap > 1.25 * bgap ||
                fabs(along) + b[k].len / 2 > near->len / 2 + thick)
                continue;
            if (gap < best_gap) {
                best_gap = gap;
                found = k;
                *above = side == 1;
            }
        }
    }
    return found;
}

static int find_groups(const cv_line_box *b, int n, group *out, int max)
{
    int ng = 0;
    for (int i = 0; i < n && ng < max; i++) {
        if (!line_ok(&b[i]))
            continue;
        int best = -1;
        double bgap = 1e9, gap;
        for (int j = 0; j < n; j++)
            if (j != i && line_ok(&b[j]) && follows(&b[i], &b[j], &gap) && gap < bgap) {
                best = j;
                bgap = gap;
            }
        if (best < 0)
            continue;
        int third = -1;
        double tgap = 1e9;
        for (int k = 0; k < n; k++)
            if (k != i && k != best && line_ok(&b[k]) && follows(&b[best], &b[k], &gap) &&
                gap < tgap && gap > 0.8 * bgap && gap < 1.25 * bgap) {
                third = k;
                tgap = gap;
            }
        double aspect = (b[i].len / b[i].thick + b[best].len / b[best].thick) / 2;
        double ink = (b[i].ink + b[best].ink) / 2;
        double lr = b[i].len < b[best].len ? b[i].len / b[best].len : b[best].len / b[i].len;
        /* MRZ lines: as long as N characters about as wide as high */
        double d30 = (aspect - 30) / 7, d36 = (aspect - 36) / 7, d44 = (aspect - 44) / 8;
        double fit2 = fmax(exp(-d36 * d36), exp(-d44 * d44));
        double fit3 = exp(-d30 * d30);
        /* two lines of a TD1's length with no third as long: its third
         * line may have broken (a turned card's first line, in pieces); a
         * piece of it, in line above or below, completes the block */
        bool above = false;
        if (third < 0 && fit3 > fit2)
            third = broken_third(b, n, i, best, bgap, &above);
        double gaps = fmax(b[i].gap, b[best].gap);
        double base = ink + 2 * (lr - 0.8) - 0.5 * fmax(0, gaps - 0.8);
        if (third >= 0 && ng < max) {
            group *g = &out[ng++];
            g->n = 3;
            g->line[0] = above ? b[third] : b[i];
            g->line[1] = above ? b[i] : b[best];
            g->line[2] = above ? b[best] : b[third];
            g->score = base + 1.5 * fit3 + 0.2;
        }
        if (ng < max) {
            group *g = &out[ng++];
            g->n = 2;
            g->line[0] = b[i];
            g->line[1] = b[best];
            g->score = base + 1.5 * fit2;
        }
    }
    /* best first */
    for (int i = 1; i < ng; i++)
        for (int j = i; j > 0 && out[j].score > out[j - 1].score; j--) {
            group t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return ng;
}

/* ------------------------------------------------------------------ */
/* OCR of one line                                                      */

/* Read one line crop into lattice line `li`; returns the mean confidence
 * (0..1) or -1 when the engine failed. */
static double ocr_line(mrz_reader *r, const unsigned char *p, int w, int h, int stride,
                       mrz_lattice *lat, int li)
{
    PIX *pix = grey_to_pix(p, w, h, stride);
    if (pix == NULL)
        return -1;
    TessBaseAPISetImage2(r->api, pix);
    TessBaseAPISetSourceResolution(r->api, 300);
    int rc = TessBaseAPIRecognize(r->api, NULL);
    pixDestroy(&pix);
    lat->len[li] = 0;
    if (rc != 0)
        return -1;
    TessResultIterator *ri = TessBaseAPIGetIterator(r->api);
    if (ri == NULL)
        return 0;
    TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
    double sum = 0;
    int n = 0;
    do {
        char *sym = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
        if (sym == NULL)
            continue;
        char c = (sym[0] != '\0' && sym[1] == '\0') ? sym[0] : '?';
        float conf = TessResultIteratorConfidence(ri, RIL_SYMBOL) / 100.0f;
        TessDeleteText(sym);
        if (n >= MRZ_LATTICE_MAX)
            break;
        mrz_cell *cell = &lat->cell[li][n];
        memset(cell, 0, sizeof *cell);
        cell->n = 1;
        cell->ch[0] = c;
        cell->p[0] = conf < 0 ? 0 : conf > 1 ? 1 : conf;
        TessChoiceIterator *ci = TessResultIteratorGetChoiceIterator(ri);
        if (ci != NULL) {
            float top = -1;
            do {
                const char *t = TessChoiceIteratorGetUTF8Text(ci);
                float p = TessChoiceIteratorConfidence(ci) / 100.0f;
                if (t == NULL || t[0] == '\0' || t[1] != '\0')
                    continue;
                if (t[0] == c) {
                    top = p;
                    continue;
                }
                mrz_cell_add(cell, t[0], p < 0 ? 0 : p > 1 ? 1 : p, 1);
            } while (TessChoiceIteratorNext(ci));
            TessChoiceIteratorDelete(ci);
            if (top >= 0)
                cell->p[0] = top > 1 ? 1 : top;
        }
        sum += cell->p[0];
        n++;
    } while (TessPageIteratorNext(pi, RIL_SYMBOL));
    TessResultIteratorDelete(ri);
    lat->len[li] = n;
    return n > 0 ? sum / n : 0;
}

/* ------------------------------------------------------------------ */
/* Reading one candidate                                                */

/* How a crop's columns are bent to straighten lines that bow: column u
 * is taken dv(u) rows lower than the quad's plain warp would take it, dv
 * linear between the knots (x[i], dv[i]), x rising, and beyond them
 * along the nearest two.  n == 0: not bent. */
typedef struct bow {
    int n;
    float x[BOW_STRIPS], dv[BOW_STRIPS];
} bow;

typedef struct crop {
    unsigned char *p;
    int w, h;
    double cap;             /* character height in the crop */
    float quad[8];          /* the page quad it was warped from */
    bow bent;               /* and how its columns were bent */
} crop;

/* dv(u) of bow b (see struct bow); 0 when b is not bent. */
static double bow_at(const bow *b, double u)
{
    if (b->n < 2)
        return 0;
    int i = 0;
    while (i + 2 < b->n && u > b->x[i + 1])
        i++;
    double t = (u - b->x[i]) / (b->x[i + 1] - b->x[i]);
    return b->dv[i] + t * (b->dv[i + 1] - b->dv[i]);
}

/* The w x h pixels of `page` within quad q (corners top left, top right,
 * bottom right, bottom left, in page pixels), warped upright, its columns
 * bent by b (NULL or not bent: straight); a new buffer (the caller frees
 * it), or NULL on no memory or a failed warp. */
static unsigned char *warp_quad(const grey *page, const float q[8], const bow *b, int w, int h)
{
    unsigned char *p = malloc((size_t)w * h);
    bool bent = b != NULL && b->n >= 2;
    float *dv = bent ? malloc(sizeof *dv * (size_t)w) : NULL;
    for (int u = 0; dv != NULL && u < w; u++)
        dv[u] = (float)bow_at(b, u);
    if (p != NULL && ((bent && dv == NULL) ||
                      cv_warp_quad(page->p, page->w, page->h, page->w, q, dv, p, w, h, w,
                                   2 * TARGET_CAP + 1, NULL, 0) != CV_OK)) {
        free(p);
        p = NULL;
    }
    free(dv);
    return p;
}

/* Warp group g (location-scale coordinates, scale s = small/full) from the
 * full-resolution page into an upright crop, reading direction along +u. */
static int warp_group(const grey *page, const group *g, double s, crop *c)
{
    const cv_line_box *f = &g->line[0], *l = &g->line[g->n - 1];
    /* the first line's direction, unless it came out clearly thicker than
     * another line of the group and leans away from it: a line joined to
     * print beside it (a visual zone's last line, a shadow's edge) leans
     * towards what it joined; the thinnest line's direction then */
    const cv_line_box *straight = f;
    for (int i = 1; i < g->n; i++)
        if (g->line[i].thick < straight->thick)
            straight = &g->line[i];
    if (f->thick < JOINED_THICK * straight->thick || fabs(f->angle - straight->angle) < JOINED_LEAN)
        straight = f;
    double t = straight->angle * M_PI / 180.0;
    double ux = cos(t), uy = sin(t), vx = -uy, vy = ux;
    double thick = 0, len = 0;
    for (int i = 0; i < g->n; i++) {
        thick += g->line[i].thick;
        len += g->line[i].len;
    }
    thick /= g->n;
    len /= g->n;
    double mx = 1.5 * thick, my = 0.7 * thick;
    double along, across;
    offsets(f, l, &along, &across);
    /* Ends of the first and last line along the first (from the first
     * line's centre).  MRZ lines are all as long (fillers pad them); when
     * the ends disagree by more than about a character, a speck or a
     * lost end moved one of them, and following it would shear every
     * character: both lines then end where the longer one does.  Ends that
     * agree are followed (a photo's perspective slants the band's ends). */
    double f_left = -f->len / 2, f_right = f->len / 2;
    double l_left = along - l->len / 2, l_right = along + l->len / 2;
    bool left_apart = fabs(f_left - l_left) > END_AGREE * thick;
    bool right_apart = fabs(f_right - l_right) > END_AGREE * thick;
    if (left_apart)
        f_left = l_left = fmin(f_left, l_left);
    if (right_apart)
        f_right = l_right = fmax(f_right, l_right);
    if (left_apart || right_apart)
        len = fmax(f_right - f_left, l_right - l_left);
    /* a bowing line's box holds the bow as well as the line */
    double ft = (f->thick + f->bow) / 2 + my, lt = (l->thick + l->bow) / 2 + my;
    /* corner = centre + u * (end along, from that line's centre) + v * side */
    double a0 = f_left - mx, a1 = f_right + mx, a2 = l_right - along + mx, a3 = l_left - along - mx;
    float q[8] = {
        (float)((f->cx + ux * a0 - vx * ft) / s), (float)((f->cy + uy * a0 - vy * ft) / s),
        (float)((f->cx + ux * a1 - vx * ft) / s), (float)((f->cy + uy * a1 - vy * ft) / s),
        (float)((l->cx + ux * a2 + vx * lt) / s), (float)((l->cy + uy * a2 + vy * lt) / s),
        (float)((l->cx + ux * a3 + vx * lt) / s), (float)((l->cy + uy * a3 + vy * lt) / s),
    };
    /* line thickness at location scale is about the character height */
    double k = TARGET_CAP / thick;
    int w = (int)lround((len + 2 * mx) * k), h = (int)lround((across + ft + lt) * k);
    if (w < 40 || h < 20 || w > MAX_CROP_W || h > MAX_CROP_H)
        return -1;
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "quad %d %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", g->n, q[0], q[1], q[2], q[3],
                q[4], q[5], q[6], q[7]);
    c->p = warp_quad(page, q, NULL, w, h);
    if (c->p == NULL)
        return -1;
    c->w = w;
    c->h = h;
    c->cap = TARGET_CAP;
    memcpy(c->quad, q, sizeof c->quad);
    return 0;
}

static void split_lines(const crop *c, int thr, int n, int *top, int *bot);
static void text_span(const crop *c, int top, int bot, int thr, int *x0, int *x1);

/* Rows by which the ink of profile b (h rows) lies lower than that of
 * profile a: the shift within +-range that best lines them up, refined
 * by a parabola through its neighbours. */
static double profile_shift(const float *a, const float *b, int h, int range)
{
    double best = -1, score[2 * BOW_RANGE_MAX + 1];
    int bd = 0;
    for (int d = -range; d <= range; d++) {
        double sum = 0;
        for (int y = (d < 0 ? -d : 0); y < h && y + d < h; y++)
            sum += (double)a[y] * b[y + d];
        score[d + range] = sum;
        if (sum > best) {
            best = sum;
            bd = d;
        }
    }
    if (bd == -range || bd == range)
        return bd;
    double l = score[bd - 1 + range], m = score[bd + range], r = score[bd + 1 + range];
    double den = l - 2 * m + r;
    return den < 0 ? bd + 0.5 * (l - r) / den : bd;
}

/* How much the ink (darker than thr) of columns x0..x1 of crop c gathers
 * into few rows: the sum of squared row ink counts over the squared sum
 * (1 / the number of rows the ink would fill evenly). */
static double row_gathering(const crop *c, int thr, int x0, int x1)
{
    double sum = 0, sq = 0;
    for (int y = 0; y < c->h; y++) {
        const unsigned char *row = c->p + (size_t)y * c->w;
        int ink = 0;
        for (int x = x0; x <= x1; x++)
            ink += row[x] < thr;
        sum += ink;
        sq += (double)ink * ink;
    }
    return sum > 0 ? sq / (sum * sum) : 0;
}

/* A page that sags in the hand or lifts off the glass bows the MRZ
 * lines: their ends drift up or down a line, and a band cut straight
 * reads the ends of one line with the middle of another.  Compare the
 * row profiles of BOW_STRIPS columns of the text of crop c (n lines),
 * each with its neighbour, for how far the lines rise or fall along the
 * crop; when they depart from a straight line by BOW_MIN of a character
 * height or more, warp the crop again with its columns bent to follow
 * them (c->bent), scaled so that the lines, now straight, are as tall as
 * the crops read, and cut to them with the margins warp_group keeps (the
 * chord of a line that curls at one end falls short of its last
 * character).  c is unchanged when it does not bow, or on any failure. */
static void straighten_bow(const grey *page, crop *c, int n)
{
    int thr = otsu(c->p, (size_t)c->w * c->h);
    int x0, x1;
    text_span(c, 0, c->h - 1, thr, &x0, &x1);
    int sw = (x1 - x0 + 1) / BOW_STRIPS;
    int range = (int)(BOW_SLOPE * sw);
    if (range > BOW_RANGE_MAX)
        range = BOW_RANGE_MAX;
    if (range > c->h / 4)
        range = c->h / 4;
    if (x1 - x0 < c->w / 3 || sw < 8 || range < 2)
        return;
    float *prof = calloc((size_t)BOW_STRIPS * c->h, sizeof *prof);
    if (prof == NULL)
        return;
    for (int y = 0; y < c->h; y++) {
        const unsigned char *row = c->p + (size_t)y * c->w;
        for (int k = 0; k < BOW_STRIPS; k++) {
            int ink = 0;
            for (int x = x0 + k * sw; x < x0 + (k + 1) * sw; x++)
                ink += row[x] < thr;
            prof[(size_t)k * c->h + y] = (float)ink;
        }
    }
    /* each strip against its neighbour towards the middle one */
    double dv[BOW_STRIPS], xs[BOW_STRIPS];
    int mid = BOW_STRIPS / 2;
    dv[mid] = 0;
    for (int k = 0; k < BOW_STRIPS; k++)
        xs[k] = x0 + (k + 0.5) * sw;
    for (int k = mid + 1; k < BOW_STRIPS; k++)
        dv[k] = dv[k - 1] + profile_shift(prof + (size_t)(k - 1) * c->h, prof + (size_t)k * c->h,
                                          c->h, range);
    for (int k = mid - 1; k >= 0; k--)
        dv[k] = dv[k + 1] + profile_shift(prof + (size_t)(k + 1) * c->h, prof + (size_t)k * c->h,
                                          c->h, range);
    free(prof);
    /* departure from the straight line through them (least squares) */
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (int k = 0; k < BOW_STRIPS; k++) {
        sx += xs[k];
        sy += dv[k];
        sxx += xs[k] * xs[k];
        sxy += xs[k] * dv[k];
    }
    double slope = (BOW_STRIPS * sxy - sx * sy) / (BOW_STRIPS * sxx - sx * sx);
    double icpt = (sy - slope * sx) / BOW_STRIPS, dev = 0;
    for (int k = 0; k < BOW_STRIPS; k++)
        dev = fmax(dev, fabs(dv[k] - icpt - slope * xs[k]));
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "bow: %.1f px from straight\n", dev);
    if (dev < BOW_MIN * c->cap)
        return;
    bow b = {.n = BOW_STRIPS};
    for (int k = 0; k < BOW_STRIPS; k++) {
        b.x[k] = (float)xs[k];
        b.dv[k] = (float)dv[k];
    }
    crop bent = *c;
    bent.bent = b;
    bent.p = warp_quad(page, c->quad, &b, c->w, c->h);
    if (bent.p == NULL)
        return;
    /* lines straightened gather their ink into fewer rows; a bow measured
     * wrongly (a strip matched to the next line, print beside the band)
     * spreads it */
    int bthr = otsu(bent.p, (size_t)bent.w * bent.h);
    double gather = row_gathering(&bent, bthr, x0, x1) / row_gathering(c, thr, x0, x1);
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "bow: rows gather %.2f times the ink\n", gather);
    if (!(gather >= BOW_GATHER)) {
        free(bent.p);
        return;
    }
    /* the lines' height and rows, straight now: the scale and rows of the
     * crop cut again */
    int top[3], bot[3], tx0, tx1;
    split_lines(&bent, bthr, n, top, bot);
    double hl = 0;
    for (int i = 0; i < n; i++)
        hl += (bot[i] - top[i] + 1) / (double)n;
    text_span(&bent, top[0], bot[n - 1], bthr, &tx0, &tx1);
    double z = c->cap / hl, m = BOW_MARGIN * hl;
    double u0 = tx0 - BOW_END_MARGIN * hl, u1 = tx1 + 1 + BOW_END_MARGIN * hl;
    double v0 = top[0] - m, v1 = bot[n - 1] + m;
    int w = (int)lround((u1 - u0) * z), h = (int)lround((v1 - v0) * z);
    float q[8];
    const double corner[4][2] = {{u0, v0}, {u1, v0}, {u1, v1}, {u0, v1}};
    bool cut = hl >= 3 && w >= 40 && h >= 20 && w <= MAX_CROP_W && h <= MAX_CROP_H;
    for (int i = 0; i < 4 && cut; i++) {
        double x, y;
        cut = cv_quad_point(c->quad, c->w, c->h, corner[i][0], corner[i][1], &x, &y) == CV_OK;
        q[2 * i] = (float)x;
        q[2 * i + 1] = (float)y;
    }
    for (int k = 0; k < b.n && cut; k++) {
        b.x[k] = (float)((b.x[k] - u0) * z);
        b.dv[k] = (float)(b.dv[k] * z);
    }
    unsigned char *p = cut ? warp_quad(page, q, &b, w, h) : NULL;
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "bow: lines %.1f px, cut %dx%d%s\n", hl, w, h,
                p ? "" : " (kept uncut)");
    free(c->p);
    if (p == NULL) {
        *c = bent;
        return;
    }
    free(bent.p);
    c->p = p;
    c->w = w;
    c->h = h;
    memcpy(c->quad, q, sizeof q);
    c->bent = b;
}

/* Median of the n values v (n >= 1; v is reordered). */
static double median_of(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Character pitch near the two ends of the line in rows top..bot of crop c
 * (dark below thr): the median gap between neighbouring ink blobs among
 * the first and the last PITCH_BLOBS, at mean columns *xl and *xr.  False
 * when the line has too few blobs. */
static bool end_pitches(const crop *c, int thr, int top, int bot, double *pl, double *pr,
                        double *xl, double *xr)
{
    double centre[MRZ_LATTICE_MAX + 8];
    int nb = 0;
    for (int x = 0; x < c->w && nb < MRZ_LATTICE_MAX + 8;) {
        int ink = 0;
        for (int y = top; y <= bot; y++)
            ink += c->p[(size_t)y * c->w + x] < thr;
        if (ink == 0) {
            x++;
            continue;
        }
        int x0 = x;
        while (x < c->w && ink > 0) {
            x++;
            ink = 0;
            for (int y = top; y <= bot && x < c->w; y++)
                ink += c->p[(size_t)y * c->w + x] < thr;
        }
        centre[nb++] = (x0 + x - 1) / 2.0;
    }
    if (nb < 2 * PITCH_BLOBS)
        return false;
    double gl[PITCH_BLOBS], gr[PITCH_BLOBS];
    *xl = *xr = 0;
    for (int i = 0; i < PITCH_BLOBS - 1; i++) {
        gl[i] = centre[i + 1] - centre[i];
        gr[i] = centre[nb - PITCH_BLOBS + i + 1] - centre[nb - PITCH_BLOBS + i];
        *xl += (centre[i + 1] + centre[i]) / 2 / (PITCH_BLOBS - 1);
        *xr += (centre[nb - PITCH_BLOBS + i + 1] + centre[nb - PITCH_BLOBS + i]) / 2 / (PITCH_BLOBS - 1);
    }
    *pl = median_of(gl, PITCH_BLOBS - 1);
    *pr = median_of(gr, PITCH_BLOBS - 1);
    return *pl > 0 && *pr > 0;
}

/* A photographed MRZ is nearer the camera at one end: its characters grow
 * along the line, in pitch and (as the square root of the pitch's growth,
 * for a flat page) in height.  The band's quad, taken from line boxes of
 * one thickness, cannot see that, and the crop's cells would drift off a
 * fixed pitch.  Measure the pitch near both ends of each line of crop c
 * (n lines); when they differ by more than PERSPECTIVE_MIN, warp again
 * from a quad whose ends are as tall as the print there, which undoes the
 * foreshortening.  c is unchanged when no change was needed or possible. */
static void straighten_perspective(const grey *page, crop *c, int n)
{
    int thr = otsu(c->p, (size_t)c->w * c->h);
    int top[3], bot[3];
    split_lines(c, thr, n, top, bot);
    double ratio = 0, xl = 0, xr = 0;
    for (int i = 0; i < n; i++) {
        double pl, pr, l, r;
        if (!end_pitches(c, thr, top[i], bot[i], &pl, &pr, &l, &r))
            return;
        ratio += pr / pl / n;
        xl += l / n;
        xr += r / n;
    }
    if (fabs(ratio - 1) < PERSPECTIVE_MIN || ratio < 0.6 || ratio > 1.7 || xr - xl < c->w / 2)
        return;
    /* heights (as shares of the left one) along the line, extrapolated to
     * the crop's ends, then as shares of the height at the middle */
    double slope = (sqrt(ratio) - 1) / (xr - xl);
    double h0 = 1 - slope * xl, hw = 1 + slope * (c->w - 1 - xl), hm = (h0 + hw) / 2;
    float q[8];
    memcpy(q, c->quad, sizeof q);
    /* left edge: top-left q[0..1], bottom-left q[6..7]; right: q[2..5] */
    static const int edge[2][2] = {{0, 6}, {2, 4}};
    for (int e = 0; e < 2; e++) {
        double k = (e == 0 ? h0 : hw) / hm;
        int a = edge[e][0], b = edge[e][1];
        double mx = (q[a] + q[b]) / 2, my = (q[a + 1] + q[b + 1]) / 2;
        q[a] = (float)(mx + (q[a] - mx) * k);
        q[a + 1] = (float)(my + (q[a + 1] - my) * k);
        q[b] = (float)(mx + (q[b] - mx) * k);
        q[b + 1] = (float)(my + (q[b + 1] - my) * k);
    }
    unsigned char *p = warp_quad(page, q, &c->bent, c->w, c->h);
    if (p == NULL)
        return;
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "perspective: pitch grows %.3f, quad %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\n",
                ratio, q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7]);
    free(c->p);
    c->p = p;
    memcpy(c->quad, q, sizeof c->quad);
}

/* Thin dark rules crossing the MRZ (a photocopier's streak, a fold, a
 * page edge): columns of the crop holding a dark run over RULE_SPAN of the
 * crop's height, through the margins above and below the lines where no
 * character reaches (a column of stems blurred together stays within the
 * lines), with paper RULE_SIDE px either side on a share of its rows (a
 * card's dark edge has none).  Row by row, such a run and its soft edges
 * (RULE_EDGE px of grey) are painted over from the pixels beside them, so
 * strokes it crosses stay. */
#define RULE_SPAN 0.8
#define RULE_SIDE 4
#define RULE_PAPER_SHARE 0.3
#define RULE_EDGE 2

/* Mark (in mark, w x h) the dark runs of column x that are rules. */
static void mark_rule_runs(const crop *c, int thr, int x, unsigned char *mark)
{
    int min_run = (int)lround(RULE_SPAN * c->h);
    int y = 0;
    while (y < c->h) {
        if (c->p[(size_t)y * c->w + x] >= thr) {
            y++;
            continue;
        }
        int y0 = y, paper = 0;
        for (; y < c->h && c->p[(size_t)y * c->w + x] < thr; y++) {
            const unsigned char *row = c->p + (size_t)y * c->w;
            paper += row[x - RULE_SIDE] >= thr && row[x + RULE_SIDE] >= thr;
        }
        if (y - y0 >= min_run && paper >= RULE_PAPER_SHARE * (y - y0))
            for (int k = y0; k < y; k++)
                mark[(size_t)k * c->w + x] = 1;
    }
}

/* Paint the marked spans of row y, widened over their grey edges, with
 * the run from the pixel left of them to the pixel right of them. */
static void paint_rule_row(crop *c, int thr, int y, const unsigned char *mark)
{
    unsigned char *row = c->p + (size_t)y * c->w;
    const unsigned char *m = mark + (size_t)y * c->w;
    int soft = (thr + 255) / 2;
    for (int x = 0; x < c->w; x++) {
        if (!m[x])
            continue;
        int a = x, b = x;
        while (b + 1 < c->w && m[b + 1])
            b++;
        x = b;
        for (int e = 0; e < RULE_EDGE && a > 1 && row[a - 1] < soft; e++)
            a--;
        for (int e = 0; e < RULE_EDGE && b < c->w - 2 && row[b + 1] < soft; e++)
            b++;
        int left = a > 0 ? row[a - 1] : row[b + 1 < c->w ? b + 1 : b];
        int right = b + 1 < c->w ? row[b + 1] : left;
        for (int k = a; k <= b; k++)
            row[k] = (unsigned char)(left + (right - left) * (k - a + 1) / (b - a + 2));
    }
}

static void erase_rules(crop *c)
{
    if (c->w <= 2 * RULE_SIDE)
        return;
    unsigned char *mark = calloc((size_t)c->w * c->h, 1);
    if (mark == NULL)
        return;
    int thr = otsu(c->p, (size_t)c->w * c->h);
    bool any = false;
    for (int x = RULE_SIDE; x < c->w - RULE_SIDE; x++)
        mark_rule_runs(c, thr, x, mark);
    for (size_t i = 0; i < (size_t)c->w * c->h && !any; i++)
        any = mark[i];
    for (int y = 0; any && y < c->h; y++)
        paint_rule_row(c, thr, y, mark);
    free(mark);
}

/* Row bands of the n lines in an upright crop: top[i]..bot[i]. */
static void split_lines(const crop *c, int thr, int n, int *top, int *bot)
{
    int *prof = calloc((size_t)c->h, sizeof *prof);
    for (int i = 0; i < n; i++) {       /* fallback: equal division */
        top[i] = c->h * i / n + c->h / (4 * n);
        bot[i] = c->h * (i + 1) / n - c->h / (4 * n);
    }
    if (prof == NULL)
        return;
    int mx = 0;
    for (int y = 0; y < c->h; y++) {
        const unsigned char *row = c->p + (size_t)y * c->w;
        int k = 0;
        for (int x = 0; x < c->w; x++)
            k += row[x] < thr;
        prof[y] = k;
        if (k > mx)
            mx = k;
    }
    /* runs of rows with ink, largest n kept in order */
    int rt[16], rb[16], rm[16], nr = 0;
    int lim = mx / 5;
    for (int y = 0; y < c->h && nr < 16;) {
        if (prof[y] <= lim) {
            y++;
            continue;
        }
        int y0 = y, m = 0;
        while (y < c->h && prof[y] > lim)
            m += prof[y++];
        if (y - y0 >= c->cap / 3) {
            rt[nr] = y0;
            rb[nr] = y - 1;
            rm[nr] = m;
            nr++;
        }
    }
    free(prof);
    while (nr > n) {        /* drop the lightest run */
        int mi = 0;
        for (int i = 1; i < nr; i++)
            if (rm[i] < rm[mi])
                mi = i;
        for (int i = mi; i + 1 < nr; i++) {
            rt[i] = rt[i + 1];
            rb[i] = rb[i + 1];
            rm[i] = rm[i + 1];
        }
        nr--;
    }
    if (nr == n)
        for (int i = 0; i < n; i++) {
            top[i] = rt[i];
            bot[i] = rb[i];
        }
}

/* Slant of the print in crop c (n lines), as the shift per row that
 * stands it upright: row y moves t * (its line's middle - y) columns, so
 * print leaning right (an oblique face, a photo sheared by perspective)
 * gives t < 0.  Upright stems gather a line's ink into the fewest columns,
 * so the sum of squared column ink counts of the sheared lines peaks at
 * t; shears of SLANT_STEP up to SLANT_MAX are tried and the peak refined
 * by a parabola through its neighbours.  0 when none gathers the ink
 * better than upright, or on no memory. */
static double print_slant(const crop *c, int n)
{
    enum { STEPS = (int)(2 * SLANT_MAX / SLANT_STEP + 1.5) };
    double score[STEPS] = {0};
    int thr = otsu(c->p, (size_t)c->w * c->h);
    int top[3], bot[3];
    split_lines(c, thr, n, top, bot);
    /* the lines' ink pixels, as (column, rows above the line's middle),
     * gathered once for all the shears */
    size_t nink = 0, cap = 0;
    for (int i = 0; i < n; i++)
        cap += (size_t)(bot[i] - top[i] + 1) * c->w;
    int pad = (int)ceil(SLANT_MAX * c->h) + 2, cols = c->w + 2 * pad;
    float *ink_x = malloc(sizeof *ink_x * cap), *ink_up = malloc(sizeof *ink_up * cap);
    int *line_end = malloc(sizeof *line_end * (size_t)n);
    double *hist = malloc(sizeof *hist * (size_t)cols);
    if (ink_x == NULL || ink_up == NULL || line_end == NULL || hist == NULL)
        goto done;
    for (int i = 0; i < n; i++) {
        double mid = (top[i] + bot[i]) / 2.0;
        for (int y = top[i]; y <= bot[i]; y++) {
            const unsigned char *row = c->p + (size_t)y * c->w;
            for (int x = 0; x < c->w; x++)
                if (row[x] < thr) {
                    ink_x[nink] = (float)(x + pad);
                    ink_up[nink++] = (float)(mid - y);
                }
        }
        line_end[i] = (int)nink;
    }
    for (int k = 0; k < STEPS; k++) {
        double t = -SLANT_MAX + k * SLANT_STEP;
        size_t from = 0;
        for (int i = 0; i < n; i++) {
            memset(hist, 0, sizeof *hist * (size_t)cols);
            for (size_t j = from; j < (size_t)line_end[i]; j++) {
                double x = ink_x[j] + t * ink_up[j];
                int whole = (int)x;
                double frac = x - whole;
                hist[whole] += 1 - frac;
                hist[whole + 1] += frac;
            }
            from = (size_t)line_end[i];
            for (int x = 0; x < cols; x++)
                score[k] += hist[x] * hist[x];
        }
    }
done:
    free(ink_x);
    free(ink_up);
    free(line_end);
    free(hist);
    int best = STEPS / 2;
    for (int k = 0; k < STEPS; k++)
        if (score[k] > score[best])
            best = k;
    double t = -SLANT_MAX + best * SLANT_STEP;
    if (best > 0 && best < STEPS - 1) {
        double a = score[best - 1], b = score[best], d = score[best + 1];
        double den = a - 2 * b + d;
        if (den < 0)
            t += SLANT_STEP * 0.5 * (a - d) / den;
    }
    return t;
}

/* Crop c warped again from page with its print sheared upright by slant t
 * (print_slant's): the quad's top corners move -t * h/2 crop columns along
 * the top edge, its bottom ones +t * h/2 along the bottom edge.  Into *out
 * (owning its pixels); -1 when the warp fails. */
static int unslant(const grey *page, const crop *c, double t, crop *out)
{
    const float *q = c->quad;
    float s[8];
    memcpy(s, q, sizeof s);
    double d_top = -t * c->h / 2, d_bot = t * c->h / 2;
    double tx = (q[2] - q[0]) / c->w, ty = (q[3] - q[1]) / c->w;
    double bx = (q[4] - q[6]) / c->w, by = (q[5] - q[7]) / c->w;
    for (int k = 0; k < 4; k += 2) {          /* TL, TR */
        s[k] = (float)(q[k] + d_top * tx);
        s[k + 1] = (float)(q[k + 1] + d_top * ty);
    }
    for (int k = 4; k < 8; k += 2) {          /* BR, BL */
        s[k] = (float)(q[k] + d_bot * bx);
        s[k + 1] = (float)(q[k + 1] + d_bot * by);
    }
    *out = *c;
    out->p = warp_quad(page, s, &c->bent, c->w, c->h);
    memcpy(out->quad, s, sizeof s);
    return out->p != NULL ? 0 : -1;
}

/* Glyph-read the n lines (rows top[i]..bot[i] of crop c) as lines of chars
 * characters into *lat (cleared first), with blurred templates where
 * may_blur and the sharp ones match poorly (*blurred: some line was; *poor:
 * the sharp templates matched some line poorly).  The mean cell score, or
 * -1 when a line cannot be read. */
static double glyph_lines(const crop *c, int n, const int *top, const int *bot, int chars,
                          bool may_blur, mrz_lattice *lat, bool *blurred, bool *poor)
{
    memset(lat, 0, sizeof *lat);
    lat->nlines = n;
    double sum = 0;
    *blurred = *poor = false;
    for (int i = 0; i < n; i++) {
        mrz_glyph_print print = {may_blur, may_blur ? SOFT_LEAST : 0, false, false};
        double s = mrz_glyph_read_line_as(c->p, c->w, c->h, c->w, top[i], bot[i], chars, &print,
                                          lat, i);
        if (s < 0)
            return -1;
        sum += s;
        *blurred |= print.blurred;
        *poor |= print.poor;
    }
    return sum / n;
}

/* Read every line of crop c with the fixed-pitch glyph classifier; the
 * number of characters per line comes from the line count (3: TD1) or the
 * ink blobs (36 or 44; a lone line: 30 too).  may_blur, *blurred and *poor as for glyph_lines. */
static double glyph_crop(const crop *c, int n, bool may_blur, mrz_lattice *lat, bool *blurred,
                         bool *poor)
{
    int thr = otsu(c->p, (size_t)c->w * c->h);
    int top[3], bot[3];
    split_lines(c, thr, n, top, bot);
    if (n == 1) {   /* a lone line: 30, 36 or 44 characters by its glyphs */
        int count = mrz_glyph_count(c->p, c->w, c->h, c->w, top[0], bot[0]);
        int chars = count >= 40 ? 44 : count >= 33 ? 36 : 30;
        return glyph_lines(c, n, top, bot, chars, may_blur, lat, blurred, poor);
    }
    if (n != 2)
        return glyph_lines(c, n, top, bot, 30, may_blur, lat, blurred, poor);
    /* two lines: 36 or 44 characters, from the glyphs counted on each.
     * When the lines disagree (one line's pitch taken at twice the
     * character's, over blur or glare), both lengths are read and the
     * better-matching kept. */
    bool long_line[2];
    for (int i = 0; i < 2; i++)
        long_line[i] = mrz_glyph_count(c->p, c->w, c->h, c->w, top[i], bot[i]) >= 40;
    if (long_line[0] == long_line[1])
        return glyph_lines(c, n, top, bot, long_line[0] ? 44 : 36, may_blur, lat, blurred, poor);
    mrz_lattice *other = malloc(sizeof *other);
    if (other == NULL)
        return -1;
    bool other_blurred, other_poor;
    double s36 = glyph_lines(c, n, top, bot, 36, may_blur, lat, blurred, poor);
    double s44 = glyph_lines(c, n, top, bot, 44, may_blur, other, &other_blurred, &other_poor);
    *poor |= other_poor;
    if (s44 > s36) {
        *lat = *other;
        *blurred = other_blurred;
        s36 = s44;
    }
    free(other);
    return s36;
}

/* Columns x0..x1 of the text of the line in rows top..bot of crop c: the
 * heaviest run of ink blobs with no blank wider than a character (MRZ
 * lines have no spaces).  Columns dark over the whole line height (a card
 * edge, a shadow, the desk beyond the page) are not text.  The whole width
 * when no ink is found. */
static void text_span(const crop *c, int top, int bot, int thr, int *x0, int *x1)
{
    *x0 = 0;
    *x1 = c->w - 1;
    int hb = bot - top + 1;
    int *col = calloc((size_t)c->w, sizeof *col);
    if (col == NULL || hb < 2) {
        free(col);
        return;
    }
    for (int y = top; y <= bot; y++) {
        const unsigned char *row = c->p + (size_t)y * c->w;
        for (int x = 0; x < c->w; x++)
            col[x] += row[x] < thr;
    }
    int gap_max = (int)c->cap;
    long best = 0, run = 0;
    int ra = -1, last = -1;
    for (int x = 0; x < c->w; x++) {
        int k = col[x] >= hb - 1 ? 0 : col[x];
        if (k == 0)
            continue;
        if (last < 0 || x - last - 1 > gap_max) {
            ra = x;
            run = 0;
        }
        run += k;
        last = x;
        if (run > best) {
            best = run;
            *x0 = ra;
            *x1 = x;
        }
    }
    free(col);
}

/* The text spans of the n lines in crop c.  MRZ lines all start and end
 * at the same column: ink a line has beyond the others' (a card edge,
 * clutter) by more than 0.4 of a character is not its text.  A line whose
 * span is far off the others' keeps its own. */
static void common_spans(const crop *c, int n, const int *top, const int *bot, int thr,
                         int *x0, int *x1)
{
    for (int i = 0; i < n; i++)
        text_span(c, top[i], bot[i], thr, &x0[i], &x1[i]);
    int far = (int)(4 * c->cap), slack = (int)(0.4 * c->cap);
    int a[3], b[3];
    for (int i = 0; i < n; i++) {
        a[i] = x0[i];
        b[i] = x1[i];
        for (int j = 0; j < n; j++) {
            if (j == i)
                continue;
            if (x0[j] - x0[i] < far && x0[j] - slack > a[i])
                a[i] = x0[j] - slack;
            if (x1[i] - x1[j] < far && x1[j] + slack < b[i])
                b[i] = x1[j] + slack;
        }
    }
    for (int i = 0; i < n; i++)
        if (a[i] < b[i]) {
            x0[i] = a[i];
            x1[i] = b[i];
        }
}

/* The grey level of paper around the text in rows y0..y1, columns x0..x1
 * of crop c (the light quarter of its pixels), and the Otsu threshold
 * between paper and ink there. */
static void paper_and_ink(const crop *c, int y0, int y1, int x0, int x1, int *paper, int *thr)
{
    long hist[256] = {0};
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
            hist[c->p[(size_t)y * c->w + x]]++;
    long n = (long)(y1 - y0 + 1) * (x1 - x0 + 1), acc = 0;
    *paper = 255;
    for (int v = 255; v >= 0; v--)
        if ((acc += hist[v]) >= n / 4) {
            *paper = v;
            break;
        }
    *thr = img_otsu_threshold(hist);
}

#ifdef MRZREAD_DEBUG
/* Development only (never in a normal build: the pixels are personal data):
 * each line image given to the model, and what it read, written to
 * $VARTA_MRZ_DUMP-NNNN.png and .txt, for scripts/mrzlines/pipeline_lines.py
 * to pair with generated truth as training lines. */
static void dump_line(const unsigned char *buf, int w, int h, const mrz_lattice *lat, int li)
{
    static int count;
    const char *prefix = getenv("VARTA_MRZ_DUMP");
    if (prefix == NULL || li < 0 || li >= lat->nlines)
        return;
    PIX *pix = pixCreate(w, h, 8);
    if (pix == NULL)
        return;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            pixSetPixel(pix, x, y, buf[(size_t)y * w + x]);
    char path[4096];
    snprintf(path, sizeof path, "%s-%04d.png", prefix, count);
    pixWrite(path, pix, IFF_PNG);
    pixDestroy(&pix);
    snprintf(path, sizeof path, "%s-%04d.txt", prefix, count++);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return;
    for (int i = 0; i < lat->len[li]; i++)
        fputc(lat->cell[li][i].ch[0], f);
    fputc('\n', f);
    fclose(f);
}
#endif

/* OCR rows y0..y1 of crop c as one line whose text spans columns x0..x1:
 * the engine sees the text with 0.6 of a character of paper (not an edge
 * or a shadow) on each side.  `binarise`: ink black and paper white at
 * the Otsu threshold of the text (a second look that does not depend on
 * how grey and soft the strokes are).  Returns ocr_line's confidence. */
static double ocr_text_line(mrz_reader *r, const crop *c, int y0, int y1, int x0, int x1,
                            bool binarise, mrz_lattice *lat, int li)
{
    int margin = (int)(c->cap * 0.6);
    int lw = x1 - x0 + 1 + 2 * margin, lh = y1 - y0 + 1;
    unsigned char *buf = malloc((size_t)lw * lh);
    if (buf == NULL)
        return -1;
    int paper, thr;
    paper_and_ink(c, y0, y1, x0, x1, &paper, &thr);
    for (int y = 0; y < lh; y++) {
        const unsigned char *row = c->p + (size_t)(y0 + y) * c->w;
        unsigned char *o = buf + (size_t)y * lw;
        for (int x = 0; x < lw; x++) {
            int sx = x0 - margin + x;
            int v = (sx >= x0 - 2 && sx <= x1 + 2 && sx >= 0 && sx < c->w) ? row[sx] : paper;
            if (binarise)
                v = v < thr ? 0 : 255;
            o[x] = (unsigned char)v;
        }
    }
    double conf = ocr_line(r, buf, lw, lh, lw, lat, li);
#ifdef MRZREAD_DEBUG
    dump_line(buf, lw, lh, lat, li);
#endif
    free(buf);
    return conf;
}

/* OCR the lines of crop c named in `mask` (bit i: line i) into lat (the
 * other lines are left empty), binarised or not.  Returns the mean
 * confidence, or -1 when the first line read is clearly not an MRZ line. */
static double read_crop(mrz_reader *r, const crop *c, int n, unsigned mask, bool binarise,
                        mrz_lattice *lat)
{
    int thr = otsu(c->p, (size_t)c->w * c->h);
    int top[3], bot[3];
    split_lines(c, thr, n, top, bot);
    memset(lat, 0, sizeof *lat);
    lat->nlines = n;
    double sum = 0;
    int nread = 0;
    int sx0[3], sx1[3];
    common_spans(c, n, top, bot, thr, sx0, sx1);
    for (int i = 0; i < n; i++) {
        if (!(mask & (1u << i)))
            continue;
        nread++;
        int lh = bot[i] - top[i] + 1;
        int pad = (int)(0.35 * lh) + 2;
        int y0 = top[i] - pad, y1 = bot[i] + pad;
        if (i > 0 && y0 < (bot[i - 1] + top[i]) / 2)
            y0 = (bot[i - 1] + top[i]) / 2;
        if (i + 1 < n && y1 > (bot[i] + top[i + 1]) / 2)
            y1 = (bot[i] + top[i + 1]) / 2;
        if (y0 < 0)
            y0 = 0;
        if (y1 > c->h - 1)
            y1 = c->h - 1;
        double conf = ocr_text_line(r, c, y0, y1, sx0[i], sx1[i], binarise, lat, i);
        if (conf < 0)
            return -1;
        if (nread == 1 && (lat->len[i] < 24 || lat->len[i] > 52 || conf < 0.35))
            return -1;
        sum += conf;
    }
    return nread > 0 ? sum / nread : -1;
}

/* Ink in the first and last `frac` of the columns: MRZ lines end in
 * fillers more often than they start with them. */
static bool looks_reversed(const crop *c)
{
    int thr = otsu(c->p, (size_t)c->w * c->h);
    int band = c->w / 6;
    long left = 0, right = 0;
    for (int y = 0; y < c->h; y++) {
        const unsigned char *row = c->p + (size_t)y * c->w;
        for (int x = 0; x < band; x++) {
            left += row[x] < thr;
            right += row[c->w - 1 - x] < thr;
        }
    }
    return right > left * 1.1;
}

bool mrz_reading_better(const mrz_reading *a, const mrz_reading *b)
{
    if (a->mrz.valid != b->mrz.valid)
        return a->mrz.valid;
    int pa = 0, pb = 0;
    for (int i = 0; i < MRZ_CHECK_COUNT; i++) {
        pa += a->mrz.has_check[i] && a->mrz.check_ok[i];
        pb += b->mrz.has_check[i] && b->mrz.check_ok[i];
    }
    if (!a->mrz.valid) {
        pa -= a->ncorrections;
        pb -= b->ncorrections;
    }
    if (pa != pb)
        return pa > pb;
    return a->confidence > b->confidence;
}

/* The lattice of lines [from, from+n) of lat. */
static void sub_lattice(const mrz_lattice *lat, int from, int n, mrz_lattice *out)
{
    memset(out, 0, sizeof *out);
    out->nlines = n;
    for (int i = 0; i < n; i++) {
        out->len[i] = lat->len[from + i];
        memcpy(out->cell[i], lat->cell[from + i], sizeof out->cell[i]);
    }
}

/* Correct lat into *out; a 3-line block whose lines are not 30 long may be
 * a 2-line MRZ with a text line above or below it. */
static void correct_any(const mrz_lattice *lat, vdate ref, mrz_reading *out)
{
    mrz_correct(lat, ref, out);
    if (lat->nlines != 3 || out->mrz.valid)
        return;
    mrz_lattice sub;
    mrz_reading alt;
    for (int from = 0; from <= 1; from++) {
        sub_lattice(lat, from, 2, &sub);
        memset(&alt, 0, sizeof alt);
        mrz_correct(&sub, ref, &alt);
        if (alt.mrz.format != MRZ_FMT_NONE && mrz_reading_better(&alt, out))
            *out = alt;
    }
}

/* A lone line (an image of one MRZ line) is an MRZ line when its date
 * check digits are right as a second line's (mrz_correct), or when it was
 * read surely and holds fillers, which no other print has, or starts as
 * a first line does: a document code's letter, a filler or letter, and a
 * known state (a TD1's first line may have no filler). */
static bool lone_line_plausible(const mrz_reading *rd, double mean_conf)
{
    if (rd->mrz.has_check[MRZ_CHECK_DATE_OF_BIRTH])
        return true;
    const char *line = rd->mrz.lines[0];
    int fillers = 0;
    for (int i = 0; i < rd->mrz.line_len[0]; i++)
        fillers += line[i] == '<';
    char state[4] = {0};
    if (rd->mrz.line_len[0] >= 5)
        memcpy(state, line + 2, 3);
    bool first_line = line[0] != '\0' && strchr("PVIAC", line[0]) != NULL &&
                      (line[1] == '<' || isupper((unsigned char)line[1])) && mrz_country_known(state);
    return mean_conf >= LONE_SURE && (fillers >= LONE_FILLERS || first_line);
}

/* An MRZ read with errors is still reported (as invalid); text that merely
 * has MRZ-like line lengths is not. */
static bool plausible(const mrz_reading *rd, double mean_conf)
{
    if (rd->mrz.nlines == 1)
        return lone_line_plausible(rd, mean_conf);
    if (rd->mrz.format == MRZ_FMT_NONE)
        return false;
    if (rd->mrz.valid)
        return true;
    int pass = 0;
    for (int i = 0; i < MRZ_CHECK_COUNT; i++)
        pass += rd->mrz.has_check[i] && rd->mrz.check_ok[i];
    return (pass >= 1 && mean_conf >= 0.6) || mean_conf >= 0.75;
}

static int orientation_of(double angle, bool flipped)
{
    int o = (int)lround(angle / 90.0) * 90;     /* -90, 0, 90 */
    if (flipped)
        o += 180;
    return ((o % 360) + 360) % 360;
}

/* The check digits a reading has right. */
static int right_checks(const mrz_reading *rd)
{
    int pass = 0;
    for (int i = 0; i < MRZ_CHECK_COUNT; i++)
        pass += rd->mrz.has_check[i] && rd->mrz.check_ok[i];
    return pass;
}

/* How well a reading validates: valid first, then right check digits,
 * then whether its document code is one its format uses and its states
 * are known ones (what the name line, which no check digit covers,
 * offers: a speck read before it shifts them). */
static int checks_rank(const mrz_reading *rd)
{
    const mrz_result *m = &rd->mrz;
    bool codes_known = m->format != MRZ_FMT_NONE && mrz_codes_known(m->format, m->lines[0], m);
    return (m->format != MRZ_FMT_NONE) + 2 * codes_known + 4 * right_checks(rd) + 100 * m->valid;
}

/* (mrzcorrect.h) */
void mrz_fuse_cell(const mrz_cell *x, const mrz_cell *y, float wx, mrz_cell *o)
{
    if (x == NULL || y == NULL) {
        *o = x != NULL ? *x : *y;
        return;
    }
    char ch[2 * MRZ_MAX_ALTS];
    float p[2 * MRZ_MAX_ALTS];
    int n = 0;
    for (int k = 0; k < x->n; k++) {
        ch[n] = x->ch[k];
        p[n++] = wx * x->p[k];
    }
    for (int k = 0; k < y->n; k++) {
        int j = 0;
        while (j < n && ch[j] != y->ch[k])
            j++;
        if (j == n) {
            ch[n] = y->ch[k];
            p[n++] = 0;
        }
        p[j] += (1 - wx) * y->p[k];
    }
    /* most probable first: a cell keeps only MRZ_MAX_ALTS of them */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && p[j] > p[j - 1]; j--) {
            float tp = p[j];
            char tc = ch[j];
            p[j] = p[j - 1];
            ch[j] = ch[j - 1];
            p[j - 1] = tp;
            ch[j - 1] = tc;
        }
    /* a reading whose choice rests on the strokes that tell it from the
     * runner-up (mrzglyph) keeps it: it and the fused choice trade
     * probabilities (only the characters move; each p stays in its place,
     * so the cell stays sorted).  The other reader's confidence says
     * nothing about those few pixels (the model sure of F over a faint E's
     * bottom bar) */
    const mrz_cell *by_stroke = x->stroke ? x : y->stroke ? y : NULL;
    for (int j = 1; by_stroke != NULL && !(x->stroke && y->stroke) && j < n; j++)
        if (ch[j] == by_stroke->ch[0]) {
            ch[j] = ch[0];
            ch[0] = by_stroke->ch[0];
            break;
        }
    memset(o, 0, sizeof *o);
    for (int k = 0; k < n; k++)
        mrz_cell_add(o, ch[k], p[k], 0);
    o->contested = x->contested || y->contested;
    o->disputed = x->disputed || y->disputed;
    o->stroke = by_stroke != NULL && o->ch[0] == by_stroke->ch[0];
}

/* Alignment of two readings of a line, cell by cell: pair[i] is the cell
 * of b read at a's cell i, or -1 when b has none there. */
typedef struct line_alignment {
    int pair[MRZ_LATTICE_MAX];
    int differ;             /* cells unpaired or paired with another character */
} line_alignment;

/* Align line l of a and b on their best characters (edit distance: the
 * glyph reader's lattice may start a cell or two off, the model may read a
 * character too many or too few). */
static void align_line(const mrz_lattice *a, const mrz_lattice *b, int l, line_alignment *al)
{
    enum { MATCH = 2, MISMATCH = -1, GAP = -2 };
    int na = a->len[l], nb = b->len[l];
    static const int W = MRZ_LATTICE_MAX + 1;
    int score[(MRZ_LATTICE_MAX + 1) * (MRZ_LATTICE_MAX + 1)];
    for (int i = 0; i <= na; i++)
        for (int j = 0; j <= nb; j++) {
            int v;
            if (i == 0 || j == 0) {
                v = GAP * (i + j);
            } else {
                int same = a->cell[l][i - 1].ch[0] == b->cell[l][j - 1].ch[0];
                v = score[(i - 1) * W + j - 1] + (same ? MATCH : MISMATCH);
                if (score[(i - 1) * W + j] + GAP > v)
                    v = score[(i - 1) * W + j] + GAP;
                if (score[i * W + j - 1] + GAP > v)
                    v = score[i * W + j - 1] + GAP;
            }
            score[i * W + j] = v;
        }
    for (int i = 0; i < na; i++)
        al->pair[i] = -1;
    al->differ = 0;
    int i = na, j = nb;
    while (i > 0 || j > 0) {
        if (i > 0 && j > 0) {
            int same = a->cell[l][i - 1].ch[0] == b->cell[l][j - 1].ch[0];
            if (score[i * W + j] == score[(i - 1) * W + j - 1] + (same ? MATCH : MISMATCH)) {
                al->pair[i - 1] = j - 1;
                al->differ += !same;
                i--;
                j--;
                continue;
            }
        }
        if (i > 0 && score[i * W + j] == score[(i - 1) * W + j] + GAP)
            i--;
        else
            j--;
        al->differ++;
    }
}

/* Per cell, the weighted average (wa for a) of two readings' probabilities,
 * the lines aligned (align_line).  A line is laid out on b's cells when both
 * readings are as long (the glyph reader's lattice, a, was off), else on
 * a's (the glyph reader cuts exactly the line's cells).  Cells only one
 * reading has are that reading's.  Lines b did not read stay a's. */
static void fuse(const mrz_lattice *a, const mrz_lattice *b, float wa, mrz_lattice *out)
{
    *out = *a;
    for (int l = 0; l < a->nlines && l < b->nlines; l++) {
        if (b->len[l] == 0)
            continue;
        line_alignment al;
        bool on_b = a->len[l] == b->len[l];
        if (on_b) {
            align_line(b, a, l, &al);       /* pair[j]: a's cell at b's cell j */
            for (int j = 0; j < b->len[l]; j++)
                mrz_fuse_cell(al.pair[j] >= 0 ? &a->cell[l][al.pair[j]] : NULL, &b->cell[l][j],
                              wa, &out->cell[l][j]);
        } else {
            align_line(a, b, l, &al);
            for (int i = 0; i < a->len[l]; i++)
                mrz_fuse_cell(&a->cell[l][i], al.pair[i] >= 0 ? &b->cell[l][al.pair[i]] : NULL,
                              wa, &out->cell[l][i]);
        }
    }
}

/* Mark the cells of lines in mask where readings a and b are each sure
 * (MRZ_CONTEST_P; MRZ_CONTEST_NAME_P on the name line) of a different
 * character as contested, and where each prefers a different one
 * (MRZ_DISPUTE_P) as disputed, in both: every reading made from either
 * then carries that doubt (mrz_correct).  Returns the number of cells
 * disputed. */
int mrz_mark_contested(mrz_lattice *a, mrz_lattice *b, int n, unsigned mask)
{
    int marked = 0;
    int name_line = (n == 3) ? 2 : 0;
    for (int l = 0; l < n && l < a->nlines && l < b->nlines; l++) {
        if (!(mask & (1u << l)) || a->len[l] == 0 || b->len[l] == 0)
            continue;
        float sure = l == name_line ? MRZ_CONTEST_NAME_P : MRZ_CONTEST_P;
        line_alignment al;
        align_line(a, b, l, &al);
        for (int i = 0; i < a->len[l]; i++) {
            if (al.pair[i] < 0)
                continue;
            mrz_cell *x = &a->cell[l][i], *y = &b->cell[l][al.pair[i]];
            if (x->ch[0] == y->ch[0] || x->p[0] < MRZ_DISPUTE_P || y->p[0] < MRZ_DISPUTE_P)
                continue;
            x->disputed = y->disputed = true;
            if (x->p[0] >= sure && y->p[0] >= sure)
                x->contested = y->contested = true;
            marked++;
        }
    }
    return marked;
}

/* The model's reading completed into *lt: lines the model did not read
 * (not in mask), and unless `own_name` the name line where the model's
 * length is off, are the glyph reader's (whose cells are exactly the
 * line's).  Returns whether the name line's length was off. */
static bool model_reading(const mrz_lattice *glyph, const mrz_lattice *model, int n,
                          unsigned mask, bool own_name, mrz_lattice *lt)
{
    *lt = *model;
    if (glyph == NULL)
        return false;
    int name_line = (n == 3) ? 2 : 0;     /* the line no check digit covers */
    bool off = (mask & (1u << name_line)) && lt->len[name_line] != glyph->len[name_line];
    for (int l = 0; l < n; l++)
        if (!(mask & (1u << l)) || (l == name_line && off && !own_name)) {
            lt->len[l] = glyph->len[l];
            memcpy(lt->cell[l], glyph->cell[l], sizeof lt->cell[l]);
        }
    return off;
}

/* Take reading rd of candidate lattice cand into *out (and cand into
 * *best) when it validates more than *out, or as much when `on_tie`. */
static bool take_if_better(const mrz_lattice *cand, const mrz_reading *rd, bool on_tie,
                           mrz_lattice *best, mrz_reading *out)
{
    int a = checks_rank(rd), b = checks_rank(out);
    if (a > b || (on_tie && a == b)) {
        *out = *rd;
        *best = *cand;
        return true;
    }
    return false;
}

/* take_if_better with candidate lattice cand, corrected. */
static bool consider(const mrz_lattice *cand, vdate ref, bool on_tie, mrz_lattice *best,
                     mrz_reading *out)
{
    mrz_reading rd;
    memset(&rd, 0, sizeof rd);
    correct_any(cand, ref, &rd);
    return take_if_better(cand, &rd, on_tie, best, out);
}

/* Lines in mask where readings a and b disagree on some character. */
static unsigned disagreeing(const mrz_lattice *a, const mrz_lattice *b, int n, unsigned mask)
{
    unsigned m = 0;
    for (int l = 0; l < n; l++) {
        line_alignment al;
        if (!(mask & (1u << l)) || b->len[l] == 0)
            continue;
        align_line(a, b, l, &al);
        if (al.differ > 0)
            m |= 1u << l;
    }
    return m;
}

/* Whether line l of lat was read, each character with probability `sure`
 * at least. */
static bool line_sure(const mrz_lattice *lat, int l, double sure)
{
    if (l >= lat->nlines || lat->len[l] == 0)
        return false;
    for (int i = 0; i < lat->len[l]; i++)
        if (lat->cell[l][i].p[0] < sure)
            return false;
    return true;
}

/* A glyph reading `out` of lattice lat (n lines) that needs no second
 * opinion: valid and sure of every character, or unsure only of digits
 * that passing check digits vouch for; and as sure as of a name's
 * characters (which no check digit covers) wherever check digits cannot
 * tell the character from a look-alike (U for 0, S for 8 in a document
 * number). */
static bool glyph_settles(const mrz_lattice *lat, int n, const mrz_reading *out)
{
    bool name_sure = mrz_line_class_sure(lat, out, n == 3 ? 2 : 0) >= GLYPH_NAME_SURE;
    if (!out->mrz.valid || !name_sure || mrz_blind_sure(lat, out) < GLYPH_NAME_SURE)
        return false;
    return out->confidence >= GLYPH_SURE ||
           (out->confidence >= GLYPH_GUARDED && mrz_unsure_cells_guarded(lat, out, GLYPH_SURE));
}

/* Read crop c: the fixed-pitch glyph reader first (fast); when its reading
 * is not valid and sure, the glyph reader looks again with blurred
 * templates where the sharp ones matched poorly, and then the OCR model
 * reads the lines it was unsure of.
 * Candidates: the fusion of both readers, the glyph reading, the model's
 * reading, preferred in that order unless one validates more (confidences
 * of different readers are not comparable).  Where the result still does
 * not validate, or the two readers disagree on a line (names have no check
 * digit), the model reads those lines a second time binarised, and the
 * fusion of all the readings is a candidate, preferred on a tie: a
 * character two readers agree on wins.  Returns a mean confidence or -1. */
static double read_both(mrz_reader *r, const crop *c, int n, vdate ref, mrz_lattice *lat,
                        mrz_reading *out)
{
    const char *eng = getenv("VARTA_MRZ_ENGINE");     /* development: glyph | tess */
    memset(out, 0, sizeof *out);
    double cg = -1;
    if (eng == NULL || strcmp(eng, "tess") != 0) {
        bool blurred = false, poor = false;
        cg = glyph_crop(c, n, false, lat, &blurred, &poor);
        if (cg >= 0) {
            correct_any(lat, ref, out);
            if (glyph_settles(lat, n, out) || (eng && strcmp(eng, "glyph") == 0))
                return cg;
        }
        /* not settled: a second look with blurred templates, on the lines
         * the sharp ones match poorly (an out-of-focus photo), kept when
         * it earns more check digits */
        mrz_lattice *soft = poor ? malloc(sizeof *soft) : NULL;
        double cs = soft ? glyph_crop(c, n, true, soft, &blurred, &poor) : -1;
        if (cs >= 0 && blurred) {
            mrz_reading rs;
            memset(&rs, 0, sizeof rs);
            correct_any(soft, ref, &rs);
            if (cg < 0 || checks_rank(&rs) > checks_rank(out)) {
                /* where the sharp look was sure of another character, the
                 * blurred one does not settle the cell */
                if (cg >= 0 && mrz_mark_contested(soft, lat, n, (1u << n) - 1) > 0) {
                    memset(&rs, 0, sizeof rs);
                    correct_any(soft, ref, &rs);
                }
                *lat = *soft;
                *out = rs;
                cg = cs;
            }
        }
        free(soft);
        if (cg >= 0 && glyph_settles(lat, n, out))
            return cg;
    }
    /* the model reads only the lines the glyph reader was unsure of (all
     * of them when it could not cut the lines) */
    unsigned mask = 0;
    for (int l = 0; l < n; l++) {
        double sure = l == (n == 3 ? 2 : 0) ? GLYPH_NAME_SURE : GLYPH_SURE;
        bool unsure = cg < 0 || !line_sure(lat, l, sure);
        if (unsure)
            mask |= 1u << l;
    }
    if (mask == 0 && cg >= 0)
        mask = (1u << n) - 1;   /* sure of every character, yet invalid: look again */
    /* a reading that does not validate: the lines check digits cover are
     * read too, sure or not (a lattice a cell off reads surely and wrongly) */
    if (cg >= 0 && !out->mrz.valid)
        mask |= ((1u << n) - 1) & ~(1u << (n == 3 ? 2 : 0));
    bool have_glyph = cg >= 0;
    mrz_lattice *glyph = malloc(sizeof *glyph), *model = malloc(sizeof *model),
                *second = malloc(sizeof *second), *cand = malloc(sizeof *cand),
                *fused = malloc(sizeof *fused);
    double ct = -1;
    if (glyph == NULL || model == NULL || second == NULL || cand == NULL || fused == NULL)
        goto done;
    *glyph = *lat;
    ct = read_crop(r, c, n, mask, false, model);
    if (ct < 0)
        goto done;
    if (have_glyph && mrz_mark_contested(glyph, model, n, mask) > 0) {
        *lat = *glyph;              /* the glyph reading so far, in doubt */
        correct_any(lat, ref, out);
    }
    bool name_off = model_reading(have_glyph ? glyph : NULL, model, n, mask, false, cand);
    if (have_glyph) {
        fuse(glyph, model, 0.5f, fused);
        consider(fused, ref, true, lat, out);
        if (consider(cand, ref, false, lat, out))
            cg = ct;
        /* the model's own name line, its length put right by
         * mrz_correct, where that validates and reads a known state and
         * document code the others do not (a speck read before the line
         * shifts the glyph reader's cells); not for a reading that does
         * not validate: one more way to cut garbage passes a check digit
         * by chance often enough */
        if (name_off) {
            mrz_reading own;
            memset(&own, 0, sizeof own);
            model_reading(glyph, model, n, mask, true, cand);
            correct_any(cand, ref, &own);
            if (own.mrz.valid && take_if_better(cand, &own, false, lat, out))
                cg = ct;
        }
    } else {
        memset(out, 0, sizeof *out);
        correct_any(cand, ref, out);
        *lat = *cand;
        *fused = *model;
        cg = ct;
    }
    /* a second look by the model, binarised */
    /* (of an invalid reading, the lines check digits cover, and only when
     * it is an MRZ with two right check digits: not every block of text,
     * nor every MRZ turned the wrong way, is worth a second look) */
    int name_line = (n == 3) ? 2 : 0;
    unsigned again = 0;
    if (out->mrz.valid && have_glyph)
        again = disagreeing(glyph, model, n, mask & (1u << name_line));
    else if (!out->mrz.valid && out->mrz.format != MRZ_FMT_NONE && right_checks(out) >= 2)
        again = mask & ~(1u << name_line);
    if (again == 0 || read_crop(r, c, n, again, true, second) < 0)
        goto done;
    /* equal weights for the two readers: the model's two looks are one
     * reader's, averaged before they meet the glyph reader's.  Each look
     * is contested against the other readings first: the model sure of
     * one character in one look and of another in the other is as much
     * in doubt as two readers that disagree (a glyph reading that sides
     * with one look would otherwise settle it). */
    mrz_mark_contested(have_glyph ? glyph : fused, second, n, again);
    if (have_glyph)
        mrz_mark_contested(model, second, n, again);
    if (mrz_mark_contested(lat, second, n, again) > 0)
        correct_any(lat, ref, out);     /* the best reading so far, in doubt */
    if (have_glyph) {
        fuse(model, second, 0.5f, fused);
        *model = *fused;
        fuse(glyph, model, 0.5f, cand);
    } else {
        fuse(fused, second, 0.5f, cand);
    }
    /* the name line (no check digit) of the three readings under the
     * other lines of the best reading so far, as it validates as much */
    if ((again & (1u << name_line)) && cand->len[name_line] == lat->len[name_line]) {
        *fused = *lat;
        memcpy(fused->cell[name_line], cand->cell[name_line], sizeof fused->cell[name_line]);
        consider(fused, ref, true, lat, out);
    }
    consider(cand, ref, true, lat, out);
done:
    free(glyph);
    free(model);
    free(second);
    free(cand);
    free(fused);
    return cg >= 0 ? cg : ct;
}

/* A reading worth another look: not valid, or valid with a confidence
 * under DOUBT_CONF (a band cut badly can still validate, with names no
 * check digit covers read wrong). */
static bool in_doubt(const mrz_reading *rd)
{
    return !rd->mrz.valid || rd->confidence < DOUBT_CONF;
}

/* Read crop c of candidate g (n lines) turned half a turn when flipped
 * (c is turned to match; *turned says how it is now); the reading
 * replaces *best (its crop image saved with it) when it is plausible and
 * better, or the first.  Returns whether it did. */
static bool read_turned(mrz_reader *r, crop *c, const group *g, bool flipped, bool *turned,
                        vdate ref, mrz_reading *best, bool *have)
{
    if (flipped != *turned) {
        rotate180(c->p, c->w, c->h);
        *turned = flipped;
    }
    mrz_lattice lat;
    mrz_reading cur;
    double conf = read_both(r, c, g->n, ref, &lat, &cur);
    if (conf < 0 || !plausible(&cur, conf) || (*have && !mrz_reading_better(&cur, best)))
        return false;
    if (*have && best->crop)
        pixDestroy(&best->crop);
    cur.orientation = orientation_of(g->line[0].angle, flipped);
    *best = cur;
    best->crop = grey_to_pix(c->p, c->w, c->h, c->w);
    *have = true;
    return true;
}

/* Read crop c of candidate g the way up rev says, then (unless that
 * validates) the other way, into *best as read_turned does; *flipped_best:
 * the way up of the reading kept. */
static void read_both_ways(mrz_reader *r, crop *c, const group *g, bool rev, vdate ref,
                           mrz_reading *best, bool *have, bool *flipped_best)
{
    bool turned = false;
    for (int attempt = 0; attempt < 2 && !(*have && best->mrz.valid); attempt++) {
        bool flipped = (attempt == 0) ? rev : !rev;
        if (read_turned(r, c, g, flipped, &turned, ref, best, have))
            *flipped_best = flipped;
    }
}

/* Read candidate g; true with *out filled when it holds an MRZ.  Print
 * that leans (an oblique face, a photo's shear) is read sheared upright;
 * should that reading be in doubt, the crop as it was is read too (a lean
 * measured wrongly), and the better reading kept. */
static bool read_group(mrz_reader *r, const grey *page, const group *g, double s, vdate ref,
                       mrz_reading *out)
{
    crop c = {0}, as_cut = {0};
    if (warp_group(page, g, s, &c) != 0)
        return false;
    straighten_bow(page, &c, g->n);
    if (g->n > 1)   /* a name line's fillers alone measure another pitch */
        straighten_perspective(page, &c, g->n);
    erase_rules(&c);
    double slant = print_slant(&c, g->n);
    if (fabs(slant) >= SLANT_MIN && unslant(page, &c, slant, &as_cut) == 0) {
        crop t = c;             /* c upright, as_cut the crop as it was */
        c = as_cut;
        as_cut = t;
        erase_rules(&c);
    }
    bool rev = looks_reversed(&c);
    if (getenv("VARTA_MRZ_DEBUG"))     /* geometry only: no pixels, no text */
        fprintf(stderr, "crop %dx%d rev %d lines %d slant %.3f%s\n", c.w, c.h, rev, g->n, slant,
                as_cut.p ? " (sheared upright)" : "");
    mrz_reading best = {0};
    bool have = false, flipped = false;
    read_both_ways(r, &c, g, rev, ref, &best, &have, &flipped);
    if (as_cut.p != NULL && !have) {
        read_both_ways(r, &as_cut, g, rev, ref, &best, &have, &flipped);
    } else if (as_cut.p != NULL && in_doubt(&best)) {
        bool turned = false;
        read_turned(r, &as_cut, g, flipped, &turned, ref, &best, &have);
    }
    free(c.p);
    free(as_cut.p);
    if (!have)
        return false;
    *out = best;
    return true;
}

/* ------------------------------------------------------------------ */

/* Whether point (x, y) lies within line box b (location scale). */
static bool inside_box(const cv_line_box *b, double x, double y)
{
    double t = b->angle * M_PI / 180.0;
    double dx = x - b->cx, dy = y - b->cy;
    double along = dx * cos(t) + dy * sin(t), across = -dx * sin(t) + dy * cos(t);
    return fabs(along) <= b->len / 2 && fabs(across) <= b->thick;
}

/* Whether candidates a and b are one MRZ: a line of one centred near a
 * line of the other, or inside its box (another pass may join a line
 * into pieces of other lengths, whose centres lie apart). */
static bool same_place(const group *a, const group *b)
{
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            if (inside_box(&a->line[i], b->line[j].cx, b->line[j].cy) ||
                inside_box(&b->line[j], a->line[i].cx, a->line[i].cy))
                return true;
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++) {
            double dx = a->line[i].cx - b->line[j].cx, dy = a->line[i].cy - b->line[j].cy;
            if (sqrt(dx * dx + dy * dy) < (a->line[i].thick + b->line[j].thick))
                return true;
        }
    return false;
}

/* Whether reading b of a band cut again replaces reading a in doubt: b is
 * better, and when both are valid, clearly surer (the lowest character
 * confidence of two cuts differs by a few hundredths by chance alone, and
 * names, which no check digit covers, may differ with it). */
static bool replaces(const mrz_reading *b, const mrz_reading *a)
{
    if (!mrz_reading_better(b, a))
        return false;
    return !(a->mrz.valid && b->mrz.valid) || b->confidence >= a->confidence + REPLACE_MARGIN;
}

/* Share of a read MRZ's candidate score under which another candidate is
 * not read: lower beside a visa, whose passport (with an MRZ of its own)
 * is often photographed with it, in a shadow or under a thumb. */
static double weak_share(const mrz_reading *rd)
{
    bool visa = rd->mrz.valid &&
                (rd->mrz.format == MRZ_FMT_MRVA || rd->mrz.format == MRZ_FMT_MRVB);
    return visa ? WEAK_BESIDE_VISA : WEAK_GROUP;
}

/* A line box's angle says its direction only up to half a turn: OpenCV
 * gives a line down the page as 90 or as -89.8 degrees.  Lines of one MRZ
 * must agree in direction, or the next line is looked for on the wrong
 * side and a three-line MRZ is grouped as two.  Every angle is brought
 * into [-45, 135), where neither lines across (about 0) nor lines down
 * the page (about 90) wrap. */
static void normalise_angles(cv_line_box *boxes, int n)
{
    for (int i = 0; i < n; i++) {
        while (boxes[i].angle < -45)
            boxes[i].angle += 180;
        while (boxes[i].angle >= 135)
            boxes[i].angle -= 180;
    }
}

/* The page point (*x, *y) of point (u, v) of a tw x th image holding the
 * page turned by the angle of cosine ct and sine st about its centre
 * (cx, cy). */
static void turned_to_page(double u, double v, int tw, int th, double cx, double cy, double ct,
                           double st, float *x, float *y)
{
    double du = u - tw / 2.0, dv = v - th / 2.0;
    *x = (float)(cx + ct * du - st * dv);
    *y = (float)(cy + st * du + ct * dv);
}

/* Find text lines in the small page `small` (w x h) turned `turn`
 * degrees (0: as it is), into boxes[0..*nb) in the small page's own
 * coordinates: lines across the turned image are lines leaning `turn`
 * degrees on the page.  The turned image is kept in *turned (allocated
 * here on first use, *tsize bytes, freed by the caller) for the next
 * turn.  Returns 0, or -1 on an internal error. */
static int lines_turned(const unsigned char *small, int w, int h, int turn, int vertical, int join,
                        unsigned char **turned, int *tsize, cv_line_box *boxes, int *nb, char *err,
                        size_t errsize)
{
    /* page point of turned pixel (u, v): centre + R(turn) (u - tw/2, v - th/2) */
    double t = turn * M_PI / 180.0, ct = cos(t), st = sin(t);
    double cx = w / 2.0, cy = h / 2.0;
    /* the turned image holds the whole page: a square for half a right angle */
    int tw = (int)ceil(w * fabs(ct) + h * fabs(st)), th = (int)ceil(w * fabs(st) + h * fabs(ct));
    const unsigned char *src = small;
    if (turn != 0) {
        if (*turned == NULL) {
            *turned = malloc((size_t)tw * th);
            *tsize = tw * th;
        }
        if (*turned == NULL || *tsize < tw * th) {
            set_err(err, errsize, "out of memory");
            return -1;
        }
        float q[8];
        static const int corner_u[4] = {0, 1, 1, 0}, corner_v[4] = {0, 0, 1, 1};
        for (int k = 0; k < 4; k++)
            turned_to_page(corner_u[k] * tw, corner_v[k] * th, tw, th, cx, cy, ct, st, &q[2 * k],
                           &q[2 * k + 1]);
        if (cv_warp_quad(small, w, h, w, q, NULL, *turned, tw, th, tw, 0, err, errsize) != CV_OK)
            return -1;
        src = *turned;
    } else {
        tw = w;
        th = h;
    }
    if (cv_text_lines(src, tw, th, tw, vertical, join, 60, boxes, MAX_BOXES, nb, err, errsize) !=
        CV_OK)
        return -1;
    for (int i = 0; i < *nb && turn != 0; i++) {
        turned_to_page(boxes[i].cx, boxes[i].cy, tw, th, cx, cy, ct, st, &boxes[i].cx,
                       &boxes[i].cy);
        boxes[i].angle += (float)turn;
    }
    return 0;
}

/* Degrees from line direction `angle` to the nearer of across and down
 * the page. */
static double axis_lean(double angle)
{
    double a = fmod(fabs(angle), 90.0);
    return a > 45 ? 90 - a : a;
}

/* Count the text lines among boxes[0..nb) (SHORT_LINE line heights long or
 * more) that lean less than SQUARE_LEAN into *square, and those leaning
 * TURN_LEAN or more into *leaning. */
static void count_lines(const cv_line_box *boxes, int nb, int *square, int *leaning)
{
    for (int i = 0; i < nb; i++) {
        if (boxes[i].thick < 3 || boxes[i].len < SHORT_LINE * boxes[i].thick)
            continue;
        double lean = axis_lean(boxes[i].angle);
        *square += lean < SQUARE_LEAN;
        *leaning += lean >= TURN_LEAN;
    }
}

/* Page g shrunk (area averaging) to `side` px on its longest side, never
 * enlarged: a new buffer (the caller frees it) of *sw x *sh, at scale *s
 * (small / full).  NULL with err set on no memory or a failed resize. */
static unsigned char *shrunk_page(const grey *g, int side, double *s, int *sw, int *sh, char *err,
                                  size_t errsize)
{
    *s = (double)side / (g->w > g->h ? g->w : g->h);
    if (*s > 1)
        *s = 1;
    *sw = (int)lround(g->w * *s);
    *sh = (int)lround(g->h * *s);
    if (*sw < 1)
        *sw = 1;
    if (*sh < 1)
        *sh = 1;
    unsigned char *small = malloc((size_t)*sw * *sh);
    if (small == NULL) {
        set_err(err, errsize, "out of memory");
        return NULL;
    }
    if (cv_resize_area(g->p, g->w, g->h, g->w, small, *sw, *sh, *sw, err, errsize) != CV_OK) {
        free(small);
        return NULL;
    }
    return small;
}

/* Locate candidates with the page shrunk to `side` px and read them into
 * out[*found..max); the page is looked at turned half a right angle too
 * when may_turn.  Returns 0, or -1 on an internal error. */
static int scan_at(mrz_reader *r, const grey *g, int side, bool may_turn, vdate reference,
                   mrz_reading *out, int max, int *found, double *thin, char *err, size_t errsize)
{
    double s;
    int sw, sh;
    unsigned char *small = shrunk_page(g, side, &s, &sw, &sh, err, errsize);
    cv_line_box *boxes = malloc(sizeof *boxes * 2 * MAX_BOXES);
    group *groups = malloc(sizeof *groups * MAX_GROUPS);
    unsigned char *turned = NULL;   /* the small page turned, when it is */
    int turned_size = 0;
    int ret = 0;
    if (small == NULL) {
        ret = -1;
        goto done;
    }
    if (boxes == NULL || groups == NULL) {
        set_err(err, errsize, "out of memory");
        ret = -1;
        goto done;
    }
    /* Lines across the page first; lines down it (a page turned 90 or 270
     * degrees) only when no valid MRZ was read across. */
    group done_groups[MRZ_MAX_DOCS_PER_PAGE];
    int first = *found, tries = 0;
    /* Passes: across the page; across with a shorter join (lines sloping
     * in a photo merge into one band over the longer one); down it.  When
     * the first pass finds no MRZ-like block at all, the page is more
     * likely turned a quarter than sloping: down it comes second.  Lines
     * leaning more than about 20 degrees break into pieces across and
     * down alike: the page is looked at turned half a right angle each
     * way when candidates leaning DEFER_LEAN or more were left to that,
     * or when no reading validates and the page does not lie square. */
    static const int pass_vertical[] = {0, 0, 1, 0, 0}, pass_join[] = {25, 12, 25, 25, 25},
                     pass_turn[] = {0, 0, 0, 45, -45};
    int order[5] = {0, 1, 2, 3, 4};
    bool square_groups = false;     /* MRZ-like blocks across or down the page */
    /* text lines across or down the page, and leaning far, over the passes
     * so far (an ID card's front has no MRZ, but short lines of text; a
     * desk's edge or a dotted background may line up across a turned
     * page, and pieces of its MRZ's columns down it) */
    int square_lines = 0, leaning_lines = 0;
    bool deferred = false;          /* candidates left to the turned passes */
    for (int step = 0; step < 5; step++) {
        int pass = order[step];
        int vertical = pass_vertical[pass];
        bool any_sure = false, any_valid = false;
        for (int k = first; k < *found; k++) {
            any_sure |= !in_doubt(&out[k]);
            any_valid |= out[k].mrz.valid;
        }
        /* candidates left to the turned passes are read there in any case */
        bool square = square_groups || square_lines > leaning_lines;
        if (pass_turn[pass] == 0 && step > 0 && any_sure)
            continue;
        if (pass_turn[pass] != 0 && !(may_turn && (deferred || !(any_valid || square))))
            break;
        if (step > 0)
            tries = 0;
        int nb = 0;
        if (lines_turned(small, sw, sh, pass_turn[pass], vertical, pass_join[pass], &turned,
                         &turned_size, boxes, &nb, err, errsize) != 0) {
            ret = -1;
            goto done;
        }
        normalise_angles(boxes, nb);
        int ng = find_groups(boxes, nb, groups, MAX_GROUPS);
        if (pass_turn[pass] == 0) {
            for (int i = 0; i < ng; i++)
                square_groups |= axis_lean(groups[i].line[0].angle) < SQUARE_LEAN;
            count_lines(boxes, nb, &square_lines, &leaning_lines);
        }
        if (step == 0 && ng == 0) {
            order[1] = 2;
            order[2] = 1;
        }
        if (getenv("VARTA_MRZ_DEBUG")) {
            for (int i = 0; i < nb; i++)
                fprintf(stderr, "box %.0f %.0f %.0f %.0f %.1f %.2f %.2f%s\n", boxes[i].cx, boxes[i].cy,
                        boxes[i].len, boxes[i].thick, boxes[i].angle, boxes[i].ink, boxes[i].gap,
                        boxes[i].bow > 0 ? " bows" : "");
            for (int i = 0; i < ng; i++) {
                const cv_line_box *f = &groups[i].line[0];
                fprintf(stderr, "group %d %.2f %.0f %.0f %.1f %.0f %.0f\n", groups[i].n,
                        groups[i].score, f->cx, f->cy, f->angle, f->len, f->thick);
            }
            fprintf(stderr, "scale %f pass %d turn %d\n", s, pass, pass_turn[pass]);
        }
        for (int i = 0; i < ng && *found < max && *found < MRZ_MAX_DOCS_PER_PAGE &&
                        tries < MAX_TRIES;
             i++) {
            /* a candidate where an MRZ was read already is read again
             * only when that reading is in doubt, and replaces it when
             * better (another pass cuts the band differently) */
            /* candidates leaning far are read on the page turned (their
             * lines come out whole there), unless the page is square */
            double lean = axis_lean(groups[i].line[0].angle);
            bool skip = pass_turn[pass] != 0 ? lean < TURN_LEAN
                                             : lean >= DEFER_LEAN && may_turn && !square_groups;
            deferred |= skip && pass_turn[pass] == 0;
            int again = -1;
            for (int k = first; k < *found && !skip; k++) {
                if (same_place(&groups[i], &done_groups[k - first])) {
                    if (step > 0 && in_doubt(&out[k]) && again < 0)
                        again = k;
                    else
                        skip = true;
                } else if (groups[i].score < weak_share(&out[k]) * done_groups[k - first].score) {
                    skip = true;
                }
            }
            if (skip)
                continue;
            tries++;
            mrz_reading rd;
            memset(&rd, 0, sizeof rd);
            if (!read_group(r, g, &groups[i], s, reference, &rd))
                continue;
            int k = *found;
            if (again >= 0) {
                if (!replaces(&rd, &out[again])) {
                    mrz_reading_clear(&rd);
                    continue;
                }
                k = again;
                mrz_reading_clear(&out[k]);
            } else {
                (*found)++;
            }
            out[k] = rd;
            done_groups[k - first] = groups[i];
            for (int l = 0; l < groups[i].n; l++)
                if (groups[i].line[l].thick < *thin)
                    *thin = groups[i].line[l].thick;
        }
    }
done:
    free(small);
    free(turned);
    free(boxes);
    free(groups);
    return ret;
}

/* Whether line box b reaches the edge of the image across it (`other`
 * px, down the page unless `vertical`): a line beside the one cut out. */
static bool at_edge(const cv_line_box *b, int vertical, double other)
{
    double mid = vertical ? b->cx : b->cy;
    return mid - b->thick / 2 <= 1 || mid + b->thick / 2 >= other - 2;
}

/* Image g with `pad` px of its own paper's shade (the median of the pixels
 * lighter than its Otsu threshold) on every side, into *out (its buffer
 * the caller's to free).  -1 (nothing allocated) for an image over
 * LONE_PAD_MAX_PX or on no memory. */
static int pad_with_paper(const grey *g, int pad, grey *out)
{
    size_t ow = (size_t)g->w + 2 * (size_t)pad, oh = (size_t)g->h + 2 * (size_t)pad;
    if (pad < 0 || ow * oh > LONE_PAD_MAX_PX)
        return -1;
    long hist[256] = {0}, light = 0;
    for (size_t i = 0; i < (size_t)g->w * g->h; i++)
        hist[g->p[i]]++;
    int thr = img_otsu_threshold(hist);
    for (int v = thr + 1; v < 256; v++)
        light += hist[v];
    int paper = 255;
    for (long seen = 0; paper > thr && light > 0; paper--) {
        seen += hist[paper];
        if (2 * seen >= light)
            break;
    }
    out->p = malloc(ow * oh);
    if (out->p == NULL)
        return -1;
    memset(out->p, paper, ow * oh);
    for (int y = 0; y < g->h; y++)
        memcpy(out->p + (size_t)(y + pad) * ow + pad, g->p + (size_t)y * g->w, (size_t)g->w);
    out->w = (int)ow;
    out->h = (int)oh;
    return 0;
}

/* An image that is one MRZ line cut from a document (as line-level test
 * sets and some capture tools give it): one text band of a line's
 * proportions spanning LONE_SPAN of the image across (or down: a line
 * turned a quarter), in an image no more than LONE_TALL of its
 * thicknesses the other way, so never a page.  Read as a lone line into
 * *out (caller-owned; its crop is the caller's to free).  Returns 1 when
 * a line was read, 0 when the image holds none, -1 on error. */
static int read_lone_line(mrz_reader *r, const grey *g, vdate ref, mrz_reading *out, char *err,
                          size_t errsize)
{
    double s;
    int sw, sh;
    unsigned char *small = shrunk_page(g, LOC_SIDE, &s, &sw, &sh, err, errsize), *turned = NULL;
    cv_line_box *boxes = malloc(sizeof *boxes * MAX_BOXES);
    int tsize = 0, ret = 0;
    if (small == NULL) {
        ret = -1;
    } else if (boxes == NULL) {
        set_err(err, errsize, "out of memory");
        ret = -1;
    }
    for (int vertical = 0; vertical < 2 && ret == 0; vertical++) {
        int nb = 0;
        if (lines_turned(small, sw, sh, 0, vertical, 25, &turned, &tsize, boxes, &nb, err,
                         errsize) != 0) {
            ret = -1;
            break;
        }
        normalise_angles(boxes, nb);
        /* the thickest band spanning the image, preferring one clear of
         * its edges: pieces of the lines beside it, cut by the crop, are
         * thinner or cut off at the image's edge */
        double across = vertical ? sh : sw, other = vertical ? sw : sh;
        const cv_line_box *line = NULL;
        bool line_cut = true;
        for (int i = 0; i < nb; i++) {
            if (!line_ok(&boxes[i]) || boxes[i].len < LONE_SPAN * across)
                continue;
            bool cut = at_edge(&boxes[i], vertical, other);
            if (line == NULL || (line_cut && !cut) || (cut == line_cut && boxes[i].thick > line->thick)) {
                line = &boxes[i];
                line_cut = cut;
            }
        }
        bool alone = line != NULL && other <= LONE_TALL * line->thick;
        for (int i = 0; i < nb && alone; i++)
            alone = &boxes[i] == line || boxes[i].len < LONE_SPAN * across ||
                    boxes[i].thick < LONE_BESIDE * line->thick ||
                    (!line_cut && at_edge(&boxes[i], vertical, other)) ||
                    fabs(boxes[i].cy - line->cy) + fabs(boxes[i].cx - line->cx) < line->thick / 2;
        if (!alone)
            continue;
        group lone = {.n = 1, .line = {*line}, .score = 1};
        if (getenv("VARTA_MRZ_DEBUG"))
            fprintf(stderr, "lone line %.0f x %.0f in %d x %d\n", line->len, line->thick, sw, sh);
        /* the crop reaches beyond a tight image: the line is read on its
         * own paper, padded out (the page's white would keep the crop's
         * background from being evened out) */
        grey padded = {0};
        int pad = (int)ceil(LONE_PAD * line->thick / s);
        if (pad_with_paper(g, pad, &padded) == 0) {
            lone.line[0].cx += (float)(pad * s);
            lone.line[0].cy += (float)(pad * s);
            ret = read_group(r, &padded, &lone, s, ref, out) ? 1 : 0;
            free(padded.p);
        } else {
            ret = read_group(r, g, &lone, s, ref, out) ? 1 : 0;
        }
        break;
    }
    free(small);
    free(turned);
    free(boxes);
    return ret;
}

int mrz_reader_read(mrz_reader *r, PIX *page, vdate reference,
                    mrz_reading *out, int max, char *err, size_t errsize)
{
    if (r == NULL || page == NULL || (out == NULL && max > 0) || max < 0) {
        set_err(err, errsize, "mrz_reader_read: bad arguments");
        return -1;
    }
    grey g = {0};
    if (page_to_grey(r, page, &g) != 0) {
        set_err(err, errsize, "mrz_reader_read: cannot convert the page to grey");
        return -1;
    }
    int found = 0;
    double thin = 1e9, thin2 = 1e9;
    int ret = scan_at(r, &g, LOC_SIDE, true, reference, out, max, &found, &thin, err, errsize);
    bool any_sure = false;
    for (int i = 0; i < found; i++)
        any_sure |= !in_doubt(&out[i]);
    /* Small print on a large page (a card on a full-page scan, a passport
     * small in a phone photo), or no reading beyond doubt: look again at
     * twice the scale, and keep those readings when they validate more
     * MRZs, or as many with fewer in doubt. */
    int side = g.w > g.h ? g.w : g.h;
    if (ret == 0 && (!any_sure || thin < SMALL_LINE) && side > LOC_SIDE * 3 / 2) {
        mrz_reading more[MRZ_MAX_DOCS_PER_PAGE];
        int nmore = 0;
        memset(more, 0, sizeof more);
        ret = scan_at(r, &g, 2 * LOC_SIDE, false, reference, more, max, &nmore, &thin2, err, errsize);
        int nvalid = 0, nvalid2 = 0, ndoubt = 0, ndoubt2 = 0;
        for (int i = 0; i < found; i++) {
            nvalid += out[i].mrz.valid;
            ndoubt += in_doubt(&out[i]);
        }
        for (int i = 0; i < nmore; i++) {
            nvalid2 += more[i].mrz.valid;
            ndoubt2 += in_doubt(&more[i]);
        }
        bool better_found = nvalid2 > nvalid || (nvalid2 == nvalid && ndoubt2 < ndoubt);
        if (ret == 0 && (better_found || found == 0)) {
            for (int i = 0; i < found; i++)
                mrz_reading_clear(&out[i]);
            for (int i = 0; i < nmore; i++)
                out[i] = more[i];
            found = nmore;
        } else {
            for (int i = 0; i < nmore; i++)
                mrz_reading_clear(&more[i]);
        }
    }
    /* The image may be a single line cut from a document: looked for when
     * nothing was found, or nothing beyond doubt (a crop that cut into
     * the line beside is read as a block of the two).  A lone line found
     * replaces such readings. */
    int wide = g.w > g.h ? g.w : g.h, narrow = g.w > g.h ? g.h : g.w;
    bool all_doubt = true;
    for (int i = 0; i < found; i++)
        all_doubt &= in_doubt(&out[i]);
    if (ret == 0 && all_doubt && max > 0 && wide >= LONE_ASPECT * narrow) {
        mrz_reading lone;
        memset(&lone, 0, sizeof lone);
        int got = read_lone_line(r, &g, reference, &lone, err, errsize);
        if (got > 0) {
            for (int i = 0; i < found; i++)
                mrz_reading_clear(&out[i]);
            out[0] = lone;
            found = 1;
        }
        ret = got < 0 ? -1 : 0;
    }
    release_grey(r);
    if (ret < 0) {
        for (int i = 0; i < found; i++)
            mrz_reading_clear(&out[i]);
        return -1;
    }
    return found;
}
