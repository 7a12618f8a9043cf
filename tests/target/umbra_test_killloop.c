// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the kill loop.
 *
 * UMBRA_KILL_LOOPS times (default: 100 on a kernel with kmemleak, i.e. the
 * debug kernel, where leaks are looked for; 10 elsewhere), start umbra-vmm with the Lua guest running
 * an endless script and SIGKILL it after a random delay: while it loads
 * the ELF, registers its memory regions, creates the vCPU, or in the
 * middle of UMBRA_RUN. After each kill, once the VMM is reaped, umbra.ko
 * must hold no reference for it any more (/sys/module/umbra/refcnt back
 * to what it was: every fd of /dev/umbra, of a VM and of a vCPU holds
 * one), i.e. no VM is left behind. Leaks are caught by the suite's
 * kmemleak scan (debug kernel) and `rmmod umbra` after the suite.
 *
 * Environment: UMBRA_ROOT (/umbra), UMBRA_KILL_LOOPS, UMBRA_KILL_SEED.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "umbra_util.h"

#define KMEMLEAK	"/sys/kernel/debug/kmemleak"
#define MAX_DELAY_US	400000	/* VMM start to guest running: ~50-200 ms */

static unsigned long env_ul(const char *name, unsigned long def)
{
	const char *s = getenv(name);

	return s && *s ? strtoul(s, NULL, 0) : def;
}

/* Start umbra-vmm on the Lua guest, stdin an endless Lua loop. */
static pid_t start_vmm(const char *vmm, const char *elf, const char *script)
{
	pid_t pid = fork();
	int fd;

	if (pid)
		return pid;
	fd = open(script, O_RDONLY);
	if (fd < 0 || dup2(fd, 0) < 0)
		_exit(126);
	fd = open("/dev/null", O_WRONLY);
	if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(126);
	execl(vmm, vmm, "run", elf, (char *)NULL);
	_exit(127);
}

FIXTURE(killloop) {
	int unused;
};

FIXTURE_SETUP(killloop)
{
}

FIXTURE_TEARDOWN(killloop)
{
}

TEST_F_TIMEOUT(killloop, sigkill_vmm_at_random_points, 1200)
{
	const char *root = getenv("UMBRA_ROOT") ? : "/umbra";
	unsigned long loops = env_ul("UMBRA_KILL_LOOPS",
				     access(KMEMLEAK, F_OK) ? 10 : 100);
	unsigned long seed = env_ul("UMBRA_KILL_SEED", time(NULL));
	unsigned long i, killed = 0, exited = 0;
	char vmm[256], elf[256], script[] = "/tmp/umbra-killloop.lua";
	long base, now;
	FILE *f;
	int status, tries;
	pid_t pid;

	snprintf(vmm, sizeof(vmm), "%s/bin/umbra-vmm", root);
	snprintf(elf, sizeof(elf), "%s/guests/lua.elf", root);
	if (access(vmm, X_OK) || access(elf, R_OK))
		SKIP(return, "no %s or %s", vmm, elf);
	f = fopen(script, "w");
	ASSERT_NE(NULL, f);
	fputs("local n = 0\nwhile true do n = n + 1 end\n", f);
	fclose(f);

	srandom(seed);
	fprintf(stderr, "# kill loop: seed %#lx (UMBRA_KILL_SEED), %lu loops\n",
		       seed, loops);
	base = umbra_module_refcnt();
	ASSERT_LE(0, base);
	for (i = 0; i < loops; i++) {
		unsigned long delay = random() % MAX_DELAY_US;

		pid = start_vmm(vmm, elf, script);
		ASSERT_LT(0, pid);
		usleep(delay);
		ASSERT_EQ(0, kill(pid, SIGKILL));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
			killed++;
		} else {
			/* it must not end on its own: the script never does */
			exited++;
			TH_LOG("loop %lu (%lu us): umbra-vmm ended by itself, status %#x",
			       i, delay, status);
		}
		/* the VMM's fds are closed before it can be reaped */
		for (tries = 0; (now = umbra_module_refcnt()) != base && tries < 100;
		     tries++)
			usleep(10000);
		ASSERT_EQ(base, now)
			TH_LOG("loop %lu, killed after %lu us: umbra.ko holds %ld references, %ld before",
			       i, delay, now, base);
		ASSERT_EQ(0, tries)
			TH_LOG("loop %lu: references dropped only %d ms after the VMM was reaped",
			       i, tries * 10);
	}
	unlink(script);
	fprintf(stderr, "# kill loop: %lu kills survived, %lu early exits; 0 host errors, no VM left\n",
		       killed, exited);
	fprintf(stderr, "# umbra-figure: kills-survived %lu\n", killed);
	EXPECT_EQ(0, exited);
}

TEST_HARNESS_MAIN
