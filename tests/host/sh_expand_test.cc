// The shell's word expansion and globbing (apps/sh): parameters, quote
// removal, field splitting, and pathname expansion against a real
// directory tree made for the test.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "../../apps/sh/expand.h"
#include "../../apps/sh/glob.h"

using namespace sh;

namespace {

class FakeEnvironment final : public Environment {
 public:
  std::map<std::string, std::string> variables{{"HOME", "/home/me"}, {"X", "a  b"}, {"E", ""}, {"?", "3"}, {"#", "2"},
                                               {"STAR", "*.c"}};
  std::vector<std::string> arguments{"one", "two words"};

  bool lookup(const char* name, Text& value) const override {
    if (name[0] >= '1' && name[0] <= '9') {
      size_t index = strtoul(name, nullptr, 10);
      if (index > arguments.size()) return false;
      value = arguments[index - 1].c_str();
      return true;
    }
    auto found = variables.find(name);
    if (found == variables.end()) return false;
    value = found->second.c_str();
    return true;
  }
  size_t argument_count() const override { return arguments.size(); }
  const char* argument(size_t index) const override { return arguments[index - 1].c_str(); }
  void assign(const char* name, const char* value) override { variables[name] = value; }
  // A command substitution's output here: the command in brackets.
  Text substitute(const Text& command) override {
    substituted.push_back(command.c_str());
    return Text((std::string("[") + command.c_str() + "]").c_str());
  }
  void expansion_error(const char* what, const char* why) override {
    errors.push_back(std::string(what) + ": " + why);
  }

  std::vector<std::string> substituted;
  std::vector<std::string> errors;
};

// The fields of word, joined by "|".
std::string fields(const char* word, FakeEnvironment environment = FakeEnvironment()) {
  Vec<Text> out;
  expand_fields(Text(word), environment, out);
  std::string joined;
  for (size_t i = 0; i < out.size(); ++i) joined += std::string(i ? "|" : "") + out[i].c_str();
  return joined;
}

std::string text(const char* word) {
  FakeEnvironment environment;
  return expand_text(Text(word), environment).c_str();
}

// A directory tree for globbing; the test runs in it and leaves it after.
class TempTree {
 public:
  TempTree() {
    char pattern[] = "/tmp/sh_glob_XXXXXX";
    root_ = mkdtemp(pattern);
    REQUIRE(getcwd(previous_, sizeof previous_));
    REQUIRE(chdir(root_.c_str()) == 0);
    for (const char* file : {"a.c", "b.c", "ab.h", ".hidden.c", "sub/x.c", "sub/y.txt", "sub2/z.c", "[x"}) {
      std::string path(file);
      size_t slash = path.find('/');
      if (slash != std::string::npos) mkdir(path.substr(0, slash).c_str(), 0755);
      FILE* f = fopen(file, "w");
      REQUIRE(f);
      fclose(f);
    }
  }
  ~TempTree() {
    REQUIRE(chdir(previous_) == 0);
    std::string command = "rm -rf " + root_;
    CHECK(system(command.c_str()) == 0);
  }
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  char previous_[4096];
};

}  // namespace

TEST_CASE("quote removal: single quotes, double quotes and backslashes") {
  CHECK(fields("'a b'") == "a b");
  CHECK(fields("\"a b\"") == "a b");
  CHECK(fields("a\\ b") == "a b");
  CHECK(fields("'it'\\''s'") == "it's");
  CHECK(fields("\"\\$X \\\" \\\\ \\n\"") == "$X \" \\ \\n");  // in "...", \ escapes only $ ` " \ newline
  CHECK(fields("''") == "");
  CHECK(fields("a''b") == "ab");
}

TEST_CASE("parameters: $NAME, ${NAME}, specials and positionals") {
  CHECK(fields("$HOME") == "/home/me");
  CHECK(fields("${HOME}x") == "/home/mex");
  CHECK(fields("$HOMEx") == "");  // the name is HOMEx, which is unset
  CHECK(fields("$?") == "3");
  CHECK(fields("$1-$2") == "one-two|words");
  CHECK(fields("\"$2\"") == "two words");
  CHECK(fields("$#") == "2");
  CHECK(fields("$9") == "");
  CHECK(fields("a$") == "a$");
  CHECK(fields("'$HOME'") == "$HOME");
}

