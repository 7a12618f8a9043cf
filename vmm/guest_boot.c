// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: putting one guest of a system file into its RAM.
 *
 * ELF and raw guests (the SDK's boot protocol, Documentation/config.rst):
 * the generated device tree goes into the last 64 KiB of the RAM region
 * that holds the image, and the stack starts below it: r0 = that region's
 * base, r1 = its size, r2 = DTB IPA, SP_svc = DTB IPA, SVC mode with A, I
 * and F set. zImage guests: booting.rst, see image.c.
 */
#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "boot.h"
#include "dt.h"
#include "guest_boot.h"
#include "image.h"

static const struct guest_ram *ram_for(const struct sys_guest *g,
				       const struct guest_ram *ram,
				       uint64_t ipa, uint64_t size)
{
	guint i;

	for (i = 0; i < g->ram->len; i++)
		if (guest_ram_contains(&ram[i], ipa, size))
			return &ram[i];
	return NULL;
}

static gboolean put_file(const char *path, const struct guest_ram *r,
			 uint64_t ipa, uint64_t size, GError **error)
{
	GError *err = NULL;
	gchar *data;
	gsize len;

	if (!g_file_get_contents(path, &data, &len, &err)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_IO, "%s",
			    err->message);
		g_error_free(err);
		return FALSE;
	}
	if (len != size || !guest_ram_contains(r, ipa, len)) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "%s: %zu bytes at IPA 0x%08" PRIx64 ": changed since it was checked, or outside RAM",
			    path, (size_t)len, ipa);
		g_free(data);
		return FALSE;
	}
	memcpy(guest_ram_ptr(r, ipa, len), data, len);
	g_free(data);
	return TRUE;
}

static gboolean load_linux(const struct system *sys, guint gi,
			   const struct guest_ram *ram,
			   struct umbra_regs *regs, struct guest_boot *boot,
			   GError **error)
{
	const struct sys_guest *g = sys->guests->pdata[gi];
	struct image_linux_layout l;
	const struct guest_ram *r;
	struct image_extent ext;
	uint64_t initrd_size = 0;
	void *fdt = NULL;
	size_t fdt_size = 0;
	gboolean ok = FALSE;
	gsize len;

	if (!image_probe(g->image, IMAGE_ZIMAGE, g->load, &ext, error))
		return FALSE;
	r = ram_for(g, ram, ext.ipa[0], ext.size[0]);
	if (!r) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "%s: outside the RAM of guest '%s'", g->image,
			    g->name);
		return FALSE;
	}
	if (g->initrd) {
		gchar *d;

		if (!g_file_get_contents(g->initrd, &d, &len, NULL)) {
			g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_IO,
				    "%s: cannot read", g->initrd);
			return FALSE;
		}
		initrd_size = len;
		g_free(d);
	}
	if (g->dtb) {
		if (!g_file_get_contents(g->dtb, (gchar **)&fdt, &len, NULL)) {
			g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_IO,
				    "%s: cannot read", g->dtb);
			return FALSE;
		}
		fdt_size = len;
	}
	if (!image_linux_place(r, ext.ipa[0], ext.size[0],
			       g->dtb ? fdt_size : GUEST_BOOT_DTB_ROOM,
			       initrd_size, &l, error))
		goto out;
	if (!g->dtb) {
		fdt = dt_build(sys, gi, l.initrd, initrd_size, &fdt_size,
			       error);
		if (!fdt)
			goto out;
	}
	if (!image_load(g->image, IMAGE_ZIMAGE, g->load, r, &ext, error) ||
	    (g->initrd && !put_file(g->initrd, r, l.initrd, initrd_size,
				    error)))
		goto out;
	memcpy(guest_ram_ptr(r, l.dtb, fdt_size), fdt, fdt_size);
	image_linux_regs(regs, ext.ipa[0], l.dtb);
	boot->entry = ext.ipa[0];
	boot->dtb = l.dtb;
	boot->dtb_size = fdt_size;
	boot->initrd = l.initrd;
	boot->initrd_size = initrd_size;
	ok = TRUE;
out:
	g_free(fdt);
	return ok;
}

static void add_slot(GArray *slots, uint32_t flags, uint64_t ipa,
		     uint64_t size, int ram, int shared, int device)
{
	struct guest_slot s = {
		slots->len, flags, ipa, size, ram, shared, device
	};

	g_array_append_val(slots, s);
}

/**
 * guest_boot_slots() - the memory slots of one guest
 * @sys:   a validated system (system_load(): at most UMBRA_MAX_MEMSLOTS
 *         slots per guest)
 * @guest: index of the guest in @sys->guests
 *
 * RAM regions first (private: no flags), then each shared region the
 * guest maps (UMBRA_MEM_SHARED, plus UMBRA_MEM_READONLY for a reader: the
 * thesis' shared write buffer, one writer), then its devices
 * (UMBRA_MEM_DEVICE), numbered from 0.
 *
 * Return: a GArray of struct guest_slot (g_array_unref() it).
 */
