/*
 * mrzcorrect — character classes and check-digit-guided choice among the
 * OCR engine's own alternatives (see mrzcorrect.h).
 *
 * The MRZ parser (validators/mrz.c) is the judge: a candidate reading is
 * parsed and its check digits counted.  The search only visits characters
 * the engine listed with some weight at cells where it was unsure, changes
 * at most three cells, and accepts a change only when every check digit
 * covering a changed cell is then right — so a field altered after issue
 * (its check digit no longer matching what the engine confidently read)
 * stays invalid.
 */
#include "mrzcorrect.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { C_DIGIT = 1, C_LETTER = 2, C_FILL = 4, C_SEX = 8, C_DOC_P = 16, C_DOC_V = 32, C_DOC_IAC = 64 };
#define C_ANY (C_DIGIT | C_LETTER | C_FILL)
#define C_ALPHA (C_LETTER | C_FILL)
#define C_DATE (C_DIGIT | C_FILL)

#define SEARCH_CAP 6000     /* parses at most, per MRZ */
#define MAX_CAND 48         /* (cell, alternative) pairs considered */

void mrz_cell_add(mrz_cell *cell, char c, float p, int keep_first)
{
    if (cell->n >= MRZ_MAX_ALTS)
        return;
    for (int i = 0; i < cell->n; i++)
        if (cell->ch[i] == c)
            return;
    int i = cell->n++;
    while (i > (keep_first ? 1 : 0) && cell->p[i - 1] < p) {
        cell->ch[i] = cell->ch[i - 1];
        cell->p[i] = cell->p[i - 1];
        i--;
    }
    cell->ch[i] = c;
    cell->p[i] = p;
}

void mrz_lattice_set(mrz_lattice *lat, int line, const char *s)
{
    if (line < 0 || line >= MRZ_MAX_LINES)
        return;
    int n = 0;
    for (; s[n] != '\0' && n < MRZ_LATTICE_MAX; n++) {
        lat->cell[line][n].n = 1;
        lat->cell[line][n].ch[0] = s[n];
        lat->cell[line][n].p[0] = 1.0f;
        lat->cell[line][n].contested = false;
        lat->cell[line][n].disputed = false;
    }
    lat->len[line] = n;
    if (lat->nlines <= line)
        lat->nlines = line + 1;
}

/* ------------------------------------------------------------------ */
/* Layout knowledge: character classes and what each check digit covers */

typedef struct span { int line, a, b; } span;     /* [a, b) of a line */

typedef struct check_def {
    mrz_check_id id;
    span part[4];
    int nparts;
    int cd_line, cd_col;
} check_def;

static int fmt_checks(mrz_format f, const char lines[MRZ_MAX_LINES][MRZ_LATTICE_MAX + 1],
                      check_def *out)
{
    int n = 0;
#define CHK(ID, CL, CC, ...) do { \
        check_def d = {ID, {__VA_ARGS__}, 0, CL, CC}; \
        for (d.nparts = 0; d.nparts < 4 && d.part[d.nparts].b > 0; d.nparts++) {} \
        out[n++] = d; } while (0)
    switch (f) {
    case MRZ_FMT_TD3:
    case MRZ_FMT_MRVA:
        CHK(MRZ_CHECK_DOCUMENT_NUMBER, 1, 9, {1, 0, 9});
        CHK(MRZ_CHECK_DATE_OF_BIRTH, 1, 19, {1, 13, 19});
        CHK(MRZ_CHECK_DATE_OF_EXPIRY, 1, 27, {1, 21, 27});
        if (f == MRZ_FMT_TD3) {
            CHK(MRZ_CHECK_PERSONAL_NUMBER, 1, 42, {1, 28, 42});
            CHK(MRZ_CHECK_COMPOSITE, 1, 43, {1, 0, 10}, {1, 13, 20}, {1, 21, 43});
        }
        break;
    case MRZ_FMT_TD2:
    case MRZ_FMT_MRVB:
        if (f == MRZ_FMT_TD2 && lines[1][9] == '<')
            CHK(MRZ_CHECK_DOCUMENT_NUMBER, 1, 9, {1, 0, 9}, {1, 28, 35});
        else
            CHK(MRZ_CHECK_DOCUMENT_NUMBER, 1, 9, {1, 0, 9});
        CHK(MRZ_CHECK_DATE_OF_BIRTH, 1, 19, {1, 13, 19});
        CHK(MRZ_CHECK_DATE_OF_EXPIRY, 1, 27, {1, 21, 27});
        if (f == MRZ_FMT_TD2)
            CHK(MRZ_CHECK_COMPOSITE, 1, 35, {1, 0, 10}, {1, 13, 20}, {1, 21, 35});
        break;
    case MRZ_FMT_TD1:
        if (lines[0][14] == '<')
            CHK(MRZ_CHECK_DOCUMENT_NUMBER, 0, 14, {0, 5, 14}, {0, 15, 30});
        else
            CHK(MRZ_CHECK_DOCUMENT_NUMBER, 0, 14, {0, 5, 14});
        CHK(MRZ_CHECK_DATE_OF_BIRTH, 1, 6, {1, 0, 6});
        CHK(MRZ_CHECK_DATE_OF_EXPIRY, 1, 14, {1, 8, 14});
        CHK(MRZ_CHECK_COMPOSITE, 1, 29, {0, 5, 30}, {1, 0, 7}, {1, 8, 15}, {1, 18, 29});
        break;
    case MRZ_FMT_FRA_ID:
        CHK(MRZ_CHECK_ISSUE_DATE, 1, 12, {1, 0, 12});
        CHK(MRZ_CHECK_DATE_OF_BIRTH, 1, 33, {1, 27, 33});
        CHK(MRZ_CHECK_COMPOSITE, 1, 35, {0, 0, 36}, {1, 0, 35});
        break;
    default:
        break;
    }
#undef CHK
    return n;
}

static bool check_covers(const check_def *d, int line, int col)
{
    if (line == d->cd_line && col == d->cd_col)
        return true;
    for (int i = 0; i < d->nparts; i++)
        if (d->part[i].line == line && col >= d->part[i].a && col < d->part[i].b)
            return true;
    return false;
}

/* Whether check d is one reading r's format has and r passes. */
static bool check_passes(const mrz_result *r, const check_def *d)
{
    return r->has_check[d->id] && r->check_ok[d->id];
}

