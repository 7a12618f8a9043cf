// SPDX-License-Identifier: GPL-2.0
/*
 * multi: the guest of umbra_test_multi, one of several guests of a system
 * file. Its /chosen bootargs say what to do:
 *
 *   name=NAME        printed, and seeds its private memory's pattern
 *   mode=hello       fill 1 MiB of private memory, print its checksum
 *                    ("NAME checksum 0x...") and exit with status=N
 *   mode=produce     as hello, then write MULTI_RING_WORDS words into the
 *                    shared region "ring" (its writer), their checksum in
 *                    ring[1], MULTI_RING_MAGIC in ring[0] last
 *   mode=consume     wait for the magic in "ring" (its reader), check the
 *                    data against ring[1] ("consumed 0x... ok"), then
 *                    store to the read-only region: the VMM must answer
 *                    with a virtual Data Abort ("write aborted: DFSR ...")
 *                    and the region must be unchanged
 *   mode=victim      checksum its private memory, wait secs=N seconds,
 *                    checksum it again: "victim unchanged 0x..."
 *   mode=attack      turn its MMU on with VA MULTI_ATTACK_VA mapped to
 *                    the IPA of its private memory, which is also where a
 *                    victim running the same image keeps its own, and
 *                    overwrite 4 KiB there: the stores must land in its
 *                    own RAM (each VM has its IPA space), never the
 *                    victim's
 *   mode=spin        count loops for secs=N seconds, printing the count
 *                    every second ("progress N")
 * Exit status: status=N for hello, else 0 when the check passed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>
#include <umbra/guest.h>
#include <umbra/time.h>

#include "multi.h"

void multi_store(volatile uint32_t *addr, uint32_t value);
void multi_abort(uint32_t dfsr, uint32_t dfar, uint32_t lr);
extern char multi_vectors[];

static char args[256];
static uint32_t private_mem[MULTI_PRIVATE_WORDS];
static volatile uint32_t *ring;
static uint32_t ring_sum;

/* The value of KEY= in the bootargs, or @def. */
static const char *arg(const char *key, const char *def)
{
	static char val[64];
	size_t klen = strlen(key);
	const char *p = args;

	while (*p) {
		size_t n;

		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			p += klen + 1;
			n = strcspn(p, " ");
			if (n >= sizeof(val))
				n = sizeof(val) - 1;
			memcpy(val, p, n);
			val[n] = '\0';
			return val;
		}
		p += strcspn(p, " ");
	}
	return def;
}

static void read_bootargs(void)
{
	const void *fdt = (const void *)umbra_dtb();
	const char *s;
	int off, len;

	if (!fdt || fdt_check_header(fdt))
		return;
	off = fdt_path_offset(fdt, "/chosen");
	s = off < 0 ? NULL : fdt_getprop(fdt, off, "bootargs", &len);
	if (s && len > 0)
		strncpy(args, s, sizeof(args) - 1);
}

static uint32_t fill_private(const char *name)
{
	uint32_t seed = multi_seed(name), i;

	for (i = 0; i < MULTI_PRIVATE_WORDS; i++)
		private_mem[i] = multi_pattern(seed, i);
	return multi_sum(private_mem, MULTI_PRIVATE_WORDS);
}

static uint64_t now_ms(void)
{
	return umbra_wallclock_ns() / 1000000u;
}

static int find_ring(int writer)
{
	struct umbra_shared_region r;

	if (umbra_shared_region("ring", &r) || r.writer != writer ||
	    r.size < (MULTI_RING_WORDS + 2) * 4) {
		printf("no shared region 'ring' as %s\n",
		       writer ? "writer" : "reader");
		return -1;
	}
	ring = (volatile uint32_t *)r.ipa;
	return 0;
}

static int produce(void)
{
	uint32_t i;

	if (find_ring(1))
		return 1;
	for (i = 0; i < MULTI_RING_WORDS; i++)
		ring[2 + i] = multi_pattern(MULTI_RING_SEED, i);
	ring[1] = multi_sum(ring + 2, MULTI_RING_WORDS);
	__asm__ volatile("dmb" ::: "memory");
	ring[0] = MULTI_RING_MAGIC;
	printf("produced 0x%08lx\n", (unsigned long)ring[1]);
	return 0;
}

static int consume(void)
{
	uint64_t end = now_ms() + 60000;
	uint32_t sum;

	if (find_ring(0))
		return 1;
	while (ring[0] != MULTI_RING_MAGIC)
		if (now_ms() > end) {
			printf("no data in 60 s\n");
			return 1;
		}
	__asm__ volatile("dmb" ::: "memory");
	sum = multi_sum(ring + 2, MULTI_RING_WORDS);
	ring_sum = sum;
	printf("consumed 0x%08lx %s\n", (unsigned long)sum,
	       sum == ring[1] ? "ok" : "MISMATCH");
	if (sum != ring[1])
		return 1;
	fflush(stdout);
	__asm__ volatile("mcr p15, 0, %0, c12, c0, 0\n\tisb"
			 :: "r"(multi_vectors) : "memory");
	multi_store(&ring[0], 0xbad);
	printf("write to the read-only region was NOT aborted\n");
	return 1;
}

