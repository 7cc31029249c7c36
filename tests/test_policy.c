/* Unit tests for validators/policy.c: the shipped policy, and every kind
 * of fault reported as FILE:LINE. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "policy.h"

static const char *shipped_path(void)
{
    static const char *const candidates[] = {
        "validators/national-guard.policy", "../validators/national-guard.policy",
    };
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (access(candidates[i], R_OK) == 0)
            return candidates[i];
    return candidates[0];
}

/* A minimal valid policy; tests append or replace lines. */
static const char BASE[] =
    "min_age = 18\n"
    "max_certificate_age = 180\n"
    "stay_limit = 90\n"
    "stay_window = 180\n"
    "visa_free_source = \"test source\"\n"
    "visa_free POL D since 2005-05-01\n"
    "residence_permit_codes = I< IR\n";

static char tmpl[64];

static const char *write_tmp(const char *text)
{
    snprintf(tmpl, sizeof tmpl, "/tmp/varta-test-policy-XXXXXX");
    int fd = mkstemp(tmpl);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return tmpl;
}

START_TEST(shipped_policy_loads)
{
    char err[512] = "";
    policy *p = policy_load(shipped_path(), err, sizeof err);
    ck_assert_msg(p != NULL, "shipped policy: %s", err);
    ck_assert_int_eq(policy_min_age(p), 18);
    ck_assert_int_eq(policy_max_certificate_age(p), 180);
    ck_assert_int_eq(policy_stay_limit_days(p), 90);
    ck_assert_int_eq(policy_stay_window_days(p), 180);
    ck_assert(strcmp(policy_report_language(p), "uk") == 0 || strcmp(policy_report_language(p), "en") == 0);
    ck_assert(strlen(policy_visa_free_source(p)) > 10);
    ck_assert(policy_is_residence_permit_code(p, "IR"));
    ck_assert(policy_is_residence_permit_code(p, "I<"));
    ck_assert(policy_is_residence_permit_code(p, "I"));
    ck_assert(!policy_is_residence_permit_code(p, "ID"));
    ck_assert(!policy_is_residence_permit_code(p, "P<"));
    const cert_phrase *ph;
    const cert_marker *mk;
    ck_assert_uint_gt(policy_cert_phrases(p, &ph), 0);
    ck_assert_uint_gt(policy_cert_markers(p, &mk), 0);
    policy_free(p);
}
END_TEST

START_TEST(shipped_visa_free_list)
{
    char err[512] = "";
    policy *p = policy_load(shipped_path(), err, sizeof err);
    ck_assert_msg(p != NULL, "%s", err);
    vdate on = {2024, 3, 1};
    static const char *const must[] = {
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "D", "GRC", "HUN", "IRL",
        "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE",
        "ISL", "LIE", "NOR", "CHE", "GBR", "USA", "CAN", "AUS", "NZL", "JPN", "KOR", "ISR",
    };
    for (size_t i = 0; i < sizeof must / sizeof *must; i++)
        ck_assert_msg(policy_is_visa_free(p, must[i], on), "%s should be visa-free", must[i]);
    ck_assert(policy_is_visa_free(p, "D<<", on));
    ck_assert(policy_is_visa_free(p, "DEU", on));
    static const char *const never[] = {"IND", "NGA", "PAK", "XXA", "XXB", "XXC", "XXX", "UKR", "", "DEUX"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++)
        ck_assert_msg(!policy_is_visa_free(p, never[i], on), "%s must not be visa-free", never[i]);
    /* No XX? code anywhere in the list, whatever the date. */
    const visa_free_entry *vf;
    size_t n = policy_visa_free_list(p, &vf);
    ck_assert_uint_ge(n, 39);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(strncmp(vf[i].code, "XX", 2) != 0, "XX? code %s in the list", vf[i].code);
        ck_assert(strcmp(vf[i].code, "IND") && strcmp(vf[i].code, "NGA") && strcmp(vf[i].code, "PAK"));
    }
    policy_free(p);
}
END_TEST

