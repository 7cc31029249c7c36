/* scancrop — MRZ crops saved without following links (see scancrop.h). */
#include "scancrop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void scancrop_stem(const char *file, char *out, size_t outsize)
{
    if (outsize < 2) {
        if (outsize)
            out[0] = '\0';
        return;
    }
    const char *base = file ? strrchr(file, '/') : NULL;
    base = base ? base + 1 : (file ? file : "");
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        n = (size_t)(dot - base);
    if (n > 100)
        n = 100;
    if (n + 1 > outsize)
        n = outsize - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)base[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        out[i] = ok ? (char)c : '_';
    }
    out[n] = '\0';
    if (n == 0) {
        out[0] = '_';
        out[1] = '\0';
    } else if (out[0] == '.') {
        out[0] = '_';
    }
}

char *scancrop_save(int crops_fd, const char *crops_dir, const char *casename,
                    const char *file, int page, int n, PIX *crop,
                    char *err, size_t errsize)
{
    if (crop == NULL || casename == NULL || strchr(casename, '/') || !strcmp(casename, ".") ||
        !strcmp(casename, "..") || casename[0] == '\0') {
        snprintf(err, errsize, "no crop, or not a case name");
        return NULL;
    }
    if (mkdirat(crops_fd, casename, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errsize, "cannot create the case's crops folder: %s", strerror(errno));
        return NULL;
    }
    int cfd = openat(crops_fd, casename, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (cfd < 0) {
        snprintf(err, errsize, "cannot open the case's crops folder%s: %s",
                 errno == ELOOP || errno == ENOTDIR ? " (not a folder, or a symbolic link)" : "",
                 strerror(errno));
        return NULL;
    }
    l_uint8 *png = NULL;
    size_t size = 0;
    if (pixWriteMemPng(&png, &size, crop, 0.0) != 0 || png == NULL) {
        snprintf(err, errsize, "cannot encode the crop as PNG");
        close(cfd);
        return NULL;
    }
    char stem[128], name[200];
    scancrop_stem(file, stem, sizeof stem);
    int fd = -1;
    for (int attempt = 1; attempt <= 100 && fd < 0; attempt++) {
        if (attempt == 1)
            snprintf(name, sizeof name, "%s-p%d-%d.png", stem, page, n);
        else
            snprintf(name, sizeof name, "%s-p%d-%d-%d.png", stem, page, n, attempt);
        fd = openat(cfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    char *path = NULL;
    if (fd < 0) {
        snprintf(err, errsize, "cannot create a crop file: %s", strerror(errno));
    } else {
        size_t off = 0;
        while (off < size) {
            ssize_t w = write(fd, png + off, size - off);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0)
                break;
            off += (size_t)w;
        }
        int saved = errno;
        if (close(fd) != 0 || off < size) {
            snprintf(err, errsize, "cannot write the crop file: %s", strerror(off < size ? saved : errno));
            unlinkat(cfd, name, 0);
        } else {
            size_t plen = strlen(crops_dir) + strlen(casename) + strlen(name) + 3;
            path = malloc(plen);
            if (path)
                snprintf(path, plen, "%s/%s/%s", crops_dir, casename, name);
            else
                snprintf(err, errsize, "out of memory");
        }
    }
    lept_free(png);
    close(cfd);
    return path;
}
