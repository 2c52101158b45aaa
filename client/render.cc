#include "client/render.h"

#include <algorithm>
#include <array>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "client/batch_geography.h"
#include "client/csv.h"
#include "client/text_table.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "nlohmann/json.hpp"
#include "scoring/criteria.h"
#include "scoring/money.h"

namespace trustfit::client {
namespace {

namespace v1 = ::trustfit::v1;

std::string Number(double value) { return absl::StrFormat("%.2f", value); }

std::string CriterionText(v1::Criterion criterion) {
  return absl::AsciiStrToLower(
      absl::StripPrefix(v1::Criterion_Name(criterion), "CRITERION_"));
}

std::string DateText(const google::type::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(),
                         date.day());
}

std::string Short(const std::string& hash) { return hash.substr(0, 12); }

// Pads `text` to `width` display columns (UTF-8 aware enough for £ and –).
std::string Pad(const std::string& text, size_t width) {
  size_t columns = 0;
  for (unsigned char c : text) columns += (c & 0xC0) != 0x80;
  return columns >= width ? text : text + std::string(width - columns, ' ');
}

// `label` (padded, its columns aligned) then `text`, on one line when that
// fits `width` (or `width` is 0); otherwise the label alone and the text
// wrapped at spaces beneath it, `indent` columns in, so that no word is
// broken by the terminal.
std::string LabelledLine(const std::string& label, absl::string_view text,
                         size_t width, size_t indent) {
  if (width == 0 || DisplayWidth(label) + DisplayWidth(text) <= width)
    return absl::StrCat(label, text, "\n");
  return absl::StrCat(absl::StripTrailingAsciiWhitespace(label), "\n",
                      std::string(indent, ' '), WrapAfter(indent, text, width),
                      "\n");
}

void PrintReasons(std::ostream& out, const char* title,
                  const google::protobuf::RepeatedPtrField<v1::Reason>& reasons,
                  size_t width) {
  if (reasons.empty()) return;
  out << title << "\n";
  for (const auto& r : reasons) {
    out << LabelledLine(
        absl::StrCat("  ", Pad(absl::StrFormat("%+.2f", r.points()), 8),
                     Pad(r.code(), 44)),
        r.explanation(), width, 10);
  }
}

// While data is incomplete: what the recommendation would provisionally be,
// how far the score could move, and the three inputs to collect first.
void PrintOutlook(std::ostream& out, const v1::Assessment& a) {
  const v1::Outlook& o = a.outlook();
  const v1::Recommendation& p = o.provisional();
  out << "\nProvisional (" << absl::StrFormat("%.0f%%", a.completeness_pct())
      << " of the data known): " << ArrangementText(p.arrangement());
  if (p.term_months() > 0) out << ", " << p.term_months() << " months";
  out << "  [" << p.rule() << "]\n";
  out << "  Overall could be " << Number(o.min_overall()) << " ("
      << BandText(o.min_band()) << ") to " << Number(o.max_overall()) << " ("
      << BandText(o.max_band()) << "); at worst "
      << ArrangementText(o.worst_arrangement()) << ", at best "
      << ArrangementText(o.best_arrangement()) << "\n";
  if (!o.possible_gates().empty()) {
    out << "  Could still fire while unknown: "
        << absl::StrJoin(o.possible_gates(), ", ") << "\n";
  }
  if (o.collect_first().empty()) return;
  out << "  Collect first:\n";
  for (int i = 0; i < std::min(3, o.collect_first_size()); ++i) {
    const v1::DataToCollect& c = o.collect_first(i);
    out << "    " << Pad(absl::StrCat(Number(c.points_at_stake()), " pts"), 11)
        << Pad(c.fields().empty() ? c.code() : c.fields(0), 38)
        << (c.can_change_provisional() ? "could change the arrangement" : "")
        << "\n";
  }
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message, bool pretty) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = pretty;
  options.preserve_proto_field_names = true;
  // jq and scripts expect every field: `valid: false`, zero points and
  // `within_cluster_radius: false` are answers, not absences.
  options.always_print_primitive_fields = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

// A table cell: the band's name, "-" when there is none.
std::string BandText(v1::Band band) {
  if (!v1::Band_IsValid(band) || band == v1::BAND_UNSPECIFIED) return "-";
  return CliWord(v1::Band_Name(band), "BAND_");
}

std::string ArrangementText(v1::Arrangement arrangement) {
  return CliWord(v1::Arrangement_Name(arrangement), "ARRANGEMENT_");
}

std::string CliWord(absl::string_view enum_name, absl::string_view prefix) {
  return absl::StrReplaceAll(
      absl::AsciiStrToLower(absl::StripPrefix(enum_name, prefix)),
      {{"_", "-"}});
}

namespace {

// Who, overall, and the recommendation with its conditions.
void PrintHeadline(std::ostream& out, const v1::Assessment& a, size_t width) {
  const v1::Recommendation& rec = a.recommendation();
  out << a.name() << " (URN " << a.urn() << "), cluster " << a.cluster_id()
      << "\n";
  out << "Overall " << Number(a.overall_score()) << " "
      << BandText(a.overall_band()) << ", data completeness "
      << absl::StrFormat("%.0f%%", a.completeness_pct()) << "\n\n";
  out << "Recommendation: " << ArrangementText(rec.arrangement());
  if (rec.associate_phase() != v1::ASSOCIATE_PHASE_UNSPECIFIED) {
    out << " (phase "
        << (rec.associate_phase() == v1::ASSOCIATE_PHASE_1 ? 1 : 2) << ")";
  }
  if (rec.term_months() > 0) out << ", " << rec.term_months() << " months";
  if (rec.review_months() > 0)
    out << ", reviewed every " << rec.review_months() << " months";
  out << "  [" << rec.rule() << "]\n  "
      << WrapAfter(2, rec.explanation(), width) << "\n";
  for (const auto& c : rec.conditions()) {
    const std::string label = absl::StrCat("  Condition ", c.code(), ": ");
    out << label << WrapAfter(DisplayWidth(label), c.explanation(), width)
        << "\n";
  }
}

// One row a criterion; with `explain`, its factors and adjustments beneath.
void PrintCriteria(std::ostream& out, const v1::Assessment& a, bool explain,
                   size_t width) {
  out << "\n"
      << Pad("criterion", 12) << Pad("score", 8) << Pad("band", 12)
      << Pad("weight", 8) << "data known\n";
  for (const auto& c : a.criteria()) {
    out << Pad(CriterionText(c.criterion()), 12)
        << Pad(c.has_score() ? Number(c.score()) : "-", 8)
        << Pad(BandText(c.band()), 12)
        << Pad(c.has_score()
                   ? absl::StrFormat("%.0f%%", c.effective_weight() * 100)
                   : "-",
               8)
        << absl::StrFormat("%.0f%%", c.completeness_pct()) << "\n";
    if (!explain) continue;
    for (const auto& f : c.factors()) {
      out << LabelledLine(
          absl::StrCat("    ", Pad(f.factor(), 30),
                       Pad(f.has_score() ? Number(f.score()) : "-", 8)),
          f.explanation(), width, 6);
    }
    for (const auto& adj : c.adjustments()) {
      out << LabelledLine(absl::StrCat("    ", Pad(adj.reason_code(), 30),
                                       Pad(Number(adj.criterion_points()), 8)),
                          adj.explanation(), width, 6);
    }
  }
}

void PrintGatesAndMissingData(std::ostream& out, const v1::Assessment& a,
                              size_t width) {
  if (!a.gates().empty()) {
    out << "Gates:\n";
    for (const auto& g : a.gates()) {
      const std::string label = absl::StrCat("  ", g.code(), ": ");
      out << label << WrapAfter(DisplayWidth(label), g.explanation(), width)
          << "\n    What to do: " << WrapAfter(16, g.action(), width) << "\n";
    }
  }
  if (!a.missing_data().empty()) {
    out << "Missing data (collect these):\n";
    for (const auto& m : a.missing_data()) {
      out << LabelledLine(absl::StrCat("  ", Pad(m.code(), 44)),
                          absl::StrJoin(m.fields(), ", "), width, 4);
    }
  }
}

void PrintLocationAndCapacity(std::ostream& out, const v1::Assessment& a) {
  if (a.location().has_distance_km()) {
    out << "Location: " << absl::StrFormat("%.1f", a.location().distance_km())
        << " km from " << a.location().nearest_name() << " ("
        << a.location().method() << ")\n";
  }
  if (a.capacity().has_need_days()) {
    out << "Capacity: offers " << Number(a.capacity().offer_days())
        << " days a year, needs " << Number(a.capacity().need_days())
        << "; cluster spare " << Number(a.capacity().cluster_spare_days())
        << " days\n";
  }
  // The portfolio behind the spare days (§7).
  for (const v1::PortfolioCommitment& c : a.capacity().counted_arrangements()) {
    out << "  counting " << c.arrangement() << " (" << c.school_name()
        << "): " << Number(c.committed_days()) << " days\n";
  }
}

}  // namespace

void PrintAssessment(std::ostream& out, const v1::Assessment& a, bool explain,
                     size_t width) {
  PrintHeadline(out, a, width);
  if (a.outlook().is_provisional()) PrintOutlook(out, a);
  PrintCriteria(out, a, explain, width);
  out << "\n";
  PrintReasons(out, "Reasons for:", a.reasons_for(), width);
  PrintReasons(out, "Reasons against:", a.reasons_against(), width);
  PrintReasons(out, "To consider (neither for nor against):",
               a.reasons_to_consider(), width);
  PrintGatesAndMissingData(out, a, width);
  PrintLocationAndCapacity(out, a);
  out << "Policy: " << a.policy().name() << " " << a.policy().version() << " ("
      << Short(a.policy().content_hash()) << ")\n";
}

void PrintQuote(std::ostream& out, const v1::Quote& q) {
  out << "Quote for URN " << q.urn() << ": " << ArrangementText(q.arrangement())
      << ", " << q.term_months() << " months, funding base "
      << scoring::FormatPence(q.funding_base_pence()) << "\n\n";
  for (const auto& line : q.line_items()) {
    const std::string kind(
        absl::StripPrefix(v1::LineKind_Name(line.kind()), "LINE_KIND_"));
    out << "  " << Pad(kind, 14)
        << Pad(scoring::FormatPence(line.amount_pence()), 16)
        << line.description() << "\n";
  }
  out << "\n  " << Pad("Gross", 30) << scoring::FormatPence(q.gross_pence())
      << "\n";
  if (q.credits_pence() != 0) {
    out << "  " << Pad("Credits (bought elsewhere)", 30)
        << scoring::FormatPence(-q.credits_pence()) << "\n";
  }
  if (q.contributions_pence() != 0) {
    out << "  " << Pad("Contributions", 30)
        << scoring::FormatPence(-q.contributions_pence()) << "\n";
  }
  if (q.cost_floor_pence() != 0) {
    out << "  " << Pad("No-subsidy floor", 30)
        << scoring::FormatPence(q.cost_floor_pence()) << "\n";
  }
  out << "  " << Pad("Net", 30) << scoring::FormatPence(q.net_pence()) << "\n";
  out << "  " << Pad("Effective rate", 30)
      << scoring::FormatBasisPoints(q.effective_rate_bps())
      << " of the funding base a year\n";
  out << "  " << Pad("Delivery cost to the trust", 30)
      << scoring::FormatPence(q.delivery_cost_pence())
      << (q.subsidised() ? "  (SUBSIDISED)" : "")
      << (q.cost_neutral() ? "  (cost-neutral)" : "") << "\n";
  for (const auto& n : q.notes())
    out << "  Note " << n.code() << ": " << n.explanation() << "\n";
  const std::string frequency(absl::StripPrefix(
      v1::ScheduleFrequency_Name(q.frequency()), "SCHEDULE_FREQUENCY_"));
  out << "\nSchedule (" << absl::AsciiStrToLower(frequency) << ", "
      << q.schedule_size() << " instalments):\n";
  for (const auto& i : q.schedule()) {
    out << "  " << Pad(absl::StrCat(i.sequence()), 5)
        << Pad(DateText(i.due_date()), 12)
        << scoring::FormatPence(i.amount_pence()) << "\n";
  }
  out << "Policy: " << q.policy().name() << " " << q.policy().version() << " ("
      << Short(q.policy().content_hash()) << ")\n";
}

void WriteQuoteCsv(std::ostream& out, const v1::Quote& q) {
  WriteCsvRecord(out, {"kind", "code", "description", "quantity", "unit_price",
                       "months", "amount_pence"});
  for (const v1::LineItem& line : q.line_items()) {
    WriteCsvRecord(
        out, {std::string(absl::StripPrefix(v1::LineKind_Name(line.kind()),
                                            "LINE_KIND_")),
              line.code(), line.description(), absl::StrCat(line.quantity()),
              absl::StrCat(line.unit_price()), absl::StrCat(line.months()),
              absl::StrCat(line.amount_pence())});
  }
  for (const auto& [code, pence] :
       {std::pair<const char*, int64_t>{"GROSS", q.gross_pence()},
        {"CREDITS", q.credits_pence()},
        {"CONTRIBUTIONS", q.contributions_pence()},
        {"COST_FLOOR", q.cost_floor_pence()},
        {"NET", q.net_pence()},
        {"DELIVERY_COST", q.delivery_cost_pence()}}) {
    WriteCsvRecord(out, {"TOTAL", code, "", "", "", "", absl::StrCat(pence)});
  }
  for (const v1::Instalment& instalment : q.schedule()) {
    WriteCsvRecord(out, {"INSTALMENT", absl::StrCat(instalment.sequence()),
                         DateText(instalment.due_date()), "", "", "",
                         absl::StrCat(instalment.amount_pence())});
  }
}

void PrintPolicySummary(std::ostream& out,
                        const v1::GetPolicyResponse& response) {
  const v1::Policy& p = response.policy();
  out << "Policy " << p.name() << " " << p.version() << " (sha256 "
      << response.ref().content_hash() << ")\nSource: " << response.source()
      << "\nTrust: " << p.trust().name() << "\n\nClusters:\n";
  for (const auto& c : p.clusters()) {
    out << "  " << Pad(c.id(), 12) << Pad(c.name(), 36) << c.members_size()
        << " schools, "
        << Number(c.support_capacity_days() - c.committed_days()) << " of "
        << Number(c.support_capacity_days()) << " support days spare\n";
  }
  out << "\nCatalogue:\n";
  for (const auto& s : p.cost().catalogue()) {
    out << "  " << Pad(s.code(), 26) << Pad(s.core() ? "core" : "add-on", 8)
        << s.name() << "\n";
  }
  out << "\n(`trustfit policy show --yaml` prints every rule, ready to "
         "edit.)\n";
}

namespace {

// The recommendation, or the provisional one marked as such, with the
// range of the overall score while data is incomplete.
std::string RecommendationText(const v1::Assessment& a) {
  const v1::Outlook& o = a.outlook();
  if (a.recommendation().arrangement() != v1::ARRANGEMENT_INSUFFICIENT_DATA) {
    return ArrangementText(a.recommendation().arrangement());
  }
  return absl::StrCat(
      "provisionally ", ArrangementText(o.provisional().arrangement()), " (",
      absl::StrFormat("%.0f-%.0f", o.min_overall(), o.max_overall()), ")");
}

// Rows as they come (a batch may be thousands long, so nothing waits for the
// widest): fixed columns, the school's name cut to fit, and the
// recommendation or error wrapped under itself, all within `width`.
class TableWriter final : public BatchWriter {
 public:
  TableWriter(std::ostream* out, size_t width)
      : out_(out), width_(width), school_width_(SchoolWidth(width)) {
    *out_ << Row({"line", "URN", "school", "overall", "band", "data", "km"},
                 "recommendation / error");
  }

