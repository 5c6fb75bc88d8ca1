// The IPC runtime: channels, ports, call/reply and asynchronous messages,
// at two levels. The register level (Event, call with words) is what the
// fast path serves best; the message level moves an ipc::Message in this
// thread's IPC buffer (payload up to 4 KiB and up to 4 handles), and is
// what the generated IDL stubs use. docs/ipc.md explains the model.
#pragma once

#include <cstddef>
#include <cstdint>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/message.h"
#include "ipc/syscall.h"
#include "ipc/thread_block.h"
#include "result.h"

namespace ipc {

using abi::EventKind;
constexpr uint64_t kForever = abi::kForever;

// What a receive or call returns: the registers the kernel filled in.
struct Event {
  int64_t status;  // 0, or a negative abi::Error
  uint64_t info;
  uint64_t words[4];
  uint64_t badge;

  bool ok() const { return status == 0; }
  Error error() const { return static_cast<Error>(status); }
  size_t length() const { return abi::info_length(info); }
  uint32_t handle_count() const { return static_cast<uint32_t>(abi::info_handles(info)); }
  EventKind kind() const { return abi::info_kind(info); }
};

// This thread's IPC buffer (set up by libipc for every thread it starts).
inline Message& buffer() { return *this_thread_block()->ipc_buffer; }

namespace detail {
// The IPC calls take the handle in a0, info in a1, words in a2..a5 and a
// deadline in a6, and return status, info, words and badge in a0..a6.
// Inline: on the fast path every instruction counts.
inline Event ipc_syscall(abi::Syscall number, uint64_t a0, uint64_t info, const uint64_t* w, uint64_t a6) {
  register uint64_t r0 asm("a0") = a0;
  register uint64_t r1 asm("a1") = info;
  register uint64_t r2 asm("a2") = w ? w[0] : 0;
  register uint64_t r3 asm("a3") = w ? w[1] : 0;
  register uint64_t r4 asm("a4") = w ? w[2] : 0;
  register uint64_t r5 asm("a5") = w ? w[3] : 0;
  register uint64_t r6 asm("a6") = a6;
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(number);
  asm volatile("ecall"
               : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
               :
               : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
  return Event{static_cast<int64_t>(r0), r1, {r2, r3, r4, r5}, r6};
}
}  // namespace detail

// --- register level: payload of up to 32 bytes in four words, no handles.
inline Event call(Handle end, uint64_t info, const uint64_t words[4], uint64_t deadline = kForever) {
  return detail::ipc_syscall(abi::Syscall::ChannelCall, end, info, words, deadline);
}
inline Event reply_wait(Handle port, uint64_t info, const uint64_t words[4], uint64_t deadline = kForever) {
  return detail::ipc_syscall(abi::Syscall::ReplyWait, port, info, words, deadline);
}
inline Event port_wait(Handle port, uint64_t deadline = kForever) {
  return detail::ipc_syscall(abi::Syscall::PortWait, port, deadline, nullptr, 0);
}
inline Event channel_recv(Handle end, uint64_t deadline = kForever) {
  return detail::ipc_syscall(abi::Syscall::ChannelRecv, end, deadline, nullptr, 0);
}
Status channel_send(Handle end, uint64_t info, const uint64_t words[4]);
Status reply(uint64_t info, const uint64_t words[4]);

// Deferred replies: parks the call this thread holds and returns a handle
// for it (bind it to a port to learn when the caller gives up); the thread
// may then wait for other calls. Any thread answers it later with
// reply(parked, ...), which closes the handle; closing it unanswered fails
// the call with PeerClosed.
Result<Handle> defer();
Status reply(Handle parked, uint64_t info, const uint64_t words[4]);

// --- message level: `message` must be buffer().
namespace detail {
inline uint64_t info_of(const Message& m) { return abi::make_info(m.bytes, m.handle_count); }
// The first 32 bytes of the payload, which travel in a2..a5 (always all
// four words: the buffer has them, and fixed copies beat a memcpy call).
inline const uint64_t* register_words(const Message& m) { return reinterpret_cast<const uint64_t*>(m.data); }
}  // namespace detail

// Fills buffer() from a received event (the words go to data[0..31]).
inline Message& take(const Event& event) {
  Message& m = buffer();
  m.bytes = static_cast<uint32_t>(event.length());
  m.handle_count = event.handle_count();
  auto* words = reinterpret_cast<uint64_t*>(m.data);
  words[0] = event.words[0];
  words[1] = event.words[1];
  words[2] = event.words[2];
  words[3] = event.words[3];
  return m;
}
// Whether a call that an interrupt of this thread ended (Interrupted) is
// made again: set by a runtime that takes interrupts (libc's signals, whose
// SA_RESTART decides); null: never. A call that carried handles is never
// made again (the kernel closed them when the call was abandoned).
extern bool (*restart_interrupted_call)();

namespace detail {
// A message-level call failed with error: makes it again if an interrupt
// ended it and restart_interrupted_call says so. Out of line: the call's
// own path stays as short as it was.
Status call_failed(Handle end, Message& message, uint64_t deadline, Error error);
// The same for a call made from registers (ChannelTransport::call_registers):
// the message goes into the buffer to be made again, and a reply comes back
// out of it into the registers' copies.
Status register_call_failed(Handle end, uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[4],
                            uint64_t deadline, Error error);
}  // namespace detail

// Sends message and replaces it with the reply.
inline Status call(Handle end, Message& message, uint64_t deadline = kForever) {
  Event reply = call(end, detail::info_of(message), detail::register_words(message), deadline);
  if (!reply.ok()) [[unlikely]] return detail::call_failed(end, message, deadline, reply.error());
  take(reply);
  return {};
}
Status send(Handle end, const Message& message);
// Answers a parked call (defer()) with message.
Status reply(Handle parked, const Message& message);
// Replies with message, then waits on port for the next event.
inline Event reply_wait(Handle port, const Message& message, uint64_t deadline = kForever) {
  return reply_wait(port, detail::info_of(message), detail::register_words(message), deadline);
}

// --- objects.
struct ChannelPair {
  Handle a;
  Handle b;
};
Result<ChannelPair> channel_create();
Result<Handle> port_create();
Status port_bind(Handle port, Handle object, uint64_t badge);
Status close(Handle handle);
Result<Handle> duplicate(Handle handle, uint32_t rights);

// Says that this service serves: one empty message on the channel end auxv
// kAuxReady names, which is closed then (docs/writing-a-driver.md,
// "Readiness"). Only the first call sends; nothing without such an end.
// libserver's Server::run() calls it, so a service that registers what it
// serves before run() need not.
void announce_ready();

// Starts a thread of this process running entry(argument), with its own
// stack and IPC buffer. Returns its thread handle.
Result<Handle> start_thread(void (*entry)(void*), void* argument, unsigned priority = 16);

}  // namespace ipc
