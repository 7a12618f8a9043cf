// SPDX-License-Identifier: GPL-2.0
/*
 * A GICv2 model, after ARM IHI 0048B (GIC architecture version 2.0):
 * chapter 3 (interrupt handling and prioritization) and chapter 4
 * (programmers' model). Every interrupt is Group 0 and signalled as IRQ
 * (GICD_IGROUPRn RAZ/WI, GICC_CTLR.FIQEn RAZ/WI); GICC_CTLR.EOImode is
 * RAZ/WI, so a GICC_EOIR write both drops the running priority and
 * deactivates (4.4.5).
 *
 * Access sizes (4.1.4): GICD_IPRIORITYRn, GICD_ITARGETSRn,
 * GICD_CPENDSGIRn and GICD_SPENDSGIRn take byte and word accesses, every
 * other register word accesses only. umbra's choice for any other access
 * (a halfword, a byte of a word-only register, an unaligned word, a
 * reserved offset): read as zero, writes ignored, like a reserved
 * register.
 */
#include "vgic.h"

/* GIC-400 identification (ARM DDI 0471B, 3.2 and 3.3) */
#define VGIC_GICD_IIDR		0x0200143b
#define VGIC_GICC_IIDR		0x0202143b

static const u8 vgic_id_regs[12] = {	/* GICD_PIDR4 .. GICD_CIDR3 */
	0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00,
	0x0d, 0xf0, 0x05, 0xb1,
};

static struct umbra_vgic_bits *vgic_bits(struct umbra_vgic *g, u32 cpu,
					 u32 word)
{
	return word ? &g->spi[word] : &g->cpu[cpu].priv;
}

static u8 *vgic_prio(struct umbra_vgic *g, u32 cpu, u32 intid)
{
	return intid < 32 ? &g->cpu[cpu].priority[intid] : &g->priority[intid];
}

static u32 vgic_pending_bits(const struct umbra_vgic_bits *b)
{
	return b->latch | (b->level & ~b->edge);
}

/**
 * umbra_vgic_init() - a GIC out of reset (4.3, reset values).
 * @g:       the model
 * @nr_irqs: interrupt IDs, a multiple of 32 in 64 .. UMBRA_VGIC_MAX_IRQS
 * @nr_cpus: CPU interfaces, 1 .. UMBRA_VGIC_NR_CPUS
 *
 * Everything disabled, inactive, not pending, priority 0; SGIs
 * edge-triggered, PPIs and SPIs level-sensitive; SPIs target no CPU.
 *
 * Return: 0, or -EINVAL for a bad @nr_irqs or @nr_cpus.
 */
int umbra_vgic_init(struct umbra_vgic *g, u32 nr_irqs, u32 nr_cpus)
{
	u32 i;

	if (nr_irqs < 64 || nr_irqs > UMBRA_VGIC_MAX_IRQS || nr_irqs % 32 ||
	    !nr_cpus || nr_cpus > UMBRA_VGIC_NR_CPUS)
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	g->nr_irqs = nr_irqs;
	g->nr_cpus = nr_cpus;
	for (i = 0; i < UMBRA_VGIC_NR_CPUS; i++) {
		g->cpu[i].priv.edge = 0xffff;	/* SGIs (4.3.13) */
		g->cpu[i].bpr = UMBRA_VGIC_MIN_BPR;
		g->cpu[i].abpr = UMBRA_VGIC_MIN_BPR + 1;
	}
	return 0;
}

