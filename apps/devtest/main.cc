// devtest: shared buffers, devices, handle passing and process_kill,
// checked from user mode. Run from init's console, it holds no boot
// resources, so every device call must fail cleanly. Each subcommand prints
// "PASS <name>" or "FAIL <name>: why"; the QEMU tests read the verdicts.
// share-child, spin and sleep are the children the tests start; uart needs
// init to pass it the UART's resources ("devtest uart +uart"), dma the DMA
// capability ("devtest dma +dma").
#include <stdio.h>
#include <string.h>

#include "abi/rights.h"
#include "abi/syscall.h"
#include "ipc/ipc.h"
#include "ipc/process.h"
#include "ipc/startup.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace {

using abi::Error;
namespace rights = abi::rights;

constexpr uint64_t kRead = abi::kProtRead;
constexpr uint64_t kReadWrite = abi::kProtRead | abi::kProtWrite;
constexpr uint32_t kBogus = 12345;
constexpr uint64_t kPage = 4096;

bool check(bool ok, const char* test, const char* why) {
  if (!ok) printf("FAIL %s: %s\n", test, why);
  return ok;
}

struct Case {
  const char* what;
  int64_t result;
  Error expected;
};

// Every case returned its expected error.
template <size_t N>
bool expect_errors(const char* test, const Case (&cases)[N]) {
  bool ok = true;
  for (const Case& c : cases) {
    if (c.result != static_cast<int64_t>(c.expected)) {
      printf("FAIL %s: %s returned %ld, expected %s\n", test, c.what, long(c.result), abi::error_name(c.expected));
      ok = false;
    }
  }
  return ok;
}

uint64_t ms(uint64_t n) { return ipc::ticks_from_ms(n); }

// Starts "devtest <subcommand>" from the boot archive with handles.
int64_t spawn_devtest(const char* subcommand, const uint32_t* handles = nullptr, size_t count = 0) {
  const char* argv[] = {"devtest", subcommand};
  auto child = ipc::spawn(argv, {handles, count});
  return child ? int64_t{*child} : int64_t(child.error());
}

volatile uint8_t* bytes_at(int64_t address) { return reinterpret_cast<volatile uint8_t*>(address); }

// --- timebase: the kernel passes the timebase in auxv; the QEMU test
// compares it with what the kernel read from the device tree.
int test_timebase() {
  uint64_t per_second = ipc::ticks_per_second();
  printf("timebase: %lu ticks per second\n", per_second);
  if (!check(per_second > 0, "timebase", "no kAuxTimebase in auxv")) return 1;
  uint64_t start = sys::read_time();
  sys::sleep_until(start + ms(20));
  if (!check(sys::read_time() - start >= per_second / 50, "timebase", "a 20 ms sleep was shorter")) return 1;
  printf("PASS timebase\n");
  return 0;
}

// --- nodevices: without boot handles no device or power call succeeds.
int test_nodevices() {
  const char* name = "nodevices";
  if (!check(ipc::boot_resources().empty(), name, "a program other than init has boot resources")) return 1;
  if (!check(ipc::startup_handles().empty(), name, "handles arrived that nobody passed")) return 1;
  int64_t buffer = sys::membuf_create(kPage);
  if (!check(!sys::failed(buffer), name, "membuf_create failed")) return 1;
  auto b = uint32_t(buffer);
  const Case cases[] = {
      {"poweroff made-up handle", sys::poweroff(kBogus), Error::BadHandle},
      {"poweroff handle 0", sys::poweroff(0), Error::BadHandle},
      {"poweroff membuf", sys::poweroff(b), Error::WrongType},
      {"mmio_map made-up handle", sys::mmio_map(kBogus), Error::BadHandle},
      {"mmio_map membuf", sys::mmio_map(b), Error::WrongType},
      {"irq_bind made-up handle", sys::irq_bind(kBogus, kBogus, 1), Error::BadHandle},
      {"irq_bind membuf", sys::irq_bind(b, kBogus, 1), Error::WrongType},
      {"irq_ack made-up handle", sys::irq_ack(kBogus), Error::BadHandle},
      {"irq_ack membuf", sys::irq_ack(b), Error::WrongType},
      {"process_kill made-up handle", sys::process_kill(kBogus), Error::BadHandle},
      {"process_kill membuf", sys::process_kill(b), Error::WrongType},
  };
  if (!expect_errors(name, cases)) return 1;
  sys::handle_close(b);
  printf("PASS nodevices\n");
  return 0;
}