/* The characters ICAO allows at (line, col) of format f. */
static int char_class(mrz_format f, int line, int col)
{
    switch (f) {
    case MRZ_FMT_TD3:
    case MRZ_FMT_MRVA:
    case MRZ_FMT_TD2:
    case MRZ_FMT_MRVB: {
        int w = (f == MRZ_FMT_TD3 || f == MRZ_FMT_MRVA) ? 44 : 36;
        if (line == 0 && col == 0)
            return f == MRZ_FMT_TD3 ? C_DOC_P : f == MRZ_FMT_TD2 ? C_DOC_IAC : C_DOC_V;
        if (line == 0)
            return C_ALPHA;
        if (col < 9) return C_ANY;
        if (col == 9) return (f == MRZ_FMT_TD2) ? C_DATE : C_DIGIT;
        if (col < 13) return C_ALPHA;
        if (col < 19) return C_DATE;
        if (col == 19) return C_DIGIT;
        if (col == 20) return C_SEX;
        if (col < 27) return C_DATE;
        if (col == 27) return C_DATE;
        if (f == MRZ_FMT_TD3 && col == 42) return C_DATE;
        if ((f == MRZ_FMT_TD3 || f == MRZ_FMT_TD2) && col == w - 1) return C_DIGIT;
        return C_ANY;
    }
    case MRZ_FMT_TD1:
        if (line == 0) {
            if (col == 0) return C_DOC_IAC;
            if (col < 5) return C_ALPHA;
            if (col == 14) return C_DATE;
            return C_ANY;
        }
        if (line == 1) {
            if (col < 6) return C_DATE;
            if (col == 6) return C_DIGIT;
            if (col == 7) return C_SEX;
            if (col < 14) return C_DATE;
            if (col == 14) return C_DATE;
            if (col < 18) return C_ALPHA;
            if (col == 29) return C_DIGIT;
            return C_ANY;
        }
        return C_ALPHA;
    case MRZ_FMT_FRA_ID:
        if (line == 0)
            return col < 30 ? C_ALPHA : C_ANY;
        if (col < 4 || (col >= 7 && col <= 12)) return C_DIGIT;
        if (col < 7) return C_ANY;
        if (col < 27) return C_ALPHA;
        if (col < 34) return C_DIGIT;
        if (col == 34) return C_SEX;
        return C_DIGIT;
    default:
        return C_ANY;
    }
}

static bool in_class(int cls, char c)
{
    if (cls & C_SEX)
        return c == 'M' || c == 'F' || c == '<' || c == 'X';
    /* the document code's first letter, by format (ICAO 9303 Parts 4-7) */
    if (cls & C_DOC_P)
        return c == 'P';
    if (cls & C_DOC_V)
        return c == 'V';
    if (cls & C_DOC_IAC)
        return c == 'I' || c == 'A' || c == 'C';
    if (c >= '0' && c <= '9')
        return (cls & C_DIGIT) != 0;
    if (c >= 'A' && c <= 'Z')
        return (cls & C_LETTER) != 0;
    if (c == '<')
        return (cls & C_FILL) != 0;
    return false;
}

/* ------------------------------------------------------------------ */
/* Working state */

typedef struct work {
    mrz_format fmt;
    int nlines;
    int len[MRZ_MAX_LINES];
    mrz_cell cell[MRZ_MAX_LINES][MRZ_LATTICE_MAX];
    int pick[MRZ_MAX_LINES][MRZ_LATTICE_MAX];       /* chosen alternative */
    int pick0[MRZ_MAX_LINES][MRZ_LATTICE_MAX];      /* as chosen before the search */
    char text[MRZ_MAX_LINES][MRZ_LATTICE_MAX + 1];
} work;

static void work_text(work *w)
{
    for (int l = 0; l < w->nlines; l++) {
        for (int i = 0; i < w->len[l]; i++)
            w->text[l][i] = w->cell[l][i].ch[w->pick[l][i]];
        w->text[l][w->len[l]] = '\0';
    }
}

static void parse_work(const work *w, vdate ref, mrz_result *r)
{
    const char *lines[MRZ_MAX_LINES];
    for (int l = 0; l < w->nlines; l++)
        lines[l] = w->text[l];
    mrz_parse_lines(lines, w->nlines, ref, r);
}

static int checks_passing(const mrz_result *r)
{
    int n = 0;
    for (int i = 0; i < MRZ_CHECK_COUNT; i++)
        n += r->has_check[i] && r->check_ok[i];
    return n;
}

static int snap_len(int n)
{
    static const int std[] = {30, 36, 44};
    int best = -1, bd = 4;
    for (int i = 0; i < 3; i++) {
        int d = n > std[i] ? n - std[i] : std[i] - n;
        if (d < bd) {
            bd = d;
            best = std[i];
        }
    }
    return best;
}

/* The format the lattice most plausibly is, from line count, lengths and the
 * document code (engine's alternatives included). */
static mrz_format guess_format(const mrz_lattice *lat, int *width)
{
    *width = 0;
    if (lat->nlines == 3) {
        *width = 30;
        return MRZ_FMT_TD1;
    }
    if (lat->nlines != 2)
        return MRZ_FMT_NONE;
    int a = snap_len(lat->len[0]), b = snap_len(lat->len[1]);
    int w = (a == lat->len[0]) ? a : (b == lat->len[1]) ? b : (a > 0 ? a : b);
    if (w == 30 || w <= 0) {
        /* two lines near 30: a TD1 missing a line cannot be read */
        return MRZ_FMT_NONE;
    }
    *width = w;
    const mrz_cell *c0 = &lat->cell[0][0];
    bool visa = false;
    for (int i = 0; lat->len[0] > 0 && i < c0->n; i++) {
        char c = c0->ch[i];
        if (c == 'V' && (i == 0 || c0->p[i] > 0.2f))
            visa = true;
        if (c == 'P' || c == 'I' || c == 'A' || c == 'C')
            break;
    }
    if (w == 44)
        return visa ? MRZ_FMT_MRVA : MRZ_FMT_TD3;
    if (visa)
        return MRZ_FMT_MRVB;
    char id[6] = {0};
    for (int i = 0; i < 5 && i < lat->len[0]; i++)
        id[i] = lat->cell[0][i].ch[0];
    return strcmp(id, "IDFRA") == 0 ? MRZ_FMT_FRA_ID : MRZ_FMT_TD2;
}

/* Apply character classes: where the engine's choice is not allowed at a
 * position, take its best listed alternative that is. */
static void apply_classes(work *w)
{
    for (int l = 0; l < w->nlines; l++)
        for (int i = 0; i < w->len[l]; i++) {
            const mrz_cell *c = &w->cell[l][i];
            int cls = char_class(w->fmt, l, i);
            w->pick[l][i] = 0;
            if (in_class(cls, c->ch[0]))
                continue;
            for (int k = 1; k < c->n; k++)
                if (in_class(cls, c->ch[k])) {
                    w->pick[l][i] = k;
                    break;
                }
        }
}

/* Where a country code (issuing state, nationality) as chosen is no ICAO
 * or ISO code, the single listed alternative that makes it one (the most
 * probable such). */
