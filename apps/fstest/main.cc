#include <string.h>

#include "fstest.h"
#include "ipc/process.h"
#include "ipc/syscall.h"
#include "ipc/time.h"

namespace fstest {

Status File::open(FileSystem& fs, const char* path, uint32_t open_flags, uint32_t mode) {
  close();
  ipc::Handle end;
  Stat stat;
  TRY(fs.client.open(path, open_flags, mode, end, stat));
  transport_ = ipc::ChannelTransport(end);
  return {};
}

Status File::write_text(uint64_t offset, const char* text, uint32_t& count) {
  idl::Data data{reinterpret_cast<const uint8_t*>(text), static_cast<uint32_t>(strlen(text))};
  return client_.write(offset, data, count);
}

Status File::read_bytes(uint64_t offset, uint32_t count, uint8_t* out, uint32_t& got) {
  idl::Data data;
  TRY(client_.read(offset, count, data));
  memcpy(out, data.data, data.size);
  got = data.size;
  return {};
}

bool File::holds(const char* text) {
  size_t length = strlen(text);
  uint8_t buffer[1024];
  uint32_t got;
  if (length + 1 > sizeof buffer || !read_bytes(0, sizeof buffer, buffer, got)) return false;
  return got == length && memcmp(buffer, text, length) == 0;
}

bool make_file(Check& check, FileSystem& fs, const char* path, const char* contents) {
  File file;
  if (!check.ok(file.open(fs, path, flags::kReadWrite | flags::kCreate | flags::kTruncate), path)) return false;
  uint32_t count;
  return check.ok(file.write_text(0, contents, count), path) && check.that(count == strlen(contents), path);
}

}  // namespace fstest

namespace {

using namespace fstest;

struct Test {
  const char* name;
  int (*run)(FileSystem&);
};

const Test kTests[] = {
    {"files", files},   {"access", access}, {"bulk", bulk},           {"directories", directories},
    {"errors", errors}, {"clone", clone},   {"malformed", malformed}, {"limits", limits},
    {"full", full},     {"openfor", open_for},
};

constexpr uint64_t kExitWaitMs = 5000;

// Its exit status, or an error if it has not ended within kExitWaitMs.
int64_t wait_for_exit(ipc::Handle process) { return ipc::wait(process, ipc::deadline_in_ms(kExitWaitMs)); }

// Starts bin/ramfs serving a new channel, with the boot archive if given;
// returns the process, and the client end in fs_end.
Result<ipc::Handle> start_ramfs(ipc::Handle& fs_end, ipc::Handle archive) {
  auto pair = ipc::channel_create();
  if (!pair) return pair.error();
  const char* argv[] = {"ramfs"};
  ipc::Handle handles[] = {pair->b, archive};
  auto process = ipc::spawn(argv, std::span<const ipc::Handle>(handles, archive ? 2 : 1));
  if (!process) {
    (void)ipc::close(pair->a);
    (void)ipc::close(pair->b);
    return process.error();
  }
  fs_end = pair->a;
  return *process;
}

// Closing the FileSystem channel, with no file open, ends the server.
int check_shutdown(ipc::Handle fs_end, ipc::Handle process) {
  Check check("shutdown");
  (void)ipc::close(fs_end);
  int64_t status = wait_for_exit(process);
  check.that(status == 0, "ramfs did not exit with status 0 once its clients were gone");
  (void)ipc::close(process);
  if (check.failures() == 0) printf("PASS shutdown\n");
  return check.failures();
}

// Without a FileSystem channel ramfs has nothing to serve.
int check_no_handles() {
  Check check("nohandles");
  const char* argv[] = {"ramfs"};
  auto process = ipc::spawn(argv);
  if (!check.that(process.ok(), "spawn ramfs")) return 1;
  check.that(wait_for_exit(*process) == 1, "ramfs without handles should exit 1");
  (void)ipc::close(*process);
  if (check.failures() == 0) printf("PASS nohandles\n");
  return check.failures();
}

int run_ramfs(int argc, char** argv) {
  ipc::Handle fs_end;
  auto process = start_ramfs(fs_end, ipc::kInvalidHandle);
  if (!process) {
    printf("FAIL fstest: cannot start ramfs: %s\n", abi::error_name(process.error()));
    return 1;
  }
  int failures = 0;
  {
    FileSystem fs(fs_end);
    for (const Test& t : kTests) {
      bool wanted = argc < 3;
      for (int i = 2; i < argc; ++i) wanted = wanted || strcmp(argv[i], t.name) == 0;
      if (!wanted) continue;
      int failed = t.run(fs);
      if (failed == 0) printf("PASS %s\n", t.name);
      failures += failed;
    }
  }
  failures += check_shutdown(fs_end, *process);
  return failures + check_no_handles();
}

int run_bootfs() {
  auto handles = ipc::startup_handles();
  if (handles.empty() || (sys::handle_info(handles[0]) >> 32) != int64_t(abi::ObjectType::MmioRange)) {
    printf("FAIL bootfs: no boot archive handle (run as: fstest bootfs +bootfs)\n");
    return 1;
  }
  ipc::Handle fs_end;
  auto process = start_ramfs(fs_end, handles[0]);
  if (!process) {
    printf("FAIL bootfs: cannot start ramfs: %s\n", abi::error_name(process.error()));
    return 1;
  }
  int failures;
  {
    FileSystem fs(fs_end);
    failures = fstest::bootfs(fs);
    if (failures == 0) printf("PASS bootfs\n");
  }
  return failures + check_shutdown(fs_end, *process);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && strcmp(argv[1], "ramfs") == 0) return run_ramfs(argc, argv);
  if (argc == 2 && strcmp(argv[1], "bootfs") == 0) return run_bootfs();
  printf("usage: fstest ramfs [test...] | fstest bootfs +bootfs\n");
  return 2;
}
