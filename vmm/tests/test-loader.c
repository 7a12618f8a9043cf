// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for loader.c: ELF images built in memory (and one on disk)
 * are loaded into a plain host buffer standing in for guest RAM.
 */
#include <elf.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "elf_build.h"
#include "loader.h"
#include "tap.h"

#define RAM_BASE	0x40000000u
#define RAM_SIZE	0x10000u	/* 64 KiB */
#define POISON		0xaa
#define NAME		"guest.elf"

static uint8_t ram_buf[RAM_SIZE];
static const struct guest_ram ram = {
	.base = RAM_BASE,
	.size = RAM_SIZE,
	.host = ram_buf,
};

static void poison_ram(void)
{
	memset(ram_buf, POISON, sizeof(ram_buf));
}

static int ram_is(uint32_t ipa, uint32_t len, int byte)
{
	uint32_t i;

	for (i = 0; i < len; i++)
		if (ram_buf[ipa - RAM_BASE + i] != byte)
			return 0;
	return 1;
}

static int ram_has_seg(const struct elf_seg *s)
{
	uint32_t i;

	for (i = 0; i < s->filesz; i++)
		if (ram_buf[s->paddr - RAM_BASE + i] != (uint8_t)(s->fill + i))
			return 0;
	return ram_is(s->paddr + s->filesz, s->memsz - s->filesz, 0);
}

/* Load @d; return the GError (NULL on success), image in @img. */
static GError *load(const struct elf_desc *d, struct loader_image *img)
{
	struct loader_image dummy;
	GError *error = NULL;
	uint8_t *elf;
	size_t size;

	elf = elf_build(d, &size);
	loader_load_mem(elf, size, NAME, &ram, img ? img : &dummy, &error);
	g_free(elf);
	return error;
}

/* Expect rejection with @code and every string in @want in the message. */
static void expect_error(const struct elf_desc *d, int code,
			 const char *const *want, const char *name)
{
	GError *error;
	int ok, i;

	poison_ram();
	error = load(d, NULL);
	ok = error && g_error_matches(error, LOADER_ERROR, code);
	for (i = 0; ok && want && want[i]; i++)
		if (!strstr(error->message, want[i])) {
			tap_diag("message lacks '%s'", want[i]);
			ok = 0;
		}
	ok = ok && ram_is(RAM_BASE, RAM_SIZE, POISON);
	if (!tap_ok(ok, "%s", name)) {
		tap_diag("wanted error code %d, got %s (code %d)", code,
			 error ? error->message : "success",
			 error ? error->code : -1);
	} else {
		tap_diag("%s", error->message);
	}
	g_clear_error(&error);
}

static void test_good(void)
{
	struct loader_image img;
	struct elf_desc d;
	struct elf_seg *text, *data, *v;
	GError *error;

	elf_desc_init(&d, RAM_BASE + 0x40);
	text = elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x100, 0x100);
	elf_desc_add(&d, PT_NOTE, 0x10000000, 0x10, 0x10);
	data = elf_desc_add(&d, PT_LOAD, RAM_BASE + 0x1000, 0x21, 0x400);
	elf_desc_add(&d, PT_LOAD, 0x90000000, 0, 0);	/* empty: skipped */
	v = elf_desc_add(&d, PT_LOAD, RAM_BASE + 0x8000, 0x10, 0x10);
	v->vaddr = 0xc0008000;	/* linked high, loaded at its LMA */

	poison_ram();
	error = load(&d, &img);
	tap_ok(!error, "good image loads");
	if (error) {
		tap_diag("%s", error->message);
		g_clear_error(&error);
	}
	tap_ok(img.entry == RAM_BASE + 0x40 && img.nr_loaded == 3 &&
	       img.low == RAM_BASE && img.high == RAM_BASE + 0x8010,
	       "entry, segment count and loaded range reported");
	tap_ok(ram_has_seg(text) && ram_has_seg(data),
	       "segment data copied to p_paddr, bss zeroed up to p_memsz");
	tap_ok(ram_has_seg(v), "p_paddr used as the IPA, not p_vaddr");
	tap_ok(ram_is(RAM_BASE + 0x100, 0xf00, POISON) &&
	       ram_is(RAM_BASE + 0x1400, 0x6c00, POISON) &&
	       ram_is(RAM_BASE + 0x8010, RAM_SIZE - 0x8010, POISON),
	       "RAM outside the segments untouched");
}

