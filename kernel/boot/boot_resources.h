// The root capabilities: at boot the kernel makes an object for every device
// the device tree lists (an MmioRange for its registers, an Irq for its
// interrupt), an MmioRange over the boot archive ("bootfs"), the Power
// object, the DmaCapability ("dma") and the DebugConsole ("debug"), and gives init, and nobody else, a handle
// to each. init learns what they are from auxv (abi::kAuxBootInfo: an array
// of abi::BootResource on its stack) and hands them on to the drivers.
//
// Invariant: there is exactly one Irq object per PLIC source, so whoever
// binds it owns the source.
#pragma once

#include <span>
#include <string_view>

#include "lib/fdt.h"
#include "object/ref_ptr.h"
#include "result.h"

namespace kernel {

class Process;

// Starts init from the boot archive with argv_block and the boot resources
// of boot.
Result<RefPtr<Process>> spawn_init(std::string_view path, std::span<const char> argv_block, const BootFacts& boot);

}  // namespace kernel
