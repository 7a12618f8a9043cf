// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: parsing and checking command-line values.
 *
 * Errors are in the G_OPTION_ERROR domain (G_OPTION_ERROR_BAD_VALUE), like
 * GOption's own, and lead to exit status 2.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <linux/umbra.h>

#include "config.h"
#include "vmm.h"

#define FOUR_GIB	(1ull << 32)

/**
 * config_parse_size() - parse a size or address with an optional unit
 * @option: option name for error messages, e.g. "--mem"
 * @text:   the value: decimal, or hexadecimal with 0x, optionally followed
 *          by K, M or G (case-insensitive, binary units: KiB, MiB, GiB),
 *          which may be spelt K/KB/KiB; e.g. "64M", "1G", "0x40000000",
 *          "4096"
 * @value:  on success, the value (in bytes if a unit is given)
 * @error:  return location for a G_OPTION_ERROR_BAD_VALUE error, or NULL
 *
 * Return: TRUE on success, FALSE with @error naming @option and @text if
 * @text is empty, malformed, has an unknown unit or overflows 64 bits.
 */
gboolean config_parse_size(const char *option, const char *text,
			   uint64_t *value, GError **error)
{
	const char *p = text, *unit;
	guint64 v, mult = 1;
	int shift = 0;
	char *end;

	if (!g_ascii_isdigit(*p))
		goto bad;
	errno = 0;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		if (!g_ascii_isxdigit(p[2]))
			goto bad;
		v = g_ascii_strtoull(p + 2, &end, 16);
	} else {
		v = g_ascii_strtoull(p, &end, 10);
	}
	if (errno == ERANGE)
		goto range;

	unit = end;
	switch (g_ascii_toupper(*unit)) {
	case '\0':
		break;
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	default:
		goto bad;
	}
	if (shift) {
		unit++;
		if (!g_ascii_strcasecmp(unit, "iB") ||
		    !g_ascii_strcasecmp(unit, "B"))
			unit += strlen(unit);
		if (*unit)
			goto bad;
		mult = 1ull << shift;
		if (v > UINT64_MAX / mult)
			goto range;
	}
	*value = v * mult;
	return TRUE;

bad:
	g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "%s '%s': expected a number (decimal or 0x hex) with an optional unit K, M or G, e.g. 64M",
		    option, text);
	return FALSE;
range:
	g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
		    "%s '%s': value too large", option, text);
	return FALSE;
}

/**
 * config_check_ram() - check a guest RAM region's placement
 * @base: IPA of the first byte of guest RAM
 * @size: size of guest RAM in bytes
 * @error: return location for a G_OPTION_ERROR_BAD_VALUE error, or NULL
 *
 * The region must be nonempty, page aligned at both ends, end at or below
 * 4 GiB (IPAs are 32-bit) and stay clear of the addresses umbra reserves
 * for its monitor, which a guest running with its MMU off (VA == IPA, per
 * the boot protocol) could never reach.
 *
 * Return: TRUE if the region is acceptable, FALSE with @error naming the
 * offending values otherwise.
 */
gboolean config_check_ram(uint64_t base, uint64_t size, GError **error)
{
	const uint64_t fb = UMBRA_FORBIDDEN_BASE;
	const uint64_t fe = fb + UMBRA_FORBIDDEN_SIZE;

	if (!size || size % VMM_PAGE_SIZE) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--mem %" PRIu64 " bytes: must be a nonzero multiple of the %llu-byte page size",
			    size, VMM_PAGE_SIZE);
		return FALSE;
	}
	if (base % VMM_PAGE_SIZE) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "--ram-base 0x%" PRIx64 ": must be aligned to the %llu-byte page size",
			    base, VMM_PAGE_SIZE);
		return FALSE;
	}
	if (base >= FOUR_GIB || size > FOUR_GIB - base) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "guest RAM at IPA 0x%" PRIx64 ", %" PRIu64 " bytes: must end at or below 4 GiB (0x100000000)",
			    base, size);
		return FALSE;
	}
	if (base < fe && fb < base + size) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "guest RAM [0x%08" PRIx64 ", 0x%08" PRIx64 ") overlaps [0x%08" PRIx64 ", 0x%08" PRIx64 "), which umbra reserves for its monitor",
			    base, base + size, fb, fe);
		return FALSE;
	}
	return TRUE;
}
