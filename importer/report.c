/* What an import could not carry, said where the template says it: every
 * resource, property or extension left out is a located diagnostic. */
#include <stdarg.h>
#include <string.h>

#include "importer.h"

void aw_import_report(aw_import *im, aw_severity sev, const char *code, const aw_loc *loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    aw_diag_vadd(im->diags, sev, code, loc, fmt, ap);
    va_end(ap);
}

static bool S_listed(const char *const *names, const char *key)
{
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp(names[i], key) == 0)
            return true;
    return false;
}

void aw_import_report_rest(aw_import *im, const aw_doc *props, const char *const *handled, const char *owner)
{
    if (!props || props->kind != AW_DOC_OBJECT)
        return;
    for (size_t i = 0; i < props->as.object.count; i++) {
        const aw_doc_member *m = &props->as.object.members[i];
        if (S_listed(handled, m->key))
            continue;
        im->counts.unmapped++;
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-002", &m->key_loc,
                         "%s of %s has no place in the diagram format; it is left out", m->key, owner);
    }
}
