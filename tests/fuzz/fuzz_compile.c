/* libFuzzer target: the whole compile (front end, builder, resolver, IR
 * verifier, canonical writers), the lint and the deployment emitters on
 * arbitrary bytes. Built twice, once per
 * spelling (-DAW_FUZZ_XML for XML); `make fuzz` runs both for a while.
 *
 * Besides crashes and sanitizer reports, it reports (by aborting, so that
 * libFuzzer keeps the input) any input that costs more than its size
 * justifies, in this sanitizer build:
 *   time    more than AW_FUZZ_FIXED_MS + AW_FUZZ_US_PER_BYTE per input byte
 *           of CPU time (both threads) for the whole iteration; a realistic
 *           diagram takes about 0.5 us a byte here;
 *   memory  more than AW_FUZZ_MEM_PER_BYTE times its size plus
 *           AW_FUZZ_MEM_FIXED in the compile's arena and, at their peak,
 *           the parsing libraries (mem_budget.h): the front ends' caps
 *           (limits.h: 16 or 32 times the size plus 64 MiB) with room for
 *           the model, lint and emitters; realistic diagrams need about 10
 *           (JSON) to 35 (XML) times their size in all. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "../../compiler/artifacts.h"
#include "../../compiler/compile.h"
#include "../../compiler/limits.h"
#include "../../compiler/lint.h"
#include "../../compiler/mem_budget.h"
#include "../../emitters/emitters.h"
#include "../../ir/ir_check.h"
#include "fuzz_cost.h"

#ifdef AW_FUZZ_XML
#define SPELLING AW_SPELLING_XML
#else
#define SPELLING AW_SPELLING_JSON
#endif

#define AW_FUZZ_FIXED_MS 200.0
#define AW_FUZZ_US_PER_BYTE 20.0
#define AW_FUZZ_MEM_PER_BYTE 64u
#define AW_FUZZ_MEM_FIXED (AW_MAX_TREE_EXTRA + 16u * 1024u * 1024u)

/* Aborts, naming the bound, if the input cost more than its size justifies. */
static void S_check_cost(size_t size, double ms, size_t memory)
{
    aw_fuzz_check_cost(size, ms, memory, AW_FUZZ_FIXED_MS, AW_FUZZ_US_PER_BYTE, AW_FUZZ_MEM_PER_BYTE,
                       AW_FUZZ_MEM_FIXED);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double start = aw_fuzz_cpu_ms();
    aw_compilation c;
    aw_compile_status status = aw_compile_buffer(&c, "fuzz", (const char *)data, size, SPELLING);
    size_t parse_peak = aw_mem_budget_peak();
    /* "internal" diagnostics are compiler bugs: a broken invariant, or the
     * fast JSON parser disagreeing with jansson (checked builds). */
    for (size_t i = 0; i < c.diags.count; i++)
        if (strcmp(c.diags.items[i].code, "internal") == 0)
            abort();
    if (status == AW_COMPILE_OK) {
        /* A clean compile must satisfy every invariant and print. */
        if (aw_model_check(c.model, NULL) != 0)
            abort();
        aw_strbuf out = AW_STRBUF_INIT;
        aw_emit_json(c.model, &out, true);
        aw_emit_xml(c.model, &out);
        aw_strbuf_free(&out);
        /* Lint, then deploy: every artifact must be well-formed JSON. */
        aw_lint_run(&c, NULL);
        aw_artifacts artifacts;
        aw_artifacts_build(&c, &artifacts);
        for (size_t i = 0; i < artifacts.count; i++) {
            json_t *doc = json_loadb(artifacts.items[i].data, artifacts.items[i].len, JSON_REJECT_DUPLICATES, NULL);
            if (!doc)
                abort();
            json_decref(doc);
        }
        aw_artifacts_free(&artifacts);
    }
    size_t memory = c.model->arena.total + parse_peak;
    aw_compilation_free(&c);
    S_check_cost(size, aw_fuzz_cpu_ms() - start, memory);
    return 0;
}
