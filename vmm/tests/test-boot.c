// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for guest_boot.c: a guest of a system file put into host
 * buffers standing for its RAM: image bytes, device tree, initrd and boot
 * registers, for ELF, raw and zImage guests.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <libfdt.h>

#include "elf_build.h"
#include "guest_boot.h"
#include "system.h"
#include "tap.h"

static char *dir;

static void put(const char *name, const void *data, size_t size)
{
	char *path = g_build_filename(dir, name, NULL);

	g_file_set_contents(path, data, size, NULL);
	g_free(path);
}

static const char ini[] =
	"[guest e]\n"
	"image = e.elf\n"
	"ram-regions = 0x40000000:1M, 0x50000000:64K\n"
	"[guest r]\n"
	"image = r.bin\n"
	"format = raw\n"
	"load-address = 0x40001000\n"
	"entry = 0x40001001\n"
	"ram-size = 2M\n"
	"devices = gpio\n"
	"[guest z]\n"
	"image = zImage\n"
	"format = zimage\n"
	"initrd = initrd\n"
	"bootargs = console=ttyAMA0\n"
	"ram-size = 16M\n"
	"[shared s]\n"
	"size = 4K\n"
	"writer = e\n"
	"readers = z\n"
	"ipa = 0x48000000\n"
	"[device gpio]\n"
	"compatible = arm,pl061\n"
	"reg = 0x0a000000:4K\n"
	"host = /dev/uio0\n";

/* Host buffers for guest @gi's RAM regions. */
static struct guest_ram *ram_of(struct system *sys, guint gi)
{
	struct sys_guest *g = sys->guests->pdata[gi];
	struct guest_ram *ram = g_new0(struct guest_ram, g->ram->len);
	guint i;

	for (i = 0; i < g->ram->len; i++) {
		struct sys_region *r = &g_array_index(g->ram, struct sys_region,
						      i);

		ram[i].base = r->ipa;
		ram[i].size = r->size;
		ram[i].host = g_malloc(r->size);
		memset(ram[i].host, 0xee, r->size);
	}
	return ram;
}

static void free_ram(struct system *sys, guint gi, struct guest_ram *ram)
{
	struct sys_guest *g = sys->guests->pdata[gi];
	guint i;

	for (i = 0; i < g->ram->len; i++)
		g_free(ram[i].host);
	g_free(ram);
}

