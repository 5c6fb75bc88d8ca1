#include "ipc/ipc.h"

#include <string.h>

#include "ipc/thread_block.h"

namespace ipc {

namespace {

using abi::Syscall;

// The IPC calls take the handle in a0, info in a1, words in a2..a5 and a
// deadline in a6, and return status, info, words and badge in a0..a6.
Event ipc_syscall(Syscall number, uint64_t a0, uint64_t info, const uint64_t* w, uint64_t a6) {
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

uint64_t info_of(const Message& m) { return abi::make_info(m.bytes, m.handle_count); }

void load_words(const Message& m, uint64_t words[4]) {
  size_t n = m.bytes < kRegisterBytes ? m.bytes : kRegisterBytes;
  memcpy(words, m.data, (n + 7) & ~size_t{7});
}

Status status_of(int64_t result) { return result < 0 ? Status(static_cast<Error>(result)) : Status(); }

// The main thread's block, set up before main() by a constructor that runs
// first; it is linked into every program that uses IPC.
Message main_buffer;
ThreadBlock main_block{&main_buffer};
__attribute__((constructor(101))) void set_up_main_thread() { become(&main_block); }

}  // namespace

Message& buffer() { return *this_thread_block()->ipc_buffer; }

Event call(Handle end, uint64_t info, const uint64_t words[4], uint64_t deadline) {
  return ipc_syscall(Syscall::ChannelCall, end, info, words, deadline);
}

Event reply_wait(Handle port, uint64_t info, const uint64_t words[4], uint64_t deadline) {
  return ipc_syscall(Syscall::ReplyWait, port, info, words, deadline);
}

Event port_wait(Handle port, uint64_t deadline) {
  return ipc_syscall(Syscall::PortWait, port, deadline, nullptr, 0);
}

Event channel_recv(Handle end, uint64_t deadline) {
  return ipc_syscall(Syscall::ChannelRecv, end, deadline, nullptr, 0);
}

Status channel_send(Handle end, uint64_t info, const uint64_t words[4]) {
  return status_of(ipc_syscall(Syscall::ChannelSend, end, info, words, 0).status);
}

Status reply(uint64_t info, const uint64_t words[4]) {
  return status_of(ipc_syscall(Syscall::Reply, 0, info, words, 0).status);
}

Message& take(const Event& event) {
  Message& m = buffer();
  m.bytes = static_cast<uint32_t>(event.length());
  m.handle_count = event.handle_count();
  size_t n = m.bytes < kRegisterBytes ? m.bytes : kRegisterBytes;
  memcpy(m.data, event.words, (n + 7) & ~size_t{7});
  return m;
}

Status call(Handle end, Message& message, uint64_t deadline) {
  uint64_t words[4];
  load_words(message, words);
  Event reply = call(end, info_of(message), words, deadline);
  if (!reply.ok()) return reply.error();
  take(reply);
  return {};
}

Status send(Handle end, const Message& message) {
  uint64_t words[4];
  load_words(message, words);
  return channel_send(end, info_of(message), words);
}

Event reply_wait(Handle port, const Message& message, uint64_t deadline) {
  uint64_t words[4];
  load_words(message, words);
  return reply_wait(port, info_of(message), words, deadline);
}

Result<ChannelPair> channel_create() {
  register uint64_t r0 asm("a0");
  register uint64_t r1 asm("a1");
  register uint64_t r7 asm("a7") = static_cast<uint64_t>(Syscall::ChannelCreate);
  asm volatile("ecall" : "=r"(r0), "=r"(r1), "+r"(r7) : : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6");
  if (static_cast<int64_t>(r0) < 0) return static_cast<Error>(r0);
  return ChannelPair{static_cast<Handle>(r0), static_cast<Handle>(r1)};
}

Result<Handle> port_create() {
  int64_t r = sys::call(Syscall::PortCreate);
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

Status port_bind(Handle port, Handle object, uint64_t badge) {
  return status_of(sys::call(Syscall::PortBind, port, object, badge));
}

Status close(Handle handle) { return status_of(sys::handle_close(handle)); }

Result<Handle> duplicate(Handle handle, uint32_t rights) {
  int64_t r = sys::call(Syscall::HandleDup, handle, rights);
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

}  // namespace ipc
