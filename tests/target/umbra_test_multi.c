// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: several guests from one system file,
 * `umbra-vmm run FILE.ini` with the multi guest (tests/guests/multi):
 * consoles multiplexed as "NAME: " lines, each guest's private memory
 * checksum, the exit status from the guests' ends, a shared region
 * (writer RW, reader RO: the reader's store is a virtual Data Abort),
 * isolation of guest RAM against the guest's own page tables, SIGINT
 * leaving no VM behind, and the accounting lines.
 *
 * $UMBRA_ROOT (default /umbra) holds bin/umbra-vmm and guests/multi.elf;
 * the tests are skipped if either is missing.
 */
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "umbra_test.h"
#include "../guests/multi/multi.h"

#define OUT_MAX		65536
#define DEBUGFS_UMBRA	"/sys/kernel/debug/umbra"

struct result {
	char out[OUT_MAX];
	char err[OUT_MAX];
	int status;		/* exit status, or 256 + signal */
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

/* Called with umbra-vmm's pid when the trigger appears, before @sig. */
static void (*trigger_hook)(pid_t pid);

/*
 * Write @ini to DIR/NAME.ini and run umbra-vmm on it; when @trigger
 * appears on stdout, call trigger_hook (if set) and send @sig (if not 0).
 * Returns 0, or -1 if it could not run.
 */
static int run_ini(const char *vmm, const char *dir, const char *name,
		   const char *ini, int sig, const char *trigger,
		   struct result *r)
{
	size_t out_len = 0, err_len = 0;
	int opipe[2], epipe[2], status, devnull, fd;
	bool sent = false;
	struct pollfd p[2];
	char path[512];
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s.ini", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, ini, strlen(ini)) != (ssize_t)strlen(ini))
		return -1;
	close(fd);
	r->out[0] = r->err[0] = '\0';
	if (pipe(opipe) || pipe(epipe))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, 0) < 0 ||
		    dup2(opipe[1], 1) < 0 || dup2(epipe[1], 2) < 0)
			_exit(126);
		close(opipe[0]);
		close(epipe[0]);
		execl(vmm, vmm, "run", path, (char *)NULL);
		_exit(127);
	}
	close(opipe[1]);
	close(epipe[1]);
	p[0] = (struct pollfd){ .fd = opipe[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = epipe[0], .events = POLLIN };
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents &&
		    !umbra_drain(p[0].fd, r->out, OUT_MAX, &out_len))
			p[0].fd = -1;
		if (p[1].revents &&
		    !umbra_drain(p[1].fd, r->err, OUT_MAX, &err_len))
			p[1].fd = -1;
		if (trigger && !sent && strstr(r->out, trigger)) {
			if (trigger_hook)
				trigger_hook(pid);
			if (sig)
				kill(pid, sig);
			sent = true;
		}
	}
	close(opipe[0]);
	close(epipe[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) :
		    256 + WTERMSIG(status);
	return 0;
}

/* Does @text have a line that is exactly @line? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') &&
		    (p[n] == '\n' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

/* The "NAME: NAME checksum 0x..." line the guest NAME must print. */
static void checksum_line(const char *name, char *buf, size_t size)
{
	static uint32_t mem[MULTI_PRIVATE_WORDS];
	uint32_t seed = multi_seed(name), i;

	for (i = 0; i < MULTI_PRIVATE_WORDS; i++)
		mem[i] = multi_pattern(seed, i);
	snprintf(buf, size, "%s: %s checksum 0x%08x", name, name,
		 multi_sum(mem, MULTI_PRIVATE_WORDS));
}

/* The VM directories ("PID-SEQ") in debugfs, or -1 without debugfs. */
static int count_vms(void)
{
	DIR *d = opendir(DEBUGFS_UMBRA);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] >= '0' && e->d_name[0] <= '9';
	closedir(d);
	return n;
}

FIXTURE(multi) {
	char vmm[256];
	char guest[256];
	char dir[64];
	struct result *r;
};

