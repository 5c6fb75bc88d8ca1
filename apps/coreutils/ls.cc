// ls [-la1] [PATH...]: the names in each directory, sorted, one a line
// (there are no columns: POSIX's format when stdout is not a terminal).
// -a: names starting with '.' too. -l: the long format, with numeric
// owner and group (Tessera has no user database): mode, links, owner,
// group, size, modification time, name. Operands that are not directories
// are listed first, as themselves.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/file_mode.h"
#include "lib/options.h"
#include "lib/path.h"
#include "lib/report.h"

using namespace coreutils;

namespace {

struct Options {
  bool all = false;
  bool long_format = false;
};

struct Entry {
  char* name;
  struct stat st;
};

struct Listing {
  Entry* entries = nullptr;
  size_t count = 0;
  size_t capacity = 0;

  Listing() = default;
  Listing(const Listing&) = delete;
  Listing& operator=(const Listing&) = delete;
  ~Listing() {
    for (size_t i = 0; i < count; ++i) free(entries[i].name);
    free(entries);
  }

  bool add(const char* name, const struct stat& st) {
    if (count == capacity) {
      size_t grown_capacity = capacity ? capacity * 2 : 32;
      Entry* grown = static_cast<Entry*>(realloc(entries, grown_capacity * sizeof(Entry)));
      if (!grown) return false;
      entries = grown;
      capacity = grown_capacity;
    }
    entries[count].name = strdup(name);
    if (!entries[count].name) return false;
    entries[count].st = st;
    ++count;
    return true;
  }

  void sort() {
    if (count < 2) return;  // entries may be null
    qsort(entries, count, sizeof(Entry),
          [](const void* a, const void* b) { return strcmp(static_cast<const Entry*>(a)->name, static_cast<const Entry*>(b)->name); });
  }
};

int digits(unsigned long long n) {
  int d = 1;
  for (; n >= 10; n /= 10) ++d;
  return d;
}

void print_listing(const Listing& listing, const Options& options) {
  if (!options.long_format) {
    for (size_t i = 0; i < listing.count; ++i) puts(listing.entries[i].name);
    return;
  }
  int links_width = 1, owner_width = 1, group_width = 1, size_width = 1;
  for (size_t i = 0; i < listing.count; ++i) {
    const struct stat& st = listing.entries[i].st;
    links_width = digits(st.st_nlink) > links_width ? digits(st.st_nlink) : links_width;
    owner_width = digits(st.st_uid) > owner_width ? digits(st.st_uid) : owner_width;
    group_width = digits(st.st_gid) > group_width ? digits(st.st_gid) : group_width;
    size_width = digits((unsigned long long)st.st_size) > size_width ? digits((unsigned long long)st.st_size) : size_width;
  }
  time_t now = time(nullptr);
  for (size_t i = 0; i < listing.count; ++i) {
    const struct stat& st = listing.entries[i].st;
    char mode[11];
    mode_string(st.st_mode, mode);
    // Files older than half a year (or in the future) show their year.
    constexpr time_t kHalfYear = 365 * 24 * 3600 / 2;
    bool recent = st.st_mtime <= now && now - st.st_mtime < kHalfYear;
    char when[32];
    format_time(st.st_mtime, recent ? "%b %e %H:%M" : "%b %e  %Y", when, sizeof when);
    printf("%s %*lu %*lu %*lu %*lld %s %s\n", mode, links_width, (unsigned long)st.st_nlink, owner_width,
           (unsigned long)st.st_uid, group_width, (unsigned long)st.st_gid, size_width, (long long)st.st_size, when,
           listing.entries[i].name);
  }
}

int read_directory(const char* path, const Options& options, Listing& out) {
  DIR* dir = opendir(path);
  if (!dir) return report_errno(path);
  int result = kExitOk;
  for (;;) {
    errno = 0;
    struct dirent* entry = readdir(dir);
    if (!entry) {
      if (errno != 0) result = report_errno(path);
      break;
    }
    if (entry->d_name[0] == '.' && !options.all) continue;
    struct stat st = {};
    if (options.long_format) {
      char* full = path_join(path, entry->d_name);
      if (!full) {
        result = report_errno(path);
        break;
      }
      int r = lstat(full, &st);
      if (r != 0) result = report_errno(full);
      free(full);
      if (r != 0) continue;
    }
    if (!out.add(entry->d_name, st)) {
      result = report_errno(path);
      break;
    }
  }
  closedir(dir);
  out.sort();
  return result;
}

int list_directory(const char* path, const Options& options) {
  Listing listing;
  int result = read_directory(path, options, listing);
  if (options.long_format) {
    unsigned long long blocks = 0;
    for (size_t i = 0; i < listing.count; ++i) blocks += (unsigned long long)listing.entries[i].st.st_blocks;
    printf("total %llu\n", blocks / 2);  // st_blocks counts 512-byte units; ls shows KiB
  }
  print_listing(listing, options);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  set_program_name("ls");
  Options options;
  for (int c; (c = next_option(argc, argv, "la1")) != -1;) {
    if (c == 'l') options.long_format = true;
    else if (c == 'a') options.all = true;
    else if (c != '1') return usage("[-la1] [path...]");
  }
  if (optind == argc) {
    int result = list_directory(".", options);
    return fflush(stdout) == 0 ? result : report_errno("stdout");
  }
  int result = kExitOk;
  Listing files;
  for (int i = optind; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      result = report_errno(argv[i]);
    } else if (S_ISDIR(st.st_mode)) {
      continue;  // listed below, after the files
    } else if (!files.add(argv[i], st)) {
      result = report_errno(argv[i]);
    }
  }
  files.sort();
  print_listing(files, options);
  // With more than one operand, each directory is headed by its name.
  bool headed = argc - optind > 1;
  bool first = files.count == 0;
  for (int i = optind; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) continue;
    if (headed) printf("%s%s:\n", first ? "" : "\n", argv[i]);
    first = false;
    if (list_directory(argv[i], options) != kExitOk) result = kExitFailure;
  }
  if (fflush(stdout) != 0) return report_errno("stdout");
  return result;
}
