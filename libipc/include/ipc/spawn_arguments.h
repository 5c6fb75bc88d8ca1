// A new program's arguments and environment as a spawn carries them: two
// NUL-separated blocks, argv and envp. Small ones travel in the request
// (procmgr.spawn); larger ones in a membuf, argv's block then envp's
// (procmgr.spawnLarge), which procmgr copies and then checks here: nothing
// a client wrote is trusted. Host-testable: no syscalls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "ipc/stack_image.h"
#include "result.h"

namespace ipc {

// ARG_MAX: what argv and envp may take, counted as Linux counts them: each
// string with its NUL, and its pointer (8 bytes) in the new stack. Linux's
// is a quarter of the stack limit (2 MiB of 8); ours a sixteenth of the
// 8 MiB stack (abi::kUserStackSize): `$(seq 1 20000)`, 20,000 arguments,
// takes 269,000 of it. The new stack's image holds it all; its pages past
// the charged top (abi::kUserStackCharged) are backed when written.
inline constexpr size_t kArgMax = 512 * 1024;
// The rest of a stack image (stack_image.h): argc, the two NULL pointers,
// auxv, the handle array and alignment.
inline constexpr size_t kStackImageOverhead = 1024;

// The blocks' cost against kArgMax.
inline size_t argument_bytes(std::span<const char> argv, std::span<const char> envp) {
  return argv.size() + envp.size() + 8 * (count_strings(argv) + count_strings(envp));
}

// A client's blocks: each one empty or ending with a NUL (InvalidArgument
// otherwise), together within kArgMax (TooLarge).
inline Status check_arguments(std::span<const char> argv, std::span<const char> envp) {
  for (std::span<const char> block : {argv, envp}) {
    if (!block.empty() && block.back() != '\0') return Error::InvalidArgument;
  }
  if (argument_bytes(argv, envp) > kArgMax) return Error::TooLarge;
  return {};
}

// Packs the NULL-terminated array strings (nullptr: none) into out as one
// block: its length, or SIZE_MAX if out cannot hold it.
inline size_t pack_strings(const char* const* strings, std::span<char> out) {
  size_t length = 0;
  for (size_t i = 0; strings && strings[i]; ++i) {
    size_t n = std::strlen(strings[i]) + 1;
    if (n > out.size() - length) return SIZE_MAX;
    std::memcpy(out.data() + length, strings[i], n);
    length += n;
  }
  return length;
}

// The bytes pack_strings makes of strings.
inline size_t packed_bytes(const char* const* strings) {
  size_t bytes = 0;
  for (size_t i = 0; strings && strings[i]; ++i) bytes += std::strlen(strings[i]) + 1;
  return bytes;
}

// What strings cost against kArgMax once packed.
inline size_t packed_cost(const char* const* strings) {
  size_t count = 0;
  while (strings && strings[count]) ++count;
  return packed_bytes(strings) + 8 * count;
}

}  // namespace ipc
