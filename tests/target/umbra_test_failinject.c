// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: allocation-failure injection (the debug kernel).
 *
 * The life of a VM is cut into steps: UMBRA_CREATE_VM, two
 * UMBRA_SET_USER_MEMORY_REGIONs (64 KiB of RAM, 16 KiB read-only),
 * UMBRA_CREATE_VCPU, mmap() of its struct umbra_run, UMBRA_SET_REGS and the
 * first UMBRA_RUN. Each test takes one step and, for each N, makes the
 * N-th allocation the step makes fail through the kernel's fault
 * injection (/proc/thread-self/fail-nth with failslab and fail_page_alloc,
 * including sleeping and highmem allocations; see the kernel's
 * Documentation/fault-injection/fault-injection.rst), once, until the step
 * makes fewer than N allocations. After each injected failure:
 *  - the step either succeeded anyway or failed with ENOMEM, nothing else;
 *  - the same step again, without injection, succeeds;
 *  - once the step is undone, the module reference count (one per open
 *    /dev/umbra, VM and vCPU file) is what it was before; every
 *    PIN_EVERY failures and at the end, so is the number of pinned pages;
 *  - for the first failure and every LIFE_EVERY-th, the rest of the VM's
 *    life works: the guest runs to its shutdown.
 * Only what the step needs is made for each N: a VM and its regions that
 * can stand are made once (the vCPU steps), a region gets a fresh VM of
 * its own (a region cannot be taken back), the other steps of the life
 * are made only when the guest runs. On the debug kernel every slab
 * allocation records stack traces (KASAN, kmemleak, SLUB debugging) and
 * costs milliseconds: the earlier version, which made a whole VM life
 * with 1 MiB of RAM for each N, took 14 minutes for 1,000 failures.
 * UMBRA_CREATE_VCPU is swept with pools of 64, 128, 256 and 512 pages (one
 * allocation per pool page). Each test has a least number of allocation
 * points it must reach (MIN_* below, from the allocations umbra makes);
 * they add up to more than 1,000 injected failures per run. Leaked slab
 * objects are caught by the suite's kmemleak scan at its end, and the
 * kernel log check catches any oops or WARNING (debug_checks). Kernels
 * without fault injection (everything but the debug kernel) skip the
 * tests.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#include "umbra_test.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define DEBUGFS		"/sys/kernel/debug"
#define PAGE_SIZE_4K	4096u
#define RAM_SIZE	(64u << 10)
#define RO_IPA		0x48000000u
#define RO_SIZE		(16u << 10)
#define MAX_NTH		4096
#define LIFE_EVERY	64	/* failures between two guest runs */
#define PIN_EVERY	64	/* failures between two pinned page counts */

/*
 * The least number of allocation points of each test. A VM: its
 * structure, its monitor data page, its file. A region: its page array and
 * a claim for each page. A vCPU: its structure, its run page, eight
 * first-level tables, the pool's array, each pool page, its file.
 */
#define MIN_VM		3
#define MIN_RAM		(RAM_SIZE / PAGE_SIZE_4K + 1)
#define MIN_RO		(RO_SIZE / PAGE_SIZE_4K + 1)
#define MIN_VCPU(pool)	((pool) + 12)
#define MIN_INJECTED	1000
_Static_assert(MIN_VM + MIN_RAM + MIN_RO + MIN_VCPU(64) + MIN_VCPU(128) +
	       MIN_VCPU(256) + MIN_VCPU(512) >= MIN_INJECTED,
	       "the tests must inject at least 1,000 failures per run");

GUEST_CODE_DECLARE(guest_shutdown);

/* debugfs knobs: file, value for the test, value saved to restore */
static struct knob {
	const char *path;
	const char *value;
	char saved[32];
} knobs[] = {
	{ .path = DEBUGFS "/failslab/ignore-gfp-wait", .value = "N" },
	{ .path = DEBUGFS "/failslab/verbose", .value = "0" },
	{ .path = DEBUGFS "/fail_page_alloc/ignore-gfp-wait", .value = "N" },
	{ .path = DEBUGFS "/fail_page_alloc/ignore-gfp-highmem", .value = "N" },
	{ .path = DEBUGFS "/fail_page_alloc/min-order", .value = "0" },
	{ .path = DEBUGFS "/fail_page_alloc/verbose", .value = "0" },
};

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -1;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		ret = -1;
	close(fd);
	return ret;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

/*
 * The test thread's fail-nth, opened once: opening it again would itself
 * allocate, and count as one of the N. It cannot seek (no llseek), so it
 * is read and written at offset 0 with pread() and pwrite().
 */
