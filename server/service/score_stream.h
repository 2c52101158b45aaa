// ScoreStreamReactor: one ScoreCandidates stream.
//
// Flow control: at most one read and one write are in flight, and at most one
// processed response waits for the write before it. Only when that response
// goes out is the next request message read, so a slow reader holds the
// writer back (HTTP/2 flow control does the rest) and memory stays flat
// however long the stream. Reading the next message while the previous
// response is written keeps both directions busy.
//
// Each response answers one request message, item for item and in order;
// an item that fails carries its own google.rpc.Status and the stream goes
// on. Each response is built on its own arena, freed as a whole when the
// slot is reused.
//
// The method is raw (bytes in and out) so that a message that is not a
// ScoreCandidatesRequest ends the stream with INVALID_ARGUMENT: with typed
// messages gRPC reports such a message exactly as it reports the client
// closing its side, and the stream ended OK with the rows after it silently
// unanswered.

#ifndef TRUSTFIT_SERVER_SERVICE_SCORE_STREAM_H_
#define TRUSTFIT_SERVER_SERVICE_SCORE_STREAM_H_

#include <memory>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/arena.h"
#include "grpcpp/grpcpp.h"
#include "server/ops/metrics.h"
#include "server/ops/policy_holder.h"
#include "server/service/worker_pool.h"
#include "server/store/decision_store.h"
#include "trustfit/v1/trustfit_service.pb.h"

namespace trustfit::server {

class ScoreStreamReactor final
    : public grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  // The items of each message are scored in parallel on `workers`. With
  // `decisions`, an item against a cluster of the policy counts the
  // cluster's active arrangements, read once a message (scoring/portfolio.h).
  ScoreStreamReactor(grpc::CallbackServerContext* context,
                     PolicyHolder* policies, Metrics* metrics,
                     WorkerPool* workers, DecisionStore* decisions = nullptr);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override { delete this; }

 private:
  // A response under construction or being written, on its own arena.
  struct Slot {
    std::unique_ptr<google::protobuf::Arena> arena;
    trustfit::v1::ScoreCandidatesResponse* response = nullptr;
    grpc::ByteBuffer bytes;  // The response serialised, while it is written.
    void Reset();
  };

  // Answers every item of `request` into `response`.
  void Process(const trustfit::v1::ScoreCandidatesRequest& request,
               trustfit::v1::ScoreCandidatesResponse* response);

  // True (once) when nothing is in flight and the stream is over.
  bool ShouldFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  grpc::Status FinalStatusLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const context_;
  PolicyHolder* const policies_;
  Metrics* const metrics_;
  WorkerPool* const workers_;
  DecisionStore* const decisions_;  // May be null.

  grpc::ByteBuffer request_bytes_;  // Target of the read in flight.
  trustfit::v1::ScoreCandidatesRequest request_;
  int64_t messages_read_ = 0;
  Slot slots_[2];

  absl::Mutex mu_;
  int writing_ ABSL_GUARDED_BY(mu_) =
      0;  // Slot being written, when write_in_flight_.
  bool read_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool write_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool pending_ ABSL_GUARDED_BY(mu_) =
      false;  // The other slot holds a response to write.
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;  // The client half-closed.
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool write_failed_ ABSL_GUARDED_BY(mu_) = false;
  bool unparseable_ ABSL_GUARDED_BY(mu_) =
      false;  // A message was not a ScoreCandidatesRequest.
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace trustfit::server

#endif  // TRUSTFIT_SERVER_SERVICE_SCORE_STREAM_H_
