/* CommonMark text, code spans and table heads that no diagram value can
 * break (see markdown.h). */
#include "markdown.h"

#include <string.h>

void aw_md_text(aw_strbuf *out, const char *s, bool cell)
{
    for (const char *p = s ? s : ""; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            aw_strbuf_putc(out, cell ? ' ' : '\n');
            continue;
        }
        /* Every ASCII punctuation character that can open or close markup. */
        if (strchr("\\`*_[]<>|#!~&", *p))
            aw_strbuf_putc(out, '\\');
        aw_strbuf_putc(out, *p);
    }
}

void aw_md_code(aw_strbuf *out, const char *s, bool cell)
{
    size_t run = 0, longest = 0;
    for (const char *p = s; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    for (size_t i = 0; i <= longest; i++)
        aw_strbuf_putc(out, '`');
    /* A span that starts or ends with a backtick needs a space inside. */
    bool pad = *s == '`' || (*s && s[strlen(s) - 1] == '`');
    if (pad)
        aw_strbuf_putc(out, ' ');
    for (const char *p = s; *p; p++) {
        if (cell && *p == '|')
            aw_strbuf_putc(out, '\\');
        aw_strbuf_putc(out, *p == '\n' || *p == '\r' ? ' ' : *p);
    }
    if (pad)
        aw_strbuf_putc(out, ' ');
    for (size_t i = 0; i <= longest; i++)
        aw_strbuf_putc(out, '`');
}

void aw_md_table_head(aw_strbuf *out, const char *header)
{
    size_t columns = 1;
    aw_strbuf_puts(out, "| ");
    for (const char *p = header; *p; p++) {
        if (*p == '|') {
            aw_strbuf_puts(out, " | ");
            columns++;
        } else {
            aw_strbuf_putc(out, *p);
        }
    }
    aw_strbuf_puts(out, " |\n|");
    for (size_t i = 0; i < columns; i++)
        aw_strbuf_puts(out, "---|");
    aw_strbuf_putc(out, '\n');
}
