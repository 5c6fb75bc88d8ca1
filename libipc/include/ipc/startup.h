// What a program is given at start besides argv and envp: the auxiliary
// vector (docs/abi.md), with the handles its spawner passed and, for init,
// the boot resources the kernel created. libc's start-up hands libipc the
// vector before any constructor runs.
#pragma once

#include <cstdint>
#include <span>

#include "abi/syscall.h"

namespace ipc {

using Handle = uint32_t;

// Called once by the C runtime with the (key, value) pairs ending in key 0.
void set_auxv(const uint64_t* pairs);

// The value of the entry with that key, or 0 if there is none.
uint64_t aux_value(uint64_t key);

// The handles this process was started with, in the order they were passed.
std::span<const Handle> startup_handles();

// The debug console (a DebugConsole handle for sys::debug_write): the copy
// the spawner passed (kAuxDebugConsole), or init's boot resource; 0 if this
// program was given none.
Handle debug_console();

// init's boot resources; empty in any other program.
inline std::span<const abi::BootResource> boot_resources() {
  auto* resources = reinterpret_cast<const abi::BootResource*>(aux_value(abi::kAuxBootInfo));
  return {resources, resources ? aux_value(abi::kAuxBootInfoCount) : 0};
}

}  // namespace ipc
