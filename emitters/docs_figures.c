/* The figures of the design-document page: the capacity each route holds
 * (its throttles, as the capacity rules count them, and a fluid simulation
 * of the clients' traffic), the month's bill of that traffic, and the open
 * findings with what they mean. */
#include "docs_page.h"

#include "../compiler/lint.h"
#include "markdown.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A whole number with thousands separated ("300,000,000"). */
static void S_grouped(aw_strbuf *out, double v)
{
    char digits[64];
    int n = snprintf(digits, sizeof digits, "%.0f", fabs(v));
    if (v < 0 && floor(fabs(v)) > 0)
        aw_strbuf_putc(out, '-');
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            aw_strbuf_putc(out, ',');
        aw_strbuf_putc(out, digits[i]);
    }
}

/* A rate or count for a reader: whole numbers from 100 on, else three
 * significant digits; "—" when unknown. */
static void S_figure(aw_strbuf *out, double v)
{
    if (!isfinite(v))
        aw_strbuf_puts(out, "—");
    else if (fabs(v) >= 100 || v == floor(v))
        S_grouped(out, v);
    else
        aw_strbuf_printf(out, "%.3g", v);
}

void aw_docs_money(aw_strbuf *out, const char *currency, double v)
{
    long long cents = llround(v * 100);
    aw_strbuf_printf(out, "%s %s", currency, cents < 0 ? "-" : "");
    cents = cents < 0 ? -cents : cents;
    S_grouped(out, (double)(cents / 100));
    aw_strbuf_printf(out, ".%02lld", cents % 100);
}

/* A unit price without an exponent ("0.0000133334"). */
static void S_price(aw_strbuf *out, double v)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%.10f", v);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '0')
        buf[--n] = '\0';
    if (buf[n - 1] == '.')
        buf[--n] = '\0';
    aw_strbuf_puts(out, buf);
}

/* ---- capacity ---------------------------------------------------------------- */

static void S_capacity_cells(const aw_docs_page *p, aw_strbuf *out, const aw_node *route)
{
    double limit = p->limits && route ? p->limits[route->index] : NAN;
    S_figure(out, limit);
}

static void S_simulated_rows(const aw_docs_page *p, aw_strbuf *out)
{
    double t = p->run->duration_s > 0 ? p->run->duration_s : 1;
    aw_md_table_head(out, "Route|Stage|Throttles allow (req/s)|Offered (req/s)|Served (req/s)|Refused or failed|p99 latency");
    for (size_t i = 0; i < p->sim->route_count; i++) {
        const aw_sim_route *sr = &p->sim->routes[i];
        const aw_sim_route_stats *st = &p->run->routes[i];
        aw_strbuf_puts(out, "| ");
        aw_md_code(out, sr->route, true);
        aw_strbuf_puts(out, " | ");
        aw_md_code(out, sr->stage ? sr->stage : "none", true);
        aw_strbuf_puts(out, " | ");
        S_capacity_cells(p, out, aw_model_find(p->model, sr->route));
        aw_strbuf_puts(out, " | ");
        S_figure(out, (double)st->offered / t);
        aw_strbuf_puts(out, " | ");
        S_figure(out, (double)st->served / t);
        aw_strbuf_puts(out, " | ");
        if (st->offered)
            aw_strbuf_printf(out, "%.1f %%", 100.0 * (double)(st->offered - st->served) / (double)st->offered);
        else
            aw_strbuf_puts(out, "—");
        aw_strbuf_puts(out, " | ");
        double p99 = st->served ? aw_hist_quantile(&st->latency, 0.99) : NAN;
        S_figure(out, p99);
        aw_strbuf_puts(out, isfinite(p99) ? " ms |\n" : " |\n");
    }
}

static void S_throttle_rows(const aw_docs_page *p, aw_strbuf *out)
{
    aw_md_table_head(out, "Route|Throttles allow (req/s)");
    for (size_t i = 0; i < p->model->node_count; i++) {
        const aw_node *n = p->model->nodes[i];
        if (n->kind != AW_KIND_ROUTE)
            continue;
        aw_strbuf_puts(out, "| ");
        aw_md_code(out, n->id, true);
        aw_strbuf_puts(out, " | ");
        S_capacity_cells(p, out, n);
        aw_strbuf_puts(out, " |\n");
    }
}

