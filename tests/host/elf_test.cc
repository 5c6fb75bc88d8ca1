// Host tests of the ELF64 executable parser: executables built in memory,
// each check broken in turn, a real RISC-V program when the build supplies
// one ($TESSERA_TEST_ELF), and truncated or mutated files.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

#include "elf.h"

using namespace tessera;

namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint32_t kLoad = 1;
constexpr uint32_t kInterp = 3;
constexpr uint32_t kR = 4, kW = 2, kX = 1;

void put_le(Bytes& b, size_t at, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) b[at + i] = uint8_t(value >> (8 * i));
}

struct Seg {
  uint32_t flags;
  uint64_t offset, vaddr, filesz, memsz;
  uint64_t align = 0x1000;
  uint32_t type = kLoad;
};

// A static RISC-V executable: header, program headers at 64, zero filler.
Bytes make_elf(uint64_t entry, const std::vector<Seg>& segs, size_t size = 0x3000) {
  Bytes b(size);
  const uint8_t ident[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  std::copy(std::begin(ident), std::end(ident), b.begin());
  put_le(b, 16, 2, 2);    // ET_EXEC
  put_le(b, 18, 243, 2);  // EM_RISCV
  put_le(b, 20, 1, 4);
  put_le(b, 24, entry, 8);
  put_le(b, 32, 64, 8);  // e_phoff
  put_le(b, 52, 64, 2);
  put_le(b, 54, 56, 2);
  put_le(b, 56, segs.size(), 2);
  for (size_t i = 0; i < segs.size(); ++i) {
    const size_t p = 64 + 56 * i;
    put_le(b, p, segs[i].type, 4);
    put_le(b, p + 4, segs[i].flags, 4);
    put_le(b, p + 8, segs[i].offset, 8);
    put_le(b, p + 16, segs[i].vaddr, 8);
    put_le(b, p + 24, segs[i].vaddr, 8);
    put_le(b, p + 32, segs[i].filesz, 8);
    put_le(b, p + 40, segs[i].memsz, 8);
    put_le(b, p + 48, segs[i].align, 8);
  }
  return b;
}

const Seg kText{kR | kX, 0, 0x10000, 0x1000, 0x1000};
const Seg kData{kR | kW, 0x2000, 0x12000, 0x800, 0x3000};
constexpr ElfLimits kLimits{0x10000, 0x4000000000, 8};

Bytes valid_elf() { return make_elf(0x10100, {kText, kData}); }

Error error_of(const Bytes& file, const ElfLimits& limits = kLimits) {
  return parse_elf(file, limits).error();
}

Error error_with(uint64_t entry, const std::vector<Seg>& segs) {
  return error_of(make_elf(entry, segs));
}

// A successful parse must describe only bytes inside the file and memory
// inside the limits.
void parse_any(const Bytes& file, const ElfLimits& limits = kLimits) {
  Result<ElfImage> image = parse_elf(file, limits);
  if (!image.ok()) return;
  REQUIRE(image->count >= 1);
  REQUIRE(image->count <= ElfImage::kMaxSegments);
  for (size_t i = 0; i < image->count; ++i) {
    const ElfSegment& s = image->segments[i];
    CHECK(s.filesz <= s.memsz);
    CHECK(s.offset + s.filesz <= file.size());
    CHECK(s.offset + s.filesz >= s.offset);
    CHECK(s.vaddr >= limits.user_base);
    CHECK(s.vaddr + s.memsz <= limits.user_top);
  }
}

}  // namespace

TEST_CASE("a valid executable lists its loadable segments") {
  Bytes file = valid_elf();
  Result<ElfImage> image = parse_elf(file, kLimits);
  REQUIRE(image.ok());
  CHECK(image->entry == 0x10100);
  REQUIRE(image->count == 2);
  const ElfSegment& text = image->segments[0];
  CHECK(text.vaddr == 0x10000);
  CHECK(text.memsz == 0x1000);
  CHECK(text.offset == 0);
  CHECK(text.filesz == 0x1000);
  CHECK((text.readable && !text.writable && text.executable));
  const ElfSegment& data = image->segments[1];
  CHECK(data.vaddr == 0x12000);
  CHECK(data.memsz == 0x3000);
  CHECK(data.offset == 0x2000);
  CHECK(data.filesz == 0x800);
  CHECK((data.readable && data.writable && !data.executable));
}

