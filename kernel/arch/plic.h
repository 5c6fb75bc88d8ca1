// The platform-level interrupt controller. Every hart has an S-mode
// context of its own (its enable bits, threshold and claim register); a
// source is routed to one hart at a time by the enable bit in that hart's
// context (docs/kernel.md "Device interrupts": a bound source follows its
// driver's thread, the kernel's own go to the boot hart). A hart claims and
// completes through its own context, under the big kernel lock, and no
// source is moved between its claim and its completion, so an interrupt is
// always completed where it was claimed (a completion to a context the
// source is not enabled in is ignored by the PLIC).
#pragma once

#include <cstdint>

namespace kernel::plic {

// On the boot hart: every source off, at priority 0; its context open.
void init(uint64_t base, uint32_t source_count, uint64_t hart_id);
// On each other hart: its context with no source enabled, open.
void init_hart(uint64_t hart_id);
// Routes a source to a hart (its enable bit there, taken away from the hart
// it went to before), leaving its mask as it is.
void route(uint32_t irq, uint64_t hart_id);
// Routes a source to a hart and unmasks it; disable masks it and routes it
// nowhere.
void enable(uint32_t irq, uint64_t hart_id);
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
