/*
 * mrzglyph — fixed-pitch OCR-B cell classifier (see mrzglyph.h).
 *
 * The line band is resampled so that its cap height matches the templates
 * (GLYPH_CAP px), ink made bright.  The first and last ink blobs give the
 * pitch; each cell's ink box centres the comparison window, and every
 * template is correlated at a few shifts around it.  OCR-B digits stand
 * taller than the capitals: each cell's ink height, against the heights of
 * the line's surely read digits and capitals, shifts its odds between
 * digits and letters (0/O, 2/Z, 8/B where blur leaves the shapes alike).
 * Where the best templates are one glyph and the same glyph with a stroke
 * more (F and E, O and Q, U and 0) and correlate about as well, the pixels
 * of that stroke decide (mrzstroke): whole-glyph correlation weighs a faint
 * bar the same either way.
 */
#include "mrzglyph.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "mrzglyphs.inc"
#include "mrzstroke.h"

#define NGLYPH ((int)(sizeof glyph_w / sizeof glyph_w[0]))
#define PAD_Y 8             /* extra rows above and below the template band */
#define MAX_LINE_W 6000
#define GLYPH_SHARPNESS 25.0  /* softmax scale for correlations */
#define DIGIT_OVER_CAP 1.07
#define SLIP 2              /* spare lattice cells read at each end of a line */
#define SLIP_GAIN 0.3        /* summed score a shifted lattice must gain */
#define SHIFTED_END_P 0.6    /* at most this sure of the cell where a shifted
                               lattice begins (a K read as X at 0.81 there) */
