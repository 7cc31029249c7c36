/* Unit tests for validators/mrz.c, mrz_countries.c and mrz_json.c */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "mrz.h"

static const vdate REF = {2024, 3, 1};

static mrz_result parse3(const char *a, const char *b, const char *c)
{
    const char *lines[3] = {a, b, c};
    int n = c ? 3 : b ? 2 : 1;
    mrz_result r;
    mrz_parse_lines(lines, n, REF, &r);
    return r;
}

static mrz_result parse2(const char *a, const char *b) { return parse3(a, b, NULL); }

static bool has_text(const char (*list)[MRZ_PROBLEM_MAX], int n, const char *needle)
{
    for (int i = 0; i < n; i++)
        if (strstr(list[i], needle))
            return true;
    return false;
}

static bool has_problem(const mrz_result *r, const char *needle)
{
    return has_text(r->problems, r->nproblems, needle);
}

static bool has_warning(const mrz_result *r, const char *needle)
{
    return has_text(r->warnings, r->nwarnings, needle);
}

static void iso(const mrz_date *d, char out[11])
{
    if (d->known)
        vdate_format_iso(d->date, out);
    else
        strcpy(out, "null");
}

/* ------------------------------------------------------------------ */
/* Check digits                                                        */

/* The data files live beside this source file (tests/mrz/...). */
static FILE *open_data(const char *name)
{
    char path[512];
    const char *slash = strrchr(__FILE__, '/');
    int dirlen = slash ? (int)(slash - __FILE__) : 1;
    snprintf(path, sizeof path, "%.*s/mrz/%s", dirlen, slash ? __FILE__ : ".", name);
    return fopen(path, "r");
}

START_TEST(check_digit_vectors)
{
    FILE *f = open_data("checkdigit_vectors.tsv");
    ck_assert_msg(f != NULL, "tests/mrz/checkdigit_vectors.tsv missing");
    char line[256];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *tab = strchr(line, '\t');
        ck_assert(tab != NULL);
        *tab = '\0';
        int want = atoi(tab + 1);
        ck_assert_msg(mrz_check_digit(line, strlen(line)) == want, "vector %d ('%s')", n + 1, line);
        n++;
    }
    fclose(f);
    ck_assert_int_eq(n, 41);
    ck_assert_int_eq(mrz_check_digit("ab1", 3), -1);
    ck_assert_int_eq(mrz_check_digit("A B", 3), -1);
}
END_TEST

/* ------------------------------------------------------------------ */
/* ICAO specimens of every format                                      */

