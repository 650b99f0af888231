/* What a diagram's traffic costs a month: `archway cost` prices the traffic
 * the diagram's clients draw (or --rps / --monthly-requests), the simulator
 * prices the traffic it simulated; both end in aw_cost_price(). */
#ifndef AW_COST_H
#define AW_COST_H

#include <stdbool.h>
#include <stddef.h>

#include "../ir/ir.h"
#include "../ir/strbuf.h"
#include "cost_prices.h"

/* Seconds in the month AWS prices by: 730 hours. */
#define AW_COST_MONTH_S (730.0 * 3600.0)

/* ---- usage: what happened over a period ------------------------------------- */

typedef struct aw_cost_route_usage {
    const aw_node *route;       /* borrowed from the model */
    double requests;            /* requests (WebSocket: messages) over the period */
    double request_kb;          /* mean request or message size; NAN: unknown (one increment) */
    double response_kb;         /* mean response size, for data transfer out; NAN: unknown (not priced) */
} aw_cost_route_usage;

typedef struct aw_cost_function_usage {
    const aw_node *function;    /* borrowed from the model */
    double invocations;         /* over the period */
    double duration_ms;         /* mean run time of one invocation; NAN: unknown (duration not priced) */
} aw_cost_function_usage;

/* Counts over period_s seconds; aw_cost_price() scales them to a month.
 * Hourly charges (REST caches, provisioned concurrency) come from the model
 * and are always a whole month. The arrays are borrowed. */
typedef struct aw_cost_usage {
    double period_s;
    const aw_cost_route_usage *routes;
    size_t route_count;
    const aw_cost_function_usage *functions;
    size_t function_count;
    double connection_minutes;  /* WebSocket, over the period */
} aw_cost_usage;

/* ---- the breakdown -------------------------------------------------------------- */

/* One line of a bill: quantity x unit price = cost, for one component
 * (an API, a function, a stage's cache) on one meter and tier. */
typedef struct aw_cost_line {
    aw_meter meter;             /* AW_METER_COUNT for the REST cache */
    const char *what;           /* "HTTP API requests", "Lambda duration (arm64)", ... */
    const char *item;           /* id of the API, function or stage */
    double quantity;
    const char *unit;           /* "requests", "GB-seconds", "hours", ... */
    double unit_price;          /* per `per` units */
    double per;
    double cost;
    bool free;                  /* covered by the free tier */
} aw_cost_line;

typedef struct aw_cost_breakdown {
    aw_cost_line *lines;        /* malloc'd; in meter order, then component order */
    size_t count, cap;
    double total;               /* one region */
    const char **notes;         /* what could not be priced and what was assumed; malloc'd */
    size_t note_count, note_cap;
    aw_arena arena;             /* owns the strings of lines and notes */
} aw_cost_breakdown;

typedef struct aw_cost_options {
    bool free_tier;             /* take the free allowances off (off by default: see docs/cost.md) */
    double free_share;          /* the part of the account's allowances this bill gets (0: all of them) */
} aw_cost_options;

/* Prices usage for one region of prices and the model it came from. *out
 * is initialised here and owned by the caller: aw_cost_breakdown_free().
 * Returns false, with a note saying why, when something it must price has
 * no price (a cache size the list lacks, a meter the region does not list). */
bool aw_cost_price(const aw_model *model, const aw_region_prices *prices, const aw_cost_usage *usage,
                   const aw_cost_options *opt, aw_cost_breakdown *out);
void aw_cost_breakdown_free(aw_cost_breakdown *b);

/* Adds a note to a breakdown (for callers that assumed something). */
void aw_cost_note(aw_cost_breakdown *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- writing a bill ------------------------------------------------------------- */

/* Its lines as a table for a terminal (a header, a row a line), and a
 * total row under them, as `archway cost` prints them. */
void aw_cost_lines_write_text(const aw_cost_breakdown *b, aw_strbuf *out);
void aw_cost_total_write_text(const char *label, double total, aw_strbuf *out);
/* A line as a JSON object (docs/cost.md, lines[]); a figure to a millionth. */
struct aw_jw;
void aw_cost_line_write_json(struct aw_jw *w, const aw_cost_line *l);
void aw_cost_number_write_json(struct aw_jw *w, const char *key, double v);

#endif
