/* libFuzzer harness: policy_load on a temporary file holding the input,
 * then every accessor of the loaded policy. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "policy.h"

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/varta-fuzz-policy.%ld", (long)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return 0;
    }
    fclose(f);
    char err[256];
    policy *p = policy_load(path, err, sizeof err);
    if (p) {
        vdate on = {2024, 6, 15};
        (void)policy_min_age(p);
        (void)policy_max_certificate_age(p);
        (void)policy_stay_limit_days(p);
        (void)policy_stay_window_days(p);
        (void)policy_report_language(p);
        (void)policy_visa_free_source(p);
        (void)policy_min_confidence(p);
        (void)policy_is_visa_free(p, "USA", on);
        (void)policy_is_visa_free(p, "D", on);
        (void)policy_is_residence_permit_code(p, "IR");
        const visa_free_entry *v;
        const cert_phrase *ph;
        const cert_marker *mk;
        (void)policy_visa_free_list(p, &v);
        (void)policy_cert_phrases(p, &ph);
        (void)policy_cert_markers(p, &mk);
        policy_free(p);
    }
    unlink(path);
    return 0;
}
