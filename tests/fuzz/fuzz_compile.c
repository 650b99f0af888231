/* libFuzzer target: the whole compile (front end, builder, resolver, IR
 * verifier, canonical writers) on arbitrary bytes. Built twice, once per
 * spelling (-DAW_FUZZ_XML for XML); `make fuzz` runs both for a while. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/compile.h"
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
    }
    aw_compilation_free(&c);
    return 0;
}