// --- membuf: two mappings of one buffer see the same bytes; rights and
// arguments are checked; a contiguous buffer has a physical address.
bool membuf_mappings(const char* name) {
  constexpr size_t kSize = 64 * 1024;
  int64_t buffer = sys::membuf_create(kSize);
  if (!check(!sys::failed(buffer), name, "membuf_create failed")) return false;
  auto b = uint32_t(buffer);
  int64_t first = sys::membuf_map(b, 0, 0, kSize, kReadWrite);
  int64_t second = sys::membuf_map(b, 0, 0, kSize, kRead);
  int64_t window = sys::membuf_map(b, 0, 2 * kPage, kPage, kRead);
  bool mapped = !sys::failed(first) && !sys::failed(second) && !sys::failed(window);
  if (!check(mapped, name, "membuf_map failed")) return false;
  if (!check(first != second && second != window, name, "two mappings at one address")) return false;
  volatile uint8_t* a = bytes_at(first);
  for (size_t i = 0; i < kSize; ++i) {
    if (!check(a[i] == 0, name, "fresh buffer is not zero")) return false;
    a[i] = uint8_t(i * 13 + 1);
  }
  volatile uint8_t* c = bytes_at(second);
  for (size_t i = 0; i < kSize; ++i) {
    if (!check(c[i] == uint8_t(i * 13 + 1), name, "second mapping differs")) return false;
  }
  if (!check(bytes_at(window)[5] == a[2 * kPage + 5], name, "offset mapping shows the wrong page")) return false;
  // The mappings keep the buffer alive after its last handle is closed.
  sys::handle_close(b);
  a[77] = 0xab;
  if (!check(c[77] == 0xab, name, "mapping lost its buffer when the handle closed")) return false;
  bool unmapped = sys::mem_unmap(uint64_t(first), kSize) == 0 && sys::mem_unmap(uint64_t(second), kSize) == 0 &&
                  sys::mem_unmap(uint64_t(window), kPage) == 0;
  return check(unmapped, name, "mem_unmap of a membuf mapping failed");
}

bool membuf_arguments(const char* name) {
  int64_t buffer = sys::membuf_create(4 * kPage);
  if (!check(!sys::failed(buffer), name, "membuf_create failed")) return false;
  auto b = uint32_t(buffer);
  int64_t read_only = sys::handle_dup(b, rights::kRead | rights::kMap | rights::kDuplicate);
  int64_t no_map = sys::handle_dup(b, rights::kRead | rights::kWrite);
  if (!check(!sys::failed(read_only) && !sys::failed(no_map), name, "handle_dup failed")) return false;
  int64_t ro_mapping = sys::membuf_map(uint32_t(read_only), 0, 0, kPage, kRead);
  const Case cases[] = {
      {"create size 0", sys::membuf_create(0), Error::InvalidArgument},
      {"create above 1 GiB", sys::membuf_create((1ull << 30) + 1), Error::InvalidArgument},
      {"create unknown flag", sys::membuf_create(kPage, 0x80), Error::InvalidArgument},
      {"create contiguous above 8 MiB", sys::membuf_create((8 << 20) + 1, abi::kMembufContiguous),
       Error::InvalidArgument},
      {"map unaligned offset", sys::membuf_map(b, 0, 1, kPage, kRead), Error::InvalidArgument},
      {"map past the end", sys::membuf_map(b, 0, 0, 5 * kPage, kRead), Error::InvalidArgument},
      {"map at the end", sys::membuf_map(b, 0, 4 * kPage, kPage, kRead), Error::InvalidArgument},
      {"map size 0", sys::membuf_map(b, 0, 0, 0, kRead), Error::InvalidArgument},
      {"map write-only", sys::membuf_map(b, 0, 0, kPage, abi::kProtWrite), Error::InvalidArgument},
      {"map bad prot", sys::membuf_map(b, 0, 0, kPage, 0x10), Error::InvalidArgument},
      {"map made-up buffer", sys::membuf_map(kBogus, 0, 0, kPage, kRead), Error::BadHandle},
      {"map made-up process", sys::membuf_map(b, kBogus, 0, kPage, kRead), Error::BadHandle},
      {"map into a membuf", sys::membuf_map(b, b, 0, kPage, kRead), Error::WrongType},
      {"map writable without write", sys::membuf_map(uint32_t(read_only), 0, 0, kPage, kReadWrite),
       Error::AccessDenied},
      {"map without map right", sys::membuf_map(uint32_t(no_map), 0, 0, kPage, kRead), Error::AccessDenied},
      {"physical of a paged buffer", sys::membuf_physical(b), Error::BadState},
      {"physical made-up handle", sys::membuf_physical(kBogus), Error::BadHandle},
  };
  if (!expect_errors(name, cases)) return false;
  if (!check(!sys::failed(ro_mapping), name, "read-only mapping with a read-only handle failed")) return false;
  sys::mem_unmap(uint64_t(ro_mapping), kPage);
  sys::handle_close(uint32_t(read_only));
  sys::handle_close(uint32_t(no_map));
  sys::handle_close(b);
  return true;
}

