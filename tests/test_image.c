/* Unit tests for ocr/image.c: formats, page counts, limits, hostile files.
 * Fixtures are in tests/data/images (see make-fixtures.py there); hostile
 * inputs with huge claimed dimensions are built here at run time by
 * patching the headers of the small valid fixtures. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "check_main.h"
#include "image.h"

static const char *datadir(void)
{
    const char *d = getenv("VARTA_TEST_IMAGES");
    return d && *d ? d : "tests/data/images";
}

static int data_fd(void)
{
    int fd = open(datadir(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ck_assert_msg(fd >= 0, "cannot open %s (run from the checkout root)", datadir());
    return fd;
}

/* Read a fixture whole. */
static unsigned char *slurp(const char *name, size_t *psize)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", datadir(), name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "missing fixture %s", path);
    unsigned char *buf = malloc(1 << 20);
    *psize = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* A private scratch directory (removed by the test's process exit is not
 * guaranteed; names are unique, files tiny). */
static char scratch[256];
static int scratch_fd(void)
{
    snprintf(scratch, sizeof scratch, "%s/varta-test-image-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert(mkdtemp(scratch) != NULL);
    int fd = open(scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ck_assert(fd >= 0);
    return fd;
}

/* Remove the scratch directory's entries (one level) and the directory. */
static void scratch_remove(int sfd)
{
    static const char *names[] = {"pipe.png", "link.png", "passwd.jpg", "big.png"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        unlinkat(sfd, names[i], 0);
    unlinkat(sfd, "dir.png", AT_REMOVEDIR);
    close(sfd);
    ck_assert_int_eq(rmdir(scratch), 0);
}

static void be32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
}

/* ------------------------------------------------------------------ */

START_TEST(loads_png_jpeg_tiff)
{
    int dfd = data_fd();
    char err[256];
    img_pages pg;
    static const struct { const char *name; img_format fmt; int w, h, d; } cases[] = {
        {"valid.png", IMG_FMT_PNG, 64, 48, 32},
        {"valid.jpg", IMG_FMT_JPEG, 64, 48, 32},
        {"valid.tif", IMG_FMT_TIFF, 40, 30, 8},
        {"bilevel.png", IMG_FMT_PNG, 20, 10, 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        img_status st = img_load(dfd, cases[i].name, &pg, err, sizeof err);
        ck_assert_msg(st == IMG_OK, "%s: %s", cases[i].name, err);
        ck_assert_int_eq(pg.n, 1);
        ck_assert_int_eq(pg.format, cases[i].fmt);
        ck_assert_int_eq(pixGetWidth(pg.pix[0]), cases[i].w);
        ck_assert_int_eq(pixGetHeight(pg.pix[0]), cases[i].h);
        ck_assert_int_eq(pixGetDepth(pg.pix[0]), cases[i].d);
        img_pages_free(&pg);
        ck_assert_int_eq(pg.n, 0);
        ck_assert_ptr_null(pg.pix);
    }
    /* The red PNG keeps its colour. */
    ck_assert_int_eq(img_load(dfd, "valid.png", &pg, err, sizeof err), IMG_OK);
    l_int32 r, g, b;
    pixGetRGBPixel(pg.pix[0], 60, 44, &r, &g, &b);
    ck_assert_int_gt(r, 150);
    ck_assert_int_lt(g, 80);
    img_pages_free(&pg);
    close(dfd);
}
END_TEST

START_TEST(alpha_flattened_on_white)
{
    int dfd = data_fd();
    char err[256];
    img_pages pg;
    ck_assert_int_eq(img_load(dfd, "alpha.png", &pg, err, sizeof err), IMG_OK);
    ck_assert_int_eq(pixGetDepth(pg.pix[0]), 32);
    ck_assert_int_eq(pixGetSpp(pg.pix[0]), 3);
    l_int32 r, g, b;
    pixGetRGBPixel(pg.pix[0], 5, 5, &r, &g, &b);
    /* 50% blue over white */
    ck_assert_int_ge(r, 110);
    ck_assert_int_le(r, 145);
    ck_assert_int_ge(b, 240);
    img_pages_free(&pg);
    close(dfd);
}
END_TEST

START_TEST(multipage_tiff_every_page)
{
    int dfd = data_fd();
    char err[256];
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open(dfd, "multi.tif", &doc, err, sizeof err), IMG_OK);
    ck_assert_int_eq(img_doc_pages(doc), 3);
    ck_assert_int_eq(img_doc_format(doc), IMG_FMT_TIFF);
    static const int w[3] = {40, 50, 33}, h[3] = {30, 20, 33};
    for (int i = 0; i < 3; i++) {
        PIX *pix = NULL;
        ck_assert_int_eq(img_doc_page(doc, i, &pix, err, sizeof err), IMG_OK);
        ck_assert_int_eq(pixGetWidth(pix), w[i]);
        ck_assert_int_eq(pixGetHeight(pix), h[i]);
        ck_assert_int_eq(pixGetDepth(pix), 8);
        pixDestroy(&pix);
    }
    PIX *pix = NULL;
    ck_assert_int_eq(img_doc_page(doc, 3, &pix, err, sizeof err), IMG_ERR_ARG);
    ck_assert_ptr_null(pix);
    img_close(doc);
    img_close(NULL);
    close(dfd);
}
END_TEST

START_TEST(pdf_pages_rasterised_at_300_dpi)
{
    int dfd = data_fd();
    char err[256];
    img_pages pg;
    img_status st = img_load(dfd, "two-pages.pdf", &pg, err, sizeof err);
    ck_assert_msg(st == IMG_OK, "%s", err);
    ck_assert_int_eq(pg.n, 2);
    ck_assert_int_eq(pg.format, IMG_FMT_PDF);
    /* 200 x 280 pt at 300 dpi = 833 x 1167 px (pdftoppm rounds) */
    ck_assert_int_ge(pixGetWidth(pg.pix[0]), 832);
    ck_assert_int_le(pixGetWidth(pg.pix[0]), 834);
    ck_assert_int_ge(pixGetHeight(pg.pix[0]), 1166);
    ck_assert_int_le(pixGetHeight(pg.pix[0]), 1168);
    ck_assert_int_gt(pixGetWidth(pg.pix[1]), pixGetHeight(pg.pix[1]));
    ck_assert_int_eq(pixGetDepth(pg.pix[0]), 8);
    img_pages_free(&pg);
    close(dfd);
}
END_TEST

START_TEST(pdf_page_pixels_as_leptonica_reads_them)
{
    /* varta reads pdftoppm's 8-bit PGM with its own row reader (image.c
     * read_pgm8); Leptonica's PNM reader must see the very same pixels */
    char tmpl[] = "/tmp/varta-pgm-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    char pdf[512], prefix[512], pgm[520], cmd[2048];
    snprintf(pdf, sizeof pdf, "%s/two-pages.pdf", datadir());
    snprintf(prefix, sizeof prefix, "%s/page", tmpl);
    snprintf(pgm, sizeof pgm, "%s.pgm", prefix);
    snprintf(cmd, sizeof cmd, "pdftoppm -f 2 -l 2 -r 300 -gray -singlefile '%s' '%s'", pdf,
             prefix);
    ck_assert_int_eq(system(cmd), 0);
    PIX *lept = pixRead(pgm);
    ck_assert_ptr_nonnull(lept);
    int dfd = data_fd();
    char err[256];
    img_pages pg;
    ck_assert_msg(img_load(dfd, "two-pages.pdf", &pg, err, sizeof err) == IMG_OK, "%s", err);
    l_int32 same = 0;
    ck_assert_int_eq(pixEqual(pg.pix[1], lept, &same), 0);
    ck_assert_msg(same, "PDF page pixels differ from Leptonica's reading of the same PGM");
    img_pages_free(&pg);
    pixDestroy(&lept);
    close(dfd);
    unlink(pgm);
    rmdir(tmpl);
}
END_TEST

START_TEST(pdf_limits)
{
    int dfd = data_fd();
    char err[256];
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open(dfd, "21-pages.pdf", &doc, err, sizeof err), IMG_ERR_PAGES);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(err, "21 > 20") != NULL, "%s", err);

    /* 14400 x 14400 pt: even at the lowest dpi over 100 Mpx; refused
     * without rasterising. */
    ck_assert_int_eq(img_open(dfd, "huge-page.pdf", &doc, err, sizeof err), IMG_OK);
    ck_assert_int_eq(img_doc_pages(doc), 1);
    PIX *pix = NULL;
    time_t t0 = time(NULL);
    ck_assert_int_eq(img_doc_page(doc, 0, &pix, err, sizeof err), IMG_ERR_DIMENSIONS);
    ck_assert_int_le(time(NULL) - t0, 2);
    ck_assert_ptr_null(pix);
    ck_assert_msg(strstr(err, "too large") != NULL, "%s", err);
    img_close(doc);

    /* A damaged PDF is an error, not a crash. */
    static const char bad[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage\n";
    ck_assert_int_eq(img_open_mem(bad, sizeof bad - 1, &doc, err, sizeof err), IMG_ERR_PDF);
    ck_assert_ptr_null(doc);
    close(dfd);
}
END_TEST

START_TEST(pdf_temp_dir_removed)
{
    int dfd = data_fd();
    char err[256];
    int sfd = scratch_fd();
    setenv("TMPDIR", scratch, 1);
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open(dfd, "two-pages.pdf", &doc, err, sizeof err), IMG_OK);
    PIX *pix = NULL;
    ck_assert_int_eq(img_doc_page(doc, 1, &pix, err, sizeof err), IMG_OK);
    pixDestroy(&pix);
    img_close(doc);
    ck_assert_int_eq(img_open(dfd, "21-pages.pdf", &doc, err, sizeof err), IMG_ERR_PAGES);
    /* nothing left behind in TMPDIR */
    ck_assert_int_eq(rmdir(scratch), 0);
    close(sfd);
    close(dfd);
}
END_TEST

