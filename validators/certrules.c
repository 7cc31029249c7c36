/*
 * certrules — classification and field extraction for police-clearance
 * certificates from OCR text (see certrules.h).
 *
 * Text is first normalised into an array of folded code points (lower case,
 * no diacritics, OCR look-alikes merged, Latin look-alikes inside Cyrillic
 * words turned Cyrillic, every run of punctuation and space one space), each
 * remembering its byte offset and line in the original.  Phrases, markers
 * and labels are normalised the same way and found by approximate substring
 * matching (Sellers' algorithm) with an edit-distance bound proportional to
 * their length.
 */
#include "certrules.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEP 0x20u
#define MAX_PHRASE_CP 256       /* longer phrases and markers are cut */
#define MAX_LINE_CP 1024
#define MAX_MATCHES 64          /* per phrase */
#define MAX_LINES 4096

/* ------------------------------------------------------------------ UTF-8 */

/* Decode one code point at s[*pi] (len bytes); advance *pi.  Returns
 * 0xFFFFFFFF for an invalid byte (skipping it). */
static uint32_t utf8_next(const unsigned char *s, size_t len, size_t *pi)
{
    size_t i = *pi;
    unsigned char c = s[i];
    uint32_t cp;
    size_t n;
    if (c < 0x80) {
        *pi = i + 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        cp = c & 0x07u;
    } else {
        *pi = i + 1;
        return 0xFFFFFFFFu;
    }
    if (len - i <= n) {
        *pi = i + 1;
        return 0xFFFFFFFFu;
    }
    for (size_t k = 1; k <= n; k++) {
        unsigned char cc = s[i + k];
        if ((cc & 0xC0) != 0x80) {
            *pi = i + 1;
            return 0xFFFFFFFFu;
        }
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *pi = i + 1;
        return 0xFFFFFFFFu;
    }
    *pi = i + 1 + n;
    return cp;
}

/* Append cp as UTF-8 to buf (size cap, NUL kept); false when it does not fit. */
static bool utf8_put(char *buf, size_t cap, size_t *plen, uint32_t cp)
{
    char tmp[4];
    size_t n;
    if (cp < 0x80) {
        tmp[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        tmp[0] = (char)(0xC0 | (cp >> 6));
        tmp[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        tmp[0] = (char)(0xE0 | (cp >> 12));
        tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        tmp[0] = (char)(0xF0 | (cp >> 18));
        tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        tmp[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    if (*plen + n + 1 > cap)
        return false;
    memcpy(buf + *plen, tmp, n);
    *plen += n;
    buf[*plen] = '\0';
    return true;
}

/* ---------------------------------------------------------- normalisation */

/* Base letters of U+00C0..U+017F ('.' = not a letter). */
static const char latin_base[] =
    "aaaaaaaceeeeiiiidnooooo.ouuuuytsaaaaaaaceeeeiiiidnooooo.ouuuuyty"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
    "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

char certrules_latin_base(unsigned c)
{
    return c >= 0xC0 && c <= 0x17F && latin_base[c - 0xC0] != '.' ? latin_base[c - 0xC0] : 0;
}

static bool is_cyr(uint32_t c)
{
    return c >= 0x400 && c <= 0x4FF;
}

static bool is_apostrophe(uint32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0x60 ||
           c == 0xB4 || c == 0x2032;
}

/* Fold one code point: writes up to 2 folded code points into out and
 * returns their count; 0 = drop; -1 = separator. */
static int fold_cp(uint32_t c, uint32_t out[2])
{
    if (c >= 'A' && c <= 'Z')
        c += 32;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out[0] = c;
        return 1;
    }
    if (c == '|' || c == '!') {
        out[0] = 'l';
        return 1;
    }
    if (is_apostrophe(c) || (c >= 0x300 && c <= 0x36F))
        return 0;
    if (c == 0xDF) {
        out[0] = 's';
        out[1] = 's';
        return 2;
    }
    if (c >= 0xC0 && c <= 0x17F) {
        char b = latin_base[c - 0xC0];
        if (b == '.')
            return -1;
        out[0] = (uint32_t)b;
        return 1;
    }
    if (is_cyr(c)) {
        if (c >= 0x410 && c <= 0x42F)
            c += 0x20;
        else if (c >= 0x400 && c <= 0x40F)
            c += 0x50;
        else if (c == 0x490)
            c = 0x491;
        if (c == 0x491)
            c = 0x433;      /* ґ → г */
        else if (c == 0x457)
            c = 0x456;      /* ї → і */
        else if (c == 0x439)
            c = 0x438;      /* й → и */
        else if (c == 0x451)
            c = 0x435;      /* ё → е */
        out[0] = c;
        return 1;
    }
    if (c == 0x2116) {      /* № */
        out[0] = 'n';
        out[1] = 'o';
        return 2;
    }
    return -1;
}

/* Latin (or digit) look-alike of a Cyrillic letter, for use inside Cyrillic
 * words that OCR read partly as Latin. */
static uint32_t latin_to_cyr(uint32_t c)
{
    switch (c) {
    case 'a': return 0x430;
    case 'b': return 0x432;
    case 'c': return 0x441;
    case 'e': return 0x435;
    case 'h': return 0x43D;
    case 'i': case 'l': case '1': return 0x456;
    case 'k': return 0x43A;
    case 'm': return 0x43C;
    case 'o': case '0': return 0x43E;
    case 'p': return 0x440;
    case 't': return 0x442;
    case 'x': return 0x445;
    case 'y': return 0x443;
    case '3': return 0x437;
    default: return c;
    }
}

/* Latin confusions merged everywhere outside Cyrillic words. */
static uint32_t latin_confuse(uint32_t c)
{
    if (c == 'i' || c == '1')
        return 'l';
    if (c == '0')
        return 'o';
    return c;
}

/* The Latin shape of a folded code point, for matching labels: a Cyrillic
 * letter that looks like a Latin one ("Сімеп names", "Date ої birth":
 * OCR mixing the scripts inside a label) compares equal to it.  Latin
 * letters and all others are their own shape. */
static uint32_t glyph_shape(uint32_t c)
{
    switch (c) {
    case 0x430: return 'a';     /* а */
    case 0x432: return 'b';     /* в */
    case 0x433: return 'r';     /* г */
    case 0x435: return 'e';     /* е */
    case 0x438: return 'u';     /* и */
    case 0x43A: return 'k';     /* к */
    case 0x43C: return 'm';     /* м */
    case 0x43D: return 'h';     /* н */
    case 0x43E: return 'o';     /* о */
    case 0x43F: return 'n';     /* п */
    case 0x440: return 'p';     /* р */
    case 0x441: return 'c';     /* с */
    case 0x442: return 't';     /* т */
    case 0x443: return 'y';     /* у */
    case 0x445: return 'x';     /* х */
    case 0x456: return 'l';     /* і (Latin i and l are merged into l) */
    default: return c;
    }
}

typedef struct ntext {
    uint32_t *cp;       /* folded code points */
    uint32_t *off;      /* byte offset of each in the original */
    uint32_t *end;      /* byte offset just after its source code point */
    int *line;          /* 0-based line of each */
    size_t n, cap;
} ntext;

static bool ntext_init(ntext *t, size_t cap)
{
    memset(t, 0, sizeof *t);
    if (cap == 0)
        cap = 1;
    t->cp = malloc(cap * sizeof *t->cp);
    t->off = malloc(cap * sizeof *t->off);
    t->end = malloc(cap * sizeof *t->end);
    t->line = malloc(cap * sizeof *t->line);
    t->cap = cap;
    return t->cp && t->off && t->end && t->line;
}

static void ntext_free(ntext *t)
{
    free(t->cp);
    free(t->off);
    free(t->end);
    free(t->line);
    memset(t, 0, sizeof *t);
}

static void ntext_push(ntext *t, uint32_t c, size_t off, size_t end, int line)
{
    if (t->n >= t->cap)
        return;
    t->cp[t->n] = c;
    t->off[t->n] = (uint32_t)off;
    t->end[t->n] = (uint32_t)end;
    t->line[t->n] = line;
    t->n++;
}

/* Normalise s[0..len) into t (up to t->cap code points).  Separators
 * collapse to one SEP; there is no leading or trailing SEP. */
static void normalise(const char *s, size_t len, ntext *t)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int line = 0;
    bool pending_sep = false;
    t->n = 0;
    while (i < len && t->n + 2 < t->cap) {
        size_t start = i;
        uint32_t c = utf8_next(u, len, &i);
        if (c == 0xFFFFFFFFu)
            continue;
        uint32_t f[2];
        int k = fold_cp(c, f);
        if (c == '\n')
            line++;
        if (k < 0) {
            pending_sep = t->n > 0;
            continue;
        }
        if (k == 0)
            continue;
        if (pending_sep) {
            ntext_push(t, SEP, start, start, line);
            pending_sep = false;
        }
        for (int j = 0; j < k; j++)
            ntext_push(t, f[j], start, i, line);
    }
    /* Word pass: Cyrillic words get Cyrillic look-alikes, others Latin ones. */
    size_t w = 0;
    while (w < t->n) {
        size_t e = w;
        bool cyr = false;
        while (e < t->n && t->cp[e] != SEP) {
            if (is_cyr(t->cp[e]))
                cyr = true;
            e++;
        }
        for (size_t j = w; j < e; j++)
            t->cp[j] = cyr ? latin_to_cyr(t->cp[j]) : latin_confuse(t->cp[j]);
        w = e + 1;
    }
    /* "rn" read as "m" (and the reverse): both become "m" */
    size_t o = 0;
    for (size_t r = 0; r < t->n; r++) {
        if (t->cp[r] == 'r' && r + 1 < t->n && t->cp[r + 1] == 'n') {
            t->cp[o] = 'm';
            t->off[o] = t->off[r];
            t->end[o] = t->end[r + 1];
            t->line[o] = t->line[r];
            o++;
            r++;
            continue;
        }
        t->cp[o] = t->cp[r];
        t->off[o] = t->off[r];
        t->end[o] = t->end[r];
        t->line[o] = t->line[r];
        o++;
    }
    t->n = o;
}

/* Normalise a short NUL-terminated string into cp[] (cap); returns count. */
static size_t normalise_small(const char *s, uint32_t *cp, size_t cap)
{
    ntext t;
    size_t len = strlen(s);
    if (!ntext_init(&t, cap))
        return ntext_free(&t), 0;
    normalise(s, len, &t);
    size_t n = t.n;
    memcpy(cp, t.cp, n * sizeof *cp);
    ntext_free(&t);
    return n;
}

/* ----------------------------------------------------------- fuzzy match */

typedef struct match {
    size_t start, end;  /* normalised indices [start, end) */
    int dist;
} match;

/* Allowed edits for a needle of m code points. */
static int fuzz_bound(size_t m, int divisor)
{
    if (m < 5)
        return 0;
    return (int)(m / (size_t)divisor);
}

/* Sellers' approximate substring search of pat (m) in txt[0..n): every
 * local best end with distance <= k, non-overlapping, into out (max).
 * Returns the number found. */
static int fuzzy_all(const uint32_t *txt, size_t n, const uint32_t *pat, size_t m, int k,
                     match *out, int max)
{
    if (m == 0 || n == 0 || max <= 0)
        return 0;
    int *d = malloc((m + 1) * sizeof *d);
    size_t *st = malloc((m + 1) * sizeof *st);
    if (d == NULL || st == NULL) {
        free(d);
        free(st);
        return 0;
    }
    for (size_t i = 0; i <= m; i++) {
        d[i] = (int)i;
        st[i] = 0;
    }
    int found = 0;
    int best = -1;
    size_t best_start = 0, best_end = 0;
    for (size_t j = 0; j < n; j++) {
        int diag = d[0];
        size_t diag_st = st[0];
        d[0] = 0;
        st[0] = j + 1;
        for (size_t i = 1; i <= m; i++) {
            int up = d[i];
            size_t up_st = st[i];
            int cost = diag + (txt[j] == pat[i - 1] ? 0 : 1);
            size_t cst = diag_st;
            if (up + 1 < cost) {
                cost = up + 1;
                cst = up_st;
            }
            if (d[i - 1] + 1 < cost) {
                cost = d[i - 1] + 1;
                cst = st[i - 1];
            }
            diag = up;
            diag_st = up_st;
            d[i] = cost;
            st[i] = cst;
        }
        int dm = d[m];
        if (dm <= k) {
            if (best < 0 || dm < best) {
                best = dm;
                best_start = st[m];
                best_end = j + 1;
            }
        } else if (best >= 0) {
            if (found < max) {
                out[found].start = best_start;
                out[found].end = best_end;
                out[found].dist = best;
                found++;
            }
            best = -1;
        }
    }
    if (best >= 0 && found < max) {
        out[found].start = best_start;
        out[found].end = best_end;
        out[found].dist = best;
        found++;
    }
    free(d);
    free(st);
    return found;
}

int certrules_fuzzy_find(const char *hay, const char *needle, int maxdist)
{
    if (hay == NULL || needle == NULL)
        return -1;
    uint32_t pat[MAX_PHRASE_CP];
    size_t m = normalise_small(needle, pat, MAX_PHRASE_CP);
    size_t hlen = strnlen(hay, CERT_MAX_TEXT);
    ntext t;
    if (!ntext_init(&t, 2 * hlen + 4)) {
        ntext_free(&t);
        return -1;
    }
    normalise(hay, hlen, &t);
    match ms[MAX_MATCHES];
    int n = fuzzy_all(t.cp, t.n, pat, m, maxdist, ms, MAX_MATCHES);
    int best = -1;
    for (int i = 0; i < n; i++)
        if (best < 0 || ms[i].dist < best)
            best = ms[i].dist;
    ntext_free(&t);
    return best;
}

/* --------------------------------------------------------------- helpers */

const char *certrules_result_name(cert_result r)
{
    switch (r) {
    case CERT_NO_RECORD: return "no_record";
    case CERT_RECORD: return "record";
    default: return "unknown";
    }
}

static void copy_str(char *dst, size_t cap, const char *src, size_t n)
{
    if (cap == 0)
        return;
    size_t len = n;   /* src holds n bytes, not necessarily NUL-terminated */
    if (n >= cap)
        n = cap - 1;
    /* do not cut a UTF-8 sequence in half */
    while (n > 0 && n < len && ((unsigned char)src[n] & 0xC0) == 0x80)
        n--;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Copy the original line(s) from byte a to b, trimmed, into dst. */
static void copy_source(char *dst, size_t cap, const char *text, size_t len, size_t a, size_t b)
{
    while (a > 0 && text[a - 1] != '\n')
        a--;
    while (b < len && text[b] != '\n')
        b++;
    while (a < b && isspace((unsigned char)text[a]))
        a++;
    while (b > a && isspace((unsigned char)text[b - 1]))
        b--;
    char tmp[CERT_SOURCE_MAX];
    size_t n = b - a;
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, text + a, n);
    tmp[n] = '\0';
    /* keep valid UTF-8 only */
    size_t o = 0, i = 0;
    dst[0] = '\0';
    while (i < n) {
        uint32_t c = utf8_next((const unsigned char *)tmp, n, &i);
        if (c == 0xFFFFFFFFu || c == '\r' || c == '\n')
            c = c == '\n' ? ' ' : 0xFFFFFFFFu;
        if (c == 0xFFFFFFFFu || c < 0x20)
            continue;
        if (!utf8_put(dst, cap, &o, c))
            break;
    }
}

/* ------------------------------------------------------------ negations */

/* Words that negate what follows them, normalised. */
static const char *const negation_words[] = {
    "no", "not", "nie", "kein", "keine", "keiner", "keinen", "nicht", "brak",
    "не", "немає", "нема", "відсутня", "відсутні", "без", "none", "never", "ohne",
};

static bool word_eq(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    return na == nb && memcmp(a, b, na * sizeof *a) == 0;
}

typedef struct negword {
    uint32_t cp[16];
    size_t n;
} negword;

static negword negs[sizeof negation_words / sizeof negation_words[0]];
static size_t nnegs;

static void negations_init(void)
{
    if (nnegs != 0)
        return;
    for (size_t i = 0; i < sizeof negation_words / sizeof negation_words[0]; i++) {
        negs[i].n = normalise_small(negation_words[i], negs[i].cp, 16);
    }
    nnegs = sizeof negation_words / sizeof negation_words[0];
}

static bool is_negation(const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < nnegs; i++)
        if (word_eq(w, n, negs[i].cp, negs[i].n))
            return true;
    return false;
}

/* Does pattern pat (m) contain the word w (n)? */
static bool pat_has_word(const uint32_t *pat, size_t m, const uint32_t *w, size_t n)
{
    size_t i = 0;
    while (i < m) {
        size_t e = i;
        while (e < m && pat[e] != SEP)
            e++;
        if (word_eq(pat + i, e - i, w, n))
            return true;
        i = e + 1;
    }
    return false;
}

/* True when a negation word not in the phrase lies inside the match or is
 * one of the two words before it. */
static bool negated(const ntext *t, const match *mt, const uint32_t *pat, size_t m)
{
    size_t a = mt->start;
    int line = t->line[a];
    /* back up two words, on the same line */
    int words = 0;
    while (a > 0 && words < 2 && t->line[a - 1] == line) {
        a--;
        if (t->cp[a] == SEP && a > 0)
            words += 1;
    }
    while (a > 0 && t->cp[a - 1] != SEP && t->line[a - 1] == line)
        a--;
    size_t i = a;
    while (i < mt->end && i < t->n) {
        while (i < t->n && t->cp[i] == SEP)
            i++;
        size_t e = i;
        while (e < t->n && t->cp[e] != SEP)
            e++;
        if (e > i && is_negation(t->cp + i, e - i) && !pat_has_word(pat, m, t->cp + i, e - i))
            return true;
        i = e;
    }
    return false;
}

static int edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int k);

