#include <string.h>

#include "ipc/open_flags.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"
#include "vfstest.h"

namespace vfstest {

namespace {

// Starts bin/<program> with the server end of a new channel as handle 0
// (and `extra` as handle 1 if given); returns the client end.
Result<ipc::Handle> start_server(const char* program, ipc::Handle& process, ipc::Handle extra = ipc::kInvalidHandle) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  const char* argv[] = {program};
  ipc::Handle handles[] = {pair->a, extra};
  auto spawned = ipc::spawn(argv, std::span<const ipc::Handle>(handles, extra ? 2 : 1));
  if (!spawned) {
    (void)ipc::close(pair->a);
    (void)ipc::close(pair->b);
    return spawned.error();
  }
  process = *spawned;
  return pair->b;
}

}  // namespace

bool World::start(const char* check) {
  auto root = start_server("ramfs", processes_[1]);
  auto second = start_server("ramfs", processes_[2]);
  if (!root || !second) {
    printf("FAIL %s: cannot start ramfs: %s\n", check, abi::error_name(root ? second.error() : root.error()));
    return false;
  }
  second_fs_ = *second;
  auto session = start_server("vfs", processes_[0], *root);
  if (!session) {
    printf("FAIL %s: cannot start vfs: %s\n", check, abi::error_name(session.error()));
    return false;
  }
  session_ = *session;
  transport_ = ipc::ChannelTransport(session_);
  return true;
}

Result<ipc::Handle> World::start_third_fs() {
  if (processes_[3]) return Error::AlreadyExists;
  return start_server("ramfs", processes_[3]);
}

bool World::stop() {
  if (second_fs_) (void)ipc::close(second_fs_);
  if (session_) (void)ipc::close(session_);
  bool vfs_left = false;
  if (processes_[0]) vfs_left = ipc::wait(processes_[0], ipc::deadline_in_ms(2000)) == 0;
  for (ipc::Handle p : processes_) {
    if (!p) continue;
    (void)sys::process_kill(p);
    (void)ipc::wait(p);
    (void)ipc::close(p);
  }
  return vfs_left;
}

bool Check::is(Status s, Error expected, const char* what) {
  if (s.error() == expected) return true;
  printf("FAIL %s: %s: %s, expected %s\n", name_, what, abi::error_name(s.error()), abi::error_name(expected));
  ++failures_;
  return false;
}

bool Check::expect(bool condition, const char* what) {
  if (condition) return true;
  printf("FAIL %s: %s\n", name_, what);
  ++failures_;
  return false;
}

int Check::finish() {
  if (failures_ == 0) printf("PASS %s\n", name_);
  return failures_;
}

Status write_file(VfsClient& vfs, const char* path, const char* text) {
  using namespace ipc::open_flags;
  ipc::Handle file;
  idl::fs::Stat stat;
  TRY(vfs.open(path, kReadWrite | kCreate | kTruncate, 0644, file, stat));
  ipc::ChannelTransport transport(file);
  FileClient f(transport);
  uint32_t written = 0;
  uint32_t length = static_cast<uint32_t>(strlen(text));
  Status s = f.write(0, idl::Data{reinterpret_cast<const uint8_t*>(text), length}, written);
  (void)ipc::close(file);
  if (!s) return s;
  return written == length ? Status{} : Error::BadState;
}

bool file_holds(VfsClient& vfs, const char* path, const char* text) {
  ipc::Handle file;
  idl::fs::Stat stat;
  if (!vfs.open(path, ipc::open_flags::kReadOnly, 0, file, stat)) return false;
  ipc::ChannelTransport transport(file);
  FileClient f(transport);
  idl::Data data;
  size_t length = strlen(text);
  bool same = f.read(0, 3072, data) && data.size == length && memcmp(data.data, text, length) == 0;
  (void)ipc::close(file);
  return same;
}

void list(VfsClient& vfs, const char* path, char* out, size_t capacity) {
  ipc::Handle dir;
  idl::fs::Stat stat;
  Status opened = vfs.open(path, ipc::open_flags::kReadOnly | ipc::open_flags::kDirectory, 0, dir, stat);
  if (!opened) {
    snprintf(out, capacity, "[%s]", abi::error_name(opened.error()));
    return;
  }
  ipc::ChannelTransport transport(dir);
  FileClient f(transport);
  size_t used = 0;
  out[0] = '\0';
  for (uint32_t i = 0;; ++i) {
    idl::Text name;
    idl::fs::NodeKind kind;
    bool end = false;
    Status s = f.readdir(i, name, kind, end);
    if (!s) {
      snprintf(out, capacity, "[%s]", abi::error_name(s.error()));
      break;
    }
    if (end) break;
    if (name == idl::Text(".") || name == idl::Text("..")) continue;
    int n = snprintf(out + used, capacity - used, "%.*s ", int(name.size), name.data);
    if (n < 0 || size_t(n) >= capacity - used) break;
    used += size_t(n);
  }
  (void)ipc::close(dir);
}

// Directory order is the file system's: compare as sets of names.
bool lists(VfsClient& vfs, const char* path, const char* expected) {
  char got[512];
  list(vfs, path, got, sizeof got);
  size_t names = 0;
  for (const char* p = got; *p; ++p) names += *p == ' ';
  size_t wanted = 0;
  bool all_found = true;
  for (const char* p = expected; *p;) {
    const char* end = strchr(p, ' ');
    size_t n = end ? size_t(end - p) : strlen(p);
    char word[64];
    snprintf(word, sizeof word, " %.*s ", int(n), p);
    char padded[520];
    snprintf(padded, sizeof padded, " %s", got);
    if (!strstr(padded, word)) all_found = false;
    ++wanted;
    p += n;
    while (*p == ' ') ++p;
  }
  if (all_found && names == wanted) return true;
  printf("  %s lists \"%s\", expected \"%s\"\n", path, got, expected);
  return false;
}

bool exists(VfsClient& vfs, const char* path) {
  idl::fs::Stat stat;
  return vfs.stat(path, stat).ok();
}

}  // namespace vfstest
