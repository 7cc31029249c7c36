/* decide — the eight checks and the decision rule (see decide.h). */
#include "decide.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "identity.h"
#include "mrz.h"

#define BASIS_DECREE_EN "Presidential Decree 84/2024"
#define BASIS_DECREE_UK "Указ Президента України № 84/2024"
#define BASIS_STAY_EN "Presidential Decree 84/2024; Cabinet of Ministers resolution 163/2015"
#define BASIS_STAY_UK "Указ Президента України № 84/2024; постанова Кабінету Міністрів України № 163/2015"

static const char *const check_names[DEC_NCHECKS] = {
    "travel_document", "document_validity", "age", "legal_stay",
    "criminal_record", "certificate_freshness", "certificate_holder", "applicant_data",
};

const char *dec_check_name(dec_check_id id)
{
    return (unsigned)id < DEC_NCHECKS ? check_names[id] : "?";
}

const char *dec_status_name(dec_status st)
{
    switch (st) {
    case DEC_PASS: return "pass";
    case DEC_FAIL: return "fail";
    case DEC_REVIEW: return "review";
    case DEC_INCOMPLETE: return "incomplete";
    }
    return "review";
}

const char *dec_check_basis(dec_check_id id, bool uk)
{
    if (id == DEC_LEGAL_STAY)
        return uk ? BASIS_STAY_UK : BASIS_STAY_EN;
    return uk ? BASIS_DECREE_UK : BASIS_DECREE_EN;
}

dec_doc_type dec_doc_type_from_name(const char *name)
{
    static const struct { const char *name; dec_doc_type t; } map[] = {
        {"passport", DOC_PASSPORT}, {"id_card", DOC_ID_CARD},
        {"travel_document", DOC_TRAVEL_DOCUMENT}, {"residence_permit", DOC_RESIDENCE_PERMIT},
        {"visa", DOC_VISA}, {"police_certificate", DOC_POLICE_CERTIFICATE},
    };
    if (name == NULL)
        return DOC_UNKNOWN;
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(name, map[i].name) == 0)
            return map[i].t;
    return DOC_UNKNOWN;
}

const char *decide_rule(const dec_status st[DEC_NCHECKS])
{
    bool inc = false, rev = false;
    for (int i = 0; i < DEC_NCHECKS; i++) {
        if (st[i] == DEC_FAIL)
            return "rejected";
        inc |= st[i] == DEC_INCOMPLETE;
        rev |= st[i] == DEC_REVIEW;
    }
    return inc ? "incomplete" : rev ? "review" : "clear";
}

/* ------------------------------------------------------------------------ */
/* Small helpers */

