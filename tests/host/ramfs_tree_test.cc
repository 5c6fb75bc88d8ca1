// Host tests of the ramfs tree (servers/ramfs/tree.h) and of loading the
// boot archive into it (servers/ramfs/bootfs.h): every operation and each
// of its errors, sparse and large files, rename, nodes that outlive their
// names while open, and random operation sequences checked against a
// simple model.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../../servers/ramfs/bootfs.h"
#include "../../servers/ramfs/node.h"
#include "../../servers/ramfs/tree.h"
#include "ipc/attribute_bits.h"
#include "ipc/open_flags.h"

using namespace ramfs;
namespace flags = ipc::open_flags;

namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint32_t kCreateRw = flags::kReadWrite | flags::kCreate;

Error open_error(Tree& tree, const std::string& path, uint32_t open_flags) {
  auto node = tree.open(path, open_flags, 0644);
  if (node) tree.close(*node);
  return node.error();
}

// Creates (or opens) path and writes data at offset.
void put(Tree& tree, const std::string& path, const std::string& data, uint64_t offset = 0) {
  auto node = tree.open(path, kCreateRw, 0644);
  REQUIRE(node.ok());
  auto written = tree.write(**node, offset, {reinterpret_cast<const uint8_t*>(data.data()), data.size()});
  REQUIRE(written.ok());
  CHECK(*written == data.size());
  tree.close(*node);
}

std::string read_all(Tree& tree, Node& node) {
  std::string out(Tree::stat(node).size, '?');
  auto n = tree.read(node, 0, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
  REQUIRE(n.ok());
  out.resize(*n);
  return out;
}

std::string get(Tree& tree, const std::string& path) {
  auto node = tree.open(path, flags::kReadOnly, 0);
  REQUIRE(node.ok());
  std::string out = read_all(tree, **node);
  tree.close(*node);
  return out;
}

std::vector<std::string> list(Tree& tree, const std::string& path) {
  auto node = tree.open(path, flags::kReadOnly | flags::kDirectory, 0);
  REQUIRE(node.ok());
  std::vector<std::string> names;
  for (uint32_t i = 0;; ++i) {
    auto entry = tree.readdir(**node, i);
    if (!entry) {
      CHECK(entry.error() == Error::OutOfRange);
      break;
    }
    names.emplace_back(entry->name);
  }
  tree.close(*node);
  return names;
}

bool exists(Tree& tree, const std::string& path) { return tree.stat(path).ok(); }

}  // namespace

TEST_CASE("a new tree holds only the root directory") {
  Tree tree;
  auto root = tree.stat("");
  REQUIRE(root.ok());
  CHECK(root->kind == NodeKind::Directory);
  CHECK(root->inode == 1);
  CHECK(root->size == 0);
  CHECK(root->links == 2);
  CHECK(list(tree, "").empty());
  CHECK(tree.live_nodes() == 1);
}

TEST_CASE("open creates a file only with O_CREAT") {
  Tree tree;
  CHECK(open_error(tree, "f", flags::kReadOnly) == Error::NotFound);
  CHECK(open_error(tree, "f", flags::kReadWrite) == Error::NotFound);
  auto node = tree.open("f", flags::kWriteOnly | flags::kCreate, 0640);
  REQUIRE(node.ok());
  NodeStat s = Tree::stat(**node);
  CHECK(s.kind == NodeKind::File);
  CHECK(s.size == 0);
  CHECK(s.mode == 0640);
  CHECK(s.links == 1);
  CHECK(s.inode > 1);
  tree.close(*node);
  CHECK(open_error(tree, "f", flags::kReadOnly) == Error::Ok);
  CHECK(list(tree, "") == std::vector<std::string>{"f"});
}

TEST_CASE("O_CREAT keeps an existing file; with O_EXCL it is AlreadyExists") {
  Tree tree;
  put(tree, "f", "hello");
  CHECK(open_error(tree, "f", kCreateRw) == Error::Ok);
  CHECK(get(tree, "f") == "hello");
  CHECK(open_error(tree, "f", kCreateRw | flags::kExclusive) == Error::AlreadyExists);
  tree.mkdir("d", 0755).ok();
  CHECK(open_error(tree, "d", flags::kReadOnly | flags::kCreate | flags::kExclusive) == Error::AlreadyExists);
  CHECK(open_error(tree, "", flags::kReadOnly | flags::kCreate | flags::kExclusive) == Error::AlreadyExists);
  CHECK(open_error(tree, "g", kCreateRw | flags::kExclusive) == Error::Ok);
}

TEST_CASE("O_TRUNC empties a file opened for writing, not one opened read-only") {
  Tree tree;
  put(tree, "f", "contents");
  CHECK(open_error(tree, "f", flags::kReadOnly | flags::kTruncate) == Error::Ok);
  CHECK(get(tree, "f") == "contents");
  CHECK(open_error(tree, "f", flags::kWriteOnly | flags::kTruncate) == Error::Ok);
  CHECK(get(tree, "f").empty());
  CHECK(tree.allocated_blocks() == 0);
}

TEST_CASE("O_DIRECTORY opens directories only") {
  Tree tree;
  put(tree, "f", "x");
  REQUIRE(tree.mkdir("d", 0755).ok());
  CHECK(open_error(tree, "f", flags::kReadOnly | flags::kDirectory) == Error::NotDirectory);
  CHECK(open_error(tree, "d", flags::kReadOnly | flags::kDirectory) == Error::Ok);
  CHECK(open_error(tree, "", flags::kReadOnly | flags::kDirectory) == Error::Ok);
  CHECK(open_error(tree, "new", flags::kReadOnly | flags::kDirectory | flags::kCreate) == Error::InvalidArgument);
  CHECK(!exists(tree, "new"));
}

TEST_CASE("a directory opened for writing or truncation is IsDirectory") {
  Tree tree;
  REQUIRE(tree.mkdir("d", 0755).ok());
  CHECK(open_error(tree, "d", flags::kWriteOnly) == Error::IsDirectory);
  CHECK(open_error(tree, "d", flags::kReadWrite) == Error::IsDirectory);
  CHECK(open_error(tree, "d", kCreateRw) == Error::IsDirectory);
  CHECK(open_error(tree, "d", flags::kReadOnly | flags::kTruncate) == Error::IsDirectory);
  CHECK(open_error(tree, "", flags::kReadWrite) == Error::IsDirectory);
  CHECK(open_error(tree, "d", flags::kReadOnly) == Error::Ok);
}