#define GLYPH_FILL 0.7       /* glyph width / pitch, typical */
#define STROKE_LOGIT 2.2     /* a stroke-decided glyph's lead over the best other (p ~0.9) */
#define BLUR_PROBE_BELOW 0.85 /* first cells' mean correlation with the sharp
                               templates under which blurred ones are tried
                               (a 300-dpi scan's lines: about 0.94; out of
                               focus photos' MRZ lines: 0.55-0.66) */
#define LEAD_FOLLOW 3        /* templates followed past the shift window */
#define FOLLOW_MAX 3         /* columns from the ink box's centre, at most */
#define GLYPH_BREAK 1.5      /* blank stretch ending a line, in characters */  /* OCR-B digit height / capital height */

typedef struct tmpl {
    int w;
    int ink0, ink1;         /* first and last column with ink over half-tone */
    double mean, norm;      /* of the template pixels */
} tmpl;

#define PAD_W 32             /* template rows padded with zeros to this width:
                               fixed-length rows vectorise whole */

/* Template banks: the glyphs as rendered, and blurred as a phone's or a
 * scanner's optics blur a line (a blurred line matches blurred glyphs best:
 * against sharp ones, blur leaves E, R and G alike). */
#define NBANK 3
static const double bank_sigma[NBANK] = {0, 1.2, 2.4};     /* template px */

static tmpl T[NBANK][NGLYPH];
static mrz_template TT[NGLYPH];     /* the sharp templates, for mrzstroke */
static double t_rows[GLYPH_H];     /* mean ink per template row */
static unsigned char t_pad[NBANK][NGLYPH][GLYPH_H][PAD_W];
static int t_ready;

/* Glyph g blurred by a Gaussian of sigma px into its bank rows (within the
 * glyph's own window: the templates' margins hold the blur's near tail). */
static void blur_glyph(int g, double sigma, unsigned char out[GLYPH_H][PAD_W])
{
    int w = glyph_w[g];
    if (sigma <= 0) {
        for (int y = 0; y < GLYPH_H; y++)
            memcpy(out[y], glyph_px[g][y], (size_t)w);
        return;
    }
    int r = (int)ceil(3 * sigma);
    double k[16], ks = 0;
    if (r > 7)
        r = 7;
    for (int i = -r; i <= r; i++)
        ks += k[i + r] = exp(-i * i / (2 * sigma * sigma));
    double tmp[GLYPH_H][GLYPH_WMAX];
    for (int y = 0; y < GLYPH_H; y++)
        for (int x = 0; x < w; x++) {
            double v = 0;
            for (int i = -r; i <= r; i++)
                if (x + i >= 0 && x + i < w)
                    v += k[i + r] * glyph_px[g][y][x + i];
            tmp[y][x] = v / ks;
        }
    for (int y = 0; y < GLYPH_H; y++)
        for (int x = 0; x < w; x++) {
            double v = 0;
            for (int i = -r; i <= r; i++)
                if (y + i >= 0 && y + i < GLYPH_H)
                    v += k[i + r] * tmp[y + i][x];
            out[y][x] = (unsigned char)lround(v / ks);
        }
}

static void templates_init(void)
{
    if (t_ready)
        return;
    for (int g = 0; g < NGLYPH; g++) {
        int w = glyph_w[g];
        double n = (double)w * GLYPH_H;
        TT[g] = (mrz_template){&glyph_px[g][0][0], w, GLYPH_H, GLYPH_WMAX};
        int ink0 = w - 1, ink1 = 0;
        for (int y = 0; y < GLYPH_H; y++)
            for (int x = 0; x < w; x++)
                if (glyph_px[g][y][x] > 128) {
                    ink0 = x < ink0 ? x : ink0;
                    ink1 = x > ink1 ? x : ink1;
                }
        for (int k = 0; k < NBANK; k++) {
            blur_glyph(g, bank_sigma[k], t_pad[k][g]);
            double bs = 0, bs2 = 0;
            for (int y = 0; y < GLYPH_H; y++)
                for (int x = 0; x < w; x++) {
                    double v = t_pad[k][g][y][x];
                    bs += v;
                    bs2 += v * v;
                }
            T[k][g].w = w;
            T[k][g].ink0 = ink0;    /* of the glyph as rendered */
            T[k][g].ink1 = ink1;
            T[k][g].mean = bs / n;
            T[k][g].norm = sqrt(fmax(bs2 - bs * bs / n, 1e-9));
        }
        for (int y = 0; y < GLYPH_H; y++)
            for (int x = 0; x < w; x++)
                t_rows[y] += glyph_px[g][y][x] / (double)(w * NGLYPH);
    }
    t_ready = 1;
}

/* The line band resampled to GLYPH_CAP cap height, ink bright (0..255). */
typedef struct band {
    unsigned char *p;
    int w, h;
    int bank;               /* template bank its cells are compared with */
    long long *s1, *s2;     /* integral images of p and p^2, (w+1) x (h+1) */
    int *col;               /* ink per column (column_ink) */
} band;

static void band_free(band *b)
{
    free(b->p);
    free(b->s1);
    free(b->s2);
    free(b->col);
    b->p = NULL;
    b->s1 = b->s2 = NULL;
    b->col = NULL;
}

static int band_integrals(band *b)
{
    size_t n = (size_t)(b->w + 1) * (b->h + 1);
    b->s1 = calloc(n, sizeof *b->s1);
    b->s2 = calloc(n, sizeof *b->s2);
    if (b->s1 == NULL || b->s2 == NULL)
        return -1;
    int W = b->w + 1;
    for (int y = 0; y < b->h; y++) {
        long long r1 = 0, r2 = 0;
        for (int x = 0; x < b->w; x++) {
            int v = b->p[(size_t)y * b->w + x];
            r1 += v;
            r2 += v * v;
            b->s1[(size_t)(y + 1) * W + x + 1] = b->s1[(size_t)y * W + x + 1] + r1;
            b->s2[(size_t)(y + 1) * W + x + 1] = b->s2[(size_t)y * W + x + 1] + r2;
        }
    }
    return 0;
}

static int make_band(const unsigned char *p, int w, int h, int stride, int top, int bot,
                     double stretch, band *b)
{
    int cap = bot - top + 1;
    if (cap < 6 || w < 20)
        return -1;
    double k = stretch * GLYPH_CAP / cap;     /* output px per input px */
    int bw = (int)(w * k), bh = GLYPH_H + 2 * PAD_Y;
    if (bw < 20 || bw > MAX_LINE_W)
        return -1;
    /* PAD_W spare bytes: ncc reads whole padded rows (times zero) */
    b->p = malloc((size_t)bw * bh + PAD_W);
    b->s1 = b->s2 = NULL;
    b->col = NULL;
    if (b->p == NULL)
        return -1;
    memset(b->p + (size_t)bw * bh, 0, PAD_W);
    b->w = bw;
    b->h = bh;
    /* bilinear resampling; the column weights are the same for every row */
    int *cx0 = malloc(sizeof(int) * (size_t)bw);
    int *cf = malloc(sizeof(int) * (size_t)bw);
    if (cx0 == NULL || cf == NULL) {
        free(cx0);
        free(cf);
        free(b->p);
        b->p = NULL;
        return -1;
    }
    for (int c = 0; c < bw; c++) {
        double sx = (c + 0.5) / k - 0.5;
        int x0 = (int)floor(sx);
        cx0[c] = x0;
        cf[c] = (int)lround((sx - x0) * 256);
    }
    for (int r = 0; r < bh; r++) {
        /* the band's bottom (baseline) is kept in place when stretching */
        double sy = bot + 1 - (GLYPH_H - GLYPH_MARGIN - (r + 0.5 - PAD_Y)) / k - 0.5;
        int y0 = (int)floor(sy);
        int fy = (int)lround((sy - y0) * 256);
        const unsigned char *r0 = (y0 >= 0 && y0 < h) ? p + (size_t)y0 * stride : NULL;
        const unsigned char *r1 = (y0 + 1 >= 0 && y0 + 1 < h) ? p + (size_t)(y0 + 1) * stride : NULL;
        unsigned char *o = b->p + (size_t)r * bw;
        for (int c = 0; c < bw; c++) {
            int x0 = cx0[c], fx = cf[c];
            int a0 = 255, a1 = 255, b0 = 255, b1 = 255;
            if (x0 >= 0 && x0 < w) {
                if (r0) a0 = r0[x0];
                if (r1) b0 = r1[x0];
            }
            if (x0 + 1 >= 0 && x0 + 1 < w) {
                if (r0) a1 = r0[x0 + 1];
                if (r1) b1 = r1[x0 + 1];
            }
            int top_ = a0 * (256 - fx) + a1 * fx, bot_ = b0 * (256 - fx) + b1 * fx;
            int v = (top_ * (256 - fy) + bot_ * fy + (1 << 15)) >> 16;
            o[c] = (unsigned char)(255 - v);
        }
    }
    free(cx0);
    free(cf);
    return 0;
}

static int band_threshold(const band *b)
{
    long hist[256] = {0};
    size_t n = (size_t)b->w * b->h;
    for (size_t i = 0; i < n; i++)
        hist[b->p[i]]++;
    int t = img_otsu_threshold(hist);
    return t < 40 ? 40 : t;
}

/* Ink columns (within the cap band) of b. */
static void column_ink(const band *b, int thr, int *col)
{
    for (int x = 0; x < b->w; x++) {
        int k = 0, outside = 0;
        for (int y = PAD_Y; y < b->h - PAD_Y; y++)
            k += b->p[(size_t)y * b->w + x] > thr;
        for (int y = 0; y < PAD_Y; y++)
            outside += (b->p[(size_t)y * b->w + x] > thr) + (b->p[(size_t)(b->h - 1 - y) * b->w + x] > thr);
        /* ink over the whole band and beyond it is an edge or a shadow,
         * not a character */
        col[x] = (k >= GLYPH_H - 1 && outside >= 2 * PAD_Y - 1) ? 0 : k;
    }
}

/* The band of a line (rows top..bot of p) at stretch `stretch`, with
 * its integral images and column ink: everything read_at
 * needs that does not depend on where the cells lie.  0, or -1 with
 * nothing to free. */
static int prepare_band(const unsigned char *p, int w, int h, int stride, int top, int bot,
                        double stretch, band *b)
{
    if (make_band(p, w, h, stride, top, bot, stretch, b) != 0)
        return -1;
    b->bank = 0;
    b->col = malloc(sizeof(int) * (size_t)b->w);
    if (b->col == NULL || band_integrals(b) != 0) {
        band_free(b);
        return -1;
    }
    column_ink(b, band_threshold(b), b->col);
    return 0;
}

/* The bands one line was read at, by stretch: the probes of print ratio,
 * lattice start and template bank, and the line's final reading, read the
 * same band again (a band depends on the stretch alone). */
#define BAND_CACHE 8
typedef struct band_cache {
    int n;
    double stretch[BAND_CACHE];
    band b[BAND_CACHE];
} band_cache;

/* The band at `stretch` from cache c (built and kept when new); NULL when
 * it cannot be built or the cache is full (the caller builds its own). */
static const band *cached_band(band_cache *c, const unsigned char *p, int w, int h, int stride,
                               int top, int bot, double stretch)
{
    for (int i = 0; i < c->n; i++)
        if (c->stretch[i] == stretch)
            return &c->b[i];
    if (c->n == BAND_CACHE || prepare_band(p, w, h, stride, top, bot, stretch, &c->b[c->n]) != 0)
        return NULL;
    c->stretch[c->n] = stretch;
    return &c->b[c->n++];
}

static void band_cache_free(band_cache *c)
{
    for (int i = 0; i < c->n; i++)
        band_free(&c->b[i]);
    c->n = 0;
}

typedef struct blob { int x0, x1, mass; } blob;

/* The line's ink in the crop itself: columns x0..x1 of its main run of
 * blobs, and the character pitch by autocorrelation of the column ink. */
typedef struct extent {
    int x0, x1;
    double period;      /* 0 when unknown */
    double fit_a, fit_b;    /* blob centre = fit_a + fit_b * index (b = 0: no fit) */
    int fit_n;              /* index of the last fitted blob */
} extent;

static int line_extent(const unsigned char *p, int w, int h, int stride, int top, int bot,
                       extent *e)
{
    int hb = bot - top + 1;
    if (hb < 4 || w < 20 || top < 0 || bot >= h)
        return -1;
    double *cs = malloc(sizeof(double) * (size_t)w);
    int *col = malloc(sizeof(int) * (size_t)w);
    blob *bl = malloc(sizeof(blob) * 512);
    int ret = -1;
    if (cs == NULL || col == NULL || bl == NULL)
        goto out;
    /* threshold: between the band's paper and ink */
    long hist[256] = {0};
    for (int y = top; y <= bot; y++)
        for (int x = 0; x < w; x++)
            hist[p[(size_t)y * stride + x]]++;
    long n = (long)hb * w, acc = 0;
    int dark = 0, light = 255;
    for (int v = 0; v < 256; v++)
        if ((acc += hist[v]) >= n / 20) {
            dark = v;
            break;
        }
    acc = 0;
    for (int v = 255; v >= 0; v--)
        if ((acc += hist[v]) >= n / 3) {
            light = v;
            break;
        }
    int thr = (dark + light) / 2;
    for (int x = 0; x < w; x++) {
        int k = 0;
        double s = 0;
        for (int y = top; y <= bot; y++) {
            int v = p[(size_t)y * stride + x];
            k += v < thr;
            s += v < light ? light - v : 0;
        }
        col[x] = (k >= hb - 1) ? 0 : k;     /* edges and shadows are not text */
        cs[x] = s;
    }
    int nb = 0;
    for (int x = 0; x < w && nb < 512;) {
        if (col[x] == 0) {
            x++;
            continue;
        }
        int a = x, m = 0;
        while (x < w && col[x] > 0)
            m += col[x++];
        if (m >= 3 && x - a >= 1)
            bl[nb++] = (blob){a, x - 1, m};
    }
    if (nb < 2)
        goto out;
    /* heaviest run of blobs without a blank wider than GLYPH_BREAK heights */
    long best = -1;
    int i0 = 0, i1 = 0;
    for (int i = 0; i < nb;) {
        int j = i;
        long m = bl[i].mass;
        while (j + 1 < nb && bl[j + 1].x0 - bl[j].x1 - 1 <= GLYPH_BREAK * hb) {
            j++;
            m += bl[j].mass;
        }
        if (m > best) {
            best = m;
            i0 = i;
            i1 = j;
        }
        i = j + 1;
    }
    e->x0 = bl[i0].x0;
    e->x1 = bl[i1].x1;
    e->period = 0;
    /* autocorrelation of the column ink over the line */
    int len = e->x1 - e->x0 + 1;
    int lo = (int)(0.4 * hb), hi = (int)(2.0 * hb);
    if (hi > len / 3)
        hi = len / 3;
    if (lo < 3)
        lo = 3;
    if (hi > lo + 2) {
        double mean = 0;
        for (int x = e->x0; x <= e->x1; x++)
            mean += cs[x];
        mean /= len;
        double r[1024];
        int nr = 0;
        for (int L = lo; L <= hi && nr < 1024; L++, nr++) {
            double v = 0;
            for (int x = e->x0; x + L <= e->x1; x++)
                v += (cs[x] - mean) * (cs[x + L] - mean);
            r[nr] = v / (len - L);
        }
        double mx = 0;
        for (int i = 0; i < nr; i++)
            mx = fmax(mx, r[i]);
        /* the first clear peak is the pitch (later ones are multiples) */
        for (int i = 1; i + 1 < nr && mx > 0; i++)
            if (r[i] >= r[i - 1] && r[i] >= r[i + 1] && r[i] >= 0.6 * mx) {
                /* parabolic refinement */
                double d = r[i - 1] - 2 * r[i] + r[i + 1];
                double off = d != 0 ? 0.5 * (r[i - 1] - r[i + 1]) / d : 0;
                e->period = lo + i + off;
                break;
            }
    }
    /* least-squares lattice through the single-character blobs */
    e->fit_b = 0;
    if (e->period > 0) {
        double c0 = -1, sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0, last = 0;
        for (int i = i0; i <= i1; i++) {
            int bw = bl[i].x1 - bl[i].x0 + 1;
            if (bw < 0.25 * e->period || bw > 1.1 * e->period)
                continue;
            double c = (bl[i].x0 + bl[i].x1) / 2.0;
            if (c0 < 0)
                c0 = c;
            double idx = floor((c - c0) / e->period + 0.5);
            sx += idx;
            sy += c;
            sxx += idx * idx;
            sxy += idx * c;
            m++;
            last = (int)idx;
        }
        double det = m * sxx - sx * sx;
        if (m >= 8 && det > 0) {
            e->fit_b = (m * sxy - sx * sy) / det;
            e->fit_a = (sy - e->fit_b * sx) / m;
            e->fit_n = last;
            if (fabs(e->fit_b - e->period) > 0.1 * e->period)
                e->fit_b = 0;
            /* the lattice starts at the line's first ink (a thin first
             * character such as I is not among the fitted blobs) */
            double first = bl[i0].x0 + 0.25 * e->fit_b;
            double k = floor((first - e->fit_a) / e->fit_b + 0.5);
            e->fit_a += k * e->fit_b;
        }
    }
    ret = 0;
out:
    free(cs);
    free(col);
    free(bl);
    return ret;
}

int mrz_glyph_count(const unsigned char *p, int w, int h, int stride, int top, int bot)
{
    extent e;
    if (line_extent(p, w, h, stride, top, bot, &e) != 0 || e.period <= 0)
        return 0;
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "glyph count: x %d-%d period %.2f band %d-%d\n", e.x0, e.x1, e.period, top, bot);
    return (int)lround((e.x1 + 1 - e.x0) / e.period + 1 - GLYPH_FILL);
}

