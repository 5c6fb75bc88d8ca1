// Volume: file data — reading, writing, growing and cutting cluster chains.
#include <string.h>

#include "le.h"
#include "volume.h"
#include "volume_internal.h"

namespace fatfs {

Result<uint32_t> Volume::cluster_at(Node& node, uint32_t index) {
  if (!g_.valid_cluster(node.first)) return Error::IoError;
  // Sequential access continues from the last cluster found.
  uint32_t from = 0, cluster = node.first;
  if (node.cursor_cluster && node.cursor_index <= index) from = node.cursor_index, cluster = node.cursor_cluster;
  auto c = fat_.walk(cluster, index - from);
  if (!c) return c.error();
  node.cursor_index = index;
  node.cursor_cluster = *c;
  return *c;
}

Result<Volume::Extent> Volume::extent(Node& node, uint64_t offset, uint32_t count) {
  uint32_t index = uint32_t(offset / g_.cluster_bytes);
  auto c = cluster_at(node, index);
  if (!c) return c.error();
  uint32_t in_cluster = uint32_t(offset % g_.cluster_bytes);
  uint64_t reach = g_.cluster_bytes - in_cluster;
  if (reach < count) {
    auto more = fat_.consecutive(*c, uint32_t((count - reach + g_.cluster_bytes - 1) / g_.cluster_bytes));
    if (!more) return more.error();
    if (*more > 0) node.cursor_index = index + *more, node.cursor_cluster = *c + *more;
    reach += uint64_t(*more) * g_.cluster_bytes;
  }
  return Extent{g_.cluster_byte(*c) + in_cluster, uint32_t(reach < count ? reach : count)};
}

Status Volume::fill(Node& node, uint64_t offset, const uint8_t* data, uint32_t count) {
  while (count > 0) {
    auto piece = extent(node, offset, count);
    if (!piece) return piece.error();
    uint64_t byte = piece->byte;
    if (data) {
      TRY(disk_.write_span(byte, data, piece->length));
      data += piece->length;
    } else {
      // Zeros: block by block through the cache (a gap is rarely long).
      for (uint32_t left = piece->length; left > 0;) {
        uint32_t chunk = disk_.room(byte) < left ? disk_.room(byte) : left;
        auto p = chunk == disk_.block_size() ? disk_.overwrite(byte) : disk_.modify(byte);
        if (!p) return p.error();
        memset(*p, 0, chunk);
        byte += chunk, left -= chunk;
      }
    }
    offset += piece->length;
    count -= piece->length;
  }
  return {};
}

Result<uint32_t> Volume::read(Node& node, uint64_t offset, uint8_t* out, uint32_t count) {
  if (node.dir) return Error::IsDirectory;
  if (offset >= node.size) return 0u;
  if (count > node.size - offset) count = uint32_t(node.size - offset);
  uint32_t done = 0;
  while (done < count) {
    auto piece = extent(node, offset, count - done);
    if (!piece) return piece.error();
    TRY(disk_.read_span(piece->byte, out + done, piece->length));
    done += piece->length;
    offset += piece->length;
  }
  return done;
}

Result<uint32_t> Volume::grow(Node& node, uint64_t end) {
  uint32_t cb = g_.cluster_bytes;
  uint32_t have = node.first ? clusters_for(node.size, cb) : 0;
  if (node.first && have == 0) have = 1;  // an empty file that holds a cluster keeps it
  uint32_t need = clusters_for(end, cb);
  // Where the writes that follow start: at the old last cluster (or the
  // first new one), not at the end, which a chain cannot walk back from.
  uint32_t resume_index = have > 0 ? have - 1 : 0, resume_cluster = 0;
  uint32_t i = have;
  while (i < need) {
    uint32_t prev = 0;
    if (i > 0) {
      auto p = cluster_at(node, i - 1);
      if (!p) return p.error();
      prev = *p;
      // The clusters right after the last one, when free: a file that
      // stays in one piece, and one FAT block changed per run of them.
      auto more = fat_.extend(prev, need - i);
      if (!more) return more.error();
      if (*more > 0) {
        if (!resume_cluster) resume_cluster = prev;
        i += *more;
        node.cursor_index = i - 1;
        node.cursor_cluster = prev + *more;
        continue;
      }
    }
    auto c = fat_.allocate(prev);
    if (!c && c.error() == Error::NoSpace) break;
    if (!c) return c.error();
    if (i == 0) node.first = *c;
    if (!resume_cluster) resume_cluster = i > 0 ? prev : *c;
    node.cursor_index = i;
    node.cursor_cluster = *c;
    ++i;
  }
  if (resume_cluster) node.cursor_index = resume_index, node.cursor_cluster = resume_cluster;
  if (i < need) return uint64_t(i) * cb < end ? uint32_t(uint64_t(i) * cb) : uint32_t(end);
  return uint32_t(end);
}

Status Volume::cut(uint32_t first, uint32_t keep) {
  if (!g_.valid_cluster(first)) return {};
  if (keep == 0) return fat_.free_chain(first);
  auto last = fat_.walk(first, keep - 1);
  if (!last) return last.error();
  auto rest = fat_.next(*last);
  if (!rest) return rest.error();
  if (*rest == FatTable::kEnd) return {};
  TRY(fat_.set(*last, FatTable::kEnd));
  return fat_.free_chain(*rest);
}

Status Volume::give_back(Node& node, uint32_t first_before) {
  // Nothing but the FAT points at the clusters grow() took: no ordering.
  uint32_t keep = first_before ? clusters_for(node.size, g_.cluster_bytes) : 0;
  if (first_before && keep == 0) keep = 1;
  Status freed = cut(node.first, keep);
  node.first = first_before;
  node.cursor_cluster = 0;
  return freed;
}

Status Volume::commit(Node& node) {
  if (!node.entry_stale) return {};
  // The clusters and their FAT entries before the entry that points at them.
  cache_.barrier();
  return store(node);
}

Status Volume::store(Node& node) {
  node.entry_stale = false;
  if (node.entry == 0 || node.unlinked) return {};
  auto p = disk_.modify(node.entry);
  if (!p) return p.error();
  put16(*p + 20, uint16_t(node.first >> 16));
  put16(*p + 26, uint16_t(node.first));
  put32(*p + 28, node.dir ? 0 : node.size);
  stamp(*p, false);
  return {};
}

Result<uint32_t> Volume::write(Node& node, uint64_t offset, const uint8_t* data, uint32_t count) {
  if (node.dir) return Error::IsDirectory;
  if (count == 0) return 0u;
  if (offset >= kMaxFileSize) return Error::TooLarge;
  if (count > kMaxFileSize - offset) count = uint32_t(kMaxFileSize - offset);
  uint64_t end = offset + count;
  uint32_t first_before = node.first;
  auto reach = grow(node, end);
  if (!reach) return reach.error();
  // Not one byte fits: leave the file as it was.
  if (*reach <= offset) {
    TRY(give_back(node, first_before));
    return Error::NoSpace;
  }
  if (*reach < end) count = uint32_t(*reach - offset);
  Status filled = offset > node.size ? fill(node, node.size, nullptr, uint32_t(offset - node.size)) : Status{};
  if (filled) filled = fill(node, offset, data, count);
  if (!filled) {
    // A long run goes to the disk now, so a failing disk shows here: the
    // clusters this write took go back, and the chain still fits the size.
    (void)give_back(node, first_before);
    return filled.error();
  }
  if (offset + count > node.size) node.size = uint32_t(offset + count);
  // The entry follows at close or sync (commit), so that a run of writes
  // costs no ordering flush per write.
  node.entry_stale = true;
  return count;
}

Status Volume::truncate(Node& node, uint64_t size) {
  if (node.dir) return Error::IsDirectory;
  if (size > kMaxFileSize) return Error::TooLarge;
  if (size > node.size) {
    // FAT has no holes: the new bytes are written as zeros.
    uint32_t first_before = node.first;
    auto reach = grow(node, size);
    if (!reach) return reach.error();
    if (*reach < size) {
      TRY(give_back(node, first_before));
      return Error::NoSpace;
    }
    TRY(fill(node, node.size, nullptr, uint32_t(size - node.size)));
    node.size = uint32_t(size);
    node.entry_stale = true;
    return {};
  }
  uint32_t keep = clusters_for(size, g_.cluster_bytes);
  uint32_t first = node.first;
  node.size = uint32_t(size);
  if (keep == 0) node.first = 0;
  node.cursor_cluster = 0;
  // Clusters allocated since the last commit before the entry (which may
  // point at them); the entry stops pointing at the cut ones before they
  // are freed.
  cache_.barrier();
  TRY(store(node));
  cache_.barrier();
  return cut(first, keep);
}

}  // namespace fatfs