/* The highest priority pending, enabled, inactive interrupt for @cpu. */
static u32 vgic_highest(const struct umbra_vgic *g, u32 cpu, u32 *prio)
{
	u32 best = UMBRA_VGIC_SPURIOUS, best_prio = 0x100, w;

	for (w = 0; w < g->nr_irqs / 32; w++) {
		const struct umbra_vgic_bits *b = w ? &g->spi[w] :
						  &g->cpu[cpu].priv;
		u32 cand = vgic_pending_bits(b) & b->enabled & ~b->active;

		if (w)
			cand &= g->spi_target[cpu][w];
		while (cand) {
			u32 bit = __builtin_ctz(cand), id = w * 32 + bit;
			u32 p = id < 32 ? g->cpu[cpu].priority[id] :
				g->priority[id];

			cand &= cand - 1;
			if (p < best_prio) {
				best_prio = p;
				best = id;
			}
		}
	}
	*prio = best_prio;
	return best;
}

/* Group priority mask for a binary point (3.3.3, Table 3-2). */
static u32 vgic_group_mask(u32 bpr)
{
	return (0xffu << (bpr + 1)) & 0xff;
}

static u32 vgic_running(const struct umbra_vgic_cpu *c)
{
	return c->nr_active ? c->ap_prio[c->nr_active - 1] : 0x100;
}

/*
 * The interrupt the CPU interface signals to @cpu (3.2.1, 3.3.4): the
 * highest priority pending one, if the distributor and the interface
 * are enabled, its priority is above GICC_PMR and its group priority
 * above the running priority's. UMBRA_VGIC_SPURIOUS otherwise.
 */
static u32 vgic_signalled_id(const struct umbra_vgic *g, u32 cpu)
{
	const struct umbra_vgic_cpu *c = &g->cpu[cpu];
	u32 prio, id, mask = vgic_group_mask(c->bpr);

	if (!(g->ctlr & 1) || !(c->ctlr & 1))
		return UMBRA_VGIC_SPURIOUS;
	id = vgic_highest(g, cpu, &prio);
	if (id == UMBRA_VGIC_SPURIOUS || prio >= c->pmr)
		return UMBRA_VGIC_SPURIOUS;
	if (c->nr_active && (prio & mask) >= (vgic_running(c) & mask))
		return UMBRA_VGIC_SPURIOUS;
	return id;
}

/**
 * umbra_vgic_signalled() - does the CPU interface signal an IRQ to the
 * processor (3.2.1, "the CPU interface ... signals the highest priority
 * pending interrupt ... if it has sufficient priority")?
 * @g:   the model
 * @cpu: the CPU interface, below @g->nr_cpus
 *
 * Return: true when a GICC_IAR read would acknowledge an interrupt.
 */
bool umbra_vgic_signalled(const struct umbra_vgic *g, u32 cpu)
{
	return vgic_signalled_id(g, cpu) != UMBRA_VGIC_SPURIOUS;
}

static void vgic_deactivate(struct umbra_vgic *g, u32 cpu, u32 intid)
{
	struct umbra_vgic_bits *b = vgic_bits(g, cpu, intid / 32);
	u32 bit = 1u << (intid % 32);

	if (!(b->active & bit))
		return;
	b->active &= ~bit;
	if (b->resample & bit) {
		b->level &= ~bit;
		g->deactivated[intid / 32] |= bit;
	}
}

/* GICC_IAR (4.4.4): acknowledge, as 3.2.4 describes the transitions. */
static u32 vgic_ack(struct umbra_vgic *g, u32 cpu)
{
	struct umbra_vgic_cpu *c = &g->cpu[cpu];
	u32 id = vgic_signalled_id(g, cpu), ret = id;
	struct umbra_vgic_bits *b;
	u32 bit;

	if (id == UMBRA_VGIC_SPURIOUS || c->nr_active >= UMBRA_VGIC_STACK)
		return UMBRA_VGIC_SPURIOUS;
	b = vgic_bits(g, cpu, id / 32);
	bit = 1u << (id % 32);
	if (id < 16) {
		u32 src = __builtin_ctz(c->sgi_src[id]);

		c->sgi_src[id] &= ~(1u << src);
		if (!c->sgi_src[id])
			b->latch &= ~bit;
		ret |= src << 10;
	} else {
		b->latch &= ~bit;
	}
	b->active |= bit;
	c->ap_prio[c->nr_active] = *vgic_prio(g, cpu, id);
	c->ap_intid[c->nr_active] = id;
	c->nr_active++;
	return ret;
}

