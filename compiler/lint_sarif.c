/* `archway check --format sarif`: the diagnostics of a check as one SARIF
 * 2.1.0 log (OASIS), the format code-review tools read findings from. The
 * rules come from the catalogue; every input is an artifact; locations are
 * relative to %SRCROOT%, the working directory. */
#include "lint_sarif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../emitters/json_writer.h"
#include "lint.h"
#include "version.h"

#define S_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define S_DOCS AW_HOME_URL "/blob/main/"
#define S_BASE_ID "SRCROOT"
/* The name aw_compile_file() gives standard input in locations. */
#define S_STDIN_NAME "<stdin>"

/* A file the log speaks of: each input, then any other file a diagnostic
 * names. Names that lead to one file (two spellings of a path) share it. */
typedef struct S_artifact {
    bool is_input;
    bool is_stdin;              /* no URI: described instead */
    bool relative;              /* uri is relative to %SRCROOT% */
    char *uri;                  /* malloc'd; NULL for standard input */
    const char *media_type;     /* by the name's ending; NULL if unknown */
} S_artifact;

/* A file name as aw_loc.file gives it, and its artifact. */
typedef struct S_name {
    const char *name;
    size_t artifact;
} S_name;

typedef struct S_log {
    const aw_sarif_run *run;
    aw_jw w;
    S_artifact *artifacts;      /* malloc'd */
    size_t artifact_count, artifact_cap;
    S_name *names;              /* malloc'd; the inputs' first, in order */
    size_t name_count, name_cap;
    const char **codes;         /* compiler codes that occur, sorted; malloc'd */
    size_t code_count, code_cap;
} S_log;

static void S_out_of_memory(void)
{
    fputs("archway: out of memory writing SARIF\n", stderr);
    abort();
}

static void *S_grow(void *items, size_t *cap, size_t size)
{
    *cap = *cap ? *cap * 2 : 8;
    void *grown = realloc(items, *cap * size);
    if (!grown)
        S_out_of_memory();
    return grown;
}

/* ---- URIs ------------------------------------------------------------------ */

/* Appends s percent-encoded as URI path characters: unreserved ones and
 * '/' as they are, every other byte (UTF-8 included) as %XX. */
static void S_uri_encode(aw_strbuf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/", c)) {
            aw_strbuf_putc(b, (char)c);
        } else {
            char esc[3] = {'%', hex[c >> 4], hex[c & 15]};
            aw_strbuf_put(b, esc, 3);
        }
    }
}

/* Appends the segments of path to b as "/seg/seg", leaving out empty and
 * "." segments; ".." takes back the segment before it, down to floor (the
 * length of b that is not path's). At the floor, ".." is dropped when
 * at_root (the parent of "/" is "/"), else the call fails: a relative path
 * that leaves its base. */
static bool S_append_clean(aw_strbuf *b, size_t floor, const char *path, bool at_root)
{
    for (const char *p = path; *p;) {
        size_t n = strcspn(p, "/");
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (b->len <= floor && !at_root)
                return false;
            while (b->len > floor && b->data[b->len - 1] != '/')
                b->len--;
            if (b->len > floor)
                b->len--;
        } else if (n && !(n == 1 && p[0] == '.')) {
            aw_strbuf_putc(b, '/');
            aw_strbuf_put(b, p, n);
        }
        p += n + (p[n] == '/');
    }
    return true;
}

/* The absolute file URI of a directory, with the trailing slash SARIF
 * wants of a base. */
static char *S_dir_uri(const char *dir)
{
    aw_strbuf clean = AW_STRBUF_INIT, uri = AW_STRBUF_INIT;
    S_append_clean(&clean, 0, dir, true);
    aw_strbuf_puts(&uri, "file://");
    S_uri_encode(&uri, clean.data ? clean.data : "", clean.len);
    aw_strbuf_putc(&uri, '/');
    aw_strbuf_free(&clean);
    return aw_strbuf_detach(&uri, NULL);
}

/* A file's URI: relative to %SRCROOT% when the path is relative and stays
 * inside it (or when where %SRCROOT% is is unknown), else an absolute file
 * URI. */
