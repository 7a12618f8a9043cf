// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm check: validate a system configuration file without running
 * anything (Documentation/config.rst).
 */
#include <stdio.h>

#include <glib.h>

#include "commands.h"
#include "system.h"
#include "vmm.h"

/**
 * cmd_check() - the "check" subcommand
 * @argc: number of arguments in @argv
 * @argv: "check", then options and FILE
 *
 * Prints "FILE: ok (N guests, ...)" on stdout if FILE is valid; otherwise
 * every error, one a line, "FILE:LINE: [GROUP] KEY: what was expected", on
 * stderr.
 *
 * Return: 0 if FILE is valid, VMM_EXIT_USAGE (2) if not or on a usage
 * error.
 */
int cmd_check(int argc, char **argv)
{
	GOptionContext *ctx;
	GError *error = NULL;
	struct system *sys;
	GPtrArray *errors;
	char *summary;
	guint i;

	g_set_prgname(VMM_NAME " check");
	ctx = g_option_context_new("FILE");
	g_option_context_set_summary(ctx,
		"Validate the system configuration FILE (guests, shared regions, devices,\n"
		"schedule; see Documentation/config.rst) and the images it names, without\n"
		"running anything. Prints every error as FILE:LINE: [GROUP] KEY: message.");
	g_option_context_set_description(ctx,
		"Exit status: 0 if FILE is valid, 2 if not (or on a usage error).\n");
	if (!g_option_context_parse(ctx, &argc, &argv, &error) ||
	    argc != 2) {
		fprintf(stderr, "%s: %s\n(try '%s --help')\n", g_get_prgname(),
			error ? error->message :
			argc < 2 ? "missing FILE" : "more than one FILE",
			g_get_prgname());
		g_clear_error(&error);
		g_option_context_free(ctx);
		return VMM_EXIT_USAGE;
	}
	g_option_context_free(ctx);

	errors = g_ptr_array_new_with_free_func(g_free);
	sys = system_load(argv[1], errors);
	for (i = 0; i < errors->len; i++)
		fprintf(stderr, "%s\n", (char *)errors->pdata[i]);
	g_ptr_array_free(errors, TRUE);
	if (!sys)
		return VMM_EXIT_USAGE;
	summary = system_summary(sys);
	printf("%s: ok (%s)\n", argv[1], summary);
	g_free(summary);
	system_free(sys);
	return 0;
}
