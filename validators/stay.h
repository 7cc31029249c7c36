/*
 * stay — the visa-free stay rule (Cabinet of Ministers resolution 163/2015):
 * at most `limit` days present in Ukraine in the `window` days ending on the
 * as-of date.  Every calendar day present counts, the entry and exit days
 * included; a day covered by two overlapping declared stays counts once.
 * A stay with no exit date (`left: null`) lasts up to the as-of date.
 *
 * Plain values only; nothing here allocates.
 */
#ifndef VARTA_STAY_H
#define VARTA_STAY_H

#include <stdbool.h>
#include <stddef.h>

#include "vdate.h"

#define STAY_MAX_WINDOW 3660

/* One declared stay in Ukraine. */
typedef struct stay_period {
    vdate entered;
    bool has_left;          /* false: still present (left: null) */
    vdate left;
} stay_period;

typedef enum stay_problem {
    STAY_OK = 0,
    STAY_ENTERED_FUTURE,    /* entered after the as-of date */
    STAY_LEFT_FUTURE,       /* left after the as-of date */
    STAY_LEFT_BEFORE_ENTERED,
} stay_problem;

/* stay_check: what, if anything, is wrong with one declared stay on as_of. */
stay_problem stay_check(const stay_period *s, vdate as_of);

/* stay_days_in_window: the number of distinct calendar days of the `n`
 * stays that fall in the `window` days ending on as_of (as_of included).
 * Stays whose exit precedes their entry are ignored (stay_check reports
 * them); parts after as_of are not counted.  `window` is capped at
 * STAY_MAX_WINDOW.  Returns 0..window. */
int stay_days_in_window(const stay_period *stays, size_t n, vdate as_of, int window);

#endif
