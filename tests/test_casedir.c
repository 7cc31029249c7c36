/* Unit tests for pipeline/casedir.c: case names, listing rules, skipped and
 * rejected entries, the file cap, SHA-256 fingerprints, applicant.json. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casedir.h"
#include "check_main.h"

#define SHA_HELLO "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static char root[256];

/* A fresh scratch folder; removed with everything in it at teardown. */
static void setup(void)
{
    snprintf(root, sizeof root, "%s/varta-test-casedir-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert(mkdtemp(root) != NULL);
}

static void teardown(void)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
}

static void mkpath(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s/%s", root, rel);
}

static void put(const char *rel, const void *data, size_t len)
{
    char p[1024];
    mkpath(p, sizeof p, rel);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_msg(fd >= 0, "%s: %s", p, strerror(errno));
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    close(fd);
}

static void putstr(const char *rel, const char *s) { put(rel, s, strlen(s)); }

static void mkdir_rel(const char *rel)
{
    char p[1024];
    mkpath(p, sizeof p, rel);
    ck_assert_int_eq(mkdir(p, 0700), 0);
}

static const casedir_entry *find(const casedir *cd, const char *name)
{
    for (size_t i = 0; i < cd->nentries; i++)
        if (strcmp(cd->entries[i].name, name) == 0)
            return &cd->entries[i];
    return NULL;
}

START_TEST(case_names)
{
    ck_assert(casedir_name_ok("A1024"));
    ck_assert(casedir_name_ok("case_2024-03.01"));
    ck_assert(casedir_name_ok("-"));
    char n128[129], n129[130];
    memset(n128, 'a', 128); n128[128] = '\0';
    memset(n129, 'a', 129); n129[129] = '\0';
    ck_assert(casedir_name_ok(n128));
    ck_assert(!casedir_name_ok(n129));
    ck_assert(!casedir_name_ok(""));
    ck_assert(!casedir_name_ok(NULL));
    ck_assert(!casedir_name_ok("."));
    ck_assert(!casedir_name_ok(".."));
    ck_assert(!casedir_name_ok("a/b"));
    ck_assert(!casedir_name_ok("a b"));
    ck_assert(!casedir_name_ok("Ärger"));
    ck_assert(!casedir_name_ok("a\nb"));
}
END_TEST