TEST_CASE("unquoted expansions split on blanks; quoted ones do not") {
  CHECK(fields("$X") == "a|b");
  CHECK(fields("\"$X\"") == "a  b");
  CHECK(fields("x$X.y") == "xa|b.y");
  CHECK(fields("$E") == "");
  CHECK(fields("\"$E\"") == "");
  Vec<Text> out;
  FakeEnvironment environment;
  expand_fields(Text("$E"), environment, out);
  CHECK(out.size() == 0);  // an empty unquoted expansion is no field at all
  expand_fields(Text("\"$E\""), environment, out);
  CHECK(out.size() == 1);  // a quoted one is an empty field
}

TEST_CASE("$@ in double quotes keeps each argument a field; $* joins them") {
  CHECK(fields("\"$@\"") == "one|two words");
  CHECK(fields("\"$*\"") == "one two words");
  CHECK(fields("$@") == "one|two|words");
  FakeEnvironment none;
  none.arguments = {};
  Vec<Text> out;
  expand_fields(Text("\"$@\""), none, out);
  CHECK(out.size() == 0);  // no arguments: no field, not an empty one
  expand_fields(Text("\"\""), none, out);
  CHECK(out.size() == 1);
  FakeEnvironment empty_argument;
  empty_argument.arguments = {"", "x"};
  CHECK(fields("\"$@\"", empty_argument) == "|x");  // the empty argument is a field
}

TEST_CASE("tilde is $HOME at the start of a word only") {
  CHECK(fields("~") == "/home/me");
  CHECK(fields("~/x") == "/home/me/x");
  CHECK(fields("a~") == "a~");
  CHECK(fields("'~'") == "~");
}

TEST_CASE("assignments and redirection targets are neither split nor globbed") {
  CHECK(text("$X") == "a  b");
  CHECK(text("*.c") == "*.c");
  CHECK(text("'q'\"$1\"") == "qone");
}

TEST_CASE("pattern matching: * ? [...] ranges, negation and escapes") {
  CHECK(pattern_matches("*.c", "a.c"));
  CHECK_FALSE(pattern_matches("*.c", "a.h"));
  CHECK(pattern_matches("a*b*c", "aXXbYYc"));
  CHECK_FALSE(pattern_matches("a*b*c", "aXXbYY"));
  CHECK(pattern_matches("?", "x"));
  CHECK_FALSE(pattern_matches("?", ""));
  CHECK(pattern_matches("[a-c]x", "bx"));
  CHECK_FALSE(pattern_matches("[a-c]x", "dx"));
  CHECK(pattern_matches("[!a-c]x", "dx"));
  CHECK(pattern_matches("[]]", "]"));
  CHECK(pattern_matches("\\*", "*"));
  CHECK_FALSE(pattern_matches("\\*", "a"));
  CHECK(pattern_matches("[x", "[x"));  // no closing ]: a literal [
  CHECK(has_glob_characters("a*"));
  CHECK_FALSE(has_glob_characters("a\\*"));
}

TEST_CASE("globbing against the directory tree: sorted, dot files only by a leading dot") {
  TempTree tree;
  CHECK(fields("*.c") == "a.c|b.c");
  CHECK(fields("?.c") == "a.c|b.c");
  CHECK(fields("[ab]*") == "a.c|ab.h|b.c");
  CHECK(fields(".*.c") == ".hidden.c");
  CHECK(fields("*/*.c") == "sub/x.c|sub2/z.c");
  CHECK(fields("sub*/") == "sub/|sub2/");
  CHECK(fields("sub/*") == "sub/x.c|sub/y.txt");
  CHECK(fields((tree.root() + "/sub/*.txt").c_str()) == tree.root() + "/sub/y.txt");
}

