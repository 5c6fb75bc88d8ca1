// The right to write the kernel's debug console. Each debug_write holds
// the kernel for up to 256 bytes, one SBI call a byte, so the kernel makes
// one at boot and gives only init a handle; init hands copies to the
// programs that print before /dev/console exists (docs/abi.md, "The debug
// console").
#pragma once

#include "object/object.h"

namespace kernel {

class DebugConsole final : public KernelObject {
 public:
  DebugConsole() : KernelObject(ObjectType::DebugConsole, sizeof(DebugConsole)) {}
};

template <>
struct ObjectTypeOf<DebugConsole> {
  static constexpr ObjectType value = ObjectType::DebugConsole;
};

}  // namespace kernel