static void country_codes(work *w)
{
    int at[2][2], n = 0;        /* (line, col) of each code */
    switch (w->fmt) {
    case MRZ_FMT_TD3: case MRZ_FMT_MRVA: case MRZ_FMT_TD2: case MRZ_FMT_MRVB:
        at[0][0] = 0; at[0][1] = 2; at[1][0] = 1; at[1][1] = 10; n = 2; break;
    case MRZ_FMT_TD1:
        at[0][0] = 0; at[0][1] = 2; at[1][0] = 1; at[1][1] = 15; n = 2; break;
    default:
        return;
    }
    for (int k = 0; k < n; k++) {
        int l = at[k][0], c0 = at[k][1];
        if (l >= w->nlines || c0 + 3 > w->len[l])
            continue;
        char code[4];
        for (int i = 0; i < 3; i++)
            code[i] = w->cell[l][c0 + i].ch[w->pick[l][c0 + i]];
        code[3] = '\0';
        char bare[4];
        int m = 0;
        for (int i = 0; i < 3; i++)
            if (code[i] != '<')
                bare[m++] = code[i];
        bare[m] = '\0';
        if (mrz_country_known(bare))
            continue;
        int bi = -1, bk = -1;
        float bp = 0;
        for (int i = 0; i < 3; i++) {
            const mrz_cell *c = &w->cell[l][c0 + i];
            for (int a = 0; a < c->n; a++) {
                if (a == w->pick[l][c0 + i] || !in_class(C_ALPHA, c->ch[a]) || c->p[a] < MRZ_ALT_MIN_P)
                    continue;
                char t[4];
                memcpy(t, code, 4);
                t[i] = c->ch[a];
                m = 0;
                for (int j = 0; j < 3; j++)
                    if (t[j] != '<')
                        bare[m++] = t[j];
                bare[m] = '\0';
                if (mrz_country_known(bare) && c->p[a] > bp) {
                    bp = c->p[a];
                    bi = i;
                    bk = a;
                }
            }
        }
        if (bi >= 0)
            w->pick[l][c0 + bi] = bk;
    }
}

/* The name field of format f: line, first and end column; false if none. */
static bool name_field(mrz_format f, int *line, int *a, int *b)
{
    switch (f) {
    case MRZ_FMT_TD3: case MRZ_FMT_MRVA: *line = 0; *a = 5; *b = 44; return true;
    case MRZ_FMT_TD2: case MRZ_FMT_MRVB: *line = 0; *a = 5; *b = 36; return true;
    case MRZ_FMT_TD1: *line = 2; *a = 0; *b = 30; return true;
    default: return false;
    }
}

/* Fields padded with fillers at their end: the name field, the optional
 * data and personal number fields.  ICAO names separate components by one
 * '<' and primary from secondary by two, and data fields end in fillers:
 * three in a row mean the field's content has ended, and the rest of it is
 * fillers.  Where the engine read something else there but listed '<', take
 * '<' (K, A and U weigh 0 mod 10 like '<', so no check digit would notice). */
static void tail_span(work *w, int l, int a, int b)
{
    if (l >= w->nlines || b > w->len[l])
        return;
    int run = 0, end = -1;
    for (int i = a; i < b; i++) {
        char c = w->cell[l][i].ch[w->pick[l][i]];
        run = (c == '<') ? run + 1 : 0;
        if (run == 3) {
            end = i;
            break;
        }
    }
    if (end < 0)
        return;
    for (int i = end + 1; i < b; i++) {
        const mrz_cell *c = &w->cell[l][i];
        if (c->ch[w->pick[l][i]] == '<')
            continue;
        for (int k = 0; k < c->n; k++)
            if (c->ch[k] == '<') {
                w->pick[l][i] = k;
                break;
            }
    }
}

static void name_tail(work *w)
{
    int l, a, b;
    if (name_field(w->fmt, &l, &a, &b))
        tail_span(w, l, a, b);
    switch (w->fmt) {
    case MRZ_FMT_TD3: tail_span(w, 1, 28, 42); break;
    case MRZ_FMT_MRVA: tail_span(w, 1, 28, 44); break;
    case MRZ_FMT_TD2: tail_span(w, 1, 28, 35); break;
    case MRZ_FMT_MRVB: tail_span(w, 1, 28, 36); break;
    case MRZ_FMT_TD1: tail_span(w, 0, 15, 30); tail_span(w, 1, 18, 29); break;
    default: break;
    }
}

/* How a line's length is put right: at >= 0, fillers inserted into or
 * removed from the run of '<' starting at cell `at`; at < 0, `lead`
 * cells cut from its start, and the line then cut to length at its end
 * or, when it ends in fillers, its last filler repeated to length. */
typedef struct length_fix {
    int at;
    int lead;
} length_fix;

/* Line l of w brought to `want` cells by fix f. */
static void apply_length_fix(work *w, int l, int want, length_fix f)
{
    mrz_cell *cl = w->cell[l];
    int diff = w->len[l] - want;
    if (f.at < 0) {
        int keep = w->len[l] - f.lead < want ? w->len[l] - f.lead : want;
        memmove(&cl[0], &cl[f.lead], sizeof cl[0] * (size_t)keep);
        for (int k = keep; k < want; k++)
            cl[k] = cl[keep - 1];
    } else if (diff > 0) {
        memmove(&cl[f.at], &cl[f.at + diff], sizeof cl[0] * (size_t)(w->len[l] - f.at - diff));
    } else {
        int add = -diff;
        memmove(&cl[f.at + add], &cl[f.at], sizeof cl[0] * (size_t)(w->len[l] - f.at));
        for (int k = 0; k < add; k++)
            cl[f.at + k] = cl[f.at + add];      /* a copy of the run's filler */
    }
    w->len[l] = want;
}

/* How right an MRZ reads with one line brought to length: its check
 * digits right and, where that line is the first, whether it starts with
 * a document code its format uses and a known issuing state (what the
 * name line has in place of a check digit).  checks < 0: not a reading of
 * this format at all. */
typedef struct fix_score {
    int checks;
    bool code_fits, issuer_known;
} fix_score;

/* Check digits first, then the code, then the state. */
static int fix_rank(fix_score s)
{
    return 4 * s.checks + 2 * s.code_fits + s.issuer_known;
}

/* Whether a fix's reading is more than chance: two check digits right
 * (garbage cut several ways passes one often enough), or a document code
 * and a state that are known ones. */
static bool fix_beyond_chance(fix_score s)
{
    return s.checks >= 2 || (s.code_fits && s.issuer_known);
}

/* The reading once line l of w is brought to `want` cells by f. */
static fix_score length_fix_score(const work *w, int l, int want, length_fix f, vdate ref)
{
    work trial = *w;
    apply_length_fix(&trial, l, want, f);
    apply_classes(&trial);
    work_text(&trial);
    mrz_result r;
    parse_work(&trial, ref, &r);
    fix_score s = {checks_passing(&r), false, false};
    /* a cut at the start must not change what the MRZ reads as: cutting
     * the V off a visa's VC reads a passport's C, with other checks */
    if (f.at < 0 && f.lead > 0 && r.format != w->fmt)
        s.checks = -1;
    else if (l == 0) {
        s.code_fits = mrz_code_fits(trial.fmt, trial.text[0]);
        s.issuer_known = r.issuer_known;
    }
    return s;
}

