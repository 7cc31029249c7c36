/* Unit tests for pipeline/jsonl: the record reader the stages share. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "jsonl.h"

/* A stream holding `text` (len bytes), rewound. */
static FILE *stream_of(const char *text, size_t len)
{
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    rewind(f);
    return f;
}

START_TEST(empty_first_line)
{
    /* A stream that begins with an empty line once crashed both stages. */
    static const char text[] = "\n\n{\"record\":\"case\",\"case\":\"A1\"}\n";
    FILE *f = stream_of(text, sizeof text - 1);
    jsonl_reader *r = jsonl_reader_new(f);
    ck_assert_ptr_nonnull(r);
    json_t *o = NULL;
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_OK);
    ck_assert_str_eq(json_string_value(json_object_get(o, "case")), "A1");
    ck_assert_uint_eq(jsonl_reader_count(r), 1);
    json_decref(o);
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_EOF);
    ck_assert_ptr_null(o);
    jsonl_reader_free(r);
    fclose(f);
}
END_TEST

START_TEST(blank_lines_skipped_bad_lines_counted)
{
    static const char text[] = " \t\r\n{\"a\":1}\r\n{\"a\":\n[1,2]\n\n{\"a\":2}";
    FILE *f = stream_of(text, sizeof text - 1);
    jsonl_reader *r = jsonl_reader_new(f);
    json_t *o = NULL;
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_OK);
    ck_assert_int_eq(json_integer_value(json_object_get(o, "a")), 1);
    ck_assert_str_eq(jsonl_reader_error(r), "");
    json_decref(o);
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_BAD_JSON);
    ck_assert_ptr_null(o);
    ck_assert_uint_eq(jsonl_reader_count(r), 2);
    ck_assert_msg(strncmp(jsonl_reader_error(r), "bad JSON at column ", 19) == 0, "%s", jsonl_reader_error(r));
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_BAD_JSON);
    ck_assert_str_eq(jsonl_reader_error(r), "record is not a JSON object");
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_OK);   /* last line without a newline */
    ck_assert_int_eq(json_integer_value(json_object_get(o, "a")), 2);
    ck_assert_uint_eq(jsonl_reader_count(r), 4);
    ck_assert_str_eq(jsonl_reader_error(r), "");
    json_decref(o);
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_EOF);
    ck_assert_uint_eq(jsonl_reader_count(r), 4);
    jsonl_reader_free(r);
    fclose(f);
}
END_TEST

START_TEST(over_long_line_skipped_whole)
{
    size_t n = JSONL_MAX_LINE + 16;
    char *text = malloc(n + 64);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "{\"x\":\"", 6);
    memset(text + 6, 'a', n - 6);
    strcpy(text + n, "\"}\n{\"b\":true}\n");
    FILE *f = stream_of(text, strlen(text));
    free(text);
    jsonl_reader *r = jsonl_reader_new(f);
    json_t *o = NULL;
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_TOO_LONG);
    ck_assert_ptr_null(o);
    ck_assert_str_eq(jsonl_reader_error(r), "line too long");
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_OK);   /* the rest of the long line is not a record */
    ck_assert(json_is_true(json_object_get(o, "b")));
    ck_assert_uint_eq(jsonl_reader_count(r), 2);
    json_decref(o);
    jsonl_reader_free(r);
    fclose(f);
}
END_TEST

START_TEST(read_error_reported)
{
    FILE *f = fopen(".", "r");      /* reading a directory fails with EISDIR */
    ck_assert_ptr_nonnull(f);
    jsonl_reader *r = jsonl_reader_new(f);
    json_t *o = NULL;
    ck_assert_int_eq(jsonl_next(r, &o), JSONL_IO);
    ck_assert_ptr_null(o);
    jsonl_reader_free(r);
    jsonl_reader_free(NULL);
    fclose(f);
}
END_TEST

static Suite *jsonl_suite(void)
{
    Suite *s = suite_create("jsonl");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, empty_first_line);
    tcase_add_test(tc, blank_lines_skipped_bad_lines_counted);
    tcase_add_test(tc, over_long_line_skipped_whole);
    tcase_add_test(tc, read_error_reported);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return check_main(jsonl_suite());
}
