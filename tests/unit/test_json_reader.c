/* Unit tests of the JSON front end: the tree, every value's position and
 * path, and one exact diagnostic for each kind of bad input. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/limits.h"
#include "../../compiler/readers.h"

static aw_arena arena;
static aw_diags diags;

static void S_setup(void)
{
    aw_arena_init(&arena);
    aw_diags_init(&diags, &arena);
}

static void S_teardown(void)
{
    aw_diags_free(&diags);
    aw_arena_free(&arena);
}

static aw_doc *S_read_n(const char *text, size_t len)
{
    return aw_json_read(&arena, &diags, "diagram.json", text, len);
}

static aw_doc *S_read(const char *text)
{
    return S_read_n(text, strlen(text));
}

static const aw_doc *S_get(const aw_doc *object, const char *key)
{
    const aw_doc_member *m = aw_doc_member_find(object, key);
    ck_assert_msg(m != NULL, "no member \"%s\"", key);
    return m->value;
}

static const aw_doc_member *S_member(const aw_doc *object, const char *key)
{
    const aw_doc_member *m = aw_doc_member_find(object, key);
    ck_assert_msg(m != NULL, "no member \"%s\"", key);
    return m;
}

static void S_assert_loc(const aw_loc *loc, unsigned line, unsigned col, const char *path)
{
    ck_assert_uint_eq(loc->line, line);
    ck_assert_uint_eq(loc->col, col);
    ck_assert_str_eq(loc->file, "diagram.json");
    if (path)
        ck_assert_str_eq(loc->path, path);
}

/* Exactly one diagnostic, an error, with this code, place and wording. */
static void S_assert_error(const aw_doc *doc, const char *code, unsigned line, unsigned col,
                           const char *message)
{
    ck_assert_ptr_null(doc);
    ck_assert_uint_eq(diags.count, 1);
    ck_assert_uint_eq(diags.errors, 1);
    const aw_diag *d = &diags.items[0];
    ck_assert_int_eq(d->severity, AW_SEV_ERROR);
    ck_assert_str_eq(d->code, code);
    ck_assert_str_eq(d->message, message);
    ck_assert_uint_eq(d->loc.line, line);
    ck_assert_uint_eq(d->loc.col, col);
    ck_assert_str_eq(d->loc.file, "diagram.json");
}

/* ---- Tree, positions and paths ------------------------------------------ */

/* Line 4 puts two-byte characters before "rate" and 10, and line 5 three-
 * byte ones before 1.5: columns count characters, not bytes. Line 8 starts
 * with a tab, which counts as one column. */
static const char S_diagram[] =
    "{\n"
    "  \"name\": \"demo\",\n"
    "  \"nodes\": [\n"
    "    {\"id\": \"r1\", \"label\": \"h\xc3\xa9llo w\xc3\xb6rld\", \"rate\": 10},\n"
    "    {\"id\": \"\xe6\x97\xa5\xe6\x9c\xac\", \"x\": 1.5, \"y\": -2, \"z\": 1e3}\n"
    "  ],\n"
    "  \"a/b\": {\"c~d\": true, \"e\": null},\n"
    "\t\"tab\": \"t\"\n"
    "}\n";

START_TEST(test_tree_shape)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(diags.count, 0);
    ck_assert_int_eq(doc->kind, AW_DOC_OBJECT);
    ck_assert(!doc->untyped);
    ck_assert_ptr_null(doc->tag);
    ck_assert_uint_eq(doc->as.object.count, 4);
    /* Members in the order written. */
    ck_assert_str_eq(doc->as.object.members[0].key, "name");
    ck_assert_str_eq(doc->as.object.members[1].key, "nodes");
    ck_assert_str_eq(doc->as.object.members[2].key, "a/b");
    ck_assert_str_eq(doc->as.object.members[3].key, "tab");

    const aw_doc *name = S_get(doc, "name");
    ck_assert_int_eq(name->kind, AW_DOC_STRING);
    ck_assert_str_eq(name->as.string.chars, "demo");
    ck_assert_uint_eq(name->as.string.len, 4);

    const aw_doc *nodes = S_get(doc, "nodes");
    ck_assert_int_eq(nodes->kind, AW_DOC_ARRAY);
    ck_assert_uint_eq(nodes->as.array.count, 2);
    const aw_doc *r1 = nodes->as.array.items[0];
    ck_assert_int_eq(r1->kind, AW_DOC_OBJECT);
    ck_assert_str_eq(S_get(r1, "label")->as.string.chars, "h\xc3\xa9llo w\xc3\xb6rld");
    ck_assert_str_eq(S_get(nodes->as.array.items[1], "id")->as.string.chars,
                     "\xe6\x97\xa5\xe6\x9c\xac");

    const aw_doc *ab = S_get(doc, "a/b");
    ck_assert_int_eq(S_get(ab, "c~d")->kind, AW_DOC_BOOL);
    ck_assert(S_get(ab, "c~d")->as.boolean);
    ck_assert_int_eq(S_get(ab, "e")->kind, AW_DOC_NULL);

    /* Every value carries the caller's file name, copied into the arena. */
    ck_assert_str_eq(doc->loc.file, "diagram.json");
    ck_assert_ptr_eq(doc->loc.file, r1->loc.file);
}
END_TEST

