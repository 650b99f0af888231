/* `archway serve`: parses its own options and runs the canvas server
 * (canvas-server/server.h). */
#ifndef AW_CLI_SERVE_H
#define AW_CLI_SERVE_H

/* argv holds the arguments after the command name; returns the exit
 * status (0 served and stopped, or backed up; 2 bad usage, or a database
 * that cannot be opened). */
int aw_cli_serve(int argc, char **argv);

#endif
