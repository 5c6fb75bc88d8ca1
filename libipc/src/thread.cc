// Threads with IPC buffers: each started thread gets its block and buffer
// at the top of its stack.
#include "ipc/ipc.h"
#include "ipc/thread_block.h"

namespace ipc {

namespace {

constexpr size_t kStackSize = 64 * 1024;

// Laid out at the top of a new thread's stack.
struct StartRecord {
  ThreadBlock block;
  void (*entry)(void*);
  void* argument;
  Message buffer;
};

// The record sits at the top of the stack with its buffer's copied bytes
// starting the top page (ipc/message.h).
StartRecord* place_record(uint64_t top) {
  uint64_t buffer = top - abi::kPageSize - kCopiedOffset;
  static_assert(sizeof(Message) <= abi::kPageSize + kCopiedOffset);  // (it ends below top)
  return reinterpret_cast<StartRecord*>(buffer - offsetof(StartRecord, buffer));
}

void thread_main(uint64_t record_address) {
  auto* record = reinterpret_cast<StartRecord*>(record_address);
  become(&record->block);
  if (thread_started) thread_started();
  record->entry(record->argument);
  if (thread_ending) thread_ending();
  sys::thread_exit();
}

}  // namespace

void (*thread_started)() = nullptr;
void (*thread_ending)() = nullptr;

void become(ThreadBlock* block) {
  asm volatile("mv tp, %0" ::"r"(block));
  // The buffer is this thread's own writable memory: refusing it means the
  // program's start-up is broken, and it cannot do IPC at all.
  if (sys::set_ipc_buffer(block->ipc_buffer) < 0) sys::process_exit(127);
}

Result<Handle> start_thread(void (*entry)(void*), void* argument, unsigned priority) {
  int64_t stack = sys::mem_map(kStackSize, abi::kProtRead | abi::kProtWrite);
  if (stack < 0) return static_cast<Error>(stack);
  uint64_t top = static_cast<uint64_t>(stack) + kStackSize;
  StartRecord* record = place_record(top);
  record->block.ipc_buffer = &record->buffer;
  record->block.signals_blocked = this_thread_block()->signals_blocked;  // POSIX: the creator's mask
  record->entry = entry;
  record->argument = argument;
  int64_t thread = sys::thread_create(thread_main, reinterpret_cast<uint64_t>(record) & ~uint64_t{15},
                                      reinterpret_cast<uint64_t>(record), priority);
  if (thread < 0) {
    sys::mem_unmap(static_cast<uint64_t>(stack), kStackSize);
    return static_cast<Error>(thread);
  }
  return static_cast<Handle>(thread);
}

}  // namespace ipc
