// The right to power the machine off. The kernel makes one at boot and gives
// init the only handle; poweroff needs it (with the write right).
#pragma once

#include "object/object.h"

namespace kernel {

class Power final : public KernelObject {
 public:
  Power() : KernelObject(ObjectType::Power, sizeof(Power)) {}
};

template <>
struct ObjectTypeOf<Power> {
  static constexpr ObjectType value = ObjectType::Power;
};

}  // namespace kernel
