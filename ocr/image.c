/* image — safe loading of scans (see image.h). */
#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct img_doc {
    img_format format;
    uint8_t *data;
    size_t size;
    int npages;
    /* PDF only: private directory holding in.pdf, per-page dpi (0 = the
     * page is too large even at IMG_PDF_MIN_DPI), remaining child time. */
    char tmpdir[4096];
    bool have_tmpdir;
    int dpi[IMG_MAX_PAGES];
    double page_w_pt[IMG_MAX_PAGES], page_h_pt[IMG_MAX_PAGES];
    long budget_ms;
};

/* Time allowed to all the PDF helper runs of one document (milliseconds). */
static long pdf_limit_ms = IMG_PDF_TIME_LIMIT_S * 1000L;

void img_set_pdf_time_limit(double seconds)
{
    if (seconds > 0 && seconds < 24 * 3600)
        pdf_limit_ms = (long)(seconds * 1000.0);
}

static void seterr(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errsize, const char *fmt, ...)
{
    if (err == NULL || errsize == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsize, fmt, ap);
    va_end(ap);
}

/* Leptonica reports through its own severity switch; set it once. */
static void lept_quiet_once(void)
{
    static bool done;
    if (!done) {
        setMsgSeverity(L_SEVERITY_NONE);
        done = true;
    }
}

/* libpng and libjpeg print warnings straight to stderr; point fd 2 at
 * /dev/null around each decoder call.  Returns the saved descriptor (or -1
 * when muting was not possible, which is harmless). */
static int mute_begin(void)
{
    fflush(stderr);
    int saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (saved < 0)
        return -1;
    int nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (nul < 0 || dup2(nul, STDERR_FILENO) < 0) {
        if (nul >= 0)
            close(nul);
        close(saved);
        return -1;
    }
    close(nul);
    return saved;
}

static void mute_end(int saved)
{
    if (saved < 0)
        return;
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
}

const char *img_status_name(img_status st)
{
    switch (st) {
    case IMG_OK: return "ok";
    case IMG_ERR_OPEN: return "open";
    case IMG_ERR_NOT_REGULAR: return "not_regular";
    case IMG_ERR_EMPTY: return "empty";
    case IMG_ERR_TOO_BIG: return "too_big";
    case IMG_ERR_FORMAT: return "format";
    case IMG_ERR_DIMENSIONS: return "dimensions";
    case IMG_ERR_PAGES: return "pages";
    case IMG_ERR_DECODE: return "decode";
    case IMG_ERR_PDF: return "pdf";
    case IMG_ERR_IO: return "io";
    case IMG_ERR_NOMEM: return "nomem";
    case IMG_ERR_ARG: return "arg";
    }
    return "unknown";
}

const char *img_format_name(img_format f)
{
    switch (f) {
    case IMG_FMT_PNG: return "PNG";
    case IMG_FMT_JPEG: return "JPEG";
    case IMG_FMT_TIFF: return "TIFF";
    case IMG_FMT_PDF: return "PDF";
    case IMG_FMT_UNKNOWN: break;
    }
    return "unknown";
}

/* What kind of non-regular file st describes, for messages. */
static const char *file_kind(mode_t m)
{
    if (S_ISLNK(m)) return "symbolic link";
    if (S_ISDIR(m)) return "directory";
    if (S_ISFIFO(m)) return "FIFO";
    if (S_ISSOCK(m)) return "socket";
    if (S_ISCHR(m)) return "character device";
    if (S_ISBLK(m)) return "block device";
    return "special file";
}

/* Open name in dirfd without following a link or blocking, accept a regular
 * file of 1..cap bytes, and read it whole into a new buffer. */