// A contiguous buffer made without the DMA capability: usable memory whose
// physical address stays hidden.
bool membuf_contiguous(const char* name) {
  constexpr size_t kSize = 64 * 1024;
  int64_t buffer = sys::membuf_create(kSize, abi::kMembufContiguous);
  if (!check(!sys::failed(buffer), name, "contiguous membuf_create failed")) return false;
  auto b = uint32_t(buffer);
  auto port = ipc::port_create();
  if (!check(port.ok(), name, "port_create failed")) return false;
  const Case cases[] = {
      {"physical without the DMA capability", sys::membuf_physical(b), Error::AccessDenied},
      {"a made-up DMA capability", sys::membuf_create(kSize, abi::kMembufContiguous, kBogus), Error::BadHandle},
      {"a port as DMA capability", sys::membuf_create(kSize, abi::kMembufContiguous, *port),
       Error::WrongType},
  };
  sys::handle_close(*port);
  if (!check(!(sys::handle_info(b) & rights::kDma), name, "a contiguous buffer came with the dma right") ||
      !expect_errors(name, cases)) {
    return false;
  }
  int64_t mapping = sys::membuf_map(b, 0, 0, kSize, kReadWrite);
  if (!check(!sys::failed(mapping), name, "mapping a contiguous buffer failed")) return false;
  volatile uint8_t* a = bytes_at(mapping);
  for (size_t i = 0; i < kSize; i += 512) {
    if (!check(a[i] == 0, name, "fresh contiguous buffer is not zero")) return false;
    a[i] = 1;
  }
  sys::mem_unmap(uint64_t(mapping), kSize);
  sys::handle_close(b);
  return true;
}

int test_membuf() {
  const char* name = "membuf";
  if (!membuf_mappings(name) || !membuf_arguments(name) || !membuf_contiguous(name)) return 1;
  printf("PASS membuf\n");
  return 0;
}

// --- share: a membuf handle moves to a child, which maps it, checks the
// parent's bytes and answers in the same buffer.
constexpr size_t kShareSize = 4 * kPage;
constexpr size_t kShareHalf = kShareSize / 2;
uint8_t parent_byte(size_t i) { return uint8_t(i * 7 + 3); }
uint8_t child_byte(size_t i) { return uint8_t(i * 5 + 1); }

int64_t spawn_nope(const uint32_t* handle) {
  const char* argv[] = {"nope"};
  auto child = ipc::spawn(argv, {handle, 1});
  return child ? int64_t{*child} : int64_t(child.error());
}