START_TEST(test_value_positions)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&doc->loc, 1, 1, "");
    S_assert_loc(&S_get(doc, "name")->loc, 2, 11, "/name");
    S_assert_loc(&S_get(doc, "nodes")->loc, 3, 12, "/nodes");

    const aw_doc *nodes = S_get(doc, "nodes");
    const aw_doc *r1 = nodes->as.array.items[0];
    S_assert_loc(&r1->loc, 4, 5, "/nodes/0");
    S_assert_loc(&S_get(r1, "id")->loc, 4, 12, "/nodes/0/id");
    S_assert_loc(&S_get(r1, "label")->loc, 4, 27, "/nodes/0/label");
    /* Byte column 52; character column 50. */
    S_assert_loc(&S_get(r1, "rate")->loc, 4, 50, "/nodes/0/rate");

    const aw_doc *n2 = nodes->as.array.items[1];
    S_assert_loc(&n2->loc, 5, 5, "/nodes/1");
    S_assert_loc(&S_get(n2, "x")->loc, 5, 23, "/nodes/1/x");
    S_assert_loc(&S_get(n2, "y")->loc, 5, 33, "/nodes/1/y");
    S_assert_loc(&S_get(n2, "z")->loc, 5, 42, "/nodes/1/z");

    const aw_doc *ab = S_get(doc, "a/b");
    S_assert_loc(&ab->loc, 7, 10, "/a~1b");
    S_assert_loc(&S_get(ab, "c~d")->loc, 7, 18, "/a~1b/c~0d");
    S_assert_loc(&S_get(ab, "e")->loc, 7, 29, "/a~1b/e");
    S_assert_loc(&S_get(doc, "tab")->loc, 8, 9, "/tab");
}
END_TEST

START_TEST(test_key_positions)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&S_member(doc, "name")->key_loc, 2, 3, "/name");
    S_assert_loc(&S_member(doc, "nodes")->key_loc, 3, 3, "/nodes");
    const aw_doc *r1 = S_get(doc, "nodes")->as.array.items[0];
    S_assert_loc(&S_member(r1, "id")->key_loc, 4, 6, "/nodes/0/id");
    S_assert_loc(&S_member(r1, "label")->key_loc, 4, 18, "/nodes/0/label");
    S_assert_loc(&S_member(r1, "rate")->key_loc, 4, 42, "/nodes/0/rate");
    const aw_doc *ab = S_get(doc, "a/b");
    S_assert_loc(&S_member(doc, "a/b")->key_loc, 7, 3, "/a~1b");
    S_assert_loc(&S_member(ab, "c~d")->key_loc, 7, 11, "/a~1b/c~0d");
    S_assert_loc(&S_member(ab, "e")->key_loc, 7, 24, "/a~1b/e");
    S_assert_loc(&S_member(doc, "tab")->key_loc, 8, 2, "/tab");
}
END_TEST

START_TEST(test_numbers)
{
    aw_doc *doc = S_read("{\"i\": 42, \"n\": -2, \"r\": 1.5, \"f\": 1.0, \"e\": 1e3, "
                         "\"big\": 9007199254740992, \"neg\": -0.25}");
    ck_assert_ptr_nonnull(doc);
    struct { const char *key; double value; bool integral; } want[] = {
        {"i", 42, true}, {"n", -2, true}, {"r", 1.5, false}, {"f", 1.0, false},
        {"e", 1000, false}, {"big", 9007199254740992.0, true}, {"neg", -0.25, false},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const aw_doc *v = S_get(doc, want[i].key);
        ck_assert_int_eq(v->kind, AW_DOC_NUMBER);
        ck_assert_double_eq(v->as.number.value, want[i].value);
        ck_assert_msg(v->as.number.integral == want[i].integral, "%s: integral", want[i].key);
    }
}
END_TEST