TEST_CASE("an access mode of 3 is InvalidArgument") {
  Tree tree;
  CHECK(open_error(tree, "f", flags::kAccessMask | flags::kCreate) == Error::InvalidArgument);
  CHECK(!exists(tree, "f"));
}

TEST_CASE("paths: missing and file components, name length, malformed components") {
  Tree tree;
  REQUIRE(tree.mkdir("d", 0755).ok());
  put(tree, "d/f", "x");
  CHECK(tree.stat("missing/f").error() == Error::NotFound);
  CHECK(tree.stat("d/missing").error() == Error::NotFound);
  CHECK(tree.stat("d/f/g").error() == Error::NotDirectory);
  CHECK(open_error(tree, "d/f/g", kCreateRw) == Error::NotDirectory);
  CHECK(tree.mkdir("d/f/g", 0755).error() == Error::NotDirectory);
  CHECK(open_error(tree, "missing/g", kCreateRw) == Error::NotFound);

  std::string longest(kMaxName, 'n');
  CHECK(open_error(tree, longest, kCreateRw) == Error::Ok);
  CHECK(open_error(tree, longest + "n", kCreateRw) == Error::NameTooLong);
  CHECK(tree.mkdir("d/" + longest + "n", 0755).error() == Error::NameTooLong);
  CHECK(tree.stat(longest + "n/x").error() == Error::NameTooLong);

  for (const char* bad : {"/d", "d/", "d//f", ".", "..", "d/.", "d/../d", "./d", "/"}) {
    CAPTURE(bad);
    CHECK(tree.stat(bad).error() == Error::InvalidArgument);
    CHECK(open_error(tree, bad, kCreateRw) == Error::InvalidArgument);
    CHECK(tree.mkdir(bad, 0755).error() == Error::InvalidArgument);
  }
  CHECK(tree.stat(std::string("d\0f", 3)).error() == Error::InvalidArgument);
  CHECK(open_error(tree, std::string("a\0", 2), kCreateRw) == Error::InvalidArgument);
  CHECK(list(tree, "") == std::vector<std::string>{"d", longest});
}

TEST_CASE("mkdir creates directories and refuses names in use") {
  Tree tree;
  CHECK(tree.mkdir("a", 0700).ok());
  CHECK(tree.mkdir("a/b", 0755).ok());
  auto s = tree.stat("a");
  REQUIRE(s.ok());
  CHECK(s->kind == NodeKind::Directory);
  CHECK(s->mode == 0700);
  CHECK(s->links == 3);
  CHECK(s->size == 1);
  CHECK(tree.mkdir("a", 0755).error() == Error::AlreadyExists);
  put(tree, "f", "");
  CHECK(tree.mkdir("f", 0755).error() == Error::AlreadyExists);
  CHECK(tree.mkdir("", 0755).error() == Error::AlreadyExists);
  CHECK(tree.mkdir("x/y", 0755).error() == Error::NotFound);
  CHECK(tree.stat("").value().links == 3);
}

TEST_CASE("rmdir removes empty directories only") {
  Tree tree;
  REQUIRE(tree.mkdir("a", 0755).ok());
  REQUIRE(tree.mkdir("a/b", 0755).ok());
  put(tree, "f", "x");
  CHECK(tree.rmdir("a").error() == Error::NotEmpty);
  CHECK(tree.rmdir("f").error() == Error::NotDirectory);
  CHECK(tree.rmdir("missing").error() == Error::NotFound);
  CHECK(tree.rmdir("f/x").error() == Error::NotDirectory);
  CHECK(tree.rmdir("").error() == Error::Busy);
  CHECK(tree.rmdir("a/b").ok());
  CHECK(tree.rmdir("a").ok());
  CHECK(!exists(tree, "a"));
  CHECK(tree.live_nodes() == 2);
}

TEST_CASE("unlink removes files, not directories") {
  Tree tree;
  REQUIRE(tree.mkdir("d", 0755).ok());
  put(tree, "d/f", "data");
  CHECK(tree.unlink("d").error() == Error::IsDirectory);
  CHECK(tree.unlink("").error() == Error::IsDirectory);
  CHECK(tree.unlink("d/missing").error() == Error::NotFound);
  CHECK(tree.unlink("d/f/x").error() == Error::NotDirectory);
  CHECK(tree.unlink("d/f").ok());
  CHECK(tree.stat("d/f").error() == Error::NotFound);
  CHECK(tree.unlink("d/f").error() == Error::NotFound);
  CHECK(tree.live_nodes() == 2);
  CHECK(tree.allocated_blocks() == 0);
}

TEST_CASE("readdir lists entries in name order with stable indices") {
  Tree tree;
  for (const char* name : {"zeta", "alpha", "mid", "Beta", "alpha2"}) put(tree, name, "");
  REQUIRE(tree.mkdir("dir", 0755).ok());
  std::vector<std::string> expected = {"Beta", "alpha", "alpha2", "dir", "mid", "zeta"};
  CHECK(list(tree, "") == expected);
  CHECK(list(tree, "") == expected);

  auto root = tree.open("", flags::kReadOnly, 0);
  REQUIRE(root.ok());
  auto dir = tree.readdir(**root, 3);
  REQUIRE(dir.ok());
  CHECK(dir->name == "dir");
  CHECK(dir->kind == NodeKind::Directory);
  CHECK(tree.readdir(**root, 0).value().kind == NodeKind::File);
  CHECK(tree.readdir(**root, 6).error() == Error::OutOfRange);
  CHECK(tree.readdir(**root, UINT32_MAX).error() == Error::OutOfRange);
  tree.close(*root);

  auto file = tree.open("mid", flags::kReadOnly, 0);
  REQUIRE(file.ok());
  CHECK(tree.readdir(**file, 0).error() == Error::NotDirectory);
  tree.close(*file);
}

