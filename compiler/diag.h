/* Diagnostics: collected during a compile, never printed mid-pass, and
 * rendered at the end as text (with source line and caret) or JSON. */
#ifndef AW_DIAG_H
#define AW_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../ir/arena.h"
#include "../ir/loc.h"

typedef enum aw_severity {
    AW_SEV_NOTE,
    AW_SEV_WARNING,
    AW_SEV_ERROR,
} aw_severity;

typedef struct aw_diag {
    aw_severity severity;
    const char *code;       /* stable identifier, e.g. "unknown-field" */
    const char *message;
    aw_loc loc;
    const char *element;    /* id of the diagram element concerned, or NULL */
    aw_loc related;         /* a second location involved, line 0 if none */
    const char *related_message;
    bool suppressed;        /* a lint finding accepted in the diagram: kept for
                             * JSON output, not printed as text, not counted */
    const char *suppress_reason;
    const char *secret;     /* text the quoted source line must not show
                             * (aw_diag_set_secret), or NULL */
    size_t seq;             /* insertion order, keeps sorting stable */
} aw_diag;

/* A source text kept so that rendering can quote the offending line. */
typedef struct aw_source {
    const char *name;
    const char *text;
    size_t len;
    size_t *line_starts;    /* built on first use, like marks; malloc'd */
    size_t line_count;
    struct aw_source_mark *marks;   /* a position every few KiB, so that a column
                                     * deep in a long line is found without
                                     * walking the line from its start */
    size_t mark_count;
} aw_source;

typedef struct aw_diags {
    aw_arena *arena;        /* owns messages; not owned by the list */
    aw_diag *items;         /* malloc'd; freed by aw_diags_free() */
    size_t count, cap;
    size_t errors, warnings;
    size_t suppressed;      /* suppressed findings, outside errors and warnings */
    size_t limit;           /* stop collecting after this many; 0 = none. Once full,
                             * an error takes the place of the latest warning or
                             * note kept, so that errors are never crowded out */
    bool truncated;
    bool has_secrets;       /* some diagnostic names a secret (aw_diag_set_secret) */
    size_t evict_below;     /* kept entries at or past this index are all errors */
    size_t added;           /* every diagnostic added, for the insertion order */
    aw_source *sources;     /* malloc'd array */
    size_t source_count;
    aw_diag overflow;       /* absorbs attachments once the limit is hit; one
                             * per list, so compiles on many threads never share */
} aw_diags;

void aw_diags_init(aw_diags *d, aw_arena *arena);
void aw_diags_free(aw_diags *d);

/* Registers an input so that its lines can be quoted; the text must
 * outlive the diagnostics list. */
void aw_diags_add_source(aw_diags *d, const char *name, const char *text, size_t len);

/* Adds a diagnostic; the message is formatted into the arena. Returns it so
 * that callers can attach an element id or a related location. */
aw_diag *aw_diag_add(aw_diags *d, aw_severity sev, const char *code,
                     const aw_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The same with a va_list, for callers that wrap it. */
aw_diag *aw_diag_vadd(aw_diags *d, aw_severity sev, const char *code, const aw_loc *loc, const char *fmt,
                      va_list ap) __attribute__((format(printf, 5, 0)));

/* The same on an element (its id, or NULL), counting an error in *errors:
 * the resolver's passes report thus. */
aw_diag *aw_diag_add_on(aw_diags *d, size_t *errors, aw_severity sev, const char *code, const char *element,
                        const aw_loc *loc, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Adds a finding the diagram accepted (see aw_diag.suppressed), with the
 * reason it gives; counted in suppressed, not in errors or warnings. */
aw_diag *aw_diag_add_suppressed(aw_diags *d, aw_severity sev, const char *code, const aw_loc *loc,
                                const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

void aw_diag_set_related(aw_diags *d, aw_diag *diag, const aw_loc *loc,
                         const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Names text of the source (a credential the message masks) that quoting
 * must mask too; copied into the arena. */
void aw_diag_set_secret(aw_diags *d, aw_diag *diag, const char *text, size_t len);

/* Appends src's diagnostics and sources to dst (shallow: src and its arena
 * must outlive dst's use of them). */
void aw_diags_append(aw_diags *dst, const aw_diags *src);

/* Sorts by file, line, column, then insertion order (stable). */
void aw_diags_sort(aw_diags *d);

/* Text rendering (diag_text.c): "file:line:col: severity: message [code]";
 * with quote set, a window of the source line around the column and a caret
 * follow. Control bytes and malformed UTF-8 are shown escaped, secrets
 * masked, and deploy notes that differ only in their element are grouped
 * into one line. Suppressed findings are left out. Costs the diagnostics'
 * count times a bounded window, whatever the length of the lines. */
void aw_diags_print_text(const aw_diags *d, FILE *out, bool quote, bool color);
/* JSON rendering: one object {"diagnostics": [...], "errors": n, ...};
 * suppressed findings are listed with "suppressed": true and their reason. */
void aw_diags_print_json(const aw_diags *d, FILE *out);
/* The same JSON appended to out (the canvas server's findings). */
struct aw_strbuf;
void aw_diags_write_json(const aw_diags *d, struct aw_strbuf *out);

const char *aw_severity_name(aw_severity sev);

#endif