FIXTURE_SETUP(multi)
{
	const char *root = umbra_env_or("UMBRA_ROOT", "/umbra");

	snprintf(self->vmm, sizeof(self->vmm), "%s/bin/umbra-vmm", root);
	snprintf(self->guest, sizeof(self->guest), "%s/guests/multi.elf",
		 root);
	snprintf(self->dir, sizeof(self->dir), "%s/umbra-multi-XXXXXX",
		 umbra_env_or("TMPDIR", "/tmp"));
	self->r = calloc(1, sizeof(*self->r));
	ASSERT_NE(NULL, self->r);
	if (access(self->vmm, X_OK) || access(self->guest, R_OK))
		SETUP_SKIP("%s or %s missing", self->vmm, self->guest);
	ASSERT_NE(NULL, mkdtemp(self->dir));
}

FIXTURE_TEARDOWN(multi)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (strstr(self->dir, "XXXXXX") == NULL)
		(void)!system(cmd);
	free(self->r);
}

/* [guest NAME] of the multi guest with BOOTARGS. */
static void add_guest(char *ini, size_t size, const char *image,
		      const char *name, const char *bootargs)
{
	size_t len = strlen(ini);

	snprintf(ini + len, size - len,
		 "[guest %s]\nimage = %s\nram-size = 8M\nbootargs = name=%s %s\n\n",
		 name, image, name, bootargs);
}

#define DUMP(r) do { \
	TH_LOG("exit status %d", (r)->status); \
	TH_LOG_LINES("stdout", (r)->out); \
	TH_LOG_LINES("stderr", (r)->err); \
} while (0)

TEST_F_TIMEOUT(multi, two_and_four_guests, 600)
{
	static const char *const names[] = { "g0", "g1", "g2", "g3" };
	static const int status[] = { 0, 0, 3, 5 };
	char ini[4096], line[128];
	unsigned int n, i;

	for (n = 2; n <= 4; n += 2) {
		ini[0] = '\0';
		for (i = 0; i < n; i++) {
			char args[64];

			snprintf(args, sizeof(args), "mode=hello status=%d",
				 status[i]);
			add_guest(ini, sizeof(ini), self->guest, names[i],
				  args);
		}
		ASSERT_EQ(0, run_ini(self->vmm, self->dir, n == 2 ? "two" :
				     "four", ini, 0, NULL, self->r));
		/* two: all 0; four: the first non-zero in file order */
		if (self->r->status != (n == 2 ? 0 : 3))
			DUMP(self->r);
		EXPECT_EQ(n == 2 ? 0 : 3, self->r->status);
		for (i = 0; i < n; i++) {
			snprintf(line, sizeof(line), "%s: guest %s mode hello",
				 names[i], names[i]);
			EXPECT_TRUE(has_line(self->r->out, line))
				TH_LOG("no line '%s'", line);
			if (i) {
				char prev[128], cur[128];

				/* each its own pattern: distinct checksums */
				checksum_line(names[i - 1], prev, sizeof(prev));
				checksum_line(names[i], cur, sizeof(cur));
				EXPECT_STRNE(strstr(prev, "0x"),
					     strstr(cur, "0x"));
			}
			checksum_line(names[i], line, sizeof(line));
			EXPECT_TRUE(has_line(self->r->out, line))
				TH_LOG("no line '%s'", line);
			snprintf(line, sizeof(line),
				 "umbra-vmm: %s: cpu ", names[i]);
			EXPECT_NE(NULL, strstr(self->r->err, line))
				TH_LOG("no accounting for %s", names[i]);
			snprintf(line, sizeof(line), "status %d\n",
				 status[i]);
			EXPECT_NE(NULL, strstr(self->r->err, line));
		}
	}
}

