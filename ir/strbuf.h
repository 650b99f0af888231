/* Growable byte buffer for building output text, with the escaping that
 * JSON and XML writers share. The caller owns the buffer: release it with
 * aw_strbuf_free() or take the bytes with aw_strbuf_detach(). */
#ifndef AW_STRBUF_H
#define AW_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct aw_strbuf {
    char *data;     /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} aw_strbuf;

#define AW_STRBUF_INIT {NULL, 0, 0}

/* Grows the buffer to hold n more bytes and the NUL; the functions below
 * call it only when the buffer is full. */
void aw_strbuf_grow(aw_strbuf *b, size_t n);

/* The appends every write of every emitter makes are inline: the check is
 * a compare, the length of a literal is known where it is written, and a
 * call would cost more than the copy. */

/* Makes room for n more bytes at once: a writer that knows roughly how
 * much it will write saves the copies of growing step by step. */
static inline void aw_strbuf_reserve(aw_strbuf *b, size_t n)
{
    if (b->len + n + 1 > b->cap)
        aw_strbuf_grow(b, n);
}

static inline void aw_strbuf_put(aw_strbuf *b, const char *s, size_t len)
{
    aw_strbuf_reserve(b, len);
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static inline void aw_strbuf_puts(aw_strbuf *b, const char *s)
{
    aw_strbuf_put(b, s, strlen(s));
}

static inline void aw_strbuf_putc(aw_strbuf *b, char c)
{
    aw_strbuf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

/* Appends the first len bytes of s, len <= AW_STRBUF_BLOCK, where s is
 * readable for AW_STRBUF_BLOCK bytes: one copy of that fixed size is a few
 * moves, where a copy of variable length is a call. For pieces of a longer
 * constant, such as indentation. */
#define AW_STRBUF_BLOCK 64
static inline void aw_strbuf_put_from_block(aw_strbuf *b, const char *s, size_t len)
{
    aw_strbuf_reserve(b, AW_STRBUF_BLOCK);
    memcpy(b->data + b->len, s, AW_STRBUF_BLOCK);
    b->len += len;
    b->data[b->len] = '\0';
}

void aw_strbuf_printf(aw_strbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void aw_strbuf_vprintf(aw_strbuf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void aw_strbuf_indent(aw_strbuf *b, int levels);   /* two spaces a level */
/* A JSON string literal, quotes included; control characters as \uXXXX. */
void aw_strbuf_json_string(aw_strbuf *b, const char *s, size_t len);
/* XML-escaped text; with attr set, quotes, tabs and newlines are escaped too. */
void aw_strbuf_xml_escaped(aw_strbuf *b, const char *s, size_t len, int attr);
/* A number in the shortest form that reads back to the same double
 * ("1", "0.5", "1e+21"); integers up to 2^53 print without exponent. */
void aw_strbuf_number(aw_strbuf *b, double v);
/* An integer in decimal, as "%lld" writes it. */
void aw_strbuf_int(aw_strbuf *b, long long n);
/* The same into out (room for AW_INT_SPELL_ROOM bytes), NUL-terminated;
 * returns its length. */
#define AW_INT_SPELL_ROOM 24
size_t aw_int_spell(long long n, char *out);
/* Returns the bytes (malloc'd, NUL-terminated) and resets the buffer. */
char *aw_strbuf_detach(aw_strbuf *b, size_t *len);
void aw_strbuf_free(aw_strbuf *b);

#endif
