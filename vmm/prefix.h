/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: several guests' consoles on one stdout, line by line, each
 * line prefixed "NAME: ".
 */
#ifndef UMBRA_VMM_PREFIX_H
#define UMBRA_VMM_PREFIX_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* A line longer than this many bytes (prefix included) is broken. */
#define PREFIX_MAX_LINE	1024

/**
 * struct prefixer - one guest's console output on a shared stdout
 * @prefix:  "NAME: "
 * @pending: the line being assembled (prefix included), not yet written
 * @fd:      where complete lines go (normally 1)
 */
struct prefixer {
	char *prefix;
	GString *pending;
	int fd;
};

void prefix_feed(GString *pending, const char *prefix, const uint8_t *buf,
		 size_t len, GString *out);
void prefix_flush(GString *pending, GString *out);

void prefixer_init(struct prefixer *p, const char *name, int fd);
void prefixer_write(void *opaque, const uint8_t *buf, size_t len);
void prefixer_flush(struct prefixer *p);
void prefixer_destroy(struct prefixer *p);

#endif /* UMBRA_VMM_PREFIX_H */