  void Write(const BatchRow& row) override {
    const std::string line = absl::StrCat(row.line);
    if (row.result == nullptr || row.result->has_error()) {
      *out_ << Row(
          {line, "", "", "", "", "", ""},
          absl::StrCat("ERROR ", row.result ? row.result->error().message()
                                            : row.local_error));
      return;
    }
    const v1::Assessment& a = row.result->assessment();
    *out_ << Row({line, a.urn(), a.name(), Number(a.overall_score()),
                  BandText(a.overall_band()),
                  absl::StrFormat("%.0f%%", a.completeness_pct()),
                  a.location().has_distance_km()
                      ? absl::StrFormat("%.1f", a.location().distance_km())
                      : "-"},
                 RecommendationText(a));
  }

 private:
  // Columns before the school and after it, each with the space after it.
  static constexpr size_t kLeading = 6 + 7;
  static constexpr size_t kTrailing = 8 + 11 + 5 + 6;
  static constexpr size_t kWidestSchool = 40;
  static constexpr size_t kNarrowestSchool = 12;
  static constexpr size_t kNarrowestLast = 20;

  static size_t SchoolWidth(size_t width) {
    if (width == 0) return kWidestSchool;
    const size_t fixed = kLeading + kTrailing + 1 + kNarrowestLast;
    return std::clamp(width > fixed ? width - fixed : 0, kNarrowestSchool,
                      kWidestSchool);
  }

