/* libFuzzer harness: certrules_analyse (country detection, classification,
 * field extraction) on arbitrary, possibly non-UTF-8 text with the shipped
 * policy's phrases and markers; also certrules_parse_date and
 * certrules_fuzzy_find on pieces of the input. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certrules.h"
#include "fuzz_shipped_policy.h"
#include "policy.h"

static policy *pol;
static const cert_phrase *phrases;
static const cert_marker *markers;
static size_t nphrases, nmarkers;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    pol = fuzz_shipped_policy("fuzz_certrules");
    nphrases = policy_cert_phrases(pol, &phrases);
    nmarkers = policy_cert_markers(pol, &markers);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cert_info *ci = malloc(sizeof *ci);
    if (!ci)
        return 0;
    certrules_analyse((const char *)data, size, phrases, nphrases, markers, nmarkers, ci);
    free(ci);

    /* NUL-terminated copy, split at the first NUL into hay/needle. */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    static const char *const countries[] = {"USA", "GBR", "DEU", "POL", "UKR", "", "XXX"};
    vdate d;
    size_t end;
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        (void)certrules_parse_date(s, countries[i], &d, &end);
    size_t hl = strlen(s);
    if (hl < size) {
        const char *needle = s + hl + 1;
        if (strlen(needle) < 256)
            (void)certrules_fuzzy_find(s, needle, (int)(size % 5));
    }
    free(s);
    return 0;
}
