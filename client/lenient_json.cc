#include "client/lenient_json.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/field_path.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"

namespace trustfit::client {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Edits (insert, delete, substitute) from `a` to `b`.
size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean X?)" for the field of `type` closest to `key`, when one
// is close enough to be a likely slip.
std::string Suggestion(const Descriptor* type, absl::string_view key) {
  const FieldDescriptor* best = nullptr;
  size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* field = type->field(i);
    const size_t distance = std::min(EditDistance(key, field->name()),
                                     EditDistance(key, field->json_name()));
    if (distance < best_distance) {
      best = field;
      best_distance = distance;
    }
  }
  return best == nullptr ? ""
                         : absl::StrCat(" (did you mean ", best->name(), "?)");
}

const FieldDescriptor* FieldNamed(const Descriptor* type,
                                  const std::string& key) {
  if (const FieldDescriptor* field = type->FindFieldByName(key)) return field;
  for (int i = 0; i < type->field_count(); ++i) {
    if (type->field(i)->json_name() == key) return type->field(i);
  }
  return nullptr;
}

absl::Status Normalise(const Descriptor* type, const std::string& path,
                       nlohmann::json* object);

// One value of `field` (an element, for a repeated field).
absl::Status NormaliseValue(const FieldDescriptor* field,
                            const std::string& path, nlohmann::json* value) {
  if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM &&
      value->is_string()) {
    if (const auto* known =
            FindEnumValue(field->enum_type(), value->get<std::string>())) {
      *value = known->name();
    }
  } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
             value->is_object() &&
             field->message_type()->file()->package() != "google.protobuf") {
    return Normalise(field->message_type(), path, value);
  }
  return absl::OkStatus();
}

// Rewrites the enum strings of `object` (a message of `type`) in place and
// refuses a key that is no field of it.
absl::Status Normalise(const Descriptor* type, const std::string& path,
                       nlohmann::json* object) {
  for (auto& [key, value] : object->items()) {
    const std::string where = path.empty() ? key : absl::StrCat(path, ".", key);
    const FieldDescriptor* field = FieldNamed(type, key);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": no such field", Suggestion(type, key)));
    }
    if (field->is_map()) continue;
    if (field->is_repeated() && value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        if (absl::Status s = NormaliseValue(
                field, absl::StrCat(where, "[", i, "]"), &value[i]);
            !s.ok()) {
          return s;
        }
      }
    } else if (absl::Status s = NormaliseValue(field, where, &value); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// Protobuf's JSON mapping of `json` into `message`.
absl::Status ToMessage(absl::string_view json,
                       google::protobuf::Message* message) {
  const auto status =
      google::protobuf::util::JsonStringToMessage(std::string(json), message);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(std::string(status.message()));
}

}  // namespace

absl::Status ParseJsonObjectLeniently(nlohmann::json object,
                                      google::protobuf::Message* message) {
  if (absl::Status s = Normalise(message->GetDescriptor(), "", &object);
      !s.ok()) {
    return s;
  }
  return ToMessage(object.dump(), message);
}

absl::Status ParseJsonLeniently(absl::string_view text,
                                google::protobuf::Message* message) {
  nlohmann::json parsed =
      nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded() && parsed.is_object()) {
    return ParseJsonObjectLeniently(std::move(parsed), message);
  }
  // Anything else (not JSON, not an object) gets protobuf's own message.
  return ToMessage(text, message);
}

}  // namespace trustfit::client