  std::string Row(const std::array<std::string, 7>& cells,
                  const std::string& last) const {
    const std::string start = absl::StrCat(
        PadToWidth(cells[0], 5), " ", PadToWidth(cells[1], 6), " ",
        PadToWidth(FitToWidth(cells[2], school_width_), school_width_), " ",
        PadToWidth(cells[3], 7), " ", PadToWidth(cells[4], 10), " ",
        PadToWidth(cells[5], 4), " ", PadToWidth(cells[6], 5), " ");
    const size_t indent = DisplayWidth(start);
    const std::string text =
        width_ > indent ? WrapText(last, width_ - indent, 0) : last;
    return absl::StrCat(
        start,
        absl::StrReplaceAll(text, {{"\n", "\n" + std::string(indent, ' ')}}),
        "\n");
  }

  std::ostream* out_;
  size_t width_;
  size_t school_width_;
};

class JsonLinesWriter final : public BatchWriter {
 public:
  explicit JsonLinesWriter(std::ostream* out) : out_(out) {}
  void Write(const BatchRow& row) override {
    *out_ << "{\"line\":" << row.line;
    if (!row.correlation_id.empty()) {
      *out_ << ",\"correlation_id\":"
            << nlohmann::json(row.correlation_id).dump();
    }
    if (row.result == nullptr) {
      google::rpc::Status error;
      error.set_code(3);
      error.set_message(row.local_error);
      *out_ << ",\"error\":" << ToJson(error, false) << "}\n";
    } else if (row.result->has_error()) {
      *out_ << ",\"error\":" << ToJson(row.result->error(), false) << "}\n";
    } else {
      if (row.school != nullptr) {
        *out_ << ",\"school\":" << SchoolJson(*row.school);
      }
      *out_ << ",\"assessment\":" << ToJson(row.result->assessment(), false)
            << "}\n";
    }
  }