TEST_F_TIMEOUT(multi, shared_region, 300)
{
	char ini[4096];

	ini[0] = '\0';
	add_guest(ini, sizeof(ini), self->guest, "producer", "mode=produce");
	add_guest(ini, sizeof(ini), self->guest, "consumer", "mode=consume");
	strcat(ini, "[shared ring]\nsize = 64K\nwriter = producer\n"
		    "readers = consumer\n"
		    "ipa = producer:0x48000000, consumer:0x50000000\n");
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "shared", ini, 0, NULL,
			     self->r));
	if (self->r->status)
		DUMP(self->r);
	EXPECT_EQ(0, self->r->status);
	EXPECT_NE(NULL, strstr(self->r->out, "producer: produced 0x"));
	EXPECT_NE(NULL, strstr(self->r->out, "consumer: consumed 0x"));
	EXPECT_NE(NULL, strstr(self->r->out, " ok\n"));
	/* DFSR: WnR, permission fault; DFAR: the reader's IPA of ring[0] */
	EXPECT_NE(NULL, strstr(self->r->out,
			       "consumer: write aborted: DFSR 0x80f DFAR 0x50000000"))
		TH_LOG("the reader's store was not a virtual Data Abort");
	EXPECT_NE(NULL, strstr(self->r->out, "region intact"));
	EXPECT_NE(NULL, strstr(self->r->err,
			       "consumer: store to read-only IPA 0x50000000: virtual Data Abort"));
}

TEST_F_TIMEOUT(multi, isolation, 300)
{
	char ini[4096], line[128], after[128];

	ini[0] = '\0';
	add_guest(ini, sizeof(ini), self->guest, "victim",
		  "mode=victim secs=4");
	add_guest(ini, sizeof(ini), self->guest, "attacker", "mode=attack");
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "isolation", ini, 0, NULL,
			     self->r));
	if (self->r->status)
		DUMP(self->r);
	EXPECT_EQ(0, self->r->status);
	checksum_line("victim", line, sizeof(line));
	EXPECT_TRUE(has_line(self->r->out, line));
	/* the same checksum after the attack */
	snprintf(after, sizeof(after), "victim: victim unchanged %s",
		 strstr(line, "0x"));
	EXPECT_TRUE(has_line(self->r->out, after))
		TH_LOG("no line '%s'", after);
	EXPECT_NE(NULL, strstr(self->r->out,
			       "attacker: attack: 1024 of 1024 words landed in my own RAM"));
}

TEST_F_TIMEOUT(multi, sigint_leaves_no_vm, 300)
{
	char ini[4096];
	int before, after;
	uint64_t t0;

	ini[0] = '\0';
	add_guest(ini, sizeof(ini), self->guest, "s0", "mode=spin secs=600");
	add_guest(ini, sizeof(ini), self->guest, "s1", "mode=spin secs=600");
	before = count_vms();
	t0 = now_ms();
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "sigint", ini, SIGINT,
			     "s1: progress", self->r));
	if (self->r->status != 130)
		DUMP(self->r);
	EXPECT_EQ(130, self->r->status);
	EXPECT_NE(NULL, strstr(self->r->err, "umbra-vmm: s0: stopped by SIGINT"));
	EXPECT_NE(NULL, strstr(self->r->err, "umbra-vmm: s1: stopped by SIGINT"));
	EXPECT_NE(NULL, strstr(self->r->err, "status 130"));
	EXPECT_GT(300000, now_ms() - t0);
	/* A VM goes when its last file is closed: allow the kernel 5 s. */
	t0 = now_ms();
	while ((after = count_vms()) > before && now_ms() - t0 < 5000)
		usleep(100000);
	if (before < 0)
		TH_LOG("no %s: VM count not checked", DEBUGFS_UMBRA);
	else
		EXPECT_EQ(before, after);
}

/* What linux_policy's hook saw among umbra-vmm's threads. */
static struct {
	int threads;		/* threads looked at */
	int fifo;		/* SCHED_FIFO, rt_priority 10, CPU 0 only */
	int nice;		/* SCHED_OTHER, nice 7 */
} seen;

/*
 * Fields of /proc/PID/task/TID/stat after the command name, 0 = field 3
 * (state): nice is field 19, rt_priority 40, policy 41 (proc(5)).
 */
#define STAT_NICE	(19 - 3)
#define STAT_RT_PRIO	(40 - 3)
#define STAT_POLICY	(41 - 3)