TEST_CASE("non-load headers and empty loads are skipped") {
  const Seg note{kR, 0x100, 0x10100, 0x20, 0x20, 4, 4 /* PT_NOTE */};
  const Seg empty{kR, 0x2000, 0x20000, 0, 0};
  const Seg stack{kR | kW, 0, 0, 0, 0, 16, 0x6474e551 /* PT_GNU_STACK */};
  Bytes file = make_elf(0x10100, {note, kText, empty, kData, stack});
  Result<ElfImage> image = parse_elf(file, kLimits);
  REQUIRE(image.ok());
  CHECK(image->count == 2);
}

TEST_CASE("segments in neighbouring pages and unaligned segments are accepted") {
  const Seg next_page{kR | kW, 0x1000, 0x11000, 0x10, 0x10};
  CHECK(parse_elf(make_elf(0x10ffe, {kText, next_page}), kLimits).ok());
  const Seg unaligned{kR | kW, 0x2003, 0x12007, 0x10, 0x10, 1};
  CHECK(parse_elf(make_elf(0x10000, {kText, unaligned}), kLimits).ok());
  const Seg at_top{kR | kW, 0x2000, 0x4000000000 - 0x1000, 0x10, 0x1000};
  CHECK(parse_elf(make_elf(0x10000, {kText, at_top}), kLimits).ok());
}

TEST_CASE("a corrupt ELF header is Malformed") {
  auto patched = [](size_t at, uint64_t value, size_t bytes) {
    Bytes file = valid_elf();
    put_le(file, at, value, bytes);
    return error_of(file);
  };
  CHECK(patched(0, 0x7e, 1) == Error::Malformed);   // magic
  CHECK(patched(3, 'G', 1) == Error::Malformed);
  CHECK(patched(4, 1, 1) == Error::Malformed);      // ELFCLASS32
  CHECK(patched(5, 2, 1) == Error::Malformed);      // big-endian
  CHECK(patched(6, 0, 1) == Error::Malformed);      // ident version
  CHECK(patched(16, 3, 2) == Error::Malformed);     // ET_DYN
  CHECK(patched(16, 1, 2) == Error::Malformed);     // ET_REL
  CHECK(patched(18, 62, 2) == Error::Malformed);    // EM_X86_64
  CHECK(patched(20, 0, 4) == Error::Malformed);     // e_version
  CHECK(patched(54, 32, 2) == Error::Malformed);    // phentsize
  CHECK(patched(32, 0x3000 - 56, 8) == Error::Malformed);           // table past the end
  CHECK(patched(32, UINT64_MAX - 8, 8) == Error::Malformed);        // phoff + size overflows
  CHECK(patched(56, 0xffff, 2) == Error::Malformed);                // phnum past the end
  CHECK(patched(56, 0, 2) == Error::Malformed);                     // no segments at all
  CHECK(error_of(Bytes(63)) == Error::Malformed);
  CHECK(error_of(Bytes{}) == Error::Malformed);
  Bytes short_file = valid_elf();
  short_file.resize(64);
  CHECK(error_of(short_file) == Error::Malformed);
}

