/* Usage errors of the subcommands that parse their own options. */
#include "usage.h"

#include <stdio.h>

int aw_cli_usage(const char *command, const char *fmt, const char *arg)
{
    fprintf(stderr, "archway %s: ", command);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'archway %s --help'.\n", command);
    return 2;
}
