/* `archway docs`: parses its own options and writes documentation bundles. */
#ifndef AW_CLI_DOCS_H
#define AW_CLI_DOCS_H

/* argv holds the arguments after the command name; returns the exit
 * status (0 written, 1 a diagram has errors, 2 bad usage, unreadable input
 * or a file that cannot be written). */
int aw_cli_docs(int argc, char **argv);

#endif