static img_status read_file(int dirfd, const char *name, long cap,
                            uint8_t **pdata, size_t *psize,
                            char *err, size_t errsize)
{
    *pdata = NULL;
    *psize = 0;
    if (name == NULL || *name == '\0' || strchr(name, '/') != NULL) {
        seterr(err, errsize, "not a plain file name");
        return IMG_ERR_OPEN;
    }
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        if (e == ELOOP || (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))) {
            seterr(err, errsize, "not a regular file (symbolic link, not followed)");
            return IMG_ERR_NOT_REGULAR;
        }
        if (e == ENXIO) {   /* a socket, or a FIFO with no writer on some systems */
            seterr(err, errsize, "not a regular file (%s)",
                   fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? file_kind(st.st_mode) : "special file");
            return IMG_ERR_NOT_REGULAR;
        }
        seterr(err, errsize, "cannot open: %s", strerror(e));
        return IMG_ERR_OPEN;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        seterr(err, errsize, "cannot stat: %s", strerror(errno));
        close(fd);
        return IMG_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        seterr(err, errsize, "not a regular file (%s)", file_kind(st.st_mode));
        close(fd);
        return IMG_ERR_NOT_REGULAR;
    }
    if (st.st_size == 0) {
        seterr(err, errsize, "empty file (0 bytes)");
        close(fd);
        return IMG_ERR_EMPTY;
    }
    if (st.st_size > cap) {
        seterr(err, errsize, "file too large (%lld bytes; limit %ld MB)",
               (long long)st.st_size, cap / (1024 * 1024));
        close(fd);
        return IMG_ERR_TOO_BIG;
    }
    size_t want = (size_t)st.st_size;
    uint8_t *buf = malloc(want + 1);
    if (buf == NULL) {
        seterr(err, errsize, "out of memory reading %zu bytes", want);
        close(fd);
        return IMG_ERR_NOMEM;
    }
    size_t got = 0;
    while (got < want) {
        ssize_t r = read(fd, buf + got, want - got);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            seterr(err, errsize, "read error: %s", strerror(errno));
            free(buf);
            close(fd);
            return IMG_ERR_IO;
        }
        if (r == 0)
            break;      /* shrank while reading: decode what is there */
        got += (size_t)r;
    }
    close(fd);
    if (got == 0) {
        free(buf);
        seterr(err, errsize, "empty file (0 bytes)");
        return IMG_ERR_EMPTY;
    }
    *pdata = buf;
    *psize = got;
    return IMG_OK;
}

/* Identify the format from the first bytes. */
static img_format sniff(const uint8_t *d, size_t n, char *other, size_t othersize)
{
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    other[0] = '\0';
    if (n >= 8 && memcmp(d, png, 8) == 0)
        return IMG_FMT_PNG;
    if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
        return IMG_FMT_JPEG;
    if (n >= 4 && ((d[0] == 'I' && d[1] == 'I' && d[2] == 42 && d[3] == 0) ||
                   (d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 42)))
        return IMG_FMT_TIFF;
    /* PDF allows bytes before the header; scanners never put many there. */
    size_t lim = n < 1024 ? n : 1024;
    for (size_t i = 0; i + 5 <= lim; i++)
        if (memcmp(d + i, "%PDF-", 5) == 0)
            return IMG_FMT_PDF;
    /* Name other image formats Leptonica knows, for a clearer message. */
    uint8_t head[16] = {0};
    memcpy(head, d, n < sizeof head ? n : sizeof head);
    l_int32 f = IFF_UNKNOWN;
    findFileFormatBuffer(head, &f);
    const char *name = NULL;
    switch (f) {
    case IFF_BMP: name = "BMP"; break;
    case IFF_GIF: name = "GIF"; break;
    case IFF_PNM: name = "PNM"; break;
    case IFF_JP2: name = "JPEG 2000"; break;
    case IFF_WEBP: name = "WebP"; break;
    case IFF_PS: name = "PostScript"; break;
    case IFF_SPIX: name = "Leptonica SPIX"; break;
    default:
        if (n >= 4 && d[0] == 'I' && d[1] == 'I' && d[2] == 43 && d[3] == 0)
            name = "BigTIFF";
        else if (n >= 4 && d[0] == 'M' && d[1] == 'M' && d[2] == 0 && d[3] == 43)
            name = "BigTIFF";
        break;
    }
    if (name)
        snprintf(other, othersize, "%s", name);
    return IMG_FMT_UNKNOWN;
}

static img_status check_dims(long long w, long long h, const char *what,
                             char *err, size_t errsize)
{
    if (w <= 0 || h <= 0) {
        seterr(err, errsize, "corrupt %s (image size %lld x %lld)", what, w, h);
        return IMG_ERR_DECODE;
    }
    if (w > IMG_MAX_SIDE || h > IMG_MAX_SIDE || w * h > IMG_MAX_PIXELS) {
        seterr(err, errsize, "image too large (%lld x %lld pixels; limit %d a side and %lld Mpx)",
               w, h, IMG_MAX_SIDE, IMG_MAX_PIXELS / 1000000);
        return IMG_ERR_DIMENSIONS;
    }
    return IMG_OK;
}

