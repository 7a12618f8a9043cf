// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven tests of the system configuration file (system.c): each bad
 * file must produce an error "FILE:LINE: ..." at the stated line containing
 * the stated fragment; each good file must load, with the stated contents.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "elf_build.h"
#include "system.h"
#include "tap.h"

static char *dir;

/* Images the configurations refer to, relative to their directory. */
static void write_images(void)
{
	struct elf_desc d;
	uint8_t zimage[0x10000] = { 0 };
	uint8_t *elf;
	size_t size;
	char *path;

	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	elf = elf_build(&d, &size);
	path = g_build_filename(dir, "a.elf", NULL);
	g_file_set_contents(path, (char *)elf, size, NULL);
	g_free(path);
	g_free(elf);

	elf_desc_init(&d, 0x50000000);
	elf_desc_add(&d, PT_LOAD, 0x50000000, 0x100, 0x100000);
	elf = elf_build(&d, &size);
	path = g_build_filename(dir, "b.elf", NULL);
	g_file_set_contents(path, (char *)elf, size, NULL);
	g_free(path);
	g_free(elf);

	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	elf_desc_add(&d, PT_LOAD, 0x40001000, 0x10, 0x10);
	elf = elf_build(&d, &size);
	path = g_build_filename(dir, "overlap.elf", NULL);
	g_file_set_contents(path, (char *)elf, size, NULL);
	g_free(path);
	g_free(elf);

	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x1000);
	elf_desc_add(&d, PT_LOAD, 0x40100000, 0x10, 0x10);
	elf = elf_build(&d, &size);
	path = g_build_filename(dir, "split.elf", NULL);
	g_file_set_contents(path, (char *)elf, size, NULL);
	g_free(path);
	g_free(elf);

	/* zImage: magic, start 0, end = size */
	zimage[0x24] = 0x18; zimage[0x25] = 0x28;
	zimage[0x26] = 0x6f; zimage[0x27] = 0x01;
	zimage[0x2e] = 0x01;	/* end = 0x10000 */
	path = g_build_filename(dir, "zImage", NULL);
	g_file_set_contents(path, (char *)zimage, sizeof(zimage), NULL);
	g_free(path);
	memset(zimage + 0x24, 0, 4);
	path = g_build_filename(dir, "notz", NULL);
	g_file_set_contents(path, (char *)zimage, sizeof(zimage), NULL);
	g_free(path);

	path = g_build_filename(dir, "raw.bin", NULL);
	g_file_set_contents(path, (char *)zimage, 0x3000, NULL);
	g_free(path);
	path = g_build_filename(dir, "initrd", NULL);
	g_file_set_contents(path, (char *)zimage, 0x1800, NULL);
	g_free(path);
	{
		char *big = g_malloc0(3 << 20);

		path = g_build_filename(dir, "big.bin", NULL);
		g_file_set_contents(path, big, 3 << 20, NULL);
		g_free(path);
		g_free(big);
	}
}

/**
 * struct bad - a configuration that must be rejected
 * @what: what it tests
 * @ini:  the file
 * @line: line the error must name
 * @frag: text the error must contain
 */
struct bad {
	const char *what;
	const char *ini;
	int line;
	const char *frag;
};

#define GUEST_A "[guest a]\nimage = a.elf\n"

