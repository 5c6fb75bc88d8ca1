// The shell's lexer and parser (apps/sh): words keep their quoting, and
// lines become and-or lists of pipelines of commands with redirections;
// compound commands hold lists of their own.
#include <doctest/doctest.h>

#include <string>

#include "../../apps/sh/parser.h"

using namespace sh;

namespace {

struct Parsed {
  Vec<Token> tokens;
  Vec<AndOr> lists;
  ParseResult result = ParseResult::Ok;
  std::string error;
};

// Parses every line of source.
void parse(const char* source, Parsed& parsed) {
  REQUIRE(lex(source, parsed.tokens) == LexResult::Ok);
  Parser parser(parsed.tokens, source);
  while (!parser.done() && parsed.result == ParseResult::Ok) {
    parsed.result = parser.line(parsed.lists);
    parsed.error = parser.error().c_str();
  }
}

std::string words_of(const Command& command) {
  std::string joined;
  for (const Text& word : command.words) joined += std::string(joined.empty() ? "" : "|") + word.c_str();
  return joined;
}

}  // namespace

TEST_CASE("words keep their quotes and backslashes for expansion") {
  Vec<Token> tokens;
  REQUIRE(lex("echo 'a b' \"c $d\" e\\ f", tokens) == LexResult::Ok);
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[0].text == "echo");
  CHECK(tokens[1].text == "'a b'");
  CHECK(tokens[2].text == "\"c $d\"");
  CHECK(tokens[3].text == "e\\ f");
  CHECK(tokens[4].kind == TokenKind::End);
}

TEST_CASE("operators end words without blanks around them") {
  Vec<Token> tokens;
  REQUIRE(lex("a|b&&c||d;e&f>g>>h<i", tokens) == LexResult::Ok);
  TokenKind expected[] = {TokenKind::Word,  TokenKind::Pipe,      TokenKind::Word, TokenKind::AndIf,
                          TokenKind::Word,  TokenKind::OrIf,      TokenKind::Word, TokenKind::Semicolon,
                          TokenKind::Word,  TokenKind::Ampersand, TokenKind::Word, TokenKind::Great,
                          TokenKind::Word,  TokenKind::DoubleGreat, TokenKind::Word, TokenKind::Less,
                          TokenKind::Word,  TokenKind::End};
  REQUIRE(tokens.size() == sizeof expected / sizeof expected[0]);
  for (size_t i = 0; i < tokens.size(); ++i) CHECK(tokens[i].kind == expected[i]);
}

TEST_CASE("quoted operators and blanks are part of the word") {
  Vec<Token> tokens;
  REQUIRE(lex("echo 'a|b' \"c;d\" e\\&f", tokens) == LexResult::Ok);
  REQUIRE(tokens.size() == 5);
  CHECK(tokens[1].text == "'a|b'");
  CHECK(tokens[2].text == "\"c;d\"");
  CHECK(tokens[3].text == "e\\&f");
}

TEST_CASE("an unterminated quote or a trailing backslash asks for more") {
  Vec<Token> tokens;
  CHECK(lex("echo 'abc", tokens) == LexResult::Incomplete);
  CHECK(lex("echo \"abc", tokens) == LexResult::Incomplete);
  CHECK(lex("echo abc\\", tokens) == LexResult::Incomplete);
  CHECK(lex("echo ${abc", tokens) == LexResult::Incomplete);
  CHECK(lex("echo abc \\\n", tokens) == LexResult::Incomplete);  // continued on a line not come yet
  CHECK(lex("echo abc\\\n", tokens) == LexResult::Incomplete);
}

TEST_CASE("backslash-newline joins lines, inside double quotes too") {
  Vec<Token> tokens;
  REQUIRE(lex("ec\\\nho \"a\\\nb\"", tokens) == LexResult::Ok);
  CHECK(tokens[0].text == "echo");
  CHECK(tokens[1].text == "\"ab\"");
}

TEST_CASE("a # at the start of a word comments out the rest of the line") {
  Parsed parsed;
  parse("echo a#b # c d\necho e", parsed);
  REQUIRE(parsed.lists.size() == 2);
  CHECK(words_of(parsed.lists[0].pipelines[0].commands[0]) == "echo|a#b");
  CHECK(words_of(parsed.lists[1].pipelines[0].commands[0]) == "echo|e");
}

