#include "scoring/yaml_proto.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "scoring/utf8.h"
#include "yaml-cpp/eventhandler.h"
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
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = index >= 0 ? reflection->AddMessage(message, field)
                                  : reflection->MutableMessage(message, field);
      ReadMessage(node, child, path);
      return;
    }
    if (!node.IsScalar()) {
      Fail(path, node, "expected a single value");
      return;
    }
    const Target target{message, reflection, field, index >= 0};
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
      case FieldDescriptor::CPPTYPE_INT64:
        ReadInteger(node, target, path);
        return;
      case FieldDescriptor::CPPTYPE_UINT32:
      case FieldDescriptor::CPPTYPE_UINT64:
        Fail(path, node, "unsigned fields are not supported");
        return;
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        ReadFloating(node, target, path);
        return;
      case FieldDescriptor::CPPTYPE_BOOL:
        ReadBool(node, target, path);
        return;
      case FieldDescriptor::CPPTYPE_STRING:
        if (target.repeated) {
          reflection->AddString(message, field, node.Scalar());
        } else {
          reflection->SetString(message, field, node.Scalar());
        }
        return;
      case FieldDescriptor::CPPTYPE_ENUM:
        ReadEnum(node, target, path);
        return;
      case FieldDescriptor::CPPTYPE_MESSAGE:
        break;  // Handled above.
    }
  }

  // Where a scalar goes: a singular field set, or a repeated one appended.
  struct Target {
    Message* message;
    const Reflection* reflection;
    const FieldDescriptor* field;
    bool repeated;
  };

  void ReadInteger(const YAML::Node& node, const Target& t,
                   const std::string& path) {
    const std::string& text = node.Scalar();
    int64_t value;
    if (!absl::SimpleAtoi(text, &value)) {
      Fail(path, node,
           absl::StrCat("expected a whole number, got ", QuoteValue(text)));
      return;
    }
    if (t.field->cpp_type() == FieldDescriptor::CPPTYPE_INT64) {
      if (t.repeated) {
        t.reflection->AddInt64(t.message, t.field, value);
      } else {
        t.reflection->SetInt64(t.message, t.field, value);
      }
      return;
    }
    if (value < std::numeric_limits<int32_t>::min() ||
        value > std::numeric_limits<int32_t>::max()) {
      Fail(path, node, "number out of range");
      return;
    }
    if (t.repeated) {
      t.reflection->AddInt32(t.message, t.field, static_cast<int32_t>(value));
    } else {
      t.reflection->SetInt32(t.message, t.field, static_cast<int32_t>(value));
    }
  }

  void ReadFloating(const YAML::Node& node, const Target& t,
                    const std::string& path) {
    const std::string& text = node.Scalar();
    double value;
    if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
      Fail(path, node,
           absl::StrCat("expected a number, got ", QuoteValue(text)));
      return;
    }
    if (t.field->cpp_type() == FieldDescriptor::CPPTYPE_DOUBLE) {
      if (t.repeated) {
        t.reflection->AddDouble(t.message, t.field, value);
      } else {
        t.reflection->SetDouble(t.message, t.field, value);
      }
    } else if (t.repeated) {
      t.reflection->AddFloat(t.message, t.field, static_cast<float>(value));
    } else {
      t.reflection->SetFloat(t.message, t.field, static_cast<float>(value));
    }
  }

  void ReadBool(const YAML::Node& node, const Target& t,
                const std::string& path) {
    const std::string& text = node.Scalar();
    if (text != "true" && text != "false") {
      Fail(path, node,
           absl::StrCat("expected true or false, got ", QuoteValue(text)));
      return;
    }
    if (t.repeated) {
      t.reflection->AddBool(t.message, t.field, text == "true");
    } else {
      t.reflection->SetBool(t.message, t.field, text == "true");
    }
  }

  void ReadEnum(const YAML::Node& node, const Target& t,
                const std::string& path) {
    const EnumValueDescriptor* value =
        FindEnumValue(t.field->enum_type(), node.Scalar());
    if (value == nullptr) {
      Fail(path, node,
           absl::StrCat("unknown ", t.field->enum_type()->name(), " ",
                        QuoteValue(node.Scalar())));
      return;
    }
    if (t.repeated) {
      t.reflection->AddEnum(t.message, t.field, value);
    } else {
      t.reflection->SetEnum(t.message, t.field, value);
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

// Checks the document's shape before yaml-cpp builds a tree of it, which
// expands every alias in full: a 16 KB "billion laughs" document of nested
// aliases became 881 MB. Counts the nodes the tree would hold, aliases
// expanded, and the nesting depth, and stops at the first limit passed.
class YamlLimits final : public YAML::EventHandler {
 public:
  // Thrown from an event to stop the parser at once.
  struct Exceeded {
    std::string problem;
  };

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Count(mark, anchor < sizes_.size() ? sizes_[anchor] : 1);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&,
                YAML::anchor_t anchor, const std::string&) override {
    Leaf(mark, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&,
                       YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&,
                  YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    Open(mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct OpenNode {
    YAML::anchor_t anchor;
    uint64_t nodes_before;
  };

  void Count(const YAML::Mark& mark, uint64_t nodes) {
    nodes_ += nodes;
    if (nodes_ > kMaxYamlNodes) {
      throw Exceeded{absl::StrCat("more than ", kMaxYamlNodes,
                                  " values once aliases are expanded (line ",
                                  mark.line + 1, ")")};
    }
  }
  void Remember(YAML::anchor_t anchor, uint64_t size) {
    if (anchor == YAML::NullAnchor) return;
    if (sizes_.size() <= anchor) sizes_.resize(anchor + 1, 1);
    sizes_[anchor] = size;
  }
  void Leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Count(mark, 1);
    Remember(anchor, 1);
  }
  void Open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    Count(mark, 1);
    open_.push_back({anchor, nodes_ - 1});
    if (open_.size() > kMaxYamlDepth) {
      throw Exceeded{absl::StrCat("nested more than ", kMaxYamlDepth,
                                  " levels deep (line ", mark.line + 1, ")")};
    }
  }
  void Close() {
    if (open_.empty()) return;
    Remember(open_.back().anchor, nodes_ - open_.back().nodes_before);
    open_.pop_back();
  }

  uint64_t nodes_ = 0;
  std::vector<uint64_t> sizes_;  // By anchor: the nodes its value holds.
  std::vector<OpenNode> open_;
};

// The first limit `text` passes, or empty. Syntax errors are left to the
// loader, which reports them with their line.
std::string YamlLimitPassed(absl::string_view text) {
  if (text.size() > kMaxYamlBytes) {
    return absl::StrCat("the document is ", text.size(), " bytes; at most ",
                        kMaxYamlBytes, " are read");
  }
  if (const size_t bad = InvalidUtf8At(text); bad != absl::string_view::npos) {
    return absl::StrCat("byte ", bad + 1,
                        " is not UTF-8; save the file as "
                        "UTF-8");
  }
  std::istringstream in{std::string(text)};
  YamlLimits limits;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(limits)) {
    }
  } catch (const YamlLimits::Exceeded& e) {
    return e.problem;
  } catch (const YAML::Exception&) {
  }
  return "";
}

}  // namespace

bool ParseYamlInto(absl::string_view text, Message* message,
                   FieldViolations* violations) {
  if (const std::string passed = YamlLimitPassed(text); !passed.empty()) {
    violations->Add("(document)", absl::StrCat("refused: ", passed));
    return false;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    violations->Add("(document)",
                    absl::StrCat("YAML syntax error at line ", e.mark.line + 1,
                                 ", column ", e.mark.column + 1, ": ", e.msg));
    return false;
  }
  YamlReader(violations).ReadMessage(root, message, "");
  return true;
}

std::string ProtoToYaml(const Message& message) {
  YAML::Emitter out;
  out.SetIndent(2);
  EmitMessage(message, &out);
  return std::string(out.c_str()) + "\n";
}

}  // namespace trustfit::scoring
