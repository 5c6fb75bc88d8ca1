#include "parser.h"

namespace sh {

namespace {

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// The reserved words that open a compound command, and those that only end
// or continue one (never a command's name).
const char* const kCompoundStarts[] = {"{", "if", "while", "until", "for", "case", nullptr};
const char* const kContinuations[] = {"}", "then", "elif", "else", "fi", "do", "done", "esac", nullptr};
// Compound commands nest on the parser's stack: deeper ones are an error
// rather than an overflow of it.
constexpr size_t kMaxNesting = 200;

bool one_of(const Text& text, const char* const* words) {
  for (; *words; ++words) {
    if (text == *words) return true;
  }
  return false;
}

}  // namespace

bool is_name(const char* text) {
  if (!is_name_start(text[0])) return false;
  for (++text; *text; ++text) {
    if (!is_name_start(*text) && !(*text >= '0' && *text <= '9')) return false;
  }
  return true;
}

bool is_assignment(const Text& word) {
  const char* equals = strchr(word.c_str(), '=');
  return equals && is_name(Text(word.c_str(), static_cast<size_t>(equals - word.c_str())).c_str());
}

ParseResult Parser::line(List& lists) {
  skip_newlines();
  while (!done() && peek().kind != TokenKind::Newline) {
    AndOr list;
    ParseResult result = and_or(list);
    if (result != ParseResult::Ok) return result;
    TokenKind kind = peek().kind;
    if (kind == TokenKind::Ampersand || kind == TokenKind::Semicolon) {
      list.background = kind == TokenKind::Ampersand;
      ++at_;
    } else if (kind != TokenKind::Newline && kind != TokenKind::End) {
      return unexpected();
    }
    lists.push(static_cast<AndOr&&>(list));
  }
  if (!done()) ++at_;  // the newline
  return ParseResult::Ok;
}

ParseResult Parser::and_or(AndOr& list) {
  size_t first = at_;
  for (;;) {
    Pipeline piped;
    ParseResult result = pipeline(piped);
    if (result != ParseResult::Ok) return result;
    list.pipelines.push(static_cast<Pipeline&&>(piped));
    TokenKind kind = peek().kind;
    if (kind != TokenKind::AndIf && kind != TokenKind::OrIf) break;
    list.and_then.push(kind == TokenKind::AndIf);
    ++at_;
    skip_newlines();  // a list may go on after && or || on the next line
  }
  list.source = runnable_source(first);
  return ParseResult::Ok;
}

ParseResult Parser::pipeline(Pipeline& piped) {
  if (at_word("!")) {
    piped.negated = true;
    ++at_;
  }
  for (;;) {
    Command command;
    ParseResult result = this->command(command);
    if (result != ParseResult::Ok) return result;
    piped.commands.push(static_cast<Command&&>(command));
    if (peek().kind != TokenKind::Pipe) return ParseResult::Ok;
    ++at_;
    skip_newlines();
  }
}

ParseResult Parser::command(Command& command) {
  const Token& token = peek();
  if (token.kind == TokenKind::End) return ParseResult::Incomplete;
  size_t first = at_;
  ParseResult result;
  if (at_compound_start()) {
    if (depth_ == kMaxNesting) {
      error_ = "compound commands nested too deeply";
      return ParseResult::Error;
    }
    ++depth_;
    result = compound_command(command);
    --depth_;
  } else if (token.kind == TokenKind::Word && one_of(token.text, kContinuations)) {
    result = unexpected();
  } else if (token.kind == TokenKind::Word && is_name(token.text.c_str()) &&
             tokens_[at_ + 1].kind == TokenKind::OpenParenthesis) {
    result = function_definition(command);
  } else {
    result = simple_command(command);
  }
  if (result == ParseResult::Ok) command.source = runnable_source(first);
  return result;
}

ParseResult Parser::simple_command(Command& command) {
  for (;;) {
    const Token& token = peek();
    if (is_redirection(token.kind)) {
      ParseResult result = redirect(command.redirects);
      if (result != ParseResult::Ok) return result;
    } else if (token.kind == TokenKind::Word) {
      if (command.words.empty() && is_assignment(token.text)) {
        command.assignments.push(token.text);
      } else {
        command.words.push(token.text);
      }
      ++at_;
    } else {
      break;
    }
  }
  bool empty = command.words.empty() && command.assignments.empty() && command.redirects.empty();
  return empty ? unexpected() : ParseResult::Ok;
}
ParseResult Parser::redirect(Vec<Redirect>& redirects) {
  const Token& op = tokens_[at_++];
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  if (peek().kind != TokenKind::Word) return unexpected();
  Redirect redirect{0, RedirectKind::Read, peek().text};
  switch (op.kind) {
    case TokenKind::Less: redirect.kind = RedirectKind::Read; break;
    case TokenKind::LessGreat: redirect.kind = RedirectKind::ReadWrite; break;
    case TokenKind::LessAnd: redirect.kind = RedirectKind::DuplicateRead; break;
    case TokenKind::Great: redirect.kind = RedirectKind::Write, redirect.fd = 1; break;
    case TokenKind::DoubleGreat: redirect.kind = RedirectKind::Append, redirect.fd = 1; break;
    case TokenKind::GreatAnd: redirect.kind = RedirectKind::DuplicateWrite, redirect.fd = 1; break;
    case TokenKind::DoubleLess:
    case TokenKind::DoubleLessDash:
      redirect.kind = RedirectKind::HereDocument;
      redirect.target = peek().here_document;
      redirect.literal = strpbrk(peek().text.c_str(), "'\"\\") != nullptr;
      break;
    default: break;
  }
  if (op.io_number >= 0) redirect.fd = op.io_number;
  redirects.push(static_cast<Redirect&&>(redirect));
  ++at_;
  return ParseResult::Ok;
}

ParseResult Parser::expect(const char* word) {
  if (at_word(word)) {
    ++at_;
    return ParseResult::Ok;
  }
  return peek().kind == TokenKind::End ? ParseResult::Incomplete : unexpected();
}

bool Parser::at_word(const char* word) const { return peek().kind == TokenKind::Word && peek().text == word; }

bool Parser::at_compound_start() const {
  const Token& token = peek();
  return token.kind == TokenKind::OpenParenthesis || (token.kind == TokenKind::Word && one_of(token.text, kCompoundStarts));
}
void Parser::skip_newlines() {
  while (peek().kind == TokenKind::Newline) ++at_;
}

Text Parser::source_between(size_t start) const { return Text(source_ + start, tokens_[at_ - 1].end - start); }

Text Parser::runnable_source(size_t first_token) const {
  size_t start = tokens_[first_token].start;
  Text source = source_between(start);
  // A here-document whose << is on the text's last line has its body
  // after the text: a child shell that runs the text needs it too.
  size_t line = at_;
  while (line > first_token && tokens_[line - 1].kind != TokenKind::Newline) --line;
  for (size_t i = line > first_token ? line : first_token + 1; i < at_; ++i) {
    TokenKind before = tokens_[i - 1].kind;
    if (before != TokenKind::DoubleLess && before != TokenKind::DoubleLessDash) continue;
    source.push('\n');
    source.append(tokens_[i].here_document);
    source.append(here_document_delimiter(tokens_[i].text));
  }
  return source;
}

ParseResult Parser::unexpected() {
  const Token& token = peek();
  error_ = "unexpected ";
  if (token.kind == TokenKind::Newline) {
    error_.append("newline");
  } else if (token.kind == TokenKind::End) {
    error_.append("end of input");
  } else {
    error_.push('\'');
    error_.append(token.text);
    error_.push('\'');
  }
  return ParseResult::Error;
}

}  // namespace sh
