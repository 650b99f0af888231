/* The model builder. One generic walk over the descriptor tables fills every
 * struct, so JSON and XML input reach the IR through the same checks. XML
 * scalars arrive as untyped text and wrapper elements stand for lists; the
 * few adapters below hide that difference from the walk. */
#include "build.h"

#include <errno.h>
#include <math.h>
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_fields.h"
#include "../ir/text_refs.h"
#include "../ir/units.h"
#include "limits.h"
#include "suggest.h"
#include "../ir/word_bytes.h"

#define S_KEY_PATTERNS 8

typedef struct key_regex {
    const char *pattern;
    regex_t re;
    bool ok;                /* it compiled */
} key_regex;

/* The start of a described struct's fields (S_defaults_of): per field,
 * the bytes of its unset value or default; which of them are not the
 * arena's zeros, so the only ones to write; which fields are required. */
typedef struct aw_defaults {
    const aw_struct_desc *desc;
    uint64_t *values;
    size_t *nonzero, *required;     /* field indices, in table order */
    size_t nonzero_count, required_count;
} aw_defaults;

typedef struct builder {
    aw_model *model;
    aw_arena *arena;
    aw_diags *diags;
    size_t errors;
    const char *element;    /* id of the node being built, for diagnostics */
    bool marker_seen;       /* a string of the node being built holds "${" */
    aw_defaults **defaults; /* per struct description met so far; each stays put */
    size_t default_count;
    /* Map key patterns compiled so far (the tables have a few): compiled
     * once per build, not for every map of every element. */
    key_regex key_res[S_KEY_PATTERNS];
    size_t key_re_count;
} builder;

/* One described struct being filled; a node is two layers (common + kind). */
typedef struct layer {
    const aw_struct_desc *desc;
    void *base;
    aw_loc *locs;
    const aw_defaults *start;       /* what S_fill_defaults() gave base */
} layer;

#define ERROR(b, code, loc, ...) \
    S_tag((b), ((b)->errors++, aw_diag_add((b)->diags, AW_SEV_ERROR, code, loc, __VA_ARGS__)))

/* Names the node a diagnostic is about, as the resolver's do, so that a
 * canvas can highlight it whichever pass found the problem. */
static aw_diag *S_tag(const builder *b, aw_diag *d)
{
    if (d && d->code && b->element)
        d->element = b->element;
    return d;
}

static void S_build_layers(builder *b, const aw_doc *doc, layer *layers, size_t nlayers,
                           const char *what, const char *skip_key);

/* ---- scalars ---------------------------------------------------------- */

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* XML Schema collapses white space around numbers and booleans; do the same. */
static void S_trim(const char **s, size_t *len)
{
    while (*len && S_is_space(**s))
        (*s)++, (*len)--;
    while (*len && S_is_space((*s)[*len - 1]))
        (*len)--;
}

static bool S_parse_bool_text(const char *s, size_t len, bool *out)
{
    S_trim(&s, &len);
    if ((len == 4 && memcmp(s, "true", 4) == 0) || (len == 1 && s[0] == '1'))
        return *out = true, true;
    if ((len == 5 && memcmp(s, "false", 5) == 0) || (len == 1 && s[0] == '0'))
        return *out = false, true;
    return false;
}

static bool S_parse_number_text(const char *s, size_t len, double *out)
{
    char buf[64];
    S_trim(&s, &len);
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno == ERANGE || !isfinite(v))
        return false;
    /* strtod also reads hex floats and "infinity"; the format allows neither. */
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789+-.eE", buf[i]))
            return false;
    *out = v;
    return true;
}

static bool S_is_integral(double v)
{
    return v == floor(v) && fabs(v) <= 9007199254740992.0;
}


static const char *S_found(const aw_doc *doc)
{
    return doc->untyped ? "text" : aw_doc_kind_name(doc->kind);
}

/* At most max bytes of s, not cutting a UTF-8 character in two. */
static int S_clip(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return (int)max;
}

/* Whether text is spelt as a duration ("1.5s", "250ms") whatever its size:
 * one that is and still does not parse is out of range, not unit-less. */
static bool S_duration_spelling(const char *t, size_t len)
{
    size_t i = strspn(t, "0123456789");
    if (i == 0 || i > len)
        return false;
    if (i < len && t[i] == '.') {
        size_t frac = strspn(t + i + 1, "0123456789");
        if (frac == 0)
            return false;
        i += 1 + frac;
    }
    size_t unit = len - i;
    return (unit == 2 && memcmp(t + i, "ms", 2) == 0) || (unit == 1 && strchr("smh", t[i]));
}

#define S_DURATION_RANGE "a duration from 0 to less than 10^12 ms (about 31 years) with at most 12 digits " \
                         "and 9 decimals"

