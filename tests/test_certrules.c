/* Unit tests for validators/certrules.c: country, result and fields of
 * police-clearance certificates from OCR text (no OCR involved). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "certrules.h"
#include "check_main.h"

/* The shipped policy's wordings (validators/national-guard.policy). */
static const cert_marker markers[] = {
    {"GBR", "ACRO Criminal Records Office"},
    {"GBR", "ACRO Police Certificate"},
    {"USA", "Criminal Justice Information Services"},
    {"USA", "Identity History Summary"},
    {"DEU", "Bundesamt für Justiz"},
    {"DEU", "Bundeszentralregister"},
    {"DEU", "Führungszeugnis"},
    {"POL", "Krajowego Rejestru Karnego"},
    {"POL", "Krajowy Rejestr Karny"},
    {"UKR", "Облік відомостей про притягнення особи до кримінальної відповідальності"},
    {"UKR", "Витяг з інформаційно-аналітичної системи"},
};
static const cert_phrase phrases[] = {
    {"GBR", CERT_NO_RECORD, "NO TRACE"},
    {"GBR", CERT_RECORD, "No Live Trace"},
    {"GBR", CERT_RECORD, "Convictions"},
    {"GBR", CERT_RECORD, "Cautions, Reprimands"},
    {"USA", CERT_NO_RECORD, "no arrest record"},
    {"USA", CERT_NO_RECORD, "does not indicate an arrest record"},
    {"USA", CERT_NO_RECORD, "no record in the FBI Criminal File"},
    {"USA", CERT_RECORD, "Arrest-Charge-Disposition"},
    {"USA", CERT_RECORD, "ARRESTED OR RECEIVED"},
    {"DEU", CERT_NO_RECORD, "Keine Eintragung"},
    {"DEU", CERT_RECORD, "Inhalt: Eintragung"},
    {"DEU", CERT_RECORD, "Eintragungen:"},
    {"DEU", CERT_RECORD, "Eintragung"},
    {"POL", CERT_NO_RECORD, "Osoba nie figuruje w kartotece karnej"},
    {"POL", CERT_RECORD, "Osoba figuruje w kartotece karnej"},
    {"UKR", CERT_NO_RECORD, "судимість відсутня"},
    {"UKR", CERT_NO_RECORD, "не знятої чи непогашеної судимості не має"},
    {"UKR", CERT_NO_RECORD, "не має судимості"},
    {"UKR", CERT_RECORD, "має судимість"},
};
#define NM (sizeof markers / sizeof markers[0])
#define NP (sizeof phrases / sizeof phrases[0])

static cert_info run(const char *text)
{
    cert_info info;
    certrules_analyse(text, strlen(text), phrases, NP, markers, NM, &info);
    return info;
}

/* An FBI summary's heading, `lines`, and its no-record result, analysed. */
static cert_info run_fbi_summary(const char *lines)
{
    char text[1024];
    snprintf(text, sizeof text,
             "Federal Bureau of Investigation\nIDENTITY HISTORY SUMMARY\n%sResult: NO ARREST RECORD\n",
             lines);
    return run(text);
}

/* ------------------------------------------------------------ documents */

static const char gbr_clear[] =
    "ACRO Criminal Records Office\n"
    "PO Box 481, Fareham, PO14 9FS, United Kingdom\n"
    "ACRO Police Certificate\n"
    "Certificate Number: 24/453790/P\n"
    "Surname: FITZGERALD\n"
    "Forenames: MARY ANN\n"
    "Date of Birth: 13 January 1990\n"
    "Place of Birth: LEEDS\n"
    "Date of Issue: 05/03/2024\n"
    "Result of search: NO TRACE\n"
    "There is no trace of the applicant on the Police National Computer.\n";

static const char gbr_record[] =
    "ACRO Criminal Records Office\n"
    "ACRO Police Certificate\n"
    "Surname: O'CONNOR\n"
    "Forenames: JAMES\n"
    "Date of Birth: 02/11/1985\n"
    "Date of Issue: 15 January 2024\n"
    "Convictions, Cautions, Reprimands and Warnings\n"
    "1. Date: 12/03/2015 Court: Leeds Magistrates' Court\n"
    "   Offence: Theft from a shop\n";

static const char usa_clear[] =
    "U.S. Department of Justice\n"
    "Federal Bureau of Investigation\n"
    "Criminal Justice Information Services Division\n"
    "IDENTITY HISTORY SUMMARY\n"
    "Name: DOE, JOHN PAUL\n"
    "Date of Birth: 05/17/1990\n"
    "Control Number: E202412345678\n"
    "Date of Issue: 01/15/2024\n"
    "A search of the fingerprints was conducted; the search result does not indicate an\n"
    "arrest record at the FBI.\n";

static const char usa_record[] =
    "Federal Bureau of Investigation\n"
    "Criminal Justice Information Services Division\n"
    "IDENTITY HISTORY SUMMARY\n"
    "Last Name: SMITH\n"
    "First Name: JOHN\n"
    "Date of Birth: 12/31/1979\n"
    "Date of Issue: 02/01/2024\n"
    "The following arrest-charge-disposition information is maintained.\n"
    "1-ARRESTED OR RECEIVED 2015/03/12\n"
    "   CHARGE 1-THEFT\n";