static const struct bad bad[] = {
	{ "syntax: neither group nor key",
	  GUEST_A "ram-size 64M\n", 3,
	  "expected KEY = VALUE, a [group] or a # comment" },
	{ "key before any group",
	  "image = a.elf\n" GUEST_A, 1, "key outside any group" },
	{ "unterminated group header",
	  "[guest a\nimage = a.elf\n", 1, "expected a group header" },
	{ "key given twice",
	  GUEST_A "image = b.elf\n", 3,
	  "[guest a] image: key given twice (first at line 2)" },
	{ "group given twice",
	  GUEST_A "[guest a]\nformat = elf\n", 3,
	  "[guest a]: group given twice (first at line 1)" },
	{ "unknown group",
	  GUEST_A "[network]\nmtu = 1500\n", 3,
	  "[network]: unknown group" },
	{ "unknown key in a guest",
	  GUEST_A "ram_size = 64M\n", 3,
	  "[guest a] ram_size: unknown key; expected one of image, format" },
	{ "bad guest name",
	  GUEST_A "[guest b c]\nimage = a.elf\n", 3,
	  "'b c': expected a NAME of letters" },
	{ "no guest at all",
	  "[schedule]\npolicy = linux\n", 0,
	  "no [guest NAME] group" },
	{ "missing image",
	  "[guest a]\nram-size = 64M\n", 1,
	  "[guest a]: missing key image" },
	{ "unknown format",
	  GUEST_A "format = srec\n", 3,
	  "[guest a] format: 'srec': expected elf, raw or zimage" },
	{ "bad size",
	  GUEST_A "ram-size = 64Q\n", 3,
	  "[guest a] ram-size: '64Q': expected a number" },
	{ "RAM not page aligned",
	  GUEST_A "ram-size = 0x1800\n", 3,
	  "[guest a] ram-size: 0x40000000:0x1800: expected a nonzero size and an IPA that are multiples" },
	{ "RAM above 4 GiB",
	  GUEST_A "ram-base = 0xf0000000\nram-size = 512M\n", 4,
	  "expected to end at or below 4 GiB" },
	{ "RAM over the monitor's range",
	  "[guest a]\nimage = a.elf\nram-regions = 0x40000000:64M, 0xffff0000:0x4000\n",
	  3, "which umbra reserves for its monitor" },
	{ "ram-regions and ram-size together",
	  GUEST_A "ram-size = 64M\nram-regions = 0x40000000:64M\n", 4,
	  "expected either ram-regions or ram-size/ram-base, not both" },
	{ "ram-regions entry without size",
	  GUEST_A "ram-regions = 0x40000000\n", 3,
	  "'0x40000000': expected IPA:SIZE" },
	{ "overlapping RAM regions (Property 3.3.1)",
	  GUEST_A "ram-regions = 0x40000000:64M, 0x43000000:16M\n", 3,
	  "RAM [0x43000000, 0x44000000) of guest 'a' overlaps RAM [0x40000000, 0x44000000)" },
	{ "RAM over the GIC distributor",
	  GUEST_A "ram-base = 0x08000000\nram-size = 1M\n", 4,
	  "overlaps the GIC distributor" },
	{ "RAM over the PL011",
	  GUEST_A "ram-regions = 0x40000000:64M, 0x09000000:4K\n", 3,
	  "overlaps the PL011 UART" },
	{ "pool too small",
	  GUEST_A "pool-pages = 2\n", 3,
	  "[guest a] pool-pages: '2': expected an integer from 3 to 1024" },
	{ "pool too large",
	  GUEST_A "pool-pages = 4096\n", 3, "from 3 to 1024" },
	{ "too many memory slots",
	  GUEST_A "ram-regions = 0x40000000:64M, 0x50000000:4K, 0x50001000:4K, 0x50002000:4K, 0x50003000:4K, 0x50004000:4K, 0x50005000:4K, 0x50006000:4K, 0x50007000:4K, 0x50008000:4K, 0x50009000:4K, 0x5000a000:4K, 0x5000b000:4K, 0x5000c000:4K, 0x5000d000:4K, 0x5000e000:4K, 0x5000f000:4K\n",
	  1, "17 memory regions (RAM, shared, devices): expected at most 16" },
	{ "image missing",
	  "[guest a]\nimage = nosuch.elf\n", 2, "nosuch.elf" },
	{ "ELF image outside RAM",
	  "[guest a]\nimage = b.elf\n", 2,
	  "bytes at [0x50000000, 0x50100000): expected inside one of the guest's RAM regions" },
	{ "ELF segments overlapping each other",
	  "[guest a]\nimage = overlap.elf\n", 2,
	  "PT_LOAD segments at [0x40000000, 0x40002000) and [0x40001000, 0x40001010) overlap" },
	{ "raw image too big for RAM",
	  "[guest a]\nimage = big.bin\nformat = raw\nload-address = 0x40000000\nram-size = 2M\n",
	  2, "expected inside one of the guest's RAM regions" },
	{ "raw image over the device tree's room at the top of RAM",
	  "[guest a]\nimage = raw.bin\nformat = raw\nload-address = 0x43ff0000\n",
	  2, "reaches into the top 64 KiB of its RAM region" },
	{ "ELF segments in two RAM regions",
	  "[guest a]\nimage = split.elf\nram-regions = 0x40000000:1M, 0x40100000:1M\n",
	  2, "expected all of the image inside one RAM region" },
	{ "raw image without load-address",
	  "[guest a]\nimage = raw.bin\nformat = raw\n", 1,
	  "missing key load-address; expected with format = raw" },
	{ "load-address with ELF",
	  GUEST_A "load-address = 0x40000000\n", 3,
	  "expected only with format = raw or zimage" },
	{ "entry outside RAM",
	  "[guest a]\nimage = raw.bin\nformat = raw\nload-address = 0x40000000\nentry = 0x80000000\n",
	  5, "entry 0x80000000: expected inside the guest's RAM" },
	{ "zImage with bad magic",
	  "[guest a]\nimage = notz\nformat = zimage\n", 2,
	  "not a zImage: magic 0x00000000 at offset 0x24, expected 0x016f2818" },
	{ "initrd with an ELF image",
	  GUEST_A "initrd = initrd\n", 3,
	  "[guest a] initrd: expected only with format = zimage" },
	{ "zImage and initrd too big for RAM",
	  "[guest a]\nimage = zImage\nformat = zimage\ninitrd = big.bin\nram-size = 2M\n",
	  4, "do not fit in guest RAM" },
	{ "bad console",
	  GUEST_A "console = serial\n", 3,
	  "'serial': expected stdio, pty or none" },
	{ "nice out of range",
	  GUEST_A "nice = 40\n", 3, "expected an integer from -20 to 19" },
	{ "bad affinity",
	  GUEST_A "affinity = 0,x\n", 3,
	  "'x': expected CPU numbers 0-63" },
	{ "priority with a cyclic schedule",
	  GUEST_A "priority = 10\n[schedule]\npolicy = cyclic\nmajor-frame = 10ms\nwindows = a@0ms+5ms\n",
	  3, "[guest a] priority: expected only with [schedule] policy = linux" },
	{ "shared region without writer",
	  GUEST_A "[shared buf]\nsize = 4K\nipa = 0x48000000\n", 3,
	  "[shared buf]: missing key writer" },
	{ "shared region with two writers",
	  GUEST_A "[guest b]\nimage = a.elf\n[shared buf]\nsize = 4K\nipa = 0x48000000\nwriter = a, b\n",
	  8, "2 guests: expected exactly one writer" },
	{ "shared reader that is no guest",
	  GUEST_A "[shared buf]\nsize = 4K\nipa = 0x48000000\nwriter = a\nreaders = ghost\n",
	  7, "[shared buf] readers: 'ghost': expected the name of a [guest NAME]" },
	{ "shared writer also reader",
	  GUEST_A "[shared buf]\nsize = 4K\nipa = 0x48000000\nwriter = a\nreaders = a\n",
	  7, "'a' is the writer; expected readers other than the writer" },
	{ "shared size not page aligned",
	  GUEST_A "[shared buf]\nsize = 100\nipa = 0x48000000\nwriter = a\n",
	  4, "[shared buf] size: 100 bytes: expected a nonzero multiple" },
	{ "shared region over guest RAM",
	  GUEST_A "[shared buf]\nsize = 4K\nipa = 0x40001000\nwriter = a\n",
	  5, "shared region 'buf' [0x40001000, 0x40002000) of guest 'a' overlaps RAM" },
	{ "shared per-guest IPA for a non-member",
	  GUEST_A "[guest b]\nimage = a.elf\n[shared buf]\nsize = 4K\nwriter = a\nipa = a:0x48000000, b:0x48000000\n",
	  8, "'b': expected the writer or a reader" },
	{ "shared per-guest IPA missing a reader",
	  GUEST_A "[guest b]\nimage = a.elf\n[shared buf]\nsize = 4K\nwriter = a\nreaders = b\nipa = a:0x48000000\n",
	  9, "no IPA for 'b'" },
	{ "device that does not exist",
	  GUEST_A "devices = eth0\n", 3,
	  "[guest a] devices: 'eth0': expected the name of a [device NAME]" },
	{ "device assigned twice",
	  GUEST_A "devices = gpio\n[guest b]\nimage = a.elf\ndevices = gpio\n[device gpio]\ncompatible = arm,pl061\nreg = 0x0a000000:4K\n",
	  6, "device 'gpio' is already assigned to guest 'a'" },
	{ "device without reg",
	  GUEST_A "[device gpio]\ncompatible = arm,pl061\n", 3,
	  "[device gpio]: missing key reg" },
	{ "device without host",
	  GUEST_A "[device gpio]\ncompatible = arm,pl061\nreg = 0x0a000000:4K\n", 3,
	  "[device gpio]: missing key host" },
	{ "device on the UART's interrupt",
	  GUEST_A "[device gpio]\ncompatible = arm,pl061\nreg = 0x0a000000:4K\ninterrupt = 1\n",
	  6, "SPI 1 is the UART's" },
	{ "device over guest RAM",
	  GUEST_A "devices = gpio\n[device gpio]\ncompatible = arm,pl061\nreg = 0x40000000:4K\n",
	  3, "device 'gpio' [0x40000000, 0x40001000) of guest 'a' overlaps" },
	{ "unknown policy",
	  GUEST_A "[schedule]\npolicy = edf\n", 4,
	  "'edf': expected linux, cyclic or round-robin" },
	{ "time-slice with a cyclic policy",
	  GUEST_A "[schedule]\npolicy = cyclic\nmajor-frame = 10ms\nwindows = a@0ms+5ms\ntime-slice = 1ms\n",
	  7, "[schedule] time-slice: expected only with policy = round-robin" },
	{ "window past the major frame",
	  GUEST_A "[schedule]\npolicy = cyclic\nmajor-frame = 10ms\nwindows = a@8ms+5ms\n",
	  6, "ends at 13000 us, after the major frame (10000 us)" },
	{ "overlapping windows",
	  GUEST_A "[guest b]\nimage = a.elf\n[schedule]\npolicy = cyclic\nmajor-frame = 10ms\nwindows = a@0ms+5ms, b@4ms+5ms\n",
	  8, "window of 'b' at 4000 us overlaps the window of 'a' at 0 us" },
	{ "guest with no window",
	  GUEST_A "[guest b]\nimage = a.elf\n[schedule]\npolicy = cyclic\nmajor-frame = 10ms\nwindows = a@0ms+5ms\n",
	  8, "guest 'b' has no window" },
	{ "window duration without unit",
	  GUEST_A "[schedule]\npolicy = cyclic\nmajor-frame = 10ms\nwindows = a@0+5\n",
	  6, "expected OFFSET+DURATION as durations" },
	{ "cyclic without major frame",
	  GUEST_A "[schedule]\npolicy = cyclic\nwindows = a@0ms+5ms\n", 3,
	  "[schedule]: missing key major-frame" },
	{ "bad time slice",
	  GUEST_A "[schedule]\npolicy = round-robin\ntime-slice = 0ms\n", 5,
	  "'0ms': expected a nonzero duration" },
	{ "invalid escape sequence",
	  GUEST_A "bootargs = a\\qb\n", 3,
	  "[guest a] bootargs: expected UTF-8 text with valid escapes" },
	{ "empty value",
	  GUEST_A "bootargs =\n", 3, "[guest a] bootargs: empty value" },
};

