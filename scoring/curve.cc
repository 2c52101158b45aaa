#include "scoring/curve.h"

namespace trustfit::scoring {

double EvaluateCurve(const Curve& curve, double x) {
  const int n = curve.size();
  // The last point at or left of x; the later of two equal-x points wins,
  // which is what makes a step right-continuous.
  int left = -1;
  for (int i = 0; i < n && curve[i].x() <= x; ++i) left = i;
  if (left < 0) return curve[0].score();
  if (left == n - 1) return curve[n - 1].score();
  const auto& a = curve[left];
  const auto& b = curve[left + 1];
  const double t = (x - a.x()) / (b.x() - a.x());
  return a.score() + t * (b.score() - a.score());
}

}  // namespace trustfit::scoring
