// How the CLI shows decisions, arrangements and the pipeline as text: pure
// functions of the messages, so their output is pinned by tests.

#ifndef TRUSTFIT_CLIENT_DECISION_RENDER_H_
#define TRUSTFIT_CLIENT_DECISION_RENDER_H_

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "client/text_table.h"
#include "trustfit/v1/decision.pb.h"

namespace trustfit::client {

// "approved on 2026-12-10 (Board 2026/12 item 4) by alice", its reasons and
// conditions, one a line.
void PrintDecision(std::ostream& out, const trustfit::v1::Decision& decision);

// The arrangement: school, cluster, type and phase, state, dates, days,
// quote, then every event oldest first.
void PrintArrangement(std::ostream& out,
                      const trustfit::v1::ArrangementRecord& arrangement);

// The table of `arrangements list`, and one arrangement's row of it.
TextTable NewArrangementTable();
std::vector<std::string> ArrangementTableRow(
    const trustfit::v1::ArrangementRecord& a);
// The CSV columns and one arrangement's values.
std::vector<std::string> ArrangementCsvHeader();
std::vector<std::string> ArrangementCsvRow(
    const trustfit::v1::ArrangementRecord& a);

// Per cluster: capacity, committed (configured + arrangements), spare,
// utilisation, then each active arrangement with what is due, laid out in
// `width` columns (0: unbounded).
void PrintPipeline(std::ostream& out,
                   const trustfit::v1::GetPipelineResponse& pipeline,
                   size_t width = 0);

// "phase 1", "phase 2" or "" (no phases).
std::string PhaseText(trustfit::v1::AssociatePhase phase);

}  // namespace trustfit::client

#endif  // TRUSTFIT_CLIENT_DECISION_RENDER_H_
