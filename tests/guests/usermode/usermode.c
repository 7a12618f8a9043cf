// SPDX-License-Identifier: GPL-2.0
/*
 * usermode: a program run in virtual User mode by the SDK kernel
 * (tools/guest/kernel), checking what the kernel gives it: argument
 * passing, its system calls (<umbra/syscall.h>) and newlib on top of them,
 * the clocks, and fault handling (aborts and undefined instructions, with
 * SYS_FAULT_HANDLER). It prints TAP and exits with its number of failures.
 *
 * Run with "fault" on stdin, it stores to address 0 with no fault handler
 * instead: the kernel must kill it with a message and status 139
 * (UMBRA_KILLED_SEGV). tests/target/suite.sh runs both.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <umbra/syscall.h>
#include <umbra/time.h>

extern char **environ;

/* The kernel image's default IPA (guest.ld), identity-mapped PL1-only. */
#define KERNEL_VA	0x40008000u
/* No user mapping below the user region. */
#define UNMAPPED_VA	0x00000010u

/* Short-descriptor FSR (ARM ARM B4.1.52) */
#define FSR_FS(fsr)	(((fsr) & 0xf) | (((fsr) >> 6) & 0x10))
#define FSR_WNR		(1u << 11)
#define FS_TRANS_SECT	0x05
#define FS_PERM_SECT	0x0d

static int test_no, failures;

static void ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	test_no++;
	printf("%sok %d - ", cond ? "" : "not ", test_no);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!cond)
		failures++;
}

/* ------------------------------------------------------------------ */
/* Faults                                                              */

static jmp_buf fault_jmp;
static volatile uint32_t f_kind, f_addr, f_fsr, f_pc;

static void __attribute__((noreturn))
on_fault(uint32_t kind, uint32_t addr, uint32_t fsr, uint32_t pc)
{
	f_kind = kind;
	f_addr = addr;
	f_fsr = fsr;
	f_pc = pc;
	longjmp(fault_jmp, 1);
}

static long set_handler(void (*h)(uint32_t, uint32_t, uint32_t, uint32_t))
{
	return umbra_syscall_ret(SYS_FAULT_HANDLER, (uintptr_t)h, 0, 0);
}

/* The faulting instructions, labelled so that f_pc can be checked. */
extern const char load_insn[], store_insn[], udf_insn[];

static uint32_t __attribute__((noinline)) do_load(uint32_t va)
{
	uint32_t v;

	__asm__ __volatile__(".global load_insn\n"
			     "load_insn: ldr %0, [%1]"
			     : "=r" (v) : "r" (va) : "memory");
	return v;
}

static void __attribute__((noinline)) do_store(uint32_t va)
{
	__asm__ __volatile__(".global store_insn\n"
			     "store_insn: str %0, [%0]"
			     : : "r" (va) : "memory");
}

static void __attribute__((noinline)) do_udf(void)
{
	__asm__ __volatile__(".global udf_insn\n"
			     "udf_insn: udf #7" : : : "memory");
}

/*
 * ARM-state code in .rodata (objdump -d, hence check-guest.sh, does not
 * look there; the user region is executable): MRC of SCTLR, which is
 * UNDEFINED in User mode (ARM ARM B4.1.130), then BX LR.
 */
static const uint32_t mrc_code[] __attribute__((aligned(4))) = {
	0xee110f10,	/* mrc p15, 0, r0, c1, c0, 0 */
	0xe12fff1e,	/* bx lr */
};

static uint32_t thumb_addr(const void *p)
{
	return (uint32_t)(uintptr_t)p & ~1u;
}

/* Run @fn(@arg) with the fault handler; 1 if it faulted. */
static int faults(void (*fn)(uint32_t), uint32_t arg)
{
	f_kind = f_addr = f_fsr = f_pc = 0xffffffffu;
	if (setjmp(fault_jmp))
		return 1;
	if (set_handler(on_fault) != 0)
		return -1;
	fn(arg);
	set_handler(NULL);
	return 0;
}

static void call_load(uint32_t va)
{
	do_load(va);
}

static void call_store(uint32_t va)
{
	do_store(va);
}

static void call_udf(uint32_t unused)
{
	(void)unused;
	do_udf();
}

static void call_arm(uint32_t addr)
{
	((void (*)(void))(uintptr_t)addr)();
}

