// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the exit counters in debugfs
 * (/sys/kernel/debug/umbra/<pid>-<n>/vcpu<id>/exits) and `umbra-vmm stat`.
 *
 * Each test runs in its own process (the harness forks), so the one VM
 * directory named after getpid() is the test's own.
 */
#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define DEBUGFS		"/sys/kernel/debug/umbra"
#define NSTATS		15

static const char *const stat_names[NSTATS] = {
	"exits", "irq", "hypercall", "mmio", "shadow_fault", "vabort",
	"vundef", "cp15", "vfp", "pvinsn", "eret", "wfi", "wfe", "budget",
	"signal",
};

enum { EXITS, IRQ, HYPERCALL, MMIO, SHADOW_FAULT, VABORT, VUNDEF, CP15,
	VFP, PVINSN, ERET, WFI, WFE, BUDGET, SIGNAL };

/* the VM directory of this process, in @dir; 0 or -1 (none or several) */
static int vm_dir(char *dir, size_t len)
{
	char pat[128];
	glob_t g;
	int ret = -1;

	snprintf(pat, sizeof(pat), DEBUGFS "/%d-*", getpid());
	if (glob(pat, 0, NULL, &g))
		return -1;
	if (g.gl_pathc == 1) {
		snprintf(dir, len, "%s", g.gl_pathv[0]);
		ret = 0;
	}
	globfree(&g);
	return ret;
}

/* read vcpu0/exits of this process's VM: every counter, in order */
static int read_stats(unsigned long long *v)
{
	char dir[256], path[300], name[32];
	FILE *f;
	int i;

	if (vm_dir(dir, sizeof(dir)))
		return -1;
	snprintf(path, sizeof(path), "%s/vcpu0/exits", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	for (i = 0; i < NSTATS; i++) {
		if (fscanf(f, "%31s %llu", name, &v[i]) != 2 ||
		    strcmp(name, stat_names[i])) {
			fclose(f);
			return -1;
		}
	}
	/* nothing after the last counter */
	i = fscanf(f, "%31s", name);
	fclose(f);
	return i == EOF ? 0 : -1;
}

FIXTURE(stats) {
	int dev_fd;
	struct umbra_vm vm;
};

FIXTURE_SETUP(stats)
{
	struct stat st;

	umbra_vm_init(&self->vm);
	self->dev_fd = umbra_open_dev();
	ASSERT_LE(0, self->dev_fd) TH_LOG("%s", umbra_util_err);
	if (stat(DEBUGFS, &st))
		SETUP_SKIP(DEBUGFS " missing (no debugfs mounted?)");
}

FIXTURE_TEARDOWN(stats)
{
	umbra_vm_destroy(&self->vm);
	if (self->dev_fd >= 0)
		close(self->dev_fd);
}

/* created with the VM and vCPU, all zero; gone with their fds */
TEST_F(stats, lifetime)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_vm *vm = &self->vm;
	unsigned long long v[NSTATS];
	char dir[256], path[300];
	struct stat st;
	int i;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_EQ(0, vm_dir(dir, sizeof(dir)));
	ASSERT_EQ(0, read_stats(v));
	for (i = 0; i < NSTATS; i++)
		EXPECT_EQ(0, v[i]) TH_LOG("%s = %llu before any run",
					  stat_names[i], v[i]);
	snprintf(path, sizeof(path), "%s/vcpu0", dir);
	ASSERT_EQ(0, stat(path, &st));
	ASSERT_EQ(0, munmap(vm->run, vm->run_size));
	vm->run = NULL;
	ASSERT_EQ(0, close(vm->vcpu_fd));
	vm->vcpu_fd = -1;
	ASSERT_EQ(-1, stat(path, &st)) TH_LOG("%s outlives its vCPU", path);
	ASSERT_EQ(0, stat(dir, &st));
	ASSERT_EQ(0, close(vm->vm_fd));
	vm->vm_fd = -1;
	ASSERT_EQ(-1, stat(dir, &st)) TH_LOG("%s outlives its VM", dir);
}

