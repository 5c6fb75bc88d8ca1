// Open flags of the file-system protocols (idl/fs.capnp, idl/vfs.capnp):
// Linux's values, so libc's <fcntl.h> can use them unchanged.
#pragma once

#include <cstdint>

namespace ipc::open_flags {

constexpr uint32_t kReadOnly = 0;
constexpr uint32_t kWriteOnly = 1;
constexpr uint32_t kReadWrite = 2;
constexpr uint32_t kAccessMask = 3;
constexpr uint32_t kCreate = 0x40;
constexpr uint32_t kExclusive = 0x80;
constexpr uint32_t kTruncate = 0x200;
constexpr uint32_t kAppend = 0x400;
constexpr uint32_t kNonBlock = 0x800;  // a read with nothing to give fails with ShouldWait
constexpr uint32_t kDirectory = 0x10000;

inline bool writes(uint32_t flags) { return (flags & kAccessMask) != kReadOnly; }

}  // namespace ipc::open_flags