static void fmt(char *dst, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void fmt(char *dst, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vsnprintf(dst, n, f, ap);
    va_end(ap);
}

/* Append to a reason already written. */
static void vadd(char *dst, size_t n, const char *f, va_list ap) __attribute__((format(printf, 3, 0)));
static void vadd(char *dst, size_t n, const char *f, va_list ap)
{
    size_t len = strnlen(dst, n);
    if (len + 1 >= n)
        return;
    vsnprintf(dst + len, n - len, f, ap);
}

static void add(char *dst, size_t n, const char *f, ...) __attribute__((format(printf, 3, 4)));
static void add(char *dst, size_t n, const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    vadd(dst, n, f, ap);
    va_end(ap);
}

/* Append one item to a list kept in both languages, after `sep` where the
 * list already holds one; both formats take the same arguments. */
static void item(char *en, size_t enn, char *uk, size_t ukn, const char *sep, const char *fen, const char *fuk,
                 ...) __attribute__((format(printf, 6, 8), format(printf, 7, 8)));
static void item(char *en, size_t enn, char *uk, size_t ukn, const char *sep, const char *fen, const char *fuk,
                 ...)
{
    add(en, enn, "%s", en[0] ? sep : "");
    add(uk, ukn, "%s", uk[0] ? sep : "");
    va_list ap, aq;
    va_start(ap, fuk);
    va_copy(aq, ap);
    vadd(en, enn, fen, ap);
    vadd(uk, ukn, fuk, aq);
    va_end(aq);
    va_end(ap);
}

#define EN(ck, ...) fmt((ck)->reason_en, sizeof (ck)->reason_en, __VA_ARGS__)
#define UK(ck, ...) fmt((ck)->reason_uk, sizeof (ck)->reason_uk, __VA_ARGS__)
#define EN_ADD(ck, ...) add((ck)->reason_en, sizeof (ck)->reason_en, __VA_ARGS__)
#define UK_ADD(ck, ...) add((ck)->reason_uk, sizeof (ck)->reason_uk, __VA_ARGS__)

static void evidence(dec_check *ck, const char *file)
{
    if (file == NULL || *file == '\0' || ck->nevidence >= DEC_MAX_EVIDENCE)
        return;
    for (int i = 0; i < ck->nevidence; i++)
        if (strcmp(ck->evidence[i], file) == 0)
            return;
    fmt(ck->evidence[ck->nevidence++], DEC_FILE_MAX, "%s", file);
}

static void note(dec_report *r, const char *en, const char *uk)
{
    if (r->nnotes >= DEC_MAX_NOTES)
        return;
    fmt(r->notes_en[r->nnotes], DEC_TEXT_MAX, "%s", en);
    fmt(r->notes_uk[r->nnotes], DEC_TEXT_MAX * 2, "%s", uk);
    r->nnotes++;
}

static const char *iso(vdate d, char buf[11])
{
    vdate_format_iso(d, buf);
    return buf;
}

static long days_of(vdate d) { return vdate_to_days(d); }

static bool low_confidence(const policy *pol, const dec_doc *d)
{
    return d->has_confidence && d->confidence < policy_min_confidence(pol);
}

static const char *type_en(const dec_doc *d)
{
    switch (d->type) {
    case DOC_PASSPORT: return "passport";
    case DOC_ID_CARD: return "ID card";
    case DOC_TRAVEL_DOCUMENT: return "travel document";
    case DOC_RESIDENCE_PERMIT: return "residence permit";
    case DOC_VISA: return "visa";
    case DOC_POLICE_CERTIFICATE: return "police certificate";
    default: return "document";
    }
}

static const char *type_uk(const dec_doc *d)
{
    switch (d->type) {
    case DOC_PASSPORT: return "паспорт";
    case DOC_ID_CARD: return "ID-картка";
    case DOC_TRAVEL_DOCUMENT: return "проїзний документ";
    case DOC_RESIDENCE_PERMIT: return "посвідка на проживання";
    case DOC_VISA: return "віза";
    case DOC_POLICE_CERTIFICATE: return "довідка про несудимість";
    default: return "документ";
    }
}

/* The document-kind decisions use the MRZ where the scanner's type is
 * unknown: P... is a passport, V... a visa, I/A/C a card. */
static bool is_travel(const dec_doc *d)
{
    if (d->type == DOC_PASSPORT || d->type == DOC_ID_CARD || d->type == DOC_TRAVEL_DOCUMENT)
        return true;
    if (d->type == DOC_UNKNOWN && d->mrz.present && d->mrz.format[0] != '\0') {
        char c = d->mrz.document_code[0];
        if (c == 'P')
            return true;
        if ((c == 'I' || c == 'A' || c == 'C') && strcmp(d->mrz.issuing_state, "UKR") != 0 &&
            strcmp(d->mrz.format, "MRVA") != 0 && strcmp(d->mrz.format, "MRVB") != 0)
            return true;
    }
    return false;
}

static bool is_visa_like(const dec_doc *d)
{
    if (d->type == DOC_VISA)
        return true;
    return d->type == DOC_UNKNOWN && d->mrz.present &&
           (strcmp(d->mrz.format, "MRVA") == 0 || strcmp(d->mrz.format, "MRVB") == 0);
}

static bool is_permit_like(const policy *pol, const dec_doc *d)
{
    if (d->type == DOC_RESIDENCE_PERMIT)
        return true;
    return d->type == DOC_UNKNOWN && d->mrz.present && strcmp(d->mrz.format, "TD1") == 0 &&
           strcmp(d->mrz.issuing_state, "UKR") == 0 &&
           policy_is_residence_permit_code(pol, d->mrz.document_code);
}

static bool is_certificate(const dec_doc *d)
{
    return d->type == DOC_POLICE_CERTIFICATE && d->cert.present;
}

/* Fields of an MRZ that a decision needs but could not be read. */
static void unreadable_fields(const dec_mrz *m, char *en, size_t enn, char *uk, size_t ukn)
{
    en[0] = uk[0] = '\0';
    /* A surname alone may be empty: single names stand in the given-name field. */
    if (m->surname[0] == '\0' && m->given_names[0] == '\0')
        item(en, enn, uk, ukn, ", ", "name", "ім'я");
    if (m->date_of_birth.state != DEC_DATE_KNOWN)
        item(en, enn, uk, ukn, ", ", "date of birth", "дата народження");
    if (m->date_of_expiry.state != DEC_DATE_KNOWN)
        item(en, enn, uk, ukn, ", ", "date of expiry", "дата закінчення строку дії");
    /* Not covered by any check digit: an unknown code is a misreading. */
    if (m->nationality[0] == '\0')
        item(en, enn, uk, ukn, ", ", "nationality", "громадянство");
    else if (!mrz_country_known(m->nationality))
        item(en, enn, uk, ukn, ", ", "nationality (unknown code %s)", "громадянство (невідомий код %s)",
             m->nationality);
    if (m->document_number[0] == '\0')
        item(en, enn, uk, ukn, ", ", "document number", "номер документа");
}

static void wrong_checks(const dec_mrz *m, char *en, size_t enn, char *uk, size_t ukn)
{
    static const char *const ne[] = {"document number", "date of birth", "date of expiry",
                                     "personal number", "composite"};
    static const char *const nu[] = {"номер документа", "дата народження", "дата закінчення строку дії",
                                     "персональний номер", "загальна"};
    const signed char v[] = {m->ck_document_number, m->ck_date_of_birth, m->ck_date_of_expiry,
                             m->ck_personal_number, m->ck_composite};
    en[0] = uk[0] = '\0';
    for (int i = 0; i < 5; i++) {
        if (v[i] != 0)
            continue;
        add(en, enn, "%s%s", en[0] ? ", " : "", ne[i]);
        add(uk, ukn, "%s%s", uk[0] ? ", " : "", nu[i]);
    }
}

static id_person person_of_mrz(const dec_mrz *m)
{
    id_person p = {
        .surname = m->surname,
        .given_names = m->given_names,
        .name_truncated = m->name_truncated,
        .dob_state = m->date_of_birth.state == DEC_DATE_KNOWN ? ID_DOB_KNOWN
                   : m->date_of_birth.state == DEC_DATE_UNREADABLE ? ID_DOB_UNREADABLE
                   : ID_DOB_ABSENT,
        .dob = m->date_of_birth.date,
        .nationality = m->nationality,
    };
    return p;
}

/* Whether a police certificate names the holder of a travel document, by
 * names and birth date (a certificate states no nationality). */
static id_verdict compare_holder(const dec_doc *travel, const dec_doc *cert, id_result *ir)
{
    id_person a = person_of_mrz(&travel->mrz);
    a.nationality = NULL;
    id_person b = {
        .surname = cert->cert.surname, .given_names = cert->cert.given_names,
        .dob_state = cert->cert.date_of_birth.state == DEC_DATE_KNOWN ? ID_DOB_KNOWN : ID_DOB_UNREADABLE,
        .dob = cert->cert.date_of_birth.date,
    };
    return identity_compare(&a, &b, ir);
}

/* ------------------------------------------------------------------------ */
/* Choosing the documents */

static int travel_score(const dec_doc *d, vdate as_of)
{
    int s = 0;
    if (d->mrz.valid)
        s += 8;
    if (d->mrz.date_of_expiry.state == DEC_DATE_KNOWN &&
        days_of(d->mrz.date_of_expiry.date) >= days_of(as_of))
        s += 4;
    if ((d->mrz.surname[0] || d->mrz.given_names[0]) && d->mrz.date_of_birth.state == DEC_DATE_KNOWN &&
        d->mrz.nationality[0])
        s += 2;
    return s;
}

static int choose_travel(const dec_case *c, vdate as_of)
{
    int best = -1, best_score = -1;
    double best_conf = -1;
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *d = &c->docs[i];
        if (!is_travel(d))
            continue;
        int s = travel_score(d, as_of);
        double conf = d->has_confidence ? d->confidence : 1.0;
        if (s > best_score || (s == best_score && conf > best_conf)) {
            best = (int)i;
            best_score = s;
            best_conf = conf;
        }
    }
    return best;
}

static int choose_certificate(const dec_case *c, int travel)
{
    int best = -1, best_rank = -1;
    long best_issued = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *d = &c->docs[i];
        if (!is_certificate(d))
            continue;
        int rank = 1;   /* identity unknown */
        if (travel >= 0) {
            id_result ir;
            id_verdict v = compare_holder(&c->docs[travel], d, &ir);
            rank = v == ID_SAME ? 2 : v == ID_UNSURE ? 1 : 0;
        }
        long issued = d->cert.issued.state == DEC_DATE_KNOWN ? days_of(d->cert.issued.date) : -1000000;
        if (rank > best_rank || (rank == best_rank && issued > best_issued)) {
            best = (int)i;
            best_rank = rank;
            best_issued = issued;
        }
    }
    return best;
}

/* When something is missing, name the pages nothing was recognised on:
 * the clerk may find the missing document there. */
