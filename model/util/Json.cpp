#include "util/Json.h"

#include "util/Format.h"
#include "util/Utf8.h"

#include <cmath>
#include <stdexcept>

namespace genrelab {

std::string JsonWriter::escape(std::string_view text) {
    // JSON is UTF-8: bytes that are not (a data file's broken header) become U+FFFD.
    const std::string valid = toValidUtf8(text);
    std::string out;
    out.reserve(valid.size() + 2);
    out += '"';
    for (unsigned char c : valid) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                static const char* hex = "0123456789abcdef";
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

void JsonWriter::newline() {
    if (indent_ <= 0) return;
    out_ += '\n';
    out_.append(stack_.size() * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::beforeValue() {
    if (afterKey_) {
        afterKey_ = false;
        return;
    }
    if (stack_.empty()) {
        if (!out_.empty()) throw std::logic_error("JsonWriter: more than one top-level value");
        return;
    }
    Level& level = stack_.back();
    if (level.isObject) throw std::logic_error("JsonWriter: value in an object needs a key");
    if (!level.empty) out_ += ',';
    level.empty = false;
    newline();
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (stack_.empty() || !stack_.back().isObject || afterKey_)
        throw std::logic_error("JsonWriter: key outside an object");
    Level& level = stack_.back();
    if (!level.empty) out_ += ',';
    level.empty = false;
    newline();
    out_ += escape(name);
    out_ += indent_ > 0 ? ": " : ":";
    afterKey_ = true;
    return *this;
}

JsonWriter& JsonWriter::beginObject() {
    beforeValue();
    out_ += '{';
    stack_.push_back({true, true});
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    beforeValue();
    out_ += '[';
    stack_.push_back({false, true});
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    if (stack_.empty() || !stack_.back().isObject || afterKey_)
        throw std::logic_error("JsonWriter: unbalanced endObject");
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) newline();
    out_ += '}';
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    if (stack_.empty() || stack_.back().isObject) throw std::logic_error("JsonWriter: unbalanced endArray");
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) newline();
    out_ += ']';
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    beforeValue();
    out_ += escape(text);
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number)) return null();
    beforeValue();
    out_ += shortestDouble(number);
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    beforeValue();
    out_ += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    beforeValue();
    out_ += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    beforeValue();
    out_ += "null";
    return *this;
}

} // namespace genrelab
