/* The options of `archway cost` (cost_estimate.h), one table: the command
 * line stays a thin dispatcher and the library checks every value. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cost_estimate.h"

void aw_cost_request_init(aw_cost_request *req)
{
    memset(req, 0, sizeof *req);
    req->rps = NAN;
    req->monthly_requests = NAN;
    req->growth[0] = 1;
    req->growth_count = 1;
    req->regions = 1;
    req->callers = NAN;
    req->message_kb = NAN;
    req->response_kb = NAN;
    req->session_minutes = NAN;
}

/* A number above 0 and at most max, the whole text; false otherwise. The
 * ceilings keep every figure of a bill finite. */
static bool S_in_range(const char *text, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end || errno || !isfinite(v) || v <= 0 || v > max)
        return false;
    *out = v;
    return true;
}

static bool S_multiplier(const char *text, double *out)
{
    return S_in_range(text, 1e6, out);
}

static const char *S_set_number(double *field, const char *value, double max, const char *why)
{
    return S_in_range(value, max, field) ? NULL : why;
}

static const char *S_rps(aw_cost_request *r, const char *v)
{
    if (!isnan(r->monthly_requests))
        return "cannot be given with --monthly-requests: say the traffic one way";
    return S_set_number(&r->rps, v, 1e10, "needs a number of requests per second above 0, at most 1e10");
}

static const char *S_monthly(aw_cost_request *r, const char *v)
{
    if (!isnan(r->rps))
        return "cannot be given with --rps: say the traffic one way";
    return S_set_number(&r->monthly_requests, v, 1e16, "needs a number of requests a month above 0, at most 1e16");
}

static const char *S_growth(aw_cost_request *r, const char *v)
{
    size_t n = 0;
    const char *p = v;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[64];
        if (len == 0 || len >= sizeof item || n == AW_COST_MAX_GROWTH)
            return "needs a list of up to 16 multipliers from above 0 to 1e6, such as 1,10,100";
        memcpy(item, p, len);
        item[len] = '\0';
        if (!S_multiplier(item, &r->growth[n++]))
            return "needs a list of up to 16 multipliers from above 0 to 1e6, such as 1,10,100";
        p += len + (comma != NULL);
        if (comma && !*p)
            return "needs a list of up to 16 multipliers from above 0 to 1e6, such as 1,10,100";
    }
    if (n == 0)
        return "needs a list of up to 16 multipliers from above 0 to 1e6, such as 1,10,100";
    r->growth_count = n;
    return NULL;
}

static const char *S_regions(aw_cost_request *r, const char *v)
{
    double n;
    if (!S_in_range(v, 100, &n) || n != floor(n))
        return "needs a whole number of regions from 1 to 100";
    r->regions = (int)n;
    return NULL;
}

static const char *S_region(aw_cost_request *r, const char *v)
{
    r->region = v;
    return *v ? NULL : "needs a region name such as us-east-1";
}

static const char *S_prices(aw_cost_request *r, const char *v)
{
    r->prices_file = v;
    return *v ? NULL : "needs a file name";
}

static const char *S_free(aw_cost_request *r, const char *v)
{
    (void)v;
    r->free_tier = true;
    return NULL;
}

static const char *S_callers(aw_cost_request *r, const char *v)
{
    return S_set_number(&r->callers, v, 1e12, "needs the number of distinct callers, above 0");
}

static const char *S_message_kb(aw_cost_request *r, const char *v)
{
    /* API Gateway takes at most 10 MB a request. */
    return S_set_number(&r->message_kb, v, 10240, "needs a size in KB above 0, at most 10240 (10 MB)");
}

static const char *S_response_kb(aw_cost_request *r, const char *v)
{
    return S_set_number(&r->response_kb, v, 10240, "needs a size in KB above 0, at most 10240 (10 MB)");
}

static const char *S_session(aw_cost_request *r, const char *v)
{
    /* API Gateway closes a WebSocket connection after 2 hours. */
    return S_set_number(&r->session_minutes, v, 120, "needs a number of minutes above 0, at most 120 (2 hours)");
}

static const struct {
    const char *flag;
    int arity;
    const char *(*set)(aw_cost_request *r, const char *value);
} S_flags[] = {
    {"--rps", 1, S_rps},
    {"--monthly-requests", 1, S_monthly},
    {"--growth", 1, S_growth},
    {"--regions", 1, S_regions},
    {"--region", 1, S_region},
    {"--prices", 1, S_prices},
    {"--free-tier", 0, S_free},
    {"--callers", 1, S_callers},
    {"--message-kb", 1, S_message_kb},
    {"--response-kb", 1, S_response_kb},
    {"--session-minutes", 1, S_session},
};

/* The flag's row, for "--flag" and "--flag=value". */
static int S_find(const char *arg)
{
    for (size_t i = 0; i < sizeof S_flags / sizeof *S_flags; i++) {
        size_t n = strlen(S_flags[i].flag);
        if (strncmp(arg, S_flags[i].flag, n) == 0 && (arg[n] == '\0' || (arg[n] == '=' && S_flags[i].arity)))
            return (int)i;
    }
    return -1;
}

int aw_cost_flag_arity(const char *flag)
{
    int i = S_find(flag);
    return i < 0 ? -1 : S_flags[i].arity;
}

const char *aw_cost_request_set(aw_cost_request *req, const char *flag, const char *value)
{
    int i = S_find(flag);
    if (i < 0)
        return "is not an option of cost";
    return S_flags[i].set(req, value ? value : "");
}
