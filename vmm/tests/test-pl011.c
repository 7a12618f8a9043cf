// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the PL011 model and the device bus (TAP): register reset
 * values and masks, FIFO flags, the RX/RT/TX interrupts, the combined line
 * as seen through the bus's set_irq, input back-pressure and MMIO
 * dispatch through struct umbra_run.
 */
#include <string.h>

#include "device.h"
#include "devices/pl011.h"
#include "tap.h"

#define BASE	0x09000000u
#define SPI33	UMBRA_IRQ_SPI(33)

static char txbuf[256];
static size_t txlen;
static int rx_ready_calls;
static int line = -1, line_changes;

static void be_write(void *opaque, const uint8_t *buf, size_t len)
{
	memcpy(txbuf + txlen, buf, len);
	txlen += len;
}

static void be_rx_ready(void *opaque)
{
	rx_ready_calls++;
}

static int set_irq(void *opaque, uint32_t irq, int level)
{
	if (irq != SPI33)
		return -22;
	line = level;
	line_changes++;
	return 0;
}

static struct device_bus bus;
static struct device *uart;

static uint32_t rd(uint32_t off)
{
	struct umbra_run run = { 0 };

	run.mmio.phys_addr = BASE + off;
	run.mmio.len = 4;
	if (!device_bus_mmio(&bus, &run))
		return 0xdeadbeef;
	return run.mmio.data[0] | run.mmio.data[1] << 8 |
	       run.mmio.data[2] << 16 | (uint32_t)run.mmio.data[3] << 24;
}

static void wr(uint32_t off, uint32_t v)
{
	struct umbra_run run = { 0 };
	int i;

	run.mmio.phys_addr = BASE + off;
	run.mmio.len = 4;
	run.mmio.is_write = 1;
	for (i = 0; i < 4; i++)
		run.mmio.data[i] = v >> (8 * i);
	device_bus_mmio(&bus, &run);
}

static size_t rx(const char *s)
{
	return pl011_receive(uart, (const uint8_t *)s, strlen(s));
}

