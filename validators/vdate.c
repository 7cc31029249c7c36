/* vdate — civil-date arithmetic (see vdate.h).  The day-number conversions
 * are Howard Hinnant's days_from_civil / civil_from_days algorithms. */
#include "vdate.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool vdate_is_valid(int year, int month, int day)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return false;
    int max = mdays[month - 1] + (month == 2 && is_leap(year));
    return day <= max;
}

long vdate_to_days(vdate d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

vdate vdate_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    vdate r = {(int)(y + (m <= 2)), (int)m, (int)d};
    return r;
}

bool vdate_parse_iso(const char *s, vdate *pd)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[8], k = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return false;
        v[k++] = s[i] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    int m = v[4] * 10 + v[5];
    int d = v[6] * 10 + v[7];
    if (!vdate_is_valid(y, m, d))
        return false;
    pd->year = y;
    pd->month = m;
    pd->day = d;
    return true;
}

void vdate_format_iso(vdate d, char buf[11])
{
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
             (unsigned)d.day % 100u);
}

vdate vdate_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    vdate d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

int vdate_years_between(vdate from, vdate to)
{
    int years = to.year - from.year;
    /* Birthday not yet reached this year?  A 29 Feb birthday in a common
     * year counts as reached on 1 March (month/day comparison does that). */
    if (to.month < from.month || (to.month == from.month && to.day < from.day))
        years--;
    return years;
}
