// fatfs against a model: random sequences of creates, writes at random
// offsets, truncates, unlinks, renames, mkdirs and rmdirs, mirrored in a
// map of path -> contents. The volume must answer each operation as the
// model says (success or the same error), show the model's tree and bytes
// after every step, and leave an image fsck.fat -n passes and mtools reads
// as the model. Small clusters and a small cache make every path (FAT12
// entries across blocks, eviction, directory growth) run often.
#include <map>
#include <random>

#include "fat_image.h"

using namespace fattest;

namespace {

using Model = std::map<std::string, std::string>;  // "/a/" directories, "/a/b" files

bool is_dir(const std::string& path) { return path.back() == '/'; }

bool has_children(const Model& model, const std::string& dir) {
  auto it = model.upper_bound(dir);
  return it != model.end() && it->first.rfind(dir, 0) == 0;
}

void check_against(fatfs::Volume& v, const Model& model) {
  std::set<std::string> want, have;
  for (auto& [path, data] : model) want.insert(path);
  list_tree(v, "", have);
  REQUIRE(have == want);
  for (auto& [path, data] : model) {
    if (!is_dir(path)) REQUIRE(read_all(v, path.substr(1)) == data);
  }
}

}  // namespace

TEST_CASE("random operations match a model, and the image stays clean") {
  for (uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    TempDir tmp;
    std::string image = tmp / "disk.img";
    mkfs(image, 12, 1024, "-s 1");
    Model model;
    std::mt19937 random(seed);
    const char* names[] = {"a", "B.TXT", "long name one.txt", "Another Long Name", "x.y.z", "CAPS AND spaces"};
    auto pick_dir = [&]() {
      std::vector<std::string> dirs{"/"};
      for (auto& [path, data] : model)
        if (is_dir(path)) dirs.push_back(path);
      return dirs[random() % dirs.size()];
    };
    auto pick_any = [&]() { return pick_dir() + names[random() % 6]; };
    {
      Mounted m(image, 16 * 512);
      REQUIRE(m.status.ok());
      fatfs::Volume& v = m.volume;
      for (int step = 0; step < 300; ++step) {
        std::string path = pick_any();
        std::string rel = path.substr(1);
        bool file_there = model.count(path) > 0;
        bool dir_there = model.count(path + "/") > 0;
        CAPTURE(step);
        CAPTURE(path);
        switch (random() % 7) {
          case 0:
          case 1: {  // write at a random offset (creating)
            if (dir_there) {
              CHECK(v.open(rel, flags::kWriteOnly | flags::kCreate).error() == Error::IsDirectory);
              break;
            }
            auto node = v.open(rel, flags::kWriteOnly | flags::kCreate);
            if (!node && !file_there && node.error() == Error::NoSpace) break;  // no room for the entry
            REQUIRE(node.ok());
            std::string& data = model[path];
            uint32_t offset = random() % (data.size() + 3000);
            std::string bytes = pattern(random() % 5000, random());
            auto n = v.write(**node, offset, reinterpret_cast<const uint8_t*>(bytes.data()), uint32_t(bytes.size()));
            if (!n) {
              // A full volume: the file is as it was.
              REQUIRE(n.error() == Error::NoSpace);
            } else {
              // A full volume may also take only part of it.
              REQUIRE(*n <= bytes.size());
              if (data.size() < offset + *n) data.resize(offset + *n, '\0');
              data.replace(offset, *n, bytes.substr(0, *n));
            }
            REQUIRE(v.close(*node).ok());
            break;
          }
          case 2: {  // truncate
            if (!file_there) break;
            auto node = v.open(rel, flags::kReadWrite);
            REQUIRE(node.ok());
            uint32_t size = random() % 8000;
            Status s = v.truncate(**node, size);
            if (s)
              model[path].resize(size, '\0');
            else
              REQUIRE(s.error() == Error::NoSpace);
            REQUIRE(v.close(*node).ok());
            break;
          }
          case 3: {  // unlink
            Status s = v.unlink(rel);
            if (file_there) {
              REQUIRE(s.ok());
              model.erase(path);
            } else {
              CHECK(s.error() == (dir_there ? Error::IsDirectory : Error::NotFound));
            }
            break;
          }
          case 4: {  // mkdir
            Status s = v.mkdir(rel);
            if (file_there || dir_there) {
              CHECK(s.error() == Error::AlreadyExists);
            } else if (s.error() != Error::NoSpace) {
              REQUIRE(s.ok());
              model[path + "/"] = "";
            }
            break;
          }
          case 5: {  // rmdir
            Status s = v.rmdir(rel);
            if (dir_there && !has_children(model, path + "/")) {
              REQUIRE(s.ok());
              model.erase(path + "/");
            } else if (dir_there) {
              CHECK(s.error() == Error::NotEmpty);
            } else {
              CHECK(s.error() == (file_there ? Error::NotDirectory : Error::NotFound));
            }
            break;
          }
          default: {  // rename a file over whatever file is there
            if (!file_there) break;
            std::string to = pick_any();
            if (model.count(to + "/")) break;
            Status s = v.rename(rel, to.substr(1));
            if (s.error() == Error::NoSpace) break;  // no room for the new entry: nothing changed
            REQUIRE(s.ok());
            std::string data = model[path];
            model.erase(path);
            model[to] = data;
            break;
          }
        }
        if (step % 25 == 0) check_against(v, model);
      }
      check_against(v, model);
      REQUIRE(v.sync().ok());
    }
    Run fsck = run("fsck.fat -n " + quote(image));
    INFO(fsck.output);
    CHECK(fsck.status == 0);
    std::set<std::string> want;
    for (auto& [path, data] : model) want.insert(path);
    CHECK(mdir_tree(image) == want);
    Mounted again(image);
    REQUIRE(again.status.ok());
    check_against(again.volume, model);
  }
}
