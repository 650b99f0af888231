/* Formats diagnostic messages so that no value from the input is echoed at
 * more than a bounded length: a 1 MiB id costs what a short one costs. */
#include "diag_format.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ELLIPSIS "\xE2\x80\xA6"   /* U+2026 */

/* Bytes of s[0..n) (or up to its NUL) that make up at most max code points,
 * looking at no more than that; *more says whether s goes on after them. */
static size_t S_prefix(const char *s, size_t n, size_t max, bool *more)
{
    size_t i = 0, points = 0;
    while (i < n && s[i]) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && points++ == max)
            break;
        i++;
    }
    *more = i < n && s[i] != '\0';
    return i;
}

size_t aw_echo_put(aw_strbuf *b, const char *s, size_t n, size_t max)
{
    bool more;
    size_t k = S_prefix(s, n, max, &more);
    if (more)
        k = S_prefix(s, n, max - 1, &more);     /* room for the ellipsis */
    aw_strbuf_put(b, s, k);
    if (!more)
        return k;
    aw_strbuf_puts(b, S_ELLIPSIS);
    return k + 1;
}

static bool S_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t';
}

/* A message formatted elsewhere (lint findings, emitter reports) arrives
 * whole: each run without white space is echoed within the bound, and the
 * message within AW_MESSAGE_MAX, ending in an ellipsis where it is cut.
 * Doing it twice changes nothing. */
static void S_put_message(aw_strbuf *b, const char *s)
{
    size_t start = b->len;
    while (*s && b->len - start < AW_MESSAGE_MAX) {
        size_t gap = 0;
        while (S_space(s[gap]))
            gap++;
        aw_strbuf_put(b, s, gap);
        s += gap;
        size_t run = 0;
        while (s[run] && !S_space(s[run]))
            run++;
        /* Keep a closing quote or mark after the ellipsis. */
        size_t tail = run > AW_ECHO_MAX && strchr("\"')]?.,;:", s[run - 1]) ? 1 : 0;
        aw_echo_put(b, s, run - tail, AW_ECHO_MAX);
        if (tail)
            aw_strbuf_putc(b, s[run - 1]);
        s += run;
    }
    if (*s)     /* cut after a whole run: the mark reads the same when clipped again */
        aw_strbuf_puts(b, " " S_ELLIPSIS);
}

/* A conversion other than %s, handed to the C library with its argument. */
static void S_put_number(aw_strbuf *b, const char *spec, const char *length, char conv, va_list *ap)
{
    bool is_signed = strchr("di", conv) != NULL;
    if (strchr("eEfFgGaA", conv))
        aw_strbuf_printf(b, spec, va_arg(*ap, double));
    else if (conv == 'p')
        aw_strbuf_printf(b, spec, va_arg(*ap, void *));
    else if (!strcmp(length, "ll"))
        is_signed ? aw_strbuf_printf(b, spec, va_arg(*ap, long long))
                  : aw_strbuf_printf(b, spec, va_arg(*ap, unsigned long long));
    else if (!strcmp(length, "l"))
        is_signed ? aw_strbuf_printf(b, spec, va_arg(*ap, long)) : aw_strbuf_printf(b, spec, va_arg(*ap, unsigned long));
    else if (!strcmp(length, "z"))
        is_signed ? aw_strbuf_printf(b, spec, va_arg(*ap, ptrdiff_t)) : aw_strbuf_printf(b, spec, va_arg(*ap, size_t));
    else if (!strcmp(length, "j"))
        is_signed ? aw_strbuf_printf(b, spec, va_arg(*ap, intmax_t)) : aw_strbuf_printf(b, spec, va_arg(*ap, uintmax_t));
    else
        is_signed ? aw_strbuf_printf(b, spec, va_arg(*ap, int)) : aw_strbuf_printf(b, spec, va_arg(*ap, unsigned));
}

/* A %s: the precision bounds what is read, the echo bound what is shown;
 * a width pads as printf would. */
static void S_put_string(aw_strbuf *b, const char *s, int width, bool left, int precision)
{
    aw_strbuf shown = AW_STRBUF_INIT;
    size_t points = aw_echo_put(&shown, s ? s : "(null)", precision < 0 ? SIZE_MAX : (size_t)precision, AW_ECHO_MAX);
    size_t pad = width > 0 && (size_t)width > points ? (size_t)width - points : 0;
    for (size_t i = 0; !left && i < pad; i++)
        aw_strbuf_putc(b, ' ');
    aw_strbuf_put(b, shown.data ? shown.data : "", shown.len);
    for (size_t i = 0; left && i < pad; i++)
        aw_strbuf_putc(b, ' ');
    aw_strbuf_free(&shown);
}

/* Reads a width or precision: digits, or '*' for an int argument. */
static int S_count(const char **q, va_list *ap)
{
    if (**q == '*') {
        (*q)++;
        return va_arg(*ap, int);
    }
    int v = 0;
    for (; **q >= '0' && **q <= '9'; (*q)++)
        v = v * 10 + (**q - '0');
    return v;
}

void aw_message_vformat(aw_strbuf *b, const char *fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    if (strcmp(fmt, "%s") == 0) {
        const char *s = va_arg(args, const char *);
        S_put_message(b, s ? s : "(null)");
        va_end(args);
        return;
    }
    for (const char *p = fmt; *p;) {
        const char *pct = strchr(p, '%');
        aw_strbuf_put(b, p, pct ? (size_t)(pct - p) : strlen(p));
        if (!pct)
            break;
        const char *q = pct + 1;
        const char *flags = q;
        q += strspn(q, "-+ #0");
        char flag_text[8] = {0};
        memcpy(flag_text, flags, (size_t)(q - flags) < sizeof flag_text - 1 ? (size_t)(q - flags) : sizeof flag_text - 1);
        int width = S_count(&q, &args), precision = -1;
        if (*q == '.') {
            q++;
            precision = S_count(&q, &args);
        }
        char length[3] = {0};
        for (size_t k = 0; k < 2 && *q && strchr("hlzjt", *q); k++)
            length[k] = *q++;
        char conv = *q;
        if (!conv)
            break;
        p = q + 1;
        if (conv == '%') {
            aw_strbuf_putc(b, '%');
        } else if (conv == 's') {
            S_put_string(b, va_arg(args, const char *), width, strchr(flag_text, '-') != NULL, precision);
        } else {
            char spec[48], w[16] = "", prec[16] = "";
            if (width > 0)
                snprintf(w, sizeof w, "%d", width);
            if (precision >= 0)
                snprintf(prec, sizeof prec, ".%d", precision);
            snprintf(spec, sizeof spec, "%%%s%s%s%s%c", flag_text, w, prec, length, conv);
            S_put_number(b, spec, length, conv, &args);
        }
    }
    va_end(args);
}
