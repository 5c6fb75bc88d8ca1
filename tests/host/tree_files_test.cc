// Host tests of the file server's protocol over a tree (libserver's
// server/tree_files.h): the generated FileSystem and File clients call it
// through a loopback, over a small tree of the test's own, so that what
// the protocol adds to a tree is checked apart from any real file system:
// access modes, O_APPEND, inline and bulk transfers, readdir's end, clones,
// limits, errors, and when the tree's nodes are closed.
#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fs.idl.h"
#include "ipc/attribute_bits.h"
#include "ipc/open_flags.h"
#include "server/tree_files.h"

namespace flags = ipc::open_flags;
namespace fs = idl::fs;
using server::NodeKind;
using server::TreeNode;

namespace {

// The kernel as the protocol sees it: handle closes, and membufs a shared
// buffer maps (the test's bytes are the "shared" memory).
struct FakeKernel {
  std::vector<ipc::Handle> closed;
  struct Membuf {
    std::vector<uint8_t> bytes;
    bool writable;
  };
  std::map<ipc::Handle, Membuf> membufs;
};
FakeKernel kernel;

}  // namespace

namespace ipc {
Status close(Handle handle) {
  kernel.closed.push_back(handle);
  return {};
}
}  // namespace ipc

namespace server {
Status SharedBuffer::map(ipc::Handle membuf, uint32_t size, bool read_only_ok) {
  (void)ipc::close(membuf);
  auto found = kernel.membufs.find(membuf);
  if (found == kernel.membufs.end()) return Error::BadHandle;
  if (size == 0 || size > found->second.bytes.size()) return Error::InvalidArgument;
  if (!found->second.writable && !read_only_ok) return Error::AccessDenied;
  data_ = found->second.bytes.data();
  size_ = size;
  writable_ = found->second.writable;
  return {};
}
// The trees here keep no buffers (FileTree::shares_buffers).
Result<ipc::Handle> SharedBuffer::duplicate(ipc::Handle) { return Error::NotFound; }
void SharedBuffer::unmap() {
  data_ = nullptr;
  size_ = 0;
  writable_ = false;
}
}  // namespace server

namespace {

struct FakeNode : TreeNode {
  NodeKind kind;
  uint64_t inode;
  std::vector<uint8_t> data;
  server::Attributes attributes{0, 0644, 0, 0};  // `set`: every field set so far
  int holds = 0;
};

// Flat paths are enough: "d" and "d/x" are two entries, the second in the
// first. Writes past `room` bytes of a file are cut short, as on a full disk.
class FakeTree final : public server::FileTree {
 public:
  std::map<std::string, std::unique_ptr<FakeNode>> nodes;
  size_t room = SIZE_MAX;
  Status close_result;
  Error read_error = Error::Ok;
  int syncs = 0;

  FakeTree() {
    add("", NodeKind::Directory);
    nodes[""]->inode = 1;
  }
  FakeNode& add(const std::string& path, NodeKind kind) {
    auto& node = nodes[path];
    node = std::make_unique<FakeNode>();
    node->kind = kind;
    node->inode = nodes.size() + 1;
    return *node;
  }
  int holds() const {
    int total = 0;
    for (auto& [path, node] : nodes) total += node->holds;
    return total;
  }