START_TEST(test_strings_decoded)
{
    aw_doc *doc = S_read("{\"s\": \"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\", \"empty\": \"\","
                         " \"k\\u0065y\": [], \"o\": {}}");
    ck_assert_ptr_nonnull(doc);
    const aw_doc *s = S_get(doc, "s");
    ck_assert_uint_eq(s->as.string.len, 14);
    ck_assert_mem_eq(s->as.string.chars, "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80", 15);
    ck_assert_uint_eq(S_get(doc, "empty")->as.string.len, 0);
    ck_assert_str_eq(S_get(doc, "empty")->as.string.chars, "");
    /* Keys are decoded too; the member after the escaped string sits where
     * the text says, not where the decoded length would put it. */
    const aw_doc_member *key = S_member(doc, "key");
    S_assert_loc(&key->key_loc, 1, 54, "/key");
    ck_assert_int_eq(key->value->kind, AW_DOC_ARRAY);
    ck_assert_uint_eq(key->value->as.array.count, 0);
    ck_assert_int_eq(S_get(doc, "o")->kind, AW_DOC_OBJECT);
    ck_assert_uint_eq(S_get(doc, "o")->as.object.count, 0);
    S_assert_loc(&S_get(doc, "o")->loc, 1, 75, "/o");
}
END_TEST

/* Members come out in text order, not hash or sorted order. */
START_TEST(test_key_order)
{
    char text[2048] = "{";
    size_t n = 1, key_at[40];
    for (int i = 0; i < 40; i++) {
        if (i > 0)
            n += (size_t)snprintf(text + n, sizeof text - n, ", ");
        key_at[i] = n;
        n += (size_t)snprintf(text + n, sizeof text - n, "\"k%02d\": %d", (i * 17) % 40, i);
    }
    text[n++] = '}';
    aw_doc *doc = S_read_n(text, n);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(doc->as.object.count, 40);
    for (int i = 0; i < 40; i++) {
        char key[8];
        snprintf(key, sizeof key, "k%02d", (i * 17) % 40);
        const aw_doc_member *m = &doc->as.object.members[i];
        ck_assert_str_eq(m->key, key);
        ck_assert_double_eq(m->value->as.number.value, i);
        ck_assert_uint_eq(m->key_loc.col, key_at[i] + 1);   /* ASCII: column = offset + 1 */
    }
}
END_TEST

START_TEST(test_bom)
{
    aw_doc *doc = S_read("\xef\xbb\xbf{\"a\": 1}");
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&doc->loc, 1, 1, "");
    S_assert_loc(&S_member(doc, "a")->key_loc, 1, 2, "/a");
    S_assert_loc(&S_get(doc, "a")->loc, 1, 7, "/a");
}
END_TEST

START_TEST(test_bom_error_position)
{
    S_assert_error(S_read("\xef\xbb\xbf{\"a\": tru}"), "json-syntax", 1, 7,
                   "invalid literal 'tru' (expected true, false, null or a quoted string)");
}
END_TEST

START_TEST(test_crlf)
{
    aw_doc *doc = S_read("{\r\n  \"a\": 1,\r\n  \"b\": 2\r\n}\r\n");
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&S_get(doc, "a")->loc, 2, 8, "/a");
    S_assert_loc(&S_get(doc, "b")->loc, 3, 8, "/b");
}
END_TEST

/* ---- Limits ------------------------------------------------------------- */

START_TEST(test_input_too_large)
{
    size_t len = (size_t)AW_MAX_INPUT_BYTES + 1;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    memset(text, ' ', len);
    text[0] = '{';
    text[len - 1] = '}';
    aw_doc *doc = S_read_n(text, len);
    free(text);
    S_assert_error(doc, "input-too-large", 0, 0,
                   "input is 67108865 bytes, more than the limit of 67108864 bytes (64 MiB)");
    ck_assert_ptr_null(diags.items[0].loc.path);
}
END_TEST

