// Interrupt handling: the SBI timer, IPIs (supervisor software interrupts)
// and external interrupts from the PLIC, on every hart. A device source
// goes to one hart at a time: the kernel's own to the boot hart, a bound
// one to the hart of the driver thread that last bound or acknowledged it
// (docs/kernel.md "Device interrupts"). The kernel runs with interrupts
// masked; they are taken in user mode, or polled by the idle thread after
// wfi.
#pragma once

#include <cstdint>

namespace kernel {

using IrqHandler = void (*)(uint32_t irq, void* context);
// Puts a device back in the state its kernel handler expects (a dead
// driver may have left other interrupt causes enabled).
using IrqReset = void (*)(void* context);

void interrupts_init(uint64_t plic_base, uint32_t source_count);
// On every other hart: its timer, IPIs and device interrupts.
void interrupts_init_hart();
// Routes a PLIC source to a handler of the kernel's own (the console
// input), on the boot hart, and unmasks it; reset runs whenever the kernel
// takes it back.
bool irq_register(uint32_t irq, IrqHandler handler, void* context, IrqReset reset);
// A bound Irq object takes the source over from the kernel's handler,
// routed to the calling hart (false if there is no such source) ...
bool irq_claim(uint32_t irq, IrqHandler handler, void* context);
// ... until it gives it back: the kernel's handler, if any, gets it again
// after its reset; otherwise the source is masked and unrouted, so a device
// left asserting its line by a dead driver cannot storm.
void irq_release(uint32_t irq);
// Handles one interrupt by its scause code.
void handle_interrupt(uint64_t code);
// Handles whatever is pending in sip (idle loop).
void poll_interrupts();

}  // namespace kernel
