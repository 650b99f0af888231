/* Duration spelling: parse "1.5s" to 1500 ms and print it back canonically. */
#include "units.h"

#include <math.h>
#include <string.h>

bool aw_duration_parse(const char *text, size_t len, double *ms)
{
    size_t i = 0;
    double whole = 0, frac = 0, scale = 1;
    size_t digits = 0;
    while (i < len && text[i] >= '0' && text[i] <= '9') {
        whole = whole * 10 + (text[i++] - '0');
        digits++;
    }
    if (digits == 0 || digits > 12)
        return false;
    if (i < len && text[i] == '.') {
        i++;
        size_t fdigits = 0;
        while (i < len && text[i] >= '0' && text[i] <= '9') {
            scale /= 10;
            frac += (text[i++] - '0') * scale;
            fdigits++;
        }
        if (fdigits == 0 || fdigits > 9)
            return false;
    }
    const char *unit = text + i;
    size_t ulen = len - i;
    double factor;
    if (ulen == 2 && memcmp(unit, "ms", 2) == 0)
        factor = 1;
    else if (ulen == 1 && unit[0] == 's')
        factor = 1000;
    else if (ulen == 1 && unit[0] == 'm')
        factor = 60000;
    else if (ulen == 1 && unit[0] == 'h')
        factor = 3600000;
    else
        return false;
    /* Round to a microsecond so "0.1s" is exactly 100 ms, not 100.00000000000001. */
    double value = round((whole + frac) * factor * 1000.0) / 1000.0;
    /* From 10^12 ms (about 31 years) on, a double no longer holds every
     * microsecond, and the canonical spelling would need more than twelve
     * digits ("999999999999s" came back as "999999999999000.1ms", which
     * does not parse): refuse rather than write what cannot be read. */
    if (value >= 1e12)
        return false;
    *ms = value;
    return true;
}

void aw_duration_format(aw_strbuf *b, double ms)
{
    if (ms == floor(ms) && fmod(ms, 1000.0) == 0 && ms != 0) {
        aw_strbuf_number(b, ms / 1000.0);
        aw_strbuf_putc(b, 's');
    } else {
        aw_strbuf_number(b, ms);
        aw_strbuf_puts(b, "ms");
    }
}
