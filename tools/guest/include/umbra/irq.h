/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: IRQ exceptions for a bare guest.
 *
 * umbra_irq_init() points VBAR at the SDK's vector table (lib/vectors.S)
 * and gives IRQ mode a stack; an IRQ exception then calls
 * umbra_irq_handler(), by default the GIC driver's umbra_gic_handle_irq()
 * (a guest may define its own). Any other exception stops the guest with
 * exit status UMBRA_IRQ_DEAD_STATUS. The guest's virtual CPSR.I masks
 * IRQs: umbra_irq_enable()/umbra_irq_disable() set it with the
 * UMBRA_HC_SET_CPSR_C hypercall (the guest runs in PL0, where CPSIE and
 * CPSID do nothing). Between interrupts, umbra_wfi() (umbra/hypercall.h)
 * sleeps until one is pending, masked or not.
 *
 * A guest using these runs MCR to VBAR: link it with check-guest-p15.sh
 * (GUEST_CHECK), as a guest kernel.
 */
#ifndef _UMBRA_GUEST_IRQ_H
#define _UMBRA_GUEST_IRQ_H

#define UMBRA_IRQ_DEAD_STATUS	127	/* an exception but IRQ: exit status */
#define UMBRA_IRQ_STACK_SIZE	4096	/* bytes of IRQ mode stack */

#ifndef __ASSEMBLER__

void umbra_irq_init(void);
void umbra_irq_enable(void);
void umbra_irq_disable(void);
int umbra_irq_enabled(void);
void umbra_irq_handler(void);

#endif /* __ASSEMBLER__ */
#endif /* _UMBRA_GUEST_IRQ_H */
