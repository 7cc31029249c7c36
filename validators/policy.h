/*
 * policy — the eligibility rules varta applies, read from a plain-text file
 * an administrator can edit (CONTRACT.md §5).  The shipped default is
 * validators/national-guard.policy (installed as DATADIR/national-guard.policy).
 *
 * Ownership: policy_load returns a policy the caller frees with
 * policy_free (NULL accepted).  Every pointer a getter returns stays owned by
 * the policy and lives until policy_free.
 */
#ifndef VARTA_POLICY_H
#define VARTA_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "vdate.h"

typedef struct policy policy;

typedef enum cert_result {
    CERT_UNKNOWN = 0,
    CERT_NO_RECORD,
    CERT_RECORD,
} cert_result;

/* A wording a certificate uses, per issuing country (ISO alpha-3). */
typedef struct cert_phrase {
    char country[4];
    cert_result result;     /* CERT_NO_RECORD or CERT_RECORD */
    const char *text;       /* UTF-8, as printed on the certificate */
} cert_phrase;

/* Words that identify a country's certificate (authority, title). */
typedef struct cert_marker {
    char country[4];
    const char *text;       /* UTF-8 */
} cert_marker;

/* A nationality whose holders enter Ukraine without a visa. */
typedef struct visa_free_entry {
    char code[4];           /* as in the MRZ, fillers removed ("D" = Germany) */
    vdate since;            /* date the exemption applies from */
} visa_free_entry;

/* policy_load: read and validate a policy file.  On any error returns NULL
 * and writes "FILE:LINE: what is wrong" into err (size errsize). */
policy *policy_load(const char *path, char *err, size_t errsize);

/* policy_free: release p (NULL accepted). */
void policy_free(policy *p);

int policy_min_age(const policy *p);                    /* years, e.g. 18 */
int policy_max_certificate_age(const policy *p);        /* days, e.g. 180 */
int policy_stay_limit_days(const policy *p);            /* e.g. 90 */
int policy_stay_window_days(const policy *p);           /* e.g. 180 */
const char *policy_report_language(const policy *p);    /* "uk" or "en" */
const char *policy_visa_free_source(const policy *p);   /* legal source text */

/* policy_min_confidence: the OCR confidence (0..1) below which a document's
 * reading is doubtful and the checks relying on it go to review
 * (setting `min_confidence`, optional; default POLICY_DEFAULT_MIN_CONFIDENCE). */
#define POLICY_DEFAULT_MIN_CONFIDENCE 0.50
double policy_min_confidence(const policy *p);

/* policy_is_visa_free: true when nationality `code` (fillers removed) is on
 * the visa-free list on date `on`. */
bool policy_is_visa_free(const policy *p, const char *code, vdate on);

/* policy_is_residence_permit_code: true when a TD1 document code (2 chars,
 * e.g. "IR", "I<") counts as a residence permit. */
bool policy_is_residence_permit_code(const policy *p, const char *code);

/* policy_visa_free_list: the visa-free entries in file order. */
size_t policy_visa_free_list(const policy *p, const visa_free_entry **pentries);

/* policy_cert_phrases / policy_cert_markers: the certificate wordings. */
size_t policy_cert_phrases(const policy *p, const cert_phrase **pphrases);
size_t policy_cert_markers(const policy *p, const cert_marker **pmarkers);

#endif