  Result<TreeNode*> open(std::string_view path, uint32_t open_flags, uint32_t) override {
    auto found = nodes.find(std::string(path));
    if (found == nodes.end()) {
      if (!(open_flags & flags::kCreate)) return Error::NotFound;
      add(std::string(path), NodeKind::File);
      found = nodes.find(std::string(path));
    } else if ((open_flags & flags::kCreate) && (open_flags & flags::kExclusive)) {
      return Error::AlreadyExists;
    }
    FakeNode& node = *found->second;
    if (node.kind == NodeKind::Directory && flags::writes(open_flags)) return Error::IsDirectory;
    ++node.holds;
    return &node;
  }
  Status close(TreeNode* node) override {
    --static_cast<FakeNode*>(node)->holds;
    return close_result;
  }
  Result<server::NodeStat> stat(std::string_view path) override {
    auto found = nodes.find(std::string(path));
    if (found == nodes.end()) return Error::NotFound;
    return stat(*found->second);
  }
  Status mkdir(std::string_view path, uint32_t) override {
    if (nodes.count(std::string(path))) return Error::AlreadyExists;
    add(std::string(path), NodeKind::Directory);
    return {};
  }
  Status rmdir(std::string_view path) override { return remove(path, NodeKind::Directory); }
  Status unlink(std::string_view path) override { return remove(path, NodeKind::File); }
  Status rename(std::string_view from, std::string_view to) override {
    auto found = nodes.find(std::string(from));
    if (found == nodes.end()) return Error::NotFound;
    nodes[std::string(to)] = std::move(found->second);
    nodes.erase(std::string(from));
    return {};
  }
  server::NodeStat stat(TreeNode& tree_node) override {
    auto& node = static_cast<FakeNode&>(tree_node);
    bool dir = node.kind == NodeKind::Directory;
    const server::Attributes& a = node.attributes;
    return {node.kind, node.data.size(), node.inode, a.mode, dir ? 2u : 1u, a.atime, a.mtime};
  }
  Result<uint32_t> read(TreeNode& tree_node, uint64_t offset, std::span<uint8_t> out) override {
    if (read_error != Error::Ok) return read_error;
    auto& data = static_cast<FakeNode&>(tree_node).data;
    if (offset >= data.size()) return 0u;
    size_t n = std::min(out.size(), size_t(data.size() - offset));
    memcpy(out.data(), data.data() + offset, n);
    return uint32_t(n);
  }
  Result<uint32_t> write(TreeNode& tree_node, uint64_t offset, std::span<const uint8_t> in) override {
    auto& data = static_cast<FakeNode&>(tree_node).data;
    if (offset >= room) return Error::NoSpace;
    size_t n = std::min(in.size(), size_t(room - offset));
    if (data.size() < offset + n) data.resize(offset + n);
    memcpy(data.data() + offset, in.data(), n);
    return uint32_t(n);
  }
  Status truncate(TreeNode& tree_node, uint64_t size) override {
    static_cast<FakeNode&>(tree_node).data.resize(size);
    return {};
  }
  Result<server::DirEntry> readdir(TreeNode& tree_node, uint32_t index) override {
    auto& dir = static_cast<FakeNode&>(tree_node);
    if (dir.kind != NodeKind::Directory) return Error::NotDirectory;
    std::string prefix = path_of(dir).empty() ? "" : path_of(dir) + "/";
    for (auto& [path, node] : nodes) {
      if (path.empty() || path.compare(0, prefix.size(), prefix) != 0) continue;
      if (path.find('/', prefix.size()) != std::string::npos) continue;
      if (index-- == 0) return server::DirEntry{std::string_view(path).substr(prefix.size()), node->kind};
    }
    return Error::OutOfRange;
  }
  Status set_attributes(TreeNode& tree_node, const server::Attributes& in) override {
    server::Attributes& a = static_cast<FakeNode&>(tree_node).attributes;
    a.set |= in.set;
    if (in.set & ipc::attribute_bits::kMode) a.mode = in.mode;
    if (in.set & ipc::attribute_bits::kAtime) a.atime = in.atime;
    if (in.set & ipc::attribute_bits::kMtime) a.mtime = in.mtime;
    return {};
  }
  Status sync() override {
    ++syncs;
    return {};
  }
  server::TreeSpace space() override { return {"faketree", 512, 100, 42, nodes.size()}; }

 private:
  Status remove(std::string_view path, NodeKind kind) {
    auto found = nodes.find(std::string(path));
    if (found == nodes.end()) return Error::NotFound;
    if (found->second->kind != kind) return kind == NodeKind::File ? Error::IsDirectory : Error::NotDirectory;
    nodes.erase(found);
    return {};
  }
  std::string path_of(const FakeNode& node) const {
    for (auto& [path, held] : nodes)
      if (held.get() == &node) return path;
    return {};
  }
};

// TreeFiles with its File channels kept in a table by handle number.
class Files final : public server::TreeFiles {
 public:
  struct Channel {
    server::OpenFile* file;
    server::SharedBuffer buffer;
  };
  std::map<ipc::Handle, std::unique_ptr<Channel>> channels;
  bool refuse_channels = false;
  bool done = false;

  Files(server::FileTree& tree, Limits limits) : TreeFiles(tree, "test", limits) {}
  ~Files() override {
    while (!channels.empty()) close_channel(channels.begin()->first);
  }

