/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: the system call ABI of the SDK kernel (tools/guest/
 * kernel), for programs it runs in virtual User mode.
 *
 * A program makes a system call with "svc #0" (the immediate is ignored):
 * number in r7, arguments in r0-r3, result in r0 (r0 and r1 for 64-bit
 * results, low word in r0). A result from -4095 to -1 is a negated errno
 * value (EBADF, EFAULT, ENOSYS, ...). Every other register, the flags
 * included, is preserved. Pointers are the program's virtual addresses and
 * must lie in its user region. See Documentation/guest-sdk.rst.
 */
#ifndef _UMBRA_GUEST_SYSCALL_H
#define _UMBRA_GUEST_SYSCALL_H

/* r0 = status: end the program (and the VM) with that exit status */
#define SYS_EXIT		1
/* r0 = fd (1 or 2), r1 = buffer, r2 = length: bytes written */
#define SYS_WRITE		2
/* r0 = fd (0), r1 = buffer, r2 = capacity: bytes read, 0 at end of file */
#define SYS_READ		3
/* r0 = new break (0: none): the break after the call (as Linux brk) */
#define SYS_BRK			4
/* r0/r1 <- the virtual clock, ns since the VM was created */
#define SYS_CLOCK		5
/* r0/r1 <- the host's wall clock, ns since the Epoch */
#define SYS_WALLCLOCK		6
/*
 * r0 = handler address (bit 0 set: Thumb), 0 for none: the previous one.
 * On the next abort or undefined instruction in User mode the kernel
 * clears the handler and resumes the program at it, with r0 = what
 * happened (UMBRA_FAULT_*), r1 = the fault address (DFAR/IFAR, 0 for an
 * undefined instruction), r2 = the fault status (DFSR/IFSR, 0 for an
 * undefined instruction), r3 = the PC of the faulting instruction; the
 * other registers, SP included, as at the fault. The handler must not
 * return (longjmp() or exit()). Without a handler the program is killed.
 */
#define SYS_FAULT_HANDLER	7
#define SYS_MAX			7

/* Kinds of fault, in r0 of a fault handler. */
#define UMBRA_FAULT_DATA_ABORT		1
#define UMBRA_FAULT_PREFETCH_ABORT	2
#define UMBRA_FAULT_UNDEFINED		3

/*
 * Exit status of a program killed by the kernel: 128 + the Linux signal
 * that the fault would have raised, as a shell reports it.
 */
#define UMBRA_KILLED_SEGV	(128 + 11)	/* aborts */
#define UMBRA_KILLED_ILL	(128 + 4)	/* undefined instructions */

#ifndef __ASSEMBLER__

/**
 * umbra_syscall() - make a system call to the SDK kernel
 * @nr: system call number, SYS_*
 * @a0: argument in r0
 * @a1: argument in r1
 * @a2: argument in r2
 * @a3: argument in r3
 *
 * Return: r0 | (r1 << 32); the low word is the result of 32-bit calls.
 */
static inline unsigned long long umbra_syscall(unsigned long nr,
					       unsigned long a0,
					       unsigned long a1,
					       unsigned long a2,
					       unsigned long a3)
{
	register unsigned long r0 __asm__("r0") = a0;
	register unsigned long r1 __asm__("r1") = a1;
	register unsigned long r2 __asm__("r2") = a2;
	register unsigned long r3 __asm__("r3") = a3;
	register unsigned long r7 __asm__("r7") = nr;

	__asm__ __volatile__("svc	#0"
			     : "+r" (r0), "+r" (r1)
			     : "r" (r2), "r" (r3), "r" (r7)
			     : "memory");
	return (unsigned long long)r1 << 32 | r0;
}

/**
 * umbra_syscall_ret() - a 32-bit system call's result
 * @nr: system call number, SYS_*
 * @a0: argument in r0
 * @a1: argument in r1
 * @a2: argument in r2
 *
 * Return: r0 as a signed value: -4095 to -1 is a negated errno.
 */
static inline long umbra_syscall_ret(unsigned long nr, unsigned long a0,
				     unsigned long a1, unsigned long a2)
{
	return (long)(unsigned long)umbra_syscall(nr, a0, a1, a2, 0);
}

#endif /* __ASSEMBLER__ */

#endif /* _UMBRA_GUEST_SYSCALL_H */
