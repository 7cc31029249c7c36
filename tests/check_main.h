/*
 * check_main — the main() every Check test program shares:
 *
 *     int main(void) { return check_main(my_suite()); }
 *
 * Runs every test of the suite (each in a child process unless CK_FORK=no
 * says otherwise), prints Check's usual summary, and returns EXIT_FAILURE
 * when any test failed or errored, else EXIT_SUCCESS.  The runner takes
 * the suite and frees it.
 */
#ifndef VARTA_TESTS_CHECK_MAIN_H
#define VARTA_TESTS_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int check_main(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
