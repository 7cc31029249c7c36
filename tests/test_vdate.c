/* Unit tests for validators/vdate.c */
#include <check.h>
#include <stdlib.h>

#include "check_main.h"
#include "vdate.h"

START_TEST(epoch_and_roundtrip)
{
    vdate e = {1970, 1, 1};
    ck_assert_int_eq(vdate_to_days(e), 0);
    for (long d = -800000; d < 2900000; d += 997) {
        vdate c = vdate_from_days(d);
        ck_assert(vdate_is_valid(c.year, c.month, c.day) || c.year < 1);
        ck_assert_int_eq(vdate_to_days(c), d);
    }
}
END_TEST

START_TEST(validity_and_leap_years)
{
    ck_assert(vdate_is_valid(2024, 2, 29));
    ck_assert(!vdate_is_valid(2023, 2, 29));
    ck_assert(!vdate_is_valid(1900, 2, 29));
    ck_assert(vdate_is_valid(2000, 2, 29));
    ck_assert(!vdate_is_valid(2024, 4, 31));
    ck_assert(!vdate_is_valid(2024, 13, 1));
    ck_assert(!vdate_is_valid(2024, 0, 1));
    ck_assert(!vdate_is_valid(2024, 1, 0));
}
END_TEST

START_TEST(parse_iso)
{
    vdate d = {0, 0, 0};
    ck_assert(vdate_parse_iso("2024-02-29", &d));
    ck_assert_int_eq(d.year, 2024);
    ck_assert_int_eq(d.month, 2);
    ck_assert_int_eq(d.day, 29);
    ck_assert(!vdate_parse_iso("2023-02-29", &d));
    ck_assert(!vdate_parse_iso("2024-2-29", &d));
    ck_assert(!vdate_parse_iso("2024-02-29x", &d));
    ck_assert(!vdate_parse_iso("", &d));
    ck_assert(!vdate_parse_iso(NULL, &d));
    char buf[11];
    vdate x = {7, 3, 9};
    vdate_format_iso(x, buf);
    ck_assert_str_eq(buf, "0007-03-09");
}
END_TEST

START_TEST(ages_and_leap_birthdays)
{
    vdate born = {2006, 3, 1}, asof = {2024, 3, 1};
    ck_assert_int_eq(vdate_years_between(born, asof), 18);
    asof.day = 0; asof.month = 2; asof.day = 29;
    ck_assert_int_eq(vdate_years_between(born, asof), 17);
    vdate leap = {2004, 2, 29};
    vdate feb28 = {2022, 2, 28}, mar1 = {2022, 3, 1}, feb29 = {2024, 2, 29};
    ck_assert_int_eq(vdate_years_between(leap, feb28), 17);
    ck_assert_int_eq(vdate_years_between(leap, mar1), 18);
    ck_assert_int_eq(vdate_years_between(leap, feb29), 20);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vdate");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, epoch_and_roundtrip);
    tcase_add_test(tc, validity_and_leap_years);
    tcase_add_test(tc, parse_iso);
    tcase_add_test(tc, ages_and_leap_birthdays);
    suite_add_tcase(s, tc);
    return check_main(s);
}
