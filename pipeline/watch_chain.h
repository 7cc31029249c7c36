/*
 * watch_chain — one chain of stage processes, exactly the stages a user
 * types: `varta-scan | varta-check | varta-report --root ROOT`.
 *
 * The three stages are joined by pipes, as a shell joins them.  The
 * service writes case folder paths, one per line, to the first stage and
 * reads the last stage's records (`written`, one per case: varta-scan ends
 * each case with an `end` record, on which varta-check reports the case at
 * once, so one long-running chain, with one Tesseract handle, serves case
 * after case); it never sits between two stages.  The
 * stages' stderr comes back through one pipe so the service can prefix each
 * line with the case and keep the last one as the reason of a failure.
 * Each chain runs in its own process group (a timeout kills helpers the
 * stages started too), and every stage dies with the service
 * (PR_SET_PDEATHSIG), so a killed service never leaves a stage writing.
 *
 * Ownership: a wchain is embedded by the caller; wchain_free releases what
 * wchain_start allocated and kills and reaps any stage still running.
 */
#ifndef VARTA_WATCH_CHAIN_H
#define VARTA_WATCH_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define WCHAIN_STAGES 3
#define WCHAIN_MAX_LINE (17u * 1024u * 1024u) /* longer record lines are dropped */

/* A line assembler over a non-blocking pipe. */
typedef struct wline {
    int fd;                      /* -1 at EOF */
    char *buf;
    size_t len, cap;
    bool skipping;               /* inside an over-long line */
} wline;

typedef struct wchain {
    pid_t pid[WCHAIN_STAGES];
    int status[WCHAIN_STAGES];   /* wait status, once reaped */
    bool reaped[WCHAIN_STAGES];
    bool killed;                 /* wchain_kill was called */
    bool kill_sent[WCHAIN_STAGES]; /* still running when wchain_kill was called */
    int in_fd;                   /* case paths to the first stage; -1 once closed */
    wline out;                   /* records from the last stage */
    wline err;                   /* the stages' stderr */
    char last_err[512];          /* the last diagnostic line a stage wrote */
} wchain;

/* wchain_start: start argv[0] | argv[1] | argv[2] (each a NULL-terminated
 * argument vector; argv[i][0] is the path run).  Signals blocked in the
 * caller are unblocked and SIGPIPE restored in the stages.  Returns 0, or
 * -1 with `err` set (nothing left running). */
int wchain_start(wchain *c, char *const *const argv[WCHAIN_STAGES], char *err, size_t errsize);

/* Called with each complete line (NUL-terminated, without '\n'). */
typedef void (*wchain_line_fn)(void *ctx, char *line, size_t len);

/* wchain_send: write `len` bytes of `line` plus '\n' to the first stage,
 * waiting while the pipe is full (stderr is drained through `errfn`
 * meanwhile, so a chatty stage cannot deadlock us).  Returns 0, or -1 when
 * the stage is gone (EPIPE). */
int wchain_send(wchain *c, const char *line, size_t len, wchain_line_fn errfn, void *ctx);

/* wchain_close_input: end of input for the first stage (and so, in turn,
 * for the others). */
void wchain_close_input(wchain *c);

/* wchain_read: read what is available on `l` (c->out or c->err)
 * without blocking and call `fn` per complete line; stderr lines are also
 * kept in last_err.  Returns 1 at end of file (the fd is then closed). */
int wchain_read(wchain *c, wline *l, wchain_line_fn fn, void *ctx);

/* wchain_reap: collect every stage that has exited, without waiting.
 * Returns true when all stages are reaped. */
bool wchain_reap(wchain *c);

/* wchain_alive: number of stages not yet reaped. */
int wchain_alive(const wchain *c);

/* wchain_kill: SIGKILL the chain's process group. */
void wchain_kill(wchain *c);

/* wchain_fault: the stage to blame for an abnormal end: one that could not
 * start (exit 126/127) first; else the first (in chain order) that ended
 * by a signal or with an exit status outside `ok_statuses` (a list ending
 * in -1), where a stage wchain_kill stopped, or one killed by SIGPIPE (a
 * later stage broke the pipe), counts only when no other did.  Writes a
 * description ("exit status 70", "killed by signal 11") into `desc` and
 * returns the stage index, or -1 when none ended abnormally. */
int wchain_fault(const wchain *c, const int *ok_statuses, char *desc, size_t size);

/* wchain_free: close the pipes, kill and reap what still runs, free the
 * buffers.  The struct may then be started again. */
void wchain_free(wchain *c);

#endif