static char *write_ini(const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);

	g_file_set_contents(path, text, -1, NULL);
	return path;
}

static void test_bad(const struct bad *b, int i)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	char *name = g_strdup_printf("bad%02d.ini", i);
	char *path = write_ini(name, b->ini);
	char *prefix = b->line ? g_strdup_printf("%s:%d: ", path, b->line) :
			 g_strdup_printf("%s: ", path);
	struct system *sys = system_load(path, errors);
	gboolean found = FALSE;
	guint j;

	for (j = 0; j < errors->len; j++) {
		const char *e = errors->pdata[j];

		if (g_str_has_prefix(e, prefix) && strstr(e, b->frag))
			found = TRUE;
	}
	if (!tap_ok(!sys && found, "%s: line %d, '%s'", b->what, b->line,
		    b->frag)) {
		for (j = 0; j < errors->len; j++)
			tap_diag("got: %s", (char *)errors->pdata[j]);
	}
	system_free(sys);
	g_ptr_array_free(errors, TRUE);
	g_free(prefix);
	g_free(path);
	g_free(name);
}

static struct system *load_good(const char *what, const char *name,
				const char *text)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	char *path = write_ini(name, text);
	struct system *sys = system_load(path, errors);
	guint j;

	if (!tap_ok(sys && !errors->len, "good: %s", what))
		for (j = 0; j < errors->len; j++)
			tap_diag("got: %s", (char *)errors->pdata[j]);
	g_ptr_array_free(errors, TRUE);
	g_free(path);
	return sys;
}

