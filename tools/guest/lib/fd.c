// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: file descriptor queries for newlib.
 *
 * The only descriptors are the console's 0, 1 and 2: character devices,
 * not terminals (the VMM's console is a byte stream, usually a pipe), not
 * seekable. stdio therefore fully buffers stdout, as a host program does
 * when its output is redirected.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "glue.h"

static int is_console(int fd)
{
	return fd >= 0 && fd < GLUE_NR_CONSOLE_FDS;
}

/**
 * _isatty() - tell whether a descriptor is a terminal
 * @fd: file descriptor
 *
 * Return: 0 always, errno ENOTTY for the console and EBADF for others.
 */
int _isatty(int fd)
{
	errno = is_console(fd) ? ENOTTY : EBADF;
	return 0;
}

/**
 * _fstat() - describe a descriptor
 * @fd: file descriptor
 * @st: filled with a character device's mode for the console
 *
 * Return: 0 for the console, -1 with errno EBADF for others.
 */
int _fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0620;
	return 0;
}

/**
 * _close() - close a descriptor
 * @fd: file descriptor
 *
 * The console cannot really be closed; closing it is a no-op.
 *
 * Return: 0 for the console, -1 with errno EBADF for others.
 */
int _close(int fd)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	return 0;
}

/**
 * _lseek() - move a descriptor's file offset
 * @fd:     file descriptor
 * @offset: ignored
 * @whence: ignored
 *
 * Return: -1 with errno ESPIPE for the console, EBADF for others.
 */
off_t _lseek(int fd, off_t offset, int whence)
{
	(void)offset;
	(void)whence;
	errno = is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

/**
 * _fcntl() - descriptor control, not implemented
 * @fd:  file descriptor
 * @cmd: ignored
 * @arg: ignored
 *
 * Return: -1 with errno ENOSYS for the console, EBADF for others.
 */
int _fcntl(int fd, int cmd, int arg)
{
	(void)cmd;
	(void)arg;
	errno = is_console(fd) ? ENOSYS : EBADF;
	return -1;
}
