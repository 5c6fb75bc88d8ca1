#include "victim.h"

#include "abi/syscall.h"
#include "ipc/syscall.h"

// The victim's code, copied into each victim: position independent, no
// stack, no data. a0 (thread_start's argument) picks what it does every
// 1024 of its 200,000 iterations: 0 nothing, 1 yield, 2 sleep 0.1 ms.
asm(R"(
  .text
  .balign 4
  .global fuzz_victim_code, fuzz_victim_code_end
fuzz_victim_code:
  mv s0, a0
  li s1, 200000
1:
  addi s1, s1, -1
  andi t0, s1, 1023
  bnez t0, 3f
  beqz s0, 3f
  li a7, 9
  li t1, 1
  beq s0, t1, 2f
  rdtime a0
  addi a0, a0, 1000
  li a7, 10
2:
  ecall
3:
  bnez s1, 1b
  li a0, 0
  li a7, 11
  ecall
fuzz_victim_code_end:
)");

extern "C" const char fuzz_victim_code[];
extern "C" const char fuzz_victim_code_end[];

namespace fuzz {

namespace {

static_assert(static_cast<uint64_t>(abi::Syscall::Yield) == 9);
static_assert(static_cast<uint64_t>(abi::Syscall::SleepUntil) == 10);
static_assert(static_cast<uint64_t>(abi::Syscall::ProcessExit) == 11);

constexpr uint64_t kCodeAddress = 0x10000;

}  // namespace

bool make_victim(Random& r, World& world) {
  int64_t process = sys::process_create("victim", 6);
  if (process < 0) return false;
  auto handle = uint32_t(process);
  uint64_t length = uint64_t(fuzz_victim_code_end - fuzz_victim_code);
  bool built = sys::mem_map_at(handle, kCodeAddress, 4096, abi::kProtRead | abi::kProtExec) >= 0 &&
               sys::process_write(handle, kCodeAddress, fuzz_victim_code, length) == 0;
  int64_t thread = built ? sys::thread_start(handle, kCodeAddress, 0, r.below(3)) : -1;
  if (thread < 0) {
    (void)sys::handle_close(handle);
    return false;
  }
  world.add_handle(uint32_t(thread));
  world.add_victim(handle);
  return true;
}

}  // namespace fuzz