static const char deu_clear[] =
    "Bundesamt für Justiz\n"
    "- Bundeszentralregister -\n"
    "Belegnummer: P20240115123456\n"
    "Führungszeugnis\n"
    "Familienname: MÜLLER\n"
    "Geburtsname: MÜLLER\n"
    "Vornamen: Jürgen Karl\n"
    "Geburtsdatum: 17.05.1990\n"
    "Geburtsort: Köln\n"
    "Inhalt: Keine Eintragung\n"
    "Bonn, den 15.01.2024\n";

static const char deu_record[] =
    "Bundesamt für Justiz\n"
    "Führungszeugnis\n"
    "Familienname: SCHMIDT\n"
    "Vornamen: Anna\n"
    "Geburtsdatum: 01.02.1988\n"
    "Inhalt: 1 Eintragung\n"
    "1. Eintragung\n"
    "   Datum der Entscheidung: 12.03.2015 Amtsgericht Köln\n"
    "Bonn, den 3. März 2024\n";

static const char pol_clear[] =
    "MINISTERSTWO SPRAWIEDLIWOŚCI\n"
    "INFORMACJA Z KRAJOWEGO REJESTRU KARNEGO\n"
    "Nr 0169921/2025\n"
    "Nazwisko: WÓJCIK\n"
    "Imię (imiona): ŁUKASZ PIOTR\n"
    "Imię ojca: JAN\n"
    "Data urodzenia: 06.06.1966\n"
    "Osoba nie figuruje w kartotece karnej.\n"
    "Warszawa, dnia 17 października 2025 r.\n";

static const char pol_record[] =
    "INFORMACJA Z KRAJOWEGO REJESTRU KARNEGO\n"
    "Nazwisko: NOWAK\n"
    "Imię (imiona): ANNA\n"
    "Data urodzenia: 01.01.1970\n"
    "Data wydania: 02.02.2024\n"
    "Osoba figuruje w kartotece karnej.\n"
    "1. wyrok: Sąd Rejonowy w Krakowie z dnia 12.03.2015, kradzież\n";

static const char ukr_clear[] =
    "МІНІСТЕРСТВО ВНУТРІШНІХ СПРАВ УКРАЇНИ\n"
    "ВИТЯГ\n"
    "з інформаційно-аналітичної системи\n"
    "«Облік відомостей про притягнення особи до кримінальної\n"
    "відповідальності та наявності судимості»\n"
    "Номер витягу / Number: 3330710916\n"
    "Прізвище / Surname: SHEVCHENKO\n"
    "Ім'я / Given names: OLENA\n"
    "Дата народження / Date of birth: 07.06.1983\n"
    "Дата формування / Date of issue: 03.03.2024\n"
    "Станом на 03.03.2024 особа до кримінальної відповідальності не притягується,\n"
    "не знятої чи непогашеної судимості не має та в розшуку не перебуває.\n";

static const char ukr_record[] =
    "ВИТЯГ\n"
    "з інформаційно-аналітичної системи\n"
    "«Облік відомостей про притягнення особи до кримінальної\n"
    "відповідальності та наявності судимості»\n"
    "Прізвище / Surname: KOVALENKO\n"
    "Ім'я / Given names: ANDRII\n"
    "Дата народження / Date of birth: 17.05.1990\n"
    "Дата формування / Date of issue: 15 січня 2024 р.\n"
    "Станом на 15.01.2024 особа притягувалась до кримінальної відповідальності та має судимість:\n"
    "1. Вирок: Шевченківський районний суд м. Києва, 12.03.2015\n";

#define CHECK_FIELD(f, v) do { ck_assert_msg((f).found, #f " not found"); \
    ck_assert_str_eq((f).value, (v)); } while (0)

START_TEST(gbr_both_results_and_fields)
{
    cert_info a = run(gbr_clear);
    ck_assert_str_eq(a.country, "GBR");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    ck_assert_str_eq(a.phrase, "NO TRACE");
    CHECK_FIELD(a.surname, "FITZGERALD");
    CHECK_FIELD(a.given_names, "MARY ANN");
    CHECK_FIELD(a.date_of_birth, "1990-01-13");
    CHECK_FIELD(a.issued, "2024-03-05");
    CHECK_FIELD(a.number, "24/453790/P");
    ck_assert(strstr(a.surname.source, "Surname") != NULL);
    CHECK_FIELD(a.authority, "ACRO Criminal Records Office");
    cert_info b = run(gbr_record);
    ck_assert_int_eq(b.result, CERT_RECORD);
    CHECK_FIELD(b.surname, "O'CONNOR");
    CHECK_FIELD(b.date_of_birth, "1985-11-02");
    CHECK_FIELD(b.issued, "2024-01-15");
}
END_TEST

