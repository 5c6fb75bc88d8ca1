// The parser: tokens (lexer.h) to lists (syntax.h), one line at a time so
// that a script runs each line before the next is parsed (as other shells
// do: a syntax error late in a script does not stop what came before). A
// compound command is one "line" however many lines it spans.
#pragma once

#include "lexer.h"
#include "syntax.h"

namespace sh {

enum class ParseResult {
  Ok,
  Incomplete,  // the tokens end where more must come (after |, &&, ||, or in a compound command)
  Error,
};

// (compound_parser.cc has the compound commands.)
class Parser {
 public:
  // tokens end with an End token; source is the text they were read from.
  Parser(const Vec<Token>& tokens, const char* source) : tokens_(tokens), source_(source) {}

  // Whether every token has been parsed.
  bool done() const { return tokens_[at_].kind == TokenKind::End; }
  // Parses the next line (up to a newline or the end) into lists.
  ParseResult line(List& lists);
  // After an Error: what was wrong ("unexpected '|'").
  const Text& error() const { return error_; }

 private:
  ParseResult and_or(AndOr& list);
  ParseResult pipeline(Pipeline& pipeline);
  ParseResult command(Command& command);
  ParseResult simple_command(Command& command);
  ParseResult compound_command(Command& command);
  ParseResult function_definition(Command& command);
  ParseResult if_clause(Command& command);
  ParseResult loop(Command& command);
  ParseResult for_clause(Command& command);
  ParseResult case_clause(Command& command);
  ParseResult case_item(Command& command);
  // The and-or lists up to one of the reserved words in ends (or ")" or
  // ";;" when those are in it); an empty list is an error unless may_be_empty.
  ParseResult compound_list(List& list, const char* const* ends, bool may_be_empty = false);
  ParseResult redirect(Vec<Redirect>& redirects);
  ParseResult expect(const char* word);
  bool at_word(const char* word) const;
  // Whether a compound command starts here: ( or one of { if while until for case.
  bool at_compound_start() const;
  bool at_list_end(const char* const* ends) const;
  void skip_newlines();
  ParseResult unexpected();
  Text source_between(size_t start) const;
  // The text from token first to the last one parsed, as a child shell can
  // run it: with the bodies of here-documents that come after it.
  Text runnable_source(size_t first_token) const;
  const Token& peek() const { return tokens_[at_]; }

  const Vec<Token>& tokens_;
  const char* source_;
  size_t at_ = 0;
  size_t depth_ = 0;  // compound commands open around the one being parsed
  Text error_;
};

// Whether word is NAME=value with a valid name (an assignment).
bool is_assignment(const Text& word);
// Whether text is a valid name (a variable's, a function's).
bool is_name(const char* text);

}  // namespace sh
