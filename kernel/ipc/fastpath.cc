// The IPC fast path: call and reply_wait in the common case, where the
// other side is already waiting, there is no deadline, and the switch is
// what the scheduler would do anyway (no higher-priority thread is
// waiting). A message of up to 80 bytes without handles travels in the
// message registers (a2..a5, t0..t5: abi/ipc_buffer.h); of a longer one
// (up to 4 KiB) the first 32 bytes travel in a2..a5 and the rest is copied
// IPC buffer to IPC buffer through the kernel addresses each thread keeps
// of its buffer's pages (ipc/buffer_pages.h), with no page-table walk once
// they are known; up to four handles move straight
// from the sender's table to the receiver's. The kernel swaps the two
// threads' roles and returns to user mode in the other thread: no run
// queue, no timer, and the caller's time slice goes on in the server.
// Anything else (a buffer that cannot take the payload, a handle the
// general path would refuse, a receiver's table that would have to grow)
// returns nullptr before changing anything and takes the general path in
// syscall/sys_ipc.cc, which has the same effect.
//
// Locking (docs/kernel.md "Locking order"): the fast path runs first under
// its hart's lock alone, so that pairs on different harts share no lock.
// There it changes only what no big-lock holder can be reading (every one
// waits for the harts' locks): the two threads, this hart, the wait queue
// it takes the partner from or puts the server on (if this hart owns it:
// sched/wait_queue.h), references, and the handle tables of two processes
// with one thread each (table_private).
// Whatever needs more (handles to move between processes with more
// threads, a buffer page to look up, an ASID to renew, a deadline to
// cancel, a queue another hart's fast path owns) it leaves to a second try
// under the big lock, before the general path.
#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "arch/cpu.h"
#include "arch/smp.h"
#include "ipc/buffer_pages.h"
#include "ipc/channel.h"
#include "ipc/port.h"
#include "mm/asid.h"
#include "sched/make_current.h"
#include "sched/scheduler.h"
#include "sync/spinlock.h"
#include "syscall/handles.h"

