/* casedir — safe reading of a case folder (see casedir.h). */
#include "casedir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"

bool casedir_name_ok(const char *name)
{
    if (name == NULL)
        return false;
    size_t n = strlen(name);
    if (n < 1 || n > CASEDIR_NAME_MAX)
        return false;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return false;
    }
    return true;
}

/* The kind of a non-regular file, as the reason of its error record. */
static void not_regular_reason(mode_t m, char *out, size_t outsize)
{
    const char *what;
    if (S_ISLNK(m)) what = "symbolic link, not followed";
    else if (S_ISDIR(m)) what = "folder; folders inside a case are not read";
    else if (S_ISFIFO(m)) what = "FIFO";
    else if (S_ISSOCK(m)) what = "socket";
    else if (S_ISCHR(m)) what = "character device";
    else if (S_ISBLK(m)) what = "block device";
    else what = "special file";
    snprintf(out, outsize, "not a regular file (%s)", what);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Why `name` is ignored as an upload in progress or a hidden file, or NULL. */
static const char *skip_reason(const char *name)
{
    if (name[0] == '.')
        return "hidden file";
    if (ends_with(name, ".part"))
        return "incomplete upload (.part)";
    if (ends_with(name, ".tmp"))
        return "incomplete upload (.tmp)";
    if (ends_with(name, ".crdownload"))
        return "incomplete download (.crdownload)";
    return NULL;
}

/* Classify and fingerprint `name` in dfd into *e (name already set). */
static void examine(int dfd, const char *name, casedir_entry *e, bool skip_hidden)
{
    const char *skip = skip_hidden ? skip_reason(name) : NULL;
    if (skip) {
        e->kind = CASEDIR_SKIPPED;
        snprintf(e->reason, sizeof e->reason, "%s", skip);
        return;
    }
    e->kind = CASEDIR_REJECTED;
    struct stat st;
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        snprintf(e->reason, sizeof e->reason, "cannot read: %s", strerror(errno));
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        not_regular_reason(st.st_mode, e->reason, sizeof e->reason);
        return;
    }
    /* Opened again without following a link nor blocking: the entry may
     * have been swapped for something else since fstatat. */
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ELOOP)
            snprintf(e->reason, sizeof e->reason, "not a regular file (symbolic link, not followed)");
        else
            snprintf(e->reason, sizeof e->reason, "cannot open: %s", strerror(errno));
        return;
    }
    if (fstat(fd, &st) != 0) {
        snprintf(e->reason, sizeof e->reason, "cannot read: %s", strerror(errno));
        close(fd);
        return;
    }
    if (!S_ISREG(st.st_mode)) {
        not_regular_reason(st.st_mode, e->reason, sizeof e->reason);
        close(fd);
        return;
    }
    if (audit_sha256_fd(fd, e->sha256, &e->size) != 0) {
        snprintf(e->reason, sizeof e->reason, "read error: %s", strerror(errno));
        close(fd);
        return;
    }
    close(fd);
    e->kind = CASEDIR_FILE;
    e->reason[0] = '\0';
}

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const casedir_entry *)a)->name, ((const casedir_entry *)b)->name);
}

/* Depth of nested arrays/objects in j ({} and [] count 1); stops counting
 * past `limit`. */
static int json_depth(json_t *j, int limit)
{
    if (!json_is_object(j) && !json_is_array(j))
        return 0;
    if (limit <= 0)
        return 1;
    int max = 0;
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) {
            int d = json_depth(v, limit - 1);
            if (d > max)
                max = d;
        }
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            int d = json_depth(v, limit - 1);
            if (d > max)
                max = d;
        }
    }
    return 1 + max;
}

