/* Fast JSON front end: one strict RFC 8259 pass that builds the document
 * tree straight into the arena, accepting exactly what the jansson-based
 * reference accepts and giving the same tree, positions and paths. */
#include "json_scan.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "../ir/word_bytes.h"

/* A value being read. The children of every open object or array wait on
 * one stack until their container closes and knows how many it has; then
 * they move into the arena in one block, the layout the reference gives. */
typedef struct scan_item {
    aw_doc doc;
    const char *key;        /* members only: decoded, NUL-terminated */
    size_t key_len;
    unsigned key_line, key_col;
} scan_item;

typedef struct scanner {
    aw_arena *arena;
    const char *file;       /* the arena's copy */
    const unsigned char *p, *end;
    /* Columns count code points: the bytes since the line began, less the
     * UTF-8 continuation bytes among them. Those can only be inside
     * strings, and line breaks only outside, so both are cheap to follow. */
    const unsigned char *line_start;
    size_t line_cont;
    unsigned line;
    unsigned depth;
    scan_item *items;       /* malloc'd; the pending children */
    size_t count, cap;
    char *tmp;              /* malloc'd; decoded strings and long numbers */
    size_t tmp_cap;
    char *pool;             /* the arena chunk strings and paths are packed in */
    size_t pool_left, pool_chunk;
    size_t budget;          /* arena total not to pass (limits.h) */
    const unsigned char *text;  /* after any BOM */
    aw_json_scan_stop stop;
} scanner;

/* Duplicate keys: compared one by one while an object is small, through
 * a hash set of member indices once it is not, so no object costs
 * quadratic time. */
#define S_LINEAR_KEYS 16

typedef struct key_set {
    uint32_t *slots;        /* index within the object + 1; 0 is empty */
    size_t cap;             /* a power of two, or 0 before the set is needed */
    size_t used;
} key_set;

/* Bytes that end the plain run of a string: control characters (which
 * jansson rejects raw), the quote, the backslash and UTF-8 lead and
 * continuation bytes (which must be checked). */
#define S_R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
static const unsigned char S_string_stop[256] = {
    S_R16(1), S_R16(1),                                 /* 0x00-0x1f */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,     /* 0x20-0x2f: '"' */
    S_R16(0), S_R16(0),                                 /* 0x30-0x4f */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,     /* 0x50-0x5f: '\\' */
    S_R16(0), S_R16(0),                                 /* 0x60-0x7f */
    S_R16(1), S_R16(1), S_R16(1), S_R16(1),             /* 0x80-0xbf */
    S_R16(1), S_R16(1), S_R16(1), S_R16(1),             /* 0xc0-0xff */
};

static bool S_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static int S_hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static uint32_t S_hex4(const unsigned char *p)
{
    return (uint32_t)(S_hex(p[0]) << 12 | S_hex(p[1]) << 8 | S_hex(p[2]) << 4 | S_hex(p[3]));
}

static unsigned S_col(const scanner *s)
{
    return (unsigned)((size_t)(s->p - s->line_start) - s->line_cont + 1);
}

static void S_skip_ws_run(scanner *s)
{
    const unsigned char *p = s->p, *end = s->end;
    while (p < end) {
        unsigned char c = *p;
        if (c == ' ') {
            /* Indentation comes in long runs of spaces: a word at a time,
             * and a run's last part in one step. */
            p++;
            while (end - p >= 8) {
                uint64_t other = aw_word_load(p) ^ (AW_WORD_ONES * ' ');
                if (other) {
                    p += aw_word_before_nonzero(other);
                    break;
                }
                p += 8;
            }
        } else if (c == '\t' || c == '\r') {
            p++;
        } else if (c == '\n') {
            p++;
            s->line++;
            s->line_start = p;
            s->line_cont = 0;
        } else {
            break;
        }
    }
    s->p = p;
}

/* Most calls find no white space at all, and most others one space (after
 * a colon): both without a call. */
static inline void S_skip_ws(scanner *s)
{
    if (s->p >= s->end || *s->p > ' ')
        return;
    if (*s->p == ' ' && s->end - s->p > 1 && s->p[1] > ' ')
        s->p++;
    else
        S_skip_ws_run(s);
}