/* A rasteriser that hangs is killed when the document's time runs out,
 * and a missing one is named. */
START_TEST(pdf_helper_hang_and_absence)
{
    int dfd = data_fd();
    int sfd = scratch_fd();
    char script[600], err[256];
    snprintf(script, sizeof script, "%s/pdfinfo", scratch);
    FILE *f = fopen(script, "w");
    ck_assert_ptr_nonnull(f);
    fputs("#!/bin/sh\nexec sleep 30\n", f);
    fclose(f);
    ck_assert_int_eq(chmod(script, 0700), 0);
    const char *old = getenv("PATH");
    char path[4096];
    snprintf(path, sizeof path, "%s:%s", scratch, old ? old : "/usr/bin:/bin");
    setenv("PATH", path, 1);
    img_set_pdf_time_limit(1.0);
    img_doc *doc = NULL;
    time_t t0 = time(NULL);
    ck_assert_int_eq(img_open(dfd, "two-pages.pdf", &doc, err, sizeof err), IMG_ERR_PDF);
    ck_assert_int_le(time(NULL) - t0, 5);
    ck_assert_msg(strstr(err, "timed out") != NULL, "%s", err);
    unlink(script);

    setenv("PATH", scratch, 1);     /* no poppler-utils at all */
    ck_assert_int_eq(img_open(dfd, "two-pages.pdf", &doc, err, sizeof err), IMG_ERR_PDF);
    ck_assert_msg(strstr(err, "poppler-utils") != NULL, "%s", err);
    setenv("PATH", old ? old : "/usr/bin:/bin", 1);
    scratch_remove(sfd);
    close(dfd);
}
END_TEST