static char *S_file_uri(const char *path, const char *base_dir, bool *relative)
{
    aw_strbuf clean = AW_STRBUF_INIT, uri = AW_STRBUF_INIT;
    *relative = path[0] != '/' && S_append_clean(&clean, 0, path, false);
    if (!*relative && path[0] != '/' && !base_dir) {
        *relative = true;
        S_uri_encode(&uri, path, strlen(path));    /* climbs out of %SRCROOT% with ".." */
    } else if (*relative) {
        if (clean.len)
            S_uri_encode(&uri, clean.data + 1, clean.len - 1);     /* without the leading '/' */
        else
            aw_strbuf_puts(&uri, "./");
    } else {
        clean.len = 0;
        if (path[0] != '/')
            S_append_clean(&clean, 0, base_dir, true);
        S_append_clean(&clean, 0, path, true);
        aw_strbuf_puts(&uri, "file://");
        if (clean.len)
            S_uri_encode(&uri, clean.data, clean.len);
        else
            aw_strbuf_putc(&uri, '/');
    }
    aw_strbuf_free(&clean);
    return aw_strbuf_detach(&uri, NULL);
}

/* ---- artifacts ------------------------------------------------------------- */

/* The media type of a file by its name's ending, or NULL. */
static const char *S_media_type(const char *name)
{
    size_t n = strlen(name);
    if (n > 5 && strcmp(name + n - 5, ".json") == 0)
        return "application/json";
    if (n > 4 && strcmp(name + n - 4, ".xml") == 0)
        return "application/xml";
    return NULL;
}

/* The artifact of a file name, added if new. An input's name is the path
 * given, "-" for standard input, which locations call S_STDIN_NAME; every
 * input gets an entry in names, so that names[i] is input i's. */
static size_t S_artifact_named(S_log *log, const char *name, bool is_input)
{
    bool is_stdin = strcmp(name, is_input ? "-" : S_STDIN_NAME) == 0;
    if (is_stdin)
        name = S_STDIN_NAME;
    for (size_t i = 0; i < log->name_count && !is_input; i++)
        if (strcmp(log->names[i].name, name) == 0)
            return log->names[i].artifact;
    S_artifact fresh = {.is_input = is_input, .is_stdin = is_stdin};
    if (!is_stdin) {
        fresh.uri = S_file_uri(name, log->run->base_dir, &fresh.relative);
        fresh.media_type = S_media_type(name);
    }
    size_t index = 0;
    while (index < log->artifact_count &&
           !(is_stdin ? log->artifacts[index].is_stdin
                      : log->artifacts[index].uri && strcmp(log->artifacts[index].uri, fresh.uri) == 0))
        index++;
    if (index == log->artifact_count) {
        if (log->artifact_count == log->artifact_cap)
            log->artifacts = S_grow(log->artifacts, &log->artifact_cap, sizeof *log->artifacts);
        log->artifacts[log->artifact_count++] = fresh;
    } else {
        log->artifacts[index].is_input |= is_input;
        free(fresh.uri);
    }
    if (log->name_count == log->name_cap)
        log->names = S_grow(log->names, &log->name_cap, sizeof *log->names);
    log->names[log->name_count++] = (S_name){name, index};
    return index;
}

/* The artifact a location of input `input` is in: the input's own unless
 * the location names another file. */
static size_t S_artifact_of(S_log *log, size_t input, const aw_loc *loc)
{
    const S_name *own = &log->names[input];
    if (!loc->file || strcmp(own->name, loc->file) == 0)
        return own->artifact;
    return S_artifact_named(log, loc->file, false);
}

/* ---- the descriptors --------------------------------------------------------- */

