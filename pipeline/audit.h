/*
 * audit — the append-only audit journal ROOT/audit.log.gz and the SHA-256
 * fingerprints of a case's input files.
 *
 * The journal is a sequence of complete gzip members, one per event, each
 * holding one JSON line.  A member is built in memory (zlib, gzip header),
 * appended with a single write() on an O_APPEND descriptor and fsync'd, so a
 * crash can at worst leave a torn last member; audit_open finds the end of
 * the last complete member and cuts the rest away, so `zcat audit.log.gz`
 * always reads every earlier entry.
 *
 * Entries carry the time, the event, the case name, file names, sizes and
 * hashes, decisions and reasons: never applicants' names, birth dates or MRZ
 * text.  Ownership: an audit_log is owned by its opener and released with
 * audit_close (NULL is accepted); functions taking a json_t never steal the
 * reference unless they say so.
 */
#ifndef VARTA_AUDIT_H
#define VARTA_AUDIT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef struct audit_log audit_log;

/* Largest journal entry (one JSON line) audit_append accepts. */
#define AUDIT_MAX_ENTRY (8u * 1024u * 1024u)
/* Most files audit_hash_dir lists for one case (the rest are counted). */
#define AUDIT_MAX_FILES 20000u

/* audit_open: open (creating it 0600, never following a symlink) the
 * journal `name` in directory `dirfd`, check every gzip member and cut a
 * torn or garbled tail away.  *pcut (may be NULL) receives the number of
 * bytes cut, *pmembers (may be NULL) the number of complete members.
 * Returns NULL on failure with `err` saying why. */
audit_log *audit_open(int dirfd, const char *name, off_t *pcut, size_t *pmembers,
                      char *err, size_t errsize);

/* audit_append: compress `entry` (one JSON object, written compactly with a
 * trailing newline) into one gzip member, append it in one write() and
 * fsync.  On a short write the journal is cut back to its previous length.
 * Returns 0, or -1 with `err` set. */
int audit_append(audit_log *a, const json_t *entry, char *err, size_t errsize);

/* audit_last_events: read the whole journal and, for each of the `n` case
 * names, copy the last event journalled for it ("received", "resumed",
 * "decided", "failed"; "" when none) into events[i].  Returns 0, or -1 on
 * a read error or when memory runs out. */
int audit_last_events(audit_log *a, const char *const *names, size_t n, char (*events)[16]);

/* audit_close: close the journal; NULL is accepted. */
void audit_close(audit_log *a);

/* audit_scan: walk the gzip members of the open file `fd` from its start.
 * *pgood receives the offset just past the last complete, intact member
 * (0 for an empty or wholly bad file), *pmembers their count.  Returns 0,
 * or -1 on a read error (errno set). */
int audit_scan(int fd, off_t *pgood, size_t *pmembers);

/* audit_sha256_fd: hash everything readable from `fd` (from its current
 * offset) into 64 lowercase hex digits plus NUL in `hex`; *psize (may be
 * NULL) receives the byte count.  Returns 0, or -1 on a read error. */
int audit_sha256_fd(int fd, char hex[65], uint64_t *psize);

/* audit_sha256_mem: as audit_sha256_fd for a memory buffer. */
void audit_sha256_mem(const void *data, size_t len, char hex[65]);

/* audit_time_now: the current time as UTC ISO 8601, "2024-03-01T09:30:00Z". */
void audit_time_now(char buf[32]);

/* audit_entry_new: a new entry {"time": now, "event": event, "case": case}
 * (new reference; NULL on allocation failure). */
json_t *audit_entry_new(const char *event, const char *casename);

/* audit_name_json: a JSON string for a file name that may not be UTF-8:
 * valid UTF-8 is kept, any other byte and control character becomes the
 * four characters \xNN.  New reference (NULL on allocation failure). */
json_t *audit_name_json(const char *name);

/* audit_name_escape: the same escaping into a caller buffer (always
 * NUL-terminated; truncated to fit). */
void audit_name_escape(const char *name, char *out, size_t outsize);

/* audit_hash_dir: fingerprint the entries of the case directory `dirfd`:
 * a new JSON array of {"file", "size", "sha256"} for regular files and
 * {"file", "type"} for anything else (symlinks are not followed, FIFOs
 * never opened).  Hidden and partial (.part, .tmp, .crdownload) names are
 * included, so the journal shows all that was received.  At most
 * AUDIT_MAX_FILES entries; the number left out goes to *pomitted (may be
 * NULL).  Returns NULL with `err` set when the directory cannot be read. */
json_t *audit_hash_dir(int dirfd, size_t *pomitted, char *err, size_t errsize);

#endif
