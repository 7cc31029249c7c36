/*
 * mrzstroke — the strokes that tell two OCR-B glyphs apart (see mrzstroke.h).
 *
 * For a pair of templates where one lies within the other's strokes (F in
 * E, O in Q, U in 0), the pixels only the larger glyph inks are compared
 * with what each glyph would give there under the image's blur.  The blur
 * is fitted on a ring two pixels off the strokes; the paper's own texture
 * sets how much ink counts.  Each pair at each offset is modelled once per
 * process (pair_at).
 */
#include "mrzstroke.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The line band: ink bright (0..255), w x h, row stride w. */
typedef struct stroke_band {
    const unsigned char *p;
    int w, h;
} stroke_band;

#define STROKE_INK 160      /* template value counted as stroke */
#define STROKE_NEAR 64      /* dilated template value counted as near a stroke */
#define STROKE_MIN_PX 10    /* exclusive stroke pixels for a pair to count */
#define STROKE_MAX_SHARE 0.4  /* at most this share of the larger glyph's strokes */
#define STROKE_PRESENT 0.33 /* exclusive strokes at least this inked: there */
#define STROKE_ABSENT 0.10  /* at most this: not there */
#define STROKE_NOISE_K 4.0  /* ink beyond blur's, in the paper's standard deviations */
#define STROKE_MIN_INK 40.0 /* shared strokes' ink over paper, grey levels, at least */
#define STROKE_MIN_CONTRAST 0.3  /* the two glyphs' predictions this far apart, at least */
#define STROKE_SUB_MIN_PX 4 /* sub's own stroke pixels for them to count */
#define STROKE_SUB_PRESENT 0.5  /* ... printed at least this share of the way */
#define STROKE_GAP 0.12     /* correlations this close leave the pair open */

/* Template t placed with its top-left at (x0, y0): its value at band
 * pixel (x, y), dilated by `grow` pixels (the largest value within). */
static int tmpl_at(const mrz_template *t, int x0, int y0, int x, int y, int grow)
{
    int best = 0;
    for (int dy = -grow; dy <= grow; dy++)
        for (int dx = -grow; dx <= grow; dx++) {
            int tx = x + dx - x0, ty = y + dy - y0;
            if (tx >= 0 && tx < t->w && ty >= 0 && ty < t->h &&
                t->px[(size_t)ty * t->stride + tx] > best)
                best = t->px[(size_t)ty * t->stride + tx];
        }
    return best;
}

#define FRAME_W 40          /* a pair's frame: both templates and a margin */
#define FRAME_H 40

#define GROW_MAX 3          /* the widest dilation pair_model asks for */

/* A template dilated by 0..GROW_MAX pixels (tmpl_at's values), over its
 * box widened by GROW_MAX on each side; only for templates a pair's frame
 * can hold. */
typedef struct dilated {
    int w, h;               /* the widened box */
    unsigned char px[GROW_MAX + 1][FRAME_H][FRAME_W];
} dilated;

/* Template g of table t, dilated (built on first use: the table is the
 * same at every call), or NULL when it is too big for a pair's frame. */
static const dilated *dilations(const mrz_template *t, int g)
{
    static dilated d[MRZ_STROKE_MAX_GLYPHS];
    static bool ready[MRZ_STROKE_MAX_GLYPHS];
    const mrz_template *tg = &t[g];
    if (tg->w + 2 * GROW_MAX > FRAME_W || tg->h + 2 * GROW_MAX > FRAME_H)
        return NULL;
    if (!ready[g]) {
        d[g].w = tg->w + 2 * GROW_MAX;
        d[g].h = tg->h + 2 * GROW_MAX;
        for (int grow = 0; grow <= GROW_MAX; grow++)
            for (int y = 0; y < d[g].h; y++)
                for (int x = 0; x < d[g].w; x++)
                    d[g].px[grow][y][x] = (unsigned char)tmpl_at(tg, GROW_MAX, GROW_MAX, x, y, grow);
        ready[g] = true;
    }
    return &d[g];
}

/* tmpl_at from the dilated template: its top-left at (x0, y0), its value
 * at frame pixel (x, y) dilated by grow <= GROW_MAX. */
static int dilated_at(const dilated *d, int x0, int y0, int x, int y, int grow)
{
    int tx = x - x0 + GROW_MAX, ty = y - y0 + GROW_MAX;
    if (tx < 0 || ty < 0 || tx >= d->w || ty >= d->h)
        return 0;
    return d->px[grow][ty][tx];
}

/* Frame in blurred by a Gaussian of `sigma` px into out (0: copied); w x h
 * of its FRAME_W x FRAME_H are used. */
