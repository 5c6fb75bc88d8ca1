// Handle rights and object types of the Tessera ABI.
#pragma once

#include <cstdint>

namespace abi {

namespace rights {
constexpr uint32_t kRead = 1u << 0;       // read state / receive
constexpr uint32_t kWrite = 1u << 1;      // modify / send
constexpr uint32_t kMap = 1u << 2;        // map into an address space
constexpr uint32_t kTransfer = 1u << 3;   // send the handle in a message
constexpr uint32_t kDuplicate = 1u << 4;  // handle_dup
constexpr uint32_t kWait = 1u << 5;       // wait for the object (process exit, ...)
constexpr uint32_t kManage = 1u << 6;     // kill a process, create threads in it, map into it
constexpr uint32_t kDma = 1u << 7;        // learn physical addresses (membuf; the Dma capability)
constexpr uint32_t kBasic = kTransfer | kDuplicate | kWait;
constexpr uint32_t kAll = 0xff;
}  // namespace rights

enum class ObjectType : uint16_t {
  None = 0,
  Process = 1,
  Thread = 2,
  Channel = 3,
  Port = 4,
  MemBuffer = 5,
  Irq = 6,
  MmioRange = 7,
  Power = 8,
  Dma = 9,    // the capability to give buffers the dma right (init hands it to drivers)
  Reply = 10,  // a call parked by its server (reply_defer), answered later with reply
  DebugConsole = 11,  // the right to write the kernel's debug console (debug_write)
};

}  // namespace abi