casedir_applicant casedir_read_applicant(int dirfd, json_t **pobj, char *why, size_t whysize)
{
    *pobj = NULL;
    if (whysize)
        why[0] = '\0';
    int fd = openat(dirfd, CASEDIR_APPLICANT, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT)
            return CASEDIR_APPLICANT_ABSENT;
        if (errno == ELOOP)
            snprintf(why, whysize, "applicant.json is a symbolic link (not followed)");
        else
            snprintf(why, whysize, "applicant.json cannot be opened: %s", strerror(errno));
        return CASEDIR_APPLICANT_BAD;
    }
    struct stat st;
    if (fstat(fd, &st) != 0)
        st.st_mode = 0;
    if (!S_ISREG(st.st_mode)) {
        char kind[96];
        not_regular_reason(st.st_mode, kind, sizeof kind);
        snprintf(why, whysize, "applicant.json is %s", kind);
        close(fd);
        return CASEDIR_APPLICANT_BAD;
    }
    if (st.st_size > CASEDIR_APPLICANT_MAX_BYTES) {
        snprintf(why, whysize, "applicant.json is too large (%lld bytes; limit %ld bytes)",
                 (long long)st.st_size, CASEDIR_APPLICANT_MAX_BYTES);
        close(fd);
        return CASEDIR_APPLICANT_BAD;
    }
    size_t cap = CASEDIR_APPLICANT_MAX_BYTES + 1, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) {
        snprintf(why, whysize, "applicant.json could not be read: out of memory");
        close(fd);
        return CASEDIR_APPLICANT_BAD;
    }
    for (;;) {
        ssize_t r = read(fd, buf + len, cap - len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(why, whysize, "applicant.json could not be read: %s", strerror(errno));
            free(buf);
            close(fd);
            return CASEDIR_APPLICANT_BAD;
        }
        if (r == 0)
            break;
        len += (size_t)r;
        if (len == cap)
            break;
    }
    close(fd);
    if (len > (size_t)CASEDIR_APPLICANT_MAX_BYTES) {    /* grew while read */
        snprintf(why, whysize, "applicant.json is too large (over %ld bytes)", CASEDIR_APPLICANT_MAX_BYTES);
        free(buf);
        return CASEDIR_APPLICANT_BAD;
    }
    json_error_t jerr;
    json_t *obj = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
    free(buf);
    if (obj == NULL) {
        /* jansson quotes the offending text after " near "; the reason goes
         * into reports, not logs, but it need not repeat the content. */
        char *near = strstr(jerr.text, " near ");
        if (near)
            *near = '\0';
        snprintf(why, whysize, "applicant.json is not valid JSON (line %d, column %d: %s)",
                 jerr.line, jerr.column, jerr.text);
        return CASEDIR_APPLICANT_BAD;
    }
    if (!json_is_object(obj)) {
        json_decref(obj);
        snprintf(why, whysize, "applicant.json is not a JSON object");
        return CASEDIR_APPLICANT_BAD;
    }
    if (json_depth(obj, CASEDIR_APPLICANT_MAX_DEPTH + 1) > CASEDIR_APPLICANT_MAX_DEPTH) {
        json_decref(obj);
        snprintf(why, whysize, "applicant.json nests deeper than %d levels", CASEDIR_APPLICANT_MAX_DEPTH);
        return CASEDIR_APPLICANT_BAD;
    }
    *pobj = obj;
    return CASEDIR_APPLICANT_OK;
}

static void init(casedir *cd)
{
    memset(cd, 0, sizeof *cd);
    cd->dirfd = -1;
}

int casedir_scan(const char *path, casedir *cd)
{
    init(cd);
    if (path == NULL)
        path = "";
    cd->dir = strdup(path);
    char *p = strdup(path);
    if (cd->dir == NULL || p == NULL) {
        free(p);
        snprintf(cd->error, sizeof cd->error, "out of memory");
        return -1;
    }
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    const char *slash = strrchr(p, '/');
    cd->name = strdup(slash ? slash + 1 : p);
    if (cd->name == NULL) {
        free(p);
        snprintf(cd->error, sizeof cd->error, "out of memory");
        return -1;
    }
    if (!casedir_name_ok(cd->name)) {
        free(p);
        snprintf(cd->error, sizeof cd->error, "invalid case name");
        return 0;
    }
    int fd = open(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        bool link = e == ELOOP || (lstat(p, &st) == 0 && S_ISLNK(st.st_mode));
        free(p);
        if (link) {
            snprintf(cd->error, sizeof cd->error, "case folder is a symbolic link (not followed)");
            return 0;
        }
        snprintf(cd->error, sizeof cd->error, "cannot open case folder: %s", strerror(e));
        errno = e;
        return -1;
    }
    free(p);
    cd->dirfd = fd;

    int lfd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (d == NULL) {
        int e = errno;
        if (lfd >= 0)
            close(lfd);
        snprintf(cd->error, sizeof cd->error, "cannot list case folder: %s", strerror(e));
        errno = e;
        return -1;
    }
    size_t total = 0, cap = 0;
    bool out_of_memory = false;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (++total > CASEDIR_MAX_SCAN)
            break;
        if (total > CASEDIR_MAX_FILES)
            continue;       /* only counted from here on */
        if (cd->nentries == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            casedir_entry *ne = realloc(cd->entries, ncap * sizeof *ne);
            if (ne == NULL) {
                out_of_memory = true;
                break;
            }
            cd->entries = ne;
            cap = ncap;
        }
        casedir_entry *e = &cd->entries[cd->nentries];
        memset(e, 0, sizeof *e);
        e->name = strdup(de->d_name);
        if (e->name == NULL) {
            out_of_memory = true;
            break;
        }
        cd->nentries++;
    }
    closedir(d);
    if (out_of_memory) {
        snprintf(cd->error, sizeof cd->error, "out of memory listing the case folder");
        return -1;
    }
    if (total > CASEDIR_MAX_FILES) {
        for (size_t i = 0; i < cd->nentries; i++)
            free(cd->entries[i].name);
        cd->nentries = 0;
        if (total > CASEDIR_MAX_SCAN)
            snprintf(cd->error, sizeof cd->error, "too many files (more than %d > %d)",
                     CASEDIR_MAX_SCAN, CASEDIR_MAX_FILES);
        else
            snprintf(cd->error, sizeof cd->error, "too many files (%zu > %d)", total, CASEDIR_MAX_FILES);
        return 0;
    }
    qsort(cd->entries, cd->nentries, sizeof *cd->entries, cmp_entry);
    for (size_t i = 0; i < cd->nentries; i++)
        examine(fd, cd->entries[i].name, &cd->entries[i], true);
    cd->applicant_status = casedir_read_applicant(fd, &cd->applicant, cd->applicant_error,
                                                  sizeof cd->applicant_error);
    return 0;
}