static void S_wrong_type(builder *b, const aw_field *f, const aw_doc *doc)
{
    bool number = doc->kind == AW_DOC_NUMBER;
    if (f->type == AW_F_DURATION && number && (doc->as.number.value < 0 || doc->as.number.value >= 1e9))
        ERROR(b, "out-of-range", &doc->loc, "'%s' must be " S_DURATION_RANGE ", found %g", f->name,
              doc->as.number.value);
    else if (f->type == AW_F_DURATION && number)
        ERROR(b, "missing-unit", &doc->loc, "'%s' needs a unit: write \"%gs\" or \"%gms\"", f->name,
              doc->as.number.value, doc->as.number.value);
    else if (f->type == AW_F_DURATION && doc->kind == AW_DOC_STRING &&
             S_duration_spelling(doc->as.string.chars, doc->as.string.len))
        ERROR(b, "out-of-range", &doc->loc, "'%s' must be " S_DURATION_RANGE ", found \"%s\"", f->name,
              doc->as.string.chars);
    else if (doc->kind == AW_DOC_STRING)
        /* Quote the text, typed (JSON) or not (XML): "found string" alone
         * does not say what is wrong with "30 sec". */
        ERROR(b, "wrong-type", &doc->loc, "'%s' must be %s, found \"%.*s\"%s", f->name, aw_field_type_phrase(f),
              S_clip(doc->as.string.chars, doc->as.string.len, 40), doc->as.string.chars,
              doc->as.string.len > 40 ? "..." : "");
    else
        ERROR(b, "wrong-type", &doc->loc, "'%s' must be %s, found %s", f->name, aw_field_type_phrase(f),
              S_found(doc));
}

/* Notes a "${" in text stored into the node being built (see plain_text). */
static void S_note_text(builder *b, const char *s, size_t len)
{
    for (const char *at = memchr(s, '$', len); at && !b->marker_seen; at = memchr(at + 1, '$', len - (size_t)(at + 1 - s)))
        b->marker_seen = (size_t)(at + 1 - s) < len && at[1] == '{';
}

/* Text the XML spelling can carry too: XML 1.0 has no way to write control
 * characters other than tab, line feed and carriage return, so a diagram
 * holding one could not be converted. Reports and returns false. */
static bool S_portable_text(builder *b, const char *name, const aw_doc *doc)
{
    size_t i = 0;
    /* Almost all text holds no control character and no '$' (of a "${"
     * to note): eight bytes a step up to the first word with one, then
     * byte by byte. */
    for (; doc->as.string.len - i >= 8; i += 8) {
        uint64_t w = aw_word_load(doc->as.string.chars + i);
        if (aw_word_bytes_below(w, 0x20) | aw_word_bytes_equal(w, '$'))
            break;
    }
    for (; i < doc->as.string.len; i++) {
        unsigned char c = (unsigned char)doc->as.string.chars[i];
        b->marker_seen |= c == '$' && doc->as.string.chars[i + 1] == '{';
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            ERROR(b, "bad-value", &doc->loc, "'%s' holds the control character U+%04X, which a diagram may not contain",
                  name, c);
            return false;
        }
    }
    return true;
}

static void S_enum_error(builder *b, const aw_field *f, const aw_doc *doc)
{
    aw_strbuf list = AW_STRBUF_INIT;
    aw_suggest sug;
    aw_suggest_init(&sug, doc->as.string.chars);
    for (size_t i = 1; f->names[i]; i++) {
        aw_strbuf_printf(&list, "%s\"%s\"", i > 1 ? ", " : "", f->names[i]);
        aw_suggest_try(&sug, f->names[i]);
    }
    const char *near = aw_suggest_result(&sug);
    if (near)
        ERROR(b, "bad-value", &doc->loc, "'%s' must be one of %s, found \"%s\"; did you mean \"%s\"?",
              f->name, list.data, doc->as.string.chars, near);
    else
        ERROR(b, "bad-value", &doc->loc, "'%s' must be one of %s, found \"%s\"", f->name, list.data,
              doc->as.string.chars);
    aw_strbuf_free(&list);
}

static void S_format_bound(aw_strbuf *out, const aw_field *f, double v)
{
    if (f->type == AW_F_DURATION)
        aw_duration_format(out, v);
    else
        aw_strbuf_number(out, v);
}