/* A line whose length is off by up to 3 cells: most often a filler run
 * read too long or too short, so fillers are inserted into or removed
 * from one run of '<' (the one that makes most check digits right; the
 * last one when none decides).  A line may instead start with a speck or
 * a stroke of the background read as a character, or end with one (a
 * guilloche line that a black-and-white scan turned as dark as the
 * print): up to 3 cells are cut off its start, and its end cut to length
 * or, when it ends in fillers, filled up with fillers, where that reads
 * more rightly than any filler run or, for a line of the right length,
 * than the line as read (fix_rank), and beyond chance (fix_beyond_chance;
 * the fewest cells cut from the start on a tie). */
static void fix_lengths(work *w, vdate ref)
{
    int want[MRZ_MAX_LINES];
    if (mrz_line_lengths(w->fmt, want) != w->nlines)
        return;
    for (int l = 0; l < w->nlines; l++) {
        int diff = w->len[l] - want[l];
        if (diff > 3 || diff < -3 || w->len[l] == 0)
            continue;
        int best_score = -1;
        length_fix best = {-1, -1};
        if (diff == 0 && l != 0)
            continue;       /* only the first line is shifted (below) */
        if (diff == 0)
            best_score = fix_rank(length_fix_score(w, l, want[l], (length_fix){-1, 0}, ref));
        for (int i = 0; i < w->len[l] && diff != 0; i++) {
            if (w->cell[l][i].ch[0] != '<' || (i > 0 && w->cell[l][i - 1].ch[0] == '<'))
                continue;
            int run = 0;
            while (i + run < w->len[l] && w->cell[l][i + run].ch[0] == '<')
                run++;
            if (diff > 0 && run < diff + (i + run == w->len[l] ? 0 : 1))
                continue;   /* a run inside the line keeps at least one '<' */
            if (diff < 0 && w->len[l] - diff > MRZ_LATTICE_MAX)
                continue;
            length_fix f = {i, 0};
            int score = fix_rank(length_fix_score(w, l, want[l], f, ref));
            if (score >= best_score) {      /* ties: the later run */
                best_score = score;
                best = f;
            }
        }
        bool ends_in_filler = w->cell[l][w->len[l] - 1].ch[0] == '<';
        /* a line as long as it should be is shifted only where a speck
         * hides the first line's document code and state: a cut shifts
         * every check digit of the others, and one altered after issue
         * would be shifted until some other check came right */
        for (int lead = diff == 0 ? 1 : 0; lead <= 3; lead++) {
            int fill = want[l] - (w->len[l] - lead);    /* fillers added at the end */
            if (fill > 3 || (fill > 0 && !ends_in_filler) || w->len[l] - lead < 1)
                continue;
            length_fix f = {-1, lead};
            fix_score score = length_fix_score(w, l, want[l], f, ref);
            /* the first line's start is its code and state: cut only
             * to find them */
            bool start_found = l != 0 || lead == 0 || (score.code_fits && score.issuer_known);
            if (fix_rank(score) > best_score && fix_beyond_chance(score) && start_found) {
                best_score = fix_rank(score);
                best = f;
            }
        }
        if (best.at >= 0 || best.lead >= 0)
            apply_length_fix(w, l, want[l], best);
    }
}

typedef struct cand { int line, col, alt; float cost; } cand;

typedef struct search {
    work *w;
    vdate ref;
    const check_def *checks;
    int nchecks;
    cand c[MAX_CAND];
    int nc;
    int evals;
    int base_pass;
    int best_pass;
    float best_cost;
    int best_set[3];
    int best_n;
    bool composite;             /* the format has a composite check digit */
} search;

/* Is the current pick (with cells set[0..n) changed) acceptable, and how
 * many checks does it pass?  -1 when a check covering a change fails. */
static int evaluate(search *s, const int *set, int n)
{
    s->evals++;
    work_text(s->w);
    mrz_result r;
    parse_work(s->w, s->ref, &r);
    for (int k = 0; k < s->nchecks; k++) {
        const check_def *d = &s->checks[k];
        if (!r.has_check[d->id] || r.check_ok[d->id])
            continue;
        for (int j = 0; j < n; j++)
            if (check_covers(d, s->c[set[j]].line, s->c[set[j]].col))
                return -1;
    }
    for (int j = 0; j < n; j++) {
        /* every change must sit under some check digit */
        bool covered = false;
        for (int k = 0; k < s->nchecks && !covered; k++)
            covered = check_covers(&s->checks[k], s->c[set[j]].line, s->c[set[j]].col);
        if (!covered)
            return -1;
    }
    return checks_passing(&r);
}

static int mrz_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 0;
}

/* Weight of cell (line, col) in check d: 7, 3 or 1 by its place in the
 * checked data; 9 (that is, -1 mod 10) for the check digit itself; 0 when
 * d does not cover it. */
static int weight_in(const check_def *d, int line, int col)
{
    static const int w[3] = {7, 3, 1};
    if (line == d->cd_line && col == d->cd_col)
        return 9;
    int off = 0;
    for (int i = 0; i < d->nparts; i++) {
        const span *p = &d->part[i];
        if (p->line == line && col >= p->a && col < p->b)
            return w[(off + col - p->a) % 3];
        off += p->b - p->a;
    }
    return 0;
}

/* Does the composite give evidence about change c independent of its
 * field's own check digit?  Both are sums mod 10: when the change moves
 * them alike (same weight, or a difference of 5 with odd weights), a
 * misreading that satisfies the field check satisfies the composite too. */
static bool second_witness(const search *s, const cand *c)
{
    const check_def *field = NULL, *comp = NULL;
    for (int k = 0; k < s->nchecks; k++) {
        const check_def *d = &s->checks[k];
        if (weight_in(d, c->line, c->col) == 0)
            continue;
        if (d->id == MRZ_CHECK_COMPOSITE)
            comp = d;
        else
            field = d;
    }
    if (field == NULL || comp == NULL)
        return false;
    const mrz_cell *cell = &s->w->cell[c->line][c->col];
    int delta = mrz_value(cell->ch[c->alt]) - mrz_value(cell->ch[s->w->pick0[c->line][c->col]]);
    int wf = weight_in(field, c->line, c->col), wc = weight_in(comp, c->line, c->col);
    return (((wc - wf) * delta) % 10 + 10) % 10 != 0;
}

/* Whether change c is a check digit's own cell. */
static bool is_check_cell(const search *s, const cand *c)
{
    for (int k = 0; k < s->nchecks; k++)
        if (s->checks[k].cd_line == c->line && s->checks[k].cd_col == c->col)
            return true;
    return false;
}

/* Whether change c can be confirmed by one check digit only, though the
 * format has a composite: it moves the composite as it moves its field's
 * check (every character of a TD3 or TD1 document number). */
static bool one_witness_only(const search *s, const cand *c)
{
    return s->composite && !is_check_cell(s, c) && !second_witness(s, c);
}

/* Enough evidence for the changes in set: every change is paid for by its
 * field's check digit and, independently, by the composite; so one wrong
 * alternative passes by chance about one time in a hundred, and a field
 * altered after issue is not laundered.  Two changes in one field are never
 * justified (two unknowns, two sums: always solvable).  A single change
 * needs only one witness when it is a check digit itself or the format has
 * no composite (visas); or when only one check digit can see it at all
 * and the engines were torn between the two characters: the cell
 * contested, or the alternative at least MRZ_TIE_RATIO as likely as the
 * choice (an O between digits of a document number read 0 at 0.67 and O at
 * 0.51).  Such a change marks its cell contested, so the reading goes to
 * review; a field altered after issue is read with the altered character
 * sure and the original far behind, and stays invalid. */
