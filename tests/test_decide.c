/* Unit tests for validators/decide.c: every cell of CONTRACT.md §4's check
 * table, the legal-stay bullets, and the decision rule. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "decide.h"

static policy *pol;
static const vdate AS_OF = {2024, 3, 1};

static void load_policy(void)
{
    char err[512];
    const char *path = access("validators/national-guard.policy", R_OK) == 0 ? "validators/national-guard.policy"
                                                                            : "../validators/national-guard.policy";
    pol = policy_load(path, err, sizeof err);
    ck_assert_msg(pol != NULL, "%s", err);
}

static void free_policy(void)
{
    policy_free(pol);
    pol = NULL;
}

static vdate D(int y, int m, int d)
{
    vdate v = {y, m, d};
    return v;
}

static vdate plus(vdate d, long n)
{
    return vdate_from_days(vdate_to_days(d) + n);
}

static dec_date known(vdate d)
{
    dec_date x = {DEC_DATE_KNOWN, d};
    return x;
}

static dec_date unreadable(void)
{
    dec_date x = {DEC_DATE_UNREADABLE, {0, 0, 0}};
    return x;
}

/* A case under construction. */
typedef struct tcase_data {
    dec_doc docs[8];
    size_t ndocs;
    dec_applicant app;
    bool has_app;
    const char *unreadable[4];
    size_t nunreadable;
    dec_report rep;
} tcase_data;

static tcase_data T;

static dec_mrz mrz(const char *format, const char *code, const char *issuer, const char *nat, const char *sur,
                   const char *given, vdate dob, vdate expiry)
{
    dec_mrz m;
    memset(&m, 0, sizeof m);
    m.present = true;
    snprintf(m.format, sizeof m.format, "%s", format);
    m.valid = true;
    m.ck_document_number = m.ck_date_of_birth = m.ck_date_of_expiry = 1;
    bool visa = strncmp(format, "MRV", 3) == 0;
    m.ck_personal_number = strcmp(format, "TD3") == 0 ? 1 : -1;
    m.ck_composite = visa ? -1 : 1;
    snprintf(m.document_code, sizeof m.document_code, "%s", code);
    snprintf(m.issuing_state, sizeof m.issuing_state, "%s", issuer);
    snprintf(m.nationality, sizeof m.nationality, "%s", nat);
    snprintf(m.surname, sizeof m.surname, "%s", sur);
    snprintf(m.given_names, sizeof m.given_names, "%s", given);
    snprintf(m.document_number, sizeof m.document_number, "X1234567");
    m.sex = 'M';
    m.date_of_birth = known(dob);
    m.date_of_expiry = known(expiry);
    return m;
}

static dec_doc *add_doc(const char *file, dec_doc_type type)
{
    dec_doc *d = &T.docs[T.ndocs++];
    memset(d, 0, sizeof *d);
    snprintf(d->file, sizeof d->file, "%s", file);
    d->type = type;
    d->has_confidence = true;
    d->confidence = 0.95;
    return d;
}

static dec_doc *passport(const char *nat, vdate dob, vdate expiry)
{
    dec_doc *d = add_doc("passport.jpg", DOC_PASSPORT);
    d->mrz = mrz("TD3", "P", nat, nat, "DOE", "JOHN", dob, expiry);
    return d;
}

static dec_doc *permit(vdate expiry)
{
    dec_doc *d = add_doc("permit.jpg", DOC_RESIDENCE_PERMIT);
    d->mrz = mrz("TD1", "IR", "UKR", T.docs[0].mrz.nationality, "DOE", "JOHN", T.docs[0].mrz.date_of_birth.date,
                 expiry);
    return d;
}

static dec_doc *visa(vdate expiry)
{
    dec_doc *d = add_doc("visa.jpg", DOC_VISA);
    d->mrz = mrz("MRVA", "V", "UKR", T.docs[0].mrz.nationality, "DOE", "JOHN", T.docs[0].mrz.date_of_birth.date,
                 expiry);
    return d;
}

