// Host tests of the pure parts of libc's POSIX layer: the descriptor
// table, paths against the working directory, wait statuses and the order
// of posix_spawn's file actions, and the reading of inheritance messages.
#include "../../libc/include/sys/wait.h"
#include "../../libc/src/posix/fd_table.h"
#include "../../libc/src/posix/inheritance_wire.h"
#include "../../libc/src/posix/path.h"
#include "../../libc/src/posix/spawn_actions.h"
#include "../../libc/src/posix/wait_status.h"

#include <doctest/doctest.h>

#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

using tessera::posix::FdTable;

namespace {

// A description that counts its references; the test owns the object.
struct Counted {
  int references = 1;
  int id = 0;
  bool terminal = false;
  bool is_terminal() const { return terminal; }
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

TEST_CASE("FdTable.EndIsOnePastTheHighestFdInUse") {
  Table table;
  Counted a, b, c;
  CHECK(table.end() == 0);
  CHECK(table.install(&a, false) == 0);
  CHECK(table.install(&b, true) == 1);
  CHECK(table.end() == 2);
  CHECK(table.dup2(0, 40) == 40);
  CHECK(table.end() == 41);
  CHECK(table.close(40) == 0);
  CHECK(table.end() == 2);  // down past the empty fds below
  CHECK(table.close(0) == 0);
  CHECK(table.end() == 2);  // fd 1 is still open
  // A copy walks and keeps what is below the end; dropping the
  // close-on-exec fd 1 leaves an empty table.
  CHECK(table.install(&c, false, 9) == 9);
  Table copy;
  copy.copy_from(table);
  CHECK(copy.end() == 10);
  CHECK(copy.get(9) == &c);
  CHECK(c.references == 2);  // the table's and the copy's
  copy.drop_close_on_exec();
  CHECK(copy.get(1) == nullptr);
  CHECK(copy.end() == 10);
  CHECK(copy.close(9) == 0);
  CHECK(copy.end() == 0);
  table.clear();
  CHECK(table.end() == 0);
  CHECK(a.references == 0);
  CHECK(b.references == 0);
  CHECK(c.references == 0);
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
__spawn_action foreground_action(int fd) { return {__spawn_action::Foreground, fd, -1, 0, 0, nullptr}; }

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
  SUBCASE("the terminal the child's group takes is the fd's at that point; it changes no fd") {
    stdout_description.terminal = true;
    __spawn_action before[] = {foreground_action(1), open_action(1, "f")};
    CHECK(tessera::posix::apply_file_actions(table, before, 2, opener) == 0);
    CHECK(table.get(1) == &opener.pool[0]);
    __spawn_action after[] = {open_action(1, "f"), foreground_action(1)};
    CHECK(tessera::posix::apply_file_actions(table, after, 2, opener) == ENOTTY);
    __spawn_action closed[] = {close_action(1), foreground_action(1)};
    CHECK(tessera::posix::apply_file_actions(table, closed, 2, opener) == EBADF);
  }
  table.clear();
}

namespace {

namespace wire = tessera::posix::wire;
using Kind = tessera::posix::Description::Kind;

// An inheritance message as a parent's libc writes it.
struct Built {
  std::vector<uint8_t> bytes;
  uint32_t handles = 0;

