// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm run: boot an ELF guest on vCPU 0 and run it to completion, or
 * every guest of a system file (system_run.c).
 */
#include <inttypes.h>
#include <stdio.h>

#include <glib.h>

#include "boot.h"
#include "commands.h"
#include "config.h"
#include "console.h"
#include "devices/pl011.h"
#include "irqchip.h"
#include "loader.h"
#include "loop.h"
#include "passthru.h"
#include "system_run.h"
#include "vm.h"
#include "vmm.h"

/**
 * struct run_options - the run command's options
 * @mem:      --mem value as given, or NULL
 * @ram_base: --ram-base value as given, or NULL
 * @device:   --device path, or NULL
 * @console:  --console value, or NULL for "stdio"
 * @verbose:  --verbose: describe the setup on stderr
 * @passthrough: --passthrough values, NULL-terminated, or NULL
 * @pts:      the devices they name, parsed
 * @nr_pts:   how many
 */
struct run_options {
	char *mem;
	char *ram_base;
	char *device;
	char *console;
	gboolean verbose;
	char **passthrough;
	struct passthru *pts;
	unsigned int nr_pts;
};

/*
 * The board: QEMU virt's guest IPA layout. The PL011 at VMM_UART0_BASE,
 * UARTINTR on SPI VMM_UART0_SPI when the module has an irqchip (GICD at
 * VMM_GICD_BASE, GICC at VMM_GICC_BASE).
 */
static gboolean setup_devices(struct vm *vm, struct console *con,
			      const struct run_options *opt, GError **error)
{
	struct pl011_backend backend;
	struct device *uart;
	gboolean gic;

	if (!irqchip_setup(vm, &gic, error))
		return FALSE;
	console_backend(con, &backend);
	uart = pl011_new("uart0", VMM_UART0_BASE,
			 gic ? UMBRA_IRQ_SPI(VMM_UART0_SPI) : DEVICE_NO_IRQ,
			 &backend);
	if (!device_register(&vm->devices, uart, error))
		return FALSE;
	console_attach(con, uart);
	if (opt->verbose)
		fprintf(stderr, "%s: PL011 at 0x%08llx, %s; GICv2 %s\n",
			VMM_NAME, VMM_UART0_BASE,
			gic ? "SPI 33" : "polled (no irqchip)",
			gic ? "at GICD 0x08000000, GICC 0x08010000" :
			"absent");
	return TRUE;
}

/* The passthrough devices: registers mapped, interrupts forwarded. */
static gboolean setup_passthrough(struct vm *vm, const struct run_options *opt,
				  GError **error)
{
	unsigned int i;

	for (i = 0; i < opt->nr_pts; i++) {
		struct passthru *pt = &opt->pts[i];

		if (!passthru_open(pt, "/sys/class/uio", "/dev", error) ||
		    !passthru_attach(pt, vm, 1 + i, error) ||
		    !passthru_start(pt, vm, error))
			return FALSE;
		if (opt->verbose)
			fprintf(stderr, "%s: %s: registers at PA 0x%08" PRIx64 " (%zu bytes) at IPA 0x%08" PRIx64 ", interrupt -> SPI %u\n",
				VMM_NAME, pt->name, pt->pa, pt->size,
				pt->ipa, pt->spi);
	}
	return TRUE;
}

static int setup_and_run(struct vm *vm, struct console *con,
			 const char *guest, const struct run_options *opt,
			 uint64_t base, uint64_t size)
{
	struct loader_image image;
	struct umbra_regs regs;
	GError *error = NULL;

	if (!vm_alloc_ram(vm, base, size, &error))
		goto fail;
	/* Before touching /dev/umbra: a bad image is a usage error. */
	if (!loader_load_file(guest, &vm->ram, &image, &error)) {
		fprintf(stderr, "%s: %s\n", VMM_NAME, error->message);
		g_error_free(error);
		return VMM_EXIT_USAGE;
	}
	if (opt->verbose)
		fprintf(stderr, "%s: %s: %u PT_LOAD segment%s in [0x%08" PRIx64 ", 0x%08" PRIx64 "), entry 0x%08x; RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ")\n",
			VMM_NAME, guest, image.nr_loaded,
			image.nr_loaded == 1 ? "" : "s", image.low,
			image.high, image.entry, base, base + size);

	if (!vm_open(vm, opt->device ? opt->device : VMM_DEFAULT_DEVICE,
		     &error) ||
	    !vm_create(vm, &error) ||
	    !setup_devices(vm, con, opt, &error) ||
	    !setup_passthrough(vm, opt, &error) ||
	    !vm_create_vcpu(vm, &error) ||
	    !vm_get_regs(vm, &regs, &error))
		goto fail;
	boot_set_regs(&regs, image.entry, base, size);
	if (!vm_set_regs(vm, &regs, &error))
		goto fail;
	return loop_run(vm);

fail:
	fprintf(stderr, "%s: %s\n", VMM_NAME, error->message);
	g_error_free(error);
	return VMM_EXIT_FAILURE;
}

/**
 * cmd_run() - the "run" subcommand
 * @argc: number of arguments in @argv
 * @argv: "run", then options and the guest ELF path or a system file
 *        (system_file_is_ini())
 *
 * Return: the process exit status (see vmm.h).
 */
