/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: a VM with one RAM region and one vCPU, driven through
 * /dev/umbra.
 */
#ifndef UMBRA_VMM_VM_H
#define UMBRA_VMM_VM_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>
#include <linux/umbra.h>

#include "device.h"
#include "guest_mem.h"

#define VMM_DEFAULT_DEVICE	"/dev/umbra"

/**
 * struct vm - the VM and the host resources behind it
 * @dev_path: path of the umbra device, for messages
 * @dev_fd:   the open device, or -1
 * @vm_fd:    the VM, or -1
 * @vcpu_fd:  vCPU 0, or -1
 * @run:      vCPU 0's shared struct umbra_run, or NULL
 * @run_size: size of the @run mapping in bytes
 * @ram:      guest RAM; @ram.host is an anonymous mapping, or NULL
 * @devices:  device models served on MMIO exits
 * @irqchip:  the VM has the module's virtual GICv2 (vm_create())
 */
struct vm {
	const char *dev_path;
	int dev_fd;
	int vm_fd;
	int vcpu_fd;
	struct umbra_run *run;
	size_t run_size;
	struct guest_ram ram;
	struct device_bus devices;
	gboolean irqchip;
};

void vm_init(struct vm *vm);
gboolean vm_alloc_ram(struct vm *vm, uint64_t base, uint64_t size,
		      GError **error);
gboolean vm_open(struct vm *vm, const char *dev_path, GError **error);
gboolean vm_create(struct vm *vm, GError **error);
gboolean vm_create_empty(struct vm *vm, GError **error);
gboolean vm_add_region(struct vm *vm, uint32_t slot, uint32_t flags,
		       uint64_t ipa, uint64_t size, void *host,
		       GError **error);
gboolean vm_create_vcpu(struct vm *vm, GError **error);
gboolean vm_get_regs(struct vm *vm, struct umbra_regs *regs,
		     GError **error);
gboolean vm_set_regs(struct vm *vm, const struct umbra_regs *regs,
		     GError **error);
int vm_run(struct vm *vm);
void vm_dump_regs(struct vm *vm);
void vm_destroy(struct vm *vm);

#endif /* UMBRA_VMM_VM_H */
