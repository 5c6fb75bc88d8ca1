// Where the kernel finds a message's handles and payload in a thread's IPC
// buffer (libipc's ipc::Message, which static_asserts this layout), and
// which of its bytes travel in registers instead (docs/ipc.md "Message
// registers"). A register message (no handles, at most
// kIpcRegisterMessageBytes) travels whole in the message registers a2..a5,
// t0..t5 (word k in the k-th of them), from a sender that waits (call,
// reply_wait) and to every receiver; a send that does not wait
// (channel_send, reply) enters the kernel without its t-registers saved,
// and leaves bytes 32 on in its IPC buffer at data offset 32. Any other
// message has its first kIpcRegisterBytes in a2..a5 and the rest in the
// IPC buffer at data offset 32, both ways.
#pragma once

#include <cstdint>

namespace abi {

constexpr uint64_t kIpcBufferHandlesOffset = 8;
constexpr uint64_t kIpcBufferDataOffset = 24;
constexpr uint64_t kIpcRegisterBytes = 32;         // payload bytes that travel in a2..a5
constexpr uint64_t kIpcRegisterWords = 10;         // a2..a5, t0..t5
constexpr uint64_t kIpcRegisterMessageBytes = 80;  // the longest register message
constexpr uint64_t kIpcMaxBytes = 4096;
constexpr uint64_t kIpcMaxHandles = 4;
constexpr uint64_t kIpcBufferSize = kIpcBufferDataOffset + kIpcMaxBytes;

// Whether a message of `length` bytes with `handles` is a register message
// whose words 4..9 travel in t0..t5 (one of up to 32 bytes needs a2..a5 only).
constexpr bool has_t_words(uint64_t length, uint64_t handles) {
  return handles == 0 && length > kIpcRegisterBytes && length <= kIpcRegisterMessageBytes;
}

}  // namespace abi
