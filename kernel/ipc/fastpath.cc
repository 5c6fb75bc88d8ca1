// The IPC fast path: call and reply_wait in the common case, where the
// other side is already waiting, the message carries no handles and no
// deadline, and the switch is what the scheduler would do anyway (no
// higher-priority thread is waiting). The payload's first 32 bytes travel
// in a2..a5; the rest (up to 4 KiB) is copied IPC buffer to IPC buffer
// through the kernel addresses each thread keeps of its buffer's pages
// (ipc/buffer_pages.h), with no page-table walk once they are known. The
// kernel swaps the two threads' roles and returns to user mode in the other
// thread: no run queue, no timer, and the caller's time slice goes on in
// the server. Anything else (or a buffer that cannot take the payload)
// returns nullptr before changing anything and takes the general path in
// syscall/sys_ipc.cc, which has the same effect.
#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "arch/cpu.h"
#include "ipc/buffer_pages.h"
#include "ipc/channel.h"
#include "ipc/port.h"
#include "sched/make_current.h"
#include "sched/scheduler.h"
#include "sync/spinlock.h"
#include "syscall/handles.h"

namespace kernel {

namespace {

// The caller's object behind a handle of type T with `rights`, or null:
// the general path then finds the same and reports why.
template <typename T>
T* find_object(uint64_t handle, uint32_t rights) {
  void* object = current_process().handles().find(handle, static_cast<uint16_t>(ObjectTypeOf<T>::value), rights);
  return static_cast<T*>(static_cast<KernelObject*>(object));
}

bool fits(const TrapFrame& f) {
  // Length <= 4 KiB with the handle and kind bits clear, and no deadline.
  return f.x[kA1] <= abi::kIpcMaxBytes && f.x[kA6] == abi::kForever;
}

// Whether t's buffer can take bytes [0, end) now.
bool buffer_ready(Thread& t, uint64_t end) {
  AddressSpace& space = t.process->space();
  return t.ipc_pages.ready(space, end) || (t.ipc_buffer && t.ipc_pages.prepare(space, t.ipc_buffer, end));
}

// A payload longer than the register words has a tail in the buffers.
bool has_tail(uint64_t length) { return length > abi::kIpcRegisterBytes; }

// Whether both buffers can take the tail of a payload of `length` now:
// after this, move_tail cannot fail. (Out of line: the register-only round
// trip does not pay for its frame.)
[[gnu::noinline]] bool tail_ready(Thread& to, Thread& from, uint64_t length) {
  uint64_t end = abi::kIpcBufferDataOffset + length;
  return buffer_ready(from, end) && buffer_ready(to, end);
}

void move_tail(Thread& to, const Thread& from, uint64_t length) {
  constexpr uint64_t kTailOffset = abi::kIpcBufferDataOffset + abi::kIpcRegisterBytes;
  BufferPages::copy(to.ipc_pages, to.ipc_buffer, from.ipc_pages, from.ipc_buffer, kTailOffset,
                    length - abi::kIpcRegisterBytes);
}

Thread* first_waiter(WaitQueue& queue) {
  return container_of<Thread, &Thread::queue_node>(queue.list().front());
}

void copy_message(TrapFrame& to, const TrapFrame& from, uint64_t info, uint64_t badge) {
  to.x[kA0] = 0;
  to.x[kA1] = info;
  to.x[kA2] = from.x[kA2];
  to.x[kA3] = from.x[kA3];
  to.x[kA4] = from.x[kA4];
  to.x[kA5] = from.x[kA5];
  to.x[kA6] = badge;
}

// `from` stops running: it waits, and will resume straight in user mode,
// by this path again or through the scheduler, which writes its context
// then (switch_to).
void park(Thread* from) {
  from->state = ThreadState::Blocked;
  from->wake_result = Error::Ok;
  from->resumes_in_user = true;
}

// `to` runs now. Whichever path blocked it, it may have had a deadline: a
// thread that runs must not stay on the sleep queue (the timer would find
// a thread it cannot wake and spin on it).
[[gnu::always_inline]] inline TrapFrame* run(Thread* from, Thread* to) {
  if (to->timer_node.linked()) List::remove(&to->timer_node);
  to->state = ThreadState::Running;
  to->resumes_in_user = false;
  sched::make_current(this_cpu(), from, to);
  return to->frame;
}

}  // namespace

namespace {

TrapFrame* fastpath_call(TrapFrame& f) {
  Thread* client = current_thread();
  if (!fits(f) || sched::resched_pending()) return nullptr;
  ChannelEnd* end = find_object<ChannelEnd>(f.x[kA0], abi::rights::kWrite);
  if (!end) return nullptr;
  ChannelEnd* target = end->peer();
  if (!target) return nullptr;
  Thread* server = first_waiter(target->receivers());
  if (!server && target->port()) server = first_waiter(target->port()->waiters());
  if (!server || server->priority < client->priority) return nullptr;
  bool tail = has_tail(f.x[kA1]);
  if (tail && !tail_ready(*server, *client, f.x[kA1])) return nullptr;

  List::remove(&server->queue_node);
  copy_message(*server->frame, f, abi::make_info(f.x[kA1], 0, abi::EventKind::Call), target->badge());
  if (tail) move_tail(*server, *client, f.x[kA1]);
  server->set_ipc_state(IpcState::None);
  server->caller = client;
  client->retain();
  client->set_ipc_state(IpcState::AwaitingReply);
  client->replier = server;
  park(client);
  return run(client, server);
}

TrapFrame* fastpath_reply_wait(TrapFrame& f) {
  Thread* server = current_thread();
  Thread* client = server->caller;
  if (!client || !fits(f) || sched::resched_pending()) return nullptr;
  if (client->ipc_state != IpcState::AwaitingReply || client->replier != server) return nullptr;
  if (client->priority < server->priority) return nullptr;
  Port* port = find_object<Port>(f.x[kA0], abi::rights::kRead);
  if (!port || port->has_items()) return nullptr;
  bool tail = has_tail(f.x[kA1]);
  if (tail && !tail_ready(*client, *server, f.x[kA1])) return nullptr;

  server->caller = nullptr;
  copy_message(*client->frame, f, f.x[kA1], 0);
  if (tail) move_tail(*client, *server, f.x[kA1]);
  client->set_ipc_state(IpcState::None);
  client->replier = nullptr;
  client->release();
  // The server waits first in line: the most recently active thread is the
  // one whose cache and TLB entries are warm.
  server->set_ipc_state(IpcState::Receiving);
  port->waiters().list().push_front(&server->queue_node);
  park(server);
  return run(server, client);
}

}  // namespace

TrapFrame* ipc_general_path(TrapFrame* frame);

// The IPC waits (call, reply_wait, port_wait, channel_recv), from trap.S:
// the fast path first, here so that it is inlined. Returns the frame to
// resume: the caller's or, when IPC switched threads, the other thread's.
extern "C" TrapFrame* ipc_dispatch(TrapFrame* frame) {
  big_kernel_lock.lock();
  uint64_t number = frame->x[kA7];
  TrapFrame* next = nullptr;
  if (number == static_cast<uint64_t>(abi::Syscall::ChannelCall)) next = fastpath_call(*frame);
  else if (number == static_cast<uint64_t>(abi::Syscall::ReplyWait)) next = fastpath_reply_wait(*frame);
  if (!next) return ipc_general_path(frame);
  big_kernel_lock.unlock();
  return next;
}

}  // namespace kernel
