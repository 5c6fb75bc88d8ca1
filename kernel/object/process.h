// A process: an address space, a handle table, and the threads running in
// them. It ends when its last thread exits or when it is killed (by a
// fault, by process_exit, or later by a holder of its handle); then its
// handles are closed, its memory is freed and its waiters are woken with
// the exit status.
#pragma once

#include <cstdint>

#include "lib/handle_table.h"
#include "lib/list.h"
#include "mm/address_space.h"
#include "ipc/port_binding.h"
#include "object/object.h"
#include "sched/wait_queue.h"

namespace kernel {

class Thread;

class Process final : public KernelObject {
 public:
  static constexpr size_t kNameLength = 32;

  // max_priority: the highest priority its threads may ever get (its
  // creator's, so that creating a process never raises a priority).
  static Result<Process*> create(const char* name, size_t name_length, unsigned max_priority);
  ~Process() override;

  AddressSpace& space() { return *space_; }
  // Null once the process has finished (its memory is gone).
  const AddressSpace* space_if_any() const { return space_; }
  HandleTable& handles() { return handles_; }
  const char* name() const { return name_; }
  uint64_t pid() const { return pid_; }
  bool exited() const { return exited_; }
  bool exiting() const { return exiting_; }
  // Whether a thread of it other than the caller is on a hart now (another
  // hart's: the caller's own hart runs the caller).
  bool runs_elsewhere() const;
  int64_t exit_status() const { return exit_status_; }
  WaitQueue& exit_waiters() { return exit_waiters_; }
  unsigned max_priority() const { return max_priority_; }
  // The priority of a thread started in this process by another (its
  // creator cannot give more than the process's maximum).
  unsigned start_priority() const;

  void add_thread(Thread* thread);
  // Unmaps a region of its space (AddressSpace::unmap_region, the only way
  // a frame leaves a live space) and has every thread of it forget its IPC
  // buffer's pages (BufferPages::forget): the fast path's test of a buffer
  // is then the room it keeps alone. (Under the big lock: no hart is in a
  // fast path meanwhile, each holds its hart's lock until it leaves one.)
  Status unmap_region(uint64_t start, uint64_t size);
  uint32_t thread_count() const { return thread_count_; }
  // Called by the scheduler when a thread of this process is gone for good.
  void thread_finished(Thread* thread);
  // The thread an interrupt of the process for signal goes to: its first
  // thread with an interrupt entry that is not ending and, for a signal
  // other than 0, does not block it (null if none).
  Thread* interrupt_target(uint64_t signal) const;
  // Ends the process: every thread but the caller's is stopped at once; the
  // calling thread (if it belongs here) must then exit itself. A process
  // with no threads ends on the spot.
  void kill(int64_t status);
  // Nobody can start a process without threads once its last handle is
  // gone: it ends then, closing the handles it was given.
  void on_last_handle_closed() override;

  // Adds a handle to object with rights, taking a new reference.
  Result<HandleValue> add_handle(KernelObject* object, uint32_t rights);
  // Closes a handle, dropping its reference.
  Status close_handle(HandleValue handle);

  // Reports this process's end on port with badge (one binding at a time).
  void bind_exit(class Port& port, uint64_t badge);

  // Moving a handle to another process: take it out of this table (it still
  // counts as a handle of its object while in flight), install it there, or
  // drop it if it can never be delivered.
  Result<HandleEntry> take_for_transfer(HandleValue handle);
  Result<HandleValue> install_transferred(KernelObject* object, uint32_t rights);
  static void drop_transferred(KernelObject* object);

 private:
  Process();
  void finish();
  // Given handles but never started.
  bool holds_handles_now() const override { return thread_count_ == 0 && !exited_ && handles_.count() > 0; }
  static_assert(may_hold_handles(ObjectType::Process));
  template <typename T, typename... Args>
  friend T* make_object(Args&&... args);

  char name_[kNameLength] = {};
  uint64_t pid_ = 0;
  uint8_t max_priority_ = 0;
  AddressSpace* space_ = nullptr;
  HandleTable handles_;
  List threads_;
  uint32_t thread_count_ = 0;
  bool exiting_ = false;
  bool exited_ = false;
  int64_t exit_status_ = 0;
  WaitQueue exit_waiters_;
  PortBinding exit_binding_;
};

template <>
struct ObjectTypeOf<Process> {
  static constexpr ObjectType value = ObjectType::Process;
};

}  // namespace kernel
