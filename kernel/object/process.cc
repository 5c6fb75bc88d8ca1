#include "object/process.h"

#include "arch/cpu.h"
#include "debug/console.h"
#include "mm/page_table.h"
#include "object/ref_ptr.h"
#include "object/thread.h"
#include "sched/scheduler.h"

namespace kernel {

namespace {

uint64_t next_pid = 1;

class KernelChunks final : public ChunkAllocator {
 public:
  void* allocate(size_t bytes) override { return kmalloc(bytes); }
  void deallocate(void* p, size_t bytes) override { kfree(p, bytes); }
};
KernelChunks kernel_chunks;

}  // namespace

Process::Process() : KernelObject(ObjectType::Process, sizeof(Process)), handles_(kernel_chunks) {}

Result<Process*> Process::create(const char* name, size_t name_length, unsigned max_priority) {
  auto space = AddressSpace::create();
  if (!space) return space.error();
  Process* p = make_object<Process>();
  if (!p) {
    AddressSpace::destroy(*space);
    return Error::NoMemory;
  }
  p->space_ = *space;
  p->pid_ = next_pid++;
  p->max_priority_ = static_cast<uint8_t>(max_priority);
  size_t n = name_length < kNameLength - 1 ? name_length : kNameLength - 1;
  for (size_t i = 0; i < n; ++i) p->name_[i] = name[i];
  return p;
}

Process::~Process() {
  // Only a process that never ran can still hold handles here (a failed spawn).
  handles_.for_each([this](HandleValue h, HandleEntry&) { (void)close_handle(h); });
  if (space_) AddressSpace::destroy(space_);
}

void Process::bind_exit(Port& port, uint64_t badge) {
  exit_binding_.bind(port, abi::EventKind::ProcessExit, badge);
  if (exited_) exit_binding_.post(static_cast<uint64_t>(exit_status_));
}

void Process::add_thread(Thread* thread) {
  threads_.push_back(&thread->process_node);
  ++thread_count_;
}

Status Process::unmap_region(uint64_t start, uint64_t size) {
  Status status = space().unmap_region(start, size);
  if (!status.ok()) return status;
  for (ListNode* n = threads_.front(); n; n = threads_.next_of(n)) {
    container_of<Thread, &Thread::process_node>(n)->ipc_pages.forget();
  }
  return status;
}

void Process::thread_finished(Thread* thread) {
  List::remove(&thread->process_node);
  if (--thread_count_ == 0) finish();
}

unsigned Process::start_priority() const {
  return max_priority_ < Thread::kDefaultPriority ? max_priority_ : Thread::kDefaultPriority;
}

void Process::kill(int64_t status) {
  if (exiting_) return;
  exiting_ = true;
  exit_status_ = status;
  // Stop every other thread now; the current one exits on its way out.
  ListNode* n = threads_.front();
  while (n) {
    ListNode* next = threads_.next_of(n);
    Thread* t = container_of<Thread, &Thread::process_node>(n);
    if (t == current_thread()) t->killed = true;
    else sched::terminate(t);
    n = next;
  }
  if (thread_count_ == 0 && !exited_) finish();
}

bool Process::runs_elsewhere() const {
  for (ListNode* n = threads_.front(); n; n = threads_.next_of(n)) {
    const Thread* t = container_of<Thread, &Thread::process_node>(n);
    if (t != current_thread() && t->state == ThreadState::Running) return true;
  }
  return false;
}

Thread* Process::interrupt_target(uint64_t signal) const {
  uint64_t bit = signal ? uint64_t{1} << signal : 0;
  for (ListNode* n = threads_.front(); n; n = threads_.next_of(n)) {
    Thread* t = container_of<Thread, &Thread::process_node>(n);
    if (t->interrupt_entry && !(t->interrupt_mask & bit) && !t->killed && t->state != ThreadState::Dead) return t;
  }
  return nullptr;
}

void Process::on_last_handle_closed() {
  if (thread_count_ == 0 && !exited_) kill(abi::kExitKilled);
}

void Process::finish() {
  exited_ = true;
  exiting_ = true;
  // Closing handles may release the last reference to other processes.
  handles_.for_each([this](HandleValue h, HandleEntry&) { (void)close_handle(h); });
  // Memory goes back now, not when the last reference to the process goes.
  // The dying thread may still run on this page table: move to the kernel's.
  if (current_thread() && current_thread()->process == this) activate_kernel_page_table();
  AddressSpace::destroy(space_);
  space_ = nullptr;
  exit_waiters_.wake_all(Error::Ok);
  exit_binding_.post(static_cast<uint64_t>(exit_status_));
}

Result<HandleValue> Process::add_handle(KernelObject* object, uint32_t rights) {
  RefPtr<KernelObject> reference(object);
  auto h = handles_.add(object, static_cast<uint16_t>(object->type()), rights);
  if (!h) return h.error();
  // The entry holds the reference from now on, wherever the handle goes
  // (take_for_transfer, install_transferred); drop_transferred takes it back.
  (void)reference.into_raw();
  ++object->handle_count;
  return *h;
}

Status Process::close_handle(HandleValue handle) {
  auto removed = handles_.remove(handle);
  if (!removed) return removed.error();
  drop_transferred(static_cast<KernelObject*>(removed->object));
  return {};
}

Result<HandleEntry> Process::take_for_transfer(HandleValue handle) { return handles_.remove(handle); }

Result<HandleValue> Process::install_transferred(KernelObject* object, uint32_t rights) {
  return handles_.add(object, static_cast<uint16_t>(object->type()), rights);
}

namespace {

// Objects with handle drops not yet made, and whether a drop is under way.
KernelObject* pending_front = nullptr;
KernelObject* pending_back = nullptr;
bool dropping = false;

// One handle of object is gone, with the reference it held.
void drop_handle_reference(KernelObject* object) {
  auto reference = RefPtr<KernelObject>::adopt(object);
  if (--object->handle_count == 0) object->on_last_handle_closed();
}

}  // namespace

// Dropping a handle may drop others (a process ends and closes its table, a
// channel end frees its queue), and those others again: a chain of holders
// as long as a program likes to build. So a drop made while another is
// under way only queues; the outermost drop makes its own at once (nothing
// is queued before it: the queue empties before the outermost returns),
// then the queued ones, in order, in one loop.
void Process::drop_transferred(KernelObject* object) {
  if (dropping) {
    if (object->pending_drops++ == 0) {
      object->next_pending = nullptr;
      if (pending_back) pending_back->next_pending = object;
      else pending_front = object;
      pending_back = object;
    }
    return;
  }
  dropping = true;
  drop_handle_reference(object);
  while (KernelObject* o = pending_front) {
    pending_front = o->next_pending;
    if (!pending_front) pending_back = nullptr;
    uint32_t drops = o->pending_drops;
    o->pending_drops = 0;
    // Each queued drop holds its handle's reference: o lives until the last goes.
    for (uint32_t i = 0; i < drops; ++i) drop_handle_reference(o);
  }
  dropping = false;
}

}  // namespace kernel