TEST_CASE("redirections: the default descriptors, io numbers and duplication, in order") {
  Parsed parsed;
  parse("cmd <in >out 2>err >>app 2>&1 3<&- 4<>rw arg", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  const Command& command = parsed.lists[0].pipelines[0].commands[0];
  CHECK(words_of(command) == "cmd|arg");
  REQUIRE(command.redirects.size() == 7);
  struct Expected {
    int fd;
    RedirectKind kind;
    const char* target;
  } expected[] = {
      {0, RedirectKind::Read, "in"},          {1, RedirectKind::Write, "out"},
      {2, RedirectKind::Write, "err"},        {1, RedirectKind::Append, "app"},
      {2, RedirectKind::DuplicateWrite, "1"}, {3, RedirectKind::DuplicateRead, "-"},
      {4, RedirectKind::ReadWrite, "rw"},
  };
  for (size_t i = 0; i < 7; ++i) {
    CHECK(command.redirects[i].fd == expected[i].fd);
    CHECK(command.redirects[i].kind == expected[i].kind);
    CHECK(command.redirects[i].target == expected[i].target);
  }
}

TEST_CASE("digits are an io number only when they touch the operator") {
  Parsed parsed;
  parse("echo 2 >f '2'>g", parsed);
  const Command& command = parsed.lists[0].pipelines[0].commands[0];
  CHECK(words_of(command) == "echo|2|'2'");
  CHECK(command.redirects[0].fd == 1);
  CHECK(command.redirects[1].fd == 1);
}

TEST_CASE("assignments come before the command name only") {
  Parsed parsed;
  parse("A=1 B=\"x y\" cmd C=3", parsed);
  const Command& command = parsed.lists[0].pipelines[0].commands[0];
  REQUIRE(command.assignments.size() == 2);
  CHECK(command.assignments[0] == "A=1");
  CHECK(command.assignments[1] == "B=\"x y\"");
  CHECK(words_of(command) == "cmd|C=3");
  CHECK_FALSE(is_assignment(Text("1A=2")));
  CHECK_FALSE(is_assignment(Text("=2")));
}

TEST_CASE("pipelines of any length bind tighter than && and ||") {
  Parsed parsed;
  parse("a | b | c | d && e || f | g", parsed);
  REQUIRE(parsed.lists.size() == 1);
  const AndOr& list = parsed.lists[0];
  REQUIRE(list.pipelines.size() == 3);
  CHECK(list.pipelines[0].commands.size() == 4);
  CHECK(list.pipelines[1].commands.size() == 1);
  CHECK(list.pipelines[2].commands.size() == 2);
  CHECK(list.and_then[0]);
  CHECK_FALSE(list.and_then[1]);
}

TEST_CASE("; and & end lists; & makes its list a background one, with its source") {
  Parsed parsed;
  parse("a && b & c; d &", parsed);
  REQUIRE(parsed.lists.size() == 3);
  CHECK(parsed.lists[0].background);
  CHECK(parsed.lists[0].source == "a && b");
  CHECK_FALSE(parsed.lists[1].background);
  CHECK(parsed.lists[2].background);
}

TEST_CASE("a list goes on after && || or | at the end of a line") {
  Parsed parsed;
  parse("a &&\n\nb |\nc", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  REQUIRE(parsed.lists.size() == 1);
  CHECK(parsed.lists[0].pipelines.size() == 2);
  CHECK(parsed.lists[0].pipelines[1].commands.size() == 2);
}

TEST_CASE("text ending after an operator is incomplete, not wrong") {
  for (const char* source : {"a |", "a &&", "a ||", "a >"}) {
    Parsed parsed;
    parse(source, parsed);
    CHECK(parsed.result == ParseResult::Incomplete);
  }
}

TEST_CASE("syntax errors name the token") {
  struct {
    const char* source;
    const char* error;
  } cases[] = {{"| a", "unexpected '|'"}, {"a ;; b", "unexpected ';;'"}, {"a && && b", "unexpected '&&'"},
               {"a > | b", "unexpected '|'"}};
  for (const auto& c : cases) {
    Parsed parsed;
    parse(c.source, parsed);
    CAPTURE(c.source);
    CHECK(parsed.result == ParseResult::Error);
    CHECK(parsed.error == c.error);
  }
}

TEST_CASE("$(...), $((...)) and `...` stay whole in their word, blanks and quotes and all") {
  Vec<Token> tokens;
  REQUIRE(lex("echo a$(echo \")\" b; c)d \"$((1 + 2))\" `x | y` $( (sub) )", tokens) == LexResult::Ok);
  REQUIRE(tokens.size() == 6);
  CHECK(tokens[1].text == "a$(echo \")\" b; c)d");
  CHECK(tokens[2].text == "\"$((1 + 2))\"");
  CHECK(tokens[3].text == "`x | y`");
  CHECK(tokens[4].text == "$( (sub) )");
  Vec<Token> cases;
  REQUIRE(lex("echo $(case x in a) b;; (c) d;; esac) $(echo case x) e", cases) == LexResult::Ok);
  REQUIRE(cases.size() == 5);
  CHECK(cases[1].text == "$(case x in a) b;; (c) d;; esac)");
  CHECK(cases[2].text == "$(echo case x)");
  Vec<Token> more;
  CHECK(lex("echo $(echo", more) == LexResult::Incomplete);
  CHECK(lex("echo `a", more) == LexResult::Incomplete);
}

TEST_CASE("here-documents: the body comes from the lines after, up to the delimiter") {
  Vec<Token> tokens;
  REQUIRE(lex("cat <<EOF; cat <<-'END'\nhello $x\nEOF\n\t\tindented\n\tEND\necho after\n", tokens) == LexResult::Ok);
  REQUIRE(tokens[1].kind == TokenKind::DoubleLess);
  CHECK(tokens[2].here_document == "hello $x\n");
  REQUIRE(tokens[5].kind == TokenKind::DoubleLessDash);
  CHECK(tokens[6].here_document == "indented\n");
  CHECK(tokens[8].text == "echo");
  Vec<Token> waiting;
  CHECK(lex("cat <<EOF\nline\n", waiting) == LexResult::Incomplete);
  Vec<Token> on_last_line;
  CHECK(lex("cat <<EOF", on_last_line) == LexResult::Incomplete);

  Parsed parsed;
  parse("cat <<E1 2<<\"E2\"\none\nE1\n$two\nE2\n", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  const Command& command = parsed.lists[0].pipelines[0].commands[0];
  REQUIRE(command.redirects.size() == 2);
  CHECK(command.redirects[0].kind == RedirectKind::HereDocument);
  CHECK(command.redirects[0].target == "one\n");
  CHECK_FALSE(command.redirects[0].literal);
  CHECK(command.redirects[1].fd == 2);
  CHECK(command.redirects[1].target == "$two\n");
  CHECK(command.redirects[1].literal);  // a quoted delimiter: the body is not expanded
}

TEST_CASE("if, elif and else: conditions and bodies in turn, the else body last") {
  Parsed parsed;
  parse("if a; then b; elif c\nthen d; e\nelse f; fi > out", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  const Command& command = parsed.lists[0].pipelines[0].commands[0];
  CHECK(command.kind == CommandKind::If);
  REQUIRE(command.lists.size() == 5);
  CHECK(command.lists[3].size() == 2);  // d; e
  CHECK(words_of(command.lists[4][0].pipelines[0].commands[0]) == "f");
  REQUIRE(command.redirects.size() == 1);
  CHECK(command.redirects[0].target == "out");
}

TEST_CASE("while, until and for") {
  Parsed parsed;
  parse("while a; do b; done; until c; do d; done\nfor i in 1 \"2 3\"; do e; done\nfor j\ndo f; done", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  REQUIRE(parsed.lists.size() == 4);
  CHECK(parsed.lists[0].pipelines[0].commands[0].kind == CommandKind::While);
  CHECK(parsed.lists[1].pipelines[0].commands[0].kind == CommandKind::Until);
  const Command& for_in = parsed.lists[2].pipelines[0].commands[0];
  CHECK(for_in.kind == CommandKind::For);
  CHECK(for_in.name == "i");
  CHECK(words_of(for_in) == "1|\"2 3\"");
  CHECK_FALSE(for_in.all_arguments);
  const Command& for_all = parsed.lists[3].pipelines[0].commands[0];
  CHECK(for_all.all_arguments);
  CHECK(for_all.name == "j");
}

TEST_CASE("case: patterns joined by |, an optional (, and bodies that may be empty") {
  Parsed parsed;
  parse("case $x in\n(a|b) one;;\n*.c) ;;\nz) two; three\nesac", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  const Command& command = parsed.lists[0].pipelines[0].commands[0];
  CHECK(command.kind == CommandKind::Case);
  CHECK(words_of(command) == "$x");
  REQUIRE(command.cases.size() == 3);
  CHECK(command.cases[0].patterns.size() == 2);
  CHECK(command.cases[1].patterns[0] == "*.c");
  CHECK(command.cases[1].body.empty());
  CHECK(command.cases[2].body.size() == 2);
}

TEST_CASE("groups, subshells and functions keep the text they run") {
  Parsed parsed;
  parse("{ a; b; } | c; (d; e) >f; g() { h \"$1\"; }; ! i", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  REQUIRE(parsed.lists.size() == 4);
  const Pipeline& piped = parsed.lists[0].pipelines[0];
  CHECK(piped.commands[0].kind == CommandKind::Group);
  CHECK(piped.commands[0].source == "{ a; b; }");
  const Command& subshell = parsed.lists[1].pipelines[0].commands[0];
  CHECK(subshell.kind == CommandKind::Subshell);
  CHECK(subshell.body_source == "d; e");
  CHECK(subshell.redirects.size() == 1);
  const Command& function = parsed.lists[2].pipelines[0].commands[0];
  CHECK(function.kind == CommandKind::FunctionDefinition);
  CHECK(function.name == "g");
  CHECK(function.body_source == "{ h \"$1\"; }");
  CHECK(parsed.lists[3].pipelines[0].negated);
}

TEST_CASE("reserved words count only where a command starts") {
  Parsed parsed;
  parse("echo if then fi done { }", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  CHECK(words_of(parsed.lists[0].pipelines[0].commands[0]) == "echo|if|then|fi|done|{|}");
}

TEST_CASE("a compound command not closed yet is incomplete: the prompt asks for more") {
  for (const char* source : {"if a; then b", "if a\n", "for i in 1 2\n", "for i in 1 2; do", "while a; do b\n",
                             "case x in\n", "case x in a) b;;\n", "f()", "f() \n", "{ a", "( a", "until a; do b; done |"}) {
    Parsed parsed;
    parse(source, parsed);
    CAPTURE(source);
    CHECK(parsed.result == ParseResult::Incomplete);
  }
}

TEST_CASE("misplaced reserved words and broken compound commands are errors") {
  struct {
    const char* source;
    const char* error;
  } cases[] = {{"fi", "unexpected 'fi'"},           {"if then b; fi", "unexpected 'then'"},
               {"while a; done", "unexpected 'done'"}, {"for 1 in a; do b; done", "unexpected '1'"},
               {"{ }", "unexpected '}'"},           {"( )", "unexpected ')'"},
               {"f() a", "unexpected 'a'"},         {"case a in b c) d;; esac", "unexpected 'c'"},
               {"echo a )", "unexpected ')'"}};
  for (const auto& c : cases) {
    Parsed parsed;
    parse(c.source, parsed);
    CAPTURE(c.source);
    CHECK(parsed.result == ParseResult::Error);
    CHECK(parsed.error == c.error);
  }
}

TEST_CASE("compound commands nested too deeply are an error, not an overflow of the stack") {
  std::string source;
  for (int i = 0; i < 5000; ++i) source += "{ ";
  source += "a;";
  for (int i = 0; i < 5000; ++i) source += " }";
  Parsed parsed;
  parse(source.c_str(), parsed);
  CHECK(parsed.result == ParseResult::Error);
  CHECK(parsed.error == "compound commands nested too deeply");
  Parsed shallow;
  parse("{ { { ( if a; then { b; }; fi ) } } }", shallow);
  CHECK(shallow.result == ParseResult::Ok);
}

TEST_CASE("the text a child shell runs has the bodies of here-documents that come after it") {
  Parsed parsed;
  parse("{ cat <<A; cat <<'B'; } | tr a-z A-Z\none\nA\ntwo\nB\nf() { cat <<-C; }\n\tthree\n\tC\n", parsed);
  REQUIRE(parsed.result == ParseResult::Ok);
  REQUIRE(parsed.lists.size() == 2);
  CHECK(parsed.lists[0].pipelines[0].commands[0].source == "{ cat <<A; cat <<'B'; }\none\nA\ntwo\nB");
  CHECK(parsed.lists[0].pipelines[0].commands[1].source == "tr a-z A-Z");
  CHECK(parsed.lists[1].pipelines[0].commands[0].body_source == "{ cat <<-C; }\nthree\nC");
}
