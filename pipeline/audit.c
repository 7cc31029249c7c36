/* audit — append-only gzip journal and SHA-256 fingerprints (see audit.h). */
#include "audit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

struct audit_log {
    int fd;
    off_t size; /* length after the last complete member we know of */
};

#define SCAN_CHUNK (64u * 1024u)

int audit_scan(int fd, off_t *pgood, size_t *pmembers)
{
    unsigned char *in = malloc(SCAN_CHUNK), *out = malloc(SCAN_CHUNK);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    *pgood = 0;
    *pmembers = 0;
    if (in == NULL || out == NULL || inflateInit2(&zs, 15 + 16) != Z_OK) {
        free(in);
        free(out);
        errno = ENOMEM;
        return -1;
    }
    off_t readpos = 0;      /* file offset of the byte after what was read */
    int in_member = 0;      /* bytes of the current member were consumed */
    int rc = 0;
    for (;;) {
        if (zs.avail_in == 0) {
            ssize_t n = pread(fd, in, SCAN_CHUNK, readpos);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                rc = -1;
                break;
            }
            if (n == 0)
                break; /* end of file: a member in progress is torn */
            readpos += n;
            zs.next_in = in;
            zs.avail_in = (uInt)n;
        }
        zs.next_out = out;
        zs.avail_out = SCAN_CHUNK;
        uInt before = zs.avail_in;
        int z = inflate(&zs, Z_NO_FLUSH);
        if (zs.avail_in != before)
            in_member = 1;
        if (z == Z_STREAM_END) {
            *pgood = readpos - (off_t)zs.avail_in;
            (*pmembers)++;
            in_member = 0;
            if (inflateReset(&zs) != Z_OK)
                break;
            continue;
        }
        if (z == Z_OK || (z == Z_BUF_ERROR && zs.avail_in == 0))
            continue;
        break; /* Z_DATA_ERROR, Z_NEED_DICT, Z_MEM_ERROR: the tail is bad */
    }
    (void)in_member;
    inflateEnd(&zs);
    free(in);
    free(out);
    return rc;
}

audit_log *audit_open(int dirfd, const char *name, off_t *pcut, size_t *pmembers,
                      char *err, size_t errsize)
{
    int fd = openat(dirfd, name, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(err, errsize, "cannot open %s: %s", name, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errsize, "%s is not a regular file", name);
        close(fd);
        return NULL;
    }
    off_t good = 0;
    size_t members = 0;
    if (audit_scan(fd, &good, &members) != 0) {
        snprintf(err, errsize, "cannot read %s: %s", name, strerror(errno));
        close(fd);
        return NULL;
    }
    if (good < st.st_size) {
        if (ftruncate(fd, good) != 0 || fsync(fd) != 0) {
            snprintf(err, errsize, "cannot cut the torn tail of %s: %s", name, strerror(errno));
            close(fd);
            return NULL;
        }
    }
    if (pcut)
        *pcut = st.st_size - good;
    if (pmembers)
        *pmembers = members;
    audit_log *a = malloc(sizeof *a);
    if (a == NULL) {
        snprintf(err, errsize, "out of memory");
        close(fd);
        return NULL;
    }
    a->fd = fd;
    a->size = good;
    return a;
}

int audit_append(audit_log *a, const json_t *entry, char *err, size_t errsize)
{
    char *line = json_dumps(entry, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (line == NULL) {
        snprintf(err, errsize, "cannot encode journal entry");
        return -1;
    }
    size_t len = strlen(line);
    if (len + 1 > AUDIT_MAX_ENTRY) {
        free(line);
        snprintf(err, errsize, "journal entry too large (%zu bytes)", len);
        return -1;
    }
    line[len] = '\n'; /* overwrite the NUL; length tracked explicitly */
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(line);
        snprintf(err, errsize, "zlib: cannot start a gzip member");
        return -1;
    }
    uLong bound = deflateBound(&zs, (uLong)(len + 1));
    unsigned char *buf = malloc(bound);
    int rc = -1;
    if (buf == NULL) {
        snprintf(err, errsize, "out of memory");
        goto out;
    }
    zs.next_in = (unsigned char *)line;
    zs.avail_in = (uInt)(len + 1);
    zs.next_out = buf;
    zs.avail_out = (uInt)bound;
    if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
        snprintf(err, errsize, "zlib: cannot finish a gzip member");
        goto out;
    }
    size_t mlen = bound - zs.avail_out;
    ssize_t w;
    do
        w = write(a->fd, buf, mlen);
    while (w < 0 && errno == EINTR);
    if (w != (ssize_t)mlen) {
        int e = w < 0 ? errno : ENOSPC;
        /* Never leave a torn member behind us: cut back to the last one. */
        if (ftruncate(a->fd, a->size) != 0) { /* audit_open repairs it later */ }
        snprintf(err, errsize, "cannot write the audit journal: %s", strerror(e));
        goto out;
    }
    if (fsync(a->fd) != 0) {
        snprintf(err, errsize, "cannot sync the audit journal: %s", strerror(errno));
        goto out;
    }
    a->size += (off_t)mlen;
    rc = 0;