TEST_CASE("stat gives unique inodes, sizes and link counts") {
  Tree tree;
  put(tree, "a", "12345");
  put(tree, "b", "");
  REQUIRE(tree.mkdir("d", 0755).ok());
  auto a = tree.stat("a").value();
  auto b = tree.stat("b").value();
  auto d = tree.stat("d").value();
  CHECK(a.inode != b.inode);
  CHECK(a.inode != d.inode);
  CHECK(a.size == 5);
  CHECK(a.links == 1);
  CHECK(d.links == 2);
  // Inode numbers are not reused.
  REQUIRE(tree.unlink("b").ok());
  put(tree, "c", "");
  CHECK(tree.stat("c").value().inode > d.inode);
}

TEST_CASE("every change of a file's bytes gives it a new generation, nothing else does") {
  Tree tree;
  auto node = tree.open("f", kCreateRw, 0644);
  REQUIRE(node.ok());
  Node& f = **node;
  auto generation = [&] { return Tree::stat(f).generation; };
  std::vector<uint64_t> seen{generation()};
  CHECK(seen.back() != 0);
  const uint8_t bytes[] = {'a', 'b'};
  REQUIRE(tree.write(f, 0, bytes).ok());
  seen.push_back(generation());
  // The same bytes rewritten at the same size: still a change.
  REQUIRE(tree.write(f, 0, bytes).ok());
  seen.push_back(generation());
  REQUIRE(tree.truncate(f, 1).ok());
  seen.push_back(generation());
  for (size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] > seen[i - 1]);
  uint8_t out[2];
  REQUIRE(tree.read(f, 0, out).ok());
  tree.set_attributes(f, {ipc::attribute_bits::kMode, 0600, 0, 0});
  CHECK(generation() == seen.back());
  // A new file never takes an old generation, even a deleted file's.
  put(tree, "g", "x");
  CHECK(tree.stat("g").value().generation > seen.back());
}

TEST_CASE("read and write at offsets") {
  Tree tree;
  auto node = tree.open("f", kCreateRw, 0644);
  REQUIRE(node.ok());
  Node& f = **node;
  auto write = [&](uint64_t offset, const std::string& s) {
    return tree.write(f, offset, {reinterpret_cast<const uint8_t*>(s.data()), s.size()});
  };
  CHECK(write(0, "hello world").value() == 11);
  CHECK(write(6, "WORLD").value() == 5);
  CHECK(read_all(tree, f) == "hello WORLD");
  CHECK(write(11, "!").value() == 1);
  CHECK(Tree::stat(f).size == 12);
  CHECK(write(5, "").value() == 0);
  CHECK(Tree::stat(f).size == 12);

  uint8_t buffer[8];
  CHECK(tree.read(f, 12, buffer).value() == 0);
  CHECK(tree.read(f, 1000, buffer).value() == 0);
  CHECK(tree.read(f, UINT64_MAX, buffer).value() == 0);
  CHECK(tree.read(f, 8, buffer).value() == 4);
  CHECK(std::string(reinterpret_cast<char*>(buffer), 4) == "RLD!");
  CHECK(tree.read(f, 0, std::span<uint8_t>()).value() == 0);

  // Across block boundaries.
  std::string big(3 * kBlockSize + 100, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = char('a' + i % 26);
  CHECK(write(kBlockSize - 50, big).value() == big.size());
  std::string back(big.size(), 0);
  CHECK(tree.read(f, kBlockSize - 50, {reinterpret_cast<uint8_t*>(back.data()), back.size()}).value() == big.size());
  CHECK(back == big);
  tree.close(*node);
}

TEST_CASE("sparse files: holes read as zeros and take no blocks") {
  Tree tree;
  auto node = tree.open("sparse", kCreateRw, 0644);
  REQUIRE(node.ok());
  Node& f = **node;
  const uint8_t byte = 0xab;
  CHECK(tree.write(f, 10 * kBlockSize + 7, {&byte, 1}).value() == 1);
  CHECK(Tree::stat(f).size == 10 * kBlockSize + 8);
  CHECK(tree.allocated_blocks() == 1);
  std::vector<uint8_t> all(Tree::stat(f).size, 0xff);
  CHECK(tree.read(f, 0, all).value() == all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i] != (i == 10 * kBlockSize + 7 ? 0xab : 0)) FAIL("byte ", i, " is ", int(all[i]));
  }
  // Bytes before the write within the same block are zero too.
  uint8_t head[7];
  CHECK(tree.read(f, 10 * kBlockSize, head).value() == 7);
  for (uint8_t b : head) CHECK(b == 0);
  tree.close(*node);
  CHECK(tree.unlink("sparse").ok());
  CHECK(tree.allocated_blocks() == 0);
}

TEST_CASE("a 64 MiB file: last byte, holes, truncation") {
  constexpr uint64_t k64M = uint64_t{64} << 20;
  Tree tree;
  auto node = tree.open("big", kCreateRw, 0644);
  REQUIRE(node.ok());
  Node& f = **node;
  const uint8_t last = 0x5a;
  CHECK(tree.write(f, k64M - 1, {&last, 1}).value() == 1);
  CHECK(Tree::stat(f).size == k64M);
  CHECK(tree.allocated_blocks() == 1);

  std::vector<uint8_t> chunk(1 << 20, 0xff);
  for (uint64_t offset = 0; offset < k64M; offset += chunk.size()) {
    REQUIRE(tree.read(f, offset, chunk).value() == chunk.size());
    size_t check_to = offset + chunk.size() == k64M ? chunk.size() - 1 : chunk.size();
    for (size_t i = 0; i < check_to; ++i) {
      if (chunk[i] != 0) FAIL("hole byte at ", offset + i);
    }
  }
  CHECK(chunk.back() == 0x5a);

  // Fill the middle, then cut the file inside a written block.
  std::vector<uint8_t> ones(3 * kBlockSize, 1);
  CHECK(tree.write(f, 32 << 20, ones).value() == ones.size());
  CHECK(tree.allocated_blocks() == 4);
  CHECK(tree.truncate(f, (32 << 20) + 100).ok());
  CHECK(Tree::stat(f).size == (32 << 20) + 100);
  CHECK(tree.allocated_blocks() == 1);
  // Grow again: what was cut off reads as zeros.
  CHECK(tree.truncate(f, k64M).ok());
  CHECK(tree.allocated_blocks() == 1);
  std::vector<uint8_t> around(2 * kBlockSize, 0xff);
  CHECK(tree.read(f, 32 << 20, around).value() == around.size());
  for (size_t i = 0; i < around.size(); ++i) {
    if (around[i] != (i < 100 ? 1 : 0)) FAIL("byte ", i, " after regrowth is ", int(around[i]));
  }
  CHECK(tree.truncate(f, 0).ok());
  CHECK(tree.allocated_blocks() == 0);
  CHECK(tree.read(f, 0, around).value() == 0);
  tree.close(*node);
}