void aw_docs_write_capacity(const aw_docs_page *p, aw_strbuf *out)
{
    aw_strbuf_puts(out, "## Capacity\n\n");
    aw_strbuf_puts(out, "*Throttles allow* is the most requests per second the route's throttles let through on its "
                        "busiest stage (its own throttle, the stage's, the account's), the figure the capacity rules "
                        "start from. ");
    if (!p->run) {
        aw_strbuf_puts(out, "No traffic was simulated: ");
        aw_md_text(out, p->no_run ? p->no_run : "the diagram draws no clients", false);
        aw_strbuf_puts(out, ".\n\n");
        S_throttle_rows(p, out);
        aw_strbuf_putc(out, '\n');
        return;
    }
    aw_strbuf_puts(out, "The other columns come from a fluid simulation of the traffic the diagram's clients draw, ");
    S_figure(out, p->run->offered_rps);
    aw_strbuf_puts(out, " requests/s in all for ");
    S_figure(out, p->run->duration_s);
    aw_strbuf_puts(out, " s: what each route was offered and what it served.\n\n");
    S_simulated_rows(p, out);
    aw_strbuf_putc(out, '\n');
    if (p->run->bottleneck >= 0) {
        aw_strbuf_puts(out, "The bottleneck of the run: ");
        aw_md_code(out, p->sim->hops[p->run->bottleneck].id, false);
        aw_strbuf_puts(out, ".\n\n");
    }
}

/* ---- cost ---------------------------------------------------------------------- */

static void S_cost_line(aw_strbuf *out, const aw_cost_line *l, const char *currency)
{
    aw_strbuf_puts(out, "| ");
    aw_md_text(out, l->what, true);
    aw_strbuf_puts(out, " | ");
    if (l->item)
        aw_md_code(out, l->item, true);
    aw_strbuf_puts(out, " | ");
    S_figure(out, l->quantity);
    aw_strbuf_putc(out, ' ');
    aw_md_text(out, l->unit, true);
    aw_strbuf_printf(out, " | %s ", currency);
    S_price(out, l->unit_price);
    aw_strbuf_puts(out, " per ");
    if (l->per != 1) {
        S_grouped(out, l->per);
        aw_strbuf_putc(out, ' ');
        aw_md_text(out, l->unit, true);
    } else {
        /* "per GB-second", not "per GB-seconds". */
        size_t n = strlen(l->unit);
        char one[128];
        snprintf(one, sizeof one, "%.*s", (int)(n > 1 && l->unit[n - 1] == 's' ? n - 1 : n), l->unit);
        aw_md_text(out, one, true);
    }
    aw_strbuf_puts(out, " | ");
    aw_docs_money(out, currency, l->cost);
    aw_strbuf_puts(out, l->free ? " (free tier) |\n" : " |\n");
}

void aw_docs_write_cost(const aw_docs_page *p, aw_strbuf *out)
{
    aw_strbuf_puts(out, "## Monthly cost\n\n");
    if (!p->cost) {
        aw_strbuf_puts(out, "No estimate: ");
        aw_md_text(out, p->no_cost ? p->no_cost : "no traffic was simulated", false);
        aw_strbuf_puts(out, ".\n\n");
        return;
    }
    const char *currency = p->cost->currency ? p->cost->currency : "USD";
    aw_strbuf_puts(out, "The simulated traffic kept up for a month, at the built-in prices of ");
    aw_md_text(out, p->cost->region, false);
    if (p->cost->taken) {
        aw_strbuf_puts(out, " (price list of ");
        aw_md_text(out, p->cost->taken, false);
        aw_strbuf_putc(out, ')');
    }
    aw_strbuf_puts(out, ".\n\n");
    aw_md_table_head(out, "What|Item|Quantity|Unit price|Cost");
    for (size_t i = 0; i < p->cost->bill.count; i++)
        S_cost_line(out, &p->cost->bill.lines[i], currency);
    aw_strbuf_puts(out, "| **Total** | | | | **");
    aw_docs_money(out, currency, p->cost->bill.total);
    aw_strbuf_puts(out, "** |\n\n");
}

