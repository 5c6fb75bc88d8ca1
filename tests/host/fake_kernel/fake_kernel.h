// The host stand-ins for what kernel/ipc and kernel/object need of the rest
// of the kernel (tests/host/fake_kernel/fake_kernel.cc): a heap that counts
// its bytes, user memory that is host memory, and a scheduler that only
// records who it woke. Blocking is the test's job: it puts a thread on a
// wait queue as the real scheduler would.
#pragma once

#include <cstdint>
#include <vector>

#include "mm/heap.h"
#include "object/thread.h"
#include "sched/wait_queue.h"

namespace fake {

// Threads sched::wake made ready, in order.
std::vector<kernel::Thread*>& woken();
// User addresses below this fail copies with BadAddress (a null buffer).
constexpr uint64_t kFirstUserAddress = 0x10000;

// The current thread blocks on queue (null: on nothing, as a caller does)
// in an IPC wait, resuming in user mode as every IPC wait does.
void block(kernel::Thread& thread, kernel::WaitQueue* queue, kernel::IpcState state);

}  // namespace fake
