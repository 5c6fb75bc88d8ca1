// The checks procmgr makes on a spawnLarge's blocks, which a hostile
// client wrote, and libc's packing of them (ipc/spawn_arguments.h).
#include "ipc/spawn_arguments.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

std::span<const char> span_of(const std::string& s) { return {s.data(), s.size()}; }

}  // namespace

TEST_CASE("well-formed blocks pass, empty ones too") {
  std::string argv("echo\0hi\0", 8), envp("PATH=/bin\0", 10);
  CHECK(ipc::check_arguments(span_of(argv), span_of(envp)).ok());
  CHECK(ipc::check_arguments({}, {}).ok());
  CHECK(ipc::argument_bytes(span_of(argv), span_of(envp)) == 18 + 3 * 8);
}

TEST_CASE("an unterminated last string is refused, in either block") {
  std::string good("a\0", 2), open_end("a\0b", 3);
  CHECK(ipc::check_arguments(span_of(open_end), span_of(good)).error() == Error::InvalidArgument);
  CHECK(ipc::check_arguments(span_of(good), span_of(open_end)).error() == Error::InvalidArgument);
  std::string no_nul(100, 'x');
  CHECK(ipc::check_arguments(span_of(no_nul), {}).error() == Error::InvalidArgument);
}

TEST_CASE("ARG_MAX counts the strings and a pointer for each") {
  // n one-byte strings ("\0") cost 9 bytes each.
  size_t fit = ipc::kArgMax / 9;
  std::string at_limit(fit, '\0'), past(fit + 1, '\0');
  CHECK(ipc::check_arguments(span_of(at_limit), {}).ok());
  CHECK(ipc::check_arguments(span_of(past), {}).error() == Error::TooLarge);
  // Split across both blocks, the sum counts.
  std::string half(fit / 2 + 1, '\0');
  CHECK(ipc::check_arguments(span_of(half), span_of(half)).error() == Error::TooLarge);
  // One long string within the limit.
  std::string long_one(ipc::kArgMax - 9, 'y');
  long_one += '\0';
  CHECK(ipc::check_arguments(span_of(long_one), {}).ok());
}

TEST_CASE("packing: strings with their NULs, and a full buffer is reported") {
  const char* strings[] = {"seq", "1", "20000", nullptr};
  char out[16];
  size_t n = ipc::pack_strings(strings, out);
  REQUIRE(n == 12);
  CHECK(std::string(out, n) == std::string("seq\0" "1\0" "20000\0", 12));
  CHECK(ipc::packed_bytes(strings) == 12);
  CHECK(ipc::packed_cost(strings) == 12 + 3 * 8);
  char small[11];
  CHECK(ipc::pack_strings(strings, small) == SIZE_MAX);
  CHECK(ipc::pack_strings(nullptr, out) == 0);
  const char* none[] = {nullptr};
  CHECK(ipc::pack_strings(none, out) == 0);
  CHECK(ipc::packed_cost(nullptr) == 0);
}

TEST_CASE("what packing makes, the check accepts, and the stack image holds") {
  std::vector<std::string> words;
  for (int i = 1; i <= 20000; ++i) words.push_back(std::to_string(i));
  std::vector<const char*> pointers;
  for (auto& w : words) pointers.push_back(w.c_str());
  pointers.push_back(nullptr);
  std::vector<char> block(ipc::kArgMax);
  size_t n = ipc::pack_strings(pointers.data(), block);
  REQUIRE(n != SIZE_MAX);
  std::span<const char> argv(block.data(), n);
  REQUIRE(ipc::check_arguments(argv, {}).ok());
  std::vector<uint8_t> image(ipc::argument_bytes(argv, {}) + ipc::kStackImageOverhead);
  uint32_t handles[3] = {1, 2, 3};
  ipc::StackContents contents{argv, {}, handles, 0x4000000000};
  contents.timebase = 10000000;
  contents.memory_frames = 1;
  contents.inheritance = 3;
  contents.boot_archive = 4;
  contents.boot_archive_size = 5;
  auto built = ipc::build_stack_image(contents, image);
  REQUIRE(built.ok());
  uint64_t argc;
  memcpy(&argc, image.data(), 8);
  CHECK(argc == 20000);
}
