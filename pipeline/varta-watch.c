/*
 * varta-watch — the watched-folder service (`varta watch [--once] ROOT`).
 *
 * Watches ROOT/inbox, claims each settled case folder by renaming it into
 * ROOT/work/, runs it through `varta-scan | varta-check | varta-report
 * --root ROOT`, then moves its inputs to ROOT/archive/ (or, after one retry
 * in a fresh chain, to ROOT/failed/ with reason.txt), journalling every step
 * in ROOT/audit.log.gz.  Every move is a rename, so a case is always in
 * exactly one of inbox/, work/, archive/, failed/; on start whatever is in
 * work/ is resumed (archived at once when its report is already written).
 *
 * inotify only wakes the service up: the inbox is rescanned in full at
 * start, after every burst of events, on queue overflow and every 60 s.
 *
 * Each of the --jobs chains lives from case to case (the OCR engines load
 * once).  A chain is exactly what a user types, three processes joined by
 * pipes: the service writes case folder paths into varta-scan and reads
 * varta-report's records.  varta-scan closes each case with an `end`
 * record, on which varta-check reports the case at once; the case is done
 * when varta-report says `written` for it and every stage is still running.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "casedir.h"
#include "audit.h"
#include "common.h"
#include "jsonl.h"
#include "watch_chain.h"
#include "watch_fs.h"

#define RESCAN_PERIOD 60.0   /* seconds between full rescans when idle */
#define BURST_QUIET 0.2      /* rescan this long after the last event */
#define MAX_JOBS 256

static const char *const stage_names[WCHAIN_STAGES] = {"varta-scan", "varta-check", "varta-report"};

typedef struct wcase {
    char name[WFS_NAME_MAX + 1];
    int attempts;
} wcase;

typedef struct job {
    wchain ch;
    bool running;           /* chain processes exist */
    bool busy;              /* holds a case */
    wcase c;
    double started, deadline;
    bool written;
    char decision[32];
    bool timed_out;
    int timeout_stage;
    bool warned_other;
} job;

typedef struct tracked {
    char *name;
    uint64_t sig;
    double since;           /* monotonic time the current sig was first seen */
    time_t newest;          /* newest ctime inside */
    size_t useful;
    bool is_dir;
    bool seen;
} tracked;

static struct {
    /* options */
    bool once;
    int njobs;
    double settle;
    double case_timeout;
    bool fresh_chains;
    const char *as_of;
    const char *policy;
    /* state */
    wfs_root r;
    audit_log *audit;
    char stage_path[WCHAIN_STAGES][PATH_MAX];
    char crops_path[PATH_MAX + 16];
    char *argv_store[WCHAIN_STAGES][12];
    job jobs[MAX_JOBS];
    wcase *pending;
    size_t npending, cap_pending;
    tracked *tr;
    size_t ntr, cap_tr;
    bool stopping;
    double next_rescan;
    /* progress and summary */
    bool progress;
    bool progress_drawn;
    double t0;
    size_t total;
    size_t ndecided, nfailed, nclear, nreview, nrejected, nincomplete, nother;
} S;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void clear_progress(void)
{
    if (S.progress_drawn) {
        fputs("\r\033[K", stderr);
        S.progress_drawn = false;
    }
}

#define warnc(casename, ...) do { clear_progress(); say(casename, __VA_ARGS__); } while (0)

/* "varta-watch: CASE: message" on stderr. */
__attribute__((format(printf, 2, 3)))
static void say(const char *casename, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (casename)
        vt_warn("%s: %s", casename, msg);
    else
        vt_warn("%s", msg);
}

static void draw_progress(void)
{
    if (!S.progress)
        return;
    size_t done = S.ndecided + S.nfailed;
    double el = mono_now() - S.t0;
    double rate = el > 0 ? done / el : 0;
    char left[32] = "?";
    if (rate > 0 && S.total >= done) {
        long s = (long)((S.total - done) / rate + 0.5);
        if (s >= 3600)
            snprintf(left, sizeof left, "%ldh %02ldm", s / 3600, s / 60 % 60);
        else
            snprintf(left, sizeof left, "%ldm %02lds", s / 60, s % 60);
    }
    fprintf(stderr, "\r\033[K%s: %zu/%zu cases, %.2f cases/s, %s left", vt_progname(), done,
            S.total, rate, left);
    S.progress_drawn = true;
}

/* ---------------------------------------------------------------------- */
/* Journal */

static void journal(json_t *entry)
{
    char err[256];
    if (entry == NULL || audit_append(S.audit, entry, err, sizeof err) != 0) {
        clear_progress();
        vt_die(EXIT_IOERR, "audit.log.gz: %s", entry ? err : "out of memory");
    }
    json_decref(entry);
}

