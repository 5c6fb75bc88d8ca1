// Flattened device tree reader; see fdt.h. All multi-byte fields are
// big-endian and read byte by byte, so the blob needs no alignment.
#include "fdt.h"

namespace kernel {
namespace {

// Structure block tokens.
enum : uint32_t { kTokenBeginNode = 1, kTokenEndNode, kTokenProp, kTokenNop, kTokenEnd = 9 };

constexpr size_t kHeaderSizeV16 = 36;  // v17 added size_dt_struct
constexpr size_t kHeaderSizeV17 = 40;
constexpr uint32_t kFirstVersion = 16, kLastCompatibleVersion = 17;
constexpr size_t kReservationEntrySize = 16;

// Offset of the first NUL in data[from, end), or nullopt: names must end
// inside their block.
std::optional<size_t> find_nul(std::span<const uint8_t> data, size_t from) {
  for (size_t i = from; i < data.size(); ++i) if (data[i] == 0) return i;
  return std::nullopt;
}

constexpr size_t align4(size_t n) { return (n + 3) & ~size_t{3}; }

std::string_view as_string(std::span<const uint8_t> data, size_t begin, size_t end) {
  return std::string_view(reinterpret_cast<const char*>(data.data()) + begin, end - begin);
}

// Whether [offset, offset + size) lies within [0, limit); 64-bit maths
// cannot overflow on 32-bit header fields.
bool block_fits(uint64_t offset, uint64_t size, uint64_t limit) {
  return offset <= limit && size <= limit - offset;
}

// Deepest node read_boot_facts follows; real trees are under 8 deep.
constexpr size_t kMaxDepth = 32;

// One open node: what its children need to know about it.
struct Level {
  std::string_view name;       // without the unit address
  uint32_t address_cells = 2;  // spec defaults for the children's `reg`
  uint32_t size_cells = 1;
  bool classified = false;     // its properties are complete (a child began)
};

// The properties of the innermost open node that read_boot_facts looks at.
struct NodeProps {
  std::span<const uint8_t> compatible, device_type, status, reg, interrupts, ndev, timebase;
};

struct NodePropName {
  std::string_view name;
  std::span<const uint8_t> NodeProps::*field;
};
constexpr NodePropName kNodeProps[] = {
    {"compatible", &NodeProps::compatible}, {"device_type", &NodeProps::device_type},
    {"status", &NodeProps::status},         {"reg", &NodeProps::reg},
    {"interrupts", &NodeProps::interrupts}, {"riscv,ndev", &NodeProps::ndev},
    {"timebase-frequency", &NodeProps::timebase},
};

std::string_view base_name(std::string_view name) {
  size_t length = 0;
  while (length < name.size() && name[length] != '@') ++length;
  return name.substr(0, length);
}

// Entry `index` of a `reg` value laid out with the parent's cell counts.
Result<MemoryRange> reg_entry(std::span<const uint8_t> reg, const Level& parent, size_t index) {
  const uint32_t ac = parent.address_cells;
  const uint32_t sc = parent.size_cells;
  if (ac < 1 || ac > 2 || sc < 1 || sc > 2) return Error::Malformed;
  const size_t entry_size = (ac + sc) * 4;
  if (reg.empty() || reg.size() % entry_size != 0) return Error::Malformed;
  if (index >= reg.size() / entry_size) return Error::OutOfRange;
  const uint8_t* p = reg.data() + index * entry_size;
  const MemoryRange range{ac == 2 ? fdt_load_be64(p) : fdt_load_be32(p),
                          sc == 2 ? fdt_load_be64(p + ac * 4) : fdt_load_be32(p + ac * 4)};
  if (range.size > UINT64_MAX - range.base) return Error::Malformed;
  return range;
}

// The first cell of an optional numeric property; 0 when it is absent.
Result<uint32_t> first_cell(std::span<const uint8_t> value) {
  if (value.empty()) return uint32_t{0};
  if (value.size() < 4) return Error::Malformed;
  return fdt_load_be32(value.data());
}

template <size_t N>
Status append(std::array<MemoryRange, N>& ranges, size_t& count, MemoryRange range) {
  if (count == N) return Error::TooLarge;
  ranges[count++] = range;
  return {};
}

class FactsBuilder {
 public:
  explicit FactsBuilder(BootFacts& facts) : facts_(facts) {}

  Status begin_node(std::string_view name) {
    if (depth_ > 0 && !levels_[depth_ - 1].classified) TRY(classify());
    if (depth_ == kMaxDepth) return Error::Malformed;
    levels_[depth_++] = Level{base_name(name)};
    props_ = {};
    return {};
  }