int main(void)
{
	const struct pl011_backend be = { be_write, be_rx_ready, NULL };
	struct umbra_run run = { 0 };
	GError *error = NULL;
	uint32_t id = 0, cid = 0;
	int i;

	tap_plan(38);
	device_bus_init(&bus);
	bus.set_irq = set_irq;
	uart = pl011_new("uart0", BASE, SPI33, &be);
	tap_ok(device_register(&bus, uart, &error), "register PL011 at 0x%08x",
	       BASE);
	i = device_register(&bus, pl011_new("uart1", BASE + 0x800, 0, &be),
			    &error);
	tap_ok(!i && strstr(error->message, "overlaps device uart0"),
	       "overlapping device rejected: %s", error ? error->message : "");
	g_clear_error(&error);

	/* Reset values (DDI 0183 table 3-1) and identification. */
	tap_ok(rd(UARTCR) == 0x300, "UARTCR resets to 0x300 (TXE, RXE)");
	tap_ok(rd(UARTIFLS) == 0x12, "UARTIFLS resets to 0x12");
	tap_ok(rd(UARTFR) == (UARTFR_RXFE | UARTFR_TXFE), "UARTFR: RXFE|TXFE");
	tap_ok(rd(UARTIMSC) == 0 && rd(UARTRIS) == 0 && rd(UARTMIS) == 0,
	       "no interrupt masked in or raised at reset");
	for (i = 0; i < 4; i++) {
		id |= rd(UARTPERIPHID0 + 4 * i) << (8 * i);
		cid |= rd(UARTPCELLID0 + 4 * i) << (8 * i);
	}
	tap_ok(id == PL011_PERIPHID && (id & 0xfffff) == 0x41011,
	       "UARTPeriphID0-3 = 0x%08x", id);
	tap_ok(cid == 0xb105f00d, "UARTPCellID0-3 = 0x%08x", cid);
	wr(UARTIBRD, 0x12345);
	wr(UARTFBRD, 0xff);
	wr(UARTCR, 0xffffffff);
	tap_ok(rd(UARTIBRD) == 0x2345 && rd(UARTFBRD) == 0x3f &&
	       rd(UARTCR) == 0xff87, "IBRD, FBRD, CR keep their defined bits");
	wr(UARTCR, 0x300);
	rx_ready_calls = 0;
	tap_ok(rd(0x001) == 0 && rd(0x100) == 0,
	       "unaligned and reserved offsets read as zero");

	/* Receiver disabled: input waits in the host. */
	tap_ok(rx("a") == 0, "UARTEN clear: no input accepted");
	wr(UARTCR, UARTCR_UARTEN | UARTCR_RXE);
	tap_ok(rx_ready_calls == 1, "enabling the receiver calls rx_ready");

	/* FIFO disabled: one holding register, RX interrupt on each char. */
	wr(UARTIMSC, UART_RXI | UART_RTI | UART_TXI);
	tap_ok(rx("ab") == 1, "FEN=0: holding register takes one character");
	tap_ok(rd(UARTFR) & UARTFR_RXFF, "FEN=0: RXFF with one character");
	tap_ok((rd(UARTRIS) & UART_RXI) && line == 1,
	       "RX interrupt on one character, line asserted");
	tap_ok(rd(UARTDR) == 'a', "UARTDR reads 'a'");
	tap_ok(!(rd(UARTRIS) & UART_RXI) && line == 0,
	       "reading clears RXRIS and the line");
	tap_ok(rx_ready_calls == 2, "room again: rx_ready called");
	tap_ok(rd(UARTDR) == 0 && (rd(UARTFR) & UARTFR_RXFE),
	       "empty: UARTDR 0, RXFE");

	/* FIFO enabled, trigger 1/2 = 16 entries. */
	wr(UARTLCR_H, UARTLCR_H_FEN | 0x60);
	tap_ok(rx("0123456789abcde") == 15 && !(rd(UARTRIS) & UART_RXI),
	       "15 characters: below the 1/2 trigger level, no RXRIS");
	pl011_rx_idle(uart);
	tap_ok((rd(UARTMIS) & UART_RTI) && line == 1,
	       "input idle with data: receive timeout raised");
	tap_ok(rx("fghijklmnopqrstuvwxyz") == 17,
	       "FIFO takes 17 more, up to 32");
	tap_ok((rd(UARTRIS) & UART_RXI) && (rd(UARTFR) & UARTFR_RXFF),
	       "RXRIS at the trigger level, RXFF when full");
	for (i = 0; i < 17; i++)
		rd(UARTDR);
	tap_ok(!(rd(UARTRIS) & UART_RXI) && (rd(UARTRIS) & UART_RTI),
	       "below trigger after reads: RXRIS clear, RTRIS still set");
	wr(UARTICR, UART_RTI);
	tap_ok(!(rd(UARTRIS) & UART_RTI) && line == 0,
	       "UARTICR clears RTRIS, line deasserted");
	for (i = 0; i < 14; i++)
		rd(UARTDR);
	tap_ok(rd(UARTDR) == 'v' && (rd(UARTFR) & UARTFR_RXFE),
	       "FIFO order kept, empty at the end");
	wr(UARTIFLS, 0);	/* RX trigger 1/8 = 4 */
	rx("1234");
	tap_ok(rd(UARTMIS) & UART_RXI, "IFLS 1/8: RXRIS at 4 characters");
	for (i = 0; i < 4; i++)
		rd(UARTDR);

	/* Transmitter. */
	wr(UARTICR, UART_ALLI);
	wr(UARTCR, UARTCR_RXE | UARTCR_TXE);	/* UARTEN clear */
	wr(UARTDR, 'H');
	tap_ok(txlen == 0 && !(rd(UARTFR) & UARTFR_TXFE) &&
	       (rd(UARTFR) & UARTFR_BUSY), "UARTEN clear: character held, BUSY");
	tap_ok(!(rd(UARTRIS) & UART_TXI), "no TX interrupt while held");
	wr(UARTCR, UARTCR_UARTEN | UARTCR_RXE | UARTCR_TXE);
	tap_ok(txlen == 1 && txbuf[0] == 'H' && (rd(UARTFR) & UARTFR_TXFE),
	       "enabling transmits the held character");
	tap_ok((rd(UARTMIS) & UART_TXI) && line == 1,
	       "TX interrupt after transmission");
	wr(UARTICR, UART_TXI);
	tap_ok(line == 0, "ICR clears TXRIS");
	wr(UARTDR, 'i');
	tap_ok(txlen == 2 && txbuf[1] == 'i' && (rd(UARTRIS) & UART_TXI),
	       "next write transmits and raises TXRIS");
	wr(UARTIMSC, 0);
	tap_ok(line == 0 && (rd(UARTRIS) & UART_TXI) && !rd(UARTMIS),
	       "masked: RIS set, MIS clear, line low");

	/* Sizes and dispatch. */
	run.mmio.phys_addr = BASE + UARTFR;
	run.mmio.len = 1;
	tap_ok(device_bus_mmio(&bus, &run) && run.mmio.data[0] == UARTFR_RXFE + UARTFR_TXFE,
	       "byte read of UARTFR");
	run.mmio.phys_addr = BASE + PL011_SIZE;
	run.mmio.len = 4;
	tap_ok(!device_bus_mmio(&bus, &run), "access past the window not served");
	run.mmio.phys_addr = BASE;
	run.mmio.len = 8;
	tap_ok(!device_bus_mmio(&bus, &run), "8-byte access not served");
	tap_ok(line_changes > 0, "line changed %d times", line_changes);

	device_bus_destroy(&bus);
	return tap_done();
}
