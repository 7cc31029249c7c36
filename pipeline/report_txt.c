/* report_txt — report.txt: plain UTF-8 for terminals and e-mail, within 80
 * columns where words allow (see report.h). */
#include "report.h"

#include <errno.h>
#include <string.h>

#define TXT_WIDTH 78

static const char *str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Display width of n bytes of UTF-8 (one column per code point). */
static size_t cols(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Write `text` word-wrapped: the first line continues at column `col`,
 * later lines start with `indent` spaces.  Control characters are shown
 * as '?', so OCR text cannot drive the terminal. */
static void wrap(FILE *o, const char *text, size_t col, size_t indent)
{
    if (text == NULL)
        text = "—";
    const char *p = text;
    bool first_word = true;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == '\t')
            p++;
        if (*p == '\0')
            break;
        const char *w = p;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t')
            p++;
        size_t wl = (size_t)(p - w), wc = cols(w, wl);
        if (!first_word) {
            if (col + 1 + wc > TXT_WIDTH) {
                fputc('\n', o);
                for (size_t i = 0; i < indent; i++)
                    fputc(' ', o);
                col = indent;
            } else {
                fputc(' ', o);
                col++;
            }
        }
        for (size_t i = 0; i < wl; i++) {
            unsigned char c = (unsigned char)w[i];
            fputc(c < 0x20 || c == 0x7F ? '?' : c, o);
        }
        col += wc;
        first_word = false;
    }
    fputc('\n', o);
}

static void field(FILE *o, const char *label, const json_t *v)
{
    char buf[64];
    const char *text = "—";
    if (json_is_string(v))
        text = json_string_value(v);
    else if (json_is_true(v))
        text = "true";
    else if (json_is_false(v))
        text = "false";
    else if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        text = buf;
    } else if (json_is_real(v)) {
        snprintf(buf, sizeof buf, "%.2f", json_real_value(v));
        text = buf;
    }
    fprintf(o, "  %s: ", label);
    wrap(o, text, 4 + cols(label, strlen(label)), 6);
}

static void rule(FILE *o, char c)
{
    for (int i = 0; i < TXT_WIDTH; i++)
        fputc(c, o);
    fputc('\n', o);
}

