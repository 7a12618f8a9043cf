// SPDX-License-Identifier: GPL-2.0
/*
 * uart: the guest side of the PL011 test (issue 5, "UART echo through
 * stdin/stdout and through a pty").
 *
 * Checks the UART's identification and reset flags, initialises it with
 * the SDK driver (<umbra/pl011.h>), then echoes every character it
 * receives on the UART upper-cased (so the echo provably went through the
 * guest) until the end marker '~'. Reception is interrupt-driven: the
 * guest sleeps in WFI until the UART's RX or receive-timeout interrupt
 * (SPI 33 of the virtual GIC umbra-vmm gives every VM when the module has
 * one; this guest needs it) and the handler empties the receive FIFO into
 * a ring. Results are
 * TAP on the console hypercall (stdout); the exit status is the number of
 * failures.
 */
#include <ctype.h>
#include <stdio.h>
#include <umbra/gic.h>
#include <umbra/hypercall.h>
#include <umbra/irq.h>
#include <umbra/pl011.h>

#define END_MARKER	'~'
#define RING_SIZE	256

static int tests, failures;
static volatile uint8_t ring[RING_SIZE];
static volatile unsigned int ring_head, ring_tail, rx_irqs, spurious;

static void ok(int cond, const char *what, unsigned long got)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - %s (0x%08lx)\n", cond ? "" : "not ", tests, what,
	       got);
	fflush(stdout);
}

/* SPI 33, IRQ mode: move the receive FIFO into the ring. */
static void uart_irq(unsigned int intid, void *arg)
{
	uint32_t mis = pl011_read(PL011_MIS);
	int c;

	rx_irqs++;
	if (!(mis & (PL011_INT_RX | PL011_INT_RT)))
		spurious++;
	while ((c = pl011_try_getc()) >= 0)
		ring[ring_head++ % RING_SIZE] = c;
	pl011_write(PL011_ICR, PL011_INT_RX | PL011_INT_RT);
}

/* The next character: from the ring, sleeping until the UART interrupt. */
static int irq_getc(void)
{
	int c;

	umbra_irq_disable();
	while (ring_tail == ring_head) {
		umbra_wfi();	/* wakes on a pending interrupt, masked or not */
		umbra_irq_enable();
		umbra_irq_disable();
	}
	c = ring[ring_tail++ % RING_SIZE];
	umbra_irq_enable();
	return c;
}

int main(void)
{
	uint32_t v, echoed = 0;
	unsigned int irqs;
	int c;

	printf("1..10\n");
	v = pl011_id(PL011_PERIPHID0);
	ok((v & 0x000fffff) == 0x00041011,
	   "UARTPeriphID0-3: part 0x011, designer ARM", v);
	v = pl011_id(PL011_PCELLID0);
	ok(v == 0xb105f00d, "UARTPCellID0-3 = 0xb105f00d", v);
	v = pl011_read(PL011_FR);
	ok((v & 0xf8) == (PL011_FR_TXFE | PL011_FR_RXFE),
	   "UARTFR at reset: TXFE, RXFE, not BUSY/TXFF/RXFF", v);
	v = pl011_read(PL011_CR);
	ok(v == (PL011_CR_TXE | PL011_CR_RXE), "UARTCR at reset: TXE|RXE", v);

	irqs = umbra_gic_init();
	ok(irqs > PL011_SPI, "virtual GIC with SPI 33", irqs);
	umbra_irq_init();
	umbra_gic_request(PL011_SPI, uart_irq, NULL);
	umbra_gic_enable(PL011_SPI);
	pl011_init();
	v = pl011_read(PL011_LCR_H);
	ok(v == (PL011_LCR_H_WLEN8 | PL011_LCR_H_FEN),
	   "UARTLCR_H reads back 8 bits, FIFOs on", v);
	printf("# RX interrupt-driven: SPI %d, WFI between characters\n",
	       PL011_SPI);
	fflush(stdout);
	pl011_write(PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	umbra_irq_enable();

	for (;;) {
		c = irq_getc();
		if (c == END_MARKER)
			break;
		pl011_putc(isalpha(c) ? toupper(c) : c);
		echoed++;
	}
	v = pl011_read(PL011_RIS);
	ok(v & PL011_INT_TX, "UARTRIS.TXRIS after transmitting", v);
	ok(echoed > 0, "echoed characters before the end marker", echoed);
	umbra_irq_disable();
	ok(rx_irqs > 0, "RX/RT interrupts taken", rx_irqs);
	ok(!spurious, "no UART interrupt without RX/RT in UARTMIS", spurious);
	return failures;
}
