// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for config.c (option values) and boot.c (boot registers).
 */
#include <string.h>

#include <glib.h>

#include "boot.h"
#include "config.h"
#include "tap.h"

static void parse_ok(const char *text, uint64_t want)
{
	GError *error = NULL;
	uint64_t v = 0;
	int ok;

	ok = config_parse_size("--mem", text, &v, &error) && v == want;
	if (!tap_ok(ok, "'%s' parses as %" G_GUINT64_FORMAT, text, want))
		tap_diag("got %" G_GUINT64_FORMAT ", %s", v,
			 error ? error->message : "no error");
	g_clear_error(&error);
}

static void parse_bad(const char *text)
{
	GError *error = NULL;
	uint64_t v = 0;
	int ok;

	ok = !config_parse_size("--mem", text, &v, &error) &&
	     g_error_matches(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE) &&
	     strstr(error->message, "--mem") && strstr(error->message, text);
	tap_ok(ok, "'%s' rejected, naming option and value", text);
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
}

static void ram(uint64_t base, uint64_t size, int good, const char *what)
{
	GError *error = NULL;
	int ok = config_check_ram(base, size, &error);

	tap_ok(good ? ok : !ok && error, "RAM 0x%" G_GINT64_MODIFIER "x + 0x%"
	       G_GINT64_MODIFIER "x %s: %s", base, size,
	       good ? "accepted" : "rejected", what);
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
}

static void test_boot_regs(void)
{
	struct umbra_regs r;

	memset(&r, 0x5a, sizeof(r));
	boot_set_regs(&r, 0x40000100, 0x40000000, 64 << 20);
	tap_ok(r.pc == 0x40000100 && r.cpsr == 0x1d3 &&
	       r.usr_regs[0] == 0x40000000 && r.usr_regs[1] == 64 << 20 &&
	       r.usr_regs[2] == 0 && r.svc_regs[0] == 0x44000000,
	       "ARM entry: pc, cpsr = SVC|A|I|F, r0-r2, SP_svc = top of RAM");
	tap_ok(r.usr_regs[3] == 0x5a5a5a5a && r.svc_regs[1] == 0x5a5a5a5a &&
	       r.fiq_regs[7] == 0x5a5a5a5a,
	       "registers outside the boot protocol left alone");

	boot_set_regs(&r, 0x40000101, 0x40000000, 64 << 20);
	tap_ok(r.pc == 0x40000100 && r.cpsr == (0x1d3 | UMBRA_PSR_T),
	       "Thumb entry: bit 0 cleared from pc, CPSR.T set");

	boot_set_regs(&r, 0xffff5000, 0xffff4000, 0xc000);
	tap_ok(r.svc_regs[0] == 0 && r.usr_regs[1] == 0xc000,
	       "RAM ending at 4 GiB: SP_svc wraps to 0");
}

int main(void)
{
	tap_plan(29);

	parse_ok("67108864", 64 << 20);
	parse_ok("64M", 64 << 20);
	parse_ok("64m", 64 << 20);
	parse_ok("1G", 1 << 30);
	parse_ok("16K", 16 << 10);
	parse_ok("2MiB", 2 << 20);
	parse_ok("1GB", 1 << 30);
	parse_ok("0x40000000", 0x40000000);
	parse_ok("0X1000", 0x1000);
	parse_bad("");
	parse_bad("M");
	parse_bad("12Q");
	parse_bad("-1");
	parse_bad("0x");
	parse_bad("1.5G");
	parse_bad("64 M");
	parse_bad("99999999999999999999");
	parse_bad("17179869184G");

	ram(0x40000000, 64 << 20, 1, "the default");
	ram(0x40000000, 0, 0, "empty");
	ram(0x40000000, 0x1800, 0, "size not page aligned");
	ram(0x40000800, 0x1000, 0, "base not page aligned");
	ram(0xf0000000, 0x20000000, 0, "ends above 4 GiB");
	ram(0xc0000000, 0x40000000, 0, "overlaps the monitor's range");
	ram(0xffff4000, 0xc000, 1, "ends at 4 GiB, above the monitor");

	test_boot_regs();
	return tap_done();
}
