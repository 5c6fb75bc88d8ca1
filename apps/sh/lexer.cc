#include "lexer.h"

#include "scan.h"

namespace sh {

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool ends_word(char c) {
  return c == '\0' || is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' ||
         c == '(' || c == ')';
}

}  // namespace

Text here_document_delimiter(const Text& word) {
  Text delimiter;
  for (const char* at = word.c_str(); *at; ++at) {
    if (*at == '\\' && at[1]) {
      delimiter.push(*++at);
    } else if (*at != '\'' && *at != '"') {
      delimiter.push(*at);
    }
  }
  return delimiter;
}

namespace {

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
        if (!here_documents()) return LexResult::Incomplete;
        continue;
      }
      if (operator_at()) continue;
      if (!word()) return LexResult::Incomplete;
      note_here_document();
    }
    // A here-document's delimiter on the last line: its body is still to come.
    if (!pending_.empty()) return LexResult::Incomplete;
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
    Token token;
    token.kind = kind;
    token.text = Text(source_ + start, end - start);
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
        {"<<-", TokenKind::DoubleLessDash}, {"&&", TokenKind::AndIf},   {"||", TokenKind::OrIf},
        {">>", TokenKind::DoubleGreat},     {"<<", TokenKind::DoubleLess}, {"<&", TokenKind::LessAnd},
        {">&", TokenKind::GreatAnd},        {"<>", TokenKind::LessGreat},  {";;", TokenKind::DoubleSemicolon},
        {";", TokenKind::Semicolon},        {"&", TokenKind::Ampersand},   {"|", TokenKind::Pipe},
        {"<", TokenKind::Less},             {">", TokenKind::Great},       {"(", TokenKind::OpenParenthesis},
        {")", TokenKind::CloseParenthesis},
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
      } else if (!nested(text)) {
        return false;
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
      } else if (!nested(text)) {
        return false;
      }
    }
    text.push('"');
    ++at_;
    return true;
  }

  // At at_: ${...}, $(...), $((...)) or `...` whole (a quote or blank inside
  // does not end the word), or else one character. False when the source
  // ends inside.
  bool nested(Text& text) {
    const char* close = nullptr;
    if (source_[at_] == '$' && source_[at_ + 1] == '{') return braced(text);
    if (source_[at_] == '$' && source_[at_ + 1] == '(') {
      close = matching_parenthesis(source_ + at_ + 1);
    } else if (source_[at_] == '`') {
      close = matching_backquote(source_ + at_);
    } else {
      text.push(source_[at_++]);
      return true;
    }
    if (!close) return false;
    size_t end = static_cast<size_t>(close - source_) + 1;
    text.append(source_ + at_, end - at_);
    at_ = end;
    return true;
  }

  // After a word: when it follows << or <<-, its body comes after the line.
  void note_here_document() {
    size_t count = tokens_.size();
    if (count < 2 || tokens_[count - 1].kind != TokenKind::Word) return;
    TokenKind before = tokens_[count - 2].kind;
    if (before == TokenKind::DoubleLess || before == TokenKind::DoubleLessDash) pending_.push(count - 1);
  }

  // Reads the bodies of the here-documents of the line just ended, in
  // order; false when the source ends before a delimiter line.
  bool here_documents() {
    for (size_t index : pending_) {
      Token& token = tokens_[index];
      bool strip_tabs = tokens_[index - 1].kind == TokenKind::DoubleLessDash;
      Text delimiter = here_document_delimiter(token.text);
      for (;;) {
        if (source_[at_] == '\0') return false;
        if (strip_tabs) {
          while (source_[at_] == '\t') ++at_;
        }
        const char* newline = strchr(source_ + at_, '\n');
        size_t length = newline ? static_cast<size_t>(newline - (source_ + at_)) : strlen(source_ + at_);
        Text line(source_ + at_, length);
        at_ += length + (newline ? 1 : 0);
        if (line == delimiter.c_str()) break;
        if (!newline) return false;
        token.here_document.append(line);
        token.here_document.push('\n');
      }
    }
    pending_.clear();
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
  Vec<size_t> pending_;  // the delimiter tokens of here-documents whose bodies come after this line
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
    case TokenKind::DoubleLess:
    case TokenKind::DoubleLessDash:
      return true;
    default:
      return false;
  }
}

}  // namespace sh
