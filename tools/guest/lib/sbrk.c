// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: newlib's _sbrk, the heap malloc() grows into.
 *
 * The heap is the guest RAM between the end of the image and the stack
 * reserve below the initial SP, as sized by __umbra_guest_setup().
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <umbra/guest.h>

#include "glue.h"

/* Current break; 0 until the first call. */
static uintptr_t brk;

/**
 * _sbrk() - move the program break
 * @incr: bytes to grow (positive) or shrink (negative) the heap by
 *
 * Return: the previous break, or (void *)-1 with errno ENOMEM if the new
 * break would leave [umbra_heap_start(), umbra_heap_limit()].
 */
void *_sbrk(ptrdiff_t incr)
{
	uintptr_t start = umbra_heap_start();
	uintptr_t limit = umbra_heap_limit();
	uintptr_t old;

	if (!brk)
		brk = start;
	old = brk;
	if (incr >= 0 ? (uintptr_t)incr > limit - old
		      : (uintptr_t)-incr > old - start) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk = old + incr;
	return (void *)old;
}
