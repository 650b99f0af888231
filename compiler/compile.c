/* The compile driver: input bytes -> front end -> builder -> resolver. */
#include "compile.h"

#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include "../ir/ir_check.h"
#include "build.h"
#include "limits.h"
#include "readers.h"
#include "resolve.h"

static void S_begin(aw_compilation *c)
{
    c->model = aw_model_new();
    if (!c->model) {
        fputs("archway: out of memory\n", stderr);
        abort();
    }
    aw_diags_init(&c->diags, &c->model->arena);
    c->status = AW_COMPILE_OK;
}

static bool S_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static aw_spelling S_guess(const char *name, const char *text, size_t len)
{
    if (S_ends_with(name, ".json"))
        return AW_SPELLING_JSON;
    if (S_ends_with(name, ".xml"))
        return AW_SPELLING_XML;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == 0xEF || ch == 0xBB || ch == 0xBF)
            continue;
        return ch == '<' ? AW_SPELLING_XML : AW_SPELLING_JSON;
    }
    return AW_SPELLING_JSON;
}

/* In sanitizer and test builds every clean compile is checked by the IR
 * verifier; a broken invariant is a compiler bug, reported as such. */
static void S_verify(aw_compilation *c)
{
#ifdef AW_VERIFY_IR
    size_t problems = aw_model_check(c->model, stderr);
    if (problems) {
        aw_loc loc = {c->model->loc.file, NULL, 0, AW_NO_COLUMN};
        aw_diag_add(&c->diags, AW_SEV_ERROR, "internal", &loc, "the IR verifier found %zu broken invariants", problems);
    }
#else
    (void)c;
#endif
}

/* Runs the passes over text that already lives in the model's arena. */
static aw_compile_status S_compile(aw_compilation *c, const char *name, const char *text, size_t len,
                                   aw_spelling spelling)
{
    aw_arena *arena = &c->model->arena;
    aw_diags_add_source(&c->diags, name, text, len);
    if (spelling == AW_SPELLING_AUTO)
        spelling = S_guess(name, text, len);
    aw_doc *root = spelling == AW_SPELLING_XML ? aw_xml_read(arena, &c->diags, name, text, len)
                                               : aw_json_read(arena, &c->diags, name, text, len);
    /* Resolving a model that did not build would mostly repeat the build's
     * errors as broken references, so it waits until the build is clean. */
    if (root && aw_build_model(c->model, root, &c->diags) == 0 && aw_resolve_model(c->model, &c->diags) == 0)
        S_verify(c);
    aw_diags_sort(&c->diags);
    c->status = c->diags.errors ? AW_COMPILE_ERRORS : AW_COMPILE_OK;
    return c->status;
}

aw_compile_status aw_compile_buffer(aw_compilation *c, const char *name, const char *text, size_t len,
                                    aw_spelling spelling)
{
    S_begin(c);
    const char *own_name = aw_arena_strdup(&c->model->arena, name);
    if (len > AW_MAX_INPUT_BYTES) {
        aw_loc loc = {own_name, NULL, 0, AW_NO_COLUMN};
        aw_diag_add(&c->diags, AW_SEV_ERROR, "input-too-large", &loc,
                    "input is %zu bytes, more than the limit of %u", len, AW_MAX_INPUT_BYTES);
        return c->status = AW_COMPILE_ERRORS;
    }
    char *copy = aw_arena_strndup(&c->model->arena, text, len);
    return S_compile(c, own_name, copy, len, spelling);
}

static aw_compile_status S_unreadable(aw_compilation *c, const char *name, const char *why)
{
    aw_loc loc = {name, NULL, 0, AW_NO_COLUMN};
    aw_diag_add(&c->diags, AW_SEV_ERROR, "unreadable", &loc, "cannot read: %s", why);
    return c->status = AW_COMPILE_UNREADABLE;
}

/* Reads a stream of unknown length (standard input, a pipe) into a
 * malloc'd buffer, stopping one byte past the input limit: enough to know
 * it is too big without holding a huge input. Returns NULL on a read error. */