static void unrecognised_pages(const dec_case *c, dec_check *ck)
{
    int n = 0;
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *d = &c->docs[i];
        if (d->type != DOC_UNKNOWN || is_travel(d) || is_visa_like(d) || d->cert.present)
            continue;
        if (n == 0) {
            EN_ADD(ck, "; not recognised:");
            UK_ADD(ck, "; не розпізнано:");
        }
        if (n < 6) {
            EN_ADD(ck, "%s %s (page %d)", n ? "," : "", d->file, d->page + 1);
            UK_ADD(ck, "%s %s (с. %d)", n ? "," : "", d->file, d->page + 1);
            evidence(ck, d->file);
        }
        n++;
    }
    for (size_t i = 0; i < c->nunreadable && i < 6; i++) {
        EN_ADD(ck, "%s unreadable file %s", i == 0 && n == 0 ? ";" : ",", c->unreadable[i]);
        UK_ADD(ck, "%s нечитабельний файл %s", i == 0 && n == 0 ? ";" : ",", c->unreadable[i]);
        evidence(ck, c->unreadable[i]);
    }
}

/* ------------------------------------------------------------------------ */
/* Steps the checks share */

/* The first step of a check that rests on the travel document: without one
 * the check is incomplete, for the reason given.  Returns the document (its
 * file now evidence), or NULL. */
static const dec_doc *travel_or_incomplete(const dec_case *c, int t, dec_check *ck, const char *en,
                                           const char *uk)
{
    if (t < 0) {
        ck->status = DEC_INCOMPLETE;
        EN(ck, "%s", en);
        UK(ck, "%s", uk);
        return NULL;
    }
    evidence(ck, c->docs[t].file);
    return &c->docs[t];
}

/* The first step of a check that rests on the police certificate: without
 * one the check is incomplete, and the pages nothing was recognised on are
 * named.  Returns the chosen certificate, or NULL; it is not made evidence
 * here (criminal_record may rest on another certificate). */
static const dec_doc *certificate_or_incomplete(const dec_case *c, int cert, dec_check *ck)
{
    if (cert >= 0)
        return &c->docs[cert];
    ck->status = DEC_INCOMPLETE;
    EN(ck, "no police-clearance certificate");
    UK(ck, "немає довідки про несудимість");
    unrecognised_pages(c, ck);
    return NULL;
}

/* A date the check rests on that could not be read is doubt: the check goes
 * to review, for the reason given (both formats take the same arguments).
 * Returns true when the date was not read. */
static bool review_unless_read(dec_check *ck, const dec_date *dt, const char *en, const char *uk, ...)
    __attribute__((format(printf, 3, 5), format(printf, 4, 5)));
static bool review_unless_read(dec_check *ck, const dec_date *dt, const char *en, const char *uk, ...)
{
    if (dt->state == DEC_DATE_KNOWN)
        return false;
    ck->status = DEC_REVIEW;
    va_list ap, aq;
    va_start(ap, uk);
    va_copy(aq, ap);
    vsnprintf(ck->reason_en, sizeof ck->reason_en, en, ap);
    vsnprintf(ck->reason_uk, sizeof ck->reason_uk, uk, aq);
    va_end(aq);
    va_end(ap);
    return true;
}

/* ------------------------------------------------------------------------ */
/* The checks */

static void check_travel_document(const policy *pol, const dec_case *c, int t, dec_check *ck,
                                  dec_report *r)
{
    if (t < 0) {
        /* An MRZ no format fits, on a document of no known kind, is a
         * travel document we could not read: doubt, not absence. */
        for (size_t i = 0; i < c->ndocs; i++) {
            const dec_doc *d = &c->docs[i];
            if (d->mrz.present && d->type == DOC_UNKNOWN && !is_visa_like(d) && !is_permit_like(pol, d)) {
                ck->status = DEC_REVIEW;
                if (d->mrz.nlines == 1) {   /* a line cut from a document */
                    EN(ck, "%s holds a single MRZ line: the whole document page is needed to read it",
                       d->file);
                    UK(ck, "у файлі %s лише один рядок MRZ: щоб прочитати документ, потрібна вся "
                           "його сторінка", d->file);
                } else {
                    EN(ck, "an MRZ was found in %s but could not be read", d->file);
                    UK(ck, "у файлі %s знайдено MRZ, але її не вдалося прочитати", d->file);
                }
                evidence(ck, d->file);
                return;
            }
        }
        ck->status = DEC_INCOMPLETE;
        EN(ck, "no passport, ID card or travel document was found");
        UK(ck, "не знайдено паспорта, ID-картки чи проїзного документа");
        if (c->nunreadable > 0) {
            EN_ADD(ck, "; %zu file(s) could not be read:", c->nunreadable);
            UK_ADD(ck, "; не вдалося прочитати файлів: %zu:", c->nunreadable);
            for (size_t i = 0; i < c->nunreadable && i < 6; i++) {
                EN_ADD(ck, " %s", c->unreadable[i]);
                UK_ADD(ck, " %s", c->unreadable[i]);
                evidence(ck, c->unreadable[i]);
            }
        }
        return;
    }
    const dec_doc *d = &c->docs[t];
    evidence(ck, d->file);
    char en[200], uk[400];
    if (!d->mrz.valid) {
        ck->status = DEC_REVIEW;
        wrong_checks(&d->mrz, en, sizeof en, uk, sizeof uk);
        if (en[0]) {
            EN(ck, "%s %s: MRZ check digit wrong (%s); the document may be misread or altered",
               type_en(d), d->file, en);
            UK(ck, "%s %s: неправильна контрольна цифра MRZ (%s); документ міг бути прочитаний з помилкою або змінений",
               type_uk(d), d->file, uk);
        } else {
            EN(ck, "%s %s: the MRZ could not be read completely", type_en(d), d->file);
            UK(ck, "%s %s: MRZ не вдалося прочитати повністю", type_uk(d), d->file);
        }
    } else {
        unreadable_fields(&d->mrz, en, sizeof en, uk, sizeof uk);
        if (en[0]) {
            ck->status = DEC_REVIEW;
            EN(ck, "%s %s: unreadable in the MRZ: %s", type_en(d), d->file, en);
            UK(ck, "%s %s: у MRZ не прочитано: %s", type_uk(d), d->file, uk);
        } else if (low_confidence(pol, d)) {
            ck->status = DEC_REVIEW;
            EN(ck, "%s %s: MRZ read with low confidence (%.2f, threshold %.2f); check it by eye",
               type_en(d), d->file, d->confidence, policy_min_confidence(pol));
            UK(ck, "%s %s: MRZ прочитано з низькою впевненістю (%.2f, поріг %.2f); перевірте візуально",
               type_uk(d), d->file, d->confidence, policy_min_confidence(pol));
        } else {
            ck->status = DEC_PASS;
            EN(ck, "%s %s: MRZ %s, every check digit right", type_en(d), d->file, d->mrz.format);
            UK(ck, "%s %s: MRZ %s, усі контрольні цифри правильні", type_uk(d), d->file, d->mrz.format);
        }
    }
    /* Other travel documents: note them; one naming another person is doubt. */
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *o = &c->docs[i];
        if ((int)i == t || !is_travel(o))
            continue;
        id_person a = person_of_mrz(&d->mrz), b = person_of_mrz(&o->mrz);
        a.nationality = b.nationality = NULL;    /* dual nationals hold two passports */
        id_result ir;
        char nen[DEC_TEXT_MAX], nuk[DEC_TEXT_MAX * 2];
        if (identity_compare(&a, &b, &ir) == ID_DIFFERENT) {
            ck->status = ck->status == DEC_PASS ? DEC_REVIEW : ck->status;
            EN_ADD(ck, "; another travel document, %s, names a different person (%s)", o->file, ir.why_en);
            UK_ADD(ck, "; інший проїзний документ, %s, належить іншій особі (%s)", o->file, ir.why_uk);
            evidence(ck, o->file);
        }
        fmt(nen, sizeof nen, "more than one travel document: used %s, not %s (%s MRZ, %s)", d->file,
            o->file, o->mrz.valid ? "valid" : "doubtful",
            o->mrz.date_of_expiry.state == DEC_DATE_KNOWN ? "expiry read" : "expiry unreadable");
        fmt(nuk, sizeof nuk, "кілька проїзних документів: використано %s, а не %s (MRZ %s)", d->file,
            o->file, o->mrz.valid ? "правильна" : "сумнівна");
        note(r, nen, nuk);
    }
}