  void close_channel(ipc::Handle end) {
    auto found = channels.find(end);
    REQUIRE(found != channels.end());
    server::OpenFile* file = found->second->file;
    channels.erase(found);
    channel_closed(*file);
  }

 private:
  Result<ipc::Handle> make_channel(server::OpenFile& file) override {
    if (refuse_channels) return Error::NoMemory;
    ipc::Handle end = next_end_++;
    channels[end] = std::make_unique<Channel>();
    channels[end]->file = &file;
    return end;
  }
  void finished() override { done = true; }
  ipc::Handle next_end_ = 10;
};

// Loopback transports: the request goes straight to the protocol.
struct FileSystemLoop {
  Files& files;
  ipc::Message msg;
  ipc::Message& message() { return msg; }
  Status call(ipc::Message& m) {
    files.serve_file_system(m);
    return {};
  }
  // A one-way request (openFor): the answer stays in msg, for `answer_on`.
  Status send(ipc::Message& m) {
    answer_on = files.serve_file_system_message(m);
    return {};
  }
  void drop_handles(const ipc::Handle*, uint32_t) {}
  ipc::Handle answer_on = ipc::kInvalidHandle;
};

struct FileLoop {
  Files& files;
  ipc::Handle end;
  ipc::Message msg;
  ipc::Message& message() { return msg; }
  Status call(ipc::Message& m) {
    Files::Channel& channel = *files.channels.at(end);
    files.serve_file(*channel.file, channel.buffer, m);
    return {};
  }
  void drop_handles(const ipc::Handle*, uint32_t) {}
};

// A File client on one channel.
struct Client {
  Client(Files& files, ipc::Handle end, uint32_t bulk_size = 0) : loop{files, end, {}}, file(loop, bulk_size) {}
  FileLoop loop;
  fs::FileClient<FileLoop> file;

  Result<uint32_t> write(uint64_t offset, std::string_view text) {
    uint32_t count = 0;
    TRY(file.write(offset, idl::Data{reinterpret_cast<const uint8_t*>(text.data()), uint32_t(text.size())}, count));
    return count;
  }
  // The index-th entry as "name/" (a directory), "name" (a file) or "" past the last.
  Result<std::string> entry(uint32_t index) {
    idl::Text name;
    fs::NodeKind kind{};
    bool end = false;
    TRY(file.readdir(index, name, kind, end));
    if (end) return std::string();
    return std::string(name.data, name.size) + (kind == fs::NodeKind::Directory ? "/" : "");
  }
  Result<std::string> read(uint64_t offset, uint32_t count) {
    idl::Data data;
    TRY(file.read(offset, count, data));
    return std::string(reinterpret_cast<const char*>(data.data), data.size);
  }
};


struct Fixture {
  FakeTree tree;
  Files files{tree, {.open_files = 4, .channels_per_open = 3}};
  FileSystemLoop fs_loop{files, {}};
  fs::FileSystemClient<FileSystemLoop> file_system{fs_loop};

  Result<ipc::Handle> open(const char* path, uint32_t open_flags) {
    ipc::Handle end = ipc::kInvalidHandle;
    fs::Stat stat{};
    TRY(file_system.open(idl::Text(path), open_flags, 0644, end, stat));
    return end;
  }
  // A client of a new open of path; its channel is client->loop.end.
  std::unique_ptr<Client> opened(const char* path, uint32_t open_flags, uint32_t bulk_size = 0) {
    auto end = open(path, open_flags);
    REQUIRE(end);
    return std::make_unique<Client>(files, *end, bulk_size);
  }
};

}  // namespace

TEST_CASE("TreeFiles.WrittenBytesReadBackAndStatShowsTheSize") {
  Fixture f;
  auto c = f.opened("a", flags::kReadWrite | flags::kCreate);
  CHECK(*c->write(0, "hello world") == 11);
  CHECK(*c->write(6, "there") == 5);
  CHECK(*c->read(0, 100) == "hello there");
  CHECK(*c->read(6, 3) == "the");
  CHECK(*c->read(11, 10) == "");
  fs::Stat stat{};
  REQUIRE(c->file.stat(stat).ok());
  CHECK(stat.kind == fs::NodeKind::File);
  CHECK(stat.size == 11);
  CHECK(stat.mode == 0644);
  REQUIRE(f.file_system.stat(idl::Text("a"), stat).ok());
  CHECK(stat.size == 11);
}