static void S_check_range(builder *b, const aw_field *f, const aw_doc *doc, double v)
{
    bool low = (f->flags & AW_FF_MIN) && v < f->min;
    bool high = (f->flags & AW_FF_MAX) && v > f->max;
    if (!low && !high)
        return;
    aw_strbuf msg = AW_STRBUF_INIT;
    aw_strbuf_printf(&msg, "'%s' ", f->name);
    if ((f->flags & AW_FF_MIN) && (f->flags & AW_FF_MAX) && f->min == f->max) {
        /* "between 1 and 1" reads like a mistake; the format version is such a field. */
        aw_strbuf_puts(&msg, "must be ");
        S_format_bound(&msg, f, f->min);
    } else if ((f->flags & AW_FF_MIN) && (f->flags & AW_FF_MAX)) {
        aw_strbuf_puts(&msg, "must be between ");
        S_format_bound(&msg, f, f->min);
        aw_strbuf_puts(&msg, " and ");
        S_format_bound(&msg, f, f->max);
    } else {
        aw_strbuf_puts(&msg, low ? "must be at least " : "must be at most ");
        S_format_bound(&msg, f, low ? f->min : f->max);
    }
    aw_strbuf_puts(&msg, ", found ");
    S_format_bound(&msg, f, v);
    ERROR(b, "out-of-range", &doc->loc, "%s", msg.data);
    aw_strbuf_free(&msg);
}

/* Reads a scalar of any field type from a string: XML text, and the
 * defaults in the tables. Returns false if the text does not parse. */
static bool S_scalar_from_text(builder *b, const aw_field *f, const char *s, size_t len, void *p)
{
    switch (f->type) {
    case AW_F_STRING:
        *(const char **)p = aw_arena_strndup(b->arena, s, len);
        return true;
    case AW_F_BOOL:
        return S_parse_bool_text(s, len, (bool *)p);
    case AW_F_INT: {
        double v;
        if (!S_parse_number_text(s, len, &v) || !S_is_integral(v))
            return false;
        *(int64_t *)p = (int64_t)v;
        return true;
    }
    case AW_F_NUMBER:
        return S_parse_number_text(s, len, (double *)p);
    case AW_F_DURATION:
        S_trim(&s, &len);
        return aw_duration_parse(s, len, (double *)p);
    case AW_F_ENUM:
        for (int i = 1; f->names[i]; i++)
            if (strlen(f->names[i]) == len && memcmp(f->names[i], s, len) == 0)
                return *(int *)p = i, true;
        return false;
    default:
        return false;
    }
}

static void S_set_unset(const aw_field *f, void *p)
{
    switch (f->type) {
    case AW_F_INT: *(int64_t *)p = AW_UNSET_INT; break;
    case AW_F_NUMBER:
    case AW_F_DURATION: *(double *)p = NAN; break;
    default: break;     /* zeroed by the arena */
    }
}

/* The bytes a scalar field of each type takes; 0 for the rest, which the
 * arena leaves zero. */
static size_t S_scalar_size(aw_ftype type)
{
    switch (type) {
    case AW_F_STRING: return sizeof(const char *);
    case AW_F_BOOL: return sizeof(bool);
    case AW_F_INT: return sizeof(int64_t);
    case AW_F_NUMBER:
    case AW_F_DURATION: return sizeof(double);
    case AW_F_ENUM: return sizeof(int);
    default: return 0;
    }
}

/* A struct's fields as a build starts them (unset, or their default), made
 * once per compile: the defaults are text in the tables, and parsing them
 * for every element cost more than reading most elements. */
static const aw_defaults *S_defaults_of(builder *b, const aw_struct_desc *desc)
{
    for (size_t i = 0; i < b->default_count; i++)
        if (b->defaults[i]->desc == desc)
            return b->defaults[i];
    b->defaults = aw_arena_grow(b->arena, b->defaults, b->default_count, sizeof *b->defaults);
    aw_defaults *d = b->defaults[b->default_count++] = aw_arena_alloc(b->arena, sizeof *d);
    d->desc = desc;
    size_t room = desc->field_count ? desc->field_count : 1;
    d->values = aw_arena_alloc(b->arena, room * sizeof *d->values);
    d->nonzero = aw_arena_alloc(b->arena, room * sizeof *d->nonzero);
    d->required = aw_arena_alloc(b->arena, room * sizeof *d->required);
    for (size_t i = 0; i < desc->field_count; i++) {
        const aw_field *f = &desc->fields[i];
        void *p = &d->values[i];
        S_set_unset(f, p);
        if (f->def && !S_scalar_from_text(b, f, f->def, strlen(f->def), p))
            ERROR(b, "internal", NULL, "default of '%s' in '%s' does not parse", f->name, desc->name);
        if (d->values[i] && S_scalar_size(f->type))
            d->nonzero[d->nonzero_count++] = i;
        if (f->flags & AW_FF_REQUIRED)
            d->required[d->required_count++] = i;
    }
    return d;
}

/* Starts the fields of base, which is zeroed memory (as the arena gives);
 * returns what it started them from, for S_build_layers(). */
