// Host tests of the pure parts of libc's POSIX layer: the descriptor
// table, paths against the working directory, wait statuses and the order
// of posix_spawn's file actions.
#include "../../libc/include/sys/wait.h"
#include "../../libc/src/posix/fd_table.h"
#include "../../libc/src/posix/path.h"
#include "../../libc/src/posix/spawn_actions.h"
#include "../../libc/src/posix/wait_status.h"

#include <doctest/doctest.h>

#include <cstring>
#include <string>

using tessera::posix::FdTable;

namespace {

// A description that counts its references; the test owns the object.
struct Counted {
  int references = 1;
  int id = 0;
  void retain() { ++references; }
  void release() { --references; }
};

using Table = FdTable<Counted>;

std::string joined(const char* cwd, const char* path, size_t capacity = 1024) {
  char out[2048];
  int e = tessera::posix::join_path(cwd, path, out, capacity);
  return e ? "errno " + std::to_string(e) : std::string(out);
}

std::string normalized(const char* path) {
  char buffer[256];
  std::strcpy(buffer, path);
  tessera::posix::normalize_path(buffer);
  return buffer;
}

}  // namespace

TEST_CASE("FdTable.InstallTakesTheLowestFreeFd") {
  Table table;
  Counted a, b, c;
  CHECK(table.install(&a, false) == 0);
  CHECK(table.install(&b, false) == 1);
  CHECK(table.close(0) == 0);
  CHECK(a.references == 0);
  CHECK(table.install(&c, false) == 0);
  CHECK(table.install(&a, false, 5) == 5);
  CHECK(table.close(7) == -EBADF);
  CHECK(table.close(-1) == -EBADF);
  CHECK(table.close(64) == -EBADF);
  table.clear();
  CHECK(b.references == 0);
}

TEST_CASE("FdTable.DupSharesTheDescription") {
  Table table;
  Counted a;
  table.install(&a, true);
  CHECK(table.dup(0, 0, false) == 1);
  CHECK(table.get(1) == &a);
  CHECK(a.references == 2);
  CHECK_FALSE(table.slot(1).close_on_exec);  // close-on-exec belongs to the fd
  CHECK(table.slot(0).close_on_exec);
  CHECK(table.dup(0, 10, true) == 10);
  CHECK(table.slot(10).close_on_exec);
  CHECK(table.dup(3, 0, false) == -EBADF);
  CHECK(table.dup(0, 64, false) == -EINVAL);
  table.clear();
  CHECK(a.references == 0);
}

TEST_CASE("FdTable.Dup2ClosesTheTargetAndClearsCloseOnExec") {
  Table table;
  Counted a, b;
  table.install(&a, false);
  table.install(&b, true);
  CHECK(table.dup2(0, 1) == 1);
  CHECK(b.references == 0);
  CHECK(table.get(1) == &a);
  CHECK_FALSE(table.slot(1).close_on_exec);
  CHECK(table.dup2(0, 0) == 0);
  CHECK(a.references == 2);
  CHECK(table.dup2(5, 1) == -EBADF);
  CHECK(table.dup2(0, 64) == -EBADF);
  CHECK(table.dup2(0, -1) == -EBADF);
  table.clear();
}

TEST_CASE("FdTable.FullTableGivesEmfileAndDropsTheReference") {
  Table table;
  Counted a;
  CHECK(table.install(&a, false) == 0);
  for (int fd = 1; fd < Table::kSize; ++fd) CHECK(table.dup(0, 0, false) == fd);
  CHECK(a.references == Table::kSize);
  CHECK(table.dup(0, 0, false) == -EMFILE);
  CHECK(a.references == Table::kSize);
  Counted b;
  CHECK(table.install(&b, false) == -EMFILE);
  CHECK(b.references == 0);
  table.clear();
  CHECK(a.references == 0);
}

TEST_CASE("FdTable.CopyKeepsWhatIsNotCloseOnExec") {
  Table parent;
  Counted a, b;
  parent.install(&a, false);
  parent.install(&b, true);
  Table child;
  child.copy_from(parent);
  CHECK(a.references == 2);
  CHECK(b.references == 2);
  child.drop_close_on_exec();
  CHECK(child.get(0) == &a);
  CHECK(child.get(1) == nullptr);
  CHECK(b.references == 1);
  child.clear();
  parent.clear();
  CHECK(a.references == 0);
  CHECK(b.references == 0);
}

TEST_CASE("Path.RelativeJoinsTheWorkingDirectory") {
  CHECK(joined("/tmp", "a.txt") == "/tmp/a.txt");
  CHECK(joined("/", "a.txt") == "/a.txt");
  CHECK(joined("/tmp/", "x/y") == "/tmp/x/y");
  CHECK(joined("/tmp", "../etc") == "/tmp/../etc");  // vfs resolves ".." with its checks
  CHECK(joined("/tmp", "/etc/boot.conf") == "/etc/boot.conf");
  CHECK(joined("/tmp", "") == "errno " + std::to_string(ENOENT));
}

TEST_CASE("Path.TooLongIsEnametoolong") {
  std::string name(1018, 'n');
  CHECK(joined("/tmp", name.c_str()) == "/tmp/" + name);  // 1024 bytes with the NUL
  name += 'n';
  CHECK(joined("/tmp", name.c_str()) == "errno " + std::to_string(ENAMETOOLONG));
  std::string absolute = "/" + std::string(1023, 'a');
  CHECK(joined("/", absolute.c_str()) == "errno " + std::to_string(ENAMETOOLONG));
}

