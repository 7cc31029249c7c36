/* doctype — classify an MRZ by document kind (see doctype.h).
 *
 * The rules, in order:
 *   - MRV-A / MRV-B, or any MRZ whose document code starts with V: visa.
 *   - Document code starting with P (normally TD3): a passport, unless it
 *     is a travel document, which we take to be any of
 *       . nationality XXA, XXB, XXC or XXX (stateless person, refugee,
 *         unspecified nationality: a 1951/1954 Convention travel document);
 *       . document code PT or PU (codes issuers use for travel documents
 *         for refugees and stateless persons, and for aliens' passports);
 *       . a non-national passport: issuer and nationality both known codes
 *         that differ (an alien's passport, a UN or EU laissez-passer),
 *         except British passports (issuer GBR) held by the other British
 *         nationality classes GBD, GBN, GBO, GBP, GBS, which are passports.
 *   - TD3 with a code other than P or V: travel_document (the passport
 *     booklet format used for something that is not a national passport).
 *   - Codes starting with I, A or C (TD1, TD2, FRA_ID, SVK_ID): a Ukrainian
 *     residence permit when the issuer is UKR and the code counts as one
 *     (the policy's residence_permit_codes when a policy is loaded; else
 *     I followed by anything but D), otherwise an identity card.
 *   - Driving licences (FRA_DL, CHE_DL), unrecognised formats, anything
 *     else: unknown.
 */
#include "doctype.h"

#include <string.h>

static bool is_xx(const char *code)
{
    return strcmp(code, "XXA") == 0 || strcmp(code, "XXB") == 0 ||
           strcmp(code, "XXC") == 0 || strcmp(code, "XXX") == 0;
}

static bool british_class(const char *nat)
{
    return strcmp(nat, "GBD") == 0 || strcmp(nat, "GBN") == 0 || strcmp(nat, "GBO") == 0 ||
           strcmp(nat, "GBP") == 0 || strcmp(nat, "GBS") == 0;
}

static doc_type passport_kind(const mrz_fields *f)
{
    if (is_xx(f->nationality))
        return DOC_TRAVEL_DOCUMENT;
    if (strcmp(f->document_code, "PT") == 0 || strcmp(f->document_code, "PU") == 0)
        return DOC_TRAVEL_DOCUMENT;
    if (f->issuing_state[0] && f->nationality[0] &&
        mrz_country_known(f->issuing_state) && mrz_country_known(f->nationality) &&
        strcmp(f->issuing_state, f->nationality) != 0 &&
        !(strcmp(f->issuing_state, "GBR") == 0 && british_class(f->nationality)))
        return DOC_TRAVEL_DOCUMENT;
    return DOC_PASSPORT;
}

static bool ukr_permit(const mrz_fields *f, const policy *pol)
{
    if (strcmp(f->issuing_state, "UKR") != 0 || f->document_code[0] != 'I')
        return false;
    if (pol)
        return policy_is_residence_permit_code(pol, f->document_code);
    return strcmp(f->document_code, "ID") != 0;
}

doc_type doctype_of_mrz(const mrz_result *r, const policy *pol)
{
    if (r == NULL)
        return DOC_UNKNOWN;
    const mrz_fields *f = &r->fields;
    switch (r->format) {
    case MRZ_FMT_MRVA:
    case MRZ_FMT_MRVB:
        return DOC_VISA;
    case MRZ_FMT_FRA_DL:
    case MRZ_FMT_CHE_DL:
    case MRZ_FMT_NONE:
        return DOC_UNKNOWN;
    default:
        break;
    }
    char c = f->document_code[0];
    if (c == 'V')
        return DOC_VISA;
    if (c == 'P')
        return passport_kind(f);
    if (r->format == MRZ_FMT_TD3)
        return DOC_TRAVEL_DOCUMENT;
    if (c == 'I' || c == 'A' || c == 'C')
        return ukr_permit(f, pol) ? DOC_RESIDENCE_PERMIT : DOC_ID_CARD;
    return DOC_UNKNOWN;
}

const char *doctype_name(doc_type t)
{
    switch (t) {
    case DOC_PASSPORT: return "passport";
    case DOC_TRAVEL_DOCUMENT: return "travel_document";
    case DOC_ID_CARD: return "id_card";
    case DOC_RESIDENCE_PERMIT: return "residence_permit";
    case DOC_VISA: return "visa";
    case DOC_POLICE_CERTIFICATE: return "police_certificate";
    case DOC_UNKNOWN: break;
    }
    return "unknown";
}

bool doctype_mrz_plausible(const mrz_result *r, double confidence)
{
    if (r == NULL)
        return false;
    if (r->valid || confidence >= DOCTYPE_PHANTOM_CONFIDENCE)
        return true;
    char code = r->fields.document_code[0];
    return code != '\0' && strchr("PIACVD", code) != NULL && (r->issuer_known || r->nationality_known);
}
