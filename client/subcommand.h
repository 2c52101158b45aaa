// How the trustfit CLI's subcommands are put together: each area defines its
// subcommands beside their handlers (commands.h, records.h, batch.h), and
// main.cc dispatches from one table of them.
//
//   Subcommand DefineScore(CLI::App& app);  // adds `score` and its options
//
//   std::vector<Subcommand> table = {DefineScore(app), DefineBatch(app)};
//   app.parse(argc, argv);  // throws CLI::ParseError: main.cc reports it
//   for (const Subcommand& s : table) if (*s.command) return s.run(global);

#ifndef TRUSTFIT_CLIENT_SUBCOMMAND_H_
#define TRUSTFIT_CLIENT_SUBCOMMAND_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "client/render.h"
#include "grpcpp/security/credentials.h"

namespace trustfit::client {

// The options every subcommand shares, parsed before it runs.
struct GlobalOptions {
  // As given: host:port, https://host[:port] (TLS, port 443 by default) or
  // http://host[:port] (plaintext).
  std::string server = "localhost:50051";
  std::optional<absl::Duration> deadline;
  OutputFormat output = OutputFormat::kTable;
  // Whether -o was given, rather than chosen by whether stdout is a
  // terminal: `assess` prints only the record's name unless asked for more.
  bool output_explicit = false;
  // Display columns tables are laid out for: stdout's terminal width, or 0
  // (unbounded) when stdout is a pipe (client/text_table.h).
  size_t width = 0;
  // How to reach `server`, from PrepareConnection (connection.h): the
  // address to dial, TLS credentials (null: plaintext) and the bearer token
  // to send on a plaintext channel (loopback only).
  std::string target;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  std::string plaintext_token;
};

// A subcommand added to the app, and what runs it once the command line is
// parsed and it was the one chosen. `run` returns the exit code
// (exit_codes.h).
struct Subcommand {
  CLI::App* command = nullptr;
  std::function<int(const GlobalOptions&)> run;
};

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_SUBCOMMAND_H_
