// Where the kernel finds a message's handles and payload in a thread's IPC
// buffer (libipc's ipc::Message, which static_asserts this layout), and
// which of its bytes travel in registers instead (docs/ipc.md "Message
// registers"). Byte i of a payload lies at data offset i; the first ones
// travel in the message registers a2..a5, t0..t5 (word k in register k of
// that list): a receiver gets the first kIpcRegisterBytes there, and so does
// the kernel from a sender that waits (call, reply_wait); a send that does
// not wait (channel_send, reply) enters the kernel without its t-registers
// saved, so only its first kIpcArgumentRegisterBytes travel in registers.
#pragma once

#include <cstdint>

namespace abi {

constexpr uint64_t kIpcBufferHandlesOffset = 8;
constexpr uint64_t kIpcBufferDataOffset = 24;
constexpr uint64_t kIpcRegisterWords = 10;                          // a2..a5, t0..t5
constexpr uint64_t kIpcRegisterBytes = kIpcRegisterWords * 8;       // 80
constexpr uint64_t kIpcArgumentRegisterBytes = 32;                  // a2..a5
constexpr uint64_t kIpcMaxBytes = 4096;
constexpr uint64_t kIpcMaxHandles = 4;
constexpr uint64_t kIpcBufferSize = kIpcBufferDataOffset + kIpcMaxBytes;

}  // namespace abi
