// SPDX-License-Identifier: GPL-2.0
/*
 * zboot: a guest booted with the zImage protocol (format = zimage in a
 * system file). Checks what it was given and prints TAP; the exit status
 * is the number of failures:
 *   - r0 = 0, r1 = 0xffffffff (no machine type), r2 = the DTB's IPA,
 *     16-byte... at least 8-byte aligned (booting.rst)
 *   - the DTB: a valid header, /memory reg = <RAM base, RAM size> as
 *     expect-ram=BASE:SIZE in the bootargs says, /chosen/bootargs
 *     present and starting with "zboot "
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <umbra/guest.h>

extern uint32_t zboot_regs[3];

static int n, failed;

static void check(int ok, const char *what, unsigned long a, unsigned long b)
{
	n++;
	printf("%sok %d - %s (0x%08lx, expected 0x%08lx)\n", ok ? "" : "not ",
	       n, what, a, b);
	failed += !ok;
}

static uint64_t cells(const fdt32_t *p, int count)
{
	uint64_t v = 0;

	while (count--)
		v = v << 32 | fdt32_to_cpu(*p++);
	return v;
}

int main(void)
{
	const void *fdt = (const void *)zboot_regs[2];
	unsigned long base = 0, size = 0;
	const char *args = NULL, *e;
	int off, len, ac = 2, sc = 1;
	const fdt32_t *reg;

	printf("1..7\n");
	check(zboot_regs[0] == 0, "r0 = 0", zboot_regs[0], 0);
	check(zboot_regs[1] == 0xffffffffu, "r1 = ~0 (no machine type)",
	      zboot_regs[1], 0xffffffffu);
	check(zboot_regs[2] && zboot_regs[2] == umbra_dtb() &&
	      !(zboot_regs[2] & 7), "r2 = the DTB IPA, 8-byte aligned",
	      zboot_regs[2], umbra_dtb());
	check(!fdt_check_header(fdt), "r2 points at a valid DTB",
	      fdt_magic(fdt), FDT_MAGIC);

	off = fdt_path_offset(fdt, "/chosen");
	if (off >= 0)
		args = fdt_getprop(fdt, off, "bootargs", &len);
	check(args && !strncmp(args, "zboot ", 6),
	      "/chosen/bootargs given", args ? (unsigned long)len : 0, 0);
	if (args) {
		printf("# bootargs \"%s\"\n", args);
		e = strstr(args, "expect-ram=");
		if (e) {
			base = strtoul(e + 11, (char **)&e, 0);
			size = *e == ':' ? strtoul(e + 1, NULL, 0) : 0;
		}
	}
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	off = fdt_path_offset(fdt, "/memory");
	if (off < 0)
		off = fdt_node_offset_by_prop_value(fdt, -1, "device_type",
						    "memory", 7);
	reg = off < 0 ? NULL : fdt_getprop(fdt, off, "reg", &len);
	check(reg && ac > 0 && sc > 0 && len >= 4 * (ac + sc) &&
	      cells(reg, ac) == base, "memory node: RAM base",
	      reg ? (unsigned long)cells(reg, ac) : 0, base);
	check(reg && ac > 0 && sc > 0 && len >= 4 * (ac + sc) &&
	      cells(reg + ac, sc) == size, "memory node: RAM size",
	      reg ? (unsigned long)cells(reg + ac, sc) : 0, size);
	return failed;
}
