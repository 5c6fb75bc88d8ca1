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
#include "ipc/event.h"
#include "ipc/message.h"
#include "ipc/syscall.h"
#include "ipc/thread_block.h"
#include "result.h"

namespace ipc {

constexpr uint64_t kForever = abi::kForever;

// This thread's IPC buffer (set up by libipc for every thread it starts).
inline Message& buffer() { return *this_thread_block()->ipc_buffer; }

namespace detail {
constexpr size_t kArgumentWords = abi::kIpcRegisterBytes / 8;  // a2..a5
// The same for an info this thread sends (no kind bits: a handle count
// puts it out of the range), in one comparison.
inline bool sends_t_words(uint64_t info) {
  return info - (abi::kIpcRegisterBytes + 1) < abi::kIpcRegisterMessageBytes - abi::kIpcRegisterBytes;
}

// The IPC calls take the handle in a0, info in a1, the message registers
// (a2..a5, t0..t5) and a deadline in a6, and return status, info, message
// registers and badge. kSent: the words sent, from w (null: zeros); with 4,
// t0..t5 carry nothing in (the kernel reads them only for a register
// message of over 32 bytes from a call or reply_wait: abi/ipc_buffer.h).
// Inline: on the fast path every instruction counts.
template <size_t kSent>
inline Event ipc_syscall(abi::Syscall number, uint64_t a0, uint64_t info, const uint64_t* w, uint64_t a6) {
  static_assert(kSent == kArgumentWords || kSent == kRegisterWords);
  register uint64_t r0 asm("a0") = a0;
  register uint64_t r1 asm("a1") = info;
  register uint64_t r2 asm("a2") = w ? w[0] : 0;
  register uint64_t r3 asm("a3") = w ? w[1] : 0;
  register uint64_t r4 asm("a4") = w ? w[2] : 0;
  register uint64_t r5 asm("a5") = w ? w[3] : 0;
  register uint64_t r6 asm("a6") = a6;
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(number);
  register uint64_t t0 asm("t0");
  register uint64_t t1 asm("t1");
  register uint64_t t2 asm("t2");
  register uint64_t t3 asm("t3");
  register uint64_t t4 asm("t4");
  register uint64_t t5 asm("t5");
  if constexpr (kSent == kRegisterWords) {
    t0 = w[4], t1 = w[5], t2 = w[6], t3 = w[7], t4 = w[8], t5 = w[9];
    asm volatile("ecall"
                 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(t0),
                   "+r"(t1), "+r"(t2), "+r"(t3), "+r"(t4), "+r"(t5)
                 :
                 : "memory", "t6");
  } else {
    asm volatile("ecall"
                 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "=r"(t0),
                   "=r"(t1), "=r"(t2), "=r"(t3), "=r"(t4), "=r"(t5)
                 :
                 : "memory", "t6");
  }
  return Event{static_cast<int64_t>(r0), r1, {r2, r3, r4, r5, t0, t1, t2, t3, t4, t5}, r6};
}

// A call or reply_wait of the message whose first words are `words`: its
// t0..t5 words only for a register message over 32 bytes (any other pays
// nothing for them).
inline Event send_and_wait(abi::Syscall number, Handle handle, uint64_t info, const uint64_t* words,
                           uint64_t deadline) {
  if (!sends_t_words(info)) {
    return ipc_syscall<kArgumentWords>(number, handle, info, words, deadline);
  }
  return ipc_syscall<kRegisterWords>(number, handle, info, words, deadline);
}

// The same from four words, with the message's bytes after them in the
// IPC buffer (the four-word register level).
inline Event send_and_wait_with_buffer(abi::Syscall number, Handle handle, uint64_t info,
                                       const uint64_t (&words)[kArgumentWords], uint64_t deadline) {
  if (!sends_t_words(info)) {
    return ipc_syscall<kArgumentWords>(number, handle, info, words, deadline);
  }
  const auto* rest = reinterpret_cast<const uint64_t*>(buffer().data) + kArgumentWords;
  uint64_t all[kRegisterWords] = {words[0], words[1], words[2], words[3], rest[0],
                                  rest[1],  rest[2],  rest[3],  rest[4],  rest[5]};
  return ipc_syscall<kRegisterWords>(number, handle, info, all, deadline);
}
}  // namespace detail

// --- register level: a message in ten words (a register message: no
// handles, up to 80 bytes; of any other, words 4..9 are not sent and the
// rest lies in the IPC buffer); or in four words, with the rest of the
// payload (and handles) in the IPC buffer, where a register message's
// words 4..9 are read from.
inline Event call(Handle end, uint64_t info, const uint64_t (&words)[kRegisterWords],
                  uint64_t deadline = kForever) {
  return detail::send_and_wait(abi::Syscall::ChannelCall, end, info, words, deadline);
}
inline Event call(Handle end, uint64_t info, const uint64_t (&words)[detail::kArgumentWords],
                  uint64_t deadline = kForever) {
  return detail::send_and_wait_with_buffer(abi::Syscall::ChannelCall, end, info, words, deadline);
}
inline Event reply_wait(Handle port, uint64_t info, const uint64_t (&words)[kRegisterWords],
                        uint64_t deadline = kForever) {
  return detail::send_and_wait(abi::Syscall::ReplyWait, port, info, words, deadline);
}
inline Event reply_wait(Handle port, uint64_t info, const uint64_t (&words)[detail::kArgumentWords],
                        uint64_t deadline = kForever) {
  return detail::send_and_wait_with_buffer(abi::Syscall::ReplyWait, port, info, words, deadline);
}
inline Event port_wait(Handle port, uint64_t deadline = kForever) {
  return detail::ipc_syscall<detail::kArgumentWords>(abi::Syscall::PortWait, port, deadline, nullptr, 0);
}
// port_wait once `closing` is closed, in one syscall: a server forgets a
// source whose peer closed (its end) on its way to the next event. A bad
// `closing` fails it with BadHandle before anything else.
inline Event close_and_wait(Handle closing, Handle port, uint64_t deadline = kForever) {
  const uint64_t words[detail::kArgumentWords] = {closing, 0, 0, 0};
  return detail::ipc_syscall<detail::kArgumentWords>(abi::Syscall::HandleClosePortWait, port, deadline, words, 0);
}
inline Event channel_recv(Handle end, uint64_t deadline = kForever) {
  return detail::ipc_syscall<detail::kArgumentWords>(abi::Syscall::ChannelRecv, end, deadline, nullptr, 0);
}
// Sends that do not wait: a2..a5 from words, the rest of the payload from
// the IPC buffer (abi/ipc_buffer.h).
Status channel_send(Handle end, uint64_t info, const uint64_t words[4]);
Status reply(uint64_t info, const uint64_t words[4]);

// Deferred replies: parks the call this thread holds and returns a handle
// for it (bind it to a port to learn when the caller gives up); the thread
// may then wait for other calls. Any thread answers it later with
// reply(parked, ...), which closes the handle; closing it unanswered fails
// the call with PeerClosed.
Result<Handle> defer();
Status reply(Handle parked, uint64_t info, const uint64_t words[4]);
// Takes a parked call back as this thread's held call (and closes the
// handle), to answer with reply_wait: the answer then switches straight
// to the caller, where reply(parked, ...) and a port wait go through the
// scheduler. BadState if this thread holds a call already.
Status resume(Handle parked);

// --- message level: `message` must be buffer().
namespace detail {
inline uint64_t info_of(const Message& m) { return abi::make_info(m.bytes, m.handle_count); }
// The payload's first words, which travel in the message registers (all
// that the length needs of them: the buffer has them, and fixed copies
// beat a memcpy call).
inline const uint64_t* register_words(const Message& m) { return reinterpret_cast<const uint64_t*>(m.data); }
}  // namespace detail

// Fills buffer() from a received event (the words go to data[0..31], and
// a register message's words 4..9 to data[32..79]).
inline Message& take(const Event& event) { return detail::take_into(buffer(), event); }
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
Status register_call_failed(Handle end, uint32_t& bytes, uint32_t& handle_count, uint64_t (&words)[kRegisterWords],
                            uint64_t deadline, Error error);
}  // namespace detail

// Sends message and replaces it with the reply.
inline Status call(Handle end, Message& message, uint64_t deadline = kForever) {
  Event reply = detail::send_and_wait(abi::Syscall::ChannelCall, end, detail::info_of(message),
                                     detail::register_words(message), deadline);
  if (!reply.ok()) [[unlikely]] return detail::call_failed(end, message, deadline, reply.error());
  take(reply);
  return {};
}
Status send(Handle end, const Message& message);
// Answers a parked call (defer()) with message.
Status reply(Handle parked, const Message& message);
// Replies with message, then waits on port for the next event.
inline Event reply_wait(Handle port, const Message& message, uint64_t deadline = kForever) {
  return detail::send_and_wait(abi::Syscall::ReplyWait, port, detail::info_of(message), detail::register_words(message),
                               deadline);
}

// --- objects.
struct ChannelPair {
  Handle a;
  Handle b;
};
Result<ChannelPair> channel_create();
// A channel whose end b is bound to port with badge (port_bind): one
// system call for a server's new channel.
Result<ChannelPair> channel_create_bound(Handle port, uint64_t badge);
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
