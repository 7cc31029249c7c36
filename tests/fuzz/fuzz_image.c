/* libFuzzer harness: img_open_mem (format sniffing and page-header checks),
 * img_doc_page (decoding) and img_doc_page_grey (a JPEG decoded to its
 * luminance by libjpeg directly) on arbitrary bytes.  PDF needs external
 * programs, so inputs the sniffer would take for PDF are skipped. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <leptonica/allheaders.h>

#include "image.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setMsgSeverity(L_SEVERITY_NONE);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t lim = size < 1024 ? size : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(data + i, "%PDF-", 5) == 0)
            return 0;
    img_doc *doc = NULL;
    char err[256];
    if (img_open_mem(data, size, &doc, err, sizeof err) != IMG_OK || !doc)
        return 0;
    if (img_doc_format(doc) == IMG_FMT_PDF) {
        img_close(doc);
        return 0;
    }
    int n = img_doc_pages(doc);
    for (int i = 0; i < n && i < IMG_MAX_PAGES + 1; i++) {
        PIX *pix = NULL;
        if (img_doc_page(doc, i, &pix, err, sizeof err) == IMG_OK)
            pixDestroy(&pix);
        if (img_doc_page_grey(doc, i, &pix, err, sizeof err) == IMG_OK)
            pixDestroy(&pix);
    }
    (void)img_doc_grey_drops_colour(doc);
    (void)img_doc_page(doc, n, NULL, err, sizeof err);
    img_close(doc);
    return 0;
}
