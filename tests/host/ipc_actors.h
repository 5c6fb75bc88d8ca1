// Actors for host tests of the kernel's IPC objects (kernel/ipc,
// kernel/object, run against tests/host/fake_kernel): processes with one
// thread each, channels between them, and the syscalls' steps as the
// general path (kernel/syscall/sys_ipc.cc) takes them.
#pragma once

#include <doctest/doctest.h>

#include <cstring>
#include <initializer_list>
#include <type_traits>

#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "fake_kernel.h"
#include "ipc/channel.h"
#include "ipc/port.h"
#include "ipc/transfer.h"
#include "object/process.h"
#include "object/thread.h"

namespace host_ipc {

using namespace kernel;


inline constexpr uint32_t kAllRights = abi::rights::kAll;
inline constexpr int64_t kWaits = 1;  // receive(): the thread blocked

// A process with one thread whose IPC buffer is host memory. It ends as
// the scheduler ends a thread: IPC state undone, then the process.
struct Actor {
  RefPtr<Process> process;
  RefPtr<Thread> thread;
  alignas(8) uint8_t buffer[abi::kIpcBufferSize] = {};

  Actor() {
    process = RefPtr<Process>::adopt(*Process::create("actor", 5, Thread::kMaxPriority));
    thread = RefPtr<Thread>::adopt(*Thread::create_user(process.get(), 0x10000, 0x20000, 0, Thread::kDefaultPriority));
    process->add_thread(thread.get());
    thread->ipc_buffer = reinterpret_cast<uint64_t>(buffer);
  }
  ~Actor() { die(); }
  void die() {
    if (!thread) return;
    ipc_thread_gone(*thread);
    thread->state = ThreadState::Dead;
    process->thread_finished(thread.get());
    thread.reset();
    process.reset();
  }

  HandleValue give(KernelObject* object) { return *process->add_handle(object, kAllRights); }
  uint64_t word(int i) const { return thread->frame->x[kA2 + i]; }
  abi::EventKind kind() const { return abi::info_kind(thread->frame->x[kA1]); }
  uint64_t badge() const { return thread->frame->x[kA6]; }
  uint32_t handle_in_buffer(int i) const {
    uint32_t value;
    std::memcpy(&value, buffer + abi::kIpcBufferHandlesOffset + i * sizeof value, sizeof value);
    return value;
  }
};

// A channel whose ends are held by a handle each in two processes.
struct Channel {
  ChannelEnd* a = nullptr;
  ChannelEnd* b = nullptr;
  HandleValue a_handle = 0;
  HandleValue b_handle = 0;
  Channel(Actor& holder_a, Actor& holder_b) {
    RefPtr<ChannelEnd> end_a, end_b;
    REQUIRE(ChannelEnd::create_pair(end_a, end_b).ok());
    a = end_a.get();
    b = end_b.get();
    a_handle = holder_a.give(a);
    b_handle = holder_b.give(b);
  }
};

// A new port that holder holds, with end bound to it under badge.
inline RefPtr<Port> bound_port(Actor& holder, ChannelEnd& end, uint64_t badge) {
  auto port = RefPtr<Port>::adopt(make_object<Port>());
  holder.give(port.get());
  end.bind(*port, badge);
  return port;
}

// channel_send from actor's frame: words, and handles from its buffer.
inline Status send(Actor& from, ChannelEnd& to, uint64_t word, std::initializer_list<HandleValue> handles = {}) {
  TrapFrame& f = *from.thread->frame;
  f.x[kA1] = abi::make_info(8, handles.size());
  f.x[kA2] = word;
  uint32_t i = 0;
  for (HandleValue h : handles) {
    std::memcpy(from.buffer + abi::kIpcBufferHandlesOffset + i++ * sizeof h, &h, sizeof h);
  }
  return send_message(*from.thread, to, f);
}

// What channel_recv / port_wait does (kernel/syscall/sys_ipc.cc): an item
// at once (0, in the frame), PeerClosed, or the thread waits (kWaits). A
// port wait first ends the service of the end the thread served.
template <typename Source>
inline int64_t receive(Actor& who, Source& source, WaitQueue& waiters) {
  if constexpr (std::is_same_v<Source, Port>) end_service_of(*who.thread);
  if (source.deliver_next(*who.thread)) return 0;
  if constexpr (requires { source.peer_closed(); }) {
    if (source.peer_closed()) return int64_t(Error::PeerClosed);
  }
  fake::block(*who.thread, &waiters, IpcState::Receiving);
  return kWaits;
}
inline int64_t receive(Actor& who, ChannelEnd& end) { return receive(who, end, end.receivers()); }
inline int64_t receive(Actor& who, Port& port) { return receive(who, port, port.waiters()); }

// channel_call of one word (kernel/syscall/sys_ipc.cc): the caller ends
// its service and waits in the server's queue (or is received at once by
// a waiting server thread).
inline void call(Actor& caller, ChannelEnd& server_end, uint64_t word) {
  TrapFrame& f = *caller.thread->frame;
  f.x[kA1] = abi::make_info(8, 0);
  f.x[kA2] = word;
  REQUIRE(take_outgoing(*caller.thread, f.x[kA1], caller.thread->call_handles, &server_end).ok());
  end_service_of(*caller.thread);
  server_end.add_call(*caller.thread);
  caller.thread->state = ThreadState::Blocked;
  caller.thread->resumes_in_user = true;
}

// Heap bytes in use when the case began; every case must give them back.
struct HeapCheck {
  size_t before = heap_bytes_in_use();
  ~HeapCheck() { CHECK(heap_bytes_in_use() == before); }
};

}  // namespace host_ipc
