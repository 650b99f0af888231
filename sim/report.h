/* What a simulation run reports: JSON (the contract in
 * docs/simulation-format.md) and a table for the terminal. Output goes into
 * a caller-owned aw_strbuf; the same result always gives the same bytes. */
#ifndef AW_SIM_REPORT_H
#define AW_SIM_REPORT_H

#include "../ir/strbuf.h"
#include "sim.h"

void aw_sim_report_json(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out);
void aw_sim_report_text(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out);

/* n runs of one model with different seeds: per route, mean and range. */
void aw_sim_runs_report_text(const aw_sim_model *m, const aw_sim_result *const *runs, size_t n, size_t threads,
                             aw_strbuf *out);
void aw_sim_runs_report_json(const aw_sim_model *m, const aw_sim_result *const *runs, size_t n, aw_strbuf *out);

/* A run's bill (sim_cost.h), in the text and JSON reports when the run
 * carries one (aw_sim_result.cost). */
struct aw_sim_cost;
struct aw_jw;
void aw_sim_cost_write_text(const struct aw_sim_cost *c, double duration_s, aw_strbuf *out);
void aw_sim_cost_write_json(struct aw_jw *w, const struct aw_sim_cost *c);

/* The run's SQS consumers (report_queues.c): "queues" in the JSON, a line
 * each on the terminal; nothing when it has none. */
void aw_sim_report_queues_json(struct aw_jw *w, const aw_sim_model *m, const aw_sim_result *r);
void aw_sim_report_queues_text(const aw_sim_model *m, const aw_sim_result *r, aw_strbuf *out);

#endif
