/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra target tests: helpers to set up and run a one-vCPU VM.
 *
 * The helpers do not use the kselftest harness (it may only be included
 * once per program); they return 0 or -1 with errno set, and describe the
 * failing step in umbra_util_err for the test's log.
 */
#ifndef UMBRA_TEST_UTIL_H
#define UMBRA_TEST_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/umbra.h>

#include "guest_code.h"

#define UMBRA_DEV		"/dev/umbra"
#define GUEST_RAM_BASE		0x40000000u
/* CPSR at entry: SVC mode, A, I and F masked */
#define GUEST_CPSR		(UMBRA_PSR_MODE_SVC | UMBRA_PSR_A | \
				 UMBRA_PSR_I | UMBRA_PSR_F)
/* An IPA no test maps: guest accesses there exit as MMIO */
#define GUEST_MMIO_BASE		0x10000000u

/**
 * struct umbra_vm - a VM with one RAM region (slot 0) and vCPU 0
 * @vm_fd:    VM fd, -1 when closed
 * @vcpu_fd:  fd of vCPU 0, -1 when closed
 * @ram:      host mapping of the guest RAM (guest IPA GUEST_RAM_BASE)
 * @ram_size: bytes of guest RAM
 * @run:      the vCPU's mmap()ed struct umbra_run
 * @run_size: bytes mapped at @run
 */
struct umbra_vm {
	int vm_fd;
	int vcpu_fd;
	unsigned char *ram;
	size_t ram_size;
	struct umbra_run *run;
	size_t run_size;
};

/* Description of the last helper failure (per thread). */
extern __thread char umbra_util_err[256];

int umbra_open_dev(void);
void umbra_vm_init(struct umbra_vm *vm);
int umbra_vm_create(struct umbra_vm *vm, int dev_fd, size_t ram_size);
int umbra_vm_load(struct umbra_vm *vm, size_t offset,
		  const struct guest_code *code);
int umbra_vcpu_reset(struct umbra_vm *vm, uint32_t pc);
int umbra_vcpu_set_args(struct umbra_vm *vm, uint32_t r0, uint32_t r1,
			uint32_t r2, uint32_t r3);
int umbra_vm_start(struct umbra_vm *vm, int dev_fd, size_t ram_size,
		   const struct guest_code *code);
int umbra_get_regs(struct umbra_vm *vm, struct umbra_regs *regs);
int umbra_set_regs(struct umbra_vm *vm, const struct umbra_regs *regs);
int umbra_run(struct umbra_vm *vm);
void umbra_vm_destroy(struct umbra_vm *vm);
const char *umbra_exit_str(const struct umbra_run *run);
int umbra_run_guest(int dev_fd, const struct guest_code *code,
		    uint32_t *status);
long umbra_read_long(const char *path);
long umbra_module_refcnt(void);
long umbra_pinned_pages(void);
int umbra_test_left_out(const char *name);
const char *umbra_env_or(const char *name, const char *def);
int umbra_drain(int fd, char *buf, size_t size, size_t *len);

#endif /* UMBRA_TEST_UTIL_H */