static const aw_defaults *S_fill_defaults(builder *b, const aw_struct_desc *desc, void *base)
{
    const aw_defaults *d = S_defaults_of(b, desc);
    for (size_t k = 0; k < d->nonzero_count; k++) {
        size_t i = d->nonzero[k];
        void *p = aw_field_ptr(base, &desc->fields[i]);
        switch (S_scalar_size(desc->fields[i].type)) {
        case 8: memcpy(p, &d->values[i], 8); break;
        case 4: memcpy(p, &d->values[i], 4); break;
        case 1: memcpy(p, &d->values[i], 1); break;
        default: break;
        }
    }
    return d;
}

/* A numeric field written "${param:NAME}": recorded for the resolver, which
 * gives the field the parameter's value; the field stays unset until then. */
static bool S_num_param(builder *b, const aw_field *f, const aw_doc *doc, void *p)
{
    aw_text_param tp;
    if (!(f->flags & AW_FF_PARAM) || doc->kind != AW_DOC_STRING || !aw_text_param_next(doc->as.string.chars, &tp) ||
        tp.start != doc->as.string.chars || tp.len != doc->as.string.len || !tp.name_len)
        return false;
    aw_model *m = b->model;
    m->num_params = aw_arena_grow(b->arena, m->num_params, m->num_param_count, sizeof *m->num_params);
    m->num_params[m->num_param_count++] = (aw_num_param){p, f, aw_arena_strndup(b->arena, tp.name, tp.name_len),
                                                          b->element, doc->loc};
    return true;
}

/* Sets a scalar field from a document value; reports and returns false on error. */
static bool S_set_scalar(builder *b, const aw_field *f, const aw_doc *doc, void *p)
{
    double number = NAN;
    if (S_num_param(b, f, doc, p))
        return true;
    if (doc->untyped) {
        if (f->type == AW_F_STRING)
            S_note_text(b, doc->as.string.chars, doc->as.string.len);
        if (!S_scalar_from_text(b, f, doc->as.string.chars, doc->as.string.len, p)) {
            if (f->type == AW_F_ENUM)
                S_enum_error(b, f, doc);
            else
                S_wrong_type(b, f, doc);
            return false;
        }
        if (f->type == AW_F_INT)
            number = (double)*(int64_t *)p;
        else if (f->type == AW_F_NUMBER || f->type == AW_F_DURATION)
            number = *(double *)p;
    } else {
        switch (f->type) {
        case AW_F_STRING:
            if (doc->kind != AW_DOC_STRING)
                return S_wrong_type(b, f, doc), false;
            if (!S_portable_text(b, f->name, doc))
                return false;
            *(const char **)p = doc->as.string.chars;
            return true;
        case AW_F_BOOL:
            if (doc->kind != AW_DOC_BOOL)
                return S_wrong_type(b, f, doc), false;
            *(bool *)p = doc->as.boolean;
            return true;
        case AW_F_INT:
            if (doc->kind != AW_DOC_NUMBER || !S_is_integral(doc->as.number.value))
                return S_wrong_type(b, f, doc), false;
            number = doc->as.number.value;
            *(int64_t *)p = (int64_t)number;
            break;
        case AW_F_NUMBER:
            if (doc->kind != AW_DOC_NUMBER)
                return S_wrong_type(b, f, doc), false;
            number = *(double *)p = doc->as.number.value;
            break;
        case AW_F_DURATION:
            if (doc->kind != AW_DOC_STRING ||
                !aw_duration_parse(doc->as.string.chars, doc->as.string.len, (double *)p))
                return S_wrong_type(b, f, doc), false;
            number = *(double *)p;
            break;
        case AW_F_ENUM:
            if (doc->kind != AW_DOC_STRING)
                return S_wrong_type(b, f, doc), false;
            if (!S_scalar_from_text(b, f, doc->as.string.chars, doc->as.string.len, p))
                return S_enum_error(b, f, doc), false;
            return true;
        default:
            return false;
        }
    }
    if (!isnan(number))
        S_check_range(b, f, doc, number);
    return true;
}

static bool S_text_value(const aw_doc *doc)
{
    return doc->kind == AW_DOC_STRING;
}

/* ---- lists, maps and objects ----------------------------------------- */

/* The items of a list field: a JSON array, or an XML wrapper element whose
 * children are named `item` (any name when item is NULL). An empty XML
 * element is an empty list. Returns false after reporting. */
