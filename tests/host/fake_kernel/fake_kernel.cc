// Host stand-ins for the kernel's heap, console, stacks, address spaces,
// page tables and scheduler (fake_kernel.h says what each does).
#include "fake_kernel.h"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "arch/cpu.h"
#include "debug/console.h"
#include "ipc/transfer.h"
#include "mm/address_space.h"
#include "mm/kernel_stack.h"
#include "mm/page_table.h"
#include "sched/scheduler.h"

extern "C" void thread_trampoline() {}
extern "C" kernel::TrapFrame* resume_in_user(kernel::Thread*) { return nullptr; }

namespace fake {

namespace {
kernel::Cpu the_cpu;
size_t heap_bytes = 0;
}  // namespace

std::vector<kernel::Thread*>& woken() {
  static std::vector<kernel::Thread*> threads;
  return threads;
}

void block(kernel::Thread& thread, kernel::WaitQueue* queue, kernel::IpcState state) {
  thread.set_ipc_state(state);
  thread.state = kernel::ThreadState::Blocked;
  thread.resumes_in_user = true;
  if (queue) queue->list().push_back(&thread.queue_node);
}

}  // namespace fake

namespace kernel {

Cpu* this_cpu() { return &fake::the_cpu; }

void* kmalloc(size_t size) {
  fake::heap_bytes += size;
  return std::calloc(1, size);
}
void kfree(void* p, size_t size) {
  if (!p) return;
  fake::heap_bytes -= size;
  std::free(p);
}
size_t heap_bytes_in_use() { return fake::heap_bytes; }

void vkprintf(const char* format, va_list args) { std::vfprintf(stderr, format, args); }
void kprintf(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vkprintf(format, args);
  va_end(args);
}
void panic(const char* format, ...) {
  va_list args;
  va_start(args, format);
  vkprintf(format, args);
  va_end(args);
  std::fputc('\n', stderr);
  std::abort();
}

Result<KernelStack> KernelStack::create() {
  void* base = kmalloc(kSize);
  if (!base) return Error::NoMemory;
  return KernelStack(reinterpret_cast<uint64_t>(base));
}
void KernelStack::destroy() {
  kfree(reinterpret_cast<void*>(base_), kSize);
  base_ = 0;
}

void activate_kernel_page_table() {}

Result<AddressSpace*> AddressSpace::create() {
  AddressSpace* space = make<AddressSpace>();
  if (!space) return Error::NoMemory;
  return space;
}
void AddressSpace::destroy(AddressSpace* space) { kernel::destroy(space); }
// The test's user memory is its own: nothing to unmap; the count moves as
// the real one's does.
Status AddressSpace::unmap_region(uint64_t, uint64_t) {
  ++unmap_count_;
  return {};
}

// User memory is the test's own: an address is a host pointer.
Status AddressSpace::copy_in(void* dst, uint64_t user_src, uint64_t length) {
  if (user_src < fake::kFirstUserAddress) return Error::BadAddress;
  std::memcpy(dst, reinterpret_cast<const void*>(user_src), length);
  return {};
}
Status AddressSpace::copy_out(uint64_t user_dst, const void* src, uint64_t length) {
  if (user_dst < fake::kFirstUserAddress) return Error::BadAddress;
  std::memcpy(reinterpret_cast<void*>(user_dst), src, length);
  return {};
}
// The kernel's copy is RISC-V assembly (arch/word_copy.S, checked by
// ipctest's longmessages): here, a plain copy with its contract.
extern "C" void* copy_aligned(void* result, uint8_t* to, const uint8_t* from, uint64_t length) {
  std::memcpy(to, from, length);
  return result;
}
uint8_t* AddressSpace::resolve(uint64_t va, Access, bool, Fresh) {
  return va < fake::kFirstUserAddress ? nullptr : reinterpret_cast<uint8_t*>(va);
}
Status AddressSpace::copy_across(AddressSpace&, uint64_t dst_va, AddressSpace&, uint64_t src_va, uint64_t length,
                                 bool) {
  if (dst_va < fake::kFirstUserAddress || src_va < fake::kFirstUserAddress) return Error::BadAddress;
  std::memcpy(reinterpret_cast<void*>(dst_va), reinterpret_cast<const void*>(src_va), length);
  return {};
}

namespace sched {

// As the real one (kernel/sched/scheduler.cc), without run queues: a woken
// thread is only marked ready and recorded.
void wake(Thread* t, Error result) {
  if (t->state != ThreadState::Blocked) return;
  if (t->queue_node.linked()) List::remove(&t->queue_node);
  t->wake_result = result;
  if (result != Error::Ok) {
    if (t->ipc_state != IpcState::None) ipc_abort(*t);
    if (t->resumes_in_user) t->frame->x[kA0] = static_cast<uint64_t>(result);
  }
  t->state = ThreadState::Ready;
  fake::woken().push_back(t);
}

void terminate(Thread* t) {
  t->killed = true;
  if (t->state == ThreadState::Blocked) wake(t, Error::PeerClosed);
}

uint64_t now() { return 0; }

}  // namespace sched

}  // namespace kernel
