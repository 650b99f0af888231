/* Project configuration files (lint_config.h): reading one, checking it
 * key by key against what the lint engine offers, and finding the one
 * that governs a diagram. */
#include "lint_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "../ir/strbuf.h"
#include "readers.h"
#include "suggest.h"

/* The top-level keys, for suggestions. */
static const char *const S_keys[] = {"rules", "unusedSuppressions", "werror", NULL};

#define ERROR(f, code, loc, ...) aw_diag_add(&(f)->diags, AW_SEV_ERROR, code, loc, __VA_ARGS__)

static void S_begin(aw_lint_config_file *f, const char *name)
{
    memset(f, 0, sizeof *f);
    aw_arena_init(&f->arena);
    aw_diags_init(&f->diags, &f->arena);
    f->path = aw_arena_strdup(&f->arena, name);
    f->unused_suppressions = AW_LEVEL_DEFAULT;
    f->werror = -1;
}

void aw_lint_config_file_free(aw_lint_config_file *f)
{
    aw_diags_free(&f->diags);
    aw_arena_free(&f->arena);
    memset(f, 0, sizeof *f);
}

/* ---- checking the tree ------------------------------------------------------ */

/* "; did you mean 'x'?" for the nearest candidate, or "". */
static const char *S_did_you_mean(aw_lint_config_file *f, aw_suggest *sg)
{
    const char *best = aw_suggest_result(sg);
    return best ? aw_arena_printf(&f->arena, "; did you mean '%s'?", best) : "";
}

/* A level written as a string: "off", "note", "warning" or "error". what
 * names the setting in messages. False (reported) if it is none of them. */
static bool S_level(aw_lint_config_file *f, const aw_doc *v, const char *what, aw_rule_level *out)
{
    if (v->kind != AW_DOC_STRING) {
        ERROR(f, "wrong-type", &v->loc, "the level of %s must be a string (off, note, warning or error), found %s",
              what, aw_doc_kind_name(v->kind));
        return false;
    }
    if (strlen(v->as.string.chars) == v->as.string.len && aw_rule_level_parse(v->as.string.chars, out))
        return true;
    aw_suggest sg;
    aw_suggest_init(&sg, v->as.string.chars);
    for (size_t i = 0; aw_rule_level_names[i]; i++)
        aw_suggest_try(&sg, aw_rule_level_names[i]);
    ERROR(f, "bad-value", &v->loc, "level '%s' of %s is not off, note, warning or error%s", v->as.string.chars,
          what, S_did_you_mean(f, &sg));
    return false;
}

/* Reports a key of "rules" that names neither a rule nor a category. */
static void S_unknown_rule(aw_lint_config_file *f, const aw_doc_member *m)
{
    aw_suggest sg;
    aw_suggest_init(&sg, m->key);
    for (size_t i = 0; i < aw_rule_count; i++)
        aw_suggest_try(&sg, aw_rules[i].id);
    for (int c = 0; c < AW_CAT_COUNT; c++)
        aw_suggest_try(&sg, aw_rule_category_name((aw_rule_category)c));
    const char *near = S_did_you_mean(f, &sg);
    ERROR(f, "unknown-rule", &m->key_loc, "unknown rule or category '%s'%s", m->key,
          *near ? near : " (see 'archway rules')");
}

/* What a key of "rules" names: a rule (*rule set) or a category (*rule
 * NULL, *cat set); false for neither. */
static bool S_names(const char *key, const aw_rule **rule, aw_rule_category *cat)
{
    *rule = aw_rule_find(key);
    return *rule || aw_rule_category_find(key, cat);
}

/* Sets the level of the rule, or of every rule of the category, when f is
 * not NULL; returns how many rules that is. */
static size_t S_set_level(aw_lint_config_file *f, const aw_rule *rule, aw_rule_category cat, aw_rule_level level)
{
    size_t n = 0;
    for (size_t r = 0; r < aw_rule_count; r++) {
        if (rule ? &aw_rules[r] != rule : aw_rules[r].category != cat)
            continue;
        if (f)
            f->overrides[f->override_count++] = (aw_lint_override){&aw_rules[r], level};
        n++;
    }
    return n;
}

/* "rules": {"security": "error", "AW-SEC-011": "off", ...}. Categories are
 * expanded first and rules after, so that a rule's own entry wins. */
