// SPDX-License-Identifier: GPL-2.0
/*
 * hello: the smallest useful umbra guest.
 *
 * Prints a greeting and the RAM the VMM gave it, writes a pattern over
 * several MiB of heap and reads it back (so the hypervisor has to back
 * those pages), then exits with status 42 through exit(), which flushes
 * stdio and makes the UMBRA_HC_SHUTDOWN hypercall.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <umbra/guest.h>

#define TOUCH_BYTES	(8u << 20)	/* 8 MiB of heap */
#define EXIT_STATUS	42

/* The pattern word for index @i: distinct in every word, never 0. */
static uint32_t pattern(uint32_t i)
{
	return (i * 2654435761u) ^ 0xa5a5a5a5u;
}

/*
 * Fill @words words at @p with the pattern, then verify them.
 * Returns the number of mismatches; *sum gets a checksum of what was read.
 */
static size_t touch(uint32_t *p, size_t words, uint32_t *sum)
{
	size_t i, bad = 0;
	uint32_t s = 0;

	for (i = 0; i < words; i++)
		p[i] = pattern(i);
	for (i = 0; i < words; i++) {
		uint32_t v = ((volatile uint32_t *)p)[i];

		if (v != pattern(i))
			bad++;
		s = (s << 5 | s >> 27) ^ v;
	}
	*sum = s;
	return bad;
}

int main(void)
{
	size_t words = TOUCH_BYTES / sizeof(uint32_t);
	uint32_t *buf, sum;
	size_t bad;

	printf("hello from guest\n");
	printf("RAM base 0x%08lx size 0x%08lx (%lu MiB)\n",
	       (unsigned long)umbra_ram_base(),
	       (unsigned long)umbra_ram_size(),
	       (unsigned long)(umbra_ram_size() >> 20));
	printf("heap 0x%08lx-0x%08lx\n",
	       (unsigned long)umbra_heap_start(),
	       (unsigned long)umbra_heap_limit());

	buf = malloc(TOUCH_BYTES);
	if (!buf) {
		printf("malloc(%u) failed\n", TOUCH_BYTES);
		return 1;
	}
	bad = touch(buf, words, &sum);
	printf("touched %u MiB at 0x%08lx: checksum 0x%08lx, %s\n",
	       TOUCH_BYTES >> 20, (unsigned long)(uintptr_t)buf,
	       (unsigned long)sum, bad ? "MISMATCH" : "ok");
	free(buf);
	if (bad) {
		printf("%lu words read back wrong\n", (unsigned long)bad);
		return 1;
	}

	printf("exiting with status %d\n", EXIT_STATUS);
	exit(EXIT_STATUS);
}