START_TEST(bad_files_give_errors)
{
    int dfd = data_fd();
    char err[256];
    img_pages pg;
    ck_assert_int_eq(img_load(dfd, "truncated.png", &pg, err, sizeof err), IMG_ERR_DECODE);
    ck_assert_msg(strstr(err, "truncated or corrupt PNG") != NULL, "%s", err);
    ck_assert_int_eq(pg.n, 0);
    ck_assert_int_eq(img_load(dfd, "truncated.jpg", &pg, err, sizeof err), IMG_ERR_DECODE);
    ck_assert_msg(strstr(err, "JPEG") != NULL, "%s", err);
    ck_assert_int_eq(img_load(dfd, "zero.png", &pg, err, sizeof err), IMG_ERR_EMPTY);
    ck_assert_str_eq(err, "empty file (0 bytes)");
    ck_assert_int_eq(img_load(dfd, "text.png", &pg, err, sizeof err), IMG_ERR_FORMAT);
    ck_assert_msg(strstr(err, "not an image") != NULL, "%s", err);
    ck_assert_int_eq(img_load(dfd, "other.gif", &pg, err, sizeof err), IMG_ERR_FORMAT);
    ck_assert_msg(strstr(err, "GIF") != NULL, "%s", err);
    ck_assert_int_eq(img_load(dfd, "no-such-file.png", &pg, err, sizeof err), IMG_ERR_OPEN);
    ck_assert_int_eq(img_load(dfd, "../images/valid.png", &pg, err, sizeof err), IMG_ERR_OPEN);
    close(dfd);
}
END_TEST