bool share_failures_keep_handles(const char* name, uint32_t buffer) {
  int64_t no_transfer = sys::handle_dup(buffer, rights::kRead | rights::kMap);
  if (!check(!sys::failed(no_transfer), name, "handle_dup failed")) return false;
  auto nt = uint32_t(no_transfer);
  uint32_t twice[] = {buffer, buffer};
  uint32_t many[9] = {buffer, buffer, buffer, buffer, buffer, buffer, buffer, buffer, buffer};
  uint32_t made_up = kBogus;
  const Case cases[] = {
      {"spawn with a made-up handle", spawn_devtest("share-child", &made_up, 1), Error::BadHandle},
      {"spawn with an untransferable handle", spawn_devtest("share-child", &nt, 1), Error::AccessDenied},
      {"spawn with a handle twice", spawn_devtest("share-child", twice, 2), Error::InvalidArgument},
      {"spawn with 9 handles", spawn_devtest("share-child", many, 9), Error::TooLarge},
      {"spawn missing program", spawn_nope(&buffer), Error::NotFound},
  };
  if (!expect_errors(name, cases)) return false;
  bool kept = !sys::failed(sys::handle_info(buffer)) && !sys::failed(sys::handle_info(nt));
  sys::handle_close(nt);
  return check(kept, name, "a failed spawn took a handle");
}

int test_share() {
  const char* name = "share";
  int64_t buffer = sys::membuf_create(kShareSize);
  if (!check(!sys::failed(buffer), name, "membuf_create failed")) return 1;
  auto b = uint32_t(buffer);
  if (!share_failures_keep_handles(name, b)) return 1;
  int64_t mapping = sys::membuf_map(b, 0, 0, kShareSize, kReadWrite);
  if (!check(!sys::failed(mapping), name, "membuf_map failed")) return 1;
  volatile uint8_t* bytes = bytes_at(mapping);
  for (size_t i = 0; i < kShareHalf; ++i) bytes[i] = parent_byte(i);

  int64_t child = spawn_devtest("share-child", &b, 1);
  if (!check(!sys::failed(child), name, "spawn with a handle failed")) return 1;
  const Case gone[] = {
      {"handle_info on the moved handle", sys::handle_info(b), Error::BadHandle},
      {"handle_close on the moved handle", sys::handle_close(b), Error::BadHandle},
  };
  if (!expect_errors(name, gone)) return 1;
  int64_t status = sys::process_wait(uint32_t(child));
  sys::handle_close(uint32_t(child));
  if (!check(status == 0, name, "the child failed")) return 1;
  for (size_t i = 0; i < kShareHalf; ++i) {
    if (!check(bytes[kShareHalf + i] == child_byte(i), name, "the child's reply is not in the buffer")) return 1;
  }
  sys::mem_unmap(uint64_t(mapping), kShareSize);
  printf("PASS share\n");
  return 0;
}

int share_child() {
  const char* name = "share";
  auto handles = ipc::startup_handles();
  if (!check(handles.size() == 1, name, "child: expected one handle")) return 1;
  int64_t info = sys::handle_info(handles[0]);
  bool is_membuf = !sys::failed(info) && (uint64_t(info) >> 32) == uint64_t(abi::ObjectType::MemBuffer);
  if (!check(is_membuf, name, "child: the handle is not a membuf")) return 1;
  int64_t mapping = sys::membuf_map(handles[0], 0, 0, kShareSize, kReadWrite);
  if (!check(!sys::failed(mapping), name, "child: membuf_map failed")) return 1;
  volatile uint8_t* bytes = bytes_at(mapping);
  for (size_t i = 0; i < kShareHalf; ++i) {
    if (!check(bytes[i] == parent_byte(i), name, "child: the parent's bytes are not there")) return 1;
  }
  for (size_t i = 0; i < kShareHalf; ++i) bytes[kShareHalf + i] = child_byte(i);
  return 0;
}