 private:
  std::ostream* out_;
};

class CsvWriter final : public BatchWriter {
 public:
  explicit CsvWriter(std::ostream* out) : out_(out) {
    std::vector<std::string> header = {
        "line",           "correlation_id", "urn",          "name",
        "status",         "overall_score",  "overall_band", "completeness_pct",
        "recommendation", "rule",           "term_months"};
    for (const char* c : {"standards", "leadership", "finance", "ethos",
                          "capacity", "location"}) {
      header.push_back(absl::StrCat(c, "_score"));
      header.push_back(absl::StrCat(c, "_band"));
    }
    header.push_back("distance_km");
    for (const std::string& c : SchoolColumnNames()) header.push_back(c);
    for (const char* c :
         {"conditions", "gates", "reasons_for", "reasons_against",
          "reasons_to_consider", "missing_data", "provisional_recommendation",
          "provisional_rule", "min_overall", "max_overall", "collect_first",
          "error_code", "error_fields", "error_message"}) {
      header.push_back(c);
    }
    WriteCsvRecord(*out_, header);
  }

  void Write(const BatchRow& row) override {
    std::vector<std::string> f = {absl::StrCat(row.line), row.correlation_id};
    if (row.result == nullptr || row.result->has_error()) {
      f.resize(kColumns);
      f[4] = "error";
      if (row.result == nullptr) {
        f[kColumns - 3] = "INVALID_ARGUMENT";
        f[kColumns - 1] = row.local_error;
      } else {
        const google::rpc::Status& error = row.result->error();
        f[kColumns - 3] = CodeName(error.code());
        std::vector<std::string> fields;
        for (const auto& any : error.details()) {
          google::rpc::BadRequest bad_request;
          if (!any.UnpackTo(&bad_request)) continue;
          for (const auto& v : bad_request.field_violations())
            fields.push_back(v.field());
        }
        f[kColumns - 2] = absl::StrJoin(fields, ";");
        f[kColumns - 1] = error.message();
      }
      WriteCsvRecord(*out_, f);
      return;
    }
    const v1::Assessment& a = row.result->assessment();
    f.push_back(a.urn());
    f.push_back(a.name());
    f.push_back("ok");
    f.push_back(Number(a.overall_score()));
    f.push_back(BandText(a.overall_band()));
    f.push_back(Number(a.completeness_pct()));
    f.push_back(ArrangementText(a.recommendation().arrangement()));
    f.push_back(a.recommendation().rule());
    f.push_back(absl::StrCat(a.recommendation().term_months()));
    for (const auto& c : a.criteria()) {
      f.push_back(c.has_score() ? Number(c.score()) : "");
      f.push_back(c.has_score() ? BandText(c.band()) : "");
    }
    f.push_back(a.location().has_distance_km()
                    ? absl::StrFormat("%.2f", a.location().distance_km())
                    : "");
    for (std::string& cell : SchoolColumns(row.school)) {
      f.push_back(std::move(cell));
    }
    auto codes = [](const auto& list) {
      std::vector<std::string> out;
      for (const auto& item : list) out.push_back(item.code());
      return absl::StrJoin(out, ";");
    };
    f.push_back(codes(a.recommendation().conditions()));
    f.push_back(codes(a.gates()));
    f.push_back(codes(a.reasons_for()));
    f.push_back(codes(a.reasons_against()));
    f.push_back(codes(a.reasons_to_consider()));
    f.push_back(codes(a.missing_data()));
    const v1::Outlook& o = a.outlook();
    f.push_back(ArrangementText(o.provisional().arrangement()));
    f.push_back(o.provisional().rule());
    f.push_back(Number(o.min_overall()));
    f.push_back(Number(o.max_overall()));
    std::vector<std::string> first;
    for (int i = 0; i < std::min(3, o.collect_first_size()); ++i) {
      first.push_back(o.collect_first(i).code());
    }
    f.push_back(absl::StrJoin(first, ";"));
    f.resize(kColumns);
    WriteCsvRecord(*out_, f);
  }

