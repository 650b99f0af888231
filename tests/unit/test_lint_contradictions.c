/* The throttling rules never contradict each other: over a grid of account
 * limits, stage throttles, per-route overrides, route throttles and usage
 * plan throttles, every finding can be fixed by changing what it points at
 * without another throttle rule then firing more often than before. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "../../compiler/lint.h"
#include "test_support.h"

AW_TEST_COMPILE_FIXTURE("t.json")

typedef struct S_thr {
    bool set;
    double rate;
    long burst;
} S_thr;

/* The throttles a finding can concern, in this order, and the account's. */
enum { S_STAGE, S_OVERRIDE, S_ROUTE, S_PLAN, S_OBJECTS };
typedef struct S_case {
    S_thr account;
    S_thr t[S_OBJECTS];
} S_case;

#define S_RULES 7               /* AW-THR-001 .. AW-THR-007 */

/* Throttle findings of one lint: per rule, in all and on each object. */
typedef struct S_findings {
    size_t total[S_RULES + 1];
    size_t on[S_RULES + 1][S_OBJECTS];
    int rule, object;           /* the first finding */
    char field[16];             /* the field it points at: rate, burst, or "" */
    size_t objects;             /* how many objects have findings */
} S_findings;

/* Values for rates and bursts: around and across the default account
 * limits, the lower ones of newer regions and a raised one. */
static const double S_values[] = {0, 1, 100, 1250, 2500, 5000, 7500, 10000, 20000};
#define S_NVALUES (sizeof S_values / sizeof *S_values)

static void S_put(char *buf, size_t size, const char *prefix, const S_thr *t, const char *suffix)
{
    size_t len = strlen(buf);
    if (t->set)
        snprintf(buf + len, size - len, "%s\"rate\": %.15g, \"burst\": %ld%s", prefix, t->rate, t->burst, suffix);
}

/* Nodes: 0 api, 1 authorizer, 2 integration, 3 route, 4 stage, 5 plan. */
static void S_text(const S_case *c, char *buf, size_t size)
{
    snprintf(buf, size, "{\"archway\": 1, \"name\": \"t\"");
    S_put(buf, size, ", \"accountThrottle\": {", &c->account, "}");
    strncat(buf,
            ", \"nodes\": [\n"
            "{\"kind\": \"api\", \"id\": \"api\", \"type\": \"rest\", \"endpoint\": \"regional\", "
            "\"defaultAuthorizer\": \"iam\"},\n"
            "{\"kind\": \"authorizer\", \"id\": \"iam\", \"type\": \"iam\"},\n"
            "{\"kind\": \"integration\", \"id\": \"integ\", \"type\": \"mock\"},\n"
            "{\"kind\": \"route\", \"id\": \"r\", \"api\": \"api\", \"method\": \"GET\", \"path\": \"/p\", "
            "\"integration\": \"integ\"",
            size - strlen(buf) - 1);
    S_put(buf, size, ", \"throttle\": {", &c->t[S_ROUTE], "}");
    strncat(buf, "},\n{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"api\"", size - strlen(buf) - 1);
    S_put(buf, size, ", \"throttle\": {", &c->t[S_STAGE], "}");
    S_put(buf, size, ", \"routeThrottles\": [{\"route\": \"r\", ", &c->t[S_OVERRIDE], "}]");
    strncat(buf, "},\n{\"kind\": \"usagePlan\", \"id\": \"plan\", \"stages\": [\"s\"], "
                 "\"quota\": {\"limit\": 1000, \"period\": \"month\"}",
            size - strlen(buf) - 1);
    S_put(buf, size, ", \"throttle\": {", &c->t[S_PLAN], "}");
    strncat(buf, "}\n]}\n", size - strlen(buf) - 1);
}

/* Which object a finding's location is in, by its JSON Pointer. */
static int S_object_of(const char *path)
{
    if (strncmp(path, "/nodes/4/routeThrottles", 23) == 0)
        return S_OVERRIDE;
    if (strncmp(path, "/nodes/4", 8) == 0)
        return S_STAGE;
    if (strncmp(path, "/nodes/3", 8) == 0)
        return S_ROUTE;
    ck_assert_msg(strncmp(path, "/nodes/5", 8) == 0, "finding at %s", path);
    return S_PLAN;
}

static S_findings S_lint(const S_case *c)
{
    char text[2048];
    S_text(c, text, sizeof text);
    S_teardown();
    if (S_compile(text) != AW_COMPILE_OK || comp.diags.count) {
        aw_test_dump_diags(&comp.diags);
        ck_abort_msg("does not compile:\n%s", text);
    }
    aw_lint_run(&comp, NULL);
    S_findings f = {.rule = 0};
    bool seen[S_OBJECTS] = {false};
    for (size_t i = 0; i < comp.diags.count; i++) {
        const aw_diag *d = &comp.diags.items[i];
        int rule;
        if (sscanf(d->code, "AW-THR-%d", &rule) != 1)
            continue;
        int object = S_object_of(d->loc.path);
        f.total[rule]++;
        f.on[rule][object]++;
        f.objects += !seen[object];
        seen[object] = true;
        if (!f.rule) {
            const char *field = strrchr(d->loc.path, '/') + 1;
            f.rule = rule, f.object = object;
            snprintf(f.field, sizeof f.field, "%s", strcmp(field, "rate") && strcmp(field, "burst") ? "" : field);
        }
    }
    return f;
}