static bool S_items(builder *b, const aw_field *f, const aw_doc *doc, const char *item,
                    const aw_doc ***items, size_t *count)
{
    /* The node limit holds for every other list too (see limits.h), lists of
     * strings included, so that no list can make later passes unboundedly
     * slow; the nodes list says so in its own words. */
    size_t given = doc->kind == AW_DOC_ARRAY ? doc->as.array.count : doc->kind == AW_DOC_OBJECT ? doc->as.object.count : 0;
    if (given > AW_MAX_NODES && strcmp(f->name, "nodes") != 0) {
        ERROR(b, strcmp(f->name, "edges") == 0 ? "too-many-edges" : "too-many-items", &doc->loc,
              "'%s' has %zu items, more than the limit of %u", f->name, given, AW_MAX_NODES);
        return false;
    }
    if (doc->kind == AW_DOC_ARRAY) {
        *items = (const aw_doc **)doc->as.array.items;
        *count = doc->as.array.count;
        return true;
    }
    if (doc->untyped && doc->kind == AW_DOC_STRING && doc->as.string.len == 0) {
        *items = NULL;
        *count = 0;
        return true;
    }
    if (doc->kind != AW_DOC_OBJECT || !doc->tag) {
        S_wrong_type(b, f, doc);
        return false;
    }
    size_t n = doc->as.object.count;
    const aw_doc **list = aw_arena_alloc(b->arena, (n ? n : 1) * sizeof *list);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const aw_doc_member *m = &doc->as.object.members[i];
        if (item && strcmp(m->key, item) != 0) {
            ERROR(b, "unknown-field", &m->key_loc, "'%s' holds <%s> elements, found <%s>", f->name, item,
                  m->key);
            continue;
        }
        list[k++] = m->value;
    }
    *items = list;
    *count = k;
    return true;
}

static void S_set_strings(builder *b, const aw_field *f, const aw_doc *doc, void *p)
{
    const aw_doc **items;
    size_t n;
    if (!S_items(b, f, doc, f->item, &items, &n))
        return;
    if (f->type == AW_F_STRINGS) {
        aw_strings *out = p;
        out->items = aw_arena_alloc(b->arena, (n ? n : 1) * sizeof *out->items);
        for (size_t i = 0; i < n; i++) {
            if (!S_text_value(items[i])) {
                S_wrong_type(b, f, items[i]);
                continue;
            }
            if (S_portable_text(b, f->name, items[i]))
                out->items[out->count++] = items[i]->as.string.chars;
        }
    } else {
        aw_refs *out = p;
        out->items = aw_arena_alloc(b->arena, (n ? n : 1) * sizeof *out->items);
        for (size_t i = 0; i < n; i++) {
            if (!S_text_value(items[i])) {
                S_wrong_type(b, f, items[i]);
                continue;
            }
            aw_ref *r = &out->items[out->count++];
            r->id = items[i]->as.string.chars;
            r->loc = items[i]->loc;
        }
    }
}

/* Whether key fits the field's key pattern (when it has one); reports it if not. */
/* The compiled key pattern, or NULL when it does not compile (or the few
 * slots are taken, which a new table pattern would show in the tests). */
static const regex_t *S_key_regex(builder *b, const char *pattern)
{
    for (size_t i = 0; i < b->key_re_count; i++)
        if (b->key_res[i].pattern == pattern)
            return b->key_res[i].ok ? &b->key_res[i].re : NULL;
    if (b->key_re_count == S_KEY_PATTERNS)
        return NULL;
    key_regex *k = &b->key_res[b->key_re_count++];
    k->pattern = pattern;
    k->ok = regcomp(&k->re, pattern, REG_EXTENDED | REG_NOSUB) == 0;
    return k->ok ? &k->re : NULL;
}

static void S_key_regexes_free(builder *b)
{
    for (size_t i = 0; i < b->key_re_count; i++)
        if (b->key_res[i].ok)
            regfree(&b->key_res[i].re);
}

static bool S_key_fits(builder *b, const aw_field *f, const regex_t *re, const char *key, const aw_loc *loc)
{
    if (!re || regexec(re, key, 0, NULL, 0) == 0)
        return true;
    ERROR(b, "bad-value", loc, "'%s' cannot have the key \"%s\": its keys must match %s", f->name, key,
          f->key_pattern);
    return false;
}