START_TEST(usa_both_results_and_fields)
{
    cert_info a = run(usa_clear);
    ck_assert_str_eq(a.country, "USA");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    CHECK_FIELD(a.surname, "DOE");
    CHECK_FIELD(a.given_names, "JOHN PAUL");
    CHECK_FIELD(a.date_of_birth, "1990-05-17");   /* MM/DD/YYYY */
    CHECK_FIELD(a.issued, "2024-01-15");
    CHECK_FIELD(a.number, "E202412345678");
    cert_info b = run(usa_record);
    ck_assert_int_eq(b.result, CERT_RECORD);
    CHECK_FIELD(b.surname, "SMITH");
    CHECK_FIELD(b.given_names, "JOHN");
    CHECK_FIELD(b.date_of_birth, "1979-12-31");
    CHECK_FIELD(b.issued, "2024-02-01");

    /* the comma of "SURNAME, GIVEN NAMES" read as a period (a dev photo);
     * an initial's period is no comma */
    cert_info c = run_fbi_summary("Name: WOJCIK. OLENA\n");
    CHECK_FIELD(c.surname, "WOJCIK");
    CHECK_FIELD(c.given_names, "OLENA");
    cert_info d = run_fbi_summary("Name: JOHN F. KENNEDY\n");
    CHECK_FIELD(d.surname, "KENNEDY");

    /* a sentence whose start a photo cut off is no labelled name */
    cert_info e = run_fbi_summary("WOJCIK, OLENA\nsubject in a foreign country.\n");
    ck_assert(!e.surname.found);
    ck_assert(!e.given_names.found);
}
END_TEST

START_TEST(deu_both_results_and_fields)
{
    cert_info a = run(deu_clear);
    ck_assert_str_eq(a.country, "DEU");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    ck_assert_str_eq(a.phrase, "Keine Eintragung");
    CHECK_FIELD(a.surname, "MÜLLER");
    CHECK_FIELD(a.given_names, "JÜRGEN KARL");
    CHECK_FIELD(a.date_of_birth, "1990-05-17");
    CHECK_FIELD(a.issued, "2024-01-15");           /* "Bonn, den ..." */
    CHECK_FIELD(a.number, "P20240115123456");
    CHECK_FIELD(a.authority, "Bundesamt für Justiz");
    ck_assert_str_eq(a.authority.source, "Bundesamt für Justiz");
    cert_info b = run(deu_record);
    ck_assert_int_eq(b.result, CERT_RECORD);
    CHECK_FIELD(b.date_of_birth, "1988-02-01");
    CHECK_FIELD(b.issued, "2024-03-03");           /* month name, after the entry's date */
}
END_TEST

START_TEST(pol_both_results_and_fields)
{
    cert_info a = run(pol_clear);
    ck_assert_str_eq(a.country, "POL");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    CHECK_FIELD(a.surname, "WÓJCIK");
    CHECK_FIELD(a.given_names, "ŁUKASZ PIOTR");    /* not the father's name */
    CHECK_FIELD(a.date_of_birth, "1966-06-06");
    CHECK_FIELD(a.issued, "2025-10-17");
    CHECK_FIELD(a.number, "0169921/2025");
    cert_info b = run(pol_record);
    ck_assert_int_eq(b.result, CERT_RECORD);
    CHECK_FIELD(b.issued, "2024-02-02");
}
END_TEST

START_TEST(ukr_both_results_and_fields)
{
    cert_info a = run(ukr_clear);
    ck_assert_str_eq(a.country, "UKR");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    CHECK_FIELD(a.surname, "SHEVCHENKO");
    CHECK_FIELD(a.given_names, "OLENA");
    CHECK_FIELD(a.date_of_birth, "1983-06-07");
    CHECK_FIELD(a.issued, "2024-03-03");
    CHECK_FIELD(a.number, "3330710916");
    CHECK_FIELD(a.authority, "Міністерство внутрішніх справ України");
    cert_info b = run(ukr_record);
    ck_assert_int_eq(b.result, CERT_RECORD);
    CHECK_FIELD(b.surname, "KOVALENKO");
    CHECK_FIELD(b.issued, "2024-01-15");
}
END_TEST

/* ------------------------------------------------------- negation traps */

