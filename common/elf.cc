// ELF64 executable parser; see elf.h. Fields are read byte by byte
// (little-endian), so the file needs no alignment.
#include "elf.h"

namespace tessera {
namespace {

// Elf64_Ehdr and Elf64_Phdr layouts (System V ABI, ELF-64 object format).
constexpr size_t kEhdrSize = 64;
constexpr size_t kPhdrSize = 56;

constexpr uint8_t kElfClass64 = 2;
constexpr uint8_t kElfData2Lsb = 1;
constexpr uint8_t kEvCurrent = 1;
constexpr uint16_t kEtExec = 2;
constexpr uint16_t kEmRiscv = 243;

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtInterp = 3;
constexpr uint32_t kPfX = 1;
constexpr uint32_t kPfW = 2;
constexpr uint32_t kPfR = 4;

uint64_t load_le(const uint8_t* p, size_t bytes) {
  uint64_t value = 0;
  for (size_t i = bytes; i > 0; --i) value = value << 8 | p[i - 1];
  return value;
}

// The program header fields the parser uses.
struct ProgramHeader {
  uint32_t type;
  uint32_t flags;
  uint64_t offset;
  uint64_t vaddr;
  uint64_t filesz;
  uint64_t memsz;
  uint64_t align;
};

ProgramHeader read_program_header(const uint8_t* p) {
  return ProgramHeader{
      .type = uint32_t(load_le(p, 4)),
      .flags = uint32_t(load_le(p + 4, 4)),
      .offset = load_le(p + 8, 8),
      .vaddr = load_le(p + 16, 8),
      .filesz = load_le(p + 32, 8),
      .memsz = load_le(p + 40, 8),
      .align = load_le(p + 48, 8),
  };
}

Status check_header(std::span<const uint8_t> file) {
  if (file.size() < kEhdrSize) return Error::Malformed;
  const uint8_t* h = file.data();
  if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') return Error::Malformed;
  if (h[4] != kElfClass64 || h[5] != kElfData2Lsb || h[6] != kEvCurrent) return Error::Malformed;
  if (load_le(h + 16, 2) != kEtExec || load_le(h + 18, 2) != kEmRiscv) return Error::Malformed;
  if (load_le(h + 20, 4) != kEvCurrent) return Error::Malformed;
  if (load_le(h + 54, 2) != kPhdrSize) return Error::Malformed;
  return {};
}

// A PT_LOAD must describe bytes inside the file and memory inside the user
// range, both without wrapping around.
Status check_load(const ProgramHeader& ph, size_t file_size, const ElfLimits& limits) {
  if (ph.filesz > ph.memsz) return Error::Malformed;
  if (ph.offset > file_size || ph.filesz > file_size - ph.offset) return Error::Malformed;
  if (ph.vaddr < limits.user_base || ph.vaddr > limits.user_top ||
      ph.memsz > limits.user_top - ph.vaddr) {
    return Error::OutOfRange;
  }
  // 0 and 1 mean unaligned. Otherwise the alignment is a power of two and
  // vaddr == offset modulo it (ELF spec); with page alignment, as GNU ld
  // writes, a loader may map file pages in place. (A bit trick rather than
  // std::has_single_bit, which costs a libgcc call without Zbb.)
  const uint64_t mask = ph.align - 1;
  if (ph.align > 1 && ((ph.align & mask) != 0 || ((ph.vaddr - ph.offset) & mask) != 0)) {
    return Error::Malformed;
  }
  return {};
}

// Whether two non-empty segments touch a common page; memsz > 0 and no
// wrap-around are already checked, so vaddr + memsz - 1 is safe.
bool share_page(const ElfSegment& a, const ElfSegment& b) {
  const uint64_t a_first = a.vaddr / kElfPageSize;
  const uint64_t a_last = (a.vaddr + a.memsz - 1) / kElfPageSize;
  const uint64_t b_first = b.vaddr / kElfPageSize;
  const uint64_t b_last = (b.vaddr + b.memsz - 1) / kElfPageSize;
  return a_first <= b_last && b_first <= a_last;
}

}  // namespace

Result<ElfImage> parse_elf(std::span<const uint8_t> file, const ElfLimits& limits) {
  if (limits.user_base >= limits.user_top || limits.max_segments == 0) {
    return Error::InvalidArgument;
  }
  const size_t capacity =
      limits.max_segments < ElfImage::kMaxSegments ? limits.max_segments : ElfImage::kMaxSegments;
  TRY(check_header(file));

  const uint64_t phoff = load_le(file.data() + 32, 8);
  const uint64_t phnum = load_le(file.data() + 56, 2);  // at most 65535: the loop is bounded
  if (phoff > file.size() || phnum * kPhdrSize > file.size() - phoff) return Error::Malformed;

  ElfImage image{};
  image.entry = load_le(file.data() + 24, 8);
  for (uint64_t i = 0; i < phnum; ++i) {
    const ProgramHeader ph = read_program_header(file.data() + phoff + i * kPhdrSize);
    if (ph.type == kPtInterp) return Error::Malformed;
    if (ph.type != kPtLoad) continue;
    TRY(check_load(ph, file.size(), limits));
    if (ph.memsz == 0) continue;
    if (image.count == capacity) return Error::TooLarge;
    const ElfSegment segment{
        .vaddr = ph.vaddr,
        .memsz = ph.memsz,
        .offset = ph.offset,
        .filesz = ph.filesz,
        .readable = (ph.flags & kPfR) != 0,
        .writable = (ph.flags & kPfW) != 0,
        .executable = (ph.flags & kPfX) != 0,
    };
    // Memory that is both writable and executable would let a bug become
    // injected code: no program gets it (W^X).
    if (segment.writable && segment.executable) return Error::AccessDenied;
    // Overlap would let one segment's permissions or contents clobber
    // another's; at most kMaxSegments^2 comparisons.
    for (size_t j = 0; j < image.count; ++j) {
      if (share_page(image.segments[j], segment)) return Error::Malformed;
    }
    image.segments[image.count++] = segment;
  }
  if (image.count == 0) return Error::Malformed;

  for (size_t j = 0; j < image.count; ++j) {
    const ElfSegment& s = image.segments[j];
    if (s.executable && image.entry >= s.vaddr && image.entry - s.vaddr < s.memsz) return image;
  }
  return Error::Malformed;  // the entry point is not in executable memory
}

}  // namespace tessera
