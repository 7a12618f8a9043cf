/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest_pv_server (guest_pvops.S), the guest of umbra_test_pvops.c.
 *
 * Entered in virtual SVC mode with r0 = TTBR0 (a first-level table the
 * test built), it turns its MMU on there with ASID PV_ASID and then serves
 * the test forever: hypercall PV_HC_NEXT (forwarded to the test) with
 * r1 = the result of the last operation; the test answers in r0-r3 with
 * the next operation:
 *
 *	PV_OP_LOAD	r1 = VA: result = the word at VA
 *	PV_OP_WFI	svc #2 (WFI); result PV_WFI_DONE
 *	PV_OP_WFE	svc #3 (WFE); result PV_WFE_DONE
 *	PV_OP_HC	hypercall r1 with arguments r2, r3; result = its r0
 */
#ifndef UMBRA_TEST_GUEST_PVOPS_H
#define UMBRA_TEST_GUEST_PVOPS_H

#define PV_HC_NEXT	0x86000210	/* the VMM's range: exits to the test */
#define PV_ASID		1

#define PV_OP_LOAD	0
#define PV_OP_WFI	1
#define PV_OP_WFE	2
#define PV_OP_HC	3

#define PV_WFI_DONE	0x3f1d0e00
#define PV_WFE_DONE	0x3fed0e00

#ifndef __ASSEMBLER__
#include "guest_code.h"

GUEST_CODE_DECLARE(guest_pv_server);
extern const unsigned char guest_pv_server_after_wfi[];
#endif

#endif /* UMBRA_TEST_GUEST_PVOPS_H */
