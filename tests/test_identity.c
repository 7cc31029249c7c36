/* Unit tests for validators/identity.c: transliteration, truncation, and
 * both sides of the OCR-noise threshold. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "identity.h"

static const struct {
    const char *in;
    id_form form;
    const char *out;
} translit[] = {
    {"Müller", ID_FORM_ICAO, "MUELLER"},
    {"Müller", ID_FORM_FOLD, "MULLER"},
    {"Øster-Gård", ID_FORM_ICAO, "OESTERGAARD"},
    {"Łukasz", ID_FORM_ICAO, "LUKASZ"},
    {"Straße", ID_FORM_ICAO, "STRASSE"},
    {"Þór", ID_FORM_ICAO, "THOR"},
    {"José María", ID_FORM_ICAO, "JOSEMARIA"},
    {"O'Brien", ID_FORM_ICAO, "OBRIEN"},
    {"O\xE2\x80\x99" "Brien", ID_FORM_ICAO, "OBRIEN"},      /* typographic apostrophe */
    {"ANNA<MARIA<<", ID_FORM_ICAO, "ANNAMARIA"},
    {"Ærøskøbing", ID_FORM_ICAO, "AEROESKOEBING"},
    {"Şenol Çelik", ID_FORM_ICAO, "SENOLCELIK"},
    {"Shevchenko", ID_FORM_ICAO, "SHEVCHENKO"},
    {"Шевченко", ID_FORM_ICAO, "SHEVCHENKO"},
    {"Юлія", ID_FORM_ICAO, "IULIIA"},
    {"Юлія", ID_FORM_UKR, "YULIIA"},
    {"Григорій", ID_FORM_ICAO, "GRIGORII"},
    {"Григорій", ID_FORM_UKR, "HRYHORII"},
    {"Щербак", ID_FORM_ICAO, "SHCHERBAK"},
    {"Цой", ID_FORM_ICAO, "TSOI"},
    {"Хмельницький", ID_FORM_ICAO, "KHMELNITSKII"},
    {"Хмельницький", ID_FORM_UKR, "KHMELNYTSKYI"},
    {"Згурський", ID_FORM_UKR, "ZGHURSKYI"},
    {"Єва", ID_FORM_UKR, "YEVA"},
    {"ОКОNКWО", ID_FORM_LOOKALIKE, "OKONKWO"},     /* Cyrillic О and К among Latin letters */
    {"ЖАКЕТ", ID_FORM_LOOKALIKE, "ZHAKET"},
};

START_TEST(transliteration)
{
    char out[ID_NAME_MAX];
    int bad = identity_normalize(translit[_i].in, translit[_i].form, out, sizeof out);
    ck_assert_int_eq(bad, 0);
    ck_assert_msg(strcmp(out, translit[_i].out) == 0, "%s -> %s, want %s", translit[_i].in, out, translit[_i].out);
}
END_TEST

START_TEST(untransliterable_and_hostile)
{
    char out[8];
    ck_assert_int_gt(identity_normalize("王小明", ID_FORM_ICAO, out, sizeof out), 0);
    ck_assert_int_gt(identity_normalize("\xFF\xFE\xC3", ID_FORM_ICAO, out, sizeof out), 0);
    identity_normalize("ABCDEFGHIJKLMNOP", ID_FORM_ICAO, out, sizeof out);
    ck_assert_str_eq(out, "ABCDEFG");
    identity_normalize(NULL, ID_FORM_ICAO, out, sizeof out);
    ck_assert_str_eq(out, "");
    /* Two untransliterable names never compare as the same person. */
    id_person a = {.surname = "王", .given_names = "小明"}, b = {.surname = "李", .given_names = "小明"};
    id_result r;
    ck_assert_int_eq(identity_compare(&a, &b, &r), ID_UNSURE);
}
END_TEST

START_TEST(edit_distance)
{
    ck_assert_int_eq(identity_edit_distance("KOWALSKI", "KOWALSKI", 1), 0);
    ck_assert_int_eq(identity_edit_distance("KOWALSKI", "K0WALSKI", 1), 1);
    ck_assert_int_eq(identity_edit_distance("KOWALSKI", "KOWALSK", 1), 1);
    ck_assert_int_eq(identity_edit_distance("KOWALSKI", "KOWALSKA", 3), 1);
    ck_assert_int_eq(identity_edit_distance("KOWALSKI", "NOWAK", 1), 2);
    ck_assert_int_eq(identity_edit_distance("ABC", "XYZ", 5), 3);
}
END_TEST