static void S_rules(aw_lint_config_file *f, const aw_doc *rules)
{
    if (rules->kind != AW_DOC_OBJECT) {
        ERROR(f, "wrong-type", &rules->loc,
              "'rules' must be an object of rule ids or categories and their levels, found %s",
              aw_doc_kind_name(rules->kind));
        return;
    }
    size_t n = rules->as.object.count, cap = 1;
    const aw_rule *rule;
    aw_rule_category cat = AW_CAT_SECURITY;
    for (size_t i = 0; i < n; i++)
        if (S_names(rules->as.object.members[i].key, &rule, &cat))
            cap += S_set_level(NULL, rule, cat, AW_LEVEL_DEFAULT);
    f->overrides = aw_arena_alloc(&f->arena, cap * sizeof *f->overrides);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            const aw_doc_member *m = &rules->as.object.members[i];
            if (!S_names(m->key, &rule, &cat)) {
                if (pass == 0)
                    S_unknown_rule(f, m);
                continue;
            }
            if (pass != (rule != NULL))     /* categories first, then rules */
                continue;
            char what[96];
            snprintf(what, sizeof what, "%s '%s'", rule ? "rule" : "category",
                     rule ? rule->id : aw_rule_category_name(cat));
            aw_rule_level level;
            if (S_level(f, m->value, what, &level))
                S_set_level(f, rule, cat, level);
        }
    }
}

static void S_unknown_key(aw_lint_config_file *f, const aw_doc_member *m)
{
    aw_suggest sg;
    aw_suggest_init(&sg, m->key);
    for (size_t i = 0; S_keys[i]; i++)
        aw_suggest_try(&sg, S_keys[i]);
    ERROR(f, "unknown-field", &m->key_loc, "unknown key '%s' in the configuration (rules, unusedSuppressions or "
          "werror)%s", m->key, S_did_you_mean(f, &sg));
}

static void S_check_tree(aw_lint_config_file *f, const aw_doc *root)
{
    for (size_t i = 0; i < root->as.object.count; i++) {
        const aw_doc_member *m = &root->as.object.members[i];
        const aw_doc *v = m->value;
        if (strcmp(m->key, "rules") == 0) {
            S_rules(f, v);
        } else if (strcmp(m->key, "unusedSuppressions") == 0) {
            aw_rule_level level;
            if (S_level(f, v, "'unusedSuppressions'", &level))
                f->unused_suppressions = level;
        } else if (strcmp(m->key, "werror") == 0) {
            if (v->kind == AW_DOC_BOOL)
                f->werror = v->as.boolean;
            else
                ERROR(f, "wrong-type", &v->loc, "'werror' must be true or false, found %s", aw_doc_kind_name(v->kind));
        } else {
            S_unknown_key(f, m);
        }
    }
}

/* The JSON front end speaks of diagrams; here the text is a configuration. */
static void S_reword(aw_lint_config_file *f, size_t from)
{
    static const char diagram[] = "a diagram ";
    for (size_t i = from; i < f->diags.count; i++) {
        aw_diag *d = &f->diags.items[i];
        if (strncmp(d->message, diagram, sizeof diagram - 1) == 0)
            d->message = aw_arena_printf(&f->arena, "a configuration file %s", d->message + sizeof diagram - 1);
    }
}

/* Parses text that already lives in f's arena. */
static aw_compile_status S_parse(aw_lint_config_file *f, const char *text, size_t len)
{
    aw_diags_add_source(&f->diags, f->path, text, len);
    aw_doc *root = aw_json_read(&f->arena, &f->diags, f->path, text, len);
    if (root)
        S_check_tree(f, root);
    else
        S_reword(f, 0);
    aw_diags_sort(&f->diags);
    return f->status = f->diags.errors ? AW_COMPILE_ERRORS : AW_COMPILE_OK;
}

aw_compile_status aw_lint_config_parse(aw_lint_config_file *f, const char *name, const char *text, size_t len)
{
    S_begin(f, name);
    return S_parse(f, aw_arena_strndup(&f->arena, text, len), len);
}

/* ---- reading a file ------------------------------------------------------------ */

static aw_compile_status S_unreadable(aw_lint_config_file *f, const char *why)
{
    aw_loc loc = {f->path, NULL, 0, AW_NO_COLUMN};
    aw_diag_add(&f->diags, AW_SEV_ERROR, "unreadable", &loc, "cannot read the configuration: %s", why);
    return f->status = AW_COMPILE_UNREADABLE;
}

