/* Reading an import's inputs: the template or document named on the
 * command line, and the OpenAPI files it includes (AWS::Include,
 * DefinitionUri), which must stay inside the template's directory tree. */
#define _XOPEN_SOURCE 700   /* realpath */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../compiler/limits.h"
#include "../compiler/readers.h"
#include "importer.h"

static char *S_slurp(aw_arena *arena, FILE *f, size_t *len, const char **why)
{
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        abort();
    for (;;) {
        if (n == cap) {
            if (cap > AW_MAX_INPUT_BYTES) {
                free(buf);
                *why = "it is larger than the input limit of 64 MiB";
                return NULL;
            }
            cap *= 2;
            char *grown = realloc(buf, cap + 1);
            if (!grown)
                abort();
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(buf);
        *why = strerror(errno);
        return NULL;
    }
    char *text = aw_arena_strndup(arena, buf, n);
    free(buf);
    *len = n;
    return text;
}

static const char *S_read(aw_arena *arena, const char *path, size_t *len, const char **why)
{
    if (strcmp(path, "-") == 0)
        return S_slurp(arena, stdin, len, why);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        *why = "it is a directory";
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        *why = strerror(errno);
        return NULL;
    }
    char *text = S_slurp(arena, f, len, why);
    fclose(f);
    return text;
}

aw_doc *aw_import_read(aw_arena *arena, aw_diags *diags, const char *path, const char *shown_name)
{
    size_t len = 0;
    const char *why = NULL;
    const char *text = S_read(arena, path, &len, &why);
    aw_loc loc = {shown_name, NULL, 0, AW_NO_COLUMN};
    if (!text) {
        aw_diag_add(diags, AW_SEV_ERROR, "unreadable", &loc, "cannot read: %s", why);
        return NULL;
    }
    return aw_import_parse(arena, diags, shown_name, text, len);
}

aw_doc *aw_import_parse(aw_arena *arena, aw_diags *diags, const char *name, const char *text, size_t len)
{
    aw_loc loc = {name, NULL, 0, AW_NO_COLUMN};
    if (len > AW_MAX_INPUT_BYTES) {
        aw_diag_add(diags, AW_SEV_ERROR, "input-too-large", &loc, "input is %zu bytes, more than the limit of %u",
                    len, AW_MAX_INPUT_BYTES);
        return NULL;
    }
    const char *shown_name = name;
    aw_diags_add_source(diags, shown_name, text, len);
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (i < len && text[i] == '{')
        return aw_json_read(arena, diags, shown_name, text, len);
    return aw_yaml_read(arena, diags, shown_name, text, len);
}

/* The included path, resolved, if it stays under the template's directory
 * (a relative one read from base). */
static const char *S_inside(aw_import *im, const char *location, const char *base, const aw_loc *loc)
{
    if (strncmp(location, "s3://", 5) == 0 || strstr(location, "://")) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-006", loc,
                         "'%s' is not a local file, which an import does not fetch; import that document itself",
                         location);
        return NULL;
    }
    if (!im->dir) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-007", loc, "%s",
                         "a template read from standard input cannot include files; name the template file");
        return NULL;
    }
    const char *joined = location[0] == '/' ? location : aw_arena_printf(im->arena, "%s/%s", base, location);
    char real[PATH_MAX];
    if (!realpath(joined, real)) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-007", loc, "cannot read included file '%s': %s", location,
                         strerror(errno));
        return NULL;
    }
    size_t n = strlen(im->dir);
    if (strncmp(real, im->dir, n) != 0 || (real[n] != '/' && real[n] != '\0')) {
        aw_import_report(im, AW_SEV_ERROR, "AW-IMPORT-007", loc,
                         "included file '%s' is outside the template's directory; it is refused", location);
        return NULL;
    }
    return aw_arena_strdup(im->arena, real);
}

/* Shown as written, relative to the template, so messages stay short. */
static const aw_doc *S_read_inside(aw_import *im, const aw_doc *location, const char *what, const char *base,
                                   const char *shown_base, const char **real)
{
    const char *text = aw_import_text(im, location, what);
    const char *path = text ? S_inside(im, text, base, &location->loc) : NULL;
    if (!path)
        return NULL;
    if (real)
        *real = path;
    const char *shown = text[0] == '/' ? text : aw_arena_printf(im->arena, "%s/%s", shown_base, text);
    return aw_import_read(im->arena, im->diags, path, shown);
}

static const aw_doc *S_include(aw_import *im, const aw_doc *location)
{
    return S_read_inside(im, location, "the include's Location", im->dir, im->shown_dir, NULL);
}

const aw_doc *aw_import_read_nested(aw_import *im, const aw_doc *url, const char *base, const char *shown_base,
                                    const char **real)
{
    return S_read_inside(im, url, "TemplateURL", base ? base : im->dir, shown_base ? shown_base : im->shown_dir,
                         real);
}

const aw_doc *aw_import_definition(aw_import *im, const aw_doc *body, const aw_doc *uri)
{
    const aw_doc_member *t = aw_doc_member_find(body, "Fn::Transform");
    if (t) {
        const aw_doc *name = aw_import_get(t->value, "Name");
        const char *n = aw_import_text(im, name, NULL);
        if (!n || strcmp(n, "AWS::Include") != 0) {
            aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-006", &body->loc, "%s",
                             "the definition is made by a transform other than AWS::Include; it is left out");
            return NULL;
        }
        return S_include(im, aw_import_get(aw_import_get(t->value, "Parameters"), "Location"));
    }
    if (body)
        return body;
    if (uri && uri->kind == AW_DOC_OBJECT) {
        aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-006", &uri->loc, "%s",
                         "DefinitionUri as an S3 location is not fetched by an import; import the document itself");
        return NULL;
    }
    return uri ? S_include(im, uri) : NULL;
}
