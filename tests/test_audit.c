/* Unit tests for pipeline/audit.c: the gzip audit journal and SHA-256. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "audit.h"
#include "check_main.h"

static char dir[64];
static int dirfd_;

static void setup(void)
{
    strcpy(dir, "/tmp/varta-test-audit-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    dirfd_ = open(dir, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(dirfd_, 0);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) { /* best effort */ }
    close(dirfd_);
}

static void append_event(audit_log *a, const char *event, const char *casename)
{
    char err[256];
    json_t *e = audit_entry_new(event, casename);
    ck_assert_ptr_nonnull(e);
    ck_assert_int_eq(audit_append(a, e, err, sizeof err), 0);
    json_decref(e);
}

/* Read the whole journal with zlib's gzread (which, like zcat, reads
 * concatenated members); return the lines in a new buffer. */
static char *gz_read_all(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/audit.log.gz", dir);
    gzFile g = gzopen(path, "rb");
    ck_assert_ptr_nonnull(g);
    size_t cap = 1 << 20, len = 0;
    char *buf = malloc(cap);
    int n;
    while ((n = gzread(g, buf + len, (unsigned)(cap - len - 1))) > 0)
        len += (size_t)n;
    int errnum = 0;
    gzerror(g, &errnum);
    ck_assert_int_eq(errnum, Z_OK);
    gzclose(g);
    buf[len] = '\0';
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static int zcat_status(int *plines)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "zcat '%s/audit.log.gz' > '%s/out' 2>/dev/null", dir, dir);
    int st = system(cmd);
    snprintf(cmd, sizeof cmd, "%s/out", dir);
    FILE *f = fopen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    int c, lines = 0;
    while ((c = getc(f)) != EOF)
        lines += c == '\n';
    fclose(f);
    *plines = lines;
    return st;
}

