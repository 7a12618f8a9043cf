// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: newlib's _read and _write on the VMM console.
 *
 * stdin (fd 0) reads from the console, stdout and stderr (fds 1 and 2)
 * write to it. There are no other file descriptors.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>
#include <umbra/hypercall.h>

#include "glue.h"

/* Map a negative hypercall result to an errno value. */
static int hc_errno(long ret)
{
	switch (ret) {
	case UMBRA_SMCCC_RET_NOT_SUPPORTED:
		return ENOSYS;
	case UMBRA_SMCCC_RET_INVALID_PARAMETER:
		return EFAULT;
	default:
		return EIO;
	}
}

/* The largest request whose byte count still fits a positive r0. */
static size_t clamp_len(size_t len)
{
	return len > LONG_MAX ? LONG_MAX : len;
}

/**
 * _write() - write to stdout or stderr
 * @fd:  file descriptor, 1 or 2
 * @buf: bytes to write
 * @len: number of bytes in @buf
 *
 * Loops on UMBRA_HC_CONSOLE_WRITE until all @len bytes are written or the
 * VMM reports an error or makes no progress.
 *
 * Return: bytes written (@len unless an error cut it short), or -1 with
 * errno EBADF for another fd, or an I/O error if nothing was written.
 */
ssize_t _write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;

	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	while (done < len) {
		long n = umbra_hc_console_write(p + done,
						clamp_len(len - done));

		if (n <= 0) {
			if (done)
				break;
			errno = n ? hc_errno(n) : EIO;
			return -1;
		}
		done += n;
	}
	return done;
}

/**
 * _read() - read from stdin
 * @fd:  file descriptor, 0
 * @buf: buffer to fill
 * @len: capacity of @buf in bytes
 *
 * Return: bytes read (at most @len), 0 at end of input, or -1 with errno
 * EBADF for another fd or the error the hypercall reported.
 */
ssize_t _read(int fd, void *buf, size_t len)
{
	long n;

	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	if (!len)
		return 0;
	n = umbra_hc_console_read(buf, clamp_len(len));
	if (n < 0) {
		errno = hc_errno(n);
		return -1;
	}
	return n;
}
