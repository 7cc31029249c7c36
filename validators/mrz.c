/*
 * mrz — ICAO 9303 MRZ parsing and validation (see mrz.h, MRZ-SPEC.md).
 *
 * The input lines are copied (cut at MRZ_MAX_LINE) into the result, then
 * into a working copy padded with '<' to the detected format's lengths, so
 * that every field is read at a fixed offset whatever the input was.  A
 * result is valid exactly when no problem was recorded; problems are
 * recorded only for what CONTRACT.md §3 makes an MRZ invalid (and for a sex
 * letter other than M, F, X or '<'); everything else is a warning.
 */
#include "mrz.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Names, lengths, check digits                                        */

const char *mrz_format_name(mrz_format f)
{
    switch (f) {
    case MRZ_FMT_TD1: return "TD1";
    case MRZ_FMT_TD2: return "TD2";
    case MRZ_FMT_TD3: return "TD3";
    case MRZ_FMT_MRVA: return "MRVA";
    case MRZ_FMT_MRVB: return "MRVB";
    case MRZ_FMT_FRA_ID: return "FRA_ID";
    case MRZ_FMT_FRA_DL: return "FRA_DL";
    case MRZ_FMT_CHE_DL: return "CHE_DL";
    case MRZ_FMT_SVK_ID: return "SVK_ID";
    case MRZ_FMT_NONE: break;
    }
    return NULL;
}

const char *mrz_check_name(mrz_check_id id)
{
    static const char *const names[MRZ_CHECK_COUNT] = {
        "document_number", "date_of_birth", "date_of_expiry",
        "personal_number", "composite", "issue_date",
    };
    return (id >= 0 && id < MRZ_CHECK_COUNT) ? names[id] : NULL;
}

int mrz_line_lengths(mrz_format f, int lengths[MRZ_MAX_LINES])
{
    int n = 0, a = 0, b = 0, c = 0;
    switch (f) {
    case MRZ_FMT_TD1: n = 3; a = b = c = 30; break;
    case MRZ_FMT_TD2: case MRZ_FMT_MRVB: case MRZ_FMT_FRA_ID: n = 2; a = b = 36; break;
    case MRZ_FMT_TD3: case MRZ_FMT_MRVA: n = 2; a = b = 44; break;
    case MRZ_FMT_FRA_DL: n = 1; a = 30; break;
    case MRZ_FMT_CHE_DL: n = 3; a = 9; b = c = 30; break;
    case MRZ_FMT_SVK_ID: n = 2; a = b = 34; break;
    case MRZ_FMT_NONE: break;
    }
    if (lengths) {
        lengths[0] = a;
        lengths[1] = b;
        lengths[2] = c;
    }
    return n;
}

static int char_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    if (c == '<')
        return 0;
    return -1;
}

int mrz_check_digit(const char *s, size_t len)
{
    static const int weights[3] = {7, 3, 1};
    int sum = 0;
    for (size_t i = 0; i < len; i++) {
        int v = char_value((unsigned char)s[i]);
        if (v < 0)
            return -1;
        sum = (sum + v * weights[i % 3]) % 10;
    }
    return sum;
}

/* ------------------------------------------------------------------ */
/* Problems and warnings                                               */

static void add_note(char (*list)[MRZ_PROBLEM_MAX], int *n, int max,
                     const char *fmt, va_list ap)
{
    if (*n >= max)
        return;
    vsnprintf(list[*n], MRZ_PROBLEM_MAX, fmt, ap);
    (*n)++;
}