static void S_set_map(builder *b, const aw_field *f, const aw_doc *doc, aw_map *out)
{
    aw_strset seen;
    aw_strset_init(&seen);
    if (doc->kind != AW_DOC_OBJECT && !(doc->untyped && doc->as.string.len == 0)) {
        S_wrong_type(b, f, doc);
        return;
    }
    size_t n = doc->kind == AW_DOC_OBJECT ? doc->as.object.count : 0;
    if (n > AW_MAX_NODES) {
        ERROR(b, "too-many-items", &doc->loc, "'%s' has %zu entries, more than the limit of %u", f->name, n,
              AW_MAX_NODES);
        aw_strset_free(&seen);
        return;
    }
    const regex_t *key_re = f->key_pattern ? S_key_regex(b, f->key_pattern) : NULL;
    out->items = aw_arena_alloc(b->arena, (n ? n : 1) * sizeof *out->items);
    for (size_t i = 0; i < n; i++) {
        const aw_doc_member *m = &doc->as.object.members[i];
        aw_pair pair = {m->key, NULL, m->value->loc};
        if (doc->tag) {
            /* XML: <entry key="..." value="..."/> */
            const aw_doc_member *k = aw_doc_member_find(m->value, "key");
            const aw_doc_member *v = aw_doc_member_find(m->value, "value");
            if (strcmp(m->key, "entry") != 0 || !k || !v || !S_text_value(k->value) ||
                !S_text_value(v->value)) {
                ERROR(b, "wrong-type", &m->key_loc, "'%s' holds <entry key=\"...\" value=\"...\"/> elements",
                      f->name);
                continue;
            }
            pair.key = k->value->as.string.chars;
            pair.value = v->value->as.string.chars;
        } else if (!S_text_value(m->value)) {
            ERROR(b, "wrong-type", &m->value->loc, "'%s' values must be strings, found %s for \"%s\"",
                  f->name, S_found(m->value), m->key);
            continue;
        } else {
            if (!S_portable_text(b, f->name, m->value))
                continue;
            pair.value = m->value->as.string.chars;
        }
        if (!S_key_fits(b, f, key_re, pair.key, doc->tag ? &pair.loc : &m->key_loc))
            continue;
        /* Small maps scan; large ones (only XML can spell duplicates at
         * all, JSON readers reject them) use a set, so no input is quadratic. */
        bool dup = false;
        if (n <= 16)
            for (size_t j = 0; j < out->count && !dup; j++)
                dup = strcmp(out->items[j].key, pair.key) == 0;
        else
            dup = !aw_strset_insert(&seen, pair.key, NULL, NULL);
        if (dup) {
            ERROR(b, "duplicate-key", &pair.loc, "'%s' has the key \"%s\" twice", f->name, pair.key);
            continue;
        }
        S_note_text(b, pair.key, strlen(pair.key));
        if (doc->tag)   /* a JSON value was noted with its portability check */
            S_note_text(b, pair.value, strlen(pair.value));
        out->items[out->count++] = pair;
    }
    aw_strset_free(&seen);
}

/* A list's item is built on its own and copied into the list: the numeric
 * fields a parameter gave it (recorded from index `from` on) move with it. */
static void S_move_num_params(aw_model *m, size_t from, const char *built, char *to, size_t size)
{
    for (size_t i = from; i < m->num_param_count; i++) {
        char *slot = m->num_params[i].slot;
        if (slot >= built && slot < built + size)
            m->num_params[i].slot = to + (slot - built);
    }
}

static layer S_new_struct(builder *b, const aw_struct_desc *desc, const aw_doc *doc)
{
    void *obj = aw_arena_alloc(b->arena, desc->size);
    *(aw_loc *)((char *)obj + desc->loc_offset) = doc->loc;
    aw_loc *locs = aw_arena_alloc(b->arena, desc->field_count * sizeof *locs);
    *(aw_loc **)((char *)obj + desc->field_locs_offset) = locs;
    return (layer){desc, obj, locs, S_fill_defaults(b, desc, obj)};
}

static bool S_object_like(const aw_doc *doc)
{
    return doc->kind == AW_DOC_OBJECT || (doc->untyped && doc->as.string.len == 0);
}

static void *S_build_struct(builder *b, const aw_field *f, const aw_doc *doc)
{
    if (!S_object_like(doc)) {
        S_wrong_type(b, f, doc);
        return NULL;
    }
    layer l = S_new_struct(b, f->sub, doc);
    S_build_layers(b, doc, &l, 1, f->name, NULL);
    return l.base;
}

static void S_set_objects(builder *b, const aw_field *f, const aw_doc *doc, void *p)
{
    const aw_doc **items;
    size_t n;
    if (!S_items(b, f, doc, f->item, &items, &n))
        return;
    char *array = aw_arena_alloc(b->arena, (n ? n : 1) * f->sub->size);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t bound = b->model->num_param_count;
        void *one = S_build_struct(b, f, items[i]);
        if (!one)
            continue;
        S_move_num_params(b->model, bound, one, array + f->sub->size * k, f->sub->size);
        memcpy(array + f->sub->size * k++, one, f->sub->size);
    }
    *(void **)p = array;
    *(size_t *)((char *)p - f->offset + f->count_offset) = k;
}

static void S_set_field(builder *b, const aw_field *f, const aw_doc *doc, void *base)
{
    void *p = aw_field_ptr(base, f);
    switch (f->type) {
    case AW_F_REF:
        if (!S_text_value(doc)) {
            S_wrong_type(b, f, doc);
            return;
        }
        ((aw_ref *)p)->id = doc->as.string.chars;
        ((aw_ref *)p)->loc = doc->loc;
        return;
    case AW_F_STRINGS:
    case AW_F_REFS:
        S_set_strings(b, f, doc, p);
        return;
    case AW_F_MAP:
        S_set_map(b, f, doc, p);
        return;
    case AW_F_OBJECT:
        *(void **)p = S_build_struct(b, f, doc);
        return;
    case AW_F_OBJECTS: {
        /* count_offset is relative to the struct, like offset */
        S_set_objects(b, f, doc, p);
        return;
    }
    default:
        S_set_scalar(b, f, doc, p);
        return;
    }
}

