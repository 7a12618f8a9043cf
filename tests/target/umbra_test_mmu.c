// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the guest's own MMU seen from the VMM. The guest
 * snippets (guest_code.S, guest_mmu_*) turn the MMU on with translation
 * tables the test builds in guest RAM; what they translate to outside RAM
 * must exit as MMIO at the IPA, tables umbra cannot walk must stop the
 * vCPU cleanly, and no translation a guest builds may reach another VM's
 * memory or the host's.
 *
 * The tests place a 16 KiB first-level table at RAM offset L1_OFF (IPA
 * 0x40004000) mapping the RAM megabyte to itself, so the snippet keeps
 * running at the same address once SCTLR.M is set (ARM ARM B3.5).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "umbra_test.h"

#define RAM_SIZE	0x100000	/* one section */
#define L1_OFF		0x4000		/* 16 KiB aligned */
#define L2_OFF		0x8000		/* 1 KiB aligned */
#define TTBR0		(GUEST_RAM_BASE + L1_OFF)
#define POISON		0xdeadbeef

/* Short-descriptor entries (B3.5.1), AP[2:0] = 011 (full access), domain 0 */
#define SECT(pa)	((__u32)(pa) | 0x2 | (3u << 10))
#define SUPER(pa)	((__u32)(pa) | 0x2 | (1u << 18) | (3u << 10))
#define TABLE(pa)	((__u32)(pa) | 0x1)
#define SMALL(pa)	((__u32)(pa) | 0x2 | (3u << 4))

/* FS[4:0] of a short-descriptor FSR (B4.1.52) */
#define FSR_FS(fsr)	((((fsr) >> 6) & 0x10) | ((fsr) & 0xf))
#define FS_TRANS_SECT	0x05
#define FS_EXT_WALK_L1	0x0c
#define FS_EXT_WALK_L2	0x0e

static __u32 *l1(struct umbra_vm *vm)
{
	return (__u32 *)(vm->ram + L1_OFF);
}

/* The RAM megabyte mapped to itself. */
static void map_identity(struct umbra_vm *vm)
{
	l1(vm)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
}

/* IPA of a label inside a snippet loaded at the start of RAM. */
#define SNIPPET_IPA(snippet, label) \
	(GUEST_RAM_BASE + (__u32)((label) - snippet##_start))

/* Start @snippet (1 MiB RAM, identity map) with r0 = TTBR0, r1, r2. */
#define START_MMU(snippet, r1, r2) do { \
	const struct guest_code __c = GUEST_CODE(snippet); \
	ASSERT_OK(umbra_vm_start(&self->vm, self->dev_fd, RAM_SIZE, &__c)); \
	map_identity(&self->vm); \
	ASSERT_OK(umbra_vcpu_set_args(&self->vm, TTBR0, (r1), (r2), 0)); \
} while (0)

#define ASSERT_MMIO(_addr, _len, _write) do { \
	ASSERT_EXIT(&self->vm, UMBRA_EXIT_MMIO); \
	ASSERT_EQ((__u64)(_addr), self->vm.run->mmio.phys_addr) \
		TH_LOG("%s", umbra_exit_str(self->vm.run)); \
	ASSERT_EQ((__u32)(_len), self->vm.run->mmio.len); \
	ASSERT_EQ((_write), self->vm.run->mmio.is_write); \
} while (0)

/*
 * The vCPU stopped on an abort the guest could not take (no vectors):
 * data = { pc, fsr, far, is_prefetch }, FS of fsr == @fs.
 */
#define ASSERT_GUEST_ABORT(vm, _pc, _fs, _far, _prefetch) do { \
	const struct umbra_run *__r = (vm)->run; \
	ASSERT_EXIT(vm, UMBRA_EXIT_INTERNAL_ERROR); \
	ASSERT_EQ(UMBRA_INTERNAL_ERROR_ABORT, __r->internal.suberror) \
		TH_LOG("%s", umbra_exit_str(__r)); \
	ASSERT_LE(4, __r->internal.ndata); \
	EXPECT_EQ((__u64)(_pc), __r->internal.data[0]) \
		TH_LOG("%s", umbra_exit_str(__r)); \
	EXPECT_EQ((_fs), FSR_FS((__u32)__r->internal.data[1])) \
		TH_LOG("FSR %#llx: %s", \
		       (unsigned long long)__r->internal.data[1], \
		       umbra_exit_str(__r)); \
	EXPECT_EQ((__u64)(_far), __r->internal.data[2]) \
		TH_LOG("%s", umbra_exit_str(__r)); \
	EXPECT_EQ((__u64)(_prefetch), __r->internal.data[3]) \
		TH_LOG("%s", umbra_exit_str(__r)); \
} while (0)

