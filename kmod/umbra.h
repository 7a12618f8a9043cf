/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra internal definitions shared by the module's files.
 */
#ifndef UMBRA_H
#define UMBRA_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/umbra.h>

#include "core/spt.h"
#include "core/decode.h"
#include "core/cp15.h"
#include "core/walk.h"
#include "core/pool.h"
#include "core/check.h"
#include "core/vfp.h"
#include "switch.h"

#define UMBRA_GUEST_DACR	0x1	/* domain 0 client, others no access */

/* Which shadow table serves a virtual privilege level */
#define UMBRA_SPT_PL0		0
#define UMBRA_SPT_PL1		1

/**
 * struct umbra_host_ctx - what the world switch saves of the host, and
 * what it needs to enter the guest. Layout fixed by switch.h (CTX_*).
 * @sp:             host SP_svc
 * @cpsr:           host CPSR at entry (its I and F bits are restored)
 * @unused:         (the host TTBR0 travels in the save slot)
 * @vbar:           host VBAR
 * @sctlr:          host SCTLR
 * @sp_abt:         host SP of ABT mode; likewise @sp_und, @sp_irq, @sp_fiq
 * @sp_und:         host SP of UND mode
 * @sp_irq:         host SP of IRQ mode
 * @sp_fiq:         host SP of FIQ mode
 * @tpidrurw:       host thread ID registers, restored at exit
 * @tpidruro:       (read-only at PL0)
 * @slot_kva:       the vCPU's save slot, kernel address
 * @slot_fva:       the same slot, forbidden-range address
 * @tramp_ttbr:     TTBR0 value of the trampoline table
 * @spt_ttbr:       TTBR0 value of the shadow table for this entry
 * @guest_dacr:     DACR while the guest runs
 * @monitor_enter:  forbidden-range address of umbra_monitor_enter
 * @guest_tpidrurw: the guest's thread ID registers
 * @guest_tpidruro: (read-only for it at PL0)
 * @guest_sctlr_a:  the guest's SCTLR.A, in place
 */
struct umbra_host_ctx {
	u32 sp, cpsr, unused, vbar, sctlr;
	u32 sp_abt, sp_und, sp_irq, sp_fiq;
	u32 tpidrurw, tpidruro;
	u32 slot_kva, slot_fva;
	u32 tramp_ttbr, spt_ttbr, guest_dacr, monitor_enter;
	u32 guest_tpidrurw, guest_tpidruro;
	u32 guest_sctlr_a;
};

/**
 * struct umbra_region - a static guest RAM region.
 * @used:   the slot is set
 * @flags:  UMBRA_MEM_*
 * @ipa:    first guest physical address
 * @size:   bytes
 * @uaddr:  backing address in the VMM
 * @pages:  the pinned pages, @size / PAGE_SIZE of them
 * @vm:     the VM it belongs to (its claims on @pages, kmod/claims.c)
 */
struct umbra_region {
	bool used;
	struct umbra_vm *vm;
	u32 flags;
	u64 ipa;
	u64 size;
	unsigned long uaddr;
	struct page **pages;
};

/**
 * struct umbra_vm - a virtual machine.
 * @kref:         one per fd (VM and vCPUs)
 * @lock:         protects @regions, @vcpus, @has_run
 * @regions:      memory slots
 * @vcpus:        vCPUs by id
 * @has_run:      UMBRA_RUN was called with memory present: regions are
 *                now fixed
 * @monitor_data: the page of save slots, mapped at UMBRA_MONITOR_DATA_VA
 * @pool_pages:   pages of second-level table pool per vCPU
 * @clock_base:   host CLOCK_MONOTONIC (ns) at creation: the zero of the
 *                guest's virtual clock (UMBRA_HC_CLOCK)
 * @allowed:      for debug_checks: (pfn << 2 | rights) of every region
 *                page, sorted; built once regions are fixed
 * @nr_allowed:   entries in @allowed
 * @vgic:         the virtual GIC (kmod/vgic.c), NULL until
 *                UMBRA_CREATE_IRQCHIP; set once, freed with the VM
 * @irqfds_lock:  protects changes of @irqfds (kmod/irqfd.c)
 * @irqfds:       bound irqfds (RCU readers)
 */
