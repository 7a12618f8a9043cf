/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building small ELF images in memory for the loader's tests.
 */
#ifndef UMBRA_VMM_TESTS_ELF_BUILD_H
#define UMBRA_VMM_TESTS_ELF_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define ELF_BUILD_MAX_SEGS	8
/* Where the program headers start: right after the 52-byte ELF header. */
#define ELF_BUILD_PHOFF		52

/**
 * struct elf_seg - one program header
 * @type:   p_type
 * @vaddr:  p_vaddr
 * @paddr:  p_paddr (the IPA the loader uses)
 * @filesz: p_filesz; the file data's byte j is (uint8_t)(@fill + j)
 * @memsz:  p_memsz
 * @fill:   first byte of the file data
 */
struct elf_seg {
	uint32_t type;
	uint32_t vaddr;
	uint32_t paddr;
	uint32_t filesz;
	uint32_t memsz;
	uint8_t fill;
};

/**
 * struct elf_desc - an ELF image to build
 * @ei_class: ELFCLASS32 or ELFCLASS64 (64: only an Elf64_Ehdr is written)
 * @ei_data:  ELFDATA2LSB or ELFDATA2MSB (fields are written LE regardless)
 * @type:     e_type
 * @machine:  e_machine
 * @entry:    e_entry
 * @nr_segs:  number of program headers in @segs
 * @segs:     the program headers
 */
struct elf_desc {
	uint8_t ei_class;
	uint8_t ei_data;
	uint16_t type;
	uint16_t machine;
	uint32_t entry;
	unsigned int nr_segs;
	struct elf_seg segs[ELF_BUILD_MAX_SEGS];
};

void elf_desc_init(struct elf_desc *d, uint32_t entry);
struct elf_seg *elf_desc_add(struct elf_desc *d, uint32_t type,
			     uint32_t paddr, uint32_t filesz, uint32_t memsz);
uint8_t *elf_build(const struct elf_desc *d, size_t *size);

#endif /* UMBRA_VMM_TESTS_ELF_BUILD_H */
