// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: guest image formats.
 *
 * image_probe() reads only what it needs to know where an image goes (ELF
 * program headers, a zImage header, a raw file's size), so `umbra-vmm
 * check` can tell whether it fits its guest's RAM without loading it.
 * image_load() copies it into guest RAM; ELF goes through loader.c.
 *
 * zImage (Linux Documentation/arm/booting.rst): the header word at 0x24 is
 * 0x016f2818, 0x28 and 0x2c hold the image's start and end link addresses
 * (start 0 for a position independent zImage), so end - start is the size
 * of what must be loaded. The kernel goes to RAM base + 0x8000 unless a load
 * address is given, the DTB just above RAM base + 128 MiB and the initrd
 * just above the DTB (both "a safe location" in booting.rst 4b and 5); in a
 * guest with less RAM they go to the top of RAM instead, initrd highest.
 * Entry: r0 = 0, r1 = ~0 (no machine type: DT boot), r2 = DTB IPA, SVC
 * mode with IRQs, FIQs and asynchronous aborts masked, MMU off (booting.rst
 * 6).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gelf.h>
#include <libelf.h>

#include "image.h"
#include "loader.h"
#include "vmm.h"

G_DEFINE_QUARK(umbra-image-error-quark, image_error)

/**
 * image_format_name() - the format's name as the configuration spells it
 * @format: a format
 *
 * Return: "elf", "raw" or "zimage".
 */
const char *image_format_name(enum image_format format)
{
	switch (format) {
	case IMAGE_RAW:
		return "raw";
	case IMAGE_ZIMAGE:
		return "zimage";
	default:
		return "elf";
	}
}

static gboolean read_file(const char *path, uint8_t **data, size_t *size,
			  GError **error)
{
	GError *err = NULL;
	gchar *buf;
	gsize len;

	if (!g_file_get_contents(path, &buf, &len, &err)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_IO, "%s",
			    err->message);
		g_error_free(err);
		return FALSE;
	}
	*data = (uint8_t *)buf;
	*size = len;
	return TRUE;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void extent_one(struct image_extent *ext, uint64_t ipa,
		       uint64_t size, uint32_t entry)
{
	memset(ext, 0, sizeof(*ext));
	ext->entry = entry;
	ext->nr = 1;
	ext->ipa[0] = ipa;
	ext->size[0] = size;
	ext->low = ipa;
	ext->high = ipa + size;
}

static gboolean probe_elf(const char *path, struct image_extent *ext,
			  GError **error)
{
	gboolean ok = FALSE;
	size_t phnum, i;
	GElf_Ehdr ehdr;
	Elf *elf = NULL;
	int fd;

	if (elf_version(EV_CURRENT) == EV_NONE) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: libelf is too old", path);
		return FALSE;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_IO,
			    "%s: cannot open: %s", path, g_strerror(errno));
		return FALSE;
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &ehdr) ||
	    ehdr.e_ident[EI_CLASS] != ELFCLASS32 ||
	    ehdr.e_ident[EI_DATA] != ELFDATA2LSB ||
	    ehdr.e_machine != EM_ARM || ehdr.e_type != ET_EXEC ||
	    elf_getphdrnum(elf, &phnum)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: not a 32-bit little-endian ARM ELF executable",
			    path);
		goto out;
	}
	memset(ext, 0, sizeof(*ext));
	ext->entry = ehdr.e_entry;
	ext->low = UINT64_MAX;
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, i, &ph)) {
			g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
				    "%s: cannot read program header %zu", path,
				    i);
			goto out;
		}
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ext->nr == IMAGE_MAX_SEGS) {
			g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
				    "%s: more than %d PT_LOAD segments", path,
				    IMAGE_MAX_SEGS);
			goto out;
		}
		ext->ipa[ext->nr] = ph.p_paddr;
		ext->size[ext->nr] = ph.p_memsz;
		ext->low = MIN(ext->low, ph.p_paddr);
		ext->high = MAX(ext->high, ph.p_paddr + ph.p_memsz);
		ext->nr++;
	}
	if (!ext->nr) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: no loadable (PT_LOAD) segment", path);
		goto out;
	}
	for (i = 0; i < ext->nr; i++) {
		size_t j;

		for (j = 0; j < i; j++) {
			if (ext->ipa[j] >= ext->ipa[i] + ext->size[i] ||
			    ext->ipa[i] >= ext->ipa[j] + ext->size[j])
				continue;
			g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_OVERLAP,
				    "%s: PT_LOAD segments at [0x%08" PRIx64 ", 0x%08" PRIx64 ") and [0x%08" PRIx64 ", 0x%08" PRIx64 ") overlap",
				    path, ext->ipa[j], ext->ipa[j] + ext->size[j],
				    ext->ipa[i], ext->ipa[i] + ext->size[i]);
			goto out;
		}
	}
	ok = TRUE;
out:
	if (elf)
		elf_end(elf);
	close(fd);
	return ok;
}

/* Size of a zImage as its header states it, checked against the file. */
static gboolean zimage_size(const char *path, const uint8_t *data,
			    size_t size, uint64_t *load_size, GError **error)
{
	uint32_t magic, start, end;

	if (size < ZIMAGE_END_OFFSET + 4) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: %zu bytes, too short for a zImage header",
			    path, size);
		return FALSE;
	}
	magic = get_le32(data + ZIMAGE_MAGIC_OFFSET);
	if (magic != ZIMAGE_MAGIC) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: not a zImage: magic 0x%08x at offset 0x%x, expected 0x%08x",
			    path, magic, ZIMAGE_MAGIC_OFFSET, ZIMAGE_MAGIC);
		return FALSE;
	}
	start = get_le32(data + ZIMAGE_START_OFFSET);
	end = get_le32(data + ZIMAGE_END_OFFSET);
	if (end <= start || end - start > size) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: zImage header start 0x%08x end 0x%08x does not describe the file's %zu bytes",
			    path, start, end, size);
		return FALSE;
	}
	*load_size = end - start;
	return TRUE;
}

/**
 * image_probe() - find where an image goes without loading it
 * @path:   the image file
 * @format: its format
 * @load:   load IPA for raw and zImage images (ignored for ELF)
 * @ext:    filled in on success
 * @error:  return location for an IMAGE_ERROR, or NULL
 *
 * Return: TRUE on success; FALSE with @error set: IMAGE_ERROR_IO if the
 * file cannot be read, IMAGE_ERROR_FORMAT if it is not in @format (ELF
 * header, zImage magic or start/end) or is empty, IMAGE_ERROR_OVERLAP if
 * two ELF PT_LOAD segments overlap.
 */
gboolean image_probe(const char *path, enum image_format format,
		     uint64_t load, struct image_extent *ext, GError **error)
{
	uint64_t size;
	uint8_t *data;
	size_t len;
	gboolean ok = TRUE;

	if (format == IMAGE_ELF)
		return probe_elf(path, ext, error);
	if (!read_file(path, &data, &len, error))
		return FALSE;
	size = len;
	if (!len) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: empty file", path);
		ok = FALSE;
	} else if (format == IMAGE_ZIMAGE) {
		ok = zimage_size(path, data, len, &size, error);
	}
	if (ok)
		extent_one(ext, load, size, (uint32_t)load);
	g_free(data);
	return ok;
}

/**
 * image_load() - load an image into guest RAM
 * @path:   the image file
 * @format: its format
 * @load:   load IPA for raw and zImage images (ignored for ELF)
 * @ram:    guest RAM
 * @ext:    filled in with what was loaded on success
 * @error:  return location for an IMAGE_ERROR or LOADER_ERROR, or NULL
 *
 * Raw and zImage files are copied whole to @load. Nothing is written
 * unless all of the image fits in @ram.
 *
 * Return: TRUE on success; FALSE with @error set: as image_probe(), or
 * IMAGE_ERROR_FIT if the image does not lie entirely inside @ram, or a
 * LOADER_ERROR from loader_load_file() for ELF.
 */
gboolean image_load(const char *path, enum image_format format,
		    uint64_t load, const struct guest_ram *ram,
		    struct image_extent *ext, GError **error)
{
	struct loader_image li;
	uint64_t size;
	uint8_t *data;
	size_t len;

	if (format == IMAGE_ELF) {
		if (!loader_load_file(path, ram, &li, error))
			return FALSE;
		memset(ext, 0, sizeof(*ext));
		ext->entry = li.entry;
		ext->nr = 1;
		ext->ipa[0] = ext->low = li.low;
		ext->high = li.high;
		ext->size[0] = li.high - li.low;
		return TRUE;
	}
	if (!read_file(path, &data, &len, error))
		return FALSE;
	size = len;
	if (!len) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FORMAT,
			    "%s: empty file", path);
		goto fail;
	}
	if (format == IMAGE_ZIMAGE &&
	    !zimage_size(path, data, len, &size, error))
		goto fail;
	if (!guest_ram_contains(ram, load, len)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "%s: %zu bytes at IPA 0x%08" PRIx64 " do not fit in guest RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ")",
			    path, len, load, ram->base, ram->base + ram->size);
		goto fail;
	}
	memcpy(guest_ram_ptr(ram, load, len), data, len);
	extent_one(ext, load, len, (uint32_t)load);
	g_free(data);
	return TRUE;
fail:
	g_free(data);
	return FALSE;
}

static gboolean overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return as && bs && a < b + bs && b < a + as;
}

/**
 * image_linux_place() - place a zImage's DTB and initrd in guest RAM
 * @ram:         guest RAM (only @ram->base and @ram->size are used)
 * @kernel:      IPA the zImage is loaded at
 * @kernel_size: its size in bytes
 * @dtb_size:    room needed for the DTB in bytes, at most 2 MiB
 * @initrd_size: size of the initrd in bytes, 0 for none
 * @layout:      filled in on success
 * @error:       return location for an IMAGE_ERROR, or NULL
 *
 * booting.rst's "safe location": the DTB at RAM base + 128 MiB and the
 * initrd at the next page boundary after it, when RAM is large enough;
 * otherwise both at the top of RAM (initrd page aligned at the top, the DTB
 * in the pages below it). A zImage decompresses itself at RAM base +
 * 0x8000, below them.
 *
 * Return: TRUE on success; FALSE with @error set: IMAGE_ERROR_FIT if the
 * kernel, DTB or initrd falls outside @ram or the DTB is larger than 2 MiB,
 * IMAGE_ERROR_OVERLAP if the DTB or initrd would overlap the kernel.
 */
gboolean image_linux_place(const struct guest_ram *ram, uint64_t kernel,
			   uint64_t kernel_size, uint64_t dtb_size,
			   uint64_t initrd_size,
			   struct image_linux_layout *layout, GError **error)
{
	uint64_t end = ram->base + ram->size;
	uint64_t dtb_room = (dtb_size + VMM_PAGE_SIZE - 1) & ~(VMM_PAGE_SIZE - 1);
	uint64_t rd_room = (initrd_size + VMM_PAGE_SIZE - 1) & ~(VMM_PAGE_SIZE - 1);

	memset(layout, 0, sizeof(*layout));
	layout->kernel = kernel;
	layout->kernel_size = kernel_size;
	layout->dtb_size = dtb_size;
	layout->initrd_size = initrd_size;
	if (dtb_size > IMAGE_DTB_MAX) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "device tree of %" PRIu64 " bytes: at most 2 MiB (booting.rst)",
			    dtb_size);
		return FALSE;
	}
	if (!guest_ram_contains(ram, kernel, kernel_size)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "zImage of %" PRIu64 " bytes at IPA 0x%08" PRIx64 " does not fit in guest RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ")",
			    kernel_size, kernel, ram->base, end);
		return FALSE;
	}
	if (ram->size >= ZIMAGE_DTB_OFFSET + dtb_room + rd_room) {
		layout->dtb = ram->base + ZIMAGE_DTB_OFFSET;
		layout->initrd = layout->dtb + dtb_room;
	} else if (ram->size >= dtb_room + rd_room) {
		layout->initrd = end - rd_room;
		layout->dtb = layout->initrd - dtb_room;
	} else {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "device tree (%" PRIu64 " bytes) and initrd (%" PRIu64 " bytes) do not fit in guest RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ")",
			    dtb_size, initrd_size, ram->base, end);
		return FALSE;
	}
	if (!initrd_size)
		layout->initrd = 0;
	if (overlaps(kernel, kernel_size, layout->dtb, dtb_room) ||
	    overlaps(kernel, kernel_size, layout->initrd, rd_room)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_OVERLAP,
			    "zImage at [0x%08" PRIx64 ", 0x%08" PRIx64 ") overlaps the device tree at 0x%08" PRIx64 " or the initrd at 0x%08" PRIx64 " (%" PRIu64 " bytes): give the guest more RAM or a lower load address",
			    kernel, kernel + kernel_size, layout->dtb,
			    layout->initrd, initrd_size);
		return FALSE;
	}
	return TRUE;
}

/**
 * image_linux_regs() - the zImage boot protocol's entry registers
 * @regs:   registers to update (read with UMBRA_GET_REGS); only the ones
 *          booting.rst 6 names are set
 * @kernel: IPA of the zImage: the entry point (ARM state)
 * @dtb:    IPA of the DTB
 *
 * PC = @kernel, CPSR = SVC with A, I and F set (IRQs and FIQs masked; the
 * guest's MMU is off at entry), r0 = 0, r1 = 0xffffffff (no machine type:
 * the DTB describes the machine), r2 = @dtb.
 */
void image_linux_regs(struct umbra_regs *regs, uint64_t kernel, uint64_t dtb)
{
	regs->pc = (uint32_t)kernel;
	regs->cpsr = UMBRA_PSR_MODE_SVC | UMBRA_PSR_A | UMBRA_PSR_I |
		     UMBRA_PSR_F;
	regs->usr_regs[0] = 0;
	regs->usr_regs[1] = 0xffffffffu;
	regs->usr_regs[2] = (uint32_t)dtb;
}
