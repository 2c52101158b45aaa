#include "scoring/report/candidate_map.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "scoring/criteria.h"
#include "scoring/geo.h"
#include "scoring/report/format.h"
#include "scoring/report/svg.h"
#include "scoring/screening_rank.h"

namespace trustfit::report {
namespace {

namespace v1 = ::trustfit::v1;

constexpr double kPi = 3.14159265358979323846;
constexpr double kWidth = 1040;
constexpr double kHeight = 712;
// The map frame: a square of kHalfKm either side of the hub, north up.
constexpr double kFrameLeft = 24;
constexpr double kFrameTop = 70;
constexpr double kFrameSize = 610;
constexpr double kHalfKm = 46;
constexpr double kPxPerKm = kFrameSize / 2 / kHalfKm;
constexpr double kListLeft = 660;

// Where a school is on the map, and how big its dot.
struct Placed {
  size_t index;
  Point at;
  double radius;
};

// A local equirectangular projection around the hub, in pixels.
class Projection {
 public:
  explicit Projection(const google::type::LatLng& hub) : hub_(hub) {}

  Point At(const google::type::LatLng& p) const {
    const double km_per_degree = scoring::kEarthRadiusKm * kPi / 180;
    const double east = (p.longitude() - hub_.longitude()) * km_per_degree *
                        std::cos(hub_.latitude() * kPi / 180);
    const double north = (p.latitude() - hub_.latitude()) * km_per_degree;
    return {centre().x + east * kPxPerKm, centre().y - north * kPxPerKm};
  }

  static Point centre() {
    return {kFrameLeft + kFrameSize / 2, kFrameTop + kFrameSize / 2};
  }

  // True when a dot of `radius` at `p` lies wholly inside the frame.
  static bool InFrame(const Point& p, double radius = 0) {
    return p.x - radius >= kFrameLeft &&
           p.x + radius <= kFrameLeft + kFrameSize &&
           p.y - radius >= kFrameTop && p.y + radius <= kFrameTop + kFrameSize;
  }

 private:
  google::type::LatLng hub_;
};

// By recommendation, a school screened on incomplete data takes the colour
// of its provisional one: on public data that is every school.
absl::string_view DotColour(const MapSchool& school, MapColour colour) {
  return colour == MapColour::kBand
             ? BandColour(school.assessment.overall_band())
             : ArrangementColour(
                   scoring::ScreeningArrangement(school.assessment));
}

// "Trust partnership", or "Provisionally trust partnership".
std::string ArrangementWords(const v1::Assessment& a) {
  const v1::Arrangement screened = scoring::ScreeningArrangement(a);
  if (screened == a.recommendation().arrangement()) {
    return std::string(ArrangementName(screened));
  }
  return absl::StrCat("Provisionally ",
                      absl::AsciiStrToLower(ArrangementName(screened)));
}

// Dots grow with the square root of pupils, so area reads as size.
double DotRadius(const MapSchool& school) {
  if (!school.pupils.has_value()) return 3;
  return std::clamp(2 + std::sqrt(std::max(0, *school.pupils)) / 5.5, 3.0,
                    11.0);
}

// At most `max` characters (code points), with an ellipsis when cut.
std::string Shorten(const std::string& text, size_t max) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
    if (++chars > max) return absl::StrCat(text.substr(0, i), "…");
  }
  return text;
}

std::string Summary(const MapSchool& school) {
  const v1::Assessment& a = school.assessment;
  std::vector<std::string> parts = {
      ArrangementWords(a), absl::StrCat(ScoreText(a.overall_score()), " ",
                                        BandLabel(a.overall_band()))};
  if (a.location().has_distance_km()) {
    parts.push_back(absl::StrCat(
        scoring::FormatNumber(a.location().distance_km(), 1), " km"));
  }
  if (!school.local_authority.empty()) parts.push_back(school.local_authority);
  return absl::StrJoin(parts, " · ");
}

Element Rings(double cluster_radius_km) {
  Element rings = Group();
  const Point c = Projection::centre();
  for (const double km : {10.0, cluster_radius_km, 40.0}) {
    const bool cluster = km == cluster_radius_km;
    rings.Add(Circle(c.x, c.y, km * kPxPerKm)
                  .Attr("fill", "none")
                  .Attr("stroke", cluster ? "#0b3954" : "#8a949c")
                  .Attr("stroke-width", cluster ? 1.4 : 0.9)
                  .Attr("stroke-dasharray", cluster ? "6 3" : "3 3"));
  }
  return rings;
}

