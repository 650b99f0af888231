/* The bill of a simulation run in its reports: a month of the traffic it
 * carried, line by line as `archway cost` prints it. */
#include <stdio.h>

#include "../emitters/json_writer.h"
#include "report.h"
#include "sim_cost.h"

void aw_sim_cost_write_text(const aw_sim_cost *c, double duration_s, aw_strbuf *out)
{
    aw_strbuf_printf(out, "\nCost of this traffic kept up for a month (the %g s simulated, x%g; %s, %s prices of %s):\n\n",
                     duration_s, AW_COST_MONTH_S / duration_s, c->region, c->currency, c->taken);
    aw_cost_lines_write_text(&c->bill, out);
    aw_cost_total_write_text("total", c->bill.total, out);
    for (size_t i = 0; i < c->bill.note_count; i++)
        aw_strbuf_printf(out, "note: %s\n", c->bill.notes[i]);
}

void aw_sim_cost_write_json(struct aw_jw *w, const aw_sim_cost *c)
{
    aw_jw_key(w, "cost");
    aw_jw_object(w);
    aw_jw_member_string(w, "region", c->region);
    aw_jw_member_string(w, "currency", c->currency);
    aw_jw_member_string(w, "pricesTaken", c->taken);
    aw_cost_number_write_json(w, "monthly", c->bill.total);
    aw_jw_key(w, "lines");
    aw_jw_array(w);
    for (size_t i = 0; i < c->bill.count; i++)
        aw_cost_line_write_json(w, &c->bill.lines[i]);
    aw_jw_end_array(w);
    aw_jw_key(w, "notes");
    aw_jw_array(w);
    for (size_t i = 0; i < c->bill.note_count; i++)
        aw_jw_string(w, c->bill.notes[i]);
    aw_jw_end_array(w);
    aw_jw_end_object(w);
}
