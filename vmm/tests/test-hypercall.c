// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for hypercall.c: console hypercalls against a fake struct
 * umbra_run, a host buffer as guest RAM and pipes as stdin/stdout.
 */
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "hypercall.h"
#include "tap.h"

#define RAM_BASE	0x40000000u
#define RAM_SIZE	0x1000u

static uint8_t ram_buf[RAM_SIZE];
static const struct guest_ram ram = {
	.base = RAM_BASE,
	.size = RAM_SIZE,
	.host = ram_buf,
};
static volatile sig_atomic_t stop;

static struct umbra_run run;

static int32_t call(const struct hypercall_ctx *ctx, uint32_t nr,
		    uint32_t a1, uint32_t a2)
{
	memset(&run, 0, sizeof(run));
	run.exit_reason = UMBRA_EXIT_HYPERCALL;
	run.hypercall.nr = nr;
	run.hypercall.args[0] = a1;
	run.hypercall.args[1] = a2;
	run.hypercall.ret[0] = (uint32_t)UMBRA_SMCCC_RET_NOT_SUPPORTED;
	run.hypercall.ret[1] = 0x5a5a5a5a;
	hypercall_handle(ctx, &run);
	return (int32_t)run.hypercall.ret[0];
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	g_assert(clock_gettime(CLOCK_REALTIME, &ts) == 0);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* UMBRA_HC_WALLCLOCK's 64-bit result from ret[0] (low) and ret[1]. */
static uint64_t wallclock_ret(void)
{
	return (uint64_t)run.hypercall.ret[1] << 32 | run.hypercall.ret[0];
}

static ssize_t drain(int fd, char *buf, size_t cap)
{
	ssize_t n = read(fd, buf, cap);

	return n < 0 ? 0 : n;
}

int main(void)
{
	struct hypercall_ctx ctx = { .ram = &ram, .stop = &stop };
	int in[2], out[2];
	char got[64];
	ssize_t n;

	tap_plan(20);
	g_assert(pipe(in) == 0 && pipe(out) == 0);
	g_assert(fcntl(out[0], F_SETFL, O_NONBLOCK) == 0);
	ctx.in_fd = in[0];
	ctx.out_fd = out[1];

	memcpy(ram_buf + 0x100, "hello, world\n", 13);
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE + 0x100, 13) == 13,
	       "CONSOLE_WRITE returns the length written");
	n = drain(out[0], got, sizeof(got));
	tap_ok(n == 13 && !memcmp(got, "hello, world\n", 13),
	       "CONSOLE_WRITE bytes reach the output");
	tap_ok(run.hypercall.ret[1] == 0, "ret[1..3] cleared");

	memcpy(ram_buf + RAM_SIZE - 4, "tail", 4);
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE + RAM_SIZE - 4, 4)
	       == 4 && drain(out[0], got, sizeof(got)) == 4,
	       "CONSOLE_WRITE of the last bytes of RAM");
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE + RAM_SIZE - 4, 5)
	       == UMBRA_SMCCC_RET_INVALID_PARAMETER,
	       "CONSOLE_WRITE running past RAM: INVALID_PARAMETER");
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE - 1, 2)
	       == UMBRA_SMCCC_RET_INVALID_PARAMETER &&
	       call(&ctx, UMBRA_HC_CONSOLE_WRITE, 0x1000, 1)
	       == UMBRA_SMCCC_RET_INVALID_PARAMETER &&
	       call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE, 0xffffffff)
	       == UMBRA_SMCCC_RET_INVALID_PARAMETER,
	       "CONSOLE_WRITE outside RAM: INVALID_PARAMETER");
	tap_ok(drain(out[0], got, sizeof(got)) == 0,
	       "rejected writes write nothing");
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE, 0) == 0,
	       "CONSOLE_WRITE of 0 bytes returns 0");

	g_assert(write(in[1], "typed\n", 6) == 6);
	memset(ram_buf, 0, 16);
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_READ, RAM_BASE + 8, 3) == 3 &&
	       !memcmp(ram_buf + 8, "typ", 3) && ram_buf[11] == 0,
	       "CONSOLE_READ stops at the capacity");
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_READ, RAM_BASE, 64) == 3 &&
	       !memcmp(ram_buf, "ed\n", 3),
	       "CONSOLE_READ returns what is available");
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_READ, RAM_BASE + RAM_SIZE, 1)
	       == UMBRA_SMCCC_RET_INVALID_PARAMETER,
	       "CONSOLE_READ outside RAM: INVALID_PARAMETER");
	close(in[1]);
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_READ, RAM_BASE, 64) == 0,
	       "CONSOLE_READ at end of file returns 0");

	tap_ok(call(&ctx, UMBRA_HC_BASE + 0x1234, 0, 0)
	       == UMBRA_SMCCC_RET_NOT_SUPPORTED &&
	       call(&ctx, UMBRA_HC_VERSION, 0, 0)
	       == UMBRA_SMCCC_RET_NOT_SUPPORTED,
	       "unknown function IDs: NOT_SUPPORTED");
	tap_ok(call(&ctx, UMBRA_HC_FEATURES, UMBRA_HC_CONSOLE_WRITE, 0) == 0 &&
	       call(&ctx, UMBRA_HC_FEATURES, UMBRA_HC_CONSOLE_READ, 0) == 0,
	       "FEATURES of the console calls: implemented");
	tap_ok(call(&ctx, UMBRA_HC_FEATURES, UMBRA_HC_VMM_FIRST + 0x77, 0)
	       == UMBRA_SMCCC_RET_NOT_SUPPORTED,
	       "FEATURES of an unimplemented VMM-range ID: NOT_SUPPORTED");

	{
		uint64_t before, wall, after, wall2;

		before = realtime_ns();
		call(&ctx, UMBRA_HC_WALLCLOCK, 0, 0);
		wall = wallclock_ret();
		after = realtime_ns();
		tap_ok(wall >= before && wall <= after,
		       "WALLCLOCK is the host's CLOCK_REALTIME in ns");
		tap_ok(run.hypercall.ret[2] == 0 && run.hypercall.ret[3] == 0,
		       "WALLCLOCK clears ret[2..3]");
		g_usleep(20000);
		call(&ctx, UMBRA_HC_WALLCLOCK, 0, 0);
		wall2 = wallclock_ret();
		tap_ok(wall2 >= wall + 20000000u && wall2 <= realtime_ns(),
		       "WALLCLOCK advances with the host's clock");
		tap_ok(call(&ctx, UMBRA_HC_FEATURES, UMBRA_HC_WALLCLOCK, 0)
		       == 0, "FEATURES of WALLCLOCK: implemented");
	}

	close(out[0]);
	close(out[1]);
	ctx.out_fd = out[1];	/* now closed: EBADF */
	tap_ok(call(&ctx, UMBRA_HC_CONSOLE_WRITE, RAM_BASE, 4)
	       == UMBRA_SMCCC_RET_NOT_SUPPORTED,
	       "CONSOLE_WRITE failing on the host: NOT_SUPPORTED");
	return tap_done();
}