TEST_CASE("a pattern that matches nothing is left as it is; quoted characters never glob") {
  TempTree tree;
  CHECK(fields("*.none") == "*.none");
  CHECK(fields("nodir/*.c") == "nodir/*.c");
  CHECK(fields("'*'.c") == "*.c");
  CHECK(fields("\\*.c") == "*.c");
  CHECK(fields("\"*\".c") == "*.c");
  CHECK(fields("$STAR") == "a.c|b.c");  // an unquoted expansion globs
  CHECK(fields("\"$STAR\"") == "*.c");
}

TEST_CASE("command substitution: $(...) and `...` run their text; the output splits unless quoted") {
  FakeEnvironment environment;
  CHECK(fields("a$(echo x)b", environment) == "a[echo|x]b");
  CHECK(fields("$(echo x)") == "[echo|x]");
  CHECK(fields("\"$(echo x)\"") == "[echo x]");
  CHECK(fields("$(echo \")\")") == "[echo|\")\"]");  // the ) in quotes does not end it
  CHECK(fields("$(echo $(inner))") == "[echo|$(inner)]");  // nested: the child shell expands the inner one
  CHECK(fields("`echo \\`x\\``") == "[echo|`x`]");       // in backquotes, \` is a backquote
  CHECK(fields("\"`echo \\\"a\\\"`\"") == "[echo \"a\"]");
  CHECK(fields("'$(not run)'") == "$(not run)");
  FakeEnvironment counted;
  Vec<Text> out;
  expand_fields(Text("$(one)$(two)"), counted, out);
  CHECK(counted.substituted == std::vector<std::string>{"one", "two"});
}

TEST_CASE("arithmetic expansion: POSIX operators and precedence") {
  CHECK(text("$((3+4))") == "7");
  CHECK(text("$((2 + 3 * 4))") == "14");
  CHECK(text("$(( (2 + 3) * 4 ))") == "20");
  CHECK(text("$((7 / 2)) $((7 % 3)) $((-7 / 2))") == "3 1 -3");
  CHECK(text("$((1 << 4 | 1)) $((0xff & 0x0f)) $((6 ^ 3)) $((~0))") == "17 15 5 -1");
  CHECK(text("$((010 + 0x10))") == "24");
  CHECK(text("$((1 < 2)) $((2 <= 1)) $((3 == 3)) $((3 != 3)) $((!0)) $((!5))") == "1 0 1 0 1 0");
  CHECK(text("$((0 || 2)) $((1 && 0)) $((1 ? 10 : 20)) $((0 ? 10 : 20))") == "1 0 10 20");
  CHECK(text("$((-3 + +2)) $((- -4))") == "-1 4");
  CHECK(text("$((9223372036854775807 + 1))") == "-9223372036854775808");  // wraps as the machine does
}

TEST_CASE("arithmetic expansion: variables by name or by $, and assignments") {
  FakeEnvironment environment;
  environment.variables["N"] = "5";
  environment.variables["S"] = " -3";
  CHECK(expand_text(Text("$((N * 2)) $(($N + 1)) $((S + 1)) $((UNSET + 1))"), environment) == "10 6 -2 1");
  CHECK(expand_text(Text("$((N += 2)) $((M = N * 2)) $((N <<= 1))"), environment) == "7 14 14");
  CHECK(environment.variables["N"] == "14");
  CHECK(environment.variables["M"] == "14");
  // The side not taken is not evaluated: no assignment, no division by zero.
  CHECK(expand_text(Text("$((0 && (Z = 1))) $((1 || 1 / 0)) $((1 ? 2 : (Z = 3)))"), environment) == "0 1 2");
  CHECK(environment.variables.count("Z") == 0);
  CHECK(environment.errors.empty());
}

TEST_CASE("arithmetic errors are reported, not guessed") {
  const char* bad[] = {"$((1 / 0))", "$((5 % 0))", "$((1 +))", "$((2 3))", "$((1 ? 2))", "$((08))", "$((X))"};
  for (const char* word : bad) {
    FakeEnvironment environment;
    environment.variables["X"] = "abc";
    expand_text(Text(word), environment);
    CAPTURE(std::string(word));
    CHECK(environment.errors.size() == 1);
  }
}