static dec_doc *certificate(cert_result result, vdate issued)
{
    dec_doc *d = add_doc("cert.pdf", DOC_POLICE_CERTIFICATE);
    d->cert.present = true;
    snprintf(d->cert.country, sizeof d->cert.country, "GBR");
    snprintf(d->cert.surname, sizeof d->cert.surname, "Doe");
    snprintf(d->cert.given_names, sizeof d->cert.given_names, "John");
    d->cert.date_of_birth = known(D(1990, 5, 17));
    d->cert.issued = known(issued);
    d->cert.result = result;
    return d;
}

static void entry(vdate in, const vdate *out)
{
    T.has_app = true;
    T.app.present = true;
    T.app.entries_declared = true;
    stay_period *s = &T.app.entries[T.app.nentries++];
    s->entered = in;
    s->has_left = out != NULL;
    if (out)
        s->left = *out;
}

/* The usual good applicant: US passport, 52 days present, fresh certificate. */
static void good_case(void)
{
    memset(&T, 0, sizeof T);
    passport("USA", D(1990, 5, 17), D(2030, 1, 1));
    certificate(CERT_NO_RECORD, D(2024, 1, 15));
    entry(D(2024, 1, 10), NULL);
}

static dec_status run(dec_check_id id)
{
    dec_case c = {.docs = T.docs, .ndocs = T.ndocs, .applicant = T.has_app ? &T.app : NULL,
                  .unreadable = T.unreadable, .nunreadable = T.nunreadable};
    decide(pol, AS_OF, &c, &T.rep);
    /* Every check always has a reason in both languages. */
    for (int i = 0; i < DEC_NCHECKS; i++) {
        ck_assert_int_eq(T.rep.checks[i].id, i);
        ck_assert_msg(T.rep.checks[i].reason_en[0] != '\0', "%s: empty reason", dec_check_name((dec_check_id)i));
        ck_assert(T.rep.checks[i].reason_uk[0] != '\0');
    }
    return T.rep.checks[id].status;
}

#define EXPECT(id, st)                                                                                    \
    do {                                                                                                  \
        dec_status got_ = run(id);                                                                        \
        ck_assert_msg(got_ == (st), "%s: got %s (%s), want %s", dec_check_name(id), dec_status_name(got_), \
                      T.rep.checks[id].reason_en, dec_status_name(st));                                   \
    } while (0)

START_TEST(good_case_is_clear)
{
    good_case();
    for (int i = 0; i < DEC_NCHECKS; i++)
        EXPECT((dec_check_id)i, DEC_PASS);
    ck_assert_str_eq(T.rep.decision, "clear");
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_LEGAL_STAY].reason_en, "entered 2024-01-10, 52 days in the last 180, limit 90"));
    ck_assert_int_eq(T.rep.checks[DEC_AGE].nevidence, 1);
    ck_assert_str_eq(T.rep.checks[DEC_AGE].evidence[0], "passport.jpg");
    ck_assert_ptr_nonnull(strstr(dec_check_basis(DEC_LEGAL_STAY, false), "163/2015"));
    ck_assert_ptr_nonnull(strstr(dec_check_basis(DEC_AGE, false), "84/2024"));
}
END_TEST

