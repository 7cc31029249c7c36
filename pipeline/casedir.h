/*
 * casedir — read one case folder safely and describe it as the `case`
 * record of the pipeline (README "Pipeline records", CONTRACT.md §1).
 *
 * A case folder comes from outside.  Reading it:
 *   - checks the case name: one path component of [A-Za-z0-9._-], 1-128
 *     bytes (casedir_name_ok);
 *   - opens the folder with O_DIRECTORY|O_NOFOLLOW (a symbolic link is
 *     refused) and lists its entries without following links;
 *   - skips hidden names and names ending .part, .tmp, .crdownload
 *     (uploads in progress), rejects anything but regular files (symbolic
 *     links, FIFOs, sockets, devices, sub-folders) with a reason, and never
 *     opens a FIFO or device;
 *   - refuses a folder of more than CASEDIR_MAX_FILES entries as a whole
 *     (no file is hashed or read then);
 *   - fingerprints each regular file (size, SHA-256 with nettle);
 *   - reads applicant.json with a size cap, parses it with jansson and
 *     refuses nesting deeper than CASEDIR_APPLICANT_MAX_DEPTH.
 * Entries are sorted by name (bytes), so the order is stable.  Names are
 * kept as raw bytes for opening; in JSON they are written escaped
 * (audit_name_json: bytes that are not UTF-8, control characters and
 * backslashes become the four characters \xNN), with "name_escaped": true
 * on a `files` entry whose name needed it.
 *
 * Ownership: casedir_scan fills a casedir the caller releases with
 * casedir_free (which closes its descriptor); casedir_record returns a new
 * JSON reference.  Plain-file inputs (no folder) are described with
 * casedir_init_files / casedir_add_file.
 */
#ifndef VARTA_CASEDIR_H
#define VARTA_CASEDIR_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CASEDIR_NAME_MAX 128
#define CASEDIR_MAX_FILES 200                 /* entries per case folder */
#define CASEDIR_MAX_SCAN 1000000              /* entries ever counted */
#define CASEDIR_APPLICANT "applicant.json"
#define CASEDIR_APPLICANT_MAX_BYTES (1024L * 1024)
#define CASEDIR_APPLICANT_MAX_DEPTH 32

typedef enum casedir_kind {
    CASEDIR_FILE = 0,     /* regular file: hashed, to be read */
    CASEDIR_SKIPPED,      /* hidden or partial upload: ignored */
    CASEDIR_REJECTED,     /* not a regular file, or unreadable: an error record */
} casedir_kind;

typedef struct casedir_entry {
    char *name;           /* raw bytes as in the folder (or the path given) */
    casedir_kind kind;
    char reason[96];      /* why skipped or rejected */
    uint64_t size;
    char sha256[65];      /* lowercase hex, for CASEDIR_FILE */
} casedir_entry;

typedef enum casedir_applicant {
    CASEDIR_APPLICANT_ABSENT = 0,   /* no applicant.json */
    CASEDIR_APPLICANT_OK,           /* parsed: `applicant` holds the object */
    CASEDIR_APPLICANT_BAD,          /* `applicant_error` says why */
} casedir_applicant;

typedef struct casedir {
    char *name;           /* case name (raw bytes) */
    char *dir;            /* the folder path as given, or NULL for plain files */
    int dirfd;            /* open folder, -1 when none */
    char error[160];      /* non-empty: the case as a whole is refused */
    size_t nentries;
    casedir_entry *entries;          /* sorted by name */
    casedir_applicant applicant_status;
    json_t *applicant;               /* owned; NULL unless ..._OK */
    char applicant_error[200];
} casedir;

/* casedir_name_ok: true when `name` is a valid case name: 1-128 bytes of
 * [A-Za-z0-9._-], and not "." or "..". */
bool casedir_name_ok(const char *name);

/* casedir_scan: read the case folder at `path` (trailing slashes ignored)
 * into *cd.  Returns 0 when the folder was read or refused as a case (see
 * cd->error: invalid case name, symbolic link, too many files), or -1 when
 * the folder could not be opened at all (errno set; cd->error says why).
 * Either way *cd is initialised and must be released by casedir_free. */
int casedir_scan(const char *path, casedir *cd);

/* casedir_init_files: initialise *cd as the implicit case `name` of
 * plain-file inputs (no folder, no applicant.json). */
void casedir_init_files(casedir *cd, const char *name);

/* casedir_add_file: add the file at `path` to an implicit case: checked,
 * fingerprinted, kept in the order added.  Returns 0, or -1 when out of
 * memory. */
int casedir_add_file(casedir *cd, const char *path);

/* casedir_open_parent: open the directory holding `path` (O_DIRECTORY) and
 * return its descriptor, with *pbase pointing at the last component inside
 * `path`; -1 on failure (errno set).  For reading a plain-file input
 * relative to its folder without following a link in the last step. */
int casedir_open_parent(const char *path, const char **pbase);

/* casedir_record: the `case` record of cd (new reference, NULL when out of
 * memory): record, case, dir, files, skipped, applicant, applicant_error,
 * and error when the case is refused. */
json_t *casedir_record(const casedir *cd);

/* casedir_read_applicant: read and check `applicant.json` in dirfd.  On
 * CASEDIR_APPLICANT_OK *pobj is a new reference to the object; on BAD, why
 * (size whysize) gives the reason; on ABSENT neither. */
casedir_applicant casedir_read_applicant(int dirfd, json_t **pobj, char *why, size_t whysize);

/* casedir_free: release everything cd owns and close its folder (NULL
 * accepted); *cd is zeroed with dirfd -1. */
void casedir_free(casedir *cd);

#endif
