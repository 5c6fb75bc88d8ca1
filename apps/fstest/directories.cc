// The name space: directories, readdir, rename, unlink and rmdir, every
// error the protocol names, and File.clone with files that outlive their
// names.
#include <string.h>

#include "fstest.h"

namespace fstest {

namespace {

constexpr uint32_t kCreateRw = flags::kReadWrite | flags::kCreate;

// The entries of the directory at path, as "name/" for directories and
// "name" for files, separated by spaces.
bool list(FileSystem& fs, const char* path, char* out, size_t capacity) {
  File dir;
  if (!dir.open(fs, path, flags::kReadOnly | flags::kDirectory)) return false;
  size_t used = 0;
  out[0] = '\0';
  for (uint32_t i = 0; i < 64; ++i) {
    idl::Text name;
    NodeKind kind;
    bool end;
    if (!dir->readdir(i, name, kind, end)) return false;
    if (end) return true;
    size_t need = name.size + (kind == NodeKind::Directory ? 1 : 0) + (used ? 1 : 0);
    if (used + need + 1 > capacity) return false;
    if (used) out[used++] = ' ';
    memcpy(out + used, name.data, name.size);
    used += name.size;
    if (kind == NodeKind::Directory) out[used++] = '/';
    out[used] = '\0';
  }
  return false;
}

bool lists(FileSystem& fs, const char* path, const char* expected) {
  char listing[512];
  return list(fs, path, listing, sizeof listing) && strcmp(listing, expected) == 0;
}

}  // namespace

int directories(FileSystem& fs) {
  Check check("directories");
  check.ok(fs.client.mkdir("dirs", 0755), "mkdir dirs");
  check.ok(fs.client.mkdir("dirs/sub", 0700), "mkdir dirs/sub");
  make_file(check, fs, "dirs/b", "bee");
  make_file(check, fs, "dirs/a", "ay");
  make_file(check, fs, "dirs/c", "sea");
  check.that(lists(fs, "dirs", "a b c sub/"), "readdir lists the entries in name order");
  Stat stat;
  check.ok(fs.client.stat("dirs/sub", stat), "stat a directory");
  check.that(stat.kind == NodeKind::Directory && stat.mode == 0700 && stat.links == 2, "a directory's stat");

  File dir;
  check.ok(dir.open(fs, "dirs", flags::kReadOnly | flags::kDirectory), "open dirs");
  idl::Text name;
  NodeKind kind;
  bool end = false;
  check.ok(dir->readdir(4, name, kind, end), "readdir past the last entry");
  check.that(end, "readdir past the last entry says end");
  check.ok(dir->readdir(1000, name, kind, end), "readdir far past the last entry");
  check.that(end, "readdir far past the end says end");

  check.ok(fs.client.rename("dirs/a", "dirs/sub/a"), "rename into a subdirectory");
  check.status(fs.client.stat("dirs/a", stat), Error::NotFound, "the old name is gone");
  check.ok(fs.client.rename("dirs/sub", "dirs/moved"), "rename a directory");
  File moved;
  check.ok(moved.open(fs, "dirs/moved/a", flags::kReadOnly), "open through the renamed directory");
  check.that(moved.holds("ay"), "contents after the moves");
  moved.close();

  check.ok(fs.client.rename("dirs/b", "dirs/c"), "rename over a file");
  File c;
  check.ok(c.open(fs, "dirs/c", flags::kReadOnly), "open the replaced name");
  check.that(c.holds("bee"), "rename over a file replaces it");
  check.that(lists(fs, "dirs", "c moved/"), "readdir after the renames");

  check.status(fs.client.rmdir("dirs/moved"), Error::NotEmpty, "rmdir a directory with entries");
  check.status(fs.client.unlink("dirs/moved"), Error::IsDirectory, "unlink a directory");
  check.ok(fs.client.unlink("dirs/moved/a"), "unlink a file");
  check.ok(fs.client.rmdir("dirs/moved"), "rmdir an empty directory");
  check.ok(fs.client.unlink("dirs/c"), "unlink");
  check.that(lists(fs, "dirs", ""), "an emptied directory lists nothing");
  check.ok(fs.client.rmdir("dirs"), "rmdir dirs");
  check.status(fs.client.stat("dirs", stat), Error::NotFound, "a removed directory is gone");
  return check.failures();
}

int errors(FileSystem& fs) {
  Check check("errors");
  Stat stat;
  check.ok(fs.client.mkdir("errors", 0755), "mkdir errors");
  check.ok(fs.client.mkdir("errors/full", 0755), "mkdir errors/full");
  make_file(check, fs, "errors/full/f", "x");
  make_file(check, fs, "errors/f", "x");

  check.status(fs.client.stat("nope", stat), Error::NotFound, "stat a missing name");
  check.status(fs.client.stat("nope/x", stat), Error::NotFound, "a missing directory on the way");
  check.status(fs.client.stat("errors/f/x", stat), Error::NotDirectory, "a file on the way");
  check.status(fs.client.mkdir("errors", 0755), Error::AlreadyExists, "mkdir an existing name");
  check.status(fs.client.mkdir("errors/f", 0755), Error::AlreadyExists, "mkdir over a file");

  char name[300];
  memset(name, 'n', sizeof name);
  memcpy(name, "errors/", 7);
  name[7 + 256] = '\0';
  File file;
  check.status(file.open(fs, name, kCreateRw), Error::NameTooLong, "a 256-byte name");
  name[7 + 255] = '\0';
  check.ok(file.open(fs, name, kCreateRw), "a 255-byte name");
  file.close();
  check.ok(fs.client.unlink(name), "unlink the 255-byte name");

  check.status(fs.client.stat("errors//f", stat), Error::InvalidArgument, "an empty component");
  check.status(fs.client.stat("/errors", stat), Error::InvalidArgument, "a leading slash");
  check.status(fs.client.stat("errors/../errors", stat), Error::InvalidArgument, "a .. component");
  static char too_long[1100];
  memset(too_long, 'a', sizeof too_long - 1);
  check.status(fs.client.stat(too_long, stat), Error::TooLarge, "a path over 1023 bytes (refused by the stub)");

  check.status(fs.client.rename("errors", "errors/full/inside"), Error::InvalidArgument,
               "rename a directory into itself");
  check.status(fs.client.rename("errors/f", "errors/full"), Error::IsDirectory, "rename a file over a directory");
  check.ok(fs.client.mkdir("errors/other", 0755), "mkdir errors/other");
  check.status(fs.client.rename("errors/other", "errors/full"), Error::NotEmpty,
               "rename over a directory with entries");
  check.status(fs.client.rename("errors/other", "errors/f"), Error::NotDirectory, "rename a directory over a file");
  check.status(fs.client.rename("errors/missing", "errors/x"), Error::NotFound, "rename a missing name");
  check.status(fs.client.rmdir("errors/f"), Error::NotDirectory, "rmdir a file");
  check.status(fs.client.rmdir(""), Error::Busy, "rmdir the root");
  check.status(fs.client.unlink("errors/missing"), Error::NotFound, "unlink a missing name");
  check.status(file.open(fs, "errors/f", flags::kReadOnly | flags::kDirectory), Error::NotDirectory,
               "O_DIRECTORY on a file");
  check.ok(file.open(fs, "errors/f", flags::kReadOnly), "open a file");
  idl::Text entry;
  NodeKind kind;
  bool end;
  check.status(file->readdir(0, entry, kind, end), Error::NotDirectory, "readdir a file");
  return check.failures();
}

int clone(FileSystem& fs) {
  Check check("clone");
  check.ok(fs.client.mkdir("clone", 0755), "mkdir clone");
  make_file(check, fs, "clone/f", "shared");
  File first;
  check.ok(first.open(fs, "clone/f", flags::kReadWrite), "open");
  ipc::Handle end = ipc::kInvalidHandle;
  check.ok(first->clone(end), "clone");
  File second(end);
  check.that(second.holds("shared"), "read through the clone");
  uint32_t count;
  check.ok(second.write_text(6, "!", count), "write through the clone");
  check.that(first.holds("shared!"), "one open file behind both channels");
  first.close();
  check.that(second.holds("shared!"), "the clone outlives the first channel");

  // A file unlinked while open stays readable until its last channel goes.
  check.ok(fs.client.unlink("clone/f"), "unlink the open file");
  Stat stat;
  check.status(fs.client.stat("clone/f", stat), Error::NotFound, "the name is gone");
  check.that(second.holds("shared!"), "the unlinked file still reads");
  check.ok(second->stat(stat), "stat the unlinked file");
  check.that(stat.links == 0, "an unlinked file has no links");
  check.ok(second.write_text(0, "S", count), "write the unlinked file");
  check.that(second.holds("Shared!"), "the unlinked file still writes");
  second.close();

  // Channels closed without a word are cleaned up: the server goes on.
  for (int i = 0; i < 40; ++i) {
    File many;
    if (!check.ok(many.open(fs, "clone", flags::kReadOnly), "open many")) break;
    ipc::Handle extra;
    if (check.ok(many->clone(extra), "clone many")) (void)ipc::close(extra);
  }
  check.ok(fs.client.rmdir("clone"), "rmdir after the channels closed");
  return check.failures();
}

}  // namespace fstest
