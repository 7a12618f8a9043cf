// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: entropy for newlib, not implemented.
 *
 * The hypercall ABI has no random source yet.
 */
#include <errno.h>
#include <stddef.h>

#include "glue.h"

/**
 * getentropy() - random bytes, not implemented; arc4random() uses it
 * @buf: ignored
 * @len: ignored
 *
 * Return: -1 with errno ENOSYS.
 */
int getentropy(void *buf, size_t len)
{
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
}