START_TEST(members_appended_and_all_read)
{
    char err[256];
    off_t cut = -1;
    size_t members = 99;
    audit_log *a = audit_open(dirfd_, "audit.log.gz", &cut, &members, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(cut, 0);
    ck_assert_int_eq(members, 0);
    append_event(a, "received", "A1024");
    append_event(a, "decided", "A1024");
    append_event(a, "received", "B7");
    audit_close(a);

    struct stat st;
    ck_assert_int_eq(fstatat(dirfd_, "audit.log.gz", &st, 0), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);

    char *all = gz_read_all();
    ck_assert_int_eq(count_lines(all), 3);
    ck_assert_ptr_nonnull(strstr(all, "\"event\":\"decided\",\"case\":\"A1024\""));
    /* every line is one JSON object with a UTC time */
    char *save = NULL;
    for (char *line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t jerr;
        json_t *o = json_loads(line, 0, &jerr);
        ck_assert_ptr_nonnull(o);
        const char *t = json_string_value(json_object_get(o, "time"));
        ck_assert_ptr_nonnull(t);
        ck_assert_int_eq(strlen(t), 20);
        ck_assert_int_eq(t[19], 'Z');
        json_decref(o);
    }
    free(all);

    int lines;
    ck_assert_int_eq(zcat_status(&lines), 0);
    ck_assert_int_eq(lines, 3);

    /* reopening finds three members and cuts nothing */
    a = audit_open(dirfd_, "audit.log.gz", &cut, &members, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(cut, 0);
    ck_assert_int_eq(members, 3);
    audit_close(a);
}
END_TEST

/* Simulate a crash in the middle of writing a member: append the first half
 * of a real member by hand. */
START_TEST(torn_tail_is_repaired)
{
    char err[256];
    audit_log *a = audit_open(dirfd_, "audit.log.gz", NULL, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    append_event(a, "received", "A1");
    append_event(a, "decided", "A1");
    audit_close(a);
    struct stat st;
    ck_assert_int_eq(fstatat(dirfd_, "audit.log.gz", &st, 0), 0);
    off_t good_size = st.st_size;

    /* build a third member in a scratch journal, then copy half of it */
    a = audit_open(dirfd_, "scratch.gz", NULL, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    append_event(a, "received", "TORN");
    audit_close(a);
    int sfd = openat(dirfd_, "scratch.gz", O_RDONLY);
    unsigned char member[4096];
    ssize_t mlen = read(sfd, member, sizeof member);
    close(sfd);
    ck_assert_int_gt(mlen, 20);
    int fd = openat(dirfd_, "audit.log.gz", O_WRONLY | O_APPEND);
    ck_assert_int_eq(write(fd, member, (size_t)mlen / 2), mlen / 2);
    close(fd);

    /* zcat complains about the torn member but still prints the first two */
    int lines;
    ck_assert_int_ne(zcat_status(&lines), 0);
    ck_assert_int_eq(lines, 2);

    off_t cut = 0;
    size_t members = 0;
    a = audit_open(dirfd_, "audit.log.gz", &cut, &members, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(cut, mlen / 2);
    ck_assert_int_eq(members, 2);
    ck_assert_int_eq(fstatat(dirfd_, "audit.log.gz", &st, 0), 0);
    ck_assert_int_eq(st.st_size, good_size);
    append_event(a, "failed", "A2");
    audit_close(a);

    ck_assert_int_eq(zcat_status(&lines), 0);
    ck_assert_int_eq(lines, 3);
    char *all = gz_read_all();
    ck_assert_ptr_null(strstr(all, "TORN"));
    ck_assert_ptr_nonnull(strstr(all, "\"case\":\"A2\""));
    free(all);
}
END_TEST

/* A power cut can leave zeros or garbage after the last member. */
START_TEST(garbage_tail_is_cut)
{
    char err[256];
    audit_log *a = audit_open(dirfd_, "audit.log.gz", NULL, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    append_event(a, "received", "A1");
    audit_close(a);
    int fd = openat(dirfd_, "audit.log.gz", O_WRONLY | O_APPEND);
    char zeros[512] = {0};
    ck_assert_int_eq(write(fd, zeros, sizeof zeros), (ssize_t)sizeof zeros);
    close(fd);
    off_t cut = 0;
    size_t members = 0;
    a = audit_open(dirfd_, "audit.log.gz", &cut, &members, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(cut, 512);
    ck_assert_int_eq(members, 1);
    audit_close(a);
    int lines;
    ck_assert_int_eq(zcat_status(&lines), 0);
    ck_assert_int_eq(lines, 1);
}
END_TEST

START_TEST(symlinked_journal_refused)
{
    ck_assert_int_eq(symlinkat("/etc/passwd", dirfd_, "audit.log.gz"), 0);
    char err[256] = "";
    audit_log *a = audit_open(dirfd_, "audit.log.gz", NULL, NULL, err, sizeof err);
    ck_assert_ptr_null(a);
    ck_assert_int_gt(strlen(err), 0);
}
END_TEST

START_TEST(sha256_known_values)
{
    char hex[65];
    audit_sha256_mem("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    audit_sha256_mem("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /* a file of one million 'a' (FIPS 180-2 test vector), read in chunks */
    int fd = openat(dirfd_, "million", O_RDWR | O_CREAT, 0600);
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    ck_assert_int_eq(write(fd, a, 1000000), 1000000);
    free(a);
    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
    uint64_t size = 0;
    ck_assert_int_eq(audit_sha256_fd(fd, hex, &size), 0);
    close(fd);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    ck_assert_int_eq(size, 1000000);
}
END_TEST

START_TEST(hash_dir_lists_without_following)
{
    int fd = openat(dirfd_, "abc.jpg", O_WRONLY | O_CREAT, 0600);
    ck_assert_int_eq(write(fd, "abc", 3), 3);
    close(fd);
    ck_assert_int_eq(symlinkat("/etc/passwd", dirfd_, "link"), 0);
    ck_assert_int_eq(mkfifoat(dirfd_, "fifo", 0600), 0);
    char err[256];
    size_t omitted = 9;
    json_t *arr = audit_hash_dir(dirfd_, &omitted, err, sizeof err);
    ck_assert_ptr_nonnull(arr);
    ck_assert_int_eq(omitted, 0);
    ck_assert_int_eq(json_array_size(arr), 3);
    int seen = 0;
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it) {
        const char *f = json_string_value(json_object_get(it, "file"));
        if (strcmp(f, "abc.jpg") == 0) {
            ck_assert_str_eq(json_string_value(json_object_get(it, "sha256")),
                             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            ck_assert_int_eq(json_integer_value(json_object_get(it, "size")), 3);
            seen |= 1;
        } else if (strcmp(f, "link") == 0) {
            ck_assert_str_eq(json_string_value(json_object_get(it, "type")), "symlink");
            ck_assert_ptr_null(json_object_get(it, "sha256"));
            seen |= 2;
        } else if (strcmp(f, "fifo") == 0) {
            ck_assert_str_eq(json_string_value(json_object_get(it, "type")), "fifo");
            seen |= 4;
        }
    }
    ck_assert_int_eq(seen, 7);
    json_decref(arr);
}
END_TEST

START_TEST(names_escaped_to_utf8)
{
    char out[64];
    audit_name_escape("ok-\xD0\x9F.jpg", out, sizeof out); /* Cyrillic П kept */
    ck_assert_str_eq(out, "ok-\xD0\x9F.jpg");
    audit_name_escape("bad\xFF\xC3(\n", out, sizeof out);
    ck_assert_str_eq(out, "bad\\xFF\\xC3(\\x0A");
    audit_name_escape("overlong\xC0\xAF", out, sizeof out);
    ck_assert_str_eq(out, "overlong\\xC0\\xAF");
    audit_name_escape("abcdefghij", out, 5);
    ck_assert_str_eq(out, "abcd");
    json_t *j = audit_name_json("x\x80y");
    ck_assert_str_eq(json_string_value(j), "x\\x80y");
    json_decref(j);
}
END_TEST

START_TEST(last_events_per_case)
{
    char err[256];
    audit_log *a = audit_open(dirfd_, "audit.log.gz", NULL, NULL, err, sizeof err);
    ck_assert_ptr_nonnull(a);
    append_event(a, "received", "A1");
    append_event(a, "received", "A2");
    append_event(a, "decided", "A1");
    append_event(a, "received", "A10");
    append_event(a, "resumed", "A2");
    /* a long entry: its fields come first, the rest is skipped */
    json_t *e = audit_entry_new("failed", "B3");
    char *big = malloc(200000);
    memset(big, 'x', 199999);
    big[199999] = '\0';
    json_object_set_new(e, "reason", json_string(big));
    free(big);
    ck_assert_int_eq(audit_append(a, e, err, sizeof err), 0);
    json_decref(e);
    append_event(a, "received", "C4");
    const char *names[] = {"A2", "A1", "B3", "none", "C4", "A10"};
    char ev[6][16];
    ck_assert_int_eq(audit_last_events(a, names, 6, ev), 0);
    ck_assert_str_eq(ev[0], "resumed");
    ck_assert_str_eq(ev[1], "decided");
    ck_assert_str_eq(ev[2], "failed");
    ck_assert_str_eq(ev[3], "");
    ck_assert_str_eq(ev[4], "received");
    ck_assert_str_eq(ev[5], "received");
    audit_close(a);
}
END_TEST

static Suite *audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("journal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, members_appended_and_all_read);
    tcase_add_test(tc, torn_tail_is_repaired);
    tcase_add_test(tc, garbage_tail_is_cut);
    tcase_add_test(tc, symlinked_journal_refused);
    tcase_add_test(tc, sha256_known_values);
    tcase_add_test(tc, hash_dir_lists_without_following);
    tcase_add_test(tc, names_escaped_to_utf8);
    tcase_add_test(tc, last_events_per_case);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(audit_suite());
}