/* Fingerprint the files of work/<name> into `entry` (files, omitted). */
static void add_files(json_t *entry, const char *name)
{
    int fd = openat(S.r.work, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    char err[256] = "cannot open the case folder";
    json_t *files = NULL;
    size_t omitted = 0;
    if (fd >= 0) {
        files = audit_hash_dir(fd, &omitted, err, sizeof err);
        close(fd);
    }
    if (files == NULL) {
        json_object_set_new(entry, "files_error", json_string(err));
        return;
    }
    json_object_set_new(entry, "files", files);
    if (omitted)
        json_object_set_new(entry, "files_omitted", json_integer((json_int_t)omitted));
}

/* ---------------------------------------------------------------------- */
/* Case outcomes */

static void count_decision(const char *d)
{
    S.ndecided++;
    if (!strcmp(d, "clear")) S.nclear++;
    else if (!strcmp(d, "review")) S.nreview++;
    else if (!strcmp(d, "rejected")) S.nrejected++;
    else if (!strcmp(d, "incomplete")) S.nincomplete++;
    else S.nother++;
}

/* Is reports/<name>/report.json there?  When it is and `decision` is not
 * NULL, copy its decision there ("unknown" when unreadable). */
static bool report_exists(const char *name, char *decision, size_t size)
{
    int dfd = openat(S.r.reports, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return false;
    int fd = openat(dfd, "report.json", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    close(dfd);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (ok && decision) {
        snprintf(decision, size, "unknown");
        if (st.st_size < 64 * 1024 * 1024) {
            json_error_t jerr;
            json_t *rep = json_loadfd(fd, 0, &jerr);
            const char *d = json_string_value(json_object_get(rep, "decision"));
            if (d)
                snprintf(decision, size, "%s", d);
            json_decref(rep);
        }
    }
    close(fd);
    return ok;
}

/* Journal the decision (unless it already is), then move the inputs to
 * archive/. */
static void archive_case(const char *name, const char *decision, bool journal_decision)
{
    json_t *e = audit_entry_new("decided", name);
    json_object_set_new(e, "decision", json_string(decision));
    char rep[WFS_NAME_MAX + 16];
    snprintf(rep, sizeof rep, "reports/%s", name);
    json_object_set_new(e, "report", json_string(rep));
    char arch[WFS_NAME_MAX + 1];
    if (wfs_unique_name(&S.r, WFS_ARCHIVE, name, arch) != 0)
        vt_die(EXIT_IOERR, "%s: no free name in archive/", name);
    if (strcmp(arch, name) != 0)
        json_object_set_new(e, "archived_as", json_string(arch));
    /* journal first: a crash before the rename finds the decision in the
     * journal on restart and only archives */
    if (journal_decision)
        journal(e);
    else
        json_decref(e);
    if (wfs_move(S.r.work, name, S.r.archive, arch) != 0) {
        clear_progress();
        vt_die(EXIT_IOERR, "%s: cannot move work/%s to archive/%s:", name, name, arch);
    }
    count_decision(decision);
    if (!S.once)
        say(name, "decided: %s", decision);
}

static void fail_case(const char *name, const char *stage, const char *error)
{
    char reason[2048];
    wfs_reason(reason, sizeof reason, stage, error);
    json_t *e = audit_entry_new("failed", name);
    json_object_set_new(e, "stage", json_string(stage));
    json_object_set_new(e, "reason", audit_name_json(error));
    journal(e);
    char out[WFS_NAME_MAX + 1], err[512];
    if (wfs_fail(&S.r, name, name, reason, out, err, sizeof err) != 0) {
        clear_progress();
        vt_die(EXIT_IOERR, "%s: %s", name, err);
    }
    S.nfailed++;
    warnc(name, "failed in %s: %s (see failed/%s/reason.txt)", stage, error, out);
}

/* ---------------------------------------------------------------------- */
/* Pending queue (claimed cases waiting for a chain) */

static void push_pending(const wcase *c, bool front)
{
    if (S.npending == S.cap_pending) {
        size_t ncap = S.cap_pending ? S.cap_pending * 2 : 64;
        wcase *np = realloc(S.pending, ncap * sizeof *np);
        if (np == NULL)
            vt_die(EXIT_SOFTWARE, "out of memory");
        S.pending = np;
        S.cap_pending = ncap;
    }
    if (front) {
        memmove(S.pending + 1, S.pending, S.npending * sizeof *S.pending);
        S.pending[0] = *c;
    } else {
        S.pending[S.npending] = *c;
    }
    S.npending++;
}

static wcase pop_pending(void)
{
    wcase c = S.pending[0];
    memmove(S.pending, S.pending + 1, (S.npending - 1) * sizeof *S.pending);
    S.npending--;
    return c;
}

/* ---------------------------------------------------------------------- */
/* Chains */

/* Parse a record line far enough to know its kind and case. */
static json_t *peek(const char *line, size_t len, const char **pkind, const char **pcase)
{
    json_error_t jerr;
    json_t *rec = json_loadb(line, len, 0, &jerr);
    *pkind = json_string_value(json_object_get(rec, "record"));
    *pcase = json_string_value(json_object_get(rec, "case"));
    return rec;
}

static void err_line(void *ctx, char *line, size_t len)
{
    job *j = ctx;
    (void)len;
    warnc(j->busy ? j->c.name : NULL, "%s", line);
}

/* A record from varta-report: `written` ends the case. */
static void out_line(void *ctx, char *line, size_t len)
{
    job *j = ctx;
    const char *kind, *cs;
    json_t *rec = peek(line, len, &kind, &cs);
    if (kind && cs && !strcmp(kind, "written") && j->busy && !strcmp(cs, j->c.name)) {
        const char *d = json_string_value(json_object_get(rec, "decision"));
        j->written = true;
        snprintf(j->decision, sizeof j->decision, "%s", d ? d : "unknown");
    } else if (!j->warned_other) {
        j->warned_other = true;
        warnc(j->busy ? j->c.name : NULL, "unexpected record from %s: %.60s", stage_names[2],
              rec ? (kind ? kind : "(no kind)") : "(not JSON)");
    }
    json_decref(rec);
}

static void start_case(job *j, const wcase *c)
{
    char err[256];
    j->c = *c;
    j->busy = true;
    j->written = false;
    j->timed_out = false;
    j->warned_other = false;
    j->decision[0] = '\0';
    j->started = mono_now();
    j->deadline = j->started + S.case_timeout;
    if (j->running) {
        /* a retry gets a fresh chain; so does a case for a chain that died
         * while idle (that death is not the case's fault) */
        wchain_reap(&j->ch);
        if (c->attempts > 0 || wchain_alive(&j->ch) < WCHAIN_STAGES || j->ch.in_fd < 0 ||
            j->ch.out.fd < 0) {
            wchain_free(&j->ch);
            j->running = false;
        }
    }
    if (!j->running) {
        char *const *const argv[WCHAIN_STAGES] = {S.argv_store[0], S.argv_store[1], S.argv_store[2]};
        if (wchain_start(&j->ch, argv, err, sizeof err) != 0) {
            clear_progress();
            vt_die(EXIT_SOFTWARE, "%s: %s", c->name, err);
        }
        j->running = true;
    }
    char path[PATH_MAX + WFS_NAME_MAX + 16];
    int n = snprintf(path, sizeof path, "%s/work/%s", S.r.path, c->name);
    if (wchain_send(&j->ch, path, (size_t)n, err_line, j) != 0) {
        wchain_close_input(&j->ch); /* the chain is already gone: judged as a death */
        return;
    }
    if (S.fresh_chains)
        wchain_close_input(&j->ch); /* end of input ends the chain */
    /* else varta-scan's `end` record for the case makes varta-check report
     * it at once, and the chain waits for the next case */
}

/* The case in hand is over (success, death or timeout): decide its fate. */
static void finish_job(job *j)
{
    static const int ok_fresh[] = {0, 65, -1};  /* 65: some input was bad, yet reported */
    static const int ok_kept[] = {-1};          /* a kept chain must not end at all */
    char desc[256] = "", error[1024];
    const char *stage = NULL;
    bool config = false;
    bool healthy_kept = !S.fresh_chains && j->written && wchain_alive(&j->ch) == WCHAIN_STAGES;
    int f = -1;
    if (!healthy_kept && !j->timed_out) {
        f = wchain_fault(&j->ch, S.fresh_chains ? ok_fresh : ok_kept, desc, sizeof desc);
        if (!S.fresh_chains && f < 0) {
            f = 2; /* every stage runs, but varta-report's output closed */
            snprintf(desc, sizeof desc, "the chain ended");
        }
    }
    if (j->timed_out) {
        stage = stage_names[j->timeout_stage];
        snprintf(error, sizeof error, "no result within %.0f s; the chain was stopped", S.case_timeout);
    } else if (f >= 0) {
        stage = stage_names[f];
        int st = j->ch.status[f];
        config = j->ch.reaped[f] && WIFEXITED(st) &&
                 (WEXITSTATUS(st) == EXIT_CONFIG || WEXITSTATUS(st) == EXIT_USAGE ||
                  WEXITSTATUS(st) == 126 || WEXITSTATUS(st) == 127);
        if (j->ch.last_err[0])
            snprintf(error, sizeof error, "%s; last message: %s", desc, j->ch.last_err);
        else
            snprintf(error, sizeof error, "%s", desc);
    } else if (!j->written) {
        stage = stage_names[2];
        snprintf(error, sizeof error, "the chain ended without a 'written' record for the case");
    } else if (!report_exists(j->c.name, NULL, 0)) {
        stage = stage_names[2];
        snprintf(error, sizeof error, "reported written, but reports/%s/report.json is missing", j->c.name);
    }
    wcase c = j->c;
    j->busy = false;
    if (!healthy_kept) {
        wchain_free(&j->ch);
        j->running = false;
    }
    wfs_remove_crops(&S.r, c.name);
    if (stage == NULL) {
        archive_case(c.name, j->decision, true);
    } else if (config) {
        clear_progress();
        vt_die(EXIT_CONFIG, "%s: %s cannot run: %s (the case stays in work/ and is resumed on restart)",
               c.name, stage, error);
    } else if (c.attempts == 0) {
        c.attempts = 1;
        warnc(c.name, "%s: %s; retrying in a fresh chain", stage, error);
        push_pending(&c, true);
    } else {
        fail_case(c.name, stage, error);
    }
    draw_progress();
}

/* Read, reap and judge job j. */
static void service_job(job *j)
{
    if (!j->busy)
        return;
    wchain_read(&j->ch, &j->ch.out, out_line, j);
    wchain_read(&j->ch, &j->ch.err, err_line, j);
    bool all_reaped = wchain_reap(&j->ch);
    if (!j->timed_out && mono_now() >= j->deadline) {
        j->timed_out = true;
        j->timeout_stage = 0; /* the stage that reads the scans takes the time */
        wchain_kill(&j->ch);
    }
    if (j->timed_out) {
        if (all_reaped)
            finish_job(j);
        return;
    }
    if (!S.fresh_chains) {
        bool all_alive = wchain_alive(&j->ch) == WCHAIN_STAGES;
        if (j->written && all_alive) {
            finish_job(j); /* the chain goes on to the next case */
        } else if (!all_alive || j->ch.out.fd < 0) {
            /* the chain is dying: let its last words arrive, stop the rest */
            wchain_close_input(&j->ch);
            for (int t = 0; t < 20 && !wchain_reap(&j->ch); t++)
                usleep(10000);
            wchain_read(&j->ch, &j->ch.err, err_line, j);
            wchain_kill(&j->ch);
            wchain_free(&j->ch);
            finish_job(j);
        }
        return;
    }
    if (j->ch.out.fd < 0 && j->ch.err.fd < 0 && all_reaped)
        finish_job(j);
}

/* ---------------------------------------------------------------------- */
/* Inbox */

static tracked *find_tracked(const char *name)
{
    for (size_t i = 0; i < S.ntr; i++)
        if (!strcmp(S.tr[i].name, name))
            return &S.tr[i];
    return NULL;
}

static void drop_tracked(tracked *t)
{
    free(t->name);
    size_t i = (size_t)(t - S.tr);
    memmove(S.tr + i, S.tr + i + 1, (S.ntr - i - 1) * sizeof *S.tr);
    S.ntr--;
}

static bool is_ready(const tracked *t, double now, time_t wall)
{
    if (t->useful == 0)
        return false;
    if (now - t->since < S.settle)
        return false;
    if (t->newest <= wall && (double)(wall - t->newest) < S.settle)
        return false;
    return true;
}

/* When will t be ready (monotonic time), if nothing changes? */
static double ready_at(const tracked *t, double now, time_t wall)
{
    double a = t->since + S.settle;
    if (t->newest <= wall) {
        double b = now + (double)(t->newest - wall) + S.settle;
        if (b > a)
            a = b;
    }
    return a;
}

static void refuse_entry(tracked *t)
{
    char base[WFS_NAME_MAX + 1], out[WFS_NAME_MAX + 1], err[512], esc[1200], reason[2048], msg[1400];
    wfs_safe_name(t->name, base);
    audit_name_escape(t->name, esc, sizeof esc);
    if (t->is_dir)
        snprintf(msg, sizeof msg,
                 "case folder name \"%s\" is not allowed: use 1-128 characters of A-Z a-z 0-9 . _ -", esc);
    else
        snprintf(msg, sizeof msg, "\"%s\" is not a folder: put each applicant's scans in a folder of their own", esc);
    wfs_reason(reason, sizeof reason, "varta-watch", msg);
    json_t *e = audit_entry_new("failed", base);
    json_object_set_new(e, "stage", json_string("varta-watch"));
    json_object_set_new(e, "reason", json_string(t->is_dir ? "case folder name not allowed" : "not a folder"));
    journal(e);
    if (wfs_fail_entry(&S.r, t->name, t->is_dir, base, reason, out, err, sizeof err) != 0) {
        warnc(base, "cannot move a refused inbox entry to failed/: %s", err);
        return;
    }
    S.nfailed++;
    warnc(out, "refused: %s (moved to failed/%s)", t->is_dir ? "case folder name not allowed" : "not a folder", out);
}

/* Rescan inbox/: update what is tracked; refuse bad entries once settled.
 * With `add` false (batch mode after the first scan) new entries are not
 * taken up. */
static void rescan(bool add)
{
    double now = mono_now();
    time_t wall = time(NULL);
    for (size_t i = 0; i < S.ntr; i++)
        S.tr[i].seen = false;
    int dfd = dup(S.r.inbox);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (d == NULL) {
        if (dfd >= 0)
            close(dfd);
        clear_progress();
        vt_die(EXIT_IOERR, "cannot read %s/inbox:", S.r.path);
    }
    rewinddir(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") || wfs_ignored(de->d_name))
            continue;
        wfs_entry e;
        if (wfs_inspect(S.r.inbox, de->d_name, &e) != 0)
            continue;
        tracked *t = find_tracked(de->d_name);
        if (t == NULL) {
            if (!add)
                continue;
            if (S.ntr == S.cap_tr) {
                size_t ncap = S.cap_tr ? S.cap_tr * 2 : 64;
                tracked *nt = realloc(S.tr, ncap * sizeof *nt);
                if (nt == NULL)
                    vt_die(EXIT_SOFTWARE, "out of memory");
                S.tr = nt;
                S.cap_tr = ncap;
            }
            t = &S.tr[S.ntr++];
            memset(t, 0, sizeof *t);
            t->name = strdup(de->d_name);
            if (t->name == NULL)
                vt_die(EXIT_SOFTWARE, "out of memory");
            t->since = now - 1e9; /* first sight: only the ctimes count */
        } else if (t->sig != e.sig) {
            t->since = now;
        }
        t->sig = e.sig;
        t->newest = e.newest;
        t->useful = e.useful;
        t->is_dir = e.is_dir;
        t->seen = true;
    }
    closedir(d);
    for (size_t i = 0; i < S.ntr;) {
        if (!S.tr[i].seen)
            drop_tracked(&S.tr[i]);
        else
            i++;
    }
    /* refuse settled entries that are not acceptable case folders */
    for (size_t i = 0; i < S.ntr && !S.stopping;) {
        tracked *t = &S.tr[i];
        if ((!t->is_dir || !casedir_name_ok(t->name)) && is_ready(t, now, wall)) {
            refuse_entry(t);
            drop_tracked(t);
            draw_progress();
        } else {
            i++;
        }
    }
    /* next rescan: when the next entry may settle, else periodically */
    S.next_rescan = now + RESCAN_PERIOD;
    for (size_t i = 0; i < S.ntr; i++) {
        tracked *t = &S.tr[i];
        double a = S.next_rescan;
        if (t->useful > 0 && !is_ready(t, now, wall))
            a = ready_at(t, now, wall) + 0.05;
        else if (t->useful == 0)
            a = now + (S.settle > 1 ? S.settle : 1); /* files may arrive inside it */
        if (a < S.next_rescan)
            S.next_rescan = a;
    }
}

/* Claim a settled inbox case for job j.  Returns true when it started. */
static bool claim(job *j, tracked *t)
{
    double now = mono_now();
    time_t wall = time(NULL);
    wfs_entry e;
    if (wfs_inspect(S.r.inbox, t->name, &e) != 0) {
        drop_tracked(t);
        return false;
    }
    if (e.sig != t->sig || e.newest != t->newest) {
        t->sig = e.sig;
        t->newest = e.newest;
        t->since = now;
        t->useful = e.useful;
        if (S.next_rescan > ready_at(t, now, wall))
            S.next_rescan = ready_at(t, now, wall) + 0.05;
        return false;
    }
    wcase c = {.attempts = 0};
    if (wfs_unique_name(&S.r, WFS_WORK | WFS_REPORTS | WFS_ARCHIVE | WFS_FAILED, t->name, c.name) != 0) {
        warnc(t->name, "no free name to claim the case under");
        drop_tracked(t);
        return false;
    }
    if (wfs_move(S.r.inbox, t->name, S.r.work, c.name) != 0) {
        if (errno != ENOENT)
            warnc(t->name, "cannot claim the case:");
        drop_tracked(t);
        return false;
    }
    json_t *ev = audit_entry_new("received", c.name);
    if (strcmp(c.name, t->name) != 0) {
        json_object_set_new(ev, "submitted_as", json_string(t->name));
        warnc(c.name, "a case named %s was already received; this one is processed as %s", t->name, c.name);
    }
    add_files(ev, c.name);
    journal(ev);
    drop_tracked(t);
    if (!S.once)
        say(c.name, "received");
    start_case(j, &c);
    return true;
}

/* Give every idle chain a case: retries and resumed cases first. */
static void dispatch(void)
{
    if (S.stopping)
        return;
    double now = mono_now();
    time_t wall = time(NULL);
    for (int k = 0; k < S.njobs; k++) {
        job *j = &S.jobs[k];
        if (j->busy)
            continue;
        if (S.npending > 0) {
            wcase c = pop_pending();
            start_case(j, &c);
            continue;
        }
        bool started = false;
        for (size_t i = 0; i < S.ntr && !started;) {
            tracked *t = &S.tr[i];
            if (t->is_dir && casedir_name_ok(t->name) && is_ready(t, now, wall)) {
                size_t before = S.ntr;
                started = claim(j, t);
                if (S.ntr == before)
                    i++; /* kept (changed meanwhile): look at the next */
            } else {
                i++;
            }
        }
        if (!started)
            break; /* nothing ready for any other chain either */
    }
}

/* ---------------------------------------------------------------------- */
/* Start-up */

static void resume_work(void)
{
    int done = wfs_finish_failed(&S.r);
    if (done > 0)
        say(NULL, "completed %d interrupted move(s) to failed/", done);
    int dfd = dup(S.r.work);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (d == NULL)
        vt_die(EXIT_IOERR, "cannot read %s/work:", S.r.path);
    rewinddir(d);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue; /* ".", "..", our own hidden files */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (names == NULL)
                vt_die(EXIT_SOFTWARE, "out of memory");
        }
        names[n] = strdup(de->d_name);
        if (names[n] == NULL)
            vt_die(EXIT_SOFTWARE, "out of memory");
        n++;
    }
    closedir(d);
    /* what the journal last said of each: a report whose decision was
     * journalled is final; one without may be from a run that went wrong
     * (a stage died), so that case is processed again and its report
     * rewritten */
    char (*last)[16] = calloc(n ? n : 1, sizeof *last);
    if (last == NULL || audit_last_events(S.audit, (const char *const *)names, n, last) != 0)
        vt_die(EXIT_IOERR, "cannot read audit.log.gz");
    for (size_t i = 0; i < n; i++) {
        const char *name = names[i];
        struct stat st;
        if (!casedir_name_ok(name) || fstatat(S.r.work, name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISDIR(st.st_mode)) {
            say(NULL, "work/ holds an entry varta did not put there; leaving it alone");
            free(names[i]);
            continue;
        }
        char decision[32];
        bool have_report = report_exists(name, decision, sizeof decision);
        bool decided = have_report && !strcmp(last[i], "decided");
        json_t *e = audit_entry_new("resumed", name);
        add_files(e, name);
        json_object_set_new(e, "report_written", json_boolean(have_report));
        json_object_set_new(e, "decided", json_boolean(decided));
        journal(e);
        if (decided) {
            say(name, "resumed: decided and reported before a stop; archiving");
            archive_case(name, decision, false);
        } else {
            say(name, "resumed: processing again");
            wcase c = {.attempts = 0};
            snprintf(c.name, sizeof c.name, "%s", name);
            push_pending(&c, false);
        }
        free(names[i]);
    }
    free(last);
    free(names);
}

static bool executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Find stage `name`: $VARTA_STAGE_DIR, beside this program, then PATH. */
static void find_stage(const char *name, char out[PATH_MAX])
{
    const char *env = getenv("VARTA_STAGE_DIR");
    if (env && *env) {
        snprintf(out, PATH_MAX, "%s/%s", env, name);
        if (executable(out))
            return;
    }
    char exe[PATH_MAX];
    if (vt_exe_dir(exe, sizeof exe) && snprintf(out, PATH_MAX, "%s/%s", exe, name) < PATH_MAX &&
        executable(out))
        return;
    const char *path = getenv("PATH");
    if (path) {
        char *copy = strdup(path), *save = NULL;
        for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
            if (snprintf(out, PATH_MAX, "%s/%s", *dir ? dir : ".", name) < PATH_MAX && executable(out)) {
                free(copy);
                return;
            }
        }
        free(copy);
    }
    vt_die(EXIT_CONFIG, "cannot find the stage %s beside %s or on PATH", name, vt_progname());
}

static void build_argv(void)
{
    for (int i = 0; i < WCHAIN_STAGES; i++)
        find_stage(stage_names[i], S.stage_path[i]);
    int k = 0;
    S.argv_store[0][k++] = S.stage_path[0];
    S.argv_store[0][k++] = "--crops";
    S.argv_store[0][k++] = S.crops_path;
    if (S.as_of) {
        S.argv_store[0][k++] = "--as-of";
        S.argv_store[0][k++] = (char *)S.as_of;
    }
    if (S.policy) {
        S.argv_store[0][k++] = "--policy";
        S.argv_store[0][k++] = (char *)S.policy;
    }
    S.argv_store[0][k] = NULL;
    k = 0;
    S.argv_store[1][k++] = S.stage_path[1];
    if (S.as_of) {
        S.argv_store[1][k++] = "--as-of";
        S.argv_store[1][k++] = (char *)S.as_of;
    }
    if (S.policy) {
        S.argv_store[1][k++] = "--policy";
        S.argv_store[1][k++] = (char *)S.policy;
    }
    S.argv_store[1][k] = NULL;
    k = 0;
    S.argv_store[2][k++] = S.stage_path[2];
    S.argv_store[2][k++] = "--root";
    S.argv_store[2][k++] = S.r.path;
    if (S.policy) {
        S.argv_store[2][k++] = "--policy";
        S.argv_store[2][k++] = (char *)S.policy;
    }
    S.argv_store[2][k] = NULL;
}

/* The scan stage checks its own configuration (policy, MRZ model, every
 * certificate language) before the first case is taken: a missing language
 * pack stops the service now (exit 78) instead of at the first certificate. */
static void check_scan_configuration(void)
{
    char *argv[8];
    int k = 0;
    argv[k++] = S.stage_path[0];
    argv[k++] = "--check-config";
    if (S.policy) {
        argv[k++] = "--policy";
        argv[k++] = (char *)S.policy;
    }
    argv[k] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        vt_die(EXIT_SOFTWARE, "cannot start %s:", S.stage_path[0]);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0)
            dup2(null, STDOUT_FILENO);  /* its "configuration ok" line */
        execv(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            vt_die(EXIT_SOFTWARE, "waiting for %s:", S.stage_path[0]);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        vt_die(EXIT_CONFIG, "%s --check-config failed (its message is above); no case was taken",
               S.stage_path[0]);
}

static void usage(FILE *f)
{
    fprintf(f,
        "usage: varta watch [OPTION...] ROOT\n"
        "       varta watch --once [OPTION...] ROOT\n"
        "Watch ROOT/inbox and process each case folder through\n"
        "varta-scan | varta-check | varta-report --root ROOT; reports go to\n"
        "ROOT/reports/<case>/, inputs to ROOT/archive/<case>/, cases that cannot be\n"
        "processed to ROOT/failed/<case>/ with reason.txt; events to ROOT/audit.log.gz.\n"
        "\n"
        "  --once             process every case now in ROOT/inbox, then exit\n"
        "  --jobs N           run N chains at once (default: the number of cores)\n"
        "  --settle SECONDS   take a case once nothing in it changed for this long\n"
        "                     (default 5; 0 with --once)\n"
        "  --case-timeout S   stop a chain that spends longer than S seconds on a case\n"
        "                     (default 300); the case is retried once, then failed\n"
        "  --fresh-chains     start a new chain for every case (slower: each start\n"
        "                     loads the OCR models; by default chains live on)\n"
        "  --as-of YYYY-MM-DD evaluate the rules on this date (default today)\n"
        "  --policy FILE      the policy file (default %s)\n"
        "  --help, --version\n"
        "\n"
        "Stages are looked for in $VARTA_STAGE_DIR, beside this program, then on PATH.\n"
        "SIGTERM or SIGINT: take no new case, finish the cases in hand, exit 0.\n"
        "SIGHUP: look at the inbox again now.\n"
        "Exit status: 0 stopped by a signal or (--once) every case processed,\n"
        "64 usage error, 70 internal error, 74 ROOT or the journal cannot be\n"
        "written, 78 configuration error (policy, stage programs, OCR models).\n",
        vt_data_path("national-guard.policy"));
}

static double parse_seconds(const char *opt, const char *arg, double min)
{
    char *end;
    errno = 0;
    double v = strtod(arg, &end);
    if (errno || end == arg || *end || !isfinite(v) || v < min || v > 1e7)
        vt_die(EXIT_USAGE, "%s: expected a number of seconds, got '%s'", opt, arg);
    return v;
}

static void summary(void)
{
    clear_progress();
    double el = mono_now() - S.t0;
    size_t done = S.ndecided + S.nfailed;
    size_t left = 0;
    for (size_t i = 0; i < S.ntr; i++)
        left++;
    printf("%s: %zu case%s: %zu reported (clear %zu, review %zu, rejected %zu, incomplete %zu%s), "
           "%zu failed, %zu left in inbox; %.1f s, %.2f cases/s\n",
           vt_progname(), done, done == 1 ? "" : "s", S.ndecided, S.nclear, S.nreview, S.nrejected,
           S.nincomplete, S.nother ? ", other" : "", S.nfailed, left, el, el > 0 ? done / el : 0.0);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    vt_set_progname(argv[0]);
    umask(077);
    signal(SIGPIPE, SIG_IGN);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    S.njobs = ncpu > 0 ? (int)(ncpu < MAX_JOBS ? ncpu : MAX_JOBS) : 1;
    S.settle = -1;
    S.case_timeout = 300;
    enum { O_ONCE = 256, O_JOBS, O_SETTLE, O_TIMEOUT, O_FRESH, O_ASOF, O_POLICY, O_HELP, O_VERSION };
    static const struct option opts[] = {
        {"once", no_argument, NULL, O_ONCE},
        {"jobs", required_argument, NULL, O_JOBS},
        {"settle", required_argument, NULL, O_SETTLE},
        {"case-timeout", required_argument, NULL, O_TIMEOUT},
        {"fresh-chains", no_argument, NULL, O_FRESH},
        {"as-of", required_argument, NULL, O_ASOF},
        {"policy", required_argument, NULL, O_POLICY},
        {"help", no_argument, NULL, O_HELP},
        {"version", no_argument, NULL, O_VERSION},
        {NULL, 0, NULL, 0},
    };
    int o;
    while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (o) {
        case O_ONCE: S.once = true; break;
        case O_JOBS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end || v < 1 || v > MAX_JOBS)
                vt_die(EXIT_USAGE, "--jobs: expected 1 to %d, got '%s'", MAX_JOBS, optarg);
            S.njobs = (int)v;
            break;
        }
        case O_SETTLE: S.settle = parse_seconds("--settle", optarg, 0); break;
        case O_TIMEOUT: S.case_timeout = parse_seconds("--case-timeout", optarg, 1); break;
        case O_FRESH: S.fresh_chains = true; break;
        case O_ASOF: vt_parse_as_of(optarg); S.as_of = optarg; break;
        case O_POLICY: S.policy = optarg; break;
        case O_HELP: usage(stdout); vt_close_stdout(); return EXIT_OK;
        case O_VERSION: vt_print_version();
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (S.settle < 0)
        S.settle = S.once ? 0 : 5;
    /* a policy the stages would refuse stops the service now, not when the
     * first case arrives (exit 78, "file:line: what is wrong") */
    policy_free(vt_load_policy(S.policy));
    const char *root = argv[optind];
    if (strchr(root, '\n'))
        vt_die(EXIT_USAGE, "ROOT must not contain a newline");

    char err[512];
    if (wfs_open(root, &S.r, err, sizeof err) != 0)
        vt_die(EXIT_IOERR, "%s", err);
    if (strchr(S.r.path, '\n'))
        vt_die(EXIT_USAGE, "ROOT must not contain a newline");
    if (wfs_lock(&S.r) != 0)
        vt_die(EXIT_IOERR, "another varta watch is already working on %s", S.r.path);
    /* the internal folder: MRZ crops on their way into the reports (what
     * earlier runs left in work/ is removed first) */
    snprintf(S.crops_path, sizeof S.crops_path, "%s/work/%s", S.r.path, WFS_CROPS_DIR);
    wfs_remove_internal(&S.r);
    if (mkdirat(S.r.work, WFS_CROPS_DIR, 0700) != 0)
        vt_die(EXIT_IOERR, "cannot prepare %s/work:", S.r.path);
    build_argv();
    check_scan_configuration();
    off_t cut = 0;
    S.audit = audit_open(S.r.root, "audit.log.gz", &cut, NULL, err, sizeof err);
    if (S.audit == NULL)
        vt_die(EXIT_IOERR, "%s", err);
    if (cut > 0)
        say(NULL, "audit.log.gz: cut a torn last entry (%lld bytes) left by a crash", (long long)cut);

    /* signals arrive through a descriptor so that poll() sees them */
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
    if (sfd < 0)
        vt_die(EXIT_SOFTWARE, "signalfd:");

    int ifd = -1;
    if (!S.once) {
        ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        char inbox[PATH_MAX + 8];
        snprintf(inbox, sizeof inbox, "%s/inbox", S.r.path);
        if (ifd < 0 || inotify_add_watch(ifd, inbox, IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE |
                                                       IN_CLOSE_WRITE | IN_ATTRIB | IN_ONLYDIR) < 0)
            say(NULL, "inotify unavailable (%s): rescanning every %.0f s", strerror(errno), RESCAN_PERIOD);
    }

    S.t0 = mono_now();
    S.progress = S.once && isatty(2);
    resume_work();
    rescan(true);
    if (S.once) {
        S.total = S.npending + S.ndecided + S.nfailed;
        for (size_t i = 0; i < S.ntr; i++)
            S.total += S.tr[i].useful > 0;
    } else {
        say(NULL, "watching %s/inbox with %d chain%s", S.r.path, S.njobs, S.njobs == 1 ? "" : "s");
    }
    draw_progress();

    double burst_until = -1, last_draw = mono_now();
    int stop_signals = 0;
    for (;;) {
        dispatch();
        int busy = 0;
        for (int k = 0; k < S.njobs; k++)
            busy += S.jobs[k].busy;
        if (S.stopping && busy == 0)
            break;
        if (S.once && busy == 0 && S.npending == 0) {
            bool waiting = false;
            for (size_t i = 0; i < S.ntr; i++)
                waiting = waiting || S.tr[i].useful > 0;
            if (!waiting)
                break;
        }

        struct pollfd pf[2 + 3 * MAX_JOBS];
        int np = 0;
        pf[np].fd = sfd; pf[np].events = POLLIN; np++;
        if (ifd >= 0) { pf[np].fd = ifd; pf[np].events = POLLIN; np++; }
        double now = mono_now();
        double wake = S.next_rescan;
        if (burst_until > 0 && burst_until < wake)
            wake = burst_until;
        for (int k = 0; k < S.njobs; k++) {
            job *j = &S.jobs[k];
            if (!j->busy)
                continue;
            int fds[2] = {j->ch.out.fd, j->ch.err.fd};
            for (int q = 0; q < 2; q++)
                if (fds[q] >= 0) { pf[np].fd = fds[q]; pf[np].events = POLLIN; np++; }
            if (j->deadline < wake)
                wake = j->deadline;
            if (now + 1 < wake)
                wake = now + 1; /* look at busy chains at least once a second */
        }
        int timeout = wake <= now ? 0 : (int)((wake - now) * 1000) + 1;
        if (timeout > 60000)
            timeout = 60000;
        int pr = poll(pf, (nfds_t)np, timeout);
        if (pr < 0 && errno != EINTR)
            vt_die(EXIT_SOFTWARE, "poll:");

        if (pr > 0 && (pf[0].revents & POLLIN)) {
            struct signalfd_siginfo si;
            while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
                if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
                    stop_signals++;
                    if (stop_signals == 1) {
                        S.stopping = true;
                        warnc(NULL, "stopping: finishing the cases in hand, taking no new ones");
                    } else {
                        warnc(NULL, "stopping now: cases in hand stay in work/ and resume on the next start");
                        for (int k = 0; k < S.njobs; k++)
                            if (S.jobs[k].running)
                                wchain_free(&S.jobs[k].ch);
                        audit_close(S.audit);
                        return EXIT_OK;
                    }
                } else if (si.ssi_signo == SIGHUP) {
                    S.next_rescan = mono_now();
                }
            }
        }
        if (ifd >= 0 && pr > 0 && (pf[1].revents & POLLIN)) {
            char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
            ssize_t n;
            while ((n = read(ifd, buf, sizeof buf)) > 0) {
                /* any event (IN_Q_OVERFLOW included) means: rescan soon */
            }
            burst_until = mono_now() + BURST_QUIET;
        }
        for (int k = 0; k < S.njobs; k++)
            service_job(&S.jobs[k]);
        now = mono_now();
        if (burst_until > 0 && now >= burst_until) {
            burst_until = -1;
            S.next_rescan = now;
        }
        if (now >= S.next_rescan && !S.stopping)
            rescan(!S.once);
        if (S.progress && now - last_draw >= 1) {
            draw_progress(); /* keeps the rate and time left current */
            last_draw = now;
        }
    }
    /* kept chains: end their input and let them finish */
    for (int k = 0; k < S.njobs; k++) {
        job *j = &S.jobs[k];
        if (!j->running)
            continue;
        wchain_close_input(&j->ch);
        for (int t = 0; t < 1000 && !wchain_reap(&j->ch); t++) {
            wchain_read(&j->ch, &j->ch.err, err_line, j);
            usleep(10000);
        }
        wchain_free(&j->ch);
    }
    wfs_remove_internal(&S.r);
    audit_close(S.audit);
    if (S.once || S.ndecided + S.nfailed > 0)
        summary();
    wfs_close(&S.r);
    vt_close_stdout();
    return EXIT_OK;
}
