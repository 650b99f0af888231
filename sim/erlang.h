/* Erlang's loss and delay formulas, for the fluid model and the advice: the
 * share of arrivals that c servers at a load of a erlangs refuse (no queue)
 * or make wait (with a queue). */
#ifndef AW_SIM_ERLANG_H
#define AW_SIM_ERLANG_H

/* Erlang B by its stable recurrence; c is rounded down. Beyond 20,000
 * servers the loss of a fluid (max(0, 1 - c/a)) is returned: the
 * recurrence would cost more than it tells. */
double aw_erlang_b(double c, double a);
/* Erlang C: the probability to wait, 1 when a >= c. */
double aw_erlang_c(double c, double a);

#endif