// The rings' labels, below the hub where member names (to the right of
// their squares) are least likely, drawn over the dots with a white halo so
// that they stay legible where schools are dense.
Element RingLabels(double cluster_radius_km) {
  Element labels = Group();
  const Point c = Projection::centre();
  for (const double km : {10.0, cluster_radius_km, 40.0}) {
    const bool cluster = km == cluster_radius_km;
    labels.Add(Label(c.x, c.y + km * kPxPerKm + 11,
                     cluster ? absl::StrCat(scoring::FormatNumber(km),
                                            " km: cluster radius")
                             : absl::StrCat(scoring::FormatNumber(km), " km"),
                     Anchor::kMiddle)
                   .Attr("font-size", 9)
                   .Attr("fill", cluster ? "#0b3954" : "#3d4852")
                   .Attr("stroke", "#ffffff")
                   .Attr("stroke-width", 3)
                   .Attr("paint-order", "stroke"));
  }
  return labels;
}

Element Frame(double cluster_radius_km) {
  Element frame = Group();
  frame.Add(Rect(kFrameLeft, kFrameTop, kFrameSize, kFrameSize)
                .Attr("fill", "#f6f8f9")
                .Attr("stroke", "#b8c4ce"));
  frame.Add(Rings(cluster_radius_km));
  // North arrow and a 10 km scale bar.
  const double right = kFrameLeft + kFrameSize;
  const double bottom = kFrameTop + kFrameSize;
  frame.Add(Polygon({{right - 20, kFrameTop + 26},
                     {right - 14, kFrameTop + 10},
                     {right - 8, kFrameTop + 26}})
                .Attr("fill", "#3d4852"));
  frame.Add(Label(right - 14, kFrameTop + 38, "N", Anchor::kMiddle)
                .Attr("font-size", 9));
  frame.Add(Line(kFrameLeft + 14, bottom - 14, kFrameLeft + 14 + 10 * kPxPerKm,
                 bottom - 14)
                .Attr("stroke", "#3d4852")
                .Attr("stroke-width", 2));
  frame.Add(Label(kFrameLeft + 14, bottom - 20, "10 km").Attr("font-size", 9));
  return frame;
}

// The hub as a diamond and each member as a square, with its name.
Element ClusterMarks(const v1::Cluster& cluster, const Projection& map) {
  Element marks = Group();
  for (const auto& member : cluster.members()) {
    const std::optional<google::type::LatLng> at = Wgs84Of(member.location());
    if (!at.has_value()) continue;
    const Point p = map.At(*at);
    if (!Projection::InFrame(p)) continue;
    marks.Add(Rect(p.x - 4, p.y - 4, 8, 8)
                  .Attr("fill", "#1d232a")
                  .Add(Tooltip(absl::StrCat(member.name(), " (member)"))));
    marks.Add(Label(p.x + 7, p.y + 13, member.name())
                  .Attr("font-size", 8.5)
                  .Attr("fill", "#1d232a")
                  .Attr("stroke", "#ffffff")
                  .Attr("stroke-width", 2.5)
                  .Attr("paint-order", "stroke"));
  }
  const Point hub = Projection::centre();
  marks.Add(Polygon({{hub.x, hub.y - 8},
                     {hub.x + 8, hub.y},
                     {hub.x, hub.y + 8},
                     {hub.x - 8, hub.y}})
                .Attr("fill", "#0b3954")
                .Attr("stroke", "#ffffff")
                .Attr("stroke-width", 1.2)
                .Add(Tooltip(absl::StrCat(cluster.name(), ": hub"))));
  return marks;
}

Element Dot(const MapSchool& school, const Placed& placed, MapColour colour) {
  return Circle(placed.at.x, placed.at.y, placed.radius)
      .Attr("fill", DotColour(school, colour))
      .Attr("fill-opacity", 0.8)
      .Attr("stroke", "#ffffff")
      .Attr("stroke-width", 0.7)
      .Add(Tooltip(absl::StrCat(school.assessment.name(), " (URN ",
                                school.assessment.urn(),
                                "): ", Summary(school))));
}