static bool justified(const search *s, const int *set, int n, int pass)
{
    int gain = pass - s->base_pass;
    if (gain < 1)
        return false;
    bool composite = s->composite;
    if (n == 1) {
        const cand *c = &s->c[set[0]];
        if (is_check_cell(s, c) || !composite)
            return true;
        if (one_witness_only(s, c)) {
            const mrz_cell *cell = &s->w->cell[c->line][c->col];
            return cell->contested ||
                   cell->p[c->alt] >= MRZ_TIE_RATIO * cell->p[s->w->pick0[c->line][c->col]];
        }
    }
    if (!composite || gain < n + 1)
        return false;
    for (int j = 0; j < n; j++) {
        if (!second_witness(s, &s->c[set[j]]))
            return false;
        for (int i = 0; i < j; i++)     /* distinct fields */
            for (int k = 0; k < s->nchecks; k++)
                if (s->checks[k].id != MRZ_CHECK_COMPOSITE &&
                    weight_in(&s->checks[k], s->c[set[i]].line, s->c[set[i]].col) &&
                    weight_in(&s->checks[k], s->c[set[j]].line, s->c[set[j]].col))
                    return false;
    }
    return true;
}

static void try_sets(search *s, int *set, int n, int start, int depth, float cost)
{
    if (n > 0) {
        int pass = evaluate(s, set, n);
        if (justified(s, set, n, pass) &&
            (pass > s->best_pass || (pass == s->best_pass && cost < s->best_cost))) {
            s->best_pass = pass;
            s->best_cost = cost;
            s->best_n = n;
            memcpy(s->best_set, set, sizeof(int) * (size_t)n);
        }
    }
    if (n == depth)
        return;
    for (int i = start; i < s->nc && s->evals < SEARCH_CAP; i++) {
        bool clash = false;
        for (int j = 0; j < n; j++)
            clash |= s->c[set[j]].line == s->c[i].line && s->c[set[j]].col == s->c[i].col;
        if (clash)
            continue;
        cand *c = &s->c[i];
        int old = s->w->pick[c->line][c->col];
        s->w->pick[c->line][c->col] = c->alt;
        set[n] = i;
        try_sets(s, set, n + 1, i + 1, depth, cost + c->cost);
        s->w->pick[c->line][c->col] = old;
    }
}

static void check_search(work *w, vdate ref)
{
    char lines[MRZ_MAX_LINES][MRZ_LATTICE_MAX + 1];
    work_text(w);
    memcpy(lines, w->text, sizeof lines);
    check_def checks[8];
    int nchecks = fmt_checks(w->fmt, (const char (*)[MRZ_LATTICE_MAX + 1])lines, checks);
    if (nchecks == 0)
        return;
    mrz_result r;
    parse_work(w, ref, &r);
    if (r.valid)
        return;
    memcpy(w->pick0, w->pick, sizeof w->pick);
    search s = {0};
    s.w = w;
    s.ref = ref;
    s.checks = checks;
    s.nchecks = nchecks;
    for (int k = 0; k < nchecks; k++)
        s.composite |= checks[k].id == MRZ_CHECK_COMPOSITE;
    s.base_pass = checks_passing(&r);
    s.best_pass = s.base_pass;
    /* Candidate cells: under a failing check, engine unsure, alternative in
     * class, seriously considered and not far behind the choice. */
    for (int k = 0; k < nchecks; k++) {
        if (!r.has_check[checks[k].id] || r.check_ok[checks[k].id])
            continue;
        for (int l = 0; l < w->nlines; l++)
            for (int i = 0; i < w->len[l]; i++) {
                if (!check_covers(&checks[k], l, i))
                    continue;
                const mrz_cell *c = &w->cell[l][i];
                int cur = w->pick[l][i];
                if (c->p[cur] >= MRZ_SURE_P)
                    continue;
                int cls = char_class(w->fmt, l, i);
                for (int a = 0; a < c->n; a++) {
                    if (a == cur || c->p[a] < MRZ_ALT_MIN_P || !in_class(cls, c->ch[a]) ||
                        c->p[a] < MRZ_CHECK_ALT_RATIO * c->p[cur])
                        continue;
                    bool dup = false;
                    for (int j = 0; j < s.nc; j++)
                        dup |= s.c[j].line == l && s.c[j].col == i && s.c[j].alt == a;
                    if (dup || s.nc >= MAX_CAND)
                        continue;
                    float pc = c->p[cur] > 1e-4f ? c->p[cur] : 1e-4f;
                    s.c[s.nc++] = (cand){l, i, a, logf(pc / c->p[a])};
                }
            }
    }
    /* cheapest first, so the cap cuts the unlikely combinations */
    for (int i = 1; i < s.nc; i++)
        for (int j = i; j > 0 && s.c[j].cost < s.c[j - 1].cost; j--) {
            cand t = s.c[j];
            s.c[j] = s.c[j - 1];
            s.c[j - 1] = t;
        }
    int set[3];
    for (int depth = 1; depth <= 3 && s.best_n == 0; depth++) {
        s.evals = 0;
        try_sets(&s, set, 0, 0, depth, 0.0f);
    }
    for (int j = 0; j < s.best_n; j++) {
        cand *c = &s.c[s.best_set[j]];
        w->pick[c->line][c->col] = c->alt;
    }
    /* Changes that leave the MRZ invalid are not made: they would report
     * a check digit "right" that the document does not carry (an altered
     * birth date's MRZ had its composite check digit changed to match),
     * and the reading would no longer be what the engine saw. */
    if (s.best_n > 0) {
        parse_work(w, ref, &r);
        if (!r.valid)
            memcpy(w->pick, w->pick0, sizeof w->pick);
        else if (s.best_n == 1 && one_witness_only(&s, &s.c[s.best_set[0]]))
            w->cell[s.c[s.best_set[0]].line][s.c[s.best_set[0]].col].contested = true;
    }
    work_text(w);
}

/* The probability the engine gave to alternatives of cell c (other than
 * its chosen one, `pick`) that its position allows and that no check digit
 * can tell from the choice: a character's value (0-9, A=10 .. Z=35, < = 0)
 * enters every check times a weight prime to 10, so a difference of a
 * multiple of ten leaves every check right. */
static double blind_doubt(const mrz_cell *c, int pick, int cls)
{
    double blind = 0;
    for (int a = 0; a < c->n; a++)
        if (a != pick && c->p[a] >= MRZ_ALT_MIN_P && in_class(cls, c->ch[a]) &&
            (mrz_value(c->ch[a]) - mrz_value(c->ch[pick])) % 10 == 0)
            blind += c->p[a];
    return blind;
}

