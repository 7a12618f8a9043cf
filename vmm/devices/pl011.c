// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: ARM PrimeCell UART (PL011) r1p5, per the PrimeCell UART
 * (PL011) Technical Reference Manual, ARM DDI 0183.
 *
 * What is modelled: UARTDR with a 32-entry receive FIFO (one entry, the
 * holding register, while UARTLCR_H.FEN is 0) and a 32-entry transmit
 * FIFO; UARTRSR/UARTECR; UARTFR's TXFE, TXFF, RXFE, RXFF and BUSY; the
 * ILPR, IBRD, FBRD, LCR_H, IFLS and DMACR registers as storage; UARTCR's
 * UARTEN, TXE and RXE gating transmission and reception; the receive (RX),
 * receive timeout (RT) and transmit (TX) interrupts through IMSC, RIS, MIS
 * and ICR, combined (UARTINTR) onto the device's interrupt line; the
 * PrimeCell identification registers. Not modelled: modem lines (CTS,
 * DSR, DCD, RI read 0), IrDA, loopback (LBE), DMA, break and the
 * framing, parity and overrun errors, which a host byte stream never has
 * (input waits in the host instead of overrunning the FIFO).
 *
 * Timing: a character is transmitted as soon as it is written while UARTEN
 * and TXE are set, so the transmit FIFO passes through its trigger level
 * at once and TXRIS is set after every such write (section 2.8.3: the TX
 * interrupt is raised on the transition to at or below the trigger level;
 * it is not raised merely because the FIFO is empty after reset). The
 * receive timeout ("no data for 32 bit periods") is raised when the host
 * side has no more input ready, see pl011_rx_idle().
 *
 * Register accesses of 1, 2 or 4 bytes at a register's word address are
 * served; any other offset reads as zero and ignores writes, as do the
 * reserved registers.
 */
#include <string.h>

#include "devices/pl011.h"

/**
 * struct pl011 - the UART's state
 * @backend:    where the serial line goes
 * @rx:         receive FIFO, data in bits [7:0], error bits [11:8]
 * @rx_head:    index of the oldest entry of @rx
 * @rx_count:   entries in @rx
 * @rx_blocked: pl011_receive() refused input since the receiver last
 *              became able to accept it: call @backend.rx_ready when it is
 * @tx:         characters held while the transmitter is disabled
 * @tx_count:   entries in @tx
 * @rsr:        UARTRSR: error bits of the last character read
 * @ilpr:       UARTILPR
 * @ibrd:       UARTIBRD
 * @fbrd:       UARTFBRD
 * @lcr_h:      UARTLCR_H
 * @cr:         UARTCR
 * @ifls:       UARTIFLS
 * @imsc:       UARTIMSC
 * @ris:        UARTRIS
 * @dmacr:      UARTDMACR
 */
struct pl011 {
	struct pl011_backend backend;
	uint16_t rx[PL011_FIFO_DEPTH];
	unsigned int rx_head;
	unsigned int rx_count;
	bool rx_blocked;
	uint8_t tx[PL011_FIFO_DEPTH];
	unsigned int tx_count;
	uint32_t rsr;
	uint32_t ilpr;
	uint32_t ibrd;
	uint32_t fbrd;
	uint32_t lcr_h;
	uint32_t cr;
	uint32_t ifls;
	uint32_t imsc;
	uint32_t ris;
	uint32_t dmacr;
};

static unsigned int fifo_depth(const struct pl011 *s)
{
	return s->lcr_h & UARTLCR_H_FEN ? PL011_FIFO_DEPTH : 1;
}

/* Receive FIFO trigger level in entries (UARTIFLS.RXIFLSEL, bits [5:3]). */
static unsigned int rx_trigger(const struct pl011 *s)
{
	static const unsigned int eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };

	if (!(s->lcr_h & UARTLCR_H_FEN))
		return 1;
	return PL011_FIFO_DEPTH * eighths[(s->ifls >> 3) & 7] / 8;
}

static bool can_receive(const struct pl011 *s)
{
	return (s->cr & (UARTCR_UARTEN | UARTCR_RXE)) ==
	       (UARTCR_UARTEN | UARTCR_RXE) && s->rx_count < fifo_depth(s);
}