  Built(std::initializer_list<wire::Record> records, bool final, const char* cwd = nullptr, bool console_job = false) {
    wire::Header header{static_cast<uint32_t>(records.size()),
                        (final ? wire::kFinal : 0u) | (console_job ? wire::kConsoleJob : 0u)};
    handles = console_job ? 1 : 0;
    append(&header, sizeof header);
    for (const wire::Record& r : records) {
      append(&r, sizeof r);
      handles += r.handle_count;
    }
    if (cwd) append(cwd, std::strlen(cwd) + 1);
  }
  void append(const void* p, size_t n) {
    auto* b = static_cast<const uint8_t*>(p);
    bytes.insert(bytes.end(), b, b + n);
  }
  wire::Message parse() const { return wire::parse(bytes.data(), bytes.size(), handles); }
};

wire::Record record(uint64_t fds, Kind kind) {
  return {fds, static_cast<uint8_t>(kind), static_cast<uint8_t>(kind == Kind::Console ? 1 : 2), {}};
}

}  // namespace

TEST_CASE("InheritanceWire.RecordsAndTheirHandles") {
  Built b({record(0b101, Kind::Console), record(0b010, Kind::File)}, false);
  wire::Message m = b.parse();
  REQUIRE(m.count == 2);
  CHECK(m.entries[0].fds == 0b101);
  CHECK(m.entries[0].kind == Kind::Console);
  CHECK(m.entries[0].file == -1);
  CHECK(m.entries[0].state == 0);
  CHECK(m.entries[1].kind == Kind::File);
  CHECK(m.entries[1].file == 1);
  CHECK(m.entries[1].state == 2);
  CHECK(m.handle_used[0]);
  CHECK(m.handle_used[2]);
  CHECK_FALSE(m.handle_used[3]);
  CHECK_FALSE(m.final);
  CHECK(m.cwd == nullptr);
}

TEST_CASE("InheritanceWire.FinalCarriesTheConsoleJobAfterTheRecords") {
  Built b({record(1, Kind::File)}, true, "/", true);
  wire::Message m = b.parse();
  CHECK(m.count == 1);
  CHECK(m.final);
  CHECK(m.console_job == 2);  // after the record's channel and page
  CHECK(m.handle_used[2]);
  CHECK(std::string(m.cwd) == "/");
  CHECK(Built({}, true, "/", true).parse().console_job == 0);
  CHECK(Built({}, true, "/").parse().console_job == -1);
  // Only a final message has one, and only with the handle there.
  CHECK(Built({}, false, nullptr, true).parse().console_job == -1);
  Built missing({}, true, "/", true);
  missing.handles = 0;
  CHECK(missing.parse().console_job == -1);
}

TEST_CASE("InheritanceWire.FinalCarriesTheServiceManagerLast") {
  auto with_services = [](bool console_job, uint32_t handles) {
    Built b({record(1, Kind::File)}, true, "/", console_job);
    wire::Header header{1, wire::kFinal | wire::kServices | (console_job ? wire::kConsoleJob : 0u)};
    std::memcpy(b.bytes.data(), &header, sizeof header);
    b.handles = handles;
    return b.parse();
  };
  wire::Message m = with_services(true, 4);
  CHECK(m.console_job == 2);
  CHECK(m.services == 3);  // after the record's two handles and the console job's
  CHECK(m.handle_used[3]);
  CHECK(with_services(false, 3).services == 2);
  CHECK(with_services(false, 3).console_job == -1);
  // Marked but missing: none, and no index past the handles.
  CHECK(with_services(true, 3).services == -1);
  CHECK(with_services(false, 2).services == -1);
  // Unmarked, or in a message that is not final: none.
  CHECK(Built({}, true, "/").parse().services == -1);
  Built not_final({}, false);
  wire::Header header{0, wire::kServices};
  std::memcpy(not_final.bytes.data(), &header, sizeof header);
  not_final.handles = 1;
  CHECK(not_final.parse().services == -1);
}

TEST_CASE("InheritanceWire.FinalCarriesTheSignalsBeforeTheWorkingDirectory") {
  tessera::posix::InheritedSignals sent{1u << 2, 1u << 10, 1u << 15, 1u << 12};
  auto message = [&](size_t signal_bytes) {
    Built b({record(1, Kind::File)}, true);
    wire::Header header{1, wire::kFinal | wire::kSignals};
    std::memcpy(b.bytes.data(), &header, sizeof header);
    b.append(&sent, signal_bytes);
    b.append("/tmp", 5);
    return b;
  };
  Built whole = message(sizeof sent);
  wire::Message m = whole.parse();  // its cwd points into whole
  REQUIRE(m.has_signals);
  CHECK(m.signals.ignored == sent.ignored);
  CHECK(m.signals.blocked == sent.blocked);
  CHECK(m.signals.procmgr_ignored == sent.procmgr_ignored);
  CHECK(m.signals.procmgr_held == sent.procmgr_held);
  REQUIRE(m.cwd != nullptr);
  CHECK(std::string(m.cwd) == "/tmp");
  // Cut short: no signals, and nothing after them is read.
  wire::Message short_one = message(0).parse();
  CHECK_FALSE(short_one.has_signals);
  // Unmarked (or not final): none.
  CHECK_FALSE(Built({}, true, "/").parse().has_signals);
}

TEST_CASE("InheritanceWire.FinalCarriesTheWorkingDirectory") {
  Built b({record(1, Kind::Device)}, true, "/tmp/home");
  wire::Message m = b.parse();
  CHECK(m.count == 1);
  CHECK(m.final);
  REQUIRE(m.cwd != nullptr);
  CHECK(std::string(m.cwd) == "/tmp/home");
  CHECK(Built({}, true, "relative").parse().cwd == nullptr);
  CHECK(Built({}, true, "").parse().cwd == nullptr);
  Built unterminated({}, true, "/tmp");
  unterminated.bytes.pop_back();
  CHECK(unterminated.parse().cwd == nullptr);
  std::string long_path = "/" + std::string(1023, 'a');
  CHECK(Built({}, true, long_path.c_str()).parse().cwd == nullptr);
  CHECK(Built({}, true, long_path.substr(0, 1023).c_str()).parse().cwd != nullptr);
}

TEST_CASE("InheritanceWire.MalformedPartsAreSkipped") {
  CHECK(wire::parse(nullptr, 0, 0).count == 0);
  uint8_t short_message[4] = {1, 0, 0, 0};
  CHECK(wire::parse(short_message, sizeof short_message, 0).count == 0);
  // More records than a message holds, or than its bytes.
  Built three({record(1, Kind::Console), record(2, Kind::Console), record(4, Kind::Console)}, false);
  CHECK(three.parse().count == 0);
  Built cut({record(1, Kind::File)}, false);
  cut.bytes.resize(cut.bytes.size() - 1);
  CHECK(cut.parse().count == 0);
  // A kind past the last, a handle count that does not fit the kind, fewer
  // handles than the records name: the records from there are dropped.
  wire::Record bad_kind = record(1, Kind::File);
  bad_kind.kind = 9;
  CHECK(Built({record(2, Kind::Console), bad_kind}, false).parse().count == 1);
  wire::Record file_without_channel = record(1, Kind::File);
  file_without_channel.handle_count = 1;
  CHECK(Built({file_without_channel}, false).parse().count == 0);
  wire::Record console_with_two = record(1, Kind::Console);
  console_with_two.handle_count = 2;
  CHECK(Built({console_with_two}, false).parse().count == 0);
  Built few({record(1, Kind::File), record(2, Kind::File)}, false);
  few.handles = 3;
  wire::Message m = wire::parse(few.bytes.data(), few.bytes.size(), few.handles);
  CHECK(m.count == 1);
  CHECK_FALSE(m.handle_used[2]);
}