static void test_faults(void)
{
	uint32_t heap_va = (uint32_t)(uintptr_t)malloc(64);
	int r;

	r = faults(call_load, KERNEL_VA);
	ok(r == 1 && f_kind == UMBRA_FAULT_DATA_ABORT &&
	   f_addr == KERNEL_VA && FSR_FS(f_fsr) == FS_PERM_SECT &&
	   !(f_fsr & FSR_WNR) && f_pc == thumb_addr(load_insn),
	   "load from the kernel's PL1-only memory: data abort, permission fault (kind %u addr 0x%08x fsr 0x%03x pc 0x%08x)",
	   (unsigned int)f_kind, (unsigned int)f_addr, (unsigned int)f_fsr,
	   (unsigned int)f_pc);
	ok(set_handler(NULL) == 0,
	   "the fault handler is cleared when it is called");

	r = faults(call_store, UNMAPPED_VA);
	ok(r == 1 && f_kind == UMBRA_FAULT_DATA_ABORT &&
	   f_addr == UNMAPPED_VA && FSR_FS(f_fsr) == FS_TRANS_SECT &&
	   (f_fsr & FSR_WNR) && f_pc == thumb_addr(store_insn),
	   "store to an unmapped address: data abort, translation fault, WnR (fsr 0x%03x addr 0x%08x)",
	   (unsigned int)f_fsr, (unsigned int)f_addr);

	r = faults(call_udf, 0);
	ok(r == 1 && f_kind == UMBRA_FAULT_UNDEFINED &&
	   f_pc == thumb_addr(udf_insn),
	   "UDF: undefined instruction at its address (kind %u pc 0x%08x)",
	   (unsigned int)f_kind, (unsigned int)f_pc);

	r = faults(call_arm, (uint32_t)(uintptr_t)mrc_code);
	ok(r == 1 && f_kind == UMBRA_FAULT_UNDEFINED &&
	   f_pc == (uint32_t)(uintptr_t)mrc_code,
	   "MRC of SCTLR in User mode (ARM state): undefined instruction (kind %u pc 0x%08x)",
	   (unsigned int)f_kind, (unsigned int)f_pc);

	r = faults(call_arm, KERNEL_VA);
	ok(r == 1 && f_kind == UMBRA_FAULT_PREFETCH_ABORT &&
	   f_addr == KERNEL_VA && f_pc == KERNEL_VA &&
	   FSR_FS(f_fsr) == FS_PERM_SECT,
	   "branch into the kernel: prefetch abort, permission fault (ifsr 0x%03x ifar 0x%08x)",
	   (unsigned int)f_fsr, (unsigned int)f_addr);

	r = faults(call_load, heap_va);
	ok(r == 0, "a load from the heap does not fault");
	ok(heap_va && (long)umbra_syscall_ret(SYS_FAULT_HANDLER, KERNEL_VA,
					      0, 0) == -EFAULT,
	   "SYS_FAULT_HANDLER outside the user region: EFAULT");
	free((void *)(uintptr_t)heap_va);
}

/* ------------------------------------------------------------------ */
/* System calls                                                        */

static void test_args(int argc, char **argv, char **envp)
{
	ok(argc == 3 && argv[argc] == NULL, "argc is 3 (%d)", argc);
	ok(argc == 3 && !strcmp(argv[0], "usermode") &&
	   !strcmp(argv[1], "alpha") && !strcmp(argv[2], "beta-gamma"),
	   "argv is the image's command line");
	ok(envp && envp[0] == NULL && environ == envp,
	   "envp is empty and is environ");
	ok(((uintptr_t)argv & 3) == 0 && (uintptr_t)argv > (uintptr_t)&argc,
	   "argv is on the stack, above main's frame");
}

static void test_syscalls(void)
{
	static const char msg[] = "# written with write(2)\n";
	char buf[8];
	uint32_t kernel_buf = KERNEL_VA;
	long r;

	ok(write(1, msg, sizeof(msg) - 1) == (ssize_t)sizeof(msg) - 1,
	   "write() to stdout returns the length");
	ok(write(2, msg, 0) == 0, "write() of 0 bytes returns 0");
	errno = 0;
	ok(write(3, msg, 1) == -1 && errno == EBADF, "write() to fd 3: EBADF");
	errno = 0;
	ok(write(1, (void *)(uintptr_t)kernel_buf, 4) == -1 &&
	   errno == EFAULT, "write() of a kernel buffer: EFAULT");
	errno = 0;
	ok(write(1, NULL, 1) == -1 && errno == EFAULT,
	   "write() of address 0: EFAULT");
	errno = 0;
	ok(read(1, buf, sizeof(buf)) == -1 && errno == EBADF,
	   "read() from fd 1: EBADF");
	errno = 0;
	ok(read(0, (void *)(uintptr_t)kernel_buf, 4) == -1 && errno == EFAULT,
	   "read() into a kernel buffer: EFAULT");
	r = umbra_syscall_ret(SYS_MAX + 1, 0, 0, 0);
	ok(r == -ENOSYS, "an unknown system call: -ENOSYS (%ld)", r);
	ok(getpid() == 1, "getpid() is 1");
}