static void frame_blur(const float *in, float *out, int w, int h, double sigma)
{
    if (sigma <= 0) {
        memcpy(out, in, sizeof(float) * FRAME_W * FRAME_H);
        return;
    }
    enum { MAX_RAD = 12 };
    int rad = (int)ceil(3 * sigma);
    double k[2 * MAX_RAD + 1], ks = 0;
    if (rad > MAX_RAD)
        rad = MAX_RAD;
    for (int i = -rad; i <= rad; i++)
        ks += k[i + rad] = exp(-i * i / (2 * sigma * sigma));
    float tmp[FRAME_W * FRAME_H];
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double v = 0;
            for (int i = -rad; i <= rad; i++)
                if (x + i >= 0 && x + i < w)
                    v += k[i + rad] * in[y * FRAME_W + x + i];
            tmp[y * FRAME_W + x] = (float)(v / ks);
        }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            double v = 0;
            for (int i = -rad; i <= rad; i++)
                if (y + i >= 0 && y + i < h)
                    v += k[i + rad] * tmp[(y + i) * FRAME_W + x];
            out[y * FRAME_W + x] = (float)(v / ks);
        }
}

/* Pixel regions of a pair's frame. */
enum { R_NONE, R_BOTH, R_ONLY, R_RING, R_PAPER, R_SUB, R_COUNT };
/* R_ONLY: the strokes sup has and sub lacks; R_SUB: the few pixels of
 * sub's strokes that lie outside sup's (a subset within a pixel or so: at
 * most a tenth of sub's strokes). */

/* Per region of frame v (w x h, regions reg, cnt pixels each): its mean
 * over paper as a share of the shared strokes' (ratio[]).  Returns that
 * strokes' ink over paper, in grey levels. */
static double region_ratios(const float *v, const unsigned char *reg, int w, int h,
                            const int *cnt, double *ratio)
{
    double sum[R_COUNT] = {0};
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            sum[reg[y * FRAME_W + x]] += v[y * FRAME_W + x];
    double paper = sum[R_PAPER] / cnt[R_PAPER], ink = sum[R_BOTH] / cnt[R_BOTH] - paper;
    for (int k = 0; k < R_COUNT; k++)
        ratio[k] = cnt[k] > 0 && ink > 0 ? (sum[k] / cnt[k] - paper) / ink : 0;
    return ink;
}

/* The standard deviation of frame v's paper region (texture, noise), as a
 * share of the shared strokes' ink `ink`. */
static double paper_spread(const float *v, const unsigned char *reg, int w, int h,
                           const int *cnt, double ink)
{
    double m = 0, var = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (reg[y * FRAME_W + x] == R_PAPER)
                m += v[y * FRAME_W + x];
    m /= cnt[R_PAPER];
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (reg[y * FRAME_W + x] == R_PAPER)
                var += (v[y * FRAME_W + x] - m) * (v[y * FRAME_W + x] - m);
    return sqrt(var / cnt[R_PAPER]) / ink;
}

/* The blurs tried when predicting what blur spreads off a stroke. */
static const double stroke_sigmas[] = {0, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.6, 3.0};
#define NSIGMA ((int)(sizeof stroke_sigmas / sizeof stroke_sigmas[0]))

/* A pair of templates, sup and sub, at one offset from each other: their
 * frame's regions, and per blur what each template predicts there (as
 * region_ratios gives them).  Depends on the templates only. */
typedef struct stroke_pair {
    int sx, sy, bx, by;         /* top-left of sup and sub in the frame */
    int w, h;
    int cnt[R_COUNT];
    unsigned char reg[FRAME_W * FRAME_H];
    double ring_sub[NSIGMA];    /* sub blurred: two pixels off the strokes */
    double only_sub[NSIGMA];    /* sub blurred: on sup's own strokes */
    double only_sup[NSIGMA];    /* sup blurred: on its own strokes */
    double subs_sub[NSIGMA];    /* sub blurred: on its strokes outside sup's */
    double subs_sup[NSIGMA];    /* sup blurred: there */
} stroke_pair;

/* Fill *m for templates sup = t[gsup] and sub = t[gsub], sup's top-left
 * ox, oy from sub's.  False unless sub lies within sup's strokes and sup
 * adds a stroke or two to it (with enough of each region to measure), or
 * the frame is too big. */
