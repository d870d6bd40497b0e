#pragma once
// An error the user caused with their data, carrying where it is: file, line, column.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace genrelab {

struct SourceLocation {
    std::string file;          // path as the user gave it ("<memory>" for in-memory text)
    std::size_t line = 0;      // 1-based physical line; 0 when the error is not about one line
    std::size_t column = 0;    // 1-based field number; 0 when not about one field
    std::string columnName;    // header name of that field, when known
};

class DataError : public std::runtime_error {
public:
    DataError(SourceLocation where, const std::string& message);

    const SourceLocation& where() const { return where_; }
    const std::string& message() const { return message_; }

private:
    SourceLocation where_;
    std::string message_;
};

} // namespace genrelab
