// SPDX-License-Identifier: GPL-2.0
/*
 * umbra SDK kernel: a minimal guest kernel that runs one ordinary newlib
 * program in virtual User mode and serves its system calls with umbra
 * hypercalls. See Documentation/guest-sdk.rst.
 *
 * It starts like any SDK guest (crt0: virtual SVC mode, MMU off, newlib
 * ready), then:
 *
 * 1. takes the user region, a 1 MiB aligned block of RAM, from its heap;
 * 2. builds short-descriptor translation tables (ARM ARM B3.5): all of RAM
 *    identity-mapped with sections for PL1 only (AP[2:0] = 0b001), so the
 *    kernel's image, stacks and tables and its view of the user region are
 *    out of the program's reach; the user region mapped a second time at
 *    USER_VA_BASE with full access (AP[2:0] = 0b011); nothing else, so
 *    that a stray pointer (NULL included) faults;
 * 3. turns the MMU on through CP15 (TTBCR, TTBR0, DACR, TLBIALL, SCTLR.M)
 *    and installs its vectors with VBAR, all trapped and emulated by umbra;
 * 4. loads the embedded program's PT_LOAD segments (an ELF linked at
 *    USER_VA_BASE by user.mk), puts argv and envp on the user stack, and
 *    drops to User mode (UMBRA_HC_SET_SPSR, "svc #1");
 * 5. serves system calls (<umbra/syscall.h>) from its SVC vector and kills
 *    the program on an abort or undefined instruction, unless it has a
 *    fault handler.
 *
 * The program's exit status becomes the VM's (UMBRA_HC_SHUTDOWN through
 * exit()). Hypercalls take IPAs: the kernel translates the program's
 * buffers (user VA -> IPA) after checking them against the user region.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <umbra/guest.h>
#include <umbra/hypercall.h>
#include <umbra/syscall.h>

#include "kernel.h"

#define SZ_1M		0x00100000u
#define SZ_4K		0x00001000u

/* Where the user region is mapped; user.mk links programs here. */
#define USER_VA_BASE	0x00100000u
/* At most 1 GiB, and never above the RAM's identity map. */
#define USER_MAX_SIZE	0x40000000u
/* The kernel keeps this much of its heap for newlib (stdio buffers). */
#define KERNEL_HEAP	SZ_1M
/* Bytes below the top of the user region kept for the user stack. */
#define USER_STACK	SZ_1M
/* Most arguments in user_cmdline */
#define MAX_ARGS	32

/* ELF (System V gABI, ARM ELF ABI): the few fields the loader needs. */
#define EI_NIDENT	16
#define ELFCLASS32	1
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define EM_ARM		40
#define PT_LOAD		1

struct elf32_ehdr {
	unsigned char e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum;
	uint16_t e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
	uint32_t p_type, p_offset, p_vaddr, p_paddr;
	uint32_t p_filesz, p_memsz, p_flags, p_align;
};

/* The first-level table: 4096 entries, 16 KiB aligned (TTBCR.N = 0). */
static uint32_t l1[4096] __attribute__((aligned(16384)));

/* The user region: IPA, size in bytes, and the program's break. */
static uint32_t user_pa, user_size;
static uint32_t brk_start, brk_cur, brk_limit;
static uint32_t fault_handler;
static const char *prog_name = "user";