/*
 * GICC_EOIR (4.4.5): priority drop of @val's interrupt, then its
 * deactivation. An ID that is not active on this interface is ignored
 * (the architecture leaves it UNPREDICTABLE).
 */
static void vgic_eoi(struct umbra_vgic *g, u32 cpu, u32 val)
{
	struct umbra_vgic_cpu *c = &g->cpu[cpu];
	u32 id = val & 0x3ff, i;

	if (id >= g->nr_irqs)
		return;
	for (i = c->nr_active; i-- > 0;) {
		if (c->ap_intid[i] != id)
			continue;
		memmove(&c->ap_prio[i], &c->ap_prio[i + 1],
			c->nr_active - i - 1);
		memmove(&c->ap_intid[i], &c->ap_intid[i + 1],
			(c->nr_active - i - 1) * sizeof(c->ap_intid[0]));
		c->nr_active--;
		vgic_deactivate(g, cpu, id);
		return;
	}
}

static void vgic_sgi_set(struct umbra_vgic *g, u32 target, u32 sgi, u32 src)
{
	struct umbra_vgic_cpu *c = &g->cpu[target];

	c->sgi_src[sgi] |= src;
	if (c->sgi_src[sgi])
		c->priv.latch |= 1u << sgi;
}

static void vgic_sgi_clear(struct umbra_vgic *g, u32 cpu, u32 sgi, u32 src)
{
	struct umbra_vgic_cpu *c = &g->cpu[cpu];

	c->sgi_src[sgi] &= ~src;
	if (!c->sgi_src[sgi])
		c->priv.latch &= ~(1u << sgi);
}

/* GICD_SGIR (4.3.15). */
static void vgic_sgir(struct umbra_vgic *g, u32 cpu, u32 val)
{
	u32 filter = (val >> 24) & 3, list = (val >> 16) & 0xff, t;

	if (filter == 1)
		list = ~(1u << cpu);
	else if (filter == 2)
		list = 1u << cpu;
	else if (filter == 3)
		return;
	for (t = 0; t < g->nr_cpus; t++)
		if (list & (1u << t))
			vgic_sgi_set(g, t, val & 0xf, 1u << cpu);
}

static void vgic_set_target(struct umbra_vgic *g, u32 intid, u8 targets)
{
	u32 t, bit = 1u << (intid % 32);

	targets &= (1u << g->nr_cpus) - 1;
	g->targets[intid] = targets;
	for (t = 0; t < g->nr_cpus; t++) {
		if (targets & (1u << t))
			g->spi_target[t][intid / 32] |= bit;
		else
			g->spi_target[t][intid / 32] &= ~bit;
	}
}

/* One byte of a byte-accessible register: value read, or written. */
static u32 vgic_dist_byte(struct umbra_vgic *g, u32 cpu, u32 off, bool write,
			  u32 val)
{
	u32 id, sgi;

	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + g->nr_irqs) {
		u8 *p = vgic_prio(g, cpu, off - GICD_IPRIORITYR);

		if (write)
			*p = val & UMBRA_VGIC_PRIO_MASK;
		return *p;
	}
	if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + g->nr_irqs) {
		id = off - GICD_ITARGETSR;
		if (id < 32)	/* read-only: the reading CPU (4.3.12) */
			return 1u << cpu;
		if (write)
			vgic_set_target(g, id, val);
		return g->targets[id];
	}
	if (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 16) {
		sgi = off & 0xf;
		if (write && off < GICD_SPENDSGIR)
			vgic_sgi_clear(g, cpu, sgi, val & 0xff);
		else if (write)
			vgic_sgi_set(g, cpu, sgi, val & 0xff);
		return g->cpu[cpu].sgi_src[sgi];
	}
	return 0;
}

