#include "client/field_path.h"

#include <cmath>
#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "scoring/status_macros.h"

namespace trustfit::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// "PHASE_" for Phase, from its PHASE_UNSPECIFIED zero value.
std::string EnumPrefix(const google::protobuf::EnumDescriptor* type) {
  absl::string_view zero = type->value(0)->name();
  if (absl::ConsumeSuffix(&zero, "UNSPECIFIED")) return std::string(zero);
  return "";
}

// The element of a keyed repeated field whose first field reads as `key`.
bool KeyMatches(const Message& element, absl::string_view key) {
  const FieldDescriptor* key_field = element.GetDescriptor()->field(0);
  const Reflection* r = element.GetReflection();
  switch (key_field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(r->GetInt32(element, key_field)) == key;
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(r->GetInt64(element, key_field)) == key;
    case FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(element, key_field) == key;
    default:
      return false;
  }
}

absl::Status SetKey(Message* element, absl::string_view key) {
  const FieldDescriptor* key_field = element->GetDescriptor()->field(0);
  const Reflection* r = element->GetReflection();
  int64_t number;
  switch (key_field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      if (!absl::SimpleAtoi(key, &number)) break;
      r->SetInt32(element, key_field, static_cast<int32_t>(number));
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_INT64:
      if (!absl::SimpleAtoi(key, &number)) break;
      r->SetInt64(element, key_field, number);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_STRING:
      r->SetString(element, key_field, std::string(key));
      return absl::OkStatus();
    default:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat("bad key [", key, "]"));
}

}  // namespace

const google::protobuf::EnumValueDescriptor* FindEnumValue(
    const google::protobuf::EnumDescriptor* type, absl::string_view text) {
  std::string upper = absl::AsciiStrToUpper(text);
  absl::StrReplaceAll({{"-", "_"}}, &upper);
  const auto* value = type->FindValueByName(upper);
  return value != nullptr ? value
                          : type->FindValueByName(EnumPrefix(type) + upper);
}

absl::StatusOr<FieldPath> FieldPath::Parse(
    const google::protobuf::Descriptor* root, absl::string_view path) {
  FieldPath out;
  out.text_ = std::string(path);
  const google::protobuf::Descriptor* current = root;
  const std::vector<absl::string_view> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::string_view part = parts[i];
    Step step;
    std::optional<std::string> bracket;
    if (const size_t open = part.find('['); open != absl::string_view::npos) {
      if (!absl::EndsWith(part, "]")) {
        return absl::InvalidArgumentError(
            absl::StrCat("unclosed [ in \"", path, "\""));
      }
      bracket = std::string(part.substr(open + 1, part.size() - open - 2));
      part = part.substr(0, open);
    }
    if (current == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", path, "\": ", parts[i - 1], " has no fields"));
    }
    step.field = current->FindFieldByName(std::string(part));
    if (step.field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", path, "\": ", current->full_name(),
                       " has no field \"", part, "\""));
    }
    const bool last = i + 1 == parts.size();
    const bool message =
        step.field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (step.field->is_repeated()) {
      if (!bracket.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("\"", path, "\": ", part,
                         " is a list: say which entry ([key]) or append ([])"));
      }
      if (bracket->empty()) {
        if (!last || message) {
          return absl::InvalidArgumentError(absl::StrCat(
              "\"", path,
              "\": [] appends only to a list of values at the end"));
        }
        step.append = true;
      } else {
        if (!message) {
          return absl::InvalidArgumentError(absl::StrCat(
              "\"", path,
              "\": [key] selects only entries of a list of messages"));
        }
        step.key = *bracket;
      }
    } else if (bracket.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", path, "\": ", part, " is not a list"));
    }
    if (last && message) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"", path, "\" is a message; name one of its fields"));
    }
    current = message ? step.field->message_type() : nullptr;
    out.steps_.push_back(std::move(step));
  }
  return out;
}

