/*
 * varta-scan — the first stage: scans in, one JSON line per document out.
 *
 * Inputs are case folders and plain files, named as arguments, or one path
 * per line on stdin (NUL-separated with -0) when there are no arguments.
 * For a case folder it writes the folder's `case` record (casedir.h), then
 * for every page of every scan a `document` record per MRZ found (type from
 * the MRZ, doctype.h), or, when a page has no valid MRZ, a
 * `police_certificate` from the certificate reader (or `unknown`); files that yield no
 * document give `error` records.  Plain files form one implicit case
 * (--case NAME, default "-"), written after the folders, when the input
 * ends.  Each case ends with an `end` record, flushed.  Folders are
 * handled as soon as they are read, so `varta watch` can feed cases one at
 * a time through a pipe and see each one finished.
 *
 * One MRZ reader (varta's OCR-B model) is created at start-up and reused;
 * the certificate reader (eng+deu+pol+ukr) is created on first need.
 * Tesseract runs single-threaded (OMP_THREAD_LIMIT=1, set by starting again
 * in place when the caller had not: vt_single_threaded_ocr); files are created
 * private (umask 077).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "casedir.h"
#include "certread.h"
#include "common.h"
#include "doctype.h"
#include "image.h"
#include "mrz.h"
#include "mrzread.h"
#include "policy.h"
#include "scancrop.h"

#define MAX_INPUT_PATH 16384      /* longest path accepted on stdin */
#define MAX_PLAIN_FILES 100000    /* plain-file inputs in the implicit case */
#define MIN_CERT_SIDE 200         /* pixels; smaller pages are not certificates */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: %s [options] [FILE|DIR...]\n"
            "Reads scans (PNG, JPEG, TIFF, image-only PDF) and writes JSON Lines on\n"
            "standard output: a `case` record per case folder, then a `document`\n"
            "record per document found on each page (passport, id_card,\n"
            "residence_permit, visa, travel_document, police_certificate, unknown)\n"
            "and an `error` record per file or page that could not be read, then an\n"
            "`end` record when the case is complete.\n"
            "A DIR is a case folder (its name is the case).  Plain FILEs form one\n"
            "case, named by --case.  With no arguments, paths are read from\n"
            "standard input, one per line.\n"
            "  --as-of DATE     reference date (YYYY-MM-DD) for two-digit years\n"
            "                   (default: today)\n"
            "  --policy FILE    policy file (default: %s)\n"
            "  --case NAME      case name for plain FILE inputs (default: -)\n"
            "  --crops DIR      save each MRZ crop as DIR/<case>/<file>-p<page>-<n>.png\n"
            "  -0, --null       paths on standard input are NUL-separated\n"
            "  --check-config   load the policy, the MRZ model and every certificate\n"
            "                   language, say what is missing, and exit (0 or 78)\n"
            "  --help           show this help\n"
            "  --version        show the version\n"
            "Exit status: 0 when all input was processed (error records included),\n"
            "64 usage error, 65 more than 100,000 plain files, 66 a named input does\n"
            "not exist, 70 internal error (out of memory), 74 output error,\n"
            "78 configuration error (OCR model, language data or policy).\n",
            vt_progname(), vt_data_path("national-guard.policy"));
}

typedef struct scan {
    vdate ref;
    const char *policy_path;
    policy *pol;
    mrz_reader *mrz;
    cert_reader *cert;
    int crops_fd;             /* -1 without --crops */
    const char *crops_dir;
    int status;               /* exit status so far */
} scan;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Write one record as a JSON line and flush it (a stage downstream sees
 * each record as soon as it is made).  As jsonl_write, with reals at six
 * significant digits, so confidences read 0.97 rather than 0.9699999999. */
static void emit(json_t *rec)
{
    if (rec == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    if (json_dumpf(rec, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6)) != 0 ||
        putchar('\n') == EOF || fflush(stdout) != 0)
        vt_die(EXIT_IOERR, "error writing standard output:");
    json_decref(rec);
}

