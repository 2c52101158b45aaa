// The CLI's recorded-assessment subcommands: assess, get, list, history.

#ifndef TRUSTFIT_CLIENT_RECORDS_H_
#define TRUSTFIT_CLIENT_RECORDS_H_

#include <optional>
#include <ostream>
#include <string>

#include "client/commands.h"

namespace trustfit::client {

struct AssessOptions {
  QuoteOptions
      quote;  // input, cluster and, when an arrangement is given, the quote.
  std::string note;
  std::string request_id;
  std::string requester;  // Sent as x-trustfit-requester.
};
int RunAssess(const GlobalOptions& global, const AssessOptions& options,
              std::ostream& out, std::ostream& err);

// The record `name` ("assessments/ID" or ID); returns the exit code.
int GetRecord(const GlobalOptions& global, const std::string& name,
              trustfit::v1::AssessmentRecord* record, std::ostream& err);

int RunGet(const GlobalOptions& global, const std::string& name,
           std::ostream& out, std::ostream& err);

struct ListOptions {
  std::string urn;
  std::string cluster;
  std::string recommendation;
  std::string since;  // YYYY-MM-DD or RFC 3339.
  std::string until;
  int limit = 50;  // 0: every record.
};
int RunList(const GlobalOptions& global, const ListOptions& options,
            std::ostream& out, std::ostream& err);

// With `report` (a file), draws the trajectory there instead of printing it.
int RunHistory(const GlobalOptions& global, const std::string& urn,
               const std::string& cluster, const std::string& report,
               std::ostream& out, std::ostream& err);

Subcommand DefineAssess(CLI::App& app);
Subcommand DefineGet(CLI::App& app);
Subcommand DefineList(CLI::App& app);
Subcommand DefineHistory(CLI::App& app);

// Who the user is, for x-trustfit-requester: $TRUSTFIT_REQUESTER, else
// user@host.
std::string DefaultRequester();

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_RECORDS_H_
