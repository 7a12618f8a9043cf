// SPDX-License-Identifier: GPL-2.0
/*
 * Building small ELF images in memory for the loader's tests: a valid
 * 32-bit little-endian ARM ET_EXEC by default, each field changeable to
 * make the image wrong in exactly one way.
 */
#include <elf.h>
#include <string.h>

#include <glib.h>

#include "elf_build.h"

/**
 * elf_desc_init() - describe a valid ARM executable with no segments
 * @d:     the description
 * @entry: e_entry
 */
void elf_desc_init(struct elf_desc *d, uint32_t entry)
{
	memset(d, 0, sizeof(*d));
	d->ei_class = ELFCLASS32;
	d->ei_data = ELFDATA2LSB;
	d->type = ET_EXEC;
	d->machine = EM_ARM;
	d->entry = entry;
}

/**
 * elf_desc_add() - add a program header with p_vaddr = p_paddr
 * @d:      the description
 * @type:   p_type
 * @paddr:  p_paddr and p_vaddr
 * @filesz: p_filesz
 * @memsz:  p_memsz
 *
 * Return: the new header, for further changes.
 */
struct elf_seg *elf_desc_add(struct elf_desc *d, uint32_t type,
			     uint32_t paddr, uint32_t filesz, uint32_t memsz)
{
	struct elf_seg *s = &d->segs[d->nr_segs];

	g_assert(d->nr_segs < ELF_BUILD_MAX_SEGS);
	s->type = type;
	s->vaddr = paddr;
	s->paddr = paddr;
	s->filesz = filesz;
	s->memsz = memsz;
	s->fill = 0x11 * ++d->nr_segs;
	return s;
}

static uint8_t *build64(const struct elf_desc *d, size_t *size)
{
	Elf64_Ehdr *eh = g_malloc0(sizeof(*eh));

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = d->ei_class;
	eh->e_ident[EI_DATA] = d->ei_data;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = d->type;
	eh->e_machine = d->machine;
	eh->e_version = EV_CURRENT;
	eh->e_entry = d->entry;
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	*size = sizeof(*eh);
	return (uint8_t *)eh;
}

/**
 * elf_build() - build the image
 * @d:    the description
 * @size: set to the image size in bytes
 *
 * Layout: ELF header, program headers, then each segment's file data at a
 * 4-byte aligned offset.
 *
 * Return: the image, to be freed with g_free().
 */
uint8_t *elf_build(const struct elf_desc *d, size_t *size)
{
	size_t off = ELF_BUILD_PHOFF + d->nr_segs * sizeof(Elf32_Phdr);
	size_t offsets[ELF_BUILD_MAX_SEGS];
	Elf32_Ehdr *eh;
	Elf32_Phdr *ph;
	uint8_t *buf;
	unsigned int i;
	uint32_t j;

	if (d->ei_class == ELFCLASS64)
		return build64(d, size);
	for (i = 0; i < d->nr_segs; i++) {
		off = (off + 3) & ~(size_t)3;
		offsets[i] = off;
		off += d->segs[i].filesz;
	}
	*size = off;
	buf = g_malloc0(off);

	eh = (Elf32_Ehdr *)buf;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = d->ei_class;
	eh->e_ident[EI_DATA] = d->ei_data;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = d->type;
	eh->e_machine = d->machine;
	eh->e_version = EV_CURRENT;
	eh->e_entry = d->entry;
	eh->e_phoff = d->nr_segs ? ELF_BUILD_PHOFF : 0;
	eh->e_flags = 0x05000400;	/* EABI5, hard float */
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = d->nr_segs;
	eh->e_shentsize = sizeof(Elf32_Shdr);

	ph = (Elf32_Phdr *)(buf + ELF_BUILD_PHOFF);
	for (i = 0; i < d->nr_segs; i++) {
		const struct elf_seg *s = &d->segs[i];

		ph[i].p_type = s->type;
		ph[i].p_offset = offsets[i];
		ph[i].p_vaddr = s->vaddr;
		ph[i].p_paddr = s->paddr;
		ph[i].p_filesz = s->filesz;
		ph[i].p_memsz = s->memsz;
		ph[i].p_flags = PF_R | PF_W | PF_X;
		ph[i].p_align = 4;
		for (j = 0; j < s->filesz; j++)
			buf[offsets[i] + j] = (uint8_t)(s->fill + j);
	}
	return buf;
}
