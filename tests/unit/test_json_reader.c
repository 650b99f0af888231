/* Unit tests of the JSON front end: the tree, every value's position and
 * path, one exact diagnostic for each kind of bad input, and the fast
 * parser checked against the jansson-based reference. */
#include <check.h>
#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/json_scan.h"
#include "../../compiler/limits.h"
#include "../../compiler/readers.h"
#include "test_support.h"

AW_TEST_READER_FIXTURE(aw_json_read, "diagram.json")


static void S_assert_loc(const aw_loc *loc, unsigned line, unsigned col, const char *path)
{
    aw_test_assert_loc(loc, "diagram.json", line, col, path);
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

    const aw_doc *name = aw_test_get(doc, "name");
    ck_assert_int_eq(name->kind, AW_DOC_STRING);
    ck_assert_str_eq(name->as.string.chars, "demo");
    ck_assert_uint_eq(name->as.string.len, 4);

    const aw_doc *nodes = aw_test_get(doc, "nodes");
    ck_assert_int_eq(nodes->kind, AW_DOC_ARRAY);
    ck_assert_uint_eq(nodes->as.array.count, 2);
    const aw_doc *r1 = nodes->as.array.items[0];
    ck_assert_int_eq(r1->kind, AW_DOC_OBJECT);
    ck_assert_str_eq(aw_test_get(r1, "label")->as.string.chars, "h\xc3\xa9llo w\xc3\xb6rld");
    ck_assert_str_eq(aw_test_get(nodes->as.array.items[1], "id")->as.string.chars,
                     "\xe6\x97\xa5\xe6\x9c\xac");

    const aw_doc *ab = aw_test_get(doc, "a/b");
    ck_assert_int_eq(aw_test_get(ab, "c~d")->kind, AW_DOC_BOOL);
    ck_assert(aw_test_get(ab, "c~d")->as.boolean);
    ck_assert_int_eq(aw_test_get(ab, "e")->kind, AW_DOC_NULL);

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
    S_assert_loc(&aw_test_get(doc, "name")->loc, 2, 11, "/name");
    S_assert_loc(&aw_test_get(doc, "nodes")->loc, 3, 12, "/nodes");

    const aw_doc *nodes = aw_test_get(doc, "nodes");
    const aw_doc *r1 = nodes->as.array.items[0];
    S_assert_loc(&r1->loc, 4, 5, "/nodes/0");
    S_assert_loc(&aw_test_get(r1, "id")->loc, 4, 12, "/nodes/0/id");
    S_assert_loc(&aw_test_get(r1, "label")->loc, 4, 27, "/nodes/0/label");
    /* Byte column 52; character column 50. */
    S_assert_loc(&aw_test_get(r1, "rate")->loc, 4, 50, "/nodes/0/rate");

    const aw_doc *n2 = nodes->as.array.items[1];
    S_assert_loc(&n2->loc, 5, 5, "/nodes/1");
    S_assert_loc(&aw_test_get(n2, "x")->loc, 5, 23, "/nodes/1/x");
    S_assert_loc(&aw_test_get(n2, "y")->loc, 5, 33, "/nodes/1/y");
    S_assert_loc(&aw_test_get(n2, "z")->loc, 5, 42, "/nodes/1/z");

    const aw_doc *ab = aw_test_get(doc, "a/b");
    S_assert_loc(&ab->loc, 7, 10, "/a~1b");
    S_assert_loc(&aw_test_get(ab, "c~d")->loc, 7, 18, "/a~1b/c~0d");
    S_assert_loc(&aw_test_get(ab, "e")->loc, 7, 29, "/a~1b/e");
    S_assert_loc(&aw_test_get(doc, "tab")->loc, 8, 9, "/tab");
}
END_TEST

