/* The changes of aw_sim_advise(): what each hop needs, read from a run with
 * every limit lifted, as numbers of the diagram (the model's knobs) where
 * the diagram has them; and the same changes made to a copy of the hops.
 * Private to advise.c. */
#ifndef AW_SIM_ADVISE_CHANGES_H
#define AW_SIM_ADVISE_CHANGES_H

#include "advise.h"

/* Lifts every limit of hops (a copy of a model's). */
void aw_sim_advice_unlimit(aw_sim_hop *hops, size_t count);
/* Adds to adv the changes that the demand of the unlimited run u asks for;
 * budget: the share of requests throttles may lose. false: out of memory. */
bool aw_sim_advice_demand(aw_sim_advice *adv, const aw_sim_model *m, const aw_sim_result *u, double budget);
/* Makes adv's changes to hops (a copy of m's), every hop a changed number
 * sets. false: out of memory. */
bool aw_sim_advice_apply(const aw_sim_model *m, aw_sim_hop *hops, const aw_sim_advice *adv);

#endif
