/* stay — 90/180 counting of declared stays (see stay.h). */
#include "stay.h"

#include <string.h>

stay_problem stay_check(const stay_period *s, vdate as_of)
{
    long asof = vdate_to_days(as_of);
    long in = vdate_to_days(s->entered);
    if (in > asof)
        return STAY_ENTERED_FUTURE;
    if (s->has_left) {
        long out = vdate_to_days(s->left);
        if (out < in)
            return STAY_LEFT_BEFORE_ENTERED;
        if (out > asof)
            return STAY_LEFT_FUTURE;
    }
    return STAY_OK;
}

int stay_days_in_window(const stay_period *stays, size_t n, vdate as_of, int window)
{
    if (window <= 0)
        return 0;
    if (window > STAY_MAX_WINDOW)
        window = STAY_MAX_WINDOW;
    unsigned char present[STAY_MAX_WINDOW];
    memset(present, 0, (size_t)window);
    long last = vdate_to_days(as_of);
    long first = last - window + 1;
    for (size_t i = 0; i < n; i++) {
        long in = vdate_to_days(stays[i].entered);
        long out = stays[i].has_left ? vdate_to_days(stays[i].left) : last;
        if (out < in)
            continue;
        if (in < first)
            in = first;
        if (out > last)
            out = last;
        for (long d = in; d <= out; d++)
            present[d - first] = 1;
    }
    int count = 0;
    for (int i = 0; i < window; i++)
        count += present[i];
    return count;
}