static void __attribute__((noreturn, format(printf, 1, 2)))
panic(const char *fmt, ...)
{
	va_list ap;

	fputs("umbra-kernel: panic: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(255);
}

/* ------------------------------------------------------------------ */
/* Memory                                                              */

static uint32_t user_end(void)
{
	return USER_VA_BASE + user_size;
}

/* Is [va, va + len) inside the user region? */
static int user_range_ok(uint32_t va, uint32_t len)
{
	return va >= USER_VA_BASE && va <= user_end() &&
	       len <= user_end() - va;
}

/* The kernel's (identity, so also the IPA) address of a user VA. */
static void *user_ptr(uint32_t va)
{
	return (void *)(uintptr_t)(va - USER_VA_BASE + user_pa);
}

/* Take the user region from the heap: 1 MiB aligned, whole MiBs. */
static void user_region_alloc(void)
{
	uint32_t start = (uint32_t)(uintptr_t)sbrk(0);
	uint32_t aligned = (start + SZ_1M - 1) & ~(SZ_1M - 1);
	uint32_t limit = umbra_heap_limit();
	uint32_t size;

	if (limit < aligned + KERNEL_HEAP + 2 * SZ_1M)
		panic("%u KiB of RAM is too little for a user region",
		      (unsigned int)(umbra_ram_size() / 1024));
	size = (limit - aligned - KERNEL_HEAP) & ~(SZ_1M - 1);
	if (size > USER_MAX_SIZE)
		size = USER_MAX_SIZE;
	if (USER_VA_BASE + size > umbra_ram_base())
		size = (umbra_ram_base() - USER_VA_BASE) & ~(SZ_1M - 1);
	if (size < 2 * SZ_1M)
		panic("RAM at 0x%08x leaves no room for user VAs",
		      (unsigned int)umbra_ram_base());
	if (sbrk(aligned - start) == (void *)-1 ||
	    sbrk(size) == (void *)-1)
		panic("cannot take %u MiB for the user region",
		      (unsigned int)(size >> 20));
	user_pa = aligned;
	user_size = size;
}

/* Identity sections for RAM (PL1 only), the user region at USER_VA_BASE. */
static void mmu_on(void)
{
	uint32_t base = umbra_ram_base() & ~(SZ_1M - 1);
	uint32_t end = umbra_ram_base() + umbra_ram_size();
	uint32_t mb, sctlr;

	for (mb = base; mb - base < end - base; mb += SZ_1M)
		l1[mb >> 20] = mb | L1_SECT | SECT_MEM | SECT_AP(AP_PL1_RW);
	for (mb = 0; mb < user_size; mb += SZ_1M)
		l1[(USER_VA_BASE + mb) >> 20] =
			(user_pa + mb) | L1_SECT | SECT_MEM | SECT_AP(AP_RW);
	__asm__ __volatile__("dsb" : : : "memory");

	write_ttbcr(0);				/* TTBR0 only, N = 0 */
	write_ttbr0((uint32_t)(uintptr_t)l1);	/* table walks non-cacheable */
	write_dacr(DACR_D0_CLIENT);
	write_vbar((uint32_t)(uintptr_t)kernel_vectors);
	tlbiall();
	sctlr = read_sctlr();
	sctlr &= ~(SCTLR_A | SCTLR_V | SCTLR_TRE | SCTLR_AFE);
	write_sctlr(sctlr | SCTLR_M);
	__asm__ __volatile__("isb" : : : "memory");
	if (!(read_sctlr() & SCTLR_M) ||
	    read_vbar() != (uint32_t)(uintptr_t)kernel_vectors)
		panic("MMU or VBAR did not take: SCTLR 0x%08x VBAR 0x%08x",
		      (unsigned int)read_sctlr(),
		      (unsigned int)read_vbar());
}

/* ------------------------------------------------------------------ */
/* The program                                                         */

/* Load the embedded ELF's PT_LOAD segments; returns the entry point. */
static uint32_t load_user(void)
{
	const unsigned char *img = user_elf;
	uint32_t img_size = user_elf_end - user_elf;
	struct elf32_ehdr eh;
	uint32_t i, top = USER_VA_BASE;

	if (img_size < sizeof(eh))
		panic("user program: too short for an ELF header");
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.e_ident, "\177ELF", 4) ||
	    eh.e_ident[4] != ELFCLASS32 || eh.e_ident[5] != ELFDATA2LSB ||
	    eh.e_type != ET_EXEC || eh.e_machine != EM_ARM)
		panic("user program: not a 32-bit little-endian ARM executable");
	if (eh.e_phentsize != sizeof(struct elf32_phdr) ||
	    eh.e_phoff > img_size ||
	    eh.e_phnum > (img_size - eh.e_phoff) / sizeof(struct elf32_phdr))
		panic("user program: bad program headers");

	for (i = 0; i < eh.e_phnum; i++) {
		struct elf32_phdr ph;

		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > img_size ||
		    ph.p_filesz > img_size - ph.p_offset ||
		    !user_range_ok(ph.p_vaddr, ph.p_memsz) ||
		    ph.p_vaddr + ph.p_memsz > user_end() - USER_STACK)
			panic("user program: segment %u at 0x%08x (%u bytes) does not fit the user region 0x%08x-0x%08x",
			      (unsigned int)i, (unsigned int)ph.p_vaddr,
			      (unsigned int)ph.p_memsz,
			      (unsigned int)USER_VA_BASE,
			      (unsigned int)(user_end() - USER_STACK));
		memcpy(user_ptr(ph.p_vaddr), img + ph.p_offset, ph.p_filesz);
		memset((char *)user_ptr(ph.p_vaddr) + ph.p_filesz, 0,
		       ph.p_memsz - ph.p_filesz);
		if (ph.p_vaddr + ph.p_memsz > top)
			top = ph.p_vaddr + ph.p_memsz;
	}
	if (!user_range_ok(eh.e_entry & ~1u, 4))
		panic("user program: entry 0x%08x outside the user region",
		      (unsigned int)eh.e_entry);
	brk_start = (top + SZ_4K - 1) & ~(SZ_4K - 1);
	brk_cur = brk_start;
	brk_limit = user_end() - USER_STACK;
	return eh.e_entry;
}

