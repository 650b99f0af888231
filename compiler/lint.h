/* Policy lint: the rule catalogue and the engine that runs it over a
 * resolved model, turning findings into diagnostics of the compilation. */
#ifndef AW_LINT_H
#define AW_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "compile.h"

typedef enum aw_rule_category {
    AW_CAT_SECURITY,
    AW_CAT_THROTTLING,
    AW_CAT_CAPACITY,
    AW_CAT_COMPATIBILITY,
    AW_CAT_OBSERVABILITY,
    AW_CAT_COST,
    AW_CAT_COUNT,
} aw_rule_category;

/* What a configuration makes of a rule: its default, off, or a severity. */
typedef enum aw_rule_level {
    AW_LEVEL_DEFAULT,
    AW_LEVEL_OFF,
    AW_LEVEL_NOTE,
    AW_LEVEL_WARNING,
    AW_LEVEL_ERROR,
} aw_rule_level;

typedef struct aw_lint_ctx aw_lint_ctx;

typedef struct aw_rule {
    const char *id;             /* stable, e.g. "AW-SEC-001" */
    aw_rule_category category;
    aw_severity severity;       /* default */
    const char *title;          /* one line */
    const char *explanation;    /* why it matters, then how to fix it; paragraphs
                                 * separated by blank lines */
    void (*check)(aw_lint_ctx *ctx);
    const char *source;         /* the AWS page the rule's facts rest on */
} aw_rule;

/* The catalogue (compiler/rules/rules.c), in id order. */
extern const aw_rule aw_rules[];
extern const size_t aw_rule_count;

/* The rule with this id (case-insensitive), or NULL. */
const aw_rule *aw_rule_find(const char *id);
const char *aw_rule_category_name(aw_rule_category cat);
/* The category with this name ("security"), case-insensitive; false if none. */
bool aw_rule_category_find(const char *name, aw_rule_category *out);
/* The rule's documentation page and anchor, "docs/rules.md#aw-sec-001",
 * written into buf (NUL-terminated, truncated to size). */
void aw_rule_doc_link(const aw_rule *rule, char *buf, size_t size);

/* The catalogue as text: one line per rule, or one rule in full. */
void aw_rules_print_list(FILE *out);
void aw_rule_print(const aw_rule *rule, FILE *out);
/* The catalogue as the Markdown page docs/rules.md. */
void aw_rules_print_markdown(FILE *out);

/* ---- configuration ------------------------------------------------------ */

typedef struct aw_lint_override {
    const aw_rule *rule;
    aw_rule_level level;
} aw_lint_override;

/* Overrides in the order given; a later one for the same rule wins. The
 * array belongs to the caller. A project file (lint_config.h) supplies
 * overrides too, placed before the command line's. */
typedef struct aw_lint_config {
    const aw_lint_override *overrides;
    size_t override_count;
    /* Severity of "unused-suppression" warnings: AW_LEVEL_DEFAULT is a
     * warning, AW_LEVEL_OFF reports none. */
    aw_rule_level unused_suppressions;
    /* The day dated rules judge by, "YYYY-MM-DD" (the caller's string);
     * NULL: $ARCHWAY_TODAY when it holds a valid date, else today in UTC. */
    const char *today;
} aw_lint_config;

/* ---- the clock (lint_clock.c) ----------------------------------------------- */

#define AW_TODAY_ENV "ARCHWAY_TODAY"
#define AW_DATE_SIZE 11         /* "YYYY-MM-DD" and its NUL */

/* Whether text is a real calendar day written YYYY-MM-DD. */
bool aw_lint_date_valid(const char *text);
/* The day a lint run with this configuration judges by (cfg may be NULL). */
void aw_lint_today(const aw_lint_config *cfg, char out[AW_DATE_SIZE]);

/* Parses "ID=off|note|warning|error". Returns NULL on success, else a
 * message saying what is wrong (a static string). */
const char *aw_lint_override_parse(const char *spec, aw_lint_override *out);
/* The level named "off", "note", "warning" or "error"; false if none. */
bool aw_rule_level_parse(const char *name, aw_rule_level *out);
/* The names aw_rule_level_parse() accepts, in order of severity, NULL-terminated. */
extern const char *const aw_rule_level_names[];

/* ---- the engine ----------------------------------------------------------- */

/* State of one aw_lint_run(): suppressions used, data shared by rules. */
typedef struct aw_lint_state aw_lint_state;

/* What a rule's check function sees while it runs. */
struct aw_lint_ctx {
    const aw_model *model;
    const aw_rule *rule;        /* the rule running */
    aw_severity severity;       /* its effective severity */
    aw_diags *diags;
    size_t findings;            /* of this rule, suppressed ones included */
    aw_lint_state *state;       /* the run's; NULL outside aw_lint_run() */
    const char *today;          /* "YYYY-MM-DD", see aw_lint_today() */
};

/* Reports a finding of the running rule on node (NULL for the diagram as a
 * whole) at loc (NULL: the node's own location). related, when not NULL, is
 * a second place involved; give it words with aw_lint_relate(). Returns the
 * diagnostic, suppressed when node carries a suppression of the rule. */
aw_diag *aw_lint_report(aw_lint_ctx *ctx, const aw_node *node, const aw_loc *loc, const aw_loc *related,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Words for a finding's related location. */
void aw_lint_relate(aw_lint_ctx *ctx, aw_diag *finding, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Data that several rules of a run compute alike (per-route rates, say):
 * make() builds it the first time key is asked for (it may ask for other
 * shared data), and it is kept until the run ends, then given to
 * release(). key is the address of a static object of the caller's, so
 * families need no shared list of keys. Returns NULL if make() did, or
 * outside a run. */
void *aw_lint_shared(aw_lint_ctx *ctx, const void *key, void *(*make)(aw_lint_ctx *ctx),
                     void (*release)(void *data));

/* Location of a field of an object nested in a node of this kind, reached
 * along path from the node's fields: (AW_KIND_API, "resourcePolicy/statements",
 * statement, "sourceIps"). Falls back to the object's own location; NULL if
 * the path is not in the field tables (a rule's bug). */
const aw_loc *aw_lint_sub_field_loc(aw_kind kind, const char *path, const void *obj, const char *field);

/* Runs every enabled rule over a compilation that has no errors (otherwise
 * does nothing and returns 0); adds findings to c->diags, re-sorts them and
 * updates c->status. Also warns of suppressions naming unknown rules, and
 * of suppressions of an enabled rule that found nothing on their element
 * ("unused-suppression"; a rule turned off says nothing either way).
 * Returns the number of findings, suppressed ones included. cfg may be NULL. */
size_t aw_lint_run(aw_compilation *c, const aw_lint_config *cfg);

#endif
