/* Writing a cost estimate (cost_estimate.h): a text bill a reader can check
 * line by line (quantity x unit price = cost) and the JSON of docs/cost.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../emitters/json_writer.h"
#include "cost_estimate.h"

/* ---- numbers for readers ------------------------------------------------------ */

/* v with `decimals` places and a comma every three digits of its whole
 * part, written right to left: "1,234,567.89". */
static const char *S_grouped(double v, int decimals, char *buf, size_t size)
{
    char plain[64], rev[96];
    snprintf(plain, sizeof plain, "%.*f", decimals, v);
    size_t len = strlen(plain), o = 0;
    const char *dot = strchr(plain, '.');
    size_t whole_end = dot ? (size_t)(dot - plain) : len;
    for (size_t i = len; i > whole_end; i--)
        rev[o++] = plain[i - 1];
    for (size_t i = whole_end, digits = 0; i > 0; i--) {
        bool digit = plain[i - 1] >= '0' && plain[i - 1] <= '9';
        if (digit && digits && digits % 3 == 0)
            rev[o++] = ',';
        digits += digit;
        rev[o++] = plain[i - 1];
    }
    size_t n = o < size ? o : size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = rev[o - 1 - i];
    buf[n] = '\0';
    return buf;
}

/* A quantity: whole when it is or when it is large, else to three places. */
static const char *S_quantity(double v, char *buf, size_t size)
{
    return S_grouped(v, fabs(v - round(v)) < 0.0005 || fabs(v) >= 1000 ? 0 : 3, buf, size);
}

static const char *S_money(double v, char *buf, size_t size)
{
    char n[48];
    snprintf(buf, size, "$%s", S_grouped(v, 2, n, sizeof n));
    return buf;
}

/* "$1.00 per million requests", "$0.0000166667 per GB-second". */
static const char *S_unit_price(const aw_cost_line *l, char *buf, size_t size)
{
    char price[32], unit[32];
    if (l->free)
        return snprintf(buf, size, "free tier"), buf;
    /* Plain decimals, as price pages write them: "$0.0000166667", "$0.90". */
    snprintf(price, sizeof price, "$%.10f", l->unit_price);
    char *end = price + strlen(price);
    while (end[-1] == '0' && end - strchr(price, '.') > 3)
        *--end = '\0';
    snprintf(unit, sizeof unit, "%s", l->unit);
    size_t n = strlen(unit);
    if (l->per == 1 && n > 1 && unit[n - 1] == 's')
        unit[n - 1] = '\0';     /* "per GB-second" */
    if (l->per == 1)
        snprintf(buf, size, "%s per %s", price, unit);
    else if (l->per == 1e6)
        snprintf(buf, size, "%s per million %s", price, unit);
    else
        snprintf(buf, size, "%s per %g %s", price, l->per, unit);
    return buf;
}

/* ---- text -------------------------------------------------------------------------- */

static void S_text_traffic(const aw_cost_estimate *e, aw_strbuf *out)
{
    char a[48], b[48], c[48];
    static const char *const basis[] = {"clients", "the clients the diagram draws", "rps", "--rps",
                                        "monthly-requests", "--monthly-requests"};
    const char *how = e->basis;
    for (size_t i = 0; i < sizeof basis / sizeof *basis; i += 2)
        if (strcmp(basis[i], e->basis) == 0)
            how = basis[i + 1];
    aw_strbuf_printf(out, "Traffic: %s, %s requests/s on average over a 730-hour month\n\n", how,
                     S_quantity(e->rps, a, sizeof a));
    aw_strbuf_printf(out, "  %-32s %14s %20s\n", "route", "requests/s", "requests/month");
    for (size_t i = 0; i < e->route_count; i++)
        aw_strbuf_printf(out, "  %-32s %14s %20s\n", e->routes[i].route->id, S_quantity(e->routes[i].rps, a, sizeof a),
                         S_quantity(e->routes[i].rps * AW_COST_MONTH_S, b, sizeof b));
    if (!e->function_count)
        return;
    aw_strbuf_printf(out, "\n  %-32s %14s %20s %12s\n", "function", "invocations/s", "invocations/month", "duration");
    for (size_t i = 0; i < e->function_count; i++) {
        const aw_cost_function_row *f = &e->functions[i];
        if (AW_IS_SET(f->duration_ms))
            snprintf(c, sizeof c, "%g ms", ceil(f->duration_ms));
        else
            snprintf(c, sizeof c, "unknown");
        aw_strbuf_printf(out, "  %-32s %14s %20s %12s\n", f->function->id, S_quantity(f->rps, a, sizeof a),
                         S_quantity(f->rps * AW_COST_MONTH_S, b, sizeof b), c);
    }
}