/* Whether the variant fixes rule `a` on `object` and lets no rule fire
 * more often than in `before`; names the first that does in *broken. */
static bool S_fixes(const S_case *variant, const S_findings *before, int a, int object, int *broken)
{
    S_findings after = S_lint(variant);
    if (after.on[a][object])
        return false;
    for (int b = 1; b <= S_RULES; b++)
        if (after.total[b] > before->total[b]) {
            *broken = b;
            return false;
        }
    return true;
}

/* Tries every fix of the first finding: a finding on the burst keeps the
 * rate (the capacity asked for); one on the rate, or on a missing
 * throttle, may change both. */
static void S_assert_fixable(const S_case *c, const S_findings *f)
{
    S_case v = *c;
    S_thr *t = &v.t[f->object];
    int broken = 0;
    for (size_t i = 0; i < S_NVALUES; i++) {
        for (size_t k = 0; k < S_NVALUES; k++) {
            bool burst_only = strcmp(f->field, "burst") == 0;
            if (burst_only && k > 0)
                break;
            t->set = true;
            t->rate = burst_only ? c->t[f->object].rate : S_values[i];
            t->burst = (long)S_values[burst_only ? i : k];
            if (S_fixes(&v, f, f->rule, f->object, &broken))
                return;
        }
    }
    char text[2048];
    S_text(c, text, sizeof text);
    ck_abort_msg("AW-THR-%03d cannot be fixed without AW-THR-%03d firing more often:\n%s", f->rule, broken, text);
}

/* One grid point: lint it, and when its findings all concern one throttle
 * (the others being clean, so that fixing this one can clean the diagram),
 * check that they can be fixed. */
static size_t S_check(const S_case *c)
{
    S_findings f = S_lint(c);
    if (f.objects != 1)
        return 0;
    S_assert_fixable(c, &f);
    return 1;
}

START_TEST(test_throttle_rules_never_contradict)
{
    static const S_thr accounts[] = {{false, 0, 0}, {true, 2500, 1250}, {true, 10000, 5000}, {true, 20000, 10000}};
    size_t checked = 0;
    for (size_t a = 0; a < sizeof accounts / sizeof *accounts; a++) {
        S_thr acct = accounts[a].set ? accounts[a] : (S_thr){true, 10000, 5000};
        /* What the other throttles hold: nothing, a modest limit, the account's. */
        const S_thr others[] = {{false, 0, 0}, {true, 100, 100}, acct};
        for (int varied = 0; varied < S_OBJECTS; varied++) {
            for (size_t vi = 0; vi <= S_NVALUES * S_NVALUES; vi++) {
                S_case c = {.account = accounts[a]};
                if (vi < S_NVALUES * S_NVALUES)
                    c.t[varied] = (S_thr){true, S_values[vi / S_NVALUES], (long)S_values[vi % S_NVALUES]};
                for (size_t o = 0; o < 27; o++) {
                    for (int k = 0, div = 1; k < S_OBJECTS; k++) {
                        if (k == varied)
                            continue;
                        c.t[k] = others[(o / (size_t)div) % 3];
                        div *= 3;
                    }
                    checked += S_check(&c);
                }
            }
        }
    }
    /* The grid must reach findings of its own, or it proves nothing. */
    ck_assert_uint_gt(checked, 1000);
}
END_TEST

/* The defaults AWS gives every account are a throttle no rule faults, and
 * a rate above the account's burst is fine with the burst at its ceiling. */
START_TEST(test_account_defaults_are_clean)
{
    S_case c = {.t[S_STAGE] = {true, 10000, 5000}};
    S_findings f = S_lint(&c);
    ck_assert_uint_eq(f.objects, 0);
    c.t[S_STAGE] = (S_thr){true, 7500, 5000};
    f = S_lint(&c);
    ck_assert_uint_eq(f.objects, 0);
    c.account = (S_thr){true, 20000, 10000};
    c.t[S_STAGE] = (S_thr){true, 15000, 5000};
    f = S_lint(&c);
    ck_assert_int_eq(f.rule, 2);
    c.t[S_STAGE] = (S_thr){true, 15000, 12000};
    f = S_lint(&c);
    ck_assert_int_eq(f.rule, 3);
    ck_assert_str_eq(f.field, "burst");
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("lint contradictions");
    TCase *tc = aw_test_tcase(s, "throttling", NULL, S_teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_throttle_rules_never_contradict);
    tcase_add_test(tc, test_account_defaults_are_clean);
    return s;
}

AW_TEST_MAIN(S_suite)