/* From the Data Abort vector, in virtual Abort mode: does not return. */
void multi_abort(uint32_t dfsr, uint32_t dfar, uint32_t lr)
{
	int intact = ring[0] == MULTI_RING_MAGIC &&
		     multi_sum(ring + 2, MULTI_RING_WORDS) == ring_sum;

	printf("write aborted: DFSR 0x%03lx DFAR 0x%08lx LR 0x%08lx, region %s\n",
	       (unsigned long)dfsr, (unsigned long)dfar, (unsigned long)lr,
	       intact ? "intact" : "CHANGED");
	exit(intact && dfar == (uintptr_t)ring &&
	     lr == (uintptr_t)multi_store + 8 ? 0 : 1);
}

static int victim(uint32_t sum)
{
	uint64_t end = now_ms() + 1000u * strtoul(arg("secs", "3"), NULL, 0);
	uint32_t after;

	while (now_ms() < end)
		;
	after = multi_sum(private_mem, MULTI_PRIVATE_WORDS);
	printf("victim %s 0x%08lx\n", after == sum ? "unchanged" : "CHANGED",
	       (unsigned long)after);
	return after != sum;
}

/* A flat section map of 4 GiB plus the alias; MMU on. */
static uint32_t l1[4096] __attribute__((aligned(16384)));

static int attack(void)
{
	uint32_t target = (uint32_t)private_mem;
	volatile uint32_t *alias;
	uint32_t i, sctlr, hits = 0;

	/*
	 * Sections, AP[1:0] = 0b11: Normal write-back (TEX 0b001, C, B)
	 * but the GIC and the UART, Device (B).
	 */
	for (i = 0; i < 4096; i++)
		l1[i] = i << 20 | 3u << 10 | 0x2 |
			(i >= 0x080 && i < 0x0a0 ? 0x4 : 1u << 12 | 0xc);
	l1[MULTI_ATTACK_VA >> 20] = (target & 0xfff00000u) | 3u << 10 | 0x2 |
				    1u << 12 | 0xc;
	__asm__ volatile("mcr p15, 0, %0, c3, c0, 0" :: "r"(0x55555555u));
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 2" :: "r"(0u));
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" :: "r"((uint32_t)l1));
	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb"
			 :: "r"(sctlr | 1u) : "memory");
	alias = (volatile uint32_t *)(MULTI_ATTACK_VA | (target & 0xfffffu));
	printf("MMU on; storing through VA 0x%08lx -> IPA 0x%08lx\n",
	       (unsigned long)(uintptr_t)alias, (unsigned long)target);
	for (i = 0; i < 1024; i++)
		alias[i] = 0xdeadbeef;
	for (i = 0; i < 1024; i++)
		hits += ((volatile uint32_t *)private_mem)[i] == 0xdeadbeef;
	printf("attack: %lu of 1024 words landed in my own RAM\n",
	       (unsigned long)hits);
	return hits != 1024;
}

static int spin(void)
{
	uint64_t start = now_ms(), end, next;
	unsigned long count = 0;

	end = start + 1000u * strtoul(arg("secs", "3"), NULL, 0);
	next = start + 1000;
	for (;;) {
		uint64_t t = now_ms();

		count++;
		if (t >= next || t >= end) {
			printf("progress %lu\n", count);
			next += 1000;
		}
		if (t >= end)
			break;
	}
	return 0;
}

int main(void)
{
	const char *name, *mode;
	uint32_t sum;

	read_bootargs();
	/* arg() reuses its buffer: copy what is kept */
	name = strdup(arg("name", "?"));
	mode = strdup(arg("mode", "hello"));
	printf("guest %s mode %s\n", name, mode);
	sum = fill_private(name);
	printf("%s checksum 0x%08lx\n", name, (unsigned long)sum);
	if (!strcmp(mode, "hello"))
		return strtoul(arg("status", "0"), NULL, 0);
	if (!strcmp(mode, "produce"))
		return produce();
	if (!strcmp(mode, "consume"))
		return consume();
	if (!strcmp(mode, "victim"))
		return victim(sum);
	if (!strcmp(mode, "attack"))
		return attack();
	if (!strcmp(mode, "spin"))
		return spin();
	printf("unknown mode '%s'\n", mode);
	return 1;
}
