// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the vCPU loop.
 *
 * Stopping on SIGINT/SIGTERM without races uses KVM's immediate_exit
 * pattern. The handler records the signal and sets run->immediate_exit;
 * the loop clears immediate_exit *before* testing the recorded signal, then
 * enters UMBRA_RUN:
 *   - a signal before the clear is seen by the test;
 *   - a signal after the test sets immediate_exit again, so UMBRA_RUN
 *     returns -EINTR at once instead of running the guest;
 *   - a signal during UMBRA_RUN makes it return -EINTR (the handlers are
 *     installed without SA_RESTART).
 * Either way the loop comes round to the test and stops.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "hypercall.h"
#include "run.h"
#include "vmm.h"

/* The signal that asked us to stop, or 0. */
static volatile sig_atomic_t stop_signal;
/* The struct umbra_run of the vCPU being run, for the handler, or NULL. */
static struct umbra_run *volatile signal_run;

static void on_stop_signal(int sig)
{
	struct umbra_run *run = signal_run;

	stop_signal = sig;
	if (run)
		run->immediate_exit = 1;
}

/**
 * run_install_signals() - make SIGINT and SIGTERM stop the VMM cleanly
 *
 * Call before creating the VM so a signal during setup is not lost. The
 * handlers do not restart system calls, so a blocked UMBRA_RUN or console
 * read() returns EINTR.
 */
void run_install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
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
 * Handles hypercall exits with hypercall_handle() on stdin/stdout, and
 * stops on anything else. stdout is flushed before returning.
 *
 * Return: the process exit status: the guest's shutdown status truncated to
 * 0-255; 128 + signal number after SIGINT/SIGTERM; VMM_EXIT_FAILURE (125)
 * after an MMIO exit (no devices exist), an internal error, a failed entry,
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