void casedir_init_files(casedir *cd, const char *name)
{
    init(cd);
    cd->name = strdup(name ? name : "-");
}

int casedir_open_parent(const char *path, const char **pbase)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        *pbase = path;
        return open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
    *pbase = slash + 1;
    size_t n = (size_t)(slash - path);
    if (n == 0)
        return open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *dir = strndup(path, n);
    if (dir == NULL)
        return -1;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int e = errno;
    free(dir);
    errno = e;
    return fd;
}

int casedir_add_file(casedir *cd, const char *path)
{
    casedir_entry *ne = realloc(cd->entries, (cd->nentries + 1) * sizeof *ne);
    if (ne == NULL)
        return -1;
    cd->entries = ne;
    casedir_entry *e = &cd->entries[cd->nentries];
    memset(e, 0, sizeof *e);
    e->name = strdup(path);
    if (e->name == NULL)
        return -1;
    cd->nentries++;
    const char *base;
    int dfd = casedir_open_parent(path, &base);
    if (dfd < 0) {
        e->kind = CASEDIR_REJECTED;
        snprintf(e->reason, sizeof e->reason, "cannot open its folder: %s", strerror(errno));
        return 0;
    }
    if (*base == '\0') {
        e->kind = CASEDIR_REJECTED;
        snprintf(e->reason, sizeof e->reason, "not a file name");
    } else {
        examine(dfd, base, e, false);
    }
    close(dfd);
    return 0;
}

/* Set key to the escaped form of a raw name; note when escaping changed it. */
static int set_name(json_t *obj, const char *key, const char *raw, bool note)
{
    json_t *s = audit_name_json(raw);
    if (s == NULL)
        return -1;
    bool changed = strcmp(json_string_value(s), raw) != 0;
    if (json_object_set_new(obj, key, s) != 0)
        return -1;
    if (note && changed)
        return json_object_set_new(obj, "name_escaped", json_true());
    return 0;
}

json_t *casedir_record(const casedir *cd)
{
    json_t *r = json_object();
    json_t *files = json_array();
    json_t *skipped = json_array();
    if (r == NULL || files == NULL || skipped == NULL)
        goto fail;
    json_object_set_new(r, "record", json_string("case"));
    if (set_name(r, "case", cd->name ? cd->name : "", false) != 0)
        goto fail;
    if (cd->dir) {
        if (set_name(r, "dir", cd->dir, false) != 0)
            goto fail;
    } else {
        json_object_set_new(r, "dir", json_null());
    }
    for (size_t i = 0; i < cd->nentries; i++) {
        const casedir_entry *e = &cd->entries[i];
        json_t *o = json_object();
        if (o == NULL || set_name(o, "file", e->name, e->kind == CASEDIR_FILE) != 0) {
            json_decref(o);
            goto fail;
        }
        if (e->kind == CASEDIR_FILE) {
            json_object_set_new(o, "size", json_integer((json_int_t)e->size));
            json_object_set_new(o, "sha256", json_string(e->sha256));
            json_array_append_new(files, o);
        } else if (e->kind == CASEDIR_SKIPPED) {
            json_object_set_new(o, "reason", json_string(e->reason));
            json_array_append_new(skipped, o);
        } else {
            json_decref(o);     /* rejected entries become error records */
        }
    }
    json_object_set_new(r, "files", files);
    json_object_set_new(r, "skipped", skipped);
    files = skipped = NULL;
    if (cd->applicant_status == CASEDIR_APPLICANT_OK && cd->applicant)
        json_object_set(r, "applicant", cd->applicant);
    else
        json_object_set_new(r, "applicant", json_null());
    if (cd->applicant_status == CASEDIR_APPLICANT_BAD)
        json_object_set_new(r, "applicant_error", json_string(cd->applicant_error));
    else
        json_object_set_new(r, "applicant_error", json_null());
    if (cd->error[0])
        json_object_set_new(r, "error", json_string(cd->error));
    return r;
fail:
    json_decref(r);
    json_decref(files);
    json_decref(skipped);
    return NULL;
}

void casedir_free(casedir *cd)
{
    if (cd == NULL)
        return;
    for (size_t i = 0; i < cd->nentries; i++)
        free(cd->entries[i].name);
    free(cd->entries);
    free(cd->name);
    free(cd->dir);
    json_decref(cd->applicant);
    if (cd->dirfd >= 0)
        close(cd->dirfd);
    init(cd);
}
