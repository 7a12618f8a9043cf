// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for dt.c: generate a guest's device tree from a system file,
 * then read it back with libfdt (and with dtc -I dtb -O dts when
 * device-tree-compiler is installed) and check its nodes and properties.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "dt.h"
/* The SDK's helper (tools/guest/lib/dt.c), built for the host. */
#include "../../tools/guest/include/umbra/guest.h"
#include "elf_build.h"
#include "system.h"
#include "tap.h"

static const char ini[] =
	"[guest w]\n"
	"image = a.elf\n"
	"ram-regions = 0x40000000:16M, 0x60000000:1M\n"
	"bootargs = console=ttyAMA0 quiet\n"
	"devices = gpio\n"
	"[guest r]\n"
	"image = a.elf\n"
	"[shared ring]\n"
	"size = 64K\n"
	"writer = w\n"
	"readers = r\n"
	"ipa = w:0x48000000, r:0x50000000\n"
	"[device gpio]\n"
	"compatible = arm,pl061 arm,primecell\n"
	"reg = 0x0a000000:4K\n"
	"interrupt = 7\n"
	"host = /dev/uio0\n";

static const void *sdk_dtb;

/* What crt0 would have recorded from r2, for the SDK's helper. */
uintptr_t umbra_dtb(void)
{
	return (uintptr_t)sdk_dtb;
}

static void test_sdk(const void *fdt, const void *fdt_r)
{
	struct umbra_shared_region r = { 0 };
	int ret;

	sdk_dtb = NULL;
	tap_ok(umbra_shared_region("ring", &r) == -ENOENT,
	       "SDK: no device tree, -ENOENT");
	sdk_dtb = fdt;
	ret = umbra_shared_region("ring", &r);
	tap_ok(!ret && r.ipa == 0x48000000 && r.size == 0x10000 && r.writer,
	       "SDK: the writer finds 'ring' at its IPA, role writer");
	sdk_dtb = fdt_r;
	memset(&r, 0, sizeof(r));
	ret = umbra_shared_region("ring", &r);
	tap_ok(!ret && r.ipa == 0x50000000 && r.size == 0x10000 && !r.writer,
	       "SDK: the reader finds 'ring' at its own IPA, role reader");
	tap_ok(umbra_shared_region("rin", &r) == -ENOENT &&
	       umbra_shared_region("ringx", &r) == -ENOENT,
	       "SDK: names match exactly");
	sdk_dtb = "not a device tree, just some bytes here";
	tap_ok(umbra_shared_region("ring", &r) == -EINVAL,
	       "SDK: bad header, -EINVAL");
}

static const void *prop(const void *fdt, const char *path, const char *name,
			int *len)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		return NULL;
	return fdt_getprop(fdt, off, name, len);
}

static int cells_are(const void *fdt, const char *path, const char *name,
		     const uint32_t *want, int n)
{
	const fdt32_t *v;
	int len, i;

	v = prop(fdt, path, name, &len);
	if (!v || len != n * 4)
		return 0;
	for (i = 0; i < n; i++)
		if (fdt32_to_cpu(v[i]) != want[i])
			return 0;
	return 1;
}

static int str_is(const void *fdt, const char *path, const char *name,
		  const char *want, int want_len)
{
	int len;
	const char *v = prop(fdt, path, name, &len);

	return v && len == want_len && !memcmp(v, want, len);
}

#define STR_IS(fdt, path, name, lit) \
	str_is(fdt, path, name, lit, sizeof(lit))

