/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra target tests: the kselftest harness plus umbra assertions and the
 * common "umbra" fixture. Include from exactly one file per test program.
 */
#ifndef UMBRA_TEST_H
#define UMBRA_TEST_H

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "umbra_util.h"

/*
 * SETUP_SKIP(fmt, ...): skip the test from its FIXTURE_SETUP. The 6.1
 * harness's SKIP(return, ...) there returns from the setup only: the
 * wrapper checks _metadata->passed, which SKIP leaves set, and runs the
 * test body on a half-built fixture. Jumping back to the wrapper's
 * setjmp skips the body and the teardown (the test's own process exits
 * right after, which releases what the setup had opened).
 */
#define SETUP_SKIP(fmt, ...) \
	SKIP(longjmp(_metadata->env, 1), fmt, ##__VA_ARGS__)

/* TH_LOG_LINES(what, text): log @text (a writable string) line by line */
#define TH_LOG_LINES(what, text) do { \
	char *__s = (text), *__nl; \
	for (; *__s; __s = __nl + 1) { \
		__nl = strchrnul(__s, '\n'); \
		TH_LOG("%s: %.*s", (what), (int)(__nl - __s), __s); \
		if (!*__nl) \
			break; \
	} \
} while (0)

/* ASSERT_OK(helper call): a umbra_util helper returned 0 */
#define ASSERT_OK(expr) \
	ASSERT_EQ(0, (expr)) TH_LOG("%s", umbra_util_err)

/* ASSERT_ERRNO(err, call): a syscall returned -1 with errno == @err */
#define ASSERT_ERRNO(err, expr) do { \
	long __r = (expr); \
	int __e = errno; \
	ASSERT_EQ(-1, __r) TH_LOG("%s succeeded, expected errno %d (%s)", \
				  #expr, (err), strerror(err)); \
	ASSERT_EQ((err), __e) TH_LOG("%s: errno %d (%s), expected %d (%s)", \
				     #expr, __e, strerror(__e), (err), \
				     strerror(err)); \
} while (0)

/* ASSERT_EXIT(vm, reason): the last run stopped with exit @reason */
#define ASSERT_EXIT(vm, reason) \
	ASSERT_EQ((__u32)(reason), (vm)->run->exit_reason) \
		TH_LOG("%s", umbra_exit_str((vm)->run))

/* ASSERT_RUN(vm, reason): UMBRA_RUN succeeds and stops with @reason */
#define ASSERT_RUN(vm, reason) do { \
	ASSERT_OK(umbra_run(vm)); \
	ASSERT_EXIT(vm, reason); \
} while (0)

/* ASSERT_RUN_SHUTDOWN(vm, st): run; the guest shuts down with status @st */
#define ASSERT_RUN_SHUTDOWN(vm, st) do { \
	ASSERT_RUN(vm, UMBRA_EXIT_SHUTDOWN); \
	ASSERT_EQ((__u32)(st), (vm)->run->shutdown.status) \
		TH_LOG("guest shutdown status %#x, expected %#x", \
		       (vm)->run->shutdown.status, (__u32)(st)); \
} while (0)

/* ASSERT_HOST_ALIVE(dev_fd): a fresh VM still runs a guest to the end */
#define ASSERT_HOST_ALIVE(dev_fd) do { \
	const struct guest_code __gc = GUEST_CODE(guest_shutdown); \
	__u32 __status = 0; \
	ASSERT_OK(umbra_run_guest((dev_fd), &__gc, &__status)); \
	ASSERT_EQ((__u32)GUEST_DONE, __status); \
} while (0)

/*
 * UMBRA_FIXTURE(name) - a fixture with /dev/umbra open in self->dev_fd
 * (setup fails with a hint if it cannot be opened) and self->vm, which is
 * torn down after the test. Variants may be added after it.
 */
#define UMBRA_FIXTURE(name) \
	FIXTURE(name) { \
		int dev_fd; \
		struct umbra_vm vm; \
	}; \
	FIXTURE_SETUP(name) \
	{ \
		umbra_vm_init(&self->vm); \
		self->dev_fd = umbra_open_dev(); \
		ASSERT_LE(0, self->dev_fd) TH_LOG("%s", umbra_util_err); \
	} \
	FIXTURE_TEARDOWN(name) \
	{ \
		umbra_vm_destroy(&self->vm); \
		if (self->dev_fd >= 0) \
			close(self->dev_fd); \
	}

/* The common fixture of most tests. */
UMBRA_FIXTURE(umbra)

#endif /* UMBRA_TEST_H */