static char *S_nested(const char *head, size_t depth, const char *tail, size_t *len)
{
    size_t hl = strlen(head), tl = strlen(tail);
    char *text = malloc(hl + 2 * depth + tl + 1);
    ck_assert_ptr_nonnull(text);
    memcpy(text, head, hl);
    memset(text + hl, '[', depth);
    memset(text + hl + depth, ']', depth);
    memcpy(text + hl + 2 * depth, tail, tl + 1);
    *len = hl + 2 * depth + tl;
    return text;
}

START_TEST(test_too_deep_100k)
{
    size_t len;
    char *text = S_nested("{\"a\":\n  ", 100000, "}", &len);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    /* '{' is level 1, so the 64th '[' (column 2 + 64) is level 65. */
    S_assert_error(doc, "too-deep", 2, 66, "nesting deeper than 64 levels");
}
END_TEST

START_TEST(test_too_deep_unclosed)
{
    char text[200] = "{\"\xc3\xa9\": ";
    size_t n = strlen(text);
    memset(text + n, '[', 100);
    aw_doc *doc = S_read_n(text, n + 100);
    S_assert_error(doc, "too-deep", 1, 6 + 64, "nesting deeper than 64 levels");
}
END_TEST

START_TEST(test_depth_limit_exact)
{
    size_t len;
    char *text = S_nested("{\"a\": ", 63, "}", &len);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(diags.count, 0);
    const aw_doc *v = S_get(doc, "a");
    /* The object is level 1; the arrays are levels 2 to 64. */
    for (int level = 2; level <= 64; level++) {
        ck_assert_int_eq(v->kind, AW_DOC_ARRAY);
        if (level < 64)
            v = v->as.array.items[0];
    }
    S_assert_loc(&v->loc, 1, 69, NULL);
    ck_assert_uint_eq(v->as.array.count, 0);
}
END_TEST