/* Room for n bytes in the scratch buffer. */
static char *S_tmp(scanner *s, size_t n)
{
    if (n > s->tmp_cap) {
        size_t cap = s->tmp_cap ? s->tmp_cap : 256;
        while (cap < n)
            cap *= 2;
        char *grown = realloc(s->tmp, cap);
        if (!grown)
            return NULL;
        s->tmp = grown;
        s->tmp_cap = cap;
    }
    return s->tmp;
}

/* Room for n bytes of characters. Strings and paths are packed end to end
 * in chunks taken from the arena, which would round each one up to 16
 * bytes: a third more memory for a big diagram, and on a fresh page every
 * byte costs time. */
static char *S_chars(scanner *s, size_t n)
{
    if (n > s->pool_left) {
        if (s->pool_chunk < 64 * 1024)
            s->pool_chunk = s->pool_chunk ? s->pool_chunk * 2 : 4096;
        if (n > s->pool_chunk / 4)
            return aw_arena_alloc(s->arena, n);
        s->pool = aw_arena_alloc(s->arena, s->pool_chunk);
        s->pool_left = s->pool_chunk;
    }
    char *out = s->pool;
    s->pool += n;
    s->pool_left -= n;
    return out;
}

static const char *S_copy(scanner *s, const void *chars, size_t n)
{
    char *out = S_chars(s, n + 1);
    memcpy(out, chars, n);
    out[n] = '\0';
    return out;
}

/* ---- Strings ------------------------------------------------------------ */

/* Length of the well-formed UTF-8 sequence at p, or 0: no overlong forms,
 * no UTF-16 surrogates, nothing above U+10FFFF (jansson's rules). */
static size_t S_utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    size_t avail = (size_t)(end - p);
    if (c >= 0xC2 && c <= 0xDF)
        return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return avail >= 3 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return avail >= 4 && p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80
                       && (p[3] & 0xC0) == 0x80
                   ? 4
                   : 0;
    }
    return 0;
}

/* Checks the string whose opening quote is at s->p and moves past its
 * closing quote. *raw and *raw_len give the bytes between the quotes;
 * *escaped says whether they need decoding. */
static bool S_scan_string(scanner *s, const unsigned char **raw, size_t *raw_len, bool *escaped)
{
    const unsigned char *start = s->p + 1, *p = start, *end = s->end;
    bool esc = false;
    size_t cont = 0;
    for (;;) {
        /* Eight plain bytes at a time: none below 0x20, none with the high
         * bit set, no '"' and no '\\'. */
        while (end - p >= 8) {
            uint64_t w = aw_word_load(p);
            uint64_t stop = (w & AW_WORD_HIGHS) | aw_word_bytes_below(w, 0x20) | aw_word_bytes_equal(w, '"')
                            | aw_word_bytes_equal(w, '\\');
            if (stop) {
                p += aw_word_before_nonzero(stop);
                break;
            }
            p += 8;
        }
        while (p < end && !S_string_stop[*p])
            p++;
        if (p >= end)
            return false;
        unsigned char c = *p;
        if (c == '"')
            break;
        if (c == '\\') {
            esc = true;
            if (end - p < 2)
                return false;
            unsigned char e = p[1];
            if (e == 'u') {
                if (end - p < 6 || S_hex(p[2]) < 0 || S_hex(p[3]) < 0 || S_hex(p[4]) < 0
                    || S_hex(p[5]) < 0)
                    return false;
                p += 6;
            } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n'
                       || e == 'r' || e == 't') {
                p += 2;
            } else {
                return false;
            }
        } else if (c >= 0x80) {
            size_t n = S_utf8_len(p, end);
            if (!n)
                return false;
            cont += n - 1;
            p += n;
        } else {
            return false;   /* a raw control character */
        }
    }
    *raw = start;
    *raw_len = (size_t)(p - start);
    *escaped = esc;
    s->line_cont += cont;
    s->p = p + 1;
    return true;
}

static size_t S_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escapes of a string S_scan_string() accepted into out, which
 * has room for n bytes (decoding never lengthens). SIZE_MAX for what
 * jansson refuses at this stage: an unpaired surrogate, or U+0000. */
