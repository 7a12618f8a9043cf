/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * umbra: hosted hypervisor for ARMv7-A Linux hosts - userspace API.
 *
 * The API is modelled on KVM's: /dev/umbra hands out VM file descriptors,
 * a VM fd hands out vCPU file descriptors, and a vCPU fd is run with
 * UMBRA_RUN, reporting why it stopped in a shared, mmap()ed struct umbra_run.
 * See Documentation/api.rst for the reference, including every errno.
 */
#ifndef _UAPI_LINUX_UMBRA_H
#define _UAPI_LINUX_UMBRA_H

#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/umbra_hypercall.h>

#define UMBRA_API_VERSION	1

/* ioctl type: 0xB7 is unused in Documentation/userspace-api/ioctl. */
#define UMBRAIO			0xB7

/* Limits (also reported by UMBRA_CHECK_EXTENSION). */
#define UMBRA_MAX_MEMSLOTS	16
#define UMBRA_MAX_VCPUS		4

/*
 * The forbidden range: guest virtual addresses the monitor keeps for its own
 * mappings (exception vectors and per-vCPU save areas). They are never
 * accessible to a guest; see Documentation/design.rst.
 */
#define UMBRA_FORBIDDEN_BASE	0xffff2000u
#define UMBRA_FORBIDDEN_SIZE	0x2000u

/* ------------------------------------------------------------------ */
/* ioctls on /dev/umbra                                                */

/* Returns UMBRA_API_VERSION. */
#define UMBRA_GET_API_VERSION	_IO(UMBRAIO, 0x00)
/*
 * Argument: 0, or UMBRA_VM_POOL_PAGES(n): each vCPU's shadow page table
 * pool is n pages for second-level tables (UMBRA_VM_POOL_MIN_PAGES ..
 * UMBRA_VM_POOL_MAX_PAGES; default UMBRA_VM_POOL_DEFAULT_PAGES), allocated
 * once when the vCPU is created. Returns a new VM fd.
 */
#define UMBRA_CREATE_VM		_IO(UMBRAIO, 0x01)
#define UMBRA_VM_POOL_SHIFT		8
#define UMBRA_VM_POOL_PAGES(n)		((unsigned long)(n) << UMBRA_VM_POOL_SHIFT)
#define UMBRA_VM_POOL_MIN_PAGES		3
#define UMBRA_VM_POOL_MAX_PAGES		1024
#define UMBRA_VM_POOL_DEFAULT_PAGES	64
/* Argument: UMBRA_CAP_*. Returns 0 if absent, else a positive value. */
#define UMBRA_CHECK_EXTENSION	_IO(UMBRAIO, 0x03)
/* Returns the size in bytes to mmap() on a vCPU fd for struct umbra_run. */
#define UMBRA_GET_VCPU_MMAP_SIZE _IO(UMBRAIO, 0x04)

#define UMBRA_CAP_NR_MEMSLOTS		1	/* number of memory slots */
#define UMBRA_CAP_NR_VCPUS		2	/* vCPUs per VM */
#define UMBRA_CAP_HYPERCALL_EXIT	3	/* UMBRA_EXIT_HYPERCALL exists */
#define UMBRA_CAP_IMMEDIATE_EXIT	4	/* umbra_run.immediate_exit */
#define UMBRA_CAP_ONE_REG		5	/* UMBRA_GET/SET_ONE_REG */
#define UMBRA_CAP_SPT_POOL		6	/* UMBRA_VM_POOL_MAX_PAGES */
#define UMBRA_CAP_IRQCHIP		7	/* UMBRA_CREATE_IRQCHIP: GICv2 */
#define UMBRA_CAP_IRQFD			8	/* UMBRA_IRQFD */
#define UMBRA_CAP_IRQFD_RESAMPLE	9	/* UMBRA_IRQFD_FLAG_RESAMPLE */
#define UMBRA_CAP_VTIMER		10	/* the virtual generic timer */
#define UMBRA_CAP_RUN_BUDGET		11	/* umbra_run.budget_us */
#define UMBRA_CAP_DEVICE_MEMORY		12	/* UMBRA_MEM_DEVICE */

/* ------------------------------------------------------------------ */
/* ioctls on a VM fd                                                   */

/* Argument: vCPU id, 0 .. UMBRA_MAX_VCPUS - 1. Returns a new vCPU fd. */
#define UMBRA_CREATE_VCPU	_IO(UMBRAIO, 0x41)
#define UMBRA_SET_USER_MEMORY_REGION \
	_IOW(UMBRAIO, 0x46, struct umbra_userspace_memory_region)

