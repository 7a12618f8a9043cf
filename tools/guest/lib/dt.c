// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: the device tree the VMM passes in r2, read with libfdt
 * (tools/guest/libfdt: the read-only part of libfdt as in Linux 6.1's
 * scripts/dtc, dtc 1.6.1; see libfdt/README).
 */
#include <errno.h>
#include <string.h>

#include <libfdt.h>
#include <umbra/guest.h>

#define SHARED_COMPATIBLE	"umbra,shared-region"

int umbra_shared_region(const char *name, struct umbra_shared_region *region)
{
	const void *fdt = (const void *)umbra_dtb();
	const fdt32_t *reg;
	const char *s;
	int off, len, parent, ac, sc;

	if (!fdt)
		return -ENOENT;
	if (fdt_check_header(fdt))
		return -EINVAL;
	for (off = fdt_node_offset_by_compatible(fdt, -1, SHARED_COMPATIBLE);
	     off >= 0;
	     off = fdt_node_offset_by_compatible(fdt, off, SHARED_COMPATIBLE)) {
		s = fdt_getprop(fdt, off, "umbra,name", &len);
		if (s && len == (int)strlen(name) + 1 && !memcmp(s, name, len))
			break;
	}
	if (off < 0)
		return off == -FDT_ERR_NOTFOUND ? -ENOENT : -EINVAL;
	parent = fdt_parent_offset(fdt, off);
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, off, "reg", &len);
	if (ac != 1 || sc != 1 || !reg || len != 8)
		return -EINVAL;
	s = fdt_getprop(fdt, off, "umbra,role", &len);
	if (!s)
		return -EINVAL;
	region->ipa = fdt32_to_cpu(reg[0]);
	region->size = fdt32_to_cpu(reg[1]);
	region->writer = !strcmp(s, "writer");
	return 0;
}
