// Host tests of the loader's initial-stack builder (libipc): the image is read back the
// way crt0 and getauxval read it, from sp up.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "abi/syscall.h"
#include "ipc/stack_image.h"

using namespace ipc;

namespace {

constexpr uint64_t kTop = 0x3ffffff000;

// What a program finds on its stack.
struct Parsed {
  std::vector<std::string> argv, envp;
  std::vector<std::pair<uint64_t, uint64_t>> auxv;
  std::vector<uint32_t> handles;
};

struct Built {
  std::vector<uint8_t> bytes;
  StackImage image;

  uint64_t word(uint64_t address) const {
    REQUIRE(address >= image.sp);
    REQUIRE(address + 8 <= kTop);
    uint64_t v;
    std::memcpy(&v, bytes.data() + (address - image.sp), 8);
    return v;
  }
  std::string string(uint64_t address) const {
    REQUIRE(address >= image.sp);
    REQUIRE(address < kTop);
    const char* p = reinterpret_cast<const char*>(bytes.data() + (address - image.sp));
    size_t n = strnlen(p, kTop - address);
    REQUIRE(address + n < kTop);  // terminated inside the image
    return std::string(p, n);
  }
};

Built build(std::string argv, std::string envp, std::vector<uint32_t> handles, size_t capacity = 32 * 1024) {
  Built b;
  b.bytes.assign(capacity, 0xcc);
  StackContents c{{argv.data(), argv.size()}, {envp.data(), envp.size()}, handles, kTop};
  auto image = build_stack_image(c, b.bytes);
  REQUIRE(image.ok());
  b.image = *image;
  REQUIRE(b.image.size == kTop - b.image.sp);
  REQUIRE(b.image.size <= capacity);
  return b;
}

Parsed parse(const Built& b) {
  Parsed p;
  uint64_t at = b.image.sp;
  uint64_t argc = b.word(at);
  at += 8;
  for (uint64_t i = 0; i < argc; ++i, at += 8) p.argv.push_back(b.string(b.word(at)));
  CHECK(b.word(at) == 0);
  at += 8;
  for (; b.word(at) != 0; at += 8) p.envp.push_back(b.string(b.word(at)));
  at += 8;
  for (;; at += 16) {
    uint64_t key = b.word(at), value = b.word(at + 8);
    p.auxv.push_back({key, value});
    if (key == kAuxNull) break;
  }
  uint64_t handles = 0, count = 0;
  for (auto [key, value] : p.auxv) {
    if (key == abi::kAuxHandles) handles = value;
    if (key == abi::kAuxHandleCount) count = value;
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t h;
    REQUIRE(handles + 4 * (i + 1) <= kTop);
    std::memcpy(&h, b.bytes.data() + (handles + 4 * i - b.image.sp), 4);
    p.handles.push_back(h);
  }
  return p;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("StackImage.ArgvEnvpAndHandlesReadBackAsCrt0SeesThem") {
  Built b = build(std::string("/bin/ktest\0args\0two words\0", 26), std::string("HOME=/\0TERM=vt100\0", 18),
                  {7, 9});
  CHECK(b.image.sp % 16 == 0);
  Parsed p = parse(b);
  CHECK(p.argv == Strings{"/bin/ktest", "args", "two words"});
  CHECK(p.envp == Strings{"HOME=/", "TERM=vt100"});
  CHECK(p.handles == std::vector<uint32_t>{7, 9});
  REQUIRE(p.auxv.size() == 4);
  CHECK(p.auxv[0] == std::pair<uint64_t, uint64_t>{kAuxPageSize, 4096});
  CHECK(p.auxv[3].first == kAuxNull);
}

TEST_CASE("StackImage.MissingFinalNulIsSupplied") {
  Parsed p = parse(build(std::string("a\0bc", 4), "X=1", {}));
  CHECK(p.argv == Strings{"a", "bc"});
  CHECK(p.envp == Strings{"X=1"});
}

TEST_CASE("StackImage.EmptyStringsAreArguments") {
  Parsed p = parse(build(std::string("a\0\0b\0", 5), "", {}));
  CHECK(p.argv == Strings{"a", "", "b"});
  CHECK(p.envp.empty());
}

TEST_CASE("StackImage.NoHandlesMeansNoHandlePairs") {
  Parsed p = parse(build(std::string("x\0", 2), "", {}));
  CHECK(p.handles.empty());
  CHECK(p.auxv.size() == 2);
}

TEST_CASE("StackImage.EmptyArgvGivesArgcZero") {
  Parsed p = parse(build("", "", {1}));
  CHECK(p.argv.empty());
  CHECK(p.handles == std::vector<uint32_t>{1});
}

TEST_CASE("StackImage.StringsSitAtTheTopAndNothingLiesAboveIt") {
  Built b = build(std::string("abc\0", 4), "", {5});
  Parsed p = parse(b);
  // The last string ends within 16 bytes of the top.
  uint64_t argv0 = b.word(b.image.sp + 8);
  CHECK(kTop - argv0 <= 16 + 4);
}

TEST_CASE("StackImage.TooSmallBufferIsTooLarge") {
  std::string argv(2000, 'a');
  std::vector<uint8_t> out(1024);
  StackContents c{{argv.data(), argv.size()}, {}, {}, kTop};
  CHECK(build_stack_image(c, out).error() == Error::TooLarge);
}

TEST_CASE("StackImage.MisalignedOrLowTopIsInvalid") {
  std::vector<uint8_t> out(4096);
  std::string argv("a");
  StackContents c{{argv.data(), argv.size()}, {}, {}, kTop + 8};
  CHECK(build_stack_image(c, out).error() == Error::InvalidArgument);
  c.stack_top = 32;
  CHECK(build_stack_image(c, out).error() == Error::InvalidArgument);
}

TEST_CASE("StackImage.ManyArgumentsFitTheProtocolLimits") {
  // idl/procmgr.capnp bounds argv at 1536 bytes and envp at 1024: the
  // worst case (every string empty) must fit the loader's 32 KiB buffer.
  std::string argv(1536, '\0'), envp(1024, '\0');
  Parsed p = parse(build(argv, envp, {1, 2}));
  CHECK(p.argv.size() == 1536);
  CHECK(p.envp.size() == 1024);
}

TEST_CASE("StackImage.CountStrings") {
  CHECK(count_strings({}) == 0);
  CHECK(count_strings({"a", 1}) == 1);
  CHECK(count_strings({"a\0", 2}) == 1);
  CHECK(count_strings({"\0", 1}) == 1);
  CHECK(count_strings({"a\0b", 3}) == 2);
}

TEST_CASE("StackImage.TimebaseIsPassedWhenKnown") {
  std::string argv("x\0", 2);
  std::vector<uint8_t> bytes(32 * 1024, 0xcc);
  StackContents c{{argv.data(), argv.size()}, {}, {}, kTop};
  c.timebase = 10'000'000;
  auto image = build_stack_image(c, bytes);
  REQUIRE(image.ok());
  Built b{bytes, *image};
  Parsed p = parse(b);
  REQUIRE(p.auxv.size() == 3);
  CHECK(p.auxv[1] == std::pair<uint64_t, uint64_t>{abi::kAuxTimebase, 10'000'000});
  CHECK(p.auxv[2].first == kAuxNull);
}

TEST_CASE("StackImage.InheritanceHandleIsNamedWhenPassed") {
  std::string argv("x\0", 2);
  std::vector<uint8_t> bytes(32 * 1024, 0xcc);
  const uint32_t handles[] = {11, 12, 13};
  StackContents c{{argv.data(), argv.size()}, {}, handles, kTop};
  c.inheritance = 13;
  auto image = build_stack_image(c, bytes);
  REQUIRE(image.ok());
  Built b{bytes, *image};
  Parsed p = parse(b);
  REQUIRE(p.auxv.size() == 5);
  CHECK(p.auxv[1] == std::pair<uint64_t, uint64_t>{abi::kAuxInheritance, 13});
  CHECK(p.auxv[2].first == abi::kAuxHandles);
  CHECK(p.auxv[3] == std::pair<uint64_t, uint64_t>{abi::kAuxHandleCount, 3});
  CHECK(p.auxv[4].first == kAuxNull);
}

TEST_CASE("StackImage.MemoryFramesAndBootArchiveAreNamedWhenPassed") {
  std::string argv("x\0", 2);
  std::vector<uint8_t> bytes(32 * 1024, 0xcc);
  StackContents c{{argv.data(), argv.size()}, {}, {}, kTop};
  c.memory_frames = 32768;
  c.boot_archive = 7;
  c.boot_archive_size = 123456;
  auto image = build_stack_image(c, bytes);
  REQUIRE(image.ok());
  Built b{bytes, *image};
  Parsed p = parse(b);
  REQUIRE(p.auxv.size() == 5);
  CHECK(p.auxv[1] == std::pair<uint64_t, uint64_t>{abi::kAuxMemoryFrames, 32768});
  CHECK(p.auxv[2] == std::pair<uint64_t, uint64_t>{abi::kAuxBootArchive, 7});
  CHECK(p.auxv[3] == std::pair<uint64_t, uint64_t>{abi::kAuxBootArchiveSize, 123456});
  CHECK(p.auxv[4].first == kAuxNull);
}

TEST_CASE("StackImage.DebugConsoleIsNamedWhenPassed") {
  std::string argv("x\0", 2);
  std::vector<uint8_t> bytes(32 * 1024, 0xcc);
  StackContents c{{argv.data(), argv.size()}, {}, {}, kTop};
  c.debug_console = 0x100005;
  auto image = build_stack_image(c, bytes);
  REQUIRE(image.ok());
  Built b{bytes, *image};
  Parsed p = parse(b);
  REQUIRE(p.auxv.size() == 3);
  CHECK(p.auxv[1] == std::pair<uint64_t, uint64_t>{abi::kAuxDebugConsole, 0x100005});
  CHECK(p.auxv[2].first == kAuxNull);
}

TEST_CASE("StackImage.EveryAuxPairAtOnceLeavesHandlesAndStringsIntact") {
  // Each optional pair takes room below the handle array: one the layout
  // did not reserve would overwrite the handles (as kAuxReady once did).
  std::string argv("/bin/rtc\0", 9);
  std::vector<uint8_t> bytes(32 * 1024, 0xcc);
  const uint32_t handles[] = {21, 22, 23, 24};
  StackContents c{{argv.data(), argv.size()}, {}, handles, kTop};
  c.timebase = 10'000'000;
  c.memory_frames = 32768;
  c.inheritance = 24;
  c.boot_archive = 7;
  c.boot_archive_size = 123456;
  c.debug_console = 26;
  c.ready = 25;
  auto image = build_stack_image(c, bytes);
  REQUIRE(image.ok());
  Built b{bytes, *image};
  Parsed p = parse(b);
  CHECK(p.argv == Strings{"/bin/rtc"});
  CHECK(p.handles == std::vector<uint32_t>{21, 22, 23, 24});
  REQUIRE(p.auxv.size() == 11);
  CHECK(p.auxv[6] == std::pair<uint64_t, uint64_t>{abi::kAuxDebugConsole, 26});
  CHECK(p.auxv[7] == std::pair<uint64_t, uint64_t>{abi::kAuxReady, 25});
  CHECK(p.auxv[8].first == abi::kAuxHandles);
  CHECK(p.auxv[10].first == kAuxNull);
}

TEST_CASE("StackImage.ReadyEndIsNamedOnlyWhenPassed") {
  std::string argv("x\0", 2);
  std::vector<uint8_t> bytes(32 * 1024, 0xcc);
  StackContents c{{argv.data(), argv.size()}, {}, {}, kTop};
  c.ready = 5;
  auto image = build_stack_image(c, bytes);
  REQUIRE(image.ok());
  Parsed with = parse(Built{bytes, *image});
  REQUIRE(with.auxv.size() == 3);
  CHECK(with.auxv[1] == std::pair<uint64_t, uint64_t>{abi::kAuxReady, 5});
  c.ready = 0;
  auto without = build_stack_image(c, bytes);
  REQUIRE(without.ok());
  CHECK(parse(Built{bytes, *without}).auxv.size() == 2);
}
