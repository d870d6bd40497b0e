#pragma once
// A small streaming JSON writer: the core must not depend on Qt, and we only ever write JSON
// (reading happens in the app and tests, which have QJsonDocument).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace genrelab {

class JsonWriter {
public:
    explicit JsonWriter(int indent = 2) : indent_(indent) {}

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);        // NaN and Inf are written as null (JSON has neither)
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::size_t number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();

    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) { key(name); return value(v); }

    const std::string& str() const { return out_; }

    // A JSON string literal; bytes that are not valid UTF-8 are written as U+FFFD.
    static std::string escape(std::string_view text);

private:
    void beforeValue();
    void newline();

    struct Level { bool isObject; bool empty; };
    std::string out_;
    std::vector<Level> stack_;
    bool afterKey_ = false;
    int indent_;
};

} // namespace genrelab