/* ---- findings ------------------------------------------------------------------ */

static int S_severity_rank(aw_severity s)
{
    return s == AW_SEV_ERROR ? 0 : s == AW_SEV_WARNING ? 1 : 2;
}

static int S_compare_findings(const void *a, const void *b)
{
    const aw_diag *x = *(const aw_diag *const *)a, *y = *(const aw_diag *const *)b;
    int c = S_severity_rank(x->severity) - S_severity_rank(y->severity);
    if (!c)
        c = strcmp(x->code ? x->code : "", y->code ? y->code : "");
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static const char *S_severity_name(aw_severity s)
{
    return s == AW_SEV_ERROR ? "error" : s == AW_SEV_WARNING ? "warning" : "note";
}

/* What the build's own reports mean, as the rules' explanations say theirs. */
static const struct { const char *code, *explanation; } S_build_codes[] = {
    {"not-deployable", "`archway build` cannot express this part of the diagram in what AWS deploys, so it writes "
                       "nothing until the diagram changes."},
    {"deploy-approximation", "`archway build` deploys this part as near as AWS allows, not exactly as drawn."},
    {"deploy-note", "What `archway build` leaves to another stack or to the people who deploy, or how it spells a "
                    "part of the diagram."},
};

/* A rule's heading and explanation, once for all its findings. */
static void S_finding_heading(aw_strbuf *out, const aw_diag *d)
{
    const aw_rule *rule = d->code ? aw_rule_find(d->code) : NULL;
    aw_strbuf_printf(out, "### %s ", S_severity_name(d->severity));
    aw_md_text(out, d->code ? d->code : "finding", true);
    if (rule) {
        aw_strbuf_puts(out, ": ");
        aw_md_text(out, rule->title, true);
    }
    aw_strbuf_puts(out, "\n\n");
    if (rule) {
        aw_md_text(out, rule->explanation, false);
        aw_strbuf_puts(out, "\n\n");
    }
    for (size_t i = 0; !rule && d->code && i < sizeof S_build_codes / sizeof S_build_codes[0]; i++)
        if (strcmp(d->code, S_build_codes[i].code) == 0)
            aw_strbuf_printf(out, "%s\n\n", S_build_codes[i].explanation);
}

static void S_finding_item(aw_strbuf *out, const aw_diag *d)
{
    aw_strbuf_puts(out, "- ");
    aw_md_text(out, d->message, true);
    if (d->element) {
        aw_strbuf_puts(out, " (");
        aw_md_code(out, d->element, false);
        if (d->loc.line)
            aw_strbuf_printf(out, ", line %u", d->loc.line);
        aw_strbuf_putc(out, ')');
    } else if (d->loc.line) {
        aw_strbuf_printf(out, " (line %u)", d->loc.line);
    }
    aw_strbuf_putc(out, '\n');
}

void aw_docs_write_findings(const aw_docs_page *p, aw_strbuf *out)
{
    aw_strbuf_puts(out, "## Open findings\n\n");
    const aw_diag **list = malloc((p->finding_count ? p->finding_count : 1) * sizeof *list);
    if (!list)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < p->finding_count; i++)
        if (!p->findings[i].suppressed)
            list[n++] = &p->findings[i];
    if (!n)
        aw_strbuf_puts(out, "None: `archway check` finds nothing to report.\n\n");
    qsort(list, n, sizeof *list, S_compare_findings);
    for (size_t i = 0; i < n; i++) {
        bool first = !i || list[i]->severity != list[i - 1]->severity ||
                     strcmp(list[i]->code ? list[i]->code : "", list[i - 1]->code ? list[i - 1]->code : "") != 0;
        if (first && i)
            aw_strbuf_putc(out, '\n');
        if (first)
            S_finding_heading(out, list[i]);
        S_finding_item(out, list[i]);
    }
    if (n)
        aw_strbuf_putc(out, '\n');
    free(list);
}
