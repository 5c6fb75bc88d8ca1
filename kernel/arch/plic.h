// The platform-level interrupt controller, as seen from this hart's S-mode
// context.
#pragma once

#include <cstdint>

namespace kernel::plic {

void init(uint64_t base, uint32_t source_count, uint64_t hart_id);
// Routes a source to this hart (enable bit and priority) or takes it away.
void enable(uint32_t irq);
void disable(uint32_t irq);
// Masks and unmasks a routed source through its priority (0 never
// interrupts). Unmasking through the priority, not the enable bit, is what
// makes the PLIC re-evaluate its output at once: QEMU's PLIC recomputes it
// on a priority write, so an interrupt that arrived while the source was
// masked is signalled now instead of never (Linux's PLIC driver masks the
// same way).
void mask(uint32_t irq);
void unmask(uint32_t irq);
// The highest-priority pending source, or 0.
uint32_t claim();
void complete(uint32_t irq);

}  // namespace kernel::plic