START_TEST(test_key_positions)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_ptr_nonnull(doc);
    S_assert_loc(&aw_test_member(doc, "name")->key_loc, 2, 3, "/name");
    S_assert_loc(&aw_test_member(doc, "nodes")->key_loc, 3, 3, "/nodes");
    const aw_doc *r1 = aw_test_get(doc, "nodes")->as.array.items[0];
    S_assert_loc(&aw_test_member(r1, "id")->key_loc, 4, 6, "/nodes/0/id");
    S_assert_loc(&aw_test_member(r1, "label")->key_loc, 4, 18, "/nodes/0/label");
    S_assert_loc(&aw_test_member(r1, "rate")->key_loc, 4, 42, "/nodes/0/rate");
    const aw_doc *ab = aw_test_get(doc, "a/b");
    S_assert_loc(&aw_test_member(doc, "a/b")->key_loc, 7, 3, "/a~1b");
    S_assert_loc(&aw_test_member(ab, "c~d")->key_loc, 7, 11, "/a~1b/c~0d");
    S_assert_loc(&aw_test_member(ab, "e")->key_loc, 7, 24, "/a~1b/e");
    S_assert_loc(&aw_test_member(doc, "tab")->key_loc, 8, 2, "/tab");
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
        const aw_doc *v = aw_test_get(doc, want[i].key);
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
    const aw_doc *s = aw_test_get(doc, "s");
    ck_assert_uint_eq(s->as.string.len, 14);
    ck_assert_mem_eq(s->as.string.chars, "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80", 15);
    ck_assert_uint_eq(aw_test_get(doc, "empty")->as.string.len, 0);
    ck_assert_str_eq(aw_test_get(doc, "empty")->as.string.chars, "");
    /* Keys are decoded too; the member after the escaped string sits where
     * the text says, not where the decoded length would put it. */
    const aw_doc_member *key = aw_test_member(doc, "key");
    S_assert_loc(&key->key_loc, 1, 54, "/key");
    ck_assert_int_eq(key->value->kind, AW_DOC_ARRAY);
    ck_assert_uint_eq(key->value->as.array.count, 0);
    ck_assert_int_eq(aw_test_get(doc, "o")->kind, AW_DOC_OBJECT);
    ck_assert_uint_eq(aw_test_get(doc, "o")->as.object.count, 0);
    S_assert_loc(&aw_test_get(doc, "o")->loc, 1, 75, "/o");
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
    S_assert_loc(&aw_test_member(doc, "a")->key_loc, 1, 2, "/a");
    S_assert_loc(&aw_test_get(doc, "a")->loc, 1, 7, "/a");
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
    S_assert_loc(&aw_test_get(doc, "a")->loc, 2, 8, "/a");
    S_assert_loc(&aw_test_get(doc, "b")->loc, 3, 8, "/b");
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
    const aw_doc *v = aw_test_get(doc, "a");
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
    ck_assert_uint_eq(aw_test_get(doc, "a")->as.string.len, 1 + 200 + 1);
    S_assert_loc(&aw_test_get(doc, "b")->loc, 1, 8 + 2 + 200 + 2 + 1 + 7, "/b");
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
    ck_assert_uint_eq(aw_test_get(doc, "s")->as.string.len, AW_MAX_STRING_BYTES);
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


/* ---- The fast parser against the reference ------------------------------ */

/* Runs both parsers on text, each into an arena of its own. The fast one
 * must accept exactly what the reference accepts and then give the same
 * tree. Returns whether they accepted. */
static bool S_check_same(const char *what, const char *text, size_t len)
{
    aw_arena fast_arena, ref_arena;
    aw_diags ref_diags;
    aw_arena_init(&fast_arena);
    aw_arena_init(&ref_arena);
    aw_diags_init(&ref_diags, &ref_arena);
    aw_doc *fast = aw_json_scan(&fast_arena, "diagram.json", text, len, NULL);
    aw_doc *ref = aw_json_read_reference(&ref_arena, &ref_diags, "diagram.json", text, len);
    const char *diff = fast && ref ? aw_json_doc_diff(&ref_arena, fast, ref) : NULL;
    char message[512];
    if ((fast != NULL) != (ref != NULL))
        snprintf(message, sizeof message, "%s: the fast parser %s, the reference %s (%s)", what,
                 fast ? "accepts" : "rejects", ref ? "accepts" : "rejects",
                 ref_diags.count ? ref_diags.items[0].message : "no diagnostic");
    else if (diff)
        snprintf(message, sizeof message, "%s: %s", what, diff);
    bool agree = (fast != NULL) == (ref != NULL) && !diff;
    aw_diags_free(&ref_diags);
    aw_arena_free(&ref_arena);
    aw_arena_free(&fast_arena);
    ck_assert_msg(agree, "%s", message);
    return ref != NULL;
}

