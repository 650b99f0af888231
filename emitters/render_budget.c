/* What a dot layout of a graph will cost, estimated before running it. The
 * dot layout splits every edge that spans several ranks into a chain of
 * virtual nodes, one per rank it crosses, and its crossing minimisation
 * and spline routing then work on those too: a few thousand edges between
 * far-apart ranks make hundreds of thousands of them, and a layout that
 * runs for many minutes although the graph itself looks small. */
#include "render_graph.h"

#include <stdlib.h>

typedef struct ranker {
    Agraph_t *g;
    size_t *rank;       /* by AGSEQ */
    size_t *pos;        /* place in topological order, by AGSEQ */
    unsigned char *seen;
    Agnode_t **order;   /* reverse post-order once filled from the end */
    size_t filled;
} ranker;

/* Depth-first from n without recursion (a chain of thousands of nodes
 * must not exhaust the stack); edges back to a node still open are the
 * ones dot would reverse, and are left out of the order. */
static void S_visit(ranker *r, Agnode_t *start, Agedge_t **stack_edge, Agnode_t **stack_node)
{
    size_t depth = 0;
    stack_node[0] = start;
    stack_edge[0] = agfstout(r->g, start);
    r->seen[AGSEQ(start)] = 1;
    for (;;) {
        Agedge_t *e = stack_edge[depth];
        if (!e) {
            r->seen[AGSEQ(stack_node[depth])] = 2;
            r->order[--r->filled] = stack_node[depth];
            if (depth-- == 0)
                return;
            continue;
        }
        stack_edge[depth] = agnxtout(r->g, e);
        Agnode_t *head = aghead(e);
        if (r->seen[AGSEQ(head)])
            continue;
        r->seen[AGSEQ(head)] = 1;
        depth++;
        stack_node[depth] = head;
        stack_edge[depth] = agfstout(r->g, head);
    }
}

static size_t S_span(const ranker *r, Agedge_t *e)
{
    size_t a = r->rank[AGSEQ(agtail(e))], b = r->rank[AGSEQ(aghead(e))];
    size_t d = a > b ? a - b : b - a;
    return d > 1 ? d - 1 : 0;
}

/* Ranks by longest path from the sources, then each source moved as far
 * right as its successors allow, as dot's own ranking tends to do. */
static void S_rank(ranker *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        r->pos[AGSEQ(r->order[i])] = i;
    for (size_t i = 0; i < n; i++)
        for (Agedge_t *e = agfstout(r->g, r->order[i]); e; e = agnxtout(r->g, e)) {
            size_t h = AGSEQ(aghead(e));
            if (r->pos[h] > i && r->rank[h] < r->rank[AGSEQ(r->order[i])] + 1)
                r->rank[h] = r->rank[AGSEQ(r->order[i])] + 1;
        }
    for (size_t i = n; i-- > 0;) {
        Agnode_t *v = r->order[i];
        if (agfstin(r->g, v))
            continue;
        size_t lowest = (size_t)-1;
        for (Agedge_t *e = agfstout(r->g, v); e; e = agnxtout(r->g, e))
            if (r->rank[AGSEQ(aghead(e))] < lowest)
                lowest = r->rank[AGSEQ(aghead(e))];
        if (lowest != (size_t)-1 && lowest > 0)
            r->rank[AGSEQ(v)] = lowest - 1;
    }
}

size_t aw_render_graph_cost(Agraph_t *g)
{
    size_t n = (size_t)agnnodes(g), slots = 1;
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        if ((size_t)AGSEQ(v) + 1 > slots)
            slots = (size_t)AGSEQ(v) + 1;
    ranker r = {.g = g, .filled = n};
    r.rank = calloc(slots, sizeof *r.rank);
    r.pos = calloc(slots, sizeof *r.pos);
    r.seen = calloc(slots, 1);
    r.order = calloc(n + 1, sizeof *r.order);
    Agedge_t **stack_edge = calloc(n + 1, sizeof *stack_edge);
    Agnode_t **stack_node = calloc(n + 1, sizeof *stack_node);
    if (!r.rank || !r.pos || !r.seen || !r.order || !stack_edge || !stack_node)
        abort();
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        if (!r.seen[AGSEQ(v)])
            S_visit(&r, v, stack_edge, stack_node);
    S_rank(&r, n);
    size_t cost = n + (size_t)agnedges(g);
    for (Agnode_t *v = agfstnode(g); v; v = agnxtnode(g, v))
        for (Agedge_t *e = agfstout(g, v); e; e = agnxtout(g, e))
            cost += S_span(&r, e);
    free(stack_edge);
    free(stack_node);
    free(r.rank);
    free(r.pos);
    free(r.seen);
    free(r.order);
    return cost;
}
