// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: newlib's system calls for a program in virtual User
 * mode, made to the SDK kernel with SVC (<umbra/syscall.h>).
 *
 * The rest of newlib's glue is shared with bare guests: fd.c, nofs.c,
 * process.c, clock.c and entropy.c of tools/guest/lib.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <umbra/syscall.h>
#include <umbra/time.h>

#include "../lib/glue.h"

/* A raw result: -4095..-1 is a negated errno (errno set, -1 returned). */
static long sys_result(long ret)
{
	if (ret < 0 && ret >= -4095) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

/**
 * _write() - write to stdout or stderr (SYS_WRITE)
 * @fd:  file descriptor, 1 or 2
 * @buf: bytes to write
 * @len: number of bytes in @buf
 *
 * Return: bytes written, or -1 with errno from the kernel (EBADF,
 * EFAULT, EIO).
 */
ssize_t _write(int fd, const void *buf, size_t len)
{
	return sys_result(umbra_syscall_ret(SYS_WRITE, fd, (uintptr_t)buf,
					    len));
}

/**
 * _read() - read from stdin (SYS_READ)
 * @fd:  file descriptor, 0
 * @buf: buffer to fill
 * @len: capacity of @buf in bytes
 *
 * Return: bytes read, 0 at end of input, or -1 with errno from the kernel.
 */
ssize_t _read(int fd, void *buf, size_t len)
{
	return sys_result(umbra_syscall_ret(SYS_READ, fd, (uintptr_t)buf,
					    len));
}

/**
 * _exit() - end the program (SYS_EXIT)
 * @status: exit status, the VM's (umbra-vmm's) exit status
 */
void _exit(int status)
{
	for (;;)
		umbra_syscall(SYS_EXIT, (unsigned int)status, 0, 0, 0);
}

/* The break; 0 until the first _sbrk(). */
static uintptr_t cur_brk;

/**
 * _sbrk() - move the program break (SYS_BRK)
 * @incr: bytes to grow (positive) or shrink (negative) the heap by
 *
 * Return: the previous break, or (void *)-1 with errno ENOMEM if the
 * kernel refused the new break (outside the program's heap).
 */
void *_sbrk(ptrdiff_t incr)
{
	uintptr_t old, want;

	if (!cur_brk)
		cur_brk = (uintptr_t)umbra_syscall_ret(SYS_BRK, 0, 0, 0);
	old = cur_brk;
	want = old + incr;
	if ((incr >= 0 && want < old) || (incr < 0 && want > old)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	cur_brk = (uintptr_t)umbra_syscall_ret(SYS_BRK, want, 0, 0);
	if (cur_brk != want) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return (void *)old;
}

uint64_t umbra_clock_ns(void)
{
	return umbra_syscall(SYS_CLOCK, 0, 0, 0, 0);
}

uint64_t umbra_wallclock_ns(void)
{
	return umbra_syscall(SYS_WALLCLOCK, 0, 0, 0, 0);
}
