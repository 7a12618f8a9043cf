// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: command-line entry point and subcommand dispatch.
 *
 *   umbra-vmm [--version] [--help] COMMAND [ARGS...]
 *
 * Global options are parsed up to the first non-option argument (strict
 * POSIX), which names the command; the command parses the rest with its own
 * GOptionContext. The exit status is documented in vmm.h and --help.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "commands.h"
#include "vmm.h"

/**
 * struct command - a subcommand
 * @name:    what the user types
 * @summary: one line for the top-level --help
 * @main:    the implementation, see commands.h
 */
struct command {
	const char *name;
	const char *summary;
	int (*main)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "run", "boot an ELF guest, or every guest of a system file (FILE.ini), until they shut down", cmd_run },
	{ "check", "validate a system configuration file", cmd_check },
	{ "stat", "live exit counters of every VM (debugfs), like kvm_stat", cmd_stat },
};

static char *command_list(void)
{
	GString *s = g_string_new("Commands:\n");
	size_t i;

	for (i = 0; i < G_N_ELEMENTS(commands); i++)
		g_string_append_printf(s, "  %-8s %s\n", commands[i].name,
				       commands[i].summary);
	g_string_append_printf(s, "\nRun '%s COMMAND --help' for a command's options.",
			       VMM_NAME);
	return g_string_free(s, FALSE);
}

int main(int argc, char **argv)
{
	gboolean version = FALSE;
	const GOptionEntry entries[] = {
		{ "version", 'V', 0, G_OPTION_ARG_NONE, &version,
		  "Print the version and exit", NULL },
		{ NULL }
	};
	GOptionContext *ctx;
	GError *error = NULL;
	char *summary;
	size_t i;

	g_set_prgname(VMM_NAME);
	ctx = g_option_context_new("COMMAND [ARGS...]");
	summary = command_list();
	g_option_context_set_summary(ctx, summary);
	g_option_context_set_description(ctx,
		"Exit status: the guest's own status (0-255) when it shuts down;\n"
		"2 on a usage or configuration error (bad option, bad guest image);\n"
		"125 on a VMM or host failure (/dev/umbra missing or failing, an exit\n"
		"the VMM cannot handle such as MMIO with no device); 130/143 when\n"
		"stopped by SIGINT/SIGTERM.\n");
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_strict_posix(ctx, TRUE);
	if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
		fprintf(stderr, "%s: %s\n(try '%s --help')\n", VMM_NAME,
			error->message, VMM_NAME);
		return VMM_EXIT_USAGE;
	}
	g_option_context_free(ctx);
	g_free(summary);

	if (version) {
		printf("%s %s\n", VMM_NAME, VERSION);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "%s: missing COMMAND\n(try '%s --help')\n",
			VMM_NAME, VMM_NAME);
		return VMM_EXIT_USAGE;
	}
	for (i = 0; i < G_N_ELEMENTS(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].main(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown command '%s'\n(try '%s --help')\n",
		VMM_NAME, argv[1], VMM_NAME);
	return VMM_EXIT_USAGE;
}
