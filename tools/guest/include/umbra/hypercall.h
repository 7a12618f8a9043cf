/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: hypercall wrappers.
 *
 * A guest calls the hypervisor with "svc #0" using the register usage of
 * ARM's SMC Calling Convention (ARM DEN 0028): function ID in r0, arguments
 * in r1-r6, results in r0-r3, r4-r14 preserved. Function IDs and return
 * codes are in <linux/umbra_hypercall.h>, which has no includes and is safe
 * to use from a guest. The guest runs with its MMU off, so a pointer's value
 * is the intermediate physical address (IPA) the hypervisor expects.
 */
#ifndef _UMBRA_GUEST_HYPERCALL_H
#define _UMBRA_GUEST_HYPERCALL_H

#include <linux/umbra_hypercall.h>

/**
 * struct umbra_hc_res - the four result registers of a hypercall
 * @a0: r0, the return value or a negative UMBRA_SMCCC_RET_* code
 * @a1: r1
 * @a2: r2
 * @a3: r3
 */
struct umbra_hc_res {
	unsigned long a0;
	unsigned long a1;
	unsigned long a2;
	unsigned long a3;
};

/**
 * umbra_hypercall() - make a hypercall with up to six arguments
 * @fn:  function ID, one of UMBRA_HC_*
 * @a1:  argument in r1
 * @a2:  argument in r2
 * @a3:  argument in r3
 * @a4:  argument in r4
 * @a5:  argument in r5
 * @a6:  argument in r6
 *
 * The "memory" clobber orders the call against guest memory the hypervisor
 * reads or writes (console buffers); r1-r3 come back as results, r4-r6 are
 * preserved by the calling convention.
 *
 * Return: r0-r3 after the call.
 */
static inline struct umbra_hc_res
umbra_hypercall(unsigned long fn, unsigned long a1, unsigned long a2,
		unsigned long a3, unsigned long a4, unsigned long a5,
		unsigned long a6)
{
	register unsigned long r0 __asm__("r0") = fn;
	register unsigned long r1 __asm__("r1") = a1;
	register unsigned long r2 __asm__("r2") = a2;
	register unsigned long r3 __asm__("r3") = a3;
	register unsigned long r4 __asm__("r4") = a4;
	register unsigned long r5 __asm__("r5") = a5;
	register unsigned long r6 __asm__("r6") = a6;
	struct umbra_hc_res res;

	__asm__ __volatile__("svc	#0"
			     : "+r" (r0), "+r" (r1), "+r" (r2), "+r" (r3)
			     : "r" (r4), "r" (r5), "r" (r6)
			     : "memory", "cc");
	res.a0 = r0;
	res.a1 = r1;
	res.a2 = r2;
	res.a3 = r3;
	return res;
}

/**
 * umbra_hc_version() - ask for the hypercall ABI version
 *
 * Return: (major << 16) | minor, e.g. UMBRA_HC_ABI_VERSION.
 */
