// Host tests of the loader's plan (libipc/ipc/load_plan.h): the pages and
// access each ELF segment gets, and the name a new process is given.
#include <doctest/doctest.h>

#include "abi/syscall.h"
#include "ipc/load_plan.h"

using namespace ipc;

namespace {

tessera::ElfSegment segment(uint64_t vaddr, uint64_t memsz, bool r, bool w, bool x) {
  return tessera::ElfSegment{vaddr, memsz, 0, memsz, r, w, x};
}

}  // namespace

TEST_CASE("LoadPlan.SegmentCoversEveryPageItTouches") {
  SegmentMapping m = mapping_of(segment(0x10ff0, 0x20, true, false, true));
  CHECK(m.start == 0x10000);
  CHECK(m.size == 0x2000);
  CHECK(m.prot == (abi::kProtRead | abi::kProtExec));
}

TEST_CASE("LoadPlan.PageAlignedSegmentTakesExactlyItsPages") {
  SegmentMapping m = mapping_of(segment(0x20000, 0x3000, true, true, false));
  CHECK(m.start == 0x20000);
  CHECK(m.size == 0x3000);
  CHECK(m.prot == (abi::kProtRead | abi::kProtWrite));
}

TEST_CASE("LoadPlan.SegmentWithoutAccessIsMappedReadable") {
  CHECK(mapping_of(segment(0x30000, 1, false, false, false)).prot == abi::kProtRead);
}

TEST_CASE("LoadPlan.ProgramNameIsTheLastComponent") {
  CHECK(program_name("/bin/ls") == "ls");
  CHECK(program_name("bin/init") == "init");
  CHECK(program_name("ktest") == "ktest");
  CHECK(program_name("/bin/") == "");
}

TEST_CASE("LoadPlan.ReadOnlySegmentsAreSharedFromTheFilesPages") {
  tessera::ElfSegment text{0x10120, 0x5000, 0x120, 0x5000, true, false, true};
  CHECK(shareable(text));
  CHECK(shared_offset(text) == 0);
  SegmentMapping m = mapping_of(text);
  // The mapping's pages are the file's pages from shared_offset on.
  CHECK(m.start - shared_offset(text) == text.vaddr - text.offset);
  tessera::ElfSegment rodata{0x16040, 0x800, 0x6040, 0x800, true, false, false};
  CHECK(shareable(rodata));
  CHECK(shared_offset(rodata) == 0x6000);
}

TEST_CASE("LoadPlan.WrittenOrZeroFilledOrMisplacedSegmentsAreCopied") {
  CHECK_FALSE(shareable({0x20000, 0x1000, 0x7000, 0x1000, true, true, false}));  // data: written
  CHECK_FALSE(shareable({0x20000, 0x2000, 0x7000, 0x1000, true, false, false}));  // a zero tail (bss)
  CHECK_FALSE(shareable({0x20010, 0x1000, 0x7000, 0x1000, true, false, true}));   // not at its file place in a page
  CHECK_FALSE(shareable({0x20000, 0, 0x7000, 0, true, false, false}));            // nothing in the file
}