START_TEST(listing_rules_and_hashes)
{
    mkdir_rel("A1024");
    putstr("A1024/b.png", "hello");
    put("A1024/a.jpg", "", 0);
    putstr("A1024/.hidden.png", "x");
    putstr("A1024/scan.jpg.part", "x");
    putstr("A1024/scan2.tmp", "x");
    putstr("A1024/scan3.crdownload", "x");
    putstr("A1024/\xff\xfe.png", "hello");
    char p[1024], q[1024];
    mkpath(p, sizeof p, "A1024/passwd.png");
    ck_assert_int_eq(symlink("/etc/passwd", p), 0);
    mkpath(p, sizeof p, "A1024/pipe.jpg");
    ck_assert_int_eq(mkfifo(p, 0600), 0);
    mkdir_rel("A1024/sub");
    /* the longest name Linux allows (255 bytes) */
    char longname[300];
    strcpy(longname, "A1024/");
    memset(longname + 6, 'n', 251);
    strcpy(longname + 6 + 251, ".png");
    putstr(longname, "hello");

    mkpath(p, sizeof p, "A1024/");
    casedir cd;
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    ck_assert_str_eq(cd.name, "A1024");
    ck_assert_str_eq(cd.error, "");
    ck_assert_int_eq(cd.nentries, 11);
    /* sorted by bytes */
    for (size_t i = 1; i < cd.nentries; i++)
        ck_assert_int_lt(strcmp(cd.entries[i - 1].name, cd.entries[i].name), 0);

    const casedir_entry *e = find(&cd, "b.png");
    ck_assert_int_eq(e->kind, CASEDIR_FILE);
    ck_assert_int_eq(e->size, 5);
    ck_assert_str_eq(e->sha256, SHA_HELLO);
    e = find(&cd, "a.jpg");
    ck_assert_int_eq(e->kind, CASEDIR_FILE);
    ck_assert_int_eq(e->size, 0);
    ck_assert_str_eq(e->sha256, SHA_EMPTY);
    ck_assert_int_eq(find(&cd, longname + 6)->kind, CASEDIR_FILE);
    ck_assert_int_eq(find(&cd, "\xff\xfe.png")->kind, CASEDIR_FILE);

    ck_assert_int_eq(find(&cd, ".hidden.png")->kind, CASEDIR_SKIPPED);
    ck_assert_str_eq(find(&cd, ".hidden.png")->reason, "hidden file");
    ck_assert_int_eq(find(&cd, "scan.jpg.part")->kind, CASEDIR_SKIPPED);
    ck_assert_int_eq(find(&cd, "scan2.tmp")->kind, CASEDIR_SKIPPED);
    ck_assert_int_eq(find(&cd, "scan3.crdownload")->kind, CASEDIR_SKIPPED);

    e = find(&cd, "passwd.png");
    ck_assert_int_eq(e->kind, CASEDIR_REJECTED);
    ck_assert_msg(strstr(e->reason, "symbolic link") != NULL, "%s", e->reason);
    e = find(&cd, "pipe.jpg");
    ck_assert_int_eq(e->kind, CASEDIR_REJECTED);
    ck_assert_msg(strstr(e->reason, "FIFO") != NULL, "%s", e->reason);
    e = find(&cd, "sub");
    ck_assert_int_eq(e->kind, CASEDIR_REJECTED);
    ck_assert_msg(strstr(e->reason, "folder") != NULL, "%s", e->reason);
    ck_assert_int_eq(cd.applicant_status, CASEDIR_APPLICANT_ABSENT);

    /* The record: names escaped, files and skipped only, no error key. */
    json_t *r = casedir_record(&cd);
    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(json_string_value(json_object_get(r, "record")), "case");
    ck_assert_str_eq(json_string_value(json_object_get(r, "case")), "A1024");
    ck_assert_str_eq(json_string_value(json_object_get(r, "dir")), p);
    json_t *files = json_object_get(r, "files");
    ck_assert_int_eq(json_array_size(files), 4);
    ck_assert_int_eq(json_array_size(json_object_get(r, "skipped")), 4);
    ck_assert(json_is_null(json_object_get(r, "applicant")));
    ck_assert(json_is_null(json_object_get(r, "applicant_error")));
    ck_assert_ptr_null(json_object_get(r, "error"));
    int escaped = 0;
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f) {
        const char *name = json_string_value(json_object_get(f, "file"));
        if (json_is_true(json_object_get(f, "name_escaped"))) {
            ck_assert_str_eq(name, "\\xFF\\xFE.png");
            escaped++;
        }
        if (strcmp(name, "b.png") == 0) {
            ck_assert_int_eq(json_integer_value(json_object_get(f, "size")), 5);
            ck_assert_str_eq(json_string_value(json_object_get(f, "sha256")), SHA_HELLO);
        }
    }
    ck_assert_int_eq(escaped, 1);
    char *dump = json_dumps(r, JSON_COMPACT);
    ck_assert_ptr_nonnull(dump);    /* jansson refuses invalid UTF-8 */
    free(dump);
    json_decref(r);
    casedir_free(&cd);
    ck_assert_int_eq(cd.dirfd, -1);
    casedir_free(NULL);
    (void)q;
}
END_TEST

START_TEST(file_cap)
{
    char name[64], p[1024];
    mkdir_rel("C200");
    for (int i = 0; i < CASEDIR_MAX_FILES; i++) {
        snprintf(name, sizeof name, "C200/f%03d.png", i);
        putstr(name, "x");
    }
    mkpath(p, sizeof p, "C200");
    casedir cd;
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    ck_assert_str_eq(cd.error, "");
    ck_assert_int_eq(cd.nentries, CASEDIR_MAX_FILES);
    casedir_free(&cd);

    putstr("C200/one-more.png", "x");
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    ck_assert_str_eq(cd.error, "too many files (201 > 200)");
    ck_assert_int_eq(cd.nentries, 0);
    json_t *r = casedir_record(&cd);
    ck_assert_str_eq(json_string_value(json_object_get(r, "error")), "too many files (201 > 200)");
    ck_assert_int_eq(json_array_size(json_object_get(r, "files")), 0);
    json_decref(r);
    casedir_free(&cd);
}
END_TEST