/* A no-record phrase says "no", "nie", "keine", "не"...: each negation word
 * of the phrase must be in the matched text itself (allowing one edit in a
 * word of 4+ letters), or the match is the positive statement read with
 * OCR tolerance ("Osoba figuruje" against "Osoba nie figuruje"). */
static bool negation_present(const ntext *t, const match *mt, const uint32_t *pat, size_t m)
{
    size_t i = 0;
    while (i < m) {
        size_t e = i;
        while (e < m && pat[e] != SEP)
            e++;
        if (e > i && is_negation(pat + i, e - i)) {
            bool seen = false;
            size_t a = mt->start;
            while (a < mt->end && !seen) {
                while (a < mt->end && t->cp[a] == SEP)
                    a++;
                size_t b = a;
                while (b < t->n && t->cp[b] != SEP)
                    b++;
                int k = e - i >= 4 ? 1 : 0;
                if (b > a && edit_distance(t->cp + a, b - a, pat + i, e - i, k) <= k)
                    seen = true;
                a = b;
            }
            if (!seen)
                return false;
        }
        i = e + 1;
    }
    return true;
}

/* ------------------------------------------------------- classification */

typedef struct hit {
    size_t phrase;      /* index into phrases */
    match m;
    bool dropped;
} hit;

#define MAX_HITS 256

static bool overlaps(const match *a, const match *b)
{
    return a->start < b->end && b->start < a->end;
}

static int country_index(char (*names)[4], int *n, const char *c)
{
    for (int i = 0; i < *n; i++)
        if (strncmp(names[i], c, 3) == 0)
            return i;
    if (*n >= 32)
        return -1;
    memcpy(names[*n], c, 3);
    names[*n][3] = '\0';
    return (*n)++;
}

/* ---------------------------------------------------------------- labels */

typedef enum fld {
    F_SURNAME, F_GIVEN, F_FULLNAME, F_DOB, F_NUMBER, F_ISSUED, F_AUTHORITY, F_IGNORE,
    F_COUNT
} fld;

typedef struct label {
    fld field;
    int specific;       /* 2 specific, 1 generic (used only when no specific) */
    const char *text;
} label;