static void look_at_threads(pid_t pid)
{
	char path[64], buf[1024], *p, *tok, *save;
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		long f[STAT_POLICY + 1] = { 0 };
		pid_t tid = atoi(e->d_name);
		cpu_set_t cpus;
		ssize_t n;
		int fd, i;

		if (tid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat",
			 (int)pid, (int)tid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		p = strrchr(buf, ')');
		if (!p)
			continue;
		for (i = 0, tok = strtok_r(p + 1, " ", &save);
		     tok && i <= STAT_POLICY;
		     i++, tok = strtok_r(NULL, " ", &save))
			f[i] = i ? strtol(tok, NULL, 10) : 0;
		if (i <= STAT_POLICY ||
		    sched_getaffinity(tid, sizeof(cpus), &cpus))
			continue;
		seen.threads++;
		if (f[STAT_POLICY] == SCHED_FIFO && f[STAT_RT_PRIO] == 10 &&
		    CPU_COUNT(&cpus) == 1 && CPU_ISSET(0, &cpus))
			seen.fifo++;
		if (f[STAT_POLICY] == SCHED_OTHER && f[STAT_NICE] == 7)
			seen.nice++;
	}
	closedir(d);
}

/*
 * [schedule] policy = linux: each guest's vCPU thread runs with the
 * guest's SCHED_FIFO priority and CPU affinity, or its nice value, looked
 * at in /proc while both guests run.
 */
TEST_F_TIMEOUT(multi, linux_policy, 300)
{
	char ini[4096];
	size_t len;

	ini[0] = '\0';
	add_guest(ini, sizeof(ini), self->guest, "rt", "mode=spin secs=3");
	len = strlen(ini) - 1;	/* before the blank line */
	snprintf(ini + len, sizeof(ini) - len, "priority = 10\naffinity = 0\n\n");
	add_guest(ini, sizeof(ini), self->guest, "nc", "mode=spin secs=3");
	len = strlen(ini) - 1;
	snprintf(ini + len, sizeof(ini) - len, "nice = 7\n\n");
	memset(&seen, 0, sizeof(seen));
	trigger_hook = look_at_threads;
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "linux", ini, 0,
			     "nc: progress", self->r));
	trigger_hook = NULL;
	if (self->r->status != 0 || seen.fifo != 1 || seen.nice != 1)
		DUMP(self->r);
	EXPECT_EQ(0, self->r->status);
	EXPECT_LT(2, seen.threads);
	EXPECT_EQ(1, seen.fifo) TH_LOG("threads with SCHED_FIFO 10 on CPU 0");
	EXPECT_EQ(1, seen.nice) TH_LOG("threads with nice 7");
}

/*
 * The zImage boot protocol: zboot.bin is an SDK guest with a zImage
 * header; it checks r0 = 0, r1 = ~0, r2 = the DTB and the tree's memory
 * node and bootargs, prints TAP and exits with its failures.
 */
TEST_F_TIMEOUT(multi, zimage_boot, 300)
{
	const char *root = umbra_env_or("UMBRA_ROOT", "/umbra");
	char ini[1024], image[256];

	snprintf(image, sizeof(image), "%s/guests/zboot.bin", root);
	if (access(image, R_OK))
		SKIP(return, "%s missing", image);
	snprintf(ini, sizeof(ini),
		 "[guest zboot]\nimage = %s\nformat = zimage\n"
		 "ram-size = 16M\n"
		 "bootargs = zboot expect-ram=0x40000000:0x1000000\n", image);
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "zboot", ini, 0, NULL,
			     self->r));
	if (self->r->status || strstr(self->r->out, "not ok"))
		DUMP(self->r);
	EXPECT_EQ(0, self->r->status);
	EXPECT_NE(NULL, strstr(self->r->out, "zboot: ok 1 - r0 = 0"));
	EXPECT_NE(NULL, strstr(self->r->out, "zboot: ok 2 - r1 = ~0"));
	EXPECT_NE(NULL, strstr(self->r->out, "zboot: ok 3 - r2 = the DTB"));
	EXPECT_NE(NULL, strstr(self->r->out, "zboot: ok 5 - /chosen/bootargs"));
	EXPECT_NE(NULL, strstr(self->r->out, "zboot: ok 7 - memory node: RAM size"));
	EXPECT_EQ(NULL, strstr(self->r->out, "not ok"));
}

