/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: the system configuration file (GKeyFile INI): guests, shared
 * regions, passthrough devices and the schedule, parsed and validated
 * before anything runs. Documentation/config.rst is the reference.
 */
#ifndef UMBRA_VMM_SYSTEM_H
#define UMBRA_VMM_SYSTEM_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "image.h"

/* The guest physical layout every umbra VM has (IPAs, bytes). */
#define SYS_GICD_BASE		0x08000000ull
#define SYS_GICD_SIZE		0x1000ull
#define SYS_GICC_BASE		0x08010000ull
#define SYS_GICC_SIZE		0x2000ull
#define SYS_UART_BASE		0x09000000ull
#define SYS_UART_SIZE		0x1000ull
#define SYS_UART_SPI		1	/* GIC INTID 33 */
#define SYS_TIMER_PPI		27	/* virtual timer, INTID 27 */

/**
 * struct sys_region - a range of IPAs
 * @ipa:  first byte
 * @size: size in bytes
 */
struct sys_region {
	uint64_t ipa;
	uint64_t size;
};

/**
 * enum sys_console - where a guest's console goes
 * @SYS_CONSOLE_STDIO: the VMM's stdout, each line prefixed "NAME: "
 * @SYS_CONSOLE_PTY:   a pseudo-terminal of its own (path printed)
 * @SYS_CONSOLE_NONE:  discarded
 */
enum sys_console {
	SYS_CONSOLE_STDIO,
	SYS_CONSOLE_PTY,
	SYS_CONSOLE_NONE,
};

/**
 * struct sys_guest - a [guest NAME] group
 * @name:       NAME
 * @image:      image path, relative ones resolved against the file's
 *              directory
 * @format:     image format
 * @load:       load address (IPA); raw: required; zimage: default RAM
 *              base + 0x8000; elf: unused (segments carry their IPA)
 * @entry:      entry IPA, bit 0 = Thumb; default: ELF e_entry, raw load
 *              address, zImage load address
 * @has_entry:  @entry was given
 * @ram:        RAM regions (struct sys_region), sorted by IPA
 * @pool_pages: SPT pool pages (UMBRA_VM_POOL_PAGES)
 * @bootargs:   /chosen bootargs, or NULL
 * @dtb:        a DTB file to pass instead of the generated one, or NULL
 * @initrd:     initrd path, or NULL
 * @devices:    names of assigned [device NAME]s (NULL-terminated)
 * @console:    console destination
 * @nice:       nice value (policy linux)
 * @priority:   SCHED_FIFO priority 1-99, 0 for SCHED_OTHER (policy linux)
 * @affinity:   host CPUs the vCPU thread may run on, bit n = CPU n; 0: any
 * @extent:     what the image occupies (filled in by validation)
 */
struct sys_guest {
	char *name;
	char *image;
	enum image_format format;
	uint64_t load;
	uint64_t entry;
	bool has_entry;
	GArray *ram;
	unsigned int pool_pages;
	char *bootargs;
	char *dtb;
	char *initrd;
	char **devices;
	enum sys_console console;
	int nice;
	int priority;
	uint64_t affinity;
	struct image_extent extent;
};

/**
 * struct sys_shared - a [shared NAME] group: the thesis' shared write
 * buffer, one writer guest mapping it read-write and reader guests mapping
 * it read-only, all backed by the same host pages
 * @name:    NAME
 * @size:    size in bytes
 * @writer:  index of the writer guest in struct system.guests
 * @readers: indices of the reader guests (guint)
 * @ipa:     IPA of the region in each guest, indexed like guests (0 for
 *           guests that do not map it)
 */
struct sys_shared {
	char *name;
	uint64_t size;
	guint writer;
	GArray *readers;
	uint64_t *ipa;
};

/**
 * struct sys_device - a [device NAME] group: a platform device passed
 * through to one guest
 * @name:       NAME
 * @compatible: its device tree compatible strings (NULL-terminated)
 * @reg:        its register window in the guest (IPA and size)
 * @host:       the host's mapping of it (e.g. /dev/uio0), or NULL
 * @spi:        its GIC SPI number (INTID - 32), or -1
 * @owner:      index of the guest it is assigned to, or -1
 */
struct sys_device {
	char *name;
	char **compatible;
	struct sys_region reg;
	char *host;
	int spi;
	int owner;
};

/**
 * enum sys_policy - how the guests' vCPUs share the host CPUs
 * @SYS_POLICY_LINUX:  one host thread each under the Linux scheduler
 * @SYS_POLICY_CYCLIC: a static cyclic schedule (ARINC 653 style major
 *                     frame with fixed windows) on one CPU
 * @SYS_POLICY_RR:     round-robin with a fixed time slice on one CPU
 */
enum sys_policy {
	SYS_POLICY_LINUX,
	SYS_POLICY_CYCLIC,
	SYS_POLICY_RR,
};

/**
 * struct sys_window - a window of the cyclic schedule
 * @guest:    index of the guest it belongs to
 * @offset:   start, microseconds from the start of the major frame
 * @duration: length in microseconds
 */
struct sys_window {
	guint guest;
	uint64_t offset;
	uint64_t duration;
};

/**
 * struct sys_schedule - the [schedule] group
 * @policy:      the policy
 * @cpu:         host CPU for cyclic and round-robin
 * @time_slice:  round-robin slice in microseconds
 * @major_frame: cyclic major frame in microseconds
 * @windows:     cyclic windows (struct sys_window), sorted by offset
 */
struct sys_schedule {
	enum sys_policy policy;
	unsigned int cpu;
	uint64_t time_slice;
	uint64_t major_frame;
	GArray *windows;
};

/**
 * struct system - a whole configuration file
 * @path:     the file
 * @dir:      its directory, for relative image paths
 * @guests:   struct sys_guest *, in file order
 * @shared:   struct sys_shared *, in file order
 * @devices:  struct sys_device *, in file order
 * @schedule: the schedule
 */
struct system {
	char *path;
	char *dir;
	GPtrArray *guests;
	GPtrArray *shared;
	GPtrArray *devices;
	struct sys_schedule schedule;
};

struct system *system_load(const char *path, GPtrArray *errors);
void system_free(struct system *sys);
int system_guest_index(const struct system *sys, const char *name);
char *system_summary(const struct system *sys);

#endif /* UMBRA_VMM_SYSTEM_H */