static void test_memory(void)
{
	size_t sz = 4u << 20, i;
	uint32_t *p = malloc(sz);
	void *brk0, *huge;
	int good = p != NULL;

	for (i = 0; good && i < sz / 4; i += 1021)
		p[i] = i * 0x9e3779b9u;
	for (i = 0; good && i < sz / 4; i += 1021)
		good = p[i] == i * 0x9e3779b9u;
	ok(good, "malloc() of 4 MiB, written and read back");
	free(p);
	huge = malloc(1u << 30);
	ok(huge == NULL, "malloc() of 1 GiB fails");
	free(huge);
	brk0 = sbrk(0);
	ok(sbrk(4096) == brk0 && sbrk(0) == (char *)brk0 + 4096 &&
	   *(volatile char *)brk0 == 0, "sbrk() grows the heap, zeroed");
	ok(sbrk(-4096) == (char *)brk0 + 4096 && sbrk(0) == brk0,
	   "sbrk() shrinks it");
	errno = 0;
	ok(sbrk(1 << 30) == (void *)-1 && errno == ENOMEM,
	   "sbrk() beyond the user region: ENOMEM");
}

/* ------------------------------------------------------------------ */
/* Clocks                                                              */

/* Spin until the virtual clock has advanced @ns; returns its new value. */
static uint64_t spin_ns(uint64_t ns)
{
	uint64_t t0 = umbra_clock_ns(), t;

	do
		t = umbra_clock_ns();
	while (t - t0 < ns);
	return t;
}

static void test_clocks(void)
{
	uint64_t t0, t, prev, wall, gtod_ns;
	struct timeval tv0, tv1;
	struct tms tms;
	clock_t c0, c1, tk;
	int mono = 1, i;
	time_t now;

	t0 = prev = umbra_clock_ns();
	for (i = 0; i < 1000; i++) {
		t = umbra_clock_ns();
		mono &= t >= prev;
		prev = t;
	}
	ok(mono && prev > t0, "SYS_CLOCK is monotonic over 1000 reads");
	ok(t0 > 0 && t0 < 3600ull * 1000000000u,
	   "SYS_CLOCK counts from VM creation (%llu ns)",
	   (unsigned long long)t0);

	c0 = clock();
	t0 = umbra_clock_ns();
	t = spin_ns(200000000u);	/* 200 ms */
	c1 = clock();
	ok(c1 - c0 >= 15 && c1 - c0 <= (clock_t)((t - t0) / 10000000u) + 2,
	   "clock() advances 200 ms as 20 ticks of CLOCKS_PER_SEC %d (%lu)",
	   (int)CLOCKS_PER_SEC, (unsigned long)(c1 - c0));
	tk = times(&tms);
	ok(tk != (clock_t)-1 && tms.tms_utime == tk && tms.tms_stime == 0 &&
	   tk >= c1, "times(): utime is the elapsed time in ticks");

	ok(gettimeofday(&tv0, NULL) == 0, "gettimeofday() succeeds");
	wall = umbra_wallclock_ns();
	gtod_ns = (uint64_t)tv0.tv_sec * 1000000000u + tv0.tv_usec * 1000u;
	ok(tv0.tv_sec > 1577836800 &&	/* 2020-01-01 */
	   gtod_ns + 1000000000u > wall && gtod_ns < wall + 1000000000u,
	   "gettimeofday() within 1 s of the host's wall clock (%lld.%06ld, wall %llu ns)",
	   (long long)tv0.tv_sec, (long)tv0.tv_usec,
	   (unsigned long long)wall);
	spin_ns(100000000u);
	gettimeofday(&tv1, NULL);
	i = (tv1.tv_sec - tv0.tv_sec) * 1000000 + (tv1.tv_usec - tv0.tv_usec);
	ok(i >= 100000 && i < 5000000,
	   "gettimeofday() follows the virtual clock (+%d us over 100 ms)", i);
	wall = umbra_wallclock_ns();
	gtod_ns = (uint64_t)tv1.tv_sec * 1000000000u + tv1.tv_usec * 1000u;
	ok(gtod_ns + 1000000000u > wall && gtod_ns < wall + 1000000000u,
	   "and stays within 1 s of the host's wall clock");
	now = time(NULL);
	ok(now >= tv1.tv_sec && now <= tv1.tv_sec + 5,
	   "time() agrees with gettimeofday()");
}

/* ------------------------------------------------------------------ */

static int want_fault(void)
{
	char line[16];
	ssize_t n = read(0, line, sizeof(line) - 1);

	if (n <= 0)
		return n == 0 ? 0 : -1;
	line[n] = '\0';
	return !strncmp(line, "fault", 5);
}

int main(int argc, char **argv, char **envp)
{
	int w = want_fault();

	if (w == 1) {
		printf("# storing to 0x%08x without a fault handler\n",
		       (unsigned int)UNMAPPED_VA);
		fflush(stdout);
		do_store(UNMAPPED_VA);
		printf("# still alive\n");
		return 1;
	}
	printf("1..%d\n", 36);
	ok(w == 0, "read() of stdin at end of file returns 0");
	test_args(argc, argv, envp);
	test_syscalls();
	test_memory();
	test_clocks();
	test_faults();
	return failures;
}