/* ---- travel_document ---- */
START_TEST(travel_document_cells)
{
    good_case();
    T.docs[0].mrz.valid = false;
    T.docs[0].mrz.ck_composite = 0;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);
    ck_assert_str_eq(T.rep.decision, "review");

    good_case();
    T.docs[0].mrz.nationality[0] = '\0';
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);

    /* A single name in the given-name field is not an unreadable surname. */
    good_case();
    T.docs[0].mrz.surname[0] = '\0';
    snprintf(T.docs[0].mrz.given_names, DEC_NAME_MAX, "DOE JOHN");
    T.docs[1].cert.surname[0] = '\0';
    snprintf(T.docs[1].cert.given_names, DEC_NAME_MAX, "Doe John");
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_PASS);
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_PASS);
    T.docs[0].mrz.given_names[0] = '\0';
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);

    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "O");     /* "D" misread: no check digit covers it */
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);

    good_case();
    T.docs[0].confidence = 0.2;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);
    ck_assert_str_ne(T.rep.decision, "clear");

    good_case();
    T.docs[0].type = DOC_UNKNOWN;
    T.docs[0].mrz.format[0] = '\0';
    T.docs[0].mrz.valid = false;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_TRAVEL_DOCUMENT].reason_en, "could not be read"));
    /* a single MRZ line cut from a document: review, saying so */
    T.docs[0].mrz.nlines = 1;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_TRAVEL_DOCUMENT].reason_en, "single MRZ line"));
    ck_assert_str_ne(T.rep.decision, "clear");

    good_case();
    T.docs[0] = T.docs[1];
    T.ndocs = 1;
    T.unreadable[T.nunreadable++] = "blurry.jpg";
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_INCOMPLETE);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_TRAVEL_DOCUMENT].reason_en, "blurry.jpg"));
    ck_assert_str_eq(T.rep.decision, "incomplete");

    /* ID card and travel document count; an unknown-type P MRZ too. */
    good_case();
    T.docs[0].type = DOC_ID_CARD;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_PASS);
    good_case();
    T.docs[0].type = DOC_TRAVEL_DOCUMENT;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_PASS);
    good_case();
    T.docs[0].type = DOC_UNKNOWN;
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_PASS);
}
END_TEST

START_TEST(two_passports)
{
    /* An expired and a valid passport of the same person: the valid one is used, with a note. */
    good_case();
    dec_doc *old = passport("USA", D(1990, 5, 17), D(2020, 1, 1));
    snprintf(old->file, sizeof old->file, "old.jpg");
    EXPECT(DEC_DOCUMENT_VALIDITY, DEC_PASS);
    ck_assert_int_eq(T.rep.travel_doc, 0);
    ck_assert_int_ge(T.rep.nnotes, 1);
    ck_assert_str_eq(T.rep.decision, "clear");
    /* A second passport naming someone else is doubt. */
    good_case();
    dec_doc *o = passport("USA", D(1970, 1, 1), D(2030, 1, 1));
    snprintf(o->mrz.surname, sizeof o->mrz.surname, "ROE");
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_REVIEW);
}
END_TEST

/* ---- document_validity ---- */
START_TEST(document_validity_cells)
{
    good_case();
    T.docs[0].mrz.date_of_expiry = known(AS_OF);
    EXPECT(DEC_DOCUMENT_VALIDITY, DEC_PASS);      /* valid through its expiry day */
    T.docs[0].mrz.date_of_expiry = known(plus(AS_OF, -1));
    EXPECT(DEC_DOCUMENT_VALIDITY, DEC_FAIL);
    ck_assert_str_eq(T.rep.decision, "rejected");
    T.docs[0].mrz.date_of_expiry = unreadable();
    EXPECT(DEC_DOCUMENT_VALIDITY, DEC_REVIEW);
    good_case();
    T.docs[0].mrz.ck_date_of_expiry = 0;
    T.docs[0].mrz.valid = false;
    EXPECT(DEC_DOCUMENT_VALIDITY, DEC_REVIEW);
    good_case();
    T.docs[0] = T.docs[1];
    T.ndocs = 1;
    EXPECT(DEC_DOCUMENT_VALIDITY, DEC_INCOMPLETE);
}
END_TEST

/* ---- age ---- */
static const struct {
    vdate born, as_of;
    dec_status want;
} ages[] = {
    {{2006, 3, 1}, {2024, 3, 1}, DEC_PASS},        /* 18th birthday on as-of */
    {{2006, 3, 2}, {2024, 3, 1}, DEC_FAIL},        /* one day short */
    {{2004, 2, 29}, {2022, 2, 28}, DEC_FAIL},      /* leap-day birth, common year */
    {{2004, 2, 29}, {2022, 3, 1}, DEC_PASS},
    {{2004, 2, 29}, {2024, 2, 28}, DEC_PASS},
    {{1950, 1, 1}, {2024, 3, 1}, DEC_PASS},
};