static bool S_check_same_str(const char *text)
{
    return S_check_same(text, text, strlen(text));
}

static char *S_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s (the tests run from the repository root)", path);
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 4096) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (!got)
            break;
        n += got;
    }
    fclose(f);
    *len = n;
    return buf;
}

typedef struct text_file {
    char *name;
    char *text;
    size_t len;
} text_file;

/* Every file matching pattern, read whole; at least one must exist. */
static text_file *S_load(const char *pattern, size_t *count)
{
    glob_t g;
    ck_assert_msg(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0, "no files match %s",
                  pattern);
    text_file *files = calloc(g.gl_pathc, sizeof *files);
    ck_assert_ptr_nonnull(files);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        files[i].name = strdup(g.gl_pathv[i]);
        files[i].text = S_slurp(g.gl_pathv[i], &files[i].len);
    }
    *count = g.gl_pathc;
    globfree(&g);
    return files;
}

static void S_unload(text_file *files, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        free(files[i].name);
        free(files[i].text);
    }
    free(files);
}

START_TEST(test_fast_samples)
{
    size_t n;
    text_file *files = S_load("samples/*.json", &n);
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(S_check_same(files[i].name, files[i].text, files[i].len),
                      "%s does not parse", files[i].name);
    S_unload(files, n);
}
END_TEST

/* The bad-input corpus: most files are well-formed JSON with bad content,
 * the json-* ones are not. */
START_TEST(test_fast_diagnostics_corpus)
{
    size_t n, accepted = 0;
    text_file *files = S_load("tests/diagnostics/*.json", &n);
    for (size_t i = 0; i < n; i++)
        accepted += S_check_same(files[i].name, files[i].text, files[i].len);
    ck_assert_uint_gt(accepted, 0);
    ck_assert_uint_lt(accepted, n);
    S_unload(files, n);
}
END_TEST

/* Accepted by both, and the trees must match. */
static const char *const S_good_texts[] = {
    "{}",
    " \t\r\n{ \"a\" :\t1 , \"b\"\n:\n[ ] ,\"c\":{ }}\n\n",
    "{\"a\": {}, \"b\": [], \"c\": [[], {}, [[]], [{}]], \"d\": [{\"e\": []}]}",
    "{\"s\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}",
    "{\"u\": \"\\u00e9\\u20ac\\ud83d\\ude00\\uD83D\\uDE00\\u0001\\u001f\\u007f\\uFFFF\\uFEFF\"}",
    "{\"x\": \"a\\u0041\\u00C9b\", \"y\": \"\\ud800\\udc00\\udbff\\udfff\"}",
    "{\"k\\u0065y\": 1, \"a\\/b\": 2, \"~0\": 3, \"a~b/c\": {\"x~\": [1], \"/\": {\"~1\": null}}}",
    "{\"\": {\"\": [\"\"]}, \" \": 0}",
    "{\"\xc3\xa9\": \"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80\",\n"
    " \"x\": \"\xe2\x82\xac\",\n"
    " \"\xf4\x8f\xbf\xbf\": [\"\xef\xbb\xbf\", \"\xed\x9f\xbf\", \"\xee\x80\x80\", 1]}",
    "{\"del\": \"\x7f\", \"t\": true, \"f\": false, \"n\": null}",
    "{\"n\": [0, -0, 1, -1, 10, -10, 9223372036854775807, -9223372036854775808,\n"
    " 9007199254740993, 18014398509481985, 1.5, -0.0, 0.0, 0e0, 0E+0, -0e-0, 1e308, -1e308,\n"
    " 1.7976931348623157e308, 2.2250738585072014e-308, 0e-400, -0.0e-999999,\n"
    " 123456789012345678901234567890.5, 1E+2, 1e-2, 0.1, 0.30000000000000004,\n"
    " 100000000000000000000000000000000000000000000000000000000000000000000000000000e-70]}",
    "\xef\xbb\xbf{\"a\": 1,\n \"b\": \"\xc3\xa9\"}",
    "{\r\n  \"a\": [1,\r\n  2],\r\n\"b\": \"x\"\r\n}\r\n",
    "{\"a\": 1}\n \t\r\n",
    "{\"a\":\r1,\r\"b\"\r:\r[\r2\r,\t\"\xc3\xa9\"\r]\r,\"c\": 3}",
    "{\"nodes\": [{\"id\": \"a\", \"rate\": 1}, {\"id\": \"a\", \"rate\": 1}]}",
};