aw_compile_status aw_lint_config_read(aw_lint_config_file *f, const char *path)
{
    S_begin(f, path);
    FILE *in = fopen(path, "rb");
    if (!in)
        return S_unreadable(f, strerror(errno));
    struct stat st;
    if (fstat(fileno(in), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(in);
            return S_unreadable(f, "it is a directory");
        }
        f->identified = true;
        f->dev = st.st_dev;
        f->ino = st.st_ino;
    }
    /* In chunks, so that pipes (--config <(...)) read as well as files. */
    aw_strbuf buf = AW_STRBUF_INIT;
    char chunk[4096];
    size_t got;
    bool too_large = false;
    while (!too_large && (got = fread(chunk, 1, sizeof chunk, in)) > 0) {
        too_large = buf.len + got > AW_LINT_CONFIG_MAX_BYTES;
        aw_strbuf_put(&buf, chunk, got);
    }
    int failed = ferror(in) ? errno : 0;
    fclose(in);
    char *text = failed || too_large ? NULL : aw_arena_strndup(&f->arena, buf.data ? buf.data : "", buf.len);
    size_t len = buf.len;
    aw_strbuf_free(&buf);
    if (failed)
        return S_unreadable(f, strerror(failed));
    if (too_large) {
        aw_loc loc = {f->path, NULL, 0, AW_NO_COLUMN};
        ERROR(f, "input-too-large", &loc, "a configuration file may hold at most %u bytes",
              AW_LINT_CONFIG_MAX_BYTES);
        return f->status = AW_COMPILE_ERRORS;
    }
    return S_parse(f, text, len);
}

/* ---- finding and combining ------------------------------------------------------ */

bool aw_lint_config_beside(const char *diagram, char *buf, size_t size)
{
    const char *slash = strcmp(diagram, "-") == 0 ? NULL : strrchr(diagram, '/');
    int dir_len = slash ? (int)(slash - diagram) + 1 : 0;
    int n = snprintf(buf, size, "%.*s%s", dir_len, diagram, AW_LINT_CONFIG_NAME);
    return n >= 0 && (size_t)n < size;
}

bool aw_lint_config_named(const char *file)
{
    const char *slash = strrchr(file, '/');
    return strcmp(slash ? slash + 1 : file, AW_LINT_CONFIG_NAME) == 0;
}

aw_lint_config aw_lint_config_merge(const aw_lint_config_file *f, const aw_lint_config *cli,
                                    aw_lint_override **to_free)
{
    size_t from_file = f ? f->override_count : 0, from_cli = cli ? cli->override_count : 0;
    aw_lint_override *all = malloc((from_file + from_cli + 1) * sizeof *all);
    if (!all)
        abort();
    if (from_file)
        memcpy(all, f->overrides, from_file * sizeof *all);
    if (from_cli)
        memcpy(all + from_file, cli->overrides, from_cli * sizeof *all);
    *to_free = all;
    aw_rule_level unused = cli ? cli->unused_suppressions : AW_LEVEL_DEFAULT;
    if (unused == AW_LEVEL_DEFAULT && f)
        unused = f->unused_suppressions;
    return (aw_lint_config){.overrides = all, .override_count = from_file + from_cli, .unused_suppressions = unused,
                            .today = cli ? cli->today : NULL};
}

/* The file already read for this path: the same file by identity, or, for
 * one that could not be read, the same spelling. */
static aw_lint_config_file *S_set_find(const aw_lint_config_set *set, const char *path, const struct stat *st)
{
    for (size_t i = 0; i < set->count; i++) {
        aw_lint_config_file *f = set->files[i];
        if (st ? f->identified && f->dev == st->st_dev && f->ino == st->st_ino
               : !f->identified && strcmp(f->path, path) == 0)
            return f;
    }
    return NULL;
}

aw_lint_config_file *aw_lint_config_set_for(aw_lint_config_set *set, const char *diagram, const char *path,
                                            bool *fresh)
{
    *fresh = false;
    char beside[4096];
    if (!path) {
        if (!aw_lint_config_beside(diagram, beside, sizeof beside))
            return NULL;
        path = beside;
    }
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && path == beside && (errno == ENOENT || errno == ENOTDIR))
        return NULL;
    aw_lint_config_file *f = S_set_find(set, path, exists ? &st : NULL);
    if (f)
        return f;
    aw_lint_config_file **grown = realloc(set->files, (set->count + 1) * sizeof *grown);
    f = malloc(sizeof *f);
    if (!grown || !f)
        abort();
    set->files = grown;
    set->files[set->count++] = f;
    aw_lint_config_read(f, path);
    *fresh = true;
    return f;
}

void aw_lint_config_set_free(aw_lint_config_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        aw_lint_config_file_free(set->files[i]);
        free(set->files[i]);
    }
    free(set->files);
    memset(set, 0, sizeof *set);
}
