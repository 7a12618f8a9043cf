// SPDX-License-Identifier: GPL-2.0
/*
 * passthru: a guest driving a real device of the host handed to it with
 * umbra-vmm run --passthrough=uioN:0x1c000000 (the registers only). It
 * identifies the device by its PrimeCell ID registers and makes it raise
 * its interrupt N times, seen in the device's raw interrupt status
 * (polled, the interrupt output disabled in the device), checking each is
 * raised once and cleared:
 *
 *  - SP804 dual timer (vexpress: the second one, 0x10012000): timer 1
 *    periodic with a short load value; each expiry sets RIS, TimerXIntClr
 *    clears it, the next comes one period later;
 *  - PL031 RTC (virt, 0x09010000): writing the current count to the match
 *    register raises the alarm at once (RTCRIS), RTCICR clears it.
 *
 * With a line "irq GICD GICC SPI" on stdin (addresses of the virtual GIC's
 * distributor and CPU interface, the SPI the device's interrupt was
 * forwarded to: --passthrough=uioN:0x1c000000:SPI), the device raises its
 * interrupt for real instead, N times, each taken as a virtual IRQ through
 * a minimal GICv2 driver of its own (ARM IHI 0048B; written before the
 * SDK's umbra/gic.h existed): the handler checks the IAR gives
 * the SPI, the device has its interrupt pending (MIS), clears it in the
 * device and EOIs; none lost (N counted before the device stops), none
 * spurious (no IAR 1023 or other ID, no interrupt without the device's
 * status), none after the device stopped.
 *
 * Prints TAP; the exit status is the number of failures.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEV_IPA		0x1c000000u
#define N_IRQS		100
#define SPIN_LIMIT	20000000u	/* device reads before giving up */

#define REG(off)	(*(volatile uint32_t *)(DEV_IPA + (off)))
#define PERIPH_ID(n)	REG(0xfe0 + 4 * (n))
#define PCELL_ID(n)	REG(0xff0 + 4 * (n))

/* SP804 (ARM DDI 0271), timer 1 */
#define SP804_LOAD	0x00
#define SP804_VALUE	0x04
#define SP804_CTRL	0x08
#define SP804_INTCLR	0x0c
#define SP804_RIS	0x10
#define SP804_MIS	0x14
#define SP804_EN	(1u << 7)
#define SP804_PERIODIC	(1u << 6)
#define SP804_INTEN	(1u << 5)
#define SP804_32BIT	(1u << 1)

/* PL031 (ARM DDI 0224) */
#define PL031_DR	0x00
#define PL031_MR	0x04
#define PL031_IMSC	0x10
#define PL031_RIS	0x14
#define PL031_MIS	0x18
#define PL031_ICR	0x1c

/* GICv2 (ARM IHI 0048B, 4.3 and 4.4) */
#define GICD_CTLR		0x000
#define GICD_ISENABLER(n)	(0x100 + 4 * (n))
#define GICD_ICENABLER(n)	(0x180 + 4 * (n))
#define GICD_IPRIORITYR		0x400	/* a byte per interrupt */
#define GICD_ITARGETSR		0x800	/* a byte per interrupt */
#define GICD_ICFGR(n)		(0xc00 + 4 * (n))
#define GICC_CTLR		0x000
#define GICC_PMR		0x004
#define GICC_IAR		0x00c
#define GICC_EOIR		0x010
#define GIC_SPURIOUS		1023

static int test_no, failures;

/* IRQ mode: the GIC, and what the handler saw */
static uintptr_t gicd, gicc;
static unsigned int spi, part;
static volatile unsigned int irqs, spurious, wrong_id, no_status;
static uint32_t irq_stack[1024] __attribute__((aligned(8)));

#define GICD(off)	(*(volatile uint32_t *)(gicd + (off)))
#define GICC(off)	(*(volatile uint32_t *)(gicc + (off)))
#define GICD_B(off)	(*(volatile uint8_t *)(gicd + (off)))

void irq_setup(uint32_t irq_stack_top);
void irq_enable(int on);
void wait_for_interrupt(void);
void passthru_irq(void);
void passthru_unexpected(uint32_t lr);

