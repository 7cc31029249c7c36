/* Unit tests for pipeline/watch_fs.c: case names, claims by rename,
 * failed/ with reason.txt, completion after a crash, settle signatures. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "casedir.h"
#include "check_main.h"
#include "watch_fs.h"

static char dir[64];
static wfs_root R;

static void setup(void)
{
    strcpy(dir, "/tmp/varta-test-wfs-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char root[96], err[256];
    snprintf(root, sizeof root, "%s/root", dir);
    ck_assert_int_eq(wfs_open(root, &R, err, sizeof err), 0);
}

static void teardown(void)
{
    wfs_close(&R);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) { /* best effort */ }
}

static void put(int dirfd, const char *name, const char *text)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

static char *slurp(int dirfd, const char *path)
{
    static char buf[4096];
    int fd = openat(dirfd, path, O_RDONLY);
    if (fd < 0)
        return NULL;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    return buf;
}

START_TEST(layout_created_private)
{
    static const char *const subs[] = {"inbox", "work", "reports", "archive", "failed"};
    for (size_t i = 0; i < 5; i++) {
        struct stat st;
        ck_assert_int_eq(fstatat(R.root, subs[i], &st, 0), 0);
        ck_assert(S_ISDIR(st.st_mode));
        ck_assert_int_eq(st.st_mode & 0777, 0700);
    }
    /* a symlink in place of a folder is refused */
    char root2[96], err[256] = "";
    snprintf(root2, sizeof root2, "%s/root2", dir);
    ck_assert_int_eq(mkdir(root2, 0700), 0);
    char link[128];
    snprintf(link, sizeof link, "%s/reports", root2);
    ck_assert_int_eq(symlink("/tmp", link), 0);
    wfs_root r2;
    ck_assert_int_eq(wfs_open(root2, &r2, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "reports"));
}
END_TEST

START_TEST(names)
{
    ck_assert(casedir_name_ok("A1024"));
    ck_assert(casedir_name_ok("x..y"));
    ck_assert(casedir_name_ok("a_b-c.d"));
    ck_assert(!casedir_name_ok(""));
    ck_assert(!casedir_name_ok("."));
    ck_assert(!casedir_name_ok(".."));
    ck_assert(!casedir_name_ok("a b"));
    ck_assert(!casedir_name_ok("a/b"));
    ck_assert(!casedir_name_ok("bad\xff"));
    char n128[130], n129[131];
    memset(n128, 'N', 128);
    n128[128] = '\0';
    memset(n129, 'N', 129);
    n129[129] = '\0';
    ck_assert(casedir_name_ok(n128));
    ck_assert(!casedir_name_ok(n129));

    ck_assert(wfs_ignored(".DS_Store"));
    ck_assert(wfs_ignored("scan.jpg.part"));
    ck_assert(wfs_ignored("x.tmp"));
    ck_assert(wfs_ignored("y.crdownload"));
    ck_assert(!wfs_ignored("scan.jpg"));
    ck_assert(!wfs_ignored("part"));

    char safe[WFS_NAME_MAX + 1];
    wfs_safe_name("A1024", safe);
    ck_assert_str_eq(safe, "A1024");
    wfs_safe_name("../../etc", safe);
    ck_assert_int_eq(strncmp(safe, "invalid-", 8), 0);
    ck_assert_int_eq(strlen(safe), 8 + 16);
    ck_assert(casedir_name_ok(safe));
    char safe2[WFS_NAME_MAX + 1];
    wfs_safe_name("../../etd", safe2);
    ck_assert_str_ne(safe, safe2);
}
END_TEST

START_TEST(unique_names_and_noreplace)
{
    char out[WFS_NAME_MAX + 1];
    ck_assert_int_eq(wfs_unique_name(&R, WFS_WORK | WFS_ARCHIVE, "A1", out), 0);
    ck_assert_str_eq(out, "A1");
    ck_assert_int_eq(mkdirat(R.archive, "A1", 0700), 0);
    ck_assert_int_eq(mkdirat(R.work, "A1.2", 0700), 0);
    ck_assert_int_eq(wfs_unique_name(&R, WFS_WORK | WFS_ARCHIVE, "A1", out), 0);
    ck_assert_str_eq(out, "A1.3");
    /* a 128-byte name keeps within the limit when suffixed */
    char n128[129];
    memset(n128, 'N', 128);
    n128[128] = '\0';
    ck_assert_int_eq(mkdirat(R.failed, n128, 0700), 0);
    ck_assert_int_eq(wfs_unique_name(&R, WFS_FAILED, n128, out), 0);
    ck_assert_int_eq(strlen(out), 128);
    ck_assert(casedir_name_ok(out));
    ck_assert_str_eq(out + 126, ".2");

    /* a claim never replaces: not even an empty folder */
    ck_assert_int_eq(mkdirat(R.inbox, "A1", 0700), 0);
    ck_assert_int_eq(wfs_move(R.inbox, "A1", R.archive, "A1"), -1);
    ck_assert(wfs_exists(R.inbox, "A1"));
    ck_assert_int_eq(wfs_move(R.inbox, "A1", R.work, "A1"), 0);
    ck_assert(!wfs_exists(R.inbox, "A1"));
    ck_assert(wfs_exists(R.work, "A1"));
}
END_TEST