static void check_document_validity(const policy *pol, vdate as_of, const dec_case *c, int t,
                                    dec_check *ck)
{
    char b1[11], b2[11];
    const dec_doc *d = travel_or_incomplete(c, t, ck, "no travel document", "немає проїзного документа");
    if (d == NULL)
        return;
    const dec_date *e = &d->mrz.date_of_expiry;
    if (review_unless_read(ck, e, "expiry date of %s unreadable", "дату закінчення строку дії %s не прочитано",
                           d->file))
        return;
    bool expired = days_of(e->date) < days_of(as_of);
    if (d->mrz.ck_date_of_expiry == 0) {
        ck->status = DEC_REVIEW;
        EN(ck, "expiry date read as %s, but its check digit is wrong", iso(e->date, b1));
        UK(ck, "дату закінчення строку дії прочитано як %s, але її контрольна цифра неправильна", iso(e->date, b1));
        return;
    }
    if (expired) {
        ck->status = DEC_FAIL;
        EN(ck, "expired on %s (as of %s)", iso(e->date, b1), iso(as_of, b2));
        UK(ck, "строк дії закінчився %s (станом на %s)", iso(e->date, b1), iso(as_of, b2));
        return;
    }
    if (!d->mrz.valid || low_confidence(pol, d)) {
        ck->status = DEC_REVIEW;
        EN(ck, "valid until %s, but the MRZ is in doubt (see travel_document)", iso(e->date, b1));
        UK(ck, "дійсний до %s, але MRZ сумнівна (див. travel_document)", iso(e->date, b1));
        return;
    }
    ck->status = DEC_PASS;
    EN(ck, "valid until %s (as of %s)", iso(e->date, b1), iso(as_of, b2));
    UK(ck, "дійсний до %s (станом на %s)", iso(e->date, b1), iso(as_of, b2));
}

static void check_age(const policy *pol, vdate as_of, const dec_case *c, int t, dec_check *ck)
{
    char b1[11], b2[11];
    const dec_doc *d = travel_or_incomplete(c, t, ck, "no travel document", "немає проїзного документа");
    if (d == NULL)
        return;
    const dec_date *b = &d->mrz.date_of_birth;
    if (review_unless_read(ck, b, "date of birth unreadable in %s", "дату народження в %s не прочитано", d->file))
        return;
    int age = vdate_years_between(b->date, as_of);
    int min = policy_min_age(pol);
    if (days_of(b->date) > days_of(as_of)) {
        ck->status = DEC_REVIEW;
        EN(ck, "date of birth %s is after the as-of date %s", iso(b->date, b1), iso(as_of, b2));
        UK(ck, "дата народження %s пізніша за дату перевірки %s", iso(b->date, b1), iso(as_of, b2));
        return;
    }
    if (d->mrz.ck_date_of_birth == 0) {
        ck->status = DEC_REVIEW;
        EN(ck, "date of birth read as %s, but its check digit is wrong", iso(b->date, b1));
        UK(ck, "дату народження прочитано як %s, але її контрольна цифра неправильна", iso(b->date, b1));
        return;
    }
    if (age < min) {
        ck->status = DEC_FAIL;
        EN(ck, "%d years old on %s (born %s); minimum age %d", age, iso(as_of, b2), iso(b->date, b1), min);
        UK(ck, "%d р. станом на %s (народж. %s); мінімальний вік %d", age, iso(as_of, b2), iso(b->date, b1), min);
        return;
    }
    if (!d->mrz.valid || low_confidence(pol, d)) {
        ck->status = DEC_REVIEW;
        EN(ck, "%d years old on %s, but the MRZ is in doubt (see travel_document)", age, iso(as_of, b2));
        UK(ck, "%d р. станом на %s, але MRZ сумнівна (див. travel_document)", age, iso(as_of, b2));
        return;
    }
    ck->status = DEC_PASS;
    EN(ck, "%d years old on %s (born %s; minimum %d)", age, iso(as_of, b2), iso(b->date, b1), min);
    UK(ck, "%d р. станом на %s (народж. %s; мінімум %d)", age, iso(as_of, b2), iso(b->date, b1), min);
}

/* Problems with the declared entries; returns how many (first one described). */
static int entry_problems(const dec_applicant *a, vdate as_of, char *en, size_t enn, char *uk, size_t ukn)
{
    int n = a->nbad_entries;
    char b1[11], b2[11];
    en[0] = uk[0] = '\0';
    if (a->nbad_entries > 0) {
        fmt(en, enn, "%d declared stay(s) have unreadable dates", a->nbad_entries);
        fmt(uk, ukn, "у %d заявленому(их) перебуванні(ях) дати не прочитано", a->nbad_entries);
    }
    for (int i = 0; i < a->nentries; i++) {
        const stay_period *s = &a->entries[i];
        stay_problem p = stay_check(s, as_of);
        if (p == STAY_OK)
            continue;
        if (n++ > 0)
            continue;
        switch (p) {
        case STAY_ENTERED_FUTURE:
            fmt(en, enn, "stay %d: entered %s, after the as-of date", i + 1, iso(s->entered, b1));
            fmt(uk, ukn, "перебування %d: в'їзд %s — пізніше за дату перевірки", i + 1, iso(s->entered, b1));
            break;
        case STAY_LEFT_FUTURE:
            fmt(en, enn, "stay %d: left %s, after the as-of date", i + 1, iso(s->left, b1));
            fmt(uk, ukn, "перебування %d: виїзд %s — пізніше за дату перевірки", i + 1, iso(s->left, b1));
            break;
        case STAY_LEFT_BEFORE_ENTERED:
            fmt(en, enn, "stay %d: left %s before entering %s", i + 1, iso(s->left, b1), iso(s->entered, b2));
            fmt(uk, ukn, "перебування %d: виїзд %s раніше за в'їзд %s", i + 1, iso(s->left, b1), iso(s->entered, b2));
            break;
        default:
            break;
        }
    }
    return n;
}