/* Reports an unknown field; returns the known field it suggests, or NULL. */
static const char *S_unknown_field(builder *b, const aw_doc_member *m, const layer *layers, size_t nlayers,
                                   const char *what, const char *skip_key)
{
    aw_suggest sug;
    aw_suggest_init(&sug, m->key);
    /* The skipped key ("nodes", "kind") is valid here too: "nodez" should
     * hear about it. */
    aw_suggest_try(&sug, skip_key);
    for (size_t l = 0; l < nlayers; l++)
        for (size_t i = 0; i < layers[l].desc->field_count; i++)
            aw_suggest_try(&sug, layers[l].desc->fields[i].name);
    const char *near = aw_suggest_result(&sug);
    if (near)
        ERROR(b, "unknown-field", &m->key_loc, "unknown field '%s' in %s; did you mean '%s'?", m->key, what, near);
    else
        ERROR(b, "unknown-field", &m->key_loc, "unknown field '%s' in %s", m->key, what);
    return near;
}

/* Whether a misspelt key was already reported with `name` as its suggestion,
 * so that "missing 'burst'" need not follow "unknown 'bursts'; did you mean
 * 'burst'?". */
static bool S_suggested(const char *const *suggested, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(suggested[i], name) == 0)
            return true;
    return false;
}

/* Fills the layers from an object's members, then reports required fields
 * that were not written. `what` names the object in messages. */
static void S_build_layers(builder *b, const aw_doc *doc, layer *layers, size_t nlayers,
                           const char *what, const char *skip_key)
{
    size_t n = doc->kind == AW_DOC_OBJECT ? doc->as.object.count : 0;
    const char **suggested = NULL;
    size_t nsuggested = 0;
    for (size_t i = 0; i < n; i++) {
        const aw_doc_member *m = &doc->as.object.members[i];
        if (skip_key && m->key[0] == skip_key[0] && strcmp(m->key, skip_key) == 0)
            continue;
        const aw_field *f = NULL;
        layer *owner = NULL;
        int index = -1;
        for (size_t l = 0; l < nlayers && !f; l++) {
            index = aw_struct_field_index(layers[l].desc, m->key);
            if (index >= 0) {
                f = &layers[l].desc->fields[index];
                owner = &layers[l];
            }
        }
        if (!f) {
            const char *near = S_unknown_field(b, m, layers, nlayers, what, skip_key);
            if (near) {
                if (!suggested)
                    suggested = aw_arena_alloc(b->arena, n * sizeof *suggested);
                suggested[nsuggested++] = near;
            }
            continue;
        }
        if (owner->locs[index].line) {
            ERROR(b, "duplicate-field", &m->key_loc, "'%s' is given twice in %s", m->key, what);
            continue;
        }
        owner->locs[index] = m->value->loc;
        if (owner->locs[index].line == 0)
            owner->locs[index].line = 1;   /* mark as written even without a line */
        S_set_field(b, f, m->value, owner->base);
    }
    for (size_t l = 0; l < nlayers; l++)
        for (size_t k = 0; k < layers[l].start->required_count; k++) {
            size_t i = layers[l].start->required[k];
            if (!layers[l].locs[i].line && !S_suggested(suggested, nsuggested, layers[l].desc->fields[i].name))
                ERROR(b, "missing-field", &doc->loc, "%s is missing the required field '%s'", what,
                      layers[l].desc->fields[i].name);
        }
}

/* ---- nodes and the diagram ------------------------------------------- */

/* Where a node without a usable id is, for messages: its path when the
 * reader gave one ("at /nodes/3"), as "node 3" alone leaves open whether
 * counting starts from 0 or 1. */
static const char *S_node_place(builder *b, const aw_doc *doc, size_t index)
{
    if (doc->loc.path)
        return aw_arena_printf(b->arena, "at %s", doc->loc.path);
    return aw_arena_printf(b->arena, "number %zu (counting from 1)", index + 1);
}

static const char *S_node_kind_name(builder *b, const aw_doc *doc, size_t index)
{
    if (doc->tag && !aw_doc_member_find(doc, AW_KIND_FIELD))
        return doc->tag;
    const aw_doc_member *k = aw_doc_member_find(doc, AW_KIND_FIELD);
    if (!k) {
        ERROR(b, "missing-field", &doc->loc, "the node %s is missing the required field 'kind'",
              S_node_place(b, doc, index));
        return NULL;
    }
    if (!S_text_value(k->value)) {
        ERROR(b, "wrong-type", &k->value->loc, "'kind' must be a string, found %s", S_found(k->value));
        return NULL;
    }
    return k->value->as.string.chars;
}

