// Host tests of procmgr's image cache: what finds an image again, what
// never does (another spawner, a changed file), eviction and release.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "../../servers/procmgr/image_cache.h"

using namespace procmgr;

namespace {

std::vector<uint64_t> released;
void record_release(const CachedImage& image) { released.push_back(image.address); }

constexpr ProgramIdentity kFile{7, 5000, 0, 3};

CachedImage image_at(uint64_t address, uint64_t mapped = 8192) { return {address, mapped, mapped - 100}; }

}  // namespace

TEST_CASE("ImageCache.FindsWhatTheSameOwnerReadFromTheSameFile") {
  released.clear();
  ImageCache cache(record_release);
  CachedImage image = image_at(0x1000);
  image.elf.entry = 0x10158;  // what parse_elf found when it was read
  image.elf.count = 1;
  cache.insert(4, "/bin/true", kFile, image);
  const CachedImage* hit = cache.find(4, "/bin/true", kFile);
  REQUIRE(hit != nullptr);
  CHECK(hit->address == 0x1000);
  // A spawn from the cache loads the segments found then, unparsed.
  CHECK(hit->elf.entry == 0x10158);
  CHECK(hit->elf.count == 1);
  CHECK(released.empty());
}

TEST_CASE("ImageCache.AnotherOwnerOrPathNeverFindsIt") {
  released.clear();
  ImageCache cache(record_release);
  cache.insert(4, "/bin/true", kFile, image_at(0x1000));
  CHECK(cache.find(5, "/bin/true", kFile) == nullptr);
  CHECK(cache.find(4, "/bin/tru", kFile) == nullptr);
  CHECK(cache.find(4, "/bin/truex", kFile) == nullptr);
}

TEST_CASE("ImageCache.AChangedFileIsReadAgain") {
  released.clear();
  ImageCache cache(record_release);
  cache.insert(4, "/tmp/p", kFile, image_at(0x1000));
  ProgramIdentity rewritten = kFile;
  rewritten.generation = 9;
  CHECK(cache.find(4, "/tmp/p", rewritten) == nullptr);
  ProgramIdentity other_inode = kFile;
  other_inode.inode = 8;
  CHECK(cache.find(4, "/tmp/p", other_inode) == nullptr);
  ProgramIdentity touched = kFile;
  touched.mtime = 1;
  CHECK(cache.find(4, "/tmp/p", touched) == nullptr);
  // The new version replaces the old one, which is released.
  cache.insert(4, "/tmp/p", rewritten, image_at(0x2000));
  CHECK(cache.size() == 1);
  REQUIRE(released.size() == 1);
  CHECK(released[0] == 0x1000);
  CHECK(cache.find(4, "/tmp/p", rewritten)->address == 0x2000);
}

TEST_CASE("ImageCache.AFileSystemWithoutGenerationsIsNeverCached") {
  released.clear();
  ImageCache cache(record_release);
  ProgramIdentity fat = kFile;
  fat.generation = 0;
  CHECK_FALSE(ImageCache::cacheable("/disk/p", fat));
  cache.insert(4, "/disk/p", fat, image_at(0x1000));
  CHECK(cache.find(4, "/disk/p", fat) == nullptr);
  REQUIRE(released.size() == 1);
  CHECK(cache.size() == 0);
}

TEST_CASE("ImageCache.EvictsTheLeastRecentlyUsedAtTheEntryLimit") {
  released.clear();
  ImageCache cache(record_release);
  for (uint64_t i = 0; i < ImageCache::kEntries; ++i) {
    ProgramIdentity id = kFile;
    id.inode = i;
    cache.insert(1, "/bin/p" + std::to_string(i), id, image_at(0x1000 * (i + 1)));
  }
  ProgramIdentity first = kFile;
  first.inode = 0;
  REQUIRE(cache.find(1, "/bin/p0", first) != nullptr);  // now the most recent
  ProgramIdentity extra = kFile;
  extra.inode = 99;
  cache.insert(1, "/bin/extra", extra, image_at(0x99000));
  CHECK(cache.size() == ImageCache::kEntries);
  REQUIRE(released.size() == 1);
  CHECK(released[0] == 0x2000);  // /bin/p1
  CHECK(cache.find(1, "/bin/p0", first) != nullptr);
}

TEST_CASE("ImageCache.StaysWithinItsBytes") {
  released.clear();
  ImageCache cache(record_release);
  uint64_t half = ImageCache::kMaxBytes / 2;
  cache.insert(1, "/a", kFile, image_at(0x1000, half));
  cache.insert(1, "/b", kFile, image_at(0x2000, half));
  CHECK(cache.bytes() == ImageCache::kMaxBytes);
  cache.insert(1, "/c", kFile, image_at(0x3000, 4096));
  CHECK(cache.bytes() == half + 4096);
  REQUIRE(released.size() == 1);
  CHECK(released[0] == 0x1000);
  // Too big to keep at all: released at once, nothing else evicted.
  cache.insert(1, "/huge", kFile, image_at(0x4000, ImageCache::kMaxBytes + 4096));
  CHECK(released.back() == 0x4000);
  CHECK(cache.size() == 2);
}

TEST_CASE("ImageCache.ForgetReleasesAllOfAnOwner") {
  released.clear();
  ImageCache cache(record_release);
  cache.insert(1, "/a", kFile, image_at(0x1000));
  cache.insert(2, "/a", kFile, image_at(0x2000));
  cache.insert(1, "/b", kFile, image_at(0x3000));
  cache.forget(1);
  CHECK(released.size() == 2);
  CHECK(cache.size() == 1);
  CHECK(cache.bytes() == 8192);
  CHECK(cache.find(2, "/a", kFile) != nullptr);
}

TEST_CASE("ImageCache.MakeRoomDropsTheStaleVersionAndTheOldestFirst") {
  released.clear();
  ImageCache cache(record_release);
  uint64_t half = ImageCache::kMaxBytes / 2;
  cache.insert(1, "/a", kFile, image_at(0x1000, half));
  cache.insert(1, "/b", kFile, image_at(0x2000, 4096));
  cache.insert(1, "/c", kFile, image_at(0x3000, 4096));
  cache.make_room(1, "/b", 4096);  // /b is being read again: its old image goes
  REQUIRE(released.size() == 1);
  CHECK(released[0] == 0x2000);
  cache.make_room(1, "/d", half);  // the oldest (/a) makes the bytes
  REQUIRE(released.size() == 2);
  CHECK(released[1] == 0x1000);
  CHECK(cache.size() == 1);
  // Another owner's same path is not its older version.
  cache.make_room(2, "/c", 4096);
  CHECK(cache.size() == 1);
}
