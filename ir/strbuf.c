/* Growable output buffer and the escaping rules of our JSON and XML output. */
#define _DEFAULT_SOURCE     /* madvise */
#include "strbuf.h"

#include "word_bytes.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Large outputs (a template of thousands of routes runs to tens of MiB)
 * spend much of their time faulting in fresh 4 KiB pages; ask for huge
 * pages on the part of the block they can cover. Only advice: nothing
 * changes if the kernel declines. */
static void S_advise_huge(char *data, size_t cap)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (cap < 2 * huge)
        return;
    uintptr_t start = ((uintptr_t)data + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)data + cap) & ~(huge - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)data;
    (void)cap;
#endif
}

void aw_strbuf_grow(aw_strbuf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = realloc(b->data, cap);
    if (!data) {
        fputs("archway: out of memory\n", stderr);
        abort();
    }
    b->data = data;
    b->cap = cap;
    S_advise_huge(data, cap);
}

void aw_strbuf_printf(aw_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void aw_strbuf_vprintf(aw_strbuf *b, const char *fmt, va_list ap)
{
    char small[256];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n > 0 && (size_t)n < sizeof small) {
        aw_strbuf_put(b, small, (size_t)n);
    } else if (n > 0) {
        aw_strbuf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void aw_strbuf_indent(aw_strbuf *b, int levels)
{
    size_t n = (size_t)levels * 2;
    aw_strbuf_reserve(b, n);
    memset(b->data + b->len, ' ', n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Whether a byte of the word x is below 0x20, '"' or '\\' (a byte of 0x80
 * and above never is): eight bytes per step, since most text has none. */
static bool S_word_needs_escape(uint64_t x)
{
    return (aw_word_bytes_below(x, 0x20) | aw_word_bytes_equal(x, '"') | aw_word_bytes_equal(x, '\\')) != 0;
}

/* The bytes JSON must escape: controls, '"' and '\\'. */
static const bool S_json_special[256] = {
    [0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x10] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

/* The index of the first byte at or after i that JSON must escape, or len.
 * Whole words while they last, then the few bytes left one by one: a
 * load of a variable length would cost a call for every short string. */
static size_t S_next_escape(const char *s, size_t i, size_t len)
{
    uint64_t x;
    for (; i + 8 <= len; i += 8) {
        memcpy(&x, s + i, 8);
        if (S_word_needs_escape(x))
            break;
    }
    for (; i < len; i++)
        if (S_json_special[(unsigned char)s[i]])
            return i;
    return len;
}

/* The rest of a JSON string from its first byte to escape, at i (the bytes
 * before it are written). Kept out of line: few strings come here, and
 * inlined it would cost every string the registers it needs. */
__attribute__((noinline)) static void S_json_escaped(aw_strbuf *b, const char *s, size_t i, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t run = i;
    for (; i < len; i = S_next_escape(s, i + 1, len)) {
        unsigned char c = (unsigned char)s[i];
        const char *esc;
        char ubuf[7];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\r')
            esc = "\\r";
        else {
            memcpy(ubuf, "\\u00", 4);
            ubuf[4] = hex[c >> 4];
            ubuf[5] = hex[c & 15];
            ubuf[6] = '\0';
            esc = ubuf;
        }
        aw_strbuf_put(b, s + run, i - run);
        aw_strbuf_puts(b, esc);
        run = i + 1;
    }
    aw_strbuf_put(b, s + run, len - run);
}

/* Copies s to out up to its first byte to escape and returns how many bytes
 * that was (len when none is). Checking and copying a word at a time in one
 * pass, the last few bytes as one word again where the string is long
 * enough: most strings are short, and a copy of variable length would cost
 * a call for each. out has room for len bytes. */
static size_t S_copy_plain(char *out, const char *s, size_t len)
{
    uint64_t x;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        memcpy(&x, s + i, 8);
        if (S_word_needs_escape(x))
            break;
        memcpy(out + i, &x, 8);
    }
    if (i < len && len >= 8 && i + 8 > len) {
        memcpy(&x, s + len - 8, 8);
        if (!S_word_needs_escape(x)) {
            memcpy(out + len - 8, &x, 8);
            return len;
        }
    }
    for (; i < len; i++) {
        if (S_json_special[(unsigned char)s[i]])
            return i;
        out[i] = s[i];
    }
    return len;
}

void aw_strbuf_json_string(aw_strbuf *b, const char *s, size_t len)
{
    /* Most strings need no escape: quotes and text in one pass. */
    aw_strbuf_reserve(b, len + 2);
    char *at = b->data + b->len;
    *at = '"';
    size_t plain = S_copy_plain(at + 1, s, len);
    if (plain == len) {
        memcpy(at + 1 + len, "\"", 2);
        b->len += len + 2;
        return;
    }
    b->len += 1 + plain;
    S_json_escaped(b, s, plain, len);
    aw_strbuf_putc(b, '"');
}

void aw_strbuf_xml_escaped(aw_strbuf *b, const char *s, size_t len, int attr)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *esc = NULL;
        switch (s[i]) {
        case '&': esc = "&amp;"; break;
        case '<': esc = "&lt;"; break;
        case '>': esc = "&gt;"; break;
        case '"': esc = attr ? "&quot;" : NULL; break;
        case '\n': esc = attr ? "&#10;" : NULL; break;
        case '\r': esc = "&#13;"; break;
        case '\t': esc = attr ? "&#9;" : NULL; break;
        default: break;
        }
        if (esc) {
            aw_strbuf_put(b, s + run, i - run);
            aw_strbuf_puts(b, esc);
            run = i + 1;
        }
    }
    aw_strbuf_put(b, s + run, len - run);
}

/* Without printf, whose set-up costs more than the digits. */
size_t aw_int_spell(long long n, char *out)
{
    char digits[AW_INT_SPELL_ROOM];
    size_t at = sizeof digits;
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    do
        digits[--at] = (char)('0' + u % 10);
    while (u /= 10);
    if (n < 0)
        digits[--at] = '-';
    size_t len = sizeof digits - at;
    memcpy(out, digits + at, len);
    out[len] = '\0';
    return len;
}

void aw_strbuf_int(aw_strbuf *b, long long n)
{
    aw_strbuf_reserve(b, AW_INT_SPELL_ROOM);
    b->len += aw_int_spell(n, b->data + b->len);
}

/* For 1e-4 <= |v| < 1e15, where "%g" writes no exponent: finds the
 * fewest fractional digits k with v == n / 10^k, which is the shortest
 * spelling that reads back as v, and writes it into out as "%.*g" does.
 * Exact: n and 10^k are exact doubles and the division rounds correctly,
 * as strtod does. 0 when v needs more than 15 significant digits. */
static size_t S_short_decimal(double v, char *out)
{
    double scale = 1;
    for (int k = 1; k <= 19; k++) {     /* 15 digits after 4 leading zeros */
        scale *= 10;
        double n = nearbyint(v * scale);
        if (fabs(n) >= 1e15)
            return 0;
        if (n / scale != v)
            continue;
        unsigned long long digits = (unsigned long long)fabs(n), ten_k = (unsigned long long)scale;
        char whole[24];
        size_t at = sizeof whole, len = 0;
        unsigned long long u = digits / ten_k;
        do
            whole[--at] = (char)('0' + u % 10);
        while (u /= 10);
        if (v < 0)
            out[len++] = '-';
        memcpy(out + len, whole + at, sizeof whole - at);
        len += sizeof whole - at;
        out[len++] = '.';
        for (int i = k - 1; i >= 0; i--, digits /= 10)
            out[len + (size_t)i] = (char)('0' + digits % 10);
        return len + (size_t)k;
    }
    return 0;
}

/* The shortest spelling of a finite v that is not an integer below 2^53. */
static size_t S_spell_number(double v, char out[32])
{
    /* Short decimals (0.25, 44.5) are most of what we write; a value that
     * is none needs 16 or 17 digits, so the search starts there. */
    int shortest = 1;
    if (fabs(v) >= 1e-4 && fabs(v) < 1e15) {
        size_t len = S_short_decimal(v, out);
        if (len)
            return len;
        shortest = 16;
    }
    for (int prec = shortest; prec <= 17; prec++) {
        snprintf(out, 32, "%.*g", prec, v);
        if (strtod(out, NULL) == v)
            break;
    }
    return strlen(out);
}

/* Spellings of numbers written lately, by their bits: a big build writes a
 * few thousand distinct values (rates, latencies, shares) hundreds of
 * thousands of times, and spelling one costs a hundred times copying it.
 * One table per thread, since templates are written on two; an empty slot
 * holds the bits of 0, which never comes here. */
#define S_SPELLED_SLOTS 2048
typedef struct S_spelled {
    uint64_t bits;
    char text[31];
    unsigned char len;
} S_spelled;
static _Thread_local S_spelled S_spelled_cache[S_SPELLED_SLOTS];

void aw_strbuf_number(aw_strbuf *b, double v)
{
    if (!isfinite(v)) {
        aw_strbuf_puts(b, "null");
        return;
    }
    if (v == 0) {
        aw_strbuf_putc(b, '0');     /* also folds -0 */
        return;
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        aw_strbuf_int(b, (long long)v);
        return;
    }
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    S_spelled *slot = &S_spelled_cache[(bits * 0x9E3779B97F4A7C15ull) >> 53];
    if (slot->bits != bits) {
        char text[32];
        size_t len = S_spell_number(v, text);
        slot->bits = bits;
        memcpy(slot->text, text, len);
        slot->len = (unsigned char)len;
    }
    aw_strbuf_put(b, slot->text, slot->len);
}

char *aw_strbuf_detach(aw_strbuf *b, size_t *len)
{
    if (!b->data)
        aw_strbuf_reserve(b, 0), b->data[0] = '\0';
    char *data = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return data;
}

void aw_strbuf_free(aw_strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
