// The hostile-input suite (#16), the CLI's side: what it writes for a
// spreadsheet or a terminal, what it reads (CSV, JSON Lines, mapping and
// policy YAML) fuzzed with seeded, bounded mutations of real inputs. Each
// reader must refuse or accept every input with a bounded message, never
// crash (ASan + UBSan in CI) or hang.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "client/csv.h"
#include "client/render.h"
#include "client/row_mapper.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "scoring/policy.h"
#include "scoring/utf8.h"
#include "tests/hostile/mutations.h"

namespace trustfit::client {
namespace {

using ::testing::HasSubstr;
using ::trustfit::testing::Mutator;

std::string Source(const std::string& path) {
  std::ifstream in(std::string(TRUSTFIT_SOURCE_DIR) + "/" + path,
                   std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Finding 9: cells starting with = + - @ went into -o csv as they were.
TEST(HostileCsvOutput, FormulaCellsAreDefused) {
  std::ostringstream out;
  WriteCsvRecord(out, {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                       "\tTab", "\rCR", "-1.5", "12", "Leeds"});
  EXPECT_EQ(out.str(),
            "\"'=HYPERLINK(\"\"http://x\"\")\",'+1+1,'-2+3,'@SUM(A1),'\tTab,"
            "\"'\rCR\",-1.5,12,Leeds\n");
}

// Finding 9: escape sequences in a school name went straight to the
// terminal.
TEST(HostileTableOutput, ControlCharactersAreShownNotObeyed) {
  std::ostringstream out;
  {
    TerminalSafeOutput safe(out);
    out << "School\x1b]0;owned\x07 \x1b[2J\r\xc2\x9b"
           "31m caf\xc3\xa9\tok\n";
  }
  EXPECT_EQ(out.str(),
            "School\\x1b]0;owned\\x07 \\x1b[2J\\x0d\\x9b31m caf\xc3\xa9\tok\n");
}

// Finding 2: one Windows-1252 byte made rows vanish; now the reader names
// where it is.
TEST(HostileCsvInput, InvalidUtf8IsFound) {
  EXPECT_EQ(scoring::InvalidUtf8At("caf\xc3\xa9"), absl::string_view::npos);
  EXPECT_EQ(scoring::InvalidUtf8At("Caf\xe9 Street"), 3u);
  EXPECT_EQ(scoring::InvalidUtf8At("\xc0\xaf"), 0u);          // Overlong.
  EXPECT_EQ(scoring::InvalidUtf8At("ok\xed\xa0\x80"), 2u);    // A surrogate.
  EXPECT_EQ(scoring::InvalidUtf8At("\xf4\x90\x80\x80"), 0u);  // Past U+10FFFF.
  EXPECT_EQ(scoring::InvalidUtf8At("end\xe2\x82"), 3u);       // Cut short.
}

// Seeded fuzz of the CSV reader and the row mapper on the real data file's
// first rows with the real mapping.
TEST(HostileReadersFuzz, CsvRowsAndMapping) {
  const std::string data =
      Source("examples/data/secondary-schools-england-2019.csv");
  const std::string head = data.substr(0, data.find('\n', 20000) + 1);
  const std::string mapping_yaml =
      Source("examples/mappings/secondary-schools-2019.yaml");
  Mutator mutator(16);
  for (int i = 0; i < 300; ++i) {
    std::istringstream in(mutator.Mutate(head));
    CsvReader reader(&in);
    std::vector<std::string> header, row;
    if (!reader.Next(&header)) continue;
    absl::StatusOr<trustfit::cli::ColumnMapping> mapping =
        ChooseMapping(header, mapping_yaml);
    if (!mapping.ok()) continue;
    absl::StatusOr<RowMapper> mapper = RowMapper::Create(*mapping, header);
    if (!mapper.ok()) continue;
    trustfit::v1::Candidate candidate;
    for (int rows = 0; reader.Next(&row) && rows < 100; ++rows) {
      const absl::Status mapped = mapper->Map(row, &candidate);
      EXPECT_LT(mapped.message().size(), 20000u);
    }
  }
}

TEST(HostileReadersFuzz, MappingAndPolicyYaml) {
  const std::string mapping_yaml =
      Source("examples/mappings/secondary-schools-2019.yaml");
  const std::string policy_yaml = Source("scoring/default_policy.yaml");
  Mutator mutator(16);
  for (int i = 0; i < 300; ++i) {
    const absl::StatusOr<trustfit::cli::ColumnMapping> mapping =
        ParseMapping(mutator.Mutate(mapping_yaml));
    if (!mapping.ok()) {
      EXPECT_LT(mapping.status().message().size(), 40000u);
    }
  }
  for (int i = 0; i < 150; ++i) {
    const absl::StatusOr<scoring::Policy> policy =
        scoring::Policy::FromYaml(mutator.Mutate(policy_yaml));
    if (!policy.ok()) {
      EXPECT_LT(policy.status().message().size(), 40000u);
    }
  }
}

TEST(HostileReadersFuzz, JsonLinesCandidates) {
  const std::string candidate =
      Source("examples/candidates/allerton-high.json");
  Mutator mutator(16);
  for (int i = 0; i < 500; ++i) {
    trustfit::v1::Candidate parsed;
    const std::string text = mutator.Mutate(candidate);
    // What the batch reader does first: refuse text that is not UTF-8.
    if (scoring::InvalidUtf8At(text) != absl::string_view::npos) continue;
    (void)google::protobuf::util::JsonStringToMessage(text, &parsed);
  }
}

}  // namespace
}  // namespace trustfit::client