static int fail_fd = -1;

/* fail_nth() - make the N-th allocation from now on fail (0: none). */
static int fail_nth(unsigned int n)
{
	char s[16];
	int len = snprintf(s, sizeof(s), "%u", n);

	return pwrite(fail_fd, s, len, 0) == len ? 0 : -1;
}

/* fail_nth_pending() - 1 if the armed failure was not reached yet. */
static int fail_nth_pending(void)
{
	char s[16];
	ssize_t n;

	n = pread(fail_fd, s, sizeof(s) - 1, 0);
	if (n <= 0)
		return -1;
	s[n] = 0;
	return atoi(s) != 0;
}

enum step {
	STEP_CREATE_VM,
	STEP_REGION_RAM,
	STEP_REGION_RO,
	STEP_CREATE_VCPU,
	STEP_MMAP_RUN,
	STEP_SET_REGS,
	STEP_RUN,
	NR_STEPS
};

static const char *const step_names[NR_STEPS] = {
	"UMBRA_CREATE_VM", "UMBRA_SET_USER_MEMORY_REGION (RAM)",
	"UMBRA_SET_USER_MEMORY_REGION (read-only)", "UMBRA_CREATE_VCPU",
	"mmap of struct umbra_run", "UMBRA_SET_REGS", "UMBRA_RUN",
};

static const char *step_name(unsigned int s)
{
	return s < NR_STEPS ? step_names[s] : "?";
}

struct life {
	int dev, vm, vcpu;
	unsigned int pool;	/* pages per vCPU pool, 0: the default */
	void *ram, *ro;
	struct umbra_run *run;
	long run_size;
};

/* do_step() - one step of the VM's life: 0, or -1 with errno set. */
static int do_step(struct life *l, enum step s)
{
	struct umbra_userspace_memory_region r = { 0 };
	struct umbra_regs regs = { 0 };
	void *p;

	switch (s) {
	case STEP_CREATE_VM:
		l->vm = ioctl(l->dev, UMBRA_CREATE_VM,
			      UMBRA_VM_POOL_PAGES(l->pool));
		return l->vm < 0 ? -1 : 0;
	case STEP_REGION_RAM:
		r.slot = 0;
		r.guest_phys_addr = GUEST_RAM_BASE;
		r.memory_size = RAM_SIZE;
		r.userspace_addr = (uintptr_t)l->ram;
		return ioctl(l->vm, UMBRA_SET_USER_MEMORY_REGION, &r);
	case STEP_REGION_RO:
		r.slot = 1;
		r.flags = UMBRA_MEM_READONLY;
		r.guest_phys_addr = RO_IPA;
		r.memory_size = RO_SIZE;
		r.userspace_addr = (uintptr_t)l->ro;
		return ioctl(l->vm, UMBRA_SET_USER_MEMORY_REGION, &r);
	case STEP_CREATE_VCPU:
		l->vcpu = ioctl(l->vm, UMBRA_CREATE_VCPU, 0);
		return l->vcpu < 0 ? -1 : 0;
	case STEP_MMAP_RUN:
		p = mmap(NULL, l->run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 l->vcpu, 0);
		if (p == MAP_FAILED)
			return -1;
		l->run = p;
		/* touch it now: a fault later must not be injected into */
		return l->run->exit_reason == 0xffffffffu ? -1 : 0;
	case STEP_SET_REGS:
		regs.pc = GUEST_RAM_BASE;
		regs.cpsr = GUEST_CPSR;
		return ioctl(l->vcpu, UMBRA_SET_REGS, &regs);
	case STEP_RUN:
		return ioctl(l->vcpu, UMBRA_RUN, 0);
	default:
		errno = EINVAL;
		return -1;
	}
}

/*
 * life_undo() - undo the steps from @from on, so that the steps before it
 * stand. A region cannot be taken back: undoing one closes the VM.
 */
static void life_undo(struct life *l, enum step from)
{
	if (l->run && from <= STEP_MMAP_RUN) {
		munmap(l->run, l->run_size);
		l->run = NULL;
	}
	if (l->vcpu >= 0 && from <= STEP_CREATE_VCPU) {
		close(l->vcpu);
		l->vcpu = -1;
	}
	if (l->vm >= 0 && from <= STEP_REGION_RO) {
		close(l->vm);
		l->vm = -1;
	}
}

FIXTURE(failinject) {
	struct life l;
	bool armed;
};

