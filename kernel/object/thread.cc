#include "object/thread.h"

#include "arch/csr.h"
#include "object/process.h"


namespace kernel {

namespace {

uint64_t next_thread_id = 1;
List every_thread;

}  // namespace

Result<Thread*> Thread::create(unsigned priority) {
  if (priority > kMaxPriority) return Error::InvalidArgument;
  auto stack = KernelStack::create();
  if (!stack) return stack.error();
  Thread* t = make_object<Thread>();
  if (!t) {
    stack->destroy();
    return Error::NoMemory;
  }
  t->stack_ = *stack;
  t->priority = static_cast<uint8_t>(priority);
  t->id = next_thread_id++;
  every_thread.push_back(&t->all_node);
  t->frame = reinterpret_cast<TrapFrame*>(t->stack_.top() - sizeof(TrapFrame));
  *t->frame = TrapFrame{};
  t->context.sp = reinterpret_cast<uint64_t>(t->frame);
  t->context.ra = reinterpret_cast<uint64_t>(thread_trampoline);
  return t;
}

Result<Thread*> Thread::create_user(Process* process, uint64_t entry, uint64_t stack_top, uint64_t argument,
                                    unsigned priority) {
  auto created = create(priority);
  if (!created) return created.error();
  Thread* t = *created;
  t->process = RefPtr<Process>(process);
  TrapFrame* f = t->frame;
  f->sepc = entry;
  f->x[kSp] = stack_top;
  f->x[kA0] = argument;
  // U-mode on sret, interrupts on in U-mode, FPU off until its first FP
  // instruction claims it (sched::claim_fpu): it owns no FP registers yet.
  f->sstatus = (csr::read_sstatus() & ~(csr::kSstatusSpp | csr::kSstatusFsMask | csr::kSstatusSum)) |
               csr::kSstatusSpie;
  t->set_user_continuation();
  return t;
}

void InFlightHandles::drop() {
  for (uint32_t i = 0; i < count; ++i) Process::drop_transferred(objects[i]);
  count = 0;
}

Result<Thread*> Thread::create_kernel(void (*function)(void*), void* argument, unsigned priority) {
  auto created = create(priority);
  if (!created) return created.error();
  Thread* t = *created;
  t->context.s[0] = reinterpret_cast<uint64_t>(function);
  t->context.s[1] = reinterpret_cast<uint64_t>(argument);
  return t;
}

Thread::Thread() : KernelObject(ObjectType::Thread, sizeof(Thread)) {}

List& Thread::all() { return every_thread; }

Thread::~Thread() {
  List::remove(&all_node);
  if (stack_.base()) stack_.destroy();
}

}  // namespace kernel