/*
 * struct umbra_userspace_memory_region - a static guest RAM region.
 * @slot:            slot number, 0 .. UMBRA_MAX_MEMSLOTS - 1; set once
 * @flags:           UMBRA_MEM_* flags
 * @guest_phys_addr: intermediate physical address (IPA) of the first byte;
 *                   page aligned; the region must end at or below 4 GiB
 * @memory_size:     size in bytes, a non-zero multiple of the page size
 * @userspace_addr:  page aligned address of the backing memory in the
 *                   calling process; pinned until the VM is destroyed
 */
struct umbra_userspace_memory_region {
	__u32 slot;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 memory_size;
	__u64 userspace_addr;
};

/*
 * The guest may only read the region; guest writes exit as MMIO.
 */
#define UMBRA_MEM_READONLY	(1u << 1)
/*
 * Shared memory (thesis 3.3: shared write buffers): the region's host pages
 * may also back shared regions of other VMs. Without UMBRA_MEM_READONLY
 * this VM is their writer; each page has at most one writer VM. Without
 * UMBRA_MEM_SHARED a region is private: its pages back no other VM's
 * region, private or shared (EBUSY).
 */
#define UMBRA_MEM_SHARED	(1u << 2)

/*
 * UMBRA_MEM_DEVICE: @userspace_addr is an mmap() of a device's registers
 * (a VM_IO/VM_PFNMAP mapping, e.g. of a UIO device's map0) rather than
 * RAM. The guest sees it as Device memory (B3.8.2: shareable device,
 * uncached), never executable; pages of RAM are refused (-EINVAL). Not
 * with UMBRA_MEM_SHARED; a page frame may back one device region of one
 * VM only (-EBUSY).
 */
#define UMBRA_MEM_DEVICE	(1u << 3)

/*
 * UMBRA_CREATE_IRQCHIP: give the VM a virtual GICv2 (ARM IHI 0048B),
 * emulated in the module: its distributor at @dist_base (4 KiB) and CPU
 * interface at @cpu_base (8 KiB), both IPAs 4 KiB-aligned, outside every
 * memory region and not overlapping. @nr_irqs: interrupt IDs 0 ..
 * @nr_irqs - 1 exist (SGIs 0-15, PPIs 16-31, SPIs from 32); a multiple of
 * 32 in 64 .. UMBRA_VGIC_MAX_IRQS. Once per VM, before its first
 * UMBRA_RUN. Also creates the virtual timer of every vCPU (PPI
 * UMBRA_VTIMER_PPI). Errors: -EEXIST (already has one), -EBUSY (has
 * run), -EINVAL (bad addresses, sizes or flags).
 */
#define UMBRA_CREATE_IRQCHIP	_IOW(UMBRAIO, 0x60, struct umbra_irqchip)

#define UMBRA_VGIC_MAX_IRQS	256
#define UMBRA_VGIC_DIST_SIZE	0x1000
#define UMBRA_VGIC_CPU_SIZE	0x2000
#define UMBRA_VTIMER_PPI	27	/* virtual timer, as on Cortex-A15 */

struct umbra_irqchip {
	__u64 dist_base;
	__u64 cpu_base;
	__u32 nr_irqs;
	__u32 flags;	/* 0 */
};

/*
 * UMBRA_IRQ_LINE: set the level of an interrupt input of the virtual GIC.
 * @irq: UMBRA_IRQ_SPI(intid) for a shared peripheral interrupt (32 ..
 * nr_irqs - 1), UMBRA_IRQ_PPI(vcpu, intid) for a private one (16 .. 31)
 * of one vCPU. @level: 1 asserts, 0 deasserts. An edge-triggered
 * interrupt becomes pending on a 0 -> 1 change. Errors: -ENXIO (no
 * irqchip), -EINVAL (no such interrupt or vCPU, level not 0 or 1).
 */
#define UMBRA_IRQ_LINE		_IOW(UMBRAIO, 0x61, struct umbra_irq_level)

#define UMBRA_IRQ_SPI(intid)		((__u32)(intid))
#define UMBRA_IRQ_PPI(vcpu, intid)	(((__u32)(vcpu) << 16) | (intid))

struct umbra_irq_level {
	__u32 irq;
	__u32 level;
};