/* Sum of products of template g's rows (zero-padded to PAD_W) with the
 * band's pixels from column x, row y on (AVX2 where the processor has it). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define VT_AVX2_CLONE __attribute__((optimize("O3"), target_clones("avx2", "default")))
#else   /* other Debian architectures: one plain version */
#define VT_AVX2_CLONE __attribute__((optimize("O3")))
#endif
VT_AVX2_CLONE
static int template_dot(const unsigned char *p, int stride, int bank, int g, int x, int y)
{
    int st = 0;
    for (int r = 0; r < GLYPH_H; r++) {
        const unsigned char *row = p + (size_t)(y + r) * stride + x;
        const unsigned char *tr = t_pad[bank][g][r];
        for (int c = 0; c < PAD_W; c++)
            st += row[c] * tr[c];
    }
    return st;
}

/* Normalised correlation of bank `bank`'s template g with b at left column x, top row y
 * (integer products; patch sums from the integral images). */
static double ncc_bank(const band *b, int bank, int g, int x, int y)
{
    const tmpl *t = &T[bank][g];
    int w = t->w;
    if (x < 0 || y < 0 || x + w > b->w || y + GLYPH_H > b->h)
        return -1;
    int st = template_dot(b->p, b->w, bank, g, x, y);
    int W = b->w + 1;
    size_t a = (size_t)y * W + x, bb = (size_t)y * W + x + w,
           c = (size_t)(y + GLYPH_H) * W + x, d = (size_t)(y + GLYPH_H) * W + x + w;
    double s = (double)(b->s1[d] - b->s1[bb] - b->s1[c] + b->s1[a]);
    double s2 = (double)(b->s2[d] - b->s2[bb] - b->s2[c] + b->s2[a]);
    double n = (double)w * GLYPH_H;
    double var = s2 - s * s / n;
    if (var < 1e-6)
        return 0;
    return (st - s * t->mean) / (sqrt(var) * t->norm);
}