START_TEST(negation_traps)
{
    /* the positive phrase is a fuzzy substring of the negated one and
     * vice versa: neither may be mistaken for the other */
    cert_info a = run("Krajowego Rejestru Karnego\nOsoba nie figuruje w kartotece karnej.\n");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    cert_info b = run("Krajowego Rejestru Karnego\nOsoba figuruje w kartotece karnej.\n");
    ck_assert_int_eq(b.result, CERT_RECORD);
    cert_info c = run("Bundesamt für Justiz\nInhalt: Keine Eintragung\n");
    ck_assert_int_eq(c.result, CERT_NO_RECORD);
    cert_info d = run("Bundesamt für Justiz\nInhalt:\n1. Eintragung 12.03.2015\n");
    ck_assert_int_eq(d.result, CERT_RECORD);
    cert_info e = run("ACRO Police Certificate\nResult: No Live Trace\n");
    ck_assert_int_eq(e.result, CERT_RECORD);
    cert_info f = run("ACRO Police Certificate\nResult: NO TRACE\n");
    ck_assert_int_eq(f.result, CERT_NO_RECORD);
    /* "Convictions ...: NO TRACE" on one line states no record */
    cert_info g = run("ACRO Police Certificate\nConvictions, Cautions, Reprimands and Warnings: NO TRACE\n");
    ck_assert_int_eq(g.result, CERT_NO_RECORD);
    cert_info h = run("Витяг з інформаційно-аналітичної системи\nособа не має судимості\n");
    ck_assert_int_eq(h.result, CERT_NO_RECORD);
    cert_info i = run("Витяг з інформаційно-аналітичної системи\nособа має судимість\n");
    ck_assert_int_eq(i.result, CERT_RECORD);
    cert_info j = run("Identity History Summary\nThis response does not indicate an arrest record.\n");
    ck_assert_int_eq(j.result, CERT_NO_RECORD);
    /* a negation before a record phrase cancels it */
    cert_info k = run("ACRO Police Certificate\nNo Convictions held.\n");
    ck_assert_int_ne(k.result, CERT_RECORD);
}
END_TEST

START_TEST(both_or_neither_is_unknown)
{
    cert_info a = run("Krajowego Rejestru Karnego\nOsoba nie figuruje w kartotece karnej.\n"
                      "Osoba figuruje w kartotece karnej.\n");
    ck_assert_str_eq(a.country, "POL");
    ck_assert_int_eq(a.result, CERT_UNKNOWN);
    ck_assert(strstr(a.reason, "both") != NULL);
    cert_info b = run("Bundesamt für Justiz\nFührungszeugnis\nInhalt: (unreadable)\n");
    ck_assert_str_eq(b.country, "DEU");
    ck_assert_int_eq(b.result, CERT_UNKNOWN);
    ck_assert_str_eq(b.phrase, "");
}
END_TEST

/* ----------------------------------------------------------- OCR noise */

START_TEST(ocr_noise_is_tolerated)
{
    /* rn for m, 0 for O, lost diacritics, q for g */
    cert_info a = run("Krajowego Rejestru Kamego\n0soba nie figuruje w kartotece kamej\n");
    ck_assert_str_eq(a.country, "POL");
    ck_assert_int_eq(a.result, CERT_NO_RECORD);
    cert_info b = run("Bundesamt fur Justiz\nInhalt: Keine Eintraqung\n");
    ck_assert_str_eq(b.country, "DEU");
    ck_assert_int_eq(b.result, CERT_NO_RECORD);
    cert_info c = run("ACR0 Criminal Rec0rds Office\nResult of search: N0 TRACE\n");
    ck_assert_str_eq(c.country, "GBR");
    ck_assert_int_eq(c.result, CERT_NO_RECORD);
    /* Latin look-alikes inside Cyrillic words (i, o, c, e) */
    cert_info d = run("Витяг з iнформацiйно-аналiтичної системи\nсудимiсть вiдсутня\n");
    ck_assert_str_eq(d.country, "UKR");
    ck_assert_int_eq(d.result, CERT_NO_RECORD);
    /* a noisy record is still a record, never no_record */
    cert_info e = run("Krajowego Rejestru Karnego\n0soba figuruje w kartotece kamej\n");
    ck_assert_int_eq(e.result, CERT_RECORD);
    cert_info f = run("Bundesamt fur Justiz\nInhalt: 2 Eintraqungen\n");
    ck_assert_int_eq(f.result, CERT_RECORD);
    /* a negation lost to OCR: never no_record */
    cert_info g = run("Krajowego Rejestru Karnego\nOsoba n figuruje w kartotece karnej\n");
    ck_assert_int_ne(g.result, CERT_NO_RECORD);
}
END_TEST

START_TEST(fuzzy_bound)
{
    ck_assert_int_eq(certrules_fuzzy_find("xx Keine Eintragung yy", "Keine Eintragung", 0), 0);
    ck_assert_int_eq(certrules_fuzzy_find("xx KEINE EINTRAGUNG yy", "Keine Eintragung", 0), 0);
    ck_assert_int_eq(certrules_fuzzy_find("Keine Eintraqung", "Keine Eintragung", 2), 1);
    ck_assert_int_eq(certrules_fuzzy_find("Kxxxx Exxxragung", "Keine Eintragung", 2), -1);
    ck_assert_int_eq(certrules_fuzzy_find("Führungszeugnis", "Fuhrungszeugnis", 0), 0);
    ck_assert_int_eq(certrules_fuzzy_find("", "x", 3), -1);
}
END_TEST

/* text with the first `from` replaced by `to` (static buffer) */
static const char *replaced(const char *text, const char *from, const char *to)
{
    static char buf[4096];
    const char *at = strstr(text, from);
    ck_assert_ptr_nonnull(at);
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return buf;
}

