/* SPDX-License-Identifier: GPL-2.0 */
/*
 * multi guest: what the guest and umbra_test_multi agree on.
 */
#ifndef MULTI_GUEST_H
#define MULTI_GUEST_H

#include <stdint.h>

#define MULTI_PRIVATE_WORDS	(256u * 1024u)	/* 1 MiB of private memory */
#define MULTI_RING_WORDS	4096u		/* data words in "ring" */
#define MULTI_RING_MAGIC	0x600dda7au	/* ring[0]: data complete */
#define MULTI_RING_SEED		0x1234u
#define MULTI_ATTACK_VA		0x70000000u	/* the attacker's alias */

/* The word @i of a buffer seeded with @seed: never 0, seed-dependent. */
static inline uint32_t multi_pattern(uint32_t seed, uint32_t i)
{
	return (((i + seed) * 2654435761u) ^ 0xa5a5a5a5u) | 1u;
}

/* A checksum of @n words at @p. */
static inline uint32_t multi_sum(const volatile uint32_t *p, uint32_t n)
{
	uint32_t s = 0, i;

	for (i = 0; i < n; i++)
		s = (s << 5 | s >> 27) ^ p[i];
	return s;
}

/* The seed of guest @name (FNV-1a). */
static inline uint32_t multi_seed(const char *name)
{
	uint32_t h = 2166136261u;

	while (*name)
		h = (h ^ (unsigned char)*name++) * 16777619u;
	return h;
}

#endif /* MULTI_GUEST_H */
