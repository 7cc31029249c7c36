/*
 * mrz — ICAO 9303 machine readable zone parsing and validation.
 *
 * Implements ../shared/MRZ-SPEC.md: TD1, TD2, TD3, MRV-A, MRV-B and the
 * national formats (FRA_ID, ...).  Parsing never fails on input: any bytes at
 * all give an mrz_result whose `format` may be MRZ_FMT_NONE and whose
 * `problems` say why.  The result is a plain value (no heap pointers): copy
 * it, zero it, discard it; nothing to free.  Strings are NUL-terminated and
 * capped at the sizes below; longer input is never read past those caps.
 */
#ifndef VARTA_MRZ_H
#define VARTA_MRZ_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "vdate.h"

#define MRZ_MAX_LINES 3
#define MRZ_MAX_LINE 44       /* longest line of any supported format */
#define MRZ_FIELD_MAX 48      /* any single field, NUL included */
#define MRZ_NAME_MAX 48
#define MRZ_MAX_PROBLEMS 16
#define MRZ_PROBLEM_MAX 120
#define MRZ_MAX_WARNINGS 8
#define MRZ_SCAN_MAX 256      /* bytes of one input line ever examined */

typedef enum mrz_format {
    MRZ_FMT_NONE = 0,
    MRZ_FMT_TD1,
    MRZ_FMT_TD2,
    MRZ_FMT_TD3,
    MRZ_FMT_MRVA,
    MRZ_FMT_MRVB,
    MRZ_FMT_FRA_ID,     /* French national ID card 1988-2021, 2 x 36 */
    MRZ_FMT_FRA_DL,     /* French driving licence, 1 x 30 */
    MRZ_FMT_CHE_DL,     /* Swiss driving licence, 9/30/30 */
    MRZ_FMT_SVK_ID,     /* old Slovak ID, 2 x 34 */
} mrz_format;

/* One check digit the format defines. */
typedef enum mrz_check_id {
    MRZ_CHECK_DOCUMENT_NUMBER = 0,
    MRZ_CHECK_DATE_OF_BIRTH,
    MRZ_CHECK_DATE_OF_EXPIRY,
    MRZ_CHECK_PERSONAL_NUMBER,
    MRZ_CHECK_COMPOSITE,
    MRZ_CHECK_ISSUE_DATE,       /* reserved: no supported format defines it (the
                                 * FRA_ID digit over line 2 [0:12], which begins
                                 * with the issue YYMM, is its document_number check) */
    MRZ_CHECK_COUNT
} mrz_check_id;

/* A date field: the six raw characters, and the date when it is a real one. */
typedef struct mrz_date {
    char raw[7];        /* YYMMDD as read, "<<<<<<" when unknown */
    bool known;         /* true when every position is a digit and the date exists */
    bool impossible;    /* digits present but no such calendar date */
    vdate date;         /* valid only when known */
} mrz_date;

typedef struct mrz_fields {
    char document_code[3];
    char issuing_state[4];        /* fillers removed: "D" for Germany */
    char surname[MRZ_NAME_MAX];   /* components joined by one space */
    char given_names[MRZ_NAME_MAX];
    bool name_truncated;          /* name field filled to its last position */
    char document_number[24];     /* long TD1/TD2 numbers joined (up to 22) */
    char nationality[4];
    mrz_date date_of_birth;
    char sex;                     /* 'M', 'F', 'X', or 0 for '<' */
    mrz_date date_of_expiry;
    char personal_number[MRZ_FIELD_MAX];
    char optional_data[MRZ_FIELD_MAX];
    char optional_data_2[MRZ_FIELD_MAX];
} mrz_fields;

