#include "data/DataError.h"

namespace genrelab {
namespace {

// "file.csv, line 12, column 3 ('energy'): message" — what a person needs to find the cell.
std::string describe(const SourceLocation& where, const std::string& message) {
    std::string text = where.file.empty() ? std::string("<input>") : where.file;
    if (where.line > 0) text += ", line " + std::to_string(where.line);
    if (where.column > 0) {
        text += ", column " + std::to_string(where.column);
        if (!where.columnName.empty()) text += " ('" + where.columnName + "')";
    } else if (!where.columnName.empty()) {
        text += ", column '" + where.columnName + "'";
    }
    return text + ": " + message;
}

} // namespace

DataError::DataError(SourceLocation where, const std::string& message)
    : std::runtime_error(describe(where, message)), where_(std::move(where)), message_(message) {}

} // namespace genrelab
