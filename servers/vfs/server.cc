#include "server.h"

#include <new>

#include "session.h"

namespace vfs {

Status Server::start(ipc::Handle session_end, ipc::Handle root_fs) {
  TRY(server_.init(server::Threads::AsNeeded));
  Account* account = add_account(true);
  if (!account) return Error::NoMemory;
  auto root = add_file_system(root_fs);  // held by the mount made next
  if (!root) return root.error();
  Space* space = add_space(MountSpace(), account);
  if (!space) return Error::NoMemory;
  TRY(space->mounts.mount(Path(), *root));
  auto* session = new (std::nothrow) Session(*this, space, account, true);
  if (!session) return Error::NoMemory;
  auto key = server_.add(session_end, session, true);
  return key ? Status{} : Status(key.error());
}

void Server::run() {
  (void)server_.run();
  __builtin_unreachable();  // with Threads::AsNeeded, run() ends the process
}

// --- accounts

Account* Server::add_account(bool unlimited) {
  auto* account = new (std::nothrow) Account();
  if (account) account->unlimited = unlimited;
  return account;
}

void Server::release_account(Account* account) {
  if (account->sessions == 0 && account->spaces == 0 && account->calls == 0 && account->queued == 0 &&
      !account->ready) {
    delete account;
  }
}

// --- mountspaces

Space* Server::add_space(const MountSpace& mounts, Account* account) {
  auto* space = new (std::nothrow) Space();
  if (!space) return nullptr;
  if (!space->mounts.copy_from(mounts)) {
    delete space;
    return nullptr;
  }
  for (size_t m = 0; m < space->mounts.size(); ++m) ref_file_system(space->mounts.at(m)->fs);
  space->account = account;
  ++account->spaces;
  return space;
}

void Server::free_space(Space* space) {
  for (size_t m = 0; m < space->mounts.size(); ++m) unref_file_system(space->mounts.at(m)->fs);
  Account* account = space->account;
  delete space;
  --account->spaces;
  release_account(account);
}

// --- file systems

Result<FsId> Server::add_file_system(ipc::Handle channel) {
  auto* held = new (std::nothrow) Channel{channel, 1};
  if (!held) return Error::NoMemory;
  auto id = file_systems_.insert(FileSystem{held, 1});
  if (!id) delete held;
  return id;
}

void Server::ref_file_system(FsId fs) { ++file_systems_.find(fs)->refs; }

void Server::unref_file_system(FsId fs) {
  FileSystem* held = file_systems_.find(fs);
  if (--held->refs > 0) return;
  release(held->channel);
  file_systems_.erase(fs);
}

Status Server::replace_channel(FsId fs, ipc::Handle channel) {
  auto* fresh = new (std::nothrow) Channel{channel, 1};
  if (!fresh) return Error::NoMemory;
  FileSystem* held = file_systems_.find(fs);
  release(held->channel);
  held->channel = fresh;
  return {};
}

void Server::release(Channel* channel) {
  if (--channel->users > 0) return;
  (void)ipc::close(channel->handle);
  delete channel;
}

}  // namespace vfs