struct umbra_vm {
	struct kref kref;
	struct mutex lock;
	struct umbra_region regions[UMBRA_MAX_MEMSLOTS];
	struct umbra_vcpu *vcpus[UMBRA_MAX_VCPUS];
	bool has_run;
	struct page *monitor_data;
	unsigned int pool_pages;
	u64 clock_base;
	u32 *allowed;
	unsigned long nr_allowed;
	struct umbra_vgic_dev *vgic;
	spinlock_t irqfds_lock;
	struct list_head irqfds;
};

/*
 * Guest address spaces cached per vCPU (thesis 5.6.1, "Several SPTs per
 * Guest"): switching between them keeps their shadow entries.
 */
#define UMBRA_AS_CACHE		4
#define UMBRA_AS_FLAT		0xffffffffu	/* key: guest MMU off */

/**
 * struct umbra_as - one guest address space and its shadow tables.
 * @ttbr0:    key: the guest's TTBR0 without its attribute bits, or
 *            UMBRA_AS_FLAT with its MMU off
 * @asid:     key: CONTEXTIDR[7:0] (0 with the MMU off)
 * @last_use: @as_clock at its last entry, for LRU eviction
 * @spt:      [UMBRA_SPT_PL0] for the guest's User mode, [UMBRA_SPT_PL1]
 *            for its privileged modes
 */
struct umbra_as {
	u32 ttbr0;
	u32 asid;
	u64 last_use;
	struct umbra_spt spt[2];
};

/**
 * struct umbra_vcpu_vfp - a vCPU's Floating-point/Advanced SIMD state.
 * @guest:        its registers while not loaded in hardware
 * @fpexc:        its virtual FPEXC (EN, DEX)
 * @hot:          entries left that load @guest eagerly (umbra_vfp_enter())
 * @loaded:       @guest was in hardware during the last entry
 * @host:         the hardware registers umbra_vfp_enter() found
 * @host_fpexc:   FPEXC it found
 * @host_fpinst:  FPINST it found (only with FPEXC.EX)
 * @host_fpinst2: FPINST2 it found (only with FPEXC.EX and FP2V)
 */
struct umbra_vcpu_vfp {
	struct umbra_vfp_state guest;
	u32 fpexc;
	unsigned int hot;
	bool loaded;
	struct umbra_vfp_state host;
	u32 host_fpexc, host_fpinst, host_fpinst2;
};

enum umbra_pending {
	UMBRA_PENDING_NONE,
	UMBRA_PENDING_MMIO_LOAD,
	UMBRA_PENDING_HYPERCALL,
};

/**
 * struct umbra_vcpu - a virtual CPU.
 * @vm:        its VM (holds a reference)
 * @id:        vCPU id
 * @lock:      one ioctl at a time
 * @regs:      guest registers while not running
 * @cp15:      guest CP15 registers
 * @run:       the shared struct umbra_run (@run_page)
 * @pending:   an exit userspace must complete before the guest continues
 * @ldst:      the decoded load of a pending MMIO load
 * @shutdown:  the guest called UMBRA_HC_SHUTDOWN
 * @shutdown_status: its status
 * @slot:      the save slot (kernel address)
 * @host:      world switch context
 * @run_page:  the page of @run
 * @fsr:       host DFSR or IFSR of the last abort exit
 * @far:       host DFAR or IFAR of the last abort exit
 * @as:        cached guest address spaces, each with its shadow tables.
 *             Only the vCPU's own thread changes them, outside the guest:
 *             no other CPU can be walking them then.
 * @cur_as:    the one the guest runs in
 * @as_transient: the slot for a key not cached (umbra_mmu_select())
 * @transient_faults: shadow faults in it since it got its key
 * @as_clock:  LRU clock for @as
 * @requests:  UMBRA_REQ_* bits other vCPUs set (inner-shareable TLB
 *             maintenance), served before the next entry
 * @cpu_in_guest: the host CPU running the guest, or -1
 * @wfi_wq:    where the vCPU thread sleeps in a guest WFI (kmod/idle.c)
 * @pool:      the shadow tables' memory (thesis: the pool), the vCPU's own
 * @pool_l1:   its first-level slots, two per cached address space
 * @pool_l2:   its pages of second-level slots (@vm->pool_pages of them)
 * @check:     the invariants checker's working memory (debug_checks)
 * @vfp:       the guest's Floating-point/Advanced SIMD state (vfp.c)
 */
