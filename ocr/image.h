/*
 * image — load the pages of a scan safely: PNG, JPEG, TIFF (every page) and
 * image-only PDF (every page, rasterised at 300 dpi by Poppler's pdftoppm).
 *
 * A scan comes from outside and may be hostile.  Loading therefore:
 *   - opens the file relative to a directory descriptor without following
 *     a symbolic link (O_NOFOLLOW) and without blocking on a FIFO
 *     (O_NONBLOCK), and accepts regular files only;
 *   - refuses files over IMG_MAX_FILE_BYTES before reading them, and reads
 *     at most that many bytes into memory, then decodes from memory;
 *   - reads each page's header first and refuses pages over IMG_MAX_SIDE
 *     pixels a side or IMG_MAX_PIXELS in all before decoding (a small file
 *     claiming huge dimensions never allocates them);
 *   - turns truncated, empty or non-image files into a status and a one-line
 *     message, never a crash.  Leptonica, libpng and libjpeg print their own
 *     warnings on stderr; those are silenced while decoding (stderr is
 *     pointed at /dev/null for the duration of each decode call, so the
 *     caller must not write to stderr from another thread meanwhile).
 *   - rasterises PDFs in a child process (fork/execvp, no shell) working on
 *     a private copy in a private mkdtemp directory, with a page cap, a time
 *     budget (IMG_PDF_TIME_LIMIT_S for all the document's children), memory
 *     and CPU limits, and the same pixel limits (the dpi is lowered for a
 *     page that would exceed them at 300 dpi).
 *
 * Pages come out as 8-bit grey (no colour map) or 32-bit RGB (alpha
 * flattened on white), whichever keeps the page's content.
 *
 * Ownership: img_open returns an img_doc freed by img_close (NULL accepted),
 * which also removes any temporary files.  img_doc_page returns a new PIX
 * the caller destroys with pixDestroy.  img_load fills an img_pages whose
 * PIXes are released by img_pages_free.  Nothing else is retained.
 */
#ifndef VARTA_IMAGE_H
#define VARTA_IMAGE_H

#include <leptonica/allheaders.h>
#include <stdbool.h>
#include <stddef.h>

#define IMG_MAX_FILE_BYTES (50L * 1024 * 1024)  /* 50 MB */
#define IMG_MAX_SIDE 20000                      /* pixels per side */
#define IMG_MAX_PIXELS 100000000LL              /* 100 Mpx per page */
#define IMG_MAX_PAGES 20                        /* TIFF and PDF pages */
#define IMG_PDF_DPI 300
#define IMG_PDF_MIN_DPI 50                      /* below this a page is refused */
#define IMG_PDF_TIME_LIMIT_S 60                 /* all pdfinfo/pdftoppm runs of one document */

typedef enum img_status {
    IMG_OK = 0,
    IMG_ERR_OPEN,         /* cannot open: missing, permission, bad name */
    IMG_ERR_NOT_REGULAR,  /* symbolic link, FIFO, socket, device, directory */
    IMG_ERR_EMPTY,        /* zero bytes */
    IMG_ERR_TOO_BIG,      /* file over IMG_MAX_FILE_BYTES */
    IMG_ERR_FORMAT,       /* not PNG, JPEG, TIFF or PDF */
    IMG_ERR_DIMENSIONS,   /* a page over the pixel limits */
    IMG_ERR_PAGES,        /* more than IMG_MAX_PAGES pages, or no page */
    IMG_ERR_DECODE,       /* truncated or corrupt image data */
    IMG_ERR_PDF,          /* the PDF could not be rasterised (or timed out) */
    IMG_ERR_IO,           /* read error, temporary files */
    IMG_ERR_NOMEM,
    IMG_ERR_ARG,          /* bad argument (NULL, page out of range) */
} img_status;

typedef enum img_format {
    IMG_FMT_UNKNOWN = 0,
    IMG_FMT_PNG,
    IMG_FMT_JPEG,
    IMG_FMT_TIFF,
    IMG_FMT_PDF,
} img_format;

typedef struct img_doc img_doc;

/* img_open: open `name` (one path component, no '/') in directory `dirfd`
 * (AT_FDCWD accepted), read it into memory within the limits above, and
 * check every page's header.  Pages are decoded later, one at a time, by
 * img_doc_page, so a multi-page document never holds all its pixels at
 * once.  On failure *pdoc is NULL and err (size errsize) holds a one-line
 * reason naming no content of the file. */
img_status img_open(int dirfd, const char *name, img_doc **pdoc,
                    char *err, size_t errsize);

/* img_open_mem: as img_open on `size` bytes at `data` (copied). */
img_status img_open_mem(const void *data, size_t size, img_doc **pdoc,
                        char *err, size_t errsize);

/* img_doc_pages: number of pages (>= 1) of an opened document. */
int img_doc_pages(const img_doc *doc);

/* img_doc_format: the document's format. */
img_format img_doc_format(const img_doc *doc);

/* img_doc_page: decode page `index` (0-based) into *ppix (new PIX, 8 or 32
 * bpp, owned by the caller).  On failure *ppix is NULL and err says why. */
img_status img_doc_page(img_doc *doc, int index, PIX **ppix,
                        char *err, size_t errsize);

/* img_doc_page_grey: as img_doc_page, but a JPEG page is decoded to its
 * luminance only (8 bpp; faster than decoding it in colour, and a quarter
 * of the memory).  Other pages come out as img_doc_page gives them, so
 * the caller still converts a 32-bpp page to grey itself.  For readers
 * that look at grey only (the MRZ reader); a reader that uses colour
 * decodes the page again with img_doc_page. */
img_status img_doc_page_grey(img_doc *doc, int index, PIX **ppix,
                             char *err, size_t errsize);

/* img_doc_grey_drops_colour: whether img_doc_page_grey gives less than
 * img_doc_page for this document (a colour JPEG), so that a reader that
 * uses colour must decode its pages again. */
bool img_doc_grey_drops_colour(const img_doc *doc);

/* img_close: release doc and remove its temporary files (NULL accepted). */
void img_close(img_doc *doc);

/* Every page of a document, decoded. */
typedef struct img_pages {
    int n;
    PIX **pix;            /* n pages, owned */
    img_format format;
} img_pages;

/* img_load: img_open, then decode every page into out (zeroed first).  On
 * failure out is empty and err says why (for a page, which one). */
img_status img_load(int dirfd, const char *name, img_pages *out,
                    char *err, size_t errsize);

/* img_pages_free: destroy every page and zero p (NULL accepted). */
void img_pages_free(img_pages *p);

/* img_set_pdf_time_limit: time allowed to all the pdfinfo/pdftoppm runs of
 * one PDF, in seconds (default IMG_PDF_TIME_LIMIT_S); applies to documents
 * opened afterwards.  Process-wide. */
void img_set_pdf_time_limit(double seconds);

/* img_status_name: a short constant name for a status ("decode", ...). */
const char *img_status_name(img_status st);

/* img_format_name: "PNG", "JPEG", "TIFF", "PDF" or "unknown". */
const char *img_format_name(img_format f);

/* img_otsu_threshold: Otsu's threshold of a 256-bin grey-level histogram
 * (the level that best separates ink from paper: levels <= it are the dark
 * class); 128 when the histogram is empty or holds a single level. */
int img_otsu_threshold(const long hist[256]);

#endif