static int S_compare_codes(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool S_is_compiler_code(const char *code)
{
    return aw_rule_find(code) == NULL;
}

/* Looks through the diagnostics before anything is written: the
 * compiler's codes that occur get descriptors after the catalogue's rules,
 * each once, sorted; files that diagnostics name besides the inputs become
 * artifacts. */
static void S_collect(S_log *log)
{
    for (size_t i = 0; i < log->run->input_count; i++) {
        const aw_diags *d = log->run->inputs[i].diags;
        for (size_t k = 0; k < d->count; k++) {
            const aw_diag *g = &d->items[k];
            S_artifact_of(log, i, &g->loc);
            if (g->related_message && g->related.line)
                S_artifact_of(log, i, &g->related);
            const char *code = g->code;
            if (!S_is_compiler_code(code))
                continue;
            size_t c = 0;
            while (c < log->code_count && strcmp(log->codes[c], code) != 0)
                c++;
            if (c < log->code_count)
                continue;
            if (log->code_count == log->code_cap)
                log->codes = S_grow(log->codes, &log->code_cap, sizeof *log->codes);
            log->codes[log->code_count++] = code;
        }
    }
    if (log->code_count > 1)
        qsort(log->codes, log->code_count, sizeof *log->codes, S_compare_codes);
}

/* The index in driver.rules of a diagnostic's code. */
static size_t S_rule_index(const S_log *log, const char *code)
{
    const aw_rule *rule = aw_rule_find(code);
    if (rule)
        return (size_t)(rule - aw_rules);
    const char **found = bsearch(&code, log->codes, log->code_count, sizeof *log->codes, S_compare_codes);
    return aw_rule_count + (size_t)(found - log->codes);
}

static const char *S_level(aw_severity sev)
{
    return aw_severity_name(sev);   /* "note", "warning", "error": SARIF's words too */
}

static bool S_is_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A rule's name in PascalCase, from its title: words of letters and
 * digits, each capitalised, with a capital that follows a capital lowered,
 * since PascalCase has no two in a row. "API key used as the only
 * protection" is "ApiKeyUsedAsTheOnlyProtection". Apostrophes vanish
 * ("API type's": "ApiTypes"), the article "a" is left out, and a word after
 * a lone capital joins it ("X-Ray": "Xray"). prefix, in PascalCase already,
 * goes first. */
static void S_member_pascal(aw_jw *w, const char *key, const char *prefix, const char *words)
{
    aw_strbuf b = AW_STRBUF_INIT;
    aw_strbuf_puts(&b, prefix);
    bool joins = false;             /* the word before is one capital */
    for (const char *p = words; *p;) {
        const char *word = p;
        while (S_is_alnum(*p) || (*p == '\'' && p > word))
            p++;
        size_t start = b.len;
        bool article = p - word == 1 && (*word == 'a' || *word == 'A') && !joins;
        char before = '\0';        /* the letter before in the word as written */
        for (const char *q = word; q < p && !article; q++) {
            char c = *q;
            if (c == '\'')
                continue;
            bool upper = c >= 'A' && c <= 'Z', lower = c >= 'a' && c <= 'z';
            if (b.len == start)
                c = joins && upper ? (char)(c - 'A' + 'a') : !joins && lower ? (char)(c - 'a' + 'A') : c;
            else if (upper && before >= 'A' && before <= 'Z')
                c = (char)(c - 'A' + 'a');
            before = *q;
            aw_strbuf_putc(&b, c);
        }
        joins = b.len == start + 1 && b.data[start] >= 'A' && b.data[start] <= 'Z';
        while (*p && !S_is_alnum(*p))
            p++;
    }
    aw_strbuf_putc(&b, '\0');
    aw_jw_member_string(w, key, b.data);
    aw_strbuf_free(&b);
}

/* A member whose value is an array, or an object, left open for what it
 * holds. */
static void S_open_array(aw_jw *w, const char *key)
{
    aw_jw_key(w, key);
    aw_jw_array(w);
}

static void S_open_object(aw_jw *w, const char *key)
{
    aw_jw_key(w, key);
    aw_jw_object(w);
}

/* {"text": text} on one line. */
static void S_member_message(aw_jw *w, const char *key, const char *text)
{
    aw_jw_key(w, key);
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "text", text);
    aw_jw_end_object(w);
}

static void S_member_level(aw_jw *w, const char *key, aw_severity sev)
{
    aw_jw_key(w, key);
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "level", S_level(sev));
    aw_jw_end_object(w);
}

static void S_rule_descriptor(aw_jw *w, const aw_rule *rule)
{
    char link[96];
    aw_rule_doc_link(rule, link, sizeof link);
    aw_jw_object(w);
    aw_jw_member_string(w, "id", rule->id);
    S_member_pascal(w, "name", "", rule->title);
    S_member_message(w, "shortDescription", rule->title);
    S_member_message(w, "fullDescription", rule->explanation);
    S_open_object(w, "help");
    aw_jw_member_string(w, "text", rule->explanation);
    aw_jw_member_string(w, "markdown", rule->explanation);
    aw_jw_end_object(w);
    aw_jw_key(w, "helpUri");
    aw_jw_stringf(w, "%s%s", S_DOCS, link);
    S_member_level(w, "defaultConfiguration", rule->severity);
    aw_jw_key(w, "properties");
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "category", aw_rule_category_name(rule->category));
    aw_jw_key(w, "tags");
    aw_jw_array_inline(w);
    aw_jw_string(w, aw_rule_category_name(rule->category));
    aw_jw_end_array(w);
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

/* The compiler's codes have no table of their own (each is written where
 * it is reported), so their descriptors say what is true of all of them.
 * Their names say whose they are: a name that only capitalises the id
 * ("Unreadable" for "unreadable") is one SARIF validators reject. */
