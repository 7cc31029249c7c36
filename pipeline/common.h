/*
 * common — what every varta program shares: its name in diagnostics, the
 * exit statuses of the contract, checked output, and where the installed or
 * checked-out data files (OCR models, default policy) live.
 *
 * Diagnostics never carry personal data: callers pass case names and file
 * names only, never MRZ text, names or birth dates.
 */
#ifndef VARTA_COMMON_H
#define VARTA_COMMON_H

#include <stdbool.h>
#include <stdio.h>

#include "policy.h"
#include "vdate.h"

/* Exit statuses (sysexits.h values, as CONTRACT.md §2 lists them). */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,
    EXIT_DATAERR = 65,
    EXIT_NOINPUT = 66,
    EXIT_SOFTWARE = 70,
    EXIT_IOERR = 74,
    EXIT_CONFIG = 78,
};

/* vt_set_progname: remember argv[0]'s base name for diagnostics. */
void vt_set_progname(const char *argv0);
const char *vt_progname(void);

/* vt_die: print "prog: message" (plus ": strerror(errno)" when fmt ends in
 * ':') on stderr and exit with `status`. */
_Noreturn void vt_die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* vt_warn: as vt_die, without exiting. */
void vt_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* vt_close_stdout: flush and close stdout; on failure (a full disk, a closed
 * pipe) die with EXIT_IOERR so that a lost write is never a silent success. */
void vt_close_stdout(void);

/* vt_parse_as_of: parse an --as-of argument ("YYYY-MM-DD"); dies with
 * EXIT_USAGE on anything else. */
vdate vt_parse_as_of(const char *arg);

/* vt_single_threaded_ocr: make Tesseract's OpenMP sections run on one
 * thread in this process and its children (OMP_THREAD_LIMIT=1).  libgomp
 * reads the variable once, when it is loaded before main(), and Tesseract
 * asks for its threads explicitly, so when the variable was not already 1
 * the program is started again in place (execv of /proc/self/exe with the
 * same argv; nothing has been read yet).  If that fails it goes on
 * multi-threaded.  varta's parallelism is one process per core: OpenMP
 * threads spin-waiting for each other cost a page about three times the
 * CPU.  Call first thing in main(). */
void vt_single_threaded_ocr(char **argv);

/* vt_exe_dir: the directory of the running executable (from
 * /proc/self/exe) copied into dir[cap].  Returns false, dir empty, when it
 * cannot be known or does not fit. */
bool vt_exe_dir(char *dir, size_t cap);

/* vt_data_path: the path of a data file shipped with varta, e.g.
 * vt_data_path("tessdata") or vt_data_path("national-guard.policy").
 * Looks, in order, in $VARTA_DATADIR, beside the running executable's
 * checkout (bin/../ocr, bin/../validators), then the installed DATADIR.
 * Returns a pointer to a static buffer, overwritten by the next call. */
const char *vt_data_path(const char *name);

/* vt_load_policy: load the policy file `path`, or the shipped
 * national-guard.policy (vt_data_path) when path is NULL.  Dies with
 * EXIT_CONFIG and "file:line: what is wrong" when it cannot be used.
 * The caller owns the policy (policy_free). */
policy *vt_load_policy(const char *path);

/* vt_print_version: "prog (varta) VERSION" on stdout, then exit 0. */
_Noreturn void vt_print_version(void);

#endif