/*
 * Put argv (user_cmdline split at spaces) and an empty envp at the top of
 * the user stack; returns the stack pointer, 8-byte aligned, below them.
 */
static uint32_t setup_stack(uint32_t *argc, uint32_t *argv, uint32_t *envp)
{
	size_t len = strlen(user_cmdline) + 1;
	uint32_t strs = (user_end() - len) & ~7u;
	uint32_t vec[MAX_ARGS + 2];
	char *s = user_ptr(strs);
	uint32_t n = 0, i, sp;

	if (len > USER_STACK / 2)
		panic("command line too long");
	memcpy(s, user_cmdline, len);
	for (i = 0; i < len - 1; i++) {
		if (s[i] == ' ') {
			s[i] = '\0';
		} else if (!i || !s[i - 1]) {
			if (n == MAX_ARGS)
				panic("more than %d arguments", MAX_ARGS);
			vec[n++] = strs + i;
		}
	}
	if (n)
		prog_name = (const char *)user_ptr(vec[0]);
	vec[n] = 0;		/* argv[argc] */
	vec[n + 1] = 0;		/* envp[0] */
	sp = (strs - (n + 2) * 4) & ~7u;
	memcpy(user_ptr(sp), vec, (n + 2) * 4);
	*argc = n;
	*argv = sp;
	*envp = sp + (n + 1) * 4;
	return sp;
}

/* ------------------------------------------------------------------ */
/* System calls                                                        */

/* An SMCCC error from a console hypercall as a negated errno. */
static int32_t hc_errno(long ret)
{
	return ret == UMBRA_SMCCC_RET_INVALID_PARAMETER ? -EFAULT : -EIO;
}

static int32_t sys_write(uint32_t fd, uint32_t buf, uint32_t len)
{
	uint32_t done = 0;
	long n;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (!user_range_ok(buf, len))
		return -EFAULT;
	if (len > INT32_MAX)
		len = INT32_MAX;
	while (done < len) {
		n = umbra_hc_console_write(user_ptr(buf + done), len - done);
		if (n <= 0)
			return done ? (int32_t)done : hc_errno(n ? n : -1);
		done += n;
	}
	return done;
}

static int32_t sys_read(uint32_t fd, uint32_t buf, uint32_t cap)
{
	long n;

	if (fd != 0)
		return -EBADF;
	if (!user_range_ok(buf, cap))
		return -EFAULT;
	if (cap > INT32_MAX)
		cap = INT32_MAX;
	if (!cap)
		return 0;
	n = umbra_hc_console_read(user_ptr(buf), cap);
	return n < 0 ? hc_errno(n) : (int32_t)n;
}

static uint32_t sys_brk(uint32_t want)
{
	if (want >= brk_start && want <= brk_limit) {
		/* memory given back and taken again reads as zero */
		if (want > brk_cur)
			memset(user_ptr(brk_cur), 0, want - brk_cur);
		brk_cur = want;
	}
	return brk_cur;
}

static void put64(struct trap_frame *tf, unsigned long long v)
{
	tf->r[0] = (uint32_t)v;
	tf->r[1] = (uint32_t)(v >> 32);
}