static bool vgic_dist_byte_reg(u32 off)
{
	return (off >= GICD_IPRIORITYR && off < GICD_ICFGR) ||
	       (off >= GICD_CPENDSGIR && off < GICD_SPENDSGIR + 16);
}

/* The Int_config bits of GICD_ICFGRn (4.3.13): bit 2F+1 per interrupt. */
static u32 vgic_icfgr_read(struct umbra_vgic *g, u32 cpu, u32 n)
{
	u32 edge = vgic_bits(g, cpu, n / 2)->edge >> (16 * (n % 2)), r = 0, i;

	for (i = 0; i < 16; i++)
		if (edge & (1u << i))
			r |= 2u << (2 * i);
	return r;
}

static void vgic_icfgr_write(struct umbra_vgic *g, u32 cpu, u32 n, u32 val)
{
	struct umbra_vgic_bits *b = vgic_bits(g, cpu, n / 2);
	u32 i, bit;

	if (n == 0)		/* SGIs: always edge, read-only */
		return;
	for (i = 0; i < 16; i++) {
		bit = 1u << (16 * (n % 2) + i);
		if (val & (2u << (2 * i)))
			b->edge |= bit;
		else
			b->edge &= ~bit;
	}
}

/* Word registers of one bit per interrupt: set/clear-enable etc. */
static u32 vgic_dist_bitreg(struct umbra_vgic *g, u32 cpu, u32 off,
			    bool write, u32 val)
{
	u32 reg = off & ~0x7fu, w = (off & 0x7f) / 4, i;
	struct umbra_vgic_bits *b;

	if (w >= g->nr_irqs / 32)
		return 0;
	b = vgic_bits(g, cpu, w);
	switch (reg) {
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		if (write && reg == GICD_ISENABLER)
			b->enabled |= val;
		else if (write)
			b->enabled &= ~val;
		return b->enabled;
	case GICD_ISPENDR:
	case GICD_ICPENDR:
		if (!w)		/* SGIs: GICD_[SC]PENDSGIRn only (4.3.7) */
			val &= ~0xffffu;
		if (write && reg == GICD_ISPENDR)
			b->latch |= val;
		else if (write)
			b->latch &= ~val;
		return vgic_pending_bits(b);
	case GICD_ISACTIVER:
	case GICD_ICACTIVER:
		if (write && reg == GICD_ISACTIVER) {
			b->active |= val;
		} else if (write) {
			for (i = 0; i < 32; i++)
				if (val & (1u << i))
					vgic_deactivate(g, cpu, w * 32 + i);
		}
		return b->active;
	}
	return 0;	/* GICD_IGROUPRn: RAZ/WI, every interrupt Group 0 */
}

static u32 vgic_dist_access(struct umbra_vgic *g, u32 cpu, u32 off, u32 len,
			    bool write, u32 val)
{
	u32 r = 0, i;

	if (cpu >= g->nr_cpus || off >= UMBRA_VGIC_DIST_SIZE ||
	    (len != 1 && len != 4) || (off & (len - 1)))
		return 0;
	if (vgic_dist_byte_reg(off)) {
		for (i = 0; i < len; i++)
			r |= vgic_dist_byte(g, cpu, off + i, write,
					    (val >> (8 * i)) & 0xff) << (8 * i);
		return r;
	}
	if (len != 4)
		return 0;
	if (off >= GICD_IGROUPR && off < GICD_IPRIORITYR)
		return vgic_dist_bitreg(g, cpu, off, write, val);
	if (off >= GICD_ICFGR && off < GICD_ICFGR + g->nr_irqs / 4) {
		if (write)
			vgic_icfgr_write(g, cpu, (off - GICD_ICFGR) / 4, val);
		return vgic_icfgr_read(g, cpu, (off - GICD_ICFGR) / 4);
	}
	if (off >= GICD_PIDR4)
		return write ? 0 : vgic_id_regs[(off - GICD_PIDR4) / 4];
	switch (off) {
	case GICD_CTLR:
		if (write)
			g->ctlr = val & 1;
		return g->ctlr;
	case GICD_TYPER:	/* ITLinesNumber, CPUNumber (4.3.2) */
		return (g->nr_irqs / 32 - 1) | ((g->nr_cpus - 1) << 5);
	case GICD_IIDR:
		return VGIC_GICD_IIDR;
	case GICD_SGIR:
		if (write)
			vgic_sgir(g, cpu, val);
		return 0;
	}
	return 0;
}

