/* report_html — the self-contained report.html (see report.h).  The page
 * is written as well-formed XHTML-compatible HTML5 (every element closed,
 * every attribute quoted) so that it parses the same in any browser and
 * can be checked with an XML parser. */
#include "report.h"

#include <errno.h>
#include <nettle/base64.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Labels */

static const struct { const char *id, *en, *uk; } check_labels[] = {
    {"travel_document", "Travel document", "Проїзний документ"},
    {"document_validity", "Document validity", "Строк дії документа"},
    {"age", "Age", "Вік"},
    {"legal_stay", "Legal stay in Ukraine", "Законне перебування в Україні"},
    {"criminal_record", "Criminal record", "Судимість"},
    {"certificate_freshness", "Certificate freshness", "Давність довідки"},
    {"certificate_holder", "Certificate holder", "Власник довідки"},
    {"applicant_data", "Declared data", "Заявлені дані"},
};

const char *report_check_label(const char *id, bool uk)
{
    for (size_t i = 0; i < sizeof check_labels / sizeof *check_labels; i++)
        if (id && strcmp(id, check_labels[i].id) == 0)
            return uk ? check_labels[i].uk : check_labels[i].en;
    return id ? id : "?";
}

const char *report_status_label(const char *status, bool uk)
{
    static const struct { const char *s, *en, *uk; } t[] = {
        {"pass", "pass", "виконано"},
        {"fail", "FAIL", "НЕ ВИКОНАНО"},
        {"review", "REVIEW", "ПЕРЕВІРИТИ"},
        {"incomplete", "INCOMPLETE", "БРАКУЄ"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (status && strcmp(status, t[i].s) == 0)
            return uk ? t[i].uk : t[i].en;
    return status ? status : "?";
}

const char *report_decision_label(const char *decision, bool uk)
{
    static const struct { const char *s, *en, *uk; } t[] = {
        {"clear", "CLEAR — all checks passed", "ДОПУЩЕНО — усі перевірки пройдено"},
        {"review", "REVIEW — a person must check the doubtful items",
         "ПОТРЕБУЄ ПЕРЕВІРКИ — сумнівні пункти має перевірити працівник"},
        {"rejected", "REJECTED — a requirement is not met", "ВІДМОВЛЕНО — вимогу не виконано"},
        {"incomplete", "INCOMPLETE — documents are missing", "НЕПОВНИЙ ПАКЕТ — бракує документів"},
    };
    for (size_t i = 0; i < sizeof t / sizeof *t; i++)
        if (decision && strcmp(decision, t[i].s) == 0)
            return uk ? t[i].uk : t[i].en;
    return decision ? decision : "?";
}

const json_t *report_notes(const json_t *rep, bool uk)
{
    const json_t *notes = json_object_get(rep, uk ? "notes_uk" : "notes");
    return json_is_array(notes) ? notes : json_object_get(rep, "notes");
}

/* ------------------------------------------------------------------------ */
/* Check-digit positions */

static int last_non_filler(const char *line, int from, int to)
{
    int len = (int)strlen(line);
    for (int i = to; i >= from; i--)
        if (i < len && line[i] != '<')
            return i;
    return -1;
}

int report_mrz_check_positions(const char *format, const char *const *lines, int nlines,
                               report_cd_pos *pos, int max)
{
    int n = 0;
#define PUT(l, c, nm)                                                                    \
    do {                                                                                 \
        if (n < max && (l) < nlines && (c) >= 0 && (c) < (int)strlen(lines[(l)])) {      \
            pos[n].line = (l);                                                           \
            pos[n].col = (c);                                                            \
            pos[n].name = (nm);                                                          \
            n++;                                                                         \
        }                                                                                \
    } while (0)
    if (format == NULL)
        return 0;
    if (strcmp(format, "TD3") == 0 && nlines >= 2) {
        PUT(1, 9, "document_number");
        PUT(1, 19, "date_of_birth");
        PUT(1, 27, "date_of_expiry");
        PUT(1, 42, "personal_number");
        PUT(1, 43, "composite");
    } else if (strcmp(format, "TD2") == 0 && nlines >= 2) {
        const char *l2 = lines[1];
        if (strlen(l2) > 9 && l2[9] == '<')
            PUT(1, last_non_filler(l2, 28, 34), "document_number");
        else
            PUT(1, 9, "document_number");
        PUT(1, 19, "date_of_birth");
        PUT(1, 27, "date_of_expiry");
        PUT(1, 35, "composite");
    } else if (strcmp(format, "TD1") == 0 && nlines >= 2) {
        const char *l1 = lines[0];
        if (strlen(l1) > 14 && l1[14] == '<')
            PUT(0, last_non_filler(l1, 15, 29), "document_number");
        else
            PUT(0, 14, "document_number");
        PUT(1, 6, "date_of_birth");
        PUT(1, 14, "date_of_expiry");
        PUT(1, 29, "composite");
    } else if ((strcmp(format, "MRVA") == 0 || strcmp(format, "MRVB") == 0) && nlines >= 2) {
        PUT(1, 9, "document_number");
        PUT(1, 19, "date_of_birth");
        PUT(1, 27, "date_of_expiry");
    } else if (strcmp(format, "FRA_ID") == 0 && nlines >= 2) {
        PUT(1, 12, "document_number");
        PUT(1, 33, "date_of_birth");
        PUT(1, 35, "composite");
    }
#undef PUT
    return n;
}

/* ------------------------------------------------------------------------ */
/* Output helpers */

/* Escape UTF-8 text for element content and quoted attributes; control
 * characters (not allowed in XML) become U+FFFD. */
static void esc(FILE *o, const char *s)
{
    if (s == NULL)
        return;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", o); break;
        case '<': fputs("&lt;", o); break;
        case '>': fputs("&gt;", o); break;
        case '"': fputs("&quot;", o); break;
        case '\'': fputs("&#39;", o); break;
        default:
            if (c < 0x20 && c != '\n' && c != '\t')
                fputs("\xEF\xBF\xBD", o);
            else
                fputc(c, o);
        }
    }
}