static void test_boundaries(void)
{
	struct loader_image img;
	struct elf_desc d;
	GError *error;

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, RAM_SIZE);
	error = load(&d, &img);
	tap_ok(!error, "segment filling all of RAM loads");
	g_clear_error(&error);

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x1000);
	elf_desc_add(&d, PT_LOAD, RAM_BASE + 0x1000, 0x10, 0x1000);
	error = load(&d, &img);
	tap_ok(!error && img.nr_loaded == 2, "adjacent segments load");
	g_clear_error(&error);

	elf_desc_init(&d, RAM_BASE | 1);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	error = load(&d, &img);
	tap_ok(!error && img.entry == (RAM_BASE | 1),
	       "Thumb entry (bit 0) passed through unchanged");
	g_clear_error(&error);
}

static void test_rejects(void)
{
	struct elf_desc d;
	uint8_t *elf;
	size_t size;
	GError *error = NULL;

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_NOTE, RAM_BASE, 0x10, 0x10);
	expect_error(&d, LOADER_ERROR_NO_LOAD, (const char *[]){
		NAME ":", "PT_LOAD", NULL }, "image without PT_LOAD rejected");

	elf_desc_init(&d, RAM_BASE);
	expect_error(&d, LOADER_ERROR_NO_LOAD, NULL,
		     "image without program headers rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, 0x90000000, 0, 0);
	expect_error(&d, LOADER_ERROR_NO_LOAD, NULL,
		     "image with only an empty PT_LOAD rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	elf_desc_add(&d, PT_LOAD, RAM_BASE + RAM_SIZE - 0x1000, 0x10, 0x2000);
	expect_error(&d, LOADER_ERROR_PARTIAL, (const char *[]){
		NAME ":", "segment 1 ", "IPA 0x4000f000", "8192 bytes",
		"[0x40000000, 0x40010000)", NULL },
		"segment running past the end of RAM rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE - 0x100, 0x200, 0x200);
	expect_error(&d, LOADER_ERROR_PARTIAL, (const char *[]){
		"segment 0 ", "IPA 0x3fffff00", "512 bytes", NULL },
		"segment starting below RAM rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	elf_desc_add(&d, PT_NOTE, 0, 0, 0);
	elf_desc_add(&d, PT_LOAD, 0x80000000, 0x10, 0x100);
	expect_error(&d, LOADER_ERROR_OUTSIDE, (const char *[]){
		NAME ":", "segment 2 ", "IPA 0x80000000", "256 bytes",
		"entirely outside", "[0x40000000, 0x40010000)", NULL },
		"segment entirely outside RAM rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE - 0x1000, 0x10, 0x1000);
	expect_error(&d, LOADER_ERROR_OUTSIDE, (const char *[]){
		"IPA 0x3ffff000", NULL },
		"segment ending exactly at the RAM base rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE + RAM_SIZE, 0x10, 0x10);
	expect_error(&d, LOADER_ERROR_OUTSIDE, NULL,
		     "segment starting exactly at the RAM end rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, 0xfffff000, 0x10, 0x2000);
	expect_error(&d, LOADER_ERROR_OUTSIDE, NULL,
		     "segment wrapping past 4 GiB rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x100, 0x100);
	elf_desc_add(&d, PT_LOAD, RAM_BASE + 0x80, 0x100, 0x100);
	expect_error(&d, LOADER_ERROR_OVERLAP, (const char *[]){
		NAME ":", "segment 1 (IPA 0x40000080, 256 bytes)",
		"segment 0 (IPA 0x40000000, 256 bytes)", NULL },
		"overlapping segments rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE + 0x1000, 0x10, 0x10);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x1001);
	expect_error(&d, LOADER_ERROR_OVERLAP, NULL,
		     "overlap through a bss, out of address order, rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	d.machine = EM_386;
	expect_error(&d, LOADER_ERROR_MACHINE, (const char *[]){
		NAME ":", "machine 3", NULL }, "wrong machine (x86) rejected");

	elf_desc_init(&d, RAM_BASE);
	d.ei_class = ELFCLASS64;
	d.machine = EM_AARCH64;
	expect_error(&d, LOADER_ERROR_CLASS, (const char *[]){
		NAME ":", "64-bit", NULL }, "wrong class (ELFCLASS64) rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	d.ei_data = ELFDATA2MSB;
	expect_error(&d, LOADER_ERROR_ENDIAN, (const char *[]){
		"big-endian", NULL }, "big-endian image rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	d.type = ET_DYN;
	expect_error(&d, LOADER_ERROR_TYPE, NULL,
		     "shared object (ET_DYN) rejected");

	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x20, 0x10);
	expect_error(&d, LOADER_ERROR_SEGMENT, (const char *[]){
		"segment 0 ", NULL }, "p_filesz > p_memsz rejected");

	/* A segment whose file data runs past the end of the file. */
	elf_desc_init(&d, RAM_BASE);
	elf_desc_add(&d, PT_LOAD, RAM_BASE, 0x10, 0x10);
	elf = elf_build(&d, &size);
	((Elf32_Phdr *)(elf + ELF_BUILD_PHOFF))->p_offset = size - 8;
	poison_ram();
	loader_load_mem(elf, size, NAME, &ram, &(struct loader_image){ 0 },
			&error);
	tap_ok(g_error_matches(error, LOADER_ERROR, LOADER_ERROR_SEGMENT) &&
	       ram_is(RAM_BASE, RAM_SIZE, POISON),
	       "segment data past the end of the file rejected");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);
	g_free(elf);

	loader_load_mem("#!/bin/sh\necho hi\n", 19, NAME, &ram,
			&(struct loader_image){ 0 }, &error);
	tap_ok(g_error_matches(error, LOADER_ERROR, LOADER_ERROR_FORMAT) &&
	       strstr(error->message, NAME ": not an ELF file"),
	       "non-ELF file rejected");
	g_clear_error(&error);
}

static void test_file(void)
{
	struct loader_image img = { 0 };
	GError *error = NULL;
	struct elf_desc d;
	struct elf_seg *s;
	char *dir, *path;
	uint8_t *elf;
	size_t size;

	dir = g_dir_make_tmp("umbra-loader-XXXXXX", NULL);
	g_assert(dir);
	path = g_build_filename(dir, "guest.elf", NULL);

	elf_desc_init(&d, RAM_BASE + 4);
	s = elf_desc_add(&d, PT_LOAD, RAM_BASE + 0x2000, 0x30, 0x80);
	elf = elf_build(&d, &size);
	g_assert(g_file_set_contents(path, (char *)elf, size, NULL));
	poison_ram();
	tap_ok(loader_load_file(path, &ram, &img, &error) &&
	       img.entry == RAM_BASE + 4 && ram_has_seg(s),
	       "image loads from a file");
	g_clear_error(&error);
	g_unlink(path);

	tap_ok(!loader_load_file(path, &ram, &img, &error) &&
	       g_error_matches(error, LOADER_ERROR, LOADER_ERROR_IO) &&
	       strstr(error->message, path),
	       "missing file rejected, naming the path");
	if (error)
		tap_diag("%s", error->message);
	g_clear_error(&error);

	tap_ok(!loader_load_file(dir, &ram, &img, &error) &&
	       g_error_matches(error, LOADER_ERROR, LOADER_ERROR_IO),
	       "directory rejected");
	g_clear_error(&error);

	g_rmdir(dir);
	g_free(elf);
	g_free(path);
	g_free(dir);
}

int main(void)
{
	tap_plan(29);
	test_good();
	test_boundaries();
	test_rejects();
	test_file();
	return tap_done();
}