out:
    deflateEnd(&zs);
    free(buf);
    free(line);
    return rc;
}

/* The string value of `"key":"` in a journal line we wrote (compact JSON,
 * case names of [A-Za-z0-9._-] need no escapes), copied into out. */
static bool field(const char *line, const char *key, char *out, size_t outsize)
{
    char pat[32];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    const char *p = strstr(line, pat);
    if (p == NULL)
        return false;
    p += strlen(pat);
    const char *q = strchr(p, '"');
    if (q == NULL || (size_t)(q - p) >= outsize)
        return false;
    memcpy(out, p, (size_t)(q - p));
    out[q - p] = '\0';
    return true;
}

typedef struct name_ix {
    const char *name;
    size_t i;
} name_ix;

static int cmp_name_ix(const void *a, const void *b)
{
    return strcmp(((const name_ix *)a)->name, ((const name_ix *)b)->name);
}

static void note_line(const char *line, const name_ix *ix, size_t n, char (*events)[16])
{
    char casename[160], event[16];
    if (!field(line, "case", casename, sizeof casename) || !field(line, "event", event, sizeof event))
        return;
    name_ix key = {casename, 0};
    const name_ix *hit = bsearch(&key, ix, n, sizeof *ix, cmp_name_ix);
    if (hit)
        snprintf(events[hit->i], 16, "%s", event);
}

int audit_last_events(audit_log *a, const char *const *names, size_t n, char (*events)[16])
{
    for (size_t i = 0; i < n; i++)
        events[i][0] = '\0';
    if (n == 0)
        return 0;
    name_ix *ix = malloc(n * sizeof *ix);
    unsigned char *in = malloc(SCAN_CHUNK);
    size_t cap = 64 * 1024, len = 0;
    char *line = malloc(cap + 1);
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int rc = -1;
    if (ix == NULL || in == NULL || line == NULL || inflateInit2(&zs, 15 + 16) != Z_OK)
        goto out_noz;
    for (size_t i = 0; i < n; i++)
        ix[i] = (name_ix){names[i], i};
    qsort(ix, n, sizeof *ix, cmp_name_ix);
    off_t pos = 0;
    unsigned char outbuf[16384];
    bool skipping = false;
    while (pos < a->size) {
        size_t want = SCAN_CHUNK;
        if ((off_t)want > a->size - pos)
            want = (size_t)(a->size - pos);
        ssize_t got = pread(a->fd, in, want, pos);
        if (got <= 0)
            goto out;
        pos += got;
        zs.next_in = in;
        zs.avail_in = (uInt)got;
        while (zs.avail_in > 0) {
            zs.next_out = outbuf;
            zs.avail_out = sizeof outbuf;
            int z = inflate(&zs, Z_NO_FLUSH);
            if (z != Z_OK && z != Z_STREAM_END && z != Z_BUF_ERROR)
                goto out;
            size_t produced = sizeof outbuf - zs.avail_out;
            for (size_t k = 0; k < produced; k++) {
                char ch = (char)outbuf[k];
                if (ch == '\n') {
                    line[len] = '\0';
                    if (!skipping)
                        note_line(line, ix, n, events);
                    len = 0;
                    skipping = false;
                } else if (skipping) {
                    /* the rest of an over-long entry */
                } else if (len < cap) {
                    line[len++] = ch;
                } else {
                    skipping = true; /* a long entry: its fields come first anyway */
                    line[len] = '\0';
                    note_line(line, ix, n, events);
                    len = 0;
                }
            }
            if (z == Z_STREAM_END && inflateReset(&zs) != Z_OK)
                goto out;
            if (z == Z_BUF_ERROR && produced == 0)
                break;
        }
    }
    rc = 0;
out:
    inflateEnd(&zs);
out_noz:
    free(ix);
    free(in);
    free(line);
    return rc;
}