static size_t S_decode(const unsigned char *raw, size_t n, char *out)
{
    const unsigned char *p = raw, *end = raw + n;
    char *w = out;
    while (p < end) {
        const unsigned char *q = memchr(p, '\\', (size_t)(end - p));
        size_t plain = (size_t)((q ? q : end) - p);
        memcpy(w, p, plain);
        w += plain;
        p += plain;
        if (!q)
            break;
        unsigned char e = p[1];
        p += 2;
        switch (e) {
        case 'b': *w++ = '\b'; continue;
        case 'f': *w++ = '\f'; continue;
        case 'n': *w++ = '\n'; continue;
        case 'r': *w++ = '\r'; continue;
        case 't': *w++ = '\t'; continue;
        case 'u': break;
        default: *w++ = (char)e; continue;    /* '"', '\\' or '/' */
        }
        uint32_t cp = S_hex4(p);
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            /* The scan checked every \u has four hex digits after it. */
            if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
                return SIZE_MAX;
            uint32_t low = S_hex4(p + 2);
            if (low < 0xDC00 || low > 0xDFFF)
                return SIZE_MAX;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            p += 6;
        } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
            return SIZE_MAX;
        }
        w += S_utf8_encode(cp, w);
    }
    return (size_t)(w - out);
}

static bool S_string_value(scanner *s, aw_doc *doc)
{
    const unsigned char *raw;
    size_t raw_len, len;
    bool escaped;
    if (!S_scan_string(s, &raw, &raw_len, &escaped))
        return false;
    const void *chars = raw;
    len = raw_len;
    if (escaped) {
        char *buf = S_tmp(s, raw_len);
        if (!buf)
            return false;
        chars = buf;
        len = S_decode(raw, raw_len, buf);
    }
    if (len == SIZE_MAX || len > AW_MAX_STRING_BYTES)
        return false;
    doc->kind = AW_DOC_STRING;
    doc->as.string.chars = S_copy(s, chars, len);
    doc->as.string.len = len;
    return true;
}

/* ---- Numbers and literals ----------------------------------------------- */

/* jansson's numbers: integers in long long range (an integer stays one
 * even where a double would round it), and reals that strtod does not
 * overflow. */
static bool S_number(scanner *s, aw_doc *doc)
{
    const unsigned char *start = s->p, *p = start, *end = s->end;
    bool negative = *p == '-';
    if (negative)
        p++;
    const unsigned char *digits = p;
    if (p >= end || !S_is_digit(*p))
        return false;
    if (*p == '0') {
        if (++p < end && S_is_digit(*p))
            return false;   /* a leading zero */
    } else {
        while (p < end && S_is_digit(*p))
            p++;
    }
    doc->kind = AW_DOC_NUMBER;
    if (p >= end || (*p != '.' && *p != 'e' && *p != 'E')) {
        /* No leading zeros: 20 digits are already beyond 2^63. */
        if (p - digits > 19)
            return false;
        unsigned long long mag = 0;
        for (const unsigned char *d = digits; d < p; d++)
            mag = mag * 10 + (unsigned)(*d - '0');
        long long v;
        if (negative) {
            if (mag > (unsigned long long)LLONG_MAX + 1)
                return false;
            v = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
        } else {
            if (mag > (unsigned long long)LLONG_MAX)
                return false;
            v = (long long)mag;
        }
        doc->as.number.value = (double)v;
        doc->as.number.integral = true;
        s->p = p;
        return true;
    }
    if (*p == '.') {
        if (++p >= end || !S_is_digit(*p))
            return false;
        while (p < end && S_is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        if (++p < end && (*p == '+' || *p == '-'))
            p++;
        if (p >= end || !S_is_digit(*p))
            return false;
        while (p < end && S_is_digit(*p))
            p++;
    }
    size_t n = (size_t)(p - start);
    char *buf = S_tmp(s, n + 1);
    if (!buf)
        return false;
    memcpy(buf, start, n);
    buf[n] = '\0';
    char *stop;
    errno = 0;
    double v = strtod(buf, &stop);
    /* Stopping short means a locale whose decimal point is not '.':
     * jansson copes with that, so leave the text to it. */
    if (stop != buf + n || ((v == HUGE_VAL || v == -HUGE_VAL) && errno == ERANGE))
        return false;
    if (aw_json_number_underflows(buf, n, v)) {
        s->stop.tiny_number = (size_t)(start - s->text);
        s->stop.tiny_len = n;
        return false;
    }
    doc->as.number.value = v;
    doc->as.number.integral = false;
    s->p = p;
    return true;
}

bool aw_json_number_underflows(const char *text, size_t len, double v)
{
    if (v != 0)
        return fabs(v) < DBL_MIN;
    for (size_t i = 0; i < len && text[i] != 'e' && text[i] != 'E'; i++)
        if (text[i] >= '1' && text[i] <= '9')
            return true;
    return false;
}

static bool S_literal(scanner *s, const char *word, size_t n)
{
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
        return false;
    s->p += n;
    return true;
}

/* ---- Objects and arrays ------------------------------------------------- */

static bool S_value(scanner *s, const char *path, size_t path_len, size_t slot);

/* A new slot on the stack, for S_value() to fill. Slots are named by
 * index: the stack moves when it grows. */
static bool S_reserve(scanner *s, size_t *slot)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        scan_item *grown = realloc(s->items, cap * sizeof *grown);
        if (!grown)
            return false;
        s->items = grown;
        s->cap = cap;
    }
    *slot = s->count++;
    return true;
}

