#include "scoring/yaml_proto.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "yaml-cpp/yaml.h"

namespace trustfit::scoring {
namespace {

using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Child(const std::string& path, absl::string_view key) {
  return path.empty() ? std::string(key) : absl::StrCat(path, ".", key);
}

std::string AtLine(absl::string_view what, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return std::string(what);
  return absl::StrCat(what, " (line ", mark.line + 1, ")");
}

// "PHASE_" for Phase, taken from its PHASE_UNSPECIFIED zero value.
absl::string_view EnumPrefix(const EnumDescriptor* type) {
  absl::string_view zero = type->value(0)->name();
  if (absl::ConsumeSuffix(&zero, "UNSPECIFIED")) return zero;
  return "";
}

const EnumValueDescriptor* FindEnumValue(const EnumDescriptor* type,
                                         absl::string_view name) {
  const std::string upper = absl::AsciiStrToUpper(name);
  if (const auto* value = type->FindValueByName(upper)) return value;
  return type->FindValueByName(absl::StrCat(EnumPrefix(type), upper));
}

class YamlReader {
 public:
  explicit YamlReader(FieldViolations* violations) : violations_(violations) {}

  void ReadMessage(const YAML::Node& node, Message* message,
                   const std::string& path) {
    if (node.IsNull()) return;
    if (!node.IsMap()) {
      Fail(path, node, "expected a mapping of field names to values");
      return;
    }
    const auto* descriptor = message->GetDescriptor();
    std::set<std::string> seen;
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) {
        Fail(path, entry.first, "keys must be plain field names");
        continue;
      }
      const std::string key = entry.first.Scalar();
      const std::string field_path = Child(path, key);
      if (!seen.insert(key).second) {
        Fail(field_path, entry.first, "key appears more than once");
        continue;
      }
      const FieldDescriptor* field = descriptor->FindFieldByName(key);
      if (field == nullptr) {
        Fail(field_path, entry.first, "unknown key");
        continue;
      }
      ReadField(entry.second, message, field, field_path);
    }
  }

 private:
  void Fail(const std::string& path, const YAML::Node& node,
            absl::string_view problem) {
    violations_->Add(path.empty() ? "(document)" : path, AtLine(problem, node));
  }

  void ReadField(const YAML::Node& node, Message* message,
                 const FieldDescriptor* field, const std::string& path) {
    if (node.IsNull()) return;  // `key:` with no value leaves the field unset.
    if (field->is_map()) {
      ReadMap(node, message, field, path);
      return;
    }
    if (!field->is_repeated()) {
      ReadValue(node, message, field, path, /*index=*/-1);
      return;
    }
    if (!node.IsSequence()) {
      Fail(path, node, "expected a list");
      return;
    }
    for (size_t i = 0; i < node.size(); ++i) {
      ReadValue(node[i], message, field, absl::StrCat(path, "[", i, "]"),
                static_cast<int>(i));
    }
  }

  // A map field is a YAML mapping; each pair becomes an entry message.
  void ReadMap(const YAML::Node& node, Message* message,
               const FieldDescriptor* field, const std::string& path) {
    if (!node.IsMap()) {
      Fail(path, node, "expected a mapping");
      return;
    }
    const Reflection* reflection = message->GetReflection();
    const FieldDescriptor* key_field = field->message_type()->map_key();
    const FieldDescriptor* value_field = field->message_type()->map_value();
    for (const auto& pair : node) {
      Message* entry = reflection->AddMessage(message, field);
      if (!pair.first.IsScalar()) {
        Fail(path, pair.first, "map keys must be single values");
        continue;
      }
      const std::string entry_path =
          absl::StrCat(path, "[", pair.first.Scalar(), "]");
      ReadValue(pair.first, entry, key_field, entry_path, -1);
      ReadValue(pair.second, entry, value_field, entry_path, -1);
    }
  }

  // Reads one value; `index` >= 0 appends to a repeated field.
  void ReadValue(const YAML::Node& node, Message* message,
                 const FieldDescriptor* field, const std::string& path,
                 int index) {
    const Reflection* reflection = message->GetReflection();
    const bool repeated = index >= 0;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = repeated ? reflection->AddMessage(message, field)
                                : reflection->MutableMessage(message, field);
      ReadMessage(node, child, path);
      return;
    }
    if (!node.IsScalar()) {
      Fail(path, node, "expected a single value");
      return;
    }
    const std::string text = node.Scalar();
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64: {
        int64_t value;
        if (!absl::SimpleAtoi(text, &value)) {
          Fail(path, node,
               absl::StrCat("expected a whole number, got \"", text, "\""));
          return;
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_INT32) {
          if (value < std::numeric_limits<int32_t>::min() ||
              value > std::numeric_limits<int32_t>::max()) {
            Fail(path, node, "number out of range");
            return;
          }
          if (repeated) {
            reflection->AddInt32(message, field, static_cast<int32_t>(value));
          } else {
            reflection->SetInt32(message, field, static_cast<int32_t>(value));
          }
        } else if (repeated) {
          reflection->AddInt64(message, field, value);
        } else {
          reflection->SetInt64(message, field, value);
        }
        return;
      }
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        Fail(path, node, "unsigned fields are not supported");
        return;
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT: {
        double value;
        if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
          Fail(path, node,
               absl::StrCat("expected a number, got \"", text, "\""));
          return;
        }
        if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
          if (repeated) {
            reflection->AddFloat(message, field, static_cast<float>(value));
          } else {
            reflection->SetFloat(message, field, static_cast<float>(value));
          }
        } else if (repeated) {
          reflection->AddDouble(message, field, value);
        } else {
          reflection->SetDouble(message, field, value);
        }
        return;
      }
      case FieldDescriptor::CPPTYPE_BOOL: {
        bool value;
        if (text == "true") {
          value = true;
        } else if (text == "false") {
          value = false;
        } else {
          Fail(path, node,
               absl::StrCat("expected true or false, got \"", text, "\""));
          return;
        }
        if (repeated) {
          reflection->AddBool(message, field, value);
        } else {
          reflection->SetBool(message, field, value);
        }
        return;
      }
      case FieldDescriptor::CPPTYPE_STRING:
        if (repeated) {
          reflection->AddString(message, field, text);
        } else {
          reflection->SetString(message, field, text);
        }
        return;
      case FieldDescriptor::CPPTYPE_ENUM: {
        const EnumValueDescriptor* value =
            FindEnumValue(field->enum_type(), text);
        if (value == nullptr) {
          Fail(path, node,
               absl::StrCat("unknown ", field->enum_type()->name(), " \"", text,
                            "\""));
          return;
        }
        if (repeated) {
          reflection->AddEnum(message, field, value);
        } else {
          reflection->SetEnum(message, field, value);
        }
        return;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;  // Handled above.
    }
  }

  FieldViolations* violations_;
};

