// SPDX-License-Identifier: GPL-2.0
/*
 * mkelf KIND OUT: write a small test ELF image for test-cli.sh.
 *   good     one segment at 0x40000000 (an infinite loop), entry there
 *   outside  a segment at 0x80000000, outside the default RAM
 *   overlap  two overlapping segments
 *   x86      a valid layout but e_machine EM_386
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "elf_build.h"

int main(int argc, char **argv)
{
	struct elf_desc d;
	GError *error = NULL;
	uint8_t *elf;
	size_t size;

	if (argc != 3) {
		fprintf(stderr, "usage: mkelf good|outside|overlap|x86 OUT\n");
		return 2;
	}
	elf_desc_init(&d, 0x40000000);
	elf_desc_add(&d, PT_LOAD, 0x40000000, 0x100, 0x2000);
	if (!strcmp(argv[1], "outside"))
		elf_desc_add(&d, PT_LOAD, 0x80000000, 0x10, 0x10);
	else if (!strcmp(argv[1], "overlap"))
		elf_desc_add(&d, PT_LOAD, 0x40000800, 0x10, 0x10);
	else if (!strcmp(argv[1], "x86"))
		d.machine = EM_386;
	else if (strcmp(argv[1], "good"))
		return 2;
	elf = elf_build(&d, &size);
	if (!strcmp(argv[1], "good"))
		memcpy(elf + size - 0x100, "\xfe\xff\xff\xea", 4); /* b . */
	if (!g_file_set_contents(argv[2], (char *)elf, size, &error)) {
		fprintf(stderr, "mkelf: %s\n", error->message);
		return 1;
	}
	g_free(elf);
	return 0;
}
