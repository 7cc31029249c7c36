/* Unit tests for validators/stay.c: the 90/180 counting edges. */
#include <check.h>
#include <stdlib.h>

#include "check_main.h"
#include "stay.h"

static vdate D(int y, int m, int d)
{
    vdate v = {y, m, d};
    return v;
}

static stay_period S(vdate in, vdate out)
{
    stay_period s = {in, true, out};
    return s;
}

static stay_period OPEN(vdate in)
{
    stay_period s = {in, false, {0, 0, 0}};
    return s;
}

static vdate plus(vdate d, long n)
{
    return vdate_from_days(vdate_to_days(d) + n);
}

/* Table: stays, as-of, expected days in the 180-day window. */
static const struct {
    const char *what;
    int n;
    stay_period s[3];
    vdate as_of;
    int days;
} cases[] = {
    {"one day, entry = exit = as-of", 1, {{{2024, 3, 1}, true, {2024, 3, 1}}}, {2024, 3, 1}, 1},
    {"entry and exit days both count", 1, {{{2024, 1, 10}, true, {2024, 1, 20}}}, {2024, 3, 1}, 11},
    {"open stay up to as-of (leap February)", 1, {{{2024, 1, 10}, false, {0, 0, 0}}}, {2024, 3, 1}, 52},
    {"stay before the window", 1, {{{2023, 1, 1}, true, {2023, 2, 1}}}, {2024, 3, 1}, 0},
    /* Window of 180 days ending 2024-03-01 starts 2023-09-04. */
    {"split across the window start", 1, {{{2023, 9, 1}, true, {2023, 9, 10}}}, {2024, 3, 1}, 7},
    {"last day outside the window", 1, {{{2023, 9, 1}, true, {2023, 9, 3}}}, {2024, 3, 1}, 0},
    {"first day of the window", 1, {{{2023, 9, 4}, true, {2023, 9, 4}}}, {2024, 3, 1}, 1},
    {"overlapping stays count once", 2, {{{2024, 1, 1}, true, {2024, 1, 10}}, {{2024, 1, 5}, true, {2024, 1, 15}}},
     {2024, 3, 1}, 15},
    {"exit after as-of counts to as-of", 1, {{{2024, 2, 20}, true, {2024, 3, 10}}}, {2024, 3, 1}, 11},
    {"entry after as-of counts nothing", 1, {{{2024, 3, 2}, false, {0, 0, 0}}}, {2024, 3, 1}, 0},
    {"exit before entry is ignored", 1, {{{2024, 2, 20}, true, {2024, 2, 10}}}, {2024, 3, 1}, 0},
    {"whole window", 1, {{{2020, 1, 1}, false, {0, 0, 0}}}, {2024, 3, 1}, 180},
};

START_TEST(counting_table)
{
    int got = stay_days_in_window(cases[_i].s, (size_t)cases[_i].n, cases[_i].as_of, 180);
    ck_assert_msg(got == cases[_i].days, "%s: got %d, want %d", cases[_i].what, got, cases[_i].days);
}
END_TEST

START_TEST(day_90_and_day_91)
{
    vdate as_of = D(2024, 6, 30);
    stay_period s90 = OPEN(plus(as_of, -89));
    stay_period s91 = OPEN(plus(as_of, -90));
    ck_assert_int_eq(stay_days_in_window(&s90, 1, as_of, 180), 90);
    ck_assert_int_eq(stay_days_in_window(&s91, 1, as_of, 180), 91);
    /* Two stays adding up to exactly 90 and 91. */
    stay_period two[2] = {S(plus(as_of, -170), plus(as_of, -131)), S(plus(as_of, -49), as_of)};
    ck_assert_int_eq(stay_days_in_window(two, 2, as_of, 180), 40 + 50);
    two[0].left = plus(two[0].left, 1);
    ck_assert_int_eq(stay_days_in_window(two, 2, as_of, 180), 91);
    /* The same 91 days, but the first moved one day before the window's start. */
    two[0] = S(plus(as_of, -180), plus(as_of, -140));
    ck_assert_int_eq(stay_days_in_window(two, 2, as_of, 180), 40 + 50);
}
END_TEST

START_TEST(problems)
{
    vdate as_of = D(2024, 3, 1);
    stay_period ok = S(D(2024, 1, 1), D(2024, 1, 2));
    stay_period future_in = OPEN(D(2024, 3, 2));
    stay_period future_out = S(D(2024, 2, 1), D(2024, 3, 2));
    stay_period reversed = S(D(2024, 2, 1), D(2024, 1, 31));
    stay_period same_day = S(as_of, as_of);
    ck_assert_int_eq(stay_check(&ok, as_of), STAY_OK);
    ck_assert_int_eq(stay_check(&same_day, as_of), STAY_OK);
    ck_assert_int_eq(stay_check(&future_in, as_of), STAY_ENTERED_FUTURE);
    ck_assert_int_eq(stay_check(&future_out, as_of), STAY_LEFT_FUTURE);
    ck_assert_int_eq(stay_check(&reversed, as_of), STAY_LEFT_BEFORE_ENTERED);
}
END_TEST

START_TEST(window_caps)
{
    stay_period s = OPEN(D(2000, 1, 1));
    vdate as_of = D(2024, 3, 1);
    ck_assert_int_eq(stay_days_in_window(&s, 1, as_of, 0), 0);
    ck_assert_int_eq(stay_days_in_window(&s, 1, as_of, 99999), STAY_MAX_WINDOW);
    ck_assert_int_eq(stay_days_in_window(NULL, 0, as_of, 180), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("stay");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, counting_table, 0, (int)(sizeof cases / sizeof *cases));
    tcase_add_test(tc, day_90_and_day_91);
    tcase_add_test(tc, problems);
    tcase_add_test(tc, window_caps);
    suite_add_tcase(s, tc);
    return check_main(s);
}
