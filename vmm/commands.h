/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: subcommands. Each takes the arguments after the program name,
 * its own name first (argv[0] = "run"), and returns the process exit
 * status (see vmm.h). Add a command by writing cmd_NAME.c and listing it in
 * main.c's command table.
 */
#ifndef UMBRA_VMM_COMMANDS_H
#define UMBRA_VMM_COMMANDS_H

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif /* UMBRA_VMM_COMMANDS_H */
