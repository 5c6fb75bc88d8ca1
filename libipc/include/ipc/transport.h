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
  Status call_registers(uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[kRegisterWords]) {
    Event reply = ipc::call(end_, abi::make_info(bytes, 0), words, deadline_);
    if (!reply.ok()) [[unlikely]] {
      // Copies: the caller's stay in registers (its words never need an address).
      uint64_t copy[kRegisterWords];
      set_words(copy, words);
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
  // A message that nobody answers on this channel (a one-way method): sent
  // without waiting; ShouldWait if the peer end's queue is full.
  Status send(Message& message) { return ipc::send(end_, message); }
  Message& message() { return buffer(); }
  // Handles of a reply the stub rejected.
  void drop_handles(const Handle* handles, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i) (void)close(handles[i]);
  }
  Handle end() const { return end_; }

 private:
  // Element by element, not a loop: the compiler then keeps an inlined
  // caller's words in registers.
  static void set_words(uint64_t (&to)[kRegisterWords], const uint64_t (&from)[kRegisterWords]) {
    to[0] = from[0];
    to[1] = from[1];
    to[2] = from[2];
    to[3] = from[3];
    to[4] = from[4];
    to[5] = from[5];
    to[6] = from[6];
    to[7] = from[7];
    to[8] = from[8];
    to[9] = from[9];
  }

  Handle end_;
  uint64_t deadline_;
};

}  // namespace ipc
