/*
 * certread — read a police-clearance certificate page (ISSUE: GBR ACRO, USA
 * FBI IdHS, DEU Führungszeugnis, POL KRK, UKR IAS extract).
 *
 * One cert_reader per process holds up to seven Tesseract handles on the
 * system's language data, one per language set (eng+ukr for the header,
 * then eng, deu+eng, pol+eng, ukr+eng for the body by country, and
 * eng+pol+deu for re-reading holder names, pol alone for an Ł the others
 * read as T); eng+ukr starts with the
 * reader, the others on first use, and each is reused for every page.
 * Flatbed scans and phone photos are both read: a photographed sheet is
 * found on the desk and warped upright first.  The wordings that identify
 * a country and its no-record / record phrases come from the policy (data,
 * not code).
 *
 * Ownership: cert_reader_new returns a reader freed by cert_reader_free
 * (NULL accepted); it keeps a pointer to `pol`, which must outlive it.
 * cert_reader_read returns a new JSON reference (jansson) the caller
 * releases with json_decref.
 */
#ifndef VARTA_CERTREAD_H
#define VARTA_CERTREAD_H

#include <jansson.h>
#include <stdbool.h>
#include <leptonica/allheaders.h>

#include "policy.h"
#include "vdate.h"

typedef struct cert_reader cert_reader;

/* cert_reader_new: start Tesseract on the system language data (NULL
 * tessdata_dir = Tesseract's default).  NULL on failure, reason in err. */
cert_reader *cert_reader_new(const char *tessdata_dir, const policy *pol,
                             char *err, size_t errsize);

/* cert_reader_missing_languages: which of the language data the reader
 * uses ("deu", "pol", ...) Tesseract does not have; written space-separated
 * to `missing` (empty when all are installed).  Returns how many are
 * missing.  The reader falls back to eng+ukr for those. */
int cert_reader_missing_languages(cert_reader *r, char *missing, size_t size);

/* cert_reader_free: release r (NULL accepted). */
void cert_reader_free(cert_reader *r);

/* cert_reader_read: OCR `page` and, when it is a police certificate, return
 * the CONTRACT.md §3 `certificate` object (country, holder, number, issued,
 * result, phrase, qr, plus evidence text; evidence.corrections, when
 * present, lists each name or date taken from a second reading of its line
 * with the first reading and why).  Returns NULL when the page is
 * not recognised as a certificate; *pconfidence gets 0..1 either way. */
json_t *cert_reader_read(cert_reader *r, PIX *page, vdate reference, double *pconfidence);

/* cert_reading_loses_diacritics: is the name reading `second` the reading
 * `first` with diacritics dropped or changed, and nothing else ("MULLER" or
 * "MÓLLER" beside "MÜLLER"; ß against "SS")?  The two are equal with
 * diacritics folded away, differ, and second has no more letters with a
 * diacritic than first.  False for "ŁUKASZ" beside "LUKASZ" (the second
 * adds one) and for readings of another script.  Borrows both strings. */
bool cert_reading_loses_diacritics(const char *first, const char *second);

/* cert_reading_adds_lacked_letters: does the name re-read in English,
 * Polish and German (`second`) differ from the reading of the body engine
 * of `country`'s certificates (`first`) only where second has a letter
 * that engine lacks, and first a plain letter or one of its own on another
 * base letter?  "TUKASZ" beside "ŁUKASZ" on a German page, "JÓRGEN" beside
 * "JÜRGEN" on a Polish one (the Polish engine has no Ü); not "MÖLLER"
 * beside "MÓLLER" on a German one (a doubt about a mark).  Borrows both. */
bool cert_reading_adds_lacked_letters(const char *first, const char *second, const char *country);

#endif
