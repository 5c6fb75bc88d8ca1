// Where cp and mv put each source: `cp a b` copies a to b, `cp a b DIR`
// (and `cp a DIR` when DIR is a directory) to DIR/a and DIR/b.
#pragma once

namespace coreutils {

struct Destination {
  const char* operand;  // the last operand
  bool is_directory;    // it names an existing directory
};

// Looks at the last of the operands; false (after reporting) if there are
// several sources and it is not a directory.
bool find_destination(int source_count, const char* operand, Destination& out);

// The path a source goes to (malloc; nullptr with errno if out of memory).
char* destination_for(const char* source, const Destination& destination);

}  // namespace coreutils
