#include "lexer.h"

namespace sh {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool ends_word(char c) {
  return c == '\0' || is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>';
}

class Lexer {
 public:
  Lexer(const char* source, Vec<Token>& tokens) : source_(source), tokens_(tokens) {}

  LexResult run() {
    for (;;) {
      if (!skip_blanks()) return LexResult::Incomplete;
      char c = source_[at_];
      if (c == '\0') break;
      if (c == '#') {
        while (source_[at_] != '\0' && source_[at_] != '\n') ++at_;
        continue;
      }
      if (c == '\n') {
        add(TokenKind::Newline, at_, at_ + 1);
        ++at_;
        continue;
      }
      if (operator_at()) continue;
      if (!word()) return LexResult::Incomplete;
    }
    add(TokenKind::End, at_, at_);
    return LexResult::Ok;
  }

 private:
  // Skips blanks and continued lines; false when the source ends just
  // after a backslash-newline (the line it continues has not come yet).
  bool skip_blanks() {
    for (;;) {
      if (is_blank(source_[at_])) {
        ++at_;
      } else if (source_[at_] == '\\' && source_[at_ + 1] == '\n') {
        at_ += 2;
        if (source_[at_] == '\0') return false;
      } else {
        return true;
      }
    }
  }

  Token& add(TokenKind kind, size_t start, size_t end) {
    Token token{kind, Text(source_ + start, end - start)};
    token.start = start;
    token.end = end;
    return tokens_.push(static_cast<Token&&>(token));
  }

  // Reads an operator at at_, with the io number before it when the word
  // just read was all digits and touches it (2>file).
  bool operator_at() {
    struct Operator {
      const char* text;
      TokenKind kind;
    };
    // Longest first, so that && is not read as & &.
    static const Operator kOperators[] = {
        {"&&", TokenKind::AndIf},  {"||", TokenKind::OrIf},    {">>", TokenKind::DoubleGreat},
        {"<&", TokenKind::LessAnd}, {">&", TokenKind::GreatAnd}, {"<>", TokenKind::LessGreat},
        {";", TokenKind::Semicolon}, {"&", TokenKind::Ampersand}, {"|", TokenKind::Pipe},
        {"<", TokenKind::Less},     {">", TokenKind::Great},
    };
    for (const Operator& op : kOperators) {
      size_t length = strlen(op.text);
      if (strncmp(source_ + at_, op.text, length) != 0) continue;
      add(op.kind, at_, at_ + length);
      at_ += length;
      return true;
    }
    return false;
  }

  // Reads one word; false when it runs off the end of the source in quotes.
  bool word() {
    size_t start = at_;
    Text text;
    bool digits_only = true;
    while (!ends_word(source_[at_])) {
      char c = source_[at_];
      if (c == '\\') {
        if (source_[at_ + 1] == '\0') return false;
        if (source_[at_ + 1] == '\n') {  // a continued line
          at_ += 2;
          if (source_[at_] == '\0') return false;
          continue;
        }
        text.append(source_ + at_, 2);
        at_ += 2;
        digits_only = false;
        continue;
      }
      digits_only = digits_only && is_digit(c);
      if (c == '\'') {
        if (!single_quoted(text)) return false;
      } else if (c == '"') {
        if (!double_quoted(text)) return false;
      } else if (c == '$' && source_[at_ + 1] == '{') {
        if (!braced(text)) return false;
      } else {
        text.push(c);
        ++at_;
      }
    }
    Token& token = add(TokenKind::Word, start, at_);
    token.text = static_cast<Text&&>(text);
    if (digits_only && (source_[at_] == '<' || source_[at_] == '>')) {
      int number = atoi(token.text.c_str());
      tokens_.pop();
      operator_at();
      tokens_.back().io_number = number;
      tokens_.back().start = start;
    }
    return true;
  }

  bool single_quoted(Text& text) {
    const char* close = strchr(source_ + at_ + 1, '\'');
    if (!close) return false;
    size_t end = static_cast<size_t>(close - source_) + 1;
    text.append(source_ + at_, end - at_);
    at_ = end;
    return true;
  }

  bool double_quoted(Text& text) {
    text.push('"');
    ++at_;
    for (;;) {
      char c = source_[at_];
      if (c == '\0') return false;
      if (c == '"') break;
      if (c == '\\' && source_[at_ + 1] == '\n') {
        at_ += 2;
      } else if (c == '\\') {
        if (source_[at_ + 1] == '\0') return false;
        text.append(source_ + at_, 2);
        at_ += 2;
      } else if (c == '$' && source_[at_ + 1] == '{') {
        if (!braced(text)) return false;
      } else {
        text.push(c);
        ++at_;
      }
    }
    text.push('"');
    ++at_;
    return true;
  }

  // ${...}: a quote or blank inside does not end the word.
  bool braced(Text& text) {
    const char* close = strchr(source_ + at_, '}');
    if (!close) return false;
    size_t end = static_cast<size_t>(close - source_) + 1;
    text.append(source_ + at_, end - at_);
    at_ = end;
    return true;
  }

  const char* source_;
  Vec<Token>& tokens_;
  size_t at_ = 0;
};

}  // namespace

LexResult lex(const char* source, Vec<Token>& tokens) { return Lexer(source, tokens).run(); }

bool is_redirection(TokenKind kind) {
  switch (kind) {
    case TokenKind::Less:
    case TokenKind::Great:
    case TokenKind::DoubleGreat:
    case TokenKind::LessAnd:
    case TokenKind::GreatAnd:
    case TokenKind::LessGreat:
      return true;
    default:
      return false;
  }
}

}  // namespace sh
