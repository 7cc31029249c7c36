/* Unit tests for pipeline/scancrop.c: crop names, modes, links never
 * written through. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check_main.h"
#include "scancrop.h"

static char root[256];

static void setup(void)
{
    snprintf(root, sizeof root, "%s/varta-test-scancrop-XXXXXX",
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

START_TEST(stems)
{
    char s[128];
    scancrop_stem("passport.jpg", s, sizeof s);
    ck_assert_str_eq(s, "passport");
    scancrop_stem("/srv/in/A1/scan 2.v1.png", s, sizeof s);
    ck_assert_str_eq(s, "scan_2.v1");
    scancrop_stem(".hidden", s, sizeof s);
    ck_assert_str_eq(s, "_hidden");
    scancrop_stem("", s, sizeof s);
    ck_assert_str_eq(s, "_");
    scancrop_stem("dir/", s, sizeof s);
    ck_assert_str_eq(s, "_");
    scancrop_stem("\xff\xfe.png", s, sizeof s);
    ck_assert_str_eq(s, "__");
    scancrop_stem("../../etc/passwd", s, sizeof s);
    ck_assert_str_eq(s, "passwd");
    char longname[400];
    memset(longname, 'x', 300);
    strcpy(longname + 300, ".png");
    scancrop_stem(longname, s, sizeof s);
    ck_assert_int_eq(strlen(s), 100);
    char tiny[4];
    scancrop_stem("abcdef.png", tiny, sizeof tiny);
    ck_assert_str_eq(tiny, "abc");
}
END_TEST

START_TEST(saves_private_files)
{
    int fd = open(root, O_RDONLY | O_DIRECTORY);
    PIX *pix = pixCreate(40, 10, 8);
    pixSetAllArbitrary(pix, 200);
    char err[256];
    mode_t old = umask(0);      /* modes must not depend on the caller's umask */
    char *p = scancrop_save(fd, root, "A1024", "dir/passport.jpg", 0, 1, pix, err, sizeof err);
    umask(old);
    ck_assert_msg(p != NULL, "%s", err);
    char want[512];
    snprintf(want, sizeof want, "%s/A1024/passport-p0-1.png", root);
    ck_assert_str_eq(p, want);
    struct stat st;
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0600);
    snprintf(want, sizeof want, "%s/A1024", root);
    ck_assert_int_eq(stat(want, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0700);
    PIX *back = pixRead(p);
    ck_assert_ptr_nonnull(back);
    ck_assert_int_eq(pixGetWidth(back), 40);
    pixDestroy(&back);
    /* the same name again: never overwritten, a suffix instead */
    char *q = scancrop_save(fd, root, "A1024", "passport.png", 0, 1, pix, err, sizeof err);
    ck_assert_ptr_nonnull(q);
    ck_assert_ptr_nonnull(strstr(q, "passport-p0-1-2.png"));
    free(p);
    free(q);
    ck_assert_ptr_null(scancrop_save(fd, root, "..", "a.png", 0, 0, pix, err, sizeof err));
    ck_assert_ptr_null(scancrop_save(fd, root, "a/b", "a.png", 0, 0, pix, err, sizeof err));
    ck_assert_ptr_null(scancrop_save(fd, root, "A1", "a.png", 0, 0, NULL, err, sizeof err));
    pixDestroy(&pix);
    close(fd);
}
END_TEST

START_TEST(links_never_written_through)
{
    int fd = open(root, O_RDONLY | O_DIRECTORY);
    char target[512], link[600], err[256];
    snprintf(target, sizeof target, "%s/elsewhere", root);
    ck_assert_int_eq(mkdir(target, 0700), 0);
    snprintf(link, sizeof link, "%s/EVIL", root);
    ck_assert_int_eq(symlink(target, link), 0);
    PIX *pix = pixCreate(8, 8, 8);
    char *p = scancrop_save(fd, root, "EVIL", "a.png", 0, 0, pix, err, sizeof err);
    ck_assert_ptr_null(p);
    ck_assert_msg(strstr(err, "symbolic link") != NULL, "%s", err);
    snprintf(link, sizeof link, "%s/a-p0-0.png", target);
    ck_assert_int_ne(access(link, F_OK), 0);

    /* a link planted at the crop's own name is left alone */
    char casedir[512], victim[512];
    snprintf(casedir, sizeof casedir, "%s/C2", root);
    ck_assert_int_eq(mkdir(casedir, 0700), 0);
    snprintf(victim, sizeof victim, "%s/victim", root);
    FILE *f = fopen(victim, "w");
    fputs("keep", f);
    fclose(f);
    snprintf(link, sizeof link, "%s/C2/a-p0-0.png", root);
    ck_assert_int_eq(symlink(victim, link), 0);
    p = scancrop_save(fd, root, "C2", "a.png", 0, 0, pix, err, sizeof err);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(strstr(p, "a-p0-0-2.png"));
    struct stat st;
    ck_assert_int_eq(stat(victim, &st), 0);
    ck_assert_int_eq(st.st_size, 4);
    free(p);
    pixDestroy(&pix);
    close(fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scancrop");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, stems);
    tcase_add_test(tc, saves_private_files);
    tcase_add_test(tc, links_never_written_through);
    suite_add_tcase(s, tc);
    return check_main(s);
}