/* Rejected by both. */
static const char *const S_bad_texts[] = {
    "", " ", "[1]", "1", "\"s\"", "null", "\xef\xbb\xbf", "\xef\xbb\xbf\xef\xbb\xbf{}",
    "{", "}", "{\"a\"}", "{\"a\": 1,}", "{\"a\" 1}", "{\"a\": 1} x", "{\"a\": 1}}",
    "{\"a\": [1,]}", "{\"a\": [1 2]}", "{,}", "{'a': 1}", "{a: 1}", "{\"a\": tru}",
    "{\"a\": nul}", "{\"a\": true1}", "{\"a\": True}", "{\"a\": NaN}", "{\"a\": Infinity}",
    "{\"a\": 01}", "{\"a\": -01}", "{\"a\": 1.}", "{\"a\": .5}", "{\"a\": +1}", "{\"a\": 1e}",
    "{\"a\": 1e+}", "{\"a\": -}", "{\"a\": 1.e5}", "{\"a\": 0x10}", "{\"a\": 1.5.3}",
    "{\"a\": 9223372036854775808}", "{\"a\": -9223372036854775809}",
    "{\"a\": 99999999999999999999}", "{\"a\": 1e309}", "{\"a\": -1e309}",
    "{\"a\": \"\\u0000\"}", "{\"\\u0000\": 1}", "{\"a\": \"\\ud800\"}", "{\"a\": \"\\udc00\"}",
    "{\"a\": \"\\ud800\\u0041\"}", "{\"a\": \"\\ud800\\n\"}", "{\"a\": \"\\ud800\\ud800\"}",
    "{\"a\": \"\\x\"}", "{\"a\": \"\\u12\"}", "{\"a\": \"\\u12g4\"}", "{\"a\": \"\\U0041\"}",
    "{\"a\": \"\\\"}", "{\"a\": \"a\x01\"}", "{\"a\": \"a\tb\"}", "{\"a\": \"a\nb\"}",
    "{\"a\": \"abc", "{\"a\": \"\xc0\xaf\"}", "{\"a\": \"\xc1\xbf\"}", "{\"a\": \"\xe0\x80\xaf\"}",
    "{\"a\": \"\xed\xa0\x80\"}", "{\"a\": \"\xf0\x80\x80\x80\"}", "{\"a\": \"\xf4\x90\x80\x80\"}",
    "{\"a\": \"\xf5\x80\x80\x80\"}", "{\"a\": \"\xe2\x82\"}", "{\"a\": \"\x80\"}",
    "{\"a\": \"\xff\"}", "{\"a\xff\": 1}", "{\"a\": 1, \"\xc3\xa9\": \xc3\xa9}",
    "{\"a\": 1, \"a\": 2}", "{\"a\": 1, \"\\u0061\": 2}", "{\"a\\/b\": 1, \"a/b\": 2}",
    "{\"a\": {\"b\": 1, \"c\": {}, \"b\": 2}}", "{\"a\": 1} \xc3\xa9", "{\"a\": 1} //",
    "{\"a\": 1 /* c */}", "{\"a\": [1, 2]\x0b}", "{\"a\": \xc2\xa0 1}",
    /* Too close to zero: read as 0, or as a subnormal the XML spelling refuses. */
    "{\"a\": 1e-400}", "{\"a\": -1e-400}", "{\"a\": 4.9e-324}", "{\"a\": 1e-999999}",
    "{\"a\": 2.2250738585072e-308}",
};

START_TEST(test_fast_good_texts)
{
    for (size_t i = 0; i < sizeof S_good_texts / sizeof S_good_texts[0]; i++)
        ck_assert_msg(S_check_same_str(S_good_texts[i]), "rejected: %s", S_good_texts[i]);
}
END_TEST

START_TEST(test_fast_bad_texts)
{
    for (size_t i = 0; i < sizeof S_bad_texts / sizeof S_bad_texts[0]; i++)
        ck_assert_msg(!S_check_same_str(S_bad_texts[i]), "accepted: %s", S_bad_texts[i]);
}
END_TEST