TEST_CASE("truncate at a block boundary and to the same size") {
  Tree tree;
  auto node = tree.open("f", kCreateRw, 0644);
  REQUIRE(node.ok());
  std::vector<uint8_t> data(2 * kBlockSize, 7);
  CHECK(tree.write(**node, 0, data).value() == data.size());
  CHECK(tree.truncate(**node, kBlockSize).ok());
  CHECK(tree.allocated_blocks() == 1);
  CHECK(tree.truncate(**node, kBlockSize).ok());
  CHECK(Tree::stat(**node).size == kBlockSize);
  CHECK(tree.truncate(**node, kBlockSize + 10).ok());
  uint8_t tail[10];
  CHECK(tree.read(**node, kBlockSize, tail).value() == 10);
  for (uint8_t b : tail) CHECK(b == 0);
  tree.close(*node);
}

TEST_CASE("a read across index blocks, a missing index block and holes is one piece") {
  constexpr uint64_t kSpan = uint64_t{kBlockSize} * (kBlockSize / sizeof(void*));  // one index block's bytes
  Tree tree;
  auto node = tree.open("f", kCreateRw, 0644);
  REQUIRE(node.ok());
  Node& f = **node;
  std::string model(3 * kSpan + 3 * kBlockSize, '\0');
  // Bytes around the end of the first index block, in the second and in
  // the fourth; the third is never made.
  for (uint64_t at : {kSpan - kBlockSize - 7, kSpan - 5, kSpan + 100, 3 * kSpan + kBlockSize + 1}) {
    std::string data(kBlockSize + 300, 'a');
    for (size_t i = 0; i < data.size(); ++i) data[i] = char('a' + (at + i) % 26);
    if (at + data.size() > model.size()) data.resize(model.size() - at);
    CHECK(tree.write(f, at, {reinterpret_cast<const uint8_t*>(data.data()), data.size()}).value() == data.size());
    model.replace(at, data.size(), data);
  }
  CHECK(tree.truncate(f, model.size()).ok());  // and a hole at the end
  for (uint64_t from : {uint64_t{0}, kSpan - kBlockSize - 9, kSpan - 1, 2 * kSpan - 3, 3 * kSpan + 17}) {
    std::string out(model.size() - from + 50, '?');
    REQUIRE(tree.read(f, from, {reinterpret_cast<uint8_t*>(out.data()), out.size()}).value() == model.size() - from);
    out.resize(model.size() - from);
    if (out != model.substr(from)) FAIL("a read from ", from, " differs from the model");
  }
  tree.close(*node);
}

TEST_CASE("random writes, truncations and reads of one file match a byte model") {
  for (uint32_t seed = 1; seed <= 30; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Tree tree;
    auto node = tree.open("f", kCreateRw, 0644);
    REQUIRE(node.ok());
    Node& f = **node;
    Bytes model;
    for (int step = 0; step < 60; ++step) {
      CAPTURE(step);
      uint64_t reach = rng() % 4 == 0 ? 80 * kBlockSize : 17 * kBlockSize;
      switch (rng() % 4) {
        case 0:
        case 1: {
          Bytes data(rng() % (32 * kBlockSize));
          for (auto& b : data) b = uint8_t(rng());
          uint64_t offset = rng() % reach;
          CHECK(tree.write(f, offset, data).value() == data.size());
          if (!data.empty() && model.size() < offset + data.size()) model.resize(offset + data.size());
          std::copy(data.begin(), data.end(), model.begin() + std::ptrdiff_t(offset));
          break;
        }
        case 2: {
          uint64_t size = rng() % 8 == 0 ? 0 : rng() % reach;
          CHECK(tree.truncate(f, size).ok());
          model.resize(size);
          break;
        }
        case 3: {
          uint64_t offset = rng() % (model.size() + 10);
          Bytes out(rng() % (48 * kBlockSize), 0xee);
          size_t expected = offset >= model.size() ? 0 : std::min<size_t>(out.size(), model.size() - offset);
          REQUIRE(tree.read(f, offset, out).value() == expected);
          CHECK(std::equal(out.begin(), out.begin() + std::ptrdiff_t(expected), model.begin() + std::ptrdiff_t(offset)));
          break;
        }
      }
      CHECK(Tree::stat(f).size == model.size());
      CHECK(tree.allocated_blocks() <= (model.size() + kBlockSize - 1) / kBlockSize);
    }
    Bytes all(model.size());
    CHECK(tree.read(f, 0, all).value() == model.size());
    CHECK(all == model);
    tree.close(*node);
    CHECK(tree.unlink("f").ok());
    CHECK(tree.allocated_blocks() == 0);
  }
}

TEST_CASE("files stop at kMaxFileSize") {
  Tree tree;
  auto node = tree.open("f", kCreateRw, 0644);
  REQUIRE(node.ok());
  const uint8_t two[2] = {1, 2};
  CHECK(tree.write(**node, kMaxFileSize - 1, {two, 1}).value() == 1);
  CHECK(Tree::stat(**node).size == kMaxFileSize);
  CHECK(tree.write(**node, kMaxFileSize - 1, two).error() == Error::TooLarge);
  CHECK(tree.write(**node, kMaxFileSize, {two, 1}).error() == Error::TooLarge);
  CHECK(tree.write(**node, UINT64_MAX, {two, 1}).error() == Error::TooLarge);
  CHECK(tree.truncate(**node, kMaxFileSize + 1).error() == Error::TooLarge);
  CHECK(tree.allocated_blocks() == 1);
  tree.close(*node);
}