static char *S_read_stream(FILE *f, size_t *len_out)
{
    size_t cap = 64 * 1024, len = 0;
    char *text = malloc(cap + 1);
    if (!text)
        abort();
    for (;;) {
        if (len == cap) {
            if (cap > AW_MAX_INPUT_BYTES)
                break;
            cap = cap * 2 > AW_MAX_INPUT_BYTES + 1 ? AW_MAX_INPUT_BYTES + 1 : cap * 2;
            char *grown = realloc(text, cap + 1);
            if (!grown)
                abort();
            text = grown;
        }
        size_t got = fread(text + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        free(text);
        return NULL;
    }
    *len_out = len;
    return text;
}

static aw_compile_status S_too_large(aw_compilation *c, const char *name)
{
    aw_loc loc = {name, NULL, 0, AW_NO_COLUMN};
    aw_diag_add(&c->diags, AW_SEV_ERROR, "input-too-large", &loc, "input is larger than the limit of %u bytes",
                AW_MAX_INPUT_BYTES);
    return c->status = AW_COMPILE_ERRORS;
}

/* Opens a file to read without blocking in open(): a FIFO with no writer
 * yet would wait there forever. Reads block again afterwards, so a FIFO
 * or a terminal is read as standard input is (and one with no writer reads
 * as empty). */
static FILE *S_open(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    int flags = fcntl(fd, F_GETFL);
    FILE *f = flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ? NULL : fdopen(fd, "rb");
    if (!f) {
        int err = errno;
        close(fd);
        errno = err;
    }
    return f;
}

aw_compile_status aw_compile_file(aw_compilation *c, const char *path, aw_spelling spelling)
{
    S_begin(c);
    aw_arena *arena = &c->model->arena;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = aw_arena_strdup(arena, is_stdin ? "<stdin>" : path);
    FILE *f = is_stdin ? stdin : S_open(path);
    if (!f)
        return S_unreadable(c, name, strerror(errno));
    struct stat st;
    bool regular = !is_stdin && fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0;
    if (!is_stdin && !regular && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return S_unreadable(c, name, "it is a directory");
    }
    if (regular) {
        /* The size is known: read straight into the arena, where the text
         * lives for the whole compile, with no copy. */
        if ((size_t)st.st_size > AW_MAX_INPUT_BYTES) {
            fclose(f);
            return S_too_large(c, name);
        }
        size_t size = (size_t)st.st_size;
        char *text = aw_arena_alloc(arena, size + 2);
        size_t len = fread(text, 1, size + 1, f);
        bool failed = ferror(f);
        int read_errno = errno;
        fclose(f);
        if (failed)
            return S_unreadable(c, name, strerror(read_errno));
        if (len > size)
            return S_unreadable(c, name, "the file grew while it was read");
        text[len] = '\0';
        return S_compile(c, name, text, len, spelling);
    }
    size_t len = 0;
    bool fifo = !is_stdin && fstat(fileno(f), &st) == 0 && S_ISFIFO(st.st_mode);
    char *text = S_read_stream(f, &len);
    if (fifo && text && len == 0) {
        /* A writer that was waiting in open() for us may not be attached
         * yet: give it a moment before calling the FIFO abandoned. */
        free(text);
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
        clearerr(f);
        text = S_read_stream(f, &len);
    }
    int read_errno = errno;
    if (!is_stdin)
        fclose(f);
    if (!text)
        return S_unreadable(c, name, strerror(read_errno));
    if (fifo && len == 0) {
        free(text);
        return S_unreadable(c, name, "it is a FIFO that no program is writing to");
    }
    if (len > AW_MAX_INPUT_BYTES) {
        free(text);
        return S_too_large(c, name);
    }
    char *kept = aw_arena_strndup(arena, text, len);
    free(text);
    return S_compile(c, name, kept, len, spelling);
}

void aw_compilation_free(aw_compilation *c)
{
    aw_diags_free(&c->diags);
    aw_model_free(c->model);
    c->model = NULL;
}
