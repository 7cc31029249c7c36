/* Unit tests for pipeline/doctype.c: document kind from a parsed MRZ. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "doctype.h"

static const vdate ref = {2024, 1, 1};

static doc_type classify(const char *l1, const char *l2, const char *l3, const policy *pol)
{
    const char *lines[3] = {l1, l2, l3};
    mrz_result r;
    mrz_parse_lines(lines, l3 ? 3 : 2, ref, &r);
    return doctype_of_mrz(&r, pol);
}

#define TD3_L1 "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
#define TD3_L2 "L898902C36UTO7408122F1204159ZE184226B<<<<<10"

START_TEST(passports_and_travel_documents)
{
    ck_assert_int_eq(classify(TD3_L1, TD3_L2, NULL, NULL), DOC_PASSPORT);
    /* stateless / refugee nationality */
    ck_assert_int_eq(classify(TD3_L1, "L898902C36XXA7408122F1204159ZE184226B<<<<<10", NULL, NULL),
                     DOC_TRAVEL_DOCUMENT);
    ck_assert_int_eq(classify(TD3_L1, "L898902C36XXB7408122F1204159ZE184226B<<<<<10", NULL, NULL),
                     DOC_TRAVEL_DOCUMENT);
    /* PT code */
    ck_assert_int_eq(classify("PTUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", TD3_L2, NULL, NULL),
                     DOC_TRAVEL_DOCUMENT);
    /* German alien's passport for a Syrian national: issuer D, nationality SYR */
    ck_assert_int_eq(classify("P<D<<ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                              "L898902C36SYR7408122F1204159ZE184226B<<<<<10", NULL, NULL),
                     DOC_TRAVEL_DOCUMENT);
    /* German passport: issuer D, nationality D */
    ck_assert_int_eq(classify("P<D<<ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                              "L898902C36D<<7408122F1204159ZE184226B<<<<<10", NULL, NULL),
                     DOC_PASSPORT);
    /* British Overseas citizen's passport issued by GBR */
    ck_assert_int_eq(classify("P<GBRERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                              "L898902C36GBO7408122F1204159ZE184226B<<<<<10", NULL, NULL),
                     DOC_PASSPORT);
    /* UN laissez-passer */
    ck_assert_int_eq(classify("P<UNOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                              "L898902C36FRA7408122F1204159ZE184226B<<<<<10", NULL, NULL),
                     DOC_TRAVEL_DOCUMENT);
}
END_TEST

#define TD1_L2 "7408122F1204159UTO<<<<<<<<<<<6"
#define TD1_L3 "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"

START_TEST(cards_and_permits)
{
    ck_assert_int_eq(classify("I<UTOD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL), DOC_ID_CARD);
    ck_assert_int_eq(classify("IDUKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL), DOC_ID_CARD);
    ck_assert_int_eq(classify("IRUKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL),
                     DOC_RESIDENCE_PERMIT);
    ck_assert_int_eq(classify("I<UKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL),
                     DOC_RESIDENCE_PERMIT);
    ck_assert_int_eq(classify("IAUKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL),
                     DOC_RESIDENCE_PERMIT);
    /* a residence permit of another state is an identity card here */
    ck_assert_int_eq(classify("IRPOLD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL), DOC_ID_CARD);
    ck_assert_int_eq(classify("ACUTOD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, NULL), DOC_ID_CARD);
    /* TD2 */
    ck_assert_int_eq(classify("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                              "D231458907UTO7408122F1204159<<<<<<<6", NULL, NULL), DOC_ID_CARD);

    /* With the shipped policy: its residence_permit_codes decide. */
    char err[256];
    policy *pol = policy_load("validators/national-guard.policy", err, sizeof err);
    ck_assert_msg(pol != NULL, "%s", err);
    ck_assert_int_eq(classify("IRUKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, pol),
                     DOC_RESIDENCE_PERMIT);
    ck_assert_int_eq(classify("I<UKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, pol),
                     DOC_RESIDENCE_PERMIT);
    ck_assert_int_eq(classify("IDUKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, pol), DOC_ID_CARD);
    ck_assert_int_eq(classify("IAUKRD231458907<<<<<<<<<<<<<<<", TD1_L2, TD1_L3, pol), DOC_ID_CARD);
    policy_free(pol);
}
END_TEST

START_TEST(visas_and_unknown)
{
    ck_assert_int_eq(classify("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                              "L8988901C4XXX4009078F96121096ZE184226B<<<<<<", NULL, NULL), DOC_VISA);
    ck_assert_int_eq(classify("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
                              "L8988901C4XXX4009078F9612109<<<<<<<<", NULL, NULL), DOC_VISA);
    ck_assert_int_eq(classify("HELLO", "WORLD", NULL, NULL), DOC_UNKNOWN);
    ck_assert_int_eq(doctype_of_mrz(NULL, NULL), DOC_UNKNOWN);
    ck_assert_str_eq(doctype_name(DOC_RESIDENCE_PERMIT), "residence_permit");
    ck_assert_str_eq(doctype_name(DOC_TRAVEL_DOCUMENT), "travel_document");
    ck_assert_str_eq(doctype_name(DOC_POLICE_CERTIFICATE), "police_certificate");
    ck_assert_str_eq(doctype_name(DOC_UNKNOWN), "unknown");
}
END_TEST

static bool plausible3(const char *l1, const char *l2, const char *l3, double confidence)
{
    const char *lines[3] = {l1, l2, l3};
    mrz_result r;
    mrz_parse_lines(lines, l3 ? 3 : 2, ref, &r);
    return doctype_mrz_plausible(&r, confidence);
}

static bool plausible(const char *l1, const char *l2, double confidence)
{
    return plausible3(l1, l2, NULL, confidence);
}

START_TEST(phantom_mrz_readings)
{
    /* letter soup read off a certificate's text lines (seen on generated
     * cases): invalid, unsure, no ICAO header */
    const char *soup1 = "ZJHTHBFZZUDZAOPCZVKVYZKZPXK<PJKJWL<G<<C<LAAA";
    const char *soup2 = "CJHFOFLJH0PTX<<<<<<<<<<<<1<<<<<<<<<<<<<<<<<<";
    ck_assert(!plausible(soup1, soup2, 0.003));
    ck_assert(!plausible("PHIIVIZDIIDTZJALJT<ALFALZJALJT<ALFALAFLTATJZ", soup2, 0.0));
    /* the same soup read with some certainty stays (to be reviewed) */
    ck_assert(plausible(soup1, soup2, DOCTYPE_PHANTOM_CONFIDENCE));
    ck_assert(!plausible(soup1, soup2, DOCTYPE_PHANTOM_CONFIDENCE - 0.001));
    /* a real MRZ badly read: a wrong check digit, very unsure, but with an
     * ICAO header (document code P, issuing state UTO) */
    ck_assert(plausible(TD3_L1, "L898902C37UTO7408122F1204159ZE184226B<<<<<10", 0.0));
    /* a card with a wrong check digit, a known nationality but a garbled
     * issuer */
    ck_assert(plausible3("IRQQQD231458908<<<<<<<<<<<<<<<", "7408122F1204159UKR<<<<<<<<<<<6",
                         TD1_L3, 0.0));
    /* ... but not with neither issuer nor nationality real */
    ck_assert(!plausible3("IRQQQD231458908<<<<<<<<<<<<<<<", "7408122F1204159QQQ<<<<<<<<<<<6",
                          TD1_L3, 0.0));
    /* valid is always plausible, whatever the confidence */
    ck_assert(plausible(TD3_L1, TD3_L2, 0.0));
    ck_assert(!doctype_mrz_plausible(NULL, 1.0));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doctype");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, passports_and_travel_documents);
    tcase_add_test(tc, cards_and_permits);
    tcase_add_test(tc, visas_and_unknown);
    tcase_add_test(tc, phantom_mrz_readings);
    suite_add_tcase(s, tc);
    return check_main(s);
}
