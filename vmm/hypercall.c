// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: hypercalls the module forwards to the VMM
 * (UMBRA_EXIT_HYPERCALL), per include/uapi/linux/umbra_hypercall.h.
 *
 * Results go to run->hypercall.ret[0..3], which the next UMBRA_RUN copies
 * to guest r0-r3. Negative results are SMCCC error codes:
 *   INVALID_PARAMETER  the buffer [r1, r1 + r2) is not inside guest RAM
 *   NOT_SUPPORTED      unknown function ID, or the host console failed
 *                      before any byte was transferred (message on stderr)
 * The whole buffer must lie in guest RAM, but one call transfers at most
 * INT32_MAX bytes, so that a count is never mistaken for an error; a short
 * count is a valid result.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "hypercall.h"
#include "vmm.h"

#define HC_MAX_XFER	((uint32_t)INT32_MAX)

static void set_ret(struct umbra_run *run, int32_t r0)
{
	run->hypercall.ret[0] = (uint32_t)r0;
	run->hypercall.ret[1] = 0;
	run->hypercall.ret[2] = 0;
	run->hypercall.ret[3] = 0;
}

/* Wait for @fd to be ready after EAGAIN (a nonblocking stdin/stdout). */
static void wait_fd(int fd, short events)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	poll(&pfd, 1, -1);
}

static void console_write(const struct hypercall_ctx *ctx,
			  struct umbra_run *run)
{
	uint32_t ipa = run->hypercall.args[0];
	uint32_t len = run->hypercall.args[1];
	const uint8_t *buf;
	uint32_t done = 0;
	ssize_t n;

	buf = guest_ram_ptr(ctx->ram, ipa, len);
	if (!buf) {
		set_ret(run, UMBRA_SMCCC_RET_INVALID_PARAMETER);
		return;
	}
	len = MIN(len, HC_MAX_XFER);
	if (ctx->out) {
		ctx->out(ctx->out_opaque, buf, len);
		set_ret(run, (int32_t)len);
		return;
	}
	while (done < len && !*ctx->stop) {
		n = write(ctx->out_fd, buf + done, len - done);
		if (n > 0) {
			done += n;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && errno == EAGAIN) {
			wait_fd(ctx->out_fd, POLLOUT);
		} else {
			if (!done)
				fprintf(stderr, "%s: console write: %s\n",
					VMM_NAME, n < 0 ? g_strerror(errno) :
					"no progress");
			break;
		}
	}
	if (!done && len && !*ctx->stop)
		set_ret(run, UMBRA_SMCCC_RET_NOT_SUPPORTED);
	else
		set_ret(run, (int32_t)done);
}

static void console_read(const struct hypercall_ctx *ctx,
			 struct umbra_run *run)
{
	uint32_t ipa = run->hypercall.args[0];
	uint32_t cap = run->hypercall.args[1];
	uint8_t *buf;
	ssize_t n;

	buf = guest_ram_ptr(ctx->ram, ipa, cap);
	if (!buf) {
		set_ret(run, UMBRA_SMCCC_RET_INVALID_PARAMETER);
		return;
	}
	cap = MIN(cap, HC_MAX_XFER);
	if (!cap) {
		set_ret(run, 0);
		return;
	}
	for (;;) {
		n = read(ctx->in_fd, buf, cap);
		if (n >= 0) {
			set_ret(run, (int32_t)n);
			return;
		}
		if (errno == EINTR) {
			if (*ctx->stop)
				return;	/* the guest will not run again */
			continue;
		}
		if (errno == EAGAIN) {
			wait_fd(ctx->in_fd, POLLIN);
			continue;
		}
		fprintf(stderr, "%s: console read: %s\n", VMM_NAME,
			g_strerror(errno));
		set_ret(run, UMBRA_SMCCC_RET_NOT_SUPPORTED);
		return;
	}
}

/*
 * UMBRA_HC_WALLCLOCK: the host's CLOCK_REALTIME in nanoseconds since the
 * Epoch, r0 = bits [31:0], r1 = bits [63:32]; a time before the Epoch
 * (or a failing clock) reads as 0.
 */
static void wallclock(struct umbra_run *run)
{
	struct timespec ts;
	uint64_t ns = 0;

	if (!clock_gettime(CLOCK_REALTIME, &ts) && ts.tv_sec >= 0)
		ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	set_ret(run, 0);
	run->hypercall.ret[0] = (uint32_t)ns;
	run->hypercall.ret[1] = (uint32_t)(ns >> 32);
}

/**
 * hypercall_handle() - handle a UMBRA_EXIT_HYPERCALL exit
 * @ctx: guest RAM, console file descriptors and the stop flag
 * @run: the vCPU's struct umbra_run; @run->hypercall.nr is the function
 *       ID (guest r0), @run->hypercall.args[] guest r1-r6
 *
 * UMBRA_HC_CONSOLE_WRITE(r1 = buffer IPA, r2 = length in bytes) writes the
 * buffer to @ctx->out_fd (or hands it to @ctx->out) and returns the number
 * of bytes written.
 * UMBRA_HC_CONSOLE_READ(r1 = buffer IPA, r2 = capacity in bytes) does one
 * read() from @ctx->in_fd into the buffer and returns the number of bytes
 * read, 0 at end of file. UMBRA_HC_WALLCLOCK returns the host's
 * CLOCK_REALTIME in nanoseconds, r0 = bits [31:0], r1 = bits [63:32].
 * UMBRA_HC_FEATURES(r1 = function ID), which the module forwards for IDs
 * in the VMM's range, returns 0 for those three and
 * UMBRA_SMCCC_RET_NOT_SUPPORTED otherwise. Any other function ID returns
 * UMBRA_SMCCC_RET_NOT_SUPPORTED. See the top of this file for errors.
 *
 * If *@ctx->stop becomes set while blocked, the call returns early with a
 * partial (or no) result: the caller is about to stop the guest anyway.
 */
static bool hypercall_implemented(uint32_t nr)
{
	return nr == UMBRA_HC_CONSOLE_WRITE || nr == UMBRA_HC_CONSOLE_READ ||
	       nr == UMBRA_HC_WALLCLOCK;
}

void hypercall_handle(const struct hypercall_ctx *ctx, struct umbra_run *run)
{
	switch (run->hypercall.nr) {
	case UMBRA_HC_CONSOLE_WRITE:
		console_write(ctx, run);
		break;
	case UMBRA_HC_CONSOLE_READ:
		console_read(ctx, run);
		break;
	case UMBRA_HC_WALLCLOCK:
		wallclock(run);
		break;
	case UMBRA_HC_FEATURES:
		/* The module asks the VMM about function IDs in its range. */
		set_ret(run, hypercall_implemented(run->hypercall.args[0]) ?
			UMBRA_SMCCC_RET_SUCCESS : UMBRA_SMCCC_RET_NOT_SUPPORTED);
		break;
	default:
		set_ret(run, UMBRA_SMCCC_RET_NOT_SUPPORTED);
		break;
	}
}