struct umbra_vcpu {
	struct umbra_vm *vm;
	u32 id;
	struct mutex lock;
	struct umbra_regs regs;
	struct umbra_cp15 cp15;
	struct umbra_run *run;
	struct page *run_page;
	enum umbra_pending pending;
	struct umbra_ldst ldst;
	bool shutdown;
	u32 shutdown_status;
	u32 *slot;
	struct umbra_host_ctx host;
	u32 fsr, far;
	struct umbra_as as[UMBRA_AS_CACHE];
	struct umbra_as *cur_as;
	struct umbra_as *as_transient;
	unsigned int transient_faults;
	u64 as_clock;
	unsigned long requests;
	int cpu_in_guest;
	wait_queue_head_t wfi_wq;
	struct umbra_pool pool;
	struct umbra_pool_mem pool_l1[UMBRA_AS_CACHE * 2];
	struct umbra_pool_mem *pool_l2;
	struct umbra_check_scratch *check;
	struct umbra_vcpu_vfp vfp;
};

/* vCPU requests */
#define UMBRA_REQ_UNMAP_ALL	0
#define UMBRA_REQ_WAKEUP	1	/* umbra_vcpu_kick(): leave WFI */

/* Exit handler results */
#define UMBRA_RESUME		1	/* enter the guest again */
#define UMBRA_TO_USER		0	/* return to userspace */

/* monitor.c */
int umbra_monitor_init(void);
void umbra_monitor_exit(void);
u32 umbra_monitor_code_pa(void);
u32 umbra_trampoline_ttbr(void);
u32 umbra_ttb_flags(void);
unsigned long umbra_monitor_enter_va(void);
bool umbra_host_is_smp(void);

/* mmu.c */
int umbra_mmu_init(struct umbra_vcpu *vcpu);
void umbra_mmu_destroy(struct umbra_vcpu *vcpu);
int umbra_mmu_shadow_fault(struct umbra_vcpu *vcpu, u32 va, u32 access,
			   u32 *ipa, u32 *fsr);
int umbra_mmu_translate(struct umbra_vcpu *vcpu, u32 va, u32 access,
			u32 *ipa, u32 *fsr);
int umbra_read_guest_va(struct umbra_vcpu *vcpu, u32 va, void *buf,
			size_t len);
int umbra_access_guest_word(struct umbra_vcpu *vcpu, u32 va, u32 *val,
			    bool write, u32 *fsr);
void umbra_mmu_unmap_all(struct umbra_vcpu *vcpu);
void umbra_mmu_unmap_asid(struct umbra_vcpu *vcpu, u32 asid);
void umbra_mmu_unmap_va(struct umbra_vcpu *vcpu, u32 va);
struct umbra_spt *umbra_mmu_select(struct umbra_vcpu *vcpu);
void umbra_mmu_unmap_all_others(struct umbra_vcpu *vcpu);
struct umbra_region *umbra_region_find(struct umbra_vm *vm, u64 ipa);
int umbra_read_guest(struct umbra_vm *vm, u32 ipa, void *buf, size_t len);

/* claims.c */
int umbra_claims_add(struct umbra_vm *vm, struct page **pages,
		     unsigned long npages, u32 flags);
void umbra_claims_release(struct umbra_vm *vm, struct page **pages,
			  unsigned long npages, u32 flags);

/* cp15.c */
int umbra_emulate_cp15(struct umbra_vcpu *vcpu, u32 insn);
int umbra_cp15_get(struct umbra_vcpu *vcpu, u32 key, u32 *val);
int umbra_cp15_set(struct umbra_vcpu *vcpu, u32 key, u32 val);

