/* watch_fs — layout and renames of the watched folder (see watch_fs.h). */
#include "watch_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit.h"
#include "casedir.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

static const char *const sub_names[] = {"inbox", "work", "reports", "archive", "failed"};

static int *sub_fd(wfs_root *r, int i)
{
    int *fds[] = {&r->inbox, &r->work, &r->reports, &r->archive, &r->failed};
    return fds[i];
}

void wfs_close(wfs_root *r)
{
    for (int i = 0; i < 5; i++) {
        if (*sub_fd(r, i) >= 0)
            close(*sub_fd(r, i));
        *sub_fd(r, i) = -1;
    }
    if (r->root >= 0)
        close(r->root);
    r->root = -1;
}

int wfs_open(const char *path, wfs_root *r, char *err, size_t errsize)
{
    r->root = r->inbox = r->work = r->reports = r->archive = r->failed = -1;
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errsize, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    r->root = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (r->root < 0) {
        snprintf(err, errsize, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (realpath(path, r->path) == NULL) {
        snprintf(err, errsize, "cannot resolve %s: %s", path, strerror(errno));
        wfs_close(r);
        return -1;
    }
    for (int i = 0; i < 5; i++) {
        if (mkdirat(r->root, sub_names[i], 0700) != 0 && errno != EEXIST) {
            snprintf(err, errsize, "cannot create %s/%s: %s", r->path, sub_names[i], strerror(errno));
            wfs_close(r);
            return -1;
        }
        int fd = openat(r->root, sub_names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, errsize, "cannot open %s/%s%s: %s", r->path, sub_names[i],
                     errno == ELOOP || errno == ENOTDIR ? " (not a real folder)" : "", strerror(errno));
            wfs_close(r);
            return -1;
        }
        *sub_fd(r, i) = fd;
    }
    return 0;
}

int wfs_lock(wfs_root *r)
{
    return flock(r->work, LOCK_EX | LOCK_NB);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool wfs_ignored(const char *name)
{
    return name[0] == '.' || ends_with(name, ".part") || ends_with(name, ".tmp") ||
           ends_with(name, ".crdownload");
}

void wfs_safe_name(const char *name, char out[WFS_NAME_MAX + 1])
{
    if (casedir_name_ok(name)) {
        snprintf(out, WFS_NAME_MAX + 1, "%s", name);
        return;
    }
    char hex[65];
    audit_sha256_mem(name, strlen(name), hex);
    snprintf(out, WFS_NAME_MAX + 1, "invalid-%.16s", hex);
}

bool wfs_exists(int dirfd, const char *name)
{
    struct stat st;
    return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT;
}

int wfs_unique_name(const wfs_root *r, unsigned where, const char *base,
                    char out[WFS_NAME_MAX + 1])
{
    const int fds[] = {r->inbox, r->work, r->reports, r->archive, r->failed};
    for (unsigned n = 1; n < 100000; n++) {
        if (n == 1) {
            snprintf(out, WFS_NAME_MAX + 1, "%s", base);
        } else {
            char suffix[16];
            int sl = snprintf(suffix, sizeof suffix, ".%u", n);
            int keep = (int)strlen(base);
            if (keep + sl > WFS_NAME_MAX)
                keep = WFS_NAME_MAX - sl;
            snprintf(out, WFS_NAME_MAX + 1, "%.*s%s", keep, base, suffix);
        }
        bool taken = false;
        for (int i = 0; i < 5 && !taken; i++)
            if ((where & (1u << i)) && wfs_exists(fds[i], out))
                taken = true;
        if (!taken)
            return 0;
    }
    return -1;
}

int wfs_move(int fromdir, const char *from, int todir, const char *to)
{
    if (renameat2(fromdir, from, todir, to, RENAME_NOREPLACE) != 0) {
        if (errno != EINVAL && errno != ENOSYS)
            return -1;
        /* a filesystem without RENAME_NOREPLACE: check, then rename (one
         * service per ROOT holds the lock, so nobody races us in there) */
        if (wfs_exists(todir, to)) {
            errno = EEXIST;
            return -1;
        }
        if (renameat(fromdir, from, todir, to) != 0)
            return -1;
    }
    int e = 0;
    if (fsync(todir) != 0)
        e = errno;
    if (fromdir != todir && fsync(fromdir) != 0)
        e = errno;
    if (e) {
        errno = e;
        return -1;
    }
    return 0;
}

int wfs_write_file(int dirfd, const char *name, const char *text)
{
    char tmp[NAME_MAX + 1];
    if (snprintf(tmp, sizeof tmp, ".%.200s.%ld.tmp", name, (long)getpid()) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = errno;
            close(fd);
            unlinkat(dirfd, tmp, 0);
            errno = e;
            return -1;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlinkat(dirfd, tmp, 0);
        errno = e;
        return -1;
    }
    if (renameat(dirfd, tmp, dirfd, name) != 0) {
        int e = errno;
        unlinkat(dirfd, tmp, 0);
        errno = e;
        return -1;
    }
    return fsync(dirfd);
}

/* Turn the failure mark of failed/<name> into reason.txt (or, when the case
 * itself holds a reason.txt, varta-reason.txt). */
static int finish_mark(int faileddir, const char *name)
{
    int fd = openat(faileddir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = -1;
    static const char *const targets[] = {"reason.txt", "varta-reason.txt", "reason.varta.txt"};
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        if (wfs_move(fd, WFS_FAIL_MARK, fd, targets[i]) == 0) {
            rc = 0;
            break;
        }
        if (errno != EEXIST)
            break;
    }
    close(fd);
    return rc;
}

int wfs_fail(wfs_root *r, const char *name, const char *base, const char *reason,
             char out[WFS_NAME_MAX + 1], char *err, size_t errsize)
{
    int fd = openat(r->work, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsize, "cannot open work/%s: %s", name, strerror(errno));
        return -1;
    }
    /* An earlier, interrupted attempt may have left its mark: keep it. */
    int rc = wfs_exists(fd, WFS_FAIL_MARK) ? 0 : wfs_write_file(fd, WFS_FAIL_MARK, reason);
    if (rc != 0) {
        snprintf(err, errsize, "cannot write the reason in work/%s: %s", name, strerror(errno));
        close(fd);
        return -1;
    }
    /* A report a broken run left behind is not the case's report: it goes
     * with the inputs, so reports/ never holds one for a failed case. */
    if (wfs_exists(r->reports, name) && wfs_move(r->reports, name, fd, WFS_PARTIAL_REPORT) != 0) {
        snprintf(err, errsize, "cannot move reports/%s aside: %s", name, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    if (wfs_unique_name(r, WFS_FAILED, base, out) != 0) {
        snprintf(err, errsize, "no free name in failed/ for %s", base);
        return -1;
    }
    if (wfs_move(r->work, name, r->failed, out) != 0) {
        snprintf(err, errsize, "cannot move work/%s to failed/%s: %s", name, out, strerror(errno));
        return -1;
    }
    if (finish_mark(r->failed, out) != 0) {
        snprintf(err, errsize, "cannot write failed/%s/reason.txt: %s", out, strerror(errno));
        return -1;
    }
    return 0;
}

int wfs_fail_entry(wfs_root *r, const char *inbox_name, bool is_dir, const char *base,
                   const char *reason, char out[WFS_NAME_MAX + 1], char *err, size_t errsize)
{
    char wname[WFS_NAME_MAX + 32];
    char uniq[WFS_NAME_MAX + 1];
    if (is_dir) {
        /* claim the folder under its safe name, then fail it like any case */
        if (wfs_unique_name(r, WFS_WORK | WFS_REPORTS | WFS_ARCHIVE | WFS_FAILED, base, uniq) != 0) {
            snprintf(err, errsize, "no free name for %s", base);
            return -1;
        }
        if (wfs_move(r->inbox, inbox_name, r->work, uniq) != 0) {
            snprintf(err, errsize, "cannot move the folder into work/%s: %s", uniq, strerror(errno));
            return -1;
        }
        return wfs_fail(r, uniq, uniq, reason, out, err, errsize);
    }
    /* A loose entry is wrapped in a new folder in work/ that already holds
     * the failure mark, so a crash at any point leaves it in one place. */
    if (wfs_unique_name(r, WFS_FAILED, base, uniq) != 0) {
        snprintf(err, errsize, "no free name for %s", base);
        return -1;
    }
    snprintf(wname, sizeof wname, "%s%s", WFS_LOOSE_PREFIX, uniq);
    if (mkdirat(r->work, wname, 0700) != 0 && errno != EEXIST) {
        snprintf(err, errsize, "cannot create work/%s: %s", wname, strerror(errno));
        return -1;
    }
    int fd = openat(r->work, wname, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errsize, "cannot open work/%s: %s", wname, strerror(errno));
        return -1;
    }
    if (wfs_write_file(fd, WFS_FAIL_MARK, reason) != 0 ||
        wfs_move(r->inbox, inbox_name, fd, inbox_name) != 0) {
        snprintf(err, errsize, "cannot move the entry into work/%s: %s", wname, strerror(errno));
        close(fd);
        return -1;
    }
    close(fd);
    return wfs_fail(r, wname, uniq, reason, out, err, errsize);
}

/* Does the folder dirfd/name hold anything but the failure mark? */
static bool holds_more_than_mark(int dirfd, const char *name)
{
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return true;
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return true;
    }
    bool more = false;
    struct dirent *de;
    while (!more && (de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") && strcmp(de->d_name, WFS_FAIL_MARK))
            more = true;
    closedir(d);
    return more;
}

static int remove_empty_loose(int workfd, const char *name)
{
    int fd = openat(workfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0) {
        unlinkat(fd, WFS_FAIL_MARK, 0);
        close(fd);
    }
    return unlinkat(workfd, name, AT_REMOVEDIR);
}

int wfs_finish_failed(wfs_root *r)
{
    int done = 0;
    for (int pass = 0; pass < 2; pass++) {
        int dirfd = pass == 0 ? r->work : r->failed;
        int dfd = dup(dirfd);
        DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
        if (d == NULL) {
            if (dfd >= 0)
                close(dfd);
            continue;
        }
        rewinddir(d);
        /* collect first: the loop renames entries of this very folder */
        size_t n = 0, cap = 0;
        char **names = NULL;
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                continue;
            int fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0)
                continue;
            bool marked = wfs_exists(fd, WFS_FAIL_MARK);
            close(fd);
            if (!marked)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                char **nn = realloc(names, cap * sizeof *nn);
                if (nn == NULL)
                    break;
                names = nn;
            }
            names[n] = strdup(de->d_name);
            if (names[n])
                n++;
        }
        closedir(d);
        for (size_t i = 0; i < n; i++) {
            const char *name = names[i];
            if (pass == 1) {
                if (finish_mark(r->failed, name) == 0)
                    done++;
                continue;
            }
            bool loose = strncmp(name, WFS_LOOSE_PREFIX, strlen(WFS_LOOSE_PREFIX)) == 0;
            if (loose && !holds_more_than_mark(r->work, name)) {
                /* the entry never left inbox/: drop the empty wrapper */
                remove_empty_loose(r->work, name);
                continue;
            }
            const char *base = loose ? name + strlen(WFS_LOOSE_PREFIX) : name;
            char safe[WFS_NAME_MAX + 1], out[WFS_NAME_MAX + 1], err[256];
            wfs_safe_name(base, safe);
            /* the reason is already in the mark; wfs_fail keeps it */
            if (wfs_fail(r, name, safe, "", out, err, sizeof err) == 0)
                done++;
        }
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
    }
    return done;
}