/* "parent/index", as aw_doc_json_pointer_index() spells it. */
static const char *S_index_path(scanner *s, const char *parent, size_t parent_len, size_t index,
                                size_t *len)
{
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + index % 10);
        index /= 10;
    } while (index);
    char *path = S_chars(s, parent_len + 1 + n + 1);
    memcpy(path, parent, parent_len);
    char *w = path + parent_len;
    *w++ = '/';
    while (n)
        *w++ = digits[--n];
    *w = '\0';
    *len = (size_t)(w - path);
    return path;
}

/* How many bytes of the key RFC 6901 escapes ('~' and '/'): none in almost
 * every key, which eight bytes at a time tells soonest. */
static size_t S_pointer_escapes(const char *key, size_t len)
{
    uint64_t found = 0;
    for (size_t i = 0; i < len && !found; i += 8) {
        uint64_t w = 0;     /* a short tail padded with NULs, which are neither */
        memcpy(&w, key + i, len - i < 8 ? len - i : 8);
        found = aw_word_bytes_equal(w, '~') | aw_word_bytes_equal(w, '/');
    }
    size_t extra = 0;
    for (size_t i = 0; found && i < len; i++)
        extra += key[i] == '~' || key[i] == '/';
    return extra;
}

/* "parent/key" with RFC 6901 escapes, as aw_doc_json_pointer_append()
 * spells it. The key is the path's tail when escaping changed nothing, as
 * in the reference; otherwise a copy of its own. */
static const char *S_member_path(scanner *s, const char *parent, size_t parent_len,
                                 const char *key, size_t key_len, size_t *len,
                                 const char **key_out)
{
    size_t extra = S_pointer_escapes(key, key_len);
    char *path = S_chars(s, parent_len + 1 + key_len + extra + 1);
    memcpy(path, parent, parent_len);
    char *w = path + parent_len;
    *w++ = '/';
    if (!extra) {
        memcpy(w, key, key_len);
        *key_out = w;
        w += key_len;
    } else {
        for (size_t i = 0; i < key_len; i++) {
            if (key[i] == '~' || key[i] == '/') {
                *w++ = '~';
                *w++ = key[i] == '~' ? '0' : '1';
            } else {
                *w++ = key[i];
            }
        }
        *key_out = S_copy(s, key, key_len);
    }
    *w = '\0';
    *len = (size_t)(w - path);
    return path;
}

static uint64_t S_hash(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037u;     /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 1099511628211u;
    }
    return h;
}

static bool S_set_insert(key_set *set, const scan_item *members, uint32_t index)
{
    if ((set->used + 1) * 2 > set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 64;
        uint32_t *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return false;
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slots[i])
                continue;
            const scan_item *m = &members[set->slots[i] - 1];
            size_t j = (size_t)S_hash(m->key, m->key_len) & (cap - 1);
            while (slots[j])
                j = (j + 1) & (cap - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->cap = cap;
    }
    const scan_item *m = &members[index];
    size_t j = (size_t)S_hash(m->key, m->key_len) & (set->cap - 1);
    while (set->slots[j])
        j = (j + 1) & (set->cap - 1);
    set->slots[j] = index + 1;
    set->used++;
    return true;
}

