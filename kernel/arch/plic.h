// The platform-level interrupt controller. Every hart has an S-mode
// context of its own (its enable bits, threshold and claim register); a
// source is routed to one hart by the enable bit in that hart's context.
// All device sources go to the boot hart (docs/kernel.md "Several harts":
// under the big kernel lock another hart would not handle them sooner).
// A hart claims and completes through its own context, so an interrupt is
// always completed where it was claimed.
#pragma once

#include <cstdint>

namespace kernel::plic {

// On the boot hart: every source off, at priority 0; its context open.
void init(uint64_t base, uint32_t source_count, uint64_t hart_id);
// On each other hart: its context with no source enabled, open.
void init_hart(uint64_t hart_id);
// Routes a source to the boot hart (enable bit and priority) or takes it
// away.
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
// The highest-priority pending source routed to this hart, or 0.
uint32_t claim();
// Completes a source this hart claimed.
void complete(uint32_t irq);

}  // namespace kernel::plic