static bool pair_model(const mrz_template *t, int gsup, int gsub, int ox, int oy,
                       stroke_pair *m)
{
    const mrz_template *sup = &t[gsup], *sub = &t[gsub];
    m->bx = ox >= 0 ? 3 : 3 - ox;
    m->sx = m->bx + ox;
    m->by = oy >= 0 ? 3 : 3 - oy;
    m->sy = m->by + oy;
    m->w = (m->sx + sup->w > m->bx + sub->w ? m->sx + sup->w : m->bx + sub->w) + 3;
    m->h = (m->sy > m->by ? m->sy : m->by) + (sup->h > sub->h ? sup->h : sub->h) + 3;
    if (m->w > FRAME_W || m->h > FRAME_H)
        return false;
    const dilated *ds = dilations(t, gsup), *db = dilations(t, gsub);
    if (ds == NULL || db == NULL)
        return false;
    float ts[FRAME_W * FRAME_H], tb[FRAME_W * FRAME_H], blurred[FRAME_W * FRAME_H];
    memset(m->cnt, 0, sizeof m->cnt);
    for (int y = 0; y < m->h; y++)
        for (int x = 0; x < m->w; x++) {
            int sx = m->sx, sy = m->sy, bx = m->bx, by = m->by;
            int vs = dilated_at(ds, sx, sy, x, y, 0), vb = dilated_at(db, bx, by, x, y, 0);
            int ns1 = dilated_at(ds, sx, sy, x, y, 1), nb1 = dilated_at(db, bx, by, x, y, 1);
            int ns2 = dilated_at(ds, sx, sy, x, y, 2), nb2 = dilated_at(db, bx, by, x, y, 2);
            unsigned char r = R_NONE;
            if (vb >= STROKE_INK && ns1 < STROKE_INK)
                r = R_SUB;          /* a stroke of sub's that sup lacks */
            else if (vs >= STROKE_INK && vb >= STROKE_INK)
                r = R_BOTH;
            else if (vs >= STROKE_INK && nb2 < STROKE_NEAR)
                r = R_ONLY;
            else if (vs < 16 && vb < 16 && ns1 < STROKE_NEAR && nb1 < STROKE_NEAR &&
                     (ns2 >= STROKE_INK || nb2 >= STROKE_INK))
                r = R_RING;         /* two pixels off a stroke: blur's reach */
            else if (ns2 == 0 && nb2 == 0 && dilated_at(ds, sx, sy, x, y, 3) == 0 &&
                     dilated_at(db, bx, by, x, y, 3) == 0)
                r = R_PAPER;
            m->reg[y * FRAME_W + x] = r;
            m->cnt[r]++;
            ts[y * FRAME_W + x] = (float)vs;
            tb[y * FRAME_W + x] = (float)vb;
        }
    const int *cnt = m->cnt;
    if (cnt[R_SUB] > 0.1 * (cnt[R_SUB] + cnt[R_BOTH]) || cnt[R_ONLY] < STROKE_MIN_PX ||
        cnt[R_ONLY] > STROKE_MAX_SHARE * (cnt[R_ONLY] + cnt[R_BOTH]) ||
        cnt[R_BOTH] < STROKE_MIN_PX || cnt[R_PAPER] < STROKE_MIN_PX || cnt[R_RING] < STROKE_MIN_PX)
        return false;
    double pred[R_COUNT];
    for (int k = 0; k < NSIGMA; k++) {
        frame_blur(tb, blurred, m->w, m->h, stroke_sigmas[k]);
        region_ratios(blurred, m->reg, m->w, m->h, cnt, pred);
        m->ring_sub[k] = pred[R_RING];
        m->only_sub[k] = pred[R_ONLY];
        m->subs_sub[k] = pred[R_SUB];
        frame_blur(ts, blurred, m->w, m->h, stroke_sigmas[k]);
        region_ratios(blurred, m->reg, m->w, m->h, cnt, pred);
        m->only_sup[k] = pred[R_ONLY];
        m->subs_sup[k] = pred[R_SUB];
    }
    return true;
}

/* The model of templates sup and sub at offset (ox, oy), or NULL when
 * they make no pair there.  Models are kept for the life of the process
 * (the reader runs one per process, in one thread); *scratch holds one
 * that is not kept. */
static const stroke_pair *pair_at(const mrz_template *t, int sup, int sub, int ox, int oy,
                                  stroke_pair *scratch)
{
    enum { OX = 8, OY = 3, KEPT = 512 };
    static short slot[MRZ_STROKE_MAX_GLYPHS][MRZ_STROKE_MAX_GLYPHS][2 * OX + 1][2 * OY + 1];     /* 0 unknown, -1 none */
    static stroke_pair *kept;
    static int nkept;
    if (ox < -OX || ox > OX || oy < -OY || oy > OY)
        return pair_model(t, sup, sub, ox, oy, scratch) ? scratch : NULL;
    short *s = &slot[sup][sub][ox + OX][oy + OY];
    if (*s < 0)
        return NULL;
    if (*s > 0)
        return &kept[*s - 1];
    if (!pair_model(t, sup, sub, ox, oy, scratch)) {
        *s = -1;
        return NULL;
    }
    if (kept == NULL)
        kept = malloc(sizeof *kept * KEPT);
    if (kept != NULL && nkept < KEPT) {
        kept[nkept] = *scratch;
        *s = (short)++nkept;
    }
    return scratch;
}