TEST_CASE("past the block limit a write stores what fits, then NoSpace, and loses nothing") {
  Tree tree;
  put(tree, "kept", std::string(2 * kBlockSize, 'k'));
  tree.set_block_limit(tree.allocated_blocks() + 1);
  auto node = tree.open("full", kCreateRw, 0644);
  REQUIRE(node.ok());
  std::string data(3 * kBlockSize, 'f');
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  CHECK(tree.write(**node, 0, {bytes, data.size()}).value() == kBlockSize);
  CHECK(tree.write(**node, kBlockSize, {bytes, data.size()}).error() == Error::NoSpace);
  // Rewriting blocks already held needs no new one.
  CHECK(tree.write(**node, 10, {bytes, 100}).value() == 100);
  CHECK(Tree::stat(**node).size == kBlockSize);
  CHECK(get(tree, "kept") == std::string(2 * kBlockSize, 'k'));
  // Freeing blocks makes room again.
  CHECK(tree.unlink("kept").ok());
  CHECK(tree.write(**node, kBlockSize, {bytes, data.size()}).value() == 2 * kBlockSize);
  CHECK(read_all(tree, **node) == std::string(3 * kBlockSize, 'f'));
  CHECK(tree.allocated_blocks() == 3);
  // Every block came from one chunk: the rest of it is spare, known.
  CHECK(tree.spare_blocks() == ramfs::BlockPool::kBlocksPerChunk - 3);
  tree.close(*node);
}

TEST_CASE("the block pool gives zeroed blocks, counts its spare ones and takes a chunk only when none is spare") {
  ramfs::BlockPool pool;
  CHECK(pool.spare() == 0);
  uint8_t* first = pool.take();
  REQUIRE(first);
  CHECK(pool.spare() == ramfs::BlockPool::kBlocksPerChunk - 1);
  CHECK(std::all_of(first, first + kBlockSize, [](uint8_t b) { return b == 0; }));
  memset(first, 0xa5, kBlockSize);
  pool.give(first);
  CHECK(pool.spare() == ramfs::BlockPool::kBlocksPerChunk);
  uint8_t* again = pool.take();
  CHECK(again == first);  // the last given is the first taken
  CHECK(std::all_of(again, again + kBlockSize, [](uint8_t b) { return b == 0; }));
  std::vector<uint8_t*> taken{again};
  while (pool.spare() > 0) taken.push_back(pool.take());
  CHECK(taken.size() == ramfs::BlockPool::kBlocksPerChunk);
  std::set<uint8_t*> distinct(taken.begin(), taken.end());
  CHECK(distinct.size() == taken.size());
  uint8_t* next_chunk = pool.take();  // none spare: a second chunk
  REQUIRE(next_chunk);
  CHECK(pool.spare() == ramfs::BlockPool::kBlocksPerChunk - 1);
  CHECK(!distinct.count(next_chunk));
  for (uint8_t* block : taken) pool.give(block);
  pool.give(next_chunk);
  CHECK(pool.spare() == 2 * ramfs::BlockPool::kBlocksPerChunk);
}

TEST_CASE("file operations on a directory are IsDirectory") {
  Tree tree;
  REQUIRE(tree.mkdir("d", 0755).ok());
  auto node = tree.open("d", flags::kReadOnly, 0);
  REQUIRE(node.ok());
  uint8_t buffer[4] = {};
  CHECK(tree.read(**node, 0, buffer).error() == Error::IsDirectory);
  CHECK(tree.write(**node, 0, buffer).error() == Error::IsDirectory);
  CHECK(tree.truncate(**node, 0).error() == Error::IsDirectory);
  CHECK(Tree::kind(**node) == NodeKind::Directory);
  tree.close(*node);
}

TEST_CASE("rename moves files and directories") {
  Tree tree;
  REQUIRE(tree.mkdir("a", 0755).ok());
  REQUIRE(tree.mkdir("b", 0755).ok());
  put(tree, "a/f", "file");
  put(tree, "a/g", "gee");

  SUBCASE("within a directory") {
    CHECK(tree.rename("a/f", "a/h").ok());
    CHECK(list(tree, "a") == std::vector<std::string>{"g", "h"});
    CHECK(get(tree, "a/h") == "file");
  }
  SUBCASE("across directories, keeping the inode") {
    uint64_t inode = tree.stat("a/f").value().inode;
    CHECK(tree.rename("a/f", "b/f").ok());
    CHECK(!exists(tree, "a/f"));
    CHECK(tree.stat("b/f").value().inode == inode);
  }
  SUBCASE("a directory with its contents") {
    CHECK(tree.rename("a", "b/a2").ok());
    CHECK(get(tree, "b/a2/f") == "file");
    CHECK(tree.stat("b").value().links == 3);
    CHECK(tree.stat("").value().links == 3);
    CHECK(tree.rename("b/a2", "a").ok());
    CHECK(get(tree, "a/g") == "gee");
  }
  SUBCASE("over an existing file, which goes") {
    size_t nodes = tree.live_nodes();
    CHECK(tree.rename("a/f", "a/g").ok());
    CHECK(get(tree, "a/g") == "file");
    CHECK(list(tree, "a") == std::vector<std::string>{"g"});
    CHECK(tree.live_nodes() == nodes - 1);
  }
  SUBCASE("a file over a directory is IsDirectory") { CHECK(tree.rename("a/f", "b").error() == Error::IsDirectory); }
  SUBCASE("a directory over a file is NotDirectory") { CHECK(tree.rename("b", "a/f").error() == Error::NotDirectory); }
  SUBCASE("a directory over an empty directory replaces it") {
    CHECK(tree.rename("a", "b").ok());
    CHECK(get(tree, "b/f") == "file");
    CHECK(!exists(tree, "a"));
  }
  SUBCASE("over a non-empty directory is NotEmpty") { CHECK(tree.rename("b", "a").error() == Error::NotEmpty); }
  SUBCASE("a directory into itself is InvalidArgument") {
    REQUIRE(tree.mkdir("a/sub", 0755).ok());
    CHECK(tree.rename("a", "a/x").error() == Error::InvalidArgument);
    CHECK(tree.rename("a", "a/sub/x").error() == Error::InvalidArgument);
    CHECK(tree.rename("a", "a/sub").error() == Error::InvalidArgument);
    CHECK(exists(tree, "a/sub"));
  }
  SUBCASE("onto itself is a no-op") {
    CHECK(tree.rename("a/f", "a/f").ok());
    CHECK(tree.rename("a", "a").ok());
    CHECK(get(tree, "a/f") == "file");
  }
  SUBCASE("errors of either path") {
    CHECK(tree.rename("a/missing", "b/x").error() == Error::NotFound);
    CHECK(tree.rename("missing/f", "b/x").error() == Error::NotFound);
    CHECK(tree.rename("a/f", "missing/x").error() == Error::NotFound);
    CHECK(tree.rename("a/f", "a/g/x").error() == Error::NotDirectory);
    CHECK(tree.rename("a/f/x", "b/x").error() == Error::NotDirectory);
    CHECK(tree.rename("", "b/x").error() == Error::InvalidArgument);
    CHECK(tree.rename("a", "").error() == Error::InvalidArgument);
    CHECK(tree.rename("a/f", "b/" + std::string(kMaxName + 1, 'n')).error() == Error::NameTooLong);
    CHECK(tree.rename("a/f", "b//x").error() == Error::InvalidArgument);
    CHECK(get(tree, "a/f") == "file");
  }
}