/* Header checks of a PNG, JPEG or TIFF held in memory; *pnpages set. */
static img_status check_raster(img_format fmt, const uint8_t *data, size_t size,
                               int *pnpages, char *err, size_t errsize)
{
    l_int32 w = 0, h = 0, bps = 0, spp = 0, cmap = 0, res = 0, f = 0, ycck = 0, cmyk = 0;
    l_ok r;
    int saved;
    *pnpages = 0;
    switch (fmt) {
    case IMG_FMT_PNG:
        saved = mute_begin();
        r = readHeaderMemPng(data, size, &w, &h, &bps, &spp, &cmap);
        mute_end(saved);
        if (r != 0) {
            seterr(err, errsize, "truncated or corrupt PNG");
            return IMG_ERR_DECODE;
        }
        *pnpages = 1;
        return check_dims(w, h, "PNG", err, errsize);
    case IMG_FMT_JPEG:
        saved = mute_begin();
        r = readHeaderMemJpeg(data, size, &w, &h, &spp, &ycck, &cmyk);
        mute_end(saved);
        if (r != 0) {
            seterr(err, errsize, "truncated or corrupt JPEG");
            return IMG_ERR_DECODE;
        }
        *pnpages = 1;
        return check_dims(w, h, "JPEG", err, errsize);
    case IMG_FMT_TIFF: {
        l_int32 n = 0;
        /* A file of many tiny pages would make the count below walk every
         * directory: first ask for the page just past the cap (reading it
         * walks at most IMG_MAX_PAGES directories). */
        saved = mute_begin();
        r = readHeaderMemTiff(data, size, IMG_MAX_PAGES, &w, &h, &bps, &spp, &res, &cmap, &f);
        mute_end(saved);
        if (r == 0) {
            seterr(err, errsize, "too many pages (more than %d)", IMG_MAX_PAGES);
            return IMG_ERR_PAGES;
        }
        saved = mute_begin();
        FILE *fp = fopenReadFromMemory(data, size);
        r = fp ? tiffGetCount(fp, &n) : 1;
        if (fp)
            fclose(fp);
        mute_end(saved);
        if (r != 0 || n < 1) {
            seterr(err, errsize, "truncated or corrupt TIFF");
            return IMG_ERR_DECODE;
        }
        if (n > IMG_MAX_PAGES) {
            seterr(err, errsize, "too many pages (%d > %d)", (int)n, IMG_MAX_PAGES);
            return IMG_ERR_PAGES;
        }
        for (l_int32 i = 0; i < n; i++) {
            saved = mute_begin();
            r = readHeaderMemTiff(data, size, i, &w, &h, &bps, &spp, &res, &cmap, &f);
            mute_end(saved);
            if (r != 0) {
                seterr(err, errsize, "truncated or corrupt TIFF (page %d)", (int)i);
                return IMG_ERR_DECODE;
            }
            img_status st = check_dims(w, h, "TIFF", err, errsize);
            if (st != IMG_OK) {
                if (n > 1) {
                    size_t len = strlen(err);
                    if (len + 1 < errsize)
                        snprintf(err + len, errsize - len, " on page %d", (int)i);
                }
                return st;
            }
        }
        *pnpages = (int)n;
        return IMG_OK;
    }
    default:
        seterr(err, errsize, "not an image");
        return IMG_ERR_FORMAT;
    }
}

/* Bring a decoded page to 8-bit grey or 32-bit RGB; pixs is consumed. */
static PIX *normalize(PIX *pixs)
{
    PIX *p;
    if (pixGetColormap(pixs))
        p = pixRemoveColormap(pixs, REMOVE_CMAP_BASED_ON_SRC);
    else
        p = pixClone(pixs);
    pixDestroy(&pixs);
    if (p == NULL)
        return NULL;
    PIX *q = NULL;
    l_int32 d = pixGetDepth(p);
    if (d == 32) {
        if (pixGetSpp(p) == 4) {
            q = pixAlphaBlendUniform(p, 0xffffff00);
            if (q)
                pixSetSpp(q, 3);
        } else {
            q = pixClone(p);
        }
    } else if (d == 8) {
        q = pixClone(p);
    } else if (d == 16) {
        q = pixConvert16To8(p, L_MS_BYTE);
    } else if (d == 1 || d == 2 || d == 4) {
        q = pixConvertTo8(p, 0);
    } else if (d == 24) {
        q = pixConvert24To32(p);
    }
    pixDestroy(&p);
    if (q && pixGetDepth(q) != 8 && pixGetDepth(q) != 32)
        pixDestroy(&q);
    return q;
}

