/* Diagnostic message formatting with bounded echoes of input values. */
#ifndef AW_DIAG_FORMAT_H
#define AW_DIAG_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#include "../ir/strbuf.h"

/* Most code points of one value (an id, a key, a string) a message shows;
 * a longer value is cut and ends with an ellipsis. */
#define AW_ECHO_MAX 120u
/* Most bytes of a message passed whole ("%s") from another formatter. */
#define AW_MESSAGE_MAX 4096u

/* Appends s[0..n) (or up to its NUL; n may be SIZE_MAX) to b, at most max
 * code points of it, the last an ellipsis if s is longer; reads no more of
 * s than it shows. Returns the code points appended. */
size_t aw_echo_put(aw_strbuf *b, const char *s, size_t n, size_t max);

/* printf into b, except that every %s shows at most AW_ECHO_MAX code points
 * (see aw_echo_put) and reads no further; a format of exactly "%s" is a
 * finished message, whose runs without white space are bounded alike.
 * Supports the conversions diagnostics use: d i u x X o c s p e f g a %,
 * with flags, width, precision (also '*') and the h l ll z j t modifiers. */
void aw_message_vformat(aw_strbuf *b, const char *fmt, va_list ap);

#endif