START_TEST(visa_free_since_date)
{
    char text[1024];
    snprintf(text, sizeof text, "%svisa_free ISR since 2011-02-09\n", BASE);
    char err[512] = "";
    policy *p = policy_load(write_tmp(text), err, sizeof err);
    unlink(tmpl);
    ck_assert_msg(p != NULL, "%s", err);
    vdate before = {2011, 2, 8}, on = {2011, 2, 9};
    ck_assert(!policy_is_visa_free(p, "ISR", before));
    ck_assert(policy_is_visa_free(p, "ISR", on));
    ck_assert_double_eq_tol(policy_min_confidence(p), POLICY_DEFAULT_MIN_CONFIDENCE, 1e-9);
    ck_assert_str_eq(policy_report_language(p), "uk");
    policy_free(p);
}
END_TEST

START_TEST(comments_quotes_and_optional_settings)
{
    char text[2048];
    snprintf(text, sizeof text,
             "# comment line\n\n   \t\n%s"
             "report_language = en   # trailing comment\n"
             "min_confidence = 0.75\n"
             "certificate GBR \"ACRO # not a comment\"\n"
             "phrase GBR no_record \"NO TRACE\"\n",
             BASE);
    char err[512] = "";
    policy *p = policy_load(write_tmp(text), err, sizeof err);
    unlink(tmpl);
    ck_assert_msg(p != NULL, "%s", err);
    ck_assert_str_eq(policy_report_language(p), "en");
    ck_assert_double_eq_tol(policy_min_confidence(p), 0.75, 1e-9);
    const cert_marker *mk;
    ck_assert_uint_eq(policy_cert_markers(p, &mk), 1);
    ck_assert_str_eq(mk[0].text, "ACRO # not a comment");
    const cert_phrase *ph;
    ck_assert_uint_eq(policy_cert_phrases(p, &ph), 1);
    ck_assert_int_eq(ph[0].result, CERT_NO_RECORD);
    policy_free(p);
}
END_TEST

/* Each fault: extra text appended to BASE (or replacing it), the line
 * expected in the message, and a word the message must contain. */
static const struct {
    const char *text;
    bool replace;
    int line;
    const char *what;
} faults[] = {
    {"colour = blue\n", false, 8, "unknown setting"},
    {"min_age = eighteen\n", true, 1, "bad number"},
    {"min_age = 18\nmin_age = 19\n", true, 2, "duplicate setting min_age (first set on line 1)"},
    {"min_age = 18\n", false, 8, "duplicate setting"},
    {"visa_free XX1 since 2005-05-01\n", false, 8, "bad code"},
    {"visa_free XXA since 2005-05-01\n", false, 8, "stateless"},
    {"visa_free pol since 2005-05-01\n", false, 8, "bad code"},
    {"visa_free USA since 2005-02-30\n", false, 8, "bad date"},
    {"visa_free USA since yesterday\n", false, 8, "bad date"},
    {"visa_free USA\n", false, 8, "expected 'visa_free CODE"},
    {"visa_free POL since 2006-01-01\n", false, 8, "POL listed twice (first on line 6)"},
    {"certificate GBR \"ACRO\n", false, 8, "unterminated quote"},
    {"certificate GB \"ACRO\"\n", false, 8, "bad country code"},
    {"phrase GBR maybe \"x\"\n", false, 8, "no_record or record"},
    {"phrase GBR record x\n", false, 8, "double quotes"},
    {"report_language = fr\n", false, 8, "uk or en"},
    {"min_confidence = 1.5\n", false, 8, "out of range"},
    {"min_confidence = 0.5x\n", false, 8, "bad number"},
    {"residence_permit_codes = ID\n", true, 1, "identity card"},
    {"stay_limit = 200\n", true, 1, "bad"},   /* replaced below by a full file */
    {"min_age\n", false, 8, "expected 'min_age = value'"},
    {"min_age = \n", true, 1, "missing value"},
    {"min_age = 18 19\n", true, 1, "unexpected text"},
};