/* NAME's accounting: CPU and wall seconds, overruns; false if missing. */
static bool accounting(const char *err, const char *name, double *cpu,
		       double *wall, unsigned long *overruns)
{
	char key[64];
	const char *p, *o;

	snprintf(key, sizeof(key), "umbra-vmm: %s: cpu ", name);
	p = strstr(err, key);
	if (!p || sscanf(p + strlen(key), "%lf s of %lf s", cpu, wall) != 2)
		return false;
	o = strstr(p, ", overruns ");
	return o && sscanf(o, ", overruns %lu", overruns) == 1;
}

/*
 * The shares: each guest's CPU time (its vCPU thread's, which holds the
 * guest's execution and the VMM's handling of its exits) over the time
 * its thread ran, against its share of the schedule. The gate only lets
 * a thread enter the guest inside its windows and the module's budget
 * ends every run at the window's end, so a guest above its share by more
 * than the tolerance is an overrun; below it, the windows were not given
 * to it. Tolerance: 5 percentage points, over at least 2 s.
 */
#define SHARE_TOLERANCE	0.05

static void check_shares(struct __test_metadata *_metadata,
			 const struct result *r, const char *const *names,
			 const double *share, unsigned int n)
{
	unsigned long overruns;
	double cpu, wall;
	unsigned int i;

	for (i = 0; i < n; i++) {
		ASSERT_TRUE(accounting(r->err, names[i], &cpu, &wall,
				       &overruns))
			TH_LOG("no accounting line for %s", names[i]);
		TH_LOG("%s: cpu %.3f s of %.3f s: share %.3f (window %.3f), %lu overruns (> 2 ms late)",
		       names[i], cpu, wall, cpu / wall, share[i], overruns);
		EXPECT_LE(2.0, wall);
		EXPECT_GE(SHARE_TOLERANCE, cpu / wall - share[i]);
		EXPECT_GE(SHARE_TOLERANCE, share[i] - cpu / wall);
	}
}

TEST_F_TIMEOUT(multi, cyclic_shares, 600)
{
	static const char *const names[] = { "c0", "c1" };
	static const double share[] = { 0.25, 0.5 };
	char ini[4096];

	if (umbra_test_left_out("cyclic_shares"))
		SKIP(return, "in UMBRA_SKIP_TESTS");
	ini[0] = '\0';
	add_guest(ini, sizeof(ini), self->guest, "c0", "mode=spin secs=4");
	add_guest(ini, sizeof(ini), self->guest, "c1", "mode=spin secs=4");
	strcat(ini, "[schedule]\npolicy = cyclic\ncpu = 1\n"
		    "major-frame = 40ms\n"
		    "windows = c0@0ms+10ms, c1@20ms+20ms\n");
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "cyclic", ini, 0, NULL,
			     self->r));
	if (self->r->status)
		DUMP(self->r);
	ASSERT_EQ(0, self->r->status);
	check_shares(_metadata, self->r, names, share, 2);
	EXPECT_NE(NULL, strstr(self->r->err, "budget "))
		TH_LOG("no UMBRA_EXIT_BUDGET: the module did not end a window");
}

TEST_F_TIMEOUT(multi, rr_fairness, 600)
{
	static const char *const names[] = { "r0", "r1", "r2" };
	static const double share[] = { 1 / 3.0, 1 / 3.0, 1 / 3.0 };
	char ini[4096];

	ini[0] = '\0';
	add_guest(ini, sizeof(ini), self->guest, "r0", "mode=spin secs=4");
	add_guest(ini, sizeof(ini), self->guest, "r1", "mode=spin secs=4");
	add_guest(ini, sizeof(ini), self->guest, "r2", "mode=spin secs=4");
	strcat(ini, "[schedule]\npolicy = round-robin\ncpu = 1\ntime-slice = 10ms\n");
	ASSERT_EQ(0, run_ini(self->vmm, self->dir, "rr", ini, 0, NULL,
			     self->r));
	if (self->r->status)
		DUMP(self->r);
	ASSERT_EQ(0, self->r->status);
	check_shares(_metadata, self->r, names, share, 3);
}

TEST_HARNESS_MAIN