START_TEST(fail_writes_reason_and_keeps_inputs)
{
    ck_assert_int_eq(mkdirat(R.work, "B7", 0700), 0);
    int fd = openat(R.work, "B7", O_RDONLY | O_DIRECTORY);
    put(fd, "scan.jpg", "img");
    put(fd, "reason.txt", "the applicant's own file");
    close(fd);
    /* a report a broken run wrote goes with the inputs */
    ck_assert_int_eq(mkdirat(R.reports, "B7", 0700), 0);
    fd = openat(R.reports, "B7", O_RDONLY | O_DIRECTORY);
    put(fd, "report.json", "{}");
    close(fd);
    char reason[256], out[WFS_NAME_MAX + 1], err[256];
    wfs_reason(reason, sizeof reason, "varta-scan", "exit status 70");
    ck_assert_int_eq(wfs_fail(&R, "B7", "B7", reason, out, err, sizeof err), 0);
    ck_assert_str_eq(out, "B7");
    ck_assert(!wfs_exists(R.work, "B7"));
    ck_assert_str_eq(slurp(R.failed, "B7/scan.jpg"), "img");
    /* the input named reason.txt is kept; ours goes beside it */
    ck_assert_str_eq(slurp(R.failed, "B7/reason.txt"), "the applicant's own file");
    char *r = slurp(R.failed, "B7/varta-reason.txt");
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(strncmp(r, "stage: varta-scan\nerror: exit status 70\ntime: ", 46), 0);
    ck_assert(!wfs_exists(R.failed, "B7/" WFS_FAIL_MARK));
    ck_assert(!wfs_exists(R.reports, "B7"));
    ck_assert_str_eq(slurp(R.failed, "B7/" WFS_PARTIAL_REPORT "/report.json"), "{}");
}
END_TEST