START_TEST(age_table)
{
    memset(&T, 0, sizeof T);
    passport("USA", ages[_i].born, D(2040, 1, 1));
    dec_case c = {.docs = T.docs, .ndocs = T.ndocs};
    decide(pol, ages[_i].as_of, &c, &T.rep);
    ck_assert_msg(T.rep.checks[DEC_AGE].status == ages[_i].want, "row %d: %s", _i, T.rep.checks[DEC_AGE].reason_en);
}
END_TEST

START_TEST(age_cells)
{
    good_case();
    T.docs[0].mrz.date_of_birth = unreadable();
    EXPECT(DEC_AGE, DEC_REVIEW);
    good_case();
    T.docs[0].mrz.ck_date_of_birth = 0;
    T.docs[0].mrz.valid = false;
    T.docs[0].mrz.date_of_birth = known(D(2010, 1, 1));
    EXPECT(DEC_AGE, DEC_REVIEW);                  /* a young age from a wrong check digit is doubt */
    good_case();
    T.docs[0].mrz.date_of_birth = known(plus(AS_OF, 1));
    EXPECT(DEC_AGE, DEC_REVIEW);
    good_case();
    T.docs[0] = T.docs[1];
    T.ndocs = 1;
    EXPECT(DEC_AGE, DEC_INCOMPLETE);
}
END_TEST

/* ---- legal_stay ---- */
START_TEST(legal_stay_pass)
{
    /* Residence permit, visa, visa-free. */
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    T.has_app = false;
    permit(D(2025, 1, 1));
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);
    ck_assert_str_eq(T.rep.decision, "clear");
    permit(AS_OF);      /* a second one expiring today is fine too */
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);

    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    visa(D(2024, 6, 1));
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);

    good_case();
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);
    /* Stateless with a residence permit. */
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "XXA");
    permit(D(2025, 1, 1));
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);
}
END_TEST

START_TEST(legal_stay_90_180)
{
    /* Day 90 passes, day 91 fails. */
    good_case();
    T.app.entries[0].entered = plus(AS_OF, -89);
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_LEGAL_STAY].reason_en, "90 days"));
    T.app.entries[0].entered = plus(AS_OF, -90);
    EXPECT(DEC_LEGAL_STAY, DEC_FAIL);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_LEGAL_STAY].reason_en, "91 days"));
    ck_assert_str_eq(T.rep.decision, "rejected");
    /* A stay split across the window's start: only the days inside count. */
    good_case();
    T.app.nentries = 0;
    vdate out1 = plus(AS_OF, -170);
    entry(plus(AS_OF, -200), &out1);      /* 10 days inside the window */
    entry(plus(AS_OF, -79), NULL);        /* 80 days */
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);     /* 90 */
    T.app.entries[0].left = plus(AS_OF, -169);
    EXPECT(DEC_LEGAL_STAY, DEC_FAIL);     /* 91 */
    /* Visa-free but a stale permit does not make it fail. */
    good_case();
    permit(D(2023, 1, 1));
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);
}
END_TEST

START_TEST(legal_stay_fail)
{
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    permit(plus(AS_OF, -1));
    EXPECT(DEC_LEGAL_STAY, DEC_FAIL);
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "NGA");
    visa(D(2024, 1, 1));
    EXPECT(DEC_LEGAL_STAY, DEC_FAIL);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_LEGAL_STAY].reason_en, "expired"));
}
END_TEST

START_TEST(legal_stay_review)
{
    /* Visa-free national without declared entries: no applicant.json, or no entries. */
    good_case();
    T.has_app = false;
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    good_case();
    T.app.nentries = 0;
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    good_case();
    T.app.entries_declared = false;
    T.app.nentries = 0;
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    /* A permit or visa of someone else: birth date, name, nationality. */
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    permit(D(2025, 1, 1))->mrz.date_of_birth = known(D(1991, 5, 17));
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    snprintf(visa(D(2025, 1, 1))->mrz.surname, DEC_NAME_MAX, "ROE");
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    snprintf(visa(D(2025, 1, 1))->mrz.nationality, 4, "PAK");
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    /* A permit with a wrong check digit is doubt, not a pass. */
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    dec_doc *p = permit(D(2025, 1, 1));
    p->mrz.valid = false;
    p->mrz.ck_composite = 0;
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    /* A visa-free nationality on a passport another state issued (the
     * nationality has no check digit): doubt. */
    good_case();
    snprintf(T.docs[0].mrz.issuing_state, 4, "IND");
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    good_case();
    snprintf(T.docs[0].mrz.issuing_state, 4, "D");
    snprintf(T.docs[0].mrz.nationality, 4, "DEU");
    EXPECT(DEC_LEGAL_STAY, DEC_PASS);
    /* A Ukrainian visa whose issuer was misread as no known state is doubt. */
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    snprintf(visa(D(2025, 1, 1))->mrz.issuing_state, 4, "UKP");
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    /* Inconsistent entries: in the future, or leaving before entering. */
    good_case();
    T.app.entries[0].entered = plus(AS_OF, 1);
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
    good_case();
    T.app.entries[0].has_left = true;
    T.app.entries[0].left = plus(T.app.entries[0].entered, -1);
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
}
END_TEST

