/* Object ids for cgraph in the order names are first used. cgraph's own
 * ids for named objects are the addresses of its pooled strings, and it
 * keeps subgraphs ordered by id, so clusters came out (and were laid out)
 * in an order that changed from call to call within one process. */
#include "render_graph.h"

#include <stdlib.h>
#include <string.h>

#include "../ir/strset.h"

typedef struct id_state {
    aw_strset by_name;      /* name -> id, as a pointer-sized integer */
    char **names;           /* names[id / 2 - 1]; owned */
    size_t count, cap;
    IDTYPE anonymous;       /* next odd id for unnamed objects */
} id_state;

static void *S_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)g;
    (void)disc;
    id_state *s = calloc(1, sizeof *s);
    if (!s)
        abort();
    aw_strset_init(&s->by_name);
    s->anonymous = 1;
    return s;
}

static IDTYPE S_add(id_state *s, const char *name)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->names = realloc(s->names, s->cap * sizeof *s->names);
        if (!s->names)
            abort();
    }
    char *copy = strdup(name);
    if (!copy)
        abort();
    s->names[s->count++] = copy;
    IDTYPE id = (IDTYPE)s->count * 2;
    aw_strset_insert(&s->by_name, copy, (void *)(uintptr_t)id, NULL);
    return id;
}

/* Named objects get even ids, unnamed ones odd ids, as cgraph expects; an
 * unknown name looked up without creating maps to 0, which names nothing. */
static long S_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    (void)objtype;
    id_state *s = state;
    if (!str) {
        *id = s->anonymous;
        s->anonymous += 2;
        return 1;
    }
    void *found = aw_strset_find(&s->by_name, str);
    *id = found ? (IDTYPE)(uintptr_t)found : createflag ? S_add(s, str) : 0;
    return 1;
}

static long S_alloc(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
    return 1;
}

static void S_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *S_print(void *state, int objtype, IDTYPE id)
{
    (void)objtype;
    id_state *s = state;
    return id % 2 == 0 && id && id / 2 <= s->count ? s->names[id / 2 - 1] : NULL;
}

static void S_close(void *state)
{
    id_state *s = state;
    for (size_t i = 0; i < s->count; i++)
        free(s->names[i]);
    free(s->names);
    aw_strset_free(&s->by_name);
    free(s);
}

static void S_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

Agiddisc_t aw_render_id_disc = {S_open, S_map, S_alloc, S_free, S_print, S_close, S_register};
