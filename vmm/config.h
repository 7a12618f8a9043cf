/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: parsing and checking command-line values.
 */
#ifndef UMBRA_VMM_CONFIG_H
#define UMBRA_VMM_CONFIG_H

#include <stdint.h>

#include <glib.h>

gboolean config_parse_size(const char *option, const char *text,
			   uint64_t *value, GError **error);
gboolean config_check_ram(uint64_t base, uint64_t size, GError **error);

#endif /* UMBRA_VMM_CONFIG_H */
