/* `archway simulate`: parses its own options and runs the simulator. */
#ifndef AW_CLI_SIMULATE_H
#define AW_CLI_SIMULATE_H

/* argv holds the arguments after the command name; returns the exit
 * status (0 ran, 1 the diagram has errors, 2 bad usage or input). */
int aw_cli_simulate(int argc, char **argv);

#endif
