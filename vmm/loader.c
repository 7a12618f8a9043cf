// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: loading an ELF guest image into guest RAM.
 *
 * Guests run with their MMU off, so each PT_LOAD segment goes to the IPA in
 * its p_paddr: p_filesz bytes are copied from the file and the rest up to
 * p_memsz (the bss) is zeroed. Every check is done before the first byte is
 * written, so a rejected image leaves guest RAM untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gelf.h>
#include <libelf.h>

#include "loader.h"

G_DEFINE_QUARK(umbra-loader-error-quark, loader_error)

/**
 * struct segment - a PT_LOAD segment that will be loaded
 * @index:  index in the program header table (as `readelf -l` counts)
 * @ipa:    IPA of the first byte (p_paddr)
 * @memsz:  size in guest memory in bytes (p_memsz), nonzero
 * @filesz: bytes to copy from the file (p_filesz), at most @memsz
 * @offset: file offset of those bytes (p_offset)
 */
struct segment {
	size_t index;
	uint64_t ipa;
	uint64_t memsz;
	uint64_t filesz;
	uint64_t offset;
};

static gboolean libelf_ready(const char *name, GError **error)
{
	static gboolean ready;

	if (!ready && elf_version(EV_CURRENT) == EV_NONE) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: libelf is too old: %s", name, elf_errmsg(-1));
		return FALSE;
	}
	ready = TRUE;
	return TRUE;
}

/* Check that @elf is a 32-bit little-endian ARM executable. */
static const Elf32_Ehdr *check_header(Elf *elf, const char *name,
				      GError **error)
{
	const Elf32_Ehdr *ehdr;
	const char *ident;
	size_t n = 0;

	if (elf_kind(elf) != ELF_K_ELF) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: not an ELF file", name);
		return NULL;
	}
	ident = elf_getident(elf, &n);
	if (!ident || n < EI_NIDENT) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: truncated ELF identification", name);
		return NULL;
	}
	if (ident[EI_CLASS] != ELFCLASS32) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_CLASS,
			    "%s: ELF class %s; umbra guests must be 32-bit (ELFCLASS32)",
			    name, ident[EI_CLASS] == ELFCLASS64 ? "64-bit" :
			    "invalid");
		return NULL;
	}
	if (ident[EI_DATA] != ELFDATA2LSB) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_ENDIAN,
			    "%s: %s ELF file; umbra guests must be little-endian (ELFDATA2LSB)",
			    name, ident[EI_DATA] == ELFDATA2MSB ? "big-endian" :
			    "invalid byte order");
		return NULL;
	}
	ehdr = elf32_getehdr(elf);
	if (!ehdr) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: cannot read the ELF header: %s", name,
			    elf_errmsg(-1));
		return NULL;
	}
	if (ehdr->e_machine != EM_ARM) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_MACHINE,
			    "%s: ELF machine %u; umbra guests must be ARM (EM_ARM, %u)",
			    name, ehdr->e_machine, EM_ARM);
		return NULL;
	}
	if (ehdr->e_type != ET_EXEC) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_TYPE,
			    "%s: ELF type %u; umbra guests must be executables (ET_EXEC, %u)",
			    name, ehdr->e_type, ET_EXEC);
		return NULL;
	}
	return ehdr;
}

/*
 * Check one PT_LOAD program header against the file and guest RAM.
 * Returns FALSE with @error set if it is malformed or does not fit.
 */
static gboolean check_segment(const struct segment *seg, const char *name,
			      size_t file_size, const struct guest_ram *ram,
			      GError **error)
{
	uint64_t ram_end = ram->base + ram->size;
	uint64_t end = seg->ipa + seg->memsz;

	if (seg->filesz > seg->memsz) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_SEGMENT,
			    "%s: segment %zu (IPA 0x%08" PRIx64 "): file size %" PRIu64 " bytes exceeds its memory size %" PRIu64 " bytes",
			    name, seg->index, seg->ipa, seg->filesz,
			    seg->memsz);
		return FALSE;
	}
	if (seg->offset > file_size || seg->filesz > file_size - seg->offset) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_SEGMENT,
			    "%s: segment %zu (IPA 0x%08" PRIx64 "): file data at offset 0x%" PRIx64 ", %" PRIu64 " bytes, runs past the end of the file (%zu bytes)",
			    name, seg->index, seg->ipa, seg->offset,
			    seg->filesz, file_size);
		return FALSE;
	}
	if (!seg->memsz)
		return TRUE;	/* occupies nothing; skipped */
	if (end <= ram->base || seg->ipa >= ram_end) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_OUTSIDE,
			    "%s: segment %zu (IPA 0x%08" PRIx64 ", %" PRIu64 " bytes) lies entirely outside guest RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ") (see --ram-base, --mem)",
			    name, seg->index, seg->ipa, seg->memsz,
			    ram->base, ram_end);
		return FALSE;
	}
	if (!guest_ram_contains(ram, seg->ipa, seg->memsz)) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_PARTIAL,
			    "%s: segment %zu (IPA 0x%08" PRIx64 ", %" PRIu64 " bytes) lies partly outside guest RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ") (see --ram-base, --mem)",
			    name, seg->index, seg->ipa, seg->memsz,
			    ram->base, ram_end);
		return FALSE;
	}
	return TRUE;
}

