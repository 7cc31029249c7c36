/* checkrec — case grouping and report records for varta-check (see checkrec.h). */
#include "checkrec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "casedir.h"

#define CHECKREC_MAX_DOCS 256
#define CHECKREC_MAX_NOTES 32

struct checkrec_stream {
    const policy *pol;
    vdate as_of;
    const char *implicit_case;
    bool open;                  /* a case is being collected */
    char case_name[160];
    json_t *case_rec;           /* the case record (NULL for an implicit case) */
    json_t *documents;          /* array of document records as received */
    json_t *errors;             /* array of {file, page, error} */
    json_t *notes;              /* notes about the input itself */
    json_t *pending_notes;      /* bad lines seen before any case */
    size_t dropped_docs;
};

checkrec_stream *checkrec_new(const policy *pol, vdate as_of, const char *implicit_case)
{
    checkrec_stream *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->pol = pol;
    s->as_of = as_of;
    s->implicit_case = implicit_case;
    s->pending_notes = json_array();
    if (s->pending_notes == NULL) {
        free(s);
        return NULL;
    }
    return s;
}

static void close_case(checkrec_stream *s)
{
    json_decref(s->case_rec);
    json_decref(s->documents);
    json_decref(s->errors);
    json_decref(s->notes);
    s->case_rec = s->documents = s->errors = s->notes = NULL;
    s->open = false;
    s->dropped_docs = 0;
}

void checkrec_free(checkrec_stream *s)
{
    if (s == NULL)
        return;
    close_case(s);
    json_decref(s->pending_notes);
    free(s);
}

static void open_case(checkrec_stream *s, const char *name, const json_t *case_rec)
{
    close_case(s);
    snprintf(s->case_name, sizeof s->case_name, "%s", name);
    s->case_rec = case_rec ? json_deep_copy(case_rec) : NULL;
    s->documents = json_array();
    s->errors = json_array();
    s->notes = json_array();
    json_array_extend(s->notes, s->pending_notes);
    json_array_clear(s->pending_notes);
    s->open = true;
}

/* A note about the input itself, in English and Ukrainian. */
static void add_note(checkrec_stream *s, const char *en, const char *uk)
{
    json_t *n = json_pack("{s:s, s:s}", "en", en, "uk", uk);
    if (n != NULL)
        json_array_append_new(s->open ? s->notes : s->pending_notes, n);
}

void checkrec_bad_line(checkrec_stream *s, unsigned long lineno, const char *why)
{
    char buf[400], uk[600];
    snprintf(buf, sizeof buf, "input record %lu was not readable and was skipped (%s)", lineno, why);
    snprintf(uk, sizeof uk, "вхідний запис %lu не прочитано і пропущено (%s)", lineno, why);
    add_note(s, buf, uk);
}

/* ------------------------------------------------------------------------ */
/* JSON -> decide.h values */

static void copy_str(char *dst, size_t n, const json_t *v)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    snprintf(dst, n, "%s", s);
}

/* An MRZ country field with its fillers removed ("D<<" -> "D"). */
static void copy_code(char *dst, size_t n, const json_t *v)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    size_t k = 0;
    for (; *s && k + 1 < n; s++)
        if (*s != '<' && *s != ' ')
            dst[k++] = *s;
    dst[k] = '\0';
}

static dec_date date_of(const json_t *v, bool absent_is_unreadable)
{
    dec_date d = {DEC_DATE_ABSENT, {0, 0, 0}};
    if (v == NULL)
        d.state = absent_is_unreadable ? DEC_DATE_UNREADABLE : DEC_DATE_ABSENT;
    else if (json_is_string(v) && vdate_parse_iso(json_string_value(v), &d.date))
        d.state = DEC_DATE_KNOWN;
    else
        d.state = DEC_DATE_UNREADABLE;
    return d;
}

static signed char check_of(const json_t *checks, const char *name)
{
    const json_t *v = json_object_get(checks, name);
    if (v == NULL || !json_is_boolean(v))
        return -1;
    return json_is_true(v) ? 1 : 0;
}

