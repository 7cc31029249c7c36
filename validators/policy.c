/* policy — load and query the eligibility rules file (see policy.h).
 *
 * The format is line based: '#' starts a comment outside quotes; a line is
 * either `key = value` (one setting, at most once per file) or a list
 * directive (`visa_free CODE... since DATE`, `certificate CC "text"`,
 * `phrase CC no_record|record "text"`).  Every fault is reported as
 * "FILE:LINE: what is wrong" and makes the whole file unusable: a half-read
 * policy would silently change decisions. */
#include "policy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLICY_MAX_BYTES (1024 * 1024)
#define POLICY_MAX_LINE 4096
#define POLICY_MAX_TOKENS 128
#define POLICY_MAX_ITEMS 2000
#define POLICY_MAX_RP_CODES 64

struct policy {
    int min_age;
    int max_certificate_age;
    int stay_limit;
    int stay_window;
    double min_confidence;
    char report_language[3];
    char *visa_free_source;
    visa_free_entry *visa_free;
    size_t nvisa_free;
    char rp_codes[POLICY_MAX_RP_CODES][3];
    size_t nrp_codes;
    cert_phrase *phrases;
    size_t nphrases;
    cert_marker *markers;
    size_t nmarkers;
};

/* The single-valued settings, and the line each was first set on. */
enum {
    S_MIN_AGE, S_MAX_CERT_AGE, S_STAY_LIMIT, S_STAY_WINDOW, S_REPORT_LANGUAGE,
    S_VISA_FREE_SOURCE, S_RP_CODES, S_MIN_CONFIDENCE, S_COUNT
};
static const char *const setting_names[S_COUNT] = {
    "min_age", "max_certificate_age", "stay_limit", "stay_window", "report_language",
    "visa_free_source", "residence_permit_codes", "min_confidence",
};
static const bool setting_required[S_COUNT] = {
    true, true, true, true, false, true, true, false,
};

typedef struct token {
    const char *text;   /* NUL-terminated, points into the line buffer */
    bool quoted;
    int col;            /* 1-based column where the token starts */
} token;

typedef struct parser {
    const char *path;
    int line;
    char *err;
    size_t errsize;
    int set_line[S_COUNT];
} parser;