/* Decode page `index` of a raster held in memory (headers checked). */
static img_status decode_raster(img_format fmt, const uint8_t *data, size_t size, int index,
                                bool grey, PIX **ppix, char *err, size_t errsize)
{
    PIX *pix = NULL;
    l_int32 nwarn = 0;
    int saved = mute_begin();
    switch (fmt) {
    case IMG_FMT_PNG:
        pix = pixReadMemPng(data, size);
        break;
    case IMG_FMT_JPEG:
        /* Hints: no L_JPEG_CONTINUE_WITH_BAD_DATA, so damaged data fails
         * rather than returning a grey smear.  For grey, the luminance
         * alone is decoded (no chroma: faster, a quarter of the memory);
         * a JPEG libjpeg cannot give as grey (CMYK) is decoded whole. */
        if (grey)
            pix = pixReadMemJpeg(data, size, 0, 1, &nwarn, L_JPEG_READ_LUMINANCE);
        if (pix == NULL)
            pix = pixReadMemJpeg(data, size, 0, 1, &nwarn, 0);
        break;
    case IMG_FMT_TIFF:
        pix = pixReadMemTiff(data, size, index);
        break;
    default:
        break;
    }
    mute_end(saved);
    if (pix == NULL) {
        seterr(err, errsize, "truncated or corrupt %s", img_format_name(fmt));
        return IMG_ERR_DECODE;
    }
    img_status st = check_dims(pixGetWidth(pix), pixGetHeight(pix), img_format_name(fmt), err, errsize);
    if (st != IMG_OK) {
        pixDestroy(&pix);
        return st;
    }
    *ppix = normalize(pix);
    if (*ppix == NULL) {
        seterr(err, errsize, "unsupported pixel layout in %s", img_format_name(fmt));
        return IMG_ERR_DECODE;
    }
    return IMG_OK;
}

/* ---------------------------------------------------------------------
 * PDF: pdfinfo and pdftoppm in child processes. */

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum { CHILD_OK = 0, CHILD_FAILED, CHILD_TIMEOUT, CHILD_NOEXEC, CHILD_SYSERR };

/* Run argv (PATH lookup, no shell) with stdin/stderr on /dev/null, stdout
 * captured into out (up to outsize-1 bytes, NUL-terminated; the rest is
 * discarded) when out is not NULL.  The child gets its own process group,
 * CPU, address-space and file-size limits, and is killed when *pbudget_ms
 * runs out; the time used is subtracted from *pbudget_ms. */
static int run_child(char *const argv[], char *out, size_t outsize, long *pbudget_ms)
{
    int pfd[2] = {-1, -1};
    if (out && pipe2(pfd, O_CLOEXEC) != 0)
        return CHILD_SYSERR;
    long start = now_ms();
    long deadline = start + (*pbudget_ms > 0 ? *pbudget_ms : 0);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        if (out) {
            close(pfd[0]);
            close(pfd[1]);
        }
        return CHILD_SYSERR;
    }
    if (pid == 0) {
        setpgid(0, 0);
        int nul = open("/dev/null", O_RDWR);
        if (nul < 0)
            _exit(126);
        dup2(nul, 0);
        dup2(out ? pfd[1] : nul, 1);
        dup2(nul, 2);
        closefrom(3);
        struct rlimit rl;
        rl.rlim_cur = rl.rlim_max = (rlim_t)2048 * 1024 * 1024;
        setrlimit(RLIMIT_AS, &rl);
        rl.rlim_cur = rl.rlim_max = (rlim_t)IMG_PDF_TIME_LIMIT_S;
        setrlimit(RLIMIT_CPU, &rl);
        rl.rlim_cur = rl.rlim_max = (rlim_t)512 * 1024 * 1024;
        setrlimit(RLIMIT_FSIZE, &rl);
        rl.rlim_cur = rl.rlim_max = 0;
        setrlimit(RLIMIT_CORE, &rl);
        signal(SIGPIPE, SIG_DFL);
        execvp(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid);   /* also from here, so the kill below never misses */
    bool timed_out = false;
    if (out) {
        close(pfd[1]);
        size_t len = 0;
        for (;;) {
            long left = deadline - now_ms();
            if (left <= 0) {
                timed_out = true;
                break;
            }
            struct pollfd p = {.fd = pfd[0], .events = POLLIN};
            int pr = poll(&p, 1, (int)(left > 1000 ? 1000 : left));
            if (pr < 0 && errno != EINTR)
                break;
            if (pr <= 0)
                continue;
            char tmp[4096];
            ssize_t r = read(pfd[0], tmp, sizeof tmp);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            size_t take = (size_t)r;
            if (len + take > outsize - 1)
                take = outsize - 1 - len;
            memcpy(out + len, tmp, take);
            len += take;
        }
        out[len] = '\0';
        close(pfd[0]);
    }
    int status = 0;
    for (;;) {
        if (!timed_out) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid)
                break;
            if (w < 0 && errno != EINTR) {
                *pbudget_ms -= now_ms() - start;
                return CHILD_SYSERR;
            }
            if (now_ms() < deadline) {
                struct timespec ts = {0, 5 * 1000 * 1000};
                nanosleep(&ts, NULL);
                continue;
            }
            timed_out = true;
        }
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        break;
    }
    *pbudget_ms -= now_ms() - start;
    if (timed_out)
        return CHILD_TIMEOUT;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return CHILD_NOEXEC;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return CHILD_OK;
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))
        return CHILD_TIMEOUT;
    return CHILD_FAILED;
}