static inline unsigned long umbra_hc_version(void)
{
	return umbra_hypercall(UMBRA_HC_VERSION, 0, 0, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_features() - ask whether a hypercall is implemented
 * @fn: the function ID to ask about
 *
 * Return: UMBRA_SMCCC_RET_SUCCESS (0) if implemented, else
 * UMBRA_SMCCC_RET_NOT_SUPPORTED.
 */
static inline long umbra_hc_features(unsigned long fn)
{
	return (long)umbra_hypercall(UMBRA_HC_FEATURES, fn,
				     0, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_console_write() - write bytes to the VMM's console
 * @buf: guest buffer (its address is its IPA)
 * @len: number of bytes to write
 *
 * The VMM may write fewer bytes than asked for; call again for the rest.
 *
 * Return: the number of bytes written, or a negative UMBRA_SMCCC_RET_* code.
 */
static inline long umbra_hc_console_write(const void *buf, unsigned long len)
{
	return (long)umbra_hypercall(UMBRA_HC_CONSOLE_WRITE,
				     (unsigned long)buf, len, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_console_read() - read bytes from the VMM's console
 * @buf: guest buffer (its address is its IPA)
 * @cap: capacity of @buf in bytes
 *
 * Return: the number of bytes read, 0 at end of input, or a negative
 * UMBRA_SMCCC_RET_* code.
 */
static inline long umbra_hc_console_read(void *buf, unsigned long cap)
{
	return (long)umbra_hypercall(UMBRA_HC_CONSOLE_READ,
				     (unsigned long)buf, cap, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_shutdown() - stop the guest
 * @status: exit status, reported to the VMM in run->shutdown.status
 *
 * The vCPU stops with UMBRA_EXIT_SHUTDOWN and is not resumed. Should the
 * hypervisor ever return, the call is repeated: this never returns.
 */
static inline __attribute__((noreturn)) void
umbra_hc_shutdown(unsigned long status)
{
	for (;;)
		umbra_hypercall(UMBRA_HC_SHUTDOWN, status, 0, 0, 0, 0, 0);
}

/**
 * umbra_hc_clock() - read the virtual clock (UMBRA_HC_CLOCK)
 *
 * Answered by the module without an exit to userspace.
 *
 * Return: nanoseconds of the host's CLOCK_MONOTONIC since the VM was
 * created.
 */
static inline unsigned long long umbra_hc_clock(void)
{
	struct umbra_hc_res res = umbra_hypercall(UMBRA_HC_CLOCK,
						  0, 0, 0, 0, 0, 0);

	return (unsigned long long)res.a1 << 32 | res.a0;
}

/**
 * umbra_hc_wallclock() - read the host's wall clock (UMBRA_HC_WALLCLOCK)
 *
 * Forwarded to the VMM: an exit to userspace, far slower than
 * umbra_hc_clock().
 *
 * Return: nanoseconds since the Epoch of the host's CLOCK_REALTIME.
 */
static inline unsigned long long umbra_hc_wallclock(void)
{
	struct umbra_hc_res res = umbra_hypercall(UMBRA_HC_WALLCLOCK,
						  0, 0, 0, 0, 0, 0);

	return (unsigned long long)res.a1 << 32 | res.a0;
}

/**
 * umbra_hc_tlb_flush_va() - drop the shadow entries of one page, as
 * TLBIMVA would (call it after changing or removing a page table entry)
 * @mva_asid: the page's virtual address (bits 31:12) | ASID (bits 7:0)
 *
 * Return: 0, or UMBRA_SMCCC_RET_INVALID_PARAMETER for an address in the
 * hypervisor's forbidden range.
 */
static inline long umbra_hc_tlb_flush_va(unsigned long mva_asid)
{
	return (long)umbra_hypercall(UMBRA_HC_TLB_FLUSH_VA, mva_asid,
				     0, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_tlb_flush_asid() - drop the shadow entries of every address
 * space with an ASID, as TLBIASID would
 * @asid: the ASID, 0-255
 *
 * Return: 0, or UMBRA_SMCCC_RET_INVALID_PARAMETER above 255.
 */
static inline long umbra_hc_tlb_flush_asid(unsigned long asid)
{
	return (long)umbra_hypercall(UMBRA_HC_TLB_FLUSH_ASID, asid,
				     0, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_tlb_flush_all() - drop every shadow entry, as TLBIALL would
 *
 * Return: 0.
 */
static inline long umbra_hc_tlb_flush_all(void)
{
	return (long)umbra_hypercall(UMBRA_HC_TLB_FLUSH_ALL, 0,
				     0, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_switch_as() - switch address space: TTBR0 and CONTEXTIDR in
 * one call, as a context switch writes them
 * @ttbr0:      the new TTBR0 (IPA of the first-level table | attributes)
 * @contextidr: the new CONTEXTIDR (ASID in bits 7:0)
 *
 * Return: 0.
 */
static inline long umbra_hc_switch_as(unsigned long ttbr0,
				      unsigned long contextidr)
{
	return (long)umbra_hypercall(UMBRA_HC_SWITCH_AS, ttbr0, contextidr,
				     0, 0, 0, 0).a0;
}

/**
 * umbra_hc_set_mmu() - turn the MMU on or off (SCTLR.M)
 * @on: 1 for on, 0 for off
 *
 * Return: 0, or UMBRA_SMCCC_RET_INVALID_PARAMETER for another value.
 */
static inline long umbra_hc_set_mmu(unsigned long on)
{
	return (long)umbra_hypercall(UMBRA_HC_SET_MMU, on, 0, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_map() - have the hypervisor shadow a page now rather than at
 * its first access (for the privileged modes' table)
 * @va:  a virtual address in the page
 * @how: UMBRA_HC_MAP_READ, UMBRA_HC_MAP_WRITE or UMBRA_HC_MAP_EXEC
 *
 * Return: 0, or UMBRA_SMCCC_RET_INVALID_PARAMETER when the page does not
 * translate for @how, is not RAM, or lies in the forbidden range.
 */
static inline long umbra_hc_map(unsigned long va, unsigned long how)
{
	return (long)umbra_hypercall(UMBRA_HC_MAP, va, how, 0, 0, 0, 0).a0;
}

/**
 * umbra_hc_yield() - give the host CPU up to other host tasks
 *
 * Return: 0.
 */
static inline long umbra_hc_yield(void)
{
	return (long)umbra_hypercall(UMBRA_HC_YIELD, 0, 0, 0, 0, 0, 0).a0;
}

/**
 * umbra_wfi() - wait for an interrupt: WFI as the hypervisor serves it
 * (svc #2; a native WFI does not trap in PL0, where the guest runs)
 *
 * Only in a privileged mode: in User mode svc #2 is a system call. The
 * vCPU sleeps until a virtual interrupt is pending or the VMM interrupts
 * it; it may also return early, as WFI may.
 */
static inline void umbra_wfi(void)
{
	__asm__ __volatile__("svc	%0" : : "i" (UMBRA_SVC_WFI) : "memory");
}

/**
 * umbra_wfe() - WFE as the hypervisor serves it (svc #3): a yield of the
 * host CPU; umbra has no event register. Only in a privileged mode.
 */
static inline void umbra_wfe(void)
{
	__asm__ __volatile__("svc	%0" : : "i" (UMBRA_SVC_WFE) : "memory");
}

#endif /* _UMBRA_GUEST_HYPERCALL_H */
