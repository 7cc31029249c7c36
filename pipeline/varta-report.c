/*
 * varta-report — the report-writing stage.  Reads `report` records (from
 * varta-check) and for each writes ROOT/reports/<case>/ (or DIR/<case>/):
 * report.json (the record without its "record" key), report.html,
 * report.txt and copies of the evidence crops.  Each file is written to a
 * temporary name in that folder, synced, renamed into place, and the folder
 * synced, so a reader never sees half a report.  Files are 0600 and
 * folders 0700.  Then a `written` record goes to stdout.
 *
 * Case names that are not [A-Za-z0-9._-]{1,128} (or are "." / "..") are
 * refused; every path below the chosen root is opened with O_NOFOLLOW
 * through openat(), so nothing is ever written outside the case folder.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casedir.h"
#include "common.h"
#include "jsonl.h"
#include "policy.h"
#include "report.h"
#include "watch_fs.h"

#define CROP_MAX_BYTES (16u * 1024u * 1024u)
#define MAX_CROPS 256

static void usage(FILE *f)
{
    fprintf(f,
            "usage: varta-report (--root ROOT | --out DIR) [--lang uk|en] [--policy FILE] < records\n"
            "\n"
            "Reads report records (JSON Lines, from varta-check) on stdin and writes, per case,\n"
            "report.json, report.html, report.txt and the evidence crops into\n"
            "ROOT/reports/<case>/ (--root) or DIR/<case>/ (--out); then one\n"
            "{\"record\":\"written\",\"case\":...,\"decision\":...,\"dir\":...} line per case on stdout.\n"
            "\n"
            "  --root ROOT      the watched folder's root (reports go to ROOT/reports/<case>/)\n"
            "  --out DIR        write reports to DIR/<case>/ instead\n"
            "  --lang uk|en     language of report.html and report.txt (default: the\n"
            "                   policy's report_language)\n"
            "  --policy FILE    policy file for the default language (default: %s)\n"
            "  --help, --version\n"
            "\n"
            "Exit status: 0 ok, 64 usage, 65 a case was refused (bad name or record),\n"
            "74 I/O error, 78 bad policy.\n",
            vt_data_path("national-guard.policy"));
}

/* Open (creating with 0700 when missing) the directory `name` below dirfd,
 * never following a symbolic link.  -1 with errno on failure. */
static int open_subdir(int dirfd, const char *name)
{
    if (mkdirat(dirfd, name, 0700) != 0 && errno != EEXIST)
        return -1;
    return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

typedef int (*fill_fn)(FILE *f, void *arg);

/* Write a file atomically in dirfd: temporary name, fsync, rename. */
static int write_atomic(int dirfd, const char *name, fill_fn fill, void *arg)
{
    char tmp[300];
    snprintf(tmp, sizeof tmp, ".%s.tmp-%ld", name, (long)getpid());
    unlinkat(dirfd, tmp, 0);
    int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int e = errno;
        close(fd);
        unlinkat(dirfd, tmp, 0);
        errno = e;
        return -1;
    }
    int rc = fill(f, arg);
    if (fflush(f) != 0 || ferror(f))
        rc = -1;
    if (rc == 0 && fsync(fd) != 0)
        rc = -1;
    int e = errno;
    if (fclose(f) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0 && renameat(dirfd, tmp, dirfd, name) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0) {
        unlinkat(dirfd, tmp, 0);
        errno = e;
    }
    return rc;
}

struct render_arg {
    const json_t *rep;
    bool uk;
    const report_crop *crops;
    size_t ncrops;
};

static int fill_json(FILE *f, void *arg)
{
    const struct render_arg *a = arg;
    if (json_dumpf(a->rep, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        return -1;
    return fputc('\n', f) == EOF ? -1 : 0;
}

static int fill_html(FILE *f, void *arg)
{
    const struct render_arg *a = arg;
    return report_html(f, a->rep, a->uk, a->crops, a->ncrops);
}

static int fill_txt(FILE *f, void *arg)
{
    const struct render_arg *a = arg;
    return report_txt(f, a->rep, a->uk);
}

struct bytes_arg {
    const unsigned char *data;
    size_t len;
};

static int fill_bytes(FILE *f, void *arg)
{
    const struct bytes_arg *b = arg;
    return fwrite(b->data, 1, b->len, f) == b->len ? 0 : -1;
}

/* Read a crop image (a regular file, at most CROP_MAX_BYTES); NULL when it
 * cannot be used. */
static unsigned char *read_crop(const char *path, size_t *plen)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (unsigned long long)st.st_size > CROP_MAX_BYTES) {
        close(fd);
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    unsigned char *buf = malloc(len);
    size_t got = 0;
    while (buf && got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n <= 0) {
            free(buf);
            buf = NULL;
            break;
        }
        got += (size_t)n;
    }
    close(fd);
    *plen = got;
    return buf;
}

