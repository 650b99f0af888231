/* Writing CommonMark that renders the same on any viewer: text escaped so
 * that nothing in a diagram's names turns into markup, table cells kept on
 * one line, code spans that hold any text. Appends to the caller's buffer. */
#ifndef AW_MARKDOWN_H
#define AW_MARKDOWN_H

#include <stdbool.h>

#include "../ir/strbuf.h"

/* Plain text: Markdown's punctuation backslash-escaped; in a table cell
 * (cell true) line breaks become spaces, as a cell is one line. */
void aw_md_text(aw_strbuf *out, const char *s, bool cell);
/* A code span holding s exactly (fenced with more backticks than s has in
 * a row); in a table cell, pipes are escaped as GFM tables need. */
void aw_md_code(aw_strbuf *out, const char *s, bool cell);
/* A table's header and delimiter rows: columns separated by '|' in
 * header ("Method|Path|Auth"). */
void aw_md_table_head(aw_strbuf *out, const char *header);

#endif
