// Syscall numbers of the Tessera ABI (docs/abi.md). Number in a7, arguments
// in a0-a5, status (or a non-negative result) in a0.
#pragma once

#include <cstdint>

namespace abi {

enum class Syscall : uint64_t {
  Null = 0,           // () -> 0: the cheapest syscall, for measurement
  // The calls that may wait for IPC come first (1..4): the trap entry saves
  // the callee-saved registers for them only (see kernel/arch/trap.S).
  ChannelCall = 1,    // (end, info, w0..w3, deadline in a6) -> reply: a1 info, a2..a5 words
  ReplyWait = 2,      // (port, info, w0..w3, deadline in a6): reply to the caller, then wait
  PortWait = 3,       // (port, deadline) -> a1 info, a2..a5 words, a6 badge
  ChannelRecv = 4,    // (end, deadline) -> a1 info, a2..a5 words, a6 badge
  DebugWrite = 5,     // (const char* text, size_t length) -> length
  DebugRead = 6,      // (char* buffer, size_t capacity) -> bytes read (blocks for >= 1)
  ThreadCreate = 7,   // (entry, stack_top, argument, priority) -> thread handle
  ThreadExit = 8,     // (code) -> does not return
  Yield = 9,          // () -> 0
  SleepUntil = 10,    // (deadline in timebase ticks) -> 0
  ProcessExit = 11,   // (code) -> does not return
  Poweroff = 12,      // (power handle) -> does not return
  FramesFree = 13,    // () -> number of free physical frames; a1 = kernel heap bytes in use
  MemMap = 14,        // (size, prot) -> address of new lazily backed region
  MemUnmap = 15,      // (address, size) -> 0
  ProcessSpawn = 16,  // (path, path_length, args, args_length, handles, count) -> process handle
  ProcessWait = 17,   // (process handle, deadline) -> exit status (see docs/abi.md)
  HandleClose = 18,   // (handle) -> 0
  HandleDup = 19,     // (handle, rights) -> new handle with those rights (a subset)
  HandleInfo = 20,    // (handle) -> type << 32 | rights
  ChannelCreate = 21, // () -> a0 = handle of end 0, a1 = handle of end 1
  ChannelSend = 22,   // (end, info, w0..w3) -> 0, or ShouldWait when the peer's queue is full
  PortCreate = 23,    // () -> port handle
  PortBind = 24,      // (port, object, badge) -> 0: the object's events arrive on the port
  Reply = 25,         // (0, info, w0..w3) -> 0: reply to the caller
  SetIpcBuffer = 26,  // (address of this thread's ipc::Message) -> 0
  MembufCreate = 27,  // (size, flags, dma capability or 0) -> membuf handle
  MembufMap = 28,     // (membuf, process or 0 for self, offset, size, prot) -> address
  MembufPhysical = 29,// (membuf) -> physical address (contiguous buffers, needs the DMA right)
  MmioMap = 30,       // (mmio range) -> address of its registers in this process
  IrqBind = 31,       // (irq, port, badge) -> 0
  IrqAck = 32,        // (irq) -> 0: unmask it again
  ProcessKill = 33,   // (process) -> 0
  // Building another process from user space (procmgr's loader): all need
  // the manage right on the process.
  ProcessCreate = 34, // (name, name_length) -> handle of an empty process (no threads)
  MemMapAt = 35,      // (process or 0, address, size, prot) -> address: fixed, lazily backed
  ProcessWrite = 36,  // (process, address, source, length) -> 0: copy into its memory
  HandleGive = 37,    // (process, handle) -> the handle's value in that process (moved)
  ThreadStart = 38,   // (process, entry, stack_top, argument) -> thread handle
  ProcessInfo = 39,   // (process) -> resident pages; a1 = live threads
  Count,
};

// The calls that may block in IPC, whose threads resume straight in user
// mode from their saved registers.
constexpr uint64_t kFirstIpcWait = 1;
constexpr uint64_t kIpcWaitCount = 4;

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

}  // namespace abi