#define MMIO_VA		0x30000000u
#define MMIO_IPA	GUEST_MMIO_BASE		/* 0x10000000: no region */

/* (a) a section to an IPA outside RAM: a load exits as MMIO at the IPA */
TEST_F(umbra, mmu_section_mmio_read)
{
	static const __u8 val[4] = { 0x0d, 0xd0, 0x1d, 0xc0 };

	START_MMU(guest_mmu_ldr, MMIO_VA + 0x10, 0);
	l1(&self->vm)[MMIO_VA >> 20] = SECT(MMIO_IPA);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(MMIO_IPA + 0x10, 4, 0);
	memcpy(self->vm.run->mmio.data, val, sizeof(val));
	/* the guest shuts down with what it loaded */
	ASSERT_RUN_SHUTDOWN(&self->vm, 0xc01dd00d);
}

TEST_F(umbra, mmu_section_mmio_write)
{
	static const __u8 val[4] = { 0x78, 0x56, 0x34, 0x12 };

	START_MMU(guest_mmu_str, MMIO_VA + 0x7fffc, 0x12345678);
	l1(&self->vm)[MMIO_VA >> 20] = SECT(MMIO_IPA);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(MMIO_IPA + 0x7fffc, 4, 1);
	ASSERT_EQ(0, memcmp(self->vm.run->mmio.data, val, sizeof(val)));
	ASSERT_RUN_SHUTDOWN(&self->vm, GUEST_OK);
}

/* A small page (second-level table in guest RAM) to an IPA outside RAM. */
TEST_F(umbra, mmu_page_mmio_read)
{
	__u32 v = 0x600dda7a;
	__u32 *l2;

	START_MMU(guest_mmu_ldr, MMIO_VA + 0x1234, 0);
	l2 = (__u32 *)(self->vm.ram + L2_OFF);
	l1(&self->vm)[MMIO_VA >> 20] = TABLE(GUEST_RAM_BASE + L2_OFF);
	l2[1] = SMALL(MMIO_IPA + 0x5000);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_MMIO);
	ASSERT_MMIO(MMIO_IPA + 0x5234, 4, 0);
	memcpy(self->vm.run->mmio.data, &v, 4);
	ASSERT_RUN_SHUTDOWN(&self->vm, v);
}

/* A section aliasing guest RAM at another VA reads RAM, no exit. */
TEST_F(umbra, mmu_section_ram_alias)
{
	__u32 v = 0x0a11a5ed;

	START_MMU(guest_mmu_ldr, MMIO_VA + 0x54320, 0);
	l1(&self->vm)[MMIO_VA >> 20] = SECT(GUEST_RAM_BASE);
	memcpy(self->vm.ram + 0x54320, &v, 4);
	ASSERT_RUN_SHUTDOWN(&self->vm, v);
}

/*
 * (b) TTBR0 outside guest RAM: the first access after SCTLR.M, the fetch
 * of the next instruction, cannot walk: a synchronous external abort on
 * the first-level walk (FS 0b01100), a prefetch abort; with no vectors the
 * vCPU stops. The host is unaffected.
 */