TEST_CASE("an unlinked file lives until its last close") {
  Tree tree;
  put(tree, "f", "still here");
  auto first = tree.open("f", flags::kReadOnly, 0);
  REQUIRE(first.ok());
  auto second = tree.open("f", flags::kReadWrite, 0);
  REQUIRE(second.ok());
  CHECK(*first == *second);
  CHECK(tree.unlink("f").ok());
  CHECK(!exists(tree, "f"));
  CHECK(tree.live_nodes() == 2);
  CHECK(Tree::stat(**first).links == 0);
  CHECK(read_all(tree, **first) == "still here");
  const uint8_t more[] = {'!'};
  CHECK(tree.write(**second, 10, more).value() == 1);
  tree.close(*second);
  CHECK(read_all(tree, **first) == "still here!");
  // A new file of the same name is another node.
  put(tree, "f", "new");
  CHECK(tree.live_nodes() == 3);
  tree.close(*first);
  CHECK(tree.live_nodes() == 2);
  CHECK(get(tree, "f") == "new");
}

TEST_CASE("retain keeps a node for a second holder") {
  Tree tree;
  put(tree, "f", "x");
  auto node = tree.open("f", flags::kReadOnly, 0);
  REQUIRE(node.ok());
  tree.retain(*node);
  CHECK(tree.unlink("f").ok());
  tree.close(*node);
  CHECK(tree.live_nodes() == 2);
  CHECK(read_all(tree, **node) == "x");
  tree.close(*node);
  CHECK(tree.live_nodes() == 1);
}

TEST_CASE("a removed directory that is open reads as empty until closed") {
  Tree tree;
  REQUIRE(tree.mkdir("d", 0755).ok());
  auto node = tree.open("d", flags::kReadOnly, 0);
  REQUIRE(node.ok());
  CHECK(tree.rmdir("d").ok());
  CHECK(tree.readdir(**node, 0).error() == Error::OutOfRange);
  CHECK(Tree::stat(**node).links == 0);
  CHECK(tree.live_nodes() == 2);
  tree.close(*node);
  CHECK(tree.live_nodes() == 1);
}

TEST_CASE("a file replaced by rename stays readable while open") {
  Tree tree;
  put(tree, "old", "old contents");
  put(tree, "new", "new contents");
  auto node = tree.open("old", flags::kReadOnly, 0);
  REQUIRE(node.ok());
  CHECK(tree.rename("new", "old").ok());
  CHECK(read_all(tree, **node) == "old contents");
  CHECK(get(tree, "old") == "new contents");
  tree.close(*node);
  CHECK(tree.live_nodes() == 2);
}

TEST_CASE("an open directory moved elsewhere keeps working") {
  Tree tree;
  REQUIRE(tree.mkdir("a", 0755).ok());
  REQUIRE(tree.mkdir("b", 0755).ok());
  put(tree, "a/f", "x");
  auto node = tree.open("a", flags::kReadOnly, 0);
  REQUIRE(node.ok());
  CHECK(tree.rename("a", "b/a").ok());
  CHECK(tree.readdir(**node, 0).value().name == "f");
  // Moving b under its moved child is still refused.
  CHECK(tree.rename("b", "b/a/b").error() == Error::InvalidArgument);
  tree.close(*node);
}

TEST_CASE("destroying a deep, wide tree frees every node") {
  // Leaks show up under the address sanitizer.
  Tree tree;
  std::string path;
  for (int depth = 0; depth < 200; ++depth) {
    path += depth ? "/d" : "d";
    REQUIRE(tree.mkdir(path, 0755).ok());
    put(tree, path + "/f", std::string(depth * 100, 'x'));
  }
  for (int i = 0; i < 300; ++i) put(tree, "wide" + std::to_string(i), "y", i * 1000);
  CHECK(tree.live_nodes() == 1 + 200 * 2 + 300);
}

// ---- random sequences against a model ----

namespace {

struct ModelNode {
  bool dir;
  Bytes data;
};

// The tree as a map from path to node, with the same error rules.
class Model {
 public:
  Model() { nodes_[""] = {true, {}}; }

  static std::string parent_of(const std::string& path) {
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? "" : path.substr(0, slash);
  }