// --- kill: process_kill ends a running or sleeping child with status 137.
bool kill_child(const char* name, const char* subcommand) {
  int64_t child = spawn_devtest(subcommand);
  if (!check(!sys::failed(child), name, "spawn failed")) return false;
  auto c = uint32_t(child);
  sys::sleep_until(sys::read_time() + ms(20));  // let it start spinning or sleeping
  int64_t buffer = sys::membuf_create(kPage);
  int64_t weak = sys::handle_dup(c, rights::kWait);
  if (!check(!sys::failed(buffer) && !sys::failed(weak), name, "setup failed")) return false;
  auto b = uint32_t(buffer);
  // A holder of the process handle (with manage) can map into its space.
  int64_t mapped = sys::membuf_map(b, c, 0, kPage, kReadWrite);
  const Case before[] = {
      {"kill without manage", sys::process_kill(uint32_t(weak)), Error::AccessDenied},
      {"map into a process without manage", sys::membuf_map(b, uint32_t(weak), 0, kPage, kRead), Error::AccessDenied},
  };
  if (!expect_errors(name, before)) return false;
  if (!check(mapped >= 0x1000000000, name, "mapping into the child failed")) return false;
  if (!check(sys::process_kill(c) == 0, name, "process_kill failed")) return false;
  int64_t status = sys::process_wait(c);
  printf("kill: %s child ended with status %ld\n", subcommand, long(status));
  if (!check(status == abi::kExitKilled, name, "wrong exit status")) return false;
  const Case after[] = {
      {"map into a dead process", sys::membuf_map(b, c, 0, kPage, kRead), Error::BadState},
      {"kill it again", sys::process_kill(c), Error::Ok},
  };
  if (!expect_errors(name, after)) return false;
  sys::handle_close(uint32_t(weak));
  sys::handle_close(c);
  sys::handle_close(b);
  return true;
}

int test_kill() {
  const char* name = "kill";
  if (!kill_child(name, "spin") || !kill_child(name, "sleep")) return 1;
  printf("PASS kill\n");
  return 0;
}

volatile uint64_t spins;

int spin() {
  for (;;) spins = spins + 1;
}

int sleep_forever() {
  sys::sleep_until(abi::kForever);
  return 1;
}

// --- uart: the UART's interrupt, bound to a port, arrives as a packet with
// our badge; the received byte is read through the mapped registers.
constexpr uint64_t kUartBadge = 0x5eed;

uint32_t startup_handle_of(abi::ObjectType type) {
  for (uint32_t h : ipc::startup_handles()) {
    int64_t info = sys::handle_info(h);
    if (!sys::failed(info) && (uint64_t(info) >> 32) == uint64_t(type)) return h;
  }
  return 0;
}

bool uart_bind_errors(const char* name, uint32_t irq, uint32_t port) {
  int64_t buffer = sys::membuf_create(kPage);
  int64_t weak_port = sys::handle_dup(port, rights::kRead);
  int64_t weak_irq = sys::handle_dup(irq, rights::kRead);
  if (!check(!sys::failed(buffer) && !sys::failed(weak_port) && !sys::failed(weak_irq), name, "setup failed")) {
    return false;
  }
  const Case cases[] = {
      {"bind to a made-up port", sys::irq_bind(irq, kBogus, 1), Error::BadHandle},
      {"bind to a membuf", sys::irq_bind(irq, uint32_t(buffer), 1), Error::WrongType},
      {"bind to a port without write", sys::irq_bind(irq, uint32_t(weak_port), 1), Error::AccessDenied},
      {"bind without write", sys::irq_bind(uint32_t(weak_irq), port, 1), Error::AccessDenied},
      {"ack without write", sys::irq_ack(uint32_t(weak_irq)), Error::AccessDenied},
      {"ack before binding", sys::irq_ack(irq), Error::BadState},
  };
  bool ok = expect_errors(name, cases);
  sys::handle_close(uint32_t(buffer));
  sys::handle_close(uint32_t(weak_port));
  sys::handle_close(uint32_t(weak_irq));
  return ok;
}

