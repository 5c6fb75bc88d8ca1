// The parser's compound commands (POSIX XCU 2.9.4, 2.9.5): { }, ( ), if,
// while, until, for, case, and function definitions; the rest is parser.cc.
#include "parser.h"

namespace sh {

ParseResult Parser::compound_command(Command& command) {
  ParseResult result;
  if (peek().kind == TokenKind::OpenParenthesis) {
    static const char* const kEnds[] = {")", nullptr};
    command.kind = CommandKind::Subshell;
    size_t inside = tokens_[at_++].end;
    result = compound_list(command.lists.push(List()), kEnds);
    if (result == ParseResult::Ok) {
      command.body_source = Text(source_ + inside, peek().start - inside);
      ++at_;  // the )
    }
  } else if (at_word("{")) {
    static const char* const kEnds[] = {"}", nullptr};
    command.kind = CommandKind::Group;
    ++at_;
    result = compound_list(command.lists.push(List()), kEnds);
    if (result == ParseResult::Ok) result = expect("}");
  } else if (at_word("if")) {
    result = if_clause(command);
  } else if (at_word("for")) {
    result = for_clause(command);
  } else if (at_word("case")) {
    result = case_clause(command);
  } else {
    result = loop(command);
  }
  while (result == ParseResult::Ok && is_redirection(peek().kind)) result = redirect(command.redirects);
  return result;
}

ParseResult Parser::function_definition(Command& command) {
  command.kind = CommandKind::FunctionDefinition;
  command.name = peek().text;
  at_ += 2;  // the name and (
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  if (peek().kind != TokenKind::CloseParenthesis) return unexpected();
  ++at_;
  skip_newlines();
  const Token& token = peek();
  if (token.kind == TokenKind::End) return ParseResult::Incomplete;
  // The body is parsed now, so that its errors show at the definition; it
  // runs from its text (Shell::call_function).
  if (!at_compound_start()) return unexpected();
  size_t first = at_;
  Command body;
  ParseResult result = compound_command(body);
  if (result == ParseResult::Ok) command.body_source = runnable_source(first);
  return result;
}

ParseResult Parser::if_clause(Command& command) {
  static const char* const kConditionEnds[] = {"then", nullptr};
  static const char* const kBodyEnds[] = {"elif", "else", "fi", nullptr};
  static const char* const kElseEnds[] = {"fi", nullptr};
  command.kind = CommandKind::If;
  ++at_;  // if
  for (;;) {
    ParseResult result = compound_list(command.lists.push(List()), kConditionEnds);
    if (result == ParseResult::Ok) result = expect("then");
    if (result == ParseResult::Ok) result = compound_list(command.lists.push(List()), kBodyEnds);
    if (result != ParseResult::Ok) return result;
    if (at_word("elif")) {
      ++at_;
      continue;
    }
    if (at_word("else")) {
      ++at_;
      result = compound_list(command.lists.push(List()), kElseEnds);
      if (result != ParseResult::Ok) return result;
    }
    return expect("fi");
  }
}

ParseResult Parser::loop(Command& command) {
  static const char* const kConditionEnds[] = {"do", nullptr};
  static const char* const kBodyEnds[] = {"done", nullptr};
  command.kind = at_word("while") ? CommandKind::While : CommandKind::Until;
  ++at_;
  ParseResult result = compound_list(command.lists.push(List()), kConditionEnds);
  if (result == ParseResult::Ok) result = expect("do");
  if (result == ParseResult::Ok) result = compound_list(command.lists.push(List()), kBodyEnds);
  if (result == ParseResult::Ok) result = expect("done");
  return result;
}

ParseResult Parser::for_clause(Command& command) {
  static const char* const kBodyEnds[] = {"done", nullptr};
  command.kind = CommandKind::For;
  ++at_;  // for
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  if (peek().kind != TokenKind::Word || !is_name(peek().text.c_str())) return unexpected();
  command.name = tokens_[at_++].text;
  if (peek().kind == TokenKind::Semicolon) {
    ++at_;
    command.all_arguments = true;
  } else {
    skip_newlines();
    command.all_arguments = !at_word("in");
    if (!command.all_arguments) {
      for (++at_; peek().kind == TokenKind::Word; ++at_) command.words.push(peek().text);
      if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
      if (peek().kind != TokenKind::Semicolon && peek().kind != TokenKind::Newline) return unexpected();
      ++at_;
    }
  }
  skip_newlines();
  ParseResult result = expect("do");
  if (result == ParseResult::Ok) result = compound_list(command.lists.push(List()), kBodyEnds);
  if (result == ParseResult::Ok) result = expect("done");
  return result;
}

ParseResult Parser::case_clause(Command& command) {
  command.kind = CommandKind::Case;
  ++at_;  // case
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  if (peek().kind != TokenKind::Word) return unexpected();
  command.words.push(tokens_[at_++].text);
  skip_newlines();
  ParseResult result = expect("in");
  skip_newlines();
  while (result == ParseResult::Ok && !at_word("esac")) result = case_item(command);
  return result == ParseResult::Ok ? expect("esac") : result;
}

ParseResult Parser::case_item(Command& command) {
  static const char* const kEnds[] = {";;", "esac", nullptr};
  CaseItem item;
  if (peek().kind == TokenKind::OpenParenthesis) ++at_;
  for (;;) {
    if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
    if (peek().kind != TokenKind::Word) return unexpected();
    item.patterns.push(tokens_[at_++].text);
    if (peek().kind != TokenKind::Pipe) break;
    ++at_;
  }
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  if (peek().kind != TokenKind::CloseParenthesis) return unexpected();
  ++at_;
  ParseResult result = compound_list(item.body, kEnds, true);
  if (result != ParseResult::Ok) return result;
  if (peek().kind == TokenKind::DoubleSemicolon) {
    ++at_;
    skip_newlines();
  }
  command.cases.push(static_cast<CaseItem&&>(item));
  return ParseResult::Ok;
}

ParseResult Parser::compound_list(List& list, const char* const* ends, bool may_be_empty) {
  skip_newlines();
  while (peek().kind != TokenKind::End && !at_list_end(ends)) {
    AndOr item;
    ParseResult result = and_or(item);
    if (result != ParseResult::Ok) return result;
    TokenKind kind = peek().kind;
    if (kind == TokenKind::Ampersand || kind == TokenKind::Semicolon) {
      item.background = kind == TokenKind::Ampersand;
      ++at_;
    } else if (kind != TokenKind::Newline && kind != TokenKind::End && !at_list_end(ends)) {
      return unexpected();
    }
    list.push(static_cast<AndOr&&>(item));
    skip_newlines();
  }
  if (peek().kind == TokenKind::End) return ParseResult::Incomplete;
  return list.empty() && !may_be_empty ? unexpected() : ParseResult::Ok;
}

bool Parser::at_list_end(const char* const* ends) const {
  for (; *ends; ++ends) {
    if (strcmp(*ends, ")") == 0 ? peek().kind == TokenKind::CloseParenthesis
        : strcmp(*ends, ";;") == 0 ? peek().kind == TokenKind::DoubleSemicolon
                                   : at_word(*ends)) {
      return true;
    }
  }
  return false;
}

}  // namespace sh
