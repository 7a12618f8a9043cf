// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the vCPU loop.
 *
 * Runs in the vCPU thread (loop.c). Stopping on SIGINT/SIGTERM without
 * races uses KVM's immediate_exit pattern. run_stop(), from the main
 * loop, records the signal, sets run->immediate_exit and kicks the vCPU
 * thread with RUN_KICK_SIGNAL;
 * the loop clears immediate_exit *before* testing the recorded signal, then
 * enters UMBRA_RUN:
 *   - a signal before the clear is seen by the test;
 *   - a signal after the test sets immediate_exit again, so UMBRA_RUN
 *     returns -EINTR at once instead of running the guest;
 *   - a kick during UMBRA_RUN makes it return -EINTR (its handler is
 *     installed without SA_RESTART).
 * Either way the loop comes round to the test and stops.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "device.h"
#include "hypercall.h"
#include "run.h"
#include "vmm.h"

/* The signal that asked us to stop, or 0. */
static volatile sig_atomic_t stop_signal;
/* The struct umbra_run of the vCPU being run, or NULL. */
static struct umbra_run *volatile signal_run;
/* The vCPU thread, while it exists. */
static pthread_t vcpu_thread;
static volatile bool vcpu_thread_set;

/**
 * run_set_thread() - tell run_kick() which thread runs the vCPU
 * @thread: the vCPU thread; with @set false, there is none any more
 * @set:    whether @thread is valid
 */
void run_set_thread(pthread_t thread, bool set)
{
	vcpu_thread = thread;
	vcpu_thread_set = set;
}

/**
 * run_kick() - interrupt whatever the vCPU thread is blocked in
 *
 * Sends RUN_KICK_SIGNAL to the vCPU thread, if there is one; its
 * UMBRA_RUN, read() or write() returns EINTR.
 */
void run_kick(void)
{
	if (vcpu_thread_set)
		pthread_kill(vcpu_thread, RUN_KICK_SIGNAL);
}

/**
 * run_stop() - make the vCPU loop stop with status 128 + @sig
 * @sig: SIGINT or SIGTERM
 *
 * Called from the main loop. Records @sig (the first one wins), sets
 * immediate_exit of the vCPU's struct umbra_run and kicks the vCPU thread.
 */
void run_stop(int sig)
{
	struct umbra_run *run = signal_run;

	if (!stop_signal)
		stop_signal = sig;
	atomic_thread_fence(memory_order_seq_cst);
	if (run)
		run->immediate_exit = 1;
	atomic_thread_fence(memory_order_seq_cst);
	run_kick();
}

/**
 * run_stopping() - has run_stop() been called?
 *
 * Return: true if the vCPU loop is about to stop; a device backend blocked
 * on the host then gives up.
 */
bool run_stopping(void)
{
	return stop_signal != 0;
}

/**
 * struct internal_error_desc - how to print an internal error's data
 * @name:   what went wrong
 * @fields: names of the first data words, per include/uapi/linux/umbra.h
 */
struct internal_error_desc {
	const char *name;
	const char *fields[4];
};

static const struct internal_error_desc *internal_error_desc(uint32_t sub)
{
	static const struct internal_error_desc descs[] = {
		[UMBRA_INTERNAL_ERROR_EMULATION] = {
			"instruction emulation failed",
			{ "pc", "instruction", "far" } },
		[UMBRA_INTERNAL_ERROR_UNDEF] = {
			"undefined instruction",
			{ "pc", "instruction", "cpsr" } },
		[UMBRA_INTERNAL_ERROR_ABORT] = {
			"unhandled guest abort",
			{ "pc", "fsr", "far", "is_prefetch" } },
	};
	static const struct internal_error_desc unknown = {
		"unknown suberror", { NULL } };

	if (sub < G_N_ELEMENTS(descs) && descs[sub].name)
		return &descs[sub];
	return &unknown;
}

static const char *fail_entry_name(uint64_t reason)
{
	switch (reason) {
	case UMBRA_FAIL_ENTRY_NO_MEMORY:
		return "no memory region registered";
	case UMBRA_FAIL_ENTRY_BAD_STATE:
		return "register state rejected at entry";
	default:
		return "unknown reason";
	}
}

static int exit_mmio(struct vm *vm)
{
	const struct umbra_run *run = vm->run;
	uint64_t data = 0;
	uint32_t len = MIN(run->mmio.len, sizeof(run->mmio.data));
	uint32_t i;

	for (i = 0; i < len; i++)
		data |= (uint64_t)run->mmio.data[i] << (8 * i);
	if (run->mmio.is_write)
		fprintf(stderr, "%s: guest MMIO write of %u bytes (0x%0*" PRIx64 ") to IPA 0x%08" PRIx64 ": no device there\n",
			VMM_NAME, run->mmio.len, (int)(2 * len), data,
			(uint64_t)run->mmio.phys_addr);
	else
		fprintf(stderr, "%s: guest MMIO read of %u bytes from IPA 0x%08" PRIx64 ": no device there\n",
			VMM_NAME, run->mmio.len,
			(uint64_t)run->mmio.phys_addr);
	fprintf(stderr, "%s: guest RAM is [0x%08" PRIx64 ", 0x%08" PRIx64 ")\n",
		VMM_NAME, vm->ram.base, vm->ram.base + vm->ram.size);
	vm_dump_regs(vm);
	return VMM_EXIT_FAILURE;
}