void checkrec_doc_from_json(const json_t *rec, dec_doc *pd)
{
    memset(pd, 0, sizeof *pd);
    copy_str(pd->file, sizeof pd->file, json_object_get(rec, "file"));
    const json_t *page = json_object_get(rec, "page");
    pd->page = json_is_integer(page) ? (int)json_integer_value(page) : 0;
    const json_t *type = json_object_get(rec, "type");
    pd->type = dec_doc_type_from_name(json_is_string(type) ? json_string_value(type) : NULL);
    const json_t *conf = json_object_get(rec, "confidence");
    if (json_is_number(conf)) {
        pd->has_confidence = true;
        pd->confidence = json_number_value(conf);
    }
    const json_t *mrz = json_object_get(rec, "mrz");
    if (json_is_object(mrz)) {
        dec_mrz *m = &pd->mrz;
        m->present = true;
        copy_str(m->format, sizeof m->format, json_object_get(mrz, "format"));
        m->valid = json_is_true(json_object_get(mrz, "valid"));
        const json_t *lines = json_object_get(mrz, "lines");
        m->nlines = json_is_array(lines) ? (int)json_array_size(lines) : 0;
        const json_t *checks = json_object_get(mrz, "checks");
        m->ck_document_number = check_of(checks, "document_number");
        m->ck_date_of_birth = check_of(checks, "date_of_birth");
        m->ck_date_of_expiry = check_of(checks, "date_of_expiry");
        m->ck_personal_number = check_of(checks, "personal_number");
        m->ck_composite = check_of(checks, "composite");
        const json_t *f = json_object_get(mrz, "fields");
        copy_str(m->document_code, sizeof m->document_code, json_object_get(f, "document_code"));
        copy_code(m->issuing_state, sizeof m->issuing_state, json_object_get(f, "issuing_state"));
        copy_code(m->nationality, sizeof m->nationality, json_object_get(f, "nationality"));
        copy_str(m->surname, sizeof m->surname, json_object_get(f, "surname"));
        copy_str(m->given_names, sizeof m->given_names, json_object_get(f, "given_names"));
        copy_str(m->document_number, sizeof m->document_number, json_object_get(f, "document_number"));
        const json_t *sex = json_object_get(f, "sex");
        if (json_is_string(sex) && strlen(json_string_value(sex)) == 1 && strchr("MFX", json_string_value(sex)[0]))
            m->sex = json_string_value(sex)[0];
        m->date_of_birth = date_of(json_object_get(f, "date_of_birth"), true);
        m->date_of_expiry = date_of(json_object_get(f, "date_of_expiry"), true);
        const json_t *tr = json_object_get(mrz, "name_truncated");
        if (tr == NULL)
            tr = json_object_get(f, "name_truncated");
        m->name_truncated = json_is_true(tr);
        /* A record without a format but marked valid is inconsistent: doubt. */
        if (m->format[0] == '\0')
            m->valid = false;
    }
    const json_t *cert = json_object_get(rec, "certificate");
    if (json_is_object(cert)) {
        dec_cert *c = &pd->cert;
        c->present = true;
        copy_code(c->country, sizeof c->country, json_object_get(cert, "country"));
        const json_t *h = json_object_get(cert, "holder");
        copy_str(c->surname, sizeof c->surname, json_object_get(h, "surname"));
        copy_str(c->given_names, sizeof c->given_names, json_object_get(h, "given_names"));
        c->date_of_birth = date_of(json_object_get(h, "date_of_birth"), true);
        c->issued = date_of(json_object_get(cert, "issued"), true);
        const json_t *corr = json_object_get(json_object_get(cert, "evidence"), "corrections");
        size_t ci;
        const json_t *co;
        json_array_foreach(corr, ci, co) {
            const json_t *field = json_object_get(co, "field");
            if (json_is_string(field) && strcmp(json_string_value(field), "issued") == 0)
                c->issued_reread = true;
        }
        copy_str(c->number, sizeof c->number, json_object_get(cert, "number"));
        const json_t *res = json_object_get(cert, "result");
        const char *rs = json_is_string(res) ? json_string_value(res) : "";
        c->result = strcmp(rs, "no_record") == 0 ? CERT_NO_RECORD : strcmp(rs, "record") == 0 ? CERT_RECORD : CERT_UNKNOWN;
    }
}

