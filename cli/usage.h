/* The one way a subcommand reports bad usage: its name, what is wrong, and
 * where to look. */
#ifndef AW_CLI_USAGE_H
#define AW_CLI_USAGE_H

/* Prints "archway COMMAND: " fmt (with arg) and a pointer to --help on
 * stderr; returns 2, the exit status of bad usage. */
int aw_cli_usage(const char *command, const char *fmt, const char *arg);

#endif
