// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: a flattened device tree per guest (libfdt's sequential write
 * interface). #address-cells = #size-cells = 1: IPAs are 32-bit.
 *
 *   /                  compatible "umbra,virt", model "umbra guest NAME"
 *   /chosen            bootargs, stdout-path, linux,initrd-start/-end
 *   /aliases           serial0
 *   /memory@IPA        one per RAM region, device_type "memory"
 *   /reserved-memory   one child NAME@IPA per shared region the guest maps:
 *                      compatible "umbra,shared-region", reg, no-map,
 *                      umbra,name = NAME, umbra,role = "writer"|"reader",
 *                      umbra,writer = the writer guest's NAME
 *   /cpus/cpu@0
 *   /intc@8000000      arm,cortex-a15-gic: GICD 4 KiB, GICC 8 KiB
 *   /timer             arm,armv7-timer: PPIs 13, 14, 11 (INTID 27, the
 *                      virtual timer), 10, level high, CPU 0
 *   /apb-pclk          fixed-clock, 24 MHz (the PL011's uartclk, apb_pclk)
 *   /pl011@9000000     arm,pl011 + arm,primecell, SPI 1 (INTID 33)
 *   /NAME@IPA          each assigned [device NAME]
 *
 * GIC interrupt specifiers (Linux
 * Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml):
 * <type number flags>, type 0 = SPI, 1 = PPI; flags 4 = level high, PPI
 * bits [15:8] = CPU mask.
 */
#include <inttypes.h>
#include <string.h>

#include <libfdt.h>

#include "dt.h"
#include "image.h"
#include "vmm.h"

#define DT_ROOM		(64u << 10)
#define IRQ_LEVEL_HIGH	4
#define PPI_CPU0	(1u << 8)

static int prop_cells(void *fdt, const char *name, const uint32_t *v,
		      size_t n)
{
	fdt32_t *cells = g_new(fdt32_t, n);
	size_t i;
	int ret;

	for (i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	ret = fdt_property(fdt, name, cells, n * sizeof(*cells));
	g_free(cells);
	return ret;
}

static int prop_reg(void *fdt, uint64_t ipa, uint64_t size)
{
	uint32_t reg[2] = { (uint32_t)ipa, (uint32_t)size };

	return prop_cells(fdt, "reg", reg, 2);
}

static int prop_strings(void *fdt, const char *name, char **list)
{
	GString *s = g_string_new(NULL);
	int ret;

	for (; *list; list++)
		g_string_append_len(s, *list, strlen(*list) + 1);
	ret = fdt_property(fdt, name, s->str, s->len);
	g_string_free(s, TRUE);
	return ret;
}

static int begin_node_at(void *fdt, const char *name, uint64_t ipa)
{
	char *n = g_strdup_printf("%s@%" PRIx64, name, ipa);
	int ret = fdt_begin_node(fdt, n);

	g_free(n);
	return ret;
}

static int write_chosen(void *fdt, const struct sys_guest *g,
			uint64_t initrd, uint64_t initrd_size)
{
	int ret = fdt_begin_node(fdt, "chosen");

	if (!ret && g->bootargs)
		ret = fdt_property_string(fdt, "bootargs", g->bootargs);
	if (!ret)
		ret = fdt_property_string(fdt, "stdout-path", DT_UART_PATH);
	if (!ret && initrd_size) {
		ret = fdt_property_u32(fdt, "linux,initrd-start", initrd);
		if (!ret)
			ret = fdt_property_u32(fdt, "linux,initrd-end",
					       initrd + initrd_size);
	}
	if (!ret)
		ret = fdt_end_node(fdt);
	if (!ret)
		ret = fdt_begin_node(fdt, "aliases");
	if (!ret)
		ret = fdt_property_string(fdt, "serial0", DT_UART_PATH);
	if (!ret)
		ret = fdt_end_node(fdt);
	return ret;
}

static int write_memory(void *fdt, const struct sys_guest *g)
{
	guint i;
	int ret = 0;

	for (i = 0; !ret && i < g->ram->len; i++) {
		const struct sys_region *r = &g_array_index(g->ram,
							    struct sys_region,
							    i);

		ret = begin_node_at(fdt, "memory", r->ipa);
		if (!ret)
			ret = fdt_property_string(fdt, "device_type",
						  "memory");
		if (!ret)
			ret = prop_reg(fdt, r->ipa, r->size);
		if (!ret)
			ret = fdt_end_node(fdt);
	}
	return ret;
}

static int write_shared(void *fdt, const struct system *sys, guint gi)
{
	bool begun = false;
	guint i, j;
	int ret = 0;

	for (i = 0; !ret && i < sys->shared->len; i++) {
		const struct sys_shared *sh = sys->shared->pdata[i];
		const struct sys_guest *w = sys->guests->pdata[sh->writer];
		bool reader = false;

		for (j = 0; j < sh->readers->len; j++)
			reader |= g_array_index(sh->readers, guint, j) == gi;
		if (sh->writer != gi && !reader)
			continue;
		if (!begun) {
			ret = fdt_begin_node(fdt, "reserved-memory");
			if (!ret)
				ret = fdt_property_u32(fdt, "#address-cells", 1);
			if (!ret)
				ret = fdt_property_u32(fdt, "#size-cells", 1);
			if (!ret)
				ret = fdt_property(fdt, "ranges", NULL, 0);
			begun = true;
		}
		if (!ret)
			ret = begin_node_at(fdt, sh->name, sh->ipa[gi]);
		if (!ret)
			ret = fdt_property_string(fdt, "compatible",
						  DT_SHARED_COMPATIBLE);
		if (!ret)
			ret = prop_reg(fdt, sh->ipa[gi], sh->size);
		if (!ret)
			ret = fdt_property(fdt, "no-map", NULL, 0);
		if (!ret)
			ret = fdt_property_string(fdt, "umbra,name", sh->name);
		if (!ret)
			ret = fdt_property_string(fdt, "umbra,role",
						  sh->writer == gi ? "writer" :
						  "reader");
		if (!ret)
			ret = fdt_property_string(fdt, "umbra,writer", w->name);
		if (!ret)
			ret = fdt_end_node(fdt);
	}
	if (!ret && begun)
		ret = fdt_end_node(fdt);
	return ret;
}

static int write_cpus(void *fdt)
{
	int ret = fdt_begin_node(fdt, "cpus");

	if (!ret)
		ret = fdt_property_u32(fdt, "#address-cells", 1);
	if (!ret)
		ret = fdt_property_u32(fdt, "#size-cells", 0);
	if (!ret)
		ret = fdt_begin_node(fdt, "cpu@0");
	if (!ret)
		ret = fdt_property_string(fdt, "device_type", "cpu");
	if (!ret)
		ret = fdt_property_string(fdt, "compatible", "arm,cortex-a15");
	if (!ret)
		ret = fdt_property_u32(fdt, "reg", 0);
	if (!ret)
		ret = fdt_end_node(fdt);
	if (!ret)
		ret = fdt_end_node(fdt);
	return ret;
}

static int write_platform(void *fdt)
{
	const uint32_t gic_reg[] = {
		SYS_GICD_BASE, SYS_GICD_SIZE, SYS_GICC_BASE, SYS_GICC_SIZE
	};
	const uint32_t timer_irqs[] = {
		1, 13, PPI_CPU0 | IRQ_LEVEL_HIGH,	/* secure physical */
		1, 14, PPI_CPU0 | IRQ_LEVEL_HIGH,	/* non-secure physical */
		1, SYS_TIMER_PPI - 16, PPI_CPU0 | IRQ_LEVEL_HIGH, /* virtual */
		1, 10, PPI_CPU0 | IRQ_LEVEL_HIGH,	/* hypervisor */
	};
	const uint32_t uart_irq[] = { 0, SYS_UART_SPI, IRQ_LEVEL_HIGH };
	const uint32_t clocks[] = { DT_PHANDLE_CLK, DT_PHANDLE_CLK };
	static const char clock_names[] = "uartclk\0apb_pclk";
	static const char uart_compat[] = "arm,pl011\0arm,primecell";
	int ret;

	ret = begin_node_at(fdt, "intc", SYS_GICD_BASE);
	if (!ret)
		ret = fdt_property_string(fdt, "compatible",
					  "arm,cortex-a15-gic");
	if (!ret)
		ret = fdt_property_u32(fdt, "#interrupt-cells", 3);
	if (!ret)
		ret = fdt_property(fdt, "interrupt-controller", NULL, 0);
	if (!ret)
		ret = prop_cells(fdt, "reg", gic_reg, G_N_ELEMENTS(gic_reg));
	if (!ret)
		ret = fdt_property_u32(fdt, "phandle", DT_PHANDLE_GIC);
	if (!ret)
		ret = fdt_end_node(fdt);

	if (!ret)
		ret = fdt_begin_node(fdt, "timer");
	if (!ret)
		ret = fdt_property_string(fdt, "compatible",
					  "arm,armv7-timer");
	if (!ret)
		ret = prop_cells(fdt, "interrupts", timer_irqs,
				 G_N_ELEMENTS(timer_irqs));
	if (!ret)
		ret = fdt_end_node(fdt);

	if (!ret)
		ret = fdt_begin_node(fdt, "apb-pclk");
	if (!ret)
		ret = fdt_property_string(fdt, "compatible", "fixed-clock");
	if (!ret)
		ret = fdt_property_u32(fdt, "#clock-cells", 0);
	if (!ret)
		ret = fdt_property_u32(fdt, "clock-frequency",
				       DT_UART_CLOCK_HZ);
	if (!ret)
		ret = fdt_property_string(fdt, "clock-output-names",
					  "clk24mhz");
	if (!ret)
		ret = fdt_property_u32(fdt, "phandle", DT_PHANDLE_CLK);
	if (!ret)
		ret = fdt_end_node(fdt);

	if (!ret)
		ret = begin_node_at(fdt, "pl011", SYS_UART_BASE);
	if (!ret)
		ret = fdt_property(fdt, "compatible", uart_compat,
				   sizeof(uart_compat));
	if (!ret)
		ret = prop_reg(fdt, SYS_UART_BASE, SYS_UART_SIZE);
	if (!ret)
		ret = prop_cells(fdt, "interrupts", uart_irq, 3);
	if (!ret)
		ret = prop_cells(fdt, "clocks", clocks, 2);
	if (!ret)
		ret = fdt_property(fdt, "clock-names", clock_names,
				   sizeof(clock_names));
	if (!ret)
		ret = fdt_end_node(fdt);
	return ret;
}

static int write_devices(void *fdt, const struct system *sys, guint gi)
{
	guint i;
	int ret = 0;

	for (i = 0; !ret && i < sys->devices->len; i++) {
		const struct sys_device *d = sys->devices->pdata[i];
		const uint32_t irq[] = { 0, d->spi, IRQ_LEVEL_HIGH };

		if (d->owner != (int)gi)
			continue;
		ret = begin_node_at(fdt, d->name, d->reg.ipa);
		if (!ret)
			ret = prop_strings(fdt, "compatible", d->compatible);
		if (!ret)
			ret = prop_reg(fdt, d->reg.ipa, d->reg.size);
		if (!ret && d->spi >= 0)
			ret = prop_cells(fdt, "interrupts", irq, 3);
		if (!ret)
			ret = fdt_end_node(fdt);
	}
	return ret;
}

/**
 * dt_build() - write the device tree blob of one guest
 * @sys:         a validated system (system_load())
 * @guest:       index of the guest in @sys->guests
 * @initrd:      IPA of its initrd, for /chosen
 * @initrd_size: size of the initrd in bytes, 0 for none (no initrd
 *               properties)
 * @size:        set to the blob's size in bytes (totalsize), at most
 *               64 KiB
 * @error:       return location for an IMAGE_ERROR, or NULL
 *
 * Return: the blob (g_free() it), or NULL with @error set
 * (IMAGE_ERROR_FIT) if libfdt fails, i.e. the tree exceeds 64 KiB.
 */
void *dt_build(const struct system *sys, guint guest, uint64_t initrd,
	       uint64_t initrd_size, size_t *size, GError **error)
{
	const struct sys_guest *g = sys->guests->pdata[guest];
	void *fdt = g_malloc0(DT_ROOM);
	char *model = g_strdup_printf("umbra guest %s", g->name);
	int ret;

	ret = fdt_create(fdt, DT_ROOM);
	if (!ret)
		ret = fdt_finish_reservemap(fdt);
	if (!ret)
		ret = fdt_begin_node(fdt, "");
	if (!ret)
		ret = fdt_property_string(fdt, "compatible", "umbra,virt");
	if (!ret)
		ret = fdt_property_string(fdt, "model", model);
	if (!ret)
		ret = fdt_property_u32(fdt, "#address-cells", 1);
	if (!ret)
		ret = fdt_property_u32(fdt, "#size-cells", 1);
	if (!ret)
		ret = fdt_property_u32(fdt, "interrupt-parent",
				       DT_PHANDLE_GIC);
	if (!ret)
		ret = write_chosen(fdt, g, initrd, initrd_size);
	if (!ret)
		ret = write_memory(fdt, g);
	if (!ret)
		ret = write_shared(fdt, sys, guest);
	if (!ret)
		ret = write_cpus(fdt);
	if (!ret)
		ret = write_platform(fdt);
	if (!ret)
		ret = write_devices(fdt, sys, guest);
	if (!ret)
		ret = fdt_end_node(fdt);
	if (!ret)
		ret = fdt_finish(fdt);
	g_free(model);
	if (ret) {
		g_set_error(error, IMAGE_ERROR, IMAGE_ERROR_FIT,
			    "device tree of guest '%s': %s", g->name,
			    fdt_strerror(ret));
		g_free(fdt);
		return NULL;
	}
	*size = fdt_totalsize(fdt);
	return fdt;
}
