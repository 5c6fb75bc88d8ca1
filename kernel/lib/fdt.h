// Flattened device tree (DTB) reader: validates a blob handed over by the
// firmware, walks its structure block token by token, and extracts the facts
// the kernel needs to boot (memory, reservations, harts, PLIC, UART, RTC,
// virtio-mmio slots, /chosen).
//
// The blob is untrusted: no read ever leaves the span given, every offset
// and length is checked before use, and every walk is bounded by the size of
// the structure block. No heap, no recursion, no libc; builds for the host
// (unit tests) and freestanding for the kernel. Results that are views
// (names, bootargs) point into the blob, which must outlive them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "result.h"

namespace kernel {

inline constexpr uint32_t kFdtMagic = 0xd00dfeed;

// The blob's length as its header claims. `header` needs to cover only the
// header, so the kernel can learn how much memory to reserve before it knows
// the extent of the blob. Malformed unless the magic and version are right.
Result<size_t> fdt_total_size(std::span<const uint8_t> header);

// A physical address range [base, base + size); base + size never overflows.
struct MemoryRange {
  uint64_t base;
  uint64_t size;
  bool operator==(const MemoryRange&) const = default;
};

enum class FdtTokenKind : uint8_t { BeginNode, EndNode, Property, End };

struct FdtToken {
  FdtTokenKind kind;
  std::string_view name;           // node name with unit address, or property name
  std::span<const uint8_t> value;  // property value; empty for other kinds
};

// Iterates over the structure block, skipping NOPs. Invariants: the offset
// only grows, by at least 4 bytes per token, so a walk ends after at most
// size/4 calls; node nesting is balanced (END_NODE never below the root,
// END only at depth 0, exactly one root). Once it reports an error it keeps
// reporting it; after End it keeps returning End.
class FdtWalker {
 public:
  Result<FdtToken> next();
  // Nodes currently open: 1 inside the root's properties.
  uint32_t depth() const { return depth_; }

 private:
  friend class Fdt;
  FdtWalker(std::span<const uint8_t> structs, std::span<const uint8_t> strings)
      : structs_(structs), strings_(strings) {}

  std::span<const uint8_t> structs_;
  std::span<const uint8_t> strings_;
  size_t offset_ = 0;
  uint32_t depth_ = 0;
  bool root_seen_ = false;
  bool finished_ = false;
  bool failed_ = false;
};

// A blob whose header has been checked: the three blocks lie inside
// totalsize, totalsize inside the buffer, and the reservation block has its
// terminating entry.
class Fdt {
 public:
  static Result<Fdt> open(std::span<const uint8_t> blob);

  // Exactly totalsize bytes.
  std::span<const uint8_t> blob() const { return blob_; }
  // Entries of the memory-reservation block, terminator excluded.
  size_t reservation_count() const { return reservation_count_; }
  Result<MemoryRange> reservation(size_t index) const;
  FdtWalker walk() const { return FdtWalker(structs_, strings_); }

 private:
  Fdt() = default;

  std::span<const uint8_t> blob_;
  std::span<const uint8_t> structs_;
  std::span<const uint8_t> strings_;
  size_t reservations_offset_ = 0;
  size_t reservation_count_ = 0;
};

// Device tree numbers are big-endian and need not be aligned.
inline uint32_t fdt_load_be32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}
inline uint64_t fdt_load_be64(const uint8_t* p) {
  return uint64_t{fdt_load_be32(p)} << 32 | fdt_load_be32(p + 4);
}

// Property value decoders; nullopt when the value has the wrong shape.
inline std::optional<uint32_t> fdt_u32(std::span<const uint8_t> value) {
  if (value.size() != 4) return std::nullopt;
  return fdt_load_be32(value.data());
}
// A 32- or 64-bit number (4 or 8 bytes), as /chosen's initrd bounds are.
inline std::optional<uint64_t> fdt_u32_or_u64(std::span<const uint8_t> value) {
  if (value.size() == 4) return fdt_load_be32(value.data());
  if (value.size() == 8) return fdt_load_be64(value.data());
  return std::nullopt;
}
// A single NUL-terminated string, returned without its NUL.
std::optional<std::string_view> fdt_string(std::span<const uint8_t> value);
// Whether a NUL-separated string list (e.g. `compatible`) holds `entry`.
bool fdt_string_list_contains(std::span<const uint8_t> value, std::string_view entry);

struct PlicInfo {
  uint64_t base;
  uint64_t size;
  uint32_t ndev;  // number of interrupt sources (`riscv,ndev`), 0 if absent
  bool operator==(const PlicInfo&) const = default;
};

// A device with one register window and one interrupt (0: none given).
struct MmioDevice {
  uint64_t base;
  uint64_t size;
  uint32_t irq;
  bool operator==(const MmioDevice&) const = default;
};

struct BootFacts {
  static constexpr size_t kMaxMemory = 8;
  static constexpr size_t kMaxReserved = 16;
  static constexpr size_t kMaxVirtio = 32;

  std::array<MemoryRange, kMaxMemory> memory{};  // non-empty ranges only
  size_t memory_count = 0;
  // The reservation block's entries, then /reserved-memory children with reg.
  std::array<MemoryRange, kMaxReserved> reserved{};
  size_t reserved_count = 0;

  static constexpr size_t kMaxHarts = 8;
  uint32_t hart_count = 0;          // enabled cpu nodes under /cpus
  std::array<uint32_t, kMaxHarts> hart_ids{};  // their reg (hart id), the first kMaxHarts of them
  uint64_t timebase_frequency = 0;  // from /cpus, else from the first cpu; 0 if absent

  std::optional<PlicInfo> plic;   // the first enabled PLIC
  std::optional<MmioDevice> uart;  // the first enabled ns16550a
  std::optional<MmioDevice> rtc;   // the first enabled goldfish RTC
  std::array<MmioDevice, kMaxVirtio> virtio{};  // sorted by base address
  size_t virtio_count = 0;

  std::string_view bootargs;     // empty if absent
  std::string_view stdout_path;  // empty if absent
  // Both bounds present, start <= end; physical addresses.
  std::optional<MemoryRange> initrd;
};

// Reads the boot facts from a blob. Each `reg` is decoded with its parent's
// #address-cells/#size-cells (1 or 2 each; spec defaults 2/1); bus `ranges`
// are not applied, so addresses are taken as physical (true on QEMU virt).
// Nodes with a `status` other than "okay"/"ok" are skipped, except that
// reservations always count. Errors: Malformed for a corrupt blob or a
// property of the wrong shape, nesting deeper than 32 or a property after a
// subnode; TooLarge when a fixed capacity is exceeded (dropping a
// reservation would be unsafe); NotFound when there is no memory at all.
Result<BootFacts> read_boot_facts(std::span<const uint8_t> blob);

}  // namespace kernel
