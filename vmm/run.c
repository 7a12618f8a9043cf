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

#include <sys/ioctl.h>

#include "abort.h"
#include "device.h"
#include "hypercall.h"
#include "run.h"
#include "vmm.h"

/* The signal that asked us to stop, or 0. */
static volatile sig_atomic_t stop_signal;
/* The vCPUs run_stop() and run_kick() reach. */
static GMutex vcpus_lock;
static GPtrArray *vcpus;

/**
 * vcpu_init() - initialise a struct vcpu for run_vcpu()
 * @v:    the vCPU
 * @vm:   its VM, with RAM, devices, a vCPU and its boot registers
 * @name: guest name for messages, or NULL (a lone guest)
 *
 * The hypercall context gets @vm's RAM, stdin and stdout and the stop
 * flag; callers may change it before run_vcpu().
 */
void vcpu_init(struct vcpu *v, struct vm *vm, const char *name)
{
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->name = name;
	v->hc.ram = &vm->ram;
	v->hc.in_fd = 0;
	v->hc.out_fd = 1;
	v->hc.stop = &stop_signal;
}

/**
 * run_register() - make @v reachable by run_stop() and run_kick()
 * @v: the vCPU, its thread created (@v->thread_set true)
 */
void run_register(struct vcpu *v)
{
	g_mutex_lock(&vcpus_lock);
	if (!vcpus)
		vcpus = g_ptr_array_new();
	g_ptr_array_add(vcpus, v);
	g_mutex_unlock(&vcpus_lock);
}

/**
 * run_unregister() - forget @v (its thread has been joined)
 * @v: the vCPU
 */
void run_unregister(struct vcpu *v)
{
	g_mutex_lock(&vcpus_lock);
	if (vcpus)
		g_ptr_array_remove(vcpus, v);
	g_mutex_unlock(&vcpus_lock);
}

/**
 * run_kick() - interrupt whatever the vCPU threads are blocked in
 *
 * Sends RUN_KICK_SIGNAL to every registered vCPU thread that has not
 * finished; its UMBRA_RUN, read() or write() returns EINTR.
 */
void run_kick(void)
{
	guint i;

	g_mutex_lock(&vcpus_lock);
	for (i = 0; vcpus && i < vcpus->len; i++) {
		struct vcpu *v = vcpus->pdata[i];

		if (atomic_load(&v->thread_set) && !atomic_load(&v->done))
			pthread_kill(v->thread, RUN_KICK_SIGNAL);
	}
	g_mutex_unlock(&vcpus_lock);
}

/**
 * run_stop() - make every vCPU loop stop with status 128 + @sig
 * @sig: SIGINT or SIGTERM
 *
 * Called from the main loop. Records @sig (the first one wins), sets
 * immediate_exit of each vCPU's struct umbra_run and kicks the vCPU
 * threads.
 */
void run_stop(int sig)
{
	guint i;

	if (!stop_signal)
		stop_signal = sig;
	atomic_thread_fence(memory_order_seq_cst);
	g_mutex_lock(&vcpus_lock);
	for (i = 0; vcpus && i < vcpus->len; i++) {
		struct vcpu *v = vcpus->pdata[i];
		struct umbra_run *run = atomic_load(&v->run);

		if (run)
			run->immediate_exit = 1;
	}
	g_mutex_unlock(&vcpus_lock);
	atomic_thread_fence(memory_order_seq_cst);
	run_kick();
}

/**
 * run_stopping() - has run_stop() been called?
 *
 * Return: true if the vCPU loops are about to stop; a device backend
 * blocked on the host then gives up.
 */
bool run_stopping(void)
{
	return stop_signal != 0;
}

/**
 * run_stop_signal() - the signal run_stop() recorded
 *
 * Return: SIGINT, SIGTERM or 0.
 */
int run_stop_signal(void)
{
	return stop_signal;
}

/**
 * run_cpu_ns() - CPU time a vCPU thread has used so far
 * @v: the vCPU
 *
 * Return: nanoseconds of CPU time (user and system) of @v's thread: read
 * through pthread_getcpuclockid() while it runs, the value it recorded
 * itself when done; 0 if it never started.
 */