namespace kernel {

TrapFrame* ipc_general_path(TrapFrame* frame);
TrapFrame* channel_recv_entry(TrapFrame* frame);  // syscall/sys_ipc.cc

namespace {

// The lock a try runs under: this hart's alone, or the big kernel lock.
enum class Under { HartLock, BigLock };

// This hart's Cpu, as this_cpu(), but a value the compiler may keep: a
// try never blocks, so it ends on the hart it began on. (this_cpu()'s asm
// is volatile for code that may block; a try reads it once, not six times.)
Cpu* the_hart() {
  Cpu* cpu;
  asm("mv %0, tp" : "=r"(cpu));
  return cpu;
}

// The object of `self` (the caller) behind a handle of type T with
// `rights`, or null: the general path then finds the same and reports why.
// Through `lookup`, self's cache of its last lookup of this kind (a call's
// end or a reply's port): a server replies on the same port every time, a
// client mostly calls the same end. (Its table changes only under the big
// lock, whose holder waits for this hart's lock: a hit under the hart lock
// is as good as a lookup.)
template <typename T>
T* find_object(Thread& self, HandleCache& lookup, uint64_t handle, uint32_t rights) {
  const HandleTable& table = self.process->handles();
  void* object = lookup.find(table, handle, static_cast<uint16_t>(ObjectTypeOf<T>::value), rights);
  return static_cast<T*>(static_cast<KernelObject*>(object));
}

// Up to 4 KiB and up to four handles, no kind bits, and no deadline. (The
// first test is the whole of it for a message without handles. Under the
// hart lock ipc_dispatch made the info's tests already, and picked the try
// with handles or without.)
bool fits_without_handles(uint64_t info) { return info <= abi::kIpcMaxBytes; }
bool fits_with_handles(uint64_t info) {
  constexpr uint64_t kLengthAndHandles = abi::kInfoLengthMask | abi::kInfoHandlesMask << abi::kInfoHandlesShift;
  return (info & ~kLengthAndHandles) == 0 && abi::info_length(info) <= abi::kIpcMaxBytes &&
         abi::info_handles(info) <= abi::kIpcMaxHandles;
}
template <Under lock>
bool fits(uint64_t info, uint64_t deadline) {
  if (deadline != abi::kForever) return false;
  if (lock == Under::HartLock) return true;
  return fits_without_handles(info) || fits_with_handles(info);
}

// Whether more than a2..a5 travel: words in t0..t5, a tail or handles
// (their count sits above the length bits); and whether t0..t5 are all of
// it (a register message: ipc_buffer.h).
bool has_extras(uint64_t info) { return info > abi::kIpcRegisterBytes; }
bool in_registers(uint64_t info) { return info <= abi::kIpcRegisterMessageBytes; }

// trap.S's IPC entry and exit find a register message with t-words in the
// info's bits below the kind: length 33..80 and no handles.
static_assert(abi::kInfoKindShift >= 19 && abi::kInfoHandlesShift + 3 == 19 && abi::kIpcRegisterBytes == 32 &&
              abi::kIpcRegisterMessageBytes == 80);

// Words 4..9 of a register message of `length` bytes travel from the
// sender's frame, where trap.S saved them on its way in and loads them
// from on its way out into the receiver (no copy to the receiver's
// frame); past the message they are cleared there first, so that the
// receiver gets none of the sender's other values. (The sender's own
// values in them are dead: t0..t5 are clobbered by a syscall. Unrolled:
// each register's place is then a constant.) From the last word down,
// where each word past the end means the one before may be too: a test
// and a store a word cleared, and one test for a message of 73..80 bytes
// (word 4 is never past: the message has over 32).
[[gnu::always_inline]] inline void clear_past_message(TrapFrame& from, uint64_t length) {
#pragma GCC unroll 6
  for (uint64_t k = abi::kIpcRegisterWords - 1; k > abi::kIpcRegisterBytes / 8; --k) {
    if (length > k * 8) return;
    from.x[kMessageRegs[k]] = 0;
  }
}

// Whether t's buffer can take bytes [0, end) now. Looking its pages up
// may back them (frames, page tables): only under the big lock.
template <Under lock>
bool buffer_ready(Thread& t, uint64_t end) {
  AddressSpace& space = t.process->space();
  if (t.ipc_pages.ready(space, end)) return true;
  return lock == Under::BigLock && t.ipc_buffer && t.ipc_pages.prepare(space, t.ipc_buffer, end);
}

// A try under this hart's lock moves handles only between the tables of
// processes with one thread each: the caller's and its partner's. Nothing
// else then reads or changes either table meanwhile: every other access
// to a table is a big-lock holder's, who waits for this hart's lock, or a
// fast path's of one of its process's own threads. (A thread count
// changes only under the big lock.) Each try with handles asks it of the
// caller first and of the partner once found, so that a message of a
// process with more threads goes to the big lock before the rest of the
// try's work.
bool table_private(const Process& process) { return process.thread_count() == 1; }

// Whether `object` may not travel in a message that waits in a queue
// (KernelObject::holds_handles). Under the hart lock its type alone
// answers: an object that might hold handles (a channel end, a process)
// goes to the big lock's try, since the virtual call would cost every
// handle message there a frame.
template <Under lock>
bool may_not_queue(const KernelObject* object) {
  return lock == Under::HartLock ? KernelObject::may_hold_handles(object->type()) : object->holds_handles();
}

// A handle on its way: its value in the sender's buffer, read once (the
// sender's other threads may rewrite the buffer meanwhile), and its entry.
struct Moving {
  HandleValue value;
  HandleEntry* entry;
};

// The checks take_outgoing (ipc/transfer.cc) makes before a handle moves,
// and room for all of them in the receiver's table as it is (a table that
// would have to grow could fail). A message that fails any goes to the
// general path, which reports why, and so does one whose buffers have
// their handle values across a page (BufferPages::handle_values). What
// passed goes to moving.
template <Under lock>
[[gnu::always_inline]] inline bool handles_movable(Thread& to, Thread& from, uint64_t count,
                                                   const KernelObject* queue_owner, Moving* moving) {
  const uint32_t* values = from.ipc_pages.handle_values();
  if (!values || !to.ipc_pages.handle_values() || to.process->handles().free_slots() < count) return false;
  HandleTable& table = from.process->handles();
  for (uint64_t i = 0; i < count; ++i) {
    HandleValue value = values[i];
    auto entry = table.get(value);
    if (!entry || !((*entry)->rights & abi::rights::kTransfer)) return false;
    auto* object = static_cast<const KernelObject*>((*entry)->object);
    if (object == queue_owner || (queue_owner && may_not_queue<lock>(object))) return false;
    for (uint64_t j = 0; j < i; ++j) {
      if (moving[j].value == value) return false;
    }
    moving[i] = {value, *entry};
  }
  return true;
}

// Handles that handles_movable passed, table to table: each keeps its
// object and rights and gets a new value in the receiver's buffer. (No
// entry to move is freed or reused before its turn: each is live until
// its own take, and the receiver's table has room without growing.)
[[gnu::always_inline]] inline void move_handles(Thread& to, Thread& from, uint64_t count, const Moving* moving) {
  HandleTable& source = from.process->handles();
  HandleTable& target = to.process->handles();
  uint32_t* values = to.ipc_pages.handle_values();
  for (uint64_t i = 0; i < count; ++i) {
    HandleEntry moved = source.take(moving[i].value, moving[i].entry);
    values[i] = target.add_to_free_slot(moved.object, moved.type, moved.rights);
  }
}

// Moves the tail and the handles of `info` (not a register message) from
// `from` to `to` if both buffers and the receiver's table can take them
// now; if not, moves nothing and returns false. The fast path's last
// check: what follows it cannot fail. queue_owner: the end a call would
// wait in (a handle may not travel into its own queue). Under the hart
// lock only for a message without handles: deliver_with_handles moves
// those there.
template <Under lock>
[[gnu::always_inline]] inline bool move_extras(Thread& to, Thread& from, uint64_t info,
                                               const KernelObject* queue_owner) {
  uint64_t length = abi::info_length(info);
  uint64_t handles = abi::info_handles(info);
  uint64_t end = abi::kIpcBufferDataOffset + length;
  if (lock == Under::HartLock) KASSERT(this_cpu()->lock.held() && !handles);
  if (!buffer_ready<lock>(from, end) || !buffer_ready<lock>(to, end)) return false;
  Moving moving[abi::kIpcMaxHandles];
  if (handles && !handles_movable<lock>(to, from, handles, queue_owner, moving)) return false;
  if (length > abi::kIpcRegisterBytes) {
    BufferPages::copy_tail(to.ipc_pages, to.ipc_buffer, from.ipc_pages, from.ipc_buffer,
                           length - abi::kIpcRegisterBytes);
  }
  if (handles) move_handles(to, from, handles, moving);
  return true;
}

TrapFrame* ipc_dispatch_unlocked(TrapFrame* frame);

// A long message's tail, copied after the switch (deliver_with_extras):
// `length` bytes from `from` to `to`, kernel addresses.
struct TailCopy {
  uint8_t* to;
  const uint8_t* from;
  uint64_t length;
};

// Under the hart lock, a message whose tail does not lie on one known page
// in both buffers: move_extras, then the delivery, or else the big lock's
// try. Out of line: it has a frame.
template <auto deliver, typename Object>
[[gnu::noinline, gnu::returns_nonnull]] TrapFrame* deliver_in_pieces(TrapFrame& f, Thread* from, Thread* to,
                                                                     Object* object,
                                                                     const KernelObject* queue_owner) {
  if (!move_extras<Under::HartLock>(*to, *from, f.x[kA1], queue_owner)) return ipc_dispatch_unlocked(&f);
  return deliver(f.x[kA1], from, to, object, nullptr);
}

// Under the hart lock, a message that does not fit in the registers (and
// has no handles: ipc_dispatch sent those to a try of their own). Out of line,
// reached by a tail call (it never returns null: the compiler knows there
// is nothing to do after it), so that the register message's path calls
// nothing and has no frame (trap.S saved the callee-saved registers it
// would keep). When the tail lies on one known page in both buffers (as
// libipc places them) it needs no frame either: the checks first, then
// the delivery, which cannot fail, and last the copy, by a tail call that
// returns the delivery's frame (or, on the delivery's rare call, run's
// switch_out_of_line, by that call's own tail call: nothing lives across
// a call). (The copy after the switch is sound: it goes through kernel
// addresses, which every page table maps alike, and the hart lock is held
// until the return to user mode.) No frame pointer: as for dispatch_fast,
// which tail-calls it, a panic's backtrace shows it as its caller, and
// stops.
template <auto deliver, typename Object>
[[gnu::noinline, gnu::returns_nonnull, gnu::optimize("omit-frame-pointer")]] TrapFrame* deliver_with_extras(
    TrapFrame& f, Thread* from, Thread* to, Object* object, const KernelObject* queue_owner) {
  uint64_t info = f.x[kA1];
  KASSERT(the_hart()->lock.held());
  // The info is a length alone (ipc_dispatch: fits_without_handles). Not
  // masked: any bit above the length would make it larger than a page,
  // hence than either room, and the message would go to move_extras,
  // which asserts that it has no handles.
  uint64_t length = info - abi::kIpcRegisterBytes;
  BufferPages& target = to->ipc_pages;
  const BufferPages& source = from->ipc_pages;
  if (!source.tail_on_one_page(length) || !target.tail_on_one_page(length)) {
    return deliver_in_pieces<deliver>(f, from, to, object, queue_owner);
  }
  TailCopy copy{target.tail(), source.tail(), length};
  return deliver(info, from, to, object, &copy);
}

// Under the hart lock, a message with `count` handles (ipc_dispatch gives
// such messages a try of their own, which found both processes with one
// thread: table_private): when every handle passes handles_movable, and a tail lies
// on one known page in both buffers, the handles move here, then the
// delivery, and the tail's copy last, as in deliver_with_extras; anything
// else goes to the big lock's try. One function per count, so that its
// loops unroll and the handles stay in registers. Out of line, reached by
// a tail call, with no frame (it calls nothing but by a tail call) and no
// frame pointer, as deliver_with_extras.
template <auto deliver, uint64_t count, typename Object>
[[gnu::noinline, gnu::flatten, gnu::returns_nonnull, gnu::optimize("omit-frame-pointer")]] TrapFrame* deliver_with_handles(
    TrapFrame& f, Thread* from, Thread* to, Object* object, const KernelObject* queue_owner) {
  uint64_t info = f.x[kA1];
  uint64_t length = abi::info_length(info);
  // (A message of up to 32 bytes has no tail: a2..a5 carry it.)
  bool has_tail = length > abi::kIpcRegisterBytes;
  uint64_t tail = length - abi::kIpcRegisterBytes;
  BufferPages& target = to->ipc_pages;
  const BufferPages& source = from->ipc_pages;
  Moving moving[count];
  if (!handles_movable<Under::HartLock>(*to, *from, count, queue_owner, moving) ||
      (has_tail && (!source.tail_on_one_page(tail) || !target.tail_on_one_page(tail)))) {
    return ipc_dispatch_unlocked(&f);
  }
  move_handles(*to, *from, count, moving);
  if (!has_tail) return deliver(info, from, to, object, nullptr);
  TailCopy copy{target.tail(), source.tail(), tail};
  return deliver(info, from, to, object, &copy);
}

// deliver_with_handles for the info's count of handles, 1 to 4 (ipc_dispatch:
// fits_with_handles, and not fits_without_handles).
template <auto deliver, typename Object>
[[gnu::always_inline]] inline TrapFrame* deliver_by_handle_count(uint64_t info, Thread* from, Thread* to,
                                                                 Object* object, const KernelObject* queue_owner) {
  static_assert(abi::kIpcMaxHandles == 4);
  TrapFrame& f = *from->frame;
  uint64_t count = abi::info_handles(info);
  if (count == 1) return deliver_with_handles<deliver, 1>(f, from, to, object, queue_owner);
  if (count == 2) return deliver_with_handles<deliver, 2>(f, from, to, object, queue_owner);
  if (count == 3) return deliver_with_handles<deliver, 3>(f, from, to, object, queue_owner);
  return deliver_with_handles<deliver, 4>(f, from, to, object, queue_owner);
}

// The fast path's last step once every check passed: what goes beyond
// a2..a5 (a register message's t-words stay in the sender's frame: no
// call, no check that can fail; anything else by move_extras, out of line
// under the hart lock),
// then deliver(info, from, to, object), which switches to `to`. (`from`
// is the thread that made the call: its frame holds the message.) A try
// under the hart lock `with_handles` has a message with handles.
template <Under lock, auto deliver, bool with_handles, typename Object>
[[gnu::always_inline]] inline TrapFrame* deliver_message(uint64_t info, Thread* from, Thread* to, Object* object,
                                                         const KernelObject* queue_owner) {
  if (with_handles) return deliver_by_handle_count<deliver>(info, from, to, object, queue_owner);
  // (The null message's test first: one compare.)
  if (has_extras(info)) {
    if (!in_registers(info)) {
      if (lock == Under::HartLock) return deliver_with_extras<deliver>(*from->frame, from, to, object, queue_owner);
      if (!move_extras<lock>(*to, *from, info, queue_owner)) return nullptr;
      return deliver(info, from, to, object, nullptr);
    }
    clear_past_message(*from->frame, info);
  }
  return deliver(info, from, to, object, nullptr);
}

// The first thread on a queue that is not empty.
Thread* first_waiter(WaitQueue& queue) {
  ListNode* first = queue.list().front();
  if (!first) __builtin_unreachable();
  return container_of<Thread, &Thread::queue_node>(first);
}

// The receiver's info and badge. Its message words (a2..a5, and t0..t5 of
// a register message) are the sender's, which trap.S loads from the
// sender's frame when it returns into the receiver (every fast path
// switches to the message's receiver), and its status is 0, which trap.S
// gives every thread it returns to from another's wait: only a fast path's
// delivery switches there (the general path returns its caller's frame).
void copy_message(TrapFrame& to, uint64_t info, uint64_t badge) {
  to.x[kA1] = info;
  to.x[kA6] = badge;
}

// A thread pinned to another hart is woken there, by the general path.
bool may_run_here(const Cpu* cpu, const Thread* t) { return !t->pinned || t->pinned == cpu; }

// Whether switching to `to` needs nothing of the big lock: a deadline to
// cancel (the sleep queue is the big lock's) or an ASID of an old
// generation to renew (the allocator is). (A thread last run on another
// hart is no risk: only a big-lock holder, who waited for that hart's
// lock, hence until it left the thread's stack, can have made it reachable
// here: by moving the thread, or the queue it waits on, to this hart.)
template <Under lock>
bool switch_is_local(const Thread* from, const Thread* to) {
  if (lock == Under::BigLock) return true;
  if (to->timer_node.linked()) return false;
  Process* process = to->process.get();
  return process == from->process.get() || asid::current(process->space().asid_tag());
}

// Whether this try may change queue: under the big lock always, which
// makes this hart the queue's owner; under the hart lock if it owns it.
template <Under lock>
bool may_change(Cpu* cpu, WaitQueue& queue) {
  if (lock == Under::HartLock) return queue.fast_path_owner == cpu;
  if (queue.fast_path_owner != cpu) {
    KASSERT(smp::kernel_locked());  // (an owner changes only under it)
    queue.fast_path_owner = cpu;
  }
  return true;
}

// `from` stops running: it waits, and will resume straight in user mode,
// by this path again or through the scheduler, which writes its context
// then (switch_to).
void park(Thread* from) {
  from->state = ThreadState::Blocked;
  from->wake_result = Error::Ok;
  from->resumes_in_user = true;
}

// make_current, out of line, for what it does by a call (run).
template <Under lock>
[[gnu::noinline, gnu::returns_nonnull]] TrapFrame* switch_out_of_line(Cpu* cpu, Thread* from, Thread* to) {
  sched::make_current<lock == Under::HartLock>(cpu, from, to);
  TrapFrame* frame = to->frame;
  if (!frame) __builtin_unreachable();  // (a thread that waited in IPC has one)
  return frame;
}

// The same, then a tail's copy, its last step: the delivery that calls it
// keeps nothing across the call, so it needs no frame of its own.
template <Under lock>
[[gnu::noinline, gnu::returns_nonnull]] TrapFrame* switch_out_of_line(Cpu* cpu, Thread* from, Thread* to,
                                                                      uint8_t* copy_to, const uint8_t* copy_from,
                                                                      uint64_t copy_length) {
  TrapFrame* frame = switch_out_of_line<lock>(cpu, from, to);
  return static_cast<TrapFrame*>(copy_aligned(frame, copy_to, copy_from, copy_length));
}

// A switch from `from` to `to`, with this hart, to's frame, to's process
// and whether it is from's, read by the delivery before it changes
// anything: its stores and atomic reference counts would make the
// compiler read them again after the checks did (switch_is_local).
struct Switch {
  Cpu* cpu;
  Thread* from;
  Thread* to;
  TrapFrame* frame;  // to's (a thread that waited in IPC has one)
  Process* space;    // to's process; null for a kernel thread
  bool same_space;   // from runs in it already
};
Switch switch_between(Thread* from, Thread* to) {
  Process* space = to->process.get();
  return {the_hart(), from, to, to->frame, space, space == from->process.get()};
}

// `to` runs now. Whichever path blocked it, it may have had a deadline: a
// thread that runs must not stay on the sleep queue (the timer would find
// a thread it cannot wake and spin on it). (Under the hart lock,
// switch_is_local checked that it has none, and that its ASID is current.)
// `then`: a tail to copy last, or null.
template <Under lock>
[[gnu::always_inline]] inline TrapFrame* run(const Switch& s, const TailCopy* then) {
  Thread* to = s.to;
  if (lock == Under::BigLock && to->timer_node.linked()) List::remove(&to->timer_node);
  to->state = ThreadState::Running;
  to->resumes_in_user = false;
  Cpu* cpu = s.cpu;
  // What make_current does by a call (handing the FPU over; a kernel
  // thread's page table, which never waits in IPC) it does out of line, by
  // a tail call: the common switch then has no frame. The rest is
  // make_current's for a user thread.
  if (cpu->fp_owner == s.from || !s.space) {
    if (then) return switch_out_of_line<lock>(cpu, s.from, to, then->to, then->from, then->length);
    return switch_out_of_line<lock>(cpu, s.from, to);
  }
  sched::enter_user_thread<lock == Under::HartLock>(cpu, s.frame, s.space, s.same_space);
  cpu->current = to;
  if (then) return static_cast<TrapFrame*>(copy_aligned(s.frame, then->to, then->from, then->length));
  return s.frame;
}


}  // namespace

namespace {

// The call's delivery, once fastpath_call's checks passed and the message
// beyond a2..a5 moved: changes what cannot fail, and switches.
template <Under lock>
[[gnu::always_inline]] inline TrapFrame* deliver_call(uint64_t info, Thread* client, Thread* server,
                                                      ChannelEnd* target, const TailCopy* then) {
  Switch next = switch_between(client, server);
  // (fastpath_call saw that the server holds no caller: no reference to drop.)
  server->caller.take_into_empty(client);
  List::remove(&server->queue_node);
  // The info as the caller gave it (length and handle count), kind Call.
  copy_message(*next.frame, info | abi::make_info(0, 0, abi::EventKind::Call), target->badge());
  server->set_ipc_state(IpcState::None);
  client->set_ipc_state(IpcState::AwaitingReply);
  client->replier = server;
  park(client);
  return run<lock>(next, then);
}

// The caller's handle, info and deadline (a0, a1, a6) come as trap.S
// found them (the frame holds them too).
// Preconditions, each checked here or by ipc_dispatch (else nullptr, and
// the general path): a message that fits(), no reschedule due, a caller
// neither killed, interrupted nor serving, a channel end with the right to
// write whose peer's receivers or port has a waiting server, not in
// service, of at least the caller's priority, free to run here, holding no
// caller, and reachable without the big lock.
template <Under lock, bool with_handles = false>
TrapFrame* fastpath_call(Cpu* cpu, uint64_t handle, uint64_t info, uint64_t deadline) {
  Thread* client = cpu->current;
  // (A thread killed or interrupted while it ran on this hart ends on the
  // general path, and so does one that serves a message: a call ends the
  // service, ipc/channel.h. A reschedule is also due while this hart owes
  // fences, mm/remote_fences.h: tested before anything but this hart and
  // its thread is read, it sends them to the big lock, which runs them.)
  if (!fits<lock>(info, deadline) || cpu->need_resched || client->attention || client->serving) return nullptr;
  if (with_handles && !table_private(*client->process)) return nullptr;
  ChannelEnd* end = find_object<ChannelEnd>(*client, client->call_end_lookup, handle, abi::rights::kWrite);
  if (!end) return nullptr;
  ChannelEnd* target = end->peer();
  if (!target) return nullptr;
  // Only the big lock's holders put receivers on a channel end, so one
  // seen empty stays so.
  WaitQueue* queue = &target->receivers();
  if (__builtin_expect(queue->empty(), true)) {  // (servers wait on ports)
    if (!target->port()) return nullptr;
    queue = &target->port()->waiters();
  }
  if (!may_change<lock>(cpu, *queue) || queue->empty()) return nullptr;
  // An end in service (ipc/channel.h) queues the call: the general path.
  // (Only the big lock's holders start and end services.)
  if (target->in_service()) return nullptr;
  Thread* server = first_waiter(*queue);
  if (server->priority < client->priority || !may_run_here(cpu, server) || server->caller) return nullptr;
  if (with_handles && !table_private(*server->process)) return nullptr;
  if (!switch_is_local<lock>(client, server)) return nullptr;
  return deliver_message<lock, deliver_call<lock>, with_handles>(info, client, server, target, target);
}

// The reply's delivery, once fastpath_reply_wait's checks passed and the
// message beyond a2..a5 moved: changes what cannot fail, and switches.
template <Under lock>
[[gnu::always_inline]] inline TrapFrame* deliver_reply(uint64_t info, Thread* server, Thread* client, Port* port,
                                                       const TailCopy* then) {
  Switch next = switch_between(server, client);
  // (The server's state first: fastpath_reply_wait's test of it still
  // holds for the compiler, so set_ipc_state's assertion goes.)
  server->set_ipc_state(IpcState::Receiving);
  // The client is blocked, not dead: the scheduler's reference outlives this one.
  server->caller.reset_outlived();
  copy_message(*next.frame, info, 0);
  client->set_ipc_state(IpcState::None);
  client->replier = nullptr;
  // The server waits first in line: the most recently active thread is the
  // one whose cache and TLB entries are warm.
  port->waiters().list().push_front(&server->queue_node);
  park(server);
  return run<lock>(next, then);
}

// The server's handle, info and deadline as for fastpath_call.
// Preconditions, each checked here or by ipc_dispatch (else nullptr, and
// the general path): a message that fits(), no reschedule due, a server
// not killed or interrupted, serving no end, in IPC state None, whose
// caller waits for its reply (its replier is the server), not
// interrupted, of at least its priority and free to run here, reachable
// without the big lock; a port with the right to read, nothing queued,
// whose waiters this try may change.
template <Under lock, bool with_handles = false>
TrapFrame* fastpath_reply_wait(Cpu* cpu, uint64_t handle, uint64_t info, uint64_t deadline) {
  Thread* server = cpu->current;
  Thread* client = server->caller.get();  // (read, not followed, before the fences' test)
  if (!client || !fits<lock>(info, deadline) || cpu->need_resched || server->attention) return nullptr;
  // A client whose replier is this server awaits its reply: a thread has a
  // replier only while AwaitingReply (Thread::replier; one that gave up,
  // by deadline, kill or interrupt, has none, though the server still
  // holds it). An interrupted client resumes by the general path, which
  // raises it.
  if (client->replier != server || client->interrupt_pending) return nullptr;
  if (client->priority < server->priority || !may_run_here(cpu, client)) return nullptr;
  if (with_handles && !(table_private(*server->process) && table_private(*client->process))) return nullptr;
  if (!switch_is_local<lock>(server, client)) return nullptr;
  Port* port = find_object<Port>(*server, server->reply_port_lookup, handle, abi::rights::kRead);
  // (Only the big lock's holders queue packets and ready ends.) A service
  // to end (ipc/channel.h) may hand its end on: the general path.
  if (!port || port->has_items() || server->serving) return nullptr;
  // A server in any other IPC state (none can be: it runs) is left to the
  // general path, whose set_ipc_state asserts it. Tested here, it makes
  // deliver_reply's assertion of it known to pass: with one panic call
  // left, the compiler saves `ra` only on its way there.
  if (server->ipc_state != IpcState::None) return nullptr;
  if (!may_change<lock>(cpu, port->waiters())) return nullptr;
  return deliver_message<lock, deliver_reply<lock>, with_handles>(info, server, client, port, nullptr);
}

}  // namespace

namespace {

// A try's arguments: this hart (read once: the_hart()'s asm is not
// shared between its uses), the caller's handle, info and deadline.
using FastTry = TrapFrame* (*)(Cpu*, uint64_t, uint64_t, uint64_t);

// Under the big lock: the fast path's second try, all of it inlined into
// this one frame, then the general path.
template <FastTry try_fast>
[[gnu::noinline, gnu::flatten]] TrapFrame* dispatch_locked(TrapFrame* frame) {
  smp::lock_kernel();
  TrapFrame* next = try_fast(the_hart(), frame->x[kA0], frame->x[kA1], frame->x[kA6]);
  if (!next) next = ipc_general_path(frame);
  // (On this hart's Cpu now: a thread preempted in the general path may
  // come back on another hart.)
  smp::trade_kernel_lock_for_hart_lock();
  return next;
}

// The general path alone under the big lock: the IPC waits that are no
// call or reply do not pay for the try's registers.
[[gnu::noinline]] TrapFrame* general_locked(TrapFrame* frame) {
  smp::lock_kernel();
  TrapFrame* next = ipc_general_path(frame);
  smp::trade_kernel_lock_for_hart_lock();
  return next;
}

// Under the big lock, by the number: no frame of its own (each way on is
// a tail call, so no backtrace can show it: no frame pointer either).
[[gnu::noinline, gnu::optimize("omit-frame-pointer")]] TrapFrame* ipc_dispatch_locked(TrapFrame* frame) {
  uint64_t number = frame->x[kA7];
  if (number == static_cast<uint64_t>(abi::Syscall::ChannelCall)) {
    return dispatch_locked<fastpath_call<Under::BigLock>>(frame);
  }
  if (number == static_cast<uint64_t>(abi::Syscall::ReplyWait)) {
    return dispatch_locked<fastpath_reply_wait<Under::BigLock>>(frame);
  }
  return general_locked(frame);
}

// The hart-lock try did not switch: it lets this hart's lock go first.
[[gnu::noinline]] TrapFrame* ipc_dispatch_unlocked(TrapFrame* frame) {
  KASSERT(this_cpu()->lock.held());
  this_cpu()->lock.unlock();
  return ipc_dispatch_locked(frame);
}

// A call or reply_wait without handles: the fast path under this hart's
// lock, if nobody holds the big lock, else everything under the big lock.
// (One function each: ipc_dispatch reaches it with a jump, before any
// register is saved.)
// No frame: everything it calls but by a tail call (or to panic) is
// inlined (flatten), and every register it would keep, trap.S saved
// already. (Hence no frame pointer either: a panic's backtrace shows this
// function as its caller, and stops.)
// (Its parameters sit where ipc_dispatch got them, a0, a1 and a6, so it is
// reached by a jump with no moves; noipa keeps the compiler from dropping
// the unused ones, a copy it would not flatten.)
template <FastTry try_fast>
[[gnu::noipa, gnu::flatten, gnu::optimize("omit-frame-pointer")]] TrapFrame* dispatch_fast(
    uint64_t handle, uint64_t info, uint64_t /*a2..a5*/, uint64_t, uint64_t, uint64_t, uint64_t deadline) {
  Cpu* cpu = the_hart();
  if (smp::lock_hart(cpu)) {
    if (TrapFrame* next = try_fast(cpu, handle, info, deadline)) return next;
  }
  return ipc_dispatch_unlocked(cpu->current->frame);
}

}  // namespace

// An IPC wait's index as trap.S passes it: its number less the first's.
constexpr uint64_t wait_index(abi::Syscall call) { return static_cast<uint64_t>(call) - abi::kFirstIpcWait; }
static_assert(wait_index(abi::Syscall::ChannelCall) == 0);  // (tested against 0: one instruction)

// The IPC waits (call, reply_wait, port_wait, channel_recv), from trap.S:
// the fast path under this hart's lock first, here so that it is inlined;
// then, under the big lock, the fast path again and the general path.
// Returns the frame to resume: the caller's or, when IPC switched threads,
// the other thread's. It returns holding this hart's lock only: trap.S
// releases it once it has left this thread's stack, which another hart may
// free as soon as it gets the big lock (the thread parked here could be
// killed there), and the big lock's taker waits for every hart's lock.
// (No frame of its own: it only jumps on, and the register-only round trip
// would pay for the frame pointer's set-up twice.) trap.S calls it with
// the caller's a0..a6 still in their registers (the frame holds them too)
// and in a7 the wait's index (wait_index; the frame holds the number):
// the handle, the info, the deadline and the index are read from there,
// not loaded again; the frame is the calling thread's.
extern "C" [[gnu::optimize("omit-frame-pointer")]] TrapFrame* ipc_dispatch(uint64_t handle, uint64_t info,
                                                                           uint64_t w0, uint64_t w1, uint64_t w2,
                                                                           uint64_t w3, uint64_t deadline,
                                                                           uint64_t index) {
  if (fits_without_handles(info)) {
    if (index == wait_index(abi::Syscall::ChannelCall)) {
      return dispatch_fast<fastpath_call<Under::HartLock>>(handle, info, w0, w1, w2, w3, deadline);
    }
    if (index == wait_index(abi::Syscall::ReplyWait)) {
      return dispatch_fast<fastpath_reply_wait<Under::HartLock>>(handle, info, w0, w1, w2, w3, deadline);
    }
  } else if (fits_with_handles(info)) {
    if (index == wait_index(abi::Syscall::ChannelCall)) {
      return dispatch_fast<fastpath_call<Under::HartLock, true>>(handle, info, w0, w1, w2, w3, deadline);
    }
    if (index == wait_index(abi::Syscall::ReplyWait)) {
      return dispatch_fast<fastpath_reply_wait<Under::HartLock, true>>(handle, info, w0, w1, w2, w3, deadline);
    }
  }
  TrapFrame* frame = this_cpu()->current->frame;
  if (index == wait_index(abi::Syscall::ChannelRecv)) return channel_recv_entry(frame);
  return ipc_dispatch_locked(frame);
}

}  // namespace kernel