static const label labels[] = {
    {F_SURNAME, 2, "surname"}, {F_SURNAME, 2, "family name"}, {F_SURNAME, 2, "last name"},
    {F_SURNAME, 2, "familienname"}, {F_SURNAME, 2, "nachname"}, {F_SURNAME, 2, "nazwisko"},
    {F_SURNAME, 2, "прізвище"}, {F_SURNAME, 2, "фамилия"},
    {F_GIVEN, 2, "given names"}, {F_GIVEN, 2, "given name"}, {F_GIVEN, 2, "forenames"},
    {F_GIVEN, 2, "forename"}, {F_GIVEN, 2, "first names"}, {F_GIVEN, 2, "first name"},
    {F_GIVEN, 2, "vornamen"}, {F_GIVEN, 2, "vorname"}, {F_GIVEN, 2, "imiona"},
    {F_GIVEN, 2, "imię"}, {F_GIVEN, 2, "imie i drugie imie"}, {F_GIVEN, 2, "ім'я"},
    {F_GIVEN, 2, "ім'я та по батькові"}, {F_GIVEN, 2, "імена"},
    {F_GIVEN, 2, "im'a"},   /* "Ім'я" as OCR reads it in Latin look-alikes */
    {F_FULLNAME, 1, "name"}, {F_FULLNAME, 1, "full name"}, {F_FULLNAME, 1, "subject"},
    {F_FULLNAME, 1, "name of subject"}, {F_FULLNAME, 1, "name of applicant"},
    {F_FULLNAME, 1, "applicant"}, {F_FULLNAME, 1, "holder"},
    {F_FULLNAME, 1, "imię i nazwisko"}, {F_FULLNAME, 1, "піб"},
    {F_DOB, 2, "date of birth"}, {F_DOB, 2, "birth date"}, {F_DOB, 2, "dob"},
    {F_DOB, 2, "born"}, {F_DOB, 2, "geburtsdatum"}, {F_DOB, 2, "geboren am"},
    {F_DOB, 2, "geburtstag"}, {F_DOB, 2, "tag der geburt"}, {F_DOB, 2, "date de naissance"},
    {F_DOB, 2, "data urodzenia"}, {F_DOB, 2, "data i miejsce urodzenia"},
    {F_DOB, 2, "дата народження"}, {F_DOB, 2, "дата і місце народження"},
    {F_NUMBER, 2, "certificate number"}, {F_NUMBER, 2, "certificate no"},
    {F_NUMBER, 2, "reference number"}, {F_NUMBER, 2, "reference no"}, {F_NUMBER, 2, "reference"},
    {F_NUMBER, 2, "ref no"}, {F_NUMBER, 2, "ref"}, {F_NUMBER, 2, "application reference"},
    {F_NUMBER, 2, "summary number"}, {F_NUMBER, 2, "control number"},
    {F_NUMBER, 2, "bescheinigungsnummer"}, {F_NUMBER, 2, "belegnummer"},
    {F_NUMBER, 2, "geschäftszeichen"}, {F_NUMBER, 2, "nummer"},
    {F_NUMBER, 2, "numer informacji"}, {F_NUMBER, 2, "numer"}, {F_NUMBER, 2, "nr informacji"},
    {F_NUMBER, 2, "номер витягу"}, {F_NUMBER, 2, "номер"}, {F_NUMBER, 2, "витяг №"},
    {F_NUMBER, 1, "no"}, {F_NUMBER, 1, "nr"}, {F_NUMBER, 1, "number"}, {F_NUMBER, 1, "№"},
    {F_ISSUED, 2, "date of issue"}, {F_ISSUED, 2, "issue date"}, {F_ISSUED, 2, "issued on"},
    {F_ISSUED, 2, "date issued"}, {F_ISSUED, 2, "issued"}, {F_ISSUED, 2, "date of certificate"},
    {F_ISSUED, 2, "ausstellungsdatum"}, {F_ISSUED, 2, "ausgestellt am"},
    {F_ISSUED, 2, "datum der ausstellung"}, {F_ISSUED, 2, "data wydania"},
    {F_ISSUED, 2, "data wystawienia"}, {F_ISSUED, 2, "дата видачі"},
    {F_ISSUED, 2, "дата формування"}, {F_ISSUED, 2, "дата видачі витягу"},
    {F_ISSUED, 1, "date"}, {F_ISSUED, 1, "datum"}, {F_ISSUED, 1, "data"}, {F_ISSUED, 1, "дата"},
    /* "Bonn, den 15.01.2024", "Warszawa, dnia ...", "Київ, від ...", "London, on ..." */
    {F_ISSUED, 1, "den"}, {F_ISSUED, 1, "dnia"}, {F_ISSUED, 1, "від"}, {F_ISSUED, 1, "dated"},
    {F_ISSUED, 1, "dma"},   /* "dnia" as OCR reads it on photos: "ni" read as "m" */
    {F_AUTHORITY, 2, "issuing authority"}, {F_AUTHORITY, 2, "authority"},
    {F_AUTHORITY, 2, "issued by"}, {F_AUTHORITY, 2, "ausstellende behörde"},
    {F_AUTHORITY, 2, "behörde"}, {F_AUTHORITY, 2, "organ wydający"},
    {F_AUTHORITY, 2, "organ"}, {F_AUTHORITY, 2, "орган що видав"},
    {F_AUTHORITY, 2, "орган видачі"}, {F_AUTHORITY, 2, "видано"},
    /* labels of record entries, so that generic ones do not grab them */
    {F_IGNORE, 2, "date of conviction"}, {F_IGNORE, 2, "date of arrest"},
    {F_IGNORE, 2, "arrest date"}, {F_IGNORE, 2, "date arrested"},
    {F_IGNORE, 2, "date of offence"}, {F_IGNORE, 2, "datum der entscheidung"},
    {F_IGNORE, 2, "datum des urteils"}, {F_IGNORE, 2, "tag der entscheidung"},
    {F_IGNORE, 2, "data wyroku"}, {F_IGNORE, 2, "data orzeczenia"},
    {F_IGNORE, 2, "дата вироку"}, {F_IGNORE, 2, "дата засудження"},
    {F_IGNORE, 2, "aktenzeichen"}, {F_IGNORE, 2, "sygn akt"}, {F_IGNORE, 2, "sygnatura akt"},
    {F_IGNORE, 2, "place of birth"}, {F_IGNORE, 2, "geburtsort"},
    {F_IGNORE, 2, "miejsce urodzenia"}, {F_IGNORE, 2, "місце народження"},
    {F_IGNORE, 2, "geburtsname"}, {F_IGNORE, 2, "nazwisko rodowe"},
    {F_IGNORE, 2, "father's name"}, {F_IGNORE, 2, "imię ojca"}, {F_IGNORE, 2, "imię matki"},
    {F_IGNORE, 2, "nationality"}, {F_IGNORE, 2, "staatsangehörigkeit"},
    {F_IGNORE, 2, "obywatelstwo"}, {F_IGNORE, 2, "громадянство"},
    {F_IGNORE, 2, "sex"}, {F_IGNORE, 2, "geschlecht"}, {F_IGNORE, 2, "płeć"},
    {F_IGNORE, 2, "page"}, {F_IGNORE, 2, "seite"}, {F_IGNORE, 2, "strona"},
};
#define NLABELS (sizeof labels / sizeof labels[0])

typedef struct nlabel {
    uint32_t cp[48];        /* folded, each letter as its glyph_shape */
    size_t n;
} nlabel;

static nlabel nlabels[NLABELS];
static bool labels_ready;

static void labels_init(void)
{
    if (labels_ready)
        return;
    for (size_t i = 0; i < NLABELS; i++) {
        nlabels[i].n = normalise_small(labels[i].text, nlabels[i].cp, 48);
        for (size_t j = 0; j < nlabels[i].n; j++)
            nlabels[i].cp[j] = glyph_shape(nlabels[i].cp[j]);
    }
    negations_init();
    labels_ready = true;
}

/* A label found on a line: normalised indices of the line text. */
typedef struct lhit {
    size_t label;
    size_t start, end;     /* normalised [start, end) within the line */
} lhit;

/* Edit distance between a (na) and b (nb), bounded: returns > k early. */
static int edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, int k)
{
    if (na > 64 || nb > 64)
        return k + 1;
    int prev[65], cur[65];
    for (size_t j = 0; j <= nb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= na; i++) {
        cur[0] = (int)i;
        int rowmin = cur[0];
        for (size_t j = 1; j <= nb; j++) {
            int c = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            if (prev[j] + 1 < c)
                c = prev[j] + 1;
            if (cur[j - 1] + 1 < c)
                c = cur[j - 1] + 1;
            cur[j] = c;
            if (c < rowmin)
                rowmin = c;
        }
        if (rowmin > k)
            return k + 1;
        memcpy(prev, cur, sizeof prev);
    }
    return prev[nb];
}

/* Is label `longer` label `shorter` followed by more words ("imię ojca"
 * and "imię")? */
static bool label_extends(size_t longer, size_t shorter)
{
    size_t m = nlabels[shorter].n;
    return nlabels[longer].n > m && nlabels[longer].cp[m] == SEP &&
           memcmp(nlabels[longer].cp, nlabels[shorter].cp, m * sizeof nlabels[shorter].cp[0]) == 0;
}

/* "Nav wisko:": a one-word label (m code points, at least 6) that OCR split
 * with a space.  The word at i..tok_end and the next one, joined, match
 * the label within k edits, and the split label starts its line or is
 * followed by a colon.  On a match sets *pdist and *pend (the end of the
 * second word) and returns true. */
static bool split_label_at(const uint32_t *cp, size_t n, size_t i, size_t tok_end,
                           const uint32_t *label, size_t m, int k, const char *line,
                           size_t linelen, const ntext *t, int word_no, int *pdist,
                           size_t *pend)
{
    size_t next = tok_end;
    while (next < n && cp[next] == SEP)
        next++;
    if (next == tok_end || next >= n || tok_end - i < 2)
        return false;
    size_t e2 = next;
    while (e2 < n && cp[e2] != SEP)
        e2++;
    if (e2 - next < 2)
        return false;
    uint32_t joined[64];
    size_t jn = 0;
    for (size_t q = i; q < e2 && jn < 64; q++)
        if (cp[q] != SEP)
            joined[jn++] = cp[q];
    int dist = edit_distance(joined, jn, label, m, k);
    if (dist > k)
        return false;
    size_t b = t->end[e2 - 1];
    while (b < linelen && (line[b] == ' ' || line[b] == '\t'))
        b++;
    if (word_no != 0 && !(b < linelen && line[b] == ':'))
        return false;
    *pdist = dist;
    *pend = e2;
    return true;
}

/* Find labels on a normalised line: at each word start, the longest label
 * whose words match (bounded edits).  Returns the count written to out. */