static const char good_full[] =
	"# two partitions and a shared buffer\n"
	"[guest producer]\n"
	"image = a.elf\n"
	"ram-size = 16M\n"
	"pool-pages = 128\n"
	"console = stdio\n"
	"nice = -5\n"
	"affinity = 0, 2-3\n"
	"devices = gpio\n"
	"\n"
	"[guest consumer]\n"
	"image = raw.bin\n"
	"format = raw\n"
	"load-address = 0x40000000\n"
	"entry = 0x40000100\n"
	"ram-regions = 0x40000000:8M, 0x60000000:1M\n"
	"priority = 10\n"
	"console = none\n"
	"\n"
	"[guest linux]\n"
	"image = zImage\n"
	"format = zimage\n"
	"initrd = initrd\n"
	"bootargs = console=ttyAMA0 earlycon\n"
	"ram-size = 256M\n"
	"\n"
	"[shared buf]\n"
	"size = 64K\n"
	"writer = producer\n"
	"readers = consumer, linux\n"
	"ipa = producer:0x48000000, consumer:0x50000000, linux:0x70000000\n"
	"\n"
	"[device gpio]\n"
	"compatible = arm,pl061 arm,primecell\n"
	"reg = 0x0a000000:4K\n"
	"interrupt = 7\n"
	"host = /dev/uio0\n"
	"\n"
	"[schedule]\n"
	"policy = linux\n";

