#include "ipc/ipc.h"

#include "ipc/thread_block.h"

namespace ipc {

namespace {

using abi::Syscall;

Status status_of(int64_t result) { return result < 0 ? Status(static_cast<Error>(result)) : Status(); }

// The main thread's block, set up before main() by a constructor that runs
// first; it is linked into every program that uses IPC.
PlacedMessage main_buffer;
ThreadBlock main_block{&main_buffer.message};
__attribute__((constructor(101))) void set_up_main_thread() { become(&main_block); }

}  // namespace

ThreadBlock* main_thread_block() { return &main_block; }

bool (*restart_interrupted_call)() = nullptr;

namespace {

bool restarts(Error error, uint32_t handle_count) {
  return error == Error::Interrupted && handle_count == 0 && restart_interrupted_call && restart_interrupted_call();
}

}  // namespace

Status detail::call_failed(Handle end, Message& message, uint64_t deadline, Error error) {
  return restarts(error, message.handle_count) ? call(end, message, deadline) : Status(error);
}

Status detail::register_call_failed(Handle end, uint32_t& bytes, uint32_t& handle_count,
                                   uint64_t (&words)[kRegisterWords], uint64_t deadline, Error error) {
  // The buffer only for a call made again: a server calling out while it
  // serves a request may still read that request from its buffer (fatfs's
  // open reads its path after a disk read whose driver had gone away).
  if (!restarts(error, 0)) return error;  // (a register call carries no handles)
  Message& message = buffer();
  message.bytes = bytes;
  message.handle_count = 0;
  __builtin_memcpy(message.data, words, sizeof words);
  TRY(call(end, message, deadline));
  bytes = message.bytes;
  handle_count = message.handle_count;
  __builtin_memcpy(words, message.data, sizeof words);
  return {};
}

Status channel_send(Handle end, uint64_t info, const uint64_t words[4]) {
  return status_of(detail::ipc_syscall<detail::kArgumentWords>(Syscall::ChannelSend, end, info, words, 0).status);
}

Status reply(uint64_t info, const uint64_t words[4]) {
  return status_of(detail::ipc_syscall<detail::kArgumentWords>(Syscall::Reply, 0, info, words, 0).status);
}

Result<Handle> defer() {
  int64_t r = sys::reply_defer();
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

Status reply(Handle parked, uint64_t info, const uint64_t words[4]) {
  return status_of(detail::ipc_syscall<detail::kArgumentWords>(Syscall::Reply, parked, info, words, 0).status);
}

Status resume(Handle parked) { return status_of(sys::reply_resume(parked)); }

Status reply(Handle parked, const Message& message) {
  return reply(parked, detail::info_of(message), detail::register_words(message));
}

Status send(Handle end, const Message& message) {
  return channel_send(end, detail::info_of(message), detail::register_words(message));
}

namespace {

Result<ChannelPair> pair_of(sys::ChannelEnds ends) {
  if (ends.end0 < 0) return static_cast<Error>(ends.end0);
  return ChannelPair{static_cast<Handle>(ends.end0), static_cast<Handle>(ends.end1)};
}

}  // namespace

Result<ChannelPair> channel_create() { return pair_of(sys::channel_create()); }

Result<ChannelPair> channel_create_bound(Handle port, uint64_t badge) {
  return pair_of(sys::channel_create_bound(port, badge));
}

Result<Handle> port_create() {
  int64_t r = sys::port_create();
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

Status port_bind(Handle port, Handle object, uint64_t badge) {
  return status_of(sys::port_bind(port, object, badge));
}

Status close(Handle handle) { return status_of(sys::handle_close(handle)); }

Result<Handle> duplicate(Handle handle, uint32_t rights) {
  int64_t r = sys::handle_dup(handle, rights);
  if (r < 0) return static_cast<Error>(r);
  return static_cast<Handle>(r);
}

}  // namespace ipc