typedef struct mrz_result {
    mrz_format format;
    int nlines;
    char lines[MRZ_MAX_LINES][MRZ_MAX_LINE + 1];   /* lines as given, cut at MRZ_MAX_LINE */
    int line_len[MRZ_MAX_LINES];  /* bytes kept in lines[i] (NUL bytes may occur) */
    bool valid;                   /* CONTRACT.md §3 definition */
    bool has_check[MRZ_CHECK_COUNT];   /* check digits this format defines */
    bool check_ok[MRZ_CHECK_COUNT];
    bool charset_ok;              /* every character in A-Z 0-9 < */
    bool dates_ok;                /* every date real or wholly unknown (birth) */
    bool issuer_known;            /* issuing state is an ICAO / ISO code */
    bool nationality_known;
    bool sex_nonconformant;       /* 'X' in the MRZ (VIZ code) */
    mrz_fields fields;
    int nproblems;                /* valid == (nproblems == 0) */
    char problems[MRZ_MAX_PROBLEMS][MRZ_PROBLEM_MAX];  /* why not valid; no personal data */
    int nwarnings;                /* notes that do not affect `valid` (sex X, unknown code, ...) */
    char warnings[MRZ_MAX_WARNINGS][MRZ_PROBLEM_MAX];
} mrz_result;

/* mrz_check_digit: ICAO 7-3-1 check digit of `len` bytes of `s`; -1 when a
 * byte is outside the MRZ alphabet. */
int mrz_check_digit(const char *s, size_t len);

/* mrz_parse_lines: parse `nlines` lines (any bytes; need not be NUL-free
 * beyond each line's NUL) into *pr, inferring centuries relative to
 * `reference` (birth: latest century not after it; expiry: 20YY unless YY >=
 * reference YY + 50).  Lines are taken as given (no case folding): lower
 * case or spaces make the MRZ invalid with a problem saying so. */
void mrz_parse_lines(const char *const *lines, int nlines, vdate reference, mrz_result *pr);

/* mrz_parse_spans: as mrz_parse_lines for lines given with their byte
 * lengths (NUL bytes are data).  `nlines` is the true line count and lens[i]
 * the true length of line i; only the first MRZ_MAX_LINES entries of
 * `lines`/`lens` are read, and only min(lens[i], MRZ_SCAN_MAX) bytes of each,
 * so a caller reading a huge input keeps a capped prefix of each line and
 * passes its full length and the full count. */
void mrz_parse_spans(const char *const *lines, const size_t *lens, int nlines,
                     vdate reference, mrz_result *pr);

/* mrz_parse_text: as mrz_parse_lines on a block of text split at '\n'
 * (a trailing '\r' on each line is dropped; blank lines ignored). */
void mrz_parse_text(const char *text, size_t len, vdate reference, mrz_result *pr);

/* mrz_format_name: "TD1", "TD3", "MRVA", "FRA_ID", ...; NULL for NONE. */
const char *mrz_format_name(mrz_format f);

/* mrz_check_name: "document_number", "composite", ... (JSON keys). */
const char *mrz_check_name(mrz_check_id id);

/* mrz_line_lengths: the line count and length of a format's lines; returns
 * the number of lines (0 for NONE) and writes up to MRZ_MAX_LINES lengths. */
int mrz_line_lengths(mrz_format f, int lengths[MRZ_MAX_LINES]);

/* mrz_code_fits: true when line 1 of an MRZ of format f (NUL-terminated)
 * starts with a document code ICAO 9303 gives that format: A, C or I
 * first for TD1 (not AI, nor V second) and TD2, P for TD3, V for visas;
 * a letter first for the national formats. */
bool mrz_code_fits(mrz_format f, const char *line1);

/* mrz_codes_known: true when the codes no check digit covers are known
 * ones in parsed result r, read as format f with first line line1: the
 * document code fits f (mrz_code_fits), the issuing state is known and so
 * is the nationality where f has one (the national driving licences have
 * none).  Nothing is owned or kept. */
bool mrz_codes_known(mrz_format f, const char *line1, const mrz_result *r);

/* mrz_country_known: true when `code` (fillers removed, e.g. "D", "UTO",
 * "XXA") is an ICAO 9303 Part 3 code or an ISO 3166-1 alpha-3 code. */
bool mrz_country_known(const char *code);

/* mrz_result_to_json: the CONTRACT.md §3 MRZ object for *r (format, lines,
 * valid, checks, fields) plus problems, warnings, name_truncated,
 * issuer_known, nationality_known and sex_nonconformant.  Bytes that are not
 * UTF-8 are shown as U+FFFD.  Returns a new reference the caller releases
 * with json_decref, or NULL when out of memory. */
json_t *mrz_result_to_json(const mrz_result *r);

#endif