/* Reject the first pair of segments whose IPA ranges intersect. */
static gboolean check_overlaps(const struct segment *segs, size_t nr,
			       const char *name, GError **error)
{
	size_t i, j;

	for (i = 0; i < nr; i++) {
		for (j = 0; j < i; j++) {
			const struct segment *a = &segs[j], *b = &segs[i];

			if (a->ipa >= b->ipa + b->memsz ||
			    b->ipa >= a->ipa + a->memsz)
				continue;
			g_set_error(error, LOADER_ERROR, LOADER_ERROR_OVERLAP,
				    "%s: segment %zu (IPA 0x%08" PRIx64 ", %" PRIu64 " bytes) overlaps segment %zu (IPA 0x%08" PRIx64 ", %" PRIu64 " bytes)",
				    name, b->index, b->ipa, b->memsz,
				    a->index, a->ipa, a->memsz);
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean load_elf(Elf *elf, const char *name,
			 const struct guest_ram *ram,
			 struct loader_image *image, GError **error)
{
	const Elf32_Ehdr *ehdr;
	const Elf32_Phdr *phdr = NULL;
	struct segment *segs = NULL;
	const uint8_t *file;
	size_t file_size = 0, phnum, i, nr = 0;
	gboolean ok = FALSE;

	ehdr = check_header(elf, name, error);
	if (!ehdr)
		return FALSE;
	file = (const uint8_t *)elf_rawfile(elf, &file_size);
	if (!file) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: cannot read the file image: %s", name,
			    elf_errmsg(-1));
		return FALSE;
	}
	if (elf_getphdrnum(elf, &phnum) != 0 ||
	    (phnum && !elf32_getphdr(elf))) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: cannot read the program headers: %s", name,
			    elf_errmsg(-1));
		return FALSE;
	}
	phdr = phnum ? elf32_getphdr(elf) : NULL;	/* cached by libelf */

	segs = g_new0(struct segment, phnum ? phnum : 1);
	for (i = 0; i < phnum; i++) {
		struct segment *seg = &segs[nr];

		if (phdr[i].p_type != PT_LOAD)
			continue;
		seg->index = i;
		seg->ipa = phdr[i].p_paddr;
		seg->memsz = phdr[i].p_memsz;
		seg->filesz = phdr[i].p_filesz;
		seg->offset = phdr[i].p_offset;
		if (!check_segment(seg, name, file_size, ram, error))
			goto out;
		if (seg->memsz)
			nr++;
	}
	if (!nr) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_NO_LOAD,
			    "%s: no loadable (PT_LOAD) segment with a nonzero size",
			    name);
		goto out;
	}
	if (!check_overlaps(segs, nr, name, error))
		goto out;

	image->entry = ehdr->e_entry;
	image->nr_loaded = nr;
	image->low = UINT64_MAX;
	image->high = 0;
	for (i = 0; i < nr; i++) {
		uint8_t *dst = guest_ram_ptr(ram, segs[i].ipa, segs[i].memsz);

		memcpy(dst, file + segs[i].offset, segs[i].filesz);
		memset(dst + segs[i].filesz, 0, segs[i].memsz - segs[i].filesz);
		image->low = MIN(image->low, segs[i].ipa);
		image->high = MAX(image->high, segs[i].ipa + segs[i].memsz);
	}
	ok = TRUE;
out:
	g_free(segs);
	return ok;
}

/**
 * loader_load_mem() - load an ELF image held in memory into guest RAM
 * @data:  host pointer to the whole ELF file image
 * @size:  size of @data in bytes
 * @name:  file name to use in error messages
 * @ram:   guest RAM to load into; only the segments' bytes are written
 * @image: filled in with the entry point and loaded range on success
 * @error: return location for a LOADER_ERROR, or NULL
 *
 * The image must be a 32-bit little-endian ARM executable with at least one
 * nonempty PT_LOAD segment; each such segment is placed at its p_paddr (an
 * IPA) and must lie entirely inside @ram and overlap no other one.
 *
 * Return: TRUE on success. FALSE if the image is rejected, with @error
 * naming @name and, for segment errors, the segment index, its IPA and
 * size and the guest RAM range; guest RAM is then left unchanged.
 */
gboolean loader_load_mem(const void *data, size_t size, const char *name,
			 const struct guest_ram *ram,
			 struct loader_image *image, GError **error)
{
	gboolean ok;
	Elf *elf;

	if (!libelf_ready(name, error))
		return FALSE;
	/* ELF_C_READ: libelf only reads the buffer despite the char *. */
	elf = elf_memory((char *)data, size);
	if (!elf) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_FORMAT,
			    "%s: cannot parse: %s", name, elf_errmsg(-1));
		return FALSE;
	}
	ok = load_elf(elf, name, ram, image, error);
	elf_end(elf);
	return ok;
}

/**
 * loader_load_file() - load an ELF file into guest RAM
 * @path:  path of the ELF file
 * @ram:   guest RAM to load into
 * @image: filled in with the entry point and loaded range on success
 * @error: return location for a LOADER_ERROR, or NULL
 *
 * Like loader_load_mem(), reading the image from @path.
 *
 * Return: TRUE on success; FALSE with @error set (LOADER_ERROR_IO if the
 * file cannot be opened or read) otherwise.
 */
gboolean loader_load_file(const char *path, const struct guest_ram *ram,
			  struct loader_image *image, GError **error)
{
	struct stat st;
	gboolean ok;
	Elf *elf;
	int fd;

	if (!libelf_ready(path, error))
		return FALSE;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_IO,
			    "%s: cannot open: %s", path, g_strerror(errno));
		return FALSE;
	}
	if (fstat(fd, &st) < 0) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_IO,
			    "%s: cannot stat: %s", path, g_strerror(errno));
		close(fd);
		return FALSE;
	}
	if (!S_ISREG(st.st_mode)) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_IO,
			    "%s: not a regular file", path);
		close(fd);
		return FALSE;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		g_set_error(error, LOADER_ERROR, LOADER_ERROR_IO,
			    "%s: cannot read: %s", path, elf_errmsg(-1));
		close(fd);
		return FALSE;
	}
	ok = load_elf(elf, path, ram, image, error);
	elf_end(elf);
	close(fd);
	return ok;
}