static int find_labels(const ntext *t, const char *line, size_t linelen, lhit *out, int max)
{
    /* the line's letters as their shapes, like the labels' */
    uint32_t cp[MAX_LINE_CP];
    size_t n = t->n < MAX_LINE_CP ? t->n : MAX_LINE_CP;
    for (size_t q = 0; q < n; q++)
        cp[q] = glyph_shape(t->cp[q]);
    int found = 0;
    size_t i = 0;
    int word_no = 0;            /* words before i on this line, ignoring 1-letter noise */
    while (i < n && found < max) {
        /* i at a word start */
        size_t best_end = 0, best_label = NLABELS;
        size_t best_len = 0;
        int best_dist = 99;
        size_t tok_end = i;
        while (tok_end < n && cp[tok_end] != SEP)
            tok_end++;
        size_t ob = t->off[i];
        bool speck_lead = tok_end - i >= 6 && ob + 1 < linelen &&
                          islower((unsigned char)line[ob]) &&
                          isupper((unsigned char)line[ob + 1]);
        for (size_t l = 0; l < NLABELS; l++) {
            size_t m = nlabels[l].n;
            if (m == 0)
                continue;
            int k = m >= 7 ? 2 : (m >= 5 ? 1 : 0);
            /* the same number of words as the label */
            int words = 1;
            for (size_t q = 0; q < m; q++)
                if (nlabels[l].cp[q] == SEP)
                    words++;
            size_t e = i;
            int w = 0;
            while (e < n) {
                if (cp[e] == SEP) {
                    w++;
                    if (w == words)
                        break;
                }
                e++;
            }
            int dist = w >= words - 1 ? edit_distance(cp + i, e - i, nlabels[l].cp, m, k) : k + 1;
            bool hit = dist <= k;
            if (!hit && speck_lead && w >= words - 1) {
                /* "tPamiltenname:": a speck read as a small letter glued
                 * before the label's capital */
                dist = edit_distance(cp + i + 1, e - i - 1, nlabels[l].cp, m, k);
                hit = dist <= k;
            }
            if (!hit && words > 2) {
                /* "Date ofBirth": OCR lost one space inside the label */
                size_t e2 = i;
                for (int w2 = 0; e2 < n; e2++)
                    if (cp[e2] == SEP && ++w2 == words - 1)
                        break;
                dist = edit_distance(cp + i, e2 - i, nlabels[l].cp, m, k);
                if (dist <= k) {
                    hit = true;
                    e = e2;
                }
            }
            if (!hit && words > 1) {
                /* "LastName": OCR lost the space inside the label */
                uint32_t compact[48];
                size_t cm = 0;
                for (size_t q = 0; q < m && cm < 48; q++)
                    if (nlabels[l].cp[q] != SEP)
                        compact[cm++] = nlabels[l].cp[q];
                dist = edit_distance(cp + i, tok_end - i, compact, cm, k);
                if (dist <= k) {
                    hit = true;
                    e = tok_end;
                }
            }
            if (!hit && words == 1 && m >= 6 && tok_end < n)
                hit = split_label_at(cp, n, i, tok_end, nlabels[l].cp, m, k, line, linelen, t,
                                     word_no, &dist, &e);
            if (!hit && words > 1) {
                /* "Given 1 names": a one-letter speck inside the label */
                uint32_t buf[64];
                size_t bn = 0, q = i;
                int got = 0;
                while (q < n && got < words && bn < 60) {
                    size_t qe = q;
                    while (qe < n && cp[qe] != SEP)
                        qe++;
                    if (qe - q > 1 || got == 0) {
                        if (got > 0)
                            buf[bn++] = SEP;
                        for (size_t z = q; z < qe && bn < 60; z++)
                            buf[bn++] = cp[z];
                        got++;
                    }
                    q = qe;
                    while (q < n && cp[q] == SEP)
                        q++;
                    if (got == words) {
                        dist = edit_distance(buf, bn, nlabels[l].cp, m, k);
                        if (dist <= k) {
                            hit = true;
                            e = qe;
                        }
                        break;
                    }
                }
            }
            if (!hit)
                continue;
            if (labels[l].specific < 2) {
                /* a generic word ("name", "date", "den") is a label only at
                 * the start of a line or before a colon */
                size_t b = t->end[e - 1];
                while (b < linelen && (line[b] == ' ' || line[b] == '\t'))
                    b++;
                bool colon = b < linelen && line[b] == ':';
                bool dated = labels[l].field == F_ISSUED;  /* "Bonn, den 15.01.2024" */
                if (!(word_no == 0 || colon || dated))
                    continue;
                /* ... and before prose ("subject in a foreign country", a
                 * sentence whose start a photo's edge cut off) it is none */
                if (!colon && !dated && b < linelen && line[b] >= 'a' && line[b] <= 'z')
                    continue;
            }
            /* a specific label within its bound beats a generic one at the
             * same place ("Date ої birth": "date" alone matches exactly);
             * otherwise the closest label wins, among equals the longest */
            int spec = labels[l].specific;
            if (best_label < NLABELS && spec != labels[best_label].specific) {
                if (spec < labels[best_label].specific)
                    continue;
            } else if (best_label < NLABELS && label_extends(l, best_label)) {
                /* "imię o;ca": "imię ojca" within its bound beats "imię" */
            } else if (best_label < NLABELS && label_extends(best_label, l)) {
                continue;
            } else if (dist > best_dist || (dist == best_dist && m <= best_len)) {
                continue;
            }
            best_dist = dist;
            best_len = m;
            best_label = l;
            best_end = e;
        }
        if (best_label < NLABELS) {
            out[found].label = best_label;
            out[found].start = i;
            out[found].end = best_end;
            found++;
            i = best_end;
            word_no++;
        } else {
            if (tok_end - i > 1)
                word_no++;
            i = tok_end;
        }
        while (i < n && cp[i] == SEP)
            i++;
    }
    return found;
}

/* ------------------------------------------------------------------ dates */

typedef struct month_name {
    const char *prefix;     /* normalised-ish ASCII/Cyrillic prefix, lower case */
    int month;
} month_name;

static const month_name months[] = {
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"may", 5}, {"jun", 6}, {"jul", 7},
    {"aug", 8}, {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12},
    {"januar", 1}, {"februar", 2}, {"marz", 3}, {"maerz", 3}, {"mai", 5}, {"juni", 6},
    {"juli", 7}, {"okt", 10}, {"dez", 12},
    {"stycz", 1}, {"lut", 2}, {"marc", 3}, {"kwie", 4}, {"maj", 5}, {"czerw", 6},
    {"lip", 7}, {"sierp", 8}, {"wrze", 9}, {"pazdz", 10}, {"listop", 11}, {"grud", 12},
    {"січ", 1}, {"лют", 2}, {"берез", 3}, {"квіт", 4}, {"травн", 5}, {"черв", 6},
    {"лип", 7}, {"серп", 8}, {"верес", 9}, {"жовт", 10}, {"листоп", 11}, {"груд", 12},
};

/* Read a run of digits (OCR look-alikes accepted when next to digits).
 * Returns the count of digits read (max maxd) and the value. */
static int read_digits(const char *s, size_t *pi, int maxd, int *pval)
{
    size_t i = *pi;
    int n = 0, v = 0;
    while (n < maxd && s[i]) {
        char c = s[i];
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c == 'O' || c == 'o' || c == 'D' || c == 'Q')
            d = 0;
        else if (c == 'l' || c == 'I' || c == '|' || c == 'i')
            d = 1;
        else if (c == 'S' || c == 's')
            d = 5;
        else if (c == 'B')
            d = 8;
        else if (c == 'Z' || c == 'z')
            d = 2;
        if (d < 0)
            break;
        /* look-alikes only count inside a run that has real digits nearby */
        if (!(c >= '0' && c <= '9')) {
            bool near = (i > 0 && isdigit((unsigned char)s[i - 1])) ||
                        (s[i + 1] && isdigit((unsigned char)s[i + 1]));
            if (!near)
                break;
        }
        v = v * 10 + d;
        n++;
        i++;
    }
    *pi = i;
    *pval = v;
    return n;
}

static bool is_date_sep(char c)
{
    /* ':' and ';' are how OCR often reads a worn '.' ("19:05; 1998") */
    return c == '.' || c == '/' || c == '-' || c == ',' || c == ':' || c == ';';
}

/* Skip spaces (at most 2) around a separator in OCR text like "17. 05.1990". */
static bool skip_sep(const char *s, size_t *pi, char *psep)
{
    size_t i = *pi;
    int sp = 0;
    while (s[i] == ' ' && sp < 2) {
        i++;
        sp++;
    }
    if (!is_date_sep(s[i]))
        return false;
    *psep = s[i];
    i++;
    sp = 0;
    while (s[i] == ' ' && sp < 2) {
        i++;
        sp++;
    }
    *pi = i;
    return true;
}

/* Month from a word (UTF-8) starting at s[*pi]: advances past the word. */
static int read_month_word(const char *s, size_t *pi)
{
    size_t i = *pi;
    char word[64];
    size_t wl = 0;
    size_t len = strlen(s + i) + i;
    while (s[i]) {
        size_t j = i;
        uint32_t c = utf8_next((const unsigned char *)s, len, &j);
        uint32_t f[2];
        int k = c == 0xFFFFFFFFu ? -1 : fold_cp(c, f);
        if (k < 0 || (k >= 1 && f[0] < 0x80 && !isalpha((int)f[0])))
            break;
        for (int q = 0; q < k; q++)
            if (!utf8_put(word, sizeof word, &wl, f[q]))
                break;
        i = j;
    }
    if (wl < 3)
        return 0;
    int best = 0;
    size_t bestlen = 0;
    for (size_t m = 0; m < sizeof months / sizeof months[0]; m++) {
        size_t pl = strlen(months[m].prefix);
        if (pl <= wl && strncmp(word, months[m].prefix, pl) == 0 && pl > bestlen) {
            best = months[m].month;
            bestlen = pl;
        }
    }
    if (best)
        *pi = i;
    return best;
}

/* The month word and 4-digit year of a date whose day `day` was read:
 * "Mai 1990", "травня 1990", from s[k]; true with *pd and *pend set when
 * they make a real date. */
static bool month_word_and_year(const char *s, size_t k, int day, vdate *pd, size_t *pend)
{
    int mo = read_month_word(s, &k);
    if (mo == 0)
        return false;
    while (s[k] == ' ' || s[k] == '.' || s[k] == ',')
        k++;
    int year = 0;
    if (read_digits(s, &k, 4, &year) != 4 || !vdate_is_valid(year, mo, day))
        return false;
    *pd = (vdate){year, mo, day};
    *pend = k;
    return true;
}

/* The middle group of a day/month/year date: up to 2 digits, also when
 * OCR split them with one space ("20/0 1/2024": the space is taken only
 * when a lone digit follows and a date separator comes right after it).
 * Returns the digits read, like read_digits. */
static int read_split_pair(const char *s, size_t *pi, int *pval)
{
    int n = read_digits(s, pi, 2, pval);
    size_t i = *pi;
    if (n == 1 && s[i] == ' ' && isdigit((unsigned char)s[i + 1]) && is_date_sep(s[i + 2])) {
        *pval = *pval * 10 + (s[i + 1] - '0');
        *pi = i + 2;
        n = 2;
    }
    return n;
}

/* Day, month and year in the country's order (USA month first) as a real
 * date into *pd. */
static bool numeric_date(int a, int b, int year, const char *country, vdate *pd)
{
    bool usa = country && strcmp(country, "USA") == 0;
    int day = usa ? b : a, mon = usa ? a : b;
    if (!vdate_is_valid(year, mon, day))
        return false;
    *pd = (vdate){year, mon, day};
    return true;
}

/* "09 15 1979", "06 09.1976": a numeric date whose separator OCR lost,
 * leaving a space; the first group `a` (two digits) was read up to s[j].
 * Only two-digit day and month and a four-digit year that ends there
 * count, in the country's order alone. */
static bool date_spaced(const char *s, size_t j, int a, const char *country, vdate *pd,
                        size_t *pend)
{
    size_t k = j;
    int sp = 0, b, year;
    char sep;
    while (s[k] == ' ' && sp < 2) {
        k++;
        sp++;
    }
    if (sp == 0 || read_digits(s, &k, 2, &b) != 2)
        return false;
    if (!skip_sep(s, &k, &sep)) {
        if (s[k] != ' ')
            return false;
        for (sp = 0; s[k] == ' ' && sp < 2; sp++)
            k++;
    }
    if (read_digits(s, &k, 4, &year) != 4 || isdigit((unsigned char)s[k]) ||
        !numeric_date(a, b, year, country, pd))
        return false;
    *pend = k;
    return true;
}

