/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: running every guest of a system file (umbra-vmm run FILE.ini).
 */
#ifndef UMBRA_VMM_SYSTEM_RUN_H
#define UMBRA_VMM_SYSTEM_RUN_H

#include <stdbool.h>

bool system_file_is_ini(const char *path);
int system_run(const char *path, const char *device, bool verbose);

#endif /* UMBRA_VMM_SYSTEM_RUN_H */