/* each kind of exit moves its counter, and only by what happened */
TEST_F_TIMEOUT(stats, counters_move, 60)
{
	const struct guest_code shut = GUEST_CODE(guest_shutdown);
	const struct guest_code ldr = GUEST_CODE(guest_mmio_ldr);
	const struct guest_code sctlr = GUEST_CODE(guest_cp15_sctlr);
	const struct guest_code loop = GUEST_CODE(guest_loop);
	struct umbra_vm *vm = &self->vm;
	unsigned long long a[NSTATS], b[NSTATS];
	unsigned int i;

	/* a hypercall (shutdown), after shadow faults for its page */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &shut));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
	ASSERT_EQ(0, read_stats(a));
	EXPECT_EQ(1, a[HYPERCALL]);
	EXPECT_LE(1, a[SHADOW_FAULT]);
	EXPECT_LE(a[HYPERCALL] + a[SHADOW_FAULT], a[EXITS]);
	EXPECT_EQ(0, a[MMIO]);
	EXPECT_EQ(0, a[BUDGET]);
	umbra_vm_destroy(vm);

	/* one MMIO load, then the shutdown hypercall */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &ldr));
	ASSERT_OK(umbra_vcpu_set_args(vm, GUEST_MMIO_BASE, 0, 0, 0));
	ASSERT_RUN(vm, UMBRA_EXIT_MMIO);
	ASSERT_EQ(0, read_stats(a));
	EXPECT_EQ(1, a[MMIO]);
	EXPECT_EQ(0, a[HYPERCALL]);
	ASSERT_RUN(vm, UMBRA_EXIT_SHUTDOWN);
	ASSERT_EQ(0, read_stats(b));
	EXPECT_EQ(1, b[MMIO]);
	EXPECT_EQ(1, b[HYPERCALL]);
	umbra_vm_destroy(vm);

	/* an emulated CP15 access */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &sctlr));
	ASSERT_OK(umbra_run(vm));
	ASSERT_EQ(0, read_stats(a));
	EXPECT_EQ(1, a[CP15]);
	EXPECT_EQ(1, a[HYPERCALL]);
	umbra_vm_destroy(vm);

	/*
	 * a spinning guest: runs of 100 ms budget until one saw a host
	 * interrupt (a timer tick, the budget's own timer or its IPI); the
	 * first run may spend its budget outside the guest on a slow debug
	 * host (its shadow fault, checked by debug_checks)
	 */
	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &loop));
	for (i = 1; i <= 20; i++) {
		vm->run->budget_us = 100000;
		ASSERT_RUN(vm, UMBRA_EXIT_BUDGET);
		ASSERT_EQ(0, read_stats(a));
		EXPECT_EQ(i, a[BUDGET]);
		if (a[IRQ])
			break;
	}
	EXPECT_LE(1, a[IRQ]);
	EXPECT_EQ(0, a[HYPERCALL]);
	EXPECT_EQ(0, a[SIGNAL]);
	vm->run->immediate_exit = 1;
	ASSERT_ERRNO(EINTR, ioctl(vm->vcpu_fd, UMBRA_RUN, 0));
	ASSERT_EQ(0, read_stats(b));
	EXPECT_EQ(1, b[SIGNAL]);
	EXPECT_EQ(a[BUDGET], b[BUDGET]);
}

/* `umbra-vmm stat --once` shows this process's VM and its counters */
TEST_F(stats, vmm_stat_once)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	const char *root = getenv("UMBRA_ROOT");
	struct umbra_vm *vm = &self->vm;
	char cmd[512], line[512], dir[256], *name;
	bool seen = false;
	FILE *p;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
	ASSERT_EQ(0, vm_dir(dir, sizeof(dir)));
	name = strrchr(dir, '/') + 1;
	snprintf(cmd, sizeof(cmd), "%s/bin/umbra-vmm stat --once",
		 root ? root : "/umbra");
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	while (fgets(line, sizeof(line), p)) {
		char vmname[64];
		int vcpus;
		unsigned long long exits, hc;

		fputs(line, stderr);
		/* VM PID COMM VCPUS EXITS IRQ HYPERCALL ... */
		if (sscanf(line, "%63s %*d %*s %d %llu %*u %llu", vmname,
			   &vcpus, &exits, &hc) == 4 &&
		    !strcmp(vmname, name)) {
			seen = true;
			EXPECT_EQ(1, vcpus);
			EXPECT_LE(1, exits);
			EXPECT_EQ(1, hc);
		}
	}
	EXPECT_EQ(0, pclose(p));
	EXPECT_TRUE(seen) TH_LOG("VM %s not in umbra-vmm stat's table", name);
}

TEST_HARNESS_MAIN
