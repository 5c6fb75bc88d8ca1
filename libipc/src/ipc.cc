#include "ipc/ipc.h"

#include "ipc/thread_block.h"

namespace ipc {

namespace {

using abi::Syscall;

Status status_of(int64_t result) { return result < 0 ? Status(static_cast<Error>(result)) : Status(); }

// The main thread's block, set up before main() by a constructor that runs
// first; it is linked into every program that uses IPC.
Message main_buffer;
ThreadBlock main_block{&main_buffer};
__attribute__((constructor(101))) void set_up_main_thread() { become(&main_block); }

}  // namespace

Status channel_send(Handle end, uint64_t info, const uint64_t words[4]) {
  return status_of(detail::ipc_syscall(Syscall::ChannelSend, end, info, words, 0).status);
}

Status reply(uint64_t info, const uint64_t words[4]) {
  return status_of(detail::ipc_syscall(Syscall::Reply, 0, info, words, 0).status);
}

Status send(Handle end, const Message& message) {
  return channel_send(end, detail::info_of(message), detail::register_words(message));
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
