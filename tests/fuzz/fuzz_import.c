/* libFuzzer target: archway import on arbitrary bytes (YAML or JSON; a
 * template or an OpenAPI document), through the mapping, the compile of the
 * diagram it makes, the layout and both canonical writers. `make fuzz`
 * runs it with the import tests' inputs as seeds.
 *
 * Besides crashes and sanitizer reports, it aborts (so that libFuzzer keeps
 * the input) on an input that costs more than its size justifies, with the
 * bounds of fuzz_compile.c: AW_FUZZ_FIXED_MS plus AW_FUZZ_US_PER_BYTE of CPU
 * time a byte, and AW_FUZZ_MEM_PER_BYTE times its size plus
 * AW_FUZZ_MEM_FIXED of arena (YAML aliases are shared, so an alias bomb
 * costs its text, and the reader counts their expansion). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compiler/limits.h"
#include "../../emitters/emitters.h"
#include "../../importer/import.h"
#include "../../ir/ir_check.h"
#include "fuzz_cost.h"

#define AW_FUZZ_FIXED_MS 400.0
#define AW_FUZZ_US_PER_BYTE 40.0
#define AW_FUZZ_MEM_PER_BYTE 64u
#define AW_FUZZ_MEM_FIXED (AW_MAX_TREE_EXTRA + 16u * 1024u * 1024u)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double start = aw_fuzz_cpu_ms();
    aw_import_result r;
    aw_import_options options = {.external_runtime = "nodejs22.x"};
    aw_compile_status status = aw_import_buffer(&r, "fuzz", (const char *)data, size, &options);
    for (size_t i = 0; i < r.diags.count; i++)
        if (strcmp(r.diags.items[i].code, "internal") == 0)
            abort();
    if (status == AW_COMPILE_OK) {
        if (aw_model_check(r.model, NULL) != 0)
            abort();
        aw_strbuf out = AW_STRBUF_INIT;
        aw_emit_json(r.model, &out, false);
        aw_emit_xml(r.model, &out);
        aw_strbuf_free(&out);
    }
    size_t memory = r.model->arena.total;
    aw_import_result_free(&r);
    aw_fuzz_check_cost(size, aw_fuzz_cpu_ms() - start, memory, AW_FUZZ_FIXED_MS, AW_FUZZ_US_PER_BYTE,
                       AW_FUZZ_MEM_PER_BYTE, AW_FUZZ_MEM_FIXED);
    return 0;
}
