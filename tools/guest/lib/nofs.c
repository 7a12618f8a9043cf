// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: file system calls for newlib, none implemented.
 *
 * A guest has no file system: only the console descriptors exist (see
 * fd.c). fopen() and friends fail with ENOSYS.
 */
#include <errno.h>
#include <sys/stat.h>

#include "glue.h"

/**
 * _open() - open a file, not implemented
 * @path:  ignored
 * @flags: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOSYS;
	return -1;
}

/**
 * _stat() - describe a file by name, not implemented
 * @path: ignored
 * @st:   ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	errno = ENOSYS;
	return -1;
}

/**
 * _link() - make a hard link, not implemented; rename() uses it
 * @old: ignored
 * @new: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _link(const char *old, const char *new)
{
	(void)old;
	(void)new;
	errno = ENOSYS;
	return -1;
}

/**
 * _rename() - rename a file, not implemented
 * @old: ignored
 * @new: ignored
 *
 * newlib 3.3 implements rename() with _link() and _unlink(); this is for
 * newlib builds configured with HAVE_RENAME.
 *
 * Return: -1 with errno ENOSYS.
 */
int _rename(const char *old, const char *new)
{
	(void)old;
	(void)new;
	errno = ENOSYS;
	return -1;
}

/**
 * _unlink() - remove a file, not implemented; remove() uses it
 * @path: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _unlink(const char *path)
{
	(void)path;
	errno = ENOSYS;
	return -1;
}

/**
 * _mkdir() - make a directory, not implemented
 * @path: ignored
 * @mode: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int _mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	errno = ENOSYS;
	return -1;
}