static void result(int ok, const char *name)
{
	test_no++;
	if (!ok)
		failures++;
	printf("%sok %d - %s\n", ok ? "" : "not ", test_no, name);
}

/* Wait for bit 0 of register @off; return the reads it took, 0 if never. */
static uint32_t wait_set(uint32_t off)
{
	uint32_t i;

	for (i = 1; i <= SPIN_LIMIT; i++)
		if (REG(off) & 1)
			return i;
	return 0;
}

static void sp804(void)
{
	unsigned int i, raised = 0, cleared = 0, masked = 0, min = ~0u, max = 0;

	REG(SP804_CTRL) = 0;
	REG(SP804_INTCLR) = 1;
	result(!(REG(SP804_RIS) & 1), "sp804: no interrupt while stopped");
	/* no host interrupt: the interrupt output stays masked (MIS 0) */
	REG(SP804_LOAD) = 1000;
	REG(SP804_CTRL) = SP804_EN | SP804_PERIODIC | SP804_32BIT;
	for (i = 0; i < N_IRQS; i++) {
		unsigned int spins = wait_set(SP804_RIS);

		if (!spins)
			break;
		raised++;
		min = spins < min ? spins : min;
		max = spins > max ? spins : max;
		if (REG(SP804_MIS) & 1)
			masked++;	/* must not: INTEN is clear */
		REG(SP804_INTCLR) = 1;
		if (!(REG(SP804_RIS) & 1))
			cleared++;
	}
	REG(SP804_CTRL) = 0;
	REG(SP804_INTCLR) = 1;
	printf("# sp804: %u expiries, %u cleared, %u to %u status reads each\n",
	       raised, cleared, min, max);
	result(raised == N_IRQS, "sp804: 100 periodic expiries raised RIS");
	result(cleared == raised, "sp804: TimerXIntClr cleared each");
	result(!masked, "sp804: MIS stays 0 with the interrupt disabled");
	result(REG(SP804_LOAD) == 1000, "sp804: Load register kept its value");
}

static void pl031(void)
{
	unsigned int i, raised = 0, cleared = 0, retries = 0, masked = 0;

	REG(PL031_IMSC) = 0;	/* no host interrupt */
	REG(PL031_ICR) = 1;
	result(!(REG(PL031_RIS) & 1), "pl031: no alarm pending at start");
	for (i = 0; i < N_IRQS && retries < 10; i++) {
		unsigned int n;

		/* the match equal to the count: the alarm fires at once */
		REG(PL031_MR) = REG(PL031_DR);
		for (n = 0; n < 1000 && !(REG(PL031_RIS) & 1); n++)
			;
		if (!(REG(PL031_RIS) & 1)) {
			/* the second changed in between: try again */
			retries++;
			i--;
			continue;
		}
		raised++;
		if (REG(PL031_MIS) & 1)
			masked++;
		REG(PL031_ICR) = 1;
		if (!(REG(PL031_RIS) & 1))
			cleared++;
	}
	printf("# pl031: %u alarms, %u cleared, %u retries\n", raised, cleared,
	       retries);
	result(raised == N_IRQS, "pl031: 100 alarms raised RTCRIS");
	result(cleared == raised, "pl031: RTCICR cleared each");
	result(!masked, "pl031: RTCMIS stays 0 with the interrupt masked");
	result(REG(PL031_DR) != 0, "pl031: the RTC counts");
}

/* Called from vec_irq, in IRQ mode with IRQs masked. */
void passthru_irq(void)
{
	uint32_t iar = GICC(GICC_IAR), id = iar & 0x3ff;

	if (id == GIC_SPURIOUS) {
		spurious++;
		return;
	}
	if (id != spi) {
		wrong_id++;
	} else if (part == 0x804) {
		if (!(REG(SP804_MIS) & 1))
			no_status++;
		REG(SP804_INTCLR) = 1;
		irqs++;
	} else {
		if (!(REG(PL031_MIS) & 1))
			no_status++;
		REG(PL031_ICR) = 1;
		irqs++;
	}
	GICC(GICC_EOIR) = iar;
}