int report_txt(FILE *o, const json_t *rep, bool uk)
{
    const char *decision = str(rep, "decision");
    rule(o, '=');
    fprintf(o, "varta: %s ", uk ? "справа" : "case");
    wrap(o, str(rep, "case"), 14, 2);
    fprintf(o, "%s %s\n", uk ? "Станом на" : "As of", str(rep, "as_of") ? str(rep, "as_of") : "—");
    fputs(uk ? "РІШЕННЯ: " : "DECISION: ", o);
    wrap(o, report_decision_label(decision, uk), 10, 2);
    fprintf(o, "(decision: %s)\n", decision ? decision : "—");
    size_t k;
    const json_t *c;
    json_array_foreach(json_object_get(rep, "checks"), k, c) {
        const char *st = str(c, "status");
        if (st == NULL || strcmp(st, "pass") == 0)
            continue;
        char head[200];
        snprintf(head, sizeof head, "* %s: %s", report_check_label(str(c, "id"), uk), report_status_label(st, uk));
        fputs("  ", o);
        wrap(o, head, 2, 4);
    }
    rule(o, '=');

    const json_t *ap = json_object_get(rep, "applicant");
    fputs(uk ? "\nЗаявник\n" : "\nApplicant\n", o);
    field(o, uk ? "Прізвище" : "Surname", json_object_get(ap, "surname"));
    field(o, uk ? "Імена" : "Given names", json_object_get(ap, "given_names"));
    field(o, uk ? "Дата народження" : "Date of birth", json_object_get(ap, "date_of_birth"));
    field(o, uk ? "Стать" : "Sex", json_object_get(ap, "sex"));
    field(o, uk ? "Громадянство" : "Nationality", json_object_get(ap, "nationality"));
    field(o, uk ? "Номер документа" : "Document number", json_object_get(ap, "document_number"));

    fputs(uk ? "\nПеревірки\n" : "\nChecks\n", o);
    rule(o, '-');
    size_t i;
    const json_t *ck;
    json_array_foreach(json_object_get(rep, "checks"), i, ck) {
        const char *id = str(ck, "id"), *st = str(ck, "status");
        const char *reason = uk && str(ck, "reason_uk") ? str(ck, "reason_uk") : str(ck, "reason");
        const char *basis = uk && str(ck, "basis_uk") ? str(ck, "basis_uk") : str(ck, "basis");
        char head[200];
        snprintf(head, sizeof head, "[%s] %s (%s)", report_status_label(st, uk), report_check_label(id, uk),
                 id ? id : "?");
        wrap(o, head, 0, 4);
        fputs("    ", o);
        wrap(o, reason, 4, 4);
        const json_t *ev = json_object_get(ck, "evidence");
        if (json_array_size(ev) > 0) {
            char evs[600] = "";
            size_t k;
            const json_t *e;
            json_array_foreach(ev, k, e) {
                size_t len = strlen(evs);
                if (json_is_string(e) && len + 4 < sizeof evs)
                    snprintf(evs + len, sizeof evs - len, "%s%s", k ? ", " : "", json_string_value(e));
            }
            fprintf(o, "    %s ", uk ? "Докази:" : "Evidence:");
            wrap(o, evs, uk ? 12 : 14, 6);
        }
        if (basis) {
            fprintf(o, "    %s ", uk ? "Підстава:" : "Basis:");
            wrap(o, basis, uk ? 14 : 11, 6);
        }
    }
    rule(o, '-');

    const json_t *notes = report_notes(rep, uk);
    const json_t *errors = json_object_get(rep, "errors");
    if (json_array_size(notes) > 0 || json_array_size(errors) > 0) {
        fputs(uk ? "\nПримітки\n" : "\nNotes\n", o);
        const json_t *n;
        json_array_foreach(notes, i, n) {
            fputs("  - ", o);
            wrap(o, json_string_value(n), 4, 4);
        }
        json_array_foreach(errors, i, n) {
            char buf[600];
            snprintf(buf, sizeof buf, "%s %s: %s", uk ? "не прочитано" : "unreadable",
                     json_string_value(json_object_get(n, "file")) ? json_string_value(json_object_get(n, "file")) : "?",
                     json_string_value(json_object_get(n, "error")) ? json_string_value(json_object_get(n, "error")) : "?");
            fputs("  - ", o);
            wrap(o, buf, 4, 4);
        }
    }

    fputs(uk ? "\nДокументи\n" : "\nDocuments\n", o);
    const json_t *d;
    json_array_foreach(json_object_get(rep, "documents"), i, d) {
        char head[400];
        snprintf(head, sizeof head, "%zu. %s (%s)", i + 1, str(d, "file") ? str(d, "file") : "?",
                 str(d, "type") ? str(d, "type") : "unknown");
        wrap(o, head, 0, 4);
        const json_t *mrz = json_object_get(d, "mrz");
        if (json_is_object(mrz)) {
            const json_t *f = json_object_get(mrz, "fields");
            field(o, "MRZ", json_object_get(mrz, "format"));
            field(o, uk ? "MRZ правильна" : "MRZ valid", json_object_get(mrz, "valid"));
            field(o, uk ? "Прізвище" : "Surname", json_object_get(f, "surname"));
            field(o, uk ? "Імена" : "Given names", json_object_get(f, "given_names"));
            field(o, uk ? "Номер" : "Number", json_object_get(f, "document_number"));
            field(o, uk ? "Громадянство" : "Nationality", json_object_get(f, "nationality"));
            field(o, uk ? "Дата народження" : "Date of birth", json_object_get(f, "date_of_birth"));
            field(o, uk ? "Дійсний до" : "Date of expiry", json_object_get(f, "date_of_expiry"));
            const json_t *checks = json_object_get(mrz, "checks");
            const char *k;
            const json_t *v;
            char buf[300] = "";
            json_object_foreach((json_t *)checks, k, v) {
                size_t len = strlen(buf);
                if (len + 40 < sizeof buf)
                    snprintf(buf + len, sizeof buf - len, "%s%.24s %s", len ? ", " : "", k,
                             json_is_true(v) ? "ok" : "WRONG");
            }
            if (buf[0]) {
                fprintf(o, "  %s: ", uk ? "Контрольні цифри" : "Check digits");
                wrap(o, buf, uk ? 20 : 16, 6);
            }
            const json_t *lines = json_object_get(mrz, "lines");
            const json_t *line;
            size_t li;
            json_array_foreach(lines, li, line) {
                fputs("    ", o);
                wrap(o, json_string_value(line), 4, 4);
            }
        }
        const json_t *cert = json_object_get(d, "certificate");
        if (json_is_object(cert)) {
            const json_t *h = json_object_get(cert, "holder");
            field(o, uk ? "Країна" : "Country", json_object_get(cert, "country"));
            field(o, uk ? "Власник" : "Holder", json_object_get(h, "surname"));
            field(o, uk ? "Імена" : "Given names", json_object_get(h, "given_names"));
            field(o, uk ? "Дата народження" : "Date of birth", json_object_get(h, "date_of_birth"));
            field(o, uk ? "Видана" : "Issued", json_object_get(cert, "issued"));
            field(o, uk ? "Результат" : "Result", json_object_get(cert, "result"));
            field(o, uk ? "Формулювання" : "Wording", json_object_get(cert, "phrase"));
        }
        field(o, uk ? "Впевненість" : "Confidence", json_object_get(d, "confidence"));
    }
    const json_t *pol = json_object_get(rep, "policy");
    if (json_is_object(pol)) {
        char buf[400];
        snprintf(buf, sizeof buf,
                 uk ? "Правила: мінімальний вік %lld; довідка не старша %lld дн.; перебування %lld дн. із %lld."
                    : "Rules: minimum age %lld; certificate at most %lld days old; stay %lld days in %lld.",
                 (long long)json_integer_value(json_object_get(pol, "min_age")),
                 (long long)json_integer_value(json_object_get(pol, "max_certificate_age")),
                 (long long)json_integer_value(json_object_get(pol, "stay_limit")),
                 (long long)json_integer_value(json_object_get(pol, "stay_window")));
        fputc('\n', o);
        wrap(o, buf, 0, 2);
    }
    if (fflush(o) != 0 || ferror(o)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}
