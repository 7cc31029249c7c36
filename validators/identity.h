/*
 * identity — is the person on one document the person on another?
 *
 * Names are compared after ICAO 9303 Part 3 section 6 transliteration
 * (Ü→UE, Ø→OE, Ł→L, Cyrillic per Table B) or plain diacritic folding
 * (Ü→U), and for Cyrillic also the Ukrainian national table (Г→H, И→Y);
 * any pairing of those forms that agrees counts.  Fillers '<', spaces,
 * hyphens, apostrophes and other punctuation are removed before comparing.
 *
 * The thresholds, written down:
 *  - A name flagged as truncated in the MRZ matches a longer name of which it
 *    is a prefix (surname equal and given names a prefix, or given names
 *    empty and surname a prefix), provided the truncated side keeps at
 *    least ID_PREFIX_MIN letters.
 *  - OCR noise: in total at most ID_NOISE_MAX_EDITS (1) edit (Levenshtein)
 *    over surname and given names together, allowed only in a name part of
 *    at least ID_NOISE_MIN_LEN (6) letters on both sides, and only when both
 *    birth dates are known and equal.  Short names must match exactly.
 *  - A diacritic kept on one side and lost on the other (ICAO "MUELLER"
 *    against an OCR'd "Muller") is a spelling variant: the ICAO digraphs
 *    AE, OE, UE, AA may be undone, under the same conditions as OCR noise
 *    (both birth dates known and equal).
 *  - Different birth dates or nationalities (both known) always mean
 *    different people; a missing or unreadable one means "could not be
 *    compared" (ID_UNSURE), never "same".
 *
 * Nothing here allocates; results are plain values.
 */
#ifndef VARTA_IDENTITY_H
#define VARTA_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "vdate.h"

#define ID_NAME_MAX 160
#define ID_NOISE_MAX_EDITS 1
#define ID_NOISE_MIN_LEN 6
#define ID_PREFIX_MIN 2
#define ID_WHY_MAX 240

typedef enum id_form {
    ID_FORM_ICAO = 0,   /* ICAO 9303 recommended transliteration (Ü→UE) */
    ID_FORM_FOLD,       /* diacritics dropped (Ü→U) */
    ID_FORM_UKR,        /* Cyrillic by the Ukrainian national table */
    ID_FORM_LOOKALIKE,  /* Cyrillic letters an OCR engine puts for Latin ones
                           (А В Е К М Н О Р С Т У Х І Ј Ѕ) read as those
                           Latin letters; other Cyrillic as ICAO */
    ID_FORM_COUNT
} id_form;

/* identity_normalize: transliterate the UTF-8 name `s` in `form` into
 * capital A-Z (digits kept, everything else removed) in out (size outsize,
 * NUL-terminated, truncated to fit).  Returns the number of letters that
 * could not be transliterated (a script the tables do not cover, or bad
 * UTF-8); such a name cannot be compared reliably. */
int identity_normalize(const char *s, id_form form, char *out, size_t outsize);

/* identity_edit_distance: Levenshtein distance of two strings, capped: any
 * distance above `cap` is returned as cap + 1 (also for strings longer than
 * ID_NAME_MAX). */
int identity_edit_distance(const char *a, const char *b, int cap);

/* A person as one document states them.  Unknown text fields are NULL or "". */
typedef struct id_person {
    const char *surname;
    const char *given_names;
    bool name_truncated;        /* the MRZ flagged the name field as full */
    int dob_state;              /* ID_DOB_ABSENT / ID_DOB_KNOWN / ID_DOB_UNREADABLE */
    vdate dob;
    const char *nationality;    /* MRZ code, fillers removed; NULL = not stated */
} id_person;

enum { ID_DOB_ABSENT = 0, ID_DOB_KNOWN, ID_DOB_UNREADABLE };

typedef enum id_verdict {
    ID_SAME = 0,
    ID_DIFFERENT,
    ID_UNSURE,      /* could not be compared, or only partly agrees */
} id_verdict;

/* What differed or could not be compared (bit flags). */
enum {
    ID_F_SURNAME = 1u << 0,
    ID_F_GIVEN = 1u << 1,
    ID_F_DOB = 1u << 2,
    ID_F_NATIONALITY = 1u << 3,
};

typedef struct id_result {
    id_verdict verdict;
    unsigned differs;           /* ID_F_* that clearly differ */
    unsigned uncompared;        /* ID_F_* that could not be compared */
    bool prefix_used;           /* matched a truncated MRZ name by prefix */
    bool noise_tolerated;       /* matched with one tolerated OCR edit */
    bool given_partial;         /* given names agree only in part */
    char why_en[ID_WHY_MAX];    /* e.g. "surname and date of birth differ" */
    char why_uk[ID_WHY_MAX * 2];
} id_result;

/* identity_names_match: compare names only (see thresholds above).
 * `allow_noise` enables the one-edit tolerance.  Returns ID_SAME,
 * ID_DIFFERENT, or ID_UNSURE (a name missing or untransliterable, or given
 * names agreeing only in part); sets the name-related fields of *r. */
id_verdict identity_names_match(const id_person *a, const id_person *b, bool allow_noise,
                                id_result *r);

/* identity_compare: full comparison of names, birth date and nationality
 * (a NULL nationality on either side is not compared).  Fills *r,
 * including a short explanation in English and Ukrainian (no personal
 * data: it names the fields, not their values). */
id_verdict identity_compare(const id_person *a, const id_person *b, id_result *r);

#endif
