// What a receive or call returns, and how a message is taken from it into
// an IPC buffer. Its own header so that a host stand-in for the kernel
// (tests/host/fake_ipc) shares it with the real runtime.
#pragma once

#include <cstdint>

#include "abi/syscall.h"
#include "ipc/message.h"
#include "result.h"

namespace ipc {

using abi::EventKind;

// The registers the kernel filled in.
struct Event {
  int64_t status;  // 0, or a negative abi::Error
  uint64_t info;
  // a2..a5, t0..t5: a register message (has_t_words) whole, 0 past it in
  // words[4..9]; of any other, its first 32 bytes (the rest is in the IPC
  // buffer) and words[4..9] 0
  uint64_t words[kRegisterWords];
  uint64_t badge;

  bool ok() const { return status == 0; }
  Error error() const { return static_cast<Error>(status); }
  size_t length() const { return abi::info_length(info); }
  uint32_t handle_count() const { return static_cast<uint32_t>(abi::info_handles(info)); }
  EventKind kind() const { return abi::info_kind(info); }
};

namespace detail {
inline bool has_t_words(uint64_t info) { return abi::has_t_words(abi::info_length(info), abi::info_handles(info)); }

// Fills m from a received event: the words go to data[0..31], and a
// register message's words 4..9 to data[32..79] (any other message's rest
// is in the buffer already).
inline Message& take_into(Message& m, const Event& event) {
  m.bytes = static_cast<uint32_t>(event.length());
  m.handle_count = event.handle_count();
  auto* words = reinterpret_cast<uint64_t*>(m.data);
  words[0] = event.words[0];
  words[1] = event.words[1];
  words[2] = event.words[2];
  words[3] = event.words[3];
  if (has_t_words(event.info)) {
    words[4] = event.words[4];
    words[5] = event.words[5];
    words[6] = event.words[6];
    words[7] = event.words[7];
    words[8] = event.words[8];
    words[9] = event.words[9];
  }
  return m;
}
}  // namespace detail

}  // namespace ipc
