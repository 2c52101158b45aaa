#include "scoring/pipeline.h"

#include <algorithm>
#include <map>

#include "scoring/dates.h"
#include "scoring/rounding.h"

namespace trustfit::scoring {
namespace {

namespace v1 = ::trustfit::v1;

bool IsSet(const google::type::Date& date) { return IsValidDate(date); }

v1::PipelineEntry EntryOf(const v1::ArrangementRecord& a, int64_t today,
                          int due_within_days) {
  v1::PipelineEntry entry;
  entry.set_arrangement(a.name());
  entry.set_urn(a.urn());
  entry.set_school_name(a.school_name());
  entry.set_arrangement_type(a.arrangement_type());
  entry.set_associate_phase(a.associate_phase());
  entry.set_committed_days(a.committed_days());
  *entry.mutable_next_review_date() = a.next_review_date();
  *entry.mutable_term_end_date() = a.term_end_date();
  if (IsSet(a.next_review_date())) {
    const int64_t days = DayNumber(a.next_review_date()) - today;
    entry.set_review_overdue(days < 0);
    entry.set_review_due_soon(days >= 0 && days <= due_within_days);
  }
  const int64_t term_days = DayNumber(a.term_end_date()) - today;
  entry.set_term_overdue(term_days < 0);
  entry.set_term_ending_soon(term_days >= 0 && term_days <= due_within_days);
  return entry;
}

// Soonest next review first; those without one last, by name.
bool ReviewOrder(const v1::PipelineEntry& a, const v1::PipelineEntry& b) {
  const bool a_set = IsSet(a.next_review_date());
  const bool b_set = IsSet(b.next_review_date());
  if (a_set != b_set) return a_set;
  if (a_set &&
      DayNumber(a.next_review_date()) != DayNumber(b.next_review_date())) {
    return DayNumber(a.next_review_date()) < DayNumber(b.next_review_date());
  }
  return a.arrangement() < b.arrangement();
}

void Summarise(v1::ClusterPipeline* cluster) {
  std::sort(cluster->mutable_arrangements()->begin(),
            cluster->mutable_arrangements()->end(), ReviewOrder);
  double days = 0;
  int overdue = 0, soon = 0;
  for (const v1::PipelineEntry& e : cluster->arrangements()) {
    days += e.committed_days();
    if (e.review_overdue() || e.term_overdue()) {
      ++overdue;
    } else if (e.review_due_soon() || e.term_ending_soon()) {
      ++soon;
    }
  }
  cluster->set_arrangement_committed_days(days);
  const double committed = cluster->configured_committed_days() + days;
  cluster->set_spare_days(cluster->support_capacity_days() - committed);
  if (cluster->support_capacity_days() > 0) {
    cluster->set_utilisation_pct(
        Round2(100.0 * committed / cluster->support_capacity_days()));
  }
  cluster->set_overdue_count(overdue);
  cluster->set_due_soon_count(soon);
}

}  // namespace

v1::GetPipelineResponse BuildPipeline(
    const Policy& policy,
    const std::vector<v1::ArrangementRecord>& arrangements,
    const std::string& cluster_id, const google::type::Date& as_of,
    int due_within_days) {
  v1::GetPipelineResponse out;
  *out.mutable_as_of() = as_of;
  out.set_due_within_days(due_within_days);
  std::map<std::string, v1::ClusterPipeline*> by_id;
  for (const v1::Cluster& c : policy.proto().clusters()) {
    if (!cluster_id.empty() && c.id() != cluster_id) continue;
    v1::ClusterPipeline* cluster = out.add_clusters();
    cluster->set_cluster_id(c.id());
    cluster->set_cluster_name(c.name());
    cluster->set_support_capacity_days(c.support_capacity_days());
    cluster->set_configured_committed_days(c.committed_days());
    by_id[c.id()] = cluster;
  }
  const int64_t today = DayNumber(as_of);
  for (const v1::ArrangementRecord& a : arrangements) {
    if (a.state() != v1::ARRANGEMENT_STATE_ACTIVE) continue;
    if (!cluster_id.empty() && a.cluster_id() != cluster_id) continue;
    v1::ClusterPipeline*& cluster = by_id[a.cluster_id()];
    if (cluster == nullptr) {  // A cluster the policy no longer has.
      cluster = out.add_clusters();
      cluster->set_cluster_id(a.cluster_id());
    }
    *cluster->add_arrangements() = EntryOf(a, today, due_within_days);
  }
  for (v1::ClusterPipeline& cluster : *out.mutable_clusters()) {
    Summarise(&cluster);
  }
  return out;
}

std::vector<v1::PortfolioCommitment> CommitmentsOf(
    const std::vector<v1::ArrangementRecord>& arrangements,
    const std::string& cluster_id) {
  std::vector<v1::PortfolioCommitment> out;
  for (const v1::ArrangementRecord& a : arrangements) {
    if (a.state() != v1::ARRANGEMENT_STATE_ACTIVE ||
        a.cluster_id() != cluster_id) {
      continue;
    }
    v1::PortfolioCommitment c;
    c.set_arrangement(a.name());
    c.set_urn(a.urn());
    c.set_school_name(a.school_name());
    c.set_committed_days(a.committed_days());
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace trustfit::scoring