START_TEST(legal_stay_incomplete)
{
    static const char *const needs_visa[] = {"IND", "NGA", "PAK", "XXA", "XXB", "XXC", "XXX"};
    for (size_t i = 0; i < sizeof needs_visa / sizeof *needs_visa; i++) {
        good_case();
        snprintf(T.docs[0].mrz.nationality, 4, "%s", needs_visa[i]);
        EXPECT(DEC_LEGAL_STAY, DEC_INCOMPLETE);
        ck_assert_str_eq(T.rep.decision, "incomplete");
    }
    /* A visa not issued by Ukraine does not count. */
    good_case();
    snprintf(T.docs[0].mrz.nationality, 4, "IND");
    snprintf(visa(D(2025, 1, 1))->mrz.issuing_state, 4, "POL");
    EXPECT(DEC_LEGAL_STAY, DEC_INCOMPLETE);
    good_case();
    T.docs[0] = T.docs[1];
    T.ndocs = 1;
    EXPECT(DEC_LEGAL_STAY, DEC_INCOMPLETE);
}
END_TEST

/* ---- criminal_record ---- */
START_TEST(criminal_record_cells)
{
    good_case();
    T.docs[1].cert.result = CERT_RECORD;
    EXPECT(DEC_CRIMINAL_RECORD, DEC_FAIL);
    ck_assert_str_eq(T.rep.decision, "rejected");
    T.docs[1].cert.result = CERT_UNKNOWN;
    EXPECT(DEC_CRIMINAL_RECORD, DEC_REVIEW);
    good_case();
    T.docs[1].confidence = 0.1;
    EXPECT(DEC_CRIMINAL_RECORD, DEC_REVIEW);
    good_case();
    T.ndocs = 1;
    EXPECT(DEC_CRIMINAL_RECORD, DEC_INCOMPLETE);
    ck_assert_str_eq(T.rep.decision, "incomplete");
    /* A page nothing was recognised on is named where the certificate is missing. */
    good_case();
    T.ndocs = 1;
    add_doc("scan5.pdf", DOC_UNKNOWN);
    EXPECT(DEC_CRIMINAL_RECORD, DEC_INCOMPLETE);
    ck_assert_ptr_nonnull(strstr(T.rep.checks[DEC_CRIMINAL_RECORD].reason_en, "not recognised: scan5.pdf (page 1)"));
    ck_assert_int_ge(T.rep.nnotes, 1);
    /* A second certificate stating a record is not outweighed by a clean one. */
    good_case();
    certificate(CERT_RECORD, D(2024, 2, 1));
    EXPECT(DEC_CRIMINAL_RECORD, DEC_FAIL);
}
END_TEST

/* ---- certificate_freshness ---- */
static const struct {
    long issued_offset;     /* days relative to as-of */
    dec_status want;
} freshness[] = {
    {0, DEC_PASS}, {-1, DEC_PASS}, {-180, DEC_PASS}, {-181, DEC_INCOMPLETE}, {-400, DEC_INCOMPLETE},
    {1, DEC_REVIEW}, {30, DEC_REVIEW},
};

START_TEST(freshness_table)
{
    good_case();
    T.docs[1].cert.issued = known(plus(AS_OF, freshness[_i].issued_offset));
    EXPECT(DEC_CERTIFICATE_FRESHNESS, freshness[_i].want);
}
END_TEST

