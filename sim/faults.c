/* --fail: faults injected into a hop for a window of the run, parsed from
 * "HOP=KIND:VALUE[@FROM-TO]" (errors:0.2, latency:x3, down:2, throttle:50;
 * times as 60s, 2m or 500ms). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define S_BIT(kind) (1u << (kind))
#define S_SERVING (S_BIT(AW_SIM_HOP_LAMBDA) | S_BIT(AW_SIM_HOP_POOL) | S_BIT(AW_SIM_HOP_SERVICE))

static const struct {
    const char *name;
    aw_sim_fault_kind kind;
    const char *unit;           /* what the value means, for messages */
    unsigned hops;              /* the hop kinds it applies to */
    const char *applies;
} S_kinds[] = {
    {"errors", AW_FAULT_ERRORS, "a fraction from 0 to 1", S_SERVING, "functions, pools and services"},
    {"latency", AW_FAULT_LATENCY, "a factor such as x3", S_SERVING, "functions, pools and services"},
    {"down", AW_FAULT_DOWN, "how many targets or servers are lost",
     S_BIT(AW_SIM_HOP_LAMBDA) | S_BIT(AW_SIM_HOP_POOL), "functions and pools (load balancers, databases, backends)"},
    {"throttle", AW_FAULT_THROTTLE, "the requests/s the hop still takes", S_SERVING | S_BIT(AW_SIM_HOP_BUCKET),
     "throttles, functions, pools and services"},
};

/* A time such as "60s", "2m", "500ms" or "90" (seconds); false if not one. */
static bool S_seconds(const char *s, size_t len, double *out)
{
    char buf[32];
    if (!len || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    double v = strtod(buf, &end);
    double scale = strcmp(end, "ms") == 0 ? 0.001 : strcmp(end, "m") == 0 ? 60.0
                 : strcmp(end, "h") == 0 ? 3600.0 : *end == '\0' || strcmp(end, "s") == 0 ? 1.0 : -1.0;
    if (end == buf || scale < 0 || !(v >= 0) || isinf(v))
        return false;
    *out = v * scale;
    return true;
}

int64_t aw_sim_hop_named(const aw_sim_model *m, const char *id, size_t len)
{
    for (size_t i = 0; i < m->hop_count; i++)
        if (strlen(m->hops[i].id) == len && strncmp(m->hops[i].id, id, len) == 0)
            return (int64_t)i;
    /* A diagram element's id names its service hop (not its gates). */
    for (size_t i = 0; i < m->hop_count; i++)
        if (m->hops[i].node && strlen(m->hops[i].node) == len && strncmp(m->hops[i].node, id, len) == 0 &&
            m->hops[i].kind != AW_SIM_HOP_BUCKET && m->hops[i].kind != AW_SIM_HOP_QUOTA)
            return (int64_t)i;
    return -1;
}

static const char *S_value(const char *kind, size_t kind_len, const char *v, size_t len, aw_sim_fault *out, char *buf,
                           size_t size)
{
    size_t k = 0;
    while (k < sizeof S_kinds / sizeof *S_kinds &&
           !(strlen(S_kinds[k].name) == kind_len && strncmp(S_kinds[k].name, kind, kind_len) == 0))
        k++;
    if (k == sizeof S_kinds / sizeof *S_kinds) {
        snprintf(buf, size, "unknown fault '%.*s' (errors, latency, down or throttle)", (int)kind_len, kind);
        return buf;
    }
    out->kind = S_kinds[k].kind;
    char num[32];
    size_t skip = out->kind == AW_FAULT_LATENCY && len && (v[0] == 'x' || v[0] == '*');
    if (len - skip == 0 || len - skip >= sizeof num) {
        snprintf(buf, size, "fault '%s' needs a value: %s", S_kinds[k].name, S_kinds[k].unit);
        return buf;
    }
    memcpy(num, v + skip, len - skip);
    num[len - skip] = '\0';
    char *end;
    out->value = strtod(num, &end);
    bool ok = *end == '\0' && out->value >= 0 && !isinf(out->value) &&
              (out->kind != AW_FAULT_ERRORS || out->value <= 1.0);
    if (!ok) {
        snprintf(buf, size, "fault '%s' takes %s, not '%.*s'", S_kinds[k].name, S_kinds[k].unit, (int)len, v);
        return buf;
    }
    return NULL;
}

const char *aw_sim_fault_parse(const aw_sim_model *m, const char *text, aw_sim_fault *out, char *buf, size_t size)
{
    const char *eq = strchr(text, '='), *colon = eq ? strchr(eq, ':') : NULL;
    if (!eq || !colon)
        return "a fault is HOP=KIND:VALUE[@FROM-TO], e.g. fn:orders=errors:0.2@60s-120s";
    int64_t hop = aw_sim_hop_named(m, text, (size_t)(eq - text));
    if (hop < 0) {
        snprintf(buf, size, "no hop or element '%.*s' in the simulation model (see archway sim-input)",
                 (int)(eq - text), text);
        return buf;
    }
    *out = (aw_sim_fault){.hop = (uint32_t)hop, .from_s = 0, .to_s = INFINITY};
    const char *at = strchr(colon, '@');
    const char *vend = at ? at : colon + strlen(colon);
    const char *why = S_value(eq + 1, (size_t)(colon - eq - 1), colon + 1, (size_t)(vend - colon - 1), out, buf, size);
    if (why)
        return why;
    for (size_t k = 0; k < sizeof S_kinds / sizeof *S_kinds; k++)
        if (S_kinds[k].kind == out->kind && !(S_kinds[k].hops & S_BIT(m->hops[hop].kind))) {
            snprintf(buf, size, "fault '%s' applies to %s; '%s' is a %s", S_kinds[k].name, S_kinds[k].applies,
                     m->hops[hop].id, aw_sim_hop_kind_name(m->hops[hop].kind));
            return buf;
        }
    if (at) {
        const char *dash = strchr(at, '-');
        if (!dash || !S_seconds(at + 1, (size_t)(dash - at - 1), &out->from_s) ||
            !S_seconds(dash + 1, strlen(dash + 1), &out->to_s) || out->to_s <= out->from_s) {
            snprintf(buf, size, "the window '%s' should be FROM-TO with FROM before TO, e.g. @60s-120s", at);
            return buf;
        }
    }
    return NULL;
}
