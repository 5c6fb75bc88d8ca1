#include "parser.h"

namespace sh {

bool is_assignment(const Text& word) {
  const char* text = word.c_str();
  auto name_start = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!name_start(text[0])) return false;
  size_t i = 1;
  while (name_start(text[i]) || (text[i] >= '0' && text[i] <= '9')) ++i;
  return text[i] == '=';
}

ParseResult Parser::line(Vec<AndOr>& lists) {
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
  size_t start = peek().start;
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
  list.source = Text(source_ + start, tokens_[at_ - 1].end - start);
  return ParseResult::Ok;
}

ParseResult Parser::pipeline(Pipeline& piped) {
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
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  for (;;) {
    const Token& token = peek();
    if (is_redirection(token.kind)) {
      ParseResult result = redirect(command);
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

ParseResult Parser::redirect(Command& command) {
  const Token& op = tokens_[at_++];
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  if (peek().kind != TokenKind::Word) return unexpected();
  RedirectKind kind = RedirectKind::Read;
  int fd = 0;
  switch (op.kind) {
    case TokenKind::Less: kind = RedirectKind::Read; break;
    case TokenKind::LessGreat: kind = RedirectKind::ReadWrite; break;
    case TokenKind::LessAnd: kind = RedirectKind::DuplicateRead; break;
    case TokenKind::Great: kind = RedirectKind::Write, fd = 1; break;
    case TokenKind::DoubleGreat: kind = RedirectKind::Append, fd = 1; break;
    case TokenKind::GreatAnd: kind = RedirectKind::DuplicateWrite, fd = 1; break;
    default: break;
  }
  if (op.io_number >= 0) fd = op.io_number;
  command.redirects.push(Redirect{fd, kind, peek().text});
  ++at_;
  return ParseResult::Ok;
}

void Parser::skip_newlines() {
  while (peek().kind == TokenKind::Newline) ++at_;
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
