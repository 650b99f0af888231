/* What the diagram holds and what to change: the highest rate within a
 * service-level objective, and the changes (throttles, concurrency, pools,
 * targets, capacity units) that would make it hold a target rate, each
 * with the figure it needs and why. */
#ifndef AW_SIM_ADVISE_H
#define AW_SIM_ADVISE_H

#include "../ir/strbuf.h"
#include "sim.h"

typedef struct aw_sim_slo {
    double quantile;            /* 0.99 for p99 */
    double latency_ms;          /* that quantile at most this; <= 0: no latency goal */
    double errors;              /* share of answers that are not 2xx, at most */
} aw_sim_slo;

/* Parses "p99=800ms,errors=0.1%" (p50, p90, p99, p999; ms or s; errors as
 * a percentage or a fraction). NULL, or what is wrong. */
const char *aw_sim_slo_parse(const char *text, aw_sim_slo *out);

/* Whether a run met the objective; *p and *errors get what it measured. */
bool aw_sim_slo_met(const aw_sim_model *m, const aw_sim_result *r, const aw_sim_slo *slo, double *p, double *errors);

typedef struct aw_sim_change {
    uint32_t hop;               /* the hop whose demand asks for it (the first, when a number sets several) */
    const char *what;           /* "stage throttle rate", "reservedConcurrency", ... (static or the model's) */
    aw_sim_figure figure;       /* the hop's figure it sets */
    int64_t knob;               /* the model's knob, the diagram's number it is; -1 when none */
    double from, to;            /* from < 0: no limit set */
    char why[200];
} aw_sim_change;

typedef struct aw_sim_advice {
    aw_sim_slo slo;
    double max_rps;             /* highest total rate within the objective (0: none) */
    int runs;                   /* simulations the search took */
    double target_rps;          /* 0: none asked */
    aw_sim_change *changes;
    size_t change_count;
    bool verified;              /* the changed model holds target_rps within the objective */
    double verified_p, verified_errors;
} aw_sim_advice;

/* Searches the rate (the clients' mix, at constant rates, each run as
 * opt says otherwise) and, with target_rps > 0, works out the changes.
 * false when out of memory or when a run fails (*error). */
bool aw_sim_advise(const aw_sim_model *m, const aw_sim_options *opt, const aw_sim_slo *slo, double target_rps,
                   aw_sim_advice *out, const char **error);
void aw_sim_advice_free(aw_sim_advice *a);

void aw_sim_advice_text(const aw_sim_model *m, const aw_sim_advice *a, aw_strbuf *out);
void aw_sim_advice_json(const aw_sim_model *m, const aw_sim_advice *a, aw_strbuf *out);

#endif