static const char *str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A JSON scalar as display text ("—" for null/missing). */
static void esc_value(FILE *o, const json_t *v)
{
    char buf[64];
    if (v == NULL || json_is_null(v))
        fputs("—", o);
    else if (json_is_string(v))
        esc(o, json_string_value(v));
    else if (json_is_true(v))
        fputs("true", o);
    else if (json_is_false(v))
        fputs("false", o);
    else if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        fputs(buf, o);
    } else if (json_is_real(v)) {
        snprintf(buf, sizeof buf, "%.2f", json_real_value(v));
        fputs(buf, o);
    } else {
        fputs("…", o);
    }
}

static void row(FILE *o, const char *label, const json_t *v)
{
    fputs("<tr><th>", o);
    esc(o, label);
    fputs("</th><td>", o);
    esc_value(o, v);
    fputs("</td></tr>\n", o);
}

static const char CSS[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:0 auto;max-width:60em;padding:1em;color:#111;"
    "font-size:11pt;line-height:1.35}\n"
    "h1{font-size:1.5em;margin:0 0 .3em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.4em}"
    "h3{font-size:1.05em;margin:.8em 0 .3em}\n"
    ".banner{padding:.8em 1em;border-radius:6px;border:3px solid;margin-bottom:1em}\n"
    ".d-clear{background:#e3f4e3;border-color:#2e7d32}.d-review{background:#fff5d6;border-color:#b58100}\n"
    ".d-rejected{background:#fde2e1;border-color:#c62828}.d-incomplete{background:#e7eefb;border-color:#1e4fa3}\n"
    "table{border-collapse:collapse;width:100%;margin:.3em 0}th,td{border:1px solid #bbb;padding:.25em .45em;"
    "text-align:left;vertical-align:top}th{background:#f2f2f2;width:14em;font-weight:600}\n"
    "table.checks th{width:auto}td.st{font-weight:700;white-space:nowrap}\n"
    "tr.s-pass td.st{color:#2e7d32}tr.s-fail td.st{color:#c62828}tr.s-review td.st{color:#8a6200}"
    "tr.s-incomplete td.st{color:#1e4fa3}\n"
    ".small{font-size:.85em;color:#444}.mono,pre{font-family:'DejaVu Sans Mono','OCR B',monospace}\n"
    "pre.mrz{font-size:1.05em;background:#fafafa;border:1px solid #ccc;padding:.4em;overflow-x:auto;"
    "white-space:pre}\n"
    ".cd-ok{background:#c8efc8;outline:1px solid #2e7d32}.cd-bad{background:#ffc4c4;outline:2px solid #c62828}\n"
    ".doc{border:1px solid #ccc;border-radius:4px;padding:.3em .8em .8em;margin:.8em 0;page-break-inside:avoid}\n"
    "img.crop{max-width:100%;border:1px solid #999;margin-top:.4em}\n"
    "footer{margin-top:2em;font-size:.8em;color:#555}ul.attention{margin:.4em 0 0;padding-left:1.2em}\n"
    "@page{size:A4;margin:15mm}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}.banner{-webkit-print-color-adjust:exact;"
    "print-color-adjust:exact}.doc,tr{page-break-inside:avoid}a{color:inherit;text-decoration:none}}\n";

static void base64_out(FILE *o, const unsigned char *data, size_t len)
{
    /* Encode in chunks: BASE64_ENCODE_LENGTH(3000) bytes per call. */
    char buf[BASE64_ENCODE_RAW_LENGTH(3000) + 8];
    for (size_t off = 0; off < len; off += 3000) {
        size_t n = len - off < 3000 ? len - off : 3000;
        base64_encode_raw(buf, n, data + off);
        fwrite(buf, 1, BASE64_ENCODE_RAW_LENGTH(n), o);
    }
}

static void mrz_block(FILE *o, const json_t *mrz, bool uk)
{
    const json_t *lines = json_object_get(mrz, "lines");
    const json_t *checks = json_object_get(mrz, "checks");
    const char *format = str(mrz, "format");
    const char *ls[3] = {"", "", ""};
    int nl = 0;
    for (size_t i = 0; i < json_array_size(lines) && nl < 3; i++) {
        const char *s = json_string_value(json_array_get(lines, i));
        ls[nl++] = s ? s : "";
    }
    if (nl == 0)
        return;
    report_cd_pos pos[8];
    int np = report_mrz_check_positions(format, ls, nl, pos, 8);
    fputs("<pre class=\"mrz\">", o);
    for (int l = 0; l < nl; l++) {
        /* Columns are code points: jansson strings are valid UTF-8, and a
         * hostile line may hold multi-byte characters. */
        const char *p = ls[l];
        for (int c = 0; *p && c < 64; c++) {
            size_t k = 1;
            unsigned char b = (unsigned char)*p;
            if (b >= 0xF0)
                k = 4;
            else if (b >= 0xE0)
                k = 3;
            else if (b >= 0xC0)
                k = 2;
            for (size_t j = 1; j < k; j++)
                if (p[j] == '\0') {
                    k = j;
                    break;
                }
            char ch[5] = {0};
            memcpy(ch, p, k);
            p += k;
            const char *mark = NULL, *name = NULL;
            for (int q = 0; q < np; q++)
                if (pos[q].line == l && pos[q].col == c) {
                    const json_t *v = json_object_get(checks, pos[q].name);
                    if (json_is_boolean(v)) {
                        mark = json_is_true(v) ? "cd-ok" : "cd-bad";
                        name = pos[q].name;
                    }
                }
            if (mark) {
                fprintf(o, "<span class=\"%s\" title=\"", mark);
                esc(o, name);
                fputs(strcmp(mark, "cd-ok") == 0 ? (uk ? ": правильна" : ": right") : (uk ? ": НЕПРАВИЛЬНА" : ": WRONG"), o);
                fputs("\">", o);
                esc(o, ch);
                fputs("</span>", o);
            } else {
                esc(o, ch);
            }
        }
        fputc('\n', o);
    }
    fputs("</pre>\n", o);
    if (np > 0) {
        fputs("<p class=\"small\">", o);
        fputs(uk ? "Контрольні цифри: " : "Check digits: ", o);
        for (int k = 0; k < np; k++) {
            const json_t *v = json_object_get(checks, pos[k].name);
            if (!json_is_boolean(v))
                continue;
            fprintf(o, "<span class=\"%s\">", json_is_true(v) ? "cd-ok" : "cd-bad");
            esc(o, pos[k].name);
            fputs(json_is_true(v) ? " ✓" : " ✗", o);
            fputs("</span> ", o);
        }
        fputs("</p>\n", o);
    }
}

static void corrections_block(FILE *o, const json_t *doc, bool uk)
{
    const json_t *mrz = json_object_get(doc, "mrz");
    const json_t *cs = json_object_get(mrz, "corrections");
    if (!json_is_array(cs))
        cs = json_object_get(doc, "corrections");
    if (!json_is_array(cs) || json_array_size(cs) == 0)
        return;
    fputs("<p class=\"small\">", o);
    fputs(uk ? "Виправлення за контрольними цифрами: " : "Corrections chosen by the check digits: ", o);
    size_t i;
    const json_t *c;
    json_array_foreach(cs, i, c) {
        if (i > 0)
            fputs("; ", o);
        if (json_is_object(c)) {
            const json_t *line = json_object_get(c, "line"), *col = json_object_get(c, "col");
            fprintf(o, uk ? "рядок %lld, позиція %lld: " : "line %lld, position %lld: ",
                    json_is_integer(line) ? (long long)json_integer_value(line) + 1 : 0LL,
                    json_is_integer(col) ? (long long)json_integer_value(col) + 1 : 0LL);
            fputs("<span class=\"mono\">", o);
            esc_value(o, json_object_get(c, "from"));
            fputs("→", o);
            esc_value(o, json_object_get(c, "to"));
            fputs("</span>", o);
        } else {
            esc_value(o, c);
        }
    }
    fputs("</p>\n", o);
}

static void document_block(FILE *o, const json_t *doc, size_t idx, bool uk, const report_crop *crop)
{
    const char *file = str(doc, "file");
    fprintf(o, "<article class=\"doc\" id=\"doc-%zu\">\n<h3>", idx + 1);
    esc(o, file ? file : "?");
    fputs(" — ", o);
    esc(o, str(doc, "type") ? str(doc, "type") : "unknown");
    const json_t *page = json_object_get(doc, "page");
    if (json_is_integer(page) && json_integer_value(page) > 0)
        fprintf(o, uk ? ", сторінка %lld" : ", page %lld", (long long)json_integer_value(page) + 1);
    fputs("</h3>\n<table>\n", o);
    row(o, uk ? "Впевненість розпізнавання" : "OCR confidence", json_object_get(doc, "confidence"));
    const json_t *mrz = json_object_get(doc, "mrz");
    if (json_is_object(mrz)) {
        const json_t *f = json_object_get(mrz, "fields");
        row(o, "MRZ", json_object_get(mrz, "format"));
        row(o, uk ? "MRZ правильна" : "MRZ valid", json_object_get(mrz, "valid"));
        static const struct { const char *key, *en, *uk; } fields[] = {
            {"document_code", "Document code", "Код документа"},
            {"issuing_state", "Issuing state", "Держава видачі"},
            {"surname", "Surname", "Прізвище"},
            {"given_names", "Given names", "Імена"},
            {"document_number", "Document number", "Номер документа"},
            {"nationality", "Nationality", "Громадянство"},
            {"date_of_birth", "Date of birth", "Дата народження"},
            {"sex", "Sex", "Стать"},
            {"date_of_expiry", "Date of expiry", "Дійсний до"},
            {"personal_number", "Personal number", "Персональний номер"},
        };
        for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
            if (json_object_get(f, fields[i].key))
                row(o, uk ? fields[i].uk : fields[i].en, json_object_get(f, fields[i].key));
    }
    const json_t *cert = json_object_get(doc, "certificate");
    if (json_is_object(cert)) {
        const json_t *h = json_object_get(cert, "holder");
        row(o, uk ? "Країна видачі" : "Issuing country", json_object_get(cert, "country"));
        row(o, uk ? "Прізвище власника" : "Holder surname", json_object_get(h, "surname"));
        row(o, uk ? "Імена власника" : "Holder given names", json_object_get(h, "given_names"));
        row(o, uk ? "Дата народження власника" : "Holder date of birth", json_object_get(h, "date_of_birth"));
        row(o, uk ? "Номер" : "Number", json_object_get(cert, "number"));
        row(o, uk ? "Дата видачі" : "Issued", json_object_get(cert, "issued"));
        row(o, uk ? "Результат" : "Result", json_object_get(cert, "result"));
        row(o, uk ? "Формулювання" : "Wording found", json_object_get(cert, "phrase"));
    }
    fputs("</table>\n", o);
    if (json_is_object(mrz)) {
        mrz_block(o, mrz, uk);
        const json_t *problems = json_object_get(mrz, "problems");
        if (json_is_array(problems) && json_array_size(problems) > 0) {
            fputs("<ul class=\"small\">", o);
            size_t i;
            const json_t *p;
            json_array_foreach(problems, i, p) {
                fputs("<li>", o);
                esc_value(o, p);
                fputs("</li>", o);
            }
            fputs("</ul>\n", o);
        }
    }
    corrections_block(o, doc, uk);
    if (crop && crop->data && crop->mime) {
        fprintf(o, "<img class=\"crop\" alt=\"%s\" src=\"data:%s;base64,", uk ? "фрагмент скану" : "scan crop",
                crop->mime);
        base64_out(o, crop->data, crop->len);
        fputs("\" />\n", o);
        if (crop->name) {
            fputs("<p class=\"small\">", o);
            esc(o, crop->name);
            fputs("</p>\n", o);
        }
    }
    fputs("</article>\n", o);
}

int report_html(FILE *o, const json_t *rep, bool uk, const report_crop *crops, size_t ncrops)
{
    const char *decision = str(rep, "decision");
    const char *cname = str(rep, "case");
    const char *as_of = str(rep, "as_of");
    fprintf(o, "<!DOCTYPE html>\n<html lang=\"%s\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
               "<meta charset=\"utf-8\" />\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>",
            uk ? "uk" : "en");
    fputs("varta — ", o);
    esc(o, cname);
    fputs(" — ", o);
    esc(o, decision);
    fputs("</title>\n<style>\n", o);
    fputs(CSS, o);
    fputs("</style>\n</head>\n<body>\n", o);

    fputs("<header class=\"banner d-", o);
    esc(o, decision ? decision : "review");
    fputs("\" id=\"decision\" data-decision=\"", o);
    esc(o, decision);
    fputs("\">\n<h1>", o);
    fputs(uk ? "Рішення: " : "Decision: ", o);
    esc(o, report_decision_label(decision, uk));
    fputs("</h1>\n<p>", o);
    fputs(uk ? "Справа " : "Case ", o);
    fputs("<b>", o);
    esc(o, cname);
    fputs("</b> · ", o);
    fputs(uk ? "станом на " : "as of ", o);
    esc(o, as_of);
    fputs(" · <span class=\"small\">decision: ", o);
    esc(o, decision);
    fputs("</span></p>\n", o);
    /* What needs attention, so the banner alone tells the clerk why. */
    {
        const json_t *cks = json_object_get(rep, "checks");
        size_t k;
        const json_t *c;
        bool any = false;
        json_array_foreach(cks, k, c) {
            const char *st = str(c, "status");
            if (st == NULL || strcmp(st, "pass") == 0)
                continue;
            if (!any)
                fputs("<ul class=\"attention\">\n", o);
            any = true;
            const char *reason = uk && str(c, "reason_uk") ? str(c, "reason_uk") : str(c, "reason");
            fputs("<li><b>", o);
            esc(o, report_check_label(str(c, "id"), uk));
            fputs(" — ", o);
            esc(o, report_status_label(st, uk));
            fputs(":</b> ", o);
            esc(o, reason);
            fputs("</li>\n", o);
        }
        if (any)
            fputs("</ul>\n", o);
    }
    fputs("</header>\n", o);

    /* Applicant */
    const json_t *ap = json_object_get(rep, "applicant");
    fputs(uk ? "<section id=\"applicant\"><h2>Заявник</h2>\n<table>\n"
             : "<section id=\"applicant\"><h2>Applicant</h2>\n<table>\n", o);
    row(o, uk ? "Прізвище" : "Surname", json_object_get(ap, "surname"));
    row(o, uk ? "Імена" : "Given names", json_object_get(ap, "given_names"));
    row(o, uk ? "Дата народження" : "Date of birth", json_object_get(ap, "date_of_birth"));
    row(o, uk ? "Стать" : "Sex", json_object_get(ap, "sex"));
    row(o, uk ? "Громадянство" : "Nationality", json_object_get(ap, "nationality"));
    row(o, uk ? "Номер документа" : "Document number", json_object_get(ap, "document_number"));
    if (json_object_get(ap, "source"))
        row(o, uk ? "Джерело" : "Source", json_object_get(ap, "source"));
    fputs("</table>\n</section>\n", o);

    /* Checks */
    fputs(uk ? "<section id=\"checks\"><h2>Перевірки</h2>\n" : "<section id=\"checks\"><h2>Checks</h2>\n", o);
    fputs("<table class=\"checks\">\n<tr><th>", o);
    fputs(uk ? "Перевірка</th><th>Статус</th><th>Пояснення" : "Check</th><th>Status</th><th>Reason", o);
    fputs("</th></tr>\n", o);
    const json_t *checks = json_object_get(rep, "checks");
    size_t i;
    const json_t *ck;
    json_array_foreach(checks, i, ck) {
        const char *id = str(ck, "id"), *st = str(ck, "status");
        const char *reason = uk && str(ck, "reason_uk") ? str(ck, "reason_uk") : str(ck, "reason");
        const char *basis = uk && str(ck, "basis_uk") ? str(ck, "basis_uk") : str(ck, "basis");
        fputs("<tr class=\"check s-", o);
        esc(o, st);
        fputs("\" id=\"check-", o);
        esc(o, id);
        fputs("\" data-status=\"", o);
        esc(o, st);
        fputs("\"><td>", o);
        esc(o, report_check_label(id, uk));
        fputs("<br /><span class=\"small mono\">", o);
        esc(o, id);
        fputs("</span></td><td class=\"st\">", o);
        esc(o, report_status_label(st, uk));
        fputs("</td><td>", o);
        esc(o, reason);
        const json_t *ev = json_object_get(ck, "evidence");
        if (json_array_size(ev) > 0) {
            fputs("<br /><span class=\"small\">", o);
            fputs(uk ? "Докази: " : "Evidence: ", o);
            size_t k;
            const json_t *e;
            json_array_foreach(ev, k, e) {
                if (k)
                    fputs(", ", o);
                esc_value(o, e);
            }
            fputs("</span>", o);
        }
        if (basis) {
            fputs("<br /><span class=\"small\">", o);
            fputs(uk ? "Правова підстава: " : "Legal basis: ", o);
            esc(o, basis);
            fputs("</span>", o);
        }
        fputs("</td></tr>\n", o);
    }
    fputs("</table>\n</section>\n", o);

    /* Notes and unreadable files */
    const json_t *notes = report_notes(rep, uk);
    const json_t *errors = json_object_get(rep, "errors");
    if (json_array_size(notes) > 0 || json_array_size(errors) > 0) {
        fputs(uk ? "<section id=\"notes\"><h2>Примітки</h2>\n<ul>\n" : "<section id=\"notes\"><h2>Notes</h2>\n<ul>\n", o);
        const json_t *n;
        json_array_foreach(notes, i, n) {
            fputs("<li>", o);
            esc_value(o, n);
            fputs("</li>\n", o);
        }
        json_array_foreach(errors, i, n) {
            fputs("<li>", o);
            fputs(uk ? "Не прочитано: " : "Unreadable: ", o);
            esc_value(o, json_object_get(n, "file"));
            fputs(" — ", o);
            esc_value(o, json_object_get(n, "error"));
            fputs("</li>\n", o);
        }
        fputs("</ul>\n</section>\n", o);
    }

    /* Documents */
    const json_t *docs = json_object_get(rep, "documents");
    fputs(uk ? "<section id=\"documents\"><h2>Документи</h2>\n" : "<section id=\"documents\"><h2>Documents</h2>\n", o);
    if (json_array_size(docs) == 0)
        fputs(uk ? "<p>Документів не знайдено.</p>\n" : "<p>No documents were found.</p>\n", o);
    const json_t *d;
    json_array_foreach(docs, i, d)
        document_block(o, d, i, uk, i < ncrops ? &crops[i] : NULL);
    fputs("</section>\n", o);

    fputs("<footer>", o);
    const json_t *pol = json_object_get(rep, "policy");
    if (json_is_object(pol)) {
        char buf[300];
        const json_t *ma = json_object_get(pol, "min_age"), *mc = json_object_get(pol, "max_certificate_age");
        const json_t *sl = json_object_get(pol, "stay_limit"), *sw = json_object_get(pol, "stay_window");
        snprintf(buf, sizeof buf,
                 uk ? "Правила: мінімальний вік %lld; довідка не старша %lld дн.; перебування %lld дн. із %lld. "
                    : "Rules: minimum age %lld; certificate at most %lld days old; stay %lld days in %lld. ",
                 (long long)json_integer_value(ma), (long long)json_integer_value(mc),
                 (long long)json_integer_value(sl), (long long)json_integer_value(sw));
        esc(o, buf);
        if (json_is_string(json_object_get(pol, "visa_free_source"))) {
            fputs(uk ? "Перелік безвізових держав: " : "Visa-free list: ", o);
            esc(o, json_string_value(json_object_get(pol, "visa_free_source")));
            fputs(". ", o);
        }
        fputs("<br />", o);
    }
    fputs(uk ? "Звіт varta (схема " : "varta report (schema ", o);
    esc(o, str(rep, "schema"));
    fputs(uk ? "). Рішення підписує уповноважений працівник." : "). The decision is signed by an authorised clerk.", o);
    fputs("</footer>\n</body>\n</html>\n", o);
    if (fflush(o) != 0 || ferror(o)) {
        if (errno == 0)
            errno = EIO;
        return -1;
    }
    return 0;
}