__attribute__((format(printf, 2, 3)))
static void problem(mrz_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_note(r->problems, &r->nproblems, MRZ_MAX_PROBLEMS, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static void warning(mrz_result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_note(r->warnings, &r->nwarnings, MRZ_MAX_WARNINGS, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Field helpers                                                       */

static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Copy n bytes of src into dst (size cap), dropping trailing fillers. */
static void copy_field(char *dst, size_t cap, const char *src, size_t n)
{
    while (n > 0 && src[n - 1] == '<')
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Name components of src[0:n]: runs of '<' become one space, no space at
 * either end. */
static void name_part(char *dst, size_t cap, const char *src, size_t n)
{
    size_t o = 0;
    bool pending_space = false;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (src[i] == '<') {
            pending_space = o > 0;
            continue;
        }
        if (pending_space && o + 2 < cap)
            dst[o++] = ' ';
        pending_space = false;
        dst[o++] = src[i];
    }
    dst[o] = '\0';
}

/* PRIMARY<<SECONDARY, split on the first "<<"; a name field whose last
 * position is a letter counts as truncated (Part 3 §4.6). */
static void parse_name(mrz_result *r, const char *src, size_t n)
{
    mrz_fields *f = &r->fields;
    size_t split = n;
    for (size_t i = 0; i + 1 < n; i++) {
        if (src[i] == '<' && src[i + 1] == '<') {
            split = i;
            break;
        }
    }
    name_part(f->surname, sizeof f->surname, src, split);
    if (split < n)
        name_part(f->given_names, sizeof f->given_names, src + split + 2, n - split - 2);
    else
        f->given_names[0] = '\0';
    if (n > 0 && is_upper(src[n - 1]))
        f->name_truncated = true;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(src[i])) {
            warning(r, "name field holds digits");
            break;
        }
    }
}

/* Check digit `cd` against data[0:n]: records has_check/check_ok for `id`
 * and, when wrong, a problem naming the field in words. */
static bool check(mrz_result *r, mrz_check_id id, const char *data, size_t n, char cd)
{
    r->has_check[id] = true;
    int want = mrz_check_digit(data, n);
    bool ok = is_digit(cd) && want >= 0 && cd - '0' == want;
    r->check_ok[id] = ok;
    if (!ok) {
        static const char *const words[MRZ_CHECK_COUNT] = {
            "document number", "date of birth", "date of expiry",
            "personal number", "composite", "issue date",
        };
        const char *what = words[id];
        if (!is_digit(cd))
            problem(r, "%s check digit is not a digit", what);
        else if (want < 0)
            problem(r, "%s check digit covers characters outside the MRZ alphabet", what);
        else
            problem(r, "%s check digit is wrong", what);
    }
    return ok;
}

typedef enum { DATE_BIRTH, DATE_EXPIRY } date_kind;

static void parse_date(mrz_result *r, mrz_date *d, const char *s, date_kind kind, vdate ref)
{
    const char *what = kind == DATE_BIRTH ? "date of birth" : "date of expiry";
    memcpy(d->raw, s, 6);
    d->raw[6] = '\0';
    d->known = d->impossible = false;
    int digits = 0, fillers = 0;
    for (int i = 0; i < 6; i++) {
        digits += is_digit(s[i]);
        fillers += s[i] == '<';
    }
    if (fillers == 6) {
        if (kind == DATE_EXPIRY) {
            r->dates_ok = false;
            problem(r, "date of expiry is not given");
        }
        return;
    }
    if (digits != 6) {
        r->dates_ok = false;
        if (digits + fillers == 6)
            problem(r, "%s is partly unknown", what);
        else
            problem(r, "%s is not a date", what);
        return;
    }
    int yy = (s[0] - '0') * 10 + (s[1] - '0');
    int mm = (s[2] - '0') * 10 + (s[3] - '0');
    int dd = (s[4] - '0') * 10 + (s[5] - '0');
    int refyy = ref.year % 100;
    int year = ref.year - refyy + yy;
    if (kind == DATE_BIRTH) {
        /* the latest century in which the date is not after the reference */
        if (yy > refyy || (yy == refyy && (mm > ref.month || (mm == ref.month && dd > ref.day))))
            year -= 100;
    } else if (yy >= refyy + 50) {
        year -= 100;
    }
    if (year < 1 || !vdate_is_valid(year, mm, dd)) {
        d->impossible = true;
        r->dates_ok = false;
        problem(r, "%s is not a real calendar date", what);
        return;
    }
    d->known = true;
    d->date = (vdate){year, mm, dd};
}

static void parse_sex(mrz_result *r, char c)
{
    switch (c) {
    case 'M': case 'F':
        r->fields.sex = c;
        break;
    case '<':
        r->fields.sex = 0;
        break;
    case 'X':
        r->fields.sex = 'X';
        r->sex_nonconformant = true;
        warning(r, "sex X is the VIZ code; the MRZ should carry <");
        break;
    default:
        r->fields.sex = 0;
        problem(r, "sex must be M, F or <");
        break;
    }
}

static void parse_code(char *dst, const char *src)
{
    copy_field(dst, 4, src, 3);
}

bool mrz_code_fits(mrz_format f, const char *line1)
{
    char c0 = line1[0], c1 = c0 ? line1[1] : '\0';
    bool aci = c0 == 'A' || c0 == 'C' || c0 == 'I';
    switch (f) {
    case MRZ_FMT_TD1: return aci && c1 != 'V' && !(c0 == 'A' && c1 == 'I');
    case MRZ_FMT_TD2: return aci;
    case MRZ_FMT_TD3: return c0 == 'P';
    case MRZ_FMT_MRVA: case MRZ_FMT_MRVB: return c0 == 'V';
    default: return c0 >= 'A' && c0 <= 'Z';
    }
}

bool mrz_codes_known(mrz_format f, const char *line1, const mrz_result *r)
{
    bool has_nat = f != MRZ_FMT_FRA_DL && f != MRZ_FMT_CHE_DL;
    return r->issuer_known && (!has_nat || r->nationality_known) && mrz_code_fits(f, line1);
}

/* ------------------------------------------------------------------ */
/* Format detection                                                    */

/* What the first characters of line 1 say (compared without case, so that
 * a lower-case MRZ is still recognised by its shape). */
typedef struct lead {
    bool visa;      /* 'V' first */
    bool idfra;     /* "IDFRA" */
    bool dlfra;     /* 'D', any, "FRA" */
} lead;

static lead lead_of(const char *l0, size_t len0)
{
    lead ld = {false, false, false};
    if (len0 >= 1)
        ld.visa = l0[0] == 'V' || l0[0] == 'v';
    if (len0 >= 5) {
        ld.idfra = strncasecmp(l0, "IDFRA", 5) == 0;
        ld.dlfra = (l0[0] == 'D' || l0[0] == 'd') && strncasecmp(l0 + 2, "FRA", 3) == 0;
    }
    return ld;
}

/* The format of exactly this shape (line count and lengths), or NONE. */
static mrz_format exact_format(int n, const size_t *len, lead ld)
{
    if (n == 3 && len[0] == 30 && len[1] == 30 && len[2] == 30)
        return MRZ_FMT_TD1;
    if (n == 3 && len[0] == 9 && len[1] == 30 && len[2] == 30)
        return MRZ_FMT_CHE_DL;
    if (n == 2 && len[0] == 44 && len[1] == 44)
        return ld.visa ? MRZ_FMT_MRVA : MRZ_FMT_TD3;
    if (n == 2 && len[0] == 36 && len[1] == 36)
        return ld.idfra ? MRZ_FMT_FRA_ID : ld.visa ? MRZ_FMT_MRVB : MRZ_FMT_TD2;
    if (n == 2 && len[0] == 34 && len[1] == 34)
        return MRZ_FMT_SVK_ID;
    if (n == 1 && len[0] == 30 && ld.dlfra)
        return MRZ_FMT_FRA_DL;
    return MRZ_FMT_NONE;
}

/* The format whose shape is nearest (every line within 3 characters of its
 * length), so that a mis-read MRZ is still reported field by field; NONE
 * when no shape is near. */
static mrz_format guess_format(int n, const size_t *len, lead ld)
{
    static const mrz_format shapes[] = {
        MRZ_FMT_TD3, MRZ_FMT_TD2, MRZ_FMT_TD1, MRZ_FMT_SVK_ID, MRZ_FMT_CHE_DL, MRZ_FMT_FRA_DL,
    };
    mrz_format best = MRZ_FMT_NONE;
    size_t best_diff = (size_t)-1;
    size_t best_len[MRZ_MAX_LINES] = {0, 0, 0};
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        int want[MRZ_MAX_LINES];
        if (mrz_line_lengths(shapes[k], want) != n || (shapes[k] == MRZ_FMT_FRA_DL && !ld.dlfra))
            continue;
        size_t diff = 0;
        bool near = true;
        for (int i = 0; i < n; i++) {
            size_t w = (size_t)want[i];
            size_t d = len[i] > w ? len[i] - w : w - len[i];
            near = near && d <= 3;
            diff += d;
        }
        if (near && diff < best_diff) {
            best = shapes[k];
            best_diff = diff;
            for (int i = 0; i < n; i++)
                best_len[i] = (size_t)want[i];
        }
    }
    if (best == MRZ_FMT_NONE)
        return best;
    mrz_format f = exact_format(n, best_len, ld);   /* visa / French card refinements */
    return f == MRZ_FMT_NONE ? best : f;
}

/* ------------------------------------------------------------------ */
/* Character classes                                                   */

static void scan_chars(mrz_result *r, int line, const char *s, size_t n)
{
    enum { C_LOWER, C_SPACE, C_NUL, C_CTRL, C_NONASCII, C_OTHER, C_COUNT };
    static const char *const what[C_COUNT] = {
        "lower case letter", "space", "NUL byte", "control character",
        "non-ASCII byte (MRZ text is A-Z, 0-9 and <)", "character outside A-Z, 0-9 and <",
    };
    size_t first[C_COUNT];
    bool seen[C_COUNT] = {false};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int k;
        if (char_value(c) >= 0)
            continue;
        if (c >= 'a' && c <= 'z')
            k = C_LOWER;
        else if (c == ' ')
            k = C_SPACE;
        else if (c == 0)
            k = C_NUL;
        else if (c < 0x20 || c == 0x7f)
            k = C_CTRL;
        else if (c >= 0x80)
            k = C_NONASCII;
        else
            k = C_OTHER;
        if (!seen[k]) {
            seen[k] = true;
            first[k] = i;
        }
    }
    for (int k = 0; k < C_COUNT; k++) {
        if (seen[k]) {
            r->charset_ok = false;
            problem(r, "%s in line %d at position %zu", what[k], line + 1, first[k] + 1);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Layouts                                                             */

typedef struct work {
    char l[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];   /* padded with '<' to the format */
    vdate ref;
} work;

/* TD1 line 1 pos 6-15 + optional / TD2 line 2 pos 1-10 + optional: the
 * document number with the long-number overflow of Part 5/6 note j.
 * `opt` is the optional field (n bytes); `maxrun` the longest run of
 * overflow + check digit it may hold.  Writes the optional data left over. */
static void long_docno(mrz_result *r, const char *num9, char cd, const char *opt, size_t n,
                       size_t maxrun, char *optout, size_t optcap)
{
    mrz_fields *f = &r->fields;
    if (cd != '<') {
        copy_field(f->document_number, sizeof f->document_number, num9, 9);
        check(r, MRZ_CHECK_DOCUMENT_NUMBER, num9, 9, cd);
        copy_field(optout, optcap, opt, n);
        return;
    }
    size_t k = 0;
    while (k < n && opt[k] != '<')
        k++;
    r->has_check[MRZ_CHECK_DOCUMENT_NUMBER] = true;
    r->check_ok[MRZ_CHECK_DOCUMENT_NUMBER] = false;
    if (k < 2 || k > maxrun || k == n) {
        copy_field(f->document_number, sizeof f->document_number, num9, 9);
        copy_field(optout, optcap, opt, n);
        if (k < 2)
            problem(r, "document number check digit is < but the optional data holds no continuation");
        else
            problem(r, "document number continuation is too long for its field");
        return;
    }
    char buf[32];
    memcpy(buf, num9, 9);
    memcpy(buf + 9, opt, k - 1);
    size_t total = 9 + (k - 1);
    copy_field(f->document_number, sizeof f->document_number, buf, total);
    char digit = opt[k - 1];
    int want = mrz_check_digit(buf, total);
    bool ok = is_digit(digit) && want >= 0 && digit - '0' == want;
    if (!ok && is_digit(digit)) {
        /* Belgian variant: the digit also covers the '<' at position 15 */
        char alt[32];
        memcpy(alt, num9, 9);
        alt[9] = '<';
        memcpy(alt + 10, opt, k - 1);
        int want2 = mrz_check_digit(alt, total + 1);
        if (want2 >= 0 && digit - '0' == want2) {
            ok = true;
            warning(r, "long document number check digit includes the < at the long-number mark (variant seen on Belgian and Portuguese cards)");
        }
    }
    r->check_ok[MRZ_CHECK_DOCUMENT_NUMBER] = ok;
    if (!ok)
        problem(r, is_digit(digit) ? "document number check digit is wrong"
                                   : "document number check digit is not a digit");
    size_t rest = k + 1 <= n ? k + 1 : n;
    copy_field(optout, optcap, opt + rest, n - rest);
}

static void td1(mrz_result *r, const work *w)
{
    const char *a = w->l[0], *b = w->l[1], *c = w->l[2];
    mrz_fields *f = &r->fields;
    copy_field(f->document_code, sizeof f->document_code, a, 2);
    parse_code(f->issuing_state, a + 2);
    long_docno(r, a + 5, a[14], a + 15, 15, 14, f->optional_data, sizeof f->optional_data);
    parse_date(r, &f->date_of_birth, b, DATE_BIRTH, w->ref);
    check(r, MRZ_CHECK_DATE_OF_BIRTH, b, 6, b[6]);
    parse_sex(r, b[7]);
    parse_date(r, &f->date_of_expiry, b + 8, DATE_EXPIRY, w->ref);
    check(r, MRZ_CHECK_DATE_OF_EXPIRY, b + 8, 6, b[14]);
    parse_code(f->nationality, b + 15);
    copy_field(f->optional_data_2, sizeof f->optional_data_2, b + 18, 11);
    char comp[64];
    memcpy(comp, a + 5, 25);
    memcpy(comp + 25, b, 7);
    memcpy(comp + 32, b + 8, 7);
    memcpy(comp + 39, b + 18, 11);
    check(r, MRZ_CHECK_COMPOSITE, comp, 50, b[29]);
    parse_name(r, c, 30);
    if (!mrz_code_fits(MRZ_FMT_TD1, a))
        warning(r, "document code is not an ICAO TD1 code (A, C or I first)");
}

/* TD2, MRV-B and the old Slovak ID share line 2 up to the optional data. */
static void td2_like(mrz_result *r, const work *w, size_t width, bool overflow, bool composite)
{
    const char *a = w->l[0], *b = w->l[1];
    mrz_fields *f = &r->fields;
    copy_field(f->document_code, sizeof f->document_code, a, 2);
    parse_code(f->issuing_state, a + 2);
    parse_name(r, a + 5, width - 5);
    size_t optlen = width - 28 - (composite ? 1 : 0);
    if (overflow) {
        long_docno(r, b, b[9], b + 28, optlen, 6, f->optional_data, sizeof f->optional_data);
    } else {
        copy_field(f->document_number, sizeof f->document_number, b, 9);
        check(r, MRZ_CHECK_DOCUMENT_NUMBER, b, 9, b[9]);
        copy_field(f->optional_data, sizeof f->optional_data, b + 28, optlen);
    }
    parse_code(f->nationality, b + 10);
    parse_date(r, &f->date_of_birth, b + 13, DATE_BIRTH, w->ref);
    check(r, MRZ_CHECK_DATE_OF_BIRTH, b + 13, 6, b[19]);
    parse_sex(r, b[20]);
    parse_date(r, &f->date_of_expiry, b + 21, DATE_EXPIRY, w->ref);
    check(r, MRZ_CHECK_DATE_OF_EXPIRY, b + 21, 6, b[27]);
    if (composite) {
        char comp[64];
        memcpy(comp, b, 10);
        memcpy(comp + 10, b + 13, 7);
        memcpy(comp + 17, b + 21, width - 1 - 21);
        check(r, MRZ_CHECK_COMPOSITE, comp, 17 + width - 1 - 21, b[width - 1]);
    }
}

static void td3_like(mrz_result *r, const work *w, bool visa)
{
    const char *a = w->l[0], *b = w->l[1];
    mrz_fields *f = &r->fields;
    copy_field(f->document_code, sizeof f->document_code, a, 2);
    parse_code(f->issuing_state, a + 2);
    parse_name(r, a + 5, 39);
    copy_field(f->document_number, sizeof f->document_number, b, 9);
    check(r, MRZ_CHECK_DOCUMENT_NUMBER, b, 9, b[9]);
    parse_code(f->nationality, b + 10);
    parse_date(r, &f->date_of_birth, b + 13, DATE_BIRTH, w->ref);
    check(r, MRZ_CHECK_DATE_OF_BIRTH, b + 13, 6, b[19]);
    parse_sex(r, b[20]);
    parse_date(r, &f->date_of_expiry, b + 21, DATE_EXPIRY, w->ref);
    check(r, MRZ_CHECK_DATE_OF_EXPIRY, b + 21, 6, b[27]);
    if (visa) {
        copy_field(f->optional_data, sizeof f->optional_data, b + 28, 16);
        return;
    }
    copy_field(f->personal_number, sizeof f->personal_number, b + 28, 14);
    bool empty = true;
    for (int i = 28; i < 42; i++)
        empty = empty && b[i] == '<';
    if (empty && (b[42] == '<' || b[42] == '0')) {
        r->has_check[MRZ_CHECK_PERSONAL_NUMBER] = true;
        r->check_ok[MRZ_CHECK_PERSONAL_NUMBER] = true;
    } else {
        check(r, MRZ_CHECK_PERSONAL_NUMBER, b + 28, 14, b[42]);
    }
    char comp[64];
    memcpy(comp, b, 10);
    memcpy(comp + 10, b + 13, 7);
    memcpy(comp + 17, b + 21, 22);
    check(r, MRZ_CHECK_COMPOSITE, comp, 39, b[43]);
    if (!mrz_code_fits(MRZ_FMT_TD3, a))
        warning(r, "document code of a passport should start with P");
}

static void fra_id(mrz_result *r, const work *w)
{
    const char *a = w->l[0], *b = w->l[1];
    mrz_fields *f = &r->fields;
    copy_field(f->document_code, sizeof f->document_code, a, 2);
    parse_code(f->issuing_state, a + 2);
    /* The card is issued to French nationals only; nationality is implied. */
    strcpy(f->nationality, "FRA");
    name_part(f->surname, sizeof f->surname, a + 5, 25);
    name_part(f->given_names, sizeof f->given_names, b + 13, 14);
    f->name_truncated = is_upper(a[29]) || is_upper(b[26]);
    copy_field(f->optional_data, sizeof f->optional_data, a + 30, 6);
    copy_field(f->document_number, sizeof f->document_number, b, 12);
    check(r, MRZ_CHECK_DOCUMENT_NUMBER, b, 12, b[12]);
    parse_date(r, &f->date_of_birth, b + 27, DATE_BIRTH, w->ref);
    check(r, MRZ_CHECK_DATE_OF_BIRTH, b + 27, 6, b[33]);
    parse_sex(r, b[34]);
    char comp[80];
    memcpy(comp, a, 36);
    memcpy(comp + 36, b, 35);
    check(r, MRZ_CHECK_COMPOSITE, comp, 71, b[35]);
    memset(&f->date_of_expiry, 0, sizeof f->date_of_expiry);
}

static void fra_dl(mrz_result *r, const work *w)
{
    const char *a = w->l[0];
    mrz_fields *f = &r->fields;
    copy_field(f->document_code, sizeof f->document_code, a, 2);
    parse_code(f->issuing_state, a + 2);
    copy_field(f->document_number, sizeof f->document_number, a + 5, 9);
    check(r, MRZ_CHECK_DOCUMENT_NUMBER, a, 14, a[14]);
    parse_date(r, &f->date_of_expiry, a + 15, DATE_EXPIRY, w->ref);
    name_part(f->surname, sizeof f->surname, a + 21, 8);
    f->name_truncated = is_upper(a[28]);
    check(r, MRZ_CHECK_COMPOSITE, a, 29, a[29]);
}

static void che_dl(mrz_result *r, const work *w)
{
    const char *a = w->l[0], *b = w->l[1], *c = w->l[2];
    mrz_fields *f = &r->fields;
    copy_field(f->document_number, sizeof f->document_number, a, 9);
    copy_field(f->document_code, sizeof f->document_code, b, 2);
    parse_code(f->issuing_state, b + 2);
    copy_field(f->personal_number, sizeof f->personal_number, b + 5, 9);
    copy_field(f->optional_data, sizeof f->optional_data, b + 14, 3);
    parse_date(r, &f->date_of_birth, b + 19, DATE_BIRTH, w->ref);
    parse_name(r, c, 30);
}

/* ------------------------------------------------------------------ */
/* Entry points                                                        */

void mrz_parse_spans(const char *const *lines, const size_t *lens, int nlines,
                     vdate reference, mrz_result *pr)
{
    mrz_result *r = pr;
    memset(r, 0, sizeof *r);
    r->charset_ok = true;
    r->dates_ok = true;
    if (nlines < 0 || (nlines > 0 && (lines == NULL || lens == NULL)))
        nlines = 0;
    if (!vdate_is_valid(reference.year, reference.month, reference.day))
        reference = (vdate){2000, 1, 1};

    int keep = nlines < MRZ_MAX_LINES ? nlines : MRZ_MAX_LINES;
    const char *l[MRZ_MAX_LINES] = {NULL, NULL, NULL};
    size_t len[MRZ_MAX_LINES] = {0, 0, 0};
    static const char empty[1] = "";
    for (int i = 0; i < keep; i++) {
        l[i] = lines[i] ? lines[i] : empty;
        len[i] = lines[i] ? lens[i] : 0;
        size_t n = len[i] < MRZ_MAX_LINE ? len[i] : MRZ_MAX_LINE;
        memcpy(r->lines[i], l[i], n);
        r->lines[i][n] = '\0';
        r->line_len[i] = (int)n;
    }
    r->nlines = keep;

    if (nlines == 0) {
        problem(r, "no MRZ text");
        r->charset_ok = false;
        return;
    }
    for (int i = 0; i < keep; i++)
        scan_chars(r, i, l[i], len[i] < MRZ_SCAN_MAX ? len[i] : MRZ_SCAN_MAX);

    mrz_format fmt = MRZ_FMT_NONE;
    if (nlines <= MRZ_MAX_LINES) {
        lead ld = lead_of(l[0], len[0]);
        fmt = exact_format(nlines, len, ld);
        if (fmt == MRZ_FMT_NONE)
            fmt = guess_format(nlines, len, ld);
    }
    r->format = fmt;
    if (fmt == MRZ_FMT_NONE) {
        if (nlines > MRZ_MAX_LINES)
            problem(r, "%d lines; an MRZ has 1 to 3", nlines);
        else if (nlines == 1)
            problem(r, "no MRZ format has 1 line of %zu characters", len[0]);
        else if (nlines == 2)
            problem(r, "no MRZ format has 2 lines of %zu and %zu characters", len[0], len[1]);
        else
            problem(r, "no MRZ format has 3 lines of %zu, %zu and %zu characters", len[0], len[1], len[2]);
        return;
    }

    int want[MRZ_MAX_LINES];
    mrz_line_lengths(fmt, want);
    for (int i = 0; i < nlines; i++) {
        if (len[i] != (size_t)want[i])
            problem(r, "line %d is %zu characters long; %s lines are %d", i + 1, len[i],
                    mrz_format_name(fmt), want[i]);
    }

    work w;
    memset(&w, 0, sizeof w);
    w.ref = reference;
    for (int i = 0; i < nlines; i++) {
        size_t n = len[i] < (size_t)want[i] ? len[i] : (size_t)want[i];
        memcpy(w.l[i], l[i], n);
        memset(w.l[i] + n, '<', (size_t)want[i] - n);
    }

    switch (fmt) {
    case MRZ_FMT_TD1: td1(r, &w); break;
    case MRZ_FMT_TD2: td2_like(r, &w, 36, true, true); break;
    case MRZ_FMT_MRVB: td2_like(r, &w, 36, false, false); break;
    case MRZ_FMT_SVK_ID: td2_like(r, &w, 34, false, false); break;
    case MRZ_FMT_TD3: td3_like(r, &w, false); break;
    case MRZ_FMT_MRVA: td3_like(r, &w, true); break;
    case MRZ_FMT_FRA_ID: fra_id(r, &w); break;
    case MRZ_FMT_FRA_DL: fra_dl(r, &w); break;
    case MRZ_FMT_CHE_DL: che_dl(r, &w); break;
    case MRZ_FMT_NONE: break;
    }
    if ((fmt == MRZ_FMT_MRVA || fmt == MRZ_FMT_MRVB) && !mrz_code_fits(fmt, w.l[0]))
        warning(r, "document code of a visa should start with V");
    if (fmt == MRZ_FMT_TD2 && !mrz_code_fits(fmt, w.l[0]))
        warning(r, "document code is not an ICAO TD2 code (A, C or I first)");

    r->issuer_known = mrz_country_known(r->fields.issuing_state);
    if (!r->issuer_known)
        warning(r, "issuing state code is not an ICAO or ISO 3166 code");
    bool has_nat = fmt != MRZ_FMT_FRA_DL && fmt != MRZ_FMT_CHE_DL;
    r->nationality_known = has_nat && mrz_country_known(r->fields.nationality);
    if (has_nat && !r->nationality_known)
        warning(r, "nationality code is not an ICAO or ISO 3166 code");
    if (r->fields.surname[0] == '\0' && fmt != MRZ_FMT_CHE_DL)
        warning(r, "primary identifier (surname) is empty");
    if (r->fields.name_truncated)
        warning(r, "name fills its field and may be truncated");
    r->valid = r->nproblems == 0;
}

void mrz_parse_lines(const char *const *lines, int nlines, vdate reference, mrz_result *pr)
{
    const char *keep[MRZ_MAX_LINES] = {NULL, NULL, NULL};
    size_t lens[MRZ_MAX_LINES] = {0, 0, 0};
    if (nlines < 0 || lines == NULL)
        nlines = 0;
    for (int i = 0; i < nlines && i < MRZ_MAX_LINES; i++) {
        keep[i] = lines[i];
        lens[i] = lines[i] ? strlen(lines[i]) : 0;
    }
    mrz_parse_spans(keep, lens, nlines, reference, pr);
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    }
    return true;
}

void mrz_parse_text(const char *text, size_t len, vdate reference, mrz_result *pr)
{
    const char *keep[MRZ_MAX_LINES] = {NULL, NULL, NULL};
    size_t lens[MRZ_MAX_LINES] = {0, 0, 0};
    int n = 0;
    size_t i = 0;
    if (text == NULL)
        len = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t ll = end - i;
        if (ll > 0 && text[i + ll - 1] == '\r')
            ll--;
        if (!blank(text + i, ll)) {
            if (n < MRZ_MAX_LINES) {
                keep[n] = text + i;
                lens[n] = ll;
            }
            if (n < 1000000000)
                n++;
        }
        i = end + 1;
    }
    mrz_parse_spans(keep, lens, n, reference, pr);
}
