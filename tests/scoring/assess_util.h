// Helpers for tests that assess candidates.

#ifndef TRUSTFIT_TESTS_SCORING_ASSESS_UTIL_H_
#define TRUSTFIT_TESTS_SCORING_ASSESS_UTIL_H_

#include <string>

#include "gtest/gtest.h"
#include "scoring/assess.h"
#include "scoring/policy.h"
#include "scoring/proto_bytes.h"
#include "tests/scoring/test_util.h"

namespace trustfit::scoring {

inline trustfit::v1::Assessment AssessOrDie(
    const trustfit::v1::Candidate& candidate,
    const std::string& cluster = "north",
    const Policy& policy = Policy::Default()) {
  const trustfit::v1::Cluster* c = policy.FindCluster(cluster);
  EXPECT_NE(c, nullptr) << cluster;
  return trustfit::testing::ValueOrDie(Assess(policy, candidate, *c));
}

inline const trustfit::v1::CriterionResult& CriterionOf(
    const trustfit::v1::Assessment& a, trustfit::v1::Criterion criterion) {
  for (const auto& c : a.criteria()) {
    if (c.criterion() == criterion) return c;
  }
  ADD_FAILURE() << "no criterion " << criterion;
  return trustfit::v1::CriterionResult::default_instance();
}

inline const trustfit::v1::FactorResult& FactorOf(
    const trustfit::v1::Assessment& a, const std::string& factor) {
  for (const auto& c : a.criteria()) {
    for (const auto& f : c.factors()) {
      if (f.factor() == factor) return f;
    }
  }
  ADD_FAILURE() << "no factor " << factor;
  return trustfit::v1::FactorResult::default_instance();
}

inline bool HasGate(const trustfit::v1::Assessment& a,
                    const std::string& code) {
  for (const auto& g : a.gates()) {
    if (g.code() == code) return true;
  }
  return false;
}

}  // namespace trustfit::scoring

#endif  // TRUSTFIT_TESTS_SCORING_ASSESS_UTIL_H_