GArray *guest_boot_slots(const struct system *sys, guint guest)
{
	const struct sys_guest *g = sys->guests->pdata[guest];
	GArray *slots = g_array_new(FALSE, FALSE, sizeof(struct guest_slot));
	guint i, j;

	for (i = 0; i < g->ram->len; i++) {
		const struct sys_region *r = &g_array_index(g->ram,
							    struct sys_region,
							    i);

		add_slot(slots, 0, r->ipa, r->size, i, -1, -1);
	}
	for (i = 0; i < sys->shared->len; i++) {
		const struct sys_shared *sh = sys->shared->pdata[i];
		bool reader = false;

		for (j = 0; j < sh->readers->len; j++)
			reader |= g_array_index(sh->readers, guint, j) == guest;
		if (sh->writer == guest)
			add_slot(slots, UMBRA_MEM_SHARED, sh->ipa[guest],
				 sh->size, -1, i, -1);
		else if (reader)
			add_slot(slots, UMBRA_MEM_SHARED | UMBRA_MEM_READONLY,
				 sh->ipa[guest], sh->size, -1, i, -1);
	}
	for (i = 0; i < sys->devices->len; i++) {
		const struct sys_device *d = sys->devices->pdata[i];

		if (d->owner == (int)guest)
			add_slot(slots, UMBRA_MEM_DEVICE, d->reg.ipa,
				 d->reg.size, -1, -1, i);
	}
	return slots;
}

/**
 * guest_boot_load() - load a guest's image and device tree, set its
 *                     boot registers
 * @sys:   a validated system (system_load())
 * @guest: index of the guest in @sys->guests
 * @ram:   its RAM regions, one per entry of the guest's ram array, in the
 *         same order, each with a host buffer of the region's size
 * @regs:  registers to update (read with UMBRA_GET_REGS)
 * @boot:  filled in with where things went
 * @error: return location for an IMAGE_ERROR or LOADER_ERROR, or NULL
 *
 * ELF and raw images go where they say; the device tree (dt_build()) into
 * the last GUEST_BOOT_DTB_ROOM bytes of the RAM region holding the image,
 * which must not overlap the image; registers per the SDK's protocol with
 * r2 = DTB IPA and SP_svc = DTB IPA. zImages: image_linux_place(),
 * image_linux_regs().
 *
 * Return: TRUE on success; FALSE with @error set if an image cannot be
 * read (IMAGE_ERROR_IO), is malformed (IMAGE_ERROR_FORMAT, LOADER_ERROR),
 * does not fit (IMAGE_ERROR_FIT) or overlaps the device tree
 * (IMAGE_ERROR_OVERLAP), e.g. because a file changed after the check.
 */
gboolean guest_boot_load(const struct system *sys, guint guest,
			 const struct guest_ram *ram, struct umbra_regs *regs,
			 struct guest_boot *boot, GError **error)
{
	const struct sys_guest *g = sys->guests->pdata[guest];
	const struct guest_ram *r;
	struct image_extent ext;
	uint64_t dtb;
	size_t fdt_size;
	void *fdt;

	memset(boot, 0, sizeof(*boot));
	if (g->format == IMAGE_ZIMAGE)
		return load_linux(sys, guest, ram, regs, boot, error);
	if (!image_probe(g->image, g->format, g->load, &ext, error))
		return FALSE;
	r = ram_for(g, ram, ext.low, ext.high - ext.low);
	if (!r) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "%s: [0x%08" PRIx64 ", 0x%08" PRIx64 ") is not inside one RAM region of guest '%s'",
			    g->image, ext.low, ext.high, g->name);
		return FALSE;
	}
	dtb = r->base + r->size - GUEST_BOOT_DTB_ROOM;
	if (r->size < GUEST_BOOT_DTB_ROOM || ext.high > dtb) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_OVERLAP,
			    "%s: [0x%08" PRIx64 ", 0x%08" PRIx64 ") overlaps the device tree's %llu bytes at the top of RAM",
			    g->image, ext.low, ext.high, GUEST_BOOT_DTB_ROOM);
		return FALSE;
	}
	if (!image_load(g->image, g->format, g->load, r, &ext, error))
		return FALSE;
	if (g->has_entry)
		ext.entry = (uint32_t)g->entry;
	fdt = dt_build(sys, guest, 0, 0, &fdt_size, error);
	if (!fdt)
		return FALSE;
	memcpy(guest_ram_ptr(r, dtb, fdt_size), fdt, fdt_size);
	g_free(fdt);
	boot_set_regs(regs, ext.entry, r->base, r->size);
	regs->usr_regs[2] = (uint32_t)dtb;
	regs->svc_regs[0] = (uint32_t)dtb;
	boot->entry = ext.entry;
	boot->dtb = dtb;
	boot->dtb_size = fdt_size;
	return TRUE;
}
