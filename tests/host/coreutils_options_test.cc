// Option parsing the POSIX way (apps/coreutils/lib/options.h) and the
// numbers and signal names utilities take as arguments.
#include <doctest/doctest.h>

#include <signal.h>
#include <string>
#include <vector>

#include "../../apps/coreutils/lib/number.h"
#include "../../apps/coreutils/lib/options.h"
#include "../../apps/coreutils/lib/signals.h"

using namespace coreutils;

namespace {

struct Parsed {
  std::string options;  // each option letter, with "=arg" after one that takes an argument
  int first_operand;
};

Parsed parse(std::vector<const char*> args, const char* spec) {
  std::vector<char*> argv;
  for (const char* a : args) argv.push_back(const_cast<char*>(a));
  argv.push_back(nullptr);
  optind = 1;
  opterr = 0;
  Parsed out;
  for (int c; (c = next_option(int(args.size()), argv.data(), spec)) != -1;) {
    out.options += char(c);
    if (c != '?' && optarg) out.options += std::string("=") + optarg;
    optarg = nullptr;
  }
  out.first_operand = optind;
  return out;
}

}  // namespace

TEST_CASE("options, grouped or apart, come before the operands") {
  auto p = parse({"ls", "-la", "-1", "dir"}, "la1");
  CHECK(p.options == "la1");
  CHECK(p.first_operand == 3);
}

TEST_CASE("an option's argument is attached or the next word") {
  auto p = parse({"head", "-n", "5", "-c7", "file"}, "n:c:");
  CHECK(p.options == "n=5c=7");
  CHECK(p.first_operand == 4);
}

TEST_CASE("options end at the first operand, even if options follow it") {
  auto p = parse({"env", "X=1", "ls", "-l"}, "i");
  CHECK(p.options == "");
  CHECK(p.first_operand == 1);
  auto q = parse({"rm", "-f", "a", "-r"}, "rf");
  CHECK(q.options == "f");
  CHECK(q.first_operand == 2);
}

TEST_CASE("-- ends the options and is not an operand") {
  auto p = parse({"rm", "-f", "--", "-r"}, "rf");
  CHECK(p.options == "f");
  CHECK(p.first_operand == 3);
}

TEST_CASE("a lone - is an operand (stdin)") {
  auto p = parse({"cat", "-", "-u"}, "u");
  CHECK(p.options == "");
  CHECK(p.first_operand == 1);
}

TEST_CASE("an unknown option or a missing argument is '?'") {
  CHECK(parse({"ls", "-x"}, "la1").options == "?");
  CHECK(parse({"head", "-n"}, "n:").options == "?");
}

TEST_CASE("unsigned numbers: digits only, no overflow") {
  uint64_t n = 0;
  CHECK(parse_unsigned("0", n));
  CHECK(n == 0);
  CHECK(parse_unsigned("18446744073709551615", n));
  CHECK(n == UINT64_MAX);
  CHECK_FALSE(parse_unsigned("18446744073709551616", n));
  CHECK_FALSE(parse_unsigned("", n));
  CHECK_FALSE(parse_unsigned("12x", n));
  CHECK_FALSE(parse_unsigned("-1", n));
  CHECK_FALSE(parse_unsigned(" 1", n));
}

TEST_CASE("signed numbers stay within int64") {
  int64_t n = 0;
  CHECK(parse_signed("-42", n));
  CHECK(n == -42);
  CHECK(parse_signed("-9223372036854775808", n));
  CHECK(n == INT64_MIN);
  CHECK_FALSE(parse_signed("9223372036854775808", n));
  CHECK_FALSE(parse_signed("-", n));
}

TEST_CASE("signals are named with or without SIG, in any case, or by number") {
  CHECK(signal_number("TERM") == SIGTERM);
  CHECK(signal_number("SIGKILL") == SIGKILL);
  CHECK(signal_number("int") == SIGINT);
  CHECK(signal_number("9") == 9);
  CHECK(signal_number("0") == 0);
  CHECK(signal_number("NOPE") == -1);
  CHECK(signal_number("9x") == -1);
  CHECK(signal_number("999") == -1);
  CHECK(std::string(signal_name(SIGHUP)) == "HUP");
  CHECK(signal_name(999) == nullptr);
}