TEST_CASE("TreeFiles.InlineReadsStopAtTheMessageBound") {
  Fixture f;
  f.tree.add("big", NodeKind::File).data.assign(5000, 'x');
  auto c = f.opened("big", flags::kReadOnly);
  CHECK(c->read(0, 5000)->size() == server::TreeFiles::kMaxInlineRead);
}

TEST_CASE("TreeFiles.AccessModeIsEnforced") {
  Fixture f;
  f.tree.add("a", NodeKind::File).data = {'a', 'b'};
  auto r = f.opened("a", flags::kReadOnly);
  auto w = f.opened("a", flags::kWriteOnly);
  CHECK(r->write(0, "x").error() == Error::AccessDenied);
  CHECK(r->file.truncate(0).error() == Error::AccessDenied);
  CHECK(w->read(0, 2).error() == Error::AccessDenied);
  CHECK(*w->write(0, "x") == 1);
  CHECK(*r->read(0, 2) == "xb");
}

TEST_CASE("TreeFiles.AppendWritesAtTheEndWhateverTheOffset") {
  Fixture f;
  f.tree.add("log", NodeKind::File).data = {'1', '2'};
  auto c = f.opened("log", flags::kReadWrite | flags::kAppend);
  CHECK(*c->write(0, "34") == 2);
  CHECK(*c->read(0, 10) == "1234");
}

TEST_CASE("TreeFiles.AShortWriteIsReportedAndAFullTreeIsNoSpace") {
  Fixture f;
  f.tree.room = 4;
  auto c = f.opened("a", flags::kReadWrite | flags::kCreate);
  CHECK(*c->write(0, "abcdef") == 4);
  CHECK(c->write(4, "gh").error() == Error::NoSpace);
  CHECK(*c->read(0, 10) == "abcd");
}

TEST_CASE("TreeFiles.ReaddirListsEntriesThenSaysEnd") {
  Fixture f;
  f.tree.add("d", NodeKind::Directory);
  f.tree.add("d/x", NodeKind::File);
  f.tree.add("d/y", NodeKind::Directory);
  auto c = f.opened("d", flags::kReadOnly | flags::kDirectory);
  CHECK(*c->entry(0) == "x");
  CHECK(*c->entry(1) == "y/");
  CHECK(*c->entry(2) == "");
}

TEST_CASE("TreeFiles.ANameTooLongForTheProtocolIsRefused") {
  Fixture f;
  f.tree.add(std::string(256, 'n'), NodeKind::File);
  auto c = f.opened("", flags::kReadOnly | flags::kDirectory);
  CHECK(c->entry(0).error() == Error::NameTooLong);
}

TEST_CASE("TreeFiles.TreeErrorsReachTheClient") {
  Fixture f;
  CHECK(f.open("missing", flags::kReadOnly).error() == Error::NotFound);
  f.tree.add("d", NodeKind::Directory);
  CHECK(f.open("d", flags::kWriteOnly).error() == Error::IsDirectory);
  CHECK(f.file_system.unlink(idl::Text("d")).error() == Error::IsDirectory);
  CHECK(f.file_system.mkdir(idl::Text("d"), 0755).error() == Error::AlreadyExists);
  f.tree.add("a", NodeKind::File);
  auto c = f.opened("a", flags::kReadOnly);
  f.tree.read_error = Error::IoError;
  CHECK(c->read(0, 1).error() == Error::IoError);
  CHECK(f.tree.holds() == 1);
}

TEST_CASE("TreeFiles.PathCallsChangeTheTree") {
  Fixture f;
  REQUIRE(f.file_system.mkdir(idl::Text("d"), 0755).ok());
  CHECK(f.tree.nodes.count("d") == 1);
  REQUIRE(f.file_system.rename(idl::Text("d"), idl::Text("e")).ok());
  CHECK(f.tree.nodes.count("e") == 1);
  REQUIRE(f.file_system.rmdir(idl::Text("e")).ok());
  CHECK(f.tree.nodes.count("e") == 0);
  REQUIRE(f.file_system.sync().ok());
  CHECK(f.tree.syncs == 1);
  fs::FsInfo info{};
  REQUIRE(f.file_system.statfs(info).ok());
  CHECK(std::string(info.type.data, info.type.size) == "faketree");
  CHECK(info.block_size == 512);
  CHECK(info.blocks == 100);
  CHECK(info.free_blocks == 42);
}

