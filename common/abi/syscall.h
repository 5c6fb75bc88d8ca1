// The Tessera syscall ABI (docs/abi.md): number in a7, arguments in a0-a5,
// status (or a non-negative result) in a0; the flags and layouts the calls use.
#pragma once

#include <cstdint>

#include "abi/syscall_numbers.h"

namespace abi {

// The numbers, abi::Syscall, come from the one syscall table
// (abi/syscalls.toml) through the generated header.

// Memory protection flags for MemMap.
constexpr uint64_t kProtRead = 1;
constexpr uint64_t kProtWrite = 2;
constexpr uint64_t kProtExec = 4;
// With MemMap and MemMapAt: no commit charge. The memory is backed on touch
// while frames last, and a touch that finds none is a fault (main stacks).
// Without it, mapping fails with NoMemory unless every page can be backed.
constexpr uint64_t kMapLazy = 8;

// Message info word (a1 of the IPC calls): payload length in bytes, number
// of handles, and (on receipt) what kind of event it is.
constexpr uint64_t kInfoLengthMask = 0x1fff;
constexpr unsigned kInfoHandlesShift = 16;
constexpr uint64_t kInfoHandlesMask = 0x7;
constexpr unsigned kInfoKindShift = 24;

enum class EventKind : uint64_t {
  Message = 0,     // an asynchronous message
  Call = 1,        // a call: answer it with reply / reply_wait
  PeerClosed = 2,  // the peer of a bound channel end was closed
  Interrupt = 3,   // a bound IRQ fired (masked until irq_ack)
  ProcessExit = 4, // a bound process ended; words[0] = its exit status
};

constexpr uint64_t make_info(uint64_t length, uint64_t handles, EventKind kind = EventKind::Message) {
  return length | (handles << kInfoHandlesShift) | (static_cast<uint64_t>(kind) << kInfoKindShift);
}
constexpr uint64_t info_length(uint64_t info) { return info & kInfoLengthMask; }
constexpr uint64_t info_handles(uint64_t info) { return (info >> kInfoHandlesShift) & kInfoHandlesMask; }
constexpr EventKind info_kind(uint64_t info) { return static_cast<EventKind>((info >> kInfoKindShift) & 0xff); }

// Membuf flags.
constexpr uint64_t kMembufContiguous = 1;  // physically contiguous (for DMA)

// Auxiliary-vector keys Tessera adds to the SysV ones.
constexpr uint64_t kAuxHandles = 0x1000;      // uint32 handles passed by the spawner
constexpr uint64_t kAuxHandleCount = 0x1001;
constexpr uint64_t kAuxBootInfo = 0x1002;     // init only: BootResource array
constexpr uint64_t kAuxBootInfoCount = 0x1003;
constexpr uint64_t kAuxTimebase = 0x1004;      // timebase ticks (rdtime) per second, from the device tree
constexpr uint64_t kAuxMemoryFrames = 0x1005;  // the frames the kernel manages (kernel_memory's total)
// Programs procmgr starts: the startup handle of the channel holding what
// the program inherits (libc's descriptors and working directory, docs/posix.md).
constexpr uint64_t kAuxInheritance = 0x1006;
// Programs started from the boot archive (ipc::spawn): a read-only handle to
// the archive (an MmioRange), from which they may start programs in turn.
constexpr uint64_t kAuxBootArchive = 0x1007;
constexpr uint64_t kAuxBootArchiveSize = 0x1008;  // its bytes
// Programs started from the boot archive whose starter holds the debug
// console (a DebugConsole handle, for debug_write): a copy of it.
constexpr uint64_t kAuxDebugConsole = 0x1009;
// The services init starts: a channel end on which the service sends one
// message once it serves (ipc::announce_ready; docs/writing-a-driver.md).
constexpr uint64_t kAuxReady = 0x100a;

// What init learns of each boot-time resource handle the kernel gave it.
struct BootResource {
  uint32_t handle;
  uint32_t type;   // ObjectType
  uint64_t base;   // MMIO: physical base
  uint64_t size;   // MMIO: size
  uint32_t irq;    // IRQ number (for Irq), or the device's IRQ (for MmioRange)
  char name[20];   // "uart", "virtio0"…, "bootfs", "power", "dma"
};

// A deadline meaning "never".
constexpr uint64_t kForever = ~0ull;

// How a process ended, as ProcessWait reports it: normal exits return the
// code (0..255 by convention, any 32-bit value allowed); a process killed by
// a fault returns kExitFault | cause (the RISC-V scause value).
constexpr int64_t kExitFault = 0x100000000;
// The status of a process ended by process_kill (128 + SIGKILL, as a shell shows it).
constexpr int64_t kExitKilled = 137;
// The status libc gives process_exit for a process that ends as a signal
// would end it (SIGPIPE on a write to a closed pipe): kExitSignal | signal.
constexpr int64_t kExitSignal = 0x80000000;

}  // namespace abi
