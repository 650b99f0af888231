/* Writing an output file safely: what `-o` names is replaced whole or not
 * at all, and nothing else on the machine is touched. */
#ifndef AW_OUTPUT_FILE_H
#define AW_OUTPUT_FILE_H

#include <stddef.h>

/* Writes len bytes of data to path. A regular file (or a symbolic link to
 * one, which stays a link) is replaced through a temporary beside it and a
 * rename, so readers see the old bytes or the new, never half; the
 * temporary is created with O_EXCL | O_NOFOLLOW, so a link planted at its
 * name is never followed. Anything else that exists at path (a FIFO, a
 * terminal, /dev/stdout, /dev/null), and anything under /dev or /proc,
 * is opened and written directly, never replaced. Returns 0, or an errno value saying why nothing (or, for a
 * non-regular target, not everything) was written. */
int aw_output_write(const char *path, const char *data, size_t len);

/* Creates directory dir and its missing parents (mkdir -p). Returns 0, or
 * the errno value of the step that failed. */
int aw_output_make_dirs(const char *dir);

#endif
