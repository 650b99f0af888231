/* Writes a synthetic diagram of N routes to standard output, for trying the
 * compiler on big inputs by hand: `generate 10000 > big.json`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_diagram.h"

static void S_usage(FILE *out)
{
    fputs("usage: generate ROUTES [--xml] [--share K]   (diagram of ROUTES routes on stdout; "
          "K routes share one Lambda function)\n",
          out);
}

static bool S_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v > 1000000ull)
        return false;
    *out = (size_t)v;
    return true;
}

int main(int argc, char **argv)
{
    /* `make bench` runs every program without arguments: say how to use it. */
    if (argc < 2) {
        S_usage(stdout);
        return 0;
    }
    aw_bench_gen_opts o = aw_bench_default_opts(0);
    bool xml = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--xml") == 0) {
            xml = true;
        } else if (strcmp(argv[i], "--share") == 0 && i + 1 < argc && S_parse_size(argv[i + 1], &o.function_share) &&
                   o.function_share > 0) {
            i++;
        } else if (!S_parse_size(argv[i], &o.routes)) {
            S_usage(stderr);
            return 2;
        }
    }
    size_t len = 0;
    char why[512] = "";
    char *text = xml ? aw_bench_generate_xml_opts(&o, &len, why, sizeof why) : aw_bench_generate_json_opts(&o, &len);
    if (!text) {
        fprintf(stderr, "generate: the generated diagram does not compile: %s\n", why);
        return 1;
    }
    bool ok = fwrite(text, 1, len, stdout) == len && fflush(stdout) == 0;
    free(text);
    if (!ok) {
        fprintf(stderr, "generate: cannot write: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