/* A file name that may not be UTF-8, as a JSON string (\xNN escapes). */
static json_t *name_json(const char *raw)
{
    json_t *s = audit_name_json(raw);
    if (s == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    return s;
}

static json_t *record_new(const char *kind, const char *casename)
{
    json_t *r = json_object();
    if (r == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    json_object_set_new(r, "record", json_string(kind));
    json_object_set_new(r, "case", name_json(casename));
    return r;
}

static void emit_error(const char *casename, const char *file, int page, const char *why)
{
    json_t *r = record_new("error", casename);
    json_object_set_new(r, "file", name_json(file));
    json_object_set_new(r, "page", page < 0 ? json_null() : json_integer(page));
    json_object_set_new(r, "error", json_string(why));
    emit(r);
}

static json_t *confidence_json(double c)
{
    if (!isfinite(c) || c < 0)
        c = 0;
    if (c > 1)
        c = 1;
    return json_real(round(c * 1000.0) / 1000.0);
}

/* ------------------------------------------------------------------ */
/* Crops */

/* Save the crop of one reading under DIR/<case>/ (scancrop.h) and return
 * its path as a JSON string, or JSON null when there is no crop or it could
 * not be written (a warning says so). */
static json_t *save_crop(scan *s, const char *casename, const char *file, int page, int k, PIX *crop)
{
    if (s->crops_fd < 0 || crop == NULL)
        return json_null();
    char err[256];
    char *path = scancrop_save(s->crops_fd, s->crops_dir, casename, file, page, k, crop, err, sizeof err);
    if (path == NULL) {
        vt_warn("%s: crop not saved in %s: %s", casename, s->crops_dir, err);
        return json_null();
    }
    json_t *j = name_json(path);
    free(path);
    return j;
}

/* ------------------------------------------------------------------ */
/* Documents */

static json_t *mrz_json(const mrz_reading *rd)
{
    json_t *m = mrz_result_to_json(&rd->mrz);
    if (m == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    json_t *corr = json_array();
    for (int i = 0; i < rd->ncorrections && i < MRZ_MAX_CORRECTIONS; i++) {
        const mrz_correction *c = &rd->corrections[i];
        char from[2] = {c->from, 0}, to[2] = {c->to, 0};
        json_t *o = json_object();
        json_object_set_new(o, "line", json_integer(c->line));
        json_object_set_new(o, "col", json_integer(c->col));
        json_object_set_new(o, "from", json_string(from));
        json_object_set_new(o, "to", json_string(to));
        json_array_append_new(corr, o);
    }
    json_object_set_new(m, "corrections", corr);
    json_object_set_new(m, "confidence", confidence_json(rd->confidence));
    json_object_set_new(m, "orientation", json_integer(rd->orientation));
    return m;
}

static cert_reader *cert_reader_get(scan *s)
{
    if (s->cert == NULL) {
        char err[512];
        s->cert = cert_reader_new(NULL, s->pol, err, sizeof err);
        if (s->cert == NULL)
            vt_die(EXIT_CONFIG, "certificate reader: %s", err);
        char missing[128];
        if (cert_reader_missing_languages(s->cert, missing, sizeof missing) > 0)
            fprintf(stderr, "%s: warning: Tesseract language data missing: %s; those "
                    "certificates are read with eng+ukr (Debian packages tesseract-ocr-*)\n",
                    vt_progname(), missing);
    }
    return s->cert;
}

/* Keep the readings worth a document record: implausible ones
 * (doctype_mrz_plausible) go when the page holds a valid MRZ beside them.  Returns the number kept,
 * compacted to the front of rd[]; the others are cleared. */
static int drop_phantom_readings(mrz_reading *rd, int n)
{
    bool any_valid = false;
    for (int k = 0; k < n; k++)
        any_valid = any_valid || rd[k].mrz.valid;
    if (!any_valid)
        return n;
    int kept = 0;
    for (int k = 0; k < n; k++) {
        if (doctype_mrz_plausible(&rd[k].mrz, rd[k].confidence)) {
            if (kept != k) {
                rd[kept] = rd[k];
                memset(&rd[k], 0, sizeof rd[k]);
            }
            kept++;
        } else {
            mrz_reading_clear(&rd[k]);
        }
    }
    return kept;
}

static void emit_certificate(const char *casename, const char *file, int page, json_t *cert,
                             double conf, long t0)
{
    json_t *r = record_new("document", casename);
    json_object_set_new(r, "file", name_json(file));
    json_object_set_new(r, "page", json_integer(page));
    json_object_set_new(r, "type", json_string(cert ? "police_certificate" : "unknown"));
    json_object_set_new(r, "mrz", json_null());
    json_object_set_new(r, "certificate", cert ? cert : json_null());
    json_object_set_new(r, "confidence", confidence_json(conf));
    json_object_set_new(r, "ms", json_integer(now_ms() - t0));
    json_object_set_new(r, "crop", json_null());
    emit(r);
}

/* The certificate on page `page` of doc, or NULL (*pconf its confidence).
 * `grey` is the page as the MRZ reader had it; a colour JPEG page is
 * decoded again in colour (the certificate reader finds a photographed sheet on a
 * coloured desk by colour).  A page under MIN_CERT_SIDE pixels a side
 * cannot hold a legible A4 certificate (72 dpi A4 is 595 x 842), so it is
 * not OCRed. */
static json_t *read_certificate(scan *s, img_doc *doc, int page, PIX *grey, double *pconf)
{
    *pconf = 0;
    if (pixGetWidth(grey) < MIN_CERT_SIDE || pixGetHeight(grey) < MIN_CERT_SIDE)
        return NULL;
    PIX *colour = NULL;
    char err[256];
    if (img_doc_grey_drops_colour(doc) && img_doc_page(doc, page, &colour, err, sizeof err) != IMG_OK)
        colour = NULL;      /* decoded as grey a moment ago: read that */
    json_t *cert = cert_reader_read(cert_reader_get(s), colour ? colour : grey, s->ref, pconf);
    pixDestroy(&colour);
    return cert;
}

/* Read one page: documents or an error record.  A page whose MRZ readings
 * are all invalid is also read as a certificate: certificate text read as
 * an MRZ must not hide the certificate (when one is recognised, the MRZ
 * readings are dropped; otherwise they stand, to be reviewed). */
static void scan_page(scan *s, const char *casename, const char *file, img_doc *doc, int page,
                      PIX *pix, long t0)
{
    mrz_reading readings[MRZ_MAX_DOCS_PER_PAGE];
    memset(readings, 0, sizeof readings);
    char err[512] = "";
    int n = mrz_reader_read(s->mrz, pix, s->ref, readings, MRZ_MAX_DOCS_PER_PAGE, err, sizeof err);
    if (n < 0) {
        for (int k = 0; k < MRZ_MAX_DOCS_PER_PAGE; k++)
            mrz_reading_clear(&readings[k]);
        char why[600];
        snprintf(why, sizeof why, "MRZ reader failed: %s", err);
        emit_error(casename, file, page, why);
        return;
    }
    if (n > MRZ_MAX_DOCS_PER_PAGE)
        n = MRZ_MAX_DOCS_PER_PAGE;
    n = drop_phantom_readings(readings, n);
    bool any_valid = false;
    for (int k = 0; k < n; k++)
        any_valid = any_valid || readings[k].mrz.valid;
    double conf = 0;
    json_t *cert = any_valid ? NULL : read_certificate(s, doc, page, pix, &conf);
    if (n == 0 || cert != NULL) {
        for (int k = 0; k < n; k++)
            mrz_reading_clear(&readings[k]);
        emit_certificate(casename, file, page, cert, conf, t0);
        return;
    }
    json_t *crops[MRZ_MAX_DOCS_PER_PAGE];
    for (int k = 0; k < n; k++)
        crops[k] = save_crop(s, casename, file, page, k, readings[k].crop);
    long ms = now_ms() - t0;
    for (int k = 0; k < n; k++) {
        json_t *r = record_new("document", casename);
        json_object_set_new(r, "file", name_json(file));
        json_object_set_new(r, "page", json_integer(page));
        json_object_set_new(r, "type", json_string(doctype_name(doctype_of_mrz(&readings[k].mrz, s->pol))));
        json_object_set_new(r, "mrz", mrz_json(&readings[k]));
        json_object_set_new(r, "certificate", json_null());
        json_object_set_new(r, "confidence", confidence_json(readings[k].confidence));
        json_object_set_new(r, "ms", json_integer(ms));
        json_object_set_new(r, "crop", crops[k]);
        emit(r);
        mrz_reading_clear(&readings[k]);
    }
}

/* Every page of the scan `base` in folder dfd; `file` names it in records. */
static void scan_file(scan *s, const char *casename, int dfd, const char *base, const char *file)
{
    long t0 = now_ms();
    char err[512];
    img_doc *doc = NULL;
    img_status st = img_open(dfd, base, &doc, err, sizeof err);
    if (st != IMG_OK) {
        emit_error(casename, file, -1, err);
        return;
    }
    int n = img_doc_pages(doc);
    for (int i = 0; i < n; i++) {
        if (i > 0)
            t0 = now_ms();
        PIX *pix = NULL;
        st = img_doc_page_grey(doc, i, &pix, err, sizeof err);
        if (st != IMG_OK) {
            /* a one-page file failed as a whole: no page number */
            emit_error(casename, file, n > 1 ? i : -1, err);
            continue;
        }
        scan_page(s, casename, file, doc, i, pix, t0);
        pixDestroy(&pix);
    }
    img_close(doc);
}

/* The `end` record: the case's last record was written (flushed, so a
 * stage downstream can report the case without waiting for more input). */
static void emit_end(const char *casename)
{
    emit(record_new("end", casename));
}

static void scan_case_entries(scan *s, const casedir *cd);

/* The case record, documents and errors for each of its entries, then the
 * case's `end` record. */
static void scan_case(scan *s, const casedir *cd)
{
    emit(casedir_record(cd));
    if (!cd->error[0])
        scan_case_entries(s, cd);
    emit_end(cd->name);
}

static void scan_case_entries(scan *s, const casedir *cd)
{
    for (size_t i = 0; i < cd->nentries; i++) {
        const casedir_entry *e = &cd->entries[i];
        if (e->kind == CASEDIR_SKIPPED)
            continue;
        if (e->kind == CASEDIR_REJECTED) {
            emit_error(cd->name, e->name, -1, e->reason);
            continue;
        }
        if (cd->dirfd >= 0) {
            if (strcmp(e->name, CASEDIR_APPLICANT) == 0)
                continue;       /* the form data, already in the case record */
            scan_file(s, cd->name, cd->dirfd, e->name, e->name);
        } else {
            const char *base;
            int dfd = casedir_open_parent(e->name, &base);
            if (dfd < 0) {
                char why[200];
                snprintf(why, sizeof why, "cannot open its folder: %s", strerror(errno));
                emit_error(cd->name, e->name, -1, why);
                continue;
            }
            scan_file(s, cd->name, dfd, base, e->name);
            close(dfd);
        }
    }
}

/* ------------------------------------------------------------------ */
/* Inputs */

typedef struct plain_files {
    char **paths;
    size_t n, cap;
} plain_files;

static void input_missing(scan *s, const char *path, int e)
{
    char shown[512];
    audit_name_escape(path, shown, sizeof shown);
    errno = e;
    vt_warn("%s:", shown);
    s->status = EXIT_NOINPUT;
}

static void handle_input(scan *s, const char *path, plain_files *pf)
{
    struct stat st;
    if (path[0] == '\0') {
        return;
    }
    if (stat(path, &st) != 0) {
        int e = errno;
        struct stat lst;
        if (lstat(path, &lst) == 0) {
            /* a dangling symbolic link: a plain file that gets its error record */
        } else {
            input_missing(s, path, e);
            return;
        }
    } else if (S_ISDIR(st.st_mode)) {
        casedir cd;
        if (casedir_scan(path, &cd) != 0 && cd.name == NULL) {
            input_missing(s, path, errno);
            casedir_free(&cd);
            return;
        }
        if (cd.error[0] && cd.dirfd < 0 && strncmp(cd.error, "cannot", 6) == 0) {
            char shown[512];
            audit_name_escape(path, shown, sizeof shown);
            vt_warn("%s: %s", shown, cd.error);
        }
        scan_case(s, &cd);
        casedir_free(&cd);
        return;
    }
    if (pf->n >= MAX_PLAIN_FILES) {
        vt_warn("more than %d plain files; the rest are ignored", MAX_PLAIN_FILES);
        s->status = EXIT_DATAERR;
        return;
    }
    if (pf->n == pf->cap) {
        size_t ncap = pf->cap ? pf->cap * 2 : 16;
        char **np = realloc(pf->paths, ncap * sizeof *np);
        if (np == NULL)
            vt_die(EXIT_SOFTWARE, "out of memory");
        pf->paths = np;
        pf->cap = ncap;
    }
    pf->paths[pf->n] = strdup(path);
    if (pf->paths[pf->n] == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    pf->n++;
}

/* Read paths from stdin: lines (a trailing '\r' kept: it may be part of a
 * name) or NUL-separated records; each at most MAX_INPUT_PATH bytes. */
static void read_stdin_paths(scan *s, int sep, plain_files *pf)
{
    static char buf[MAX_INPUT_PATH + 1];
    size_t len = 0;
    bool too_long = false, any = false;
    int c;
    for (;;) {
        c = getchar();
        if (c == EOF || c == sep) {
            if (c == EOF && !any)
                break;
            if (too_long) {
                vt_warn("an input path longer than %d bytes was ignored", MAX_INPUT_PATH);
                s->status = EXIT_NOINPUT;
            } else if (len > 0) {
                buf[len] = '\0';
                handle_input(s, buf, pf);
            }
            len = 0;
            too_long = any = false;
            if (c == EOF)
                break;
            continue;
        }
        any = true;
        if (c == '\0' || len >= MAX_INPUT_PATH)
            too_long = too_long || len >= MAX_INPUT_PATH || c == '\0';
        else
            buf[len++] = (char)c;
    }
    if (ferror(stdin))
        vt_die(EXIT_IOERR, "error reading standard input:");
}

/* --check-config: the policy and MRZ model are loaded by now; load the
 * certificate reader and insist on every language it uses.  Exit 0, or 78
 * naming what is missing. */
static int check_configuration(scan *s)
{
    char err[512], missing[128];
    cert_reader *cert = cert_reader_new(NULL, s->pol, err, sizeof err);
    if (cert == NULL)
        vt_die(EXIT_CONFIG, "certificate reader: %s", err);
    int n = cert_reader_missing_languages(cert, missing, sizeof missing);
    cert_reader_free(cert);
    if (n > 0)
        vt_die(EXIT_CONFIG, "Tesseract language data missing: %s (Debian packages tesseract-ocr-*)",
               missing);
    mrz_reader_free(s->mrz);
    policy_free(s->pol);
    printf("configuration ok: policy, MRZ model and certificate language data\n");
    vt_close_stdout();
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    vt_set_progname(argv[0]);
    umask(077);
    signal(SIGPIPE, SIG_IGN);     /* a closed pipe is a write error: exit 74 */
    signal(SIGCHLD, SIG_DFL);     /* an ignored SIGCHLD (inherited) would hide the
                                   * PDF rasteriser's exit status */
    vt_single_threaded_ocr(argv);

    scan s = {.ref = vdate_today(), .crops_fd = -1, .status = EXIT_OK};
    const char *casename = "-";
    int sep = '\n';
    bool check_config = false;
    /* "+": options stop at the first FILE or DIR (a file may begin with '-' after "--") */
    static const struct option opts[] = {
        {"as-of", required_argument, NULL, 'a'},
        {"policy", required_argument, NULL, 'p'},
        {"case", required_argument, NULL, 'c'},
        {"crops", required_argument, NULL, 'C'},
        {"null", no_argument, NULL, '0'},
        {"check-config", no_argument, NULL, 'K'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "+0h", opts, NULL)) != -1) {
        switch (ch) {
        case 'a': s.ref = vt_parse_as_of(optarg); break;
        case 'p': s.policy_path = optarg; break;
        case 'c': casename = optarg; break;
        case 'C': s.crops_dir = optarg; break;
        case '0': sep = '\0'; break;
        case 'K': check_config = true; break;
        case 'h': usage(stdout); vt_close_stdout(); return EXIT_OK;
        case 'V': vt_print_version();
        default: usage(stderr); return EXIT_USAGE;
        }
    }
    int first_arg = optind;
    if (!casedir_name_ok(casename))
        vt_die(EXIT_USAGE, "--case: '%s' is not a case name ([A-Za-z0-9._-], 1-128 bytes)", casename);
    if (sep == '\0' && first_arg < argc)
        vt_die(EXIT_USAGE, "-0 reads paths from standard input; give no FILE or DIR arguments");

    /* Configuration first: a bad policy or a missing model stops here. */
    char err[1024];
    s.pol = vt_load_policy(s.policy_path);
    char *tessdata = strdup(vt_data_path("tessdata"));
    if (tessdata == NULL)
        vt_die(EXIT_SOFTWARE, "out of memory");
    char model[4200];
    snprintf(model, sizeof model, "%s/mrz.traineddata", tessdata);
    if (access(model, R_OK) != 0)
        vt_die(EXIT_CONFIG, "MRZ model %s missing (run `make model`, or set VARTA_DATADIR):", model);
    s.mrz = mrz_reader_new(tessdata, err, sizeof err);
    if (s.mrz == NULL)
        vt_die(EXIT_CONFIG, "%s", err);
    free(tessdata);
    if (check_config)
        return check_configuration(&s);
    if (s.crops_dir) {
        if (mkdir(s.crops_dir, 0700) != 0 && errno != EEXIST)
            vt_die(EXIT_IOERR, "cannot create crops folder %s:", s.crops_dir);
        s.crops_fd = open(s.crops_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (s.crops_fd < 0)
            vt_die(EXIT_IOERR, "cannot open crops folder %s (symbolic links are not followed):",
                   s.crops_dir);
    }

    plain_files pf = {0};
    if (first_arg < argc) {
        for (int i = first_arg; i < argc; i++)
            handle_input(&s, argv[i], &pf);
    } else {
        read_stdin_paths(&s, sep, &pf);
    }
    if (pf.n > 0) {
        casedir cd;
        casedir_init_files(&cd, casename);
        for (size_t i = 0; i < pf.n; i++) {
            if (casedir_add_file(&cd, pf.paths[i]) != 0)
                vt_die(EXIT_SOFTWARE, "out of memory");
            free(pf.paths[i]);
        }
        free(pf.paths);
        scan_case(&s, &cd);
        casedir_free(&cd);
    }

    cert_reader_free(s.cert);
    mrz_reader_free(s.mrz);
    policy_free(s.pol);
    if (s.crops_fd >= 0)
        close(s.crops_fd);
    vt_close_stdout();
    return s.status;
}
