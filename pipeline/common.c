/* common — shared helpers for varta's programs (see common.h). */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *progname = "varta";

void vt_set_progname(const char *argv0)
{
    if (argv0 == NULL || *argv0 == '\0')
        return;
    const char *slash = strrchr(argv0, '/');
    progname = slash ? slash + 1 : argv0;
}

const char *vt_progname(void) { return progname; }

static void vwarn_errno(const char *fmt, va_list ap, int saved)
{
    fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    size_t n = strlen(fmt);
    if (n > 0 && fmt[n - 1] == ':')
        fprintf(stderr, " %s", strerror(saved));
    fputc('\n', stderr);
}

void vt_die(int status, const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    vwarn_errno(fmt, ap, saved);
    va_end(ap);
    exit(status);
}

void vt_warn(const char *fmt, ...)
{
    int saved = errno;
    va_list ap;
    va_start(ap, fmt);
    vwarn_errno(fmt, ap, saved);
    va_end(ap);
}

void vt_close_stdout(void)
{
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0)
        vt_die(EXIT_IOERR, "error writing standard output:");
}

vdate vt_parse_as_of(const char *arg)
{
    vdate d;
    if (!vdate_parse_iso(arg, &d))
        vt_die(EXIT_USAGE, "--as-of: expected a real date as YYYY-MM-DD, got '%s'", arg ? arg : "");
    return d;
}

static bool exists(const char *path)
{
    return access(path, R_OK) == 0;
}

void vt_single_threaded_ocr(char **argv)
{
    const char *limit = getenv("OMP_THREAD_LIMIT");
    if (limit && strcmp(limit, "1") == 0)
        return;
    if (setenv("OMP_THREAD_LIMIT", "1", 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    /* not re-executed (no /proc?): correct, only slower */
}

bool vt_exe_dir(char *dir, size_t cap)
{
    if (cap == 0)
        return false;
    dir[0] = '\0';
    ssize_t n = readlink("/proc/self/exe", dir, cap - 1);
    if (n <= 0 || (size_t)n >= cap - 1) {
        dir[0] = '\0';
        return false;
    }
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash == NULL) {
        dir[0] = '\0';
        return false;
    }
    *slash = '\0';
    return true;
}

const char *vt_data_path(const char *name)
{
    static char buf[PATH_MAX + 64];
    const char *env = getenv("VARTA_DATADIR");
    if (env && *env) {
        if (snprintf(buf, sizeof buf, "%s/%s", env, name) < (int)sizeof buf && exists(buf))
            return buf;
    }
    /* Running from a checkout: bin/<prog> -> <checkout>/{ocr,validators}/name */
    char exe[PATH_MAX - 64];
    if (vt_exe_dir(exe, sizeof exe)) {
        static const char *const subdirs[] = {"ocr", "validators"};
        for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
            int w = snprintf(buf, sizeof buf, "%s/../%s/%s", exe, subdirs[i], name);
            if (w > 0 && w < (int)sizeof buf && exists(buf))
                return buf;
        }
    }
    snprintf(buf, sizeof buf, "%s/%s", VARTA_DATADIR, name);
    return buf;
}

void vt_print_version(void)
{
    printf("%s (varta) %s\n", progname, VARTA_VERSION);
    vt_close_stdout();
    exit(EXIT_OK);
}

policy *vt_load_policy(const char *path)
{
    /* vt_data_path's buffer is reused by the next call: keep a copy */
    char pathbuf[PATH_MAX + 64];
    snprintf(pathbuf, sizeof pathbuf, "%s", path ? path : vt_data_path("national-guard.policy"));
    char err[1024];
    policy *pol = policy_load(pathbuf, err, sizeof err);
    if (pol == NULL)
        vt_die(EXIT_CONFIG, "%s", err);
    return pol;
}