START_TEST(truncated_everywhere_never_crashes)
{
    /* Every prefix length of every raster fixture: an error or a page,
     * never a crash (CK_FORK reports a signal as a failure). */
    static const char *names[] = {"valid.png", "valid.jpg", "valid.tif", "multi.tif"};
    char err[256];
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t size;
        unsigned char *buf = slurp(names[k], &size);
        for (size_t n = 1; n < size; n++) {
            img_doc *doc = NULL;
            img_status st = img_open_mem(buf, n, &doc, err, sizeof err);
            if (st != IMG_OK) {
                ck_assert_ptr_null(doc);
                ck_assert(err[0] != '\0');
                continue;
            }
            for (int i = 0; i < img_doc_pages(doc); i++) {
                PIX *pix = NULL;
                st = img_doc_page(doc, i, &pix, err, sizeof err);
                ck_assert(st == IMG_OK || st == IMG_ERR_DECODE);
                ck_assert((st == IMG_OK) == (pix != NULL));
                pixDestroy(&pix);
                st = img_doc_page_grey(doc, i, &pix, err, sizeof err);
                ck_assert(st == IMG_OK || st == IMG_ERR_DECODE);
                ck_assert((st == IMG_OK) == (pix != NULL));
                pixDestroy(&pix);
            }
            img_close(doc);
        }
        free(buf);
    }
}
END_TEST

