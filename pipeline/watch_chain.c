/* watch_chain — a chain of stage processes joined by pipes (see watch_chain.h). */
#include "watch_chain.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void init(wchain *c)
{
    memset(c, 0, sizeof *c);
    c->in_fd = c->out.fd = c->err.fd = -1;
    for (int i = 0; i < WCHAIN_STAGES; i++) {
        c->pid[i] = -1;
        c->reaped[i] = true;
    }
}

/* In the child: wire stdin/stdout/stderr, drop every other descriptor,
 * undo the service's signal set-up, die with the service, exec. */
static _Noreturn void child(int in, int out, int err, pid_t pgid, pid_t parent, char *const *argv)
{
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(127);
    close_range(3, ~0u, 0);
    setpgid(0, pgid);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(127); /* the service died before prctl took effect */
    setenv("OMP_THREAD_LIMIT", "1", 0);
    execv(argv[0], argv);
    dprintf(2, "%s: cannot run: %s\n", argv[0], strerror(errno));
    _exit(127);
}

enum { P_IN, P_SCAN_CHECK, P_CHECK_REPORT, P_OUT, P_ERR, NPIPES };

int wchain_start(wchain *c, char *const *const argv[WCHAIN_STAGES], char *err, size_t errsize)
{
    init(c);
    int p[NPIPES][2];
    for (int i = 0; i < NPIPES; i++)
        p[i][0] = p[i][1] = -1;
    for (int i = 0; i < NPIPES; i++)
        if (pipe2(p[i], O_CLOEXEC) != 0)
            goto fail;
    /* stage i reads from io[i][0] and writes to io[i][1] */
    const int io[WCHAIN_STAGES][2] = {
        {p[P_IN][0], p[P_SCAN_CHECK][1]},
        {p[P_SCAN_CHECK][0], p[P_CHECK_REPORT][1]},
        {p[P_CHECK_REPORT][0], p[P_OUT][1]},
    };
    pid_t parent = getpid();
    pid_t pgid = 0;
    for (int i = 0; i < WCHAIN_STAGES; i++) {
        pid_t pid = fork();
        if (pid < 0)
            goto fail;
        if (pid == 0)
            child(io[i][0], io[i][1], p[P_ERR][1], pgid, parent, argv[i]);
        if (pgid == 0)
            pgid = pid;
        setpgid(pid, pgid); /* also in the child: whichever runs first */
        c->pid[i] = pid;
        c->reaped[i] = false;
    }
    /* keep only our ends */
    c->in_fd = p[P_IN][1];
    c->out.fd = p[P_OUT][0];
    c->err.fd = p[P_ERR][0];
    close(p[P_IN][0]);
    close(p[P_SCAN_CHECK][0]);
    close(p[P_SCAN_CHECK][1]);
    close(p[P_CHECK_REPORT][0]);
    close(p[P_CHECK_REPORT][1]);
    close(p[P_OUT][1]);
    close(p[P_ERR][1]);
    int ours[] = {c->in_fd, c->out.fd, c->err.fd};
    for (size_t i = 0; i < sizeof ours / sizeof *ours; i++)
        fcntl(ours[i], F_SETFL, O_NONBLOCK);
    return 0;
fail:
    snprintf(err, errsize, "cannot start the stages: %s", strerror(errno));
    for (int i = 0; i < NPIPES; i++) {
        if (p[i][0] >= 0) close(p[i][0]);
        if (p[i][1] >= 0) close(p[i][1]);
    }
    wchain_free(c);
    return -1;
}

/* Write line + '\n' to *pfd, waiting (and draining stderr) while full. */
static int put_line(wchain *c, int *pfd, const char *line, size_t len, wchain_line_fn errfn, void *ctx)
{
    if (*pfd < 0) {
        errno = EPIPE;
        return -1;
    }
    const char nl = '\n';
    size_t off = 0, total = len + 1;
    while (off < total) {
        const char *src = off < len ? line + off : &nl;
        size_t n = off < len ? len - off : 1;
        ssize_t w = write(*pfd, src, n);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            struct pollfd pf[2] = {{.fd = *pfd, .events = POLLOUT}, {.fd = c->err.fd, .events = POLLIN}};
            if (poll(pf, c->err.fd >= 0 ? 2 : 1, 1000) > 0 && c->err.fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP)))
                wchain_read(c, &c->err, errfn, ctx);
            if (pf[0].revents & (POLLERR | POLLHUP)) {
                errno = EPIPE;
                return -1;
            }
            continue;
        }
        return -1;
    }
    return 0;
}

int wchain_send(wchain *c, const char *line, size_t len, wchain_line_fn errfn, void *ctx)
{
    return put_line(c, &c->in_fd, line, len, errfn, ctx);
}

void wchain_close_input(wchain *c)
{
    if (c->in_fd >= 0)
        close(c->in_fd);
    c->in_fd = -1;
}

static void keep_last(wchain *c, const char *line)
{
    size_t n = strlen(line);
    if (n >= sizeof c->last_err)
        n = sizeof c->last_err - 1;
    memcpy(c->last_err, line, n);
    c->last_err[n] = '\0';
}

/* Hand a complete line over: stderr lines are capped at 4 KB, records at
 * WCHAIN_MAX_LINE. */
static void emit(wchain *c, wline *l, wchain_line_fn fn, void *ctx)
{
    if (!l->skipping && l->buf && l->len > 0) {
        l->buf[l->len] = '\0';
        if (l == &c->err)
            keep_last(c, l->buf);
        fn(ctx, l->buf, l->len);
    }
    l->len = 0;
    l->skipping = false;
}