absl::StatusOr<Message*> FieldPath::Parent(Message* root) const {
  Message* current = root;
  for (size_t i = 0; i + 1 < steps_.size(); ++i) {
    const Step& step = steps_[i];
    const Reflection* r = current->GetReflection();
    if (!step.field->is_repeated()) {
      current = r->MutableMessage(current, step.field);
      continue;
    }
    Message* found = nullptr;
    for (int j = 0; j < r->FieldSize(*current, step.field); ++j) {
      Message* element = r->MutableRepeatedMessage(current, step.field, j);
      if (KeyMatches(*element, *step.key)) {
        found = element;
        break;
      }
    }
    if (found == nullptr) {
      found = r->AddMessage(current, step.field);
      if (absl::Status s = SetKey(found, *step.key); !s.ok()) return s;
    }
    current = found;
  }
  return current;
}

bool FieldPath::numeric() const {
  switch (steps_.back().field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
      return true;
    default:
      return false;
  }
}

absl::Status FieldPath::SetNumber(Message* root, double value) const {
  if (!std::isfinite(value))
    return absl::InvalidArgumentError("not a finite number");
  TRUSTFIT_ASSIGN_OR_RETURN(Message * parent, Parent(root));
  const FieldDescriptor* field = steps_.back().field;
  const Reflection* r = parent->GetReflection();
  const bool add = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      const double rounded = std::round(value);
      if (rounded < std::numeric_limits<int32_t>::min() ||
          rounded > std::numeric_limits<int32_t>::max()) {
        return absl::InvalidArgumentError(
            absl::StrCat("out of range: ", value));
      }
      add ? r->AddInt32(parent, field, static_cast<int32_t>(rounded))
          : r->SetInt32(parent, field, static_cast<int32_t>(rounded));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      const double rounded = std::round(value);
      if (std::abs(rounded) > 9e18) {
        return absl::InvalidArgumentError(
            absl::StrCat("out of range: ", value));
      }
      add ? r->AddInt64(parent, field, static_cast<int64_t>(rounded))
          : r->SetInt64(parent, field, static_cast<int64_t>(rounded));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
      add ? r->AddDouble(parent, field, value)
          : r->SetDouble(parent, field, value);
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_FLOAT:
      add ? r->AddFloat(parent, field, static_cast<float>(value))
          : r->SetFloat(parent, field, static_cast<float>(value));
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(text_, " does not take a number"));
  }
}

absl::Status FieldPath::SetText(Message* root, absl::string_view text) const {
  text = absl::StripAsciiWhitespace(text);
  const FieldDescriptor* field = steps_.back().field;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      double value;
      if (!absl::SimpleAtod(text, &value)) {
        return absl::InvalidArgumentError(
            absl::StrCat("not a number: \"", text, "\""));
      }
      const bool whole = field->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                         field->cpp_type() == FieldDescriptor::CPPTYPE_INT64;
      if (whole && value != std::floor(value)) {
        return absl::InvalidArgumentError(
            absl::StrCat("not a whole number: \"", text, "\""));
      }
      return SetNumber(root, value);
    }
    default:
      break;
  }
  TRUSTFIT_ASSIGN_OR_RETURN(Message * parent, Parent(root));
  const Reflection* r = parent->GetReflection();
  const bool add = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL: {
      const std::string lower = absl::AsciiStrToLower(text);
      bool value;
      if (lower == "true" || lower == "yes" || lower == "y" || lower == "1") {
        value = true;
      } else if (lower == "false" || lower == "no" || lower == "n" ||
                 lower == "0") {
        value = false;
      } else {
        return absl::InvalidArgumentError(
            absl::StrCat("not yes or no: \"", text, "\""));
      }
      add ? r->AddBool(parent, field, value) : r->SetBool(parent, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value = FindEnumValue(field->enum_type(), text);
      if (value == nullptr) {
        return absl::InvalidArgumentError(absl::StrCat(
            "not a ", field->enum_type()->name(), ": \"", text, "\""));
      }
      add ? r->AddEnum(parent, field, value) : r->SetEnum(parent, field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING:
      add ? r->AddString(parent, field, std::string(text))
          : r->SetString(parent, field, std::string(text));
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(text_, " cannot be set from text"));
  }
}

}  // namespace trustfit::client