static bool can_transmit(const struct pl011 *s)
{
	return (s->cr & (UARTCR_UARTEN | UARTCR_TXE)) ==
	       (UARTCR_UARTEN | UARTCR_TXE);
}

/* With the device lock held: the interrupt line and the backend's wakeup. */
static void pl011_update(struct device *dev)
{
	struct pl011 *s = dev->priv;

	device_set_irq(dev, (s->ris & s->imsc) != 0);
	if (s->rx_blocked && can_receive(s)) {
		s->rx_blocked = false;
		if (s->backend.rx_ready)
			s->backend.rx_ready(s->backend.opaque);
	}
}

/* Move the held characters to @out if the transmitter is on; returns how many. */
static size_t pl011_transmit(struct pl011 *s, uint8_t *out)
{
	size_t n = 0;

	if (!can_transmit(s) || !s->tx_count)
		return 0;
	memcpy(out, s->tx, s->tx_count);
	n = s->tx_count;
	s->tx_count = 0;
	s->ris |= UART_TXI;
	return n;
}

static uint32_t read_dr(struct pl011 *s)
{
	uint32_t v;

	if (!s->rx_count)
		return 0;
	v = s->rx[s->rx_head];
	s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
	s->rx_count--;
	s->rsr = (v >> 8) & 0xf;
	if (s->rx_count < rx_trigger(s))
		s->ris &= ~UART_RXI;
	if (!s->rx_count)
		s->ris &= ~UART_RTI;
	return v;
}

static uint32_t read_fr(const struct pl011 *s)
{
	uint32_t fr = 0;

	if (!s->rx_count)
		fr |= UARTFR_RXFE;
	if (s->rx_count >= fifo_depth(s))
		fr |= UARTFR_RXFF;
	if (!s->tx_count)
		fr |= UARTFR_TXFE;
	else
		fr |= UARTFR_BUSY;
	if (s->tx_count >= fifo_depth(s))
		fr |= UARTFR_TXFF;
	return fr;
}

static uint32_t pl011_read(struct device *dev, uint32_t offset,
			   unsigned int size)
{
	struct pl011 *s = dev->priv;
	uint32_t v = 0;

	if (offset & 3)
		return 0;
	if (offset >= UARTPERIPHID0 && offset < UARTPERIPHID0 + 16)
		return (PL011_PERIPHID >> (2 * (offset - UARTPERIPHID0))) &
		       0xff;
	if (offset >= UARTPCELLID0 && offset < UARTPCELLID0 + 16)
		return (PL011_PCELLID >> (2 * (offset - UARTPCELLID0))) &
		       0xff;

	device_lock(dev);
	switch (offset) {
	case UARTDR:
		v = read_dr(s);
		break;
	case UARTRSR:
		v = s->rsr;
		break;
	case UARTFR:
		v = read_fr(s);
		break;
	case UARTILPR:
		v = s->ilpr;
		break;
	case UARTIBRD:
		v = s->ibrd;
		break;
	case UARTFBRD:
		v = s->fbrd;
		break;
	case UARTLCR_H:
		v = s->lcr_h;
		break;
	case UARTCR:
		v = s->cr;
		break;
	case UARTIFLS:
		v = s->ifls;
		break;
	case UARTIMSC:
		v = s->imsc;
		break;
	case UARTRIS:
		v = s->ris;
		break;
	case UARTMIS:
		v = s->ris & s->imsc;
		break;
	case UARTDMACR:
		v = s->dmacr;
		break;
	default:	/* reserved, and the write-only UARTICR */
		break;
	}
	pl011_update(dev);
	device_unlock(dev);
	return v;
}

