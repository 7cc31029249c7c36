/*
 * watch_chain — one chain of stage processes joined by pipes, exactly as a
 * user types it: `varta-scan | varta-check | varta-report --root ROOT`.
 *
 * The service writes case folder paths, one per line, to the first stage's
 * stdin and reads the last stage's records from its stdout; the stages'
 * stderr comes back through one pipe so the service can prefix each line
 * with the case and keep the last one as the reason of a failure.  Each
 * chain runs in its own process group (so a timeout kills helpers the
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
#define WCHAIN_MAX_LINE (1u << 20) /* longer record lines are dropped */

typedef struct wchain {
    pid_t pid[WCHAIN_STAGES];
    int status[WCHAIN_STAGES];   /* wait status, once reaped */
    bool reaped[WCHAIN_STAGES];
    bool killed;                 /* wchain_kill was called */
    bool kill_sent[WCHAIN_STAGES]; /* still running when wchain_kill was called */
    int in_fd;                   /* case paths to the first stage; -1 once closed */
    int out_fd;                  /* records from the last stage; -1 at EOF */
    int err_fd;                  /* the stages' stderr; -1 at EOF */
    char *out_buf;
    size_t out_len, out_cap;
    bool out_skipping;           /* inside an over-long line */
    char err_buf[4096];
    size_t err_len;
    char last_err[512];          /* the last diagnostic line a stage wrote */
} wchain;

/* wchain_start: start the stages argv[0] | argv[1] | argv[2] (each a
 * NULL-terminated argument vector; argv[i][0] is the path run).  Signals
 * blocked in the caller are unblocked and SIGPIPE restored in the stages.
 * Returns 0, or -1 with `err` set (nothing left running). */
int wchain_start(wchain *c, char *const *const argv[WCHAIN_STAGES], char *err, size_t errsize);

/* wchain_send: write one line (a NUL-free string; '\n' is added) to the
 * first stage.  Returns 0, or -1 (the chain is gone: EPIPE). */
int wchain_send(wchain *c, const char *line);

/* wchain_close_input: close the first stage's stdin (end of input). */
void wchain_close_input(wchain *c);

/* Called with each complete line (NUL-terminated, without '\n'). */
typedef void (*wchain_line_fn)(void *ctx, char *line, size_t len);

/* wchain_read_out / wchain_read_err: read what is available without
 * blocking and call `fn` per complete line (stderr lines are also kept in
 * last_err).  Return 1 at end of file (the fd is then closed), else 0. */
int wchain_read_out(wchain *c, wchain_line_fn fn, void *ctx);
int wchain_read_err(wchain *c, wchain_line_fn fn, void *ctx);

/* wchain_reap: collect every stage that has exited, without waiting.
 * Returns true when all stages are reaped. */
bool wchain_reap(wchain *c);

/* wchain_alive: number of stages not yet reaped. */
int wchain_alive(const wchain *c);

/* wchain_kill: SIGKILL the chain's process group. */
void wchain_kill(wchain *c);

/* wchain_fault: the first stage (in chain order) that ended abnormally: by
 * a signal, or with an exit status outside `ok_statuses` (a list ending in
 * -1).  A stage that could not start (exit 126/127) is blamed first; a
 * stage wchain_kill stopped, or one killed by SIGPIPE (a later stage broke
 * the pipe), only when no other stage ended abnormally.  Writes a description ("exit status 70", "killed by
 * signal 11") into `desc` and returns the stage index, or -1 when none did. */
int wchain_fault(const wchain *c, const int *ok_statuses, char *desc, size_t size);

/* wchain_free: close the pipes, kill and reap what still runs, free the
 * buffers.  The struct may then be started again. */
void wchain_free(wchain *c);

#endif