/* Whether changing cell (l, i) by value d and cell (l2, i2) by d2 leaves
 * each of the np checks `passing` right (the weighted changes cancel mod
 * 10; d2 = 0: the first change alone). */
static bool changes_cancel(const check_def *const *passing, int np, int l, int i, int d, int l2,
                           int i2, int d2)
{
    for (int k = 0; k < np; k++)
        if ((weight_in(passing[k], l, i) * d + weight_in(passing[k], l2, i2) * d2) % 10 != 0)
            return false;
    return true;
}

/* The np of checks[nchecks] that reading r passes, into passing[8]. */
static int passing_checks(const mrz_result *r, const check_def *checks, int nchecks,
                          const check_def *passing[8])
{
    int np = 0;
    for (int k = 0; k < nchecks && np < 8; k++)
        if (check_passes(r, &checks[k]))
            passing[np++] = &checks[k];
    return np;
}

/* Whether the dispute over cell (l, i) of a reading made from w stands:
 * an alternative listed there at `least` or more, which its position
 * allows (a 0 read for the O of a name is no rival), and which the np
 * checks the reading passes (`passing`) cannot rule out: none covers the
 * cell, or the alternative leaves every passing check right, alone or
 * with an alternative of another cell listed at MRZ_RIVAL_P or more that
 * its position allows (two changes whose weighted values cancel mod 10,
 * as a 0 read O at weights 3 and 7 do). */
static bool dispute_stands(const work *w, const check_def *const *passing, int np, int l, int i,
                           float least)
{
    const mrz_cell *c = &w->cell[l][i];
    int pick = w->pick[l][i], cls = char_class(w->fmt, l, i);
    for (int a = 0; a < c->n; a++) {
        if (a == pick || c->p[a] < least || !in_class(cls, c->ch[a]))
            continue;
        int d = mrz_value(c->ch[a]) - mrz_value(c->ch[pick]);
        if (changes_cancel(passing, np, l, i, d, l, i, 0))
            return true;
        for (int l2 = 0; l2 < w->nlines; l2++)
            for (int i2 = 0; i2 < w->len[l2]; i2++) {
                if (l2 == l && i2 == i)
                    continue;
                const mrz_cell *c2 = &w->cell[l2][i2];
                int pick2 = w->pick[l2][i2], cls2 = char_class(w->fmt, l2, i2);
                for (int b = 0; b < c2->n; b++)
                    if (b != pick2 && c2->p[b] >= MRZ_RIVAL_P && in_class(cls2, c2->ch[b]) &&
                        changes_cancel(passing, np, l, i, d, l2, i2,
                                       mrz_value(c2->ch[b]) - mrz_value(c2->ch[pick2])))
                        return true;
            }
    }
    return false;
}

static bool correct_block(const mrz_lattice *lat, vdate reference, mrz_reading *out);

/* The lines a lone line may be: the second line of each format whose
 * check digits all lie on that line, after a first line of the format's
 * document code, the specimen state and fillers (which weigh nothing),
 * and a TD1's first and second lines, the others fillers.  `checks` are
 * the check digits that lie wholly on the line (a TD1's composite spans
 * its lines: it is neither reported nor required); `needs` those that
 * must be right for the line to be taken in that role: the dates of a
 * second line (a name line has both right only by a double chance), the
 * document number of a TD1's first line.  A first line must also start
 * with one of its format's document codes as read, and read a known
 * issuing state (as corrected: among the engine's alternatives); that
 * alone makes a line of names a first line (its characters then chosen as
 * letters and fillers, where the engine listed them).  A TD1's line of
 * names has no check digit and no code: it is taken for one when it holds
 * a name separator (<<) followed by a letter and few digits. */
#define CHECK_BIT(id) (1u << (id))
#define LONE_NAME_DIGITS 3
#define DATES (CHECK_BIT(MRZ_CHECK_DATE_OF_BIRTH) | CHECK_BIT(MRZ_CHECK_DATE_OF_EXPIRY))
#define DOCNO CHECK_BIT(MRZ_CHECK_DOCUMENT_NUMBER)
static const struct lone_role {
    int width, nlines, at;      /* the lone line is line `at` of nlines */
    const char *first;          /* the start of the first line, when not it */
    unsigned checks, needs;
    const char *codes;          /* a first line: its document codes */
} LONE_ROLES[] = {
    {44, 2, 1, "P<UTO", DOCNO | DATES | CHECK_BIT(MRZ_CHECK_PERSONAL_NUMBER) | CHECK_BIT(MRZ_CHECK_COMPOSITE),
     DATES, NULL},                                                 /* TD3 */
    {44, 2, 1, "V<UTO", DOCNO | DATES, DATES, NULL},               /* MRV-A */
    {36, 2, 1, "I<UTO", DOCNO | DATES | CHECK_BIT(MRZ_CHECK_COMPOSITE), DATES, NULL},  /* TD2 */
    {36, 2, 1, "V<UTO", DOCNO | DATES, DATES, NULL},               /* MRV-B */
    {30, 3, 1, "I<UTO", DATES, DATES, NULL},                       /* TD1, second line */
    {30, 3, 0, NULL, DOCNO, DOCNO, "IAC"},                         /* TD1, first line */
    {44, 2, 0, NULL, 0, 0, "P"},                                   /* TD3, first line */
    {44, 2, 0, NULL, 0, 0, "V"},                                   /* MRV-A, first line */
    {36, 2, 0, NULL, 0, 0, "IACP"},                                /* TD2, first line */
    {36, 2, 0, NULL, 0, 0, "V"},                                   /* MRV-B, first line */
    {30, 3, 2, "I<UTO", 0, 0, NULL},                               /* TD1, names */
};

/* Whether lone line `line` as read looks like a TD1's line of names: a
 * name separator (<<) with a letter after it, and at most LONE_NAME_DIGITS
 * digits (misread letters). */
static bool names_like(const mrz_cell *line, int len)
{
    int digits = 0;
    bool separator = false, letter_after = false;
    for (int i = 0; i < len; i++) {
        char c = line[i].ch[0];
        digits += c >= '0' && c <= '9';
        if (i > 0 && c == '<' && line[i - 1].ch[0] == '<')
            separator = true;
        else if (separator && c >= 'A' && c <= 'Z')
            letter_after = true;
    }
    return letter_after && digits <= LONE_NAME_DIGITS;
}

/* Whether lone line `line` as read starts as a first line: one of the
 * document codes `codes`, then a filler or letter (its issuing state must
 * then be a known one, as corrected). */
static bool first_line_start(const mrz_cell *line, int len, const char *codes)
{
    if (len < 5 || line[0].ch[0] == '\0' || strchr(codes, line[0].ch[0]) == NULL)
        return false;
    char second = line[1].ch[0];
    return second == '<' || (second >= 'A' && second <= 'Z');
}

/* Lone line lat read as line `at` of role rl's block, corrected into
 * *role; *changed: the characters changed on that line; *passing: its
 * right check digits among rl->checks.  Returns whether the check digits
 * rl->needs are all right. */