  // The walk to an existing node.
  Error walk(const std::string& path) const {
    std::string at;
    size_t start = 0;
    while (start <= path.size() && !path.empty()) {
      if (!nodes_.at(at).dir) return Error::NotDirectory;
      size_t slash = path.find('/', start);
      std::string next = path.substr(0, slash);
      if (!nodes_.count(next)) return Error::NotFound;
      at = next;
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    return Error::Ok;
  }
  Error walk_parent(const std::string& path) const {
    std::string parent = parent_of(path);
    Error e = walk(parent);
    if (e != Error::Ok) return e;
    return nodes_.at(parent).dir ? Error::Ok : Error::NotDirectory;
  }
  bool has_children(const std::string& dir) const {
    auto it = nodes_.upper_bound(dir);
    std::string prefix = dir + "/";
    return it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
  }
  std::vector<std::string> children(const std::string& dir) const {
    std::vector<std::string> names;
    std::string prefix = dir.empty() ? "" : dir + "/";
    for (const auto& [path, node] : nodes_) {
      if (path.empty() || path.compare(0, prefix.size(), prefix) != 0) continue;
      std::string rest = path.substr(prefix.size());
      if (rest.find('/') == std::string::npos) names.push_back(rest);
    }
    return names;
  }

  Error mkdir(const std::string& p) {
    Error e = walk_parent(p);
    if (e != Error::Ok) return e;
    if (nodes_.count(p)) return Error::AlreadyExists;
    nodes_[p] = {true, {}};
    return Error::Ok;
  }
  Error open_for_write(const std::string& p, bool create) {
    Error e = walk_parent(p);
    if (e != Error::Ok) return e;
    auto it = nodes_.find(p);
    if (it == nodes_.end()) {
      if (!create) return Error::NotFound;
      nodes_[p] = {false, {}};
      return Error::Ok;
    }
    return it->second.dir ? Error::IsDirectory : Error::Ok;
  }
  Error unlink(const std::string& p) {
    Error e = walk_parent(p);
    if (e != Error::Ok) return e;
    auto it = nodes_.find(p);
    if (it == nodes_.end()) return Error::NotFound;
    if (it->second.dir) return Error::IsDirectory;
    nodes_.erase(it);
    return Error::Ok;
  }
  Error rmdir(const std::string& p) {
    Error e = walk_parent(p);
    if (e != Error::Ok) return e;
    auto it = nodes_.find(p);
    if (it == nodes_.end()) return Error::NotFound;
    if (!it->second.dir) return Error::NotDirectory;
    if (has_children(p)) return Error::NotEmpty;
    nodes_.erase(it);
    return Error::Ok;
  }
  Error rename(const std::string& from, const std::string& to) {
    Error e = walk_parent(from);
    if (e != Error::Ok) return e;
    auto source = nodes_.find(from);
    if (source == nodes_.end()) return Error::NotFound;
    e = walk_parent(to);
    if (e != Error::Ok) return e;
    bool dir = source->second.dir;
    std::string to_parent = parent_of(to);
    if (dir && (to_parent == from || to_parent.compare(0, from.size() + 1, from + "/") == 0)) {
      return Error::InvalidArgument;
    }
    auto target = nodes_.find(to);
    if (target != nodes_.end()) {
      if (to == from) return Error::Ok;
      if (dir && !target->second.dir) return Error::NotDirectory;
      if (!dir && target->second.dir) return Error::IsDirectory;
      if (target->second.dir && has_children(to)) return Error::NotEmpty;
      nodes_.erase(target);
    }
    std::map<std::string, ModelNode> moved;
    for (auto it = nodes_.begin(); it != nodes_.end();) {
      if (it->first == from || it->first.compare(0, from.size() + 1, from + "/") == 0) {
        moved[to + it->first.substr(from.size())] = std::move(it->second);
        it = nodes_.erase(it);
      } else {
        ++it;
      }
    }
    nodes_.merge(moved);
    return Error::Ok;
  }

  std::map<std::string, ModelNode>& nodes() { return nodes_; }

 private:
  std::map<std::string, ModelNode> nodes_;
};

std::string random_path(std::mt19937& rng) {
  static const char* const kNames[] = {"a", "b", "c"};
  int depth = 1 + int(rng() % 3);
  std::string path;
  for (int i = 0; i < depth; ++i) {
    if (i) path += '/';
    path += kNames[rng() % 3];
  }
  return path;
}

void compare_trees(Tree& tree, Model& model) {
  for (auto& [path, node] : model.nodes()) {
    CAPTURE(path);
    auto s = tree.stat(path);
    REQUIRE(s.ok());
    CHECK((s->kind == NodeKind::Directory) == node.dir);
    if (node.dir) {
      CHECK(list(tree, path) == model.children(path));
    } else {
      CHECK(s->size == node.data.size());
      std::string contents = get(tree, path);
      CHECK(Bytes(contents.begin(), contents.end()) == node.data);
    }
  }
  CHECK(tree.live_nodes() == model.nodes().size());
}

}  // namespace

TEST_CASE("random operation sequences match a simple model") {
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    Tree tree;
    Model model;
    for (int step = 0; step < 400; ++step) {
      std::string p = random_path(rng);
      CAPTURE(step);
      CAPTURE(p);
      switch (rng() % 8) {
        case 0:
          CHECK(tree.mkdir(p, 0755).error() == model.mkdir(p));
          break;
        case 1:
        case 2: {  // create or open, then write somewhere
          Error expected = model.open_for_write(p, true);
          auto node = tree.open(p, kCreateRw, 0644);
          REQUIRE(node.error() == expected);
          if (!node) break;
          Bytes data(rng() % 6000);
          for (auto& b : data) b = uint8_t(rng());
          uint64_t offset = rng() % 12000;
          CHECK(tree.write(**node, offset, data).value() == data.size());
          Bytes& model_data = model.nodes()[p].data;
          if (!data.empty() && model_data.size() < offset + data.size()) model_data.resize(offset + data.size());
          std::copy(data.begin(), data.end(), model_data.begin() + std::ptrdiff_t(offset));
          tree.close(*node);
          break;
        }
        case 3: {
          Error expected = model.open_for_write(p, false);
          auto node = tree.open(p, flags::kWriteOnly, 0);
          REQUIRE(node.error() == expected);
          if (!node) break;
          uint64_t size = rng() % 12000;
          CHECK(tree.truncate(**node, size).ok());
          model.nodes()[p].data.resize(size);
          tree.close(*node);
          break;
        }
        case 4:
          CHECK(tree.unlink(p).error() == model.unlink(p));
          break;
        case 5:
          CHECK(tree.rmdir(p).error() == model.rmdir(p));
          break;
        case 6: {
          std::string to = random_path(rng);
          CAPTURE(to);
          CHECK(tree.rename(p, to).error() == model.rename(p, to));
          break;
        }
        case 7: {
          Error expected = model.walk(p);
          CHECK(tree.stat(p).error() == expected);
          break;
        }
      }
    }
    compare_trees(tree, model);
  }
}

// ---- the boot archive ----