static void malformed(dec_applicant *pa, const char *why)
{
    if (!pa->malformed)
        snprintf(pa->error, sizeof pa->error, "%s", why);
    pa->malformed = true;
}

static void text_field(const json_t *app, const char *key, bool *phas, char *dst, size_t n, dec_applicant *pa)
{
    const json_t *v = json_object_get(app, key);
    if (v == NULL || json_is_null(v))
        return;
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= n) {
        char why[120];
        snprintf(why, sizeof why, "%s is not a text of 1..%zu bytes", key, n - 1);
        malformed(pa, why);
        return;
    }
    *phas = true;
    snprintf(dst, n, "%s", json_string_value(v));
}

void checkrec_applicant_from_json(const json_t *app, const char *applicant_error, dec_applicant *pa)
{
    memset(pa, 0, sizeof *pa);
    if (applicant_error != NULL) {
        pa->present = true;
        malformed(pa, applicant_error);
        return;
    }
    if (app == NULL || json_is_null(app))
        return;
    pa->present = true;
    if (!json_is_object(app)) {
        malformed(pa, "not a JSON object");
        return;
    }
    text_field(app, "surname", &pa->has_surname, pa->surname, sizeof pa->surname, pa);
    text_field(app, "given_names", &pa->has_given_names, pa->given_names, sizeof pa->given_names, pa);
    bool has_nat = false, has_sex = false;
    char nat[8] = "", sex[4] = "";
    text_field(app, "nationality", &has_nat, nat, sizeof nat, pa);
    if (has_nat) {
        size_t n = strlen(nat);
        bool ok = n >= 1 && n <= 3;
        for (size_t i = 0; i < n; i++)
            ok = ok && nat[i] >= 'A' && nat[i] <= 'Z';
        if (ok) {
            pa->has_nationality = true;
            memcpy(pa->nationality, nat, strlen(nat) + 1);
        } else {
            malformed(pa, "nationality is not an MRZ code such as USA or D");
        }
    }
    text_field(app, "sex", &has_sex, sex, sizeof sex, pa);
    if (has_sex) {
        if (strlen(sex) == 1 && strchr("MFX", sex[0])) {
            pa->has_sex = true;
            pa->sex = sex[0];
        } else {
            malformed(pa, "sex is not M, F or X");
        }
    }
    text_field(app, "document_number", &pa->has_document_number, pa->document_number,
               sizeof pa->document_number, pa);
    const json_t *dob = json_object_get(app, "date_of_birth");
    if (dob != NULL && !json_is_null(dob)) {
        pa->date_of_birth = date_of(dob, false);
        if (pa->date_of_birth.state != DEC_DATE_KNOWN) {
            pa->date_of_birth.state = DEC_DATE_ABSENT;
            malformed(pa, "date_of_birth is not a real date YYYY-MM-DD");
        }
    }
    const json_t *entries = json_object_get(app, "entries");
    if (entries != NULL && !json_is_null(entries)) {
        pa->entries_declared = true;
        if (!json_is_array(entries)) {
            malformed(pa, "entries is not a list");
            return;
        }
        size_t i;
        const json_t *e;
        json_array_foreach(entries, i, e) {
            const json_t *in = json_object_get(e, "entered");
            const json_t *out = json_object_get(e, "left");
            stay_period sp;
            memset(&sp, 0, sizeof sp);
            bool ok = json_is_object(e) && json_is_string(in) && vdate_parse_iso(json_string_value(in), &sp.entered);
            if (ok && out != NULL && !json_is_null(out)) {
                ok = json_is_string(out) && vdate_parse_iso(json_string_value(out), &sp.left);
                sp.has_left = ok;
            }
            if (!ok) {
                pa->nbad_entries++;
                continue;
            }
            if (pa->nentries >= DEC_MAX_ENTRIES) {
                malformed(pa, "more entries than can be checked (64)");
                return;
            }
            pa->entries[pa->nentries++] = sp;
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Evaluating a case */

static json_t *jstr_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

static json_t *date_json(const dec_date *d)
{
    char buf[11];
    if (d->state != DEC_DATE_KNOWN)
        return json_null();
    vdate_format_iso(d->date, buf);
    return json_string(buf);
}

static json_t *applicant_json(const dec_doc *docs, int t, const dec_applicant *ap)
{
    json_t *o = json_object();
    if (t >= 0) {
        const dec_mrz *m = &docs[t].mrz;
        char sex[2] = {m->sex, 0};
        json_object_set_new(o, "surname", jstr_or_null(m->surname));
        json_object_set_new(o, "given_names", jstr_or_null(m->given_names));
        json_object_set_new(o, "date_of_birth", date_json(&m->date_of_birth));
        json_object_set_new(o, "sex", m->sex ? json_string(sex) : json_null());
        json_object_set_new(o, "nationality", jstr_or_null(m->nationality));
        json_object_set_new(o, "document_number", jstr_or_null(m->document_number));
        json_object_set_new(o, "source", json_string(docs[t].file));
    } else {
        /* No travel document: what was declared, marked as such. */
        bool ok = ap && ap->present && !ap->malformed;
        char sex[2] = {ok ? ap->sex : 0, 0};
        json_object_set_new(o, "surname", ok && ap->has_surname ? json_string(ap->surname) : json_null());
        json_object_set_new(o, "given_names", ok && ap->has_given_names ? json_string(ap->given_names) : json_null());
        json_object_set_new(o, "date_of_birth", ok ? date_json(&ap->date_of_birth) : json_null());
        json_object_set_new(o, "sex", ok && ap->has_sex ? json_string(sex) : json_null());
        json_object_set_new(o, "nationality", ok && ap->has_nationality ? json_string(ap->nationality) : json_null());
        json_object_set_new(o, "document_number",
                            ok && ap->has_document_number ? json_string(ap->document_number) : json_null());
        json_object_set_new(o, "source", ok ? json_string("applicant.json") : json_null());
    }
    return o;
}

static json_t *evaluate(checkrec_stream *s)
{
    size_t ndocs = json_array_size(s->documents);
    dec_doc *docs = calloc(ndocs ? ndocs : 1, sizeof *docs);
    dec_applicant *ap = calloc(1, sizeof *ap);
    dec_report *r = calloc(1, sizeof *r);
    const char **unreadable = calloc(json_array_size(s->errors) + 1, sizeof *unreadable);
    if (docs == NULL || ap == NULL || r == NULL || unreadable == NULL) {
        free(docs);
        free(ap);
        free(r);
        free(unreadable);
        return NULL;
    }
    for (size_t i = 0; i < ndocs; i++)
        checkrec_doc_from_json(json_array_get(s->documents, i), &docs[i]);

    const json_t *app = s->case_rec ? json_object_get(s->case_rec, "applicant") : NULL;
    const json_t *apperr = s->case_rec ? json_object_get(s->case_rec, "applicant_error") : NULL;
    const char *apperr_s = NULL;
    if (apperr != NULL && !json_is_null(apperr))
        apperr_s = json_is_string(apperr) ? json_string_value(apperr) : "applicant_error is not a text";
    checkrec_applicant_from_json(app, apperr_s, ap);

    /* Files that yielded no document at all. */
    size_t nun = 0;
    for (size_t i = 0; i < json_array_size(s->errors); i++) {
        const char *f = json_string_value(json_object_get(json_array_get(s->errors, i), "file"));
        if (f == NULL)
            continue;
        bool seen = false;
        for (size_t k = 0; k < ndocs && !seen; k++)
            seen = strcmp(docs[k].file, f) == 0;
        for (size_t k = 0; k < nun && !seen; k++)
            seen = strcmp(unreadable[k], f) == 0;
        if (!seen)
            unreadable[nun++] = f;
    }
    dec_case c = {.docs = docs, .ndocs = ndocs, .applicant = ap, .unreadable = unreadable, .nunreadable = nun};
    decide(s->pol, s->as_of, &c, r);

    char asof[11];
    vdate_format_iso(s->as_of, asof);
    json_t *o = json_object();
    json_object_set_new(o, "record", json_string("report"));
    json_object_set_new(o, "schema", json_string("varta-report/1"));
    json_object_set_new(o, "case", json_string(s->case_name));
    json_object_set_new(o, "as_of", json_string(asof));
    json_object_set_new(o, "decision", json_string(r->decision));
    json_object_set_new(o, "applicant", applicant_json(docs, r->travel_doc, ap));
    json_t *checks = json_array();
    for (int i = 0; i < DEC_NCHECKS; i++) {
        const dec_check *ck = &r->checks[i];
        json_t *co = json_object();
        json_object_set_new(co, "id", json_string(dec_check_name(ck->id)));
        json_object_set_new(co, "status", json_string(dec_status_name(ck->status)));
        json_object_set_new(co, "reason", json_string(ck->reason_en));
        json_t *ev = json_array();
        for (int k = 0; k < ck->nevidence; k++)
            json_array_append_new(ev, json_string(ck->evidence[k]));
        json_object_set_new(co, "evidence", ev);
        json_object_set_new(co, "basis", json_string(dec_check_basis(ck->id, false)));
        json_object_set_new(co, "reason_uk", json_string(ck->reason_uk));
        json_object_set_new(co, "basis_uk", json_string(dec_check_basis(ck->id, true)));
        json_array_append_new(checks, co);
    }
    json_object_set_new(o, "checks", checks);
    json_object_set_new(o, "documents", json_incref(s->documents));
    json_t *notes = json_array(), *notes_uk = json_array();
    for (size_t i = 0; i < json_array_size(s->notes); i++) {
        const json_t *n = json_array_get(s->notes, i);
        json_array_append(notes, json_object_get(n, "en"));
        json_array_append(notes_uk, json_object_get(n, "uk"));
    }
    for (int i = 0; i < r->nnotes; i++) {
        json_array_append_new(notes, json_string(r->notes_en[i]));
        json_array_append_new(notes_uk, json_string(r->notes_uk[i]));
    }
    json_object_set_new(o, "notes", notes);
    json_object_set_new(o, "notes_uk", notes_uk);
    json_object_set_new(o, "errors", json_incref(s->errors));
    json_t *pj = json_object();
    json_object_set_new(pj, "min_age", json_integer(policy_min_age(s->pol)));
    json_object_set_new(pj, "max_certificate_age", json_integer(policy_max_certificate_age(s->pol)));
    json_object_set_new(pj, "stay_limit", json_integer(policy_stay_limit_days(s->pol)));
    json_object_set_new(pj, "stay_window", json_integer(policy_stay_window_days(s->pol)));
    json_object_set_new(pj, "min_confidence", json_real(policy_min_confidence(s->pol)));
    json_object_set_new(pj, "visa_free_source", json_string(policy_visa_free_source(s->pol)));
    json_object_set_new(o, "policy", pj);
    if (s->case_rec) {
        const json_t *files = json_object_get(s->case_rec, "files");
        const json_t *skipped = json_object_get(s->case_rec, "skipped");
        if (json_is_array(files))
            json_object_set(o, "files", (json_t *)files);
        if (json_is_array(skipped))
            json_object_set(o, "skipped", (json_t *)skipped);
    }
    free(docs);
    free(ap);
    free(r);
    free(unreadable);
    return o;
}

static const char *record_case(const json_t *rec)
{
    const json_t *c = json_object_get(rec, "case");
    return json_is_string(c) ? json_string_value(c) : NULL;
}

void checkrec_feed(checkrec_stream *s, const json_t *rec, unsigned long lineno, json_t **pout)
{
    *pout = NULL;
    const json_t *kind = json_object_get(rec, "record");
    const char *k = json_is_string(kind) ? json_string_value(kind) : "";
    const char *cname = record_case(rec);
    char buf[400], uk[600];
    if (strcmp(k, "case") == 0) {
        if (s->open)
            *pout = evaluate(s);
        const char *name = cname ? cname : (s->implicit_case ? s->implicit_case : "-");
        bool too_long = strlen(name) >= sizeof s->case_name;
        open_case(s, too_long ? "-" : name, rec);
        if (too_long) {
            snprintf(buf, sizeof buf, "input record %lu: case name too long; named \"-\"", lineno);
            snprintf(uk, sizeof uk, "вхідний запис %lu: задовга назва справи; названо \"-\"", lineno);
            add_note(s, buf, uk);
        }
        if (cname == NULL)
            add_note(s, "the case record carried no case name", "запис справи не містив назви справи");
        return;
    }
    if (strcmp(k, "end") == 0) {
        /* Optional end-of-case marker: report now rather than at the next
         * case record, so a long-running chain needs no end of input. */
        if (s->open && (cname == NULL || strcmp(cname, s->case_name) == 0)) {
            *pout = evaluate(s);
            close_case(s);
        }
        return;
    }
    if (strcmp(k, "document") != 0 && strcmp(k, "error") != 0) {
        snprintf(buf, sizeof buf, "input record %lu of kind \"%.40s\" was ignored", lineno, k);
        snprintf(uk, sizeof uk, "вхідний запис %lu виду \"%.40s\" пропущено", lineno, k);
        add_note(s, buf, uk);
        return;
    }
    /* With --case, records outside any case record all go to that case. */
    bool other_case = cname != NULL && strcmp(cname, s->case_name) != 0 &&
                      !(s->case_rec == NULL && s->implicit_case != NULL);
    if (!s->open || other_case) {
        /* No case record before it, or a record of another case: an
         * implicit case (never merged into the open one). */
        bool switched = s->open;
        if (s->open)
            *pout = evaluate(s);
        const char *name = s->implicit_case ? s->implicit_case
                         : (cname && casedir_name_ok(cname)) ? cname : "-";
        if (strlen(name) >= sizeof s->case_name)
            name = "-";
        open_case(s, name, NULL);
        if (switched) {
            snprintf(buf, sizeof buf, "input record %lu started this case without a case record", lineno);
            snprintf(uk, sizeof uk, "вхідний запис %lu розпочав цю справу без запису справи", lineno);
            add_note(s, buf, uk);
        }
    }
    if (strcmp(k, "document") == 0) {
        if (json_array_size(s->documents) >= CHECKREC_MAX_DOCS) {
            s->dropped_docs++;
            if (s->dropped_docs == 1)
                add_note(s, "more than 256 documents in one case; the rest were not considered",
                         "у справі понад 256 документів; решту не розглянуто");
            return;
        }
        json_array_append_new(s->documents, json_deep_copy(rec));
    } else {
        json_t *e = json_object();
        const json_t *f = json_object_get(rec, "file");
        const json_t *p = json_object_get(rec, "page");
        const json_t *er = json_object_get(rec, "error");
        json_object_set_new(e, "file", json_is_string(f) ? json_copy((json_t *)f) : json_null());
        json_object_set_new(e, "page", json_is_integer(p) ? json_copy((json_t *)p) : json_null());
        json_object_set_new(e, "error", json_is_string(er) ? json_copy((json_t *)er) : json_string("unknown error"));
        json_array_append_new(s->errors, e);
    }
}

json_t *checkrec_finish(checkrec_stream *s)
{
    if (!s->open)
        return NULL;
    json_t *o = evaluate(s);
    close_case(s);
    return o;
}