START_TEST(number_split_by_ocr)
{
    /* OCR splits a long number into groups: the digit groups are joined */
    cert_info a = run(replaced(deu_clear, "P20240115123456", "P202401 15123456"));
    CHECK_FIELD(a.number, "P20240115123456");
    a = run(replaced(deu_clear, "P20240115123456", "P2024 0115 123456 vom Amt"));
    CHECK_FIELD(a.number, "P20240115123456");
    /* a word after the number is not part of it */
    a = run(replaced(deu_clear, "P20240115123456", "P20240115123456 Bonn"));
    CHECK_FIELD(a.number, "P20240115123456");
    /* a Polish number split before its year part (dev seed 8400 #48) */
    a = run(replaced(pol_clear, "0169921/2025", "016992 1/2025"));
    CHECK_FIELD(a.number, "0169921/2025");
}
END_TEST

/* A Latin capital read as its Cyrillic look-alike (dev seed 8400 #37: the P
 * of a German number read as Р) is written as the Latin letter, not
 * dropped; another non-ASCII character is dropped. */
START_TEST(number_cyrillic_lookalike_is_latin)
{
    cert_info a = run(replaced(deu_clear, "P20240115123456", "\u0420" "20240115123456"));
    CHECK_FIELD(a.number, "P20240115123456");
    a = run(replaced(deu_clear, "P20240115123456", "P2024011512\u00b73456"));
    CHECK_FIELD(a.number, "P20240115123456");
}
END_TEST

/* ----------------------------------------------------------------- dates */

static void date_is(const char *s, const char *country, const char *iso)
{
    vdate d;
    char buf[11];
    ck_assert_msg(certrules_parse_date(s, country, &d, NULL), "no date in %s", s);
    vdate_format_iso(d, buf);
    ck_assert_str_eq(buf, iso);
}

START_TEST(dates_in_each_country)
{
    date_is("05/17/1990", "USA", "1990-05-17");
    date_is("May 17, 1990", "USA", "1990-05-17");
    date_is("17/05/1990", "GBR", "1990-05-17");
    date_is("17 May 1990", "GBR", "1990-05-17");
    date_is("17.05.1990", "DEU", "1990-05-17");
    date_is("17. Mai 1990", "DEU", "1990-05-17");
    date_is("3. März 2024", "DEU", "2024-03-03");
    date_is("17 maja 1990 r.", "POL", "1990-05-17");
    date_is("17 października 2025 r.", "POL", "2025-10-17");
    date_is("17 травня 1990 р.", "UKR", "1990-05-17");
    date_is("1990-05-17", "UKR", "1990-05-17");
    date_is("Bonn, den l7.O5.1990", "DEU", "1990-05-17");   /* OCR look-alikes */
    /* a US-order date that cannot be one is read the other way */
    date_is("17/05/1990", "USA", "1990-05-17");
    /* the month's two digits split by OCR with a space */
    date_is("Date of Issue 20/0 1/2024", "GBR", "2024-01-20");
    date_is("20.1 2.2023", "DEU", "2023-12-20");
    /* a separator OCR lost (a space left) or read as ':' or ';' */
    date_is("Date of Birth 09 15 1979", "USA", "1979-09-15");
    date_is("06 09.1976", "GBR", "1976-09-06");
    date_is("19:05; 1998", "GBR", "1998-05-19");
    vdate d;
    /* ... but spaced groups only as day, month, year in the country's order */
    ck_assert(!certrules_parse_date("15 09 1979", "USA", &d, NULL));
    ck_assert(!certrules_parse_date("09 15 19790", "USA", &d, NULL));
    /* ... only a lone digit is joined: "0 12" is no month */
    ck_assert(!certrules_parse_date("20/0 12/2024", "GBR", &d, NULL));
    ck_assert(!certrules_parse_date("31.02.1990", "DEU", &d, NULL));
    ck_assert(!certrules_parse_date("no date here", "GBR", &d, NULL));
    ck_assert(!certrules_parse_date("", "GBR", &d, NULL));
    ck_assert(!certrules_parse_date(NULL, "GBR", &d, NULL));
}
END_TEST

/* ---------------------------------------------------------------- layout */

START_TEST(value_on_next_line_and_bilingual_labels)
{
    cert_info a = run("ACRO Police Certificate\nSurname:\nDOE\nForenames:\nJOHN\n"
                      "Date of Birth:\n17/05/1990\nNO TRACE\n");
    CHECK_FIELD(a.surname, "DOE");
    CHECK_FIELD(a.given_names, "JOHN");
    CHECK_FIELD(a.date_of_birth, "1990-05-17");
    /* table rules read as '|' between label and value */
    cert_info b = run("Bundesamt für Justiz\nFamilienname | MEYER\nVornamen | Lena\n"
                      "Geburtsdatum | 09.01.1990\nKeine Eintragung\n");
    CHECK_FIELD(b.surname, "MEYER");
    CHECK_FIELD(b.given_names, "LENA");
    CHECK_FIELD(b.date_of_birth, "1990-01-09");
    /* a name printed in both scripts: the Latin one is kept */
    cert_info c = run("Витяг з інформаційно-аналітичної системи\n"
                      "Прізвище / Surname: ШЕВЧЕНКО / SHEVCHENKO\nсудимість відсутня\n");
    CHECK_FIELD(c.surname, "SHEVCHENKO");
    /* a blank field is blank: the next line's own label is not its value
     * (single-name applicants have no surname) */
    cert_info d = run("Bundesamt für Justiz\nFamilienname:\nGeburtsname: DOE\n"
                      "Vornamen: VENKATA RAMANA\nGeburtsdatum: 27.12.1979\nKeine Eintragung\n");
    ck_assert_msg(!d.surname.found, "surname taken from the next label's line");
    CHECK_FIELD(d.given_names, "VENKATA RAMANA");
}
END_TEST

