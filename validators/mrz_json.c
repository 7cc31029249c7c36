/*
 * mrz_json — the CONTRACT.md §3 MRZ object of an mrz_result (see mrz.h).
 */
#include "mrz.h"

#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s[0:n], or 0 when s[0] does not
 * start one (overlong forms and surrogates refused). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len;
    unsigned min;
    unsigned cp;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2; min = 0x80; cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3; min = 0x800; cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4; min = 0x10000; cp = s[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* A JSON string of s[0:n], each byte that is not part of valid UTF-8
 * replaced by U+FFFD (NUL bytes kept, escaped by jansson). */
static json_t *jstr(const char *s, size_t n)
{
    char buf[4 * MRZ_FIELD_MAX + 16];
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && o + 4 < sizeof buf;) {
        size_t k = utf8_seq(u + i, n - i);
        if (k == 0) {
            memcpy(buf + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        } else {
            memcpy(buf + o, s + i, k);
            o += k;
            i += k;
        }
    }
    return json_stringn(buf, o);
}

static json_t *jcstr(const char *s)
{
    return jstr(s, strlen(s));
}

static void set_date(json_t *fields, const char *name, const mrz_date *d)
{
    char key[40], iso[11];
    if (d->known) {
        vdate_format_iso(d->date, iso);
        json_object_set_new(fields, name, json_string(iso));
    } else {
        json_object_set_new(fields, name, json_null());
    }
    snprintf(key, sizeof key, "%s_raw", name);
    json_object_set_new(fields, key, jstr(d->raw, strnlen(d->raw, 6)));
}

static json_t *notes(const char (*list)[MRZ_PROBLEM_MAX], int n)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        json_array_append_new(a, jcstr(list[i]));
    return a;
}

json_t *mrz_result_to_json(const mrz_result *r)
{
    if (r == NULL)
        return NULL;
    const mrz_fields *f = &r->fields;
    json_t *o = json_object();
    json_t *lines = json_array();
    json_t *checks = json_object();
    json_t *fields = json_object();
    if (!o || !lines || !checks || !fields) {
        json_decref(o);
        json_decref(lines);
        json_decref(checks);
        json_decref(fields);
        return NULL;
    }
    const char *fmt = mrz_format_name(r->format);
    json_object_set_new(o, "format", fmt ? json_string(fmt) : json_null());
    for (int i = 0; i < r->nlines && i < MRZ_MAX_LINES; i++) {
        int n = r->line_len[i];
        if (n < 0 || n > MRZ_MAX_LINE)
            n = MRZ_MAX_LINE;
        json_array_append_new(lines, jstr(r->lines[i], (size_t)n));
    }
    json_object_set_new(o, "lines", lines);
    json_object_set_new(o, "valid", json_boolean(r->valid));
    for (int id = 0; id < MRZ_CHECK_COUNT; id++) {
        if (r->has_check[id])
            json_object_set_new(checks, mrz_check_name((mrz_check_id)id), json_boolean(r->check_ok[id]));
    }
    json_object_set_new(o, "checks", checks);

    json_object_set_new(fields, "document_code", jcstr(f->document_code));
    json_object_set_new(fields, "issuing_state", jcstr(f->issuing_state));
    json_object_set_new(fields, "surname", jcstr(f->surname));
    json_object_set_new(fields, "given_names", jcstr(f->given_names));
    json_object_set_new(fields, "document_number", jcstr(f->document_number));
    json_object_set_new(fields, "nationality", jcstr(f->nationality));
    set_date(fields, "date_of_birth", &f->date_of_birth);
    char sex[2] = {f->sex, '\0'};
    json_object_set_new(fields, "sex", f->sex ? json_string(sex) : json_null());
    set_date(fields, "date_of_expiry", &f->date_of_expiry);
    json_object_set_new(fields, "personal_number", jcstr(f->personal_number));
    json_object_set_new(fields, "optional_data", jcstr(f->optional_data));
    json_object_set_new(fields, "optional_data_2", jcstr(f->optional_data_2));
    json_object_set_new(o, "fields", fields);

    json_object_set_new(o, "problems", notes(r->problems, r->nproblems));
    json_object_set_new(o, "warnings", notes(r->warnings, r->nwarnings));
    json_object_set_new(o, "name_truncated", json_boolean(f->name_truncated));
    json_object_set_new(o, "issuer_known", json_boolean(r->issuer_known));
    json_object_set_new(o, "nationality_known", json_boolean(r->nationality_known));
    json_object_set_new(o, "sex_nonconformant", json_boolean(r->sex_nonconformant));
    return o;
}