static bool try_role(const struct lone_role *rl, const mrz_lattice *lat, vdate ref,
                     mrz_reading *role, int *changed, int *passing)
{
    int width = rl->width;
    char blank[MRZ_LATTICE_MAX + 1], first[MRZ_LATTICE_MAX + 1];
    memset(blank, '<', (size_t)width);
    blank[width] = '\0';
    memcpy(first, blank, sizeof first);
    if (rl->first)
        memcpy(first, rl->first, strlen(rl->first));
    mrz_lattice block;
    memset(&block, 0, sizeof block);
    for (int l = 0; l < rl->nlines; l++)
        mrz_lattice_set(&block, l, l == 0 ? first : blank);
    block.len[rl->at] = lat->len[0];
    memcpy(block.cell[rl->at], lat->cell[0], sizeof block.cell[0]);
    memset(role, 0, sizeof *role);
    correct_block(&block, ref, role);
    bool needed = true;
    *passing = *changed = 0;
    for (int id = 0; id < MRZ_CHECK_COUNT; id++) {
        bool ok = role->mrz.has_check[id] && role->mrz.check_ok[id];
        if (rl->needs & CHECK_BIT(id))
            needed = needed && ok;
        *passing += (rl->checks & CHECK_BIT(id)) && ok;
    }
    for (int i = 0; i < role->ncorrections; i++)
        *changed += role->corrections[i].line == rl->at;
    return needed && (rl->at != 0 || role->mrz.issuer_known);
}

/* mrz_correct for a lone line (lat->nlines == 1).  It is read as given,
 * unless some role (LONE_ROLES) has its needed check digits right: then
 * its characters are chosen as that role's line, and the role's check
 * digits on it reported.  The role that changes fewest characters wins,
 * then the one with most right check digits, then the first listed: a
 * visa's line read as a passport's would have its last filler changed to
 * make the composite right.  No format is named and the reading is never
 * valid: what the document's other lines hold is unknown. */
static bool correct_lone_line(const mrz_lattice *lat, vdate reference, mrz_reading *out)
{
    mrz_reading role, best;
    const struct lone_role *chosen = NULL;
    int best_changed = 0, best_passing = 0;
    int width = snap_len(lat->len[0]);
    for (size_t k = 0; k < sizeof LONE_ROLES / sizeof LONE_ROLES[0]; k++) {
        const struct lone_role *rl = &LONE_ROLES[k];
        if (rl->width != width || (rl->at == 0 && !first_line_start(lat->cell[0], lat->len[0], rl->codes)) ||
            (rl->at == 2 && !names_like(lat->cell[0], lat->len[0])))
            continue;
        int changed, passing;
        if (!try_role(rl, lat, reference, &role, &changed, &passing))
            continue;
        if (chosen == NULL || changed < best_changed ||
            (changed == best_changed && passing > best_passing)) {
            chosen = rl;
            best = role;
            best_changed = changed;
            best_passing = passing;
        }
    }
    if (chosen == NULL)
        return correct_block(lat, reference, out);     /* as read */
    /* as the role chose: its line parsed alone */
    const char *line = best.mrz.lines[chosen->at];
    mrz_parse_lines(&line, 1, reference, &out->mrz);
    for (int id = 0; id < MRZ_CHECK_COUNT; id++)
        if (chosen->checks & CHECK_BIT(id)) {
            out->mrz.has_check[id] = true;
            out->mrz.check_ok[id] = best.mrz.check_ok[id];
        }
    out->ncorrections = 0;
    for (int i = 0; i < best.ncorrections; i++)
        if (best.corrections[i].line == chosen->at) {
            out->corrections[out->ncorrections] = best.corrections[i];
            out->corrections[out->ncorrections++].line = 0;
        }
    /* never valid: capped as an invalid MRZ is */
    out->confidence = best.confidence < 0.5 ? best.confidence : 0.5;
    return false;
}

bool mrz_correct(const mrz_lattice *lat, vdate reference, mrz_reading *out)
{
    if (lat->nlines == 1)
        return correct_lone_line(lat, reference, out);
    return correct_block(lat, reference, out);
}

/* mrz_correct for a block of two or three lines (any other count is
 * parsed as read). */
static bool correct_block(const mrz_lattice *lat, vdate reference, mrz_reading *out)
{
    work w;
    memset(&w, 0, sizeof w);
    memset(&out->mrz, 0, sizeof out->mrz);
    out->ncorrections = 0;
    out->confidence = 0;
    int width = 0;
    w.nlines = lat->nlines < 0 ? 0 : lat->nlines > MRZ_MAX_LINES ? MRZ_MAX_LINES : lat->nlines;
    for (int l = 0; l < w.nlines; l++) {
        w.len[l] = lat->len[l] < 0 ? 0 : lat->len[l] > MRZ_LATTICE_MAX ? MRZ_LATTICE_MAX : lat->len[l];
        memcpy(w.cell[l], lat->cell[l], sizeof(mrz_cell) * (size_t)w.len[l]);
        for (int i = 0; i < w.len[l]; i++) {
            mrz_cell *c = &w.cell[l][i];
            if (c->n < 1) {
                c->n = 1;
                c->ch[0] = '?';
                c->p[0] = 0;
            }
            if (c->n > MRZ_MAX_ALTS)
                c->n = MRZ_MAX_ALTS;
        }
    }
    w.fmt = guess_format(lat, &width);
    if (w.fmt != MRZ_FMT_NONE) {
        fix_lengths(&w, reference);
        apply_classes(&w);
        name_tail(&w);
        country_codes(&w);
        check_search(&w, reference);
    }
    work_text(&w);
    parse_work(&w, reference, &out->mrz);

    /* Corrections: every cell whose chosen character is not the engine's. */
    for (int l = 0; l < w.nlines; l++)
        for (int i = 0; i < w.len[l]; i++)
            if (w.pick[l][i] != 0 && out->ncorrections < MRZ_MAX_CORRECTIONS) {
                mrz_correction *c = &out->corrections[out->ncorrections++];
                c->line = l;
                c->col = i;
                c->from = w.cell[l][i].ch[0];
                c->to = w.cell[l][i].ch[w.pick[l][i]];
            }

    /* Confidence: the least sure character; a right check digit halves the doubt
     * about the characters it covers. */
    char lines[MRZ_MAX_LINES][MRZ_LATTICE_MAX + 1];
    memcpy(lines, w.text, sizeof lines);
    check_def checks[8];
    int nchecks = fmt_checks(w.fmt, (const char (*)[MRZ_LATTICE_MAX + 1])lines, checks);
    const check_def *passing[8];
    int npassing = passing_checks(&out->mrz, checks, nchecks, passing);
    double conf = w.nlines > 0 ? 1.0 : 0.0;
    for (int l = 0; l < w.nlines; l++)
        for (int i = 0; i < w.len[l]; i++) {
            double p = w.cell[l][i].p[w.pick[l][i]];
            /* no check digit settles a contested cell (see
             * MRZ_CONTESTED_P), nor a rival it cannot rule out: of a
             * disputed cell (MRZ_DISPUTE_P), or a strong rival
             * (MRZ_STRONG_RIVAL_P) */
            float least = w.cell[l][i].disputed ? MRZ_RIVAL_P : MRZ_STRONG_RIVAL_P;
            if (w.cell[l][i].contested || dispute_stands(&w, passing, npassing, l, i, least)) {
                if (p > MRZ_CONTESTED_P)
                    p = MRZ_CONTESTED_P;
                if (p < conf)
                    conf = p;
                continue;
            }
            bool vouched = false;
            for (int k = 0; k < npassing && !vouched; k++)
                vouched = check_covers(passing[k], l, i);
            /* a right check digit is right by chance one time in ten, so
             * it halves the doubt rather than removing it; and it cannot
             * tell apart characters whose values differ by a multiple of
             * ten (8/S, 6/G, 0/U/<): their share of the doubt stays */
            if (vouched) {
                double blind = blind_doubt(&w.cell[l][i], w.pick[l][i], char_class(w.fmt, l, i));
                double doubt = 1.0 - p;
                if (blind > doubt)
                    blind = doubt;
                p = 1.0 - blind - (doubt - blind) * 0.5;
            }
            if (p < conf)
                conf = p;
        }
    if (!out->mrz.valid && conf > 0.5)
        conf = 0.5;
    /* a state code no state uses, left after country_codes found no known
     * one among the engine's alternatives, is a misreading that no check
     * digit sees (an E read F in ESP); so is a document code that does not
     * start with a letter (a line read a cell off, a speck before it), or
     * not as its format's do (a passport's TD3 lines read 8 fillers short
     * validate as a TD2: an empty personal number weighs nothing) */
    bool no_such_code = !mrz_codes_known(w.fmt, w.text[0], &out->mrz);
    if (w.fmt != MRZ_FMT_NONE && no_such_code && conf > MRZ_UNKNOWN_CODE_P)
        conf = MRZ_UNKNOWN_CODE_P;
    out->confidence = conf < 0 ? 0 : conf > 1 ? 1 : conf;
    return out->mrz.valid;
}

