// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: the hello guest through the real VMM,
 * `umbra-vmm run hello.elf`: its console output reaches stdout and its
 * shutdown status becomes the VMM's exit status.
 *
 * $UMBRA_ROOT (default /umbra) holds bin/umbra-vmm and guests/hello.elf;
 * the test is skipped if either is missing.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "umbra_test.h"

#define HELLO_TEXT	"hello from guest"
#define HELLO_STATUS	42
#define OUT_MAX		8192

FIXTURE(vmm) {
	char vmm[256];
	char guest[256];
};

FIXTURE_SETUP(vmm)
{
	const char *root = umbra_env_or("UMBRA_ROOT", "/umbra");

	snprintf(self->vmm, sizeof(self->vmm), "%s/bin/umbra-vmm", root);
	snprintf(self->guest, sizeof(self->guest), "%s/guests/hello.elf",
		 root);
}

FIXTURE_TEARDOWN(vmm)
{
}

TEST_F_TIMEOUT(vmm, hello_guest, 120)
{
	static char out[OUT_MAX], err[OUT_MAX];
	size_t out_len = 0, err_len = 0;
	int opipe[2], epipe[2], status, devnull;
	struct pollfd p[2];
	pid_t pid;

	if (access(self->vmm, X_OK))
		SKIP(return, "%s missing: %s", self->vmm, strerror(errno));
	if (access(self->guest, R_OK))
		SKIP(return, "%s missing: %s", self->guest, strerror(errno));

	ASSERT_EQ(0, pipe(opipe));
	ASSERT_EQ(0, pipe(epipe));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		devnull = open("/dev/null", O_RDONLY);
		if (devnull < 0 || dup2(devnull, 0) < 0 ||
		    dup2(opipe[1], 1) < 0 || dup2(epipe[1], 2) < 0)
			_exit(126);
		close(opipe[0]);
		close(epipe[0]);
		execl(self->vmm, self->vmm, "run", self->guest, (char *)NULL);
		_exit(127);
	}
	close(opipe[1]);
	close(epipe[1]);

	p[0] = (struct pollfd){ .fd = opipe[0], .events = POLLIN };
	p[1] = (struct pollfd){ .fd = epipe[0], .events = POLLIN };
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		if (poll(p, 2, -1) < 0) {
			ASSERT_EQ(EINTR, errno);
			continue;
		}
		if (p[0].revents &&
		    !umbra_drain(p[0].fd, out, OUT_MAX, &out_len))
			p[0].fd = -1;
		if (p[1].revents &&
		    !umbra_drain(p[1].fd, err, OUT_MAX, &err_len))
			p[1].fd = -1;
	}
	close(opipe[0]);
	close(epipe[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));

	if (!WIFEXITED(status) || WEXITSTATUS(status) != HELLO_STATUS ||
	    !strstr(out, HELLO_TEXT)) {
		TH_LOG_LINES("stdout", out);
		TH_LOG_LINES("stderr", err);
	}
	ASSERT_TRUE(WIFEXITED(status))
		TH_LOG("umbra-vmm killed by signal %d", WTERMSIG(status));
	EXPECT_EQ(HELLO_STATUS, WEXITSTATUS(status));
	EXPECT_NE(NULL, strstr(out, HELLO_TEXT))
		TH_LOG("no \"%s\" on stdout", HELLO_TEXT);
}

TEST_HARNESS_MAIN
