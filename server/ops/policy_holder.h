// PolicyHolder: the policy the server uses now, and its reloading.
//
// Every call takes a snapshot with Current() and uses it to the end, so a
// reload (SIGHUP, or the file changing on disk) swaps the policy atomically
// without disturbing calls in flight. A file that fails to load or validate
// leaves the old policy serving; Reload() says why.
//
//   PolicyHolder holder("/etc/trustfit/policy.yaml");
//   TRUSTFIT_RETURN_IF_ERROR(holder.Reload());
//   const scoring::Policy policy = holder.Current();

#ifndef TRUSTFIT_SERVER_OPS_POLICY_HOLDER_H_
#define TRUSTFIT_SERVER_OPS_POLICY_HOLDER_H_

#include <sys/stat.h>

#include <cstdint>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "scoring/policy.h"

namespace trustfit::server {

class PolicyHolder {
 public:
  // Serves the embedded default policy when `path` is empty, otherwise the
  // policy in the file at `path`, which must be loaded with Reload() first.
  explicit PolicyHolder(std::string path);

  // Loads the file again; on success the new policy serves every call that
  // starts from now on. On failure the old policy stays and the status lists
  // every problem. The embedded default never changes.
  absl::Status Reload();

  // Reloads when the file's size, modification time or inode changed since
  // the last load (a Kubernetes ConfigMap update swaps a symlink). Returns
  // OK when nothing changed.
  absl::Status ReloadIfChanged();

  // The policy to use for one call.
  scoring::Policy Current() const;

  // "embedded" or the file path.
  std::string source() const { return path_.empty() ? "embedded" : path_; }
  bool from_file() const { return !path_.empty(); }

 private:
  struct FileStamp {
    int64_t size = -1;
    int64_t mtime_ns = -1;
    int64_t inode = -1;
    bool operator==(const FileStamp& o) const {
      return size == o.size && mtime_ns == o.mtime_ns && inode == o.inode;
    }
  };
  static FileStamp Stamp(const std::string& path);

  const std::string path_;
  mutable absl::Mutex mu_;
  scoring::Policy policy_ ABSL_GUARDED_BY(mu_);
  FileStamp loaded_stamp_ ABSL_GUARDED_BY(mu_);
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_OPS_POLICY_HOLDER_H_