 private:
  static constexpr size_t kColumns = 11 + 12 + 7 + 15;
  static std::string CodeName(int code) {
    std::string name =
        absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
    return name.empty() ? absl::StrCat(code) : name;
  }
  std::ostream* out_;
};

}  // namespace

std::unique_ptr<BatchWriter> MakeBatchWriter(OutputFormat format,
                                             std::ostream* out, size_t width) {
  switch (format) {
    case OutputFormat::kCsv:
      return std::make_unique<CsvWriter>(out);
    case OutputFormat::kJson:
      return std::make_unique<JsonLinesWriter>(out);
    default:
      return std::make_unique<TableWriter>(out, width);
  }
}

// Passes bytes on, escaping control characters. A C1 control arrives in
// UTF-8 as 0xC2 then 0x80-0x9F, so a 0xC2 is held until the next byte.
class TerminalSafeOutput::Buffer final : public std::streambuf {
 public:
  explicit Buffer(std::streambuf* out) : out_(out) {}
  ~Buffer() override { FlushHeld(); }

 protected:
  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return 0;
    const unsigned char c = static_cast<unsigned char>(ch);
    if (held_) {
      held_ = false;
      if (c >= 0x80 && c <= 0x9F) return Escaped(c) ? ch : Fail();
      if (out_->sputc(static_cast<char>(0xC2)) == traits_type::eof())
        return Fail();
    }
    if (c == 0xC2) {
      held_ = true;
      return ch;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
      return Escaped(c) ? ch : Fail();
    return out_->sputc(static_cast<char>(c)) == traits_type::eof() ? Fail()
                                                                   : ch;
  }
  int sync() override {
    FlushHeld();
    return out_->pubsync();
  }

 private:
  bool Escaped(unsigned code) {
    const std::string text = absl::StrFormat("\\x%02x", code);
    return out_->sputn(text.data(),
                       static_cast<std::streamsize>(text.size())) ==
           static_cast<std::streamsize>(text.size());
  }
  void FlushHeld() {
    if (held_) out_->sputc(static_cast<char>(0xC2));
    held_ = false;
  }
  static int_type Fail() { return traits_type::eof(); }

  std::streambuf* out_;
  bool held_ = false;
};

TerminalSafeOutput::TerminalSafeOutput(std::ostream& stream)
    : stream_(stream),
      original_(stream.rdbuf()),
      buffer_(std::make_unique<Buffer>(original_)) {
  stream_.rdbuf(buffer_.get());
}

TerminalSafeOutput::~TerminalSafeOutput() {
  stream_.flush();
  stream_.rdbuf(original_);
}

}  // namespace trustfit::client