/*
 * UMBRA_IRQFD: bind an eventfd to an SPI, as KVM_IRQFD. A write to @fd
 * raises SPI @gsi (32 .. nr_irqs - 1) from the writer's context, without
 * the VMM's vCPU thread: edge semantics (pending once, until the guest
 * acknowledges it, even for a level-sensitive SPI), or with
 * UMBRA_IRQFD_FLAG_RESAMPLE level semantics: the line stays asserted
 * until the guest EOIs it (or it is deactivated), then is deasserted and
 * @resamplefd (an eventfd) signalled so userspace can check its device
 * and assert again. UMBRA_IRQFD_FLAG_DEASSIGN unbinds @fd from @gsi.
 * Errors: -ENXIO (no irqchip), -EBADF (not an eventfd), -EINVAL (bad
 * gsi or flags), -EBUSY (@fd already bound), -ENOENT (deassign of an fd
 * not bound).
 */
#define UMBRA_IRQFD		_IOW(UMBRAIO, 0x62, struct umbra_irqfd)

#define UMBRA_IRQFD_FLAG_DEASSIGN	(1u << 0)
#define UMBRA_IRQFD_FLAG_RESAMPLE	(1u << 1)

struct umbra_irqfd {
	__u32 fd;
	__u32 gsi;
	__u32 flags;
	__u32 resamplefd;
	__u8 pad[16];
};

/* ------------------------------------------------------------------ */
/* ioctls on a vCPU fd                                                 */

#define UMBRA_RUN		_IO(UMBRAIO, 0x80)
#define UMBRA_GET_REGS		_IOR(UMBRAIO, 0x81, struct umbra_regs)
#define UMBRA_SET_REGS		_IOW(UMBRAIO, 0x82, struct umbra_regs)
#define UMBRA_GET_ONE_REG	_IOW(UMBRAIO, 0xab, struct umbra_one_reg)
#define UMBRA_SET_ONE_REG	_IOW(UMBRAIO, 0xac, struct umbra_one_reg)

/*
 * struct umbra_one_reg - one register, in the shape of KVM's ONE_REG.
 * @id:   UMBRA_REG_CP15(opc1, CRn, CRm, opc2) (a 32-bit CP15 register,
 *        named as MRC p15, opc1, <Rt>, CRn, CRm, opc2 names it), or a
 *        VFP register UMBRA_REG_VFP_*
 * @addr: userspace address of a __u32 (__u64 for UMBRA_REG_VFP_D) to read
 *        from or write to
 */
struct umbra_one_reg {
	__u64 id;
	__u64 addr;
};

#define UMBRA_REG_ARM		0x4000000000000000ULL
#define UMBRA_REG_SIZE_U32	0x0020000000000000ULL
#define UMBRA_REG_CP15_BASE	(UMBRA_REG_ARM | UMBRA_REG_SIZE_U32 | \
				 (15ULL << 16))
#define UMBRA_REG_CP15(opc1, crn, crm, opc2) \
	(UMBRA_REG_CP15_BASE | ((opc1) << 12) | ((crn) << 8) | \
	 ((crm) << 4) | (opc2))

/*
 * The Floating-point/Advanced SIMD group, numbered as KVM's KVM_REG_ARM_VFP
 * (arch/arm/include/uapi/asm/kvm.h of Linux 5.6): D0-D31 are 64-bit
 * (@addr points at a __u64), the control registers 32-bit. FPSID, MVFR0
 * and MVFR1 are the host's and read-only.
 */
#define UMBRA_REG_SIZE_U64	0x0030000000000000ULL
#define UMBRA_REG_SIZE_MASK	0x00f0000000000000ULL
#define UMBRA_REG_VFP		(0x12ULL << 16)
#define UMBRA_REG_VFP_D(n)	(UMBRA_REG_ARM | UMBRA_REG_SIZE_U64 | \
				 UMBRA_REG_VFP | (n))
#define UMBRA_REG_VFP_CTRL(n)	(UMBRA_REG_ARM | UMBRA_REG_SIZE_U32 | \
				 UMBRA_REG_VFP | (n))
#define UMBRA_REG_VFP_FPSID	UMBRA_REG_VFP_CTRL(0x40)
#define UMBRA_REG_VFP_FPSCR	UMBRA_REG_VFP_CTRL(0x41)
#define UMBRA_REG_VFP_MVFR1	UMBRA_REG_VFP_CTRL(0x46)
#define UMBRA_REG_VFP_MVFR0	UMBRA_REG_VFP_CTRL(0x47)
#define UMBRA_REG_VFP_FPEXC	UMBRA_REG_VFP_CTRL(0x48)

/*
 * struct umbra_regs - the guest's core registers, in the shape of 32-bit
 * KVM/ARM's struct kvm_regs.
 * @usr_regs: r0-r12, SP_usr, LR_usr (also SYS mode's SP/LR)
 * @pc:       the address of the next instruction to execute
 * @cpsr:     the guest's virtual CPSR (mode, A/I/F masks, T, flags)
 * @svc_regs: SP_svc, LR_svc, SPSR_svc; likewise for abt, und, irq
 * @fiq_regs: r8_fiq-r12_fiq, SP_fiq, LR_fiq, SPSR_fiq
 */
