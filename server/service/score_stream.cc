#include "server/service/score_stream.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/support/proto_buffer_reader.h"
#include "scoring/assess.h"
#include "scoring/pipeline.h"
#include "scoring/portfolio.h"
#include "server/service/call_helpers.h"
#include "server/service/rpc_status.h"

namespace trustfit::server {

namespace v1 = ::trustfit::v1;

void ScoreStreamReactor::Slot::Reset() {
  bytes.Clear();
  google::protobuf::ArenaOptions options;
  options.start_block_size = 64 << 10;
  options.max_block_size = 1 << 20;
  arena = std::make_unique<google::protobuf::Arena>(options);
  response =
      google::protobuf::Arena::CreateMessage<v1::ScoreCandidatesResponse>(
          arena.get());
}

ScoreStreamReactor::ScoreStreamReactor(grpc::CallbackServerContext* context,
                                       PolicyHolder* policies, Metrics* metrics,
                                       WorkerPool* workers,
                                       DecisionStore* decisions)
    : context_(context),
      policies_(policies),
      metrics_(metrics),
      workers_(workers),
      decisions_(decisions) {
  read_in_flight_ = true;
  StartRead(&request_bytes_);
}

void ScoreStreamReactor::Process(const v1::ScoreCandidatesRequest& request,
                                 v1::ScoreCandidatesResponse* response) {
  // One policy for the whole message: its results are consistent.
  const scoring::Policy policy = policies_->Current();
  // The portfolio too: every active arrangement, as one snapshot.
  const std::shared_ptr<const std::vector<v1::ArrangementRecord>> active =
      decisions_ != nullptr
          ? decisions_->ActiveSnapshot()
          : std::make_shared<const std::vector<v1::ArrangementRecord>>();
  // Results are created up front; each item then writes only its own.
  for (int i = 0; i < request.items_size(); ++i) response->add_results();
  workers_->ParallelFor(request.items_size(), [&](int i) {
    const v1::ScoreItem& item = request.items(i);
    v1::ScoreResult* result = response->mutable_results(i);
    result->set_correlation_id(item.correlation_id());
    const std::string& cluster_id = item.cluster_id().empty()
                                        ? request.default_cluster_id()
                                        : item.cluster_id();
    absl::StatusOr<const v1::Cluster*> cluster = SelectCluster(
        policy, cluster_id, item.has_cluster() ? &item.cluster() : nullptr,
        "cluster_id");
    absl::Status status = cluster.status();
    if (status.ok() && item.has_cluster()) {
      status = scoring::AssessInto(policy, item.candidate(), **cluster,
                                   result->mutable_assessment());
    } else if (status.ok()) {
      status = scoring::AssessWithPortfolio(
          policy, item.candidate(), **cluster,
          scoring::CommitmentsOf(*active, (*cluster)->id()),
          result->mutable_assessment());
    }
    if (status.ok()) {
      ApplyView(request.view(), result->mutable_assessment());
      metrics_->AssessmentMade(
          result->assessment().recommendation().arrangement());
    } else {
      *result->mutable_error() = ErrorFor(status, kReasonClusterNotFound);
    }
    metrics_->StreamItem(status.ok());
  });
}

void ScoreStreamReactor::OnReadDone(bool ok) {
  if (!ok) {
    bool finish;
    grpc::Status status;
    {
      absl::MutexLock lock(&mu_);
      read_in_flight_ = false;
      reads_done_ = true;
      finish = ShouldFinishLocked();
      status = FinalStatusLocked();
    }
    if (finish) Finish(status);
    return;
  }

  ++messages_read_;
  grpc::ProtoBufferReader reader(&request_bytes_);
  if (!request_.ParseFromZeroCopyStream(&reader)) {
    bool finish;
    grpc::Status status;
    {
      absl::MutexLock lock(&mu_);
      read_in_flight_ = false;
      reads_done_ = true;  // Nothing after it can be trusted to line up.
      unparseable_ = true;
      finish = ShouldFinishLocked();
      status = FinalStatusLocked();
    }
    if (finish) Finish(status);
    return;
  }
  request_bytes_.Clear();

  int target;
  {
    absl::MutexLock lock(&mu_);
    // The slot not being written; only this callback fills slots, and only
    // one read is ever in flight.
    target = write_in_flight_ ? 1 - writing_ : 0;
  }
  Slot& slot = slots_[target];
  slot.Reset();
  Process(request_, slot.response);
  request_.Clear();
  bool own_buffer;
  grpc::SerializationTraits<v1::ScoreCandidatesResponse>::Serialize(
      *slot.response, &slot.bytes, &own_buffer);

  bool start_write = false;
  bool finish = false;
  grpc::Status status;
  {
    absl::MutexLock lock(&mu_);
    read_in_flight_ = false;
    if (cancelled_ || write_failed_) {
      finish = ShouldFinishLocked();
      status = FinalStatusLocked();
    } else if (!write_in_flight_) {
      writing_ = target;
      write_in_flight_ = true;
      read_in_flight_ = true;
      start_write = true;
    } else {
      pending_ = true;  // Read again once the write before it is done.
    }
  }
  if (start_write) {
    StartWrite(&slots_[target].bytes);
    StartRead(&request_bytes_);
  }
  if (finish) Finish(status);
}

void ScoreStreamReactor::OnWriteDone(bool ok) {
  bool start_write = false;
  bool finish = false;
  int target = 0;
  grpc::Status status;
  {
    absl::MutexLock lock(&mu_);
    write_in_flight_ = false;
    if (!ok) {
      write_failed_ = true;  // The client has gone.
      pending_ = false;
    } else if (pending_ && !cancelled_) {
      pending_ = false;
      writing_ = 1 - writing_;
      target = writing_;
      write_in_flight_ = true;
      read_in_flight_ = true;
      start_write = true;
    }
    finish = ShouldFinishLocked();
    status = FinalStatusLocked();
  }
  if (start_write) {
    StartWrite(&slots_[target].bytes);
    StartRead(&request_bytes_);
  }
  if (finish) Finish(status);
}

void ScoreStreamReactor::OnCancel() {
  bool finish;
  grpc::Status status;
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
    pending_ = false;
    finish = ShouldFinishLocked();
    status = FinalStatusLocked();
  }
  if (finish) Finish(status);
}

bool ScoreStreamReactor::ShouldFinishLocked() {
  if (finished_ || read_in_flight_ || write_in_flight_) return false;
  if (pending_ && !cancelled_ && !write_failed_) return false;
  if (!reads_done_ && !cancelled_ && !write_failed_) return false;
  finished_ = true;
  return true;
}

grpc::Status ScoreStreamReactor::FinalStatusLocked() const {
  if (unparseable_ && !cancelled_ && !write_failed_) {
    return ToGrpcStatus(MakeRpcStatus(
        absl::InvalidArgumentError(absl::StrCat(
            "message ", messages_read_,
            " of the stream is not a trustfit.v1.ScoreCandidatesRequest; the "
            "messages before it were answered, none after")),
        kReasonInvalidRequest));
  }
  if (cancelled_ || write_failed_) {
    return ToGrpcStatus(MakeRpcStatus(
        absl::CancelledError("the stream was cancelled"), kReasonCancelled));
  }
  return grpc::Status::OK;
}

}  // namespace trustfit::server