/* Try to parse a date starting exactly at s[i]. */
static bool date_at(const char *s, size_t i, const char *country, vdate *pd, size_t *pend)
{
    int a, b, c;
    size_t j = i;
    int na = read_digits(s, &j, 4, &a);
    if (na == 0)
        return false;
    char sep1, sep2;
    if (na == 4) {
        /* YYYY-MM-DD */
        if (!skip_sep(s, &j, &sep1) || read_digits(s, &j, 2, &b) == 0 ||
            !skip_sep(s, &j, &sep2) || read_digits(s, &j, 2, &c) == 0)
            return false;
        if (!vdate_is_valid(a, b, c))
            return false;
        *pd = (vdate){a, b, c};
        *pend = j;
        return true;
    }
    if (na > 2)
        return false;
    size_t k = j;
    if (skip_sep(s, &k, &sep1)) {
        int nb = read_split_pair(s, &k, &b);
        if (nb == 0) {
            /* "17. Mai 1990" */
            return month_word_and_year(s, k, a, pd, pend);
        }
        if (!skip_sep(s, &k, &sep2) || read_digits(s, &k, 4, &c) != 4)
            return false;
        int day = a, mon = b;
        if (country && strcmp(country, "USA") == 0) {
            day = b;
            mon = a;
        }
        if (!vdate_is_valid(c, mon, day)) {
            /* the other order, when only it is a real date */
            if (vdate_is_valid(c, day, mon) && sep1 == '/') {
                int t = day;
                day = mon;
                mon = t;
            } else {
                return false;
            }
        }
        *pd = (vdate){c, mon, day};
        *pend = k;
        return true;
    }
    if (na == 2 && date_spaced(s, j, a, country, pd, pend))
        return true;
    /* "17 May 1990", "17 травня 1990 р." */
    while (s[k] == ' ')
        k++;
    return month_word_and_year(s, k, a, pd, pend);
}

/* "May 17, 1990" (US style with a month name). */
static bool date_month_first(const char *s, size_t i, vdate *pd, size_t *pend)
{
    size_t k = i;
    int mo = read_month_word(s, &k);
    if (mo == 0)
        return false;
    while (s[k] == ' ' || s[k] == '.')
        k++;
    int d, y;
    if (read_digits(s, &k, 2, &d) == 0)
        return false;
    while (s[k] == ' ' || s[k] == ',')
        k++;
    if (read_digits(s, &k, 4, &y) != 4 || !vdate_is_valid(y, mo, d))
        return false;
    *pd = (vdate){y, mo, d};
    *pend = k;
    return true;
}