int wchain_read(wchain *c, wline *l, wchain_line_fn fn, void *ctx)
{
    if (l->fd < 0)
        return 1;
    size_t max = l == &c->err ? 4096 : WCHAIN_MAX_LINE;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(l->fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 0;
        if (n <= 0) {
            if (l->len > 0)
                emit(c, l, fn, ctx); /* a last line without '\n' */
            close(l->fd);
            l->fd = -1;
            return 1;
        }
        for (ssize_t i = 0; i < n; i++) {
            char ch = chunk[i];
            if (ch == '\n') {
                emit(c, l, fn, ctx);
                continue;
            }
            if (l->skipping)
                continue;
            if (l->len + 2 > l->cap) {
                size_t ncap = l->cap ? l->cap * 2 : 4096;
                if (ncap > max + 2)
                    ncap = max + 2;
                char *nb = l->len + 2 > ncap ? NULL : realloc(l->buf, ncap);
                if (nb == NULL) {
                    /* over the cap: stderr lines are cut, records dropped */
                    if (l == &c->err && l->buf) {
                        emit(c, l, fn, ctx);
                        l->buf[l->len++] = ch;
                    } else {
                        l->skipping = true;
                    }
                    continue;
                }
                l->buf = nb;
                l->cap = ncap;
            }
            l->buf[l->len++] = ch;
        }
    }
}

bool wchain_reap(wchain *c)
{
    bool all = true;
    for (int i = 0; i < WCHAIN_STAGES; i++) {
        if (c->reaped[i])
            continue;
        int st;
        pid_t r = waitpid(c->pid[i], &st, WNOHANG);
        if (r == c->pid[i] || (r < 0 && errno == ECHILD)) {
            c->status[i] = r == c->pid[i] ? st : 0;
            c->reaped[i] = true;
        } else {
            all = false;
        }
    }
    return all;
}

int wchain_alive(const wchain *c)
{
    int n = 0;
    for (int i = 0; i < WCHAIN_STAGES; i++)
        n += !c->reaped[i];
    return n;
}

void wchain_kill(wchain *c)
{
    c->killed = true;
    if (wchain_alive(c) == 0)
        return;
    for (int i = 0; i < WCHAIN_STAGES; i++)
        c->kill_sent[i] = !c->reaped[i];
    kill(-c->pid[0], SIGKILL); /* the chain's process group, helpers included */
    for (int i = 0; i < WCHAIN_STAGES; i++)
        if (!c->reaped[i] && c->pid[i] > 0)
            kill(c->pid[i], SIGKILL);
}

/* Did stage i end the way a stage ends when another one broke the pipe? */
static bool pipe_victim(const wchain *c, int i)
{
    return c->reaped[i] && WIFSIGNALED(c->status[i]) && WTERMSIG(c->status[i]) == SIGPIPE;
}

static bool could_not_run(const wchain *c, int i)
{
    return c->reaped[i] && WIFEXITED(c->status[i]) &&
           (WEXITSTATUS(c->status[i]) == 126 || WEXITSTATUS(c->status[i]) == 127);
}

int wchain_fault(const wchain *c, const int *ok_statuses, char *desc, size_t size)
{
    /* A stage that could not even start explains everything after it. */
    for (int i = 0; i < WCHAIN_STAGES; i++) {
        if (could_not_run(c, i)) {
            snprintf(desc, size, "cannot run (exit status %d)", WEXITSTATUS(c->status[i]));
            return i;
        }
    }
    /* Then the first stage that failed on its own; a stage we killed, or
     * one that died of a broken pipe, only when nothing else did. */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < WCHAIN_STAGES; i++) {
            if (pass == 0 && (c->kill_sent[i] || pipe_victim(c, i)))
                continue;
            if (!c->reaped[i]) {
                snprintf(desc, size, "still running");
                return i;
            }
            int st = c->status[i];
            if (WIFSIGNALED(st)) {
                snprintf(desc, size, "killed by signal %d (%s)", WTERMSIG(st), strsignal(WTERMSIG(st)));
                return i;
            }
            if (WIFEXITED(st)) {
                int code = WEXITSTATUS(st);
                bool ok = false;
                for (const int *p = ok_statuses; *p >= 0; p++)
                    ok = ok || code == *p;
                if (!ok) {
                    snprintf(desc, size, "exit status %d", code);
                    return i;
                }
            }
        }
    }
    return -1;
}

void wchain_free(wchain *c)
{
    wchain_close_input(c);
    wline *ls[] = {&c->out, &c->err};
    for (size_t i = 0; i < 2; i++) {
        if (ls[i]->fd >= 0)
            close(ls[i]->fd);
        ls[i]->fd = -1;
    }
    if (wchain_alive(c) > 0) {
        wchain_kill(c);
        for (int i = 0; i < WCHAIN_STAGES; i++) {
            if (!c->reaped[i]) {
                int st = 0;
                while (waitpid(c->pid[i], &st, 0) < 0 && errno == EINTR) {}
                c->status[i] = st;
                c->reaped[i] = true;
            }
        }
    }
    for (size_t i = 0; i < 2; i++) {
        free(ls[i]->buf);
        ls[i]->buf = NULL;
        ls[i]->len = ls[i]->cap = 0;
        ls[i]->skipping = false;
    }
}