static void test_good(void)
{
	struct system *sys;
	struct sys_guest *g;
	struct sys_shared *sh;
	struct sys_device *d;
	char *summary;

	sys = load_good("three guests, shared region, device", "good1.ini",
			good_full);
	if (!sys) {
		tap_ok(0, "contents of good1.ini");
		tap_ok(0, "summary");
	} else {
		g = sys->guests->pdata[1];
		sh = sys->shared->pdata[0];
		d = sys->devices->pdata[0];
		tap_ok(sys->guests->len == 3 && g->format == IMAGE_RAW &&
		       g->ram->len == 2 && g->entry == 0x40000100 &&
		       g->priority == 10 && g->console == SYS_CONSOLE_NONE &&
		       ((struct sys_guest *)sys->guests->pdata[0])->affinity == 0xd &&
		       ((struct sys_guest *)sys->guests->pdata[0])->pool_pages == 128 &&
		       ((struct sys_guest *)sys->guests->pdata[2])->load == 0x40008000 &&
		       sh->writer == 0 && sh->readers->len == 2 &&
		       sh->ipa[1] == 0x50000000 && sh->ipa[2] == 0x70000000 &&
		       d->owner == 0 && d->spi == 7 &&
		       !strcmp(d->compatible[1], "arm,primecell"),
		       "contents of good1.ini");
		summary = system_summary(sys);
		tap_ok(!strcmp(summary, "3 guests, 1 shared region, 1 device, schedule linux"),
		       "summary: %s", summary);
		g_free(summary);
	}
	system_free(sys);

	sys = load_good("cyclic schedule", "good2.ini",
			GUEST_A "[guest b]\nimage = a.elf\n"
			"[schedule]\npolicy = cyclic\ncpu = 1\nmajor-frame = 20ms\n"
			"windows = b@10ms+10ms, a@0us+4ms, a@5ms+5ms\n");
	tap_ok(sys && sys->schedule.policy == SYS_POLICY_CYCLIC &&
	       sys->schedule.cpu == 1 && sys->schedule.major_frame == 20000 &&
	       sys->schedule.windows->len == 3 &&
	       g_array_index(sys->schedule.windows, struct sys_window, 2).guest == 1 &&
	       g_array_index(sys->schedule.windows, struct sys_window, 1).offset == 5000,
	       "cyclic windows sorted by offset");
	system_free(sys);

	sys = load_good("round-robin", "good3.ini",
			GUEST_A "[schedule]\npolicy = round-robin\ntime-slice = 500us\n");
	tap_ok(sys && sys->schedule.policy == SYS_POLICY_RR &&
	       sys->schedule.time_slice == 500, "round-robin time slice");
	system_free(sys);

	sys = load_good("one shared IPA for all", "good4.ini",
			GUEST_A "[guest b]\nimage = a.elf\n[shared s]\nsize = 8K\n"
			"ipa = 0x48000000\nwriter = b\nreaders = a\n");
	system_free(sys);
}

