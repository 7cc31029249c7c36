/*
 * certrules — what a police-clearance certificate says, from its OCR text.
 *
 * Pure text logic, no OCR: given the UTF-8 text of a page (with its line
 * structure) and the policy's country markers and phrases, decide the issuing
 * country, whether the certificate states no record, a record or cannot be
 * told, and extract the holder's surname, given names and date of birth, the
 * certificate number, issue date and authority, each with the line it came
 * from.
 *
 * Matching is tolerant of OCR noise (case, diacritics, look-alike letters and
 * digits, Latin/Cyrillic look-alikes, and a bounded edit distance
 * proportional to the phrase's length) but negation-safe: a `record` phrase
 * that overlaps a `no_record` match, shares its line, or is negated by a word
 * such as "nie", "keine", "no", "не" does not count.  Both kinds or neither →
 * unknown.
 *
 * Ownership: nothing here allocates memory the caller must free; results are
 * written into the caller's cert_info.  Input longer than CERT_MAX_TEXT bytes
 * is analysed up to that cap (a page of certificate text is a few KiB).
 * Invalid UTF-8 bytes are skipped.
 */
#ifndef VARTA_CERTRULES_H
#define VARTA_CERTRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"
#include "vdate.h"

#define CERT_MAX_TEXT (64u * 1024u)
#define CERT_VALUE_MAX 128
#define CERT_SOURCE_MAX 256

/* One extracted field: its value and the OCR text (a line) it came from. */
typedef struct cert_field {
    bool found;
    char value[CERT_VALUE_MAX];     /* names upper-case; dates ISO YYYY-MM-DD */
    char source[CERT_SOURCE_MAX];   /* the line(s) the value was read from; for a
                                     * birth or issue date not found, the line
                                     * whose label names it when its value did
                                     * not read as a date; for a surname or
                                     * given names not found, the line whose
                                     * label names it when its value did not
                                     * read as a name ("Surname 5МІТН")
                                     * ("" otherwise) */
} cert_field;

typedef struct cert_info {
    char country[4];                /* ISO alpha-3, "" when not recognised */
    int marker_hits;                /* markers of `country` found */
    cert_result result;
    char phrase[CERT_VALUE_MAX];    /* the policy phrase that decided, "" if none */
    char phrase_source[CERT_SOURCE_MAX]; /* the OCR text it matched */
    char reason[CERT_SOURCE_MAX];   /* why the result is what it is, in words */
    int phrase_distance;            /* edit distance of the deciding match */
    cert_field surname, given_names, date_of_birth, number, issued, authority;
    cert_field issued_at_place;     /* the date of the closing place-and-date line
                                     * ("Clarksburg, WV, January 1, 2024"), the
                                     * issue date printed a second time: for the
                                     * reader to check the labelled one against,
                                     * or fall back on */
} cert_info;

/* certrules_analyse: analyse `len` bytes of OCR text (need not be
 * NUL-terminated) against the policy's phrases and markers.  Fills *out
 * completely.  Returns true when the text is recognised as a certificate (a
 * country marker or a phrase was found); false otherwise (out->country "",
 * result CERT_UNKNOWN). */
bool certrules_analyse(const char *text, size_t len,
                       const cert_phrase *phrases, size_t nphrases,
                       const cert_marker *markers, size_t nmarkers,
                       cert_info *out);

/* certrules_parse_date: parse one date as `country` writes it (USA
 * MM/DD/YYYY; GBR DD/MM/YYYY or "17 May 1990"; DEU/POL/UKR DD.MM.YYYY; ISO
 * YYYY-MM-DD everywhere; month names in English, German, Polish, Ukrainian)
 * found anywhere in `s` (NUL-terminated).  Tolerates common OCR confusions
 * in digits (O→0, l/I→1, S→5, B→8).  On success writes *pd and, when pend is
 * not NULL, the byte offset just after the date, and returns true. */
bool certrules_parse_date(const char *s, const char *country, vdate *pd, size_t *pend);

/* certrules_fuzzy_find: find `needle` in `hay` (both UTF-8, NUL-terminated)
 * after normalisation, allowing at most `maxdist` edits.  Returns the edit
 * distance of the best match, or -1 when none.  For tests and callers that
 * need a single lookup. */
int certrules_fuzzy_find(const char *hay, const char *needle, int maxdist);

/* certrules_latin_base: the base letter (lower-case ASCII) of a Latin
 * letter with a diacritic, U+00C0..U+017F ('e' for 'É'); 0 for any other
 * code point, and for the signs in that range that are no letters (× ÷). */
char certrules_latin_base(unsigned c);

/* certrules_result_name: "no_record", "record" or "unknown". */
const char *certrules_result_name(cert_result r);

/* One word of a holder-name value as two engines read it at the same place
 * on the line: `cyr` by the Cyrillic engine (ukr+eng), `lat` by a Latin one
 * ("" when it read nothing there), with their word confidences (0..100). */
typedef struct cert_name_word {
    const char *cyr, *lat;
    float cyr_conf, lat_conf;
} cert_name_word;

/* certrules_name_by_script: decide each word's script and write the name
 * into out (cap bytes; upper case, words space-separated).  A word is
 * Cyrillic when its Cyrillic reading has a letter no Latin letter looks
 * like (Б, Д, Л, Я ...), Latin when its Latin reading has one no Cyrillic
 * letter looks like (D, L, N, R ...), else look-alike only; both → its side
 * of a slash ("Cyrillic / Latin"), without a slash the surer engine.  A value with Latin words keeps them alone (the Latin half
 * of "ЯКОВЕНКО / IAKOVENKO"), unless it also has Cyrillic words the engine
 * was clearly surer of (by 10 points, least sure word against least sure
 * word): then, as otherwise, Cyrillic words are kept, their
 * Latin look-alike letters ("ІВAН") written in Cyrillic.  Look-alike-only
 * words follow the value's other words, else `sibling` (the script decided
 * for the other name field: 'C', 'L' or 0).  Words that cannot be a name
 * (digits, brackets) are dropped.  Only letters an engine read are used.
 * Returns 'C' or 'L', or 0 when nothing could be decided (out "").  *pmapped
 * (may be NULL) is set when look-alike letters were rewritten. */
char certrules_name_by_script(const cert_name_word *w, size_t n, char sibling, char *out,
                              size_t cap, bool *pmapped);

#endif