/* The share of cell c's probability its chosen character keeps once the
 * alternatives listed that class `cls` forbids are set aside (O for 0 in
 * a date, 0 for O in a name); what the engine did not list stays doubt. */
static double in_class_share(const mrz_cell *c, int cls)
{
    double listed = 0, barred = 0;
    for (int a = 0; a < c->n; a++) {
        listed += c->p[a];
        if (a > 0 && !in_class(cls, c->ch[a]))
            barred += c->p[a];
    }
    double total = listed > 1.0 ? listed : 1.0;     /* 1 unless the engine's do not sum to 1 */
    return total - barred > 0 ? c->p[0] / (total - barred) : 0;
}

/* Whether cell (l, i), read as a digit where format f allows only digits
 * (and '<'), lies under a passing check digit that covers no other cell
 * of `unsure`, and its alternatives hold no character the checks cannot
 * tell from the digit read: then any other digit there fails that check. */
static bool digit_guarded(const mrz_result *r, const check_def *checks, int nchecks,
                          const mrz_cell *c, int l, int i, const bool unsure[][MRZ_LATTICE_MAX],
                          int nlines)
{
    int cls = char_class(r->format, l, i);
    if ((cls & ~C_FILL) != C_DIGIT || c->ch[0] < '0' || c->ch[0] > '9' ||
        blind_doubt(c, 0, cls) >= MRZ_ALT_MIN_P)
        return false;
    for (int k = 0; k < nchecks; k++) {
        if (!check_passes(r, &checks[k]) || !check_covers(&checks[k], l, i))
            continue;
        int others = 0;
        for (int ol = 0; ol < nlines; ol++)
            for (int oi = 0; oi < MRZ_LATTICE_MAX; oi++)
                others += unsure[ol][oi] && !(ol == l && oi == i) && check_covers(&checks[k], ol, oi);
        if (others == 0)
            return true;
    }
    return false;
}

bool mrz_unsure_cells_guarded(const mrz_lattice *lat, const mrz_reading *rd, float sure)
{
    const mrz_result *r = &rd->mrz;
    if (!r->valid || rd->ncorrections != 0 || r->nlines != lat->nlines)
        return false;
    bool unsure[MRZ_MAX_LINES][MRZ_LATTICE_MAX];
    memset(unsure, 0, sizeof unsure);
    for (int l = 0; l < lat->nlines; l++) {
        if (lat->len[l] != r->line_len[l])
            return false;       /* cells moved by fix_lengths */
        for (int i = 0; i < lat->len[l]; i++)
            unsure[l][i] = in_class_share(&lat->cell[l][i], char_class(r->format, l, i)) < sure;
    }
    char lines[MRZ_MAX_LINES][MRZ_LATTICE_MAX + 1];
    memset(lines, 0, sizeof lines);
    for (int l = 0; l < r->nlines; l++)
        memcpy(lines[l], r->lines[l], (size_t)r->line_len[l]);
    check_def checks[8];
    int nchecks = fmt_checks(r->format, (const char (*)[MRZ_LATTICE_MAX + 1])lines, checks);
    for (int l = 0; l < lat->nlines; l++)
        for (int i = 0; i < lat->len[l]; i++)
            if (unsure[l][i] && (lat->cell[l][i].ch[0] != r->lines[l][i] ||
                                 !digit_guarded(r, checks, nchecks, &lat->cell[l][i], l, i,
                                                (const bool (*)[MRZ_LATTICE_MAX])unsure,
                                                lat->nlines)))
                return false;
    return true;
}

double mrz_line_class_sure(const mrz_lattice *lat, const mrz_reading *rd, int l)
{
    const mrz_result *r = &rd->mrz;
    if (l < 0 || l >= lat->nlines || l >= r->nlines || lat->len[l] == 0 ||
        lat->len[l] != r->line_len[l])
        return 0;               /* no such line, or cells moved by fix_lengths */
    double least = 1;
    for (int i = 0; i < lat->len[l]; i++) {
        const mrz_cell *c = &lat->cell[l][i];
        if (c->ch[0] != r->lines[l][i])
            return 0;           /* not the engine's choice: a correction */
        double share = in_class_share(c, char_class(r->format, l, i));
        if (share < least)
            least = share;
    }
    return least;
}

double mrz_blind_sure(const mrz_lattice *lat, const mrz_reading *rd)
{
    const mrz_result *r = &rd->mrz;
    double least = 1;
    for (int l = 0; l < lat->nlines && l < r->nlines; l++)
        for (int i = 0; i < lat->len[l] && i < r->line_len[l]; i++) {
            const mrz_cell *c = &lat->cell[l][i];
            int cls = char_class(r->format, l, i);
            bool mixed = (cls & C_DIGIT) && (cls & C_LETTER);
            for (int a = 0; a < c->n; a++)
                if (c->ch[a] == r->lines[l][i]) {
                    if ((mixed || blind_doubt(c, a, cls) > 0) && c->p[a] < least)
                        least = c->p[a];
                    break;
                }
        }
    return least;
}