START_TEST(refused_folders)
{
    char p[1024], t[1024];
    casedir cd;
    mkdir_rel("bad name");
    putstr("bad name/a.png", "x");
    mkpath(p, sizeof p, "bad name");
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    ck_assert_str_eq(cd.error, "invalid case name");
    ck_assert_int_eq(cd.nentries, 0);
    json_t *r = casedir_record(&cd);
    ck_assert_str_eq(json_string_value(json_object_get(r, "case")), "bad name");
    json_decref(r);
    casedir_free(&cd);

    /* a 200-character folder name: over 128 bytes */
    char longdir[256];
    memset(longdir, 'L', 200);
    longdir[200] = '\0';
    mkdir_rel(longdir);
    mkpath(p, sizeof p, longdir);
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    ck_assert_str_eq(cd.error, "invalid case name");
    casedir_free(&cd);

    mkdir_rel("Real");
    mkpath(t, sizeof t, "Real");
    mkpath(p, sizeof p, "Linked");
    ck_assert_int_eq(symlink(t, p), 0);
    strcat(p, "/");     /* a trailing slash must not make it followed */
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    ck_assert_msg(strstr(cd.error, "symbolic link") != NULL, "%s", cd.error);
    casedir_free(&cd);

    mkpath(p, sizeof p, "Missing");
    ck_assert_int_eq(casedir_scan(p, &cd), -1);
    ck_assert_int_eq(errno, ENOENT);
    casedir_free(&cd);
}
END_TEST

/* Write applicant.json in a new case folder and read it back. */
static casedir_applicant applicant_of(const char *casename, const char *content, size_t len,
                                      json_t **pobj, char *why, size_t whysize)
{
    char rel[256], p[1024];
    mkdir_rel(casename);
    snprintf(rel, sizeof rel, "%s/applicant.json", casename);
    if (content)
        put(rel, content, len);
    mkpath(p, sizeof p, casename);
    int fd = open(p, O_RDONLY | O_DIRECTORY);
    ck_assert(fd >= 0);
    casedir_applicant st = casedir_read_applicant(fd, pobj, why, whysize);
    close(fd);
    return st;
}

