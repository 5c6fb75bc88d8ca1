// What File.setAttributes (idl/fs.capnp) changes: the fields whose bit is
// in its `set` argument.
#pragma once

#include <cstdint>

namespace ipc::attribute_bits {

constexpr uint32_t kMode = 1;
constexpr uint32_t kAtime = 2;
constexpr uint32_t kMtime = 4;

}  // namespace ipc::attribute_bits
