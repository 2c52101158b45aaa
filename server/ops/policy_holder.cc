#include "server/ops/policy_holder.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "scoring/io/text_file.h"
#include "scoring/status_macros.h"

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
  io::TextFileOptions options;
  options.what = "policy file";
  const absl::StatusOr<std::string> text = io::ReadTextFile(path_, options);
  absl::StatusOr<scoring::Policy> loaded =
      text.ok() ? scoring::Policy::FromYaml(*text) : text.status();
  absl::MutexLock lock(&mu_);
  // Do not retry a bad or missing file (nor report it again) until it
  // changes.
  loaded_stamp_ = stamp;
  TRUSTFIT_ASSIGN_OR_RETURN(policy_, std::move(loaded));
  return absl::OkStatus();
}

absl::Status PolicyHolder::ReloadIfChanged() {
  if (path_.empty()) return absl::OkStatus();
  {
    absl::MutexLock lock(&mu_);
    if (Stamp(path_) == loaded_stamp_) return absl::OkStatus();
  }
  return Reload();
}

scoring::Policy PolicyHolder::Current() const {
  absl::MutexLock lock(&mu_);
  return policy_;
}

}  // namespace trustfit::server