TEST_CASE("inconsistent segments are rejected") {
  const uint64_t huge = UINT64_MAX;
  SUBCASE("file range past the end or wrapping") {
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0x12000, 0x1001, 0x2000}}) == Error::Malformed);
    CHECK(error_with(0x10100, {kText, {kR, 0x3001, 0x12000, 0, 0x1000}}) == Error::Malformed);
    CHECK(error_with(0x10100, {kText, {kR, 0x10, 0x12010, huge - 8, huge - 8, 1}}) == Error::Malformed);
  }
  SUBCASE("filesz > memsz") {
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0x12000, 0x800, 0x7ff}}) == Error::Malformed);
  }
  SUBCASE("memory outside the user range or wrapping") {
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0xf000, 0x10, 0x10}}) == Error::OutOfRange);
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0x4000000000 - 0x1000, 0x10, 0x1001}}) ==
          Error::OutOfRange);
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, huge - 0xfff, 0x10, 0x2000}}) == Error::OutOfRange);
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0x12000, 0x10, huge - 0x10}}) == Error::OutOfRange);
  }
  SUBCASE("bad alignment") {
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0x12000, 0x10, 0x10, 0x3000}}) == Error::Malformed);
    CHECK(error_with(0x10100, {kText, {kR, 0x2000, 0x12010, 0x10, 0x10}}) == Error::Malformed);
  }
  SUBCASE("overlap at page granularity") {
    CHECK(error_with(0x10100, {kText, {kR | kW, 0x0, 0x10000, 0x10, 0x10}}) == Error::Malformed);
    CHECK(error_with(0x10100, {kText, {kR | kW, 0x2ff0, 0x10ff0, 0x10, 0x10}}) == Error::Malformed);
    CHECK(error_with(0x10100, {{kR | kW, 0x2000, 0x11000, 0, 0x2000}, kText,
                               {kR | kX, 0x1000, 0x12000, 0x10, 0x10}}) == Error::Malformed);
  }
  SUBCASE("writable and executable at once") {
    CHECK(error_with(0x10100, {{kR | kW | kX, 0x1000, 0x10000, 0x100, 0x100}}) == Error::AccessDenied);
    CHECK(error_with(0x10100, {kText, {kW | kX, 0x2000, 0x12000, 0x10, 0x10}}) == Error::AccessDenied);
  }
  SUBCASE("entry point outside executable memory") {
    CHECK(error_with(0x12000, {kText, kData}) == Error::Malformed);   // in the data segment
    CHECK(error_with(0x11000, {kText, kData}) == Error::Malformed);   // just past the text
    CHECK(error_with(0xfffe, {kText, kData}) == Error::Malformed);
  }
  SUBCASE("no loadable segment or an interpreter") {
    CHECK(error_with(0x10100, {{kR, 0x100, 0, 0x20, 0x20, 4, 4}}) == Error::Malformed);
    CHECK(error_with(0x10100, {{kR, 0x2000, 0x12000, 0, 0}}) == Error::Malformed);
    CHECK(error_with(0x10100, {{kR, 0x200, 0, 0x10, 0x10, 1, kInterp}, kText}) == Error::Malformed);
  }
}

TEST_CASE("segment count is limited") {
  std::vector<Seg> segs = {kText};
  for (uint64_t i = 1; i < 9; ++i) segs.push_back({kR, 0x1000, 0x10000 + 0x1000 * i, 0x10, 0x10});
  CHECK(error_with(0x10000, segs) == Error::TooLarge);  // 9 > kMaxSegments
  segs.pop_back();
  CHECK(parse_elf(make_elf(0x10000, segs), kLimits).ok());
  CHECK(error_of(make_elf(0x10000, segs), {0x10000, 0x4000000000, 7}) == Error::TooLarge);
  CHECK(parse_elf(make_elf(0x10000, segs), {0x10000, 0x4000000000, 100}).ok());
  CHECK(error_of(valid_elf(), {0x10000, 0x4000000000, 0}) == Error::InvalidArgument);
  CHECK(error_of(valid_elf(), {0x20000, 0x10000, 8}) == Error::InvalidArgument);
}

TEST_CASE("every prefix and many mutations of a valid file are handled") {
  const Bytes file = valid_elf();
  for (size_t length = 0; length < file.size(); ++length) {
    const Bytes prefix(file.begin(), file.begin() + length);
    // The data segment's file bytes end at 0x2800.
    CHECK((error_of(prefix) == Error::Malformed) == (length < 0x2800));
  }
  std::mt19937 rng(4242);
  for (int round = 0; round < 20000; ++round) {
    Bytes b = file;
    const int flips = 1 + int(rng() % 6);
    // Damage lands in the headers, where it matters.
    for (int i = 0; i < flips; ++i) b[rng() % (64 + 2 * 56)] = uint8_t(rng());
    parse_any(b);
  }
  for (int round = 0; round < 2000; ++round) {
    Bytes b(rng() % 512);
    for (auto& byte : b) byte = uint8_t(rng());
    if (b.size() >= 8) std::copy_n(file.begin(), 8, b.begin());
    parse_any(b);
  }
}

TEST_CASE("a real RISC-V executable from the build parses") {
  const char* path = std::getenv("TESSERA_TEST_ELF");
  if (path == nullptr) {
    MESSAGE("TESSERA_TEST_ELF not set; skipping the real-file check");
    return;
  }
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  const Bytes file((std::istreambuf_iterator<char>(in)), {});
  const ElfLimits limits{0x1000, 0x4000000000, 8};  // Sv39's lower half
  Result<ElfImage> image = parse_elf(file, limits);
  REQUIRE(image.error() == Error::Ok);
  uint64_t entry = 0;
  for (int i = 7; i >= 0; --i) entry = entry << 8 | file[24 + i];
  CHECK(image->entry == entry);
  parse_any(file, limits);
  for (size_t length = 0; length < file.size(); length += 1 + length / 64) {
    parse_any(Bytes(file.begin(), file.begin() + length), limits);
  }
}
