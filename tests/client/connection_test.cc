// Deadlines of the CLI's calls.

#include "client/connection.h"

#include <chrono>

#include "gtest/gtest.h"

namespace trustfit::client {
namespace {

std::chrono::seconds SecondsLeft(const grpc::ClientContext& context) {
  return std::chrono::duration_cast<std::chrono::seconds>(
      context.deadline() - std::chrono::system_clock::now());
}

TEST(SetCallDeadline, AUnaryCallGivesUpAfterThirtySecondsByDefault) {
  grpc::ClientContext context;
  SetCallDeadline(&context, std::nullopt);
  EXPECT_GE(SecondsLeft(context).count(), 28);
  EXPECT_LE(SecondsLeft(context).count(), 30);
}

TEST(SetCallDeadline, DeadlineOptionWins) {
  grpc::ClientContext context;
  SetCallDeadline(&context, absl::Seconds(300));
  EXPECT_GE(SecondsLeft(context).count(), 298);
}

TEST(SetDeadline, AStreamHasNoneUnlessAsked) {
  grpc::ClientContext context;
  SetDeadline(&context, std::nullopt);
  EXPECT_EQ(context.deadline(), std::chrono::system_clock::time_point::max());
}

}  // namespace
}  // namespace trustfit::client

namespace trustfit::client {
namespace {

TEST(PrepareConnection, AFileThatCannotBeReadSaysWhy) {
  ConnectionFlags flags;
  flags.token_file = "/no/such/token";
  GlobalOptions global;
  const absl::Status status = PrepareConnection(flags, &global);
  EXPECT_EQ(status.message(),
            "--token-file: cannot read /no/such/token: No such file or "
            "directory");
}

}  // namespace
}  // namespace trustfit::client
