// The lexer: shell source text to tokens (POSIX XCU 2.3, without aliases,
// here-documents or command substitution). A word keeps its quotes and
// backslashes as typed: expansion (expand.h) reads them, because quoting
// decides what is expanded, split and globbed. Backslash-newline outside
// single quotes joins lines and is gone from the token. `#` at the start of
// a word comments out the rest of the line.
#pragma once

#include "text.h"

namespace sh {

enum class TokenKind {
  Word,
  Newline,
  Semicolon,  // ;
  Ampersand,  // &
  Pipe,       // |
  AndIf,      // &&
  OrIf,       // ||
  Less,       // <
  Great,      // >
  DoubleGreat,  // >>
  LessAnd,      // <&
  GreatAnd,     // >&
  LessGreat,    // <>
  End,
};

struct Token {
  TokenKind kind;
  Text text;            // a word as typed; an operator's own characters
  int io_number = -1;   // the digits before a redirection operator (2>), else -1
  size_t start = 0;     // where the token is in the source
  size_t end = 0;
};

enum class LexResult {
  Ok,
  Incomplete,  // the source ends inside quotes or after a backslash: more lines are needed
};

// Appends the tokens of source to tokens, ending with an End token.
LexResult lex(const char* source, Vec<Token>& tokens);

bool is_redirection(TokenKind kind);

}  // namespace sh
