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

/* doctype_mrz_plausible: could the reading r, whose lowest character
 * confidence was `confidence` (0..1), be an MRZ at all?  Text lines of a
 * certificate or of a visual zone sometimes pass for an MRZ band and read
 * as letter soup: not valid, the engine sure of nothing (confidence under
 * DOCTYPE_PHANTOM_CONFIDENCE) and no ICAO header (document code P, I, A, C,
 * V or a national D, with an issuing state or nationality that exists).
 * A real but badly read MRZ keeps at least one of these. */
#define DOCTYPE_PHANTOM_CONFIDENCE 0.05
bool doctype_mrz_plausible(const mrz_result *r, double confidence);

/* doctype_name: "passport", "travel_document", ..., "unknown". */
const char *doctype_name(doc_type t);

#endif
