// The thread dump (syscall debug_threads): every hart and every thread
// printed to the debug console, so a watchdog that sees progress stop can
// show where each thread stands (docs/kernel.md, "The thread dump").
#pragma once

namespace kernel {

// Prints the dump; runs under the big kernel lock, so it is one consistent
// picture of the whole kernel.
void dump_threads();

}  // namespace kernel
