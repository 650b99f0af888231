/* `archway cost`: the monthly cost of a diagram's traffic, from the rates
 * its clients draw (or a total spread by their route mix), for one or more
 * growth scenarios and regions, written as text or JSON. */
#ifndef AW_COST_ESTIMATE_H
#define AW_COST_ESTIMATE_H

#include "cost.h"

#define AW_COST_MAX_GROWTH 16

/* What the user asked for; aw_cost_request_init() sets the defaults. */
typedef struct aw_cost_request {
    double rps;                 /* --rps: total requests/s; NAN: the clients' own rates */
    double monthly_requests;    /* --monthly-requests; NAN: not given */
    double growth[AW_COST_MAX_GROWTH];  /* --growth 1,10,100: traffic multipliers, one row each */
    size_t growth_count;
    int regions;                /* --regions N: copies of the deployment sharing the traffic */
    const char *region;         /* --region: whose prices; NULL: the diagram's first region */
    const char *prices_file;    /* --prices FILE; NULL: the built-in list */
    bool free_tier;             /* --free-tier */
    double callers;             /* --callers: distinct identities, for authorizer caches; NAN: unknown */
    double message_kb;          /* --message-kb: mean request or message size; NAN: unknown */
    double response_kb;         /* --response-kb: mean response size; NAN: data out not priced */
    double session_minutes;     /* --session-minutes: mean WebSocket connection length; NAN: unknown */
} aw_cost_request;

void aw_cost_request_init(aw_cost_request *req);

/* The command-line flags of `archway cost`, from one table: arity is -1 for
 * a flag it does not know, else how many values it takes (0 or 1).
 * aw_cost_request_set() returns NULL, or why the value is wrong (static). */
int aw_cost_flag_arity(const char *flag);
const char *aw_cost_request_set(aw_cost_request *req, const char *flag, const char *value);

/* Mean requests per second of every route as the clients the diagram draws
 * send them, spread by each client's route mix as aw_client_mix() reads it
 * (evenly over its API's routes when it draws none): rate[node->index], 0
 * for other nodes. The
 * caller owns the returned array (free()); NULL when out of memory. */
double *aw_client_route_rates(const aw_model *model);

typedef struct aw_cost_route_row {
    const aw_node *route;
    double rps;                 /* offered: all regions together, growth 1 */
    double limit;               /* the most its throttles let through in one region; NAN: no limit known */
} aw_cost_route_row;

typedef struct aw_cost_function_row {
    const aw_node *function;
    double rps;                 /* invocations per second, all regions, growth 1 */
    double duration_ms;         /* billed per invocation; NAN: unknown */
} aw_cost_function_row;

typedef struct aw_cost_scenario {
    double growth;
    aw_cost_breakdown region;   /* one region's bill */
    double total;               /* region.total x regions */
} aw_cost_scenario;

/* A finished estimate; everything is owned by it: aw_cost_estimate_free(). */
typedef struct aw_cost_estimate {
    const char *diagram;        /* file name as given */
    const char *region;
    int regions;
    const char *basis;          /* "clients", "rps" or "monthly-requests" */
    double rps;                 /* total requests/s at growth 1 */
    const char *prices_file;
    const char *prices_taken;
    bool free_tier;
    aw_cost_route_row *routes;
    size_t route_count;
    aw_cost_function_row *functions;
    size_t function_count;
    double connections_per_s;   /* WebSocket $connect rate, growth 1 */
    double session_minutes;
    aw_cost_scenario *scenarios;
    size_t scenario_count;
    aw_cost_breakdown notes;    /* notes only: what was assumed for the traffic */
} aw_cost_estimate;

/* Estimates the model's monthly cost with prices from list. Returns false
 * with a message in err (the diagram's region has no prices, no traffic is
 * drawn or given, a price is missing) — a usage problem, exit status 2. */
bool aw_cost_estimate_run(const aw_model *model, const char *diagram, const aw_price_list *list,
                          const aw_cost_request *req, aw_cost_estimate *out, char *err, size_t err_size);
void aw_cost_estimate_free(aw_cost_estimate *e);

/* The estimate for a reader (aligned columns: quantity, unit price, cost)
 * and for programs (docs/cost.md). Appends to out. */
void aw_cost_write_text(const aw_cost_estimate *e, aw_strbuf *out);
void aw_cost_write_json(const aw_cost_estimate *e, aw_strbuf *out);

#endif
