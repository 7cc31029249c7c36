/* libFuzzer harness: mrz_parse_text and mrz_result_to_json on arbitrary
 * bytes (the MRZ text varta-mrz receives from OCR or from a file). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "mrz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    vdate ref = {2024, 6, 15};
    mrz_result *r = malloc(sizeof *r);
    if (!r)
        return 0;
    mrz_parse_text((const char *)data, size, ref, r);
    json_t *j = mrz_result_to_json(r);
    if (j) {
        char *s = json_dumps(j, JSON_COMPACT);
        free(s);
        json_decref(j);
    }
    free(r);
    return 0;
}
