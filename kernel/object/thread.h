// A thread: a kernel stack with a saved user context (TrapFrame) at its top,
// the callee-saved kernel context for switching, and scheduling state.
#pragma once

#include <cstdint>

#include "arch/trap_frame.h"
#include "debug/console.h"
#include "ipc/buffer_pages.h"
#include "ipc/ipc_state.h"
#include "lib/handle_cache.h"
#include "lib/list.h"
#include "mm/kernel_stack.h"
#include "object/object.h"
#include "object/ref_ptr.h"
#include "result.h"

namespace kernel {
class Thread;
}
extern "C" void thread_trampoline();
extern "C" kernel::TrapFrame* resume_in_user(kernel::Thread* thread);

namespace kernel {

class ChannelEnd;
class Process;
class Reply;

enum class ThreadState : uint8_t { Ready, Running, Blocked, Dead };


// Handles travelling with a message: out of the sender's table, not yet in
// the receiver's. They still count as handles of their objects.
struct InFlightHandles {
  KernelObject* objects[4] = {};
  uint32_t rights[4] = {};
  uint32_t count = 0;
  // Closes them (the message is dropped undelivered).
  void drop();
};

class Thread final : public KernelObject {
 public:
  static constexpr unsigned kDefaultPriority = 16;
  static constexpr unsigned kMaxPriority = 31;

  // A user thread of process that starts at entry with sp and a0 = argument.
  static Result<Thread*> create_user(Process* process, uint64_t entry, uint64_t stack_top, uint64_t argument,
                                     unsigned priority);
  // A kernel thread (the idle thread) that runs function(argument).
  static Result<Thread*> create_kernel(void (*function)(void*), void* argument, unsigned priority);

  ~Thread() override;

  // Frees the kernel stack once the thread has run for the last time.
  void release_stack() { stack_.destroy(); }

  SwitchContext context{};
  TrapFrame* frame = nullptr;
  RefPtr<Process> process;  // null for kernel threads
  ThreadState state = ThreadState::Ready;
  // The thread resumes by returning to user mode from its TrapFrame: it
  // keeps nothing on its kernel stack while blocked (IPC waits). The IPC
  // fast path sets only this; the scheduler writes the continuation
  // (set_user_continuation) when it switches to such a thread. Next to
  // `state`, which the fast path sets with it: one store for both.
  bool resumes_in_user = false;
  uint8_t priority = kDefaultPriority;
  uint64_t id = 0;
  Cpu* pinned = nullptr;  // the one hart it may run on (thread_pin); null: any

  ListNode queue_node;   // on a run queue or a wait queue
  ListNode timer_node;   // on the sleep queue while it has a deadline
  ListNode process_node; // on its process's thread list
  ListNode all_node;     // on the list of every thread (the thread dump)
  // Every thread that exists, oldest first (debug/thread_dump.h walks it).
  static List& all();
  uint64_t deadline = 0;
  Error wake_result = Error::Ok;
  // killed: its process was killed: the thread never waits again and ends
  // on its next way out of the kernel (sched::terminate sets it).
  // interrupt_pending: an interrupt (object/thread_interrupt.h) not yet
  // taken. One word, `attention`, holds both, so that the ways out of the
  // kernel and the IPC fast path test them with one load.
  union {
    struct {
      bool killed;
      bool interrupt_pending;
    };
    uint16_t attention = 0;
  };

  // Interrupts: the user entry (0: never interrupted) and whether one
  // ended a wait.
  uint64_t interrupt_entry = 0;
  // The signals it blocks (bit n: signal n; interrupt_control SetMask):
  // process_interrupt for one of them passes it over.
  uint64_t interrupt_mask = 0;
  bool interrupt_ended_wait = false;

  // FP registers f0-f31 and fcsr, saved when another thread needs the FPU.
  uint64_t fp_state[33] = {};

  // IPC.
  uint64_t ipc_buffer = 0;  // user address of this thread's ipc::Message; 0 if none
  BufferPages ipc_pages;    // its pages' kernel addresses, for the fast path
  IpcState ipc_state = IpcState::None;  // changed only through set_ipc_state
  void set_ipc_state(IpcState to) {
    KASSERT(ipc_transition_allowed(ipc_state, to));
    ipc_state = to;
  }
  RefPtr<Thread> caller;      // the client whose call this thread is serving
  // While AwaitingReply: the server thread holding our call. Set only with
  // that state, and cleared by every change out of it (the IPC fast path's
  // reply relies on this: tests/host/ipc_test.cc checks it).
  Thread* replier = nullptr;
  Reply* parked_in = nullptr; // ... or the Reply it parked our call in (reply_defer)
  InFlightHandles call_handles;  // handles sent with our pending call
  // The channel end whose message it took from a port, in its service until
  // it waits on a port again, calls or exits (ChannelEnd::in_service).
  ChannelEnd* serving = nullptr;
  Error ipc_error = Error::Ok;    // why our call failed before we could block
  // The fast path's last lookups (ipc/fastpath.cc): of a call's channel
  // end, and of a reply_wait's port.
  HandleCache call_end_lookup;
  HandleCache reply_port_lookup;
  // Makes the thread's next switch-in return straight to user mode.
  void set_user_continuation() {
    context.ra = reinterpret_cast<uint64_t>(thread_trampoline);
    context.sp = reinterpret_cast<uint64_t>(frame);
    context.s[0] = reinterpret_cast<uint64_t>(resume_in_user);
    context.s[1] = reinterpret_cast<uint64_t>(this);
    resumes_in_user = true;
  }

 private:
  Thread();
  static Result<Thread*> create(unsigned priority);
  template <typename T, typename... Args>
  friend T* make_object(Args&&... args);

  KernelStack stack_;
};

template <>
struct ObjectTypeOf<Thread> {
  static constexpr ObjectType value = ObjectType::Thread;
};

}  // namespace kernel