int test_uart() {
  const char* name = "uart";
  uint32_t range = startup_handle_of(abi::ObjectType::MmioRange);
  uint32_t irq = startup_handle_of(abi::ObjectType::Irq);
  if (!check(range && irq, name, "start me with the UART's resources: devtest uart +uart")) return 1;
  auto port = ipc::port_create();
  auto other_port = ipc::port_create();
  if (!check(port.ok() && other_port.ok(), name, "port_create failed")) return 1;
  if (!uart_bind_errors(name, irq, *port)) return 1;
  // A handle without `write` maps the registers read-only; without `read`
  // not at all.
  int64_t map_only = sys::handle_dup(range, rights::kMap | rights::kRead);
  int64_t write_only = sys::handle_dup(range, rights::kMap | rights::kWrite);
  const Case map_cases[] = {{"mmio_map without read", sys::mmio_map(uint32_t(write_only)), Error::AccessDenied}};
  sys::handle_close(uint32_t(write_only));
  if (!expect_errors(name, map_cases)) return 1;
  int64_t read_only = sys::mmio_map(uint32_t(map_only));
  sys::handle_close(uint32_t(map_only));
  if (!check(!sys::failed(read_only), name, "mmio_map without write failed")) return 1;
  int64_t registers = sys::mmio_map(range);
  if (!check(!sys::failed(registers), name, "mmio_map failed")) return 1;
  // The line status register reads the same through both mappings.
  constexpr size_t kLineStatusRegister = 5;
  bool same = bytes_at(read_only)[kLineStatusRegister] == bytes_at(registers)[kLineStatusRegister];
  sys::mem_unmap(uint64_t(read_only), kPage);
  if (!check(same, name, "the read-only mapping reads other registers")) return 1;
  // Binding twice moves the interrupt: only the second port hears it.
  bool bound = sys::irq_bind(irq, *other_port, 1) == 0 && sys::irq_bind(irq, *port, kUartBadge) == 0;
  if (!check(bound, name, "irq_bind failed")) return 1;
  // As a driver does: the device interrupts on received bytes (the kernel
  // console turns that off whenever it has no reader).
  constexpr size_t kReceive = 0, kInterruptEnable = 1, kLineStatus = 5;
  constexpr uint8_t kDataReady = 1, kReceiveInterrupt = 1;
  volatile uint8_t* uart = bytes_at(registers);
  uart[kInterruptEnable] = kReceiveInterrupt;
  printf("uart: type a character\n");
  ipc::Event event = ipc::port_wait(*port, sys::read_time() + ms(20'000));
  if (!check(event.ok(), name, "no interrupt arrived")) return 1;
  bool is_interrupt = event.kind() == abi::EventKind::Interrupt && event.badge == kUartBadge;
  if (!check(is_interrupt, name, "the event is not our interrupt")) return 1;
  char received[16];
  size_t n = 0;
  while ((uart[kLineStatus] & kDataReady) && n + 1 < sizeof received) received[n++] = char(uart[kReceive]);
  received[n] = '\0';
  printf("uart: interrupt %lu with badge %#lx, received \"%s\"\n", event.words[0], event.badge, received);
  if (!check(n > 0, name, "no byte was waiting")) return 1;
  if (!check(sys::irq_ack(irq) == 0, name, "irq_ack failed")) return 1;
  ipc::Event stray = ipc::port_wait(*other_port, sys::read_time() + ms(10));
  if (!check(stray.error() == Error::TimedOut, name, "the first port still hears the interrupt")) return 1;
  sys::mem_unmap(uint64_t(registers), kPage);
  // Exiting closes the Irq: the kernel console gets the UART back.
  printf("PASS uart\n");
  return 0;
}

// --- dma: with the DMA capability ("devtest dma +dma"), a contiguous
// buffer's handle has the dma right and tells its physical address; a copy
// of the capability without dma, or of the buffer's handle, does not.
int test_dma() {
  const char* name = "dma";
  uint32_t dma = startup_handle_of(abi::ObjectType::Dma);
  if (!check(dma, name, "start me with the DMA capability: devtest dma +dma")) return 1;
  constexpr size_t kSize = 64 * 1024;
  int64_t buffer = sys::membuf_create(kSize, abi::kMembufContiguous, dma);
  if (!check(!sys::failed(buffer), name, "contiguous membuf_create with the capability failed")) return 1;
  auto b = uint32_t(buffer);
  int64_t physical = sys::membuf_physical(b);
  printf("dma: contiguous buffer at physical %#lx\n", long(physical));
  constexpr int64_t kRamBase = 0x80000000;
  if (!check(physical >= kRamBase && physical % int64_t(kPage) == 0, name, "bad physical address")) return 1;
  int64_t no_dma = sys::handle_dup(b, rights::kRead | rights::kWrite | rights::kMap | rights::kBasic);
  int64_t weak_capability = sys::handle_dup(dma, rights::kTransfer | rights::kDuplicate);
  const Case cases[] = {
      {"physical through a handle without dma", sys::membuf_physical(uint32_t(no_dma)), Error::AccessDenied},
      {"a capability without dma",
       sys::membuf_create(kSize, abi::kMembufContiguous, uint32_t(weak_capability)), Error::AccessDenied},
      {"the capability for a buffer that is not contiguous", sys::membuf_create(kSize, 0, dma),
       Error::InvalidArgument},
  };
  sys::handle_close(uint32_t(no_dma));
  sys::handle_close(uint32_t(weak_capability));
  sys::handle_close(b);
  if (!expect_errors(name, cases)) return 1;
  printf("PASS dma\n");
  return 0;
}

// --- membuf_frames: creating, mapping, touching, unmapping and closing
// buffers returns every frame.
bool buffer_round(const char* name, uint64_t flags, bool close_first) {
  constexpr size_t kSize = 1 << 20;
  int64_t buffer = sys::membuf_create(kSize, flags);
  if (!check(!sys::failed(buffer), name, "membuf_create failed")) return false;
  int64_t mapping = sys::membuf_map(uint32_t(buffer), 0, 0, kSize, kReadWrite);
  if (!check(!sys::failed(mapping), name, "membuf_map failed")) return false;
  volatile uint8_t* bytes = bytes_at(mapping);
  for (size_t i = 0; i < kSize; i += kPage) bytes[i] = uint8_t(i >> 12);
  // Either order works: the mapping holds the buffer until it goes.
  if (close_first) sys::handle_close(uint32_t(buffer));
  bool ok = sys::mem_unmap(uint64_t(mapping), kSize) == 0;
  if (!close_first) sys::handle_close(uint32_t(buffer));
  return check(ok, name, "mem_unmap failed");
}

int test_membuf_frames() {
  const char* name = "membuf_frames";
  // Warm up: the first rounds may grow kernel caches that stay.
  if (!buffer_round(name, 0, false) || !buffer_round(name, abi::kMembufContiguous, false)) return 1;
  int64_t before = sys::frames_free();
  for (int round = 0; round < 50; ++round) {
    uint64_t flags = round % 5 == 4 ? abi::kMembufContiguous : 0;
    if (!buffer_round(name, flags, round % 2 == 1)) return 1;
  }
  int64_t after = sys::frames_free();
  printf("membuf_frames: free frames %ld before, %ld after\n", long(before), long(after));
  if (!check(before == after, name, "frames leaked")) return 1;
  printf("PASS membuf_frames\n");
  return 0;
}

struct Command {
  const char* name;
  int (*run)();
};

const Command kCommands[] = {
    {"nodevices", test_nodevices},
    {"membuf", test_membuf},
    {"share", test_share},
    {"kill", test_kill},
    {"membuf_frames", test_membuf_frames},
    {"uart", test_uart},
    {"dma", test_dma},
    {"timebase", test_timebase},
    {"share-child", share_child},
    {"spin", spin},
    {"sleep", sleep_forever},
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("usage: devtest <test>...\n");
    return 2;
  }
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    const Command* found = nullptr;
    for (const Command& c : kCommands) {
      if (strcmp(c.name, argv[i]) == 0) found = &c;
    }
    if (!found) {
      printf("devtest: no test named %s\n", argv[i]);
      return 2;
    }
    failures += found->run();
  }
  return failures;
}