START_TEST(applicant_json)
{
    json_t *obj;
    char why[256];
    ck_assert_int_eq(applicant_of("none", NULL, 0, &obj, why, sizeof why), CASEDIR_APPLICANT_ABSENT);
    ck_assert_ptr_null(obj);

    static const char good[] = "{\"surname\":\"DOE\",\"entries\":[{\"entered\":\"2024-01-10\",\"left\":null}]}";
    ck_assert_int_eq(applicant_of("good", good, strlen(good), &obj, why, sizeof why), CASEDIR_APPLICANT_OK);
    ck_assert_str_eq(json_string_value(json_object_get(obj, "surname")), "DOE");
    json_decref(obj);

    static const char bad[] = "{\"surname\": \"DOE\",\n \"given_names\": JOHN}";
    ck_assert_int_eq(applicant_of("bad", bad, strlen(bad), &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_ptr_null(obj);
    ck_assert_msg(strstr(why, "not valid JSON (line 2") != NULL, "%s", why);
    ck_assert_msg(strstr(why, "JOHN") == NULL, "content echoed: %s", why);

    ck_assert_int_eq(applicant_of("array", "[1,2]", 5, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_str_eq(why, "applicant.json is not a JSON object");
    ck_assert_int_eq(applicant_of("dup", "{\"a\":1,\"a\":2}", 13, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_int_eq(applicant_of("utf8", "{\"a\":\"\xff\"}", 9, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_int_eq(applicant_of("empty", "", 0, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);

    /* 10 MB: refused by size before reading */
    size_t big = 10u * 1024 * 1024;
    char *buf = malloc(big);
    memset(buf, ' ', big);
    buf[0] = '{';
    buf[big - 1] = '}';
    ck_assert_int_eq(applicant_of("huge", buf, big, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_msg(strstr(why, "too large (10485760 bytes") != NULL, "%s", why);
    /* exactly at the cap is read */
    size_t cap = CASEDIR_APPLICANT_MAX_BYTES;
    buf[cap - 1] = '}';
    ck_assert_int_eq(applicant_of("atcap", buf, cap, &obj, why, sizeof why), CASEDIR_APPLICANT_OK);
    json_decref(obj);

    /* nesting: 32 levels accepted, 33 refused, 100000 refused by jansson */
    char *deep = buf;
    size_t n = 0;
    deep[n++] = '{';
    deep[n++] = '"'; deep[n++] = 'a'; deep[n++] = '"'; deep[n++] = ':';
    for (int i = 1; i < 32; i++)
        deep[n++] = '[';
    for (int i = 1; i < 32; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    ck_assert_int_eq(applicant_of("d32", deep, n, &obj, why, sizeof why), CASEDIR_APPLICANT_OK);
    json_decref(obj);
    n = 0;
    deep[n++] = '{';
    deep[n++] = '"'; deep[n++] = 'a'; deep[n++] = '"'; deep[n++] = ':';
    for (int i = 1; i < 33; i++)
        deep[n++] = '[';
    for (int i = 1; i < 33; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    ck_assert_int_eq(applicant_of("d33", deep, n, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_str_eq(why, "applicant.json nests deeper than 32 levels");
    n = 0;
    deep[n++] = '{';
    deep[n++] = '"'; deep[n++] = 'a'; deep[n++] = '"'; deep[n++] = ':';
    for (int i = 0; i < 100000; i++)
        deep[n++] = '[';
    ck_assert_int_eq(applicant_of("dhuge", deep, n, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_msg(strstr(why, "not valid JSON") != NULL, "%s", why);
    free(buf);

    /* a symlink or a FIFO is refused, and the FIFO never blocks */
    char p[1024];
    mkdir_rel("link");
    mkpath(p, sizeof p, "link/applicant.json");
    ck_assert_int_eq(symlink("/etc/passwd", p), 0);
    mkpath(p, sizeof p, "link");
    int fd = open(p, O_RDONLY | O_DIRECTORY);
    ck_assert_int_eq(casedir_read_applicant(fd, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_msg(strstr(why, "symbolic link") != NULL, "%s", why);
    close(fd);
    mkdir_rel("fifo");
    mkpath(p, sizeof p, "fifo/applicant.json");
    ck_assert_int_eq(mkfifo(p, 0600), 0);
    mkpath(p, sizeof p, "fifo");
    fd = open(p, O_RDONLY | O_DIRECTORY);
    ck_assert_int_eq(casedir_read_applicant(fd, &obj, why, sizeof why), CASEDIR_APPLICANT_BAD);
    ck_assert_msg(strstr(why, "FIFO") != NULL, "%s", why);
    close(fd);
}
END_TEST

START_TEST(applicant_in_record)
{
    char p[1024];
    casedir cd;
    mkdir_rel("K1");
    putstr("K1/applicant.json", "{\"surname\":\"DOE\"}");
    putstr("K1/scan.png", "hello");
    mkpath(p, sizeof p, "K1");
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    json_t *r = casedir_record(&cd);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(r, "applicant"), "surname")), "DOE");
    ck_assert(json_is_null(json_object_get(r, "applicant_error")));
    /* applicant.json is an input file too: fingerprinted */
    ck_assert_int_eq(json_array_size(json_object_get(r, "files")), 2);
    json_decref(r);
    casedir_free(&cd);

    mkdir_rel("K2");
    putstr("K2/applicant.json", "{\"surname\":");
    mkpath(p, sizeof p, "K2");
    ck_assert_int_eq(casedir_scan(p, &cd), 0);
    r = casedir_record(&cd);
    ck_assert(json_is_null(json_object_get(r, "applicant")));
    ck_assert(json_is_string(json_object_get(r, "applicant_error")));
    json_decref(r);
    casedir_free(&cd);
}
END_TEST

START_TEST(plain_files)
{
    char p[1024], l[1024];
    putstr("one.png", "hello");
    casedir cd;
    casedir_init_files(&cd, "-");
    mkpath(p, sizeof p, "one.png");
    ck_assert_int_eq(casedir_add_file(&cd, p), 0);
    mkpath(l, sizeof l, "link.png");
    ck_assert_int_eq(symlink(p, l), 0);
    ck_assert_int_eq(casedir_add_file(&cd, l), 0);
    mkpath(p, sizeof p, "nope/x.png");
    ck_assert_int_eq(casedir_add_file(&cd, p), 0);
    ck_assert_int_eq(cd.nentries, 3);
    ck_assert_int_eq(cd.entries[0].kind, CASEDIR_FILE);
    ck_assert_str_eq(cd.entries[0].sha256, SHA_HELLO);
    ck_assert_int_eq(cd.entries[1].kind, CASEDIR_REJECTED);
    ck_assert_int_eq(cd.entries[2].kind, CASEDIR_REJECTED);
    json_t *r = casedir_record(&cd);
    ck_assert_str_eq(json_string_value(json_object_get(r, "case")), "-");
    ck_assert(json_is_null(json_object_get(r, "dir")));
    ck_assert_int_eq(json_array_size(json_object_get(r, "files")), 1);
    json_decref(r);
    casedir_free(&cd);

    const char *base;
    int fd = casedir_open_parent("relative.png", &base);
    ck_assert(fd >= 0);
    ck_assert_str_eq(base, "relative.png");
    close(fd);
    fd = casedir_open_parent("/etc/passwd", &base);
    ck_assert(fd >= 0);
    ck_assert_str_eq(base, "passwd");
    close(fd);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("casedir");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, case_names);
    tcase_add_test(tc, listing_rules_and_hashes);
    tcase_add_test(tc, file_cap);
    tcase_add_test(tc, refused_folders);
    tcase_add_test(tc, applicant_json);
    tcase_add_test(tc, applicant_in_record);
    tcase_add_test(tc, plain_files);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(suite());
}