/**
 * umbra_vgic_dist_read() - a distributor register read (4.3).
 * @g:   the model
 * @cpu: the reading CPU (banked registers, GICD_ITARGETSR0-7)
 * @off: byte offset in the 4 KiB distributor frame
 * @len: access size in bytes: 1, 2 or 4
 *
 * Return: the value; 0 for an access the register does not take (see
 * the top of this file).
 */
u32 umbra_vgic_dist_read(struct umbra_vgic *g, u32 cpu, u32 off, u32 len)
{
	return vgic_dist_access(g, cpu, off, len, false, 0);
}

/**
 * umbra_vgic_dist_write() - a distributor register write (4.3).
 * @g:   the model
 * @cpu: the writing CPU
 * @off: byte offset in the 4 KiB distributor frame
 * @len: access size in bytes: 1, 2 or 4
 * @val: the value, in the low @len bytes
 *
 * Read-only registers and fields ignore writes.
 */
void umbra_vgic_dist_write(struct umbra_vgic *g, u32 cpu, u32 off, u32 len,
			   u32 val)
{
	vgic_dist_access(g, cpu, off, len, true, val);
}

static u32 vgic_cpu_access(struct umbra_vgic *g, u32 cpu, u32 off, u32 len,
			   bool write, u32 val)
{
	struct umbra_vgic_cpu *c;
	u32 prio;

	if (cpu >= g->nr_cpus || len != 4 || (off & 3) ||
	    off >= UMBRA_VGIC_CPU_SIZE)
		return 0;
	c = &g->cpu[cpu];
	switch (off) {
	case GICC_CTLR:
		if (write)
			c->ctlr = val & 3;
		return c->ctlr;
	case GICC_PMR:
		if (write)
			c->pmr = val & UMBRA_VGIC_PRIO_MASK;
		return c->pmr;
	case GICC_BPR:
		if (write)
			c->bpr = (val & 7) < UMBRA_VGIC_MIN_BPR ?
				 UMBRA_VGIC_MIN_BPR : val & 7;
		return c->bpr;
	case GICC_ABPR:
		if (write)
			c->abpr = (val & 7) < UMBRA_VGIC_MIN_BPR + 1 ?
				  UMBRA_VGIC_MIN_BPR + 1 : val & 7;
		return c->abpr;
	case GICC_IAR:
		return write ? 0 : vgic_ack(g, cpu);
	case GICC_EOIR:
		if (write)
			vgic_eoi(g, cpu, val);
		return 0;
	case GICC_DIR:
		if (write && (val & 0x3ff) < g->nr_irqs)
			vgic_deactivate(g, cpu, val & 0x3ff);
		return 0;
	case GICC_RPR:
		return c->nr_active ? vgic_running(c) : 0xff;
	case GICC_HPPIR:
		if (!(g->ctlr & 1))
			return UMBRA_VGIC_SPURIOUS;
		return vgic_highest(g, cpu, &prio);
	case GICC_AIAR:
	case GICC_AHPPIR:	/* no Group 1 interrupt exists */
		return UMBRA_VGIC_SPURIOUS;
	case GICC_IIDR:
		return VGIC_GICC_IIDR;
	}
	return 0;	/* GICC_AEOIR, GICC_APRn, GICC_NSAPRn: RAZ/WI */
}