static const char *sniff_mime(const unsigned char *d, size_t n)
{
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return "image/jpeg";
    return NULL;
}

/* "crop-03-passport.png": index plus the base name, reduced to the safe
 * alphabet and capped. */
static void crop_name(char *out, size_t n, size_t idx, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char safe[80];
    size_t k = 0;
    for (const char *p = base; *p && k + 1 < sizeof safe; p++) {
        char c = *p;
        safe[k++] = ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                     c == '_' || c == '-') ? c : '_';
    }
    safe[k] = '\0';
    if (k == 0 || safe[0] == '.')
        snprintf(out, n, "crop-%02zu.img", idx + 1);
    else
        snprintf(out, n, "crop-%02zu-%s", idx + 1, safe);
}

/* Write one case's reports.  Returns EXIT_OK, EXIT_DATAERR or EXIT_IOERR. */
static int write_case(int basefd, const char *base_path, bool under_reports, const json_t *rec, bool uk)
{
    const json_t *cj = json_object_get(rec, "case");
    const char *cname = json_is_string(cj) ? json_string_value(cj) : NULL;
    if (cname == NULL || !casedir_name_ok(cname)) {
        vt_warn("report record refused: case name missing or not a plain [A-Za-z0-9._-]{1,128} name");
        return EXIT_DATAERR;
    }
    const json_t *dj = json_object_get(rec, "decision");
    const char *decision = json_is_string(dj) ? json_string_value(dj) : NULL;
    if (decision == NULL || !json_is_array(json_object_get(rec, "checks"))) {
        vt_warn("case %s: report record without decision or checks, refused", cname);
        return EXIT_DATAERR;
    }
    int repfd = basefd, casefd = -1;
    if (under_reports) {
        repfd = open_subdir(basefd, "reports");
        if (repfd < 0) {
            vt_warn("case %s: cannot open %s/reports:", cname, base_path);
            return EXIT_IOERR;
        }
    }
    casefd = open_subdir(repfd, cname);
    if (casefd < 0) {
        vt_warn("case %s: cannot open its report folder:", cname);
        if (repfd != basefd)
            close(repfd);
        return EXIT_IOERR;
    }
    int status = EXIT_OK;
    json_t *rep = json_deep_copy(rec);
    json_object_del(rep, "record");

    /* Evidence crops: copy into the folder and keep for embedding. */
    const json_t *docs = json_object_get(rep, "documents");
    size_t ndocs = json_array_size(docs);
    if (ndocs > MAX_CROPS)
        ndocs = MAX_CROPS;
    report_crop *crops = calloc(ndocs ? ndocs : 1, sizeof *crops);
    unsigned char **bufs = calloc(ndocs ? ndocs : 1, sizeof *bufs);
    char (*names)[128] = calloc(ndocs ? ndocs : 1, sizeof *names);
    if (crops == NULL || bufs == NULL || names == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    for (size_t i = 0; i < ndocs; i++) {
        const json_t *cp = json_object_get(json_array_get(docs, i), "crop");
        if (!json_is_string(cp) || json_string_length(cp) == 0)
            continue;
        size_t len = 0;
        bufs[i] = read_crop(json_string_value(cp), &len);
        if (bufs[i] == NULL) {
            vt_warn("case %s: evidence crop of document %zu not readable; not copied", cname, i + 1);
            continue;
        }
        crop_name(names[i], sizeof names[i], i, json_string_value(cp));
        struct bytes_arg ba = {bufs[i], len};
        if (write_atomic(casefd, names[i], fill_bytes, &ba) != 0) {
            vt_warn("case %s: cannot write %s:", cname, names[i]);
            status = EXIT_IOERR;
        }
        crops[i].data = bufs[i];
        crops[i].len = len;
        crops[i].mime = sniff_mime(bufs[i], len);
        crops[i].name = names[i];
    }

    struct render_arg ra = {rep, uk, crops, ndocs};
    static const struct { const char *name; fill_fn fill; } files[] = {
        {"report.json", fill_json}, {"report.html", fill_html}, {"report.txt", fill_txt},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        if (write_atomic(casefd, files[i].name, files[i].fill, &ra) != 0) {
            vt_warn("case %s: cannot write %s:", cname, files[i].name);
            status = EXIT_IOERR;
        }
    }
    if (fsync(casefd) != 0) {
        vt_warn("case %s: cannot sync its report folder:", cname);
        status = EXIT_IOERR;
    }
    fsync(repfd);       /* the case folder's entry, when it was just made */
    for (size_t i = 0; i < ndocs; i++)
        free(bufs[i]);
    free(bufs);
    free(crops);
    free(names);
    json_decref(rep);
    close(casefd);
    if (repfd != basefd)
        close(repfd);

    if (status == EXIT_OK) {
        char dir[PATH_MAX + 300];
        snprintf(dir, sizeof dir, "%s%s/%s", base_path, under_reports ? "/reports" : "", cname);
        json_t *w = json_object();
        json_object_set_new(w, "record", json_string("written"));
        json_object_set_new(w, "case", json_string(cname));
        json_object_set_new(w, "decision", json_string(decision));
        json_object_set_new(w, "dir", json_string(dir));
        int rc = jsonl_write(stdout, w);
        json_decref(w);
        if (rc != 0)
            vt_die(EXIT_IOERR, "error writing standard output:");
    }
    return status;
}

int main(int argc, char **argv)
{
    vt_set_progname(argv[0]);
    umask(077);
    static const struct option opts[] = {
        {"root", required_argument, NULL, 'r'},
        {"out", required_argument, NULL, 'o'},
        {"lang", required_argument, NULL, 'l'},
        {"policy", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    const char *root = NULL, *out = NULL, *lang = NULL, *policy_path = NULL;
    int ch;
    while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (ch) {
        case 'r': root = optarg; break;
        case 'o': out = optarg; break;
        case 'l': lang = optarg; break;
        case 'p': policy_path = optarg; break;
        case 'h': usage(stdout); vt_close_stdout(); return EXIT_OK;
        case 'V': vt_print_version();
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    if (optind < argc || (root == NULL) == (out == NULL)) {
        vt_warn(optind < argc ? "unexpected argument" : "give exactly one of --root ROOT or --out DIR");
        usage(stderr);
        return EXIT_USAGE;
    }
    if (lang != NULL && strcmp(lang, "uk") != 0 && strcmp(lang, "en") != 0)
        vt_die(EXIT_USAGE, "--lang: expected uk or en");
    if (lang == NULL || policy_path != NULL) {
        policy *pol = vt_load_policy(policy_path);
        if (lang == NULL)
            lang = strcmp(policy_report_language(pol), "en") == 0 ? "en" : "uk";
        policy_free(pol);
    }
    bool uk = strcmp(lang, "uk") == 0;
    const char *base = root ? root : out;
    if (out != NULL && mkdir(out, 0700) != 0 && errno != EEXIST)
        vt_die(EXIT_IOERR, "cannot create %s:", out);
    int basefd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (basefd < 0)
        vt_die(root ? EXIT_NOINPUT : EXIT_IOERR, "cannot open %s:", base);

    jsonl_reader *in = jsonl_reader_new(stdin);
    if (in == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    int status = EXIT_OK;
    for (;;) {
        json_t *rec = NULL;
        jsonl_status js = jsonl_next(in, &rec);
        if (js == JSONL_EOF)
            break;
        if (js == JSONL_IO) {
            vt_warn("error reading standard input:");
            status = EXIT_IOERR;
            break;
        }
        if (js != JSONL_OK) {
            vt_warn("input record %lu: %s, skipped", jsonl_reader_count(in), jsonl_reader_error(in));
            if (status == EXIT_OK)
                status = EXIT_DATAERR;
            continue;
        }
        const json_t *kind = json_object_get(rec, "record");
        if (json_is_string(kind) && strcmp(json_string_value(kind), "report") == 0) {
            int rc = write_case(basefd, base, root != NULL, rec, uk);
            if (rc == EXIT_IOERR || (rc != EXIT_OK && status == EXIT_OK))
                status = rc;
        }
        json_decref(rec);
    }
    jsonl_reader_free(in);
    close(basefd);
    vt_close_stdout();
    return status;
}