static void S_code_descriptor(aw_jw *w, const char *code)
{
    aw_jw_object(w);
    aw_jw_member_string(w, "id", code);
    S_member_pascal(w, "name", "Compiler", code);
    aw_jw_key(w, "shortDescription");
    aw_jw_object_inline(w);
    aw_jw_key(w, "text");
    aw_jw_stringf(w, "Archway compiler diagnostic: %s", code);
    aw_jw_end_object(w);
    aw_jw_key(w, "fullDescription");
    aw_jw_object_inline(w);
    aw_jw_key(w, "text");
    aw_jw_stringf(w, "A diagnostic of the Archway compiler, with the stable code '%s'. Most are about the "
                     "diagram: input that cannot be read, a break of the diagram format or of its limits, "
                     "elements that do not fit together, or a suppression that does not apply. Each result's "
                     "message says what is wrong and where.", code);
    aw_jw_end_object(w);
    S_open_object(w, "help");
    aw_jw_member_string(w, "text", "The diagram format, with every element, field and limit, is described in "
                                   "docs/diagram-format.md.");
    aw_jw_member_string(w, "markdown", "The diagram format, with every element, field and limit, is described in "
                                       "[docs/diagram-format.md](" S_DOCS "docs/diagram-format.md).");
    aw_jw_end_object(w);
    aw_jw_member_string(w, "helpUri", S_DOCS "docs/diagram-format.md");
    aw_jw_end_object(w);
}

static void S_tool(S_log *log)
{
    aw_jw *w = &log->w;
    S_open_object(w, "tool");
    S_open_object(w, "driver");
    aw_jw_member_string(w, "name", "archway");
    aw_jw_member_string(w, "version", AW_VERSION);
    aw_jw_member_string(w, "semanticVersion", AW_VERSION);
    aw_jw_member_string(w, "informationUri", AW_HOME_URL);
    S_open_array(w, "rules");
    for (size_t i = 0; i < aw_rule_count; i++)
        S_rule_descriptor(w, &aw_rules[i]);
    for (size_t i = 0; i < log->code_count; i++)
        S_code_descriptor(w, log->codes[i]);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

/* ---- results ---------------------------------------------------------------- */

static void S_artifact_location(aw_jw *w, const S_log *log, size_t index)
{
    const S_artifact *a = &log->artifacts[index];
    aw_jw_key(w, "artifactLocation");
    aw_jw_object_inline(w);
    if (a->uri) {
        aw_jw_member_string(w, "uri", a->uri);
        if (a->relative)
            aw_jw_member_string(w, "uriBaseId", S_BASE_ID);
    }
    aw_jw_member_int(w, "index", (int64_t)index);
    aw_jw_end_object(w);
}

static void S_physical_location(S_log *log, size_t input, const aw_loc *loc)
{
    aw_jw *w = &log->w;
    /* S_collect() has added every artifact already. */
    size_t artifact = S_artifact_of(log, input, loc);
    S_open_object(w, "physicalLocation");
    S_artifact_location(w, log, artifact);
    aw_jw_key(w, "region");
    aw_jw_object_inline(w);
    if (loc->line) {
        aw_jw_member_int(w, "startLine", loc->line);
        if (loc->col != AW_NO_COLUMN)
            aw_jw_member_int(w, "startColumn", loc->col);
    } else {
        /* About the file as a whole (it cannot be read, say): SARIF reads a
         * location without a region so, but validators want a region of a
         * result, so it is the empty one at the start, claiming no line. */
        aw_jw_member_int(w, "charOffset", 0);
        aw_jw_member_int(w, "charLength", 0);
    }
    aw_jw_end_object(w);
    aw_jw_end_object(w);
}

/* The element concerned and the logical path of the place in it. */
static void S_logical_locations(aw_jw *w, const aw_diag *g)
{
    if (!g->element && !g->loc.path)
        return;
    S_open_array(w, "logicalLocations");
    if (g->element) {
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "name", g->element);
        aw_jw_member_string(w, "kind", "resource");
        aw_jw_end_object(w);
    }
    if (g->loc.path) {
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "fullyQualifiedName", g->loc.path);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
}

static void S_result(S_log *log, size_t input, const aw_diag *g)
{
    aw_jw *w = &log->w;
    aw_jw_object(w);
    aw_jw_member_string(w, "ruleId", g->code);
    aw_jw_member_int(w, "ruleIndex", (int64_t)S_rule_index(log, g->code));
    aw_jw_member_string(w, "level", S_level(g->severity));
    S_member_message(w, "message", g->message);
    S_open_array(w, "locations");
    aw_jw_object(w);
    S_physical_location(log, input, &g->loc);
    S_logical_locations(w, g);
    aw_jw_end_object(w);
    aw_jw_end_array(w);
    if (g->related_message) {
        S_open_array(w, "relatedLocations");
        aw_jw_object(w);
        aw_jw_member_int(w, "id", 1);
        S_physical_location(log, input, g->related.line ? &g->related : &g->loc);
        S_member_message(w, "message", g->related_message);
        aw_jw_end_object(w);
        aw_jw_end_array(w);
    }
    if (g->suppressed) {
        S_open_array(w, "suppressions");
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "kind", "inSource");
        aw_jw_member_string(w, "justification", g->suppress_reason ? g->suppress_reason : "");
        aw_jw_end_object(w);
        aw_jw_end_array(w);
    }
    aw_jw_end_object(w);
}