START_TEST(specimen_td3)
{
    mrz_result r = parse2("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    ck_assert_int_eq(r.format, MRZ_FMT_TD3);
    ck_assert(r.valid);
    ck_assert_int_eq(r.nproblems, 0);
    for (int id = MRZ_CHECK_DOCUMENT_NUMBER; id <= MRZ_CHECK_COMPOSITE; id++)
        ck_assert(r.has_check[id] && r.check_ok[id]);
    ck_assert(!r.has_check[MRZ_CHECK_ISSUE_DATE]);
    ck_assert_str_eq(r.fields.document_code, "P");
    ck_assert_str_eq(r.fields.issuing_state, "UTO");
    ck_assert_str_eq(r.fields.surname, "ERIKSSON");
    ck_assert_str_eq(r.fields.given_names, "ANNA MARIA");
    ck_assert_str_eq(r.fields.document_number, "L898902C3");
    ck_assert_str_eq(r.fields.nationality, "UTO");
    char d[11];
    iso(&r.fields.date_of_birth, d);
    ck_assert_str_eq(d, "1974-08-12");
    iso(&r.fields.date_of_expiry, d);
    ck_assert_str_eq(d, "2012-04-15");
    ck_assert_int_eq(r.fields.sex, 'F');
    ck_assert_str_eq(r.fields.personal_number, "ZE184226B");
    ck_assert(r.issuer_known && r.nationality_known);
    ck_assert(!r.fields.name_truncated);
}
END_TEST

START_TEST(specimen_td1)
{
    mrz_result r = parse3("I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                          "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
    ck_assert_int_eq(r.format, MRZ_FMT_TD1);
    ck_assert(r.valid);
    ck_assert(r.has_check[MRZ_CHECK_COMPOSITE] && !r.has_check[MRZ_CHECK_PERSONAL_NUMBER]);
    ck_assert_str_eq(r.fields.document_number, "D23145890");
    ck_assert_str_eq(r.fields.surname, "ERIKSSON");
    ck_assert_str_eq(r.fields.given_names, "ANNA MARIA");
    ck_assert_str_eq(r.fields.optional_data, "");
    ck_assert_str_eq(r.fields.optional_data_2, "");
}
END_TEST

START_TEST(specimen_td2)
{
    mrz_result r = parse2("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6");
    ck_assert_int_eq(r.format, MRZ_FMT_TD2);
    ck_assert(r.valid);
    ck_assert(r.has_check[MRZ_CHECK_COMPOSITE]);
    ck_assert_str_eq(r.fields.document_number, "D23145890");
    ck_assert_str_eq(r.fields.given_names, "ANNA MARIA");
}
END_TEST

START_TEST(specimen_visas)
{
    /* ICAO 9303 Part 7 specimens */
    mrz_result a = parse2("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L8988901C4XXX4009078F96121096ZE184226B<<<<<<");
    ck_assert_int_eq(a.format, MRZ_FMT_MRVA);
    ck_assert(a.valid);
    ck_assert(!a.has_check[MRZ_CHECK_COMPOSITE] && !a.has_check[MRZ_CHECK_PERSONAL_NUMBER]);
    ck_assert_str_eq(a.fields.document_number, "L8988901C");
    ck_assert_str_eq(a.fields.nationality, "XXX");
    ck_assert_str_eq(a.fields.optional_data, "6ZE184226B");
    char d[11];
    iso(&a.fields.date_of_birth, d);
    ck_assert_str_eq(d, "1940-09-07");
    iso(&a.fields.date_of_expiry, d);
    ck_assert_str_eq(d, "1996-12-10");   /* 96 >= 24 + 50 */

    mrz_result b = parse2("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<");
    ck_assert_int_eq(b.format, MRZ_FMT_MRVB);
    ck_assert(b.valid);
    ck_assert(!b.has_check[MRZ_CHECK_COMPOSITE]);

    mrz_result c = parse2("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L898902C<3UTO6908061F9406236ZE184226B<<<<<<<");
    ck_assert(c.valid);
    ck_assert_str_eq(c.fields.document_number, "L898902C");
}
END_TEST

START_TEST(specimen_fra_id)
{
    mrz_result r = parse2("IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013", "0506932020438CHRISTIANE<<NI2906209F3");
    ck_assert_int_eq(r.format, MRZ_FMT_FRA_ID);   /* not TD2 */
    ck_assert(r.valid);
    ck_assert_str_eq(r.fields.surname, "DOUEL");
    ck_assert_str_eq(r.fields.given_names, "CHRISTIANE NI");
    ck_assert_str_eq(r.fields.document_number, "050693202043");
    ck_assert_str_eq(r.fields.nationality, "FRA");
    ck_assert(r.has_check[MRZ_CHECK_DOCUMENT_NUMBER] && r.has_check[MRZ_CHECK_DATE_OF_BIRTH]
              && r.has_check[MRZ_CHECK_COMPOSITE] && !r.has_check[MRZ_CHECK_DATE_OF_EXPIRY]);
    char d[11];
    iso(&r.fields.date_of_birth, d);
    ck_assert_str_eq(d, "1929-06-20");
    ck_assert(!r.fields.date_of_expiry.known);
    ck_assert(r.fields.name_truncated);            /* given names fill their field */

    mrz_result bad = parse2("IDFRADOUEL<<<<<<<<<<<<<<<<<<<<932013", "0506932020438CHRISTIANE<<NI2906209F4");
    ck_assert(!bad.valid);
    ck_assert(!bad.check_ok[MRZ_CHECK_COMPOSITE]);
}
END_TEST

START_TEST(national_formats)
{
    mrz_result dl = parse3("D1FRA13AA000026181231MARTIN<<9", NULL, NULL);
    ck_assert_int_eq(dl.format, MRZ_FMT_FRA_DL);
    ck_assert(dl.valid);
    ck_assert_str_eq(dl.fields.document_number, "13AA00002");
    ck_assert_str_eq(dl.fields.surname, "MARTIN");

    mrz_result ch = parse3("AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<");
    ck_assert_int_eq(ch.format, MRZ_FMT_CHE_DL);
    ck_assert(ch.valid);
    ck_assert_str_eq(ch.fields.document_number, "AAA001D");
    ck_assert_str_eq(ch.fields.issuing_state, "CHE");
    ck_assert_str_eq(ch.fields.given_names, "FABIENNE");
    for (int id = 0; id < MRZ_CHECK_COUNT; id++)
        ck_assert(!ch.has_check[id]);

    /* old Slovak ID, 2 x 34: built here with its three check digits */
    mrz_result sk = parse2("IDSVKNOVAK<<JAN<<<<<<<<<<<<<<<<<<<", "AB12345671SVK8001014M2501017<<<<<<");
    ck_assert_int_eq(sk.format, MRZ_FMT_SVK_ID);
    ck_assert(sk.valid);
    ck_assert(!sk.has_check[MRZ_CHECK_COMPOSITE]);
    ck_assert_str_eq(sk.fields.document_number, "AB1234567");
}
END_TEST

/* ------------------------------------------------------------------ */
/* MRZ-SPEC edge cases                                                 */

START_TEST(long_document_numbers)
{
    /* Belgian eID specimen: CD over first 9 + remainder */
    mrz_result be = parse3("IDBEL600001476<9355<<<<<<<<<<<", "1301014F2311207UTO130101987390",
                           "SPECIMEN<<SPECIMEN<<<<<<<<<<<<");
    ck_assert(be.valid);
    ck_assert_str_eq(be.fields.document_number, "600001476935");
    ck_assert(!has_warning(&be, "variant"));

    /* Portuguese card from PRADO */
    mrz_result pt = parse3("I<PRT000024759<ZZ72<<<<<<<<<<<", "8010100F2006017PRT<<<<<<<<<<<8",
                           "CARLOS<MONTEIRO<<AMELIA<VANESS");
    ck_assert(pt.valid);
    ck_assert_str_eq(pt.fields.document_number, "000024759ZZ7");
    ck_assert(pt.fields.name_truncated);

    /* the Belgian variant whose digit also covers the '<' at position 15 */
    char l1[31] = "IDBEL000590240<6013<<<<<<<<<<<";
    char l2[31] = "8502016F3001064BEL<<<<<<<<<<<0";
    char comp[64];
    memcpy(comp, l1 + 5, 25);
    memcpy(comp + 25, l2, 7);
    memcpy(comp + 32, l2 + 8, 7);
    memcpy(comp + 39, l2 + 18, 11);
    l2[29] = (char)('0' + mrz_check_digit(comp, 50));
    mrz_result v = parse3(l1, l2, "SPECIMEN<<SPECIMEN<<<<<<<<<<<<");
    ck_assert(v.valid);
    ck_assert_str_eq(v.fields.document_number, "000590240601");
    ck_assert(has_warning(&v, "variant"));

    /* long-number marker with nothing after it */
    mrz_result e = parse3("I<UTOD23145890<<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                          "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
    ck_assert(!e.valid);
    ck_assert(!e.check_ok[MRZ_CHECK_DOCUMENT_NUMBER]);
    ck_assert(has_problem(&e, "continuation"));

    /* TD2 long number (remainder "10", CD 4) */
    char t2[37] = "123456789<UTO7408122F1204159104<<<<0";
    char c2[40];
    memcpy(c2, t2, 10);
    memcpy(c2 + 10, t2 + 13, 7);
    memcpy(c2 + 17, t2 + 21, 14);
    t2[35] = (char)('0' + mrz_check_digit(c2, 31));
    mrz_result td2 = parse2("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", t2);
    ck_assert(td2.valid);
    ck_assert_str_eq(td2.fields.document_number, "12345678910");

    /* TD3 has no overflow: a '<' check digit is wrong */
    mrz_result t3 = parse2("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                           "L898902C3<UTO7408122F1204159ZE184226B<<<<<10");
    ck_assert(!t3.valid);
    ck_assert(!t3.check_ok[MRZ_CHECK_DOCUMENT_NUMBER]);
}
END_TEST

START_TEST(personal_number_check_digit)
{
    const char *l1 = "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<";
    mrz_result lt = parse2(l1, "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0");
    ck_assert(lt.valid);
    ck_assert(lt.check_ok[MRZ_CHECK_PERSONAL_NUMBER]);
    ck_assert_str_eq(lt.fields.issuing_state, "D");
    ck_assert_str_eq(lt.fields.nationality, "D");
    ck_assert(lt.issuer_known && lt.nationality_known);
    mrz_result zero = parse2("P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<",
                             "ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08");
    ck_assert(zero.valid);
    mrz_result lt2 = parse2("P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<",
                            "ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<<8");
    ck_assert(lt2.valid);
    /* '<' is only allowed when the field is empty */
    mrz_result bad = parse2("P<NLDMEULENDIJK<<LOES<ALBERTINE<<<<<<<<<<<<<",
                            "XX00000000NLD7110195F1108280123456782<<<<<<2");
    ck_assert(!bad.valid);
    ck_assert(!bad.check_ok[MRZ_CHECK_PERSONAL_NUMBER]);
    mrz_result ok = parse2("P<NLDMEULENDIJK<<LOES<ALBERTINE<<<<<<<<<<<<<",
                           "XX00000000NLD7110195F1108280123456782<<<<<02");
    ck_assert(ok.valid);
    ck_assert_str_eq(ok.fields.personal_number, "123456782");
}
END_TEST

/* A TD3 line 2 with the given dates, all check digits recomputed. */
static void td3_line2(char out[45], const char *dob, const char *exp)
{
    memcpy(out, "L898902C36UTO7408122F1204159<<<<<<<<<<<<<<<0", 45);
    memcpy(out + 13, dob, 6);
    out[19] = (char)('0' + mrz_check_digit(dob, 6));
    memcpy(out + 21, exp, 6);
    out[27] = (char)('0' + mrz_check_digit(exp, 6));
    char comp[40];
    memcpy(comp, out, 10);
    memcpy(comp + 10, out + 13, 7);
    memcpy(comp + 17, out + 21, 22);
    out[43] = (char)('0' + mrz_check_digit(comp, 39));
}

static mrz_result td3_dates(const char *dob, const char *exp)
{
    char l2[45];
    td3_line2(l2, dob, exp);
    return parse2("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", l2);
}

START_TEST(dates_and_centuries)
{
    char d[11];
    mrz_result r = td3_dates("240301", "300101");
    iso(&r.fields.date_of_birth, d);
    ck_assert_str_eq(d, "2024-03-01");     /* the reference day itself is not in the future */
    r = td3_dates("240302", "300101");
    iso(&r.fields.date_of_birth, d);
    ck_assert_str_eq(d, "1924-03-02");
    r = td3_dates("000229", "730101");
    ck_assert(r.valid);
    iso(&r.fields.date_of_birth, d);
    ck_assert_str_eq(d, "2000-02-29");
    iso(&r.fields.date_of_expiry, d);
    ck_assert_str_eq(d, "2073-01-01");
    r = td3_dates("800101", "740101");
    iso(&r.fields.date_of_expiry, d);
    ck_assert_str_eq(d, "1974-01-01");    /* 74 >= 24 + 50 */

    /* impossible dates: fields null, raw kept, invalid */
    r = td3_dates("230229", "300101");
    ck_assert(!r.valid);
    ck_assert(r.fields.date_of_birth.impossible && !r.fields.date_of_birth.known);
    ck_assert_str_eq(r.fields.date_of_birth.raw, "230229");
    ck_assert(has_problem(&r, "not a real calendar date"));
    r = td3_dates("801301", "300231");
    ck_assert(!r.valid);
    ck_assert(r.fields.date_of_birth.impossible && r.fields.date_of_expiry.impossible);
    ck_assert(!r.dates_ok);

    /* a wholly unknown birth date is valid */
    r = td3_dates("<<<<<<", "300101");
    ck_assert(r.valid);
    ck_assert(!r.fields.date_of_birth.known && !r.fields.date_of_birth.impossible);
    ck_assert_str_eq(r.fields.date_of_birth.raw, "<<<<<<");
    /* partly unknown birth date, unknown expiry: invalid */
    r = td3_dates("74<<<<", "300101");
    ck_assert(!r.valid);
    ck_assert(has_problem(&r, "partly unknown"));
    r = td3_dates("740812", "<<<<<<");
    ck_assert(!r.valid);
    ck_assert(has_problem(&r, "expiry"));

    /* century inference never touches check digits */
    mrz_result a, b;
    const char *lines[2] = {"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                            "L898902C36UTO7408122F1204159ZE184226B<<<<<10"};
    mrz_parse_lines(lines, 2, (vdate){2060, 1, 1}, &a);
    mrz_parse_lines(lines, 2, (vdate){1990, 1, 1}, &b);
    ck_assert(a.valid && b.valid);
    iso(&b.fields.date_of_birth, d);
    ck_assert_str_eq(d, "1974-08-12");
    iso(&a.fields.date_of_expiry, d);
    ck_assert_str_eq(d, "2012-04-15");
}
END_TEST

START_TEST(names)
{
    /* only the first "<<" splits; later ones separate given names */
    mrz_result r = parse2("P<FRAMARTIN<<MICHEL<<JEAN<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    ck_assert_str_eq(r.fields.surname, "MARTIN");
    ck_assert_str_eq(r.fields.given_names, "MICHEL JEAN");
    /* empty primary identifier (Indian passports) */
    r = parse2("P<IND<<FIRST<NAME<<<<<<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0");
    ck_assert(r.valid);
    ck_assert_str_eq(r.fields.surname, "");
    ck_assert_str_eq(r.fields.given_names, "FIRST NAME");
    /* primary only */
    r = parse3("IDSRB95555554612902968000000<<", "6802295F1907245SRB<<<<<<<<<<<6", "TEST<<<<<<<<<<<<<<<<<<<<<<<<<<");
    ck_assert_str_eq(r.fields.surname, "TEST");
    ck_assert_str_eq(r.fields.given_names, "");
    ck_assert(!r.fields.name_truncated);
    /* filled to the last position: truncated; multi-part primary */
    r = parse2("P<MYSMEGAN<ELLA<RUTH<BIN<ISMAELAR<EZZAHUDDIN", "A001122338MYS0911267M2010153<<<<<<<<<<<<<<<8");
    ck_assert(r.valid);
    ck_assert(r.fields.name_truncated);
    ck_assert(has_warning(&r, "truncated"));
    ck_assert_str_eq(r.fields.surname, "MEGAN ELLA RUTH BIN ISMAELAR EZZAHUDDIN");
    ck_assert_str_eq(r.fields.given_names, "");
}
END_TEST

START_TEST(sex_codes)
{
    char l2[45] = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    const char *l1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    l2[20] = 'X';
    mrz_result r = parse2(l1, l2);
    ck_assert(r.valid);
    ck_assert_int_eq(r.fields.sex, 'X');
    ck_assert(r.sex_nonconformant);
    ck_assert(has_warning(&r, "VIZ"));
    l2[20] = '<';
    r = parse2(l1, l2);
    ck_assert(r.valid);
    ck_assert_int_eq(r.fields.sex, 0);
    ck_assert(!r.sex_nonconformant);
    l2[20] = 'M';
    r = parse2(l1, l2);
    ck_assert_int_eq(r.fields.sex, 'M');
    l2[20] = 'A';
    r = parse2(l1, l2);
    ck_assert(!r.valid);
    ck_assert_int_eq(r.fields.sex, 0);
    ck_assert(has_problem(&r, "sex"));
}
END_TEST

START_TEST(country_codes)
{
    const char *known[] = {"D", "UTO", "XXA", "XXB", "XXC", "XXX", "UNO", "UNA", "UNK", "EUE", "GBD",
                           "GBN", "GBO", "GBS", "GBP", "RKS", "XOM", "XPO", "XCC", "XBA", "XIM", "XES",
                           "XMP", "XDC", "XEC", "XCE", "XCO", "ANT", "NTZ", "IAO", "UKR", "DEU", "USA",
                           "ZWE", "ABW", "ALA", "SSD", "BES", "XXK"};
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        ck_assert_msg(mrz_country_known(known[i]), "%s", known[i]);
    const char *unknown[] = {"", "QQQ", "DE", "D<<", "ABCD", "uto", "XXY", "YTO"};
    for (size_t i = 0; i < sizeof unknown / sizeof *unknown; i++)
        ck_assert_msg(!mrz_country_known(unknown[i]), "%s", unknown[i]);
    ck_assert(!mrz_country_known(NULL));

    /* an unknown code is flagged but does not make the MRZ invalid */
    mrz_result r = parse2("P<QQQERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L898902C36QQQ7408122F1204159ZE184226B<<<<<10");
    ck_assert(r.valid);
    ck_assert(!r.issuer_known && !r.nationality_known);
    ck_assert(has_warning(&r, "issuing state"));
}
END_TEST

/* ------------------------------------------------------------------ */
/* Malformed input                                                     */

START_TEST(malformed_input)
{
    mrz_result r;
    mrz_parse_text("", 0, REF, &r);
    ck_assert(!r.valid && r.format == MRZ_FMT_NONE && r.nproblems > 0);
    mrz_parse_text(NULL, 5, REF, &r);
    ck_assert(!r.valid);
    mrz_parse_lines(NULL, 3, REF, &r);
    ck_assert(!r.valid);
    const char *nulls[2] = {NULL, NULL};
    mrz_parse_lines(nulls, 2, REF, &r);
    ck_assert(!r.valid);

    /* lower case: shape still recognised, invalid, not folded */
    r = parse2("p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    ck_assert_int_eq(r.format, MRZ_FMT_TD3);
    ck_assert(!r.valid && !r.charset_ok);
    ck_assert(has_problem(&r, "lower case"));
    ck_assert_str_eq(r.fields.surname, "eriksson");

    /* spaces */
    r = parse2("P<UTOERIKSSON<<ANNA MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    ck_assert(!r.valid);
    ck_assert(has_problem(&r, "space"));

    /* wrong length: guessed, invalid, says so */
    r = parse2("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    ck_assert_int_eq(r.format, MRZ_FMT_TD3);
    ck_assert(!r.valid);
    ck_assert(has_problem(&r, "line 1 is 43 characters long"));

    /* UTF-8 and a NUL byte inside the text */
    const char utf[] = "P<UTOERIKSS\xc3\x96N<<ANNA<MARIA<<<<<<<<<<<<<<<<<<\n"
                       "L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
    mrz_parse_text(utf, sizeof utf - 1, REF, &r);
    ck_assert(!r.valid);
    ck_assert(has_problem(&r, "non-ASCII"));
    const char nul[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
                       "L898902C36UTO74\00812\x32""F1204159ZE184226B<<<<<10\n";
    mrz_parse_text(nul, sizeof nul - 1, REF, &r);
    ck_assert(!r.valid);
    ck_assert(has_problem(&r, "NUL"));

    /* four lines, blank lines ignored, CRLF */
    const char four[] = "A\nB\n\nC\r\nD\r\n";
    mrz_parse_text(four, sizeof four - 1, REF, &r);
    ck_assert(!r.valid && r.format == MRZ_FMT_NONE);
    ck_assert(has_problem(&r, "4 lines"));
    const char crlf[] = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\n\r\n"
                        "L898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n";
    mrz_parse_text(crlf, sizeof crlf - 1, REF, &r);
    ck_assert(r.valid);

    /* 1 MB of text: one huge line, and a million short lines */
    size_t big = 1u << 20;
    char *buf = malloc(big);
    ck_assert(buf != NULL);
    memset(buf, 'A', big);
    mrz_parse_text(buf, big, REF, &r);
    ck_assert(!r.valid && r.format == MRZ_FMT_NONE);
    ck_assert(has_problem(&r, "1 line of 1048576 characters"));
    ck_assert_int_eq(r.line_len[0], MRZ_MAX_LINE);
    for (size_t i = 1; i < big; i += 2)
        buf[i] = '\n';
    mrz_parse_text(buf, big, REF, &r);
    ck_assert(!r.valid && has_problem(&r, "524288 lines"));
    for (size_t i = 0; i < big; i++)
        buf[i] = (char)(rand() & 0xff);
    mrz_parse_text(buf, big, REF, &r);
    ck_assert(!r.valid);
    json_t *o = mrz_result_to_json(&r);
    ck_assert(o != NULL);
    char *s = json_dumps(o, JSON_COMPACT);
    ck_assert(s != NULL);
    free(s);
    json_decref(o);
    free(buf);
}
END_TEST

/* Random byte lines of every length near the formats': never a crash,
 * every result serialises (ASan/UBSan run this under make check-asan). */
START_TEST(fuzz_shapes)
{
    unsigned seed = 12345;
    char lines[3][64];
    for (int iter = 0; iter < 20000; iter++) {
        int n = 1 + (int)(seed % 3);
        const char *ptrs[3];
        size_t lens[3];
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t len = (seed >> 8) % 50;
            for (size_t k = 0; k < len; k++) {
                seed = seed * 1103515245u + 12345u;
                unsigned c = (seed >> 16) % 48;
                lines[i][k] = c < 10 ? (char)('0' + c) : c < 36 ? (char)('A' + c - 10) : c < 46 ? '<' : (char)(seed >> 8);
            }
            ptrs[i] = lines[i];
            lens[i] = len;
        }
        mrz_result r;
        mrz_parse_spans(ptrs, lens, n, REF, &r);
        ck_assert(r.valid == (r.nproblems == 0));
        ck_assert(!r.valid || r.format != MRZ_FMT_NONE);
        json_t *o = mrz_result_to_json(&r);
        ck_assert(o != NULL);
        json_decref(o);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* JSON                                                                */

START_TEST(json_contract_object)
{
    mrz_result r = parse2("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                          "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    json_t *o = mrz_result_to_json(&r);
    ck_assert(o != NULL);
    ck_assert_str_eq(json_string_value(json_object_get(o, "format")), "TD3");
    ck_assert(json_is_true(json_object_get(o, "valid")));
    json_t *lines = json_object_get(o, "lines");
    ck_assert_int_eq(json_array_size(lines), 2);
    ck_assert_str_eq(json_string_value(json_array_get(lines, 1)), "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    json_t *checks = json_object_get(o, "checks");
    ck_assert_int_eq(json_object_size(checks), 5);
    const char *keys[] = {"document_number", "date_of_birth", "date_of_expiry", "personal_number", "composite"};
    for (int i = 0; i < 5; i++)
        ck_assert(json_is_true(json_object_get(checks, keys[i])));
    json_t *f = json_object_get(o, "fields");
    struct { const char *k, *v; } want[] = {
        {"document_code", "P"}, {"issuing_state", "UTO"}, {"surname", "ERIKSSON"},
        {"given_names", "ANNA MARIA"}, {"document_number", "L898902C3"}, {"nationality", "UTO"},
        {"date_of_birth", "1974-08-12"}, {"date_of_birth_raw", "740812"}, {"sex", "F"},
        {"date_of_expiry", "2012-04-15"}, {"date_of_expiry_raw", "120415"},
        {"personal_number", "ZE184226B"}, {"optional_data", ""}, {"optional_data_2", ""},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        ck_assert_str_eq(json_string_value(json_object_get(f, want[i].k)), want[i].v);
    ck_assert(json_is_array(json_object_get(o, "problems")));
    ck_assert(json_is_true(json_object_get(o, "issuer_known")));
    ck_assert(json_is_false(json_object_get(o, "sex_nonconformant")));
    json_decref(o);

    /* visa: no composite, no personal number; unknown birth date and sex '<' are null */
    mrz_result v = parse2("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX<<<<<<0<9612109<<<<<<<<");
    ck_assert(v.valid);
    o = mrz_result_to_json(&v);
    checks = json_object_get(o, "checks");
    ck_assert_int_eq(json_object_size(checks), 3);
    ck_assert(json_object_get(checks, "composite") == NULL);
    f = json_object_get(o, "fields");
    ck_assert(json_is_null(json_object_get(f, "date_of_birth")));
    ck_assert_str_eq(json_string_value(json_object_get(f, "date_of_birth_raw")), "<<<<<<");
    ck_assert(json_is_null(json_object_get(f, "sex")));
    json_decref(o);

    /* invalid UTF-8 becomes U+FFFD; format null when nothing fits */
    const char bad[] = "\xff\xfe<<\xc3";
    mrz_parse_text(bad, sizeof bad - 1, REF, &v);
    o = mrz_result_to_json(&v);
    ck_assert(json_is_null(json_object_get(o, "format")));
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(o, "lines"), 0)),
                     "\xef\xbf\xbd\xef\xbf\xbd<<\xef\xbf\xbd");
    json_decref(o);
}
END_TEST

/* ------------------------------------------------------------------ */
/* Property test: generated MRZs of every format                       */

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;

static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static char rnd_alnum(void)
{
    unsigned v = rnd(36);
    return v < 10 ? (char)('0' + v) : (char)('A' + v - 10);
}

static char cd_char(const char *s, size_t n)
{
    int d = mrz_check_digit(s, n);
    return (char)('0' + d);
}

typedef struct gen {
    mrz_format fmt;
    char l[3][45];
    int nlines;
    char surname[48], given[48], docno[24], nat[4], issuer[4];
    char dob_iso[11], exp_iso[11];
    char sex;
    /* positions (line, col) of characters in checked fields, and dates */
    int npos;
    struct { int line, col; bool date; } pos[64];
} gen;

static void add_pos(gen *g, int line, int from, int to, bool date)
{
    for (int c = from; c < to && g->npos < 64; c++) {
        g->pos[g->npos].line = line;
        g->pos[g->npos].col = c;
        g->pos[g->npos].date = date;
        g->npos++;
    }
}

/* A name field of width w (never filled to the end) and the expected split. */
static void gen_name(char *field, int w, char *surname, char *given)
{
    static const char *const syl[] = {"AN", "NA", "MA", "RI", "KO", "VAL", "EN", "KO", "LU", "SZ", "OV", "DE"};
    for (;;) {
        char prim[64] = "", sec[64] = "", sp[64] = "", ss[64] = "";
        int np = (int)rnd(5) == 0 ? 0 : 1 + (int)rnd(2);   /* sometimes no primary */
        int ns = (int)rnd(4);
        for (int i = 0; i < np; i++) {
            char w1[16] = "";
            int k = 1 + (int)rnd(3);
            for (int j = 0; j < k; j++)
                strcat(w1, syl[rnd(12)]);
            if (i) { strcat(prim, "<"); strcat(sp, " "); }
            strcat(prim, w1);
            strcat(sp, w1);
        }
        for (int i = 0; i < ns; i++) {
            char w1[16] = "";
            int k = 1 + (int)rnd(3);
            for (int j = 0; j < k; j++)
                strcat(w1, syl[rnd(12)]);
            if (i) { strcat(sec, "<"); strcat(ss, " "); }
            strcat(sec, w1);
            strcat(ss, w1);
        }
        if (np == 0 && ns == 0)
            continue;
        char full[96];
        snprintf(full, sizeof full, "%s%s%s", prim, ns ? "<<" : "", sec);
        if (np == 0)
            snprintf(full, sizeof full, "<<%s", sec);
        if ((int)strlen(full) >= w)
            continue;
        memset(field, '<', (size_t)w);
        memcpy(field, full, strlen(full));
        strcpy(surname, sp);
        strcpy(given, ss);
        return;
    }
}

static void gen_date(char out[6], char iso_out[11], int ymin, int ymax)
{
    int y, m, d;
    do {
        y = ymin + (int)rnd((unsigned)(ymax - ymin + 1));
        m = 1 + (int)rnd(12);
        d = 1 + (int)rnd(31);
    } while (!vdate_is_valid(y, m, d));
    char buf[8];
    snprintf(buf, sizeof buf, "%02d%02d%02d", y % 100, m, d);
    memcpy(out, buf, 6);
    snprintf(iso_out, 11, "%04d-%02d-%02d", y, m, d);
}

static void gen_code(char out[3], char name[4])
{
    static const char *const codes[] = {"UKR", "D<<", "GBR", "USA", "XXA", "UTO", "POL", "IND", "NGA", "FRA", "RKS"};
    const char *c = codes[rnd(11)];
    memcpy(out, c, 3);
    int n = 3;
    while (n > 0 && c[n - 1] == '<')
        n--;
    memcpy(name, c, (size_t)n);
    name[n] = '\0';
}

/* The document number field: short (1..9, '<'-padded) or, when `maxlong`
 * > 9, sometimes long (overflow into opt).  Returns the overflow run length
 * written at opt (0 when short). */
static int gen_docno(gen *g, char *num9, char *cdpos, char *opt, int maxlong)
{
    int len = 1 + (int)rnd(9);
    if (maxlong > 9 && rnd(3) == 0)
        len = 10 + (int)rnd((unsigned)(maxlong - 9));
    char full[24];
    for (int i = 0; i < len; i++)
        full[i] = rnd_alnum();
    full[len] = '\0';
    strcpy(g->docno, full);
    if (len <= 9) {
        memset(num9, '<', 9);
        memcpy(num9, full, (size_t)len);
        *cdpos = cd_char(num9, 9);
        return 0;
    }
    memcpy(num9, full, 9);
    *cdpos = '<';
    int rem = len - 9;
    memcpy(opt, full + 9, (size_t)rem);
    opt[rem] = cd_char(full, (size_t)len);
    opt[rem + 1] = '<';
    return rem + 1;
}

static void gen_sex(gen *g, char *slot, bool x_allowed)
{
    static const char s[] = "MF<X";
    char c = s[rnd(x_allowed ? 4 : 3)];
    *slot = c;
    g->sex = c == '<' ? 0 : c;
}

static void gen_td1(gen *g)
{
    char *a = g->l[0], *b = g->l[1], *c = g->l[2];
    memset(a, '<', 30); memset(b, '<', 30); memset(c, '<', 30);
    a[30] = b[30] = c[30] = '\0';
    a[0] = "ACI"[rnd(3)];
    a[1] = rnd(2) ? '<' : 'D';
    gen_code(a + 2, g->issuer);
    int run = gen_docno(g, a + 5, a + 14, a + 15, 22);
    for (int i = 15 + run + (run ? 1 : 0); i < 30; i++)
        if (rnd(3) == 0) a[i] = rnd_alnum();
    add_pos(g, 0, 5, 14, false);
    if (run)
        add_pos(g, 0, 15, 15 + run - 1, false);               /* continuation (not its CD, not the '<') */
    add_pos(g, 0, 15 + run + (run ? 1 : 0), 30, false);         /* composite-covered optional data */
    gen_date(b, g->dob_iso, 1925, 2023);
    b[6] = cd_char(b, 6);
    gen_sex(g, b + 7, true);
    gen_date(b + 8, g->exp_iso, 1975, 2073);
    b[14] = cd_char(b + 8, 6);
    gen_code(b + 15, g->nat);
    for (int i = 18; i < 29; i++)
        if (rnd(3) == 0) b[i] = rnd_alnum();
    add_pos(g, 1, 0, 6, true);
    add_pos(g, 1, 8, 14, true);
    add_pos(g, 1, 18, 29, false);
    char comp[64];
    memcpy(comp, a + 5, 25); memcpy(comp + 25, b, 7); memcpy(comp + 32, b + 8, 7); memcpy(comp + 39, b + 18, 11);
    b[29] = cd_char(comp, 50);
    gen_name(c, 30, g->surname, g->given);
    g->nlines = 3;
    g->fmt = MRZ_FMT_TD1;
}

static void gen_2line(gen *g, int width, bool visa)
{
    char *a = g->l[0], *b = g->l[1];
    memset(a, '<', (size_t)width); memset(b, '<', (size_t)width);
    a[width] = b[width] = '\0';
    a[0] = visa ? 'V' : width == 44 ? 'P' : "ACI"[rnd(3)];
    a[1] = rnd(2) ? '<' : visa ? 'B' : 'D';
    if (width == 36 && !visa && a[0] == 'I' && a[1] == 'D')
        a[1] = '<';   /* keep clear of the French "IDFRA" shape */
    gen_code(a + 2, g->issuer);
    gen_name(a + 5, width - 5, g->surname, g->given);
    int optlen = width == 44 ? (visa ? 16 : 14) : (visa ? 8 : 7);
    int run = 0;
    if (width == 36 && !visa)
        run = gen_docno(g, b, b + 9, b + 28, 14);
    else
        gen_docno(g, b, b + 9, b + 28, 9);
    add_pos(g, 1, 0, 9, false);
    if (run)
        add_pos(g, 1, 28, 28 + run - 1, false);
    gen_code(b + 10, g->nat);
    gen_date(b + 13, g->dob_iso, 1925, 2023);
    b[19] = cd_char(b + 13, 6);
    gen_sex(g, b + 20, true);
    gen_date(b + 21, g->exp_iso, 1975, 2073);
    b[27] = cd_char(b + 21, 6);
    add_pos(g, 1, 13, 19, true);
    add_pos(g, 1, 21, 27, true);
    int optstart = 28 + run + (run ? 1 : 0);
    int pnlen = (int)rnd((unsigned)(optlen + 1));
    for (int i = optstart; i < 28 + optlen && i - optstart < pnlen; i++)
        b[i] = rnd_alnum();
    if (width == 44 && !visa) {
        bool empty = true;
        for (int i = 28; i < 42; i++)
            empty = empty && b[i] == '<';
        b[42] = empty ? (rnd(2) ? '<' : '0') : cd_char(b + 28, 14);
        add_pos(g, 1, 28, 42, false);
    } else if (!visa) {
        add_pos(g, 1, optstart, 28 + optlen, false);
    }
    if (!visa) {
        char comp[64];
        memcpy(comp, b, 10);
        memcpy(comp + 10, b + 13, 7);
        memcpy(comp + 17, b + 21, (size_t)(width - 1 - 21));
        b[width - 1] = cd_char(comp, (size_t)(17 + width - 1 - 21));
    }
    g->nlines = 2;
    g->fmt = width == 44 ? (visa ? MRZ_FMT_MRVA : MRZ_FMT_TD3) : (visa ? MRZ_FMT_MRVB : MRZ_FMT_TD2);
}

static void gen_fra_id(gen *g)
{
    char *a = g->l[0], *b = g->l[1];
    memset(a, '<', 36); memset(b, '<', 36);
    a[36] = b[36] = '\0';
    memcpy(a, "IDFRA", 5);
    strcpy(g->issuer, "FRA");
    strcpy(g->nat, "FRA");
    char given[48];
    gen_name(a + 5, 25, g->surname, given);     /* surname field: whole as one */
    /* the French surname field has no "<<" split: expected = all parts */
    char all[96];
    snprintf(all, sizeof all, "%s%s%s", g->surname, g->surname[0] && given[0] ? " " : "", given);
    strcpy(g->surname, all);
    for (int i = 30; i < 36; i++)
        a[i] = rnd_alnum();
    for (int i = 0; i < 12; i++)
        b[i] = i < 4 ? (char)('0' + rnd(10)) : rnd_alnum();
    memcpy(g->docno, b, 12);
    g->docno[12] = '\0';
    b[12] = cd_char(b, 12);
    char sur2[20], giv2[20];
    gen_name(b + 13, 14, sur2, giv2);
    snprintf(g->given, sizeof g->given, "%s%s%s", sur2, sur2[0] && giv2[0] ? " " : "", giv2);
    gen_date(b + 27, g->dob_iso, 1925, 2023);
    b[33] = cd_char(b + 27, 6);
    b[34] = rnd(2) ? 'M' : 'F';
    g->sex = b[34];
    char comp[80];
    memcpy(comp, a, 36);
    memcpy(comp + 36, b, 35);
    b[35] = cd_char(comp, 71);
    strcpy(g->exp_iso, "null");
    add_pos(g, 1, 0, 12, false);
    add_pos(g, 1, 27, 33, true);
    g->nlines = 2;
    g->fmt = MRZ_FMT_FRA_ID;
}

static void generate(gen *g, int kind)
{
    memset(g, 0, sizeof *g);
    switch (kind) {
    case 0: gen_td1(g); break;
    case 1: gen_2line(g, 36, false); break;
    case 2: gen_2line(g, 44, false); break;
    case 3: gen_2line(g, 44, true); break;
    case 4: gen_2line(g, 36, true); break;
    default: gen_fra_id(g); break;
    }
}

static mrz_result parse_gen(const gen *g)
{
    const char *lines[3] = {g->l[0], g->l[1], g->l[2]};
    mrz_result r;
    mrz_parse_lines(lines, g->nlines, REF, &r);
    return r;
}

static int char_val(char c)
{
    return c == '<' ? 0 : c <= '9' ? c - '0' : c - 'A' + 10;
}

START_TEST(property_roundtrip)
{
    rng_state = 0x9E3779B97F4A7C15ull + (unsigned long long)_i;
    for (int n = 0; n < 1000; n++) {
        gen g;
        generate(&g, _i);
        mrz_result r = parse_gen(&g);
        ck_assert_msg(r.valid, "%s #%d: %s", mrz_format_name(g.fmt), n, r.nproblems ? r.problems[0] : "");
        ck_assert_int_eq(r.format, g.fmt);
        ck_assert_str_eq(r.fields.surname, g.surname);
        ck_assert_str_eq(r.fields.given_names, g.given);
        ck_assert_str_eq(r.fields.document_number, g.docno);
        ck_assert_str_eq(r.fields.nationality, g.nat);
        ck_assert_str_eq(r.fields.issuing_state, g.issuer);
        ck_assert_int_eq(r.fields.sex, g.sex);
        char d[11];
        iso(&r.fields.date_of_birth, d);
        ck_assert_str_eq(d, g.dob_iso);
        iso(&r.fields.date_of_expiry, d);
        ck_assert_str_eq(d, g.exp_iso);
    }
}
END_TEST

/* Every single-character substitution in a checked field is caught, except
 * a change whose 7-3-1 value differs by a multiple of 10 (A<->0<->K<->U,
 * '<'<->A ...), which no ICAO check digit can see; dates also refuse any
 * non-digit.  Asserted exactly that way round: a substitution that leaves
 * the MRZ valid must be such a blind-spot change outside a date. */
START_TEST(property_substitutions)
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<";
    rng_state = 0xC0FFEE1234567ull + (unsigned long long)_i;
    long caught = 0, blind = 0;
    for (int n = 0; n < 200; n++) {
        gen g;
        generate(&g, _i);
        for (int p = 0; p < g.npos; p++) {
            int line = g.pos[p].line, col = g.pos[p].col;
            char orig = g.l[line][col];
            for (const char *s = alphabet; *s; s++) {
                if (*s == orig)
                    continue;
                g.l[line][col] = *s;
                mrz_result r = parse_gen(&g);
                if (r.valid) {
                    ck_assert_msg(!g.pos[p].date && (char_val(*s) - char_val(orig)) % 10 == 0,
                                  "%s: '%c'->'%c' at line %d col %d not caught",
                                  mrz_format_name(g.fmt), orig, *s, line + 1, col + 1);
                    blind++;
                } else {
                    caught++;
                }
            }
            g.l[line][col] = orig;
        }
    }
    ck_assert(caught > 10 * blind);
}
END_TEST

static Suite *mrz_suite(void)
{
    Suite *s = suite_create("mrz");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, check_digit_vectors);
    tcase_add_test(tc, specimen_td3);
    tcase_add_test(tc, specimen_td1);
    tcase_add_test(tc, specimen_td2);
    tcase_add_test(tc, specimen_visas);
    tcase_add_test(tc, specimen_fra_id);
    tcase_add_test(tc, national_formats);
    tcase_add_test(tc, long_document_numbers);
    tcase_add_test(tc, personal_number_check_digit);
    tcase_add_test(tc, dates_and_centuries);
    tcase_add_test(tc, names);
    tcase_add_test(tc, sex_codes);
    tcase_add_test(tc, country_codes);
    tcase_add_test(tc, malformed_input);
    tcase_add_test(tc, fuzz_shapes);
    tcase_add_test(tc, json_contract_object);
    tcase_add_loop_test(tc, property_roundtrip, 0, 6);
    tcase_add_loop_test(tc, property_substitutions, 0, 6);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(mrz_suite());
}
