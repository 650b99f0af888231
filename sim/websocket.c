/* WebSocket figures of a run: connections opened and closed, messages,
 * and connection time, the integral of open connections (see sim.h). */
#include <math.h>

#include "sim.h"

static void S_advance(aw_sim_ws_stats *s, double t)
{
    if (t > s->last) {
        s->connection_seconds += s->open * (t - s->last);
        s->last = t;
    }
}

void aw_sim_ws_count(aw_sim_ws_stats *s, aw_sim_ws_kind ws, bool ok, double amount, double t)
{
    if (ws == AW_SIM_WS_MESSAGE) {
        s->messages += amount;
        return;
    }
    if (!ok || ws == AW_SIM_WS_NONE)
        return;
    S_advance(s, t);
    if (ws == AW_SIM_WS_CONNECT) {
        s->connects += amount;
        s->open += amount;
        if ((int64_t)ceil(s->open) > s->peak_open)
            s->peak_open = (int64_t)ceil(s->open);
    } else {
        double closed = fmin(amount, s->open);
        s->disconnects += closed;
        s->open -= closed;
    }
}

void aw_sim_ws_finish(aw_sim_ws_stats *s, double t)
{
    S_advance(s, t);
}