struct umbra_regs {
	__u32 usr_regs[15];
	__u32 pc;
	__u32 cpsr;
	__u32 svc_regs[3];
	__u32 abt_regs[3];
	__u32 und_regs[3];
	__u32 irq_regs[3];
	__u32 fiq_regs[8];
};

/* CPSR fields (ARM ARM B1.3.3). */
#define UMBRA_PSR_MODE_MASK	0x1f
#define UMBRA_PSR_MODE_USR	0x10
#define UMBRA_PSR_MODE_FIQ	0x11
#define UMBRA_PSR_MODE_IRQ	0x12
#define UMBRA_PSR_MODE_SVC	0x13
#define UMBRA_PSR_MODE_ABT	0x17
#define UMBRA_PSR_MODE_UND	0x1b
#define UMBRA_PSR_MODE_SYS	0x1f
#define UMBRA_PSR_T		(1u << 5)
#define UMBRA_PSR_F		(1u << 6)
#define UMBRA_PSR_I		(1u << 7)
#define UMBRA_PSR_A		(1u << 8)
#define UMBRA_PSR_E		(1u << 9)
#define UMBRA_PSR_J		(1u << 24)

/* Exit reasons, in umbra_run.exit_reason. */
#define UMBRA_EXIT_UNKNOWN		0
#define UMBRA_EXIT_HYPERCALL		1
#define UMBRA_EXIT_MMIO			2
#define UMBRA_EXIT_SHUTDOWN		3
#define UMBRA_EXIT_FAIL_ENTRY		4
#define UMBRA_EXIT_INTERNAL_ERROR	5
#define UMBRA_EXIT_INTR			6
#define UMBRA_EXIT_BUDGET		7	/* umbra_run.budget_us elapsed */

/* umbra_run.internal.suberror */
#define UMBRA_INTERNAL_ERROR_EMULATION	1 /* data: pc, instruction, far */
#define UMBRA_INTERNAL_ERROR_UNDEF	2 /* data: pc, instruction, cpsr */
#define UMBRA_INTERNAL_ERROR_ABORT	3 /* data: pc, fsr, far, is_prefetch */

/* umbra_run.fail_entry.hardware_entry_failure_reason */
#define UMBRA_FAIL_ENTRY_NO_MEMORY	1 /* no memory region registered */
#define UMBRA_FAIL_ENTRY_BAD_STATE	2 /* registers rejected at entry */

/*
 * struct umbra_run - shared between the module and userspace, mmap()ed at
 * offset 0 of a vCPU fd, UMBRA_GET_VCPU_MMAP_SIZE bytes.
 */
struct umbra_run {
	/* in */
	__u8 immediate_exit;
	__u8 padding1[3];
	/*
	 * budget_us: when non-zero, UMBRA_RUN returns with
	 * UMBRA_EXIT_BUDGET at the latest this many microseconds after it
	 * was entered (enforced by an hrtimer in the module), for
	 * VMM-driven schedules.
	 */
	__u32 budget_us;

	/* out */
	__u32 exit_reason;
	__u32 padding2;

	union {
		/*
		 * UMBRA_EXIT_HYPERCALL: SMCCC function ID @nr (guest r0), its
		 * arguments r1-r6. Userspace writes @ret, which the next
		 * UMBRA_RUN copies to guest r0-r3 (pre-set to
		 * UMBRA_SMCCC_RET_NOT_SUPPORTED, 0, 0, 0).
		 */
		struct {
			__u32 nr;
			__u32 args[6];
			__u32 ret[4];
		} hypercall;
		/*
		 * UMBRA_EXIT_MMIO: a guest load or store to an IPA outside
		 * every memory region. For a load, userspace fills
		 * @data[0..len-1]; the next UMBRA_RUN completes it.
		 * @data holds the bytes in guest address order (the value
		 * little-endian, big-endian while the guest's CPSR.E is set).
		 */
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
			__u8 padding[3];
		} mmio;
		/* UMBRA_EXIT_SHUTDOWN: the guest asked to stop. */
		struct {
			__u32 status;
		} shutdown;
		/* UMBRA_EXIT_FAIL_ENTRY */
		struct {
			__u64 hardware_entry_failure_reason;
		} fail_entry;
		/* UMBRA_EXIT_INTERNAL_ERROR */
		struct {
			__u32 suberror;
			__u32 ndata;
			__u64 data[16];
		} internal;
		char padding[256];
	};
};

#endif /* _UAPI_LINUX_UMBRA_H */
