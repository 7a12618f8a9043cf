// SPDX-License-Identifier: GPL-2.0
/*
 * umbra guest SDK: polled PL011 driver, see <umbra/pl011.h>.
 */
#include <umbra/pl011.h>

uint32_t pl011_id(uint32_t off)
{
	uint32_t id = 0;
	int i;

	for (i = 0; i < 4; i++)
		id |= (pl011_read(off + 4 * i) & 0xff) << (8 * i);
	return id;
}

void pl011_init(void)
{
	pl011_write(PL011_CR, 0);
	pl011_write(PL011_IMSC, 0);
	pl011_write(PL011_ICR, 0x7ff);
	/* 24 MHz / (16 * 115200) = 13.02: IBRD 13, FBRD round(0.02 * 64) = 1 */
	pl011_write(PL011_IBRD, 13);
	pl011_write(PL011_FBRD, 1);
	pl011_write(PL011_LCR_H, PL011_LCR_H_WLEN8 | PL011_LCR_H_FEN);
	pl011_write(PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void pl011_putc(char c)
{
	while (pl011_read(PL011_FR) & PL011_FR_TXFF)
		;
	pl011_write(PL011_DR, (uint8_t)c);
}

int pl011_try_getc(void)
{
	if (pl011_read(PL011_FR) & PL011_FR_RXFE)
		return -1;
	return pl011_read(PL011_DR) & 0xff;
}

int pl011_getc(void)
{
	int c;

	do
		c = pl011_try_getc();
	while (c < 0);
	return c;
}