/* Whether the strokes glyph `sup` has and glyph `sub` lacks (sub lying
 * within sup's strokes: F in E, O in Q, 7 in 2) are printed, each template
 * at its own best place (top-left (xs, ys) and (xb, yb) in band b): 0 when
 * their pixels hold no more ink than blur spreads there from sub's
 * strokes, 1 when as much as sup's strokes would give them.  The blur is
 * the one under which the templates' spread two pixels off their strokes
 * matches the image's.  -1 when sub is no subset of sup, sup's own strokes
 * are too few to judge, the print too faint or blurred to tell, or the ink
 * there no more than the paper's own texture gives. */
static double stroke_presence(const stroke_band *b, const mrz_template *t, int sup, int xs, int ys,
                              int sub, int xb, int yb)
{
    stroke_pair scratch;
    const stroke_pair *m = pair_at(t, sup, sub, xs - xb, ys - yb, &scratch);
    if (m == NULL)
        return -1;
    int xa = xs - m->sx, ya = ys - m->sy, w = m->w, h = m->h;
    if (xa < 0 || ya < 0 || xa + w > b->w || ya + h > b->h)
        return -1;
    float img[FRAME_W * FRAME_H];
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            img[y * FRAME_W + x] = b->p[(size_t)(ya + y) * b->w + xa + x];
    double seen[R_COUNT];
    double ink = region_ratios(img, m->reg, w, h, m->cnt, seen);
    if (ink < STROKE_MIN_INK)
        return -1;
    /* the blur whose spread two pixels off the strokes is the image's */
    double best_d = 1e9, pred_sub = 0, pred_sup = 0, subs_sub = 0, subs_sup = 0;
    for (int k = 0; k < NSIGMA; k++) {
        double d = fabs(m->ring_sub[k] - seen[R_RING]);
        if (d < best_d) {
            best_d = d;
            pred_sub = m->only_sub[k];
            pred_sup = m->only_sup[k];
            subs_sub = m->subs_sub[k];
            subs_sup = m->subs_sup[k];
        }
    }
    if (pred_sup - pred_sub < STROKE_MIN_CONTRAST)
        return -1;          /* blurred past telling */
    double share = (seen[R_ONLY] - pred_sub) / (pred_sup - pred_sub);
    if (share > STROKE_ABSENT &&
        seen[R_ONLY] - pred_sub < STROKE_NOISE_K * paper_spread(img, m->reg, w, h, m->cnt, ink))
        return -1;          /* no more ink than the paper's own texture gives */
    /* strokes only sub has, printed as sub would print them: not sup, even
     * where ink spreading from sub's other strokes fills sup's own (an H's
     * bar between the legs an M joins by its V) */
    if (share > STROKE_ABSENT && m->cnt[R_SUB] >= STROKE_SUB_MIN_PX && subs_sub - subs_sup > 0.1 &&
        (seen[R_SUB] - subs_sup) / (subs_sub - subs_sup) >= STROKE_SUB_PRESENT)
        return -1;
    return share;
}

/* (mrzstroke.h) */
int mrz_stroke_decides(const unsigned char *band, int w, int h, const mrz_template *t, int nt,
                       const double *sc, const int *x0, const int *y0)
{
    if (nt < 2 || nt > MRZ_STROKE_MAX_GLYPHS)
        return -1;
    const stroke_band bb = {band, w, h}, *b = &bb;
    int g1 = 0, g2 = -1;
    for (int g = 1; g < nt; g++)
        if (sc[g] > sc[g1])
            g1 = g;
    for (int g = 0; g < nt; g++)
        if (g != g1 && (g2 < 0 || sc[g] > sc[g2]))
            g2 = g;
    int g3 = -1;
    for (int g = 0; g < nt; g++)
        if (g != g1 && g != g2 && (g3 < 0 || sc[g] > sc[g3]))
            g3 = g;
    const int rivals[2] = {g2, g3};
    for (int k = 0; k < 2; k++) {
        int gr = rivals[k];
        if (gr < 0 || sc[g1] - sc[gr] > STROKE_GAP)
            break;
        double r = stroke_presence(b, t, gr, x0[gr], y0[gr], g1, x0[g1], y0[g1]);
        if (r >= STROKE_PRESENT)
            return gr;          /* the rival's own strokes are there */
        r = stroke_presence(b, t, g1, x0[g1], y0[g1], gr, x0[gr], y0[gr]);
        if (r >= 0 && r <= STROKE_ABSENT)
            return gr;          /* the choice's own strokes are missing */
    }
    return -1;
}
