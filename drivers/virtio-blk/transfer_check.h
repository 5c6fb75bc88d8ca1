// The checks every read and write passes before it reaches the device, in
// the order idl/block.capnp documents its errors. Pure, host-tested.
#pragma once

#include <cstdint>

#include "abi/error.h"
#include "negotiation.h"

namespace virtio {

struct Transfer {
  uint64_t lba;
  uint32_t count;
  uint32_t offset;  // in the client's shared buffer
  bool write;
};

// Ok, or why the transfer is refused. buffer_size 0: no buffer shared yet.
// writable: the client opened the device for writing.
abi::Error check_transfer(const Geometry& disk, uint32_t buffer_size, bool writable, const Transfer& t);

}  // namespace virtio
