#include "ipc/startup.h"

#include <atomic>

#include "abi/rights.h"
#include "ipc/ipc.h"

namespace ipc {

namespace {
const uint64_t* auxv;
}  // namespace

void set_auxv(const uint64_t* pairs) { auxv = pairs; }

uint64_t aux_value(uint64_t key) {
  for (const uint64_t* p = auxv; p && p[0] != 0; p += 2) {
    if (p[0] == key) return p[1];
  }
  return 0;
}

std::span<const Handle> startup_handles() {
  auto* handles = reinterpret_cast<const Handle*>(aux_value(abi::kAuxHandles));
  return handles ? std::span<const Handle>(handles, aux_value(abi::kAuxHandleCount)) : std::span<const Handle>();
}

Handle debug_console() {
  if (uint64_t passed = aux_value(abi::kAuxDebugConsole)) return static_cast<Handle>(passed);
  for (const abi::BootResource& r : boot_resources()) {
    if (r.type == static_cast<uint32_t>(abi::ObjectType::DebugConsole)) return r.handle;
  }
  return 0;
}

void announce_ready() {
  // Once only: after the close the handle's value may name something else.
  static std::atomic<uint32_t> announced{0};  // a word: RISC-V has no byte-wide amoswap
  auto end = static_cast<Handle>(aux_value(abi::kAuxReady));
  if (end == kInvalidHandle || announced.exchange(1)) return;
  const uint64_t none[4] = {};
  (void)channel_send(end, 0, none);  // init may be gone: nobody to tell
  (void)close(end);
}

}  // namespace ipc