static id_person P(const char *s, const char *g, int y, int m, int d, const char *nat)
{
    id_person p = {.surname = s, .given_names = g, .dob_state = y ? ID_DOB_KNOWN : ID_DOB_ABSENT,
                   .dob = {y, m, d}, .nationality = nat};
    return p;
}

/* Pairs: a, b, expected verdict. */
static const struct {
    const char *what;
    const char *as, *ag;
    bool at;
    const char *bs, *bg;
    int dob_a, dob_b;   /* day of month 1990-05-DD; 0 = absent */
    const char *na, *nb;
    id_verdict want;
} pairs[] = {
    {"identical", "DOE", "JOHN", false, "DOE", "JOHN", 17, 17, "USA", "USA", ID_SAME},
    {"MRZ transliteration vs UTF-8", "MUELLER", "JUERGEN", false, "Müller", "Jürgen", 17, 17, "D", "DEU", ID_SAME},
    {"folded MRZ vs UTF-8", "MULLER", "JURGEN", false, "Müller", "Jürgen", 17, 17, NULL, NULL, ID_SAME},
    {"hyphen and apostrophe", "OBRIEN SMITH", "MARY ANN", false, "O'Brien-Smith", "Mary-Ann", 17, 17, NULL, NULL,
     ID_SAME},
    {"Cyrillic certificate, ICAO", "SHEVCHENKO", "IULIIA", false, "Шевченко", "Юлія", 17, 17, NULL, NULL, ID_SAME},
    {"Cyrillic certificate, national", "HRYHORENKO", "OLHA", false, "Григоренко", "Ольга", 17, 17, NULL, NULL,
     ID_SAME},
    {"truncated given names", "WOLFESCHLEGELSTEINHAUSEN", "HUBERT BLA", true, "Wolfeschlegelsteinhausen",
     "Hubert Blaine", 17, 17, NULL, NULL, ID_SAME},
    {"truncated surname", "WOLFESCHLEGELSTEINHAUSENBERGERDO", "", true, "WOLFESCHLEGELSTEINHAUSENBERGERDORFF",
     "HUBERT", 17, 17, NULL, NULL, ID_SAME},
    {"prefix without truncation flag", "DOE", "JO", false, "DOE", "JOHN", 17, 17, NULL, NULL, ID_DIFFERENT},
    /* The noise threshold, both sides. */
    {"one edit, 8 letters, same birth date", "KOWALSKI", "ANNA", false, "K0WALSKI", "ANNA", 17, 17, NULL, NULL,
     ID_SAME},
    {"one edit, 6 letters (threshold)", "NOVAKS", "ANNA", false, "NOVAKA", "ANNA", 17, 17, NULL, NULL, ID_SAME},
    {"one edit, 5 letters (below threshold)", "NOVAK", "ANNA", false, "NOVAC", "ANNA", 17, 17, NULL, NULL,
     ID_DIFFERENT},
    {"one edit in a short given name", "KOWALSKI", "ANNA", false, "KOWALSKI", "ANNE", 17, 17, NULL, NULL,
     ID_DIFFERENT},
    {"two edits", "KOWALSKI", "ANNA", false, "KOWALSKA", "ANNE", 17, 17, NULL, NULL, ID_DIFFERENT},
    {"two edits in one long name", "KOWALSKI", "ANNA", false, "KOWOLSKA", "ANNA", 17, 17, NULL, NULL, ID_DIFFERENT},
    {"one edit, birth dates differ", "KOWALSKI", "ANNA", false, "K0WALSKI", "ANNA", 17, 18, NULL, NULL,
     ID_DIFFERENT},
    {"one edit, birth date unknown", "KOWALSKI", "ANNA", false, "K0WALSKI", "ANNA", 17, 0, NULL, NULL,
     ID_DIFFERENT},
    {"diacritic lost by OCR, ICAO MRZ", "MUELLER", "JUERGEN", false, "Muller", "Jurgen", 17, 17, NULL, NULL,
     ID_SAME},
    {"diacritic lost, birth dates differ", "MUELLER", "JUERGEN", false, "Muller", "Jurgen", 17, 18, NULL, NULL,
     ID_DIFFERENT},
    {"Latin name OCR'd in Cyrillic look-alikes", "OKONKWO", "TEMI", false, "ОКОНКWО", "ТЕМІ", 17, 17, NULL, NULL,
     ID_SAME},
    {"single name in the given-name field", "", "VENKATA RAMANA", false, "", "Venkata Ramana", 17, 17, NULL, NULL,
     ID_SAME},
    {"single name written as a surname elsewhere", "", "VENKATA RAMANA", false, "Venkata Ramana", "", 17, 17, NULL,
     NULL, ID_SAME},
    {"single names that differ", "", "VENKATA RAMANA", false, "", "VENKATA KRISHNA", 17, 17, NULL, NULL,
     ID_DIFFERENT},
    /* Different people. */
    {"same name, other birth date", "DOE", "JOHN", false, "DOE", "JOHN", 17, 18, NULL, NULL, ID_DIFFERENT},
    {"same name, other nationality", "DOE", "JOHN", false, "DOE", "JOHN", 17, 17, "USA", "GBR", ID_DIFFERENT},
    {"other surname", "DOE", "JOHN", false, "ROE", "JOHN", 17, 17, NULL, NULL, ID_DIFFERENT},
    {"siblings", "SMITH", "JOHN", false, "SMITH", "JANE", 17, 17, NULL, NULL, ID_DIFFERENT},
    /* Doubt. */
    {"given names in part", "DOE", "JOHN PAUL", false, "DOE", "JOHN", 17, 17, NULL, NULL, ID_UNSURE},
    {"given names missing", "DOE", "JOHN", false, "DOE", "", 17, 17, NULL, NULL, ID_UNSURE},
    {"no name at all", "", "", false, "DOE", "JOHN", 17, 17, NULL, NULL, ID_UNSURE},
    {"nationality unreadable", "DOE", "JOHN", false, "DOE", "JOHN", 17, 17, "", "USA", ID_UNSURE},
};