static img_status child_error(int rc, const char *what, char *err, size_t errsize)
{
    switch (rc) {
    case CHILD_TIMEOUT:
        seterr(err, errsize, "PDF rasterising timed out (limit %.0f s)", pdf_limit_ms / 1000.0);
        return IMG_ERR_PDF;
    case CHILD_NOEXEC:
        seterr(err, errsize, "cannot run %s (Debian package poppler-utils)", what);
        return IMG_ERR_PDF;
    case CHILD_SYSERR:
        seterr(err, errsize, "cannot start %s: %s", what, strerror(errno));
        return IMG_ERR_PDF;
    default:
        seterr(err, errsize, "unreadable, damaged or password-protected PDF (%s failed)", what);
        return IMG_ERR_PDF;
    }
}

/* Remove every file in the private directory, then the directory. */
static void remove_tmpdir(img_doc *doc)
{
    if (!doc->have_tmpdir)
        return;
    int dfd = open(doc->tmpdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd >= 0) {
        DIR *d = fdopendir(dfd);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                unlinkat(dirfd(d), e->d_name, 0);
            }
            closedir(d);
        } else {
            close(dfd);
        }
    }
    rmdir(doc->tmpdir);
    doc->have_tmpdir = false;
}

/* The dpi at which a w x h pt page fits the pixel limits: IMG_PDF_DPI or
 * less; 0 when even IMG_PDF_MIN_DPI would exceed them. */
static int pdf_page_dpi(double wpt, double hpt)
{
    if (!(wpt > 0 && hpt > 0) || !isfinite(wpt) || !isfinite(hpt))
        return 0;
    double side = wpt > hpt ? wpt : hpt;
    double dpi = IMG_PDF_DPI;
    double by_side = (double)(IMG_MAX_SIDE - 2) * 72.0 / side;
    double by_area = sqrt((double)IMG_MAX_PIXELS * 0.98 * 72.0 * 72.0 / (wpt * hpt));
    if (by_side < dpi)
        dpi = by_side;
    if (by_area < dpi)
        dpi = by_area;
    int idpi = (int)floor(dpi);
    return idpi >= IMG_PDF_MIN_DPI ? idpi : 0;
}

static img_status pdf_prepare(img_doc *doc, char *err, size_t errsize)
{
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || *tmp == '\0' || strlen(tmp) > 1024)
        tmp = "/tmp";
    snprintf(doc->tmpdir, sizeof doc->tmpdir, "%s/varta-pdf-XXXXXX", tmp);
    if (mkdtemp(doc->tmpdir) == NULL) {
        seterr(err, errsize, "cannot create a temporary directory: %s", strerror(errno));
        return IMG_ERR_IO;
    }
    doc->have_tmpdir = true;
    char path[4200];
    snprintf(path, sizeof path, "%s/in.pdf", doc->tmpdir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        seterr(err, errsize, "cannot write a temporary copy: %s", strerror(errno));
        return IMG_ERR_IO;
    }
    size_t off = 0;
    while (off < doc->size) {
        ssize_t w = write(fd, doc->data + off, doc->size - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            seterr(err, errsize, "cannot write a temporary copy: %s", strerror(errno));
            close(fd);
            return IMG_ERR_IO;
        }
        off += (size_t)w;
    }
    if (close(fd) != 0) {
        seterr(err, errsize, "cannot write a temporary copy: %s", strerror(errno));
        return IMG_ERR_IO;
    }
    /* The raster is no longer needed in memory. */
    free(doc->data);
    doc->data = NULL;

    static char info_out[64 * 1024];
    char *argv1[] = {"pdfinfo", path, NULL};
    int rc = run_child(argv1, info_out, sizeof info_out, &doc->budget_ms);
    if (rc != CHILD_OK)
        return child_error(rc, "pdfinfo", err, errsize);
    long pages = -1;
    for (char *line = info_out; line && *line;) {
        char *nl = strchr(line, '\n');
        if (strncmp(line, "Pages:", 6) == 0)
            pages = strtol(line + 6, NULL, 10);
        line = nl ? nl + 1 : NULL;
    }
    if (pages < 1) {
        seterr(err, errsize, "PDF has no pages");
        return IMG_ERR_PAGES;
    }
    if (pages > IMG_MAX_PAGES) {
        seterr(err, errsize, "too many pages (%ld > %d)", pages, IMG_MAX_PAGES);
        return IMG_ERR_PAGES;
    }
    doc->npages = (int)pages;

    char last[16];
    snprintf(last, sizeof last, "%ld", pages);
    char *argv2[] = {"pdfinfo", "-f", "1", "-l", last, path, NULL};
    rc = run_child(argv2, info_out, sizeof info_out, &doc->budget_ms);
    if (rc != CHILD_OK)
        return child_error(rc, "pdfinfo", err, errsize);
    for (char *line = info_out; line && *line;) {
        char *nl = strchr(line, '\n');
        int pg = 0;
        double w = 0, h = 0;
        /* "Page    2 size: 595.276 x 841.89 pts (A4)" */
        if (sscanf(line, "Page %d size: %lf x %lf", &pg, &w, &h) == 3 && pg >= 1 && pg <= pages) {
            doc->page_w_pt[pg - 1] = w;
            doc->page_h_pt[pg - 1] = h;
        }
        line = nl ? nl + 1 : NULL;
    }
    for (int i = 0; i < doc->npages; i++)
        doc->dpi[i] = pdf_page_dpi(doc->page_w_pt[i], doc->page_h_pt[i]);
    return IMG_OK;
}