static void pl011_write(struct device *dev, uint32_t offset,
			unsigned int size, uint32_t value)
{
	struct pl011 *s = dev->priv;
	uint8_t out[PL011_FIFO_DEPTH];
	size_t n = 0;

	if (offset & 3)
		return;
	device_lock(dev);
	switch (offset) {
	case UARTDR:
		if (s->tx_count < fifo_depth(s))
			s->tx[s->tx_count++] = (uint8_t)value;
		n = pl011_transmit(s, out);
		break;
	case UARTRSR:	/* UARTECR: any write clears the errors */
		s->rsr = 0;
		break;
	case UARTILPR:
		s->ilpr = value & 0xff;
		break;
	case UARTIBRD:
		s->ibrd = value & 0xffff;
		break;
	case UARTFBRD:
		s->fbrd = value & 0x3f;
		break;
	case UARTLCR_H:
		s->lcr_h = value & 0xff;
		break;
	case UARTCR:
		s->cr = value & 0xff87;
		n = pl011_transmit(s, out);
		break;
	case UARTIFLS:
		s->ifls = value & 0x3f;
		break;
	case UARTIMSC:
		s->imsc = value & UART_ALLI;
		break;
	case UARTICR:
		s->ris &= ~(value & UART_ALLI);
		break;
	case UARTDMACR:
		s->dmacr = value & 0x7;
		break;
	default:	/* reserved and read-only registers */
		break;
	}
	pl011_update(dev);
	device_unlock(dev);
	if (n && s->backend.write)
		s->backend.write(s->backend.opaque, out, n);
}

static void pl011_reset(struct device *dev)
{
	struct pl011 *s = dev->priv;
	struct pl011_backend backend = s->backend;

	device_lock(dev);
	memset(s, 0, sizeof(*s));
	s->backend = backend;
	s->cr = UARTCR_RXE | UARTCR_TXE;
	s->ifls = 0x12;
	s->rx_blocked = true;
	device_set_irq(dev, 0);
	device_unlock(dev);
}

static void pl011_destroy(struct device *dev)
{
	g_free(dev->priv);
}

static const struct device_ops pl011_ops = {
	.model = "pl011",
	.read = pl011_read,
	.write = pl011_write,
	.reset = pl011_reset,
	.destroy = pl011_destroy,
};

/**
 * pl011_new() - a PL011 UART, to be registered with device_register()
 * @name:    instance name for messages
 * @base:    IPA of its registers (PL011_SIZE bytes)
 * @irq:     UMBRA_IRQ_SPI(intid) of UARTINTR, or DEVICE_NO_IRQ
 * @backend: the serial line (copied)
 *
 * Return: the device, in its reset state once registered.
 */
struct device *pl011_new(const char *name, uint64_t base, uint32_t irq,
			 const struct pl011_backend *backend)
{
	struct pl011 *s = g_new0(struct pl011, 1);

	s->backend = *backend;
	return device_new(&pl011_ops, name, base, PL011_SIZE, irq, s);
}

/**
 * pl011_receive() - characters arriving on the UART's serial input
 * @dev: a device from pl011_new()
 * @buf: the characters
 * @len: number of characters in @buf
 *
 * Takes the device lock. Characters are accepted while UARTCR.UARTEN and
 * RXE are set and the receive FIFO (one entry while UARTLCR_H.FEN is 0)
 * has room; RXRIS is set when the FIFO reaches its UARTIFLS trigger
 * level. When fewer than @len are accepted the backend's rx_ready is
 * called once the UART can take more.
 *
 * Return: the number of characters accepted, 0 to @len.
 */
size_t pl011_receive(struct device *dev, const uint8_t *buf, size_t len)
{
	struct pl011 *s = dev->priv;
	size_t n = 0;

	device_lock(dev);
	while (n < len && can_receive(s)) {
		s->rx[(s->rx_head + s->rx_count) % PL011_FIFO_DEPTH] = buf[n++];
		s->rx_count++;
		if (s->rx_count >= rx_trigger(s))
			s->ris |= UART_RXI;
	}
	if (n < len)
		s->rx_blocked = true;
	pl011_update(dev);
	device_unlock(dev);
	return n;
}

/**
 * pl011_rx_idle() - the serial input has gone quiet
 * @dev: a device from pl011_new()
 *
 * The model of the receive timeout: called when the host side has no
 * more input ready; sets RTRIS if the receive FIFO is not empty.
 */
void pl011_rx_idle(struct device *dev)
{
	struct pl011 *s = dev->priv;

	device_lock(dev);
	if (s->rx_count)
		s->ris |= UART_RTI;
	pl011_update(dev);
	device_unlock(dev);
}
