// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: allocation-failure injection (the debug kernel).
 *
 * The life of a VM is cut into steps: UMBRA_CREATE_VM, two
 * UMBRA_SET_USER_MEMORY_REGIONs, UMBRA_CREATE_VCPU, mmap() of its struct
 * umbra_run, UMBRA_SET_REGS and the first UMBRA_RUN. For each step and
 * each N, the N-th allocation the step makes is made to fail through the
 * kernel's fault injection (/proc/thread-self/fail-nth with failslab and
 * fail_page_alloc, including sleeping and highmem allocations; see the
 * kernel's Documentation/fault-injection/fault-injection.rst), until the
 * step makes fewer than N allocations. After each injected failure:
 *  - the step either succeeded anyway or failed with ENOMEM, nothing else;
 *  - the same step again, without injection, succeeds;
 *  - the rest of the VM's life works: the guest runs to its shutdown.
 * Sweeps repeat until UMBRA_FAILINJECT_MIN (1000) failures were injected.
 * Leaks are caught by the suite's kmemleak scan at its end, and the
 * kernel log check catches any oops. Kernels without fault injection
 * (everything but the debug kernel) skip the test.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "umbra_util.h"

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define DEBUGFS		"/sys/kernel/debug"
#define RAM_SIZE	(1u << 20)
#define RO_IPA		0x48000000u
#define RO_SIZE		(64u << 10)
#define MIN_INJECTED	1000
#define MAX_SWEEPS	200
#define MAX_NTH		4096

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
		l->vm = ioctl(l->dev, UMBRA_CREATE_VM, 0);
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

static void life_end(struct life *l)
{
	if (l->run)
		munmap(l->run, l->run_size);
	if (l->vcpu >= 0)
		close(l->vcpu);
	if (l->vm >= 0)
		close(l->vm);
	l->run = NULL;
	l->vcpu = l->vm = -1;
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
		SKIP(return, "no %s: a kernel without fault injection",
		     FAIL_NTH);
	if (access(knobs[0].path, W_OK))
		mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		if (read_file(knobs[i].path, knobs[i].saved,
			      sizeof(knobs[i].saved)))
			SKIP(return, "no %s", knobs[i].path);
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
	life_end(&self->l);
	if (!self->armed)
		return;
	for (i = 0; i < ARRAY_SIZE(knobs); i++)
		write_file(knobs[i].path, knobs[i].saved);
}

/*
 * Every allocation of every step fails once, in turn, again and again;
 * each time umbra reports ENOMEM (or copes), loses nothing and works on.
 */
TEST_F_TIMEOUT(failinject, every_allocation_fails_once, 1000)
{
	struct life *l = &self->l;
	unsigned long injected = 0, coped = 0, points = 0;
	unsigned int sweep, n, i;
	enum step s;
	int ret, err, pending;

	if (!self->armed)
		return;		/* skipped by the setup */
	for (sweep = 0; sweep < MAX_SWEEPS && injected < MIN_INJECTED;
	     sweep++) {
		for (s = 0; s < NR_STEPS; s++) {
			for (n = 1; n <= MAX_NTH; n++) {
				for (i = 0; i < s; i++)
					ASSERT_EQ(0, do_step(l, i))
						TH_LOG("%s: %s", step_name(i),
						       strerror(errno));
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
						       step_name(s),
						       strerror(err));
					life_end(l);
					break;
				}
				injected++;
				if (sweep == 0)
					points++;
				if (ret) {
					ASSERT_EQ(ENOMEM, err)
						TH_LOG("%s, allocation %u failed: %s, not ENOMEM",
						       step_name(s), n,
						       strerror(err));
					ASSERT_EQ(0, do_step(l, s))
						TH_LOG("%s again: %s",
						       step_name(s),
						       strerror(errno));
				} else {
					coped++;
				}
				for (i = s + 1; i < NR_STEPS; i++)
					ASSERT_EQ(0, do_step(l, i))
						TH_LOG("%s after %s's allocation %u failed: %s",
						       step_name(i),
						       step_name(s), n,
						       strerror(errno));
				ASSERT_EQ(UMBRA_EXIT_SHUTDOWN,
					  l->run->exit_reason)
					TH_LOG("%s", umbra_exit_str(l->run));
				ASSERT_EQ(GUEST_DONE, l->run->shutdown.status);
				life_end(l);
			}
			ASSERT_GE(MAX_NTH, n);
		}
	}
	fprintf(stderr, "# failinject: %lu allocation points, %lu failures injected in %u sweeps: %lu ENOMEM, %lu coped with; 0 host errors\n",
		       points, injected, sweep, injected - coped, coped);
	fprintf(stderr, "# umbra-figure: injected-failures-survived %lu\n",
		       injected);
	ASSERT_LE(MIN_INJECTED, injected);
}

TEST_HARNESS_MAIN
