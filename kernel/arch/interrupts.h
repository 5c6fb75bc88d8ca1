// Interrupt handling: the SBI timer and external interrupts from the PLIC.
// The kernel runs with interrupts masked; they are taken in user mode, or
// polled by the idle thread after wfi.
#pragma once

#include <cstdint>

namespace kernel {

using IrqHandler = void (*)(uint32_t irq, void* context);

void interrupts_init(uint64_t plic_base, uint32_t source_count);
// Routes a PLIC source to handler and unmasks it.
bool irq_register(uint32_t irq, IrqHandler handler, void* context);
// Handles one interrupt by its scause code.
void handle_interrupt(uint64_t code);
// Handles whatever is pending in sip (idle loop).
void poll_interrupts();

}  // namespace kernel
