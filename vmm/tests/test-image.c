// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for image.c: raw and zImage loading, the zImage boot
 * protocol's placement of the DTB and initrd and its entry registers, and
 * ELF probing.
 */
#include <elf.h>
#include <string.h>

#include <glib.h>

#include "elf_build.h"
#include "image.h"
#include "tap.h"

static char *dir;

static char *put(const char *name, const void *data, size_t size)
{
	char *path = g_build_filename(dir, name, NULL);

	g_file_set_contents(path, data, size, NULL);
	return path;
}

static void make_zimage(uint8_t *z, size_t size, uint32_t start,
			uint32_t end)
{
	size_t i;

	for (i = 0; i < size; i++)
		z[i] = (uint8_t)(i * 7 + 1);
	z[0x24] = 0x18; z[0x25] = 0x28; z[0x26] = 0x6f; z[0x27] = 0x01;
	memcpy(z + 0x28, &start, 4);	/* the host is little-endian too */
	memcpy(z + 0x2c, &end, 4);
}

static void test_raw(struct guest_ram *ram)
{
	uint8_t data[0x2000];
	struct image_extent ext;
	GError *error = NULL;
	char *path;
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0x5a);
	path = put("raw.bin", data, sizeof(data));
	memset(ram->host, 0xee, ram->size);
	tap_ok(image_load(path, IMAGE_RAW, 0x40001000, ram, &ext, &error) &&
	       !memcmp(ram->host + 0x1000, data, sizeof(data)) &&
	       ram->host[0xfff] == 0xee && ram->host[0x3000] == 0xee &&
	       ext.entry == 0x40001000 && ext.low == 0x40001000 &&
	       ext.high == 0x40003000,
	       "raw: copied to its load address, nothing else written");
	g_clear_error(&error);

	memset(ram->host, 0xee, ram->size);
	tap_ok(!image_load(path, IMAGE_RAW, ram->base + ram->size - 0x1000,
			   ram, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FIT) &&
	       ram->host[ram->size - 1] == 0xee,
	       "raw: too big for the rest of RAM rejected, RAM untouched");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);

	tap_ok(image_probe(path, IMAGE_RAW, 0x40100000, &ext, &error) &&
	       ext.nr == 1 && ext.ipa[0] == 0x40100000 &&
	       ext.size[0] == sizeof(data),
	       "raw: probe gives load address and file size");
	g_clear_error(&error);
	g_free(path);

	path = put("empty.bin", "", 0);
	tap_ok(!image_probe(path, IMAGE_RAW, 0x40000000, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT),
	       "raw: empty file rejected");
	g_clear_error(&error);
	g_free(path);

	path = g_build_filename(dir, "nosuch", NULL);
	tap_ok(!image_probe(path, IMAGE_RAW, 0x40000000, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_IO),
	       "raw: missing file is an I/O error");
	g_clear_error(&error);
	g_free(path);
}

static void test_zimage(struct guest_ram *ram)
{
	static uint8_t z[0x4000];
	struct image_extent ext;
	GError *error = NULL;
	char *path;

	make_zimage(z, sizeof(z), 0, sizeof(z));
	path = put("zImage", z, sizeof(z));
	memset(ram->host, 0, ram->size);
	tap_ok(image_load(path, IMAGE_ZIMAGE, 0x40008000, ram, &ext, &error) &&
	       !memcmp(ram->host + 0x8000, z, sizeof(z)) &&
	       ext.entry == 0x40008000,
	       "zImage: loaded at RAM base + 0x8000");
	g_clear_error(&error);
	tap_ok(image_probe(path, IMAGE_ZIMAGE, 0x40008000, &ext, &error) &&
	       ext.size[0] == sizeof(z), "zImage: size from start/end");
	g_clear_error(&error);
	g_free(path);

	z[0x24] ^= 1;
	path = put("bad-magic", z, sizeof(z));
	tap_ok(!image_probe(path, IMAGE_ZIMAGE, 0x40008000, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT) &&
	       strstr(error->message, "0x016f2818"),
	       "zImage: bad magic rejected");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	g_free(path);

	make_zimage(z, sizeof(z), 0, sizeof(z) * 2);
	path = put("bad-end", z, sizeof(z));
	tap_ok(!image_probe(path, IMAGE_ZIMAGE, 0x40008000, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT),
	       "zImage: end past the file rejected");
	g_clear_error(&error);
	g_free(path);

	path = put("short", z, 0x20);
	tap_ok(!image_probe(path, IMAGE_ZIMAGE, 0x40008000, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT),
	       "zImage: file shorter than the header rejected");
	g_clear_error(&error);
	g_free(path);
}

