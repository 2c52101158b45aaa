// The charts of the one-page assessment report, each a pure function of the
// assessment or the quote returning an Element (inline SVG, or an HTML table
// with SVG bars where rows need wrapped sentences beside them).
//
//   section.Add(CriteriaRadar(assessment, policy.scoring().bands()));
//   section.Add(FactorPointsTable(assessment));
//   section.Add(CostBreakdownChart(quote));
//   section.Add(InstalmentTimeline(quote));

#ifndef TRUSTFIT_SCORING_REPORT_CHARTS_H_
#define TRUSTFIT_SCORING_REPORT_CHARTS_H_

#include "scoring/report/markup.h"
#include "trustfit/v1/assessment.pb.h"
#include "trustfit/v1/policy.pb.h"
#include "trustfit/v1/quote.pb.h"

namespace trustfit::report {

// CriteriaRadar()
//
// The six criteria on six axes over the band rings (shaded from Concern at
// the centre to Strong at the rim, at the policy's thresholds), each score a
// spoke and a dot in its band's colour. A criterion without data is marked
// "no data" on its axis; the shape joining the scores is drawn only when all
// six are known.
Element CriteriaRadar(const trustfit::v1::Assessment& assessment,
                      const trustfit::v1::Bands& bands);

// BandLegend()
//
// A one-line SVG legend of the bands and their thresholds.
Element BandLegend(const trustfit::v1::Bands& bands, double width);

// FactorPointsTable()
//
// A diverging bar chart of every scored factor (and criterion adjustment):
// points won to the right of zero, points lost to the left, on one scale,
// ordered by net points, each row with its sentence. What a neutral factor
// (a phase new to the trust) did not earn is grey and marked "to consider":
// it is never counted against the school. Factors without data
// are listed beneath with the fields to collect.
Element FactorPointsTable(const trustfit::v1::Assessment& assessment);

// CostBreakdownChart()
//
// The quote as a waterfall: core programme, add-ons, credits, contributions
// and any no-subsidy uplift down to the net, against lines for the trust's
// delivery cost and the no-subsidy floor (the least the school may pay).
Element CostBreakdownChart(const trustfit::v1::Quote& quote);

// InstalmentTimeline()
//
// The instalments along the term, each a bar as tall as its amount.
Element InstalmentTimeline(const trustfit::v1::Quote& quote);

}  // namespace trustfit::report

#endif  // TRUSTFIT_SCORING_REPORT_CHARTS_H_