/* Raw NUL bytes. jansson drops one that directly follows a number or a
 * literal and accepts the text; the reference then loses its place and
 * reports an internal error. Either way there is no tree. */
START_TEST(test_fast_nul_bytes)
{
    static const char *const texts[] = {"{\"a\": 1\0}", "{\"a\": true\0}", "{\"a\": [1\0]}",
                                        "{\"a\": \"x\0\"}", "{\"a\": 1}\0", "\0{\"a\": 1}"};
    static const size_t lens[] = {9, 12, 11, 11, 9, 9};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        ck_assert(!S_check_same("NUL byte", texts[i], lens[i]));
}
END_TEST

START_TEST(test_fast_nesting)
{
    size_t len;
    /* 64 levels: accepted; 65: not. */
    char *text = S_nested("{\"a\": ", 63, "}", &len);
    ck_assert(S_check_same("64 levels", text, len));
    free(text);
    text = S_nested("{\"a\": ", 64, "}", &len);
    ck_assert(!S_check_same("65 levels", text, len));
    free(text);
    /* Objects all the way down: 65 levels, then 64. */
    char deep[1024] = "";
    for (int i = 0; i < 65; i++)
        strcat(deep, "{\"k\": ");
    strcat(deep, "1");
    for (int i = 0; i < 65; i++)
        strcat(deep, "}");
    ck_assert(!S_check_same_str(deep));
    memmove(deep, deep + 6, strlen(deep + 6) + 1);
    deep[strlen(deep) - 1] = '\0';
    ck_assert(S_check_same_str(deep));
}
END_TEST

START_TEST(test_fast_string_limit)
{
    size_t len;
    char *text = S_long_string_doc(AW_MAX_STRING_BYTES, &len);
    ck_assert(S_check_same("string at the limit", text, len));
    free(text);
    text = S_long_string_doc((size_t)AW_MAX_STRING_BYTES + 1, &len);
    ck_assert(!S_check_same("string over the limit", text, len));
    /* The limit is on the decoded length: "\\u0041" is six bytes for one. */
    memcpy(text + len - 2 - 6, "\\u0041", 6);
    ck_assert(S_check_same("escaped string at the limit", text, len));
    /* A key over the limit. */
    text[len - 2] = ':';
    text[len - 1] = '1';
    memcpy(text, "{\"x\": 1,\n \"", 11);
    text[len] = '\0';
    ck_assert(!S_check_same("key over the limit", text + 0, len));
    free(text);
}
END_TEST

/* The scanner reads strings, keys and runs of spaces eight bytes at a
 * time: whatever ends a run (a quote, an escape, a control character, a
 * multi-byte character, a JSON pointer's '~' or '/' in a key, the end of
 * indentation) must be found, with the same columns and paths, at every
 * place in a word and across two. */
