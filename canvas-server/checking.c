/* Checking a diagram body for the server: compile, lint, findings as JSON.
 * The same two calls as `archway check`, so the canvas and the terminal
 * never disagree. */
#include "checking.h"

#include <string.h>

#include "../compiler/lint.h"
#include "http.h"

/* Diagnostics that mean the text is not a diagram document at all. */
static const char *const S_unreadable_codes[] = {"unreadable", "json-syntax", "xml-syntax", "xml-encoding", NULL};

static bool S_readable(const aw_diags *d)
{
    for (size_t i = 0; i < d->count; i++)
        for (const char *const *code = S_unreadable_codes; *code; code++)
            if (strcmp(d->items[i].code, *code) == 0)
                return false;
    return true;
}

static bool S_looks_xml(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && strchr(" \t\r\n", text[i]))
        i++;
    return i < len && text[i] == '<';
}

void aw_check_text(aw_checked *out, const char *file_name, const char *text, size_t len, const char *name_fallback)
{
    memset(out, 0, sizeof *out);
    double start = aw_now_s();
    bool xml = S_looks_xml(text, len);
    out->format = xml ? "xml" : "json";
    aw_compile_buffer(&out->c, file_name, text, len, xml ? AW_SPELLING_XML : AW_SPELLING_JSON);
    if (out->c.status == AW_COMPILE_OK)
        aw_lint_run(&out->c, NULL);
    out->seconds = aw_now_s() - start;
    out->readable = out->c.status != AW_COMPILE_UNREADABLE && S_readable(&out->c.diags);
    out->name = out->c.model && out->c.model->name && *out->c.model->name ? out->c.model->name : name_fallback;
    aw_diags_write_json(&out->c.diags, &out->findings);
}

void aw_checked_free(aw_checked *k)
{
    aw_strbuf_free(&k->findings);
    aw_compilation_free(&k->c);
}
