/* Units of the diagram format: durations are spelt with a unit ("150ms",
 * "29s", "2m", "1h") and held as milliseconds. */
#ifndef AW_UNITS_H
#define AW_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* Parses a duration; false if the text is not a number followed by one of
 * ms, s, m, h (no spaces, no sign). */
bool aw_duration_parse(const char *text, size_t len, double *ms);
/* Canonical spelling: whole seconds as "29s", else milliseconds "150ms",
 * "0.5ms". Parses back to the same value. */
void aw_duration_format(aw_strbuf *b, double ms);

#endif