static void do_syscall(struct trap_frame *tf)
{
	uint32_t a0 = tf->r[0], a1 = tf->r[1], a2 = tf->r[2];
	uint32_t old;

	switch (tf->r[7]) {
	case SYS_EXIT:
		exit((int)a0);
	case SYS_WRITE:
		tf->r[0] = sys_write(a0, a1, a2);
		break;
	case SYS_READ:
		tf->r[0] = sys_read(a0, a1, a2);
		break;
	case SYS_BRK:
		tf->r[0] = sys_brk(a0);
		break;
	case SYS_CLOCK:
		put64(tf, umbra_hc_clock());
		break;
	case SYS_WALLCLOCK:
		put64(tf, umbra_hc_wallclock());
		break;
	case SYS_FAULT_HANDLER:
		if (a0 && !user_range_ok(a0 & ~1u, 2)) {
			tf->r[0] = -EFAULT;
			break;
		}
		old = fault_handler;
		fault_handler = a0;
		tf->r[0] = old;
		break;
	default:
		tf->r[0] = -ENOSYS;
		break;
	}
}

/* ------------------------------------------------------------------ */
/* Exceptions                                                          */

static const char *const fault_names[] = {
	[UMBRA_FAULT_DATA_ABORT] = "data abort",
	[UMBRA_FAULT_PREFETCH_ABORT] = "prefetch abort",
	[UMBRA_FAULT_UNDEFINED] = "undefined instruction",
};

/*
 * A fault in User mode: resume at the program's fault handler, once, or
 * kill the program with a message and 128 + the Linux signal number.
 */
static void user_fault(struct trap_frame *tf, uint32_t kind, uint32_t pc,
		       uint32_t addr, uint32_t fsr)
{
	uint32_t h = fault_handler;

	if (h) {
		fault_handler = 0;
		tf->r[0] = kind;
		tf->r[1] = addr;
		tf->r[2] = fsr;
		tf->r[3] = pc;
		tf->lr = h & ~1u;
		/* User mode, flags and masks kept, IT state cleared */
		tf->spsr = (tf->spsr & (0xf8000000u | PSR_A | PSR_I | PSR_F)) |
			   PSR_MODE_USR | ((h & 1) ? PSR_T : 0);
		return;
	}
	fprintf(stderr,
		"umbra-kernel: %s killed: %s at pc 0x%08x, address 0x%08x, fsr 0x%03x\n",
		prog_name, fault_names[kind], (unsigned int)pc,
		(unsigned int)addr, (unsigned int)fsr);
	exit(kind == UMBRA_FAULT_UNDEFINED ? UMBRA_KILLED_ILL :
	     UMBRA_KILLED_SEGV);
}

/**
 * kernel_trap() - handle an exception taken by the vectors
 * @tf: the interrupted state; changes to it take effect on return
 *
 * Only User mode may trap: an exception from the kernel itself is a bug
 * and a panic. The preferred return addresses follow ARM ARM B1.8.3:
 * LR_svc is the next instruction; LR_abt is the aborting instruction + 8
 * (data abort) or + 4 (prefetch abort); LR_und is the undefined
 * instruction + 4 (ARM) or + 2 (Thumb).
 */
void kernel_trap(struct trap_frame *tf)
{
	uint32_t thumb = tf->spsr & PSR_T;

	if ((tf->spsr & PSR_MODE_MASK) != PSR_MODE_USR)
		panic("exception 0x%02x from mode 0x%02x at lr 0x%08x (dfsr 0x%03x dfar 0x%08x)",
		      (unsigned int)tf->vec,
		      (unsigned int)(tf->spsr & PSR_MODE_MASK),
		      (unsigned int)tf->lr, (unsigned int)read_dfsr(),
		      (unsigned int)read_dfar());
	switch (tf->vec) {
	case VEC_SVC:
		do_syscall(tf);
		break;
	case VEC_DABT:
		user_fault(tf, UMBRA_FAULT_DATA_ABORT, tf->lr - 8,
			   read_dfar(), read_dfsr());
		break;
	case VEC_PABT:
		user_fault(tf, UMBRA_FAULT_PREFETCH_ABORT, tf->lr - 4,
			   read_ifar(), read_ifsr());
		break;
	case VEC_UND:
		user_fault(tf, UMBRA_FAULT_UNDEFINED,
			   tf->lr - (thumb ? 2 : 4), 0, 0);
		break;
	default:
		panic("unexpected exception 0x%02x from User mode at 0x%08x",
		      (unsigned int)tf->vec, (unsigned int)tf->lr);
	}
}

int main(void)
{
	uint32_t entry, sp, argc, argv, envp;

	exc_stacks_init();
	user_region_alloc();
	mmu_on();
	entry = load_user();
	sp = setup_stack(&argc, &argv, &envp);
	enter_user(entry, sp, argc, argv, envp);
}
