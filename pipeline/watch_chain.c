/* watch_chain — a chain of stage processes joined by pipes (see watch_chain.h). */
#include "watch_chain.h"

#include <errno.h>
#include <fcntl.h>
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
    c->in_fd = c->out_fd = c->err_fd = -1;
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

int wchain_start(wchain *c, char *const *const argv[WCHAIN_STAGES], char *err, size_t errsize)
{
    init(c);
    int p[WCHAIN_STAGES + 1][2]; /* p[0]: service->stage0, p[i]: stage i-1 -> stage i, p[N]: -> service */
    int e[2] = {-1, -1};
    for (int i = 0; i <= WCHAIN_STAGES; i++)
        p[i][0] = p[i][1] = -1;
    for (int i = 0; i <= WCHAIN_STAGES; i++) {
        if (pipe2(p[i], O_CLOEXEC) != 0)
            goto fail;
    }
    if (pipe2(e, O_CLOEXEC) != 0)
        goto fail;
    pid_t parent = getpid();
    pid_t pgid = 0;
    for (int i = 0; i < WCHAIN_STAGES; i++) {
        pid_t pid = fork();
        if (pid < 0)
            goto fail;
        if (pid == 0)
            child(p[i][0], p[i + 1][1], e[1], pgid, parent, argv[i]);
        if (pgid == 0)
            pgid = pid;
        setpgid(pid, pgid); /* also in the child: whichever runs first */
        c->pid[i] = pid;
        c->reaped[i] = false;
    }
    /* keep only our ends */
    c->in_fd = p[0][1];
    c->out_fd = p[WCHAIN_STAGES][0];
    c->err_fd = e[0];
    close(p[0][0]);
    for (int i = 1; i < WCHAIN_STAGES; i++) {
        close(p[i][0]);
        close(p[i][1]);
    }
    close(p[WCHAIN_STAGES][1]);
    close(e[1]);
    fcntl(c->in_fd, F_SETFL, O_NONBLOCK);
    fcntl(c->out_fd, F_SETFL, O_NONBLOCK);
    fcntl(c->err_fd, F_SETFL, O_NONBLOCK);
    return 0;
fail:
    snprintf(err, errsize, "cannot start the stages: %s", strerror(errno));
    for (int i = 0; i <= WCHAIN_STAGES; i++) {
        if (p[i][0] >= 0) close(p[i][0]);
        if (p[i][1] >= 0) close(p[i][1]);
    }
    if (e[0] >= 0) close(e[0]);
    if (e[1] >= 0) close(e[1]);
    c->in_fd = c->out_fd = c->err_fd = -1;
    wchain_free(c);
    return -1;
}

int wchain_send(wchain *c, const char *line)
{
    if (c->in_fd < 0) {
        errno = EPIPE;
        return -1;
    }
    size_t len = strlen(line);
    char *buf = malloc(len + 1);
    if (buf == NULL)
        return -1;
    memcpy(buf, line, len);
    buf[len] = '\n';
    /* A path is far below PIPE_BUF and the stage reads one line at a time,
     * so this write does not block for long; wait out a full pipe anyway. */
    size_t off = 0;
    int rc = 0;
    while (off < len + 1) {
        ssize_t w = write(c->in_fd, buf + off, len + 1 - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && errno == EAGAIN) {
            usleep(10000);
            if (wchain_alive(c) == 0 || (wchain_reap(c), c->reaped[0])) {
                errno = EPIPE;
                rc = -1;
                break;
            }
            continue;
        }
        if (w <= 0) {
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    free(buf);
    return rc;
}

void wchain_close_input(wchain *c)
{
    if (c->in_fd >= 0)
        close(c->in_fd);
    c->in_fd = -1;
}

int wchain_read_out(wchain *c, wchain_line_fn fn, void *ctx)
{
    if (c->out_fd < 0)
        return 1;
    char chunk[65536];
    for (;;) {
        ssize_t n = read(c->out_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 0;
        if (n <= 0) {
            close(c->out_fd);
            c->out_fd = -1;
            return 1;
        }
        for (ssize_t i = 0; i < n; i++) {
            char ch = chunk[i];
            if (ch == '\n') {
                if (!c->out_skipping && c->out_buf) {
                    c->out_buf[c->out_len] = '\0';
                    fn(ctx, c->out_buf, c->out_len);
                }
                c->out_len = 0;
                c->out_skipping = false;
                continue;
            }
            if (c->out_skipping)
                continue;
            if (c->out_len + 2 > c->out_cap) {
                size_t ncap = c->out_cap ? c->out_cap * 2 : 4096;
                if (ncap > WCHAIN_MAX_LINE + 2) {
                    c->out_skipping = true;
                    continue;
                }
                char *nb = realloc(c->out_buf, ncap);
                if (nb == NULL) {
                    c->out_skipping = true;
                    continue;
                }
                c->out_buf = nb;
                c->out_cap = ncap;
            }
            c->out_buf[c->out_len++] = ch;
        }
    }
}

static void keep_last(wchain *c)
{
    size_t n = strlen(c->err_buf);
    if (n >= sizeof c->last_err)
        n = sizeof c->last_err - 1;
    memcpy(c->last_err, c->err_buf, n);
    c->last_err[n] = '\0';
}

int wchain_read_err(wchain *c, wchain_line_fn fn, void *ctx)
{
    if (c->err_fd < 0)
        return 1;
    char chunk[4096];
    for (;;) {
        ssize_t n = read(c->err_fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return 0;
        if (n <= 0) {
            if (c->err_len > 0) { /* a last line without '\n' */
                c->err_buf[c->err_len] = '\0';
                keep_last(c);
                fn(ctx, c->err_buf, c->err_len);
                c->err_len = 0;
            }
            close(c->err_fd);
            c->err_fd = -1;
            return 1;
        }
        for (ssize_t i = 0; i < n; i++) {
            char ch = chunk[i];
            if (ch == '\n' || c->err_len + 1 >= sizeof c->err_buf) {
                c->err_buf[c->err_len] = '\0';
                if (c->err_len > 0) {
                    keep_last(c);
                    fn(ctx, c->err_buf, c->err_len);
                }
                c->err_len = 0;
                if (ch == '\n')
                    continue;
            }
            c->err_buf[c->err_len++] = ch;
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
    if (c->out_fd >= 0)
        close(c->out_fd);
    if (c->err_fd >= 0)
        close(c->err_fd);
    c->out_fd = c->err_fd = -1;
    if (wchain_alive(c) > 0) {
        wchain_kill(c);
        for (int i = 0; i < WCHAIN_STAGES; i++) {
            if (!c->reaped[i]) {
                int st;
                while (waitpid(c->pid[i], &st, 0) < 0 && errno == EINTR) {}
                c->status[i] = st;
                c->reaped[i] = true;
            }
        }
    }
    free(c->out_buf);
    c->out_buf = NULL;
    c->out_len = c->out_cap = 0;
}
