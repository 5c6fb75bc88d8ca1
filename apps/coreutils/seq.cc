// seq [-s SEP] [FIRST [INCREMENT]] LAST: the numbers from FIRST (1) by
// INCREMENT (1) up to LAST (down, for a negative increment), one a line
// (or separated by SEP). Decimals are exact and shown with as many places
// as FIRST or INCREMENT has, as GNU seq shows them.
#include <stdio.h>
#include <string.h>

#include "lib/decimal.h"
#include "lib/options.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

constexpr const char* kSynopsis = "[-s separator] [first [increment]] last";

// Negative numbers are operands, not options.
bool is_number(const char* text) {
  Decimal unused;
  return parse_decimal(text, unused);
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("seq");
  const char* separator = "\n";
  while (optind < argc && !is_number(argv[optind])) {
    int c = next_option(argc, argv, "s:");
    if (c == -1) break;
    if (c != 's') return usage(kSynopsis);
    separator = optarg;
  }
  int operands = argc - optind;
  if (operands < 1 || operands > 3) return usage(kSynopsis);
  Decimal values[3] = {{1, 0}, {1, 0}, {0, 0}};  // first, increment, last
  int slot[3][3] = {{2}, {0, 2}, {0, 1, 2}};  // which value each operand gives
  for (int i = 0; i < operands; ++i) {
    if (!parse_decimal(argv[optind + i], values[slot[operands - 1][i]])) {
      complain("invalid number: %s", argv[optind + i]);
      return usage(kSynopsis);
    }
  }
  int shown_places = values[0].places > values[1].places ? values[0].places : values[1].places;
  int places = shown_places > values[2].places ? shown_places : values[2].places;
  Decimal first, increment, last;
  if (!rescale(values[0], places, first) || !rescale(values[1], places, increment) ||
      !rescale(values[2], places, last)) {
    return complain("numbers too large");
  }
  if (increment.scaled == 0) return complain("the increment must not be 0");
  // Steps are counted rather than added, so no overflow can happen on the way.
  int64_t span = 0;
  bool overflow = increment.scaled > 0 ? __builtin_sub_overflow(last.scaled, first.scaled, &span)
                                       : __builtin_sub_overflow(first.scaled, last.scaled, &span);
  if (overflow) return complain("numbers too large");
  int64_t step = increment.scaled > 0 ? increment.scaled : -increment.scaled;
  if (span < 0) return kExitOk;
  int64_t steps = span / step;
  int64_t scale_down = 1;
  for (int i = shown_places; i < places; ++i) scale_down *= 10;
  for (int64_t i = 0; i <= steps; ++i) {
    Decimal value{(first.scaled + i * increment.scaled) / scale_down, shown_places};
    char text[48];
    format_decimal(value, text, sizeof text);
    if (i > 0) fputs(separator, stdout);
    fputs(text, stdout);
  }
  fputc('\n', stdout);
  if (fflush(stdout) != 0) return report_errno("stdout");
  return kExitOk;
}