enum { SD_GOOD, SD_DOUBT, SD_OTHER_PERSON, SD_EXPIRED, SD_NOT_UKRAINIAN };

static void check_legal_stay(const policy *pol, vdate as_of, const dec_case *c, int t, dec_check *ck,
                             dec_report *r)
{
    char b1[11], b2[11];
    const dec_doc *td = travel_or_incomplete(c, t, ck, "no travel document, so the nationality is unknown",
                                             "немає проїзного документа, тому громадянство невідоме");
    if (td == NULL)
        return;
    const char *nat = td->mrz.nationality;

    /* Ukrainian residence permits and visas, each judged on its own. */
    int good = -1, doubt = -1, other = -1, expired = -1;
    id_result other_ir;
    memset(&other_ir, 0, sizeof other_ir);
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *d = &c->docs[i];
        bool permit = is_permit_like(pol, d), visa = is_visa_like(d);
        if (!permit && !visa)
            continue;
        const dec_mrz *m = &d->mrz;
        bool ukr = m->present && strcmp(m->issuing_state, "UKR") == 0;
        bool kind_ok = permit ? (ukr && strcmp(m->format, "TD1") == 0 &&
                                 policy_is_residence_permit_code(pol, m->document_code))
                              : (ukr && (strcmp(m->format, "MRVA") == 0 || strcmp(m->format, "MRVB") == 0));
        if (!kind_ok) {
            char nen[DEC_TEXT_MAX], nuk[DEC_TEXT_MAX * 2];
            if (m->present && m->format[0] && !ukr && mrz_country_known(m->issuing_state)) {
                fmt(nen, sizeof nen, "%s is a %s issued by %s, not by Ukraine; it does not count for legal stay",
                    d->file, visa ? "visa" : "residence permit", m->issuing_state[0] ? m->issuing_state : "?");
                fmt(nuk, sizeof nuk, "%s — %s, видана не Україною (%s); для законного перебування не враховується",
                    d->file, visa ? "віза" : "посвідка", m->issuing_state[0] ? m->issuing_state : "?");
                note(r, nen, nuk);
                continue;
            }
            /* Ukrainian but unreadable, or of a code the policy does not
             * list: a document we cannot rely on, yet cannot ignore. */
            if (doubt < 0)
                doubt = (int)i;
            continue;
        }
        id_person a = person_of_mrz(&td->mrz), b = person_of_mrz(m);
        id_result ir;
        id_verdict v = identity_compare(&a, &b, &ir);
        bool exp_known = m->date_of_expiry.state == DEC_DATE_KNOWN;
        bool is_expired = exp_known && days_of(m->date_of_expiry.date) < days_of(as_of);
        bool in_doubt = !m->valid || low_confidence(pol, d) || !exp_known;
        if (v == ID_DIFFERENT) {
            if (other < 0) {
                other = (int)i;
                other_ir = ir;
            }
        } else if (is_expired && m->ck_date_of_expiry != 0) {
            if (expired < 0)
                expired = (int)i;
        } else if (v == ID_SAME && !in_doubt) {
            if (good < 0)
                good = (int)i;
        } else if (doubt < 0) {
            doubt = (int)i;
        }
    }
    if (good >= 0) {
        const dec_doc *d = &c->docs[good];
        ck->status = DEC_PASS;
        r->stay_doc = good;
        evidence(ck, d->file);
        if (is_visa_like(d)) {
            EN(ck, "Ukrainian visa %s valid until %s", d->file, iso(d->mrz.date_of_expiry.date, b1));
            UK(ck, "українська віза %s дійсна до %s", d->file, iso(d->mrz.date_of_expiry.date, b1));
        } else {
            EN(ck, "Ukrainian residence permit %s valid until %s", d->file, iso(d->mrz.date_of_expiry.date, b1));
            UK(ck, "посвідка на проживання в Україні %s дійсна до %s", d->file,
               iso(d->mrz.date_of_expiry.date, b1));
        }
        return;
    }

    /* Visa-free stay from the declared entries. */
    const dec_applicant *ap = c->applicant;
    bool ukr_national = strcmp(nat, "UKR") == 0;
    bool visa_free = nat[0] && policy_is_visa_free(pol, nat, as_of);
    dec_status vf_status = DEC_REVIEW;
    char vf_en[DEC_TEXT_MAX] = "", vf_uk[DEC_TEXT_MAX * 2] = "";
    if (visa_free) {
        int limit = policy_stay_limit_days(pol), window = policy_stay_window_days(pol);
        char pen[DEC_TEXT_MAX], puk[DEC_TEXT_MAX * 2];
        const char *iss = td->mrz.issuing_state;
        bool issuer_differs = iss[0] && strcmp(strcmp(iss, "D") == 0 ? "DEU" : iss,
                                               strcmp(nat, "D") == 0 ? "DEU" : nat) != 0;
        if (issuer_differs || iss[0] == '\0') {
            /* No check digit covers the nationality: a visa-free one is
             * trusted only when the issuing state agrees with it. */
            vf_status = DEC_REVIEW;
            fmt(vf_en, sizeof vf_en, "nationality %s is visa-free, but %s was issued by %s: check the nationality by eye",
                nat, td->file, iss[0] ? iss : "an unreadable state");
            fmt(vf_uk, sizeof vf_uk, "громадянство %s — безвізове, але %s видано державою %s: перевірте громадянство візуально",
                nat, td->file, iss[0] ? iss : "(не прочитано)");
        } else if (ap == NULL || !ap->present || ap->malformed || !ap->entries_declared ||
            (ap->nentries == 0 && ap->nbad_entries == 0)) {
            vf_status = DEC_REVIEW;
            fmt(vf_en, sizeof vf_en, "%s nationals are visa-free for %d days in %d, but no entries into Ukraine were declared%s",
                nat, limit, window, ap && ap->malformed ? " (applicant.json is malformed)" : "");
            fmt(vf_uk, sizeof vf_uk, "громадяни %s можуть перебувати без візи %d днів із %d, але дати в'їзду в Україну не заявлено%s",
                nat, limit, window, ap && ap->malformed ? " (applicant.json пошкоджено)" : "");
        } else if (entry_problems(ap, as_of, pen, sizeof pen, puk, sizeof puk) > 0) {
            vf_status = DEC_REVIEW;
            fmt(vf_en, sizeof vf_en, "declared stays are inconsistent: %s", pen);
            fmt(vf_uk, sizeof vf_uk, "заявлені перебування суперечливі: %s", puk);
        } else {
            int days = stay_days_in_window(ap->entries, (size_t)ap->nentries, as_of, window);
            long last = -1;
            int li = 0;
            for (int i = 0; i < ap->nentries; i++)
                if (days_of(ap->entries[i].entered) > last) {
                    last = days_of(ap->entries[i].entered);
                    li = i;
                }
            vf_status = days <= limit ? DEC_PASS : DEC_FAIL;
            fmt(vf_en, sizeof vf_en, "visa-free (%s): entered %s, %d days in the last %d, limit %d%s", nat,
                iso(ap->entries[li].entered, b1), days, window, limit, days > limit ? " — overstay" : "");
            fmt(vf_uk, sizeof vf_uk, "безвізовий режим (%s): в'їзд %s, %d дн. за останні %d, ліміт %d%s", nat,
                iso(ap->entries[li].entered, b1), days, window, limit, days > limit ? " — перевищено" : "");
        }
        if (vf_status == DEC_PASS) {
            ck->status = DEC_PASS;
            EN(ck, "%s", vf_en);
            UK(ck, "%s", vf_uk);
            evidence(ck, "applicant.json");
            return;
        }
    }
    if (doubt >= 0) {
        const dec_doc *d = &c->docs[doubt];
        ck->status = DEC_REVIEW;
        evidence(ck, d->file);
        EN(ck, "%s %s is in doubt (MRZ wrong or unreadable, low confidence, or identity not confirmed); check it by eye",
           type_en(d), d->file);
        UK(ck, "%s %s сумнівна (MRZ неправильна чи нечитабельна, низька впевненість або особу не підтверджено); перевірте візуально",
           type_uk(d), d->file);
        return;
    }
    if (other >= 0) {
        const dec_doc *d = &c->docs[other];
        ck->status = DEC_REVIEW;
        evidence(ck, d->file);
        EN(ck, "%s %s belongs to a different person (%s)", type_en(d), d->file, other_ir.why_en);
        UK(ck, "%s %s належить іншій особі (%s)", type_uk(d), d->file, other_ir.why_uk);
        return;
    }
    if (visa_free) {
        ck->status = vf_status;
        EN(ck, "%s", vf_en);
        UK(ck, "%s", vf_uk);
        evidence(ck, "applicant.json");
        return;
    }
    if (expired >= 0) {
        const dec_doc *d = &c->docs[expired];
        ck->status = DEC_FAIL;
        evidence(ck, d->file);
        EN(ck, "the only %s presented, %s, expired on %s (as of %s)", type_en(d), d->file,
           iso(d->mrz.date_of_expiry.date, b1), iso(as_of, b2));
        UK(ck, "єдина подана %s, %s, втратила чинність %s (станом на %s)", type_uk(d), d->file,
           iso(d->mrz.date_of_expiry.date, b1), iso(as_of, b2));
        return;
    }
    if (nat[0] == '\0' || !mrz_country_known(nat)) {
        ck->status = DEC_REVIEW;
        EN(ck, "nationality %s in %s, so the visa rule cannot be applied",
           nat[0] ? "code not a known country code" : "unreadable", td->file);
        UK(ck, "громадянство в %s %s, тому візовий режим визначити неможливо", td->file,
           nat[0] ? "має невідомий код" : "не прочитано");
        return;
    }
    if (ukr_national) {
        ck->status = DEC_REVIEW;
        EN(ck, "the travel document states Ukrainian nationality; the procedure for foreigners may not apply");
        UK(ck, "у проїзному документі зазначено громадянство України; порядок для іноземців може не застосовуватися");
        return;
    }
    ck->status = DEC_INCOMPLETE;
    if (strlen(nat) == 3 && nat[0] == 'X' && nat[1] == 'X') {
        EN(ck, "stateless person or refugee (%s): a Ukrainian residence permit or visa is needed; none presented", nat);
        UK(ck, "особа без громадянства або біженець (%s): потрібна посвідка на проживання чи віза України; не подано", nat);
    } else {
        EN(ck, "%s nationals need a Ukrainian visa or residence permit; none presented", nat);
        UK(ck, "громадянам %s потрібна українська віза або посвідка на проживання; не подано", nat);
    }
}

