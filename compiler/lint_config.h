/* Project configuration files: an archway.json beside the diagrams (or a
 * file named on the command line) sets the level of rules and of whole
 * rule categories, the level of unused-suppression warnings, and werror,
 * for every diagram it governs. It is read with the JSON front end, so
 * every mistake in it is a diagnostic at its line and column. */
#ifndef AW_LINT_CONFIG_H
#define AW_LINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lint.h"

/* The name looked for in a diagram's directory. */
#define AW_LINT_CONFIG_NAME "archway.json"
/* Larger files are refused: a configuration is a few lines. */
#define AW_LINT_CONFIG_MAX_BYTES (1024u * 1024u)

/* One configuration file as read. Everything it points to lives in its
 * arena and is released by aw_lint_config_file_free(). */
typedef struct aw_lint_config_file {
    const char *path;               /* as given or found */
    aw_arena arena;                 /* text, tree, messages, overrides */
    aw_diags diags;                 /* its mistakes (errors only) */
    aw_compile_status status;       /* OK: usable; ERRORS: has mistakes;
                                     * UNREADABLE: could not be read */
    /* Levels it sets: every rule of each category named, then each rule
     * named, so that a rule's own entry beats its category's whatever
     * the order in the file. */
    aw_lint_override *overrides;
    size_t override_count;
    aw_rule_level unused_suppressions;  /* AW_LEVEL_DEFAULT unless set */
    int werror;                     /* -1 not set, else 0 or 1 */
    /* The file's identity once read (stat), so that two spellings of one
     * path share one reading. */
    bool identified;
    dev_t dev;
    ino_t ino;
} aw_lint_config_file;

/* Reads and checks the file at path; "-" is not special. Returns f->status;
 * free f with aw_lint_config_file_free() in every case. */
aw_compile_status aw_lint_config_read(aw_lint_config_file *f, const char *path);
/* The same for text held in memory; name is used in locations. The text
 * is copied into f's arena. */
aw_compile_status aw_lint_config_parse(aw_lint_config_file *f, const char *name, const char *text, size_t len);
void aw_lint_config_file_free(aw_lint_config_file *f);

/* Writes into buf the path of the configuration file beside a diagram:
 * AW_LINT_CONFIG_NAME in the diagram's directory, or in the current one
 * for "-" (standard input). False if it does not fit. */
bool aw_lint_config_beside(const char *diagram, char *buf, size_t size);

/* What a diagram is linted with: the file's settings (f may be NULL), then
 * cli's overrides, so that the command line wins. The overrides are copied
 * into a malloc'd array that the caller frees through *to_free. */
aw_lint_config aw_lint_config_merge(const aw_lint_config_file *f, const aw_lint_config *cli,
                                    aw_lint_override **to_free);

/* ---- the files of one run ------------------------------------------------- */

/* Configuration files read so far, each once however many diagrams share
 * it. Zero-initialise; release with aw_lint_config_set_free(). */
typedef struct aw_lint_config_set {
    aw_lint_config_file **files;
    size_t count;
} aw_lint_config_set;

/* The configuration file of a diagram: the one at path when path is not
 * NULL (--config), else AW_LINT_CONFIG_NAME beside the diagram if there is
 * one. NULL when there is none; a file that cannot be read is returned
 * with status AW_COMPILE_UNREADABLE. *fresh says whether this call read it,
 * so that its diagnostics are reported once. The file belongs to the set. */
aw_lint_config_file *aw_lint_config_set_for(aw_lint_config_set *set, const char *diagram, const char *path,
                                            bool *fresh);
void aw_lint_config_set_free(aw_lint_config_set *set);

/* Whether a command-line file is a configuration file by its name
 * (AW_LINT_CONFIG_NAME), so that `check` given a whole directory of
 * JSON files checks it as one. */
bool aw_lint_config_named(const char *file);

#endif
