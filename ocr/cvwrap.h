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

#ifdef __cplusplus
}
#endif

#endif