/* ncc with the band's own template bank. */
static double ncc(const band *b, int g, int x, int y)
{
    return ncc_bank(b, b->bank, g, x, y);
}

/* Best correlation of template g centred near column `centre`, top row
 * y0, over shifts of one pixel; the winning shifts in *dxo, *dyo. */
static double cell_score(const band *b, int g, double centre, int y0, int *dxo, int *dyo)
{
    double best = -1;
    int bdx = 0, bdy = 0;
    int x0 = (int)lround(centre - T[0][g].w / 2.0);
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++) {
            double v = ncc(b, g, x0 + dx, y0 + dy);
            if (v > best) {
                best = v;
                bdx = dx;
                bdy = dy;
            }
        }
    *dxo = bdx;
    *dyo = bdy;
    return best;
}



/* The k best-scoring glyphs, best first. */
static void top_glyphs(const double *sc, int *out, int k)
{
    for (int j = 0; j < k; j++) {
        out[j] = -1;
        for (int g = 0; g < NGLYPH; g++) {
            bool taken = false;
            for (int i = 0; i < j; i++)
                taken |= out[i] == g;
            if (!taken && (out[j] < 0 || sc[g] > sc[out[j]]))
                out[j] = g;
        }
    }
}

/* Template g, best at left column x0 with score `score` on the edge of
 * cell_score's window (dx = -1 or +1): keep stepping that way, at the rows
 * cell_score searches, while the correlation grows, up to FOLLOW_MAX
 * columns out and with the template's ink within the cell's ink columns
 * ia..iz (not on a neighbour's).  The best score; its column and row shift
 * in *x0o, *dyo. */
static double follow_shift(const band *b, int g, int x0, int y0, double score, int dx, int ia,
                           int iz, int *x0o, int *dyo)
{
    int step = dx > 0 ? 1 : -1, bx = x0;
    for (int k = 2; k <= FOLLOW_MAX; k++) {
        int nx = bx + step;
        if (nx + T[0][g].ink0 < ia - 1 || nx + T[0][g].ink1 > iz + 1)
            break;
        double best = -1;
        int bdy = 0;
        for (int dy = -1; dy <= 1; dy++) {
            double v = ncc(b, g, nx, y0 + dy);
            if (v > best) {
                best = v;
                bdy = dy;
            }
        }
        if (best <= score)
            break;
        score = best;
        bx = nx;
        *dyo = bdy;
    }
    *x0o = bx;
    return score;
}

/* One cell's template scores, kept until the line's print heights are
 * known. */
typedef struct cell_read {
    double sc[NGLYPH];
    double height;          /* ink height in band rows; 0 when unknown */
    int stroke;             /* glyph its distinguishing strokes decide, or -1 */
} cell_read;

static bool is_digit_glyph(int g)
{
    return glyph_chars[g] >= '0' && glyph_chars[g] <= '9';
}

static bool is_letter_glyph(int g)
{
    return glyph_chars[g] >= 'A' && glyph_chars[g] <= 'Z';
}

/* Ink height of the glyph gw columns wide centred at column `centre` of b
 * whose template band starts at row y0: between the rows, above and below
 * its middle, where the brightest ink of each row falls to 0.3 of the way
 * from paper to ink (to a fraction of a row; low, so that a thin blurred
 * stroke counts about as high as a thick one).  0 when it cannot tell (no
 * ink across the middle, or ink up to the band's edge). */