/* "17051990": OCR lost the separators; the country's order decides. */
static bool date_compact(const char *s, size_t len, const char *country, vdate *pd, size_t *pend)
{
    for (size_t i = 0; i + 8 <= len; i++) {
        if (i > 0 && isdigit((unsigned char)s[i - 1]))
            continue;
        size_t k = 0;
        while (k < 8 && isdigit((unsigned char)s[i + k]))
            k++;
        if (k != 8 || isdigit((unsigned char)s[i + 8]))
            continue;
        int a = (s[i] - '0') * 10 + (s[i + 1] - '0');
        int b = (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
        int y = atoi((char[5]){s[i + 4], s[i + 5], s[i + 6], s[i + 7], 0});
        int day = a, mon = b;
        if (country && strcmp(country, "USA") == 0) {
            day = b;
            mon = a;
        }
        if (vdate_is_valid(y, mon, day)) {
            *pd = (vdate){y, mon, day};
            if (pend)
                *pend = i + 8;
            return true;
        }
    }
    return false;
}

bool certrules_parse_date(const char *s, const char *country, vdate *pd, size_t *pend)
{
    if (s == NULL || pd == NULL)
        return false;
    size_t len = strnlen(s, 4096);
    for (size_t i = 0; i < len; i++) {
        bool word_start = i == 0 || !isalnum((unsigned char)s[i - 1]);
        if (!word_start)
            continue;
        vdate d;
        size_t e = 0;
        if ((isdigit((unsigned char)s[i]) || (s[i + 1] && isdigit((unsigned char)s[i + 1]))) &&
            date_at(s, i, country, &d, &e)) {
            *pd = d;
            if (pend)
                *pend = e;
            return true;
        }
        if (isalpha((unsigned char)s[i]) && date_month_first(s, i, &d, &e)) {
            *pd = d;
            if (pend)
                *pend = e;
            return true;
        }
    }
    return date_compact(s, len, country, pd, pend);
}

/* ----------------------------------------------------------- name values */

static uint32_t upper_cp(uint32_t c)
{
    if (c >= 'a' && c <= 'z')
        return c - 32;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
        return c - 0x20;
    if (c >= 0x100 && c <= 0x17F) {
        /* pairs: even upper, odd lower, except 0x139..0x148 and 0x179..0x17E */
        bool shifted = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (shifted ? (c % 2 == 0) : (c % 2 == 1))
            return c - 1;
        return c;
    }
    if (c >= 0x430 && c <= 0x44F)
        return c - 0x20;
    if (c >= 0x450 && c <= 0x45F)
        return c - 0x50;
    if (c == 0x491)
        return 0x490;
    return c;
}

static bool is_letter(uint32_t c)
{
    uint32_t f[2];
    if (c < 0x80)
        return isalpha((int)c) != 0;
    return fold_cp(c, f) > 0 && !(c >= 0x300 && c <= 0x36F);
}

/* Clean a name value: letters, hyphens, apostrophes and single spaces,
 * upper case.  Stops at a digit or at characters that cannot be a name. */
static void clean_name(const char *v, char *out, size_t cap)
{
    size_t o = 0, i = 0, len = strlen(v);
    bool space = false;
    out[0] = '\0';
    while (i < len) {
        uint32_t c = utf8_next((const unsigned char *)v, len, &i);
        if (c == 0xFFFFFFFFu)
            continue;
        if (is_letter(c)) {
            if (space && o > 0)
                utf8_put(out, cap, &o, ' ');
            space = false;
            if (!utf8_put(out, cap, &o, upper_cp(c)))
                break;
        } else if ((c == '-' || is_apostrophe(c)) && o > 0) {
            if (space)
                utf8_put(out, cap, &o, ' ');
            space = false;
            utf8_put(out, cap, &o, c == '-' ? '-' : '\'');
        } else if (c == ' ' || c == '\t' || c == ',' || c == '.') {
            space = true;
        } else if (c >= '0' && c <= '9') {
            break;
        } else {
            space = true;
        }
    }
    while (o > 0 && (out[o - 1] == '-' || out[o - 1] == '\'' || out[o - 1] == ' '))
        out[--o] = '\0';
}

/* "WOJCIK. OLENA": in a "SURNAME, GIVEN NAMES" value without a comma, a
 * period after a word of two or more letters, with more words after it, is
 * the comma OCR read small (an initial's period, "JOHN F. KENNEDY",
 * follows a single letter and is left alone). */
static void comma_read_as_period(char *s)
{
    if (strchr(s, ',') != NULL)
        return;
    for (char *p = s; *p; p++) {
        if (*p != '.' || p[1] != ' ' || p[2] == '\0')
            continue;
        int letters = 0;
        for (const char *q = p - 1; q >= s && *q != ' '; q--)
            letters += isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80;
        if (letters >= 2) {
            *p = ',';
            return;
        }
    }
}

/* In a word otherwise in capitals, OCR's 'l' is a capital I ("GLORGL" is
 * how a worn "GIORGI" reads); applied to the raw value before upper-casing. */
static void fix_caps_l(char *v)
{
    size_t i = 0, n = strlen(v);
    while (i < n) {
        while (i < n && !isalpha((unsigned char)v[i]))
            i++;
        size_t e = i;
        int upper = 0, other_lower = 0;
        while (e < n && (isalpha((unsigned char)v[e]) || ((unsigned char)v[e] & 0x80))) {
            if (isupper((unsigned char)v[e]))
                upper++;
            else if (islower((unsigned char)v[e]) && v[e] != 'l')
                other_lower++;
            e++;
        }
        if (upper >= 2 && other_lower == 0)
            for (size_t q = i; q < e; q++)
                if (v[q] == 'l')
                    v[q] = 'I';
        i = e + (e == i);
    }
}

/* German names: OCR reads ü as "ii" ("Jiirgen"); no German name has "ii". */
static void fix_german_umlaut(char *v, size_t cap)
{
    char tmp[CERT_SOURCE_MAX];
    size_t o = 0;
    for (size_t i = 0; v[i] && o + 3 < sizeof tmp; i++) {
        if ((v[i] == 'i' && v[i + 1] == 'i') || (v[i] == 'I' && v[i + 1] == 'I')) {
            bool up = v[i] == 'I';
            tmp[o++] = (char)0xC3;
            tmp[o++] = (char)(up ? 0x9C : 0xBC);
            i++;
        } else {
            tmp[o++] = v[i];
        }
    }
    tmp[o] = '\0';
    copy_str(v, cap, tmp, o);
}

static bool has_cyrillic(const char *s);
static bool has_latin(const char *s);

/* Drop lower-case words of one or two letters at the end of a name that
 * has a capital ("Davit re oo": a table's rules read as letters); a name
 * particle such as "de" or "da" never ends a name. */
static void drop_trailing_specks(char *v)
{
    size_t n = strlen(v);
    bool capital = false;
    for (size_t q = 0; q < n; q++)
        capital = capital || isupper((unsigned char)v[q]);
    while (capital && n > 0) {
        while (n > 0 && v[n - 1] == ' ')
            v[--n] = '\0';
        size_t i = n;
        while (i > 0 && v[i - 1] != ' ')
            i--;
        size_t letters = 0;
        bool speck = i > 0;
        for (size_t q = i; speck && q < n; q++) {
            letters += islower((unsigned char)v[q]) != 0;
            speck = islower((unsigned char)v[q]) || v[q] == '.';
        }
        speck = speck && letters <= 2;
        if (!speck)
            break;
        v[i] = '\0';
        n = i;
    }
    while (n > 0 && v[n - 1] == ' ')
        v[--n] = '\0';
}

/* Drop one-letter words printed in lower case ("OCONNOR a": OCR noise from
 * a rule or a speck; a real initial is a capital), and, when the value has
 * Latin words, words wholly in Cyrillic (the Latin name is the one read;
 * stray Cyrillic is noise of the bilingual layout), and lower-case words of
 * two letters beside a name in capitals. */
static void drop_noise_letters(char *v)
{
    bool latin_words = false, upper_words = false;
    {
        size_t i = 0, n = strlen(v);
        while (i < n) {
            while (i < n && v[i] == ' ')
                i++;
            size_t e = i;
            int letters = 0;
            while (e < n && v[e] != ' ') {
                if (isalpha((unsigned char)v[e]))
                    letters++;
                e++;
            }
            if (letters >= 2)
                latin_words = true;
            bool caps = letters >= 2;
            for (size_t q = i; q < e; q++)
                if (islower((unsigned char)v[q]))
                    caps = false;
            if (caps)
                upper_words = true;
            i = e;
        }
    }
    char tmp[CERT_SOURCE_MAX];
    size_t o = 0, i = 0, n = strlen(v);
    while (i < n) {
        while (i < n && v[i] == ' ')
            i++;
        size_t e = i;
        while (e < n && v[e] != ' ')
            e++;
        bool noise = e - i == 1 && islower((unsigned char)v[i]);
        if (upper_words && e - i <= 2) {
            /* "OCONNOR oe": lower-case specks beside a name in capitals */
            bool lower = true;
            for (size_t q = i; q < e; q++)
                if (!islower((unsigned char)v[q]))
                    lower = false;
            noise = noise || lower;
        }
        if (latin_words && e > i) {
            char w[CERT_SOURCE_MAX];
            copy_str(w, sizeof w, v + i, e - i);
            if (has_cyrillic(w) && !has_latin(w))
                noise = true;
        }
        if (!noise && e > i) {
            if (o > 0 && o + 1 < sizeof tmp)
                tmp[o++] = ' ';
            for (size_t q = i; q < e && o + 1 < sizeof tmp; q++)
                tmp[o++] = v[q];
        }
        i = e;
    }
    tmp[o] = '\0';
    drop_trailing_specks(tmp);
    memcpy(v, tmp, strlen(tmp) + 1);
}

/* "tLUKASZ": a lower-case letter glued to the front of a word otherwise in
 * capitals (at least three) is a speck or the stroke of an Ł the engine
 * read apart: dropped. */
static void drop_lower_lead(char *v)
{
    size_t i = 0, n = strlen(v);
    while (i < n) {
        while (i < n && v[i] == ' ')
            i++;
        size_t e = i;
        while (e < n && v[e] != ' ')
            e++;
        /* not 'l' or 'i': those are a capital I (fix_caps_l) */
        bool caps = e - i >= 4 && islower((unsigned char)v[i]) && v[i] != 'l' && v[i] != 'i';
        for (size_t q = i + 1; caps && q < e; q++)
            caps = isupper((unsigned char)v[q]) || (unsigned char)v[q] >= 0x80;
        if (caps && isupper((unsigned char)v[i + 1])) {
            memmove(v + i, v + i + 1, n - i);
            n--;
            e--;
        }
        i = e;
    }
}

/* Keep only the Latin-script part of a bilingual name ("ШЕВЧЕНКО / SHEVCHENKO"). */
static void prefer_latin(char *name)
{
    char *slash = strchr(name, '/');
    if (slash == NULL)
        return;
    const char *parts[2] = {name, slash + 1};
    for (int p = 0; p < 2; p++) {
        bool cyr = false;
        for (const unsigned char *q = (const unsigned char *)parts[p]; *q && (p == 1 || q < (const unsigned char *)slash); q++)
            if (*q == 0xD0 || *q == 0xD1 || *q == 0xD2)
                cyr = true;
        if (!cyr) {
            char tmp[CERT_VALUE_MAX];
            size_t n = p == 0 ? (size_t)(slash - name) : strlen(parts[1]);
            copy_str(tmp, sizeof tmp, parts[p], n);
            strcpy(name, tmp);
            return;
        }
    }
}

static bool has_cyrillic(const char *s)
{
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        if (*q == 0xD0 || *q == 0xD1 || *q == 0xD2)
            return true;
    return false;
}

static bool has_latin(const char *s)
{
    for (const unsigned char *q = (const unsigned char *)s; *q; q++)
        if (isalpha(*q))
            return true;
    return false;
}

/* Is v[i..e) digits with slashes, starting with a digit (at least two
 * digits): the rest of a number OCR split at a space ("037678 1/2025")? */
static bool digit_token(const char *v, size_t i, size_t e)
{
    int digits = 0;
    if (e <= i || !isdigit((unsigned char)v[i]))
        return false;
    for (size_t q = i; q < e; q++) {
        if (isdigit((unsigned char)v[q]))
            digits++;
        else if (v[q] != '/')
            return false;
    }
    return digits >= 2;
}

/* Capital Latin letters and the Cyrillic capitals that look the same. */
static const char lookalike_latin[] = "ABCEHIKMOPTXY";
static const uint32_t lookalike_cyr[] = {0x410, 0x412, 0x421, 0x415, 0x41D, 0x406, 0x41A,
                                         0x41C, 0x41E, 0x420, 0x422, 0x425, 0x423};

/* v with each Cyrillic capital that looks like a Latin one written as that
 * Latin letter (a German "Р2024..." read with the Cyrillic Р), and any
 * other non-ASCII character as '?' (dropped from a number, but not a
 * break between its parts), into out (cap bytes). */
static void number_ascii(const char *v, char *out, size_t cap)
{
    size_t i = 0, n = strlen(v), o = 0;
    while (i < n && o + 1 < cap) {
        uint32_t c = utf8_next((const unsigned char *)v, n, &i);
        if (c < 0x80) {
            out[o++] = (char)c;
            continue;
        }
        char a = '?';
        for (int k = 0; lookalike_latin[k]; k++)
            if (c == lookalike_cyr[k])
                a = lookalike_latin[k];
        out[o++] = a;
    }
    out[o] = '\0';
}

/* Number: the first token with three digits, upper-case, [A-Z0-9/-.],
 * joined with the tokens of digits (and slashes) that follow it after one
 * space each (OCR splits a long number, "P202403 10032633"). */
static bool clean_number(const char *raw, char *out, size_t cap)
{
    char v[CERT_SOURCE_MAX];
    number_ascii(raw, v, sizeof v);
    size_t i = 0, len = strlen(v);
    out[0] = '\0';
    while (i < len) {
        while (i < len && (v[i] == ' ' || v[i] == ':' || v[i] == '#'))
            i++;
        size_t e = i;
        int digits = 0;
        while (e < len && v[e] != ' ') {
            if (isdigit((unsigned char)v[e]))
                digits++;
            e++;
        }
        if (digits >= 3) {
            /* the digit groups that continue it */
            for (;;) {
                size_t ne = e + 1;
                while (ne < len && v[ne] != ' ')
                    ne++;
                if (e < len && v[e] == ' ' && digit_token(v, e + 1, ne))
                    e = ne;
                else
                    break;
            }
            size_t o = 0;
            for (size_t q = i; q < e && o + 1 < cap; q++) {
                unsigned char c = (unsigned char)v[q];
                if (isalnum(c) || c == '/' || c == '-' || c == '.')
                    out[o++] = (char)toupper(c);
            }
            out[o] = '\0';
            while (o > 0 && (out[o - 1] == '.' || out[o - 1] == '-' || out[o - 1] == '/'))
                out[--o] = '\0';
            return o > 0;
        }
        i = e;
    }
    return false;
}

/* -------------------------------------------------------------- analyse */

typedef struct line_ref {
    size_t a, b;    /* byte range of the line in the text */
} line_ref;

static void set_field(cert_field *f, const char *value, const char *text, size_t len,
                      size_t a, size_t b)
{
    f->found = true;
    copy_str(f->value, sizeof f->value, value, strlen(value));
    copy_source(f->source, sizeof f->source, text, len, a, b);
}

typedef struct cand {
    int specific;
    size_t line;
    size_t va, vb;      /* value byte range */
    size_t la;          /* label byte start */
} cand;

/* A birth or issue date on a certificate lies in 1900..2099: "2625" is a
 * misread "2025", not a date to report. */
static bool plausible_year(vdate d)
{
    return d.year >= 1900 && d.year <= 2099;
}

/* The date of the place-and-date line that closes many certificates
 * ("Clarksburg, WV, January 1, 2024"): the last line of the text holding a
 * date, when that line is a place (a capitalised word, or one in another
 * script; no digits; at most 40 bytes) and, after one of its commas, a date
 * and nothing more.  Sets
 * *pli to the line and *pva..*pvb to the date; false when there is none. */
static bool place_date_line(const char *text, const line_ref *lines, size_t nl,
                            const char *country, size_t *pli, size_t *pva, size_t *pvb)
{
    char buf[CERT_SOURCE_MAX];
    vdate d;
    for (size_t li = nl; li-- > 0;) {
        size_t a = lines[li].a, b = lines[li].b;
        if (b - a >= sizeof buf)
            continue;
        memcpy(buf, text + a, b - a);
        buf[b - a] = '\0';
        if (!certrules_parse_date(buf, country, &d, NULL))
            continue;           /* no date: look further up */
        size_t lead = 0;
        while (buf[lead] == ' ')
            lead++;
        const char *comma = strchr(buf, ',');
        unsigned char first = (unsigned char)buf[lead];
        if (comma == NULL || !(isupper(first) || first >= 0xC0) ||   /* "Київ" */
            (size_t)(comma - buf) > 40 + lead)
            return false;
        for (const char *p = buf; p < comma; p++)
            if (isdigit((unsigned char)*p))
                return false;
        for (const char *c = comma; c; c = strchr(c + 1, ',')) {
            const char *rest = c + 1;
            while (*rest == ' ')
                rest++;
            size_t end = 0;
            if (!certrules_parse_date(rest, country, &d, &end) || !plausible_year(d))
                continue;
            size_t tail = end;
            while (rest[tail] == ' ' || rest[tail] == '.')
                tail++;
            if (rest[tail] != '\0' || !isalnum((unsigned char)rest[0]))
                continue;
            *pli = li;
            *pva = a + (size_t)(rest - buf);
            *pvb = a + (size_t)(rest - buf) + end;
            return true;
        }
        return false;           /* the last dated line is no place-and-date line */
    }
    return false;
}

/* Extract fields from lines using labels; country decides date order. */
static void extract_fields(const char *text, size_t len, const char *country, cert_info *out)
{
    line_ref *lines = malloc(MAX_LINES * sizeof *lines);
    if (lines == NULL)
        return;
    size_t nl = 0, a = 0;
    for (size_t i = 0; i <= len && nl < MAX_LINES; i++) {
        if (i == len || text[i] == '\n') {
            lines[nl].a = a;
            lines[nl].b = i;
            nl++;
            a = i + 1;
        }
    }
    cand best[F_COUNT];
    bool have[F_COUNT] = {false};
    /* birth and issue dates whose labelled value did not read as a date */
    bool unread[2] = {false, false};
    size_t unread_a[2] = {0, 0}, unread_b[2] = {0, 0};
    /* surname and given names whose labelled value did not read as a name
     * ("Surname 5МІТН": cleaning stops at the digit) */
    bool unread_name[2] = {false, false};
    size_t unread_name_a[2] = {0, 0}, unread_name_b[2] = {0, 0};
    ntext t, t2;
    bool ok_t = ntext_init(&t, MAX_LINE_CP), ok_t2 = ntext_init(&t2, MAX_LINE_CP);
    if (!ok_t || !ok_t2) {
        ntext_free(&t);
        ntext_free(&t2);
        free(lines);
        return;
    }
    for (size_t li = 0; li < nl; li++) {
        size_t la = lines[li].a, lb = lines[li].b;
        if (lb - la > 4 * MAX_LINE_CP)
            lb = la + 4 * MAX_LINE_CP;
        normalise(text + la, lb - la, &t);
        lhit hits[16];
        int nh = find_labels(&t, text + la, lb - la, hits, 16);
        for (int h = 0; h < nh; h++) {
            const label *lab = &labels[hits[h].label];
            if (lab->field == F_IGNORE)
                continue;
            /* value: after the label (and a colon) up to the next label */
            size_t vstart = la + t.end[hits[h].end - 1];
            size_t vend = h + 1 < nh ? la + t.off[hits[h + 1].start] : lb;
            /* a value separated by ':' may sit after other words of the label */
            while (vstart < vend && (text[vstart] == ' ' || text[vstart] == ':' ||
                                     text[vstart] == '\t' || text[vstart] == '/' ||
                                     text[vstart] == '.' || text[vstart] == '-'))
                vstart++;
            bool empty = vstart >= vend;
            size_t vl = li;
            if (empty && h + 1 < nh)
                continue;       /* "Прізвище / Surname: ...": the next label has it */
            if (empty) {
                /* the value is on the next non-empty line */
                for (size_t q = li + 1; q < nl && q < li + 3; q++) {
                    size_t qa = lines[q].a, qb = lines[q].b;
                    while (qa < qb && isspace((unsigned char)text[qa]))
                        qa++;
                    if (qa < qb) {
                        /* a line that opens with a label of its own is the
                         * next field, not this one's value: this field is
                         * blank on the certificate ("Familienname:" empty,
                         * then "Geburtsname: ...") */
                        lhit next[4];
                        normalise(text + qa, qb - qa, &t2);
                        int nn = find_labels(&t2, text + qa, qb - qa, next, 4);
                        if (nn > 0 && next[0].start == 0 &&
                            labels[next[0].label].specific == 2)
                            break;
                        vstart = qa;
                        vend = qb;
                        vl = q;
                        empty = false;
                        break;
                    }
                }
            }
            if (empty)
                continue;
            /* "Imię (imiona): JAN": the value follows a later colon (not
             * one inside a date read as "19:05; 1998") */
            bool date_field = lab->field == F_DOB || lab->field == F_ISSUED;
            for (size_t q = vstart; q < vend && q < vstart + 24; q++) {
                if (date_field && isdigit((unsigned char)text[q]))
                    break;
                if (text[q] == ':') {
                    size_t r2 = q + 1;
                    while (r2 < vend && (text[r2] == ' ' || text[r2] == '\t'))
                        r2++;
                    if (r2 < vend)
                        vstart = r2;
                    break;
                }
            }
            fld f = lab->field;
            /* specific labels beat generic ones; among equals the first
             * counts, except a generic issue date ("Bonn, den ..."), which
             * sits at the end of the page below any dated entries */
            if (have[f] && (best[f].specific > lab->specific ||
                            (best[f].specific == lab->specific &&
                             !(f == F_ISSUED && lab->specific == 1))))
                continue;
            /* a value must look right for its field before it counts */
            char val[CERT_SOURCE_MAX];
            copy_str(val, sizeof val, text + vstart, vend - vstart);
            vdate d;
            char tmp[CERT_VALUE_MAX];
            if ((f == F_DOB || f == F_ISSUED) &&
                !(certrules_parse_date(val, country, &d, NULL) && plausible_year(d))) {
                /* the first specific label whose date could not be read */
                int u = f == F_DOB ? 0 : 1;
                if (lab->specific == 2 && !unread[u]) {
                    unread[u] = true;
                    unread_a[u] = la;
                    unread_b[u] = vend;
                }
                continue;
            }
            if (f == F_NUMBER && !clean_number(val, tmp, sizeof tmp))
                continue;
            if (f == F_SURNAME || f == F_GIVEN || f == F_FULLNAME) {
                clean_name(val, tmp, sizeof tmp);
                int u = f == F_SURNAME ? 0 : 1;
                if (tmp[0] == '\0' && f != F_FULLNAME && lab->specific == 2 && !unread_name[u]) {
                    unread_name[u] = true;
                    unread_name_a[u] = la;
                    unread_name_b[u] = vend;
                }
                if (tmp[0] == '\0')
                    continue;
            }
            best[f] = (cand){lab->specific, vl, vstart, vend, la};
            have[f] = true;
        }
    }
    size_t pli, pva, pvb;
    if (place_date_line(text, lines, nl, country, &pli, &pva, &pvb)) {
        char val[CERT_SOURCE_MAX], iso[11];
        vdate d;
        copy_str(val, sizeof val, text + pva, pvb - pva);
        if (certrules_parse_date(val, country, &d, NULL)) {
            vdate_format_iso(d, iso);
            set_field(&out->issued_at_place, iso, text, len, lines[pli].a, pvb);
        }
    }
    cert_field *dates[2] = {&out->date_of_birth, &out->issued};
    for (int u = 0; u < 2; u++)
        if (unread[u] && !have[u == 0 ? F_DOB : F_ISSUED])
            copy_source(dates[u]->source, sizeof dates[u]->source, text, len, unread_a[u],
                        unread_b[u]);
    for (int f = 0; f < F_COUNT; f++) {
        if (!have[f] || f == F_IGNORE)
            continue;
        char val[CERT_SOURCE_MAX];
        copy_str(val, sizeof val, text + best[f].va, best[f].vb - best[f].va);
        char v[CERT_VALUE_MAX];
        size_t srca = best[f].la < best[f].va ? best[f].la : best[f].va;
        vdate d;
        switch (f) {
        case F_SURNAME:
        case F_GIVEN: {
            char raw[CERT_SOURCE_MAX];
            copy_str(raw, sizeof raw, val, strlen(val));
            drop_noise_letters(raw);
            drop_lower_lead(raw);
            fix_caps_l(raw);
            if (strcmp(country, "DEU") == 0)
                fix_german_umlaut(raw, sizeof raw);
            if (has_cyrillic(raw) && has_latin(raw))
                prefer_latin(raw);
            clean_name(raw, v, sizeof v);
            set_field(f == F_SURNAME ? &out->surname : &out->given_names, v, text, len, srca,
                      best[f].vb);
            break;
        }
        case F_FULLNAME:
            if (!out->surname.found) {
                char raw[CERT_SOURCE_MAX];
                copy_str(raw, sizeof raw, val, strlen(val));
                drop_noise_letters(raw);
                fix_caps_l(raw);
                comma_read_as_period(raw);
                char *comma = strchr(raw, ',');
                if (comma) {
                    *comma = '\0';
                    clean_name(raw, v, sizeof v);
                    set_field(&out->surname, v, text, len, srca, best[f].vb);
                    if (!out->given_names.found) {
                        clean_name(comma + 1, v, sizeof v);
                        set_field(&out->given_names, v, text, len, srca, best[f].vb);
                    }
                } else {
                    clean_name(raw, v, sizeof v);
                    char *sp = strrchr(v, ' ');
                    if (sp) {
                        set_field(&out->surname, sp + 1, text, len, srca, best[f].vb);
                        *sp = '\0';
                        if (!out->given_names.found)
                            set_field(&out->given_names, v, text, len, srca, best[f].vb);
                    }
                }
            }
            break;
        case F_DOB:
        case F_ISSUED:
            if (certrules_parse_date(val, country, &d, NULL)) {
                char iso[11];
                vdate_format_iso(d, iso);
                set_field(f == F_DOB ? &out->date_of_birth : &out->issued, iso, text, len, srca,
                          best[f].vb);
            }
            break;
        case F_NUMBER:
            if (clean_number(val, v, sizeof v))
                set_field(&out->number, v, text, len, srca, best[f].vb);
            break;
        case F_AUTHORITY: {
            /* trimmed text of the value */
            size_t n = strlen(val);
            while (n > 0 && isspace((unsigned char)val[n - 1]))
                val[--n] = '\0';
            set_field(&out->authority, val, text, len, srca, best[f].vb);
            break;
        }
        default:
            break;
        }
    }
    cert_field *names[2] = {&out->surname, &out->given_names};
    for (int u = 0; u < 2; u++)
        if (unread_name[u] && !names[u]->found)
            copy_source(names[u]->source, sizeof names[u]->source, text, len, unread_name_a[u],
                        unread_name_b[u]);
    ntext_free(&t);
    ntext_free(&t2);
    free(lines);
}

/* Issuing authorities by name, for pages that print no "Authority:" label:
 * the first one found (in the page's country) is the authority. */
static const struct {
    char country[4];
    const char *name;
} authorities[] = {
    {"GBR", "ACRO Criminal Records Office"},
    {"USA", "Federal Bureau of Investigation"},
    {"USA", "Criminal Justice Information Services Division"},
    {"DEU", "Bundesamt für Justiz"},
    {"POL", "Biuro Informacyjne Krajowego Rejestru Karnego"},
    {"POL", "Krajowy Rejestr Karny"},
    {"POL", "Ministerstwo Sprawiedliwości"},
    {"UKR", "Міністерство внутрішніх справ України"},
    {"UKR", "МВС України"},
};

static void find_authority(const ntext *t, const char *text, size_t len, cert_info *out)
{
    uint32_t pat[MAX_PHRASE_CP];
    match ms[4];
    size_t best_pos = (size_t)-1;
    for (size_t i = 0; i < sizeof authorities / sizeof authorities[0]; i++) {
        if (strcmp(authorities[i].country, out->country) != 0)
            continue;
        size_t m = normalise_small(authorities[i].name, pat, MAX_PHRASE_CP);
        int n = fuzzy_all(t->cp, t->n, pat, m, fuzz_bound(m, 6), ms, 4);
        if (n > 0 && ms[0].start < best_pos) {
            best_pos = ms[0].start;
            out->authority.found = true;
            copy_str(out->authority.value, sizeof out->authority.value, authorities[i].name,
                     strlen(authorities[i].name));
            copy_source(out->authority.source, sizeof out->authority.source, text, len,
                        t->off[ms[0].start], t->end[ms[0].end - 1]);
        }
    }
}

bool certrules_analyse(const char *text, size_t len,
                       const cert_phrase *phrases, size_t nphrases,
                       const cert_marker *markers, size_t nmarkers,
                       cert_info *out)
{
    if (out == NULL)
        return false;
    memset(out, 0, sizeof *out);
    out->result = CERT_UNKNOWN;
    snprintf(out->reason, sizeof out->reason, "no certificate wording found");
    if (text == NULL || len == 0)
        return false;
    if (len > CERT_MAX_TEXT)
        len = CERT_MAX_TEXT;
    labels_init();

    ntext t;
    if (!ntext_init(&t, 2 * len + 4)) {
        ntext_free(&t);
        snprintf(out->reason, sizeof out->reason, "out of memory");
        return false;
    }
    normalise(text, len, &t);

    /* Country: markers, fuzzy. */
    char cnames[32][4];
    int ncountry = 0;
    int score[32] = {0};
    size_t first_marker[32];
    uint32_t pat[MAX_PHRASE_CP];
    match ms[MAX_MATCHES];
    for (size_t i = 0; i < nmarkers && markers; i++) {
        if (markers[i].text == NULL)
            continue;
        size_t m = normalise_small(markers[i].text, pat, MAX_PHRASE_CP);
        int n = fuzzy_all(t.cp, t.n, pat, m, fuzz_bound(m, 6), ms, MAX_MATCHES);
        if (n > 0) {
            int c = country_index(cnames, &ncountry, markers[i].country);
            if (c >= 0) {
                if (score[c] == 0)
                    first_marker[c] = i;
                score[c] += 2;
            }
        }
    }

    /* Phrases: all matches. */
    hit *hits = malloc(MAX_HITS * sizeof *hits);
    int nhits = 0;
    if (hits == NULL) {
        ntext_free(&t);
        return false;
    }
    for (size_t i = 0; i < nphrases && phrases; i++) {
        if (phrases[i].text == NULL ||
            (phrases[i].result != CERT_NO_RECORD && phrases[i].result != CERT_RECORD))
            continue;
        size_t m = normalise_small(phrases[i].text, pat, MAX_PHRASE_CP);
        int n = fuzzy_all(t.cp, t.n, pat, m, fuzz_bound(m, 7), ms, MAX_MATCHES);
        for (int j = 0; j < n && nhits < MAX_HITS; j++) {
            hits[nhits].phrase = i;
            hits[nhits].m = ms[j];
            hits[nhits].dropped = false;
            nhits++;
            int c = country_index(cnames, &ncountry, phrases[i].country);
            if (c >= 0)
                score[c] += 1;
        }
    }

    int bestc = -1;
    for (int c = 0; c < ncountry; c++)
        if (score[c] > 0 && (bestc < 0 || score[c] > score[bestc]))
            bestc = c;
    if (bestc < 0) {
        free(hits);
        ntext_free(&t);
        return false;
    }
    memcpy(out->country, cnames[bestc], 4);

    /* Negation safety among this country's matches: first the no-record
     * matches must carry their negation; then a record match that overlaps
     * one of them, shares its line or is itself negated does not count. */
    int nr = 0, rc = 0, best_nr = -1, best_rc = -1;
    for (int pass = 0; pass < 2; pass++) {
        for (int h = 0; h < nhits; h++) {
            const cert_phrase *ph = &phrases[hits[h].phrase];
            if (hits[h].dropped)
                continue;
            if (strncmp(ph->country, out->country, 3) != 0) {
                hits[h].dropped = true;
                continue;
            }
            size_t m = normalise_small(ph->text, pat, MAX_PHRASE_CP);
            if (pass == 0) {
                if (ph->result == CERT_NO_RECORD && !negation_present(&t, &hits[h].m, pat, m))
                    hits[h].dropped = true;
                continue;
            }
            if (ph->result != CERT_RECORD)
                continue;
            for (int g = 0; g < nhits && !hits[h].dropped; g++) {
                const cert_phrase *pg = &phrases[hits[g].phrase];
                if (g == h || hits[g].dropped || pg->result != CERT_NO_RECORD)
                    continue;
                if (overlaps(&hits[h].m, &hits[g].m) ||
                    t.line[hits[h].m.start] == t.line[hits[g].m.start] ||
                    t.line[hits[h].m.end - 1] == t.line[hits[g].m.end - 1])
                    hits[h].dropped = true;
            }
            if (!hits[h].dropped && negated(&t, &hits[h].m, pat, m))
                hits[h].dropped = true;
        }
    }
    for (int h = 0; h < nhits; h++) {
        if (hits[h].dropped)
            continue;
        const cert_phrase *ph = &phrases[hits[h].phrase];
        if (ph->result == CERT_NO_RECORD) {
            nr++;
            if (best_nr < 0 || hits[h].m.dist < hits[best_nr].m.dist)
                best_nr = h;
        } else {
            rc++;
            if (best_rc < 0 || hits[h].m.dist < hits[best_rc].m.dist)
                best_rc = h;
        }
    }
    int decide = -1;
    if (nr > 0 && rc == 0) {
        out->result = CERT_NO_RECORD;
        decide = best_nr;
        snprintf(out->reason, sizeof out->reason, "the certificate states no record (\"%s\")",
                 phrases[hits[best_nr].phrase].text);
    } else if (rc > 0 && nr == 0) {
        out->result = CERT_RECORD;
        decide = best_rc;
        snprintf(out->reason, sizeof out->reason, "the certificate lists a record (\"%s\")",
                 phrases[hits[best_rc].phrase].text);
    } else if (rc > 0 && nr > 0) {
        out->result = CERT_UNKNOWN;
        snprintf(out->reason, sizeof out->reason,
                 "both a no-record (\"%s\") and a record (\"%s\") wording were found",
                 phrases[hits[best_nr].phrase].text, phrases[hits[best_rc].phrase].text);
    } else {
        out->result = CERT_UNKNOWN;
        snprintf(out->reason, sizeof out->reason,
                 "neither a no-record nor a record wording of %s was found", out->country);
    }
    if (decide >= 0) {
        const cert_phrase *ph = &phrases[hits[decide].phrase];
        copy_str(out->phrase, sizeof out->phrase, ph->text, strlen(ph->text));
        size_t a = t.off[hits[decide].m.start];
        size_t b = t.end[hits[decide].m.end - 1];
        copy_source(out->phrase_source, sizeof out->phrase_source, text, len, a, b);
        out->phrase_distance = hits[decide].m.dist;
    }

    /* marker count of the chosen country */
    int mh = 0;
    for (size_t i = 0; i < nmarkers && markers; i++) {
        if (markers[i].text == NULL || strncmp(markers[i].country, out->country, 3))
            continue;
        size_t m = normalise_small(markers[i].text, pat, MAX_PHRASE_CP);
        if (fuzzy_all(t.cp, t.n, pat, m, fuzz_bound(m, 6), ms, 1) > 0)
            mh++;
    }
    out->marker_hits = mh;
    (void)first_marker;

    extract_fields(text, len, out->country, out);
    if (!out->authority.found)
        find_authority(&t, text, len, out);
    free(hits);
    ntext_free(&t);
    return true;
}

/* ------------------------------------------------ name script by word */


/* Index of c (upper case) among the look-alike letters of its script, or -1. */
static int lookalike_index(uint32_t c)
{
    for (int i = 0; lookalike_latin[i]; i++)
        if (c == (uint32_t)lookalike_latin[i] || c == lookalike_cyr[i])
            return i;
    return -1;
}

/* Has s a letter of script `script` ('C' Cyrillic, 'L' Latin) that no
 * letter of the other script looks like? */
static bool strong_letter(const char *s, char script)
{
    size_t i = 0, n = strlen(s);
    while (i < n) {
        uint32_t c = upper_cp(utf8_next((const unsigned char *)s, n, &i));
        if (c == 0xFFFFFFFFu || !is_letter(c) || lookalike_index(c) >= 0)
            continue;
        if (script == 'C' ? is_cyr(c) : (!is_cyr(c) && c < 0x250))
            return true;
    }
    return false;
}

/* A word that cannot be part of a name: no letter, or digits or brackets. */
static bool not_a_name_word(const char *s)
{
    bool letter = false;
    size_t i = 0, n = strlen(s);
    while (i < n) {
        uint32_t c = utf8_next((const unsigned char *)s, n, &i);
        if ((c >= '0' && c <= '9') || strchr("()[]{}<>", (int)(c < 0x80 ? c : 1)) != NULL)
            return true;
        letter = letter || (c != 0xFFFFFFFFu && is_letter(c));
    }
    return !letter;
}

/* Append word s to buf with its look-alike letters written in `script`;
 * sets *pmapped when one was rewritten. */
static void put_in_script(char *buf, size_t cap, size_t *plen, const char *s, char script,
                          bool *pmapped)
{
    if (*plen > 0)
        utf8_put(buf, cap, plen, ' ');
    size_t i = 0, n = strlen(s);
    while (i < n) {
        uint32_t c = utf8_next((const unsigned char *)s, n, &i);
        if (c == 0xFFFFFFFFu)
            continue;
        int k = lookalike_index(upper_cp(c));
        if (k >= 0) {
            uint32_t m = script == 'C' ? lookalike_cyr[k] : (uint32_t)lookalike_latin[k];
            if (m != upper_cp(c) && pmapped)
                *pmapped = true;
            c = m;
        }
        utf8_put(buf, cap, plen, c);
    }
}

/* The index of the first word read as (or opening with) a slash, the
 * divide of a bilingual "Cyrillic / Latin" value; -1 when none. */
static int slash_word(const cert_name_word *w, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if ((w[k].cyr && w[k].cyr[0] == '/') || (w[k].lat && w[k].lat[0] == '/'))
            return (int)k;
    return -1;
}

/* Of a bilingual value's halves (words decided 'C' and 'L' in ws), the one
 * the engines were surer of (its least sure word), the Latin one unless the
 * Cyrillic is clearly surer. */
static char surest_half(const cert_name_word *w, const char *ws, size_t n)
{
    float min_c = 101, min_l = 101;
    for (size_t k = 0; k < n; k++) {
        bool lat_read = w[k].lat && w[k].lat[0];
        if (ws[k] == 'C' && w[k].cyr_conf < min_c)
            min_c = w[k].cyr_conf;
        if (ws[k] == 'L' && (lat_read ? w[k].lat_conf : w[k].cyr_conf) < min_l)
            min_l = lat_read ? w[k].lat_conf : w[k].cyr_conf;
    }
    return min_l + 10 < min_c ? 'C' : 'L';
}

char certrules_name_by_script(const cert_name_word *w, size_t n, char sibling, char *out,
                              size_t cap, bool *pmapped)
{
    char ws[32];
    bool any_c = false, any_l = false;
    if (n > sizeof ws)
        n = sizeof ws;
    int slash_at = slash_word(w, n);
    for (size_t k = 0; k < n; k++) {
        const char *cyr = w[k].cyr ? w[k].cyr : "", *lat = w[k].lat ? w[k].lat : "";
        bool cs = strong_letter(cyr, 'C');
        bool ls = strong_letter(lat, 'L') || (lat[0] == '\0' && strong_letter(cyr, 'L'));
        if (not_a_name_word(cyr) && (lat[0] == '\0' || not_a_name_word(lat)))
            ws[k] = 0;
        else if (cs && ls && slash_at >= 0)
            ws[k] = (int)k < slash_at ? 'C' : 'L';   /* "Cyrillic / Latin" */
        else if (cs && ls)
            ws[k] = w[k].cyr_conf >= w[k].lat_conf ? 'C' : 'L';
        else
            ws[k] = cs ? 'C' : ls ? 'L' : '?';
        any_c = any_c || ws[k] == 'C';
        any_l = any_l || ws[k] == 'L';
    }
    char script = any_l ? 'L' : any_c ? 'C' : (sibling == 'C' || sibling == 'L') ? sibling : 0;
    if (any_c && any_l && surest_half(w, ws, n) == 'C')
        script = 'C';
    if (pmapped)
        *pmapped = false;
    out[0] = '\0';
    if (script == 0)
        return 0;
    char buf[CERT_SOURCE_MAX];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < n; k++) {
        if (ws[k] == 0 || (ws[k] != '?' && ws[k] != script) || (ws[k] == '?' && any_c && any_l))
            continue;
        const char *cyr = w[k].cyr ? w[k].cyr : "", *lat = w[k].lat ? w[k].lat : "";
        const char *src = script == 'C' ? cyr : (lat[0] ? lat : cyr);
        put_in_script(buf, sizeof buf, &len, src, script, pmapped);
    }
    clean_name(buf, out, cap);
    return out[0] ? script : 0;
}
