/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: ARM PrimeCell UART (PL011) model, ARM DDI 0183.
 */
#ifndef UMBRA_VMM_DEVICES_PL011_H
#define UMBRA_VMM_DEVICES_PL011_H

#include <stddef.h>
#include <stdint.h>

#include "device.h"

#define PL011_SIZE		0x1000
#define PL011_FIFO_DEPTH	32

/* Register offsets (DDI 0183 table 3-1). */
#define UARTDR		0x000
#define UARTRSR		0x004	/* UARTECR on write */
#define UARTFR		0x018
#define UARTILPR	0x020
#define UARTIBRD	0x024
#define UARTFBRD	0x028
#define UARTLCR_H	0x02c
#define UARTCR		0x030
#define UARTIFLS	0x034
#define UARTIMSC	0x038
#define UARTRIS		0x03c
#define UARTMIS		0x040
#define UARTICR		0x044
#define UARTDMACR	0x048
#define UARTPERIPHID0	0xfe0
#define UARTPCELLID0	0xff0

#define UARTFR_BUSY	(1u << 3)
#define UARTFR_RXFE	(1u << 4)
#define UARTFR_TXFF	(1u << 5)
#define UARTFR_RXFF	(1u << 6)
#define UARTFR_TXFE	(1u << 7)

#define UARTLCR_H_FEN	(1u << 4)

#define UARTCR_UARTEN	(1u << 0)
#define UARTCR_TXE	(1u << 8)
#define UARTCR_RXE	(1u << 9)

/* Interrupt bits of IMSC, RIS, MIS and ICR. */
#define UART_RXI	(1u << 4)
#define UART_TXI	(1u << 5)
#define UART_RTI	(1u << 6)
#define UART_ALLI	0x7ffu

/* UARTPeriphID0-3 and UARTPCellID0-3, one byte each, as words. */
#define PL011_PERIPHID	0x00341011u	/* part 0x011, ARM (0x41), r1p5 */
#define PL011_PCELLID	0xb105f00du

/**
 * struct pl011_backend - where the UART's serial line goes
 * @write:    bytes the guest transmitted, in order; called from the vCPU
 *            thread without the device lock
 * @rx_ready: the UART can accept input again (its receiver was enabled or
 *            its FIFO drained after pl011_receive() accepted less than it
 *            was given); called with the device lock held, from any
 *            thread: must only schedule work, never call into the device
 * @opaque:   argument of both
 */
struct pl011_backend {
	void (*write)(void *opaque, const uint8_t *buf, size_t len);
	void (*rx_ready)(void *opaque);
	void *opaque;
};

struct device *pl011_new(const char *name, uint64_t base, uint32_t irq,
			 const struct pl011_backend *backend);
size_t pl011_receive(struct device *dev, const uint8_t *buf, size_t len);
void pl011_rx_idle(struct device *dev);

#endif /* UMBRA_VMM_DEVICES_PL011_H */
