// The IPC message: the layout of every thread's IPC buffer, shared by the
// kernel ABI, libipc and the code generated from idl/. A message is `bytes`
// bytes of payload plus up to kMaxMessageHandles handles that move with it.
// A message of up to kRegisterBytes without handles travels in the message
// registers (a2..a5, t0..t5) on the call path; of any other, the first 32
// bytes travel in a2..a5 and the rest is copied from buffer to buffer by
// the kernel (abi/ipc_buffer.h says which sends use which).
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/address_space.h"
#include "abi/ipc_buffer.h"

namespace ipc {

using Handle = uint32_t;
constexpr Handle kInvalidHandle = 0;

constexpr size_t kRegisterWords = 10;
constexpr size_t kRegisterBytes = kRegisterWords * 8;
constexpr size_t kMaxMessageBytes = 4096;
constexpr size_t kMaxMessageHandles = 4;

struct Message {
  uint32_t bytes = 0;
  uint32_t handle_count = 0;
  Handle handles[kMaxMessageHandles] = {};
  alignas(8) uint8_t data[kMaxMessageBytes];
};

// Where in a buffer the bytes begin that the kernel copies for a message
// beyond the registers; a buffer placed so that they start a page is
// copied in one piece each way, not two (docs/ipc.md, "The IPC buffer").
constexpr size_t kCopiedOffset = abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;

// A buffer placed so (the main thread's: libipc's started threads place
// theirs on their stacks).
struct alignas(abi::kPageSize) PlacedMessage {
  uint8_t before[abi::kPageSize - kCopiedOffset];
  Message message;
};

static_assert(offsetof(Message, handles) == abi::kIpcBufferHandlesOffset);
static_assert(offsetof(Message, data) == abi::kIpcBufferDataOffset);
static_assert(kRegisterWords == abi::kIpcRegisterWords && kRegisterBytes == abi::kIpcRegisterMessageBytes &&
              kMaxMessageBytes == abi::kIpcMaxBytes);

}  // namespace ipc