/* vm.c */
long umbra_create_vm(unsigned long type);
u32 umbra_vm_allowed(void *ctx, u32 pa);
bool umbra_region_overlaps(struct umbra_vm *vm, u64 ipa, u64 size);
bool umbra_vm_allowed_ready(struct umbra_vm *vm);

/* main.c */
extern bool umbra_debug_checks;
extern atomic_long_t umbra_checks_done;
void umbra_vm_put(struct umbra_vm *vm);

/* vcpu.c */
int umbra_create_vcpu(struct umbra_vm *vm, unsigned long id);

/* exits.c */
int umbra_handle_exit(struct umbra_vcpu *vcpu, u32 exc);
int umbra_inject_undef(struct umbra_vcpu *vcpu, u32 insn);
void umbra_inject_irq(struct umbra_vcpu *vcpu);
int umbra_complete_pending(struct umbra_vcpu *vcpu);
u32 umbra_get_reg(struct umbra_vcpu *vcpu, unsigned int n);
void umbra_set_reg(struct umbra_vcpu *vcpu, unsigned int n, u32 val);

/* vfp.c */
void umbra_vfp_init(void);
void umbra_vfp_enter(struct umbra_vcpu *vcpu);
void umbra_vfp_exit(struct umbra_vcpu *vcpu);
int umbra_vfp_trap(struct umbra_vcpu *vcpu, u32 insn);
u32 umbra_vfp_cpacr(u32 val);
bool umbra_vfp_is_reg_id(u64 id);
int umbra_vfp_one_reg(struct umbra_vcpu *vcpu, u64 id, void __user *uaddr,
		      bool set);

/* hypercall.c */
int umbra_hypercall(struct umbra_vcpu *vcpu);

/* idle.c */
bool umbra_vcpu_has_pending_irq(struct umbra_vcpu *vcpu);
void umbra_vcpu_kick(struct umbra_vcpu *vcpu);
void umbra_kick_drain(void);
int umbra_vcpu_wfi(struct umbra_vcpu *vcpu);
int umbra_vcpu_yield(struct umbra_vcpu *vcpu);

/* vgic.c */
struct umbra_vgic_dev;
bool umbra_vgic_present(struct umbra_vm *vm);
int umbra_vgic_set_level(struct umbra_vm *vm, u32 vcpu_id, u32 intid,
			 bool level);
int umbra_vgic_raise(struct umbra_vm *vm, u32 intid);
bool umbra_vgic_pending(struct umbra_vcpu *vcpu);
bool umbra_vgic_mmio(struct umbra_vcpu *vcpu, u32 ipa, u32 len,
		     bool is_write, u32 *val);
void umbra_vgic_vcpu_gone(struct umbra_vm *vm);
void umbra_vgic_resample(struct umbra_vm *vm, u32 intid, bool on);
u32 umbra_vgic_nr_irqs(struct umbra_vm *vm);
bool umbra_vgic_overlaps(struct umbra_vm *vm, u64 ipa, u64 size);
int umbra_vgic_create(struct umbra_vm *vm, void __user *argp);
int umbra_vgic_irq_line(struct umbra_vm *vm, void __user *argp);
void umbra_vgic_destroy(struct umbra_vm *vm);

/* irqfd.c */
int umbra_irqfd(struct umbra_vm *vm, void __user *argp);
void umbra_irqfd_resampled(struct umbra_vm *vm, u32 intid);
void umbra_irqfd_release_all(struct umbra_vm *vm);
int umbra_irqfd_init(void);
void umbra_irqfd_exit(void);

/* switch.S, vectors.S */
asmlinkage void umbra_world_switch(struct umbra_host_ctx *ctx);
asmlinkage void umbra_host_continue(void);
extern const char umbra_monitor_start[], umbra_monitor_end[];
extern const char umbra_monitor_enter[];
extern const char umbra_switch_start[], umbra_switch_end[];

#endif /* UMBRA_H */