static bool cert_in_doubt(const policy *pol, const dec_doc *d)
{
    return low_confidence(pol, d);
}

static void check_criminal_record(const policy *pol, const dec_case *c, int t, int cert, dec_check *ck)
{
    if (certificate_or_incomplete(c, cert, ck) == NULL)
        return;
    /* A record stated on any certificate not plainly someone else's. */
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *d = &c->docs[i];
        if (!is_certificate(d) || d->cert.result != CERT_RECORD)
            continue;
        id_result ir;
        if (t >= 0 && compare_holder(&c->docs[t], d, &ir) == ID_DIFFERENT)
            continue;
        evidence(ck, d->file);
        if (cert_in_doubt(pol, d)) {
            ck->status = DEC_REVIEW;
            EN(ck, "certificate %s seems to state a record, but was read with low confidence; check it by eye", d->file);
            UK(ck, "довідка %s, схоже, містить відомості про судимість, але прочитана з низькою впевненістю; перевірте візуально", d->file);
        } else {
            ck->status = DEC_FAIL;
            EN(ck, "certificate %s (%s) states a criminal record", d->file, d->cert.country[0] ? d->cert.country : "?");
            UK(ck, "довідка %s (%s) містить відомості про судимість", d->file, d->cert.country[0] ? d->cert.country : "?");
        }
        return;
    }
    const dec_doc *d = &c->docs[cert];
    evidence(ck, d->file);
    if (d->cert.result == CERT_NO_RECORD && !cert_in_doubt(pol, d)) {
        ck->status = DEC_PASS;
        EN(ck, "certificate %s (%s) states no record", d->file, d->cert.country[0] ? d->cert.country : "?");
        UK(ck, "довідка %s (%s): судимості немає", d->file, d->cert.country[0] ? d->cert.country : "?");
    } else if (d->cert.result == CERT_NO_RECORD) {
        ck->status = DEC_REVIEW;
        EN(ck, "certificate %s seems to state no record, but was read with low confidence; check it by eye", d->file);
        UK(ck, "довідка %s, схоже, без судимості, але прочитана з низькою впевненістю; перевірте візуально", d->file);
    } else {
        ck->status = DEC_REVIEW;
        EN(ck, "could not determine from certificate %s whether there is a record", d->file);
        UK(ck, "з довідки %s не вдалося визначити, чи є судимість", d->file);
    }
}

