// The transport the generated IDL client stubs call through: a channel end,
// with messages built in this thread's IPC buffer, and a deadline that every
// call through it gives up at (none by default).
#pragma once

#include "ipc/ipc.h"

namespace ipc {

class ChannelTransport {
 public:
  explicit ChannelTransport(Handle end, uint64_t deadline = kForever) : end_(end), deadline_(deadline) {}
  Status call(Message& message) { return ipc::call(end_, message, deadline_); }
  // A message that is all in registers (bytes <= kRegisterBytes, no
  // handles): sent from words, and the reply's length, handle count and
  // first words left in them; the rest of a longer reply, and its
  // handles, are in the IPC buffer as always.
  Status call_registers(uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[4]) {
    Event reply = ipc::call(end_, abi::make_info(bytes, 0), words, deadline_);
    if (!reply.ok()) [[unlikely]] {
      // Copies: the caller's stay in registers (its words never need an address).
      uint64_t copy[4] = {words[0], words[1], words[2], words[3]};
      uint32_t length = bytes, count = 0;
      TRY(detail::register_call_failed(end_, length, count, copy, deadline_, reply.error()));
      bytes = length;
      handle_count = count;
      set_words(words, copy);
      return {};
    }
    bytes = static_cast<uint32_t>(reply.length());
    handle_count = reply.handle_count();
    set_words(words, reply.words);
    return {};
  }
  Message& message() { return buffer(); }
  // Handles of a reply the stub rejected.
  void drop_handles(const Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)close(handles[i]);
  }
  Handle end() const { return end_; }

 private:
  // Element by element, not a loop: the compiler then keeps an inlined
  // caller's words in registers.
  static void set_words(uint64_t (&to)[4], const uint64_t (&from)[4]) {
    to[0] = from[0];
    to[1] = from[1];
    to[2] = from[2];
    to[3] = from[3];
  }

  Handle end_;
  uint64_t deadline_;
};

}  // namespace ipc
