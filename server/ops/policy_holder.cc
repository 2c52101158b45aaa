#include "server/ops/policy_holder.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace trustfit::server {

PolicyHolder::PolicyHolder(std::string path)
    : path_(std::move(path)), policy_(scoring::Policy::Default()) {}

PolicyHolder::FileStamp PolicyHolder::Stamp(const std::string& path) {
  struct stat info;
  FileStamp stamp;
  if (::stat(path.c_str(), &info) != 0) return stamp;
  stamp.size = info.st_size;
  stamp.mtime_ns = static_cast<int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 +
                   info.st_mtim.tv_nsec;
  stamp.inode = static_cast<int64_t>(info.st_ino);
  return stamp;
}

absl::Status PolicyHolder::Reload() {
  if (path_.empty()) return absl::OkStatus();
  // Stamp before reading: a write racing the read is then seen next time.
  const FileStamp stamp = Stamp(path_);
  std::ifstream in(path_, std::ios::binary);
  if (!in.good()) {
    // A missing file, too, is not retried (nor reported) until it changes.
    std::lock_guard<std::mutex> lock(mu_);
    loaded_stamp_ = stamp;
    return absl::NotFoundError(absl::StrCat("cannot read policy file ", path_));
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<scoring::Policy> loaded =
      scoring::Policy::FromYaml(text.str());
  std::lock_guard<std::mutex> lock(mu_);
  loaded_stamp_ = stamp;  // Do not retry a bad file until it changes again.
  if (!loaded.ok()) return loaded.status();
  policy_ = *std::move(loaded);
  return absl::OkStatus();
}

absl::Status PolicyHolder::ReloadIfChanged() {
  if (path_.empty()) return absl::OkStatus();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (Stamp(path_) == loaded_stamp_) return absl::OkStatus();
  }
  return Reload();
}

scoring::Policy PolicyHolder::Current() const {
  std::lock_guard<std::mutex> lock(mu_);
  return policy_;
}

}  // namespace trustfit::server
