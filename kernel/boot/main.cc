// kmain: from the device tree to the first user process.
#include <span>
#include <string_view>

#include "arch/cpu.h"
#include "arch/csr.h"
#include "arch/interrupts.h"
#include "arch/smp.h"
#include "boot/boot_resources.h"
#include "boot/program_loader.h"
#include "debug/console.h"
#include "debug/console_input.h"
#include "lib/fdt.h"
#include "mm/asid.h"
#include "mm/frames.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include "mm/page_table.h"
#include "object/process.h"
#include "object/thread.h"
#include "sched/scheduler.h"
#include "sync/spinlock.h"

extern "C" void trap_vector();
using Constructor = void (*)();
extern "C" Constructor __init_array_start[], __init_array_end[];

namespace kernel {

namespace {

Cpu boot_cpu;
constexpr size_t kMaxInitArgs = 1024;
char init_args[kMaxInitArgs];

constexpr std::string_view kKernelOptionPrefix = "kernel.";

// init's argv: its path, then the words of the kernel command line, except
// the "kernel.*" options, which are the kernel's own.
size_t build_init_args(std::string_view path, std::string_view bootargs) {
  size_t n = 0;
  auto add = [&](std::string_view word) {
    if (word.empty() || word.starts_with(kKernelOptionPrefix) || n + word.size() + 1 > kMaxInitArgs) return;
    for (char c : word) init_args[n++] = c;
    init_args[n++] = '\0';
  };
  add(path);
  while (!bootargs.empty()) {
    size_t space = bootargs.find(' ');
    add(bootargs.substr(0, space));
    bootargs = space == std::string_view::npos ? std::string_view() : bootargs.substr(space + 1);
  }
  return n;
}

bool has_option(std::string_view bootargs, std::string_view option) {
  while (!bootargs.empty()) {
    size_t space = bootargs.find(' ');
    if (bootargs.substr(0, space) == option) return true;
    bootargs = space == std::string_view::npos ? std::string_view() : bootargs.substr(space + 1);
  }
  return false;
}

// kernel.test_panic: a deliberate kernel bug, so that tests can check what
// a panic prints. Not inlined, so the backtrace has frames to show.
[[gnu::noinline]] void deliberate_null_store(volatile uint64_t* p) { *p = 0xdead; }
[[gnu::noinline]] void kernel_bug_for_tests() {
  deliberate_null_store(nullptr);
  asm volatile("" ::: "memory");
}

std::span<const uint8_t> phys_span(uint64_t pa, uint64_t size) {
  return std::span<const uint8_t>(phys_to_virt<const uint8_t>(pa), size);
}

}  // namespace

extern "C" [[noreturn]] void kmain(uint64_t hart_id, uint64_t fdt_pa) {
  // Kernel globals are meant to be constant-initialized; run any that are not.
  for (Constructor* c = __init_array_start; c < __init_array_end; ++c) (*c)();
  boot_cpu.hart_id = hart_id;
  asm volatile("mv tp, %0" ::"r"(&boot_cpu));
  csr::write_sscratch(0);
  csr::write_stvec(reinterpret_cast<uint64_t>(trap_vector));
  big_kernel_lock.lock();

  kprintf("\nTessera microkernel, hart %lu\n", hart_id);
  auto header = fdt_total_size(phys_span(fdt_pa, 64));
  if (!header) panic("no device tree at %#lx", fdt_pa);
  auto blob = phys_span(fdt_pa, *header);
  auto facts = read_boot_facts(blob);
  if (!facts) panic("device tree: %s", abi::error_name(facts.error()));
  const BootFacts& boot = *facts;

  PhysRange reserved[BootFacts::kMaxReserved + 2];
  size_t reserved_count = 0;
  reserved[reserved_count++] = {fdt_pa, *header};
  if (boot.initrd) reserved[reserved_count++] = {boot.initrd->base, boot.initrd->size};
  for (size_t i = 0; i < boot.reserved_count; ++i) reserved[reserved_count++] = {boot.reserved[i].base, boot.reserved[i].size};
  PhysRange ram{boot.memory[0].base, boot.memory[0].size};
  frames::init(ram, std::span<const PhysRange>(reserved, reserved_count));
  heap_init();
  build_kernel_page_table(ram.base, ram.size, boot.plic ? boot.plic->base : 0, boot.plic ? boot.plic->size : 0);
  asid::probe(has_option(boot.bootargs, "kernel.few_asids"));
  sched::set_ticks_per_second(boot.timebase_frequency);

  interrupts_init(boot.plic ? boot.plic->base : 0, boot.plic ? boot.plic->ndev : 0);
  if (boot.uart) console_input_init(boot.uart->base, boot.uart->irq);
  // Let user programs read time, cycle and instret counters (benchmarks).
  csr::write_scounteren(0x7);

  // Before init: every hart's idle thread exists when init first measures memory.
  smp::start_other_harts(boot, &boot_cpu);
  if (!boot.initrd) panic("no boot archive: boot with -initrd");
  boot_archive_init(phys_span(boot.initrd->base, boot.initrd->size));
  constexpr std::string_view kInitPath = "bin/init";
  size_t args = build_init_args(kInitPath, boot.bootargs);
  auto init = spawn_init(kInitPath, std::span<const char>(init_args, args), boot);
  if (!init) panic("cannot start %s: %s", kInitPath.data(), abi::error_name(init.error()));
  kprintf("[kernel] %lu harts, %lu MiB, timebase %lu Hz, %u ASIDs; started init (pid %lu)\n", uint64_t{boot.hart_count},
          ram.size >> 20, boot.timebase_frequency, asid::implemented(), (*init)->pid());
  if (has_option(boot.bootargs, "kernel.test_panic")) kernel_bug_for_tests();
  // init runs until the system powers off: the kernel keeps its reference.
  sched::start(&boot_cpu);
}

}  // namespace kernel