START_TEST(test_fast_word_boundaries)
{
    static const char *const stops[] = {"\\n", "\\\"", "\xc3\xa9", "\xf0\x9f\x98\x80", "~", "/", "~1", "\x01"};
    char text[256];
    for (size_t s = 0; s < sizeof stops / sizeof stops[0]; s++)
        for (int before = 0; before <= 17; before++) {
            int after = 17 - before;
            snprintf(text, sizeof text, "{\"%.*s%s%.*s\": \"%.*s%s%.*s\", \"k\": 1}", before,
                     "abcdefghijklmnopqrstuvwxyz", stops[s], after, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", before,
                     "abcdefghijklmnopqrstuvwxyz", stops[s], after, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            /* A raw control character is refused by both; all else accepted. */
            ck_assert_int_eq(S_check_same_str(text), s + 1 < sizeof stops / sizeof stops[0]);
        }
    for (int spaces = 0; spaces <= 19; spaces++)
        for (size_t end = 0; end < 3; end++) {
            snprintf(text, sizeof text, "{\"a\": 1,\n%*s%s\"b\":%*s[%*s2]}", spaces, "",
                     (const char *[]){"", "\t", "\n  "}[end], spaces, "", spaces, "");
            ck_assert(S_check_same_str(text));
        }
}
END_TEST

/* Objects big enough for the hash set of keys, with and without a
 * duplicate (spelt differently) at either end. */
START_TEST(test_fast_many_keys)
{
    size_t cap = 64 * 1024;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    for (int variant = 0; variant < 4; variant++) {
        size_t n = (size_t)snprintf(text, cap, "{");
        for (int i = 0; i < 2000; i++)
            n += (size_t)snprintf(text + n, cap - n, "%s\"key-%d\": %d", i ? ", " : "",
                                  i * 7919 % 2000, i);
        if (variant == 1)
            n += (size_t)snprintf(text + n, cap - n, ", \"key-\\u0031999\": 0");
        else if (variant == 2)
            n += (size_t)snprintf(text + n, cap - n, ", \"key-0\": 0");
        else if (variant == 3)
            n += (size_t)snprintf(text + n, cap - n,
                                  ", \"key-2000\": {\"key-5\": 1, \"key-5\": 2}");
        n += (size_t)snprintf(text + n, cap - n, "}");
        ck_assert_int_eq(S_check_same("many keys", text, n), variant == 0);
    }
    free(text);
}
END_TEST

/* A deterministic generator (xorshift64*), so that failures repeat. */
static uint64_t S_rand(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717u;
}

static const char *const S_splices[] = {
    "{", "}", "[", "]", "\"", ",", ":", "\\", "\\u0", "\\u00e9", "\\ud83d", "\\ude00",
    "\\ud83d\\ude00", "\\u0000", "\\n", "\\/", "0", "-", "1e999", "01", ".5", "1.5e3",
    "9223372036854775808", "\xc3", "\xa9", "\xc3\xa9", "\xe2\x82\xac", "\xed\xa0\x80",
    "\xf0\x9f\x98\x80", " ", "\n", "\r\n", "\r", "\t", "true", "nul", "~", "/", "\x01", "\x7f",
    "\"\": 1,", "\"id\": 1,", "{}", "[]",
};

/* One mutation of buf (len bytes, room for cap). */
static size_t S_mutate(uint64_t *rng, char *buf, size_t len, size_t cap)
{
    size_t at = len ? (size_t)(S_rand(rng) % len) : 0;
    switch (S_rand(rng) % 5) {
    case 0:     /* flip one bit */
        if (len)
            buf[at] = (char)(buf[at] ^ (1u << (S_rand(rng) % 8)));
        return len;
    case 1:     /* replace one byte with one of the interesting ones */
        if (len)
            buf[at] = "{}[]\",:\\u0 \n\x80\xc3"[S_rand(rng) % 15];
        return len;
    case 2: {   /* delete a few bytes */
        size_t n = 1 + (size_t)(S_rand(rng) % 4);
        if (n > len - at)
            n = len - at;
        memmove(buf + at, buf + at + n, len - at - n);
        return len - n;
    }
    case 3: {   /* copy a short run from elsewhere, which can repeat a key */
        size_t from = len ? (size_t)(S_rand(rng) % len) : 0, n = 1 + (size_t)(S_rand(rng) % 24);
        if (n > len - from)
            n = len - from;
        if (len + n > cap)
            return len;
        char run[32];
        memcpy(run, buf + from, n);
        memmove(buf + at + n, buf + at, len - at);
        memcpy(buf + at, run, n);
        return len + n;
    }
    default: {  /* insert a token */
        const char *t = S_splices[S_rand(rng) % (sizeof S_splices / sizeof S_splices[0])];
        size_t n = strlen(t);
        if (!n || len + n > cap)
            return len;
        memmove(buf + at + n, buf + at, len - at);
        memcpy(buf + at, t, n);
        return len + n;
    }
    }
}

#define S_FUZZ_ROUNDS 6
#define S_FUZZ_PER_ROUND 500

START_TEST(test_fast_fuzz)
{
    size_t n;
    text_file *files = S_load("samples/*.json", &n);
    uint64_t rng = 0x9E3779B97F4A7C15u ^ (uint64_t)(_i + 1) * 0xD1B54A32D192ED03u;
    size_t accepted = 0;
    for (int k = 0; k < S_FUZZ_PER_ROUND; k++) {
        const text_file *f = &files[S_rand(&rng) % n];
        size_t cap = f->len + 256, len = f->len;
        char *buf = malloc(cap);
        ck_assert_ptr_nonnull(buf);
        memcpy(buf, f->text, len);
        int mutations = 1 + (int)(S_rand(&rng) % 3);
        for (int m = 0; m < mutations; m++)
            len = S_mutate(&rng, buf, len, cap);
        char what[160];
        snprintf(what, sizeof what, "%s, round %d, mutation %d", f->name, _i, k);
        accepted += S_check_same(what, buf, len);
        free(buf);
    }
    /* Enough of each outcome for the run to mean something. */
    ck_assert_uint_gt(accepted, S_FUZZ_PER_ROUND / 10);
    ck_assert_uint_lt(accepted, S_FUZZ_PER_ROUND * 9 / 10);
    S_unload(files, n);
}
END_TEST

/* aw_json_read() itself: the fast tree for good input, with no
 * diagnostics (a disagreement would add an internal one in checked
 * builds), and the reference's diagnostics for bad input. */
START_TEST(test_read_uses_both)
{
    aw_doc *doc = S_read(S_diagram);
    ck_assert_ptr_nonnull(doc);
    ck_assert_uint_eq(diags.count, 0);
    aw_diags ref_diags;
    aw_diags_init(&ref_diags, &arena);
    aw_doc *ref = aw_json_read_reference(&arena, &ref_diags, "diagram.json", S_diagram,
                                         strlen(S_diagram));
    ck_assert_ptr_null(aw_json_doc_diff(&arena, doc, ref));
    aw_diags_free(&ref_diags);
    S_assert_error(S_read("{\"a\": 1,\n  \"a\": 2}"), "json-syntax", 2, 3,
                   "duplicate object key \"a\"");
}
END_TEST

/* Memory: neither the fast scanner's stack nor jansson's tree may grow past
 * the cap of 16 times the input plus 64 MiB (limits.h). */
static char *S_tiny_values(size_t n, const char *tail, size_t *len)
{
    char *text = malloc(n * 3 + 64);
    ck_assert_ptr_nonnull(text);
    size_t k = (size_t)sprintf(text, "{\"nodes\": [");
    for (size_t i = 0; i < n; i++, k += 3)
        memcpy(text + k, "[],", 3);
    k += (size_t)sprintf(text + k, "[]%s", tail);
    *len = k;
    return text;
}

START_TEST(test_memory_capped_fast)
{
    size_t len;
    char *text = S_tiny_values(7000000, "]}", &len);
    aw_doc *doc = S_read_n(text, len);
    free(text);
    S_assert_error(doc, "too-complex", 0, AW_NO_COLUMN,
                   "reading this diagram needs more than 16 times its size in memory (very long keys above very "
                   "many values, or a great many tiny values?); it is refused");
}
END_TEST

START_TEST(test_memory_capped_reference)
{
    /* A syntax error at the very end leaves the text to jansson. */
    size_t len;
    char *text = S_tiny_values(7000000, "]", &len);
    aw_doc *doc = aw_json_read_reference(&arena, &diags, "diagram.json", text, len);
    free(text);
    S_assert_error(doc, "too-complex", 0, AW_NO_COLUMN,
                   "reading this diagram needs more than 16 times its size in memory (very long keys above very "
                   "many values, or a great many tiny values?); it is refused");
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
    tcase_add_test(limits, test_memory_capped_fast);
    tcase_add_test(limits, test_memory_capped_reference);
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

    TCase *fast = tcase_create("fast");
    tcase_add_checked_fixture(fast, S_setup, S_teardown);
    tcase_set_timeout(fast, 120);
    tcase_add_test(fast, test_fast_samples);
    tcase_add_test(fast, test_fast_diagnostics_corpus);
    tcase_add_test(fast, test_fast_good_texts);
    tcase_add_test(fast, test_fast_bad_texts);
    tcase_add_test(fast, test_fast_nul_bytes);
    tcase_add_test(fast, test_fast_nesting);
    tcase_add_test(fast, test_fast_string_limit);
    tcase_add_test(fast, test_fast_word_boundaries);
    tcase_add_test(fast, test_fast_many_keys);
    tcase_add_loop_test(fast, test_fast_fuzz, 0, S_FUZZ_ROUNDS);
    tcase_add_test(fast, test_read_uses_both);
    suite_add_tcase(s, fast);
    return s;
}

AW_TEST_MAIN(S_suite)
