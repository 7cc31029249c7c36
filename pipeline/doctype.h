/*
 * doctype — which kind of document a machine readable zone belongs to
 * (the `type` of a varta-scan document record, CONTRACT.md §3).
 *
 * Pure function of the parsed MRZ and, when loaded, the policy's list of
 * residence-permit codes; no allocation, nothing to free.
 */
#ifndef VARTA_DOCTYPE_H
#define VARTA_DOCTYPE_H

#include "mrz.h"
#include "policy.h"

typedef enum doc_type {
    DOC_UNKNOWN = 0,
    DOC_PASSPORT,
    DOC_TRAVEL_DOCUMENT,
    DOC_ID_CARD,
    DOC_RESIDENCE_PERMIT,
    DOC_VISA,
    DOC_POLICE_CERTIFICATE,
} doc_type;

/* doctype_of_mrz: classify an MRZ (see doctype.c for the rules).  `pol`
 * may be NULL: Ukrainian residence permits are then TD1 cards issued by
 * UKR whose document code starts with I and is not ID. */
doc_type doctype_of_mrz(const mrz_result *r, const policy *pol);

/* doctype_name: "passport", "travel_document", ..., "unknown". */
const char *doctype_name(doc_type t);

#endif
