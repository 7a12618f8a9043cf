/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for umbra's portable core: the same sources build into umbra.ko
 * and into host unit tests, so they use no kernel header but this one.
 */
#ifndef UMBRA_CORE_TYPES_H
#define UMBRA_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>
#else
#include <stdint.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <errno.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

#endif /* UMBRA_CORE_TYPES_H */