/* ---- the run ------------------------------------------------------------------ */

/* A warning that the diagnostics of input `input` were cut at the limit
 * of the list, on the file as a whole. */
static void S_cut_notice(S_log *log, size_t input)
{
    aw_jw *w = &log->w;
    char text[96];
    snprintf(text, sizeof text, "Only the first %zu diagnostics of this file are listed.",
             log->run->inputs[input].diags->count);
    aw_jw_object(w);
    aw_jw_member_string(w, "level", "warning");
    S_member_message(w, "message", text);
    S_open_array(w, "locations");
    aw_jw_object(w);
    S_physical_location(log, input, &(aw_loc){.line = 0});
    aw_jw_end_object(w);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}

static void S_invocation(S_log *log)
{
    const aw_sarif_run *run = log->run;
    aw_jw *w = &log->w;
    S_open_array(w, "invocations");
    aw_jw_object(w);
    aw_jw_member_bool(w, "executionSuccessful", run->successful);
    aw_jw_member_int(w, "exitCode", run->exit_code);
    size_t cut = 0;
    for (size_t i = 0; i < run->input_count; i++)
        cut += run->inputs[i].diags->truncated;
    if (cut) {
        S_open_array(w, "toolExecutionNotifications");
        for (size_t i = 0; i < run->input_count; i++)
            if (run->inputs[i].diags->truncated)
                S_cut_notice(log, i);
        aw_jw_end_array(w);
    }
    aw_jw_end_object(w);
    aw_jw_end_array(w);
}

static void S_artifacts(S_log *log)
{
    aw_jw *w = &log->w;
    S_open_array(w, "artifacts");
    for (size_t i = 0; i < log->artifact_count; i++) {
        const S_artifact *a = &log->artifacts[i];
        aw_jw_object(w);
        if (a->is_stdin) {
            S_member_message(w, "description", "standard input");
        } else {
            aw_jw_key(w, "location");
            aw_jw_object_inline(w);
            aw_jw_member_string(w, "uri", a->uri);
            if (a->relative)
                aw_jw_member_string(w, "uriBaseId", S_BASE_ID);
            aw_jw_end_object(w);
            if (a->media_type)
                aw_jw_member_string(w, "mimeType", a->media_type);
        }
        if (a->is_input) {
            aw_jw_key(w, "roles");
            aw_jw_array_inline(w);
            aw_jw_string(w, "analysisTarget");
            aw_jw_end_array(w);
        }
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
}

void aw_sarif_write(const aw_sarif_run *run, aw_strbuf *out)
{
    S_log log = {.run = run};
    aw_jw_init(&log.w, out);
    for (size_t i = 0; i < run->input_count; i++)
        S_artifact_named(&log, run->inputs[i].path, true);
    S_collect(&log);

    aw_jw *w = &log.w;
    aw_jw_object(w);
    aw_jw_member_string(w, "$schema", S_SCHEMA);
    aw_jw_member_string(w, "version", "2.1.0");
    S_open_array(w, "runs");
    aw_jw_object(w);
    S_tool(&log);
    S_invocation(&log);
    if (run->base_dir) {
        char *base = S_dir_uri(run->base_dir);
        S_open_object(w, "originalUriBaseIds");
        aw_jw_key(w, S_BASE_ID);
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "uri", base);
        aw_jw_end_object(w);
        aw_jw_end_object(w);
        free(base);
    }
    S_artifacts(&log);
    S_open_array(w, "results");
    for (size_t i = 0; i < run->input_count; i++) {
        const aw_diags *d = run->inputs[i].diags;
        for (size_t k = 0; k < d->count; k++)
            S_result(&log, i, &d->items[k]);
    }
    aw_jw_end_array(w);
    aw_jw_member_string(w, "columnKind", "unicodeCodePoints");
    aw_jw_end_object(w);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
    aw_jw_finish(w);

    for (size_t i = 0; i < log.artifact_count; i++)
        free(log.artifacts[i].uri);
    free(log.artifacts);
    free(log.names);
    free(log.codes);
}