/* Adds the key of the object's member n - 1 to the set of its keys; false
 * if an earlier member has the same key (or memory ran out). */
static bool S_key_unique(key_set *set, const scan_item *members, size_t n)
{
    const scan_item *last = &members[n - 1];
    if (n <= S_LINEAR_KEYS) {
        for (size_t i = 0; i + 1 < n; i++)
            if (members[i].key_len == last->key_len
                && (!last->key_len || members[i].key[0] == last->key[0])
                && memcmp(members[i].key, last->key, last->key_len) == 0)
                return false;
        return true;
    }
    if (!set->cap) {
        for (size_t i = 0; i + 1 < n; i++)
            if (!S_set_insert(set, members, (uint32_t)i))
                return false;
    }
    size_t j = (size_t)S_hash(last->key, last->key_len) & (set->cap - 1);
    for (; set->slots[j]; j = (j + 1) & (set->cap - 1)) {
        const scan_item *m = &members[set->slots[j] - 1];
        if (m->key_len == last->key_len && memcmp(m->key, last->key, last->key_len) == 0)
            return false;
    }
    return S_set_insert(set, members, (uint32_t)(n - 1));
}

static bool S_members(scanner *s, const char *path, size_t path_len, size_t first, key_set *set)
{
    for (;;) {
        size_t slot;
        if (s->p >= s->end || *s->p != '"' || !S_reserve(s, &slot))
            return false;
        scan_item *m = &s->items[slot];
        m->key_line = s->line;
        m->key_col = S_col(s);
        const unsigned char *raw;
        size_t raw_len;
        bool escaped;
        if (!S_scan_string(s, &raw, &raw_len, &escaped))
            return false;
        const char *key = (const char *)raw;
        size_t key_len = raw_len;
        if (escaped) {
            char *buf = S_tmp(s, raw_len);
            if (!buf)
                return false;
            key_len = S_decode(raw, raw_len, buf);
            if (key_len == SIZE_MAX)
                return false;
            key = buf;
        }
        if (key_len > AW_MAX_STRING_BYTES)
            return false;
        size_t member_len;
        const char *member_path = S_member_path(s, path, path_len, key, key_len, &member_len,
                                                &m->key);
        m->key_len = key_len;
        if (!S_key_unique(set, &s->items[first], slot - first + 1))
            return false;
        S_skip_ws(s);
        if (s->p >= s->end || *s->p != ':')
            return false;
        s->p++;
        S_skip_ws(s);
        if (!S_value(s, member_path, member_len, slot))
            return false;
        S_skip_ws(s);
        if (s->p >= s->end)
            return false;
        if (*s->p == '}') {
            s->p++;
            return true;
        }
        if (*s->p != ',')
            return false;
        s->p++;
        S_skip_ws(s);
    }
}

static bool S_object(scanner *s, const char *path, size_t path_len, size_t slot)
{
    s->p++;
    size_t first = s->count;
    S_skip_ws(s);
    if (s->p < s->end && *s->p == '}') {
        s->p++;
    } else {
        key_set set = {0};
        bool ok = S_members(s, path, path_len, first, &set);
        free(set.slots);
        if (!ok)
            return false;
    }
    size_t n = s->count - first;
    aw_doc_member *members = NULL;
    if (n) {
        members = aw_arena_alloc(s->arena, n * sizeof *members);
        aw_doc *values = aw_arena_alloc(s->arena, n * sizeof *values);
        for (size_t i = 0; i < n; i++) {
            const scan_item *it = &s->items[first + i];
            values[i] = it->doc;
            members[i].key = it->key;
            members[i].key_loc = (aw_loc){.file = s->file, .path = it->doc.loc.path,
                                          .line = it->key_line, .col = it->key_col};
            members[i].value = &values[i];
        }
    }
    s->count = first;
    aw_doc *doc = &s->items[slot].doc;
    doc->kind = AW_DOC_OBJECT;
    doc->as.object.members = members;
    doc->as.object.count = n;
    return true;
}