int cmd_run(int argc, char **argv)
{
	struct run_options opt = { 0 };
	const GOptionEntry entries[] = {
		{ "mem", 'm', 0, G_OPTION_ARG_STRING, &opt.mem,
		  "Guest RAM size: bytes, or with a unit K, M or G (default 64M)",
		  "SIZE" },
		{ "ram-base", 0, 0, G_OPTION_ARG_STRING, &opt.ram_base,
		  "IPA of guest RAM, page aligned (default 0x40000000)",
		  "IPA" },
		{ "device", 0, 0, G_OPTION_ARG_FILENAME, &opt.device,
		  "umbra device (default " VMM_DEFAULT_DEVICE ")", "PATH" },
		{ "console", 0, 0, G_OPTION_ARG_STRING, &opt.console,
		  "Where the PL011 UART at 0x09000000 goes: stdio (default) or pty (a new pseudo-terminal, its path printed on stderr)",
		  "stdio|pty" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt.verbose,
		  "Describe the loaded image on stderr", NULL },
		{ "passthrough", 0, 0, G_OPTION_ARG_STRING_ARRAY,
		  &opt.passthrough,
		  "Assign host UIO device uioN: its registers (map0) at IPA, its interrupt as SPI (repeatable)",
		  "uioN:IPA[:SPI]" },
		{ NULL }
	};
	uint64_t base = VMM_DEFAULT_RAM_BASE, size = VMM_DEFAULT_RAM_SIZE;
	GOptionContext *ctx;
	GError *error = NULL;
	struct console con;
	unsigned int i;
	struct vm vm;
	int status;

	g_set_prgname(VMM_NAME " run");
	ctx = g_option_context_new("GUEST.elf|SYSTEM.ini");
	g_option_context_set_summary(ctx,
		"Boot the 32-bit ARM ELF executable GUEST.elf on one vCPU with one RAM\n"
		"region, connect its console hypercalls to stdin/stdout and its PL011\n"
		"UART (0x09000000, SPI 33) to --console, and run it until it shuts\n"
		"down; exit with the guest's status.\n"
		"\n"
		"Or run every guest of the system file SYSTEM.ini (a name ending in .ini,\n"
		"or a file starting with '[' or '#'; see Documentation/config.rst), each\n"
		"in its own VM, until all of them have shut down; console lines are\n"
		"prefixed \"NAME: \" on stdout, per-guest accounting goes to stderr at\n"
		"the end and on SIGUSR1.");
	g_option_context_set_description(ctx,
		"Exit status: the guest's (0-255), 2 on a usage or image error, 125 on a\n"
		"VMM or host failure, 130/143 on SIGINT/SIGTERM. For a system file: 130/143\n"
		"if stopped by a signal, else 125 if any guest failed so, else the first\n"
		"non-zero guest status in file order, else 0.\n");
	g_option_context_add_main_entries(ctx, entries, NULL);
	if (!g_option_context_parse(ctx, &argc, &argv, &error))
		goto usage;
	if (argc < 2) {
		g_set_error_literal(&error, G_OPTION_ERROR,
				    G_OPTION_ERROR_FAILED, "missing GUEST.elf");
		goto usage;
	}
	if (argc > 2) {
		g_set_error(&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
			    "unexpected argument '%s' after GUEST.elf",
			    argv[2]);
		goto usage;
	}
	if (system_file_is_ini(argv[1])) {
		if (opt.mem || opt.ram_base || opt.console || opt.passthrough) {
			g_set_error(&error, G_OPTION_ERROR,
				    G_OPTION_ERROR_FAILED,
				    "--mem, --ram-base, --console and --passthrough are for an ELF guest; %s sets them per guest",
				    argv[1]);
			goto usage;
		}
		g_option_context_free(ctx);
		loop_install_signals();
		status = system_run(argv[1], opt.device, opt.verbose);
		goto out;
	}
	if ((opt.mem && !config_parse_size("--mem", opt.mem, &size, &error)) ||
	    (opt.ram_base && !config_parse_size("--ram-base", opt.ram_base,
						&base, &error)) ||
	    !config_check_ram(base, size, &error))
		goto usage;
	opt.nr_pts = opt.passthrough ? g_strv_length(opt.passthrough) : 0;
	opt.pts = g_new0(struct passthru, opt.nr_pts ? opt.nr_pts : 1);
	for (i = 0; i < opt.nr_pts; i++)
		passthru_init(&opt.pts[i]);
	for (i = 0; i < opt.nr_pts; i++)
		if (!passthru_parse(opt.passthrough[i], &opt.pts[i], &error))
			goto usage;
	if (!passthru_check_distinct(opt.pts, opt.nr_pts, &error))
		goto usage;
	g_option_context_free(ctx);

	loop_install_signals();
	if (!console_open(&con, opt.console ? opt.console : "stdio",
			  &error)) {
		fprintf(stderr, "%s: %s\n", VMM_NAME, error->message);
		status = error->domain == G_OPTION_ERROR ? VMM_EXIT_USAGE :
			 VMM_EXIT_FAILURE;
		g_error_free(error);
		goto out;
	}
	vm_init(&vm);
	status = setup_and_run(&vm, &con, argv[1], &opt, base, size);
	for (i = 0; i < opt.nr_pts; i++)
		passthru_destroy(&opt.pts[i]);
	vm_destroy(&vm);
	console_close(&con);
	goto out;

usage:
	fprintf(stderr, "%s: %s\n(try '%s --help')\n", g_get_prgname(),
		error->message, g_get_prgname());
	g_error_free(error);
	g_option_context_free(ctx);
	status = VMM_EXIT_USAGE;
out:
	g_free(opt.mem);
	g_free(opt.ram_base);
	g_free(opt.device);
	g_free(opt.console);
	for (i = 0; opt.pts && i < opt.nr_pts; i++)
		passthru_destroy(&opt.pts[i]);
	g_free(opt.pts);
	g_strfreev(opt.passthrough);
	return status;
}
