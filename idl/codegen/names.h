// How capnp names become C++ names: types stay PascalCase, methods and
// fields become snake_case (capnp forbids '_' in names, so the mapping is
// one-to-one), enumerants become PascalCase like abi::Error's. A name that is
// a C++ keyword gets a trailing '_'.
#pragma once

#include <string>

namespace codegen {

std::string snake_case(const std::string& camel);
std::string pascal_case(const std::string& camel);
// Appends '_' to C++ keywords.
std::string cxx_identifier(const std::string& name);

}  // namespace codegen