START_TEST(same_person_table)
{
    id_person a = P(pairs[_i].as, pairs[_i].ag, pairs[_i].dob_a ? 1990 : 0, 5, pairs[_i].dob_a, pairs[_i].na);
    id_person b = P(pairs[_i].bs, pairs[_i].bg, pairs[_i].dob_b ? 1990 : 0, 5, pairs[_i].dob_b, pairs[_i].nb);
    a.name_truncated = pairs[_i].at;
    id_result r;
    id_verdict v = identity_compare(&a, &b, &r);
    ck_assert_msg(v == pairs[_i].want, "%s: got %d (%s), want %d", pairs[_i].what, v, r.why_en, pairs[_i].want);
    /* Symmetric, except that truncation belongs to one side. */
    id_verdict w = identity_compare(&b, &a, &r);
    ck_assert_msg(w == pairs[_i].want, "%s (swapped): got %d, want %d", pairs[_i].what, w, pairs[_i].want);
}
END_TEST

START_TEST(explanations_name_fields_not_values)
{
    id_person a = P("DOE", "JOHN", 1990, 5, 17, "USA"), b = P("ROE", "JOHN", 1991, 5, 17, "USA");
    id_result r;
    ck_assert_int_eq(identity_compare(&a, &b, &r), ID_DIFFERENT);
    ck_assert(r.differs & ID_F_SURNAME);
    ck_assert(r.differs & ID_F_DOB);
    ck_assert(!(r.differs & ID_F_GIVEN));
    ck_assert_ptr_nonnull(strstr(r.why_en, "surname"));
    ck_assert_ptr_nonnull(strstr(r.why_en, "date of birth"));
    ck_assert_ptr_null(strstr(r.why_en, "ROE"));
    ck_assert_ptr_nonnull(strstr(r.why_uk, "прізвище"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("identity");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, transliteration, 0, (int)(sizeof translit / sizeof *translit));
    tcase_add_test(tc, untransliterable_and_hostile);
    tcase_add_test(tc, edit_distance);
    tcase_add_loop_test(tc, same_person_table, 0, (int)(sizeof pairs / sizeof *pairs));
    tcase_add_test(tc, explanations_name_fields_not_values);
    suite_add_tcase(s, tc);
    return check_main(s);
}