START_TEST(loose_entries_moved_not_followed)
{
    put(R.inbox, "loose.jpg", "x");
    ck_assert_int_eq(symlinkat("/etc/passwd", R.inbox, "pw"), 0);
    char out[WFS_NAME_MAX + 1], err[256];
    ck_assert_int_eq(wfs_fail_entry(&R, "loose.jpg", false, "loose.jpg", "stage: varta-watch\n", out, err, sizeof err), 0);
    ck_assert_str_eq(slurp(R.failed, "loose.jpg/loose.jpg"), "x");
    ck_assert_ptr_nonnull(slurp(R.failed, "loose.jpg/reason.txt"));
    ck_assert_int_eq(wfs_fail_entry(&R, "pw", false, "pw", "stage: varta-watch\n", out, err, sizeof err), 0);
    struct stat st;
    ck_assert_int_eq(fstatat(R.failed, "pw/pw", &st, AT_SYMLINK_NOFOLLOW), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert(!wfs_exists(R.inbox, "pw"));
    /* a folder with a refused name: moved whole under its safe name */
    ck_assert_int_eq(mkdirat(R.inbox, "bad name", 0700), 0);
    char safe[WFS_NAME_MAX + 1];
    wfs_safe_name("bad name", safe);
    ck_assert_int_eq(wfs_fail_entry(&R, "bad name", true, safe, "stage: varta-watch\n", out, err, sizeof err), 0);
    ck_assert_str_eq(out, safe);
    ck_assert(wfs_exists(R.failed, safe));
    ck_assert(!wfs_exists(R.inbox, "bad name"));
    ck_assert(!wfs_exists(R.work, safe));
}
END_TEST

/* A crash after the mark was written, or after the move into failed/:
 * wfs_finish_failed completes the move with the reason kept. */
START_TEST(interrupted_failures_completed)
{
    ck_assert_int_eq(mkdirat(R.work, "C1", 0700), 0);
    int fd = openat(R.work, "C1", O_RDONLY | O_DIRECTORY);
    put(fd, "a.png", "a");
    ck_assert_int_eq(wfs_write_file(fd, WFS_FAIL_MARK, "stage: varta-check\nerror: x\n"), 0);
    close(fd);
    ck_assert_int_eq(mkdirat(R.failed, "C2", 0700), 0);
    fd = openat(R.failed, "C2", O_RDONLY | O_DIRECTORY);
    ck_assert_int_eq(wfs_write_file(fd, WFS_FAIL_MARK, "stage: varta-report\nerror: y\n"), 0);
    close(fd);
    /* a loose entry whose wrapper was made but which never left inbox/ */
    ck_assert_int_eq(mkdirat(R.work, WFS_LOOSE_PREFIX "x.jpg", 0700), 0);
    fd = openat(R.work, WFS_LOOSE_PREFIX "x.jpg", O_RDONLY | O_DIRECTORY);
    ck_assert_int_eq(wfs_write_file(fd, WFS_FAIL_MARK, "r"), 0);
    close(fd);

    ck_assert_int_eq(wfs_finish_failed(&R), 2);
    ck_assert(!wfs_exists(R.work, "C1"));
    ck_assert_str_eq(slurp(R.failed, "C1/reason.txt"), "stage: varta-check\nerror: x\n");
    ck_assert_str_eq(slurp(R.failed, "C1/a.png"), "a");
    ck_assert_str_eq(slurp(R.failed, "C2/reason.txt"), "stage: varta-report\nerror: y\n");
    ck_assert(!wfs_exists(R.work, WFS_LOOSE_PREFIX "x.jpg"));
    ck_assert(!wfs_exists(R.failed, "x.jpg"));
}
END_TEST

START_TEST(settle_signature)
{
    ck_assert_int_eq(mkdirat(R.inbox, "D1", 0700), 0);
    int fd = openat(R.inbox, "D1", O_RDONLY | O_DIRECTORY);
    put(fd, "x.jpg.part", "partial");
    wfs_entry e1, e2, e3;
    ck_assert_int_eq(wfs_inspect(R.inbox, "D1", &e1), 0);
    ck_assert(e1.is_dir);
    ck_assert_int_eq(e1.useful, 0);          /* only a partial file: not ready */
    ck_assert_int_eq(e1.ignored, 1);
    put(fd, ".hidden", "h");
    ck_assert_int_eq(wfs_inspect(R.inbox, "D1", &e2), 0);
    ck_assert(e2.sig == e1.sig);              /* ignored files change nothing */
    put(fd, "scan.jpg", "s");
    ck_assert_int_eq(wfs_inspect(R.inbox, "D1", &e2), 0);
    ck_assert_int_eq(e2.useful, 1);
    ck_assert(e2.sig != e1.sig);
    put(fd, "scan.jpg", "longer");            /* a file growing changes it */
    ck_assert_int_eq(wfs_inspect(R.inbox, "D1", &e3), 0);
    ck_assert(e3.sig != e2.sig);
    ck_assert_int_ge(e3.newest, e2.newest);
    close(fd);
    put(R.inbox, "loose", "l");
    ck_assert_int_eq(wfs_inspect(R.inbox, "loose", &e1), 0);
    ck_assert(!e1.is_dir);
    ck_assert_int_eq(e1.useful, 1);
    ck_assert_int_eq(wfs_inspect(R.inbox, "gone", &e1), -1);
}
END_TEST

START_TEST(internal_folders)
{
    ck_assert_int_eq(mkdirat(R.work, WFS_CROPS_DIR, 0700), 0);
    int fd = openat(R.work, WFS_CROPS_DIR, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(mkdirat(fd, "A1", 0700), 0);
    int cfd = openat(fd, "A1", O_RDONLY | O_DIRECTORY);
    put(cfd, "crop.png", "c");
    ck_assert_int_eq(symlinkat("/etc/passwd", cfd, "link"), 0);
    close(cfd);
    wfs_remove_crops(&R, "A1");
    ck_assert(!wfs_exists(fd, "A1"));
    close(fd);
    ck_assert(access("/etc/passwd", R_OK) == 0);   /* a link is removed, never followed */
    /* leftovers of an earlier run (crops, and the end-of-case markers of
     * older versions) are cleared */
    fd = openat(R.work, WFS_CROPS_DIR, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(mkdirat(fd, "A2", 0700), 0);
    close(fd);
    ck_assert_int_eq(mkdirat(R.work, WFS_SYNC_DIR, 0700), 0);
    ck_assert_int_eq(mkdirat(R.work, WFS_SYNC_DIR "/varta-end-of-case-1", 0700), 0);
    wfs_remove_internal(&R);
    ck_assert(!wfs_exists(R.work, WFS_SYNC_DIR));
    ck_assert(!wfs_exists(R.work, WFS_CROPS_DIR));
}
END_TEST

static Suite *wfs_suite(void)
{
    Suite *s = suite_create("watch_fs");
    TCase *tc = tcase_create("layout");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, layout_created_private);
    tcase_add_test(tc, names);
    tcase_add_test(tc, unique_names_and_noreplace);
    tcase_add_test(tc, fail_writes_reason_and_keeps_inputs);
    tcase_add_test(tc, loose_entries_moved_not_followed);
    tcase_add_test(tc, interrupted_failures_completed);
    tcase_add_test(tc, settle_signature);
    tcase_add_test(tc, internal_folders);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(wfs_suite());
}
