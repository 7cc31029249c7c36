/*
 * vdate — calendar dates as day numbers.
 *
 * All dates in varta are proleptic Gregorian civil dates.  A date is held as
 * a `long` day number (days since 1970-01-01) so that spans, ages and the
 * 90/180-day window are plain integer arithmetic.  Nothing here allocates.
 */
#ifndef VARTA_VDATE_H
#define VARTA_VDATE_H

#include <stdbool.h>
#include <stddef.h>

/* A broken-down civil date. */
typedef struct vdate {
    int year;   /* e.g. 2024 */
    int month;  /* 1..12 */
    int day;    /* 1..31 */
} vdate;

/* vdate_is_valid: true when y-m-d exists in the Gregorian calendar (leap years
 * included), with 1 <= year <= 9999. */
bool vdate_is_valid(int year, int month, int day);

/* vdate_to_days: day number of a valid date (1970-01-01 = 0). */
long vdate_to_days(vdate d);

/* vdate_from_days: the civil date of a day number. */
vdate vdate_from_days(long days);

/* vdate_parse_iso: parse exactly "YYYY-MM-DD" (no trailing text) into *pd.
 * Returns false, leaving *pd untouched, for any other text or a date that
 * does not exist. */
bool vdate_parse_iso(const char *s, vdate *pd);

/* vdate_format_iso: write "YYYY-MM-DD" and a NUL into buf (size >= 11). */
void vdate_format_iso(vdate d, char buf[11]);

/* vdate_today: today's date in local time. */
vdate vdate_today(void);

/* vdate_years_between: completed years from `from` to `to` (an age): the
 * number of birthdays passed.  A 29 February birthday is reached on
 * 1 March in common years.  Negative when `to` is before `from`. */
int vdate_years_between(vdate from, vdate to);

#endif
