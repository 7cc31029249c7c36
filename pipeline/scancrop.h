/*
 * scancrop — save the MRZ crops varta-scan read, for the reports:
 * DIR/<case>/<file-stem>-p<page>-<n>.png.
 *
 * The case folder is created 0700 and opened without following a symbolic
 * link; crop files are created 0600 with O_EXCL|O_NOFOLLOW, so an existing
 * file or link is never written through: a name already taken gets a
 * suffix (-2, -3, ...).  The case name must already be a valid case name
 * (casedir_name_ok); the file stem is reduced to [A-Za-z0-9._-].
 *
 * Ownership: scancrop_save returns a new string (the crop's path) the
 * caller frees; the crop PIX is only read.
 */
#ifndef VARTA_SCANCROP_H
#define VARTA_SCANCROP_H

#include <leptonica/allheaders.h>
#include <stddef.h>

/* scancrop_stem: the crop file stem of `file` (a name or a path): its base
 * name without the extension, every byte outside [A-Za-z0-9._-] replaced by
 * '_', never starting with '.', at most 100 bytes, never empty. */
void scancrop_stem(const char *file, char *out, size_t outsize);

/* scancrop_save: write `crop` as PNG into the folder `casename` of the open
 * crops folder `crops_fd` (whose path, for the result, is `crops_dir`).
 * Returns "crops_dir/casename/name.png" (malloc'd), or NULL with the reason
 * in err. */
char *scancrop_save(int crops_fd, const char *crops_dir, const char *casename,
                    const char *file, int page, int n, PIX *crop,
                    char *err, size_t errsize);

#endif