  Status property(std::string_view name, std::span<const uint8_t> value) {
    Level& node = levels_[depth_ - 1];  // the walker puts properties inside a node
    if (node.classified) return Error::Malformed;  // spec: properties precede subnodes
    if (name == "#address-cells" || name == "#size-cells") {
      const std::optional<uint32_t> cells = fdt_u32(value);
      if (!cells) return Error::Malformed;
      (name == "#address-cells" ? node.address_cells : node.size_cells) = *cells;
      return {};
    }
    for (const auto& [prop_name, field] : kNodeProps) {
      if (name == prop_name) {
        props_.*field = value;
        return {};
      }
    }
    if (depth_ == 2 && node.name == "chosen") return chosen_property(name, value);
    return {};
  }

  Status end_node() {
    if (!levels_[depth_ - 1].classified) TRY(classify());
    --depth_;
    return {};
  }

  Status finish() {
    if (initrd_start_ && initrd_end_) {
      if (*initrd_end_ < *initrd_start_) return Error::Malformed;
      facts_.initrd = MemoryRange{*initrd_start_, *initrd_end_ - *initrd_start_};
    }
    // Insertion sort: at most kMaxVirtio entries.
    for (size_t i = 1; i < facts_.virtio_count; ++i) {
      for (size_t j = i; j > 0 && facts_.virtio[j - 1].base > facts_.virtio[j].base; --j) {
        std::swap(facts_.virtio[j - 1], facts_.virtio[j]);
      }
    }
    if (facts_.memory_count == 0) return Error::NotFound;
    return {};
  }

 private:
  Status chosen_property(std::string_view name, std::span<const uint8_t> value) {
    if (name == "bootargs" || name == "stdout-path") {
      const std::optional<std::string_view> str = fdt_string(value);
      if (!str) return Error::Malformed;
      (name == "bootargs" ? facts_.bootargs : facts_.stdout_path) = *str;
    } else if (name == "linux,initrd-start" || name == "linux,initrd-end") {
      const std::optional<uint64_t> address = fdt_u32_or_u64(value);
      if (!address) return Error::Malformed;
      (name == "linux,initrd-start" ? initrd_start_ : initrd_end_) = address;
    }
    return {};
  }

  // Records what the innermost node contributes; runs once per node, when
  // its properties are complete.
  Status classify() {
    Level& node = levels_[depth_ - 1];
    node.classified = true;
    if (depth_ == 1) return {};  // the root
    const Level& parent = levels_[depth_ - 2];
    const std::optional<std::string_view> status = fdt_string(props_.status);
    const bool enabled = props_.status.empty() || status == "okay" || status == "ok";
    const bool in_cpus = depth_ == 3 && parent.name == "cpus";
    // The timebase belongs in /cpus; a cpu node's is used only if /cpus has none.
    if (!props_.timebase.empty() &&
        ((depth_ == 2 && node.name == "cpus") || (in_cpus && facts_.timebase_frequency == 0))) {
      const std::optional<uint64_t> hz = fdt_u32_or_u64(props_.timebase);
      if (!hz) return Error::Malformed;
      facts_.timebase_frequency = *hz;
    }
    if (in_cpus && fdt_string(props_.device_type) == "cpu" && enabled) {
      Result<uint32_t> hart_id = first_cell(props_.reg);
      if (!hart_id) return Error::Malformed;
      if (facts_.hart_count < BootFacts::kMaxHarts) facts_.hart_ids[facts_.hart_count] = *hart_id;
      ++facts_.hart_count;  // bounded by the number of nodes in the blob
    }
    if (depth_ == 2 && fdt_string(props_.device_type) == "memory" && enabled) {
      TRY(add_ranges(parent, facts_.memory, facts_.memory_count));
    }
    if (depth_ == 3 && parent.name == "reserved-memory" && !props_.reg.empty()) {
      TRY(add_ranges(parent, facts_.reserved, facts_.reserved_count));
    }
    if (props_.compatible.empty() || !enabled) return {};
    if (fdt_string_list_contains(props_.compatible, "riscv,plic0") ||
        fdt_string_list_contains(props_.compatible, "sifive,plic-1.0.0")) {
      if (facts_.plic) return {};
      Result<MemoryRange> reg = reg_entry(props_.reg, parent, 0);
      Result<uint32_t> ndev = first_cell(props_.ndev);
      if (!reg || !ndev) return Error::Malformed;
      facts_.plic = PlicInfo{reg->base, reg->size, *ndev};
    } else if (fdt_string_list_contains(props_.compatible, "ns16550a")) {
      return first_device(parent, facts_.uart);
    } else if (fdt_string_list_contains(props_.compatible, "google,goldfish-rtc")) {
      return first_device(parent, facts_.rtc);
    } else if (fdt_string_list_contains(props_.compatible, "virtio,mmio")) {
      if (facts_.virtio_count == BootFacts::kMaxVirtio) return Error::TooLarge;
      Result<MmioDevice> device = mmio_device(parent);
      if (!device) return device.error();
      facts_.virtio[facts_.virtio_count++] = *device;
    }
    return {};
  }

