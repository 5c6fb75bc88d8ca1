#include "names.h"

#include <cctype>
#include <set>

namespace codegen {

std::string snake_case(const std::string& camel) {
  std::string out;
  for (size_t i = 0; i < camel.size(); ++i) {
    char c = camel[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      bool after_word = i > 0 && !std::isupper(static_cast<unsigned char>(camel[i - 1]));
      bool acronym_end = i > 0 && i + 1 < camel.size() && std::isupper(static_cast<unsigned char>(camel[i - 1])) &&
                         std::islower(static_cast<unsigned char>(camel[i + 1]));
      if (after_word || acronym_end) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return cxx_identifier(out);
}

std::string pascal_case(const std::string& camel) {
  std::string out = camel;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return cxx_identifier(out);
}

std::string cxx_identifier(const std::string& name) {
  static const std::set<std::string> kKeywords = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
      "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval",
      "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype",
      "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern",
      "false", "float", "for", "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new",
      "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
      "register", "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw", "true",
      "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
      "wchar_t", "while", "xor", "xor_eq"};
  return kKeywords.count(name) ? name + "_" : name;
}

}  // namespace codegen