START_TEST(ocr_noise_in_labels_and_names)
{
    /* rn read as m in a label; a label with its space lost; specks beside
     * a name; l for I in capitals; ü read as ii in a German name */
    cert_info a = run("ACRO Police Certificate\nSumame: KOWALCZYK\nForenames: GlORGl\n"
                      "Date of Birth: 03/08/1966\nNO TRACE\n");
    CHECK_FIELD(a.surname, "KOWALCZYK");
    CHECK_FIELD(a.given_names, "GIORGI");
    cert_info b = run("Identity History Summary\nLastName OCONNOR oe\nFirst Name MARY ANN\n"
                      "Date of Birth 07/04/2001\nno arrest record\n");
    CHECK_FIELD(b.surname, "OCONNOR");
    CHECK_FIELD(b.given_names, "MARY ANN");
    cert_info c = run("Bundesamt fiir Justiz\nVornamen: Jiirgen\nKeine Eintragung\n");
    ck_assert_str_eq(c.country, "DEU");
    CHECK_FIELD(c.given_names, "JÜRGEN");
    /* lower-case specks after a name in capitals and small letters; a
     * particle inside a name stays */
    cert_info c2 = run("Bundesamt für Justiz\nFamilienname: da Silva oo\n"
                       "Vornamen: Davit re oo.\nKeine Eintragung\n");
    CHECK_FIELD(c2.surname, "DA SILVA");
    CHECK_FIELD(c2.given_names, "DAVIT");
    /* Cyrillic look-alikes inside an English label: the specific label
     * still wins over the generic "date" that matches its first word */
    cert_info d = run("Витяг з інформаційно-аналітичної системи\n"
                      "Дата народження / Date ої birth: 28.02.1973\n"
                      "Дата формування / Date of issue: 29.04.2025\nсудимість відсутня\n");
    CHECK_FIELD(d.date_of_birth, "1973-02-28");
    CHECK_FIELD(d.issued, "2025-04-29");
    /* Latin look-alikes of a Cyrillic label and the reverse; a value after
     * a colon inside a date is the whole date */
    cert_info e = run("Витяг з інформаційно-аналітичної системи\n"
                      "Im'a / Сімеп names MALGORZATA\n"
                      "Date of Birth 19:05; 1998\nсудимість відсутня\n");
    CHECK_FIELD(e.given_names, "MALGORZATA");
    CHECK_FIELD(e.date_of_birth, "1998-05-19");
    /* a label with one space lost, then a speck before its value */
    cert_info g = run("ACRO Police Certificate\nDate ofBirth ——s- 22/02/1986\n"
                      "Date of Issue 13/03/2025\nNO TRACE\n");
    CHECK_FIELD(g.date_of_birth, "1986-02-22");
    CHECK_FIELD(g.issued, "2025-03-13");
    /* a one-word label split by a space, at a line start or before a
     * colon; the father's name beneath is not the surname */
    cert_info sp = run("Krajowy Rejestr Karny\nNav wisko: FITZGERALD\nImię (imiona): JAN\n"
                       "Imię ojca: ANDRZEJ\nOsoba nie figuruje w kartotece karnej.\n");
    CHECK_FIELD(sp.surname, "FITZGERALD");
    CHECK_FIELD(sp.given_names, "JAN");
    /* the labelled issue date unread: the closing place-and-date line is
     * offered apart (issued_at_place), not as the issue date itself */
    cert_info pd = run("Identity History Summary\nLast Name KOWALCZYK\nFirst Name DAVIT\n"
                       "Date of Issue OL-OL 2024\nno record in the FBI Criminal File.\n"
                       "Clarksburg, WV, January 1, 2024\n/ 7 SS Lf\n");
    ck_assert_msg(!pd.issued.found, "unreadable labelled issue date taken");
    CHECK_FIELD(pd.issued_at_place, "2024-01-01");
    /* ...but only when that line is the last dated one and a place */
    cert_info pd2 = run("Identity History Summary\nDate of Issue OL-OL 2024\n"
                        "Clarksburg, WV, January 1, 2024\nArrest 1: 03/04/2019 charge theft\n");
    ck_assert_msg(!pd2.issued_at_place.found, "a dated entry below the place line ignored");
    cert_info pd4 = run("Витяг з інформаційно-аналітичної системи\n"
                        "Дата формування / Date of issue: 31.03.2025\nсудимість відсутня\n"
                        "Київ, 11.03.2025\nСОМ\" 47\n");
    CHECK_FIELD(pd4.issued_at_place, "2025-03-11");
    /* beside a labelled date it is offered too, to check that one by */
    cert_info pd3 = run("Identity History Summary\nDate of Issue 05/26/2025\n"
                        "Clarksburg, WV, January 1, 2024\n");
    CHECK_FIELD(pd3.issued_at_place, "2024-01-01");
    CHECK_FIELD(pd3.issued, "2025-05-26");
    /* a speck glued before a label's capital, three letters misread */
    cert_info sk = run("Bundesamt fur Justiz\ntPamiltenname: MULLER\nVornamen: SÖREN\n"
                       "Keine Eintragung\n");
    CHECK_FIELD(sk.surname, "MULLER");
    /* the father's name with a misread letter ("o;ca") is still the
     * father's name, never the holder's; "dnia" read as "dma" */
    cert_info fa = run("Krajowy Rejestr Karny\nNazwisko: NOWAK\nimię o;ca: JAN\n"
                       "Osoba nie figuruje w kartotece karnej.\nWarszawa, dma 19.10.2024\n");
    ck_assert_msg(!fa.given_names.found, "father's name taken as given names");
    CHECK_FIELD(fa.issued, "2024-10-19");
    /* a labelled date that does not read as one: not found, and its
     * label's line kept as the field's source for a second reading */
    cert_info h = run("Identity History Summary\nDate of Birth: 68/29/1964\n"
                      "Date of Issue: 05/26/2025\nno arrest record\n");
    ck_assert_msg(!h.date_of_birth.found, "impossible date accepted");
    ck_assert_str_eq(h.date_of_birth.source, "Date of Birth: 68/29/1964");
    CHECK_FIELD(h.issued, "2025-05-26");
    /* a labelled name that does not read as one (cleaning stops at a
     * digit: "5МІТН" for SMITH, a rule's mark "0" before DAVIT): not found,
     * and its label's line kept as the field's source for a second
     * reading; a name found leaves no such line */
    cert_info dn = run("ACRO Police Certificate\nSurname 5МІТН\nForenames 0 DAVIT co .\n"
                       "Date of Birth 31 July 1969\nNo Live Trace\n");
    ck_assert_msg(!dn.surname.found && !dn.given_names.found, "name cut at a digit taken");
    ck_assert_str_eq(dn.surname.source, "Surname 5МІТН");
    ck_assert_str_eq(dn.given_names.source, "Forenames 0 DAVIT co .");
    cert_info dn2 = run("ACRO Police Certificate\nSurname GROSS\nForenames DAVIT\nNo Live Trace\n");
    CHECK_FIELD(dn2.surname, "GROSS");
    CHECK_FIELD(dn2.given_names, "DAVIT");
    /* a year no certificate has is a misreading, not a date */
    cert_info f = run("ACRO Police Certificate\nDate of Issue: 13 October 2625\nNO TRACE\n");
    ck_assert_msg(!f.issued.found, "issue date in 2625 accepted");
    /* an Ł read apart as "tL"; "Ім'я" read in Latin look-alikes */
    cert_info pl = run("Krajowy Rejestr Karny\nNazwisko: WOJCIK\nImiona: tLUKASZ\n"
                      "Osoba nie figuruje w kartotece karnej.\n");
    CHECK_FIELD(pl.given_names, "LUKASZ");
    cert_info ua = run("Витяг з інформаційно-аналітичної системи\nПрізвище: ЮЩЕНКО\n"
                      "Im'a: ОЛЕНА\nДата народження: 26.12.1970\n");
    CHECK_FIELD(ua.given_names, "ОЛЕНА");
}
END_TEST

