// getopt's body (libc/src/impl/getopt_impl.h): sequences against glibc's
// getopt in its POSIX mode ('+'), and the diagnostics POSIX asks for.
#include "../../libc/src/impl/getopt_impl.h"

#include <doctest/doctest.h>
#include <getopt.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace lib = tessera::libc;

namespace {

std::string reports;

void record(const char* program, char option, bool missing) {
  reports += std::string(program) + (missing ? ":missing:" : ":unknown:") + option + ";";
}

// Every call's (result, optarg, optind, optopt) as text, ours and glibc's.
std::string ours(std::vector<std::string> args, const char* optstring, bool opterr = true) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  lib::GetoptState state;
  state.opterr = opterr;
  std::string trace;
  for (int c; (c = lib::getopt(state, static_cast<int>(args.size()), argv.data(), optstring, record)) != -1;) {
    trace += std::string(1, static_cast<char>(c)) + "[" + (state.optarg ? state.optarg : "-") + "]" +
             std::to_string(state.optind) + (c == '?' || c == ':' ? std::string(1, static_cast<char>(state.optopt)) : "") + " ";
  }
  return trace + "end@" + std::to_string(state.optind);
}

std::string glibc(std::vector<std::string> args, const char* optstring) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  optind = 0;
  opterr = 0;
  std::string posix = std::string("+") + optstring;
  std::string trace;
  for (int c; (c = ::getopt(static_cast<int>(args.size()), argv.data(), posix.c_str())) != -1;) {
    trace += std::string(1, static_cast<char>(c)) + "[" + (optarg ? optarg : "-") + "]" + std::to_string(optind) +
             (c == '?' || c == ':' ? std::string(1, static_cast<char>(optopt)) : "") + " ";
  }
  return trace + "end@" + std::to_string(optind);
}

}  // namespace

TEST_CASE("option sequences match glibc's POSIX mode") {
  const std::vector<std::vector<std::string>> cases = {
      {"p"}, {"p", "-a"}, {"p", "-ab", "-c", "x"}, {"p", "-cx", "rest"}, {"p", "-acfoo", "-b"}, {"p", "-a", "--", "-b"},
      {"p", "-a", "-", "-b"}, {"p", "file", "-a"}, {"p", "-z", "-a"}, {"p", "-az", "-b"}, {"p", "-c"}, {"p", "-ac"},
      {"p", "-a", "-c", "--"}, {"p", "-:"}, {"p", "-b", "-c", "-", "x"}, {"p", "--x"}, {"p", "-aaa"},
  };
  for (const auto& args : cases) {
    for (const char* optstring : {"abc:", ":abc:", "a:b:c:", "ab"}) {
      std::string a = ours(args, optstring, false);
      std::string b = glibc(args, optstring);
      CHECK_MESSAGE(a == b, optstring, " ", args.size());
    }
  }
}

TEST_CASE("a missing argument is ':' with a leading ':' and '?' with a message otherwise") {
  reports.clear();
  CHECK(ours({"prog", "-c"}, ":c:") == ":[-]2c end@2");
  CHECK(reports.empty());
  CHECK(ours({"prog", "-c"}, "c:") == "?[-]2c end@2");
  CHECK(reports == "prog:missing:c;");
  reports.clear();
  CHECK(ours({"prog", "-x"}, "c:") == "?[-]2x end@2");
  CHECK(reports == "prog:unknown:x;");
  reports.clear();
  ours({"prog", "-x"}, "c:", false);
  CHECK(reports.empty());
}

TEST_CASE("optind 0 starts a new scan, even in the middle of a group") {
  std::string a0 = "p", a1 = "-ab";
  char* argv[] = {a0.data(), a1.data(), nullptr};
  lib::GetoptState state;
  CHECK(lib::getopt(state, 2, argv, "ab", record) == 'a');
  state.optind = 0;
  CHECK(lib::getopt(state, 2, argv, "ab", record) == 'a');
  CHECK(lib::getopt(state, 2, argv, "ab", record) == 'b');
  CHECK(lib::getopt(state, 2, argv, "ab", record) == -1);
  CHECK(state.optind == 2);
}