START_TEST(freshness_cells)
{
    good_case();
    T.docs[1].cert.issued = unreadable();
    EXPECT(DEC_CERTIFICATE_FRESHNESS, DEC_REVIEW);
    /* a fresh date that came only from a second reading is checked by a person */
    good_case();
    T.docs[1].cert.issued = known(plus(AS_OF, -10));
    T.docs[1].cert.issued_reread = true;
    EXPECT(DEC_CERTIFICATE_FRESHNESS, DEC_REVIEW);
    /* and so is a stale one: the digits themselves are in doubt */
    good_case();
    T.docs[1].cert.issued = known(plus(AS_OF, -400));
    T.docs[1].cert.issued_reread = true;
    EXPECT(DEC_CERTIFICATE_FRESHNESS, DEC_REVIEW);
    good_case();
    T.ndocs = 1;
    EXPECT(DEC_CERTIFICATE_FRESHNESS, DEC_INCOMPLETE);
}
END_TEST

/* ---- certificate_holder ---- */
START_TEST(certificate_holder_cells)
{
    good_case();
    snprintf(T.docs[1].cert.surname, DEC_NAME_MAX, "Roe");
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_REVIEW);
    ck_assert_str_eq(T.rep.decision, "review");
    good_case();
    T.docs[1].cert.date_of_birth = known(D(1990, 5, 18));
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_REVIEW);
    good_case();
    T.docs[1].cert.date_of_birth.state = DEC_DATE_UNREADABLE;
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_REVIEW);
    good_case();
    T.docs[1].cert.given_names[0] = '\0';
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_REVIEW);
    good_case();
    T.docs[0] = T.docs[1];
    T.ndocs = 1;
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_REVIEW);
    good_case();
    T.ndocs = 1;
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_INCOMPLETE);
    /* Truncated MRZ name matching by prefix; Cyrillic certificate. */
    good_case();
    snprintf(T.docs[0].mrz.given_names, DEC_NAME_MAX, "JOHN PA");
    T.docs[0].mrz.name_truncated = true;
    snprintf(T.docs[1].cert.given_names, DEC_NAME_MAX, "John Paul");
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_PASS);
    good_case();
    snprintf(T.docs[1].cert.surname, DEC_NAME_MAX, "Доу");
    snprintf(T.docs[1].cert.given_names, DEC_NAME_MAX, "Джон");
    snprintf(T.docs[0].mrz.surname, DEC_NAME_MAX, "DOU");
    snprintf(T.docs[0].mrz.given_names, DEC_NAME_MAX, "DZHON");
    EXPECT(DEC_CERTIFICATE_HOLDER, DEC_PASS);
}
END_TEST

/* ---- applicant_data ---- */
START_TEST(applicant_data_cells)
{
    good_case();
    T.has_app = false;
    EXPECT(DEC_APPLICANT_DATA, DEC_PASS);
    good_case();
    T.app.has_surname = T.app.has_given_names = true;
    snprintf(T.app.surname, DEC_NAME_MAX, "Doe");
    snprintf(T.app.given_names, DEC_NAME_MAX, "John");
    T.app.date_of_birth = known(D(1990, 5, 17));
    T.app.has_nationality = true;
    snprintf(T.app.nationality, 4, "USA");
    EXPECT(DEC_APPLICANT_DATA, DEC_PASS);
    T.app.date_of_birth = known(D(1990, 5, 18));
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
    T.app.date_of_birth = known(D(1990, 5, 17));
    snprintf(T.app.surname, DEC_NAME_MAX, "Smith");
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
    snprintf(T.app.surname, DEC_NAME_MAX, "Doe");
    snprintf(T.app.nationality, 4, "GBR");
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
    good_case();
    T.app.malformed = true;
    snprintf(T.app.error, sizeof T.app.error, "bad JSON at line 3");
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
    EXPECT(DEC_LEGAL_STAY, DEC_REVIEW);
    ck_assert_str_eq(T.rep.decision, "review");
    good_case();
    T.app.nbad_entries = 1;
    EXPECT(DEC_APPLICANT_DATA, DEC_REVIEW);
}
END_TEST