// The top candidates beside the map, each with its number on the map.
Element RankedList(const std::vector<MapSchool>& schools,
                   const std::vector<size_t>& top, MapColour colour) {
  Element list = Group();
  list.Add(Label(kListLeft, kFrameTop + 12,
                 absl::StrCat("Top ", top.size(), " candidates on the map"))
               .Attr("font-size", 13)
               .Attr("font-weight", "bold"));
  double y = kFrameTop + 38;
  for (size_t rank = 0; rank < top.size(); ++rank) {
    const MapSchool& school = schools[top[rank]];
    list.Add(Circle(kListLeft + 9, y - 4, 9)
                 .Attr("fill", DotColour(school, colour)));
    list.Add(Label(kListLeft + 9, y, absl::StrCat(rank + 1), Anchor::kMiddle)
                 .Attr("font-size", 9.5)
                 .Attr("font-weight", "bold")
                 .Attr("fill", "#ffffff"));
    list.Add(Label(kListLeft + 24, y - 4, Shorten(school.assessment.name(), 44))
                 .Attr("font-size", 10.5)
                 .Attr("font-weight", "bold"));
    list.Add(Label(kListLeft + 24, y + 9, Shorten(Summary(school), 68))
                 .Attr("font-size", 9)
                 .Attr("fill", "#3d4852"));
    y += 31;
  }
  return list;
}

std::vector<std::pair<std::string, std::string>> ColourKey(MapColour colour) {
  std::vector<std::pair<std::string, std::string>> key;
  if (colour == MapColour::kBand) {
    for (const v1::Band band : {v1::BAND_STRONG, v1::BAND_SECURE,
                                v1::BAND_DEVELOPING, v1::BAND_CONCERN}) {
      key.emplace_back(BandLabel(band), BandColour(band));
    }
    return key;
  }
  for (int a = v1::ARRANGEMENT_ASSOCIATE_INTEGRATION;
       a <= v1::ARRANGEMENT_INSUFFICIENT_DATA; ++a) {
    const auto arrangement = static_cast<v1::Arrangement>(a);
    key.emplace_back(ArrangementName(arrangement),
                     ArrangementColour(arrangement));
  }
  return key;
}

Element Legend(MapColour colour, double top) {
  Element legend = Group();
  legend.Add(Label(kListLeft, top,
                   colour == MapColour::kBand
                       ? "Colour: overall band"
                       : "Colour: recommendation (or provisional)")
                 .Attr("font-weight", "bold"));
  double y = top + 16;
  for (const auto& [label, fill] : ColourKey(colour)) {
    legend.Add(Circle(kListLeft + 6, y - 4, 5).Attr("fill", fill));
    legend.Add(Label(kListLeft + 16, y, label).Attr("font-size", 9.5));
    y += 15;
  }
  legend.Add(Label(kListLeft, y + 8, "Size: pupils on roll")
                 .Attr("font-weight", "bold"));
  double x = kListLeft + 8;
  for (const int pupils : {250, 1000, 2000}) {
    MapSchool sized;
    sized.pupils = pupils;
    const double r = DotRadius(sized);
    legend.Add(Circle(x + r, y + 26, r)
                   .Attr("fill", "#ffffff")
                   .Attr("stroke", "#3d4852"));
    legend.Add(Label(x + 2 * r + 4, y + 30, GroupedNumber(pupils))
                   .Attr("font-size", 9.5));
    x += 2 * r + 50;
  }
  legend.Add(Polygon({{kListLeft + 6, y + 46},
                      {kListLeft + 12, y + 52},
                      {kListLeft + 6, y + 58},
                      {kListLeft, y + 52}})
                 .Attr("fill", "#0b3954"));
  legend.Add(Label(kListLeft + 18, y + 56, "Hub").Attr("font-size", 9.5));
  legend.Add(Rect(kListLeft + 60, y + 48, 8, 8).Attr("fill", "#1d232a"));
  legend.Add(
      Label(kListLeft + 74, y + 56, "Cluster member").Attr("font-size", 9.5));
  return legend;
}

// The schools that fit in the frame, where; and how many had no place.
struct Layout {
  std::vector<Placed> placed;
  size_t no_coordinates = 0;
};

Layout Place(const Projection& map, const std::vector<MapSchool>& schools) {
  Layout layout;
  for (size_t i = 0; i < schools.size(); ++i) {
    const std::optional<google::type::LatLng> at = Wgs84Of(schools[i].location);
    if (!at.has_value()) {
      ++layout.no_coordinates;
      continue;
    }
    const Point p = map.At(*at);
    const double radius = DotRadius(schools[i]);
    if (Projection::InFrame(p, radius)) layout.placed.push_back({i, p, radius});
  }
  return layout;
}

Element Titles(const v1::Cluster& cluster, size_t scored, size_t shown,
               MapColour colour) {
  Element titles = Group();
  titles.Add(
      Label(kFrameLeft, 32,
            absl::StrCat("Candidates around the ", cluster.name(), " cluster"))
          .Attr("font-size", 17)
          .Attr("font-weight", "bold")
          .Attr("fill", "#0b3954"));
  titles.Add(Label(kFrameLeft, 54,
                   absl::StrCat(GroupedNumber(scored), " schools scored, ",
                                GroupedNumber(shown), " within ",
                                scoring::FormatNumber(kHalfKm),
                                " km of the hub shown; sized by pupils, ",
                                colour == MapColour::kBand
                                    ? "coloured by overall band."
                                    : "coloured by recommendation."))
                 .Attr("font-size", 10.5)
                 .Attr("fill", "#3d4852"));
  return titles;
}