static aw_node *S_build_node(builder *b, const aw_doc *doc, size_t index)
{
    if (doc->kind != AW_DOC_OBJECT) {
        ERROR(b, "wrong-type", &doc->loc, "a node must be an object, found %s", S_found(doc));
        return NULL;
    }
    const char *kind_name = S_node_kind_name(b, doc, index);
    if (!kind_name)
        return NULL;
    aw_kind kind = aw_kind_from_name(kind_name);
    if (kind == AW_KIND_COUNT) {
        aw_suggest sug;
        aw_suggest_init(&sug, kind_name);
        for (int k = 0; k < AW_KIND_COUNT; k++)
            aw_suggest_try(&sug, aw_kind_descs[k].name);
        const aw_doc_member *km = aw_doc_member_find(doc, AW_KIND_FIELD);
        const aw_loc *loc = km ? &km->value->loc : &doc->loc;
        const char *near = aw_suggest_result(&sug);
        if (near)
            ERROR(b, "unknown-kind", loc, "unknown node kind '%s'; did you mean '%s'?", kind_name, near);
        else
            ERROR(b, "unknown-kind", loc, "unknown node kind '%s'", kind_name);
        return NULL;
    }
    const aw_kind_desc *kd = &aw_kind_descs[kind];
    aw_node *node = aw_arena_alloc(b->arena, sizeof *node);
    b->marker_seen = false;
    node->kind = kind;
    node->loc = doc->loc;
    size_t nc = aw_node_common_desc.field_count;
    node->field_locs = aw_arena_alloc(b->arena, (nc + kd->desc->field_count) * sizeof *node->field_locs);
    void *kind_base = (char *)node + kd->union_offset;
    const aw_defaults *common = S_fill_defaults(b, &aw_node_common_desc, node);
    const aw_defaults *own = S_fill_defaults(b, kd->desc, kind_base);
    layer layers[2] = {
        {&aw_node_common_desc, node, node->field_locs, common},
        {kd->desc, kind_base, node->field_locs + nc, own},
    };
    const aw_doc_member *idm = aw_doc_member_find(doc, "id");
    const char *id = idm && S_text_value(idm->value) ? idm->value->as.string.chars : NULL;
    const char *what =
        id ? aw_arena_join(b->arena, (const char *const[]){kd->name, " '", id, "'", NULL})
           : aw_arena_join(b->arena, (const char *const[]){kd->name, " ", S_node_place(b, doc, index), NULL});
    b->element = id;
    S_build_layers(b, doc, layers, 2, what, doc->tag ? NULL : AW_KIND_FIELD);
    node->plain_text = !b->marker_seen;
    b->element = NULL;
    return node;
}

static void S_build_nodes(builder *b, const aw_doc *doc)
{
    static const aw_field nodes_field = {AW_NODES_FIELD, AW_F_OBJECTS, 0, .doc = "nodes"};
    const aw_doc **items;
    size_t n;
    if (!S_items(b, &nodes_field, doc, NULL, &items, &n))
        return;
    if (n > AW_MAX_NODES) {
        ERROR(b, "too-many-nodes", &doc->loc, "%zu nodes is more than the limit of %u", n, AW_MAX_NODES);
        return;
    }
    aw_model *m = b->model;
    m->nodes = aw_arena_alloc(b->arena, (n ? n : 1) * sizeof *m->nodes);
    for (size_t i = 0; i < n; i++) {
        aw_node *node = S_build_node(b, items[i], i);
        if (node) {
            node->index = m->node_count;
            m->nodes[m->node_count++] = node;
        }
    }
}

size_t aw_build_model(aw_model *model, const aw_doc *root, aw_diags *diags)
{
    builder b = {.model = model, .arena = &model->arena, .diags = diags};
    if (root->kind != AW_DOC_OBJECT) {
        ERROR(&b, "wrong-type", &root->loc, "a diagram must be an object, found %s", S_found(root));
        return b.errors;
    }
    model->loc = root->loc;
    model->field_locs = aw_arena_alloc(b.arena, aw_diagram_desc.field_count * sizeof *model->field_locs);
    layer top = {&aw_diagram_desc, model, model->field_locs, S_fill_defaults(&b, &aw_diagram_desc, model)};
    S_build_layers(&b, root, &top, 1, "the diagram", AW_NODES_FIELD);
    model->plain_text = !b.marker_seen;
    const aw_doc_member *nodes = aw_doc_member_find(root, AW_NODES_FIELD);
    if (nodes)
        S_build_nodes(&b, nodes->value);
    for (size_t i = 0; i < model->edge_count; i++)
        model->edges[i].index = i;
    /* The resolver rebuilds the index, but it does not run after build
     * errors; aw_model_find() should work on such a model all the same. */
    aw_model_index(model);
    S_key_regexes_free(&b);
    return b.errors;
}
