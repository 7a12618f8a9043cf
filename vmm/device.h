/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umbra-vmm: device models served on MMIO exits.
 *
 * A model is one file (vmm/devices/NAME.c) providing a struct device_ops;
 * an instance is a struct device covering [@base, @base + @size) of the
 * guest's IPA space, registered on the VM's struct device_bus. The bus
 * dispatches each UMBRA_EXIT_MMIO inside a device to its read or write
 * callback, from the vCPU thread. A model whose state is also changed from
 * the main loop (host input) takes device_lock() around every access, and
 * changes its interrupt line with device_set_irq() under that lock.
 */
#ifndef UMBRA_VMM_DEVICE_H
#define UMBRA_VMM_DEVICE_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>
#include <linux/umbra.h>

struct device;

/**
 * struct device_ops - a device model
 * @model:   model name for messages, e.g. "pl011"
 * @read:    a guest load of @size bytes (1, 2 or 4) at byte @offset into the
 *           device; returns the value (the low @size bytes are used)
 * @write:   a guest store of @size bytes of @value at byte @offset
 * @reset:   put the device in its reset state (called at registration)
 * @destroy: free the model's private data (may be NULL)
 */
struct device_ops {
	const char *model;
	uint32_t (*read)(struct device *dev, uint32_t offset,
			 unsigned int size);
	void (*write)(struct device *dev, uint32_t offset, unsigned int size,
		      uint32_t value);
	void (*reset)(struct device *dev);
	void (*destroy)(struct device *dev);
};

#define DEVICE_NO_IRQ	UINT32_MAX

/**
 * typedef device_irq_fn - set an interrupt line of the VM
 * @opaque: the bus's @irq_opaque
 * @irq:    UMBRA_IRQ_SPI(intid)
 * @level:  1 asserted, 0 deasserted
 *
 * Return: 0, or a negative errno (message printed by the bus).
 */
typedef int (*device_irq_fn)(void *opaque, uint32_t irq, int level);

/**
 * struct device_bus - the devices of one VM
 * @devices:    struct device pointers, owned
 * @set_irq:    how to change an interrupt line, or NULL when the VM has no
 *              interrupt controller (devices then work polled only)
 * @irq_opaque: argument of @set_irq
 */
struct device_bus {
	GPtrArray *devices;
	device_irq_fn set_irq;
	void *irq_opaque;
};

/**
 * struct device - a device instance
 * @ops:       its model
 * @name:      instance name for messages, e.g. "uart0"
 * @base:      IPA of its first register
 * @size:      size of its register window in bytes
 * @irq:       UMBRA_IRQ_SPI(intid) of its interrupt output, or DEVICE_NO_IRQ
 * @irq_level: the level last set on @irq
 * @bus:       the bus it is registered on
 * @lock:      protects the model's state against the main loop
 * @priv:      the model's state
 */
struct device {
	const struct device_ops *ops;
	char *name;
	uint64_t base;
	uint64_t size;
	uint32_t irq;
	int irq_level;
	struct device_bus *bus;
	GMutex lock;
	void *priv;
};

void device_bus_init(struct device_bus *bus);
void device_bus_destroy(struct device_bus *bus);
struct device *device_new(const struct device_ops *ops, const char *name,
			  uint64_t base, uint64_t size, uint32_t irq,
			  void *priv);
gboolean device_register(struct device_bus *bus, struct device *dev,
			 GError **error);
struct device *device_find(struct device_bus *bus, uint64_t ipa,
			   uint32_t len);
bool device_bus_mmio(struct device_bus *bus, struct umbra_run *run);
void device_set_irq(struct device *dev, int level);

static inline void device_lock(struct device *dev)
{
	g_mutex_lock(&dev->lock);
}

static inline void device_unlock(struct device *dev)
{
	g_mutex_unlock(&dev->lock);
}

#endif /* UMBRA_VMM_DEVICE_H */