uint64_t run_cpu_ns(struct vcpu *v)
{
	struct timespec ts;
	clockid_t clk;

	if (atomic_load(&v->done))
		return v->cpu_ns;
	if (!atomic_load(&v->thread_set) ||
	    pthread_getcpuclockid(v->thread, &clk) ||
	    clock_gettime(clk, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/**
 * run_wall_ns() - how long a vCPU thread has been running its vCPU
 * @v: the vCPU
 *
 * Return: nanoseconds of CLOCK_MONOTONIC from the start of run_vcpu() to
 * its end, or to now while it runs; 0 if it never started.
 */
uint64_t run_wall_ns(struct vcpu *v)
{
	uint64_t start = atomic_load(&v->start_ns);

	if (!start)
		return 0;
	return (atomic_load(&v->done) ? v->end_ns : mono_ns()) - start;
}

/* "umbra-vmm: " or "umbra-vmm: NAME: ", for messages about @v. */
#define VFMT		"%s: %s%s"
#define VARGS(v)	VMM_NAME, (v)->name ? (v)->name : "", \
			(v)->name ? ": " : ""

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

static int exit_mmio(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const struct umbra_run *run = vm->run;
	uint64_t data = 0;
	uint32_t len = MIN(run->mmio.len, sizeof(run->mmio.data));
	uint32_t i;

	for (i = 0; i < len; i++)
		data |= (uint64_t)run->mmio.data[i] << (8 * i);
	if (run->mmio.is_write)
		fprintf(stderr, VFMT "guest MMIO write of %u bytes (0x%0*" PRIx64 ") to IPA 0x%08" PRIx64 ": no device there\n",
			VARGS(v), run->mmio.len, (int)(2 * len), data,
			(uint64_t)run->mmio.phys_addr);
	else
		fprintf(stderr, VFMT "guest MMIO read of %u bytes from IPA 0x%08" PRIx64 ": no device there\n",
			VARGS(v), run->mmio.len,
			(uint64_t)run->mmio.phys_addr);
	if (v->hc.ram && v->hc.ram->size)
		fprintf(stderr, VFMT "guest RAM is [0x%08" PRIx64 ", 0x%08" PRIx64 ")\n",
			VARGS(v), v->hc.ram->base,
			v->hc.ram->base + v->hc.ram->size);
	vm_dump_regs(vm);
	return VMM_EXIT_FAILURE;
}

static int exit_internal_error(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const struct umbra_run *run = vm->run;
	const struct internal_error_desc *desc;
	uint32_t n = MIN(run->internal.ndata, G_N_ELEMENTS(run->internal.data));
	uint32_t i;

	desc = internal_error_desc(run->internal.suberror);
	fprintf(stderr, VFMT "internal error: suberror %u, %s; %u data:",
		VARGS(v), run->internal.suberror, desc->name,
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

static int exit_fail_entry(struct vcpu *v)
{
	uint64_t reason = v->vm->run->fail_entry.hardware_entry_failure_reason;

	fprintf(stderr, VFMT "vCPU entry failed: reason 0x%" PRIx64 ", %s\n",
		VARGS(v), reason, fail_entry_name(reason));
	vm_dump_regs(v->vm);
	return VMM_EXIT_FAILURE;
}

static int exit_unknown(struct vcpu *v)
{
	const uint8_t *raw = (const uint8_t *)v->vm->run->padding;
	int i;

	fprintf(stderr, VFMT "unexpected exit reason %u (0x%x); exit data:",
		VARGS(v), v->vm->run->exit_reason, v->vm->run->exit_reason);
	for (i = 0; i < 32; i++)
		fprintf(stderr, "%s%02x", i % 4 ? "" : " ", raw[i]);
	fputc('\n', stderr);
	vm_dump_regs(v->vm);
	return VMM_EXIT_FAILURE;
}

static bool one_reg(struct vcpu *v, unsigned long req, uint64_t id,
		    uint32_t *val)
{
	struct umbra_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return ioctl(v->vm->vcpu_fd, req, &r) == 0;
}

static bool in_ro(const struct vcpu *v, uint64_t ipa)
{
	unsigned int i;

	for (i = 0; i < v->nr_ro; i++)
		if (ipa >= v->ro[i].ipa && ipa - v->ro[i].ipa < v->ro[i].size)
			return true;
	return false;
}

/*
 * A store to a read-only shared region: a virtual Data Abort (abort.c).
 * Thumb needs the store's first halfword, read while the guest's MMU is
 * off (VA = IPA); with it on the store's length is unknown and the VM is
 * stopped instead. Returns false with a message if it cannot be delivered.
 */
static bool deliver_abort(struct vcpu *v)
{
	uint32_t ipa = (uint32_t)v->vm->run->mmio.phys_addr;
	uint32_t sctlr, vbar, dfsr = ABORT_DFSR_WRITE_PERMISSION;
	unsigned int len = 4;
	struct umbra_regs r;
	const uint8_t *hw;

	if (ioctl(v->vm->vcpu_fd, UMBRA_GET_REGS, &r) ||
	    !one_reg(v, UMBRA_GET_ONE_REG, UMBRA_REG_CP15(0, 1, 0, 0),
		     &sctlr) ||
	    !one_reg(v, UMBRA_GET_ONE_REG, UMBRA_REG_CP15(0, 12, 0, 0),
		     &vbar)) {
		fprintf(stderr, VFMT "cannot read the registers for a Data Abort: %s\n",
			VARGS(v), g_strerror(errno));
		return false;
	}
	if (r.cpsr & (1u << 5)) {
		hw = (sctlr & 1u) || !v->hc.ram ? NULL :
		     guest_ram_ptr(v->hc.ram, r.pc - 4, 2);
		if (!hw) {
			fprintf(stderr, VFMT "store to read-only IPA 0x%08x in Thumb state with the MMU on: cannot find the instruction for a Data Abort\n",
				VARGS(v), ipa);
			return false;
		}
		len = abort_thumb_store_len(hw[0] | hw[1] << 8);
	}
	abort_enter(&r, sctlr, vbar, len);
	if (!one_reg(v, UMBRA_SET_ONE_REG, UMBRA_REG_CP15(0, 5, 0, 0),
		     &dfsr) ||
	    !one_reg(v, UMBRA_SET_ONE_REG, UMBRA_REG_CP15(0, 6, 0, 0),
		     &ipa) ||
	    ioctl(v->vm->vcpu_fd, UMBRA_SET_REGS, &r)) {
		fprintf(stderr, VFMT "cannot enter the Data Abort: %s\n",
			VARGS(v), g_strerror(errno));
		return false;
	}
	if (atomic_fetch_add(&v->ro_aborts, 1) == 0)
		fprintf(stderr, VFMT "store to read-only IPA 0x%08x: virtual Data Abort (reported once)\n",
			VARGS(v), ipa);
	return true;
}

static void count_exit(struct vcpu *v, uint32_t reason)
{
	atomic_fetch_add(&v->stats.exits[MIN(reason, RUN_NR_EXIT_REASONS)],
			 1);
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/**
 * run_vcpu() - run vCPU 0 until the guest shuts down or the VMM must stop
 * @v: the vCPU (vcpu_init()), in the thread that runs it
 *
 * Calls @v->setup first, then loops: waits at @v->gate if there is one
 * (which sets run->budget_us), enters UMBRA_RUN, handles hypercall exits
 * with hypercall_handle() on @v->hc and MMIO exits inside a device of
 * @v->vm->devices with its model, answers a store to @v->ro with a
 * virtual Data Abort, counts every exit in @v->stats, and
 * stops on anything else. stdout is flushed before returning; @v->cpu_ns
 * and @v->done are set.
 *
 * Return: the guest's shutdown status truncated to 0-255; 128 + signal
 * number after SIGINT/SIGTERM; VMM_EXIT_FAILURE (125) after a failed
 * setup, an MMIO exit no device serves, an internal error, a failed
 * entry, an unknown exit or a failed UMBRA_RUN, with a message on stderr.
 */
int run_vcpu(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct umbra_run *run = vm->run;
	int status, ret;
	int64_t budget;

	atomic_store(&v->start_ns, mono_ns());
	if (v->setup && !v->setup(v, v->setup_opaque)) {
		status = VMM_EXIT_FAILURE;
		goto out;
	}
	atomic_store(&v->run, run);
	for (;;) {
		run->immediate_exit = 0;
		atomic_thread_fence(memory_order_seq_cst);
		if (stop_signal) {
			fprintf(stderr, VFMT "stopped by %s\n", VARGS(v),
				stop_signal == SIGINT ? "SIGINT" : "SIGTERM");
			status = VMM_EXIT_SIGNAL_BASE + stop_signal;
			break;
		}
		budget = 0;
		if (v->gate) {
			budget = v->gate->wait(v, v->gate->opaque);
			if (budget < 0)
				continue;	/* stopping: the test above */
		}
		run->budget_us = (uint32_t)budget;

		ret = vm_run(vm);
		if (v->gate)
			v->gate->ran(v, v->gate->opaque);
		if (ret == -EINTR) {
			atomic_fetch_add(&v->stats.eintr, 1);
			continue;
		}
		if (ret < 0) {
			fprintf(stderr, VFMT "%s: UMBRA_RUN: %s\n", VARGS(v),
				vm->dev_path, g_strerror(-ret));
			status = VMM_EXIT_FAILURE;
			break;
		}
		count_exit(v, run->exit_reason);

		switch (run->exit_reason) {
		case UMBRA_EXIT_HYPERCALL:
			hypercall_handle(&v->hc, run);
			continue;
		case UMBRA_EXIT_INTR:
			continue;
		case UMBRA_EXIT_BUDGET:
			atomic_fetch_add(&v->stats.budget, 1);
			continue;
		case UMBRA_EXIT_SHUTDOWN:
			status = run->shutdown.status & 0xff;
			break;
		case UMBRA_EXIT_MMIO:
			if (device_bus_mmio(&vm->devices, run))
				continue;
			if (run->mmio.is_write && in_ro(v, run->mmio.phys_addr)) {
				if (deliver_abort(v))
					continue;
				vm_dump_regs(vm);
				status = VMM_EXIT_FAILURE;
				break;
			}
			status = exit_mmio(v);
			break;
		case UMBRA_EXIT_INTERNAL_ERROR:
			status = exit_internal_error(v);
			break;
		case UMBRA_EXIT_FAIL_ENTRY:
			status = exit_fail_entry(v);
			break;
		default:
			status = exit_unknown(v);
			break;
		}
		break;
	}
	atomic_store(&v->run, NULL);
out:
	if (v->gate && v->gate->done)
		v->gate->done(v, v->gate->opaque);
	fflush(stdout);
	v->status = status;
	v->cpu_ns = thread_cpu_ns();
	v->end_ns = mono_ns();
	atomic_store(&v->done, true);
	return status;
}
