/*
 * decide — the eight eligibility checks of CONTRACT.md §4 and the decision
 * rule, on documents already read and parsed (no JSON, no I/O here).
 *
 * The caller fills a dec_case (documents, what applicant.json declared,
 * files that could not be read) and a dec_report; decide() evaluates every
 * check on the as-of date and sets the decision:
 *   any fail -> rejected; else any incomplete -> incomplete;
 *   else any review -> review; else clear.
 * Doubt is never `clear`: an unreadable field, an MRZ with a wrong check
 * digit (valid = false), or an OCR confidence below the policy's
 * min_confidence turns a pass into review.
 *
 * Ownership: every structure here is a plain value owned by the caller;
 * decide() reads the case and the policy and writes only the report.
 * Reasons are UTF-8 text for clerks, in English and Ukrainian; they may
 * quote the applicant's data (the report is for the clerk) but never go to
 * logs.
 */
#ifndef VARTA_DECIDE_H
#define VARTA_DECIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"
#include "stay.h"
#include "vdate.h"

#define DEC_TEXT_MAX 480
#define DEC_FILE_MAX 256
#define DEC_NAME_MAX 128
#define DEC_MAX_EVIDENCE 8
#define DEC_MAX_ENTRIES 64
#define DEC_MAX_NOTES 16

typedef enum dec_status {
    DEC_PASS = 0,
    DEC_FAIL,
    DEC_REVIEW,
    DEC_INCOMPLETE,
} dec_status;

/* The checks, in the contract's order. */
typedef enum dec_check_id {
    DEC_TRAVEL_DOCUMENT = 0,
    DEC_DOCUMENT_VALIDITY,
    DEC_AGE,
    DEC_LEGAL_STAY,
    DEC_CRIMINAL_RECORD,
    DEC_CERTIFICATE_FRESHNESS,
    DEC_CERTIFICATE_HOLDER,
    DEC_APPLICANT_DATA,
    DEC_NCHECKS
} dec_check_id;

typedef enum dec_doc_type {
    DOC_UNKNOWN = 0,
    DOC_PASSPORT,
    DOC_ID_CARD,
    DOC_TRAVEL_DOCUMENT,
    DOC_RESIDENCE_PERMIT,
    DOC_VISA,
    DOC_POLICE_CERTIFICATE,
} dec_doc_type;

/* A date a document states: not stated at all, read, or present but
 * unreadable (null in the record, or not a real date). */
enum { DEC_DATE_ABSENT = 0, DEC_DATE_KNOWN, DEC_DATE_UNREADABLE };
typedef struct dec_date {
    int state;
    vdate date;     /* valid when state == DEC_DATE_KNOWN */
} dec_date;

/* Check-digit results: -1 the format has none, 0 wrong, 1 right. */
typedef struct dec_mrz {
    bool present;
    char format[12];            /* "TD3", "MRVA", ...; "" when no format fit */
    int nlines;                 /* lines read (1: a single line, cut from a
                                   document, is all the image held) */
    bool valid;
    signed char ck_document_number, ck_date_of_birth, ck_date_of_expiry;
    signed char ck_personal_number, ck_composite;
    char document_code[3];
    char issuing_state[4];
    char nationality[4];
    char surname[DEC_NAME_MAX];
    char given_names[DEC_NAME_MAX];
    bool name_truncated;
    char document_number[32];
    char sex;                   /* 'M', 'F', 'X' or 0 */
    dec_date date_of_birth;
    dec_date date_of_expiry;
} dec_mrz;

typedef struct dec_cert {
    bool present;
    char country[4];
    char surname[DEC_NAME_MAX];
    char given_names[DEC_NAME_MAX];
    dec_date date_of_birth;
    dec_date issued;
    bool issued_reread;         /* the issue date came only from a second reading
                                 * of its line (evidence.corrections) */
    cert_result result;
    char number[64];
} dec_cert;

typedef struct dec_doc {
    char file[DEC_FILE_MAX];
    int page;
    dec_doc_type type;
    dec_mrz mrz;
    dec_cert cert;
    bool has_confidence;
    double confidence;          /* 0..1 */
} dec_doc;

/* What applicant.json declared.  A field whose value had the wrong type or
 * an impossible date makes the whole file malformed (with `error`). */
typedef struct dec_applicant {
    bool present;               /* an applicant.json was given */
    bool malformed;
    char error[DEC_TEXT_MAX];   /* why, when malformed */
    bool has_surname, has_given_names, has_nationality, has_sex, has_document_number;
    char surname[DEC_NAME_MAX];
    char given_names[DEC_NAME_MAX];
    dec_date date_of_birth;     /* ABSENT when not declared */
    char nationality[4];
    char sex;
    char document_number[32];
    bool entries_declared;      /* the key was present */
    int nentries;
    stay_period entries[DEC_MAX_ENTRIES];
    int nbad_entries;           /* entries with unreadable dates (not in entries[]) */
} dec_applicant;

typedef struct dec_case {
    const dec_doc *docs;
    size_t ndocs;
    const dec_applicant *applicant;     /* NULL = no applicant.json */
    const char *const *unreadable;      /* files that yielded no document */
    size_t nunreadable;
} dec_case;

typedef struct dec_check {
    dec_check_id id;
    dec_status status;
    char reason_en[DEC_TEXT_MAX];
    char reason_uk[DEC_TEXT_MAX * 2];
    int nevidence;
    char evidence[DEC_MAX_EVIDENCE][DEC_FILE_MAX];
} dec_check;

typedef struct dec_report {
    dec_check checks[DEC_NCHECKS];
    const char *decision;       /* "clear", "review", "rejected", "incomplete" */
    int travel_doc;             /* index into docs, -1 none */
    int certificate;            /* index into docs, -1 none */
    int stay_doc;               /* permit or visa relied on, -1 none */
    int nnotes;
    char notes_en[DEC_MAX_NOTES][DEC_TEXT_MAX];
    char notes_uk[DEC_MAX_NOTES][DEC_TEXT_MAX * 2];
} dec_report;

/* decide: evaluate the eight checks of case `c` under policy `pol` on
 * `as_of` into *r (fully overwritten), and set r->decision. */
void decide(const policy *pol, vdate as_of, const dec_case *c, dec_report *r);

/* decide_rule: the contract's decision from eight statuses. */
const char *decide_rule(const dec_status st[DEC_NCHECKS]);

/* dec_check_name: "travel_document", ... (report.json ids). */
const char *dec_check_name(dec_check_id id);

/* dec_status_name: "pass", "fail", "review", "incomplete". */
const char *dec_status_name(dec_status st);

/* dec_check_basis: the legal basis of a check, by name and number only
 * (uk = false: English; true: Ukrainian). */
const char *dec_check_basis(dec_check_id id, bool uk);

/* dec_doc_type_from_name: "passport" -> DOC_PASSPORT; unknown names ->
 * DOC_UNKNOWN. */
dec_doc_type dec_doc_type_from_name(const char *name);

#endif