START_TEST(grey_decode_of_jpeg_is_its_luminance)
{
    /* img_doc_page_grey decodes a colour JPEG's luminance alone: 8 bpp, and
     * close to the colour decode's luminance (the MRZ reader's weights
     * 77/150/29); a PNG comes out as img_doc_page gives it; a CMYK
     * JPEG, which libjpeg cannot give as grey, is still decoded. */
    char err[256];
    size_t size;
    unsigned char *buf = slurp("valid.jpg", &size);
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open_mem(buf, size, &doc, err, sizeof err), IMG_OK);
    PIX *colour = NULL, *grey = NULL;
    ck_assert_int_eq(img_doc_page(doc, 0, &colour, err, sizeof err), IMG_OK);
    ck_assert_int_eq(img_doc_page_grey(doc, 0, &grey, err, sizeof err), IMG_OK);
    ck_assert_int_eq(pixGetDepth(colour), 32);
    ck_assert_int_eq(pixGetDepth(grey), 8);
    ck_assert_int_eq(pixGetWidth(grey), pixGetWidth(colour));
    ck_assert_int_eq(pixGetHeight(grey), pixGetHeight(colour));
    int n = 0, far = 0;
    long sum = 0;
    for (int y = 0; y < pixGetHeight(grey); y++)
        for (int x = 0; x < pixGetWidth(grey); x++) {
            l_int32 r, g, b;
            l_uint32 v;
            pixGetRGBPixel(colour, x, y, &r, &g, &b);
            pixGetPixel(grey, x, y, &v);
            int d = abs((int)v - ((r * 77 + g * 150 + b * 29) >> 8));
            sum += d;
            far += d > 4;
            n++;
        }
    /* saturated colour edges differ most (the colour decode clips) */
    ck_assert_int_le(sum, 2L * n);
    ck_assert_int_le(far, n / 20);
    ck_assert(img_doc_grey_drops_colour(doc));
    pixDestroy(&colour);
    pixDestroy(&grey);
    img_close(doc);
    free(buf);

    buf = slurp("valid.png", &size);
    ck_assert_int_eq(img_open_mem(buf, size, &doc, err, sizeof err), IMG_OK);
    ck_assert_int_eq(img_doc_page_grey(doc, 0, &grey, err, sizeof err), IMG_OK);
    ck_assert_int_eq(pixGetDepth(grey), 32);
    ck_assert(!img_doc_grey_drops_colour(doc));
    pixDestroy(&grey);
    img_close(doc);
    free(buf);

    buf = slurp("cmyk.jpg", &size);
    ck_assert_int_eq(img_open_mem(buf, size, &doc, err, sizeof err), IMG_OK);
    ck_assert_msg(img_doc_page_grey(doc, 0, &grey, err, sizeof err) == IMG_OK, "%s", err);
    ck_assert_int_eq(pixGetWidth(grey), 40);
    ck_assert_int_eq(pixGetHeight(grey), 30);
    ck_assert(!img_doc_grey_drops_colour(doc));
    pixDestroy(&grey);
    img_close(doc);
    free(buf);
}
END_TEST

START_TEST(fifo_symlink_directory_refused)
{
    int sfd = scratch_fd();
    char err[256];
    img_pages pg;
    ck_assert_int_eq(mkfifoat(sfd, "pipe.png", 0600), 0);
    /* No writer: a blocking open would hang here (the test would time out). */
    ck_assert_int_eq(img_load(sfd, "pipe.png", &pg, err, sizeof err), IMG_ERR_NOT_REGULAR);
    ck_assert_msg(strstr(err, "FIFO") != NULL, "%s", err);

    char target[512];
    snprintf(target, sizeof target, "%s/%s/valid.png",
             datadir()[0] == '/' ? "" : getcwd((char[400]){0}, 400), datadir());
    ck_assert_int_eq(symlinkat(target, sfd, "link.png"), 0);
    ck_assert_int_eq(img_load(sfd, "link.png", &pg, err, sizeof err), IMG_ERR_NOT_REGULAR);
    ck_assert_msg(strstr(err, "symbolic link") != NULL, "%s", err);
    ck_assert_int_eq(symlinkat("/etc/passwd", sfd, "passwd.jpg"), 0);
    ck_assert_int_eq(img_load(sfd, "passwd.jpg", &pg, err, sizeof err), IMG_ERR_NOT_REGULAR);

    ck_assert_int_eq(mkdirat(sfd, "dir.png", 0700), 0);
    ck_assert_int_eq(img_load(sfd, "dir.png", &pg, err, sizeof err), IMG_ERR_NOT_REGULAR);
    ck_assert_msg(strstr(err, "directory") != NULL, "%s", err);
    ck_assert_int_eq(img_load(AT_FDCWD, "/dev/null", &pg, err, sizeof err), IMG_ERR_OPEN);
    int dev = open("/dev", O_RDONLY | O_DIRECTORY);
    ck_assert_int_eq(img_load(dev, "null", &pg, err, sizeof err), IMG_ERR_NOT_REGULAR);
    ck_assert_msg(strstr(err, "device") != NULL, "%s", err);
    close(dev);
    scratch_remove(sfd);
}
END_TEST