  // Records the innermost node as `device` unless one was found before.
  Status first_device(const Level& parent, std::optional<MmioDevice>& device) const {
    if (device) return {};
    Result<MmioDevice> found = mmio_device(parent);
    if (!found) return found.error();
    device = *found;
    return {};
  }

  // The first register window and the first interrupt cell.
  Result<MmioDevice> mmio_device(const Level& parent) const {
    Result<MemoryRange> reg = reg_entry(props_.reg, parent, 0);
    Result<uint32_t> irq = first_cell(props_.interrupts);
    if (!reg || !irq) return Error::Malformed;
    return MmioDevice{reg->base, reg->size, *irq};
  }

  // Every non-empty entry of the innermost node's `reg`.
  template <size_t N>
  Status add_ranges(const Level& parent, std::array<MemoryRange, N>& ranges, size_t& count) {
    // The entry count is below reg.size(), so the loop is bounded.
    for (size_t i = 0;; ++i) {
      Result<MemoryRange> range = reg_entry(props_.reg, parent, i);
      if (range.error() == Error::OutOfRange) return {};
      if (!range) return range.error();
      if (range->size != 0) TRY(append(ranges, count, *range));
    }
  }

  BootFacts& facts_;
  std::array<Level, kMaxDepth> levels_{};
  size_t depth_ = 0;
  NodeProps props_;
  std::optional<uint64_t> initrd_start_;
  std::optional<uint64_t> initrd_end_;
};

}  // namespace

Result<size_t> fdt_total_size(std::span<const uint8_t> header) {
  if (header.size() < kHeaderSizeV16 || fdt_load_be32(&header[0]) != kFdtMagic) {
    return Error::Malformed;
  }
  const uint32_t total = fdt_load_be32(&header[4]);
  const uint32_t version = fdt_load_be32(&header[20]);
  if (version < kFirstVersion || total < kHeaderSizeV16) return Error::Malformed;
  return size_t{total};
}

Result<Fdt> Fdt::open(std::span<const uint8_t> blob) {
  Result<size_t> total = fdt_total_size(blob);
  if (!total) return total.error();
  if (*total > blob.size()) return Error::Malformed;
  const uint8_t* h = blob.data();
  const uint32_t version = fdt_load_be32(h + 20);
  if (fdt_load_be32(h + 24) > kLastCompatibleVersion) return Error::Malformed;
  const size_t header_size = version >= 17 ? kHeaderSizeV17 : kHeaderSizeV16;
  const uint64_t limit = *total;
  if (limit < header_size) return Error::Malformed;

  const uint32_t struct_offset = fdt_load_be32(h + 8);
  const uint32_t strings_offset = fdt_load_be32(h + 12);
  const uint32_t rsv_offset = fdt_load_be32(h + 16);
  const uint32_t strings_size = fdt_load_be32(h + 32);
  // Before v17 the structure block's size is not recorded: bound it by the blob.
  const uint64_t struct_size =
      version >= 17 ? fdt_load_be32(h + 36) : (struct_offset <= limit ? limit - struct_offset : 0);

  // Tokens are 4-aligned and reservation entries 8-aligned relative to the
  // blob; none of the blocks may overlap the header.
  if (struct_offset % 4 != 0 || rsv_offset % 8 != 0 || struct_offset < header_size ||
      strings_offset < header_size || rsv_offset < header_size ||
      !block_fits(struct_offset, struct_size, limit) ||
      !block_fits(strings_offset, strings_size, limit)) {
    return Error::Malformed;
  }

  Fdt fdt;
  fdt.blob_ = blob.first(*total);
  fdt.structs_ = fdt.blob_.subspan(struct_offset, struct_size);
  fdt.strings_ = fdt.blob_.subspan(strings_offset, strings_size);
  fdt.reservations_offset_ = rsv_offset;
  // Find the (0, 0) terminator; the loop is bounded by the blob's length.
  for (size_t at = rsv_offset;; at += kReservationEntrySize) {
    if (!block_fits(at, kReservationEntrySize, limit)) return Error::Malformed;
    if (fdt_load_be64(h + at) == 0 && fdt_load_be64(h + at + 8) == 0) break;
    ++fdt.reservation_count_;
  }
  return fdt;
}

Result<MemoryRange> Fdt::reservation(size_t index) const {
  if (index >= reservation_count_) return Error::OutOfRange;
  // open() checked that every entry up to the terminator is inside the blob.
  const uint8_t* p = blob_.data() + reservations_offset_ + index * kReservationEntrySize;
  const MemoryRange range{fdt_load_be64(p), fdt_load_be64(p + 8)};
  if (range.size > UINT64_MAX - range.base) return Error::Malformed;
  return range;
}

Result<FdtToken> FdtWalker::next() {
  if (failed_) return Error::Malformed;
  if (finished_) return FdtToken{FdtTokenKind::End, {}, {}};
  failed_ = true;  // cleared on every successful return below
  // Each iteration consumes at least one 4-byte token, so the loop ends.
  while (offset_ <= structs_.size() && structs_.size() - offset_ >= 4) {
    const uint32_t token = fdt_load_be32(&structs_[offset_]);
    offset_ += 4;
    switch (token) {
      case kTokenNop:
        continue;
      case kTokenBeginNode: {
        if (depth_ == 0 && root_seen_) return Error::Malformed;  // a second root
        const std::optional<size_t> nul = find_nul(structs_, offset_);
        if (!nul) return Error::Malformed;
        const std::string_view name = as_string(structs_, offset_, *nul);
        offset_ = align4(*nul + 1);
        ++depth_;
        root_seen_ = true;
        failed_ = false;
        return FdtToken{FdtTokenKind::BeginNode, name, {}};
      }
      case kTokenEndNode:
        if (depth_ == 0) return Error::Malformed;
        --depth_;
        failed_ = false;
        return FdtToken{FdtTokenKind::EndNode, {}, {}};
      case kTokenProp: {
        if (depth_ == 0) return Error::Malformed;
        if (structs_.size() - offset_ < 8) return Error::Malformed;
        const uint32_t length = fdt_load_be32(&structs_[offset_]);
        const uint32_t name_offset = fdt_load_be32(&structs_[offset_ + 4]);
        offset_ += 8;
        if (length > structs_.size() - offset_) return Error::Malformed;
        const std::optional<size_t> nul = find_nul(strings_, name_offset);
        if (!nul) return Error::Malformed;
        const FdtToken prop{FdtTokenKind::Property, as_string(strings_, name_offset, *nul),
                            structs_.subspan(offset_, length)};
        offset_ = align4(offset_ + length);
        failed_ = false;
        return prop;
      }
      case kTokenEnd:
        if (depth_ != 0 || !root_seen_) return Error::Malformed;
        finished_ = true;
        failed_ = false;
        return FdtToken{FdtTokenKind::End, {}, {}};
      default:
        return Error::Malformed;
    }
  }
  return Error::Malformed;  // ran off the block without FDT_END
}

std::optional<std::string_view> fdt_string(std::span<const uint8_t> value) {
  if (value.empty() || value.back() != 0) return std::nullopt;
  const std::optional<size_t> nul = find_nul(value, 0);
  if (*nul != value.size() - 1) return std::nullopt;  // embedded NUL: a list, not a string
  return as_string(value, 0, *nul);
}

bool fdt_string_list_contains(std::span<const uint8_t> value, std::string_view entry) {
  size_t begin = 0;
  // Each step moves past one NUL, so at most value.size() steps.
  while (begin < value.size()) {
    const std::optional<size_t> nul = find_nul(value, begin);
    if (!nul) return false;  // an unterminated tail is not an entry
    if (as_string(value, begin, *nul) == entry) return true;
    begin = *nul + 1;
  }
  return false;
}

Result<BootFacts> read_boot_facts(std::span<const uint8_t> blob) {
  Result<Fdt> fdt = Fdt::open(blob);
  if (!fdt) return fdt.error();
  BootFacts facts;
  for (size_t i = 0; i < fdt->reservation_count(); ++i) {
    Result<MemoryRange> range = fdt->reservation(i);
    if (!range) return range.error();
    TRY(append(facts.reserved, facts.reserved_count, *range));
  }
  FactsBuilder builder(facts);
  FdtWalker walker = fdt->walk();
  // The walker guarantees termination (see FdtWalker).
  for (;;) {
    Result<FdtToken> token = walker.next();
    if (!token) return token.error();
    switch (token->kind) {
      case FdtTokenKind::BeginNode: TRY(builder.begin_node(token->name)); break;
      case FdtTokenKind::Property: TRY(builder.property(token->name, token->value)); break;
      case FdtTokenKind::EndNode: TRY(builder.end_node()); break;
      case FdtTokenKind::End: TRY(builder.finish()); return facts;
    }
  }
}

}  // namespace kernel
