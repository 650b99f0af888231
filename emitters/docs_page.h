/* The design-document page of a diagram (`archway docs`): a Markdown page
 * with its picture, what each API is for, the routes, stages, usage plans,
 * the capacity each route holds, the monthly cost and the open findings,
 * linked to the API's OpenAPI documents. Reads the IR and figures its
 * caller worked out; writes nothing but the page's text. */
#ifndef AW_DOCS_PAGE_H
#define AW_DOCS_PAGE_H

#include "../compiler/diag.h"
#include "../ir/ir.h"
#include "../sim/sim.h"
#include "../sim/sim_cost.h"

typedef struct aw_docs_page {
    const aw_model *model;
    const char *source;             /* the diagram's file name, as shown */
    const char *picture;            /* relative link of the SVG picture; NULL: none */
    const char *const *openapi;     /* by node index: relative link of an API's OpenAPI
                                     * document, NULL for none */
    const aw_diag *findings;        /* lint findings and deploy reports, sorted */
    size_t finding_count;
    const double *limits;           /* by node index: the most a route's throttles let
                                     * through (aw_route_rate_limits); NULL: unknown */
    const aw_sim_model *sim;        /* the clients' traffic simulated; NULL when not */
    const aw_sim_result *run;
    const char *no_run;             /* why there is no simulation, when run is NULL */
    const aw_sim_cost *cost;        /* the run's monthly bill; NULL when not priced */
    const char *no_cost;            /* why, when cost is NULL */
} aw_docs_page;

/* Appends the page to out. The same inputs give the same bytes. */
void aw_docs_page_write(const aw_docs_page *p, aw_strbuf *out);

/* The parts, one file each: the model's tables (docs_page.c) and the
 * figures (docs_figures.c). */
void aw_docs_write_capacity(const aw_docs_page *p, aw_strbuf *out);
void aw_docs_write_cost(const aw_docs_page *p, aw_strbuf *out);
void aw_docs_write_findings(const aw_docs_page *p, aw_strbuf *out);
/* An amount of money for a reader: "USD 1,267.88". */
void aw_docs_money(aw_strbuf *out, const char *currency, double v);

#endif