TEST_CASE("TreeFiles.BulkTransfersUseTheChannelsBuffer") {
  Fixture f;
  auto c = f.opened("a", flags::kReadWrite | flags::kCreate, 64);
  uint32_t count = 0;
  // No buffer yet: every range is out of it.
  CHECK_FALSE(c->file.write_bulk(0, idl::Bulk{0, 8}, count).ok());
  kernel.membufs[500] = {std::vector<uint8_t>(64), true};
  REQUIRE(c->file.set_buffer(500, 64).ok());
  memcpy(kernel.membufs[500].bytes.data(), "bulkdata", 8);
  REQUIRE(c->file.write_bulk(0, idl::Bulk{0, 8}, count).ok());
  CHECK(count == 8);
  REQUIRE(c->file.read_bulk(4, idl::Bulk{32, 16}, count).ok());
  CHECK(count == 4);
  CHECK(std::string(reinterpret_cast<char*>(kernel.membufs[500].bytes.data()) + 32, 4) == "data");
  CHECK_FALSE(c->file.read_bulk(0, idl::Bulk{60, 8}, count).ok());  // past the buffer
}

TEST_CASE("TreeFiles.SetBufferTakesTheHandleWhetherItMapsOrNot") {
  Fixture f;
  auto c = f.opened("a", flags::kReadWrite | flags::kCreate, 16);
  kernel.closed.clear();
  CHECK(c->file.set_buffer(777, 16).error() == Error::BadHandle);  // no such membuf
  kernel.membufs[502] = {std::vector<uint8_t>(16), true};
  CHECK(c->file.set_buffer(502, 16).ok());
  CHECK(kernel.closed == std::vector<ipc::Handle>{777, 502});
}

TEST_CASE("TreeFiles.AReadOnlyBufferServesWritesButNotReads") {
  Fixture f;
  auto c = f.opened("a", flags::kReadWrite | flags::kCreate, 16);
  kernel.membufs[501] = {std::vector<uint8_t>{'r', 'o'}, false};
  kernel.membufs[501].bytes.resize(16);
  REQUIRE(c->file.set_buffer(501, 16).ok());
  uint32_t count = 0;
  REQUIRE(c->file.write_bulk(0, idl::Bulk{0, 2}, count).ok());
  CHECK(*c->read(0, 2) == "ro");
  CHECK(c->file.read_bulk(0, idl::Bulk{0, 2}, count).error() == Error::AccessDenied);
}

TEST_CASE("TreeFiles.TheNodeClosesWithTheLastClone") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  auto c = f.opened("a", flags::kReadOnly);
  ipc::Handle second = ipc::kInvalidHandle, third = ipc::kInvalidHandle, fourth = ipc::kInvalidHandle;
  REQUIRE(c->file.clone(second).ok());
  REQUIRE(c->file.clone(third).ok());
  // An open and its clones are at most channels_per_open (3) channels.
  CHECK(c->file.clone(fourth).error() == Error::AccessDenied);
  CHECK(f.files.open_files() == 1);
  f.files.close_channel(c->loop.end);
  f.files.close_channel(second);
  CHECK(f.tree.holds() == 1);
  f.files.close_channel(third);
  CHECK(f.tree.holds() == 0);
  CHECK(f.files.open_files() == 0);
}

TEST_CASE("TreeFiles.OpensPastTheLimitAreRefusedUntilOneCloses") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  std::vector<ipc::Handle> ends;
  for (int i = 0; i < 4; ++i) ends.push_back(*f.open("a", flags::kReadOnly));
  CHECK(f.open("a", flags::kReadOnly).error() == Error::AccessDenied);
  CHECK(f.tree.holds() == 4);
  f.files.close_channel(ends.back());
  CHECK(f.open("a", flags::kReadOnly));
}

TEST_CASE("TreeFiles.AnOpenWithoutAChannelLeavesNothingHeld") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  f.files.refuse_channels = true;
  CHECK(f.open("a", flags::kReadOnly).error() == Error::NoMemory);
  CHECK(f.tree.holds() == 0);
  CHECK(f.files.open_files() == 0);
}