FIXTURE_SETUP(failinject)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	size_t i;

	memset(&self->l, 0, sizeof(self->l));
	self->l.vm = self->l.vcpu = -1;
	fail_fd = open(FAIL_NTH, O_RDWR);
	if (fail_fd < 0)
		SETUP_SKIP("no %s: a kernel without fault injection",
			   FAIL_NTH);
	if (access(knobs[0].path, W_OK))
		mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (read_file(knobs[i].path, knobs[i].saved,
			      sizeof(knobs[i].saved)))
			SETUP_SKIP("no %s", knobs[i].path);
	}
	self->armed = true;
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		const char *path = knobs[i].path;

		ASSERT_EQ(0, write_file(path, knobs[i].value))
			TH_LOG("%s", path);
	}

	self->l.dev = umbra_open_dev();
	ASSERT_LE(0, self->l.dev);
	self->l.run_size = ioctl(self->l.dev, UMBRA_GET_VCPU_MMAP_SIZE, 0);
	ASSERT_LT(0, self->l.run_size);
	/* guest memory, faulted in before any failure is injected */
	self->l.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	self->l.ro = mmap(NULL, RO_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	ASSERT_NE(MAP_FAILED, self->l.ram);
	ASSERT_NE(MAP_FAILED, self->l.ro);
	memset(self->l.ram, 0, RAM_SIZE);
	memset(self->l.ro, 0x5a, RO_SIZE);
	memcpy(self->l.ram, code.start, code.end - code.start);
}

