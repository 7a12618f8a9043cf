// SPDX-License-Identifier: GPL-2.0
/*
 * umbra-vmm: the device bus: MMIO exits to device models, interrupt lines
 * to the VM's virtual GIC. See device.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "device.h"
#include "vmm.h"

/**
 * device_bus_init() - an empty bus with no interrupt controller
 * @bus: the bus
 *
 * A zeroed struct device_bus is the same empty bus.
 */
void device_bus_init(struct device_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
	bus->devices = g_ptr_array_new();
}

static void device_free(struct device *dev)
{
	if (dev->ops->destroy)
		dev->ops->destroy(dev);
	g_mutex_clear(&dev->lock);
	g_free(dev->name);
	g_free(dev);
}

/**
 * device_bus_destroy() - destroy every device of @bus, then the bus
 * @bus: the bus; may be zeroed (never initialised)
 */
void device_bus_destroy(struct device_bus *bus)
{
	guint i;

	if (!bus->devices)
		return;
	for (i = 0; i < bus->devices->len; i++)
		device_free(g_ptr_array_index(bus->devices, i));
	g_ptr_array_free(bus->devices, TRUE);
	bus->devices = NULL;
}

/**
 * device_new() - allocate a device instance (not yet registered)
 * @ops:  the model
 * @name: instance name (copied)
 * @base: IPA of the register window
 * @size: size of the window in bytes
 * @irq:  UMBRA_IRQ_SPI(intid) of its interrupt, or DEVICE_NO_IRQ
 * @priv: the model's state, freed by @ops->destroy
 *
 * Return: the device (never NULL: glib aborts when out of memory).
 */
struct device *device_new(const struct device_ops *ops, const char *name,
			  uint64_t base, uint64_t size, uint32_t irq,
			  void *priv)
{
	struct device *dev = g_new0(struct device, 1);

	dev->ops = ops;
	dev->name = g_strdup(name);
	dev->base = base;
	dev->size = size;
	dev->irq = irq;
	dev->priv = priv;
	g_mutex_init(&dev->lock);
	return dev;
}

/**
 * device_register() - put @dev on @bus and reset it
 * @bus:   the bus, which takes ownership of @dev on success
 * @dev:   from device_new()
 * @error: return location for a G_OPTION_ERROR (a configuration error)
 *
 * Return: TRUE; FALSE with @error set (and @dev freed) if the window is
 * empty, wraps past 4 GiB or overlaps a device already on @bus.
 */
gboolean device_register(struct device_bus *bus, struct device *dev,
			 GError **error)
{
	guint i;

	if (!bus->devices)
		bus->devices = g_ptr_array_new();
	if (!dev->size || dev->base + dev->size > (1ull << 32) ||
	    dev->base + dev->size < dev->base) {
		g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
			    "device %s (%s): window [0x%08" PRIx64 ", +0x%" PRIx64 ") is empty or ends above 4 GiB",
			    dev->name, dev->ops->model, dev->base, dev->size);
		device_free(dev);
		return FALSE;
	}
	for (i = 0; i < bus->devices->len; i++) {
		struct device *d = g_ptr_array_index(bus->devices, i);

		if (dev->base < d->base + d->size &&
		    d->base < dev->base + dev->size) {
			g_set_error(error, G_OPTION_ERROR,
				    G_OPTION_ERROR_BAD_VALUE,
				    "device %s (%s) at [0x%08" PRIx64 ", 0x%08" PRIx64 ") overlaps device %s at [0x%08" PRIx64 ", 0x%08" PRIx64 ")",
				    dev->name, dev->ops->model, dev->base,
				    dev->base + dev->size, d->name, d->base,
				    d->base + d->size);
			device_free(dev);
			return FALSE;
		}
	}
	dev->bus = bus;
	if (!bus->devices)
		bus->devices = g_ptr_array_new();
	g_ptr_array_add(bus->devices, dev);
	if (dev->ops->reset)
		dev->ops->reset(dev);
	return TRUE;
}

/**
 * device_find() - the device whose window holds [@ipa, @ipa + @len)
 * @bus: the bus
 * @ipa: IPA of the first byte accessed
 * @len: bytes accessed
 *
 * Return: the device, or NULL if no device holds the whole access.
 */
struct device *device_find(struct device_bus *bus, uint64_t ipa,
			   uint32_t len)
{
	guint i;

	for (i = 0; bus->devices && i < bus->devices->len; i++) {
		struct device *d = g_ptr_array_index(bus->devices, i);

		if (ipa >= d->base && ipa - d->base + len <= d->size)
			return d;
	}
	return NULL;
}

/**
 * device_bus_mmio() - serve a UMBRA_EXIT_MMIO from a device model
 * @bus: the VM's bus
 * @run: the vCPU's struct umbra_run with exit_reason UMBRA_EXIT_MMIO
 *
 * The bytes of @run->mmio.data are in guest address order; device
 * registers are little-endian, so the value is assembled little-endian
 * whatever the guest's CPSR.E (as a little-endian device on a big-endian
 * bus would see them). A load's result is stored back into
 * @run->mmio.data for the next UMBRA_RUN to complete.
 *
 * Return: true if a device served the access; false if no device holds
 * it or its size is not 1, 2 or 4 bytes (the caller reports it).
 */
bool device_bus_mmio(struct device_bus *bus, struct umbra_run *run)
{
	uint32_t len = run->mmio.len, off, val = 0, i;
	struct device *dev;

	if (len != 1 && len != 2 && len != 4)
		return false;
	dev = device_find(bus, run->mmio.phys_addr, len);
	if (!dev)
		return false;
	off = (uint32_t)(run->mmio.phys_addr - dev->base);
	if (run->mmio.is_write) {
		for (i = 0; i < len; i++)
			val |= (uint32_t)run->mmio.data[i] << (8 * i);
		dev->ops->write(dev, off, len, val);
	} else {
		val = dev->ops->read(dev, off, len);
		for (i = 0; i < len; i++)
			run->mmio.data[i] = (uint8_t)(val >> (8 * i));
	}
	return true;
}

/**
 * device_set_irq() - drive @dev's interrupt output to @level
 * @dev:   the device, with device_lock() held (level changes are ordered)
 * @level: 1 asserted, 0 deasserted
 *
 * Calls the bus's set_irq (UMBRA_IRQ_LINE) only when the level changes;
 * does nothing for a device without an interrupt or a bus without an
 * interrupt controller. A failure is reported on stderr once per device.
 */
void device_set_irq(struct device *dev, int level)
{
	struct device_bus *bus = dev->bus;
	int ret;

	level = !!level;
	if (level == dev->irq_level)
		return;
	dev->irq_level = level;
	if (dev->irq == DEVICE_NO_IRQ || !bus || !bus->set_irq)
		return;
	ret = bus->set_irq(bus->irq_opaque, dev->irq, level);
	if (ret < 0)
		fprintf(stderr, "%s: device %s: UMBRA_IRQ_LINE irq %u level %d: %s\n",
			VMM_NAME, dev->name, dev->irq, level, g_strerror(-ret));
}