void passthru_unexpected(uint32_t lr)
{
	printf("not ok - unexpected exception, lr 0x%08x\n", (unsigned int)lr);
	exit(100);
}

static void gic_setup(void)
{
	GICD(GICD_CTLR) = 0;
	GICD_B(GICD_IPRIORITYR + spi) = 0xa0;
	GICD_B(GICD_ITARGETSR + spi) = 1;
	GICD(GICD_ICFGR(spi / 16)) &= ~(2u << (2 * (spi % 16)));	/* level */
	GICD(GICD_ISENABLER(spi / 32)) = 1u << (spi % 32);
	GICD(GICD_CTLR) = 1;
	GICC(GICC_PMR) = 0xf0;
	GICC(GICC_CTLR) = 1;
}

/* Wait until the handler has counted @want, or give up. */
static int wait_irqs(unsigned int want, unsigned int limit)
{
	unsigned int i;

	for (i = 0; i < limit && irqs < want; i++)
		wait_for_interrupt();
	return irqs >= want;
}

static void irq_mode(void)
{
	unsigned int i, retries = 0, after;

	irq_setup((uint32_t)(uintptr_t)&irq_stack[1024]);
	gic_setup();
	irq_enable(1);
	if (part == 0x804) {
		REG(SP804_CTRL) = 0;
		REG(SP804_INTCLR) = 1;
		REG(SP804_LOAD) = 1000;		/* 1 ms at 1 MHz */
		REG(SP804_CTRL) = SP804_EN | SP804_PERIODIC | SP804_INTEN |
				  SP804_32BIT;
		wait_irqs(N_IRQS, 100000);
		REG(SP804_CTRL) = 0;
	} else {
		REG(PL031_ICR) = 1;
		REG(PL031_IMSC) = 1;
		for (i = 0; i < N_IRQS && retries < 10; i++) {
			REG(PL031_MR) = REG(PL031_DR);	/* fires at once */
			if (!wait_irqs(i + 1, 1000)) {
				retries++;	/* the second changed */
				i--;
			}
		}
		REG(PL031_IMSC) = 0;
	}
	after = irqs;
	for (i = 0; i < 1000000; i++)
		__asm__ volatile("" ::: "memory");
	irq_enable(0);
	GICD(GICD_ICENABLER(spi / 32)) = 1u << (spi % 32);
	printf("# %u interrupts, %u spurious, %u other IDs, %u without device status, %u retries\n",
	       irqs, spurious, wrong_id, no_status, retries);
	result(after == N_IRQS, "100 device interrupts taken as virtual IRQs");
	result(!spurious && !wrong_id,
	       "none spurious: the IAR gave the SPI each time");
	result(!no_status, "the device had its interrupt pending at each");
	result(irqs == after, "none after the device stopped");
}

int main(void)
{
	char line[128];
	int cell, irq = 0;

	if (fgets(line, sizeof(line), stdin) &&
	    sscanf(line, "irq %x %x %u", &gicd, &gicc, &spi) == 3)
		irq = 1;
	printf("1..%d\n", irq ? 5 : 6);
	cell = (PCELL_ID(0) & 0xff) == 0x0d && (PCELL_ID(1) & 0xff) == 0xf0 &&
	       (PCELL_ID(2) & 0xff) == 0x05 && (PCELL_ID(3) & 0xff) == 0xb1;
	part = (PERIPH_ID(0) & 0xff) | (PERIPH_ID(1) & 0xf) << 8;
	printf("# device at IPA 0x%08x: part 0x%03x\n", (unsigned int)DEV_IPA, part);
	result(cell, "PrimeCell ID registers read 0d f0 05 b1");
	if (irq && (part == 0x804 || part == 0x031)) {
		irq_mode();
	} else if (part == 0x804) {
		sp804();
	} else if (part == 0x031) {
		pl031();
	} else {
		printf("# no driver for part 0x%03x\n", part);
		while (test_no < (irq ? 5 : 6))
			result(0, "device driver");
	}
	return failures;
}