/* --------------------------------------------------------------- garbage */

START_TEST(garbage_input)
{
    cert_info info;
    ck_assert(!certrules_analyse(NULL, 0, phrases, NP, markers, NM, &info));
    ck_assert(!certrules_analyse("", 0, phrases, NP, markers, NM, &info));
    ck_assert_int_eq(info.result, CERT_UNKNOWN);
    ck_assert(!certrules_analyse("hello", 5, NULL, 0, NULL, 0, &info));
    ck_assert(!certrules_analyse("x", 1, phrases, NP, markers, NM, NULL));
    /* invalid UTF-8 around a real phrase: skipped bytes, still read */
    const char bad[] = "Bundesamt f\xc3\xbcr Justiz\n\xff\xfe\xc3\x28 Inhalt: Keine \xe2\x82 Eintragung\n\xf0\x9f";
    ck_assert(certrules_analyse(bad, sizeof bad - 1, phrases, NP, markers, NM, &info));
    ck_assert_str_eq(info.country, "DEU");
    ck_assert_int_eq(info.result, CERT_NO_RECORD);
    /* text without NUL within len, embedded NULs */
    const char nul[] = "ACRO Police Certificate\0NO TRACE";
    ck_assert(certrules_analyse(nul, sizeof nul - 1, phrases, NP, markers, NM, &info));
    ck_assert_str_eq(info.country, "GBR");
}
END_TEST