FIXTURE_TEARDOWN(failinject)
{
	size_t i;

	if (fail_fd >= 0) {
		fail_nth(0);
		close(fail_fd);
	}
	life_undo(&self->l, STEP_CREATE_VM);
	if (!self->armed)
		return;
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		write_file(knobs[i].path, knobs[i].saved);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

#define BIT(s)		(1u << (s))
#define STEPS_BEFORE(s)	(BIT(s) - 1)

/* do_steps() - the steps in @mask, in order, but @but; asserts success */
static void do_steps(struct __test_metadata *_metadata, struct life *l,
		     unsigned int mask, enum step but)
{
	unsigned int i;

	for (i = 0; i < NR_STEPS; i++)
		if ((mask & BIT(i)) && i != but)
			ASSERT_EQ(0, do_step(l, i))
				TH_LOG("%s (for %s): %s", step_name(i),
				       step_name(but), strerror(errno));
}

/*
 * The module's reference count, read again and again from one open file:
 * opening it each time would cost allocations (milliseconds each here).
 */
static long refcnt(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);

	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/*
 * sweep() - make the N-th allocation of step @s fail, for N = 1, 2, ...
 * until @s makes fewer than N. The steps in @keep are made first and
 * stand throughout; those in @each are made again for each N before @s;
 * the rest only when the guest runs. Fails the test unless at least @min
 * failures were injected.
 */
static void sweep(struct __test_metadata *_metadata, struct life *l,
		  unsigned int keep, unsigned int each, enum step s,
		  unsigned int min)
{
	unsigned long injected = 0, coped = 0, lives = 0;
	enum step undo = __builtin_ctz(~keep);
	double t0 = now_s(), t_life = 0;
	int ret, err, pending, ref_fd;
	long refcnt0, pins0;
	unsigned int n;

	do_steps(_metadata, l, keep, NR_STEPS);
	ref_fd = open("/sys/module/umbra/refcnt", O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, ref_fd);
	refcnt0 = refcnt(ref_fd);
	pins0 = umbra_pinned_pages();
	ASSERT_LT(0, refcnt0);
	ASSERT_LE(0, pins0);
	for (n = 1; n <= MAX_NTH; n++) {
		do_steps(_metadata, l, each, NR_STEPS);
		ASSERT_EQ(0, fail_nth(n));
		ret = do_step(l, s);
		err = errno;
		pending = fail_nth_pending();
		ASSERT_EQ(0, fail_nth(0));
		ASSERT_LE(0, pending);
		if (pending) {
			/* fewer than n allocations here */
			ASSERT_EQ(0, ret)
				TH_LOG("%s failed (%s) with no failure injected",
				       step_name(s), strerror(err));
			life_undo(l, undo);
			break;
		}
		injected++;
		if (ret) {
			ASSERT_EQ(ENOMEM, err)
				TH_LOG("%s, allocation %u failed: %s, not ENOMEM",
				       step_name(s), n, strerror(err));
			ASSERT_EQ(0, do_step(l, s))
				TH_LOG("%s again: %s", step_name(s),
				       strerror(errno));
		} else {
			coped++;
		}
		if (injected % LIFE_EVERY == 1) {
			double t = now_s();

			/* the rest of the life, after allocation n failed */
			do_steps(_metadata, l, ~(keep | each | BIT(s)) &
				 (BIT(NR_STEPS) - 1), s);
			ASSERT_EQ(UMBRA_EXIT_SHUTDOWN, l->run->exit_reason)
				TH_LOG("%s, allocation %u: %s", step_name(s),
				       n, umbra_exit_str(l->run));
			ASSERT_EQ(GUEST_DONE, l->run->shutdown.status);
			lives++;
			t_life += now_s() - t;
		}
		life_undo(l, undo);
		ASSERT_EQ(refcnt0, refcnt(ref_fd))
			TH_LOG("%s, allocation %u failed: a reference left",
			       step_name(s), n);
		if (injected % PIN_EVERY == 0)
			ASSERT_EQ(pins0, umbra_pinned_pages())
				TH_LOG("%s, up to allocation %u: pinned pages left",
				       step_name(s), n);
	}
	ASSERT_GE(MAX_NTH, n);
	ASSERT_EQ(pins0, umbra_pinned_pages())
		TH_LOG("%s: pinned pages left", step_name(s));
	close(ref_fd);
	fprintf(stderr, "# failinject: %s, pool %u pages: %lu failures injected: %lu ENOMEM, %lu coped with; %lu guest runs in %.1f s; %.1f s in all; 0 host errors\n",
		step_name(s), l->pool ? l->pool : UMBRA_VM_POOL_DEFAULT_PAGES,
		injected, injected - coped, coped, lives, t_life,
		now_s() - t0);
	fprintf(stderr, "# umbra-figure: injected-failures-survived %lu\n",
		injected);
	ASSERT_LE(min, injected)
		TH_LOG("%s: fewer allocation points than it makes", step_name(s));
	life_undo(l, STEP_CREATE_VM);
}

/* nothing kept, nothing made before */
TEST_F_TIMEOUT(failinject, create_vm, 300)
{
	if (self->armed)
		sweep(_metadata, &self->l, 0, 0, STEP_CREATE_VM, MIN_VM);
}

/* a fresh VM, without the other region, for each N */
TEST_F_TIMEOUT(failinject, region_ram, 300)
{
	if (self->armed)
		sweep(_metadata, &self->l, 0, BIT(STEP_CREATE_VM),
		      STEP_REGION_RAM, MIN_RAM);
}

TEST_F_TIMEOUT(failinject, region_ro, 300)
{
	if (self->armed)
		sweep(_metadata, &self->l, 0, BIT(STEP_CREATE_VM),
		      STEP_REGION_RO, MIN_RO);
}

/* the VM and its regions stand; a vCPU is made again for each N */
static void sweep_vcpu(struct __test_metadata *_metadata, struct life *l,
		       unsigned int pool)
{
	l->pool = pool;
	sweep(_metadata, l, STEPS_BEFORE(STEP_CREATE_VCPU), 0,
	      STEP_CREATE_VCPU, MIN_VCPU(pool));
}

TEST_F_TIMEOUT(failinject, create_vcpu_pool_64, 300)
{
	if (self->armed)
		sweep_vcpu(_metadata, &self->l, 64);
}

TEST_F_TIMEOUT(failinject, create_vcpu_pool_128, 300)
{
	if (self->armed)
		sweep_vcpu(_metadata, &self->l, 128);
}

TEST_F_TIMEOUT(failinject, create_vcpu_pool_256, 300)
{
	if (self->armed)
		sweep_vcpu(_metadata, &self->l, 256);
}

TEST_F_TIMEOUT(failinject, create_vcpu_pool_512, 300)
{
	if (self->armed)
		sweep_vcpu(_metadata, &self->l, 512);
}

TEST_F_TIMEOUT(failinject, mmap_run, 300)
{
	if (self->armed)
		sweep(_metadata, &self->l, STEPS_BEFORE(STEP_CREATE_VCPU),
		      BIT(STEP_CREATE_VCPU), STEP_MMAP_RUN, 0);
}

TEST_F_TIMEOUT(failinject, set_regs, 300)
{
	if (self->armed)
		sweep(_metadata, &self->l, STEPS_BEFORE(STEP_CREATE_VCPU),
		      BIT(STEP_CREATE_VCPU) | BIT(STEP_MMAP_RUN),
		      STEP_SET_REGS, 0);
}

/* the first run of a fresh VM: the checker's scratch and index */
TEST_F_TIMEOUT(failinject, first_run, 300)
{
	if (self->armed)
		sweep(_metadata, &self->l, 0, STEPS_BEFORE(STEP_RUN),
		      STEP_RUN, 0);
}

TEST_HARNESS_MAIN
