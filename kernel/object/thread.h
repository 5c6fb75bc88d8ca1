// A thread: a kernel stack with a saved user context (TrapFrame) at its top,
// the callee-saved kernel context for switching, and scheduling state.
#pragma once

#include <cstdint>

#include "arch/trap_frame.h"
#include "lib/list.h"
#include "lib/result.h"
#include "mm/kernel_stack.h"
#include "object/object.h"

namespace kernel {

class Process;

enum class ThreadState : uint8_t { Ready, Running, Blocked, Dead };

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
  Process* process = nullptr;  // null for kernel threads; holds a reference
  ThreadState state = ThreadState::Ready;
  uint8_t priority = kDefaultPriority;
  uint64_t id = 0;

  ListNode queue_node;   // on a run queue or a wait queue
  ListNode timer_node;   // on the sleep queue while it has a deadline
  ListNode process_node; // on its process's thread list
  uint64_t deadline = 0;
  Error wake_result = Error::Ok;

  // FP registers f0-f31 and fcsr, saved when another thread needs the FPU.
  uint64_t fp_state[33] = {};

 private:
  Thread() : KernelObject(ObjectType::Thread, sizeof(Thread)) {}
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
