/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: loading an ELF guest image into guest RAM.
 *
 * The loader only needs a struct guest_ram, i.e. a plain host buffer, so it
 * runs (and is unit-tested) on any host, with no /dev/umbra.
 */
#ifndef UMBRA_VMM_LOADER_H
#define UMBRA_VMM_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "guest_mem.h"

#define LOADER_ERROR	(loader_error_quark())
GQuark loader_error_quark(void);

/**
 * enum loader_error_code - why an image was rejected (LOADER_ERROR domain)
 * @LOADER_ERROR_IO:      the file cannot be opened or read
 * @LOADER_ERROR_FORMAT:  not an ELF file, or its headers are unreadable
 * @LOADER_ERROR_CLASS:   not a 32-bit (ELFCLASS32) file
 * @LOADER_ERROR_ENDIAN:  not little-endian (ELFDATA2LSB)
 * @LOADER_ERROR_MACHINE: not an ARM (EM_ARM) file
 * @LOADER_ERROR_TYPE:    not an executable (ET_EXEC)
 * @LOADER_ERROR_NO_LOAD: no PT_LOAD segment with a nonzero memory size
 * @LOADER_ERROR_SEGMENT: a PT_LOAD segment is malformed (file size above
 *                        memory size, or file data past the end of the file)
 * @LOADER_ERROR_OUTSIDE: a segment lies entirely outside guest RAM
 * @LOADER_ERROR_PARTIAL: a segment lies partly outside guest RAM
 * @LOADER_ERROR_OVERLAP: two segments overlap in IPA space
 */
enum loader_error_code {
	LOADER_ERROR_IO,
	LOADER_ERROR_FORMAT,
	LOADER_ERROR_CLASS,
	LOADER_ERROR_ENDIAN,
	LOADER_ERROR_MACHINE,
	LOADER_ERROR_TYPE,
	LOADER_ERROR_NO_LOAD,
	LOADER_ERROR_SEGMENT,
	LOADER_ERROR_OUTSIDE,
	LOADER_ERROR_PARTIAL,
	LOADER_ERROR_OVERLAP,
};

/**
 * struct loader_image - what was loaded
 * @entry:     the ELF entry point (e_entry) as is; bit 0 set means Thumb
 * @nr_loaded: number of PT_LOAD segments copied (empty ones are skipped)
 * @low:       lowest IPA written
 * @high:      one past the highest IPA written
 */
struct loader_image {
	uint32_t entry;
	unsigned int nr_loaded;
	uint64_t low;
	uint64_t high;
};

gboolean loader_load_mem(const void *data, size_t size, const char *name,
			 const struct guest_ram *ram,
			 struct loader_image *image, GError **error);
gboolean loader_load_file(const char *path, const struct guest_ram *ram,
			  struct loader_image *image, GError **error);

#endif /* UMBRA_VMM_LOADER_H */