/* ---- decision rule ---- */
static const struct {
    dec_status st[DEC_NCHECKS];
    const char *want;
} rules[] = {
    {{DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS}, "clear"},
    {{DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_REVIEW}, "review"},
    {{DEC_INCOMPLETE, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_REVIEW, DEC_PASS}, "incomplete"},
    {{DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS, DEC_FAIL}, "rejected"},
    {{DEC_REVIEW, DEC_INCOMPLETE, DEC_FAIL, DEC_REVIEW, DEC_PASS, DEC_PASS, DEC_PASS, DEC_PASS}, "rejected"},
    {{DEC_REVIEW, DEC_REVIEW, DEC_REVIEW, DEC_REVIEW, DEC_REVIEW, DEC_REVIEW, DEC_REVIEW, DEC_REVIEW}, "review"},
    {{DEC_INCOMPLETE, DEC_INCOMPLETE, DEC_INCOMPLETE, DEC_INCOMPLETE, DEC_INCOMPLETE, DEC_INCOMPLETE,
      DEC_INCOMPLETE, DEC_PASS}, "incomplete"},
};

START_TEST(decision_rule)
{
    ck_assert_str_eq(decide_rule(rules[_i].st), rules[_i].want);
}
END_TEST

START_TEST(names_and_labels)
{
    static const char *const ids[] = {"travel_document", "document_validity", "age", "legal_stay",
                                      "criminal_record", "certificate_freshness", "certificate_holder",
                                      "applicant_data"};
    for (int i = 0; i < DEC_NCHECKS; i++)
        ck_assert_str_eq(dec_check_name((dec_check_id)i), ids[i]);
    ck_assert_str_eq(dec_status_name(DEC_PASS), "pass");
    ck_assert_str_eq(dec_status_name(DEC_FAIL), "fail");
    ck_assert_str_eq(dec_status_name(DEC_REVIEW), "review");
    ck_assert_str_eq(dec_status_name(DEC_INCOMPLETE), "incomplete");
    ck_assert_int_eq(dec_doc_type_from_name("residence_permit"), DOC_RESIDENCE_PERMIT);
    ck_assert_int_eq(dec_doc_type_from_name("nonsense"), DOC_UNKNOWN);
    ck_assert_int_eq(dec_doc_type_from_name(NULL), DOC_UNKNOWN);
}
END_TEST

START_TEST(empty_case)
{
    memset(&T, 0, sizeof T);
    EXPECT(DEC_TRAVEL_DOCUMENT, DEC_INCOMPLETE);
    ck_assert_str_eq(T.rep.decision, "incomplete");
    ck_assert_int_eq(T.rep.checks[DEC_APPLICANT_DATA].status, DEC_PASS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("decide");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, load_policy, free_policy);
    tcase_add_test(tc, good_case_is_clear);
    tcase_add_test(tc, travel_document_cells);
    tcase_add_test(tc, two_passports);
    tcase_add_test(tc, document_validity_cells);
    tcase_add_loop_test(tc, age_table, 0, (int)(sizeof ages / sizeof *ages));
    tcase_add_test(tc, age_cells);
    tcase_add_test(tc, legal_stay_pass);
    tcase_add_test(tc, legal_stay_90_180);
    tcase_add_test(tc, legal_stay_fail);
    tcase_add_test(tc, legal_stay_review);
    tcase_add_test(tc, legal_stay_incomplete);
    tcase_add_test(tc, criminal_record_cells);
    tcase_add_loop_test(tc, freshness_table, 0, (int)(sizeof freshness / sizeof *freshness));
    tcase_add_test(tc, freshness_cells);
    tcase_add_test(tc, certificate_holder_cells);
    tcase_add_test(tc, applicant_data_cells);
    tcase_add_loop_test(tc, decision_rule, 0, (int)(sizeof rules / sizeof *rules));
    tcase_add_test(tc, names_and_labels);
    tcase_add_test(tc, empty_case);
    suite_add_tcase(s, tc);
    return check_main(s);
}