static void check_certificate_freshness(const policy *pol, vdate as_of, const dec_case *c, int cert,
                                        dec_check *ck)
{
    char b1[11], b2[11];
    const dec_doc *d = certificate_or_incomplete(c, cert, ck);
    if (d == NULL)
        return;
    evidence(ck, d->file);
    int max = policy_max_certificate_age(pol);
    if (review_unless_read(ck, &d->cert.issued, "issue date of certificate %s unreadable",
                           "дату видачі довідки %s не прочитано", d->file))
        return;
    long age = days_of(as_of) - days_of(d->cert.issued.date);
    iso(d->cert.issued.date, b1);
    iso(as_of, b2);
    if (d->cert.issued_reread) {
        /* the labelled line's first reading held no date: a second
         * reading of a damaged line may have lost or changed digits (or the
         * date came from the place-and-date line instead), and freshness
         * rests on it */
        ck->status = DEC_REVIEW;
        EN(ck, "issue date of certificate %s read as %s only on a second attempt (its "
           "corrections say how); check it on the certificate", d->file, b1);
        UK(ck, "дату видачі довідки %s прочитано як %s лише з другої спроби (як саме, "
           "сказано у виправленнях); перевірте її на довідці", d->file, b1);
    } else if (age < 0) {
        ck->status = DEC_REVIEW;
        EN(ck, "certificate %s is dated %s, after the as-of date %s", d->file, b1, b2);
        UK(ck, "довідка %s датована %s — пізніше за дату перевірки %s", d->file, b1, b2);
    } else if (age > max) {
        ck->status = DEC_INCOMPLETE;
        EN(ck, "issued %s, %ld days before %s; limit %d days: a newer certificate is needed", b1, age, b2, max);
        UK(ck, "видана %s, за %ld днів до %s; ліміт %d днів: потрібна новіша довідка", b1, age, b2, max);
    } else if (low_confidence(pol, d)) {
        ck->status = DEC_REVIEW;
        EN(ck, "issued %s, %ld days before %s (limit %d), but read with low confidence", b1, age, b2, max);
        UK(ck, "видана %s, за %ld днів до %s (ліміт %d), але прочитана з низькою впевненістю", b1, age, b2, max);
    } else {
        ck->status = DEC_PASS;
        EN(ck, "issued %s, %ld days before %s (limit %d)", b1, age, b2, max);
        UK(ck, "видана %s, за %ld днів до %s (ліміт %d)", b1, age, b2, max);
    }
}

static void check_certificate_holder(const policy *pol, const dec_case *c, int t, int cert, dec_check *ck)
{
    const dec_doc *d = certificate_or_incomplete(c, cert, ck);
    if (d == NULL)
        return;
    evidence(ck, d->file);
    if (t < 0) {
        ck->status = DEC_REVIEW;
        EN(ck, "no travel document to compare the certificate holder with");
        UK(ck, "немає проїзного документа, з яким можна порівняти власника довідки");
        return;
    }
    const dec_doc *td = &c->docs[t];
    evidence(ck, td->file);
    id_result ir;
    id_verdict v = compare_holder(td, d, &ir);
    if (v == ID_SAME && !low_confidence(pol, d)) {
        ck->status = DEC_PASS;
        EN(ck, "name and date of birth on %s match %s %s", d->file, type_en(td), td->file);
        UK(ck, "ім'я та дата народження в %s збігаються з документом %s (%s)", d->file, td->file, type_uk(td));
        if (ir.noise_tolerated || ir.prefix_used) {
            EN_ADD(ck, " (%s)", ir.why_en);
            UK_ADD(ck, " (%s)", ir.why_uk);
        }
    } else if (v == ID_SAME) {
        ck->status = DEC_REVIEW;
        EN(ck, "holder of %s seems to match %s, but the certificate was read with low confidence", d->file, td->file);
        UK(ck, "власник довідки %s, схоже, збігається з %s, але довідку прочитано з низькою впевненістю", d->file, td->file);
    } else if (v == ID_DIFFERENT) {
        ck->status = DEC_REVIEW;
        EN(ck, "certificate %s names a different person than %s %s (%s)", d->file, type_en(td), td->file, ir.why_en);
        UK(ck, "довідка %s видана іншій особі, ніж %s %s (%s)", d->file, type_uk(td), td->file, ir.why_uk);
    } else {
        ck->status = DEC_REVIEW;
        EN(ck, "holder of %s could not be compared with %s (%s)", d->file, td->file, ir.why_en);
        UK(ck, "власника довідки %s не вдалося порівняти з %s (%s)", d->file, td->file, ir.why_uk);
    }
}

static bool docnum_equal(const char *a, const char *b)
{
    /* Compare ignoring fillers, spaces and case. */
    for (;;) {
        while (*a == '<' || *a == ' ' || *a == '-')
            a++;
        while (*b == '<' || *b == ' ' || *b == '-')
            b++;
        if (*a == '\0' || *b == '\0')
            return *a == *b;
        char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;
        char y = *b >= 'a' && *b <= 'z' ? (char)(*b - 32) : *b;
        if (x != y)
            return false;
        a++;
        b++;
    }
}