// Shortest decimal that reads back as the same double.
std::string FormatDouble(double value) {
  for (int precision = 15; precision <= 17; ++precision) {
    std::string text = absl::StrFormat("%.*g", precision, value);
    double back;
    if (absl::SimpleAtod(text, &back) && back == value) return text;
  }
  return absl::StrFormat("%.17g", value);
}

std::string ScalarText(const Message& message, const FieldDescriptor* field,
                       int index) {
  const Reflection* r = message.GetReflection();
  const bool rep = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return absl::StrCat(rep ? r->GetRepeatedInt32(message, field, index)
                              : r->GetInt32(message, field));
    case FieldDescriptor::CPPTYPE_INT64:
      return absl::StrCat(rep ? r->GetRepeatedInt64(message, field, index)
                              : r->GetInt64(message, field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return absl::StrCat(rep ? r->GetRepeatedUInt32(message, field, index)
                              : r->GetUInt32(message, field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return absl::StrCat(rep ? r->GetRepeatedUInt64(message, field, index)
                              : r->GetUInt64(message, field));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return FormatDouble(rep ? r->GetRepeatedDouble(message, field, index)
                              : r->GetDouble(message, field));
    case FieldDescriptor::CPPTYPE_FLOAT:
      return FormatDouble(rep ? r->GetRepeatedFloat(message, field, index)
                              : r->GetFloat(message, field));
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(message, field, index)
                  : r->GetBool(message, field))
                 ? "true"
                 : "false";
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(message, field, index)
                 : r->GetString(message, field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(message, field, index)
                  : r->GetEnum(message, field))
          ->name();
    case FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return "";
}

// Messages of at most three scalar fields, like curve points, read best on
// one line.
bool IsCompact(const google::protobuf::Descriptor* descriptor) {
  if (descriptor->field_count() > 3) return false;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated() ||
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE ||
        field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      return false;
    }
  }
  return true;
}

void EmitMessage(const Message& message, YAML::Emitter* out) {
  const bool compact = IsCompact(message.GetDescriptor());
  if (compact) *out << YAML::Flow;
  *out << YAML::BeginMap;
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    *out << YAML::Key << field->name() << YAML::Value;
    const Reflection* r = message.GetReflection();
    if (!field->is_repeated()) {
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        EmitMessage(r->GetMessage(message, field), out);
      } else {
        *out << ScalarText(message, field, -1);
      }
      continue;
    }
    const int size = r->FieldSize(message, field);
    if (field->is_map()) {
      const FieldDescriptor* key_field = field->message_type()->map_key();
      const FieldDescriptor* value_field = field->message_type()->map_value();
      *out << YAML::BeginMap;
      for (int i = 0; i < size; ++i) {
        const Message& entry = r->GetRepeatedMessage(message, field, i);
        *out << YAML::Key << ScalarText(entry, key_field, -1) << YAML::Value;
        if (value_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
          EmitMessage(entry.GetReflection()->GetMessage(entry, value_field),
                      out);
        } else {
          *out << ScalarText(entry, value_field, -1);
        }
      }
      *out << YAML::EndMap;
      continue;
    }
    const bool scalar = field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE;
    const bool flow = scalar || IsCompact(field->message_type());
    if (flow) *out << YAML::Flow;
    *out << YAML::BeginSeq;
    for (int i = 0; i < size; ++i) {
      if (scalar) {
        *out << ScalarText(message, field, i);
      } else {
        EmitMessage(r->GetRepeatedMessage(message, field, i), out);
      }
    }
    *out << YAML::EndSeq;
  }
  *out << YAML::EndMap;
}

}  // namespace

void ParseYamlInto(absl::string_view text, Message* message,
                   FieldViolations* violations) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    violations->Add("(document)",
                    absl::StrCat("YAML syntax error at line ", e.mark.line + 1,
                                 ", column ", e.mark.column + 1, ": ", e.msg));
    return;
  }
  YamlReader(violations).ReadMessage(root, message, "");
}

std::string ProtoToYaml(const Message& message) {
  YAML::Emitter out;
  out.SetIndent(2);
  EmitMessage(message, &out);
  return std::string(out.c_str()) + "\n";
}

}  // namespace trustfit::scoring
