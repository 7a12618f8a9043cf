/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: guest image formats: ELF (loader.c), a raw binary at a load
 * address, and the Linux zImage boot protocol (Documentation/arm/booting.rst
 * in Linux) with a device tree blob and an initrd.
 */
#ifndef UMBRA_VMM_IMAGE_H
#define UMBRA_VMM_IMAGE_H

#include <stdint.h>

#include <glib.h>
#include <linux/umbra.h>

#include "guest_mem.h"

/* zImage header (arch/arm/boot/compressed/head.S), offsets in bytes. */
#define ZIMAGE_MAGIC		0x016f2818u
#define ZIMAGE_MAGIC_OFFSET	0x24
#define ZIMAGE_START_OFFSET	0x28
#define ZIMAGE_END_OFFSET	0x2c
/* booting.rst: zImage at RAM base + 32 KiB, DTB above RAM base + 128 MiB. */
#define ZIMAGE_TEXT_OFFSET	0x8000ull
#define ZIMAGE_DTB_OFFSET	(128ull << 20)
/* A DTB must be 8-byte aligned and at most 2 MiB (booting.rst 4b). */
#define IMAGE_DTB_MAX		(2ull << 20)

#define IMAGE_ERROR	(image_error_quark())
GQuark image_error_quark(void);

/**
 * enum image_error_code - why an image was rejected (IMAGE_ERROR domain)
 * @IMAGE_ERROR_IO:      the file cannot be opened or read
 * @IMAGE_ERROR_FORMAT:  not in the stated format (bad magic, bad header)
 * @IMAGE_ERROR_FIT:     it does not fit in guest RAM
 * @IMAGE_ERROR_OVERLAP: two things to load overlap
 */
enum image_error_code {
	IMAGE_ERROR_IO,
	IMAGE_ERROR_FORMAT,
	IMAGE_ERROR_FIT,
	IMAGE_ERROR_OVERLAP,
};

/**
 * enum image_format - a guest image's format
 * @IMAGE_ELF:    32-bit little-endian ARM ET_EXEC, PT_LOAD at p_paddr
 * @IMAGE_RAW:    bytes copied to a load address, entered there
 * @IMAGE_ZIMAGE: a Linux ARM zImage, entered with r0 = 0, r1 = ~0,
 *                r2 = DTB IPA
 */
enum image_format {
	IMAGE_ELF,
	IMAGE_RAW,
	IMAGE_ZIMAGE,
};

#define IMAGE_MAX_SEGS	16

/**
 * struct image_extent - where an image goes in guest memory
 * @entry:  entry IPA (bit 0 set: Thumb)
 * @nr:     number of entries in @ipa / @size
 * @ipa:    first IPA of each loaded piece (ELF: each nonempty PT_LOAD)
 * @size:   its size in guest memory in bytes (ELF: p_memsz)
 * @low:    lowest IPA written
 * @high:   one past the highest IPA written
 */
struct image_extent {
	uint32_t entry;
	unsigned int nr;
	uint64_t ipa[IMAGE_MAX_SEGS];
	uint64_t size[IMAGE_MAX_SEGS];
	uint64_t low;
	uint64_t high;
};

/**
 * struct image_linux_layout - where the zImage boot protocol puts things
 * @kernel:      IPA of the zImage
 * @kernel_size: its size in bytes (the file)
 * @dtb:         IPA of the DTB (8-byte aligned)
 * @dtb_size:    room for the DTB in bytes
 * @initrd:      IPA of the initrd (page aligned), 0 if none
 * @initrd_size: its size in bytes, 0 if none
 */
struct image_linux_layout {
	uint64_t kernel;
	uint64_t kernel_size;
	uint64_t dtb;
	uint64_t dtb_size;
	uint64_t initrd;
	uint64_t initrd_size;
};

const char *image_format_name(enum image_format format);
gboolean image_probe(const char *path, enum image_format format,
		     uint64_t load, struct image_extent *ext, GError **error);
gboolean image_load(const char *path, enum image_format format,
		    uint64_t load, const struct guest_ram *ram,
		    struct image_extent *ext, GError **error);
gboolean image_linux_place(const struct guest_ram *ram, uint64_t kernel,
			   uint64_t kernel_size, uint64_t dtb_size,
			   uint64_t initrd_size,
			   struct image_linux_layout *layout, GError **error);
void image_linux_regs(struct umbra_regs *regs, uint64_t kernel,
		      uint64_t dtb);

#endif /* UMBRA_VMM_IMAGE_H */