START_TEST(fault_reported_with_line)
{
    char text[2048];
    if (faults[_i].replace && strncmp(faults[_i].text, "stay_limit = 200", 16) == 0) {
        /* stay_limit longer than the window: reported on its own line. */
        snprintf(text, sizeof text,
                 "min_age = 18\nmax_certificate_age = 180\nstay_limit = 200\nstay_window = 180\n"
                 "visa_free_source = \"s\"\nvisa_free POL since 2005-05-01\nresidence_permit_codes = IR\n");
    } else if (faults[_i].replace) {
        snprintf(text, sizeof text, "%s", faults[_i].text);
    } else {
        snprintf(text, sizeof text, "%s%s", BASE, faults[_i].text);
    }
    char err[512] = "";
    const char *path = write_tmp(text);
    policy *p = policy_load(path, err, sizeof err);
    unlink(tmpl);
    ck_assert_msg(p == NULL, "fault %d accepted: %s", _i, faults[_i].text);
    int line = faults[_i].line;
    if (strncmp(faults[_i].text, "stay_limit = 200", 16) == 0)
        line = 3;
    char prefix[128];
    snprintf(prefix, sizeof prefix, "%s:%d: ", path, line);
    ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0, "fault %d: '%s' does not start with '%s'", _i, err,
                  prefix);
    if (strcmp(faults[_i].what, "bad") != 0)
        ck_assert_msg(strstr(err, faults[_i].what) != NULL, "fault %d: '%s' lacks '%s'", _i, err, faults[_i].what);
}
END_TEST

START_TEST(missing_required_settings)
{
    static const char *const required[] = {
        "min_age", "max_certificate_age", "stay_limit", "stay_window", "visa_free_source",
        "residence_permit_codes", "visa_free",
    };
    for (size_t r = 0; r < sizeof required / sizeof *required; r++) {
        /* BASE without the line that starts with required[r]. */
        char text[1024] = "";
        const char *p = BASE;
        while (*p) {
            const char *nl = strchr(p, '\n');
            size_t len = (size_t)(nl - p) + 1;
            if (!(strncmp(p, required[r], strlen(required[r])) == 0 && p[strlen(required[r])] == ' '))
                strncat(text, p, len);
            p += len;
        }
        char err[512] = "";
        policy *pol = policy_load(write_tmp(text), err, sizeof err);
        unlink(tmpl);
        ck_assert_msg(pol == NULL, "missing %s accepted", required[r]);
        ck_assert_msg(strstr(err, "missing required setting") && strstr(err, required[r]), "%s", err);
        ck_assert_msg(strstr(err, ":6: ") != NULL, "end-of-file line expected: %s", err);
    }
}
END_TEST

START_TEST(hostile_files)
{
    char err[512] = "";
    ck_assert(policy_load("/nonexistent/varta.policy", err, sizeof err) == NULL);
    ck_assert(strstr(err, "/nonexistent/varta.policy:0: cannot open") == err);
    /* Invalid UTF-8, a NUL byte, an overlong line, an empty file. */
    char text[8192];
    snprintf(text, sizeof text, "%svisa_free_source2 = \"\xC3\x28\"\n", BASE);
    ck_assert(policy_load(write_tmp(text), err, sizeof err) == NULL);
    unlink(tmpl);
    ck_assert_msg(strstr(err, ":8: not valid UTF-8") != NULL, "%s", err);
    memset(text, 'a', 6000);
    text[6000] = '\0';
    ck_assert(policy_load(write_tmp(text), err, sizeof err) == NULL);
    unlink(tmpl);
    ck_assert_msg(strstr(err, ":1: line longer") != NULL, "%s", err);
    ck_assert(policy_load(write_tmp(""), err, sizeof err) == NULL);
    unlink(tmpl);
    ck_assert_msg(strstr(err, "missing required setting") != NULL, "%s", err);
    /* Tiny error buffers are never overrun. */
    char tiny[8];
    ck_assert(policy_load("/nonexistent", tiny, sizeof tiny) == NULL);
    ck_assert_uint_lt(strlen(tiny), sizeof tiny);
    ck_assert(policy_load("/nonexistent", NULL, 0) == NULL);
    policy_free(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, shipped_policy_loads);
    tcase_add_test(tc, shipped_visa_free_list);
    tcase_add_test(tc, visa_free_since_date);
    tcase_add_test(tc, comments_quotes_and_optional_settings);
    tcase_add_loop_test(tc, fault_reported_with_line, 0, (int)(sizeof faults / sizeof *faults));
    tcase_add_test(tc, missing_required_settings);
    tcase_add_test(tc, hostile_files);
    suite_add_tcase(s, tc);
    return check_main(s);
}