static double ink_height(const band *b, double centre, int gw, int y0)
{
    int xa = (int)lround(centre - gw / 2.0) + 1, xb = xa + gw - 3;
    if (xa < 0)
        xa = 0;
    if (xb > b->w - 1)
        xb = b->w - 1;
    if (xb - xa < 2)
        return 0;
    double m[GLYPH_H + 2 * PAD_Y];
    double lo = 1e9, hi = -1;
    for (int y = 0; y < b->h; y++) {
        const unsigned char *row = b->p + (size_t)y * b->w;
        int a1 = 0, a2 = 0;         /* the two brightest pixels */
        for (int x = xa; x <= xb; x++) {
            int v = row[x];
            if (v > a1) {
                a2 = a1;
                a1 = v;
            } else if (v > a2) {
                a2 = v;
            }
        }
        m[y] = (a1 + a2) / 2.0;
        lo = fmin(lo, m[y]);
        hi = fmax(hi, m[y]);
    }
    double level = lo + 0.3 * (hi - lo);
    int mid = y0 + GLYPH_H / 2;
    if (hi - lo < 40 || mid < 1 || mid >= b->h - 1 || m[mid] < level)
        return 0;
    int t = mid, u = mid;
    while (t > 0 && m[t - 1] >= level)
        t--;
    while (u < b->h - 1 && m[u + 1] >= level)
        u++;
    if (t == 0 || u == b->h - 1)
        return 0;
    double top = t - (m[t] - level) / (m[t] - m[t - 1]);
    double bot = u + (m[u] - level) / (m[u] - m[u + 1]);
    return bot - top;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* How a line prints digits and capitals: OCR-B digits stand about 8% above
 * the capitals (24.1 against 22.2 template rows), the one difference
 * between 0 and O, 2 and Z, 8 and B, 5 and S that blur leaves.  Measured on
 * the cells the templates read surely, as a straight line along the line
 * (a photo's perspective makes the print smaller towards one end): height
 * = digit or letter + slope * cell, one slope for both. */
typedef struct print_heights {
    bool known;
    double digit, letter;   /* heights at cell 0, band rows */
    double slope;           /* rows per cell */
    double spread;          /* robust standard deviation about the fit */
} print_heights;

#define HEIGHT_SURE_P 0.9       /* cells that measure the print */
#define HEIGHT_MIN_CELLS 3      /* of each kind */
#define HEIGHT_MIN_STEP 0.035   /* digits at least this much taller, relative */
#define HEIGHT_LLR_MAX 4.0      /* most a cell's height shifts its odds (log) */

typedef struct height_sample { double x, h; bool digit; } height_sample;

/* Least-squares fit of the samples not marked out; false when a kind has
 * too few. */
static bool fit_heights(const height_sample *s, const bool *out, int n, print_heights *ph)
{
    double sx[2] = {0}, sh[2] = {0};
    int k[2] = {0};
    for (int i = 0; i < n; i++)
        if (!out[i]) {
            sx[s[i].digit] += s[i].x;
            sh[s[i].digit] += s[i].h;
            k[s[i].digit]++;
        }
    if (k[0] < HEIGHT_MIN_CELLS || k[1] < HEIGHT_MIN_CELLS)
        return false;
    double mx[2] = {sx[0] / k[0], sx[1] / k[1]}, mh[2] = {sh[0] / k[0], sh[1] / k[1]};
    double num = 0, den = 0;
    for (int i = 0; i < n; i++)
        if (!out[i]) {
            double dx = s[i].x - mx[s[i].digit];
            num += dx * (s[i].h - mh[s[i].digit]);
            den += dx * dx;
        }
    ph->slope = den > 0 ? num / den : 0;
    ph->digit = mh[1] - ph->slope * mx[1];
    ph->letter = mh[0] - ph->slope * mx[0];
    return true;
}

static void line_heights(const cell_read *cr, int n, print_heights *ph)
{
    memset(ph, 0, sizeof *ph);
    height_sample *s = malloc(sizeof *s * (size_t)n);
    double *dev = malloc(sizeof(double) * (size_t)n);
    bool *out = calloc((size_t)n, sizeof *out);
    int ns = 0;
    if (s == NULL || dev == NULL || out == NULL)
        goto done;
    for (int i = 0; i < n; i++) {
        if (cr[i].height <= 0)
            continue;
        int arg = 0;
        for (int g = 1; g < NGLYPH; g++)
            if (cr[i].sc[g] > cr[i].sc[arg])
                arg = g;
        double z = 0;
        for (int g = 0; g < NGLYPH; g++)
            z += exp(GLYPH_SHARPNESS * (cr[i].sc[g] - cr[i].sc[arg]));
        if (1.0 / z >= HEIGHT_SURE_P && (is_digit_glyph(arg) || is_letter_glyph(arg)))
            s[ns++] = (height_sample){i, cr[i].height, is_digit_glyph(arg)};
    }
    /* fit, set aside what lies more than three spreads off, fit again */
    for (int pass = 0; pass < 2; pass++) {
        if (!fit_heights(s, out, ns, ph))
            goto done;
        int nd = 0;
        for (int i = 0; i < ns; i++)
            if (!out[i])
                dev[nd++] = fabs(s[i].h - (s[i].digit ? ph->digit : ph->letter) - ph->slope * s[i].x);
        ph->spread = 1.4826 * median_of(dev, nd);
        /* a few cells measure the spread roughly: never trust it below a
         * quarter of the step */
        ph->spread = fmax(ph->spread, 0.25 * (ph->digit - ph->letter));
        for (int i = 0; pass == 0 && i < ns; i++)
            out[i] = fabs(s[i].h - (s[i].digit ? ph->digit : ph->letter) - ph->slope * s[i].x) >
                     3 * ph->spread;
    }
    ph->known = ph->digit - ph->letter >= HEIGHT_MIN_STEP * ph->digit;
done:
    free(s);
    free(dev);
    free(out);
}

/* Log odds that cell i, of ink height h, holds a digit rather than a
 * capital. */
static double digit_log_odds(const print_heights *ph, int i, double h)
{
    if (!ph->known || h <= 0)
        return 0;
    double mid = (ph->digit + ph->letter) / 2 + ph->slope * i;
    double v = (ph->digit - ph->letter) * (h - mid) / (ph->spread * ph->spread);
    return fmax(-HEIGHT_LLR_MAX, fmin(HEIGHT_LLR_MAX, v));
}

/* Cell from its template scores sc and the log odds `llr` its height gives
 * for a digit against a capital: probabilities by a sharp softmax, the best
 * glyph, then the best digit, letter and filler (so the character classes
 * can choose), then the next best overall. */
static void fill_cell(mrz_cell *cell, const double *sc, double llr, int stroke)
{
    double a[NGLYPH];
    int arg = 0;
    for (int g = 0; g < NGLYPH; g++) {
        /* the height only ever counts against the kind it contradicts
         * (the filler, lower than both, is left alone) */
        a[g] = GLYPH_SHARPNESS * sc[g];
        if (is_digit_glyph(g) && llr < 0)
            a[g] += llr;
        if (is_letter_glyph(g) && llr > 0)
            a[g] -= llr;
        if (a[g] > a[arg])
            arg = g;
    }
    if (stroke >= 0 && stroke != arg) {
        a[stroke] = a[arg] + STROKE_LOGIT;
        arg = stroke;
    }
    double z2 = 0, e[NGLYPH];
    for (int g = 0; g < NGLYPH; g++) {
        e[g] = exp(a[g] - a[arg]);
        z2 += e[g];
    }
    memset(cell, 0, sizeof *cell);
    int bd = -1, bl = -1;
    for (int g = 0; g < NGLYPH; g++) {
        if (is_digit_glyph(g) && (bd < 0 || a[g] > a[bd]))
            bd = g;
        if (is_letter_glyph(g) && (bl < 0 || a[g] > a[bl]))
            bl = g;
    }
    int fill = NGLYPH - 1;      /* '<' is last in glyph_chars */
    int order[4] = {arg, bd, bl, fill};
    for (int k = 0; k < 4; k++)
        if (order[k] >= 0)
            mrz_cell_add(cell, glyph_chars[order[k]], (float)(e[order[k]] / z2), 0);
    while (cell->n < MRZ_MAX_ALTS) {    /* the next best glyphs */
        int nb = -1;
        for (int g = 0; g < NGLYPH; g++) {
            bool listed = false;
            for (int k = 0; k < cell->n; k++)
                listed |= cell->ch[k] == glyph_chars[g];
            if (!listed && (nb < 0 || a[g] > a[nb]))
                nb = g;
        }
        if (nb < 0)
            break;
        mrz_cell_add(cell, glyph_chars[nb], (float)(e[nb] / z2), 0);
    }
    cell->stroke = stroke >= 0;
}

/* Classify cells [0, upto) of an n-cell line at vertical stretch `stretch`
 * (its band from bc, built there when new). */
static double read_at(band_cache *bc, const unsigned char *p, int w, int h, int stride, int top,
                      int bot, double stretch, int bank, double pitch_c, double first_c, int n,
                      int upto, mrz_lattice *lat, int li, double *cellsc, int lead)
{
    band own = {0}, b;
    const band *kept = cached_band(bc, p, w, h, stride, top, bot, stretch);
    if (kept == NULL) {
        if (prepare_band(p, w, h, stride, top, bot, stretch, &own) != 0)
            return -1;
        kept = &own;
    }
    b = *kept;              /* the band's buffers, read only */
    b.bank = bank;
    const int *col = b.col;
    cell_read *cr = malloc(sizeof *cr * (size_t)upto);
    double result = -1;
    if (cr == NULL)
        goto done;
    /* the line's ends, measured in the crop, in band columns */
    double k = (double)b.w / w;
    double pitch = pitch_c * k;
    double c_first = first_c * k;
    if (pitch < GLYPH_CAP * 0.5 || pitch > GLYPH_CAP * 1.8) {
        if (getenv("VARTA_MRZ_DEBUG"))
            fprintf(stderr, "glyph line %d: pitch %.1f: refused\n", li, pitch);
        goto done;
    }
    /* vertical: where the line's row profile best fits the templates' */
    int base_dy = 0;
    {
        double rows[GLYPH_H + 2 * PAD_Y] = {0};
        int xa = (int)(c_first - pitch), xb = (int)(c_first + n * pitch);
        if (xa < 0)
            xa = 0;
        if (xb > b.w)
            xb = b.w;
        for (int y = 0; y < b.h; y++)
            for (int x = xa; x < xb; x++)
                rows[y] += b.p[(size_t)y * b.w + x];
        double bestv = -1e300;
        for (int dy = -PAD_Y + 1; dy <= PAD_Y - 1; dy++) {
            double v = 0, m = 0;
            for (int y = 0; y < GLYPH_H; y++)
                m += rows[y + PAD_Y + dy];
            m /= GLYPH_H;
            for (int y = 0; y < GLYPH_H; y++)
                v += (rows[y + PAD_Y + dy] - m) * t_rows[y];
            if (v > bestv) {
                bestv = v;
                base_dy = dy;
            }
        }
    }
    double sum = 0;
    double drift = 0, ydrift = 0;
    lat->len[li] = n;
    if (lat->nlines <= li)
        lat->nlines = li + 1;
    for (int i = 0; i < upto; i++) {
        double cx = c_first + i * pitch + drift;
        /* ink box of the cell */
        int a = (int)lround(cx - 0.45 * pitch), z = (int)lround(cx + 0.45 * pitch);
        if (a < 0)
            a = 0;
        if (z > b.w - 1)
            z = b.w - 1;
        int ia = -1, iz = -1;
        for (int x = a; x <= z; x++)
            if (col[x] > 0) {
                if (ia < 0)
                    ia = x;
                iz = x;
            }
        double centre = (ia >= 0) ? (ia + iz) / 2.0 : cx;
        /* The window may hold slivers of the neighbours besides the
         * character (the lattice is off by a fraction of a pitch where the
         * line's perspective was not quite undone): centre on the heaviest
         * run of ink columns, taken whole, when it is one character wide. */
        if (ia >= 0) {
            int ra = -1, rz = -1;
            long rm = 0;
            for (int x = ia; x <= iz;) {
                if (col[x] == 0) {
                    x++;
                    continue;
                }
                int x0 = x;
                long m = 0;
                while (x <= iz && col[x] > 0)
                    m += col[x++];
                if (m > rm) {
                    rm = m;
                    ra = x0;
                    rz = x - 1;
                }
            }
            int lim_a = (int)lround(cx - 0.8 * pitch), lim_z = (int)lround(cx + 0.8 * pitch);
            while (ra > 0 && ra > lim_a && col[ra - 1] > 0)
                ra--;
            while (rz < b.w - 1 && rz < lim_z && col[rz + 1] > 0)
                rz++;
            if (ra >= 0 && rz - ra + 1 <= 0.9 * pitch)
                centre = (ra + rz) / 2.0;
        }
        double sc[NGLYPH];
        double found_at[NGLYPH];    /* centre of each glyph's best window */
        int found_dy[NGLYPH], found_x0[NGLYPH], found_y0[NGLYPH];
        int y_cell = PAD_Y + base_dy + (int)lround(ydrift);
        if (y_cell < 1)
            y_cell = 1;
        if (y_cell > 2 * PAD_Y - 1)
            y_cell = 2 * PAD_Y - 1;
        for (int g = 0; g < NGLYPH; g++) {
            int dx;
            sc[g] = cell_score(&b, g, centre, y_cell, &dx, &found_dy[g]);
            found_at[g] = centre + dx;
            found_x0[g] = (int)lround(centre - T[0][g].w / 2.0) + dx;
            found_y0[g] = y_cell + found_dy[g];
        }
        /* the leading templates whose best shift lies at the window's
         * edge follow on (a speck beside a glyph moves its ink box) */
        int lead_g[LEAD_FOLLOW];
        top_glyphs(sc, lead_g, LEAD_FOLLOW);
        for (int k = 0; k < LEAD_FOLLOW; k++) {
            int g = lead_g[k], dx = found_x0[g] - ((int)lround(centre - T[0][g].w / 2.0));
            if (abs(dx) != 1 || ia < 0)
                continue;
            sc[g] = follow_shift(&b, g, found_x0[g], y_cell, sc[g], dx, ia, iz, &found_x0[g],
                                 &found_dy[g]);
            found_at[g] = found_x0[g] + T[0][g].w / 2.0;
            found_y0[g] = y_cell + found_dy[g];
        }
        double mx = -2;
        int arg = 0;
        for (int g = 0; g < NGLYPH; g++)
            if (sc[g] > mx) {
                mx = sc[g];
                arg = g;
            }
        memcpy(cr[i].sc, sc, sizeof sc);
        /* the stroke test weighs how close the sharp templates came (its
         * gap is theirs: blurred templates bring every glyph closer) */
        const double *gate = sc;
        double sharp[NGLYPH];
        if (b.bank != 0) {
            top_glyphs(sc, lead_g, LEAD_FOLLOW);
            for (int g = 0; g < NGLYPH; g++)
                sharp[g] = -1;
            for (int k = 0; k < LEAD_FOLLOW; k++) {
                int g = lead_g[k];
                sharp[g] = ncc_bank(&b, 0, g, found_x0[g], found_y0[g]);
            }
            gate = sharp;
        }
        cr[i].stroke = ia >= 0 ? mrz_stroke_decides(b.p, b.w, b.h, TT, NGLYPH, gate, found_x0,
                                                    found_y0)
                               : -1;
        cr[i].height = ia >= 0 ? ink_height(&b, found_at[arg], T[0][arg].w, y_cell) : 0;
        sum += mx;
        if (cellsc != NULL)
            cellsc[i] = mx;
        /* follow the print: the found centre corrects the next cells, and
         * the found row the next cells' window (a line a little turned in
         * its crop climbs or sinks a few rows along its length) */
        if (ia >= 0 && i >= lead) {
            double found = found_at[arg];
            drift += 0.5 * (found - (c_first + i * pitch + drift));
            ydrift += 0.5 * found_dy[arg];
            if (ydrift > PAD_Y - 2)
                ydrift = PAD_Y - 2;
            if (ydrift < -(PAD_Y - 2))
                ydrift = -(PAD_Y - 2);
        }
    }
    print_heights ph;
    line_heights(cr, upto, &ph);
    for (int i = 0; i < upto; i++) {
        double llr = digit_log_odds(&ph, i, cr[i].height);
        fill_cell(&lat->cell[li][i], cr[i].sc, llr, cr[i].stroke);
    }
    result = sum / upto;
done:
    free(cr);
    band_free(&own);
    return result;
}

/* Move top/bot out to the line's faintest ink rows (the tops of digits,
 * which stand above the capitals, are few pixels per row). */
static void refine_band(const unsigned char *p, int w, int h, int stride, int *top, int *bot)
{
    int lh = *bot - *top + 1;
    int y0 = *top - lh / 3, y1 = *bot + lh / 3;
    if (y0 < 0)
        y0 = 0;
    if (y1 > h - 1)
        y1 = h - 1;
    /* threshold halfway between paper and ink of the band */
    long hist[256] = {0};
    for (int y = *top; y <= *bot; y++)
        for (int x = 0; x < w; x++)
            hist[p[(size_t)y * stride + x]]++;
    long n = (long)lh * w, acc = 0;
    int dark = 0, light = 255;
    for (int v = 0; v < 256; v++) {
        acc += hist[v];
        if (acc >= n / 20) {
            dark = v;
            break;
        }
    }
    acc = 0;
    for (int v = 255; v >= 0; v--) {
        acc += hist[v];
        if (acc >= n / 3) {
            light = v;
            break;
        }
    }
    int thr = (dark + light) / 2;
    int mx = 0, prof[4096];
    if (y1 - y0 + 1 > 4096)
        return;
    for (int y = y0; y <= y1; y++) {
        int k = 0;
        for (int x = 0; x < w; x++)
            k += p[(size_t)y * stride + x] < thr;
        prof[y - y0] = k;
        if (k > mx)
            mx = k;
    }
    int lim = mx / 15 + 1;
    int t = *top, b = *bot, grow = lh / 6 + 1;
    while (t - 1 >= y0 && t > *top - grow && prof[t - 1 - y0] >= lim)
        t--;
    while (b + 1 <= y1 && b < *bot + grow && prof[b + 1 - y0] >= lim)
        b++;
    /* and in, where the first guess was too generous */
    while (t < b && prof[t - y0] < lim)
        t++;
    while (b > t && prof[b - y0] < lim)
        b--;
    if (b - t + 1 >= lh / 2) {
        *top = t;
        *bot = b;
    }
}

/* Probing the print on a line's first cells: the line, and the best
 * pitch-to-height ratio, lattice start and template bank so far. */
typedef struct probe_ctx {
    const unsigned char *p;
    int w, h, stride, top, bot;
    double pitch, cap;
    int n, cells;           /* the line's cells; how many are probed */
    mrz_lattice *scratch;
    int li;
    band_cache *bands;      /* the line's bands, by stretch */
} probe_ctx;

typedef struct probe_best {
    double score, ratio, first;
    int bank;
} probe_best;

static const double print_ratio[] = {1.0, 0.9, 1.1, 0.82, 1.2};

/* Read the first cells at one ratio, bank and lattice start; keep it in *pb
 * when it matches clearly better. */
static void probe_one(const probe_ctx *c, double ratio, int bank, double first, probe_best *pb)
{
    double st = GLYPH_ADVANCE * ratio / c->pitch * c->cap / GLYPH_CAP;
    double v = read_at(c->bands, c->p, c->w, c->h, c->stride, c->top, c->bot, st, bank, c->pitch, first,
                       c->n, c->cells, c->scratch, c->li, NULL, 0);
    if (v > pb->score + 0.005)
        *pb = (probe_best){v, ratio, first, bank};
}

/* Probe the ratios at one bank and lattice start: 1.0, 0.9 and 1.1, and
 * 0.82 or 1.2 when the inner ratio at that side leads. */
static void probe_ratios(const probe_ctx *c, int bank, double first, probe_best *pb)
{
    for (size_t k = 0; k < sizeof print_ratio / sizeof print_ratio[0]; k++) {
        if ((k == 3 && pb->ratio != 0.9) || (k == 4 && pb->ratio != 1.1))
            continue;
        if (bank == pb->bank && first == pb->first && print_ratio[k] == pb->ratio && pb->score > -2)
            continue;       /* read already */
        probe_one(c, print_ratio[k], bank, first, pb);
    }
}

/* A line of capitals only stands lower than the templates' band (cut to the
 * taller digits): read it both ways and keep the better. */
double mrz_glyph_read_line(const unsigned char *p, int w, int h, int stride, int top, int bot,
                           int n, mrz_lattice *lat, int li)
{
    mrz_glyph_print print = {true, 0, false, false};
    return mrz_glyph_read_line_as(p, w, h, stride, top, bot, n, &print, lat, li);
}

double mrz_glyph_read_line_as(const unsigned char *p, int w, int h, int stride, int top, int bot,
                              int n, mrz_glyph_print *print, mrz_lattice *lat, int li)
{
    if (n < 2 || n > MRZ_LATTICE_MAX || li < 0 || li >= MRZ_MAX_LINES)
        return -1;
    templates_init();
    refine_band(p, w, h, stride, &top, &bot);
    mrz_lattice *alt = malloc(sizeof *alt);
    if (alt == NULL)
        return -1;
    extent e;
    if (line_extent(p, w, h, stride, top, bot, &e) != 0) {
        free(alt);
        return -1;
    }
    /* Pitch: the ink's width over n characters, unless an end of the ink
     * is polluted (a card edge, a shadow) and the autocorrelation period
     * disagrees.  The first cell from the left end, or from the right. */
    double pitch = (e.x1 + 1 - e.x0) / (n - 1 + GLYPH_FILL);
    if (e.period > 0 && fabs(pitch - e.period) > 0.03 * e.period)
        pitch = e.period;
    double firsts[2] = {e.x0 + GLYPH_FILL * pitch / 2,
                        e.x1 + 1 - GLYPH_FILL * pitch / 2 - (n - 1) * pitch};
    if (e.fit_b > 0) {
        /* the lattice through the blobs, from the first blob on */
        pitch = e.fit_b;
        firsts[0] = e.fit_a;
        firsts[1] = e.fit_a;
    }
    /* Scale from the pitch, with the print's pitch-to-height ratio found on
     * the first cells: printers space OCR-B differently. */
    band_cache bands = {0};
    probe_ctx pc = {p, w, h, stride, top, bot, pitch, bot - top + 1, n, n < 8 ? n : 8, alt, li, &bands};
    probe_best pb = {-2, 1.0, firsts[0], 0};
    int nfirst = fabs(firsts[1] - firsts[0]) > 0.2 * pitch ? 2 : 1;
    /* the ratio, with the sharp templates */
    for (int a = 0; a < nfirst; a++)
        probe_ratios(&pc, 0, firsts[a], &pb);
    /* the first cells match them poorly: blurred templates, no more
     * blurred than needed, at that ratio; and the ratio again with the
     * blurred templates when they won */
    print->poor = pb.score < BLUR_PROBE_BELOW;
    for (int bk = 1; print->may_blur && bk < NBANK && pb.score < BLUR_PROBE_BELOW; bk++)
        probe_one(&pc, pb.ratio, bk, pb.first, &pb);
    if (pb.score < print->least) {      /* only grows from here */
        band_cache_free(&bands);
        free(alt);
        return -1;
    }
    if (pb.bank > 0)
        for (int a = 0; a < nfirst; a++)
            probe_ratios(&pc, pb.bank, firsts[a], &pb);
    double bs = GLYPH_ADVANCE * pb.ratio / pitch * pc.cap / GLYPH_CAP, bf = pb.first;
    int bb = pb.bank;
    print->blurred = bb > 0;
    /* The whole line with SLIP spare cells at each end: where the ink's
     * ends were polluted (a card edge, a shadow, clutter) the lattice
     * starts a cell or two off, and the n consecutive cells that match the
     * templates best are the line. */
    int m = n + 2 * SLIP;
    if (m > MRZ_LATTICE_MAX) {
        double v = read_at(&bands, p, w, h, stride, top, bot, bs, bb, pitch, bf, n, n, lat, li, NULL, 0);
        band_cache_free(&bands);
        free(alt);
        return v;
    }
    double sc[MRZ_LATTICE_MAX];
    double v = read_at(&bands, p, w, h, stride, top, bot, bs, bb, pitch, bf - SLIP * pitch, m, m, alt,
                       li, sc, SLIP);
    band_cache_free(&bands);
    if (v < 0) {
        free(alt);
        return -1;
    }
    int bestk = SLIP;
    double bsum = -1e300, sum0 = 0;
    for (int k = 0; k <= 2 * SLIP; k++) {
        double s = 0;
        for (int i = 0; i < n; i++)
            s += sc[k + i];
        if (k == SLIP)
            sum0 = s;
        if (s > bsum) {
            bsum = s;
            bestk = k;
        }
    }
    if (bsum < sum0 + SLIP_GAIN)
        bestk = SLIP;
    if (getenv("VARTA_MRZ_DEBUG"))
        fprintf(stderr, "glyph line %d: lattice shift %d cells\n", li, bestk - SLIP);
    lat->len[li] = n;
    if (lat->nlines <= li)
        lat->nlines = li + 1;
    memcpy(lat->cell[li], &alt->cell[li][bestk], sizeof(mrz_cell) * (size_t)n);
    /* a lattice moved off the ink's end found something there that is not
     * the line (a speck, an edge): the cell beside it is in doubt */
    if (bestk != SLIP) {
        mrz_cell *end = &lat->cell[li][bestk > SLIP ? 0 : n - 1];
        if (end->p[0] > SHIFTED_END_P)
            end->p[0] = SHIFTED_END_P;
    }
    free(alt);
    return (bsum > sum0 ? bsum : sum0) / n;
}