static void test_linux_layout(void)
{
	struct guest_ram big = { 0x40000000, 256 << 20, NULL };
	struct guest_ram small = { 0x40000000, 16 << 20, NULL };
	struct guest_ram tiny = { 0x40000000, 64 << 10, NULL };
	struct image_linux_layout l;
	GError *error = NULL;

	tap_ok(image_linux_place(&big, 0x40008000, 4 << 20, 0x3000, 0x1800,
				 &l, &error) &&
	       l.dtb == 0x48000000 && l.initrd == 0x48003000 &&
	       l.initrd_size == 0x1800,
	       "256M: DTB at base + 128M, initrd on the next page after it");
	g_clear_error(&error);
	tap_ok(image_linux_place(&small, 0x40008000, 4 << 20, 0x3000, 0x1800,
				 &l, &error) &&
	       l.initrd == 0x40ffe000 && l.dtb == 0x40ffb000,
	       "16M: initrd at the top page-aligned, DTB below it");
	g_clear_error(&error);
	tap_ok(image_linux_place(&small, 0x40008000, 4 << 20, 0x3000, 0,
				 &l, &error) && l.initrd == 0 &&
	       l.dtb == 0x40ffd000, "no initrd: none placed");
	g_clear_error(&error);
	tap_ok(!image_linux_place(&small, 0x40008000, 15 << 20, 0x3000,
				  1 << 20, &l, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_OVERLAP),
	       "kernel overlapping the initrd rejected");
	g_clear_error(&error);
	tap_ok(!image_linux_place(&small, 0x40008000, 32 << 20, 0x3000, 0,
				  &l, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FIT),
	       "kernel too big for RAM rejected");
	g_clear_error(&error);
	tap_ok(!image_linux_place(&tiny, 0x40000000, 0x1000, 0x10000, 0x8000,
				  &l, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FIT),
	       "DTB and initrd too big for RAM rejected");
	g_clear_error(&error);
	tap_ok(!image_linux_place(&big, 0x40008000, 0x1000, 3 << 20, 0, &l,
				  &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FIT),
	       "DTB above 2 MiB rejected (booting.rst)");
	g_clear_error(&error);
}

static void test_linux_regs(void)
{
	struct umbra_regs r;

	memset(&r, 0x5a, sizeof(r));
	image_linux_regs(&r, 0x40008000, 0x48000000);
	tap_ok(r.pc == 0x40008000 &&
	       r.cpsr == (UMBRA_PSR_MODE_SVC | UMBRA_PSR_A | UMBRA_PSR_I |
			  UMBRA_PSR_F) &&
	       r.usr_regs[0] == 0 && r.usr_regs[1] == 0xffffffffu &&
	       r.usr_regs[2] == 0x48000000 && r.usr_regs[3] == 0x5a5a5a5a,
	       "zImage entry: SVC, IRQ/FIQ masked, r0 = 0, r1 = ~0, r2 = DTB");
}

static void test_elf(void)
{
	struct image_extent ext;
	GError *error = NULL;
	struct elf_desc d;
	uint8_t *elf;
	size_t size;
	char *path;

	elf_desc_init(&d, 0x40000101);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	elf_desc_add(&d, PT_NOTE, 0x30000000, 0x10, 0x10);
	elf_desc_add(&d, PT_LOAD, 0x40100000, 0x10, 0x1000);
	elf = elf_build(&d, &size);
	path = put("a.elf", elf, size);
	tap_ok(image_probe(path, IMAGE_ELF, 0, &ext, &error) && ext.nr == 2 &&
	       ext.ipa[1] == 0x40100000 && ext.size[0] == 0x2000 &&
	       ext.entry == 0x40000101 && ext.high == 0x40101000,
	       "ELF: probe lists the PT_LOAD segments and the entry");
	g_clear_error(&error);
	g_free(path);
	g_free(elf);

	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	elf_desc_add(&d, PT_LOAD, 0x40001000, 0x10, 0x10);
	elf = elf_build(&d, &size);
	path = put("overlap.elf", elf, size);
	tap_ok(!image_probe(path, IMAGE_ELF, 0, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_OVERLAP),
	       "ELF: overlapping segments rejected");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	g_free(path);
	g_free(elf);

	d.machine = EM_386;
	elf = elf_build(&d, &size);
	path = put("x86.elf", elf, size);
	tap_ok(!image_probe(path, IMAGE_ELF, 0, &ext, &error) &&
	       g_error_matches(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT),
	       "ELF: non-ARM rejected");
	g_clear_error(&error);
	g_free(path);
	g_free(elf);
}

int main(void)
{
	struct guest_ram ram = { 0x40000000, 1 << 20, NULL };
	GError *error = NULL;
	char *cmd;

	dir = g_dir_make_tmp("test-image-XXXXXX", &error);
	if (!dir) {
		printf("Bail out! %s\n", error->message);
		return 1;
	}
	ram.host = g_malloc(ram.size);
	tap_plan(21);
	test_raw(&ram);
	test_zimage(&ram);
	test_linux_layout();
	test_linux_regs();
	test_elf();
	g_free(ram.host);
	cmd = g_strdup_printf("rm -rf '%s'", dir);
	if (system(cmd))
		tap_diag("cannot remove %s", dir);
	g_free(cmd);
	return tap_done();
}