START_TEST(file_over_50mb_refused_unread)
{
    int sfd = scratch_fd();
    char err[256];
    img_pages pg;
    int fd = openat(sfd, "big.png", O_WRONLY | O_CREAT, 0600);
    ck_assert(fd >= 0);
    /* sparse: costs no disk; refusal comes from fstat, before any read */
    ck_assert_int_eq(ftruncate(fd, IMG_MAX_FILE_BYTES + 1), 0);
    close(fd);
    ck_assert_int_eq(img_load(sfd, "big.png", &pg, err, sizeof err), IMG_ERR_TOO_BIG);
    ck_assert_msg(strstr(err, "file too large") != NULL, "%s", err);
    scratch_remove(sfd);
}
END_TEST

/* Rewrite a PNG's IHDR dimensions (and its CRC). */
static void png_set_dims(unsigned char *png, unsigned w, unsigned h)
{
    /* signature(8) len(4) "IHDR"(4) w(4) h(4) ... crc after 13 data bytes */
    ck_assert(memcmp(png + 12, "IHDR", 4) == 0);
    be32(png + 16, w);
    be32(png + 20, h);
    be32(png + 29, (unsigned)crc32(0, png + 12, 17));
}

START_TEST(png_bomb_refused_before_decode)
{
    /* The status says the header was refused: a decode attempt of a
     * 30000 x 30000 image with one row of data would end in DECODE. */
    size_t size;
    unsigned char *png = slurp("valid.png", &size);
    char err[256];
    img_doc *doc = NULL;
    static const struct { unsigned w, h; } dims[] = {
        {30000, 30000}, {20001, 10}, {10, 20001}, {10001, 10000}, {0x7fffffffu, 0x7fffffffu},
    };
    for (size_t i = 0; i < sizeof dims / sizeof *dims; i++) {
        png_set_dims(png, dims[i].w, dims[i].h);
        img_status st = img_open_mem(png, size, &doc, err, sizeof err);
        ck_assert_msg(st == IMG_ERR_DIMENSIONS || st == IMG_ERR_DECODE, "%u x %u: %d %s",
                      dims[i].w, dims[i].h, st, err);
        if (dims[i].w <= 30000)
            ck_assert_msg(st == IMG_ERR_DIMENSIONS && strstr(err, "image too large"),
                          "%u x %u: %s", dims[i].w, dims[i].h, err);
        ck_assert_ptr_null(doc);
    }
    /* Exactly at the limits is accepted by the header check (the decoder
     * then finds the data too short: an error, not a crash). */
    png_set_dims(png, 20000, 5000);
    img_status st = img_open_mem(png, size, &doc, err, sizeof err);
    ck_assert_int_eq(st, IMG_OK);
    PIX *pix = NULL;
    st = img_doc_page(doc, 0, &pix, err, sizeof err);
    ck_assert_int_eq(st, IMG_ERR_DECODE);
    img_close(doc);
    free(png);
}
END_TEST

START_TEST(jpeg_bomb_refused_before_decode)
{
    size_t size;
    unsigned char *jpg = slurp("valid.jpg", &size);
    /* find the SOF0 or SOF2 marker and set height/width to 30000 */
    size_t i;
    for (i = 2; i + 9 < size; i++)
        if (jpg[i] == 0xff && (jpg[i + 1] == 0xc0 || jpg[i + 1] == 0xc2))
            break;
    ck_assert(i + 9 < size);
    jpg[i + 5] = 30000 >> 8; jpg[i + 6] = 30000 & 0xff;
    jpg[i + 7] = 30000 >> 8; jpg[i + 8] = 30000 & 0xff;
    char err[256];
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open_mem(jpg, size, &doc, err, sizeof err), IMG_ERR_DIMENSIONS);
    ck_assert_msg(strstr(err, "30000 x 30000") != NULL, "%s", err);
    free(jpg);
}
END_TEST