TEST_CASE("TreeFiles.AMalformedRequestNeverReachesTheTree") {
  Fixture f;
  ipc::Message msg{};
  uint16_t ordinal = 99;
  memcpy(msg.data, &ordinal, sizeof ordinal);
  msg.bytes = 8;
  f.files.serve_file_system(msg);
  int32_t status = 0;
  memcpy(&status, msg.data + 4, 4);
  CHECK(status != 0);
  CHECK(f.tree.nodes.size() == 1);
  CHECK(f.tree.syncs == 0);
}

TEST_CASE("TreeFiles.UnmountWritesBackAndFinishesWithTheLastOpenFile") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  auto end = f.open("a", flags::kReadOnly);
  REQUIRE(end);
  f.files.unmounted();
  CHECK(f.tree.syncs == 1);
  CHECK_FALSE(f.files.done);
  // A close the tree could not finish is logged, and the file goes anyway.
  f.tree.close_result = Error::IoError;
  f.files.close_channel(*end);
  CHECK(f.tree.holds() == 0);
  CHECK(f.files.done);
}

TEST_CASE("TreeFiles.SetAttributesChangesOnlyWhatItNamesWhateverTheOpen") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  auto c = f.opened("a", flags::kReadOnly);
  namespace bits = ipc::attribute_bits;
  // The file type bits and anything past 07777 are not the tree's to keep.
  REQUIRE(c->file.set_attributes(bits::kMode, 0100600 | 04000, 7, 8).ok());
  REQUIRE(c->file.set_attributes(bits::kMtime, 0777, 9, 1'700'000'000'000'000'000).ok());
  fs::Stat stat{};
  REQUIRE(c->file.stat(stat).ok());
  CHECK(stat.mode == 04600);
  CHECK(stat.atime == 0);
  CHECK(stat.mtime == 1'700'000'000'000'000'000);
  REQUIRE(f.file_system.stat(idl::Text("a"), stat).ok());
  CHECK(stat.mtime == 1'700'000'000'000'000'000);
}

namespace {

constexpr ipc::Handle kReply = 77;

// The answer to an openFor of path, read as the reply to the open (ordinal
// 0) it stands for: the File end, or the error.
Result<ipc::Handle> open_for(Fixture& f, const char* path, uint32_t open_flags) {
  REQUIRE(f.file_system.open_for(idl::Text(path), open_flags, 0644, kReply).ok());
  CHECK(f.fs_loop.answer_on == kReply);
  fs::FileSystemOpenForResults out;
  TRY(idl::wire::read_reply(f.fs_loop, f.fs_loop.msg, fs::FileSystemOpenForParams::kReplyOrdinal, 0, out));
  CHECK(out.stat.kind == fs::NodeKind::File);
  return out.file;
}

}  // namespace

TEST_CASE("TreeFiles.OpenForAnswersTheReplyWithTheOpen") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  auto end = open_for(f, "a", flags::kReadWrite);
  REQUIRE(end);
  CHECK(f.files.channels.count(*end) == 1);
  CHECK(f.tree.holds() == 1);
  CHECK(open_for(f, "missing", flags::kReadOnly).error() == Error::NotFound);
  CHECK(f.tree.holds() == 1);
}

TEST_CASE("TreeFiles.AMalformedOpenForIsAnsweredWithTheError") {
  Fixture f;
  f.tree.add("a", NodeKind::File);
  ipc::Message msg{};
  REQUIRE(idl::wire::build_request(msg, 0, fs::FileSystemOpenForParams{idl::Text("a"), flags::kReadOnly, 0, kReply}).ok());
  uint32_t path_at = 0;
  memcpy(&path_at, msg.data + 8, sizeof path_at);  // the path's descriptor: offset, length
  msg.data[path_at] = 0;                           // a NUL inside the path
  CHECK(f.files.serve_file_system_message(msg) == kReply);
  fs::FileSystemOpenForResults out;
  CHECK(idl::wire::read_reply(f.fs_loop, msg, 0, 0, out).error() == Error::Malformed);
  CHECK(f.tree.holds() == 0);
  CHECK(f.files.open_files() == 0);
}
