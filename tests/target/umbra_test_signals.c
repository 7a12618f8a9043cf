// SPDX-License-Identifier: GPL-2.0
/*
 * umbra target tests: stopping a running guest - signals, immediate_exit
 * and SIGKILL of the VMM process.
 */
#include <signal.h>
#include <sys/time.h>
#include <time.h>

#include "umbra_test.h"

#define RAM_SIZE	0x10000
#define SHUTDOWN_OFFSET	0x100	/* guest_shutdown, beside guest_loop */
#define KILL_ROUNDS	20

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* One SIGALRM after @ms milliseconds. */
static int arm_alarm(int ms)
{
	struct itimerval it = {
		.it_value = { .tv_sec = ms / 1000,
			      .tv_usec = (ms % 1000) * 1000 },
	};

	return setitimer(ITIMER_REAL, &it, NULL);
}

/* guest_loop at RAM offset 0, guest_shutdown at SHUTDOWN_OFFSET */
static int start_loop(struct umbra_vm *vm, int dev_fd)
{
	const struct guest_code loop = GUEST_CODE(guest_loop);
	const struct guest_code shutdown = GUEST_CODE(guest_shutdown);

	if (umbra_vm_start(vm, dev_fd, RAM_SIZE, &loop))
		return -1;
	return umbra_vm_load(vm, SHUTDOWN_OFFSET, &shutdown);
}

TEST_F_TIMEOUT(umbra, signal_stops_loop, 60)
{
	/* no SA_RESTART: the signal must end UMBRA_RUN */
	struct sigaction sa = { .sa_handler = on_alarm };
	struct umbra_vm *vm = &self->vm;
	struct umbra_regs regs;
	int round;

	ASSERT_EQ(0, sigemptyset(&sa.sa_mask));
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_OK(start_loop(vm, self->dev_fd));

	/* interrupted, then resumed and interrupted again */
	for (round = 1; round <= 2; round++) {
		ASSERT_EQ(0, arm_alarm(200));
		ASSERT_ERRNO(EINTR, ioctl(vm->vcpu_fd, UMBRA_RUN, 0));
		ASSERT_EQ(round, alarms);
		ASSERT_EXIT(vm, UMBRA_EXIT_INTR);
		ASSERT_OK(umbra_get_regs(vm, &regs));
		ASSERT_EQ(GUEST_RAM_BASE, regs.pc)
			TH_LOG("round %d: pc %#x outside the loop", round,
			       regs.pc);
	}

	regs.pc = GUEST_RAM_BASE + SHUTDOWN_OFFSET;
	ASSERT_OK(umbra_set_regs(vm, &regs));
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
}

TEST_F(umbra, immediate_exit)
{
	const struct guest_code code = GUEST_CODE(guest_shutdown);
	struct umbra_vm *vm = &self->vm;
	struct umbra_regs regs;

	ASSERT_OK(umbra_vm_start(vm, self->dev_fd, RAM_SIZE, &code));
	vm->run->immediate_exit = 1;
	ASSERT_ERRNO(EINTR, ioctl(vm->vcpu_fd, UMBRA_RUN, 0));
	EXPECT_EQ(UMBRA_EXIT_INTR, vm->run->exit_reason);
	/* the guest did not run */
	ASSERT_OK(umbra_get_regs(vm, &regs));
	ASSERT_EQ(GUEST_RAM_BASE, regs.pc);
	ASSERT_ERRNO(EINTR, ioctl(vm->vcpu_fd, UMBRA_RUN, 0));

	vm->run->immediate_exit = 0;
	ASSERT_RUN_SHUTDOWN(vm, GUEST_DONE);
}

/* Child: run a looping guest until killed; report readiness on @ready. */
static void __attribute__((noreturn)) loop_child(int dev_fd, int ready)
{
	struct umbra_vm vm;

	if (start_loop(&vm, dev_fd)) {
		fprintf(stderr, "# child: %s\n", umbra_util_err);
		_exit(2);
	}
	if (write(ready, "r", 1) != 1)
		_exit(3);
	for (;;) {
		if (ioctl(vm.vcpu_fd, UMBRA_RUN, 0) == 0 || errno != EINTR) {
			fprintf(stderr, "# child: UMBRA_RUN: %s, %s\n",
				strerror(errno), umbra_exit_str(vm.run));
			_exit(4);
		}
	}
}

/* SIGKILL a process while its guest runs; the VM is torn down cleanly. */
TEST_F_TIMEOUT(umbra, sigkill_running_vmm, 300)
{
	const struct timespec delay = { .tv_nsec = 100 * 1000 * 1000 };
	int round, status, pipefd[2];
	pid_t pid;
	char c;

	for (round = 0; round < KILL_ROUNDS; round++) {
		ASSERT_EQ(0, pipe(pipefd));
		pid = fork();
		ASSERT_LE(0, pid);
		if (pid == 0) {
			close(pipefd[0]);
			loop_child(self->dev_fd, pipefd[1]);
		}
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) == 1)
			nanosleep(&delay, NULL);
		close(pipefd[0]);
		kill(pid, SIGKILL);
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		ASSERT_TRUE(WIFSIGNALED(status))
			TH_LOG("round %d: child exited with %d", round,
			       WEXITSTATUS(status));
		ASSERT_EQ(SIGKILL, WTERMSIG(status));
	}
	ASSERT_HOST_ALIVE(self->dev_fd);
}

TEST_HARNESS_MAIN