static bool S_array(scanner *s, const char *path, size_t path_len, size_t slot)
{
    s->p++;
    size_t first = s->count;
    S_skip_ws(s);
    if (s->p < s->end && *s->p == ']') {
        s->p++;
    } else {
        for (size_t i = 0;; i++) {
            size_t item, item_len;
            const char *item_path = S_index_path(s, path, path_len, i, &item_len);
            if (!S_reserve(s, &item) || !S_value(s, item_path, item_len, item))
                return false;
            S_skip_ws(s);
            if (s->p >= s->end)
                return false;
            if (*s->p == ']') {
                s->p++;
                break;
            }
            if (*s->p != ',')
                return false;
            s->p++;
            S_skip_ws(s);
        }
    }
    size_t n = s->count - first;
    aw_doc **items = NULL;
    if (n) {
        items = aw_arena_alloc(s->arena, n * sizeof *items);
        aw_doc *values = aw_arena_alloc(s->arena, n * sizeof *values);
        for (size_t i = 0; i < n; i++) {
            values[i] = s->items[first + i].doc;
            items[i] = &values[i];
        }
    }
    s->count = first;
    aw_doc *doc = &s->items[slot].doc;
    doc->kind = AW_DOC_ARRAY;
    doc->as.array.items = items;
    doc->as.array.count = n;
    return true;
}

/* Reads the value at s->p (after any white space) into the slot. Nesting
 * is bounded by AW_MAX_DEPTH, and so is the recursion. */
static bool S_value(scanner *s, const char *path, size_t path_len, size_t slot)
{
    if (s->p >= s->end)
        return false;
    /* The stack of pending children counts too: a great many tiny values
     * would otherwise grow it far past the arena's share. */
    if (s->arena->total + s->cap * sizeof *s->items > s->budget) {
        s->stop.over_budget = true;
        return false;
    }
    aw_doc *doc = &s->items[slot].doc;
    *doc = (aw_doc){.loc = {.file = s->file, .path = path, .line = s->line, .col = S_col(s)}};
    switch (*s->p) {
    case '{':
    case '[': {
        if (++s->depth > AW_MAX_DEPTH)
            return false;
        bool ok = *s->p == '{' ? S_object(s, path, path_len, slot)
                               : S_array(s, path, path_len, slot);
        s->depth--;
        return ok;
    }
    case '"':
        return S_string_value(s, doc);
    case 't':
        doc->kind = AW_DOC_BOOL;
        doc->as.boolean = true;
        return S_literal(s, "true", 4);
    case 'f':
        doc->kind = AW_DOC_BOOL;
        return S_literal(s, "false", 5);
    case 'n':
        doc->kind = AW_DOC_NULL;
        return S_literal(s, "null", 4);
    default:
        return (*s->p == '-' || S_is_digit(*s->p)) && S_number(s, doc);
    }
}

aw_doc *aw_json_scan(aw_arena *arena, const char *file, const char *text, size_t len, aw_json_scan_stop *stop)
{
    if (stop)
        *stop = (aw_json_scan_stop){.tiny_number = SIZE_MAX};
    if (!text || len > AW_MAX_INPUT_BYTES)
        return NULL;
    /* The BOM is not part of the text: columns on line 1 start after it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    scanner s = {
        .arena = arena,
        .file = aw_arena_strdup(arena, file),
        .p = (const unsigned char *)text,
        .end = (const unsigned char *)text + len,
        .line_start = (const unsigned char *)text,
        .line = 1,
        .budget = AW_TREE_BUDGET(arena, len),
        .text = (const unsigned char *)text,
        .stop = {.tiny_number = SIZE_MAX},
    };
    aw_doc *root = NULL;
    size_t slot;
    S_skip_ws(&s);
    /* A diagram is an object; anything else is for the reference to name. */
    if (s.p < s.end && *s.p == '{' && S_reserve(&s, &slot) && S_value(&s, "", 0, slot)) {
        S_skip_ws(&s);
        if (s.p == s.end) {
            root = aw_arena_alloc(arena, sizeof *root);
            *root = s.items[slot].doc;
        }
    }
    free(s.items);
    free(s.tmp);
    if (stop)
        *stop = s.stop;
    return root;
}
