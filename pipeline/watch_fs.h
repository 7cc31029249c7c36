/*
 * watch_fs — the watched folder's layout and the renames that move a case
 * between its places (ROOT/inbox, work, reports, archive, failed).
 *
 * Every operation works on directory descriptors opened once without
 * following symlinks, and names that are single path components, so nothing
 * outside ROOT is ever written.  A case moves only by rename(2) (never
 * replacing what is already there), followed by an fsync of both parent
 * directories, so at every instant it is in exactly one place.
 *
 * A failed case is marked first (".varta-failed" inside its folder, holding
 * the reason), then renamed into failed/, then the mark becomes reason.txt;
 * wfs_finish_failed completes a move a crash interrupted.
 */
#ifndef VARTA_WATCH_FS_H
#define VARTA_WATCH_FS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define WFS_NAME_MAX 128                /* longest accepted case name */
#define WFS_FAIL_MARK ".varta-failed"   /* reason of a failure in progress */
#define WFS_LOOSE_PREFIX ".loose-"      /* work/ folder wrapping a loose inbox entry */
#define WFS_PARTIAL_REPORT "varta-partial-report" /* in failed/<case>/: what a broken run wrote */

enum { WFS_INBOX = 1, WFS_WORK = 2, WFS_REPORTS = 4, WFS_ARCHIVE = 8, WFS_FAILED = 16 };

typedef struct wfs_root {
    int root, inbox, work, reports, archive, failed; /* O_DIRECTORY fds */
    char path[PATH_MAX];                             /* ROOT, resolved */
} wfs_root;

/* wfs_open: open ROOT (created 0700 when missing) and its five folders
 * (created 0700 when missing; a symlink in their place is refused).
 * Returns 0, or -1 with `err` set; on failure nothing stays open. */
int wfs_open(const char *path, wfs_root *r, char *err, size_t errsize);

/* wfs_close: close every descriptor of `r`. */
void wfs_close(wfs_root *r);

/* wfs_lock: take the one-service-per-ROOT lock (flock on work/) without
 * waiting.  Returns 0, or -1 when another service holds it. */
int wfs_lock(wfs_root *r);

/* wfs_ignored: `name` is hidden or a partial download (.part, .tmp,
 * .crdownload): ignored until renamed. */
bool wfs_ignored(const char *name);

/* wfs_safe_name: `name` itself when casedir_name_ok, else "invalid-" and the
 * first 16 hex digits of its SHA-256. */
void wfs_safe_name(const char *name, char out[WFS_NAME_MAX + 1]);

/* wfs_unique_name: `base` (an accepted name) or, when that is taken in any
 * folder of the `where` mask, "base.2", "base.3", … (base shortened to keep
 * within WFS_NAME_MAX).  Returns 0, or -1 when no free name was found. */
int wfs_unique_name(const wfs_root *r, unsigned where, const char *base,
                    char out[WFS_NAME_MAX + 1]);

/* wfs_exists: `name` exists (not followed) in directory `dirfd`. */
bool wfs_exists(int dirfd, const char *name);

/* wfs_move: rename fromdir/from to todir/to without replacing anything,
 * then fsync both directories.  Returns 0, or -1 with errno set. */
int wfs_move(int fromdir, const char *from, int todir, const char *to);

/* wfs_write_file: write `text` to dirfd/name atomically (temporary name,
 * fsync, rename, fsync of the directory), mode 0600.  Returns 0 or -1. */
int wfs_write_file(int dirfd, const char *name, const char *text);

/* wfs_fail: move the case work/<name> to failed/<unique name from base>
 * with `reason` in reason.txt; a reports/<name> a broken run left goes
 * with it (as varta-partial-report).  *out receives the name used.
 * Returns 0, or -1 with `err` set (the case then stays in work/). */
int wfs_fail(wfs_root *r, const char *name, const char *base, const char *reason,
             char out[WFS_NAME_MAX + 1], char *err, size_t errsize);

/* wfs_fail_entry: move a loose inbox entry (a file, a symlink, a FIFO, a
 * folder with a refused name) into failed/<unique name from base>/ with
 * `reason` in reason.txt; a folder is moved as the case folder itself, any
 * other entry is put inside a new folder.  Never follows or opens the
 * entry.  Returns 0, or -1 with `err` set. */
int wfs_fail_entry(wfs_root *r, const char *inbox_name, bool is_dir, const char *base,
                   const char *reason, char out[WFS_NAME_MAX + 1], char *err, size_t errsize);

/* wfs_finish_failed: complete failures a crash interrupted: a work/ folder
 * holding the failure mark is moved to failed/; a failed/ folder still
 * holding the mark gets its reason.txt.  Returns the number completed. */
int wfs_finish_failed(wfs_root *r);

#define WFS_CROPS_DIR ".crops"   /* work/.crops/<case>/: MRZ crops until reported */
/* work/.sync/<marker>/: the empty end-of-case folder of the versions before
 * varta-scan's end record; wfs_remove_internal still clears what they left. */
#define WFS_SYNC_DIR ".sync"

/* wfs_remove_internal: remove work/.crops and work/.sync (varta watch calls
 * it at start and at a clean exit). */
void wfs_remove_internal(wfs_root *r);

/* wfs_remove_crops: remove work/.crops/<casename> and what it holds. */
void wfs_remove_crops(wfs_root *r, const char *casename);

/* What a scan of one inbox entry found. */
typedef struct wfs_entry {
    bool is_dir;       /* a real directory (not a symlink to one) */
    size_t useful;     /* entries that are not ignored (1 for a non-dir) */
    size_t ignored;    /* hidden or partial entries */
    uint64_t sig;      /* order-independent digest of (name, size, mtime, ctime) */
    time_t newest;     /* newest inode change time (ctime) seen */
} wfs_entry;

/* wfs_inspect: look at inbox entry `name` (without following it) and fill
 * *e.  Ignored entries inside a folder change neither sig nor newest.
 * Returns 0, or -1 when it vanished or cannot be read. */
int wfs_inspect(int inboxfd, const char *name, wfs_entry *e);

/* wfs_reason: format the reason.txt text "stage: …\nerror: …\ntime: …\n"
 * into buf. */
void wfs_reason(char *buf, size_t size, const char *stage, const char *error);

#endif
