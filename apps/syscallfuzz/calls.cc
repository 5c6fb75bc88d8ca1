#include "calls.h"

#include "abi/ipc_buffer.h"
#include "abi/syscall.h"
#include "ipc/ipc.h"
#include "ipc/syscall.h"

namespace fuzz {

namespace {

using abi::ObjectType;
using abi::Syscall;

constexpr uint64_t kCount = static_cast<uint64_t>(Syscall::Count);

uint64_t number_of(Syscall s) { return static_cast<uint64_t>(s); }

// Deadlines never lie more than 1 ms ahead: the fuzzer's one thread must
// not wait for an event only it could cause.
uint64_t deadline(Random& r) {
  switch (r.below(4)) {
    case 0: return 0;
    case 1: return sys::read_time() - r.below(1000);
    default: return sys::read_time() + r.below(10'000);
  }
}

uint64_t info(Random& r) {
  uint64_t length = r.percent(70) ? r.below(40) : r.below(5000);
  uint64_t handles = r.percent(70) ? 0 : r.below(6);
  uint64_t value = abi::make_info(length, handles);
  if (r.percent(5)) value |= 1ull << (24 + r.below(40));  // kind or unknown bits
  return value;
}

uint64_t prot(Random& r) { return r.percent(80) ? 1 + r.below(7) : r.next() & 0xff; }

// A user address for mem_map_at: fixed addresses in free user space, or
// out of range.
uint64_t fixed_address(Random& r) {
  switch (r.below(4)) {
    case 0: return 0x0000000800000000 + 4096 * r.below(64);
    case 1: return r.below(0x20000);  // below the image base, or on it
    case 2: return 0x0000003ff0000000 + 4096 * r.below(8);
    default: return r.next();
  }
}

// The handles an IPC message names, in the IPC buffer the kernel was last
// told of.
void fill_handles(Random& r, World& world) {
  auto* values = reinterpret_cast<uint32_t*>(world.ipc_buffer + abi::kIpcBufferHandlesOffset);
  for (uint64_t i = 0; i < abi::kIpcMaxHandles; ++i) values[i] = uint32_t(world.handle(r, ObjectType::None));
}

bool is_receive(uint64_t number) {
  return number >= abi::kFirstIpcWait && number < abi::kFirstIpcWait + abi::kIpcWaitCount;
}

// Helpers: the only code the fuzzer lets a new thread start at.
World* helper_world;
constexpr uint64_t kHelperJobs = 5;
constexpr uint64_t kServeJob = 3;

// The other end of one a serving helper waits on, or a random end.
uint64_t call_target(Random& r, World& w) {
  if (r.percent(40)) {
    for (size_t slot = 0; slot < World::kHelperSlots; ++slot) {
      if (!w.helper_busy[slot] || w.helper_job[slot] != kServeJob) continue;
      if (uint32_t peer = w.peer_of(uint32_t(w.helper_handle[slot]))) return peer;
    }
  }
  return w.handle(r, ObjectType::Channel);
}

void helper(uint64_t slot) {
  World& w = *helper_world;
  uint64_t end = w.helper_handle[slot];
  uint64_t soon = sys::read_time() + 10'000;
  switch (w.helper_job[slot]) {
    case 0: break;
    case 1: {  // a call for the main thread to receive and answer
      uint64_t words[4] = {slot, 0, 0, 0};
      register uint64_t a0 asm("a0") = end;
      register uint64_t a1 asm("a1") = 8;
      register uint64_t a2 asm("a2") = words[0];
      register uint64_t a6 asm("a6") = soon;
      register uint64_t a7 asm("a7") = number_of(Syscall::ChannelCall);
      asm volatile("ecall" : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a6), "+r"(a7) : : "memory", "a3", "a4", "a5",
                   "t0", "t1", "t2", "t3", "t4", "t5", "t6");
      break;
    }
    case 2: (void)sys::call(Syscall::PortWait, end, soon); break;
    case kServeJob: {  // a server for one call (the main thread's calls can succeed)
      ipc::Event e = ipc::channel_recv(uint32_t(end), soon);
      if (e.error() == abi::Error::WrongType) e = ipc::port_wait(uint32_t(end), soon);
      if (e.ok() && e.kind() == abi::EventKind::Call) (void)sys::call(Syscall::Reply, 0, 8, e.words[0]);
      break;
    }
    default: (void)sys::sleep_until(soon); break;
  }
  w.helper_busy[slot] = false;
  sys::thread_exit();
}

// Entry points the kernel must refuse. (A user address that is not code
// would fault and end the fuzzer itself.)
uint64_t refused_entry(Random& r) {
  static constexpr uint64_t kRefused[] = {0x0000004000000000, ~0ull, 0xffffffc080200000};
  return r.pick(kRefused);
}

// Interrupt frames the kernel cannot read: a frame it could read would send
// the calling thread wherever it said (a zeroed page: to pc 0).
uint64_t refused_frame(Random& r) {
  static constexpr uint64_t kRefused[] = {0, 0x0000004000000000 - 8, ~0ull, 0xffffffc080200000};
  return r.pick(kRefused);
}

// A new thread starts at a helper, or is refused.
uint64_t thread_entry(Random& r, bool& is_helper) {
  is_helper = r.percent(70);
  return is_helper ? reinterpret_cast<uint64_t>(helper) : refused_entry(r);
}

}  // namespace

bool excluded(uint64_t number) {
  // process_exit and thread_exit would end the fuzzer's only thread;
  // helpers use thread_exit. poweroff is made, but the fuzzer is given no
  // power handle (init keeps it), so it can only fail.
  return number == number_of(Syscall::ProcessExit) || number == number_of(Syscall::ThreadExit);
}

Call draw(Random& r, World& w) {
  helper_world = &w;
  Call c{};
  do {
    c.number = r.percent(97) ? r.below(kCount) : (r.percent(50) ? kCount + r.below(64) : r.next());
  } while (excluded(c.number));
  for (uint64_t& a : c.a) a = r.percent(50) ? r.below(64) : r.next();  // whatever a syscall ignores
  uint64_t* a = c.a;
  switch (static_cast<Syscall>(c.number)) {
    case Syscall::ChannelCall:
    case Syscall::ChannelSend:
      a[0] = call_target(r, w);
      a[1] = info(r);
      a[6] = deadline(r);
      fill_handles(r, w);
      break;
    case Syscall::ReplyWait:
      a[0] = w.handle(r, ObjectType::Port);
      a[1] = info(r);
      a[6] = deadline(r);
      fill_handles(r, w);
      break;
    case Syscall::Reply:
      a[1] = info(r);
      fill_handles(r, w);
      break;
    case Syscall::PortWait: a[0] = w.handle(r, ObjectType::Port); a[1] = deadline(r); break;
    case Syscall::HandleClosePortWait:
      // The handle it closes is one of the world's, as handle_close's.
      a[0] = w.handle(r, ObjectType::Port);
      a[1] = deadline(r);
      a[2] = w.handle(r, ObjectType::None);
      break;
    case Syscall::ChannelRecv: a[0] = w.handle(r, ObjectType::Channel); a[1] = deadline(r); break;
    case Syscall::DebugWrite:
      a[0] = w.handle(r, ObjectType::DebugConsole);
      a[1] = w.readable(r);
      a[2] = r.percent(90) ? r.below(3) : World::length(r);
      break;
    case Syscall::DebugThreads:
      // A dump walks every thread while others come and go; rarely, as it
      // prints a few kilobytes a byte at a time.
      a[0] = w.handle(r, r.percent(5) ? ObjectType::DebugConsole : ObjectType::None);
      break;
    case Syscall::DebugRead:
      // A valid buffer would wait for console input: never both valid and non-empty.
      a[0] = r.percent(50) ? w.writable(r) : 0;
      a[1] = 0;
      if (r.percent(50)) {
        a[0] = 0xffffffc080200000;
        a[1] = World::length(r);
      }
      break;
    case Syscall::ThreadCreate: {
      bool is_helper = false;
      a[0] = thread_entry(r, is_helper);
      a[2] = r.below(World::kHelperSlots);
      a[3] = r.percent(90) ? r.below(17) : r.below(64);
      size_t slot = 0;
      uint64_t top = 0;
      if (is_helper && w.take_helper(r, slot, top)) {
        a[1] = r.percent(95) ? top : top + 8;  // misaligned: refused
        a[2] = slot;
        w.helper_job[slot] = r.below(kHelperJobs);
        w.helper_handle[slot] = w.handle(r, r.percent(70) ? ObjectType::Channel : ObjectType::Port);
      } else {
        if (is_helper) a[0] = refused_entry(r);  // no free helper stack
        a[1] = r.percent(50) ? 0 : w.writable(r) & ~15ull;
      }
      break;
    }
    case Syscall::SleepUntil: a[0] = deadline(r); break;
    case Syscall::Poweroff: a[0] = w.handle(r, ObjectType::Power); break;
    case Syscall::HandleClose:
    case Syscall::HandleInfo:
    case Syscall::ReplyResume: a[0] = w.handle(r, ObjectType::None); break;
    case Syscall::ChannelCreateBound: a[0] = w.handle(r, ObjectType::Port); break;
    case Syscall::MembufPhysical: a[0] = w.handle(r, ObjectType::MemBuffer); break;
    case Syscall::MmioMap: a[0] = w.handle(r, ObjectType::MmioRange); break;
    case Syscall::IrqAck: a[0] = w.handle(r, ObjectType::Irq); break;
    case Syscall::ProcessKill:
    case Syscall::ProcessInfo: a[0] = w.handle(r, ObjectType::Process); break;
    case Syscall::MemMap: a[0] = World::length(r); a[1] = prot(r) | (r.percent(20) ? abi::kMapLazy : 0); break;
    case Syscall::MemUnmap: a[0] = w.unmappable(r, a[1]); break;
    case Syscall::ProcessWait: a[0] = w.handle(r, ObjectType::Process); a[1] = deadline(r); break;
    case Syscall::HandleDup: a[0] = w.handle(r, ObjectType::None); a[1] = r.percent(80) ? r.below(256) : r.next(); break;
    case Syscall::PortBind:
      a[0] = w.handle(r, ObjectType::Port);
      a[1] = w.handle(r, r.percent(50) ? ObjectType::Channel : ObjectType::Process);
      break;
    case Syscall::SetIpcBuffer: a[0] = r.percent(70) ? w.scratch() + (r.percent(90) ? 0 : r.below(64)) : w.writable(r); break;
    case Syscall::MembufCreate: a[0] = World::length(r); a[1] = r.percent(80) ? r.below(2) : r.next(); break;
    case Syscall::MembufMap:
      a[0] = w.handle(r, ObjectType::MemBuffer);
      a[1] = r.percent(70) ? 0 : w.handle(r, ObjectType::Process);
      a[2] = r.percent(70) ? 0 : World::length(r);
      a[3] = World::length(r);
      a[4] = prot(r);
      break;
    case Syscall::IrqBind:
      a[0] = w.handle(r, ObjectType::Irq);
      a[1] = w.handle(r, ObjectType::Port);
      break;
    case Syscall::ProcessCreate: a[0] = w.readable(r); a[1] = r.percent(80) ? r.below(40) : World::length(r); break;
    case Syscall::MemMapAt:
      a[0] = w.process_or_self(r);
      a[1] = fixed_address(r);
      a[2] = r.percent(80) ? 4096 * (1 + r.below(16)) : World::length(r);
      a[3] = prot(r) | (r.percent(20) ? abi::kMapLazy : 0);
      break;
    case Syscall::ProcessWrite:
      a[0] = w.process_or_self(r);
      // Into the fuzzer itself only where it may be overwritten.
      a[1] = a[0] == 0 ? w.writable(r) : (r.percent(50) ? fixed_address(r) : 0x10000);
      a[2] = w.readable(r);
      a[3] = r.percent(80) ? r.below(2000) : World::length(r);
      break;
    case Syscall::HandleGive: a[0] = w.process_or_self(r); a[1] = w.handle(r, ObjectType::None); break;
    case Syscall::ProcessInterrupt: a[0] = w.handle(r, ObjectType::Process); break;
    case Syscall::InterruptControl:
      // Only what is refused: an entry the fuzzer's own thread could be sent
      // to, or a frame it would resume, would end it.
      a[0] = r.percent(80) ? r.below(3) : r.next();
      a[1] = a[0] == 0 ? refused_entry(r) : refused_frame(r);
      break;
    case Syscall::ThreadStart:
      // Another process: whatever it starts at, only that process faults.
      a[0] = w.handle(r, ObjectType::Process);
      a[1] = r.percent(50) ? 0x10000 : r.next();
      a[2] = r.percent(50) ? 0x0000000800010000 : r.next();
      break;
    default: break;
  }
  return c;
}

int64_t make(const Call& c, World& w) {
  // (Before the register variables: nothing may run between them and the ecall.)
  bool starts_helper = c.number == number_of(Syscall::ThreadCreate) && c.a[0] == reinterpret_cast<uint64_t>(helper);
  if (starts_helper) w.helper_busy[c.a[2] % World::kHelperSlots] = true;
  register uint64_t a0 asm("a0") = c.a[0];
  register uint64_t a1 asm("a1") = c.a[1];
  register uint64_t a2 asm("a2") = c.a[2];
  register uint64_t a3 asm("a3") = c.a[3];
  register uint64_t a4 asm("a4") = c.a[4];
  register uint64_t a5 asm("a5") = c.a[5];
  register uint64_t a6 asm("a6") = c.a[6];
  register uint64_t a7 asm("a7") = c.number;
  asm volatile("ecall"
               : "+r"(a0), "+r"(a1), "+r"(a2), "+r"(a3), "+r"(a4), "+r"(a5), "+r"(a6), "+r"(a7)
               :
               : "memory", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "ft0", "ft1", "ft2", "ft3", "ft4", "ft5",
                 "ft6", "ft7", "ft8", "ft9", "ft10", "ft11", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7");
  auto result = static_cast<int64_t>(a0);
  uint64_t second = a1;
  switch (static_cast<Syscall>(c.number)) {
    case Syscall::ThreadCreate:
      // A refused helper never runs: its stack is free again.
      if (result < 0 && starts_helper) w.helper_busy[c.a[2] % World::kHelperSlots] = false;
      break;
    case Syscall::MemMap:
      if (result > 0) w.add_region(uint64_t(result), c.a[0]);
      return result;
    case Syscall::MembufMap:
      // Only regions in the fuzzer's own space are its to unmap.
      if (result > 0 && c.a[1] == 0) w.add_region(uint64_t(result), c.a[3]);
      return result;
    case Syscall::MemMapAt:
      if (result > 0 && c.a[0] == 0) w.add_region(uint64_t(result), c.a[2]);
      return result;
    case Syscall::MemUnmap:
      if (result == 0) w.forget_region(c.a[0]);
      return result;
    case Syscall::ChannelCreate:
    case Syscall::ChannelCreateBound:
      if (result > 0) {
        w.add_handle(uint32_t(second));
        w.add_pair(uint32_t(result), uint32_t(second));
      }
      break;
    case Syscall::SetIpcBuffer:
      if (result == 0) w.ipc_buffer = c.a[0];
      return result;
    case Syscall::HandleGive:
      // The value is the handle's in the target process: the fuzzer's own
      // only when it gave to itself (elsewhere it may name one of the
      // fuzzer's own handles that the fuzzing must not close, such as the
      // boot archive's).
      if (result > 0 && c.a[0] == 0) w.add_handle(uint32_t(result));
      return result;
    default: break;
  }
  // Handles that arrived with a message are the fuzzer's to use (and close).
  if (is_receive(c.number) && result == 0) {
    auto* values = reinterpret_cast<const uint32_t*>(w.ipc_buffer + abi::kIpcBufferHandlesOffset);
    for (uint64_t i = 0; i < abi::info_handles(second) && i < abi::kIpcMaxHandles; ++i) w.add_handle(values[i]);
    return result;
  }
  // Whatever a call created comes back as a handle in a0.
  if (result > 0 && result <= 0xffffffff) w.add_handle(uint32_t(result));
  return result;
}

}  // namespace fuzz