void audit_close(audit_log *a)
{
    if (a == NULL)
        return;
    close(a->fd);
    free(a);
}

static void hex_digest(const uint8_t d[SHA256_DIGEST_SIZE], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

int audit_sha256_fd(int fd, char hex[65], uint64_t *psize)
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    static uint8_t buf[64 * 1024];
    uint64_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        if (n == 0)
            break;
        sha256_update(&ctx, (size_t)n, buf);
        total += (uint64_t)n;
    }
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    hex_digest(d, hex);
    if (psize)
        *psize = total;
    return 0;
}

void audit_sha256_mem(const void *data, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    hex_digest(d, hex);
}

void audit_time_now(char buf[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

json_t *audit_entry_new(const char *event, const char *casename)
{
    char t[32];
    audit_time_now(t);
    json_t *e = json_object();
    if (e == NULL)
        return NULL;
    json_object_set_new(e, "time", json_string(t));
    json_object_set_new(e, "event", json_string(event));
    json_object_set_new(e, "case", audit_name_json(casename));
    return e;
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min;
    unsigned cp;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

void audit_name_escape(const char *name, char *out, size_t outsize)
{
    if (outsize == 0)
        return;
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)(name ? name : "");
    while (*s) {
        size_t n = utf8_len(s);
        if (n == 1 && (*s < 0x20 || *s == 0x7F || *s == '\\'))
            n = 0;
        if (n == 0) {
            if (o + 4 >= outsize)
                break;
            snprintf(out + o, 5, "\\x%02X", *s);
            o += 4;
            s++;
        } else {
            if (o + n >= outsize)
                break;
            memcpy(out + o, s, n);
            o += n;
            s += n;
        }
    }
    out[o] = '\0';
}

json_t *audit_name_json(const char *name)
{
    size_t len = strlen(name ? name : "");
    size_t cap = len * 4 + 1;
    char *buf = malloc(cap);
    if (buf == NULL)
        return NULL;
    audit_name_escape(name, buf, cap);
    json_t *j = json_string(buf);
    free(buf);
    return j;
}

static const char *type_name(mode_t m)
{
    if (S_ISLNK(m)) return "symlink";
    if (S_ISDIR(m)) return "directory";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    if (S_ISCHR(m)) return "char-device";
    if (S_ISBLK(m)) return "block-device";
    return "other";
}

json_t *audit_hash_dir(int dirfd, size_t *pomitted, char *err, size_t errsize)
{
    int dfd = dup(dirfd);
    if (dfd < 0) {
        snprintf(err, errsize, "cannot read the case folder: %s", strerror(errno));
        return NULL;
    }
    DIR *d = fdopendir(dfd);
    if (d == NULL) {
        snprintf(err, errsize, "cannot read the case folder: %s", strerror(errno));
        close(dfd);
        return NULL;
    }
    rewinddir(d);
    json_t *arr = json_array();
    size_t omitted = 0;
    struct dirent *de;
    while (arr && (de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (json_array_size(arr) >= AUDIT_MAX_FILES) {
            omitted++;
            continue;
        }
        json_t *item = json_object();
        json_object_set_new(item, "file", audit_name_json(de->d_name));
        struct stat st;
        if (fstatat(dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            json_object_set_new(item, "type", json_string("vanished"));
        } else if (!S_ISREG(st.st_mode)) {
            json_object_set_new(item, "type", json_string(type_name(st.st_mode)));
        } else {
            int fd = openat(dirfd, de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
            char hex[65];
            uint64_t size = 0;
            struct stat fst;
            if (fd < 0 || fstat(fd, &fst) != 0 || !S_ISREG(fst.st_mode)) {
                json_object_set_new(item, "type", json_string(fd < 0 ? "unreadable" : type_name(fst.st_mode)));
            } else if (audit_sha256_fd(fd, hex, &size) != 0) {
                json_object_set_new(item, "type", json_string("unreadable"));
            } else {
                json_object_set_new(item, "size", json_integer((json_int_t)size));
                json_object_set_new(item, "sha256", json_string(hex));
            }
            if (fd >= 0)
                close(fd);
        }
        json_array_append_new(arr, item);
    }
    closedir(d);
    if (arr == NULL)
        snprintf(err, errsize, "out of memory");
    if (pomitted)
        *pomitted = omitted;
    return arr;
}