static void test_all_errors(void)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	char *path = write_ini("many.ini",
			       "[guest a]\nimage = a.elf\nformat = coff\n"
			       "pool-pages = 1\n[bogus]\n");
	struct system *sys = system_load(path, errors);
	char *l3 = g_strdup_printf("%s:3: [guest a] format:", path);
	char *l4 = g_strdup_printf("%s:4: [guest a] pool-pages:", path);
	char *l5 = g_strdup_printf("%s:5: [bogus]:", path);

	tap_ok(!sys && errors->len == 3 &&
	       g_str_has_prefix(errors->pdata[0], l3) &&
	       g_str_has_prefix(errors->pdata[1], l4) &&
	       g_str_has_prefix(errors->pdata[2], l5),
	       "every error reported, in line order");
	g_ptr_array_free(errors, TRUE);
	g_free(l3);
	g_free(l4);
	g_free(l5);
	g_free(path);
}

int main(void)
{
	GError *error = NULL;
	size_t i;

	dir = g_dir_make_tmp("test-system-XXXXXX", &error);
	if (!dir) {
		printf("Bail out! %s\n", error->message);
		return 1;
	}
	write_images();
	tap_plan(G_N_ELEMENTS(bad) + 9);
	for (i = 0; i < G_N_ELEMENTS(bad); i++)
		test_bad(&bad[i], i);
	test_good();
	test_all_errors();
	{
		char *cmd = g_strdup_printf("rm -rf '%s'", dir);

		if (system(cmd))
			tap_diag("cannot remove %s", dir);
		g_free(cmd);
	}
	return tap_done();
}
