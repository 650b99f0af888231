/* The day the lint rules judge dated facts by (Lambda runtime deprecation):
 * given by the configuration, by ARCHWAY_TODAY, or the system's UTC date,
 * so that tests and reproducible builds can fix it. */
#include "lint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

bool aw_lint_date_valid(const char *text)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    char end;
    if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3)
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9'))
            return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] && (m != 2 || d < 29 || leap);
}

void aw_lint_today(const aw_lint_config *cfg, char out[AW_DATE_SIZE])
{
    const char *given = cfg && cfg->today ? cfg->today : getenv(AW_TODAY_ENV);
    if (aw_lint_date_valid(given)) {
        memcpy(out, given, AW_DATE_SIZE);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || strftime(out, AW_DATE_SIZE, "%Y-%m-%d", &tm) != AW_DATE_SIZE - 1)
        memcpy(out, "1970-01-01", AW_DATE_SIZE);
}