void aw_cost_lines_write_text(const aw_cost_breakdown *b, aw_strbuf *out)
{
    char q[48], p[96], c[48];
    aw_strbuf_printf(out, "  %-44s %-24s %26s  %-36s %14s\n", "component", "item", "quantity", "unit price", "cost");
    for (size_t i = 0; i < b->count; i++) {
        const aw_cost_line *l = &b->lines[i];
        char qty[80];
        snprintf(qty, sizeof qty, "%s %s", S_quantity(l->quantity, q, sizeof q), l->unit);
        aw_strbuf_printf(out, "  %-44s %-24s %26s  %-36s %14s\n", l->what, l->item, qty, S_unit_price(l, p, sizeof p),
                         S_money(l->cost, c, sizeof c));
    }
}

void aw_cost_total_write_text(const char *label, double total, aw_strbuf *out)
{
    char c[48];
    aw_strbuf_printf(out, "  %-44s %-24s %26s  %-36s %14s\n", label, "", "", "", S_money(total, c, sizeof c));
}

static void S_text_bill(const aw_cost_estimate *e, const aw_cost_scenario *s, aw_strbuf *out)
{
    char q[48];
    aw_strbuf_printf(out, "\nMonthly cost at growth x%g%s:\n\n", s->growth, e->regions > 1 ? ", one region" : "");
    aw_cost_lines_write_text(&s->region, out);
    if (e->regions > 1) {
        aw_cost_total_write_text("total, one region", s->region.total, out);
        snprintf(q, sizeof q, "total, %d regions", e->regions);
        aw_cost_total_write_text(q, s->total, out);
    } else {
        aw_cost_total_write_text("total", s->total, out);
    }
}

/* The share of a bill that each service takes, all regions together. */
static void S_split(const aw_cost_scenario *s, int regions, double *api, double *lambda, double *data)
{
    *api = *lambda = *data = 0;
    for (size_t i = 0; i < s->region.count; i++) {
        const aw_cost_line *l = &s->region.lines[i];
        double *to = l->meter == AW_METER_DATA_OUT                                        ? data
                     : l->meter >= AW_METER_LAMBDA_REQUESTS && l->meter < AW_METER_COUNT ? lambda
                                                                                          : api;
        *to += l->cost * regions;
    }
}

static void S_text_growth(const aw_cost_estimate *e, aw_strbuf *out)
{
    char a[48], b[48], c[48], d[48], t[48];
    aw_strbuf_printf(out, "\nGrowth (%d region%s):\n\n  %-8s %20s %14s %14s %14s %14s\n", e->regions,
                     e->regions == 1 ? "" : "s together", "growth", "requests/month", "API Gateway", "Lambda", "data out",
                     "total");
    for (size_t i = 0; i < e->scenario_count; i++) {
        const aw_cost_scenario *s = &e->scenarios[i];
        double api, lambda, data;
        S_split(s, e->regions, &api, &lambda, &data);
        char g[24];
        snprintf(g, sizeof g, "x%g", s->growth);
        aw_strbuf_printf(out, "  %-8s %20s %14s %14s %14s %14s\n", g,
                         S_quantity(e->rps * s->growth * AW_COST_MONTH_S, a, sizeof a), S_money(api, b, sizeof b),
                         S_money(lambda, c, sizeof c), S_money(data, d, sizeof d), S_money(s->total, t, sizeof t));
    }
}

static void S_text_notes(const aw_cost_estimate *e, aw_strbuf *out)
{
    aw_strbuf_puts(out, "\nNotes:\n");
    if (!e->free_tier)
        aw_strbuf_puts(out, "  - The free tier is not taken off: API Gateway's lasts only an account's first 12 months, "
                            "and every free allowance is shared by all the account's workloads in the region "
                            "(--free-tier takes it off).\n");
    if (e->regions > 1)
        aw_strbuf_printf(out, "  - %d regions share the traffic evenly; each bills its own tiers and its own hourly "
                              "charges, at the prices of %s%s.\n", e->regions, e->region,
                         e->free_tier ? ", and gets an equal part of the account's free allowances" : "");
    const aw_cost_breakdown *first = e->scenario_count ? &e->scenarios[0].region : NULL;
    const aw_cost_breakdown *lists[2] = {&e->notes, first};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; lists[k] && i < lists[k]->note_count; i++) {
            const char *note = lists[k]->notes[i];
            aw_strbuf_printf(out, "  - %c%s.\n", toupper((unsigned char)note[0]), note + 1);
        }
}

void aw_cost_write_text(const aw_cost_estimate *e, aw_strbuf *out)
{
    aw_strbuf_printf(out, "Monthly cost of %s: %d region%s at the prices of %s\nPrices: %s, taken %s (USD)\n",
                     e->diagram, e->regions, e->regions == 1 ? "" : "s", e->region, e->prices_file, e->prices_taken);
    S_text_traffic(e, out);
    if (e->scenario_count)
        S_text_bill(e, &e->scenarios[0], out);
    S_text_growth(e, out);
    S_text_notes(e, out);
}

/* ---- JSON --------------------------------------------------------------------------- */