TEST_F(umbra, mmu_ttbr0_outside_ram)
{
	const __u32 insn = SNIPPET_IPA(guest_mmu_ldr, guest_mmu_ldr_insn);

	START_MMU(guest_mmu_ldr, GUEST_RAM_BASE, 0);
	ASSERT_OK(umbra_vcpu_set_args(&self->vm, 0x20000000, GUEST_RAM_BASE,
				      0, 0));
	ASSERT_RUN(&self->vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_GUEST_ABORT(&self->vm, insn, FS_EXT_WALK_L1, insn, 1);
	/* running again stops the same way */
	ASSERT_RUN(&self->vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_GUEST_ABORT(&self->vm, insn, FS_EXT_WALK_L1, insn, 1);
	umbra_vm_destroy(&self->vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/* A second-level table outside guest RAM: FS 0b01110. */
TEST_F(umbra, mmu_l2_outside_ram)
{
	const __u32 insn = SNIPPET_IPA(guest_mmu_ldr, guest_mmu_ldr_insn);

	START_MMU(guest_mmu_ldr, GUEST_RAM_BASE, 0);
	l1(&self->vm)[GUEST_RAM_BASE >> 20] = TABLE(0x20000000);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_GUEST_ABORT(&self->vm, insn, FS_EXT_WALK_L2, insn, 1);
	umbra_vm_destroy(&self->vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/*
 * An unmapped VA with no vectors: the data abort the guest's MMU raises
 * (translation fault, section) cannot be taken; the vCPU stops with it.
 */
TEST_F(umbra, mmu_translation_fault_no_vectors)
{
	const __u32 insn = SNIPPET_IPA(guest_mmu_ldr, guest_mmu_ldr_insn);
	struct umbra_regs regs;

	START_MMU(guest_mmu_ldr, MMIO_VA + 0x40, 0);
	ASSERT_RUN(&self->vm, UMBRA_EXIT_INTERNAL_ERROR);
	ASSERT_GUEST_ABORT(&self->vm, insn, FS_TRANS_SECT, MMIO_VA + 0x40, 0);
	/* the load did not complete, the PC is the load */
	ASSERT_OK(umbra_get_regs(&self->vm, &regs));
	EXPECT_EQ(MMIO_VA + 0x40, regs.usr_regs[1]);
	EXPECT_EQ(insn, regs.pc);
	umbra_vm_destroy(&self->vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

/*
 * Each vCPU has its own translation registers (ARM ARM B3.17: TTBR0 is
 * per processor): two vCPUs of one VM with different tables mapping the
 * same VA to different pages each read their own page, however their
 * runs interleave.
 */
#define PEEK_VA		0x30000000u
#define L1_B_OFF	0xc000		/* the second vCPU's table */
#define L2_A_OFF	0x10000
#define L2_B_OFF	0x10400
#define PAGE_A_OFF	0x20000
#define PAGE_B_OFF	0x21000

struct extra_vcpu {
	int fd;
	struct umbra_run *run;
	long size;
};

static int extra_vcpu_create(struct umbra_vm *vm, int dev_fd,
			     unsigned long id, struct extra_vcpu *v)
{
	v->run = NULL;
	v->fd = ioctl(vm->vm_fd, UMBRA_CREATE_VCPU, id);
	if (v->fd < 0)
		return -1;
	v->size = ioctl(dev_fd, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	if (v->size < (long)sizeof(struct umbra_run))
		return -1;
	v->run = mmap(NULL, v->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		      v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return -1;
	}
	return 0;
}

static void extra_vcpu_destroy(struct extra_vcpu *v)
{
	if (v->run)
		munmap(v->run, v->size);
	if (v->fd >= 0)
		close(v->fd);
}

/* Run until the next GUEST_HC_REPORT; return the value, or ~0 (see err). */
static __u32 peek(int fd, struct umbra_run *run, char *err, size_t len)
{
	if (ioctl(fd, UMBRA_RUN, 0)) {
		snprintf(err, len, "UMBRA_RUN: %s", strerror(errno));
		return ~0u;
	}
	if (run->exit_reason != UMBRA_EXIT_HYPERCALL ||
	    run->hypercall.nr != GUEST_HC_REPORT) {
		snprintf(err, len, "%s", umbra_exit_str(run));
		return ~0u;
	}
	run->hypercall.ret[0] = 0;
	return run->hypercall.args[0];
}

TEST_F(umbra, mmu_two_vcpus_own_tables)
{
	const __u32 va = 0x5eed000a, vb = 0x5eed000b;
	struct umbra_vm *vm = &self->vm;
	struct extra_vcpu v1 = { .fd = -1 };
	struct umbra_regs regs;
	__u32 *l1b, *l2a, *l2b;
	char err[256] = "";
	int round;

	START_MMU(guest_mmu_peek, PEEK_VA, 0);
	l1b = (__u32 *)(vm->ram + L1_B_OFF);
	l2a = (__u32 *)(vm->ram + L2_A_OFF);
	l2b = (__u32 *)(vm->ram + L2_B_OFF);
	l1b[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	l1(vm)[PEEK_VA >> 20] = TABLE(GUEST_RAM_BASE + L2_A_OFF);
	l1b[PEEK_VA >> 20] = TABLE(GUEST_RAM_BASE + L2_B_OFF);
	l2a[0] = SMALL(GUEST_RAM_BASE + PAGE_A_OFF);
	l2b[0] = SMALL(GUEST_RAM_BASE + PAGE_B_OFF);
	memcpy(vm->ram + PAGE_A_OFF, &va, 4);
	memcpy(vm->ram + PAGE_B_OFF, &vb, 4);

	/* vCPU 1: the same code, its own table */
	ASSERT_EQ(0, extra_vcpu_create(vm, self->dev_fd, 1, &v1))
		TH_LOG("vCPU 1: %s", strerror(errno));
	memset(&regs, 0, sizeof(regs));
	regs.pc = GUEST_RAM_BASE;
	regs.cpsr = GUEST_CPSR;
	regs.usr_regs[0] = GUEST_RAM_BASE + L1_B_OFF;
	regs.usr_regs[1] = PEEK_VA;
	regs.svc_regs[0] = GUEST_RAM_BASE + RAM_SIZE - 0x1000;
	ASSERT_EQ(0, ioctl(v1.fd, UMBRA_SET_REGS, &regs));

	for (round = 0; round < 3 && !err[0]; round++) {
		EXPECT_EQ(va, peek(vm->vcpu_fd, vm->run, err, sizeof(err)))
			TH_LOG("round %d, vCPU 0 (TTBR0 %#x) %s", round, TTBR0,
			       err);
		EXPECT_EQ(vb, peek(v1.fd, v1.run, err, sizeof(err)))
			TH_LOG("round %d, vCPU 1 (TTBR0 %#x) %s", round,
			       GUEST_RAM_BASE + L1_B_OFF, err);
	}
	extra_vcpu_destroy(&v1);
}

/*
 * (c) Isolation. A victim VM hashes its RAM in a loop, reporting each
 * hash, while an attacker VM, concurrently, maps every megabyte of the
 * IPA space with sections and supersections (some with extended base
 * address bits) and stores to each one, then to the forbidden range.
 * Every store must exit as MMIO at the IPA its tables give, land in its
 * own RAM, or abort (the forbidden range); the victim's RAM and hashes
 * never change, and the attacker changes nothing of its own RAM but the
 * word it aims at.
 */
#define VICTIM_DATA	0x8000		/* hashed: [VICTIM_DATA, RAM_SIZE) */
#define VICTIM_MIN_PASSES 3
#define NR_MB		4096
#define SUPER_BASE	0x800		/* megabytes 0x800-0x8ff: supersections */
#define SUPER_EXT	0x900		/* 0x900-0x9ff: with PA[39:32] bits */
#define ATTACK_MAX_EXITS (NR_MB + 64)

static __u32 ror27_hash(const __u8 *p, size_t len)
{
	__u32 h = 0, w;
	size_t i;

	for (i = 0; i < len; i += 4) {
		memcpy(&w, p + i, 4);
		h = ((h >> 27) | (h << 5)) + w;
	}
	return h;
}

/* FNV-1a over all of @len bytes: the "nothing changed" hash. */
static __u64 fnv(const __u8 *p, size_t len)
{
	__u64 h = 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

struct victim {
	pthread_t thread;
	pthread_barrier_t *start;
	int dev_fd;
	struct umbra_vm vm;
	__u32 expect;		/* the hash the guest must report */
	volatile int stop;
	unsigned long passes;
	char err[256];		/* empty while all is well */
};

static void *victim_fn(void *arg)
{
	struct victim *v = arg;
	struct umbra_vm *vm = &v->vm;
	struct timespec t0, t;

	pthread_barrier_wait(v->start);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (umbra_run(vm)) {
			snprintf(v->err, sizeof(v->err), "%s", umbra_util_err);
			break;
		}
		if (vm->run->exit_reason != UMBRA_EXIT_HYPERCALL ||
		    vm->run->hypercall.nr != GUEST_HC_REPORT) {
			snprintf(v->err, sizeof(v->err), "pass %lu: %s",
				 v->passes, umbra_exit_str(vm->run));
			break;
		}
		if (vm->run->hypercall.args[0] != v->expect) {
			snprintf(v->err, sizeof(v->err),
				 "pass %lu: hash %#x, expected %#x", v->passes,
				 vm->run->hypercall.args[0], v->expect);
			break;
		}
		vm->run->hypercall.ret[0] = 0;
		v->passes++;
		if (__atomic_load_n(&v->stop, __ATOMIC_ACQUIRE) &&
		    v->passes >= VICTIM_MIN_PASSES)
			break;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 240) {
			snprintf(v->err, sizeof(v->err),
				 "still running after 240 s (%lu passes)",
				 v->passes);
			break;
		}
	}
	return NULL;
}

/* The attacker's first-level table, and the IPA its store #i aims at. */
static __u32 super_ipa(__u32 k)
{
	return (k << 28) | 0x05000000;
}

static void attack_tables(__u32 *t)
{
	__u32 i, k;

	for (i = 0; i < NR_MB; i++)
		t[i] = SECT(i << 20);
	for (i = SUPER_BASE; i < SUPER_BASE + 0x100; i++) {
		k = (i - SUPER_BASE) >> 4;
		t[i] = SUPER(super_ipa(k));
	}
	/* base 0x40000000 (the attacker's RAM) with PA[35:32], PA[39:36] */
	for (i = SUPER_EXT; i < SUPER_EXT + 0x100; i++)
		t[i] = SUPER(GUEST_RAM_BASE) | (0xfu << 20) | (0xfu << 5);
}

/* Where store #i lands, or 0 when the architecture has no 32-bit IPA. */
static __u32 attack_ipa(__u32 i)
{
	if (i >= SUPER_BASE && i < SUPER_BASE + 0x100)
		return super_ipa((i - SUPER_BASE) >> 4) +
		       (((i - SUPER_BASE) & 15) << 20) + GUEST_ATTACK_OFF;
	if (i >= SUPER_EXT && i < SUPER_EXT + 0x100)
		return 0;
	return (i << 20) | GUEST_ATTACK_OFF;
}

static int ipa_in_ram(__u64 ipa)
{
	return ipa >= GUEST_RAM_BASE && ipa - GUEST_RAM_BASE < RAM_SIZE;
}

TEST_F_TIMEOUT(umbra, mmu_isolation_two_vms, 600)
{
	const struct guest_code vcode = GUEST_CODE(guest_mmu_sum);
	const struct guest_code acode = GUEST_CODE(guest_mmu_attack);
	struct umbra_vm *vm = &self->vm;	/* the attacker */
	static __u8 exited[NR_MB];
	unsigned int mmio = 0, aborts = 0, own = 0, n;
	pthread_barrier_t start;
	struct umbra_regs regs;
	struct victim victim;
	__u8 *snapshot;
	char err[256];
	__u64 vhash, far;
	__u32 i, w;
	size_t off;

	/* the victim: a pattern, hashed by the guest over and over */
	memset(&victim, 0, sizeof(victim));
	umbra_vm_init(&victim.vm);
	ASSERT_OK(umbra_vm_start(&victim.vm, self->dev_fd, RAM_SIZE, &vcode));
	l1(&victim.vm)[GUEST_RAM_BASE >> 20] = SECT(GUEST_RAM_BASE);
	for (off = VICTIM_DATA; off < RAM_SIZE; off += 4) {
		w = (__u32)off * 0x9e3779b1u ^ 0x5eed0000u;
		memcpy(victim.vm.ram + off, &w, 4);
	}
	victim.expect = ror27_hash(victim.vm.ram + VICTIM_DATA,
				   RAM_SIZE - VICTIM_DATA);
	ASSERT_OK(umbra_vcpu_set_args(&victim.vm, TTBR0,
				      GUEST_RAM_BASE + VICTIM_DATA,
				      RAM_SIZE - VICTIM_DATA, 0));
	vhash = fnv(victim.vm.ram, RAM_SIZE);

	/* the attacker */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &acode));
	attack_tables(l1(vm));
	ASSERT_OK(umbra_vcpu_set_args(vm, TTBR0, 0, 0, 0));
	snapshot = malloc(RAM_SIZE);
	ASSERT_NE(NULL, snapshot);
	memcpy(snapshot, vm->ram, RAM_SIZE);
	memset(exited, 0, sizeof(exited));

	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, 2));
	victim.start = &start;
	victim.dev_fd = self->dev_fd;
	ASSERT_EQ(0, pthread_create(&victim.thread, NULL, victim_fn, &victim));
	pthread_barrier_wait(&start);

	/* no ASSERT until the victim is joined */
	err[0] = 0;
	for (n = 0; n < ATTACK_MAX_EXITS && !err[0]; n++) {
		if (umbra_run(vm)) {
			snprintf(err, sizeof(err), "%s", umbra_util_err);
			break;
		}
		if (vm->run->exit_reason == UMBRA_EXIT_SHUTDOWN)
			break;
		if (vm->run->exit_reason == UMBRA_EXIT_INTERNAL_ERROR &&
		    vm->run->internal.suberror == UMBRA_INTERNAL_ERROR_ABORT) {
			/* data: pc, fsr, far, is_prefetch */
			far = vm->run->internal.data[2];
			EXPECT_EQ(0, vm->run->internal.data[3])
				TH_LOG("%s", umbra_exit_str(vm->run));
			EXPECT_TRUE(far == 0xffff2000 || far == 0xffff3000)
				TH_LOG("abort outside the forbidden range: %s",
				       umbra_exit_str(vm->run));
			aborts++;
			/* skip the store */
			if (umbra_get_regs(vm, &regs)) {
				snprintf(err, sizeof(err), "%s", umbra_util_err);
				break;
			}
			regs.pc += 4;
			if (umbra_set_regs(vm, &regs))
				snprintf(err, sizeof(err), "%s", umbra_util_err);
			continue;
		}
		memcpy(&w, vm->run->mmio.data, 4);
		if (vm->run->exit_reason != UMBRA_EXIT_MMIO ||
		    !vm->run->mmio.is_write || vm->run->mmio.len != 4 ||
		    (w & ~0xfffu) != GUEST_ATTACK_MARK) {
			snprintf(err, sizeof(err), "after %u exits: %s, data %#x",
				 n, umbra_exit_str(vm->run), w);
			break;
		}
		i = w & 0xfff;
		EXPECT_FALSE(exited[i]) TH_LOG("store %#x exited twice", i);
		exited[i] = 1;
		mmio++;
		/* an MMIO exit is never for an IPA that is RAM */
		EXPECT_FALSE(ipa_in_ram(vm->run->mmio.phys_addr))
			TH_LOG("store %#x: MMIO exit for RAM: %s", i,
			       umbra_exit_str(vm->run));
		if (attack_ipa(i)) {
			EXPECT_EQ(attack_ipa(i), vm->run->mmio.phys_addr)
				TH_LOG("store %#x: %s", i,
				       umbra_exit_str(vm->run));
		}
	}
	__atomic_store_n(&victim.stop, 1, __ATOMIC_RELEASE);
	pthread_join(victim.thread, NULL);
	pthread_barrier_destroy(&start);

	/* the attacker ran to the end */
	ASSERT_STREQ("", err);
	ASSERT_EXIT(vm, UMBRA_EXIT_SHUTDOWN);
	ASSERT_EQ(GUEST_OK, vm->run->shutdown.status);
	EXPECT_EQ(2, aborts) TH_LOG("stores to the forbidden range");

	/*
	 * Stores without an exit landed in the attacker's own RAM: only its
	 * own megabyte, or an extended-address supersection umbra reads as
	 * its 32-bit base (kmod/core/walk.c: PA[39:32] ignored).
	 */
	for (i = 0; i < NR_MB; i++) {
		if (exited[i])
			continue;
		own++;
		if (attack_ipa(i)) {
			EXPECT_TRUE(ipa_in_ram(attack_ipa(i)))
				TH_LOG("store %#x to IPA %#x: no exit", i,
				       attack_ipa(i));
		} else {
			EXPECT_EQ(0, (i - SUPER_EXT) & 15)
				TH_LOG("store %#x (extended address): no exit",
				       i);
		}
	}
	TH_LOG("attacker: %u MMIO exits, %u aborts, %u stores to its own RAM",
	       mmio, aborts, own);
	memcpy(&w, vm->ram + GUEST_ATTACK_OFF, 4);
	EXPECT_EQ(GUEST_ATTACK_MARK, w & ~0xfffu);
	memcpy(vm->ram + GUEST_ATTACK_OFF, snapshot + GUEST_ATTACK_OFF, 4);
	EXPECT_EQ(0, memcmp(snapshot, vm->ram, RAM_SIZE))
		TH_LOG("the attacker changed its RAM elsewhere");
	free(snapshot);

	/* the victim saw nothing */
	EXPECT_STREQ("", victim.err);
	EXPECT_LE(VICTIM_MIN_PASSES, victim.passes);
	EXPECT_EQ(vhash, fnv(victim.vm.ram, RAM_SIZE))
		TH_LOG("the victim's RAM changed");
	TH_LOG("victim: %lu hash passes", victim.passes);
	umbra_vm_destroy(&victim.vm);
	umbra_vm_destroy(vm);
	ASSERT_HOST_ALIVE(self->dev_fd);
}

TEST_HARNESS_MAIN