int main(void)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	GError *error = NULL;
	struct system *sys;
	struct elf_desc d;
	char *dir, *path, *cmd, *dts = NULL;
	uint8_t *elf;
	size_t size;
	void *fdt, *fdt_r;
	int ok;

	dir = g_dir_make_tmp("test-dt-XXXXXX", &error);
	if (!dir) {
		printf("Bail out! %s\n", error->message);
		return 1;
	}
	tap_plan(22);
	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	elf = elf_build(&d, &size);
	path = g_build_filename(dir, "a.elf", NULL);
	g_file_set_contents(path, (char *)elf, size, NULL);
	g_free(path);
	g_free(elf);
	path = g_build_filename(dir, "sys.ini", NULL);
	g_file_set_contents(path, ini, -1, NULL);
	sys = system_load(path, errors);
	if (!sys) {
		guint i;

		for (i = 0; i < errors->len; i++)
			printf("# %s\n", (char *)errors->pdata[i]);
		printf("Bail out! the test system does not load\n");
		return 1;
	}

	fdt = dt_build(sys, 0, 0x41000000, 0x1800, &size, &error);
	fdt_r = dt_build(sys, 1, 0, 0, &size, &error);
	tap_ok(fdt && fdt_r && fdt_check_header(fdt) == 0 &&
	       fdt_check_header(fdt_r) == 0 && size == fdt_totalsize(fdt_r),
	       "blobs built, headers valid");
	if (!fdt || !fdt_r)
		return tap_done();

	tap_ok(STR_IS(fdt, "/", "compatible", "umbra,virt") &&
	       STR_IS(fdt, "/", "model", "umbra guest w") &&
	       cells_are(fdt, "/", "#address-cells", (uint32_t[]){ 1 }, 1) &&
	       cells_are(fdt, "/", "interrupt-parent",
			 (uint32_t[]){ DT_PHANDLE_GIC }, 1),
	       "root: compatible, model, cells, interrupt-parent");
	tap_ok(STR_IS(fdt, "/chosen", "bootargs", "console=ttyAMA0 quiet") &&
	       STR_IS(fdt, "/chosen", "stdout-path", DT_UART_PATH) &&
	       cells_are(fdt, "/chosen", "linux,initrd-start",
			 (uint32_t[]){ 0x41000000 }, 1) &&
	       cells_are(fdt, "/chosen", "linux,initrd-end",
			 (uint32_t[]){ 0x41001800 }, 1),
	       "/chosen: bootargs, stdout-path, initrd");
	tap_ok(!prop(fdt_r, "/chosen", "linux,initrd-start", NULL) &&
	       !prop(fdt_r, "/chosen", "bootargs", NULL),
	       "/chosen without initrd and bootargs has neither");
	tap_ok(STR_IS(fdt, "/memory@40000000", "device_type", "memory") &&
	       cells_are(fdt, "/memory@40000000", "reg",
			 (uint32_t[]){ 0x40000000, 16 << 20 }, 2) &&
	       cells_are(fdt, "/memory@60000000", "reg",
			 (uint32_t[]){ 0x60000000, 1 << 20 }, 2) &&
	       cells_are(fdt_r, "/memory@40000000", "reg",
			 (uint32_t[]){ 0x40000000, 64 << 20 }, 2),
	       "/memory nodes, one per RAM region");
	tap_ok(STR_IS(fdt, "/reserved-memory/ring@48000000", "compatible",
		      DT_SHARED_COMPATIBLE) &&
	       cells_are(fdt, "/reserved-memory/ring@48000000", "reg",
			 (uint32_t[]){ 0x48000000, 0x10000 }, 2) &&
	       prop(fdt, "/reserved-memory/ring@48000000", "no-map", NULL) &&
	       STR_IS(fdt, "/reserved-memory/ring@48000000", "umbra,name",
		      "ring") &&
	       STR_IS(fdt, "/reserved-memory/ring@48000000", "umbra,role",
		      "writer") &&
	       prop(fdt, "/reserved-memory", "ranges", NULL),
	       "writer: shared region under /reserved-memory, role writer");
	tap_ok(cells_are(fdt_r, "/reserved-memory/ring@50000000", "reg",
			 (uint32_t[]){ 0x50000000, 0x10000 }, 2) &&
	       STR_IS(fdt_r, "/reserved-memory/ring@50000000", "umbra,role",
		      "reader") &&
	       STR_IS(fdt_r, "/reserved-memory/ring@50000000",
		      "umbra,writer", "w"),
	       "reader: same region at its own IPA, role reader");
	tap_ok(fdt_node_offset_by_compatible(fdt, -1, DT_SHARED_COMPATIBLE) >= 0,
	       "shared region found by compatible");
	tap_ok(STR_IS(fdt, "/cpus/cpu@0", "device_type", "cpu") &&
	       cells_are(fdt, "/cpus/cpu@0", "reg", (uint32_t[]){ 0 }, 1),
	       "/cpus/cpu@0");
	tap_ok(STR_IS(fdt, "/intc@8000000", "compatible", "arm,cortex-a15-gic") &&
	       prop(fdt, "/intc@8000000", "interrupt-controller", NULL) &&
	       cells_are(fdt, "/intc@8000000", "#interrupt-cells",
			 (uint32_t[]){ 3 }, 1) &&
	       cells_are(fdt, "/intc@8000000", "reg",
			 (uint32_t[]){ 0x08000000, 0x1000, 0x08010000, 0x2000 }, 4) &&
	       fdt_get_phandle(fdt, fdt_path_offset(fdt, "/intc@8000000")) ==
	       DT_PHANDLE_GIC,
	       "GIC: GICD and GICC, phandle");
	tap_ok(STR_IS(fdt, "/timer", "compatible", "arm,armv7-timer") &&
	       cells_are(fdt, "/timer", "interrupts",
			 (uint32_t[]){ 1, 13, 0x104, 1, 14, 0x104,
				       1, 11, 0x104, 1, 10, 0x104 }, 12),
	       "timer: four PPIs, the virtual one INTID 27");
	tap_ok(STR_IS(fdt, "/pl011@9000000", "compatible",
		      "arm,pl011\0arm,primecell") &&
	       cells_are(fdt, "/pl011@9000000", "reg",
			 (uint32_t[]){ 0x09000000, 0x1000 }, 2) &&
	       cells_are(fdt, "/pl011@9000000", "interrupts",
			 (uint32_t[]){ 0, 1, 4 }, 3) &&
	       cells_are(fdt, "/pl011@9000000", "clocks",
			 (uint32_t[]){ DT_PHANDLE_CLK, DT_PHANDLE_CLK }, 2) &&
	       STR_IS(fdt, "/pl011@9000000", "clock-names",
		      "uartclk\0apb_pclk"),
	       "PL011: compatible, reg, SPI 1, clocks");
	tap_ok(STR_IS(fdt, "/apb-pclk", "compatible", "fixed-clock") &&
	       cells_are(fdt, "/apb-pclk", "clock-frequency",
			 (uint32_t[]){ DT_UART_CLOCK_HZ }, 1) &&
	       cells_are(fdt, "/apb-pclk", "#clock-cells", (uint32_t[]){ 0 }, 1),
	       "fixed clock");
	tap_ok(STR_IS(fdt, "/gpio@a000000", "compatible",
		      "arm,pl061\0arm,primecell") &&
	       cells_are(fdt, "/gpio@a000000", "interrupts",
			 (uint32_t[]){ 0, 7, 4 }, 3) &&
	       fdt_path_offset(fdt_r, "/gpio@a000000") < 0,
	       "assigned device only in its guest's tree");
	tap_ok(STR_IS(fdt, "/aliases", "serial0", DT_UART_PATH),
	       "aliases: serial0");

	test_sdk(fdt, fdt_r);

	path = g_build_filename(dir, "w.dtb", NULL);
	g_file_set_contents(path, fdt, fdt_totalsize(fdt), NULL);
	cmd = g_strdup_printf("dtc -q -I dtb -O dts '%s'", path);
	if (!g_find_program_in_path("dtc")) {
		printf("ok 21 # SKIP dtc not installed\n");
		printf("ok 22 # SKIP dtc not installed\n");
		tap_run += 2;
	} else {
		int status = -1;

		ok = g_spawn_command_line_sync(cmd, &dts, NULL, &status, NULL) &&
		     status == 0;
		tap_ok(ok, "dtc -I dtb -O dts decompiles it");
		/* dtc 1.6 prints a string list as "a\0b", later ones "a", "b" */
		tap_ok(ok && (strstr(dts, "compatible = \"arm,pl011\", \"arm,primecell\";") ||
			      strstr(dts, "compatible = \"arm,pl011\\0arm,primecell\";")) &&
		       strstr(dts, "linux,initrd-start = <0x41000000>;") &&
		       strstr(dts, "ring@48000000 {") &&
		       strstr(dts, "interrupts = <0x00 0x01 0x04>;"),
		       "dtc's source shows the UART, initrd and shared region");
		if (!ok || !dts)
			tap_diag("%s", dts ? dts : "no output");
	}
	g_free(dts);
	g_free(cmd);
	g_free(path);
	g_free(fdt);
	g_free(fdt_r);
	system_free(sys);
	g_ptr_array_free(errors, TRUE);
	cmd = g_strdup_printf("rm -rf '%s'", dir);
	if (system(cmd))
		tap_diag("cannot remove %s", dir);
	g_free(cmd);
	g_free(dir);
	return tap_done();
}