static void check_applicant_data(const policy *pol, vdate as_of, const dec_case *c, int t, dec_check *ck)
{
    (void)pol;
    const dec_applicant *ap = c->applicant;
    if (ap == NULL || !ap->present) {
        ck->status = DEC_PASS;
        EN(ck, "no applicant.json; nothing declared to compare");
        UK(ck, "applicant.json немає; заявлених даних для порівняння немає");
        return;
    }
    evidence(ck, "applicant.json");
    if (ap->malformed) {
        ck->status = DEC_REVIEW;
        EN(ck, "applicant.json is malformed: %s", ap->error);
        UK(ck, "applicant.json пошкоджено: %s", ap->error);
        return;
    }
    char en[DEC_TEXT_MAX] = "", uk[DEC_TEXT_MAX * 2] = "";
    char ok_en[DEC_TEXT_MAX] = "", ok_uk[DEC_TEXT_MAX * 2] = "";
    bool declared_any = ap->has_surname || ap->has_given_names || ap->date_of_birth.state != DEC_DATE_ABSENT ||
                        ap->has_nationality || ap->has_sex || ap->has_document_number;
    ck->status = DEC_PASS;
    if (declared_any && t < 0) {
        ck->status = DEC_REVIEW;
        add(en, sizeof en, "no travel document to compare the declared data with");
        add(uk, sizeof uk, "немає проїзного документа для порівняння заявлених даних");
    } else if (declared_any) {
        const dec_doc *td = &c->docs[t];
        const dec_mrz *m = &td->mrz;
        evidence(ck, td->file);
        if (ap->has_surname || ap->has_given_names) {
            id_person a = person_of_mrz(m);
            id_person b = {.surname = ap->has_surname ? ap->surname : m->surname,
                           .given_names = ap->has_given_names ? ap->given_names : m->given_names};
            id_result ir;
            memset(&ir, 0, sizeof ir);
            bool dob_same = ap->date_of_birth.state == DEC_DATE_KNOWN && m->date_of_birth.state == DEC_DATE_KNOWN &&
                            days_of(ap->date_of_birth.date) == days_of(m->date_of_birth.date);
            id_verdict v = identity_names_match(&a, &b, dob_same, &ir);
            if (v == ID_SAME) {
                item(ok_en, sizeof ok_en, ok_uk, sizeof ok_uk, ", ", "name", "ім'я");
            } else {
                ck->status = DEC_REVIEW;
                add(en, sizeof en, "%sdeclared name %s the %s", en[0] ? "; " : "",
                    v == ID_DIFFERENT ? "differs from" : "could not be compared with", type_en(td));
                add(uk, sizeof uk, "%sзаявлене ім'я %s", uk[0] ? "; " : "",
                    v == ID_DIFFERENT ? "не збігається з документом" : "не вдалося порівняти з документом");
            }
        }
        if (ap->date_of_birth.state != DEC_DATE_ABSENT) {
            char b1[11], b2[11];
            if (m->date_of_birth.state != DEC_DATE_KNOWN) {
                ck->status = DEC_REVIEW;
                item(en, sizeof en, uk, sizeof uk, "; ", "date of birth unreadable in %s",
                     "дату народження в %s не прочитано", td->file);
            } else if (days_of(ap->date_of_birth.date) != days_of(m->date_of_birth.date)) {
                ck->status = DEC_REVIEW;
                item(en, sizeof en, uk, sizeof uk, "; ", "declared date of birth %s, document %s",
                     "заявлена дата народження %s, у документі %s", iso(ap->date_of_birth.date, b1),
                     iso(m->date_of_birth.date, b2));
            } else {
                item(ok_en, sizeof ok_en, ok_uk, sizeof ok_uk, ", ", "date of birth", "дата народження");
            }
        }
        if (ap->has_nationality) {
            const char *x = strcmp(ap->nationality, "D") == 0 ? "DEU" : ap->nationality;
            const char *y = strcmp(m->nationality, "D") == 0 ? "DEU" : m->nationality;
            if (strcmp(x, y) != 0) {
                ck->status = DEC_REVIEW;
                add(en, sizeof en, "%sdeclared nationality %s, document %s", en[0] ? "; " : "", ap->nationality,
                    m->nationality[0] ? m->nationality : "unreadable");
                add(uk, sizeof uk, "%sзаявлене громадянство %s, у документі %s", uk[0] ? "; " : "", ap->nationality,
                    m->nationality[0] ? m->nationality : "не прочитано");
            } else {
                item(ok_en, sizeof ok_en, ok_uk, sizeof ok_uk, ", ", "nationality", "громадянство");
            }
        }
        if (ap->has_sex) {
            if (ap->sex != m->sex) {
                ck->status = DEC_REVIEW;
                item(en, sizeof en, uk, sizeof uk, "; ", "declared sex %c, document %c",
                     "заявлена стать %c, у документі %c", ap->sex ? ap->sex : '?', m->sex ? m->sex : '?');
            } else {
                item(ok_en, sizeof ok_en, ok_uk, sizeof ok_uk, ", ", "sex", "стать");
            }
        }
        if (ap->has_document_number) {
            /* Several documents may be declared by number; any may match. */
            bool found = false;
            for (size_t i = 0; i < c->ndocs && !found; i++)
                found = c->docs[i].mrz.present && docnum_equal(ap->document_number, c->docs[i].mrz.document_number);
            if (!found) {
                ck->status = DEC_REVIEW;
                item(en, sizeof en, uk, sizeof uk, "; ", "declared document number matches no document",
                     "заявлений номер документа не збігається з жодним документом");
            } else {
                item(ok_en, sizeof ok_en, ok_uk, sizeof ok_uk, ", ", "document number", "номер документа");
            }
        }
    }
    char pen[DEC_TEXT_MAX], puk[DEC_TEXT_MAX * 2];
    if (entry_problems(ap, as_of, pen, sizeof pen, puk, sizeof puk) > 0) {
        ck->status = DEC_REVIEW;
        add(en, sizeof en, "%s%s", en[0] ? "; " : "", pen);
        add(uk, sizeof uk, "%s%s", uk[0] ? "; " : "", puk);
    }
    if (ck->status == DEC_PASS) {
        if (ok_en[0]) {
            EN(ck, "declared data match the %s: %s", t >= 0 ? type_en(&c->docs[t]) : "documents", ok_en);
            UK(ck, "заявлені дані збігаються з документом: %s", ok_uk);
        } else {
            EN(ck, "applicant.json declares no personal data to compare");
            UK(ck, "applicant.json не містить особистих даних для порівняння");
        }
        if (ap->entries_declared) {
            EN_ADD(ck, "; %d stay(s) declared", ap->nentries);
            UK_ADD(ck, "; заявлено перебувань: %d", ap->nentries);
        }
    } else {
        EN(ck, "%s", en);
        UK(ck, "%s", uk);
    }
}

void decide(const policy *pol, vdate as_of, const dec_case *c, dec_report *r)
{
    memset(r, 0, sizeof *r);
    for (int i = 0; i < DEC_NCHECKS; i++)
        r->checks[i].id = (dec_check_id)i;
    int t = choose_travel(c, as_of);
    int cert = choose_certificate(c, t);
    r->travel_doc = t;
    r->certificate = cert;
    r->stay_doc = -1;

    check_travel_document(pol, c, t, &r->checks[DEC_TRAVEL_DOCUMENT], r);
    check_document_validity(pol, as_of, c, t, &r->checks[DEC_DOCUMENT_VALIDITY]);
    check_age(pol, as_of, c, t, &r->checks[DEC_AGE]);
    check_legal_stay(pol, as_of, c, t, &r->checks[DEC_LEGAL_STAY], r);
    check_criminal_record(pol, c, t, cert, &r->checks[DEC_CRIMINAL_RECORD]);
    check_certificate_freshness(pol, as_of, c, cert, &r->checks[DEC_CERTIFICATE_FRESHNESS]);
    check_certificate_holder(pol, c, t, cert, &r->checks[DEC_CERTIFICATE_HOLDER]);
    check_applicant_data(pol, as_of, c, t, &r->checks[DEC_APPLICANT_DATA]);

    size_t ncert = 0;
    for (size_t i = 0; i < c->ndocs; i++)
        ncert += is_certificate(&c->docs[i]);
    if (ncert > 1) {
        char en[DEC_TEXT_MAX], uk[DEC_TEXT_MAX * 2];
        fmt(en, sizeof en, "%zu certificates were found; used %s", ncert, c->docs[cert].file);
        fmt(uk, sizeof uk, "знайдено довідок: %zu; використано %s", ncert, c->docs[cert].file);
        note(r, en, uk);
    }
    for (size_t i = 0; i < c->ndocs; i++) {
        const dec_doc *d = &c->docs[i];
        if (d->type != DOC_UNKNOWN || is_travel(d) || is_visa_like(d) || is_permit_like(pol, d) || d->cert.present)
            continue;
        char en[DEC_TEXT_MAX], uk[DEC_TEXT_MAX * 2];
        fmt(en, sizeof en, "%s, page %d: not recognised as any document%s", d->file, d->page + 1,
            d->mrz.present ? " (an MRZ that could not be read)" : "");
        fmt(uk, sizeof uk, "%s, с. %d: документ не розпізнано%s", d->file, d->page + 1,
            d->mrz.present ? " (MRZ, яку не вдалося прочитати)" : "");
        note(r, en, uk);
    }
    for (size_t i = 0; i < c->nunreadable; i++) {
        char en[DEC_TEXT_MAX], uk[DEC_TEXT_MAX * 2];
        fmt(en, sizeof en, "file %s could not be read", c->unreadable[i]);
        fmt(uk, sizeof uk, "файл %s не вдалося прочитати", c->unreadable[i]);
        note(r, en, uk);
    }
    dec_status st[DEC_NCHECKS];
    for (int i = 0; i < DEC_NCHECKS; i++)
        st[i] = r->checks[i].status;
    r->decision = decide_rule(st);
}