/* Little-endian TIFF: set width and height of IFD number `page`. */
static void tiff_set_dims(unsigned char *t, size_t size, int page, unsigned w, unsigned h)
{
    ck_assert(t[0] == 'I');
    unsigned off = t[4] | t[5] << 8 | t[6] << 16 | (unsigned)t[7] << 24;
    for (int p = 0; p < page; p++) {
        ck_assert(off + 2 < size);
        unsigned n = t[off] | t[off + 1] << 8;
        unsigned nx = off + 2 + 12 * n;
        off = t[nx] | t[nx + 1] << 8 | t[nx + 2] << 16 | (unsigned)t[nx + 3] << 24;
    }
    unsigned n = t[off] | t[off + 1] << 8;
    int set = 0;
    for (unsigned k = 0; k < n; k++) {
        unsigned char *e = t + off + 2 + 12 * k;
        unsigned tag = e[0] | e[1] << 8, type = e[2] | e[3] << 8;
        if (tag != 256 && tag != 257)
            continue;
        unsigned v = tag == 256 ? w : h;
        if (type == 3) {            /* SHORT */
            e[8] = v & 0xff; e[9] = (v >> 8) & 0xff;
        } else {                    /* LONG */
            e[8] = v & 0xff; e[9] = (v >> 8) & 0xff; e[10] = (v >> 16) & 0xff; e[11] = v >> 24;
        }
        set++;
    }
    ck_assert_int_eq(set, 2);
}

START_TEST(tiff_page_bomb_refused_before_decode)
{
    size_t size;
    unsigned char *tif = slurp("multi.tif", &size);
    tiff_set_dims(tif, size, 1, 30000, 30000);
    char err[256];
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open_mem(tif, size, &doc, err, sizeof err), IMG_ERR_DIMENSIONS);
    ck_assert_msg(strstr(err, "page 1") != NULL, "%s", err);
    free(tif);
}
END_TEST

START_TEST(tiff_page_cap)
{
    int dfd = data_fd();
    char err[256];
    img_doc *doc = NULL;
    ck_assert_int_eq(img_open(dfd, "25-pages.tif", &doc, err, sizeof err), IMG_ERR_PAGES);
    ck_assert_ptr_null(doc);
    ck_assert_msg(strstr(err, "too many pages") != NULL, "%s", err);
    close(dfd);
}
END_TEST

START_TEST(names_and_statuses)
{
    ck_assert_str_eq(img_format_name(IMG_FMT_TIFF), "TIFF");
    ck_assert_str_eq(img_format_name(IMG_FMT_UNKNOWN), "unknown");
    ck_assert_str_eq(img_status_name(IMG_ERR_DIMENSIONS), "dimensions");
    char err[64] = "x";
    img_doc *doc = (img_doc *)1;
    ck_assert_int_eq(img_open_mem(NULL, 0, &doc, err, sizeof err), IMG_ERR_EMPTY);
    ck_assert_ptr_null(doc);
    img_pages_free(NULL);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("image");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, loads_png_jpeg_tiff);
    tcase_add_test(tc, alpha_flattened_on_white);
    tcase_add_test(tc, multipage_tiff_every_page);
    tcase_add_test(tc, pdf_pages_rasterised_at_300_dpi);
    tcase_add_test(tc, pdf_page_pixels_as_leptonica_reads_them);
    tcase_add_test(tc, pdf_limits);
    tcase_add_test(tc, pdf_temp_dir_removed);
    tcase_add_test(tc, pdf_helper_hang_and_absence);
    tcase_add_test(tc, bad_files_give_errors);
    tcase_add_test(tc, truncated_everywhere_never_crashes);
    tcase_add_test(tc, grey_decode_of_jpeg_is_its_luminance);
    tcase_add_test(tc, fifo_symlink_directory_refused);
    tcase_add_test(tc, file_over_50mb_refused_unread);
    tcase_add_test(tc, png_bomb_refused_before_decode);
    tcase_add_test(tc, jpeg_bomb_refused_before_decode);
    tcase_add_test(tc, tiff_page_bomb_refused_before_decode);
    tcase_add_test(tc, tiff_page_cap);
    tcase_add_test(tc, names_and_statuses);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(suite());
}
