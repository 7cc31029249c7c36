/*
 * cvwrap — the one bridge from varta's C to OpenCV 4 (which has no C API).
 *
 * Every function takes plain 8-bit grey buffers (width, height, bytes per
 * row), returns a status, and catches every C++ exception inside: none ever
 * crosses into C.  Output buffers are caller-owned with explicit sizes.
 */
#ifndef VARTA_CVWRAP_H
#define VARTA_CVWRAP_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum cv_status {
    CV_OK = 0,
    CV_NOT_FOUND,   /* nothing detected */
    CV_TOO_LONG,    /* result did not fit the caller's buffer */
    CV_ERROR,       /* OpenCV raised an error; err says what */
} cv_status;

/* cv_qr_decode: detect and decode one QR code in a grey image.  On CV_OK
 * writes the NUL-terminated payload into out (size outsize).  On CV_ERROR
 * writes a message into err (size errsize, may be 0). */
cv_status cv_qr_decode(const unsigned char *grey, int width, int height, int stride,
                       char *out, size_t outsize, char *err, size_t errsize);


/* ---- MRZ location (used by ocr/mrzread.c) ---- */

/* One text-line candidate: a rotated rectangle in image pixels. */
typedef struct cv_line_box {
    float cx, cy;       /* centre */
    float len;          /* extent along the line */
    float thick;        /* extent across the line */
    float angle;        /* direction of the line, degrees, in (-90, 90] */
    float ink;          /* share of dark pixels inside the box, 0..1 */
    float gap;          /* longest inkless stretch along the line / thick */
    float bow;          /* 0, or for a line that bows (a curved page):
                           how far its middle strays from straight, px;
                           thick is then the line's own thickness, and the
                           box is thick + bow across */
} cv_line_box;

/* cv_text_lines: find text-line candidates in a grey image at location scale
 * (about 1000 px a side): dark thin strokes (black-hat), joined along
 * `vertical` ? columns : rows by a closing `join` pixels long.  Writes up to
 * `max` boxes into out (caller-owned) and their count into *nout.  Boxes
 * shorter than `min_len` or thinner than 3 px are dropped. */
cv_status cv_text_lines(const unsigned char *grey, int width, int height, int stride,
                        int vertical, int join, int min_len,
                        cv_line_box *out, int max, int *nout, char *err, size_t errsize);

/* cv_warp_quad: map the quadrilateral quad[8] = (x,y) of its top-left,
 * top-right, bottom-right and bottom-left corners in the source grey image
 * onto an upright outw x outh grey image `out` (caller-owned, row stride
 * outstride), with bilinear sampling and white beyond the source.  When
 * `bend` is not NULL (outw values, caller-owned), output column u is
 * taken bent: its pixel (u, v) from where (u, v + bend[u]) of the plain
 * warp lies, which straightens lines that bow (a passport page curling
 * towards its spine).  When `flatten` > 0, the background is then evened
 * out: each pixel divided by the local background (a grey closing
 * `flatten` pixels wide) and stretched to the full 0..255 range. */
cv_status cv_warp_quad(const unsigned char *grey, int width, int height, int stride,
                       const float quad[8], const float *bend, unsigned char *out, int outw,
                       int outh, int outstride, int flatten, char *err, size_t errsize);

/* cv_quad_point: where point (u, v) of the upright w x h warp of quad[8]
 * (as cv_warp_quad maps it, unbent) lies in the source image: *x, *y.
 * CV_ERROR on a degenerate quad. */
cv_status cv_quad_point(const float quad[8], int w, int h, double u, double v, double *x, double *y);

/* cv_resize_area: shrink (or enlarge) a grey image into out (outw x outh,
 * caller-owned, row stride outstride) with area averaging (in two steps
 * when shrinking by 2 or more: block means over the largest whole factor,
 * then the remaining factor, below 2). */
cv_status cv_resize_area(const unsigned char *grey, int width, int height, int stride,
                         unsigned char *out, int outw, int outh, int outstride,
                         char *err, size_t errsize);

/* cv_qr_decode_wechat: as cv_qr_decode, but with OpenCV's WeChat QR decoder
 * (opencv_contrib wechat_qrcode, classic detector, no CNN models), which
 * decodes where the objdetect decoder cannot: Debian's OpenCV is built
 * without the quirc library that cv::QRCodeDetector needs to decode.  Works
 * on the image scaled to about 1600 px on its long side (never enlarged). */
cv_status cv_qr_decode_wechat(const unsigned char *grey, int width, int height, int stride,
                              char *out, size_t outsize, char *err, size_t errsize);


/* ---- Page quadrilateral of a photographed sheet (used by ocr/certread.c) ---- */

/* cv_page_quad: find an A4 sheet photographed on a desk: the bright region
 * that is convincingly a quadrilateral of A4 proportions seen at most ~15
 * degrees off straight, covering 12-93% of the picture (so a flatbed scan,
 * whose page fills the picture, gives CV_NOT_FOUND).  On CV_OK writes its
 * corners into quad[8] = (x,y) of top-left, top-right, bottom-right,
 * bottom-left as they lie in the picture (ready for cv_warp_quad; the text
 * may still be a quarter turn off).  The sheet is looked for as a bright
 * region first, then (not when blank paper runs all round the picture, as
 * on a scan) as four long straight brightness steps meeting in such a quad,
 * which finds it on a desk as pale as the paper or with paper, a thumb or a
 * shadow against it.  A quad whose print runs along its long sides is a
 * part of the page cut off by a false edge (a certificate is portrait A4:
 * its lines run along its short sides however it lies; the lower half of
 * a page is itself A4-shaped): the best other quad is taken, else the
 * part grown across its false end to A4 proportions (corners may then lie
 * a little beyond the picture).  Works on a ~600 px thumbnail. */
cv_status cv_page_quad(const unsigned char *grey, int width, int height, int stride,
                       float quad[8], char *err, size_t errsize);

#ifdef __cplusplus
}
#endif

#endif
