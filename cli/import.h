/* `archway import`: parses its own options and imports a template or an
 * OpenAPI document into a diagram. */
#ifndef AW_CLI_IMPORT_H
#define AW_CLI_IMPORT_H

/* argv holds the arguments after the command name; returns the exit
 * status (0 imported, 1 the diagram it gives has errors, 2 bad usage or an
 * input that cannot be read). */
int aw_cli_import(int argc, char **argv);

#endif
