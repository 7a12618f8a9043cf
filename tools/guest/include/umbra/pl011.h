/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra guest SDK: polled driver of the PL011 UART umbra-vmm puts at
 * PL011_BASE (QEMU virt's address; UARTINTR on SPI PL011_SPI when the VM
 * has a virtual GIC). Register names per ARM DDI 0183.
 */
#ifndef _UMBRA_GUEST_PL011_H
#define _UMBRA_GUEST_PL011_H

#include <stdbool.h>
#include <stdint.h>

#define PL011_BASE	0x09000000u
#define PL011_SPI	33

#define PL011_DR	0x000
#define PL011_RSR	0x004
#define PL011_FR	0x018
#define PL011_IBRD	0x024
#define PL011_FBRD	0x028
#define PL011_LCR_H	0x02c
#define PL011_CR	0x030
#define PL011_IFLS	0x034
#define PL011_IMSC	0x038
#define PL011_RIS	0x03c
#define PL011_MIS	0x040
#define PL011_ICR	0x044
#define PL011_PERIPHID0	0xfe0
#define PL011_PCELLID0	0xff0

#define PL011_FR_BUSY	(1u << 3)
#define PL011_FR_RXFE	(1u << 4)
#define PL011_FR_TXFF	(1u << 5)
#define PL011_FR_RXFF	(1u << 6)
#define PL011_FR_TXFE	(1u << 7)
#define PL011_LCR_H_FEN	(1u << 4)
#define PL011_LCR_H_WLEN8 (3u << 5)
#define PL011_CR_UARTEN	(1u << 0)
#define PL011_CR_TXE	(1u << 8)
#define PL011_CR_RXE	(1u << 9)
#define PL011_INT_RX	(1u << 4)
#define PL011_INT_TX	(1u << 5)
#define PL011_INT_RT	(1u << 6)

/**
 * pl011_read() - read a 32-bit UART register
 * @off: byte offset of the register, PL011_*
 *
 * Return: its value.
 */
static inline uint32_t pl011_read(uint32_t off)
{
	return *(volatile uint32_t *)(PL011_BASE + off);
}

/**
 * pl011_write() - write a 32-bit UART register
 * @off: byte offset of the register, PL011_*
 * @val: the value
 */
static inline void pl011_write(uint32_t off, uint32_t val)
{
	*(volatile uint32_t *)(PL011_BASE + off) = val;
}

/**
 * pl011_id() - UARTPeriphID0-3 or UARTPCellID0-3 as one word
 * @off: PL011_PERIPHID0 or PL011_PCELLID0
 *
 * Return: the four bytes, ID0 in bits [7:0]; 0x00x41011 and 0xb105f00d on
 * a PL011.
 */
uint32_t pl011_id(uint32_t off);

/**
 * pl011_init() - disable, set 8N1 with FIFOs, 115200 baud at 24 MHz, enable
 *
 * Masks every interrupt and clears them.
 */
void pl011_init(void);

/**
 * pl011_putc() - transmit @c, waiting while the transmit FIFO is full
 * @c: the character
 */
void pl011_putc(char c);

/**
 * pl011_getc() - the next received character, polling UARTFR.RXFE
 *
 * Return: the character (UARTDR bits [7:0]).
 */
int pl011_getc(void);

/**
 * pl011_try_getc() - a received character if there is one
 *
 * Return: the character, or -1 if the receive FIFO is empty.
 */
int pl011_try_getc(void);

#endif /* _UMBRA_GUEST_PL011_H */
