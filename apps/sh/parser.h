// The parser: tokens (lexer.h) to and-or lists (syntax.h), one line at a
// time so that a script runs each line before the next is parsed (as other
// shells do: a syntax error late in a script does not stop what came before).
#pragma once

#include "lexer.h"
#include "syntax.h"

namespace sh {

enum class ParseResult {
  Ok,
  Incomplete,  // the tokens end where more must come (after |, && or ||)
  Error,
};

class Parser {
 public:
  // tokens end with an End token; source is the text they were read from.
  Parser(const Vec<Token>& tokens, const char* source) : tokens_(tokens), source_(source) {}

  // Whether every token has been parsed.
  bool done() const { return tokens_[at_].kind == TokenKind::End; }
  // Parses the next line (up to a newline or the end) into lists.
  ParseResult line(Vec<AndOr>& lists);
  // After an Error: what was wrong ("unexpected '|'").
  const Text& error() const { return error_; }

 private:
  ParseResult and_or(AndOr& list);
  ParseResult pipeline(Pipeline& pipeline);
  ParseResult command(Command& command);
  ParseResult redirect(Command& command);
  void skip_newlines();
  ParseResult unexpected();
  const Token& peek() const { return tokens_[at_]; }

  const Vec<Token>& tokens_;
  const char* source_;
  size_t at_ = 0;
  Text error_;
};

// Whether word is NAME=value with a valid name (an assignment).
bool is_assignment(const Text& word);

}  // namespace sh
