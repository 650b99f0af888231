/* The check functions of every rule family, for the catalogue table in
 * rules.c; each family lives in its own file next to this one. */
#ifndef AW_RULES_H
#define AW_RULES_H

#include "../lint.h"

/* security.c */
void aw_sec001_check(aw_lint_ctx *ctx);
void aw_sec002_check(aw_lint_ctx *ctx);
void aw_sec003_check(aw_lint_ctx *ctx);
void aw_sec004_check(aw_lint_ctx *ctx);
void aw_sec005_check(aw_lint_ctx *ctx);
void aw_sec006_check(aw_lint_ctx *ctx);
void aw_sec007_check(aw_lint_ctx *ctx);
void aw_sec008_check(aw_lint_ctx *ctx);
void aw_sec009_check(aw_lint_ctx *ctx);
void aw_sec010_check(aw_lint_ctx *ctx);
void aw_sec011_check(aw_lint_ctx *ctx);
void aw_sec012_check(aw_lint_ctx *ctx);
void aw_sec013_check(aw_lint_ctx *ctx);
void aw_sec014_check(aw_lint_ctx *ctx);
void aw_sec015_check(aw_lint_ctx *ctx);
void aw_sec016_check(aw_lint_ctx *ctx);
void aw_sec017_check(aw_lint_ctx *ctx);

/* credentials.c */
void aw_sec018_check(aw_lint_ctx *ctx);
void aw_sec019_check(aw_lint_ctx *ctx);

/* lambda_config.c */
void aw_fn001_check(aw_lint_ctx *ctx);
void aw_fn002_check(aw_lint_ctx *ctx);
void aw_fn003_check(aw_lint_ctx *ctx);
void aw_fn004_check(aw_lint_ctx *ctx);

/* capacity.c */
void aw_cap001_check(aw_lint_ctx *ctx);
void aw_cap002_check(aw_lint_ctx *ctx);
void aw_cap003_check(aw_lint_ctx *ctx);
void aw_cap004_check(aw_lint_ctx *ctx);
void aw_cap005_check(aw_lint_ctx *ctx);
void aw_cap006_check(aw_lint_ctx *ctx);
void aw_cap007_check(aw_lint_ctx *ctx);
void aw_cap008_check(aw_lint_ctx *ctx);
void aw_cap009_check(aw_lint_ctx *ctx);
void aw_cap010_check(aw_lint_ctx *ctx);
/* The most requests per second each route's throttles let through (its
 * busiest stage, its overrides, its own throttle, the account quota), by
 * node index, NAN for other nodes: the figure AW-CAP-001..004 start from,
 * shared with cost estimates. The caller frees it; NULL if out of memory. */
double *aw_route_rate_limits(const aw_model *model);

/* compatibility.c */
void aw_compat001_check(aw_lint_ctx *ctx);
void aw_compat002_check(aw_lint_ctx *ctx);
void aw_compat003_check(aw_lint_ctx *ctx);
void aw_compat004_check(aw_lint_ctx *ctx);
void aw_compat005_check(aw_lint_ctx *ctx);

/* fifo.c */
void aw_compat008_check(aw_lint_ctx *ctx);

/* runtimes.c */
void aw_compat006_check(aw_lint_ctx *ctx);
void aw_compat007_check(aw_lint_ctx *ctx);
/* access.c */
void aw_iam001_check(aw_lint_ctx *ctx);

/* account_ids.c */
void aw_iam002_check(aw_lint_ctx *ctx);

/* cost.c */
void aw_cost001_check(aw_lint_ctx *ctx);
void aw_cost002_check(aw_lint_ctx *ctx);
void aw_cost003_check(aw_lint_ctx *ctx);

/* observability.c */
void aw_obs001_check(aw_lint_ctx *ctx);
void aw_obs002_check(aw_lint_ctx *ctx);
void aw_obs003_check(aw_lint_ctx *ctx);
void aw_obs004_check(aw_lint_ctx *ctx);
void aw_obs005_check(aw_lint_ctx *ctx);
/* A stage serves production when its name says so (prod, production, live),
 * or a tag does (env, environment or stage = prod or production). Other
 * stages (dev, staging, load tests) may go dark without anyone minding.
 * When why is not NULL, it gets the words that say what made it so. */
bool aw_stage_production(const aw_node *stage, char *why, size_t size);

/* throttling.c */
void aw_thr001_check(aw_lint_ctx *ctx);
void aw_thr002_check(aw_lint_ctx *ctx);
void aw_thr003_check(aw_lint_ctx *ctx);
void aw_thr004_check(aw_lint_ctx *ctx);
void aw_thr005_check(aw_lint_ctx *ctx);
void aw_thr006_check(aw_lint_ctx *ctx);
void aw_thr007_check(aw_lint_ctx *ctx);
void aw_thr008_check(aw_lint_ctx *ctx);

/* api_keys.c */
void aw_thr009_check(aw_lint_ctx *ctx);

#endif