TEST_CASE("Path.NormalizedForGetcwd") {
  CHECK(normalized("/") == "/");
  CHECK(normalized("/tmp/d/sub/../sub/.") == "/tmp/d/sub");
  CHECK(normalized("//tmp///x//") == "/tmp/x");
  CHECK(normalized("/tmp/..") == "/");
  CHECK(normalized("/..") == "/");
  CHECK(normalized("/a/b/../../..") == "/");
  CHECK(normalized("/a/..b/.c") == "/a/..b/.c");
}

TEST_CASE("WaitStatus.ExitCodesAndSignals") {
  using tessera::posix::wait_status_of;
  int s = wait_status_of(3);
  CHECK(WIFEXITED(s));
  CHECK_FALSE(WIFSIGNALED(s));
  CHECK(WEXITSTATUS(s) == 3);
  CHECK(WEXITSTATUS(wait_status_of(0)) == 0);
  CHECK(WEXITSTATUS(wait_status_of(256 + 7)) == 7);  // only the low 8 bits, as on Linux
  s = wait_status_of(abi::kExitFault | 13);  // load page fault
  CHECK(WIFSIGNALED(s));
  CHECK_FALSE(WIFEXITED(s));
  CHECK(WTERMSIG(s) == SIGSEGV);
  CHECK(WTERMSIG(wait_status_of(abi::kExitFault | 15)) == SIGSEGV);
  CHECK(WTERMSIG(wait_status_of(abi::kExitFault | 2)) == SIGILL);
  CHECK(WTERMSIG(wait_status_of(abi::kExitFault | 3)) == SIGTRAP);
  s = wait_status_of(abi::kExitKilled);
  CHECK(WIFSIGNALED(s));
  CHECK(WTERMSIG(s) == SIGKILL);
  s = wait_status_of(abi::kExitSignal | SIGPIPE);
  CHECK(WIFSIGNALED(s));
  CHECK(WTERMSIG(s) == SIGPIPE);
  CHECK_FALSE(WIFSTOPPED(s));
}

namespace {

// Opens hand out descriptions from a pool; "missing" fails with ENOENT.
struct Opener {
  Counted pool[4];
  int used = 0;
  int operator()(const char* path, int, mode_t, Counted*& out) {
    if (std::strcmp(path, "missing") == 0) return -ENOENT;
    out = &pool[used];
    out->id = ++used;
    return 0;
  }
};

__spawn_action open_action(int fd, const char* path, int flags = O_RDONLY) {
  return {__spawn_action::Open, fd, -1, flags, 0, const_cast<char*>(path)};
}
__spawn_action close_action(int fd) { return {__spawn_action::Close, fd, -1, 0, 0, nullptr}; }
__spawn_action dup2_action(int source, int fd) { return {__spawn_action::Dup2, fd, source, 0, 0, nullptr}; }

}  // namespace

TEST_CASE("SpawnActions.RunInTheOrderAdded") {
  Opener opener;
  Counted stdout_description;
  Table table;
  table.install(&stdout_description, false, 1);

  SUBCASE("a dup2 from an fd closed before fails") {
    __spawn_action actions[] = {open_action(5, "f"), close_action(5), dup2_action(5, 1)};
    CHECK(tessera::posix::apply_file_actions(table, actions, 3, opener) == EBADF);
  }
  SUBCASE("a dup2 before the close keeps the description") {
    __spawn_action actions[] = {open_action(5, "f"), dup2_action(5, 1), close_action(5)};
    CHECK(tessera::posix::apply_file_actions(table, actions, 3, opener) == 0);
    CHECK(table.get(1) == &opener.pool[0]);
    CHECK(table.get(5) == nullptr);
    CHECK(stdout_description.references == 0);
  }
  SUBCASE("an open replaces what the fd named") {
    __spawn_action actions[] = {open_action(1, "f")};
    CHECK(tessera::posix::apply_file_actions(table, actions, 1, opener) == 0);
    CHECK(table.get(1)->id == 1);
    CHECK(stdout_description.references == 0);
  }
  SUBCASE("close-on-exec fds go after the actions; dup2 onto itself keeps one") {
    Counted secret, kept;
    table.install(&secret, true, 3);
    table.install(&kept, true, 4);
    __spawn_action actions[] = {dup2_action(4, 4), open_action(6, "f", O_RDONLY | O_CLOEXEC)};
    CHECK(tessera::posix::apply_file_actions(table, actions, 2, opener) == 0);
    CHECK(table.get(3) == nullptr);
    CHECK(secret.references == 0);
    CHECK(table.get(4) == &kept);
    CHECK(table.get(6) == nullptr);
    table.clear();
  }
  SUBCASE("a failed open stops them") {
    __spawn_action actions[] = {open_action(3, "missing"), close_action(1)};
    CHECK(tessera::posix::apply_file_actions(table, actions, 2, opener) == ENOENT);
    CHECK(table.get(1) == &stdout_description);
  }
  SUBCASE("closing an fd that is not open does nothing") {
    __spawn_action actions[] = {close_action(9)};
    CHECK(tessera::posix::apply_file_actions(table, actions, 1, opener) == 0);
  }
  table.clear();
}
