// Where the kernel finds a message's handles and payload in a thread's IPC
// buffer (libipc's ipc::Message, which static_asserts this layout).
#pragma once

#include <cstdint>

namespace abi {

constexpr uint64_t kIpcBufferHandlesOffset = 8;
constexpr uint64_t kIpcBufferDataOffset = 24;
constexpr uint64_t kIpcRegisterBytes = 32;  // payload bytes that travel in a2..a5
constexpr uint64_t kIpcMaxBytes = 4096;
constexpr uint64_t kIpcMaxHandles = 4;
constexpr uint64_t kIpcBufferSize = kIpcBufferDataOffset + kIpcMaxBytes;

}  // namespace abi