START_TEST(one_megabyte_is_capped_and_fast)
{
    size_t n = 1024 * 1024;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    srand(7);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)(rand() & 0xFF);
    cert_info info;
    clock_t t0 = clock();
    certrules_analyse(big, n, phrases, NP, markers, NM, &info);
    /* a repeated certificate text, far over the cap */
    for (size_t i = 0; i < n; i++)
        big[i] = gbr_clear[i % (sizeof gbr_clear - 1)];
    ck_assert(certrules_analyse(big, n, phrases, NP, markers, NM, &info));
    ck_assert_str_eq(info.country, "GBR");
    /* one line of 1 MB with no newline */
    memset(big, 'A', n);
    certrules_analyse(big, n, phrases, NP, markers, NM, &info);
    double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_msg(s < 30.0, "took %.1f s", s);   /* generous: loaded machines */
    free(big);
}
END_TEST

/* Each name word's script from two engines' readings of it. */
START_TEST(name_script_by_word)
{
    char out[CERT_VALUE_MAX];
    bool mapped = true;
    /* bilingual, slash lost, the Latin half read as Cyrillic look-alikes by
     * the Cyrillic engine: the Latin engine's reading of that half is kept */
    const cert_name_word bil[] = {{"ЯКОВЕНКО", "AKOBEHKO", 93, 60},
                                  {"|АКОМЕМКО", "IAKOVENKO", 70, 91}};
    ck_assert_int_eq(certrules_name_by_script(bil, 2, 0, out, sizeof out, &mapped), 'L');
    ck_assert_str_eq(out, "IAKOVENKO");
    ck_assert(!mapped);
    /* Cyrillic only, read as Latin look-alikes: follows the other field */
    const cert_name_word ivan[] = {{"IBAH", "IBAH", 90, 88}};
    ck_assert_int_eq(certrules_name_by_script(ivan, 1, 0, out, sizeof out, &mapped), 0);
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(certrules_name_by_script(ivan, 1, 'C', out, sizeof out, &mapped), 'C');
    ck_assert_str_eq(out, "ІВАН");
    ck_assert(mapped);
    /* a Cyrillic word with a Latin look-alike letter inside, and a word
     * that cannot be a name (bracket) beside it */
    const cert_name_word mix[] = {{"ЮЛIЯ", "IOJIIR", 91, 40}, {"(ТОМА", "(TOMA", 40, 35}};
    ck_assert_int_eq(certrules_name_by_script(mix, 2, 0, out, sizeof out, &mapped), 'C');
    ck_assert_str_eq(out, "ЮЛІЯ");
    /* Latin read as Latin by the Cyrillic engine, the Latin engine sure */
    const cert_name_word hula[] = {{"ЮЛІЯ", "IOIIA", 92, 50}, {"HULA", "IULIIA", 60, 90}};
    ck_assert_int_eq(certrules_name_by_script(hula, 2, 0, out, sizeof out, &mapped), 'L');
    ck_assert_str_eq(out, "IULIIA");
    /* the Latin half read unsurely: the surer Cyrillic half is kept */
    const cert_name_word tula[] = {{"ЮЛІЯ", "KONIA", 93, 51}, {"/", "/", 89, 75},
                                   {"ЇОІЛА", "TULNA", 10, 17}};
    ck_assert_int_eq(certrules_name_by_script(tula, 3, 0, out, sizeof out, &mapped), 'C');
    ck_assert_str_eq(out, "ЮЛІЯ");
    /* both readings of each half look right: the slash tells the halves */
    const cert_name_word evh[] = {{"ЄВГЕН", "EBLEH", 80, 85}, {"/", "/", 89, 75},
                                  {"ЇЕМНЕМ", "IEVHEN", 85, 80}};
    ck_assert_int_eq(certrules_name_by_script(evh, 3, 0, out, sizeof out, &mapped), 'L');
    ck_assert_str_eq(out, "IEVHEN");
    /* nothing but noise: undecided */
    const cert_name_word noise[] = {{"|", "/", 50, 50}, {"12", "", 40, 0}};
    ck_assert_int_eq(certrules_name_by_script(noise, 2, 'C', out, sizeof out, &mapped), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("certrules");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, gbr_both_results_and_fields);
    tcase_add_test(tc, usa_both_results_and_fields);
    tcase_add_test(tc, deu_both_results_and_fields);
    tcase_add_test(tc, pol_both_results_and_fields);
    tcase_add_test(tc, ukr_both_results_and_fields);
    tcase_add_test(tc, negation_traps);
    tcase_add_test(tc, both_or_neither_is_unknown);
    tcase_add_test(tc, ocr_noise_is_tolerated);
    tcase_add_test(tc, fuzzy_bound);
    tcase_add_test(tc, number_split_by_ocr);
    tcase_add_test(tc, number_cyrillic_lookalike_is_latin);
    tcase_add_test(tc, dates_in_each_country);
    tcase_add_test(tc, value_on_next_line_and_bilingual_labels);
    tcase_add_test(tc, ocr_noise_in_labels_and_names);
    tcase_add_test(tc, garbage_input);
    tcase_add_test(tc, one_megabyte_is_capped_and_fast);
    tcase_add_test(tc, name_script_by_word);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(suite());
}