/* Remove dirfd/name: a file or symlink, or a folder and (to `depth`
 * levels) what it holds.  Links are removed, never followed. */
static void remove_tree(int dirfd, const char *name, int depth)
{
    if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT)
        return;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (unlinkat(fd, de->d_name, 0) != 0 && depth > 0)
            remove_tree(fd, de->d_name, depth - 1);
    }
    closedir(d);
    unlinkat(dirfd, name, AT_REMOVEDIR);
}

void wfs_remove_internal(wfs_root *r)
{
    remove_tree(r->work, WFS_CROPS_DIR, 3);
    remove_tree(r->work, WFS_SYNC_DIR, 2);
}

void wfs_remove_crops(wfs_root *r, const char *casename)
{
    int fd = openat(r->work, WFS_CROPS_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    remove_tree(fd, casename, 2);
    close(fd);
}

/* FNV-1a over a byte range, continuing from h. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t entry_sig(const char *name, const struct stat *st)
{
    uint64_t h = 14695981039346656037ull;
    h = fnv(h, name, strlen(name) + 1);
    int64_t v[6] = {(int64_t)st->st_size, (int64_t)st->st_mtim.tv_sec, st->st_mtim.tv_nsec,
                    (int64_t)st->st_ctim.tv_sec, st->st_ctim.tv_nsec, (int64_t)st->st_mode};
    return fnv(h, v, sizeof v);
}

/* The inode change time moves on every write, rename and chmod and, unlike
 * mtime, cannot be set from outside (a copy keeping old mtimes, a camera
 * with a wrong clock), so it is what tells a settled file. */
static time_t newest_of(const struct stat *st)
{
    return st->st_ctim.tv_sec;
}

int wfs_inspect(int inboxfd, const char *name, wfs_entry *e)
{
    memset(e, 0, sizeof *e);
    struct stat st;
    if (fstatat(inboxfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        e->useful = 1;
        e->sig = entry_sig(name, &st);
        e->newest = newest_of(&st);
        return 0;
    }
    e->is_dir = true;
    int fd = openat(inboxfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == EACCES) {
        /* a folder we may not read still becomes a case (the scan stage
         * reports why it could not read it) once it stops changing */
        e->useful = 1;
        e->sig = entry_sig(name, &st);
        e->newest = newest_of(&st);
        return 0;
    }
    if (fd < 0)
        return -1;
    DIR *d = fdopendir(fd);
    if (d == NULL) {
        close(fd);
        return -1;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (wfs_ignored(de->d_name)) {
            e->ignored++;
            continue;
        }
        struct stat est;
        if (fstatat(fd, de->d_name, &est, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        e->useful++;
        e->sig += entry_sig(de->d_name, &est);
        time_t t = newest_of(&est);
        if (t > e->newest)
            e->newest = t;
    }
    closedir(d);
    return 0;
}

void wfs_reason(char *buf, size_t size, const char *stage, const char *error)
{
    char t[32];
    audit_time_now(t);
    snprintf(buf, size, "stage: %s\nerror: %s\ntime: %s\n", stage, error, t);
}