/* Skip blanks and '#' comments in a PNM header; returns the new offset. */
static size_t pnm_skip_blanks(const uint8_t *d, size_t n, size_t i)
{
    while (i < n) {
        if (d[i] == '#') {
            while (i < n && d[i] != '\n')
                i++;
        } else if (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n') {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* A decimal header field of at most 9 digits at d[*pi]; -1 when none. */
static long pnm_number(const uint8_t *d, size_t n, size_t *pi)
{
    size_t i = pnm_skip_blanks(d, n, *pi);
    long v = 0;
    int digits = 0;
    while (i < n && d[i] >= '0' && d[i] <= '9' && digits < 9) {
        v = v * 10 + (d[i++] - '0');
        digits++;
    }
    if (digits == 0 || (i < n && d[i] >= '0' && d[i] <= '9'))
        return -1;
    *pi = i;
    return v;
}

/* The binary 8-bit PGM (P5, maxval 255) that pdftoppm -gray writes, as an
 * 8-bpp PIX, one row copied at a time (Leptonica's PNM reader reads such a
 * file one byte per fread call, about 80 ms for a 300-dpi page).  NULL
 * when the data is any other PNM (the caller falls back to Leptonica) or
 * too short.  New PIX owned by the caller. */
static PIX *read_pgm8(const uint8_t *d, size_t n)
{
    if (n < 2 || d[0] != 'P' || d[1] != '5')
        return NULL;
    size_t i = 2;
    long w = pnm_number(d, n, &i), h = pnm_number(d, n, &i), maxval = pnm_number(d, n, &i);
    if (w <= 0 || h <= 0 || maxval != 255 || i >= n)
        return NULL;
    i++;        /* the single blank after maxval */
    if (w > IMG_MAX_SIDE || h > IMG_MAX_SIDE || (n - i) / (size_t)w < (size_t)h)
        return NULL;
    PIX *pix = pixCreate((l_int32)w, (l_int32)h, 8);
    if (pix == NULL)
        return NULL;
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (long y = 0; y < h; y++) {
        const uint8_t *src = d + i + (size_t)y * (size_t)w;
        l_uint32 *line = data + (size_t)y * wpl;
        for (long x = 0; x < w; x++)
            SET_DATA_BYTE(line, x, src[x]);
    }
    return pix;
}

static img_status pdf_page(img_doc *doc, int index, PIX **ppix, char *err, size_t errsize)
{
    if (doc->dpi[index] == 0) {
        if (doc->page_w_pt[index] > 0)
            seterr(err, errsize, "page too large (%.0f x %.0f pt even at %d dpi exceeds %d a side and %lld Mpx)",
                   doc->page_w_pt[index], doc->page_h_pt[index], IMG_PDF_MIN_DPI,
                   IMG_MAX_SIDE, IMG_MAX_PIXELS / 1000000);
        else
            seterr(err, errsize, "PDF page size unknown");
        return IMG_ERR_DIMENSIONS;
    }
    if (doc->budget_ms <= 0) {
        seterr(err, errsize, "PDF rasterising timed out (limit %.0f s)", pdf_limit_ms / 1000.0);
        return IMG_ERR_PDF;
    }
    char in[4200], outprefix[4200], pg[16], dpi[16];
    snprintf(in, sizeof in, "%s/in.pdf", doc->tmpdir);
    snprintf(outprefix, sizeof outprefix, "%s/page", doc->tmpdir);
    snprintf(pg, sizeof pg, "%d", index + 1);
    snprintf(dpi, sizeof dpi, "%d", doc->dpi[index]);
    /* -gray without -png writes an 8-bit PGM: grey, and no compression to
     * undo. */
    char *argv[] = {"pdftoppm", "-f", pg, "-l", pg, "-r", dpi, "-gray",
                    "-singlefile", in, outprefix, NULL};
    int rc = run_child(argv, NULL, 0, &doc->budget_ms);
    int dfd = open(doc->tmpdir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (rc != CHILD_OK) {
        if (dfd >= 0) {
            unlinkat(dfd, "page.pgm", 0);
            close(dfd);
        }
        return child_error(rc, "pdftoppm", err, errsize);
    }
    if (dfd < 0) {
        seterr(err, errsize, "temporary directory vanished");
        return IMG_ERR_IO;
    }
    uint8_t *data = NULL;
    size_t size = 0;
    char suberr[256];
    img_status st = read_file(dfd, "page.pgm", IMG_MAX_PIXELS + 4096, &data, &size, suberr, sizeof suberr);
    unlinkat(dfd, "page.pgm", 0);
    close(dfd);
    if (st != IMG_OK) {
        seterr(err, errsize, "PDF page could not be rasterised (%s)", suberr);
        return IMG_ERR_PDF;
    }
    l_int32 f = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
    int saved = mute_begin();
    l_ok r = pixReadHeaderMem(data, size, &f, &w, &h, &bps, &spp, &cmap);
    mute_end(saved);
    if (r != 0 || f != IFF_PNM) {
        free(data);
        seterr(err, errsize, "PDF page could not be rasterised (bad raster)");
        return IMG_ERR_PDF;
    }
    st = check_dims(w, h, "PDF page", err, errsize);
    if (st == IMG_OK) {
        PIX *pix = read_pgm8(data, size);
        if (pix == NULL) {
            saved = mute_begin();
            pix = pixReadMemPnm(data, size);
            mute_end(saved);
        }
        if (pix == NULL) {
            seterr(err, errsize, "PDF page could not be rasterised (bad raster)");
            st = IMG_ERR_PDF;
        } else if ((*ppix = normalize(pix)) == NULL) {
            seterr(err, errsize, "unsupported pixel layout in PDF page");
            st = IMG_ERR_DECODE;
        }
    }
    free(data);
    return st;
}

/* --------------------------------------------------------------------- */

static img_status open_buffer(uint8_t *data, size_t size, img_doc **pdoc,
                              char *err, size_t errsize)
{
    char other[32];
    img_format fmt = sniff(data, size, other, sizeof other);
    if (fmt == IMG_FMT_UNKNOWN) {
        free(data);
        if (other[0])
            seterr(err, errsize, "unsupported image format (%s; PNG, JPEG, TIFF or PDF expected)", other);
        else
            seterr(err, errsize, "not an image (PNG, JPEG, TIFF or PDF expected)");
        return IMG_ERR_FORMAT;
    }
    img_doc *doc = calloc(1, sizeof *doc);
    if (doc == NULL) {
        free(data);
        seterr(err, errsize, "out of memory");
        return IMG_ERR_NOMEM;
    }
    doc->format = fmt;
    doc->data = data;
    doc->size = size;
    doc->budget_ms = pdf_limit_ms;
    img_status st;
    if (fmt == IMG_FMT_PDF)
        st = pdf_prepare(doc, err, errsize);
    else
        st = check_raster(fmt, data, size, &doc->npages, err, errsize);
    if (st != IMG_OK) {
        img_close(doc);
        return st;
    }
    *pdoc = doc;
    return IMG_OK;
}

img_status img_open(int dirfd, const char *name, img_doc **pdoc, char *err, size_t errsize)
{
    if (pdoc == NULL)
        return IMG_ERR_ARG;
    *pdoc = NULL;
    lept_quiet_once();
    uint8_t *data;
    size_t size;
    img_status st = read_file(dirfd, name, IMG_MAX_FILE_BYTES, &data, &size, err, errsize);
    if (st != IMG_OK)
        return st;
    return open_buffer(data, size, pdoc, err, errsize);
}

img_status img_open_mem(const void *data, size_t size, img_doc **pdoc, char *err, size_t errsize)
{
    if (pdoc == NULL)
        return IMG_ERR_ARG;
    *pdoc = NULL;
    lept_quiet_once();
    if (data == NULL || size == 0) {
        seterr(err, errsize, "empty file (0 bytes)");
        return IMG_ERR_EMPTY;
    }
    if (size > (size_t)IMG_MAX_FILE_BYTES) {
        seterr(err, errsize, "file too large (%zu bytes; limit %ld MB)", size,
               IMG_MAX_FILE_BYTES / (1024 * 1024));
        return IMG_ERR_TOO_BIG;
    }
    uint8_t *copy = malloc(size);
    if (copy == NULL) {
        seterr(err, errsize, "out of memory");
        return IMG_ERR_NOMEM;
    }
    memcpy(copy, data, size);
    return open_buffer(copy, size, pdoc, err, errsize);
}

int img_doc_pages(const img_doc *doc) { return doc ? doc->npages : 0; }

img_format img_doc_format(const img_doc *doc) { return doc ? doc->format : IMG_FMT_UNKNOWN; }

/* img_doc_page and img_doc_page_grey. */
static img_status doc_page(img_doc *doc, int index, bool grey, PIX **ppix, char *err,
                           size_t errsize)
{
    if (ppix == NULL)
        return IMG_ERR_ARG;
    *ppix = NULL;
    if (doc == NULL || index < 0 || index >= doc->npages) {
        seterr(err, errsize, "no page %d", index);
        return IMG_ERR_ARG;
    }
    if (doc->format == IMG_FMT_PDF)
        return pdf_page(doc, index, ppix, err, errsize);
    return decode_raster(doc->format, doc->data, doc->size, index, grey, ppix, err, errsize);
}

img_status img_doc_page(img_doc *doc, int index, PIX **ppix, char *err, size_t errsize)
{
    return doc_page(doc, index, false, ppix, err, errsize);
}

bool img_doc_grey_drops_colour(const img_doc *doc)
{
    if (doc == NULL || doc->format != IMG_FMT_JPEG)
        return false;
    l_int32 w, h, spp = 0, ycck = 0, cmyk = 0;
    int saved = mute_begin();
    int r = readHeaderMemJpeg(doc->data, doc->size, &w, &h, &spp, &ycck, &cmyk);
    mute_end(saved);
    return r == 0 && spp == 3;      /* CMYK is decoded whole either way */
}

img_status img_doc_page_grey(img_doc *doc, int index, PIX **ppix, char *err, size_t errsize)
{
    return doc_page(doc, index, true, ppix, err, errsize);
}

void img_close(img_doc *doc)
{
    if (doc == NULL)
        return;
    remove_tmpdir(doc);
    free(doc->data);
    free(doc);
}

img_status img_load(int dirfd, const char *name, img_pages *out, char *err, size_t errsize)
{
    if (out == NULL)
        return IMG_ERR_ARG;
    memset(out, 0, sizeof *out);
    img_doc *doc = NULL;
    img_status st = img_open(dirfd, name, &doc, err, errsize);
    if (st != IMG_OK)
        return st;
    out->pix = calloc((size_t)doc->npages, sizeof *out->pix);
    if (out->pix == NULL) {
        img_close(doc);
        seterr(err, errsize, "out of memory");
        return IMG_ERR_NOMEM;
    }
    out->format = doc->format;
    for (int i = 0; i < doc->npages; i++) {
        char sub[256];
        st = img_doc_page(doc, i, &out->pix[i], sub, sizeof sub);
        if (st != IMG_OK) {
            if (doc->npages > 1)
                seterr(err, errsize, "page %d: %s", i, sub);
            else
                seterr(err, errsize, "%s", sub);
            img_close(doc);
            img_pages_free(out);
            return st;
        }
        out->n = i + 1;
    }
    img_close(doc);
    return IMG_OK;
}

void img_pages_free(img_pages *p)
{
    if (p == NULL)
        return;
    for (int i = 0; i < p->n; i++)
        pixDestroy(&p->pix[i]);
    free(p->pix);
    memset(p, 0, sizeof *p);
}

int img_otsu_threshold(const long hist[256])
{
    double n = 0, sum = 0;
    for (int i = 0; i < 256; i++) {
        n += (double)hist[i];
        sum += (double)i * hist[i];
    }
    double wb = 0, sb = 0, best = -1;
    int t = 128;
    for (int i = 0; i < 256; i++) {
        wb += hist[i];
        if (wb == 0)
            continue;
        double wf = n - wb;
        if (wf == 0)
            break;
        sb += (double)i * hist[i];
        double mb = sb / wb, mf = (sum - sb) / wf;
        double v = wb * wf * (mb - mf) * (mb - mf);
        if (v > best) {
            best = v;
            t = i;
        }
    }
    return t;
}
