// What init is given at start besides its arguments: the boot resources the
// kernel created (every device's MMIO range and IRQ, and power), read from
// the auxiliary vector (docs/abi.md). The handles a spawner passes to any
// program are ipc::startup_handles() in ipc/process.h.
#pragma once

#include <sys/auxv.h>

#include <span>

#include "abi/syscall.h"

namespace ipc {

// init's boot resources; empty in any other program.
inline std::span<const abi::BootResource> boot_resources() {
  auto* resources = reinterpret_cast<const abi::BootResource*>(getauxval(abi::kAuxBootInfo));
  return {resources, resources ? getauxval(abi::kAuxBootInfoCount) : 0};
}

}  // namespace ipc