int main(void)
{
	static uint8_t z[0x6000], rd[0x2345], raw[0x800];
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	GError *error = NULL;
	struct guest_boot b;
	struct umbra_regs regs;
	struct guest_ram *ram;
	struct system *sys;
	struct elf_desc d;
	const fdt32_t *v;
	uint8_t *elf, *fdt;
	size_t size, i;
	char *path;
	int off, len, ok;

	dir = g_dir_make_tmp("test-boot-XXXXXX", &error);
	if (!dir) {
		printf("Bail out! %s\n", error->message);
		return 1;
	}
	tap_plan(11);
	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	elf = elf_build(&d, &size);
	put("e.elf", elf, size);
	g_free(elf);
	for (i = 0; i < sizeof(raw); i++)
		raw[i] = (uint8_t)(i * 3);
	put("r.bin", raw, sizeof(raw));
	for (i = 0; i < sizeof(z); i++)
		z[i] = (uint8_t)(i * 5 + 1);
	memset(z + 0x24, 0, 12);
	z[0x24] = 0x18; z[0x25] = 0x28; z[0x26] = 0x6f; z[0x27] = 0x01;
	z[0x2d] = 0x60;		/* end = 0x6000 */
	put("zImage", z, sizeof(z));
	for (i = 0; i < sizeof(rd); i++)
		rd[i] = (uint8_t)(i * 11);
	put("initrd", rd, sizeof(rd));
	put("sys.ini", ini, sizeof(ini) - 1);
	path = g_build_filename(dir, "sys.ini", NULL);
	sys = system_load(path, errors);
	g_free(path);
	if (!sys) {
		for (i = 0; i < errors->len; i++)
			printf("# %s\n", (char *)errors->pdata[i]);
		printf("Bail out! the test system does not load\n");
		return 1;
	}

	/* ELF: DTB in the top 64 KiB of the image's region, SP there. */
	ram = ram_of(sys, 0);
	memset(&regs, 0x5a, sizeof(regs));
	ok = guest_boot_load(sys, 0, ram, &regs, &b, &error);
	tap_ok(ok && b.dtb == 0x400f0000 && regs.usr_regs[0] == 0x40000000 &&
	       regs.usr_regs[1] == 1 << 20 && regs.usr_regs[2] == 0x400f0000 &&
	       regs.svc_regs[0] == 0x400f0000 && regs.pc == 0x40000000 &&
	       regs.cpsr == 0x1d3,
	       "ELF: r0/r1 = its region, r2 = SP = DTB at top - 64 KiB");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	fdt = ram[0].host + 0xf0000;
	tap_ok(ok && fdt_check_header(fdt) == 0 &&
	       fdt_totalsize(fdt) == b.dtb_size &&
	       fdt_path_offset(fdt, "/memory@50000000") >= 0 &&
	       fdt_node_offset_by_compatible(fdt, -1, "umbra,shared-region") >= 0 &&
	       ram[0].host[0x100] == 0 && ram[0].host[0x2000] == 0xee &&
	       ram[1].host[0] == 0xee,
	       "ELF: image and bss loaded, its device tree in RAM");
	free_ram(sys, 0, ram);

	/* raw: at its load address, entry overridden (Thumb). */
	ram = ram_of(sys, 1);
	memset(&regs, 0x5a, sizeof(regs));
	ok = guest_boot_load(sys, 1, ram, &regs, &b, &error);
	tap_ok(ok && !memcmp(ram[0].host + 0x1000, raw, sizeof(raw)) &&
	       ram[0].host[0xfff] == 0xee && regs.pc == 0x40001000 &&
	       (regs.cpsr & UMBRA_PSR_T) && regs.usr_regs[2] == 0x401f0000 &&
	       fdt_check_header(ram[0].host + 0x1f0000) == 0,
	       "raw: bytes at the load address, Thumb entry, DTB at the top");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	free_ram(sys, 1, ram);

	/* zImage: booting.rst. 16 MiB: DTB and initrd at the top. */
	ram = ram_of(sys, 2);
	memset(&regs, 0x5a, sizeof(regs));
	ok = guest_boot_load(sys, 2, ram, &regs, &b, &error);
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	tap_ok(ok && regs.pc == 0x40008000 &&
	       regs.cpsr == (UMBRA_PSR_MODE_SVC | UMBRA_PSR_A | UMBRA_PSR_I |
			     UMBRA_PSR_F) &&
	       regs.usr_regs[0] == 0 && regs.usr_regs[1] == 0xffffffffu &&
	       regs.usr_regs[2] == b.dtb && regs.usr_regs[3] == 0x5a5a5a5a,
	       "zImage: pc = load address, SVC, IRQ/FIQ masked, r0 = 0, r1 = ~0, r2 = DTB");
	tap_ok(ok && !memcmp(ram[0].host + 0x8000, z, sizeof(z)) &&
	       ram[0].host[0x7fff] == 0xee,
	       "zImage: at RAM base + 0x8000");
	tap_ok(ok && b.initrd == 0x40ffd000 && b.initrd_size == sizeof(rd) &&
	       !memcmp(ram[0].host + (b.initrd - 0x40000000), rd, sizeof(rd)),
	       "zImage: initrd page aligned at the top of 16 MiB");
	tap_ok(ok && b.dtb == 0x40fed000 && !(b.dtb & 7),
	       "zImage: DTB below the initrd, 8-byte aligned (at 0x%08" G_GINT64_MODIFIER "x)",
	       b.dtb);
	fdt = ok ? ram[0].host + (b.dtb - 0x40000000) : NULL;
	ok = fdt && fdt_check_header(fdt) == 0;
	tap_ok(ok, "zImage: a valid DTB at r2");
	off = ok ? fdt_path_offset(fdt, "/chosen") : -1;
	v = off >= 0 ? fdt_getprop(fdt, off, "linux,initrd-start", &len) : NULL;
	tap_ok(v && len == 4 && fdt32_to_cpu(v[0]) == b.initrd &&
	       (v = fdt_getprop(fdt, off, "linux,initrd-end", &len)) &&
	       fdt32_to_cpu(v[0]) == b.initrd + sizeof(rd),
	       "zImage: /chosen names the initrd where it is");
	tap_ok(ok && !strcmp(fdt_getprop(fdt, off, "bootargs", NULL),
			     "console=ttyAMA0"),
	       "zImage: /chosen bootargs");
	free_ram(sys, 2, ram);

	{
		GArray *se = guest_boot_slots(sys, 0);
		GArray *sz = guest_boot_slots(sys, 2);
		GArray *sr = guest_boot_slots(sys, 1);
		struct guest_slot *dv = (struct guest_slot *)sr->data;
		struct guest_slot *a = (struct guest_slot *)se->data;
		struct guest_slot *c = (struct guest_slot *)sz->data;

		tap_ok(se->len == 3 && a[0].slot == 0 && a[0].flags == 0 &&
		       a[0].ipa == 0x40000000 && a[0].ram == 0 &&
		       a[1].ipa == 0x50000000 && a[1].size == 0x10000 &&
		       a[2].slot == 2 && a[2].flags == UMBRA_MEM_SHARED &&
		       a[2].ipa == 0x48000000 && a[2].shared == 0 &&
		       a[2].ram == -1 &&
		       sz->len == 2 && c[1].slot == 1 &&
		       c[1].flags == (UMBRA_MEM_SHARED | UMBRA_MEM_READONLY) &&
		       c[1].shared == 0 &&
		       sr->len == 2 && dv[1].flags == UMBRA_MEM_DEVICE &&
		       dv[1].ipa == 0x0a000000 && dv[1].size == 0x1000 &&
		       dv[1].device == 0,
		       "slots: RAM, then shared (writer RW, reader RO), then devices");
		g_array_unref(sr);
		g_array_unref(se);
		g_array_unref(sz);
	}

	system_free(sys);
	g_ptr_array_free(errors, TRUE);
	path = g_strdup_printf("rm -rf '%s'", dir);
	if (system(path))
		tap_diag("cannot remove %s", dir);
	g_free(path);
	return tap_done();
}