TEST_CASE("here-document bodies expand $ and ` but keep quotes") {
  FakeEnvironment environment;
  CHECK(expand_here_document(Text("a '$HOME' \"$1\"\n"), environment) == "a '/home/me' \"one\"\n");
  CHECK(expand_here_document(Text("\\$x \\\\ \\a `b`\n"), environment) == "$x \\ \\a [b]\n");
  CHECK(expand_here_document(Text("joined \\\nline ~\n"), environment) == "joined line ~\n");
}

TEST_CASE("case patterns keep what was quoted literal") {
  FakeEnvironment environment;
  CHECK(expand_pattern(Text("a*"), environment) == "a*");
  CHECK(expand_pattern(Text("'a*'"), environment) == "a\\*");
  CHECK(expand_pattern(Text("\"$STAR\""), environment) == "\\*.c");
  CHECK(expand_pattern(Text("$STAR"), environment) == "*.c");
  CHECK(pattern_matches(expand_pattern(Text("'a*'"), environment).c_str(), "a*"));
  CHECK_FALSE(pattern_matches(expand_pattern(Text("'a*'"), environment).c_str(), "ab"));
}

TEST_CASE("arithmetic nested too deeply is an error, not an overflow of the stack") {
  std::string deep = "$((" + std::string(5000, '(') + "1" + std::string(5000, ')') + "))";
  std::string negations = "$((" + std::string(5000, '-') + "1))";
  for (const std::string& word : {deep, negations}) {
    FakeEnvironment environment;
    expand_text(Text(word.c_str()), environment);
    REQUIRE(environment.errors.size() == 1);
    CHECK(environment.errors[0].find("nested too deeply") != std::string::npos);
  }
  CHECK(text("$((((((1 + 2))))))") == "3");
}

TEST_CASE("${NAME%pattern} and kin remove the shortest or longest matching suffix or prefix") {
  FakeEnvironment environment;
  environment.variables["P"] = "/usr/lib/libc.a.b";
  CHECK(expand_text(Text("${P%.*}|${P%%.*}|${P#*/}|${P##*/}"), environment) == "/usr/lib/libc.a|/usr/lib/libc|usr/lib/libc.a.b|libc.a.b");
  CHECK(expand_text(Text("${P%x}|${P#}|${UNSET%a}|${P##*}|${P%%*}"), environment) == "/usr/lib/libc.a.b|/usr/lib/libc.a.b|||");
  // A quoted pattern character is literal; the pattern is expanded first.
  environment.variables["S"] = "a*b*c";
  environment.variables["PAT"] = "*b";
  CHECK(expand_text(Text("${S#\"a*\"}|${S#a*}|${S##$PAT}|${S%[bc]}"), environment) == "b*c|*b*c|*c|a*b*");
  CHECK(fields("${X%b}") == "a");
  CHECK(environment.errors.empty());
}

TEST_CASE("${#NAME} is the length of the value") {
  CHECK(text("${#X} ${#E} ${#UNSET} ${#1}") == "4 0 0 3");
}

TEST_CASE("${NAME-word} and its kin: default, assign, alternative, error; with : an empty value is unset") {
  FakeEnvironment environment;
  CHECK(expand_text(Text("${UNSET-d} ${E-d} ${E:-d} ${X:-d} ${1:-d} ${9:-nine}"), environment) == "d  d a  b one nine");
  CHECK(expand_text(Text("${UNSET+alt}|${E+alt}|${E:+alt}|${X:+$HOME}"), environment) == "|alt||/home/me");
  CHECK(expand_text(Text("${NEW:=made} ${NEW}"), environment) == "made made");
  CHECK(environment.variables["NEW"] == "made");
  CHECK(expand_text(Text("${X?never}"), environment) == "a  b");
  CHECK(environment.errors.empty());
  expand_text(Text("${UNSET:?no value}"), environment);
  expand_text(Text("${E:?}"), environment);
  expand_text(Text("${X:%b}"), environment);
  expand_text(Text("${}"), environment);
  CHECK(environment.errors == std::vector<std::string>{"UNSET: no value", "E: parameter not set",
                                                       "${X:%b}: bad substitution", "${}: bad substitution"});
  CHECK(fields("${UNSET:-a b}") == "a|b");
  CHECK(fields("\"${UNSET:-a b}\"") == "a b");
}
