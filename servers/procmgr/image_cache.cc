#include "image_cache.h"

#include <string.h>

namespace procmgr {

bool ImageCache::cacheable(std::string_view path, const ProgramIdentity& identity) {
  return identity.generation != 0 && path.size() <= kMaxPath && identity.size <= kMaxBytes;
}

const CachedImage* ImageCache::find(int64_t owner, std::string_view path, const ProgramIdentity& identity) {
  for (Entry& e : entries_) {
    if (e.used && e.owner == owner && e.identity == identity && e.path_view() == path) {
      e.last_use = ++uses_;
      return &e.image;
    }
  }
  return nullptr;
}

void ImageCache::insert(int64_t owner, std::string_view path, const ProgramIdentity& identity,
                        const CachedImage& image) {
  if (!cacheable(path, identity) || image.mapped > kMaxBytes) {
    release_(image);
    return;
  }
  make_room(owner, path, image.mapped);
  Entry* slot = nullptr;
  for (Entry& e : entries_) {
    if (!e.used) slot = &e;
  }
  slot->used = true;
  slot->owner = owner;
  slot->identity = identity;
  slot->last_use = ++uses_;
  slot->image = image;
  slot->path_length = path.size();
  memcpy(slot->path, path.data(), path.size());
  bytes_ += image.mapped;
}

void ImageCache::make_room(int64_t owner, std::string_view path, uint64_t mapped) {
  // An older version of the same file is stale for good.
  for (Entry& e : entries_) {
    if (e.used && e.owner == owner && e.path_view() == path) evict(e);
  }
  while (size() == kEntries || bytes_ + mapped > kMaxBytes) {
    Entry* victim = least_recently_used();
    if (!victim) return;
    evict(*victim);
  }
}

void ImageCache::forget(int64_t owner) {
  for (Entry& e : entries_) {
    if (e.used && e.owner == owner) evict(e);
  }
}

size_t ImageCache::size() const {
  size_t n = 0;
  for (const Entry& e : entries_) n += e.used;
  return n;
}

void ImageCache::evict(Entry& entry) {
  release_(entry.image);
  bytes_ -= entry.image.mapped;
  entry.used = false;
}

ImageCache::Entry* ImageCache::least_recently_used() {
  Entry* oldest = nullptr;
  for (Entry& e : entries_) {
    if (e.used && (!oldest || e.last_use < oldest->last_use)) oldest = &e;
  }
  return oldest;
}

}  // namespace procmgr