namespace {

// One cpio newc entry, as image/mkarchive.py writes it.
void add_entry(Bytes& archive, const std::string& name, uint32_t mode, const std::string& data) {
  char header[111];
  std::snprintf(header, sizeof header, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", 1u, mode, 0u, 0u,
                1u, 0u, unsigned(data.size()), 0u, 0u, 0u, 0u, unsigned(name.size() + 1), 0u);
  archive.insert(archive.end(), header, header + 110);
  archive.insert(archive.end(), name.begin(), name.end());
  archive.push_back(0);
  while (archive.size() % 4) archive.push_back(0);
  archive.insert(archive.end(), data.begin(), data.end());
  while (archive.size() % 4) archive.push_back(0);
}

void add_trailer(Bytes& archive) { add_entry(archive, "TRAILER!!!", 0, ""); }

constexpr uint32_t kFile = 0100644;
constexpr uint32_t kExecutable = 0100755;
constexpr uint32_t kDirectory = 0040755;
constexpr uint32_t kSymlink = 0120777;

}  // namespace

TEST_CASE("the boot archive's files and directories are copied into the tree") {
  Bytes archive;
  add_entry(archive, ".", kDirectory, "");
  add_entry(archive, "bin/init", kExecutable, "\177ELF init");
  add_entry(archive, "./etc/boot.conf", kFile, "ramfs /\n");
  add_entry(archive, "usr", kDirectory, "");
  add_entry(archive, "usr/share/doc/readme", kFile, std::string(10000, 'r'));
  add_entry(archive, "bin/empty", kFile, "");
  add_entry(archive, "/abs//path/./x", kFile, "x");
  add_entry(archive, "../escape", kFile, "no");
  add_entry(archive, "link", kSymlink, "bin/init");
  add_entry(archive, "bin/init/under-a-file", kFile, "no");
  add_trailer(archive);

  Tree tree;
  auto counts = load_archive(tree, archive);
  REQUIRE(counts.ok());
  CHECK(counts->files == 5);
  CHECK(counts->directories == 1);
  CHECK(counts->skipped == 3);
  CHECK(list(tree, "") == std::vector<std::string>{"abs", "bin", "etc", "usr"});
  CHECK(list(tree, "bin") == std::vector<std::string>{"empty", "init"});
  CHECK(get(tree, "bin/init") == "\177ELF init");
  CHECK(tree.stat("bin/init").value().mode == 0755);
  CHECK(tree.stat("etc/boot.conf").value().mode == 0644);
  CHECK(get(tree, "usr/share/doc/readme") == std::string(10000, 'r'));
  CHECK(get(tree, "abs/path/x") == "x");
  CHECK(get(tree, "bin/empty").empty());
}

TEST_CASE("a corrupt boot archive keeps what came before the damage") {
  Bytes archive;
  add_entry(archive, "a", kFile, "first");
  size_t cut = archive.size();
  add_entry(archive, "b", kFile, "second");
  add_trailer(archive);

  SUBCASE("a damaged header") {
    archive[cut] = 'X';
    Tree tree;
    CHECK(load_archive(tree, archive).error() == Error::Malformed);
    CHECK(get(tree, "a") == "first");
    CHECK(!exists(tree, "b"));
  }
  SUBCASE("cut short before the trailer") {
    archive.resize(archive.size() - 20);
    Tree tree;
    CHECK(load_archive(tree, archive).error() == Error::Malformed);
    CHECK(get(tree, "b") == "second");
  }
  SUBCASE("an empty archive") {
    Tree tree;
    CHECK(load_archive(tree, {}).error() == Error::Malformed);
    Bytes trailer_only;
    add_trailer(trailer_only);
    auto counts = load_archive(tree, trailer_only);
    REQUIRE(counts.ok());
    CHECK(counts->files == 0);
  }
}

TEST_CASE("set_attributes keeps the mode and times it names, and only those") {
  Tree tree;
  namespace bits = ipc::attribute_bits;
  auto node = tree.open("f", kCreateRw, 0644);
  REQUIRE(node);
  CHECK(Tree::stat(**node).mtime == 0);  // no clock: 0 until set
  tree.set_attributes(**node, {bits::kMode, 0100600 | 01000, 5, 6});
  NodeStat s = Tree::stat(**node);
  CHECK(s.mode == 01600);
  CHECK(s.atime == 0);
  CHECK(s.mtime == 0);
  tree.set_attributes(**node, {bits::kAtime | bits::kMtime, 0, 123456789, 987654321});
  REQUIRE(tree.write(**node, 0, Bytes{1, 2}));
  s = *tree.stat("f");
  CHECK(s.mode == 01600);
  CHECK(s.atime == 123456789);
  CHECK(s.mtime == 987654321);
  tree.close(*node);
}

namespace {
int64_t fake_now = 0;
int64_t fake_clock() { return fake_now; }
}  // namespace

TEST_CASE("with a clock, creation, writes, truncation and directory changes are stamped; reads are not") {
  Tree tree;
  tree.set_clock(fake_clock);
  fake_now = 1000;
  REQUIRE(tree.mkdir("d", 0755));
  CHECK(tree.stat("d")->mtime == 1000);
  CHECK(tree.stat("d")->atime == 1000);
  CHECK(tree.stat("")->mtime == 1000);  // the root got an entry
  fake_now = 2000;
  auto node = tree.open("d/f", kCreateRw, 0644);
  REQUIRE(node);
  CHECK(Tree::stat(**node).mtime == 2000);
  CHECK(Tree::stat(**node).atime == 2000);
  CHECK(tree.stat("d")->mtime == 2000);
  CHECK(tree.stat("")->mtime == 1000);  // only the directory that changed
  fake_now = 3000;
  REQUIRE(tree.write(**node, 0, Bytes{1, 2, 3}));
  CHECK(Tree::stat(**node).mtime == 3000);
  CHECK(Tree::stat(**node).atime == 2000);
  CHECK(tree.stat("d")->mtime == 2000);  // the directory's entries did not change
  fake_now = 4000;
  uint8_t out[3];
  REQUIRE(tree.read(**node, 0, out));
  CHECK(Tree::stat(**node).mtime == 3000);
  CHECK(Tree::stat(**node).atime == 2000);
  REQUIRE(tree.truncate(**node, 1));
  CHECK(Tree::stat(**node).mtime == 4000);
  tree.close(*node);
  fake_now = 5000;
  REQUIRE(tree.rename("d/f", "g"));
  CHECK(tree.stat("d")->mtime == 5000);
  CHECK(tree.stat("")->mtime == 5000);
  CHECK(tree.stat("g")->mtime == 4000);  // a rename does not change the file
  fake_now = 6000;
  REQUIRE(tree.unlink("g"));
  CHECK(tree.stat("")->mtime == 6000);
}