/* Brackets and escaped quotes inside strings do not count as nesting. */
START_TEST(test_depth_ignores_strings)
{
    char text[400] = "{\"a\": \"\\\"";
    size_t n = strlen(text);
    memset(text + n, '[', 200);
    strcpy(text + n + 200, "\\\\\", \"b\": [\"]]]\"]}");
    aw_doc *doc = S_read(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(S_get(doc, "a")->as.string.len, 1 + 200 + 1);
    S_assert_loc(&S_get(doc, "b")->loc, 1, 8 + 2 + 200 + 2 + 1 + 7, "/b");
}
END_TEST

static char *S_long_string_doc(size_t chars, size_t *len)
{
    char *text = malloc(chars + 32);
    ck_assert_ptr_nonnull(text);
    strcpy(text, "{\"x\": 1,\n \"s\": \"");
    size_t n = strlen(text);
    memset(text + n, 'x', chars);
    strcpy(text + n + chars, "\"}");
    *len = n + chars + 2;
    return text;
}

START_TEST(test_string_too_long)
{
    size_t len;
    char *text = S_long_string_doc((size_t)AW_MAX_STRING_BYTES + 1, &len);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    S_assert_error(doc, "string-too-long", 2, 7,
                   "string is 1048577 bytes, more than the limit of 1048576 bytes (1 MiB)");
    ck_assert_str_eq(diags.items[0].loc.path, "/s");
}
END_TEST

START_TEST(test_string_at_limit)
{
    size_t len;
    char *text = S_long_string_doc(AW_MAX_STRING_BYTES, &len);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(S_get(doc, "s")->as.string.len, AW_MAX_STRING_BYTES);
}
END_TEST

/* ---- Syntax and type errors --------------------------------------------- */

START_TEST(test_empty_input)
{
    S_assert_error(S_read(""), "json-syntax", 1, 1, "empty input: expected a JSON object");
}
END_TEST

START_TEST(test_blank_input)
{
    S_assert_error(S_read(" \n\t\r\n"), "json-syntax", 1, 1,
                   "empty input: expected a JSON object");
}
END_TEST

START_TEST(test_bom_only)
{
    S_assert_error(S_read("\xef\xbb\xbf"), "json-syntax", 1, 1,
                   "empty input: expected a JSON object");
}
END_TEST

START_TEST(test_duplicate_key)
{
    aw_doc *doc = S_read("{\"nodes\": [\n  {\"id\": \"a\", \"rate\": 1,\n   \"rate\": 2}\n]}");
    S_assert_error(doc, "json-syntax", 3, 4, "duplicate object key \"rate\"");
    const aw_diag *d = &diags.items[0];
    ck_assert_uint_eq(d->related.line, 2);
    ck_assert_uint_eq(d->related.col, 15);
    ck_assert_str_eq(d->related_message, "first defined here");
}
END_TEST

/* Duplicates are found on the decoded key, and only within one object. */
START_TEST(test_duplicate_key_escaped)
{
    aw_doc *doc = S_read("{\"a\": {\"b\": 1}, \"b\": {\"a\": 1, \"\\u0061\": 2}}");
    S_assert_error(doc, "json-syntax", 1, 31, "duplicate object key \"\\u0061\"");
    ck_assert_uint_eq(diags.items[0].related.line, 1);
    ck_assert_uint_eq(diags.items[0].related.col, 23);
}
END_TEST

START_TEST(test_invalid_utf8)
{
    /* "é" is two bytes, one column: the bad byte is byte 10 but column 9. */
    static const char text[] = "{\n\"\xc3\xa9\": \"ok\",\n\"\xc3\xa9x\": \"a\xff\"}";
    S_assert_error(S_read(text), "json-syntax", 3, 9,
                   "invalid UTF-8 sequence starting with byte 0xff (the file must be UTF-8)");
}
END_TEST

START_TEST(test_invalid_utf8_truncated_sequence)
{
    S_assert_error(S_read("{\"a\": \"x\xc3(\"}"), "json-syntax", 1, 9,
                   "invalid UTF-8 sequence starting with byte 0xc3 (the file must be UTF-8)");
}
END_TEST

START_TEST(test_nul_escape_rejected)
{
    S_assert_error(S_read("{\"a\": [1, \"x\\u0000y\"]}"), "json-syntax", 1, 11,
                   "\\u0000 (NUL) is not allowed in strings");
}
END_TEST

START_TEST(test_json_type_array)
{
    S_assert_error(S_read("[1, 2]"), "json-type", 1, 1,
                   "a diagram must be a JSON object, found array");
    ck_assert_str_eq(diags.items[0].loc.path, "");
}
END_TEST

START_TEST(test_json_type_scalar)
{
    S_assert_error(S_read("\n  42\n"), "json-type", 2, 3,
                   "a diagram must be a JSON object, found number");
}
END_TEST

/* The rest of jansson's errors: each at the start of the token at fault. */
static const struct {
    const char *text;
    unsigned line, col;
    const char *message;
} S_syntax_cases[] = {
    {"{\"a\": tru}", 1, 7,
     "invalid literal 'tru' (expected true, false, null or a quoted string)"},
    {"{\"a\": 1\n \"b\": 2}", 2, 2, "expected ',' or '}' after an object member, found '\"b\"'"},
    {"{\"a\": [1 2]}", 1, 10, "expected ',' or ']' after an array element, found '2'"},
    {"{\"a\" 1}", 1, 6, "expected ':' after an object key, found '1'"},
    {"{\"a\": }", 1, 7, "expected a value, found '}'"},
    {"{a: 1}", 1, 2, "expected a quoted key or '}', found 'a' (keys need double quotes)"},
    {"{\"a\": 1,\n}", 1, 8, "trailing comma before '}'"},
    {"{\"a\": [1, 2, ]}", 1, 12, "trailing comma before ']'"},
    {"{\n  \"a\": 1\n", 2, 9, "unexpected end of input: expected ',' or '}'"},
    {"{\"a\": [\"x\"", 1, 11, "unexpected end of input: expected ',' or ']'"},
    {"{\"a\":", 1, 6, "unexpected end of input: expected a value"},
    {"{\"a\": \"abc", 1, 7, "unterminated string: end of input before the closing quote"},
    {"{\"a\": \"ab\nc\"}", 1, 7, "unterminated string: line break before the closing quote"},
    {"{\"a\": \"a\tb\"}", 1, 9, "control character 0x09 in a string must be escaped"},
    {"{\"a\": \"\xc3\xa9\\x\"}", 1, 9, "invalid escape '\\x' in a string"},
    {"{\"a\": \"\\u12g4\"}", 1, 8, "invalid escape '\\u12g' in a string"},
    {"{\"a\": \"\\ud800\"}", 1, 7, "invalid \\u escape in a string: unpaired UTF-16 surrogate"},
    {"{\"\\u0000\": 1}", 1, 2, "\\u0000 (NUL) is not allowed in object keys"},
    {"{\"a\": 01}", 1, 7, "invalid number '01'"},
    {"{\"a\": 1.}", 1, 7, "invalid number '1.'"},
    {"{\"a\": -}", 1, 7, "invalid number '-'"},
    {"{\"a\": 99999999999999999999}", 1, 7, "integer out of range: '99999999999999999999'"},
    {"{\"a\": 1e999}", 1, 7, "number out of range: '1e999'"},
    {"{\"a\": 'x'}", 1, 7, "strings must be in double quotes, not single quotes"},
    {"{\"a\": \x01}", 1, 7, "unexpected control character 0x01"},
    {"{\"a\": 1} {}", 1, 10, "unexpected '{' after the top-level value"},
    {"{\"a\": \"\xe2\x82\xac\"} x", 1, 12,
     "unexpected 'x' after the top-level value"},
};

START_TEST(test_syntax_errors)
{
    const char *text = S_syntax_cases[_i].text;
    aw_doc *doc = S_read(text);
    ck_assert_msg(doc == NULL, "accepted: %s", text);
    ck_assert_uint_eq(diags.count, 1);
    const aw_diag *d = &diags.items[0];
    ck_assert_str_eq(d->code, "json-syntax");
    ck_assert_str_eq(d->message, S_syntax_cases[_i].message);
    ck_assert_msg(d->loc.line == S_syntax_cases[_i].line && d->loc.col == S_syntax_cases[_i].col,
                  "%s: at %u:%u, want %u:%u", text, d->loc.line, d->loc.col,
                  S_syntax_cases[_i].line, S_syntax_cases[_i].col);
}
END_TEST

/* A raw NUL byte: jansson calls it "end of file"; we do not. */
START_TEST(test_raw_nul_byte)
{
    static const char text[] = "{\"a\": [1,\0]}";
    S_assert_error(S_read_n(text, sizeof text - 1), "json-syntax", 1, 10,
                   "unexpected NUL byte (0x00)");
}
END_TEST

START_TEST(test_no_text)
{
    S_assert_error(aw_json_read(&arena, &diags, "diagram.json", NULL, 0), "json-syntax", 1, 1,
                   "empty input: expected a JSON object");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("json_reader");
    TCase *tree = tcase_create("tree");
    tcase_add_checked_fixture(tree, S_setup, S_teardown);
    tcase_add_test(tree, test_tree_shape);
    tcase_add_test(tree, test_value_positions);
    tcase_add_test(tree, test_key_positions);
    tcase_add_test(tree, test_numbers);
    tcase_add_test(tree, test_strings_decoded);
    tcase_add_test(tree, test_key_order);
    tcase_add_test(tree, test_bom);
    tcase_add_test(tree, test_crlf);
    suite_add_tcase(s, tree);

    TCase *limits = tcase_create("limits");
    tcase_add_checked_fixture(limits, S_setup, S_teardown);
    tcase_set_timeout(limits, 30);
    tcase_add_test(limits, test_input_too_large);
    tcase_add_test(limits, test_too_deep_100k);
    tcase_add_test(limits, test_too_deep_unclosed);
    tcase_add_test(limits, test_depth_limit_exact);
    tcase_add_test(limits, test_depth_ignores_strings);
    tcase_add_test(limits, test_string_too_long);
    tcase_add_test(limits, test_string_at_limit);
    suite_add_tcase(s, limits);

    TCase *errors = tcase_create("errors");
    tcase_add_checked_fixture(errors, S_setup, S_teardown);
    tcase_add_test(errors, test_empty_input);
    tcase_add_test(errors, test_blank_input);
    tcase_add_test(errors, test_bom_only);
    tcase_add_test(errors, test_bom_error_position);
    tcase_add_test(errors, test_duplicate_key);
    tcase_add_test(errors, test_duplicate_key_escaped);
    tcase_add_test(errors, test_invalid_utf8);
    tcase_add_test(errors, test_invalid_utf8_truncated_sequence);
    tcase_add_test(errors, test_nul_escape_rejected);
    tcase_add_test(errors, test_json_type_array);
    tcase_add_test(errors, test_json_type_scalar);
    tcase_add_loop_test(errors, test_syntax_errors, 0,
                        (int)(sizeof S_syntax_cases / sizeof S_syntax_cases[0]));
    tcase_add_test(errors, test_raw_nul_byte);
    tcase_add_test(errors, test_no_text);
    suite_add_tcase(s, errors);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(S_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
