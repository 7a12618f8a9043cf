// SPDX-License-Identifier: GPL-2.0
/*
 * uart: the guest side of the PL011 test (issue 5, "UART echo through
 * stdin/stdout and through a pty").
 *
 * Checks the UART's identification and reset flags, initialises it with
 * the SDK driver (<umbra/pl011.h>), then echoes every character it
 * receives on the UART upper-cased (so the echo provably went through the
 * guest) until the end marker '~'. Reception is polled (UARTFR.RXFE): the
 * virtual GIC is not there yet. Results are TAP on the console hypercall
 * (stdout); the exit status is the number of failures.
 */
#include <ctype.h>
#include <stdio.h>
#include <umbra/pl011.h>

#define END_MARKER	'~'

static int tests, failures;

static void ok(int cond, const char *what, unsigned long got)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - %s (0x%08lx)\n", cond ? "" : "not ", tests, what,
	       got);
	fflush(stdout);
}

int main(void)
{
	uint32_t v, echoed = 0;
	int c;

	printf("1..7\n");
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

	pl011_init();
	v = pl011_read(PL011_LCR_H);
	ok(v == (PL011_LCR_H_WLEN8 | PL011_LCR_H_FEN),
	   "UARTLCR_H reads back 8 bits, FIFOs on", v);

	for (;;) {
		c = pl011_getc();
		if (c == END_MARKER)
			break;
		pl011_putc(isalpha(c) ? toupper(c) : c);
		echoed++;
	}
	v = pl011_read(PL011_RIS);
	ok(v & PL011_INT_TX, "UARTRIS.TXRIS after transmitting", v);
	ok(echoed > 0, "echoed characters before the end marker", echoed);
	return failures;
}
