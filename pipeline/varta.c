/*
 * varta — the front command: `varta watch …` runs the watched-folder
 * service (varta-watch), `varta scan|check|report|mrz …` run the matching
 * stage.  Each is a separate program found beside this one (the same bin/
 * directory) or on PATH, so `varta scan x.jpg` and `varta-scan x.jpg` are
 * the same thing.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

static const struct {
    const char *name, *what;
} subcommands[] = {
    {"watch", "the service: watch ROOT/inbox and process each case (--once: batch)"},
    {"scan", "stage: one JSON line per document found in each image"},
    {"check", "stage: per-case document records -> per-case decision"},
    {"report", "stage: write report.json, report.html, report.txt"},
    {"mrz", "MRZ text on stdin -> one JSON line per MRZ"},
};
#define NSUB (sizeof subcommands / sizeof *subcommands)

/* The default policy's path, resolved when it exists. */
static const char *policy_path(void)
{
    static char buf[PATH_MAX];
    const char *p = vt_data_path("national-guard.policy");
    return realpath(p, buf) ? buf : p;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: varta COMMAND [ARG...]\n"
               "       varta --help | --version\n\n"
               "Document verification for National Guard applicants.  Commands:\n");
    for (size_t i = 0; i < NSUB; i++)
        fprintf(f, "  %-8s %s\n", subcommands[i].name, subcommands[i].what);
    fprintf(f, "\n`varta COMMAND --help` describes each (the programs are varta-COMMAND).\n"
               "Common options: --as-of YYYY-MM-DD (default today), --policy FILE.\n"
               "Default policy: %s\n", policy_path());
}

int main(int argc, char **argv)
{
    vt_set_progname(argv[0]);
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        vt_close_stdout();
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version"))
        vt_print_version();
    size_t i;
    for (i = 0; i < NSUB; i++)
        if (!strcmp(argv[1], subcommands[i].name))
            break;
    if (i == NSUB) {
        vt_warn("unknown command '%s'", argv[1]);
        usage(stderr);
        return EXIT_USAGE;
    }
    char prog[64];
    snprintf(prog, sizeof prog, "varta-%s", subcommands[i].name);
    argv[1] = prog; /* the program sees its own name in argv[0] */

    char exe[PATH_MAX];
    if (vt_exe_dir(exe, sizeof exe)) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", exe, prog);
        if (access(path, X_OK) == 0) {
            execv(path, argv + 1);
            vt_die(EXIT_SOFTWARE, "cannot run %s:", path);
        }
    }
    execvp(prog, argv + 1);
    vt_die(errno == ENOENT ? EXIT_CONFIG : EXIT_SOFTWARE, "cannot run %s:", prog);
}
