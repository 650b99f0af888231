/* libFuzzer target: the whole compile (front end, builder, resolver, IR
 * verifier, canonical writers), the lint and the deployment emitters on
 * arbitrary bytes. Built twice, once per
 * spelling (-DAW_FUZZ_XML for XML); `make fuzz` runs both for a while. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../compiler/artifacts.h"
#include "../../compiler/compile.h"
#include "../../compiler/lint.h"
#include "../../emitters/emitters.h"
#include "../../ir/ir_check.h"

#ifdef AW_FUZZ_XML
#define SPELLING AW_SPELLING_XML
#else
#define SPELLING AW_SPELLING_JSON
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    aw_compilation c;
    aw_compile_status status = aw_compile_buffer(&c, "fuzz", (const char *)data, size, SPELLING);
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
    aw_compilation_free(&c);
    return 0;
}