/* Figures to a millionth, so that sums of doubles print the same everywhere
 * and read as a person would write them. */
void aw_cost_number_write_json(aw_jw *w, const char *key, double v)
{
    double r = round(v * 1e6) / 1e6;
    aw_jw_member_number(w, key, r == 0 ? 0 : r);
}

void aw_cost_line_write_json(aw_jw *w, const aw_cost_line *l)
{
    aw_jw_object_inline(w);
    aw_jw_member_string(w, "component", l->what);
    aw_jw_member_string(w, "meter", l->meter == AW_METER_COUNT ? "restCache" : aw_meter_key(l->meter));
    aw_jw_member_string(w, "item", l->item);
    aw_cost_number_write_json(w, "quantity", l->quantity);
    aw_jw_member_string(w, "unit", l->unit);
    aw_jw_member_number(w, "unitPrice", l->unit_price);
    aw_jw_member_number(w, "per", l->per);
    aw_cost_number_write_json(w, "cost", l->cost);
    aw_jw_member_bool(w, "freeTier", l->free);
    aw_jw_end_object(w);
}

static void S_json_scenario(aw_jw *w, const aw_cost_estimate *e, const aw_cost_scenario *s)
{
    aw_jw_object(w);
    aw_jw_member_number(w, "growth", s->growth);
    aw_cost_number_write_json(w, "requestsPerMonth", e->rps * s->growth * AW_COST_MONTH_S);
    aw_jw_key(w, "lines");
    aw_jw_array(w);
    for (size_t i = 0; i < s->region.count; i++)
        aw_cost_line_write_json(w, &s->region.lines[i]);
    aw_jw_end_array(w);
    aw_cost_number_write_json(w, "regionTotal", s->region.total);
    aw_cost_number_write_json(w, "total", s->total);
    aw_jw_end_object(w);
}

static void S_json_traffic(aw_jw *w, const aw_cost_estimate *e)
{
    aw_jw_key(w, "traffic");
    aw_jw_object(w);
    aw_jw_member_string(w, "basis", e->basis);
    aw_cost_number_write_json(w, "requestsPerSecond", e->rps);
    aw_jw_member_number(w, "monthSeconds", AW_COST_MONTH_S);
    aw_jw_key(w, "routes");
    aw_jw_array(w);
    for (size_t i = 0; i < e->route_count; i++) {
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "id", e->routes[i].route->id);
        aw_cost_number_write_json(w, "requestsPerSecond", e->routes[i].rps);
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    aw_jw_key(w, "functions");
    aw_jw_array(w);
    for (size_t i = 0; i < e->function_count; i++) {
        const aw_cost_function_row *f = &e->functions[i];
        aw_jw_object_inline(w);
        aw_jw_member_string(w, "id", f->function->id);
        aw_cost_number_write_json(w, "invocationsPerSecond", f->rps);
        if (AW_IS_SET(f->duration_ms))
            aw_jw_member_number(w, "durationMs", ceil(f->duration_ms));
        aw_jw_end_object(w);
    }
    aw_jw_end_array(w);
    aw_cost_number_write_json(w, "connectionsPerSecond", e->connections_per_s);
    if (AW_IS_SET(e->session_minutes))
        aw_jw_member_number(w, "sessionMinutes", e->session_minutes);
    aw_jw_end_object(w);
}

static void S_json_notes(aw_jw *w, const aw_cost_estimate *e)
{
    aw_jw_key(w, "notes");
    aw_jw_array(w);
    const aw_cost_breakdown *lists[2] = {&e->notes, e->scenario_count ? &e->scenarios[0].region : NULL};
    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; lists[k] && i < lists[k]->note_count; i++)
            aw_jw_string(w, lists[k]->notes[i]);
    aw_jw_end_array(w);
}

void aw_cost_write_json(const aw_cost_estimate *e, aw_strbuf *out)
{
    aw_jw w;
    aw_jw_init(&w, out);
    aw_jw_object(&w);
    aw_jw_member_int(&w, "archwayCost", 1);
    aw_jw_member_string(&w, "diagram", e->diagram);
    aw_jw_member_string(&w, "region", e->region);
    aw_jw_member_int(&w, "regions", e->regions);
    aw_jw_member_string(&w, "currency", "USD");
    aw_jw_key(&w, "prices");
    aw_jw_object_inline(&w);
    aw_jw_member_string(&w, "file", e->prices_file);
    aw_jw_member_string(&w, "taken", e->prices_taken);
    aw_jw_end_object(&w);
    aw_jw_member_bool(&w, "freeTier", e->free_tier);
    S_json_traffic(&w, e);
    aw_jw_key(&w, "scenarios");
    aw_jw_array(&w);
    for (size_t i = 0; i < e->scenario_count; i++)
        S_json_scenario(&w, e, &e->scenarios[i]);
    aw_jw_end_array(&w);
    S_json_notes(&w, e);
    aw_jw_end_object(&w);
    aw_jw_finish(&w);
}