static int exit_internal_error(struct vm *vm)
{
	const struct umbra_run *run = vm->run;
	const struct internal_error_desc *desc;
	uint32_t n = MIN(run->internal.ndata, G_N_ELEMENTS(run->internal.data));
	uint32_t i;

	desc = internal_error_desc(run->internal.suberror);
	fprintf(stderr, "%s: internal error: suberror %u, %s; %u data:",
		VMM_NAME, run->internal.suberror, desc->name,
		run->internal.ndata);
	for (i = 0; i < n; i++) {
		const char *field = i < G_N_ELEMENTS(desc->fields) ?
				    desc->fields[i] : NULL;

		fprintf(stderr, "%s%s%s0x%" PRIx64, i ? ", " : " ",
			field ? field : "", field ? " " : "",
			(uint64_t)run->internal.data[i]);
	}
	fputc('\n', stderr);
	vm_dump_regs(vm);
	return VMM_EXIT_FAILURE;
}

static int exit_fail_entry(struct vm *vm)
{
	uint64_t reason = vm->run->fail_entry.hardware_entry_failure_reason;

	fprintf(stderr, "%s: vCPU entry failed: reason 0x%" PRIx64 ", %s\n",
		VMM_NAME, reason, fail_entry_name(reason));
	vm_dump_regs(vm);
	return VMM_EXIT_FAILURE;
}

static int exit_unknown(struct vm *vm)
{
	const uint8_t *raw = (const uint8_t *)vm->run->padding;
	int i;

	fprintf(stderr, "%s: unexpected exit reason %u (0x%x); exit data:",
		VMM_NAME, vm->run->exit_reason, vm->run->exit_reason);
	for (i = 0; i < 32; i++)
		fprintf(stderr, "%s%02x", i % 4 ? "" : " ", raw[i]);
	fputc('\n', stderr);
	vm_dump_regs(vm);
	return VMM_EXIT_FAILURE;
}

/**
 * run_vcpu() - run vCPU 0 until the guest shuts down or the VMM must stop
 * @vm: the VM, with RAM, a vCPU and its boot registers set
 *
 * Handles hypercall exits with hypercall_handle() on stdin/stdout and
 * MMIO exits inside a device of @vm->devices with its model, and stops on
 * anything else. stdout is flushed before returning.
 *
 * Return: the process exit status: the guest's shutdown status truncated to
 * 0-255; 128 + signal number after SIGINT/SIGTERM; VMM_EXIT_FAILURE (125)
 * after an MMIO exit no device serves, an internal error, a failed entry,
 * an unknown exit or a failed UMBRA_RUN, with a message on stderr.
 */
int run_vcpu(struct vm *vm)
{
	struct umbra_run *run = vm->run;
	struct hypercall_ctx hc = {
		.ram = &vm->ram,
		.in_fd = 0,
		.out_fd = 1,
		.stop = &stop_signal,
	};
	int status, ret;

	signal_run = run;
	for (;;) {
		run->immediate_exit = 0;
		atomic_signal_fence(memory_order_seq_cst);
		if (stop_signal) {
			fprintf(stderr, "%s: stopped by %s\n", VMM_NAME,
				stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
			status = VMM_EXIT_SIGNAL_BASE + stop_signal;
			break;
		}

		ret = vm_run(vm);
		if (ret == -EINTR)
			continue;
		if (ret < 0) {
			fprintf(stderr, "%s: %s: UMBRA_RUN: %s\n", VMM_NAME,
				vm->dev_path, g_strerror(-ret));
			status = VMM_EXIT_FAILURE;
			break;
		}

		switch (run->exit_reason) {
		case UMBRA_EXIT_HYPERCALL:
			hypercall_handle(&hc, run);
			continue;
		case UMBRA_EXIT_INTR:
			continue;
		case UMBRA_EXIT_SHUTDOWN:
			status = run->shutdown.status & 0xff;
			break;
		case UMBRA_EXIT_MMIO:
			if (device_bus_mmio(&vm->devices, run))
				continue;
			status = exit_mmio(vm);
			break;
		case UMBRA_EXIT_INTERNAL_ERROR:
			status = exit_internal_error(vm);
			break;
		case UMBRA_EXIT_FAIL_ENTRY:
			status = exit_fail_entry(vm);
			break;
		default:
			status = exit_unknown(vm);
			break;
		}
		break;
	}
	signal_run = NULL;
	fflush(stdout);
	return status;
}