/**
 * umbra_vgic_cpu_read() - a CPU interface register read (4.4). Reading
 * GICC_IAR acknowledges an interrupt.
 * @g:   the model
 * @cpu: the CPU interface
 * @off: byte offset in the 8 KiB CPU interface frame
 * @len: access size in bytes; anything but 4 reads as zero
 *
 * Return: the value.
 */
u32 umbra_vgic_cpu_read(struct umbra_vgic *g, u32 cpu, u32 off, u32 len)
{
	return vgic_cpu_access(g, cpu, off, len, false, 0);
}

/**
 * umbra_vgic_cpu_write() - a CPU interface register write (4.4).
 * @g:   the model
 * @cpu: the CPU interface
 * @off: byte offset in the 8 KiB CPU interface frame
 * @len: access size in bytes; anything but 4 is ignored
 * @val: the value
 */
void umbra_vgic_cpu_write(struct umbra_vgic *g, u32 cpu, u32 off, u32 len,
			  u32 val)
{
	vgic_cpu_access(g, cpu, off, len, true, val);
}

/**
 * umbra_vgic_line() - drive the input line of a PPI or SPI (3.2.4).
 * @g:     the model
 * @cpu:   for a PPI, the CPU whose PPI it is; ignored for an SPI
 * @intid: 16 .. 31 (PPI) or 32 .. @g->nr_irqs - 1 (SPI)
 * @level: asserted
 *
 * An edge-triggered interrupt becomes pending on a rising edge; a
 * level-sensitive one is pending while the line is asserted.
 *
 * Return: 0; -EINVAL for an SGI, an ID beyond @g->nr_irqs or a bad @cpu.
 */
int umbra_vgic_line(struct umbra_vgic *g, u32 cpu, u32 intid, bool level)
{
	struct umbra_vgic_bits *b;
	u32 bit = 1u << (intid % 32);

	if (intid < 16 || intid >= g->nr_irqs ||
	    (intid < 32 && cpu >= g->nr_cpus))
		return -EINVAL;
	b = vgic_bits(g, cpu, intid / 32);
	if (level && !(b->level & bit) && (b->edge & bit))
		b->latch |= bit;
	if (level)
		b->level |= bit;
	else
		b->level &= ~bit;
	return 0;
}

/**
 * umbra_vgic_latch() - make a PPI or SPI pending as a GICD_ISPENDRn write
 * does (4.3.7): pending until acknowledged, whatever its trigger (an
 * edge-style event on a level-sensitive interrupt: an irqfd).
 * @g:     the model
 * @cpu:   for a PPI, the CPU whose PPI it is; ignored for an SPI
 * @intid: 16 .. 31 (PPI) or 32 .. @g->nr_irqs - 1 (SPI)
 *
 * Return: 0; -EINVAL as for umbra_vgic_line().
 */
int umbra_vgic_latch(struct umbra_vgic *g, u32 cpu, u32 intid)
{
	if (intid < 16 || intid >= g->nr_irqs ||
	    (intid < 32 && cpu >= g->nr_cpus))
		return -EINVAL;
	vgic_bits(g, cpu, intid / 32)->latch |= 1u << (intid % 32);
	return 0;
}

/**
 * umbra_vgic_set_resample() - make an SPI's deactivation deassert its
 * line and be recorded in @g->deactivated (a resampling irqfd).
 * @g:     the model
 * @intid: the SPI, 32 .. @g->nr_irqs - 1
 * @on:    resample or not
 */
void umbra_vgic_set_resample(struct umbra_vgic *g, u32 intid, bool on)
{
	struct umbra_vgic_bits *b;

	if (intid < 32 || intid >= g->nr_irqs)
		return;
	b = &g->spi[intid / 32];
	if (on)
		b->resample |= 1u << (intid % 32);
	else
		b->resample &= ~(1u << (intid % 32));
}
