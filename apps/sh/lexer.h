// The lexer: shell source text to tokens (POSIX XCU 2.3, without aliases).
// A word keeps its quotes and backslashes as typed: expansion (expand.h)
// reads them, because quoting decides what is expanded, split and globbed.
// A $(...), $((...)) or `...` stays inside its word, whole. Backslash-
// newline outside single quotes joins lines and is gone from the token. `#`
// at the start of a word comments out the rest of the line. Reserved words
// (if, do, ...) are words here: only the parser knows where they count.
// Here-documents: the lines after the newline that ends the line of a <<
// or <<- are its body, up to the delimiter line; the lexer hands the body
// with the delimiter word (Token::here_document) and goes on after it.
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
  DoubleLess,      // <<
  DoubleLessDash,  // <<-
  DoubleSemicolon,  // ;;
  OpenParenthesis,   // (
  CloseParenthesis,  // )
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  Text text;            // a word as typed; an operator's own characters
  int io_number = -1;   // the digits before a redirection operator (2>), else -1
  size_t start = 0;     // where the token is in the source
  size_t end = 0;
  Text here_document;  // the delimiter word of << or <<-: the lines of the body
};

enum class LexResult {
  Ok,
  Incomplete,  // the source ends inside quotes, after a backslash or in a here-document: more lines are needed
};

// Appends the tokens of source to tokens, ending with an End token.
LexResult lex(const char* source, Vec<Token>& tokens);

bool is_redirection(TokenKind kind);

// The delimiter line of a here-document whose << or <<- word is word: the
// word without its quotes (any quoting makes the body literal, parser.cc).
Text here_document_delimiter(const Text& word);

}  // namespace sh