static bool fail(parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(parser *ps, const char *fmt, ...)
{
    if (ps->err == NULL || ps->errsize == 0)
        return false;
    int n = snprintf(ps->err, ps->errsize, "%s:%d: ", ps->path, ps->line);
    if (n < 0 || (size_t)n >= ps->errsize)
        return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->err + n, ps->errsize - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* True when s is well-formed UTF-8 (no overlongs, no surrogates). */
static bool utf8_ok(const unsigned char *s)
{
    while (*s) {
        unsigned c = *s;
        int n;
        unsigned min;
        if (c < 0x80) { s++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { n = 1; min = 0x80; c &= 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; min = 0x800; c &= 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; min = 0x10000; c &= 0x07; }
        else return false;
        s++;
        for (int i = 0; i < n; i++, s++) {
            if ((*s & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (*s & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return false;
    }
    return true;
}

/* Split a line in place into tokens.  '=' is a token of its own; "..." is
 * one quoted token (no escapes; a quote cannot appear inside).  Returns the
 * token count, or -1 after reporting the fault. */
static int tokenize(parser *ps, char *line, token *toks, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p == '\0' || *p == '#')
            break;
        if (n == max) {
            fail(ps, "too many words on one line (at most %d)", max);
            return -1;
        }
        toks[n].col = (int)(p - line) + 1;
        if (*p == '"') {
            char *end = strchr(p + 1, '"');
            if (end == NULL) {
                fail(ps, "unterminated quote starting at column %d", toks[n].col);
                return -1;
            }
            *end = '\0';
            toks[n].text = p + 1;
            toks[n].quoted = true;
            p = end + 1;
            if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#') {
                fail(ps, "text right after a closing quote at column %d", (int)(p - line) + 1);
                return -1;
            }
        } else if (*p == '=') {
            toks[n].text = "=";
            toks[n].quoted = false;
            *p = '\0';      /* '=' itself is never needed as text */
            p++;
            n++;
            continue;
        } else {
            char *start = p;
            while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#' && *p != '=' && *p != '"')
                p++;
            char stop = *p;
            toks[n].text = start;
            toks[n].quoted = false;
            if (stop == '"') {
                fail(ps, "quote inside a word at column %d", (int)(p - line) + 1);
                return -1;
            }
            n++;
            if (stop == '\0')
                break;
            *p = '\0';
            p++;
            if (stop == '#')
                break;
            if (stop == '=') {
                if (n == max) {
                    fail(ps, "too many words on one line (at most %d)", max);
                    return -1;
                }
                toks[n].text = "=";
                toks[n].quoted = false;
                toks[n].col = (int)(p - line);
                n++;
            }
            continue;
        }
        n++;
    }
    return n;
}

static bool parse_int(parser *ps, const token *t, const char *what, int lo, int hi, int *pv)
{
    const char *s = t->text;
    if (t->quoted || *s == '\0')
        return fail(ps, "%s: expected a whole number, got '%.40s'", what, s);
    long v = 0;
    for (const char *q = s; *q; q++) {
        if (*q < '0' || *q > '9')
            return fail(ps, "%s: bad number '%.40s' (expected a whole number)", what, s);
        v = v * 10 + (*q - '0');
        if (v > 1000000)
            return fail(ps, "%s: number '%.40s' out of range %d..%d", what, s, lo, hi);
    }
    if (v < lo || v > hi)
        return fail(ps, "%s: number %ld out of range %d..%d", what, v, lo, hi);
    *pv = (int)v;
    return true;
}

static bool parse_fraction(parser *ps, const token *t, const char *what, double *pv)
{
    const char *s = t->text;
    /* Plain decimal only: "0", "1", "0.5", "0.50" (no exponents, no signs). */
    int digits = 0, dots = 0;
    for (const char *q = s; *q; q++) {
        if (*q >= '0' && *q <= '9')
            digits++;
        else if (*q == '.' && dots == 0)
            dots++;
        else
            return fail(ps, "%s: bad number '%.40s' (expected 0..1, e.g. 0.50)", what, s);
    }
    if (t->quoted || digits == 0 || digits > 12)
        return fail(ps, "%s: bad number '%.40s' (expected 0..1, e.g. 0.50)", what, s);
    double v = strtod(s, NULL);
    if (!(v >= 0.0 && v <= 1.0))
        return fail(ps, "%s: number '%.40s' out of range 0..1", what, s);
    *pv = v;
    return true;
}

/* An MRZ country code: 1-3 capital letters (fillers removed: "D"). */
static bool is_mrz_code(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 3)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

static bool is_alpha3(const char *s)
{
    return strlen(s) == 3 && is_mrz_code(s);
}

static bool add_setting(parser *ps, int which)
{
    if (ps->set_line[which] != 0)
        return fail(ps, "duplicate setting %s (first set on line %d)", setting_names[which],
                    ps->set_line[which]);
    ps->set_line[which] = ps->line;
    return true;
}

static char *dup_text(parser *ps, const char *s)
{
    char *d = strdup(s);
    if (d == NULL)
        fail(ps, "out of memory");
    return d;
}

static bool handle_setting(parser *ps, policy *p, const token *toks, int n)
{
    const char *key = toks[0].text;
    int which = -1;
    for (int i = 0; i < S_COUNT; i++)
        if (strcmp(key, setting_names[i]) == 0)
            which = i;
    if (which < 0)
        return fail(ps, "unknown setting '%.60s'", key);
    if (n < 3)
        return fail(ps, "%s: missing value after '='", key);
    if (which != S_RP_CODES && n > 3)
        return fail(ps, "%s: unexpected text after the value at column %d", key, toks[3].col);
    if (!add_setting(ps, which))
        return false;
    const token *v = &toks[2];
    switch (which) {
    case S_MIN_AGE:
        return parse_int(ps, v, key, 0, 150, &p->min_age);
    case S_MAX_CERT_AGE:
        return parse_int(ps, v, key, 1, 3660, &p->max_certificate_age);
    case S_STAY_LIMIT:
        return parse_int(ps, v, key, 1, 3660, &p->stay_limit);
    case S_STAY_WINDOW:
        return parse_int(ps, v, key, 1, 3660, &p->stay_window);
    case S_MIN_CONFIDENCE:
        return parse_fraction(ps, v, key, &p->min_confidence);
    case S_REPORT_LANGUAGE:
        if (strcmp(v->text, "uk") != 0 && strcmp(v->text, "en") != 0)
            return fail(ps, "report_language: expected uk or en, got '%.40s'", v->text);
        memcpy(p->report_language, v->text, 3);
        return true;
    case S_VISA_FREE_SOURCE:
        if (!v->quoted || v->text[0] == '\0')
            return fail(ps, "visa_free_source: expected a non-empty text in double quotes");
        free(p->visa_free_source);
        p->visa_free_source = dup_text(ps, v->text);
        return p->visa_free_source != NULL;
    case S_RP_CODES:
        for (int i = 2; i < n; i++) {
            const char *c = toks[i].text;
            if (toks[i].quoted || strlen(c) != 2 || c[0] != 'I' ||
                !((c[1] >= 'A' && c[1] <= 'Z') || c[1] == '<'))
                return fail(ps, "residence_permit_codes: bad code '%.20s' (expected I followed by a letter or <)", c);
            if (strcmp(c, "ID") == 0)
                return fail(ps, "residence_permit_codes: ID is an identity card, not a residence permit");
            for (size_t k = 0; k < p->nrp_codes; k++)
                if (strcmp(p->rp_codes[k], c) == 0)
                    return fail(ps, "residence_permit_codes: code %s listed twice", c);
            if (p->nrp_codes == POLICY_MAX_RP_CODES)
                return fail(ps, "residence_permit_codes: more than %d codes", POLICY_MAX_RP_CODES);
            memcpy(p->rp_codes[p->nrp_codes++], c, 3);
        }
        return true;
    }
    return fail(ps, "unknown setting '%.60s'", key);
}

static bool handle_visa_free(parser *ps, policy *p, const token *toks, int n, int *vf_line, size_t *vf_cap)
{
    /* visa_free CODE... since YYYY-MM-DD */
    if (n < 4 || strcmp(toks[n - 2].text, "since") != 0 || toks[n - 2].quoted)
        return fail(ps, "visa_free: expected 'visa_free CODE... since YYYY-MM-DD'");
    vdate since;
    if (!vdate_parse_iso(toks[n - 1].text, &since))
        return fail(ps, "visa_free: bad date '%.20s' (expected a real date YYYY-MM-DD)", toks[n - 1].text);
    for (int i = 1; i < n - 2; i++) {
        const char *c = toks[i].text;
        if (toks[i].quoted || !is_mrz_code(c))
            return fail(ps, "visa_free: bad code '%.20s' (expected an MRZ nationality code such as POL or D)", c);
        if (strlen(c) == 3 && c[0] == 'X' && c[1] == 'X')
            return fail(ps, "visa_free: %s is a stateless/refugee code and cannot be visa-free", c);
        for (size_t k = 0; k < p->nvisa_free; k++)
            if (strcmp(p->visa_free[k].code, c) == 0)
                return fail(ps, "visa_free: %s listed twice (first on line %d)", c, vf_line[k]);
        if (p->nvisa_free >= POLICY_MAX_ITEMS)
            return fail(ps, "visa_free: more than %d codes", POLICY_MAX_ITEMS);
        if (p->nvisa_free == *vf_cap) {
            size_t ncap = *vf_cap ? *vf_cap * 2 : 64;
            visa_free_entry *ne = realloc(p->visa_free, ncap * sizeof *ne);
            if (ne == NULL)
                return fail(ps, "out of memory");
            p->visa_free = ne;
            *vf_cap = ncap;
        }
        visa_free_entry *e = &p->visa_free[p->nvisa_free];
        memset(e, 0, sizeof *e);
        memcpy(e->code, c, strlen(c) + 1);
        e->since = since;
        vf_line[p->nvisa_free] = ps->line;
        p->nvisa_free++;
    }
    return true;
}

static bool handle_certificate(parser *ps, policy *p, const token *toks, int n)
{
    if (n != 3)
        return fail(ps, "certificate: expected 'certificate COUNTRY \"text\"'");
    if (toks[1].quoted || !is_alpha3(toks[1].text))
        return fail(ps, "certificate: bad country code '%.20s' (expected three capital letters)", toks[1].text);
    if (!toks[2].quoted || toks[2].text[0] == '\0')
        return fail(ps, "certificate: expected a non-empty text in double quotes");
    if (p->nmarkers >= POLICY_MAX_ITEMS)
        return fail(ps, "certificate: more than %d lines", POLICY_MAX_ITEMS);
    cert_marker *nm = realloc(p->markers, (p->nmarkers + 1) * sizeof *nm);
    if (nm == NULL)
        return fail(ps, "out of memory");
    p->markers = nm;
    cert_marker *m = &p->markers[p->nmarkers];
    memset(m, 0, sizeof *m);
    memcpy(m->country, toks[1].text, 4);
    m->text = dup_text(ps, toks[2].text);
    if (m->text == NULL)
        return false;
    p->nmarkers++;
    return true;
}

static bool handle_phrase(parser *ps, policy *p, const token *toks, int n)
{
    if (n != 4)
        return fail(ps, "phrase: expected 'phrase COUNTRY no_record|record \"text\"'");
    if (toks[1].quoted || !is_alpha3(toks[1].text))
        return fail(ps, "phrase: bad country code '%.20s' (expected three capital letters)", toks[1].text);
    cert_result r;
    if (strcmp(toks[2].text, "no_record") == 0 && !toks[2].quoted)
        r = CERT_NO_RECORD;
    else if (strcmp(toks[2].text, "record") == 0 && !toks[2].quoted)
        r = CERT_RECORD;
    else
        return fail(ps, "phrase: expected no_record or record, got '%.20s'", toks[2].text);
    if (!toks[3].quoted || toks[3].text[0] == '\0')
        return fail(ps, "phrase: expected a non-empty text in double quotes");
    if (p->nphrases >= POLICY_MAX_ITEMS)
        return fail(ps, "phrase: more than %d lines", POLICY_MAX_ITEMS);
    cert_phrase *np = realloc(p->phrases, (p->nphrases + 1) * sizeof *np);
    if (np == NULL)
        return fail(ps, "out of memory");
    p->phrases = np;
    cert_phrase *ph = &p->phrases[p->nphrases];
    memset(ph, 0, sizeof *ph);
    memcpy(ph->country, toks[1].text, 4);
    ph->result = r;
    ph->text = dup_text(ps, toks[3].text);
    if (ph->text == NULL)
        return false;
    p->nphrases++;
    return true;
}

static bool parse_line(parser *ps, policy *p, char *line, int *vf_line, size_t *vf_cap)
{
    if (!utf8_ok((const unsigned char *)line))
        return fail(ps, "not valid UTF-8 text");
    token toks[POLICY_MAX_TOKENS];
    int n = tokenize(ps, line, toks, POLICY_MAX_TOKENS);
    if (n < 0)
        return false;
    if (n == 0)
        return true;
    if (toks[0].quoted)
        return fail(ps, "a line must start with a setting name, not quoted text");
    if (n >= 2 && strcmp(toks[1].text, "=") == 0 && !toks[1].quoted)
        return handle_setting(ps, p, toks, n);
    const char *kw = toks[0].text;
    if (strcmp(kw, "visa_free") == 0)
        return handle_visa_free(ps, p, toks, n, vf_line, vf_cap);
    if (strcmp(kw, "certificate") == 0)
        return handle_certificate(ps, p, toks, n);
    if (strcmp(kw, "phrase") == 0)
        return handle_phrase(ps, p, toks, n);
    for (int i = 0; i < S_COUNT; i++)
        if (strcmp(kw, setting_names[i]) == 0)
            return fail(ps, "%s: expected '%s = value'", kw, kw);
    return fail(ps, "unknown setting '%.60s'", kw);
}

static char *read_file(const char *path, size_t *plen, char *err, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errsize, "%s:0: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(POLICY_MAX_BYTES + 1);
    if (buf == NULL) {
        fclose(f);
        snprintf(err, errsize, "%s:0: out of memory", path);
        return NULL;
    }
    size_t n = fread(buf, 1, POLICY_MAX_BYTES + 1, f);
    int rerr = ferror(f);
    fclose(f);
    if (rerr) {
        free(buf);
        snprintf(err, errsize, "%s:0: read error", path);
        return NULL;
    }
    if (n > POLICY_MAX_BYTES) {
        free(buf);
        snprintf(err, errsize, "%s:0: file larger than %d bytes", path, POLICY_MAX_BYTES);
        return NULL;
    }
    buf[n] = '\0';
    *plen = n;
    return buf;
}

policy *policy_load(const char *path, char *err, size_t errsize)
{
    char dummy[1];
    if (err == NULL || errsize == 0) {
        err = dummy;
        errsize = sizeof dummy;
    }
    err[0] = '\0';
    if (path == NULL) {
        snprintf(err, errsize, "(null):0: no policy file given");
        return NULL;
    }
    size_t len = 0;
    char *text = read_file(path, &len, err, errsize);
    if (text == NULL)
        return NULL;
    policy *p = calloc(1, sizeof *p);
    int *vf_line = calloc(POLICY_MAX_ITEMS, sizeof *vf_line);
    if (p == NULL || vf_line == NULL) {
        free(p);
        free(vf_line);
        free(text);
        snprintf(err, errsize, "%s:0: out of memory", path);
        return NULL;
    }
    memcpy(p->report_language, "uk", 3);
    p->min_confidence = POLICY_DEFAULT_MIN_CONFIDENCE;
    parser ps = {.path = path, .line = 0, .err = err, .errsize = errsize};
    size_t vf_cap = 0;
    bool ok = true;
    char *line = text;
    char linebuf[POLICY_MAX_LINE + 2];
    while (ok && line < text + len) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
        ps.line++;
        if (memchr(line, '\0', ll) != NULL) {
            ok = fail(&ps, "NUL byte in the file (not a text file?)");
            break;
        }
        if (ll > POLICY_MAX_LINE) {
            ok = fail(&ps, "line longer than %d bytes", POLICY_MAX_LINE);
            break;
        }
        memcpy(linebuf, line, ll);
        linebuf[ll] = '\0';
        ok = parse_line(&ps, p, linebuf, vf_line, &vf_cap);
        line = nl ? nl + 1 : text + len;
    }
    if (ok) {
        /* Faults that concern the whole file are reported at its end. */
        int last = ps.line;
        for (int i = 0; ok && i < S_COUNT; i++) {
            if (setting_required[i] && ps.set_line[i] == 0) {
                ps.line = last;
                ok = fail(&ps, "missing required setting %s", setting_names[i]);
            }
        }
        if (ok && p->nvisa_free == 0) {
            ps.line = last;
            ok = fail(&ps, "missing required setting: at least one visa_free line");
        }
        if (ok && p->stay_limit > p->stay_window) {
            ps.line = ps.set_line[S_STAY_LIMIT];
            ok = fail(&ps, "stay_limit %d is longer than stay_window %d", p->stay_limit, p->stay_window);
        }
    }
    free(vf_line);
    free(text);
    if (!ok) {
        policy_free(p);
        return NULL;
    }
    return p;
}

void policy_free(policy *p)
{
    if (p == NULL)
        return;
    free(p->visa_free_source);
    free(p->visa_free);
    for (size_t i = 0; i < p->nphrases; i++)
        free((char *)p->phrases[i].text);
    free(p->phrases);
    for (size_t i = 0; i < p->nmarkers; i++)
        free((char *)p->markers[i].text);
    free(p->markers);
    free(p);
}

int policy_min_age(const policy *p) { return p->min_age; }
int policy_max_certificate_age(const policy *p) { return p->max_certificate_age; }
int policy_stay_limit_days(const policy *p) { return p->stay_limit; }
int policy_stay_window_days(const policy *p) { return p->stay_window; }
double policy_min_confidence(const policy *p) { return p->min_confidence; }
const char *policy_report_language(const policy *p) { return p->report_language; }
const char *policy_visa_free_source(const policy *p) { return p->visa_free_source; }

bool policy_is_visa_free(const policy *p, const char *code, vdate on)
{
    if (p == NULL || code == NULL)
        return false;
    /* Accept "D<<" as "D": the MRZ may come with its fillers. */
    char c[4] = {0};
    size_t n = 0;
    for (const char *q = code; *q && n < 4; q++) {
        if (*q == '<')
            break;
        if (n == 3)
            return false;
        c[n++] = *q;
    }
    if (n == 0)
        return false;
    long day = vdate_to_days(on);
    for (size_t i = 0; i < p->nvisa_free; i++)
        if (strcmp(p->visa_free[i].code, c) == 0)
            return vdate_to_days(p->visa_free[i].since) <= day;
    /* Germany is "D" in the MRZ; accept its ISO code for the same entry. */
    if (strcmp(c, "DEU") == 0)
        return policy_is_visa_free(p, "D", on);
    return false;
}

bool policy_is_residence_permit_code(const policy *p, const char *code)
{
    if (p == NULL || code == NULL || strlen(code) > 2)
        return false;
    char c[3] = {code[0], code[0] ? code[1] : 0, 0};
    if (c[1] == '\0')
        c[1] = '<';    /* "I" with its filler stripped */
    for (size_t i = 0; i < p->nrp_codes; i++)
        if (strcmp(p->rp_codes[i], c) == 0)
            return true;
    return false;
}

size_t policy_visa_free_list(const policy *p, const visa_free_entry **pentries)
{
    *pentries = p->visa_free;
    return p->nvisa_free;
}

size_t policy_cert_phrases(const policy *p, const cert_phrase **pphrases)
{
    *pphrases = p->phrases;
    return p->nphrases;
}

size_t policy_cert_markers(const policy *p, const cert_marker **pmarkers)
{
    *pmarkers = p->markers;
    return p->nmarkers;
}
