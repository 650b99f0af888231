/* A streaming JSON writer for the emitters: members and items are written
 * in the order the emitter calls, pretty-printed two spaces a level, with
 * commas and empty containers handled here. Output goes into a caller-owned
 * aw_strbuf. */
#ifndef AW_JSON_WRITER_H
#define AW_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../ir/strbuf.h"

#define AW_JW_MAX_DEPTH 64

typedef struct aw_jw {
    aw_strbuf *out;
    int depth;
    bool after_key;                     /* a key was written; its value comes next */
    bool empty[AW_JW_MAX_DEPTH];        /* nothing written yet at this level */
    bool inline_[AW_JW_MAX_DEPTH];      /* this level is written on one line */
} aw_jw;

void aw_jw_init(aw_jw *w, aw_strbuf *out);

void aw_jw_object(aw_jw *w);
void aw_jw_end_object(aw_jw *w);
void aw_jw_array(aw_jw *w);
void aw_jw_end_array(aw_jw *w);
/* Containers written on one line, {"Ref": "X"} or ["a", "b"], with all
 * they hold; closed with the functions above. For the small ones, which
 * read better so and make large documents smaller. */
void aw_jw_object_inline(aw_jw *w);
void aw_jw_array_inline(aw_jw *w);
/* A member's key of len bytes; the next value written is its value. */
void aw_jw_key_len(aw_jw *w, const char *key, size_t len);
/* The same for a NUL-terminated key: inline, so that the length of a
 * literal key, as most are, is counted where it is compiled. */
static inline void aw_jw_key(aw_jw *w, const char *key)
{
    aw_jw_key_len(w, key, strlen(key));
}
/* A key put together from parts (printf's format), written whole however
 * long the parts are. */
void aw_jw_keyf(aw_jw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void aw_jw_string_len(aw_jw *w, const char *s, size_t len);
static inline void aw_jw_string(aw_jw *w, const char *s)
{
    aw_jw_string_len(w, s, strlen(s));
}
void aw_jw_stringf(aw_jw *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void aw_jw_number(aw_jw *w, double v);
void aw_jw_int(aw_jw *w, int64_t v);
void aw_jw_bool(aw_jw *w, bool v);

/* key and value in one call */
static inline void aw_jw_member_string(aw_jw *w, const char *key, const char *s)
{
    aw_jw_key(w, key);
    aw_jw_string(w, s);
}

static inline void aw_jw_member_int(aw_jw *w, const char *key, int64_t v)
{
    aw_jw_key(w, key);
    aw_jw_int(w, v);
}

static inline void aw_jw_member_number(aw_jw *w, const char *key, double v)
{
    aw_jw_key(w, key);
    aw_jw_number(w, v);
}

static inline void aw_jw_member_bool(aw_jw *w, const char *key, bool v)
{
    aw_jw_key(w, key);
    aw_jw_bool(w, v);
}

/* Starts a writer for one value that will stand at `depth` of another
 * document (as the value of a member there): its text, spliced in with
 * aw_jw_raw_value(), is indented for that place already. */
void aw_jw_init_at(aw_jw *w, aw_strbuf *out, int depth);
/* A value written by a writer that aw_jw_init_at() started at this
 * writer's depth. */
void aw_jw_raw_value(aw_jw *w, const char *json, size_t len);

/* Ends the document with a newline; every container must be closed. */
void aw_jw_finish(aw_jw *w);

#endif