// Largest first, so that small dots stay visible on top.
Element Dots(const std::vector<MapSchool>& schools, std::vector<Placed> placed,
             MapColour colour) {
  std::stable_sort(
      placed.begin(), placed.end(),
      [](const Placed& a, const Placed& b) { return a.radius > b.radius; });
  Element dots = Group();
  for (const Placed& p : placed) dots.Add(Dot(schools[p.index], p, colour));
  return dots;
}

// The rank of each top candidate beside its dot.
Element RankNumbers(const std::vector<Placed>& placed,
                    const std::vector<size_t>& top) {
  Element numbers = Group();
  for (size_t rank = 0; rank < top.size(); ++rank) {
    const Placed& p = placed[top[rank]];
    numbers.Add(Label(p.at.x + p.radius + 2, p.at.y + 4, absl::StrCat(rank + 1))
                    .Attr("font-size", 10)
                    .Attr("font-weight", "bold")
                    .Attr("stroke", "#ffffff")
                    .Attr("stroke-width", 3)
                    .Attr("paint-order", "stroke"));
  }
  return numbers;
}

}  // namespace

MapSchool MapSchoolOf(const v1::Candidate& candidate,
                      v1::Assessment assessment) {
  MapSchool school;
  school.assessment = std::move(assessment);
  school.location = candidate.location();
  school.local_authority = candidate.identity().local_authority();
  school.phase = candidate.identity().phase();
  if (candidate.identity().has_pupils_on_roll()) {
    school.pupils = candidate.identity().pupils_on_roll();
  }
  return school;
}

std::optional<google::type::LatLng> Wgs84Of(const v1::Location& location) {
  if (location.has_lat_lng()) return location.lat_lng();
  if (location.has_os_grid()) return scoring::OsGridToWgs84(location.os_grid());
  return std::nullopt;
}

std::vector<size_t> RankedForMap(const std::vector<MapSchool>& schools) {
  std::vector<size_t> order(schools.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&schools](size_t a, size_t b) {
    return scoring::ScreensBefore(schools[a].assessment, a,
                                  schools[b].assessment, b);
  });
  return order;
}

absl::StatusOr<std::string> RenderCandidateMapSvg(
    const v1::Policy& policy, const v1::Cluster& cluster,
    const std::vector<MapSchool>& schools, const MapOptions& options) {
  const std::optional<google::type::LatLng> hub = Wgs84Of(cluster.hub());
  if (!hub.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cluster ", cluster.id(), ": the hub has no coordinates"));
  }
  const Layout layout = Place(Projection(*hub), schools);
  // The ranked list is of the schools on the map.
  std::vector<MapSchool> shown;
  for (const Placed& p : layout.placed) shown.push_back(schools[p.index]);
  std::vector<size_t> top = RankedForMap(shown);
  top.resize(std::min<size_t>(top.size(), std::max(0, options.top)));
  const double cluster_radius_km =
      policy.scoring().location().cluster_radius_km();

  Element svg = SvgRoot(
      kWidth, kHeight,
      absl::StrCat("Candidates around the ", cluster.name(), " cluster"));
  svg.Add(Rect(0, 0, kWidth, kHeight).Attr("fill", "#ffffff"));
  svg.Add(
      Titles(cluster, schools.size(), layout.placed.size(), options.colour));
  svg.Add(Frame(cluster_radius_km));
  svg.Add(Dots(schools, layout.placed, options.colour));
  svg.Add(RingLabels(cluster_radius_km));
  svg.Add(ClusterMarks(cluster, Projection(*hub)));
  svg.Add(RankNumbers(layout.placed, top));
  svg.Add(RankedList(shown, top, options.colour));
  svg.Add(Legend(options.colour, kFrameTop + 60 + 31 * top.size()));
  const size_t beyond =
      schools.size() - layout.placed.size() - layout.no_coordinates;
  svg.Add(Label(kFrameLeft, kFrameTop + kFrameSize + 20,
                absl::StrCat("Not shown: ", GroupedNumber(beyond),
                             " beyond the frame, ",
                             GroupedNumber(layout.no_coordinates),
                             " without coordinates."))
              .Attr("font-size", 9.5)
              .Attr("fill", "#5b6670"));
  return absl::StrCat("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                      svg.Render());
}

}  // namespace trustfit::report
